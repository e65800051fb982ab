/// What a byte of a file is to its language: code, inside a string literal, or inside a comment.
/// Markdown prose counts as comment and its fenced blocks as code.
public enum TextClass: String, Sendable, CaseIterable {
    case code, string, comment
}

/// A run of bytes of one class other than code.
public struct TextRun: Sendable, Equatable {
    public let range: Range<Int>
    public let kind: TextClass
}

/// A matched pair of brackets: the offsets of the open and the close byte.
public struct BracketPair: Sendable, Equatable {
    public let open: Int
    public let close: Int
}

/// A Markdown fenced block: the offsets of its body and the first word of its info string.
public struct Fence: Sendable, Equatable {
    public let body: Range<Int>
    public let language: String
}

/// The syntax facts of one file: which bytes are strings and comments (the rest is code), the
/// bracket pairs in code, and Markdown's fences. Built by one linear pass (`Lexer`).
public struct SyntaxMask: Sendable {
    /// Sorted, disjoint, non-empty; adjacent runs differ in kind.
    public let runs: [TextRun]
    /// Sorted by open offset.
    public let brackets: [BracketPair]
    public let fences: [Fence]

    /// The class of the byte at `offset`: a binary search over the runs.
    public func kind(at offset: Int) -> TextClass {
        var low = 0, high = runs.count
        while low < high {
            let mid = (low + high) / 2
            if runs[mid].range.upperBound <= offset { low = mid + 1 } else { high = mid }
        }
        if low < runs.count, runs[low].range.contains(offset) { return runs[low].kind }
        return .code
    }
}

/// Computes a file's `SyntaxMask` from its language's `Syntax` in one pass, linear in the
/// file's length: strings and comments are found where code is read, interpolations
/// (`${…}` in template literals, `{…}` in f-strings) are code again, nested to any depth.
public struct Lexer: Sendable {
    let syntax: Syntax
    /// Bytes that may start a comment, string, bracket or form: every other code byte is skipped.
    private let interesting: [Bool]

    public init(_ syntax: Syntax) {
        self.syntax = syntax
        var table = [Bool](repeating: false, count: 256)
        for comment in syntax.comments {
            switch comment {
            case let .line(prefix, _): table[Int(prefix.utf8.first!)] = true
            case let .block(open, _): table[Int(open.utf8.first!)] = true
            }
        }
        for string in syntax.strings { table[Int(string.open.utf8.first!)] = true }
        for pair in syntax.brackets {
            table[Int(pair.open.utf8.first!)] = true
            table[Int(pair.close.utf8.first!)] = true
        }
        table[Int(UInt8(ascii: "\n"))] = true
        if syntax.heredocs { table[Int(UInt8(ascii: "<"))] = true }
        if syntax.blockScalars {
            table[Int(UInt8(ascii: "|"))] = true
            table[Int(UInt8(ascii: ">"))] = true
        }
        interesting = table
    }

    public func mask(_ text: [UInt8]) -> SyntaxMask {
        if syntax.fences { return Self.markdown(text) }
        var state = State(syntax: syntax, text: text)
        state.run(interesting)
        return SyntaxMask(runs: state.runs, brackets: state.pairs.sorted { $0.open < $1.open }, fences: [])
    }

