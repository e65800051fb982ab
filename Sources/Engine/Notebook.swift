import Languages
import Model

/// A Jupyter notebook's cells, read from its JSON with each cell's text mapped back to the
/// bytes of the notebook it came from: a finding in a cell reports the `.ipynb`'s own line
/// and column. Only the strings a cell's source needs are decoded; outputs (often megabytes
/// of base64) are skipped over.
package struct Notebook {
    package enum Kind: Equatable { case code, markdown }

    package struct Cell {
        package let kind: Kind
        /// The cell's source, decoded from its JSON strings and joined.
        package let text: [UInt8]
        /// For each byte of `text`, the notebook bytes it was decoded from: an escape such as
        /// `\n` or `\u00e9` is where all the bytes it stands for come from.
        package let sources: [Range<Int>]

        /// The notebook bytes that `range` of `text` was decoded from.
        package func notebookRange(_ range: Range<Int>) -> Range<Int> {
            guard !sources.isEmpty else { return 0..<0 }
            if range.isEmpty {
                let at = range.lowerBound < sources.count ? sources[range.lowerBound].lowerBound
                                                          : sources[sources.count - 1].upperBound
                return at..<at
            }
            return sources[range.lowerBound].lowerBound..<sources[range.upperBound - 1].upperBound
        }
    }

    package let cells: [Cell]
    /// `metadata.kernelspec.language`, else `metadata.language_info.name`.
    package let kernel: String?

    /// Nil when `content` is not a notebook: not JSON, or no `cells` array of objects.
    package init?(_ content: [UInt8]) {
        var parser = JSONScan(content)
        guard let root = parser.document(), case let .object(members) = root,
              case let .array(cellValues)? = members.first(where: { $0.key == "cells" })?.value else { return nil }
        var cells: [Cell] = []
        for value in cellValues {
            guard case let .object(fields) = value else { return nil }
            guard case let .string(typeRange)? = fields.first(where: { $0.key == "cell_type" })?.value else { return nil }
            let kind: Kind
            switch parser.decode(typeRange).text {
            case Array("code".utf8): kind = .code
            case Array("markdown".utf8): kind = .markdown
            default: continue
            }
            var text: [UInt8] = []
            var sources: [Range<Int>] = []
            switch fields.first(where: { $0.key == "source" })?.value {
            case let .string(range)?:
                (text, sources) = parser.decode(range)
            case let .array(parts)?:
                for part in parts {
                    guard case let .string(range) = part else { return nil }
                    let (t, s) = parser.decode(range)
                    text += t
                    sources += s
                }
            default: return nil
            }
            cells.append(Cell(kind: kind, text: text, sources: sources))
        }
        self.cells = cells
        var kernel: String?
        if case let .object(metadata)? = members.first(where: { $0.key == "metadata" })?.value {
            for (section, key) in [("kernelspec", "language"), ("language_info", "name")] where kernel == nil {
                if case let .object(fields)? = metadata.first(where: { $0.key == section })?.value,
                   case let .string(range)? = fields.first(where: { $0.key == key })?.value {
                    let name = String(decoding: parser.decode(range).text, as: UTF8.self)
                    if !name.isEmpty { kernel = name }
                }
            }
        }
        self.kernel = kernel
    }
}

/// A JSON reader that keeps strings as the byte ranges between their quotes. Strict enough
/// that a file that is not JSON is refused, not guessed at; nesting deeper than `maxDepth`
/// is refused too, so a hostile file cannot exhaust the stack.
struct JSONScan {
    indirect enum Value {
        case object([(key: String, value: Value)])
        case array([Value])
        case string(Range<Int>)
        case scalar
    }

