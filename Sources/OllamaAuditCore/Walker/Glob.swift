/// A gitignore-style glob: `*` and `?` stay within a path segment, `**/` matches any number
/// of folders, `[a-z]` and `[!a-z]` are classes, a trailing `/` matches folders only, and a
/// glob with no `/` but a trailing one matches the last segment at any depth.
/// The same syntax serves ignore files, `--include`/`--exclude` and a rule's `paths:`.
public struct Glob: Hashable, Sendable, CustomStringConvertible {
    public let description: String
    /// `!pattern` in an ignore file: a match re-includes the path.
    public let negated: Bool
    let directoryOnly: Bool
    let anchored: Bool
    let tokens: [Token]

    enum Token: Hashable {
        case byte(UInt8)
        case anyByte                 // ?
        case star                    // * (stops at /)
        case anything                // trailing /** (crosses /)
        case anyFolders              // **/ (zero or more whole segments)
        case set([ClassItem], negated: Bool)
    }

    enum ClassItem: Hashable {
        case byte(UInt8)
        case range(UInt8, UInt8)
    }

    /// Parses one glob. Returns nil for text that is not a pattern (a blank or `#` line).
    public init?(_ text: String, allowNegation: Bool = true) {
        var body = Substring(text)
        if body.isEmpty || body.hasPrefix("#") { return nil }
        var negated = false
        if allowNegation, body.hasPrefix("!") { negated = true; body = body.dropFirst() }
        if body.hasPrefix("\\!") || body.hasPrefix("\\#") { body = body.dropFirst() }
        var directoryOnly = false
        while body.hasSuffix("/") { directoryOnly = true; body = body.dropLast() }
        if body.isEmpty { return nil }
        let anchored = body.dropLast().contains("/") || body.hasPrefix("/")
        while body.hasPrefix("/") { body = body.dropFirst() }
        self.description = text
        self.negated = negated
        self.directoryOnly = directoryOnly
        self.anchored = anchored
        self.tokens = Self.tokenize(Array(body.utf8))
    }

    /// Whether `path` (relative, `/`-separated, no leading `/`) matches.
    public func matches(_ path: String, isDirectory: Bool) -> Bool {
        if directoryOnly && !isDirectory { return false }
        var bytes = Array(path.utf8)
        if !anchored, let slash = bytes.lastIndex(of: UInt8(ascii: "/")) {
            bytes = Array(bytes[(slash + 1)...])
        }
        return Self.match(tokens, 0, bytes, 0)
    }

    /// Whether `path` or one of the folders it lies in matches: `--exclude docs` excludes
    /// `docs/a.md`, as it would in an ignore file.
    public func matchesPathOrParent(_ path: String, isDirectory: Bool) -> Bool {
        if matches(path, isDirectory: isDirectory) { return true }
        var parent = Substring(path)
        while let slash = parent.lastIndex(of: "/") {
            parent = parent[..<slash]
            if matches(String(parent), isDirectory: true) { return true }
        }
        return false
    }

    private static func tokenize(_ p: [UInt8]) -> [Token] {
        let slash = UInt8(ascii: "/"), star = UInt8(ascii: "*")
        var tokens: [Token] = []
        var i = 0
        while i < p.count {
            let c = p[i]
            if c == star, i + 1 < p.count, p[i + 1] == star {
                let atSegmentStart = i == 0 || p[i - 1] == slash
                let j = i + 2
                if atSegmentStart, j < p.count, p[j] == slash { tokens.append(.anyFolders); i = j + 1; continue }
                if atSegmentStart, j == p.count { tokens.append(.anything); i = j; continue }
                tokens.append(.star); i = j; continue
            }
            switch c {
            case star: tokens.append(.star)
            case UInt8(ascii: "?"): tokens.append(.anyByte)
            case UInt8(ascii: "\\") where i + 1 < p.count:
                i += 1; tokens.append(.byte(p[i]))
            case UInt8(ascii: "["):
                if let (token, next) = parseClass(p, from: i) { tokens.append(token); i = next; continue }
                tokens.append(.byte(c))
            default: tokens.append(.byte(c))
            }
            i += 1
        }
        return tokens
    }

    private static func parseClass(_ p: [UInt8], from start: Int) -> (Token, Int)? {
        var i = start + 1
        var negated = false
        if i < p.count, p[i] == UInt8(ascii: "!") || p[i] == UInt8(ascii: "^") { negated = true; i += 1 }
        var items: [ClassItem] = []
        var first = true
        while i < p.count {
            let c = p[i]
            if c == UInt8(ascii: "]"), !first { return (.set(items, negated: negated), i + 1) }
            first = false
            if i + 2 < p.count, p[i + 1] == UInt8(ascii: "-"), p[i + 2] != UInt8(ascii: "]") {
                items.append(.range(c, p[i + 2])); i += 3
            } else {
                items.append(.byte(c)); i += 1
            }
        }
        return nil  // no closing bracket: the `[` is literal
    }

    private static func match(_ t: [Token], _ ti: Int, _ s: [UInt8], _ si: Int) -> Bool {
        let slash = UInt8(ascii: "/")
        guard ti < t.count else { return si == s.count }
        switch t[ti] {
        case let .byte(b):
            return si < s.count && s[si] == b && match(t, ti + 1, s, si + 1)
        case .anyByte:
            return si < s.count && s[si] != slash && match(t, ti + 1, s, si + 1)
        case let .set(items, negated):
            guard si < s.count, s[si] != slash else { return false }
            let c = s[si]
            let hit = items.contains {
                switch $0 {
                case let .byte(b): b == c
                case let .range(lo, hi): lo <= c && c <= hi
                }
            }
            return hit != negated && match(t, ti + 1, s, si + 1)
        case .star:
            var k = si
            while true {
                if match(t, ti + 1, s, k) { return true }
                if k == s.count || s[k] == slash { return false }
                k += 1
            }
        case .anything:
            return true
        case .anyFolders:
            if match(t, ti + 1, s, si) { return true }
            var k = si
            while k < s.count {
                if s[k] == slash, match(t, ti + 1, s, k + 1) { return true }
                k += 1
            }
            return false
        }
    }
}