    /// Markdown: prose is comment, a fenced block's body code, fences themselves comment.
    static func markdown(_ text: [UInt8]) -> SyntaxMask {
        var runs: [TextRun] = []
        var fences: [Fence] = []
        var open: (char: UInt8, length: Int, body: Int, language: String)?
        var proseStart = 0
        var lineStart = 0
        while lineStart < text.count {
            var lineEnd = lineStart
            while lineEnd < text.count, text[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let next = min(lineEnd + 1, text.count)
            var i = lineStart, indent = 0
            while i < lineEnd, text[i] == UInt8(ascii: " "), indent < 4 { i += 1; indent += 1 }
            if indent < 4, i < lineEnd, text[i] == UInt8(ascii: "`") || text[i] == UInt8(ascii: "~") {
                let char = text[i]
                var j = i
                while j < lineEnd, text[j] == char { j += 1 }
                let length = j - i
                if length >= 3 {
                    if let fence = open {
                        let rest = text[j..<lineEnd].allSatisfy { $0 == 32 || $0 == 9 || $0 == 13 }
                        if char == fence.char, length >= fence.length, rest {
                            if fence.body < lineStart { runs.append(TextRun(range: fence.body..<lineStart, kind: .code)) }
                            fences.append(Fence(body: fence.body..<lineStart, language: fence.language))
                            open = nil
                            proseStart = lineStart
                        }
                    } else {
                        var k = j
                        while k < lineEnd, text[k] == 32 || text[k] == 9 { k += 1 }
                        var e = k
                        while e < lineEnd, ![32, 9, 13, UInt8(ascii: "{"), UInt8(ascii: ",")].contains(text[e]) { e += 1 }
                        if proseStart < next { runs.append(TextRun(range: proseStart..<next, kind: .comment)) }
                        open = (char, length, next, String(decoding: text[k..<e], as: UTF8.self).lowercased())
                    }
                }
            }
            lineStart = next
        }
        if let fence = open {
            // An unclosed fence runs to the end of the file, as CommonMark says.
            if fence.body < text.count { runs.append(TextRun(range: fence.body..<text.count, kind: .code)) }
            fences.append(Fence(body: fence.body..<text.count, language: fence.language))
        } else if proseStart < text.count {
            runs.append(TextRun(range: proseStart..<text.count, kind: .comment))
        }
        // Code runs were only markers between prose runs; the mask keeps the others.
        return SyntaxMask(runs: merge(runs.filter { $0.kind != .code }), brackets: [], fences: fences)
    }

    static func merge(_ runs: [TextRun]) -> [TextRun] {
        var merged: [TextRun] = []
        for run in runs where !run.range.isEmpty {
            if let last = merged.last, last.kind == run.kind, last.range.upperBound == run.range.lowerBound {
                merged[merged.count - 1] = TextRun(range: last.range.lowerBound..<run.range.upperBound, kind: run.kind)
            } else {
                merged.append(run)
            }
        }
        return merged
    }
}

/// The lexer's walk: a stack of frames, code and string, so a string inside an interpolation
/// inside a string closes where it should.
private struct State {
    enum Frame {
        /// Code; in an interpolation, the open braces since it started.
        case code(interpolation: Bool, depth: Int)
        /// Inside `strings[index]`.
        case string(Int, interpolates: Bool, documentation: Bool)
    }

    let syntax: Syntax
    let text: [UInt8]
    let comments: [(open: [UInt8], close: [UInt8]?, except: [[UInt8]])]
    /// The literals as bytes; the per-byte loop reads these, not the `StringLiteral`s' strings.
    let strings: [(literal: StringLiteral, open: [UInt8], close: [UInt8], interpolation: [UInt8]?,
                   escape: StringLiteral.Escape?, multiline: Bool)]
    /// Per literal, the first bytes of its close and its interpolation's open (0 for none),
    /// its escape and whether it spans lines: plain arrays, so the loop copies no tuples.
    let closeFirst: [UInt8]
    let interpolationFirst: [UInt8]
    let backslash: [Bool]
    let multiline: [Bool]
    /// Per byte, the bracket kind it opens or closes, -1 for none: a table, not a dictionary,
    /// since every bracket, quote and newline in a file asks.
    let openers: [Int8]
    let closers: [Int8]
    var frames: [Frame] = [.code(interpolation: false, depth: 0)]
    var runs: [TextRun] = []
    var current: TextClass = .code
    var currentStart = 0
    var pairs: [BracketPair] = []
    var bracketStack: [(offset: Int, kind: Int)] = []
    var openCount: [Int]
    /// Heredoc terminators seen on the current line, with whether leading tabs are stripped.
    var heredocs: [(word: [UInt8], tabs: Bool)] = []

    init(syntax: Syntax, text: [UInt8]) {
        self.syntax = syntax
        self.text = text
        comments = syntax.comments.map {
            switch $0 {
            case let .line(prefix, except): (Array(prefix.utf8), nil, except.map { Array($0.utf8) })
            case let .block(open, close): (Array(open.utf8), Array(close.utf8), [])
            }
        }
        strings = syntax.strings.map {
            ($0, Array($0.open.utf8), Array($0.close.utf8), $0.interpolation.map { Array($0.open.utf8) }, $0.escape, $0.multiline)
        }
        closeFirst = syntax.strings.map { $0.close.utf8.first! }
        interpolationFirst = syntax.strings.map { $0.interpolation?.open.utf8.first ?? 0 }
        backslash = syntax.strings.map { $0.escape == .backslash }
        multiline = syntax.strings.map(\.multiline)
        var openers = [Int8](repeating: -1, count: 256), closers = [Int8](repeating: -1, count: 256)
        for (index, pair) in syntax.brackets.enumerated() {
            openers[Int(pair.open.utf8.first!)] = Int8(index)
            closers[Int(pair.close.utf8.first!)] = Int8(index)
        }
        self.openers = openers
        self.closers = closers
        openCount = [Int](repeating: 0, count: syntax.brackets.count)
    }

    func starts(_ bytes: [UInt8], at i: Int) -> Bool {
        guard i + bytes.count <= text.count else { return false }
        for k in bytes.indices where text[i + k] != bytes[k] { return false }
        return true
    }

