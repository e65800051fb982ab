import PCRE2Swift
import Testing

@Suite struct RegexTests {
    let scratch = MatchScratch(maxCaptureCount: 4)

    func firstMatch(_ regex: Regex, _ text: String) throws -> Range<Int>? {
        try regex.find(in: Array(text.utf8), using: scratch)
    }

    @Test func compileErrorCarriesCodeMessageAndOffset() {
        #expect(throws: PCRE2Error.self) { try Regex("abc(def") }
        do {
            _ = try Regex("abc(def")
        } catch {
            #expect(error.code == 114)
            #expect(error.offset == 7)
            #expect(error.message == "missing closing parenthesis")
        }
    }

    @Test func matchReportsByteRanges() throws {
        let regex = try Regex(#"OLLAMA_[A-Z]+"#)
        #expect(try firstMatch(regex, "x = OLLAMA_HOST") == 4..<15)
        #expect(try firstMatch(regex, "nothing here") == nil)
    }

    @Test func namedGroupsResolveToNumbers() throws {
        let regex = try Regex(#"(?<host>[a-z]+):(?<port>\d+)"#)
        #expect(regex.groupNumber(named: "port") == 2)
        #expect(regex.groupNumber(named: "nope") == nil)
        let match = try regex.captures(in: Array("ollama:11434".utf8), using: scratch)
        #expect(match?.range == 0..<12)
        #expect(match?[group: 2] == 7..<12)
        #expect(match?[group: 3] == nil)
    }

    @Test func aGroupThatTakesNoPartHasNoSpan() throws {
        let regex = try Regex(#"(a)|(b)"#)
        let match = try regex.captures(in: Array("xb".utf8), using: scratch)
        #expect(match?.groups == [1..<2, nil, 1..<2])
    }

    /// Spans are the slice's own indices, and what precedes the slice's start is not seen,
    /// while what precedes `from` inside it is (lookbehinds, `\b`).
    @Test func aSliceIsSearchedByItsOwnIndices() throws {
        let bytes = Array("xx ollama ollama".utf8)
        let regex = try Regex(#"(?<=ollama )ollama"#)
        #expect(try regex.find(in: bytes[3...], from: 5, using: scratch) == 10..<16)
        #expect(try regex.find(in: bytes[10...], from: 10, using: scratch) == nil)
        let word = try Regex(#"\bollama"#)
        #expect(try word.find(in: bytes[..<9], from: 4, using: scratch) == nil)
        #expect(try word.find(in: bytes[3..<9], from: 3, using: scratch) == 3..<9)
    }

    @Test func invalidUTF8NeverFailsTheCall() throws {
        let regex = try Regex("ollama", options: [.utf, .caseless])
        let bytes: [UInt8] = [0xFF, 0xFE, 0xC3] + Array(" OLLAMA ".utf8) + [0x80]
        #expect(try regex.find(in: bytes, using: scratch) == 4..<10)
    }

    @Test func catastrophicBacktrackingHitsTheMatchLimit() throws {
        let regex = try Regex(#"(a+)+$"#)
        let small = MatchScratch(maxCaptureCount: 1, matchLimit: 100_000)
        let text = String(repeating: "a", count: 5_000) + "!"
        let bytes = Array(text.utf8)
        #expect {
            _ = try regex.find(in: bytes, using: small)
        } throws: { error in
            (error as? PCRE2Error)?.isResourceLimit == true
        }
    }

    @Test func escapeMakesMetacharactersLiteral() throws {
        let regex = try Regex(Regex.escape("a.b*(c)[d]\\e"), options: [])
        #expect(try firstMatch(regex, "xx a.b*(c)[d]\\e yy") == 3..<15)
        #expect(try firstMatch(regex, "aXb*(c)[d]\\e") == nil)
    }

    @Test func emptySubjectIsAccepted() throws {
        let regex = try Regex("x")
        #expect(try firstMatch(regex, "") == nil)
    }
}
