import Foundation

/// A gitignore-style glob: `*` and `?` stay within a path segment, `**/` matches any number
/// of folders, `[a-z]` and `[!a-z]` are classes, a trailing `/` matches folders only, and a
/// glob with no `/` but a trailing one matches the last segment at any depth.
/// The same syntax serves ignore files, `--include`/`--exclude` and a rule's `paths:`.
public struct Glob: Hashable, Sendable, CustomStringConvertible {
    /// The pattern as written.
    package let text: [UInt8]
    public var description: String { String(decoding: text, as: UTF8.self) }
    /// `!pattern` in an ignore file: a match re-includes the path.
    public let negated: Bool
    package let directoryOnly: Bool
    package let anchored: Bool
    /// The pattern without its flags, and the flags: two globs with the same key match the
    /// same paths.
    package let key: Key
    /// Empty when `isLiteral`: then `tail` is the whole pattern.
    package let tokens: [Token]
    /// The bytes every match ends with (the literal tokens after the last wildcard): ignore
    /// files index their patterns by it, so a file of 100,000 names is not 100,000 matches.
    package let tail: [UInt8]
    /// No wildcard at all: a match is a comparison with `tail`.
    package let isLiteral: Bool
    /// The literal bytes before the first wildcard: a name that does not start with them is no
    /// match, without running the matcher (`node_modules*`, `.env.*`, `npm-debug.log*`).
    package let head: [UInt8]

    package struct Key: Hashable {
        package let body: Bytes
        package let negated: Bool
        package let directoryOnly: Bool
        package let anchored: Bool
    }

    /// Bytes hashed and compared as one block: an ignore file of 100,000 lines hashes each
    /// twice, and element by element that was most of the time it took to read.
    package struct Bytes: Hashable, Sendable {
        package let bytes: [UInt8]

        package init(_ bytes: [UInt8]) { self.bytes = bytes }

        package func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }

        package static func == (a: Bytes, b: Bytes) -> Bool {
            a.bytes.count == b.bytes.count && a.bytes.withUnsafeBytes { x in
                b.bytes.withUnsafeBytes { y in x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
            }
        }
    }

    package enum Token: Hashable {
        case byte(UInt8)
        case anyByte                 // ?
        case star                    // * (stops at /)
        case anything                // trailing /** (crosses /)
        case anyFolders              // **/ (zero or more whole segments)
        case set([ClassItem], negated: Bool)
    }

    package enum ClassItem: Hashable {
        case byte(UInt8)
        case range(UInt8, UInt8)
    }

    /// Parses one glob. Returns nil for text that is not a pattern (a blank or `#` line).
    public init?(_ text: String, allowNegation: Bool = true) {
        self.init(bytes: Array(text.utf8), allowNegation: allowNegation)
    }

