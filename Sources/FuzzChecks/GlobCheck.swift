import Engine
import Platform

/// The linear glob matcher on random globs and names. Short cases must agree with
/// `ReferenceGlob`, the recursive matcher it replaced, kept here only; every case must stay
/// within the matcher's step bound, 3 × (pattern bytes + 1) × (name bytes + 1), which long
/// cases (too slow for the reference) exercise. An ignore file's indexed verdict must agree
/// with trying each of its patterns, last first.
public enum GlobCheck {
    /// Pattern bytes: every wildcard and class character, the escape, and a byte that is not UTF-8.
    static let patternBytes: [UInt8] = Array("ab/*?[]!^-\\.".utf8) + [0xFF]
    static let nameBytes: [UInt8] = Array("ab/.-*?[]\\!".utf8) + [0xFF]

    public static func check(_ data: [UInt8]) throws(FuzzFailure) {
        var input = FuzzInput(data)
        let long = input.byte() % 4 == 0
        let pattern = bytes(&input, from: patternBytes, upTo: long ? 200 : 12)
        let name = bytes(&input, from: nameBytes, upTo: long ? 400 : 14)
        let isDirectory = input.bool()
        try compare(pattern, name, isDirectory: isDirectory, reference: !long)
        var file: [UInt8] = []
        for _ in 0..<Int(input.byte() % 6) {
            if input.byte() % 3 == 0 { file.append(UInt8(ascii: "!")) }
            file += bytes(&input, from: patternBytes, upTo: 8)
            file.append(input.byte() % 5 == 0 ? 0x0D : 0x0A)
        }
        let verdicts = IgnoreFileCheck.verdicts(file: file, path: name, isDirectory: isDirectory)
        guard verdicts.indexed == verdicts.plain else {
            throw FuzzFailure("glob", "ignore file \(show(file)) on \(show(name)) (folder: \(isDirectory)): "
                              + "indexed \(String(describing: verdicts.indexed)), plain \(String(describing: verdicts.plain))")
        }
    }

    static func bytes(_ input: inout FuzzInput, from alphabet: [UInt8], upTo limit: Int) -> [UInt8] {
        (0..<(input.int(below: limit + 1))).map { _ in input.pick(alphabet) }
    }

    public static func compare(_ pattern: [UInt8], _ name: [UInt8], isDirectory: Bool, reference: Bool) throws(FuzzFailure) {
        let glob = Glob(bytes: pattern)
        let old = ReferenceGlob(pattern)
        guard (glob == nil) == (old == nil) else {
            throw FuzzFailure("glob", "\(show(pattern)) parses as a glob in one matcher only")
        }
        guard let glob, let old else { return }
        let (matched, steps) = glob.matchSteps(name, isDirectory: isDirectory)
        let bound = 3 * (pattern.count + 1) * (name.count + 1)
        guard steps <= bound else {
            throw FuzzFailure("glob", "\(show(pattern)) on \(show(name)) took \(steps) steps, over the bound \(bound)")
        }
        if reference {
            let expected = old.matches(name, isDirectory: isDirectory)
            guard matched == expected else {
                throw FuzzFailure("glob", "\(show(pattern)) on \(show(name)) (folder: \(isDirectory)): \(matched), the reference says \(expected)")
            }
        }
    }

    static func show(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self).debugDescription + " \(bytes)" }
}

/// The recursive glob matcher of 0.1.0, parsing included, as the obviously-correct reference:
/// each token is one case of a recursion that follows the syntax. Memoised on (token,
/// byte) so the fuzzer's short cases stay fast; the recursion depth is bounded by the
/// pattern and name lengths, which the fuzz target keeps short.
struct ReferenceGlob {
    let negated: Bool
    let directoryOnly: Bool
    let anchored: Bool
    let tokens: [Token]

    enum Token {
        case byte(UInt8)
        case anyByte
        case star
        case anything
        case anyFolders
        case set([ClassItem], negated: Bool)
    }

    enum ClassItem {
        case byte(UInt8)
        case range(UInt8, UInt8)
    }

    init?(_ text: [UInt8], allowNegation: Bool = true) {
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
        self.negated = negated
        self.directoryOnly = directoryOnly
        self.anchored = anchored
        self.tokens = Self.tokenize(Array(body))
    }

    func matches(_ path: [UInt8], isDirectory: Bool) -> Bool {
        if directoryOnly && !isDirectory { return false }
        var bytes = path
        if !anchored, let slash = bytes.lastIndex(of: UInt8(ascii: "/")) {
            bytes = Array(bytes[(slash + 1)...])
        }
        var memo: [Int: Bool] = [:]
        return Self.match(tokens, 0, bytes, 0, &memo)
    }

    static func tokenize(_ p: [UInt8]) -> [Token] {
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

    static func parseClass(_ p: [UInt8], from start: Int) -> (Token, Int)? {
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
        return nil
    }

    static func match(_ t: [Token], _ ti: Int, _ s: [UInt8], _ si: Int, _ memo: inout [Int: Bool]) -> Bool {
        let key = ti * (s.count + 1) + si
        if let known = memo[key] { return known }
        let result = matchOnce(t, ti, s, si, &memo)
        memo[key] = result
        return result
    }

    private static func matchOnce(_ t: [Token], _ ti: Int, _ s: [UInt8], _ si: Int, _ memo: inout [Int: Bool]) -> Bool {
        let slash = UInt8(ascii: "/")
        guard ti < t.count else { return si == s.count }
        switch t[ti] {
        case let .byte(b):
            return si < s.count && s[si] == b && match(t, ti + 1, s, si + 1, &memo)
        case .anyByte:
            return si < s.count && s[si] != slash && match(t, ti + 1, s, si + 1, &memo)
        case let .set(items, negated):
            guard si < s.count, s[si] != slash else { return false }
            let c = s[si]
            let hit = items.contains {
                switch $0 {
                case let .byte(b): b == c
                case let .range(lo, hi): lo <= c && c <= hi
                }
            }
            return hit != negated && match(t, ti + 1, s, si + 1, &memo)
        case .star:
            var k = si
            while true {
                if match(t, ti + 1, s, k, &memo) { return true }
                if k == s.count || s[k] == slash { return false }
                k += 1
            }
        case .anything:
            return true
        case .anyFolders:
            if match(t, ti + 1, s, si, &memo) { return true }
            var k = si
            while k < s.count {
                if s[k] == slash, match(t, ti + 1, s, k + 1, &memo) { return true }
                k += 1
            }
            return false
        }
    }
}
