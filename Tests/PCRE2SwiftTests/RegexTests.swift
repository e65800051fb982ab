import PCRE2Swift
import Testing

@Suite struct RegexTests {
    let scratch = MatchScratch(maxCaptureCount: 4)

    func firstMatch(_ regex: Regex, _ text: String) throws -> Range<Int>? {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes { raw in
            try regex.match(raw, from: 0, using: scratch) ? scratch.range(ofGroup: 0) : nil
        }
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
        #expect(try firstMatch(regex, "ollama:11434") != nil)
        #expect(scratch.range(ofGroup: 2) == 7..<12)
    }

    @Test func invalidUTF8NeverFailsTheCall() throws {
        let regex = try Regex("ollama", options: [.utf, .caseless])
        var bytes: [UInt8] = [0xFF, 0xFE, 0xC3] + Array(" OLLAMA ".utf8) + [0x80]
        let hit = try bytes.withUnsafeMutableBytes { try regex.match(UnsafeRawBufferPointer($0), from: 0, using: scratch) }
        #expect(hit)
        #expect(scratch.range(ofGroup: 0) == 4..<10)
    }

    @Test func catastrophicBacktrackingHitsTheMatchLimit() throws {
        let regex = try Regex(#"(a+)+$"#)
        let small = MatchScratch(maxCaptureCount: 1, matchLimit: 100_000)
        let text = String(repeating: "a", count: 5_000) + "!"
        let bytes = Array(text.utf8)
        #expect {
            try bytes.withUnsafeBytes { _ = try regex.match($0, from: 0, using: small) }
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
