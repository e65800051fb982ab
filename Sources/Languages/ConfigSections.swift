/// How a configuration format nests its keys into sections, as data on its `Syntax`: the
/// key path a line sits under is read from it, so a rule can match only inside a section
/// (`section:`) or outside one (`outside-section:`).
public enum SectionSyntax: Sendable, Equatable {
    /// YAML: a key with no value on its line owns the more indented lines below it; `- `
    /// items count as indentation; block scalars (`key: |`) hold no keys.
    case indentation
    /// TOML, INI, properties: a `[a.b]` header opens a section until the next header, and a
    /// dotted key `a.b = 1` sits under `a`. INI's `key: value` is a key too.
    case headers
    /// JSON: `"key": {` (or `[`) owns what is inside its brackets.
    case brackets
    /// Environment files: a variable's name nests by the delimiter (pydantic-settings'
    /// `env_nested_delimiter`): `OLLAMA__HOST` is `HOST` under `OLLAMA`.
    case variables(delimiter: String)
}

extension SectionSyntax {
    /// The syntax among `candidates` that `text` looks written in, by its first line that is
    /// neither blank nor a comment: `{` is JSON, `[name]` a header, `name = value` a header
    /// format's key (or an environment file's, when no header format is a candidate), anything
    /// else YAML. The first candidate when the guess is not one of them.
    static func guess(_ text: [UInt8], among candidates: [SectionSyntax]) -> SectionSyntax {
        let line = text.split(separator: 0x0A, omittingEmptySubsequences: true).lazy
            .map { $0.drop { $0 == 0x20 || $0 == 0x09 } }
            .first { !$0.isEmpty && $0.first != 0x23 && $0.first != 0x3B && !$0.starts(with: "//".utf8) } ?? []
        let env = candidates.first { if case .variables = $0 { true } else { false } }
        let wanted: SectionSyntax?
        if line.first == 0x7B {
            wanted = .brackets
        } else if line.first == 0x5B, line.dropFirst().first.map({ ConfigSections.isWordByte($0) || $0 == 0x22 }) == true {
            wanted = .headers
        } else if let equals = line.firstIndex(of: 0x3D), line[line.startIndex..<equals].allSatisfy({
            ConfigSections.isWordByte($0) || $0 == 0x2E || $0 == 0x2D || $0 == 0x20
        }) {
            wanted = candidates.contains(.headers) ? .headers : env
        } else {
            wanted = .indentation
        }
        return wanted.flatMap { candidates.contains($0) ? $0 : nil } ?? candidates[0]
    }
}

/// The sections of one configuration file and, per line, the innermost one the line sits in.
/// A line that opens a section sits in that section's parent: `ollama:` is not under itself,
/// its children are. Commented-out keys sit where their indentation (or header) puts them, so
/// `# num_predict: 512` inside a section is under it.
public struct ConfigSections: Sendable, Equatable {
    public struct Section: Sendable, Equatable {
        /// The key as written, quotes removed.
        public let name: String
        /// The values its direct selector keys hold (`provider: ollama` makes `ollama` one):
        /// a section that selects a provider is that provider's section for its other keys.
        public internal(set) var selects: [String]
        public let parent: Int?
        /// 0-based line of the key that opened it.
        public let line: Int
    }

    public private(set) var sections: [Section] = []
    /// Per 0-based line: the index of the innermost enclosing section, or -1.
    public private(set) var enclosing: [Int32] = []

    /// Keys whose value names the provider or backend of the section they are in. Compared
    /// lower-cased and exactly: `litellm_provider` in a vendored price table is not one.
    public static let selectorKeys: Set<String> = [
        "provider", "llm_provider", "model_provider", "provider_name", "mode", "llm_mode", "backend",
        "llm_backend", "engine", "llm_engine", "type", "llm_type", "api_type", "client_type", "vendor",
        "service", "kind", "driver", "runtime",
    ]

    /// The names of the section at `index` and of every section around it, each with what it
    /// selects, innermost first.
    public func chain(from index: Int) -> [Int] {
        var result: [Int] = []
        var next: Int? = index
        while let i = next, i >= 0 {
            result.append(i)
            next = sections[i].parent
        }
        return result
    }

    /// The innermost section line `line` (0-based) sits in, or nil.
    public func section(ofLine line: Int) -> Int? {
        guard line >= 0, line < enclosing.count, enclosing[line] >= 0 else { return nil }
        return Int(enclosing[line])
    }