    static let maxDepth = 256
    let bytes: [UInt8]
    var i = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func document() -> Value? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        guard let value = value(depth: 0) else { return nil }
        skipSpace()
        return i == bytes.count ? value : nil
    }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func value(depth: Int) -> Value? {
        guard depth < Self.maxDepth else { return nil }
        skipSpace()
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var members: [(key: String, value: Value)] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            while true {
                skipSpace()
                guard let keyRange = string() else { return nil }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                guard let member = value(depth: depth + 1) else { return nil }
                members.append((String(decoding: decode(keyRange).text, as: UTF8.self), member))
                skipSpace()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                return nil
            }
        case UInt8(ascii: "["):
            i += 1
            var items: [Value] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                guard let item = value(depth: depth + 1) else { return nil }
                items.append(item)
                skipSpace()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                return nil
            }
        case UInt8(ascii: "\""):
            return string().map(Value.string)
        default:
            // Numbers, true, false, null: what they are does not matter here, only where they end.
            let start = i
            while i < bytes.count, Self.isScalarByte(bytes[i]) { i += 1 }
            return i > start ? .scalar : nil
        }
    }

    private static func isScalarByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) || b == 0x2B || b == 0x2D || b == 0x2E || b == 0x45
    }

    /// The range between a string's quotes, with `i` after the closing one.
    private mutating func string() -> Range<Int>? {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        let start = i + 1
        i = start
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""):
                i += 1
                return start..<(i - 1)
            case UInt8(ascii: "\\"): i += 2
            case 0..<0x20: return nil
            default: i += 1
            }
        }
        return nil
    }

    /// The text of the string between `range`'s quotes, and for each byte of it the bytes it came from.
    func decode(_ range: Range<Int>) -> (text: [UInt8], sources: [Range<Int>]) {
        var text: [UInt8] = []
        var sources: [Range<Int>] = []
        text.reserveCapacity(range.count)
        sources.reserveCapacity(range.count)
        var j = range.lowerBound
        while j < range.upperBound {
            let b = bytes[j]
            guard b == UInt8(ascii: "\\"), j + 1 < range.upperBound else {
                text.append(b)
                sources.append(j..<j + 1)
                j += 1
                continue
            }
            let escape = bytes[j + 1]
            var length = 2
            var decoded: [UInt8]
            switch escape {
            case UInt8(ascii: "n"): decoded = [0x0A]
            case UInt8(ascii: "t"): decoded = [0x09]
            case UInt8(ascii: "r"): decoded = [0x0D]
            case UInt8(ascii: "b"): decoded = [0x08]
            case UInt8(ascii: "f"): decoded = [0x0C]
            case UInt8(ascii: "u"):
                var scalar = hex4(at: j + 2, limit: range.upperBound)
                length = 6
                // A surrogate pair is two escapes for one character.
                if let high = scalar, (0xD800..<0xDC00).contains(high), j + 12 <= range.upperBound,
                   bytes[j + 6] == UInt8(ascii: "\\"), bytes[j + 7] == UInt8(ascii: "u"),
                   let low = hex4(at: j + 8, limit: range.upperBound), (0xDC00..<0xE000).contains(low) {
                    scalar = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    length = 12
                }
                let character = scalar.flatMap(Unicode.Scalar.init) ?? "\u{FFFD}"
                decoded = Array(String(character).utf8)
            default: decoded = [escape]
            }
            length = min(length, range.upperBound - j)
            for byte in decoded {
                text.append(byte)
                sources.append(j..<j + length)
            }
            j += length
        }
        return (text, sources)
    }

    private func hex4(at start: Int, limit: Int) -> UInt32? {
        guard start + 4 <= limit else { return nil }
        var value: UInt32 = 0
        for b in bytes[start..<start + 4] {
            let digit: UInt8
            switch b {
            case 0x30...0x39: digit = b - 0x30
            case 0x41...0x46: digit = b - 0x41 + 10
            case 0x61...0x66: digit = b - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}

extension FileScanner {
    /// Scans each cell of a notebook as its own text (code cells as the kernel's language,
    /// markdown cells as Markdown) and moves what it found to the notebook's own bytes, lines
    /// and columns. No finding in a notebook offers a replacement: a fix would have to
    /// re-encode the cell's JSON. A file that does not parse as a notebook is read as JSON.
    func scanNotebook(_ content: [UInt8], path: String) {
        guard let notebook = Notebook(content) else {
            match(content, path: path, types: FileTypeSet([.json]), fixable: false)
            return
        }
        let lines = LineIndex(content)
        let codeTypes = NotebookKernels.codeTypes(kernel: notebook.kernel)
        for cell in notebook.cells where !cell.text.isEmpty {
            let firstFinding = result.findings.count
            let firstSuppressed = result.suppressed.count
            let firstSuppression = result.suppressions.count
            let cellLines = LineIndex(cell.text)
            match(cell.text, path: path, types: cell.kind == .code ? codeTypes : FileTypeSet([.markdown]), fixable: false)
            for i in result.findings.indices.dropFirst(firstFinding) {
                result.findings[i] = Self.relocated(result.findings[i], cell, lines, cellLines: cellLines)
            }
            for i in result.suppressed.indices.dropFirst(firstSuppressed) {
                result.suppressed[i] = Self.relocated(result.suppressed[i], cell, lines, cellLines: cellLines)
            }
            for i in result.suppressions.indices.dropFirst(firstSuppression) {
                let s = result.suppressions[i]
                let offset = cell.notebookRange(cellLines.starts[s.line - 1]..<cellLines.starts[s.line - 1]).lowerBound
                var moved = Suppression(path: s.path, line: lines.lineIndex(of: offset) + 1, rules: s.rules, reason: s.reason)
                moved.used = s.used
                result.suppressions[i] = moved
            }
        }
    }

    /// `finding`, made in `cell`'s text, at the notebook bytes that text came from.
    static func relocated(_ finding: Finding, _ cell: Notebook.Cell, _ lines: LineIndex, cellLines: LineIndex) -> Finding {
        let bytes = cell.notebookRange(finding.byteRange)
        let start = lines.position(of: bytes.lowerBound)
        // The region's lines too: each is where its line's first byte in the cell came from.
        let region = finding.region.map { region in
            let moved = [region.startLine, region.endLine].map { line in
                let offset = cellLines.starts[line - 1]
                return lines.lineIndex(of: cell.notebookRange(offset..<offset).lowerBound) + 1
            }
            return Region(kind: region.kind, name: region.name, startLine: moved[0], endLine: moved[1])
        }
        return Finding(
            ruleID: finding.ruleID, category: finding.category, priority: finding.priority, layer: finding.layer,
            message: finding.message, path: finding.path, start: start, end: lines.position(of: bytes.upperBound),
            match: finding.match, lineText: lines.text(ofLine: start.line - 1), fixability: .manual,
            replacement: nil, byteRange: bytes, region: region)
    }
}
