import Languages

/// A Python file as tokens and logical lines: enough structure for the migration units to find
/// a call, its arguments, the statement around it, the block a statement opens and the reads
/// of a name in a scope. Strings and comments come from the language's lexer (`SyntaxMask`),
/// so a word inside a string or a comment is never read as code.
struct PythonSource {
    enum Kind: Equatable { case name, string, number, op, newline }

    struct Token {
        let kind: Kind
        let range: Range<Int>
        /// The bracket depth the token sits at (an opening bracket counts outside itself).
        let depth: Int
    }

    let bytes: [UInt8]
    let tokens: [Token]
    /// For each bracket token, the index of its partner.
    let partner: [Int: Int]
    /// The offset where each line starts (`UnitSource.line`).
    let lineStarts: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        let mask = Lexer(Language.python.syntax).mask(bytes)
        var tokens: [Token] = []
        var partner: [Int: Int] = [:]
        var open: [Int] = []
        var run = 0
        var i = 0
        func isWord(_ b: UInt8) -> Bool { b == 0x5F || (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || b >= 0x30 && b <= 0x39 || b >= 0x80 }
        while i < bytes.count {
            while run < mask.runs.count, mask.runs[run].range.upperBound <= i { run += 1 }
            if run < mask.runs.count, mask.runs[run].range.contains(i) {
                let r = mask.runs[run]
                if r.kind == .string {
                    // A string prefix (f, r, b, rb) glued to the quote belongs to the literal.
                    if let last = tokens.last, last.kind == .name, last.range.upperBound == r.range.lowerBound,
                       last.range.count <= 2, bytes[last.range].allSatisfy({ "rRbBfFuU".utf8.contains($0) }) {
                        tokens.removeLast()
                        tokens.append(Token(kind: .string, range: last.range.lowerBound..<r.range.upperBound, depth: open.count))
                    } else {
                        tokens.append(Token(kind: .string, range: r.range, depth: open.count))
                    }
                }
                i = r.range.upperBound
                continue
            }
            let b = bytes[i]
            if b == 0x0A {
                if open.isEmpty, !(i > 0 && bytes[i - 1] == 0x5C), tokens.last.map({ $0.kind != .newline }) ?? false {
                    tokens.append(Token(kind: .newline, range: i..<i + 1, depth: 0))
                }
                i += 1
            } else if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0C || b == 0x5C {
                i += 1
            } else if isWord(b) {
                var j = i
                while j < bytes.count, isWord(bytes[j]) { j += 1 }
                let digit = b >= 0x30 && b <= 0x39
                tokens.append(Token(kind: digit ? .number : .name, range: i..<j, depth: open.count))
                i = j
            } else {
                var length = 1
                // Two- and three-byte operators, so `==` is never read as an assignment.
                for op in ["**=", "//=", ">>=", "<<=", "...", "==", "!=", "<=", ">=", "->", "+=", "-=", "*=", "/=", "%=",
                           "&=", "|=", "^=", ":=", "**", "//", "<<", ">>", "@="] {
                    let u = Array(op.utf8)
                    if i + u.count <= bytes.count, Array(bytes[i..<i + u.count]) == u { length = u.count; break }
                }
                if length == 1, b == 0x28 || b == 0x5B || b == 0x7B {
                    tokens.append(Token(kind: .op, range: i..<i + 1, depth: open.count))
                    open.append(tokens.count - 1)
                } else if length == 1, b == 0x29 || b == 0x5D || b == 0x7D {
                    if let o = open.popLast() { partner[o] = tokens.count; partner[tokens.count] = o }
                    tokens.append(Token(kind: .op, range: i..<i + 1, depth: open.count))
                } else {
                    tokens.append(Token(kind: .op, range: i..<i + length, depth: open.count))
                }
                i += length
            }
        }
        if tokens.last.map({ $0.kind != .newline }) ?? false {
            tokens.append(Token(kind: .newline, range: bytes.count..<bytes.count, depth: 0))
        }
        self.tokens = tokens
        self.partner = partner
        lineStarts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
    }

    func text(_ t: Int) -> Substring { Substring(decoding: bytes[tokens[t].range], as: UTF8.self) }
    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
    func text(tokens range: ClosedRange<Int>) -> String {
        text(tokens[range.lowerBound].range.lowerBound..<tokens[range.upperBound].range.upperBound)
    }
    func isName(_ t: Int, _ word: String? = nil) -> Bool {
        t >= 0 && t < tokens.count && tokens[t].kind == .name && (word == nil || text(t) == word!)
    }
    func isOp(_ t: Int, _ op: String) -> Bool {
        t >= 0 && t < tokens.count && tokens[t].kind == .op && text(t) == op
    }

