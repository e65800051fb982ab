import Model
import PCRE2Swift

/// How a language's named blocks (functions, classes, methods) are found, as data: the
/// header patterns that open one, and how its extent is read.
///
/// A header's indentation is matched possessively (`^[ \t]*+`): nothing after it starts
/// with a blank, and an indentation given back a byte at a time was tried against every later
/// part of every header at every line (a third of the JavaScript search).
///
/// A header is a PCRE2 pattern (UTF, multi-line) from a line start, with a `name` group (and
/// an `owner`, which prefixes it: a Go method is `Repo.Chat`). Patterns may call
/// `(?&ident)` (the language's identifier) and `(?&params)` (a balanced parameter list,
/// strings inside it skipped), which every header gets as a `(?(DEFINE)…)` block. For a
/// brace language the match must end with the `{` (or `[`) that opens the body: the lexer's
/// pair for it is the block, so a brace in a string or a comment never opens or closes one.
public struct BlockSyntax: Sendable, Equatable {
    public enum Extent: Sendable, Equatable {
        /// Python: the header's line and the lines after it indented deeper.
        case indentation
        /// The body is the brace pair the header's match ends on.
        case braces
        /// Markdown: a heading to the next heading of its level or a higher one. The header's
        /// `level` group is as long as the heading's level.
        case headings
    }

    public let extent: Extent
    /// The identifier `(?&ident)` stands for.
    public let identifier: String
    /// A line starting with this just above a header belongs to its block (`@app.get(...)`).
    public let decorator: String?
    /// Each starts at a line start (`^`). Tried in order: the first that matches at a line
    /// names the block.
    public let headers: [BlockHeader]
    /// Only blocks this many deep are kept (a YAML section is `services.ollama`, not every
    /// key path below it); nil keeps all.
    public let maxDepth: Int?
    /// A line starting with this at a block's own indentation stays in it: YAML's `- item`
    /// under `key:`.
    public let listItem: String?
    /// Whether a block's name is prefixed with the names around it (`Repo.chat`); a
    /// Markdown section is its own heading.
    public let qualified: Bool

    public init(extent: Extent, identifier: String = #"[\p{L}_][\p{L}\p{N}_]*+"#, decorator: String? = nil,
                headers: [BlockHeader], maxDepth: Int? = nil, listItem: String? = nil, qualified: Bool = true) {
        self.extent = extent
        self.identifier = identifier
        self.decorator = decorator
        self.headers = headers
        self.maxDepth = maxDepth
        self.listItem = listItem
        self.qualified = qualified
    }

    /// The helpers every header pattern can call, after the pattern itself so that its own
    /// groups keep their numbers.
    func defineBlock() -> String {
        let params = #"\((?:[^()"'`]++|"(?:[^"\\\n]|\\.)*+"|'(?:[^'\\\n]|\\.)*+'|`[^`]*+`|(?&params))*+\)"#
        return "(?(DEFINE)(?<ident>\(identifier))(?<params>\(params)))"
    }
}

/// One header pattern and the kind of block it opens.
public struct BlockHeader: Sendable, Equatable {
    public let pattern: String
    /// `function`, `class`, `method`, `type`: the word a region reports.
    public let kind: String
    /// The kind instead when the block directly inside is of a given kind: a `def` in a
    /// `class` is a method.
    public let kindInside: [String: String]

    public init(_ pattern: String, kind: String, inside kindInside: [String: String] = [:]) {
        self.pattern = pattern
        self.kind = kind
        self.kindInside = kindInside
    }
}

/// A named block of one file.
public struct Block: Sendable, Equatable {
    public let kind: String
    /// Its own name; a Go method's is `Type.Name`.
    public let name: String
    /// The names of the blocks around it and its own, outermost first: `OllamaRepo.llm_chat`.
    public let qualifiedName: String
    /// From its first decorator or its header to the end of its body (the close brace, or
    /// the last line indented under it).
    public let bytes: Range<Int>
    /// 1-based and inclusive.
    public let startLine: Int
    public let endLine: Int
    /// The index in `BlockIndex.blocks` of the block it is directly inside.
    public let parent: Int?

    public var region: Region { Region(kind: kind, name: qualifiedName, startLine: startLine, endLine: endLine) }
}

/// The named blocks of one file, sorted by where they start: the tree of functions,
/// classes and methods the lexer's brackets (or Python's indentation) and the language's
/// header patterns make. Blocks nest properly: one that starts inside another ends in it.
public struct BlockIndex: Sendable {
    public let blocks: [Block]