    mutating func mark(_ kind: TextClass, at i: Int) {
        guard kind != current else { return }
        if current != .code, currentStart < i { runs.append(TextRun(range: currentStart..<i, kind: current)) }
        if let last = runs.last, kind != .code, last.kind == kind, last.range.upperBound == i {
            runs.removeLast()
            currentStart = last.range.lowerBound
        } else {
            currentStart = i
        }
        current = kind
    }

    mutating func run(_ interesting: [Bool]) {
        var i = 0
        let n = text.count
        while i < n {
            switch frames[frames.count - 1] {
            case let .code(interpolation, depth):
                let byte = text[i]
                if !interesting[Int(byte)] { i += 1; continue }
                i = code(at: i, interpolation: interpolation, depth: depth)
            case let .string(index, interpolates, documentation):
                i = string(index, interpolates: interpolates, documentation: documentation, at: i)
            }
        }
        mark(.code, at: n)
    }

    /// One step in code at `i`; returns where to go on.
    mutating func code(at i: Int, interpolation: Bool, depth: Int) -> Int {
        let byte = text[i]
        if byte == UInt8(ascii: "\n") {
            if !heredocs.isEmpty { return heredocBodies(from: i + 1) }
            return i + 1
        }
        for comment in comments where starts(comment.open, at: i) {
            if comment.close == nil {
                if comment.except.contains(where: { starts($0, at: i) }) { continue }
                if syntax.lineCommentsAfterSpace, i > 0, ![32, 9, 10, 13].contains(text[i - 1]) { continue }
                mark(.comment, at: i)
                var j = i
                while j < text.count, text[j] != UInt8(ascii: "\n") { j += 1 }
                mark(.code, at: j)
                return j
            }
            let close = comment.close!
            mark(.comment, at: i)
            var j = i + comment.open.count
            while j < text.count, !starts(close, at: j) { j += 1 }
            j = min(j + close.count, text.count)
            mark(.code, at: j)
            return j
        }
        for (index, string) in strings.enumerated() where starts(string.open, at: i) {
            var interpolates = string.interpolation != nil
            if interpolates, let letters = string.literal.interpolation?.prefixLetters {
                var k = i
                var found = false
                while k > 0, let scalar = Optional(text[k - 1]), (65...90).contains(scalar) || (97...122).contains(scalar) {
                    if letters.utf8.contains(scalar) { found = true }
                    k -= 1
                }
                interpolates = found
            }
            // A documentation literal that opens its line is a docstring: comment, not string.
            var lineStart = i
            while lineStart > 0, text[lineStart - 1] == 32 || text[lineStart - 1] == 9 { lineStart -= 1 }
            let documentation = string.literal.documentation && (lineStart == 0 || text[lineStart - 1] == 10)
            mark(documentation ? .comment : .string, at: i)
            frames.append(.string(index, interpolates: interpolates, documentation: documentation))
            return i + string.open.count
        }
        if syntax.heredocs, let next = heredoc(at: i) { return next }
        if syntax.blockScalars, let next = blockScalar(at: i) { return next }
        if openers[Int(byte)] >= 0 {
            let kind = Int(openers[Int(byte)])
            bracketStack.append((i, kind))
            openCount[kind] += 1
            if interpolation, byte == UInt8(ascii: "{") { frames[frames.count - 1] = .code(interpolation: true, depth: depth + 1) }
            return i + 1
        }
        if closers[Int(byte)] >= 0 {
            let kind = Int(closers[Int(byte)])
            if interpolation, byte == UInt8(ascii: "}") {
                if depth == 0 {
                    close(kind, at: i)
                    frames.removeLast()
                    if case let .string(_, _, documentation) = frames[frames.count - 1] {
                        mark(documentation ? .comment : .string, at: i + 1)
                    }
                    return i + 1
                }
                frames[frames.count - 1] = .code(interpolation: true, depth: depth - 1)
            }
            close(kind, at: i)
        }
        return i + 1
    }

    /// Pairs a close bracket with the nearest open one of its kind; the opens between are unmatched.
    mutating func close(_ kind: Int, at i: Int) {
        guard openCount[kind] > 0 else { return }
        while let top = bracketStack.popLast() {
            openCount[top.kind] -= 1
            if top.kind == kind {
                pairs.append(BracketPair(open: top.offset, close: i))
                return
            }
        }
    }