    /// The value of a plain string literal token (`"k"`, `'k'`), nil for anything with a
    /// prefix, an escape or interpolation.
    func literal(_ t: Int) -> String? {
        guard t < tokens.count, tokens[t].kind == .string else { return nil }
        let s = text(t)
        guard let q = s.first, q == "\"" || q == "'", s.count >= 2, s.last == q, !s.contains("\\") else { return nil }
        return String(s.dropFirst().dropLast())
    }

    // MARK: lines and statements

    /// The first token of the logical line holding token `t`.
    func statementStart(_ t: Int) -> Int {
        var i = t
        while i > 0, tokens[i - 1].kind != .newline { i -= 1 }
        return i
    }

    /// The newline token ending the logical line holding token `t`.
    func statementEnd(_ t: Int) -> Int {
        var i = t
        while i < tokens.count, tokens[i].kind != .newline { i += 1 }
        return min(i, tokens.count - 1)
    }


    /// The indentation (in bytes) of the line where token `t` sits.
    func indent(_ t: Int) -> Int {
        let start = lineStart(tokens[t].range.lowerBound)
        var i = start
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        return i - start
    }


    /// The tokens of the block a compound statement opens (the statement starting at `t` and
    /// ending with `:`): its indented lines, or the rest of the line for `if x: y`. Empty range
    /// when the statement opens no block.
    func block(of t: Int) -> Range<Int> {
        let end = statementEnd(t)
        guard end > t, isOp(end - 1, ":") || hasBodyOnLine(t, end) != nil else { return end..<end }
        if let colon = hasBodyOnLine(t, end), !isOp(end - 1, ":") || colon < end - 1 {
            return colon + 1..<end
        }
        let level = indent(statementStart(t))
        var i = end + 1
        var last = end + 1
        while i < tokens.count {
            let start = statementStart(i)
            if indent(start) <= level { break }
            i = statementEnd(start) + 1
            last = i
        }
        return end + 1..<last
    }

    /// The `:` at depth 0 that ends a compound statement's header when a body follows it on
    /// the same line; nil when there is none.
    private func hasBodyOnLine(_ t: Int, _ end: Int) -> Int? {
        guard isName(t, "if") || isName(t, "for") || isName(t, "while") || isName(t, "with") || isName(t, "try")
                || isName(t, "except") || isName(t, "else") || isName(t, "elif") || isName(t, "finally")
                || isName(t, "async") || isName(t, "def") || isName(t, "class") else { return nil }
        let base = tokens[t].depth
        var lambdas = 0
        for i in t..<end {
            if isName(i, "lambda") { lambdas += 1 }
            if isOp(i, ":"), tokens[i].depth == base {
                if lambdas > 0 { lambdas -= 1; continue }
                return i < end - 1 ? i : nil
            }
        }
        return nil
    }

    /// The innermost `def` (or `class` with `classes`) whose block holds token `t`: the header's
    /// first token and the block. Nil at module level.
    func enclosing(_ t: Int, classes: Bool = false) -> (header: Int, body: Range<Int>)? {
        var i = statementStart(t)
        var level = indent(i)
        while i > 0 {
            let s = statementStart(i - 1)
            let ind = indent(s)
            if ind < level {
                level = ind
                var h = s
                while isOp(h, "@") { h = statementEnd(h) + 1 }
                if isName(h, "async") { h += 1 }
                if isName(h, "def") || (classes && isName(h, "class")) {
                    return (s, block(of: s))
                }
            }
            i = s
        }
        return nil
    }

    /// The tokens of the scope holding `t`: its function's block, or the whole file.
    func scope(_ t: Int) -> Range<Int> { enclosing(t)?.body ?? 0..<tokens.count }

    /// The arguments of the call whose `(` is token `open`: each as its token range, split at
    /// the commas at the call's own depth. A trailing comma gives no empty argument.
    func arguments(_ open: Int) -> [Range<Int>] {
        guard let close = partner[open] else { return [] }
        var out: [Range<Int>] = []
        var start = open + 1
        let depth = tokens[open].depth + 1
        for i in open + 1..<close where isOp(i, ",") && tokens[i].depth == depth {
            out.append(start..<i)
            start = i + 1
        }
        if start < close { out.append(start..<close) }
        return out
    }
}