    /// Parses one glob from bytes: an ignore file's line need not be UTF-8, and neither need
    /// the names it matches.
    public init?(bytes text: [UInt8], allowNegation: Bool = true) {
        let slash = UInt8(ascii: "/")
        var body = text[...]
        if body.isEmpty || body.first == UInt8(ascii: "#") { return nil }
        var negated = false
        if allowNegation, body.first == UInt8(ascii: "!") { negated = true; body = body.dropFirst() }
        if body.starts(with: "\\!".utf8) || body.starts(with: "\\#".utf8) { body = body.dropFirst() }
        var directoryOnly = false
        while body.last == slash { directoryOnly = true; body = body.dropLast() }
        if body.isEmpty { return nil }
        let anchored = body.dropLast().contains(slash) || body.first == slash
        while body.first == slash { body = body.dropFirst() }
        self.text = text
        self.negated = negated
        self.directoryOnly = directoryOnly
        self.anchored = anchored
        let pattern = Array(body)
        self.key = Key(body: Bytes(pattern), negated: negated, directoryOnly: directoryOnly, anchored: anchored)
        // Most lines of an ignore file are plain names: no need to tokenize them.
        let wild = pattern.withUnsafeBufferPointer {
            $0.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "\\") }
        }
        if !wild {
            self.tokens = []
            self.tail = pattern
            self.head = pattern
            self.isLiteral = true
            return
        }
        let tokens = Self.tokenize(pattern)
        var start = tokens.count
        while start > 0, case .byte = tokens[start - 1] { start -= 1 }
        self.tail = tokens[start...].map { if case let .byte(b) = $0 { b } else { 0 } }
        self.isLiteral = start == 0
        self.tokens = self.isLiteral ? [] : tokens
        self.head = tokens.prefix { if case .byte = $0 { true } else { false } }.map { if case let .byte(b) = $0 { b } else { 0 } }
    }

    /// A name with no wildcard, escape, slash or leading `!` or `#`: what `init(bytes:)`
    /// makes of it, without the parsing.
    package init(plainName name: [UInt8]) {
        self.text = name
        self.negated = false
        self.directoryOnly = false
        self.anchored = false
        self.key = Key(body: Bytes(name), negated: false, directoryOnly: false, anchored: false)
        self.tokens = []
        self.tail = name
        self.head = name
        self.isLiteral = true
    }

    /// Whether `path` (relative, `/`-separated, no leading `/`) matches.
    public func matches(_ path: String, isDirectory: Bool) -> Bool {
        var steps = 0
        var path = path
        return path.withUTF8 { matches($0, isDirectory: isDirectory, steps: &steps) }
    }

    /// `matches` on bytes, with the work it took: one step per (byte, pattern token) pair the
    /// matcher looked at. The fuzz target `fuzz-glob` checks the bound: at most
    /// 3 × (tokens + 1) × (bytes + 1), whatever the pattern.
    public func matchSteps(_ path: [UInt8], isDirectory: Bool) -> (matched: Bool, steps: Int) {
        var steps = 0
        let matched = path.withUnsafeBufferPointer { matches($0, isDirectory: isDirectory, steps: &steps) }
        return (matched, steps)
    }

    package func matches(_ path: UnsafeBufferPointer<UInt8>, isDirectory: Bool, steps: inout Int) -> Bool {
        if directoryOnly && !isDirectory { return false }
        var name = path
        if !anchored, let slash = path.lastIndex(of: UInt8(ascii: "/")) {
            name = UnsafeBufferPointer(rebasing: path[(slash + 1)...])
        }
        if isLiteral {
            steps += name.count
            return name.elementsEqual(tail)
        }
        if !head.isEmpty {
            steps += min(head.count, name.count)
            guard name.starts(with: head) else { return false }
        }
        return Self.run(tokens, name, steps: &steps)
    }

    package func matches(_ path: [UInt8], isDirectory: Bool, steps: inout Int) -> Bool {
        path.withUnsafeBufferPointer { matches($0, isDirectory: isDirectory, steps: &steps) }
    }

    package func matches(bytes path: [UInt8], isDirectory: Bool) -> Bool {
        var steps = 0
        return path.withUnsafeBufferPointer { matches($0, isDirectory: isDirectory, steps: &steps) }
    }

    package func matchesPathOrParent(bytes path: [UInt8], isDirectory: Bool) -> Bool {
        var steps = 0
        return path.withUnsafeBufferPointer { all in
            if matches(all, isDirectory: isDirectory, steps: &steps) { return true }
            var end = all.count
            while let slash = all[..<end].lastIndex(of: UInt8(ascii: "/")) {
                end = slash
                if matches(UnsafeBufferPointer(rebasing: all[..<end]), isDirectory: true, steps: &steps) { return true }
            }
            return false
        }
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
                if atSegmentStart, j < p.count, p[j] == slash {
                    // `**/**/` is `**/`: 200,000 of them are one token, not 200,000 states.
                    if tokens.last != .anyFolders { tokens.append(.anyFolders) }
                    i = j + 1; continue
                }
                if atSegmentStart, j == p.count { tokens.append(.anything); i = j; continue }
                if tokens.last != .star { tokens.append(.star) }
                i = j; continue
            }
            switch c {
            case star: if tokens.last != .star { tokens.append(.star) }
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

    /// A simulation of the pattern as an automaton whose states are token positions, one
    /// byte at a time: time (tokens + 1) × (bytes + 1), memory tokens + 1, no recursion and
    /// no backtracking. The recursive matcher it replaces took 97 s on `*a*a*a*a*a*a*a*a*a*a*a*b`
    /// against a 35-byte name and overflowed the stack on 200,000 `**/`.
    ///
    /// Per token: `.byte`, `.anyByte` and `.set` consume one byte and move on; `.star` loops on
    /// any byte but `/`; `.anything` loops on any byte. `.star` and `.anything` may also match
    /// nothing, so a position on one of them is also a position after it. `.anyFolders` is
    /// empty, or anything up to and including a `/`: a position on it is also after it (the
    /// empty match), but once it has taken a byte it is `inside` it, and only a `/` leads on.
    package static func run(_ t: [Token], _ s: UnsafeBufferPointer<UInt8>, steps: inout Int) -> Bool {
        let slash = UInt8(ascii: "/")
        let m = t.count
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: 4 * (m + 1)) { states in
            states.initialize(repeating: false)
            var current = UnsafeMutableBufferPointer(rebasing: states[0...m])
            var next = UnsafeMutableBufferPointer(rebasing: states[(m + 1)...(2 * m + 1)])
            var inside = UnsafeMutableBufferPointer(rebasing: states[(2 * m + 2)...(3 * m + 2)])
            var nextInside = UnsafeMutableBufferPointer(rebasing: states[(3 * m + 3)...])
            /// Adds the positions reachable without consuming a byte.
            func close(_ set: UnsafeMutableBufferPointer<Bool>, _ steps: inout Int) {
                for i in 0..<m {
                    steps += 1
                    guard set[i] else { continue }
                    switch t[i] {
                    case .star, .anything, .anyFolders: set[i + 1] = true
                    default: break
                    }
                }
            }
            current[0] = true
            close(current, &steps)
            for c in s {
                var live = false
                for i in 0...m { next[i] = false; nextInside[i] = false }
                for i in 0..<m where current[i] || inside[i] {
                    steps += 1
                    live = true
                    if inside[i] {
                        nextInside[i] = true
                        if c == slash { next[i + 1] = true }
                    }
                    guard current[i] else { continue }
                    switch t[i] {
                    case let .byte(b): if c == b { next[i + 1] = true }
                    case .anyByte: if c != slash { next[i + 1] = true }
                    case let .set(items, negated):
                        if c != slash, Self.classContains(items, c) != negated { next[i + 1] = true }
                    case .star: if c != slash { next[i] = true }
                    case .anything: next[i] = true
                    case .anyFolders:
                        nextInside[i] = true
                        if c == slash { next[i + 1] = true }
                    }
                }
                // Only the end position was live: a byte is left over, nothing can take it.
                guard live else { return false }
                close(next, &steps)
                swap(&current, &next)
                swap(&inside, &nextInside)
            }
            return current[m]
        }
    }

    static func classContains(_ items: [ClassItem], _ c: UInt8) -> Bool {
        items.contains {
            switch $0 {
            case let .byte(b): b == c
            case let .range(lo, hi): lo <= c && c <= hi
            }
        }
    }
}