    /// One step inside a string literal at `i`.
    mutating func string(_ index: Int, interpolates: Bool, documentation: Bool, at start: Int) -> Int {
        // Plain text first, a byte at a time with no other reads.
        let closeByte = closeFirst[index], openByte = interpolates ? interpolationFirst[index] : 0
        var i = start
        while i < text.count {
            let byte = text[i]
            if byte == closeByte || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\n") || (byte == openByte && openByte != 0) {
                break
            }
            i += 1
        }
        guard i < text.count else { return i }
        let byte = text[i]
        if byte == UInt8(ascii: "\n"), !multiline[index] {
            // Unterminated on its line: the line's end is code again.
            frames.removeLast()
            mark(.code, at: i)
            return i
        }
        if backslash[index], byte == UInt8(ascii: "\\") { return min(i + 2, text.count) }
        let close = strings[index].close
        if starts(close, at: i) {
            if strings[index].escape == .doubled, starts(close, at: i + close.count) { return i + 2 * close.count }
            frames.removeLast()
            mark(.code, at: i + close.count)
            return i + close.count
        }
        if interpolates, let open = strings[index].interpolation {
            if starts(open, at: i) {
                // `{{` in an f-string is a brace, not code.
                if open == [UInt8(ascii: "{")], starts(open, at: i + 1) { return i + 2 }
                mark(.code, at: i)
                let brace = i + open.count - 1
                if openers[Int(text[brace])] >= 0 {
                    let kind = Int(openers[Int(text[brace])])
                    bracketStack.append((brace, kind))
                    openCount[kind] += 1
                }
                frames.append(.code(interpolation: true, depth: 0))
                return i + open.count
            }
        }
        return i + 1
    }

    /// `<<WORD`, `<<-WORD`, `<<'WORD'`, `<<"WORD"`: its body starts on the next line.
    mutating func heredoc(at i: Int) -> Int? {
        guard starts([60, 60], at: i), !starts([60, 60, 60], at: i) else { return nil }
        var j = i + 2
        let tabs = j < text.count && text[j] == UInt8(ascii: "-")
        if tabs { j += 1 }
        while j < text.count, text[j] == 32 { j += 1 }
        var quote: UInt8?
        if j < text.count, text[j] == 39 || text[j] == 34 { quote = text[j]; j += 1 }
        let start = j
        while j < text.count, isWord(text[j]) { j += 1 }
        guard j > start else { return nil }
        let word = Array(text[start..<j])
        if let quote {
            guard j < text.count, text[j] == quote else { return nil }
            j += 1
        }
        heredocs.append((word, tabs))
        return j
    }

    /// The bodies of the heredocs opened on the line just ended, from `start`: strings up to
    /// each terminator line, which is code.
    mutating func heredocBodies(from start: Int) -> Int {
        var i = start
        for doc in heredocs {
            mark(.string, at: i)
            var found = false
            while i < text.count && !found {
                var lineEnd = i
                while lineEnd < text.count, text[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                var s = i
                if doc.tabs { while s < lineEnd, text[s] == 9 { s += 1 } }
                var e = lineEnd
                if e > s, text[e - 1] == 13 { e -= 1 }
                if text[s..<e].elementsEqual(doc.word) {
                    mark(.code, at: i)
                    found = true
                }
                i = min(lineEnd + 1, text.count)
            }
        }
        heredocs.removeAll()
        mark(.code, at: i)
        return i
    }

    /// YAML's `key: |` and `- >-`: the more indented lines after it are a string.
    mutating func blockScalar(at i: Int) -> Int? {
        guard text[i] == UInt8(ascii: "|") || text[i] == UInt8(ascii: ">") else { return nil }
        var before = i
        while before > 0, text[before - 1] == 32 || text[before - 1] == 9 { before -= 1 }
        guard before < i, before > 0, text[before - 1] == UInt8(ascii: ":") || text[before - 1] == UInt8(ascii: "-")
        else { return nil }
        var j = i + 1
        while j < text.count, text[j] == UInt8(ascii: "+") || text[j] == UInt8(ascii: "-") || (49...57).contains(text[j]) { j += 1 }
        var k = j
        while k < text.count, text[k] == 32 || text[k] == 9 { k += 1 }
        guard k >= text.count || text[k] == 10 || text[k] == 13 || (text[k] == UInt8(ascii: "#") && k > j) else { return nil }
        // Only now, once per block scalar: where its key's line starts.
        var lineStart = before
        while lineStart > 0, text[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        var indent = 0
        while lineStart + indent < i, text[lineStart + indent] == 32 { indent += 1 }
        var lineEnd = k
        while lineEnd < text.count, text[lineEnd] != 10 { lineEnd += 1 }
        var bodyEnd = min(lineEnd + 1, text.count)
        var s = bodyEnd
        while s < text.count {
            var e = s
            while e < text.count, text[e] != 10 { e += 1 }
            var d = 0
            while s + d < e, text[s + d] == 32 { d += 1 }
            let blank = text[(s + d)..<e].allSatisfy { $0 == 13 || $0 == 9 }
            if !blank, d <= indent { break }
            s = min(e + 1, text.count)
            if !blank { bodyEnd = s }
        }
        let bodyStart = min(lineEnd + 1, text.count)
        guard bodyStart < bodyEnd else { return j }
        mark(.string, at: bodyStart)
        mark(.code, at: bodyEnd)
        return bodyEnd
    }

    func isWord(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == 95
    }
}