    public static let empty = BlockIndex(blocks: [])

    init(blocks: [Block]) { self.blocks = blocks }

    /// The blocks of `text`, a file of `types` (standard registry): it lexes the text and
    /// counts its lines itself. A scan that has both already calls the registry's `blocks`.
    public init(_ text: [UInt8], types: FileTypeSet) {
        let registry = LanguageRegistry.standard
        let mask = registry.mask(text, types: types)
        var starts = [0]
        for (i, byte) in text.enumerated() where byte == 0x0A { starts.append(i + 1) }
        self = registry.blocks(text, types: types, mask: mask, lineStarts: starts,
                               scratch: MatchScratch(maxCaptureCount: registry.blockCaptureCount))
    }

    /// The innermost block that holds byte `offset`; nil outside every block.
    public func enclosing(offset: Int) -> Block? {
        // The last block starting at or before `offset`, then out through its parents: the
        // innermost block holding `offset` is that one or one of them, since blocks nest.
        var low = 0, high = blocks.count
        while low < high {
            let mid = (low + high) / 2
            if blocks[mid].bytes.lowerBound <= offset { low = mid + 1 } else { high = mid }
        }
        var index = low - 1
        while index >= 0 {
            if blocks[index].bytes.contains(offset) { return blocks[index] }
            guard let parent = blocks[index].parent else { return nil }
            index = parent
        }
        return nil
    }

    /// The blocks holding `offset`, outermost first.
    public func chain(enclosing offset: Int) -> [Block] {
        guard var block = enclosing(offset: offset) else { return [] }
        var chain = [block]
        while let parent = block.parent {
            block = blocks[parent]
            chain.append(block)
        }
        return chain.reversed()
    }
}

/// A language's header patterns, compiled once into one alternation: a file is searched in
/// one pass whatever the number of headers, and at each line the first header that matches
/// names the block.
struct BlockMatcher: Sendable {
    let syntax: BlockSyntax
    let regex: Regex
    /// Per header, its `name`, `owner` and `level` group numbers in `regex`.
    let groups: [(name: Int, owner: Int?, level: Int?)]
    /// Line-comment prefixes: a line that starts with one is not content.
    let lineComments: [[UInt8]]

    init(_ syntax: BlockSyntax, comments: [CommentKind]) {
        self.syntax = syntax
        // Each header's groups get its index (`name3`), so the match says which header it is.
        let branches = syntax.headers.enumerated().map { index, header in
            precondition(header.pattern.hasPrefix("^"), "block header /\(header.pattern)/ must start at a line start (^)")
            var pattern = header.pattern
            for group in ["name", "owner", "level"] { pattern = pattern.replacingAll("(?<\(group)>", with: "(?<\(group)\(index)>") }
            return "(?:" + pattern + ")"
        }
        let full = "(?:" + branches.joined(separator: "|") + ")" + syntax.defineBlock()
        do {
            regex = try Regex(full, options: [.utf, .multiline])
        } catch {
            preconditionFailure("block headers /\(full)/: \(error)")
        }
        groups = syntax.headers.indices.map { [regex] index in
            guard let name = regex.groupNumber(named: "name\(index)") else {
                preconditionFailure("block header /\(syntax.headers[index].pattern)/ has no `name` group")
            }
            return (name, regex.groupNumber(named: "owner\(index)"), regex.groupNumber(named: "level\(index)"))
        }
        lineComments = comments.compactMap {
            if case let .line(prefix, _) = $0 { return Array(prefix.utf8) }
            return nil
        }
    }

    var captureCount: Int { regex.captureCount }

    /// A header found in the text: where it starts, its name, and (braces) its body's pair.
    struct Header {
        let header: Int
        let start: Int
        let nameStart: Int
        let name: String
        let body: BracketPair?
        /// A Markdown heading's level.
        let level: Int
    }

