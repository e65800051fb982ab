/// A JavaScript or TypeScript file as tokens: enough structure for the migration units to find
/// a call, its object argument, the statement around it, the block a name is declared in and
/// the reads of a name. Strings, template literals, comments and regular expression literals
/// are read here rather than from the shared `SyntaxMask`: the mask knows no regex literal, and
/// a quote inside one (`/'/`) would turn the rest of the file into a string. The interpolations
/// of a template literal (`${…}`) are code, tokenized like the rest, so a name used in one is
/// seen as a use.
struct JavaScriptSource {
    enum Kind: Equatable { case name, string, number, op, regex }

    struct Token {
        let kind: Kind
        let range: Range<Int>
        /// The bracket depth the token sits at (an opening bracket counts outside itself).
        let depth: Int
        /// Whether a line break separates this token from the one before it.
        let newlineBefore: Bool
    }

    let bytes: [UInt8]
    let tokens: [Token]
    /// For each bracket token (`(`, `[`, `{`, `${` and their closes), the index of its partner.
    let partner: [Int: Int]
    /// The offset where each line starts (`UnitSource.line`).
    let lineStarts: [Int]
    /// Whether the whole file was read: false when a string, comment, template or bracket is
    /// left open at the end, so the tokens cannot be trusted for a rewrite.
    let complete: Bool

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var tokens: [Token] = []
        var partner: [Int: Int] = [:]
        var open: [Int] = []
        // For each open `${`, the depth of `open` where it sits: its `}` resumes the template.
        var templates: [Int] = []
        var complete = true
        var newline = false
        var i = 0
        func isWord(_ b: UInt8) -> Bool {
            b == 0x5F || b == 0x24 || (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || b >= 0x30 && b <= 0x39 || b >= 0x80
        }
        func add(_ kind: Kind, _ range: Range<Int>) {
            tokens.append(Token(kind: kind, range: range, depth: open.count, newlineBefore: newline))
            newline = false
        }
        /// Reads template text from `start` (just after `` ` `` or a `}` closing `${`): up to the
        /// closing backquote, or to a `${`, which opens an interpolation.
        func template(from start: Int) -> (end: Int, interpolation: Bool) {
            var j = start
            while j < bytes.count {
                if bytes[j] == 0x5C { j += 2; continue }
                if bytes[j] == 0x60 { return (j + 1, false) }
                if bytes[j] == 0x24, j + 1 < bytes.count, bytes[j + 1] == 0x7B { return (j, true) }
                j += 1
            }
            complete = false
            return (bytes.count, false)
        }
        /// Whether a `/` here starts a regular expression: after an operator, a keyword, or
        /// nothing; not after a value.
        func regexAllowed() -> Bool {
            guard let last = tokens.last else { return true }
            switch last.kind {
            case .number, .string, .regex: return false
            case .name:
                let word = String(decoding: bytes[last.range], as: UTF8.self)
                return ["return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield",
                        "await", "instanceof"].contains(word)
            case .op:
                let op = bytes[last.range]
                return !(op.elementsEqual([0x29]) || op.elementsEqual([0x5D]) || op.elementsEqual([0x7D]))
            }
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A { newline = true; i += 1; continue }
            if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0C { i += 1; continue }
            // Comments.
            if b == 0x2F, i + 1 < bytes.count, bytes[i + 1] == 0x2F {
                while i < bytes.count, bytes[i] != 0x0A { i += 1 }
                continue
            }
            if b == 0x2F, i + 1 < bytes.count, bytes[i + 1] == 0x2A {
                var j = i + 2
                while j + 1 < bytes.count, !(bytes[j] == 0x2A && bytes[j + 1] == 0x2F) { j += 1 }
                if j + 1 >= bytes.count { complete = false; break }
                if bytes[i..<j].contains(0x0A) { newline = true }
                i = j + 2
                continue
            }
            // Strings.
            if b == 0x22 || b == 0x27 {
                var j = i + 1
                while j < bytes.count, bytes[j] != b, bytes[j] != 0x0A { j += bytes[j] == 0x5C ? 2 : 1 }
                if j >= bytes.count || bytes[j] != b { complete = false; j = min(j, bytes.count); add(.string, i..<j); i = j; continue }
                add(.string, i..<j + 1)
                i = j + 1
                continue
            }
            if b == 0x60 {
                let (end, interpolation) = template(from: i + 1)
                if interpolation {
                    // `…${`: the text so far, then the interpolation as a bracket.
                    add(.string, i..<end)
                    add(.op, end..<end + 2)
                    open.append(tokens.count - 1)
                    templates.append(open.count)
                    i = end + 2
                } else {
                    add(.string, i..<end)
                    i = end
                }
                continue
            }
            if b == 0x7D, let last = templates.last, last == open.count {
                // The `}` of an interpolation: the template goes on.
                templates.removeLast()
                let o = open.removeLast()
                partner[o] = tokens.count
                partner[tokens.count] = o
                add(.op, i..<i + 1)
                let (end, interpolation) = template(from: i + 1)
                if interpolation {
                    add(.string, i + 1..<end)
                    add(.op, end..<end + 2)
                    open.append(tokens.count - 1)
                    templates.append(open.count)
                    i = end + 2
                } else {
                    add(.string, i + 1..<end)
                    i = end
                }
                continue
            }
            if b == 0x2F, regexAllowed() {
                var j = i + 1
                var inClass = false
                while j < bytes.count, bytes[j] != 0x0A {
                    if bytes[j] == 0x5C { j += 2; continue }
                    if bytes[j] == 0x5B { inClass = true } else if bytes[j] == 0x5D { inClass = false } else if bytes[j] == 0x2F, !inClass { break }
                    j += 1
                }
                if j >= bytes.count || bytes[j] != 0x2F { complete = false; break }
                j += 1
                while j < bytes.count, isWord(bytes[j]) { j += 1 }
                add(.regex, i..<j)
                i = j
                continue
            }
            if isWord(b) {
                var j = i
                while j < bytes.count, isWord(bytes[j]) { j += 1 }
                let digit = b >= 0x30 && b <= 0x39
                if digit {
                    // 1.5, 1e-3
                    while j < bytes.count, bytes[j] == 0x2E || isWord(bytes[j]) { j += 1 }
                }
                add(digit ? .number : .name, i..<j)
                i = j
                continue
            }
            var length = 1
            for op in [">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=", "=>", "==", "!=", "<=", ">=",
                       "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "**"] {
                let u = Array(op.utf8)
                if i + u.count <= bytes.count, bytes[i..<i + u.count].elementsEqual(u) { length = u.count; break }
            }
            // `a?.5:b` is a conditional, not optional chaining.
            if length == 2, b == 0x3F, bytes[i + 1] == 0x2E, i + 2 < bytes.count, bytes[i + 2] >= 0x30, bytes[i + 2] <= 0x39 { length = 1 }
            if length == 1, b == 0x28 || b == 0x5B || b == 0x7B {
                add(.op, i..<i + 1)
                open.append(tokens.count - 1)
            } else if length == 1, b == 0x29 || b == 0x5D || b == 0x7D {
                if let o = open.popLast() {
                    partner[o] = tokens.count
                    partner[tokens.count] = o
                } else {
                    complete = false
                }
                add(.op, i..<i + 1)
            } else {
                add(.op, i..<i + length)
            }
            i += length
        }
        if !open.isEmpty || !templates.isEmpty { complete = false }
        self.tokens = tokens
        self.partner = partner
        lineStarts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
        self.complete = complete
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
    /// `.` or `?.`: a member access.
    func isDot(_ t: Int) -> Bool { isOp(t, ".") || isOp(t, "?.") }

    /// The value of a plain string literal token (`"k"`, `'k'`, a template without
    /// interpolation), nil for anything with an escape.
    func literal(_ t: Int) -> String? {
        guard t >= 0, t < tokens.count, tokens[t].kind == .string else { return nil }
        let s = text(t)
        guard let q = s.first, q == "\"" || q == "'" || q == "`", s.count >= 2, s.last == q, !s.contains("\\"), !s.contains("${") else { return nil }
        return String(s.dropFirst().dropLast())
    }



    /// The indentation of the line holding token `t`.
    func indentation(_ t: Int) -> String {
        let start = lineStart(tokens[t].range.lowerBound)
        var i = start
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        return text(start..<i)
    }

    /// Whether the expression that ends at token `t` ends its statement there: a `;`, a `}`,
    /// the end of the file, or a line break before a token that cannot continue it.
    func endsStatement(after t: Int) -> Bool {
        let n = t + 1
        guard n < tokens.count else { return true }
        if isOp(n, ";") || isOp(n, "}") { return true }
        guard tokens[n].newlineBefore else { return false }
        switch tokens[n].kind {
        case .name:
            return !["in", "of", "instanceof", "as", "satisfies"].contains(String(text(n)))
        case .string: return !text(n).hasPrefix("`")
        case .number, .regex: return true
        case .op:
            return ["{", "!", "++", "--"].contains(String(text(n)))
        }
    }

    /// The innermost bracket pair around token `t`: the open token, or nil at the top.
    func enclosingBracket(_ t: Int) -> Int? {
        let depth = tokens[t].depth
        guard depth > 0 else { return nil }
        var i = t - 1
        while i >= 0 {
            if tokens[i].depth == depth - 1, let close = partner[i], close > t, tokens[i].kind == .op, i < close { return i }
            i -= 1
        }
        return nil
    }

    /// The innermost `{…}` around token `t` (its tokens, braces excluded), or the whole file.
    func block(around t: Int) -> Range<Int> {
        var i = t
        while let open = enclosingBracket(i) {
            if isOp(open, "{"), let close = partner[open] { return open + 1..<close }
            i = open
        }
        return 0..<tokens.count
    }

    /// The entries of the bracketed list whose open token is `open` (call arguments, object
    /// properties, array elements): each as its token range, split at the commas at its own
    /// depth. A trailing comma gives no empty entry.
    func entries(_ open: Int) -> [Range<Int>] {
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

    /// The byte range of a token range.
    func bytes(of range: Range<Int>) -> Range<Int> {
        tokens[range.lowerBound].range.lowerBound..<tokens[range.upperBound - 1].range.upperBound
    }
}