    public init(_ text: [UInt8], syntax: SectionSyntax) {
        switch syntax {
        case .indentation: readIndented(text)
        case .headers: readHeaders(text)
        case .brackets: readBrackets(text)
        case let .variables(delimiter): readVariables(text, delimiter: Array(delimiter.utf8))
        }
    }

    // MARK: Building

    private var byPath: [String: Int] = [:]

    private mutating func add(_ name: String, parent: Int?, line: Int) -> Int {
        sections.append(Section(name: name, selects: [], parent: parent, line: line))
        return sections.count - 1
    }

    /// The section `name` under `parent`, made once: TOML's `[llm]` and `[llm.options]` share `llm`.
    private mutating func named(_ name: String, parent: Int?, line: Int) -> Int {
        let key = (parent.map { String($0) } ?? "") + "\u{0}" + name
        if let known = byPath[key] { return known }
        let index = add(name, parent: parent, line: line)
        byPath[key] = index
        return index
    }

    private mutating func noteSelector(key: String, value: String, in section: Int?) {
        guard let section, Self.selectorKeys.contains(key.lowercased()) else { return }
        let value = Self.unquoted(value.trimmingSpaces)
        guard !value.isEmpty, value.utf8.allSatisfy({ Self.isWordByte($0) || $0 == 0x2E || $0 == 0x2D }) else { return }
        sections[section].selects.append(value)
    }

    // MARK: Lines