    func blocks(_ text: [UInt8], mask: SyntaxMask, lineStarts: [Int], scratch: MatchScratch) -> BlockIndex {
        var found: [Header] = []
        let braces = syntax.extent == .braces
        // The search goes on after each header's match, which ends on its body's brace, so the
        // headers inside the body are found too. A search that reaches PCRE2's limits ends
        // there; the blocks found stand.
        var from = 0
        while from <= text.count, let match = try? regex.captures(in: text, from: from, using: scratch) {
            let whole = match.range
            // Unless this is a header, the search goes on at the next line: a match that is
            // not a header must not hide one on the lines it spans.
            var next = whole.lowerBound
            while next < text.count, text[next] != 10 { next += 1 }
            from = next + 1
            guard let index = groups.firstIndex(where: { match[group: $0.name] != nil }) else { continue }
            let header = groups[index]
            let nameRange = match[group: header.name]!
            if syntax.extent == .headings {
                // Prose is Markdown's comment class; a heading in a fence is code.
                if mask.fences.contains(where: { $0.body.contains(nameRange.lowerBound) }) { continue }
            } else if mask.kind(at: nameRange.lowerBound) != .code {
                continue
            }
            var name = String(decoding: text[nameRange], as: UTF8.self)
            if syntax.extent == .headings { name = Self.headingText(name) }
            if let group = header.owner, let owner = match[group: group] {
                name = String(decoding: text[owner], as: UTF8.self) + "." + name
            }
            var start = whole.lowerBound
            while start < nameRange.lowerBound, [32, 9, 10, 13].contains(text[start]) { start += 1 }
            var body: BracketPair?
            if braces {
                // The match ends on the body's brace (or a table's bracket), which the
                // lexer must have paired in code.
                guard text[whole.upperBound - 1] == UInt8(ascii: "{") || text[whole.upperBound - 1] == UInt8(ascii: "["),
                      let pair = Self.pair(opening: whole.upperBound - 1, in: mask.brackets) else { continue }
                body = pair
            }
            let level = header.level.flatMap { match[group: $0]?.count } ?? 0
            from = max(from, whole.upperBound)
            found.append(Header(header: index, start: start, nameStart: nameRange.lowerBound, name: name, body: body,
                                level: level))
        }
        guard !found.isEmpty else { return .empty }
        switch syntax.extent {
        case .braces: return braceBlocks(found, text, lineStarts: lineStarts, mask: mask)
        case .indentation: return indentedBlocks(found, text, lineStarts: lineStarts, mask: mask)
        case .headings: return headingBlocks(found, text, lineStarts: lineStarts)
        }
    }

