import Engine
import Platform

/// The linear glob matcher on random globs and names. Short cases must agree with
/// `ReferenceGlob`, the recursive matcher it replaced, kept here only and run on the tokens
/// `Glob` parses (the parsing is GlobTests' to check); every case must stay
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
        guard let glob = Glob(bytes: pattern) else { return }
        let old = ReferenceGlob(glob)
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

/// The recursive glob matcher of 0.1.0, as the obviously-correct reference: each token is one
/// case of a recursion that follows the syntax. Memoised on (token, byte) so the fuzzer's
/// short cases stay fast; the recursion depth is bounded by the pattern and name lengths,
/// which the fuzz target keeps short.
struct ReferenceGlob {
    typealias Token = Glob.Token
    let negated: Bool
    let directoryOnly: Bool
    let anchored: Bool
    let tokens: [Token]

    init(_ glob: Glob) {
        negated = glob.negated
        directoryOnly = glob.directoryOnly
        anchored = glob.anchored
        // A wildcard-free glob keeps its whole pattern as `tail` and no tokens.
        tokens = glob.isLiteral ? glob.tail.map { .byte($0) } : glob.tokens
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