    /// The lines of `text`, each without its newline (and `\r`).
    private static func lines(_ text: [UInt8]) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        for (i, byte) in text.enumerated() where byte == 0x0A {
            result.append(trimCR(text[start..<i]))
            start = i + 1
        }
        result.append(trimCR(text[start..<text.count]))
        return result
    }

    private static func trimCR(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        line.last == 0x0D ? line.dropLast() : line
    }

    private static func indentation(_ line: ArraySlice<UInt8>) -> Int {
        line.prefix { $0 == 0x20 || $0 == 0x09 }.count
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F
            || byte >= 0x80
    }

    static func unquoted(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first else { return text }
        return String(text.dropFirst().dropLast())
    }

    /// A `key: value` (YAML) at the start of `rest`: the key (quotes removed) and what follows
    /// the colon; nil when the line is not one.
    private static func yamlKey(_ rest: ArraySlice<UInt8>) -> (key: String, value: ArraySlice<UInt8>)? {
        guard let first = rest.first else { return nil }
        var i = rest.startIndex
        let keyRange: Range<Int>
        if first == 0x22 || first == 0x27 {
            guard let close = rest[(i + 1)...].firstIndex(of: first) else { return nil }
            keyRange = (i + 1)..<close
            i = close + 1
            while i < rest.endIndex, rest[i] == 0x20 { i += 1 }
            guard i < rest.endIndex, rest[i] == 0x3A else { return nil }
        } else {
            // A plain key runs to the first `: ` or a colon that ends the line.
            guard first != 0x23, first != 0x5B, first != 0x7B, first != 0x7C, first != 0x3E else { return nil }
            var found: Int?
            var j = i
            while j < rest.endIndex {
                if rest[j] == 0x3A, j + 1 == rest.endIndex || rest[j + 1] == 0x20 || rest[j + 1] == 0x09 { found = j; break }
                if rest[j] == 0x20, j + 1 < rest.endIndex, rest[j + 1] == 0x23 { return nil }
                j += 1
            }
            guard let colon = found else { return nil }
            var end = colon
            while end > i, rest[end - 1] == 0x20 { end -= 1 }
            guard end > i else { return nil }
            keyRange = i..<end
            i = colon
        }
        let key = String(decoding: rest[keyRange], as: UTF8.self)
        return (key, rest[(i + 1)...])
    }

    /// A YAML value with its trailing comment removed and spaces trimmed.
    private static func yamlValue(_ value: ArraySlice<UInt8>) -> String {
        var end = value.endIndex
        var i = value.startIndex
        var quote: UInt8?
        while i < value.endIndex {
            let byte = value[i]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == 0x22 || byte == 0x27, i == value.startIndex || value[i - 1] == 0x20 {
                quote = byte
            } else if byte == 0x23, i == value.startIndex || value[i - 1] == 0x20 || value[i - 1] == 0x09 {
                end = i
                break
            }
            i += 1
        }
        return String(decoding: value[value.startIndex..<end], as: UTF8.self).trimmingSpaces
    }

    // MARK: YAML

    private mutating func readIndented(_ text: [UInt8]) {
        // The open sections, each with the column of its key.
        var stack: [(column: Int, section: Int)] = []
        // A block scalar's key column: lines indented deeper are its text.
        var scalarColumn: Int?
        let lines = Self.lines(text)
        enclosing.reserveCapacity(lines.count)
        for (number, line) in lines.enumerated() {
            let indent = Self.indentation(line)
            let rest = line.dropFirst(indent)
            if rest.isEmpty {
                enclosing.append(Int32(stack.last?.section ?? -1))
                continue
            }
            if let column = scalarColumn {
                if indent > column {
                    enclosing.append(Int32(stack.last?.section ?? -1))
                    continue
                }
                scalarColumn = nil
            }
            if rest.first == 0x23 {
                // A comment stays where its column puts it and closes nothing: a note at
                // column 0 between two keys of a section does not end the section.
                enclosing.append(Int32(stack.last { $0.column < indent }?.section ?? -1))
                continue
            }
            if rest.starts(with: "---".utf8) || rest.starts(with: "...".utf8) {
                stack.removeAll()
                enclosing.append(-1)
                continue
            }
            // `- key: v` items: the key's column is past the dashes, and an item that holds
            // keys is its own section, named as its list is, so that its `provider: ollama`
            // selects for that item, not for its siblings.
            var column = indent
            var item = rest
            var dashes: [Int] = []
            while item.first == 0x2D, item.count == 1 || item.dropFirst().first == 0x20 {
                dashes.append(column)
                let after = item.dropFirst().prefix { $0 == 0x20 }.count + 1
                column += after
                item = item.dropFirst(after)
            }
            while let last = stack.last, last.column >= (dashes.first ?? column) { stack.removeLast() }
            if !dashes.isEmpty, Self.yamlKey(item) != nil {
                for dash in dashes {
                    let list = stack.last?.section
                    stack.append((dash, add(list.map { sections[$0].name } ?? "", parent: list, line: number)))
                }
            }
            let parent = stack.last?.section
            enclosing.append(Int32(parent ?? -1))
            guard let (key, rawValue) = Self.yamlKey(item) else { continue }
            let value = Self.yamlValue(rawValue)
            if value.isEmpty || value.hasPrefix("&") && !value.contains(" ") {
                stack.append((column, add(key, parent: parent, line: number)))
            } else if value.first == "|" || value.first == ">" {
                scalarColumn = column
            } else {
                noteSelector(key: key, value: value, in: parent)
            }
        }
    }

    // MARK: TOML, INI, properties

    private mutating func readHeaders(_ text: [UInt8]) {
        var header: Int?
        var multiline: [UInt8]?
        let lines = Self.lines(text)
        enclosing.reserveCapacity(lines.count)
        for (number, line) in lines.enumerated() {
            let rest = line.dropFirst(Self.indentation(line))
            if let delimiter = multiline {
                enclosing.append(Int32(header ?? -1))
                if Self.count(delimiter, in: rest) % 2 == 1 { multiline = nil }
                continue
            }
            if rest.first == 0x5B {
                let inner = rest.drop { $0 == 0x5B }
                guard let close = inner.firstIndex(of: 0x5D) else { enclosing.append(Int32(header ?? -1)); continue }
                let path = Self.dottedPath(inner[inner.startIndex..<close])
                var parent: Int?
                for segment in path.dropLast() { parent = named(segment, parent: parent, line: number) }
                enclosing.append(Int32(parent ?? -1))
                header = path.last.map { named($0, parent: parent, line: number) } ?? parent
                continue
            }
            enclosing.append(Int32(header ?? -1))
            var body = rest
            if body.first == 0x23 || body.first == 0x3B {
                // A commented-out key sits in its header's section, as a live one would.
                continue
            }
            for delimiter in ["\"\"\"", "'''"] where Self.count(Array(delimiter.utf8), in: body) % 2 == 1 {
                multiline = Array(delimiter.utf8)
            }
            guard let separator = body.firstIndex(where: { $0 == 0x3D || $0 == 0x3A }) else { continue }
            let path = Self.dottedPath(body[body.startIndex..<separator])
            guard let key = path.last, !key.isEmpty, !key.contains(" ") else { continue }
            var parent = header
            for segment in path.dropLast() { parent = named(segment, parent: parent, line: number) }
            if path.count > 1 { enclosing[number] = Int32(parent ?? -1) }
            body = body[(separator + 1)...]
            var value = String(decoding: body, as: UTF8.self)
            if let hash = value.range(of: " #") ?? value.range(of: " ;") { value = String(value[..<hash.lowerBound]) }
            noteSelector(key: key, value: value, in: parent)
        }
    }

    private static func count(_ needle: [UInt8], in line: ArraySlice<UInt8>) -> Int {
        guard !needle.isEmpty, line.count >= needle.count else { return 0 }
        var found = 0
        var i = line.startIndex
        while i + needle.count <= line.endIndex {
            if line[i..<(i + needle.count)].elementsEqual(needle) { found += 1; i += needle.count } else { i += 1 }
        }
        return found
    }

    /// `a."b.c".d` as `["a", "b.c", "d"]`, each trimmed.
    private static func dottedPath(_ text: ArraySlice<UInt8>) -> [String] {
        var segments: [String] = []
        var current: [UInt8] = []
        var quote: UInt8?
        for byte in text {
            if let open = quote {
                if byte == open { quote = nil } else { current.append(byte) }
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == 0x2E {
                segments.append(String(decoding: current, as: UTF8.self).trimmingSpaces)
                current.removeAll()
            } else {
                current.append(byte)
            }
        }
        segments.append(String(decoding: current, as: UTF8.self).trimmingSpaces)
        return segments
    }

    // MARK: JSON

    private mutating func readBrackets(_ text: [UInt8]) {
        // Per open bracket: the section it is (an array's items share their key's section).
        var stack: [(isObject: Bool, section: Int?)] = []
        var key: String?
        var keyLine = 0
        var line = 0
        var expectingValue = false
        enclosing.append(-1)
        var i = 0
        func current() -> Int? { stack.last?.section ?? nil }
        while i < text.count {
            let byte = text[i]
            switch byte {
            case 0x0A:
                line += 1
                enclosing.append(Int32(current() ?? -1))
            case 0x22:
                var j = i + 1
                while j < text.count, text[j] != 0x22, text[j] != 0x0A {
                    if text[j] == 0x5C { j += 1 }
                    j += 1
                }
                let string = String(decoding: text[(i + 1)..<min(j, text.count)], as: UTF8.self)
                var k = j + 1
                while k < text.count, text[k] == 0x20 || text[k] == 0x09 { k += 1 }
                if expectingValue {
                    if let name = key { noteSelector(key: name, value: string, in: current()) }
                    expectingValue = false
                    key = nil
                } else if stack.last?.isObject == true, k < text.count, text[k] == 0x3A {
                    key = string
                    keyLine = line
                    expectingValue = true
                    j = k
                }
                i = j
            case 0x7B, 0x5B:
                let opened: Int?
                if expectingValue, let name = key {
                    opened = add(name, parent: current(), line: keyLine)
                } else if byte == 0x7B, stack.last?.isObject == false, let list = current() {
                    // Each object of a list is its own section, named as the list is: its
                    // `provider: ollama` selects for that item, not for its siblings.
                    opened = add(sections[list].name, parent: list, line: line)
                } else {
                    opened = current()
                }
                stack.append((byte == 0x7B, opened))
                expectingValue = false
                key = nil
            case 0x7D, 0x5D:
                if !stack.isEmpty { stack.removeLast() }
                expectingValue = false
                key = nil
            case 0x2C:
                expectingValue = false
                key = nil
            case 0x2F where i + 1 < text.count && text[i + 1] == 0x2F:
                while i + 1 < text.count, text[i + 1] != 0x0A { i += 1 }
            default:
                break
            }
            i += 1
        }
    }

    // MARK: Environment files

    private mutating func readVariables(_ text: [UInt8], delimiter: [UInt8]) {
        let lines = Self.lines(text)
        enclosing.reserveCapacity(lines.count)
        for (number, line) in lines.enumerated() {
            var rest = line.dropFirst(Self.indentation(line))
            if rest.first == 0x23 { rest = rest.dropFirst(); rest = rest.dropFirst(Self.indentation(rest)) }
            if rest.starts(with: "export ".utf8) { rest = rest.dropFirst(7) }
            guard let equals = rest.firstIndex(of: 0x3D), !delimiter.isEmpty else { enclosing.append(-1); continue }
            let name = rest[rest.startIndex..<equals]
            guard name.allSatisfy(Self.isWordByte) else { enclosing.append(-1); continue }
            var parts = String(decoding: name, as: UTF8.self).components(separatedBy: String(decoding: delimiter, as: UTF8.self))
            parts.removeLast()
            var parent: Int?
            for part in parts where !part.isEmpty { parent = named(part, parent: parent, line: number) }
            enclosing.append(Int32(parent ?? -1))
        }
    }
}

extension String {
    var trimmingSpaces: String {
        let bytes = Array(utf8)
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