    /// A heading as it reads: `[Aider](https://…)` is `Aider`.
    static func headingText(_ heading: String) -> String {
        var out = ""
        var rest = Substring(heading)
        while let open = rest.firstIndex(of: "[") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            // The link's target ends at the parenthesis that balances its first one.
            var depth = 0
            let end = after.firstIndex(of: "]").flatMap { close in
                after[after.index(after: close)...].hasPrefix("(") ? after[after.index(after: close)...].firstIndex {
                    depth += $0 == "(" ? 1 : $0 == ")" ? -1 : 0
                    return depth == 0
                } : nil
            }
            guard let end, let close = after.firstIndex(of: "]") else {
                out += "["
                rest = after
                continue
            }
            out += after[..<close]
            rest = after[after.index(after: end)...]
        }
        return out + rest
    }

    static func pair(opening offset: Int, in pairs: [BracketPair]) -> BracketPair? {
        var low = 0, high = pairs.count
        while low < high {
            let mid = (low + high) / 2
            if pairs[mid].open < offset { low = mid + 1 } else { high = mid }
        }
        return low < pairs.count && pairs[low].open == offset ? pairs[low] : nil
    }

    static func line(of offset: Int, _ starts: [Int]) -> Int {
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// Brace languages: each header's body is a bracket pair, and the pairs nest.
    func braceBlocks(_ found: [Header], _ text: [UInt8], lineStarts: [Int], mask: SyntaxMask) -> BlockIndex {
        // One header per brace, the first in the language's order.
        var byBrace: [Int: Header] = [:]
        for header in found {
            let open = header.body!.open
            if let other = byBrace[open], other.header <= header.header { continue }
            byBrace[open] = header
        }
        let ordered = byBrace.values.sorted { $0.body!.open < $1.body!.open }
        var blocks: [Block] = []
        var stack: [Int] = []
        for header in ordered {
            let body = header.body!
            while let top = stack.last, blocks[top].bytes.upperBound <= body.open { stack.removeLast() }
            let parent = stack.last
            let headerLine = Self.line(of: header.start, lineStarts)
            let startLine = decoratedStart(headerLine, text, lineStarts: lineStarts, mask: mask)
            var start = startLine < headerLine ? lineStarts[startLine] : header.start
            // Nested blocks start inside the one around them, whatever the decorators say.
            if let parent { start = max(start, blocks[parent].bytes.lowerBound) }
            blocks.append(block(header, parent: parent, blocks: blocks, bytes: start..<(body.close + 1),
                                startLine: Self.line(of: start, lineStarts), endLine: Self.line(of: body.close, lineStarts)))
            stack.append(blocks.count - 1)
        }
        return BlockIndex(blocks: sorted(blocks))
    }

    /// Blocks ordered by start, their parent indices renumbered to match.
    func sorted(_ blocks: [Block]) -> [Block] {
        let order = blocks.indices.sorted {
            (blocks[$0].bytes.lowerBound, -blocks[$0].bytes.upperBound) < (blocks[$1].bytes.lowerBound, -blocks[$1].bytes.upperBound)
        }
        if order == Array(blocks.indices) { return blocks }
        var position = [Int](repeating: 0, count: blocks.count)
        for (new, old) in order.enumerated() { position[old] = new }
        return order.map { old in
            let b = blocks[old]
            return Block(kind: b.kind, name: b.name, qualifiedName: b.qualifiedName, bytes: b.bytes, startLine: b.startLine,
                         endLine: b.endLine, parent: b.parent.map { position[$0] })
        }
    }

    func block(_ header: Header, parent: Int?, blocks: [Block], bytes: Range<Int>, startLine: Int, endLine: Int) -> Block {
        let data = syntax.headers[header.header]
        var kind = data.kind
        if let parent, let inside = data.kindInside[blocks[parent].kind] { kind = inside }
        let qualified = syntax.qualified ? parent.map { blocks[$0].qualifiedName + "." + header.name } ?? header.name
                                         : header.name
        return Block(kind: kind, name: header.name, qualifiedName: qualified, bytes: bytes,
                     startLine: startLine + 1, endLine: endLine + 1, parent: parent)
    }

    /// The first of the decorator and comment lines just above line `line` (0-based), or
    /// `line`: a doc comment or a decorator belongs to the block it stands on. A blank line
    /// or a statement stops the walk.
    func decoratedStart(_ line: Int, _ text: [UInt8], lineStarts: [Int], mask: SyntaxMask) -> Int {
        let decorator = syntax.decorator.map { Array($0.utf8) }
        var first = line
        while first > 0 {
            let start = lineStarts[first - 1]
            var p = start
            while p < lineStarts[first], text[p] == 32 || text[p] == 9 { p += 1 }
            guard p < lineStarts[first], text[p] != 10, text[p] != 13 else { break }
            let kind = mask.kind(at: p)
            guard kind == .comment || kind == .code && decorator.map({ text[p...].starts(with: $0) }) == true else { break }
            first -= 1
        }
        return first
    }

    /// The first of the comment lines at `indent` just above line `line` (Python's `#`
    /// lines over a `def`), or `line`.
    func commentedStart(_ line: Int, indent: Int, _ text: [UInt8], lineStarts: [Int], mask: SyntaxMask) -> Int {
        var first = line
        while first > 0 {
            var p = lineStarts[first - 1], width = 0
            while text[p] == 32 || text[p] == 9 {
                width = text[p] == 9 ? (width / 8 + 1) * 8 : width + 1
                p += 1
            }
            guard width == indent, mask.kind(at: p) == .comment,
                  lineComments.contains(where: { text[p...].starts(with: $0) }) else { break }
            first -= 1
        }
        return first
    }

    /// Markdown: a heading's section runs to the line before the next heading of its level
    /// or a higher one, blank lines at its end left out.
    func headingBlocks(_ found: [Header], _ text: [UInt8], lineStarts: [Int]) -> BlockIndex {
        var blocks: [Block] = []
        var ends: [Int] = []
        var stack: [(block: Int, level: Int)] = []
        func lastLine(before line: Int) -> Int {
            var last = line - 1
            while last > 0 {
                let start = lineStarts[last], end = last + 1 < lineStarts.count ? lineStarts[last + 1] : text.count
                if !text[start..<end].allSatisfy({ [32, 9, 10, 13].contains($0) }) { break }
                last -= 1
            }
            return last
        }
        for header in found.sorted(by: { $0.start < $1.start }) {
            let line = Self.line(of: header.start, lineStarts)
            while let top = stack.last, top.level >= header.level {
                ends[top.block] = lastLine(before: line)
                stack.removeLast()
            }
            let parent = stack.last?.block
            blocks.append(block(header, parent: parent, blocks: blocks, bytes: lineStarts[line]..<lineStarts[line],
                                startLine: line, endLine: line))
            ends.append(line)
            stack.append((blocks.count - 1, header.level))
        }
        for top in stack { ends[top.block] = lastLine(before: lineStarts.count) }
        return BlockIndex(blocks: blocks.enumerated().map { index, b in
            let endLine = max(ends[index], b.startLine - 1)
            let endByte = endLine + 1 < lineStarts.count ? lineStarts[endLine + 1] : text.count
            return Block(kind: b.kind, name: b.name, qualifiedName: b.qualifiedName, bytes: b.bytes.lowerBound..<endByte,
                         startLine: b.startLine, endLine: endLine + 1, parent: b.parent)
        })
    }

    /// Python: a block is its header's line and every line after it until the first
    /// statement line indented no deeper. Blank lines, comment lines and the lines inside an
    /// open bracket, a string or after a backslash never end a block.
    func indentedBlocks(_ found: [Header], _ text: [UInt8], lineStarts: [Int], mask: SyntaxMask) -> BlockIndex {
        let lineCount = lineStarts.count
        var headerAt: [Int: Header] = [:]
        for header in found {
            let line = Self.line(of: header.start, lineStarts)
            if headerAt[line] == nil || headerAt[line]!.header > header.header { headerAt[line] = header }
        }
        // Lines that continue a bracket opened on an earlier line: a difference array over the pairs.
        var open = [Int](repeating: 0, count: lineCount + 1)
        for pair in mask.brackets {
            let first = Self.line(of: pair.open, lineStarts), last = Self.line(of: pair.close, lineStarts)
            if last > first {
                open[first + 1] += 1
                open[last + 1] -= 1
            }
        }
        var blocks: [Block] = []
        var ends: [Int] = []
        var stack: [(block: Int, indent: Int)] = []
        var decorators: Int?
        var lastContent = 0
        var depth = 0
        var backslash = false
        let decorator = syntax.decorator.map { Array($0.utf8) }

        let listItem = syntax.listItem.map { Array($0.utf8) }

        func close(to indent: Int, item: Bool = false) {
            while let top = stack.last, top.indent > indent || top.indent == indent && !item {
                ends[top.block] = lastContent
                stack.removeLast()
            }
        }

        for line in 0..<lineCount {
            depth += open[line]
            let start = lineStarts[line]
            let end = line + 1 < lineCount ? lineStarts[line + 1] : text.count
            var p = start, indent = 0
            while p < end, text[p] == 32 || text[p] == 9 || text[p] == 12 {
                indent = text[p] == 9 ? (indent / 8 + 1) * 8 : indent + 1
                p += 1
            }
            let continued = backslash
            var last = end
            while last > p, [10, 13, 32, 9].contains(text[last - 1]) { last -= 1 }
            backslash = last > p && text[last - 1] == UInt8(ascii: "\\") && mask.kind(at: last - 1) == .code
            if p >= last { continue }
            let kind = mask.kind(at: p)
            // Inside a bracket, after a backslash, or inside a string or docstring begun earlier.
            if depth > 0 || continued || (kind != .code && p > 0 && mask.kind(at: p - 1) == kind) {
                lastContent = line
                continue
            }
            if kind == .comment {
                // A `#` line says nothing about blocks; a docstring is its block's content.
                if !lineComments.contains(where: { text[p...].starts(with: $0) }) { lastContent = line }
                continue
            }
            close(to: indent, item: listItem.map { text[p...].starts(with: $0) } ?? false)
            lastContent = line
            if let decorator, text[p...].starts(with: decorator) {
                if decorators == nil { decorators = line }
                continue
            }
            if let header = headerAt[line], header.start == p, stack.count < syntax.maxDepth ?? .max {
                let first = commentedStart(decorators ?? line, indent: indent, text, lineStarts: lineStarts, mask: mask)
                let parent = stack.last?.block
                blocks.append(block(header, parent: parent, blocks: blocks, bytes: lineStarts[first]..<end,
                                    startLine: first, endLine: line))
                ends.append(line)
                stack.append((blocks.count - 1, indent))
            }
            decorators = nil
        }
        close(to: 0)
        let finished = blocks.enumerated().map { index, b in
            let endLine = ends[index]
            let endByte = endLine + 1 < lineCount ? lineStarts[endLine + 1] : text.count
            return Block(kind: b.kind, name: b.name, qualifiedName: b.qualifiedName, bytes: b.bytes.lowerBound..<endByte,
                         startLine: b.startLine, endLine: endLine + 1, parent: b.parent)
        }
        return BlockIndex(blocks: finished)
    }
}

private extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
