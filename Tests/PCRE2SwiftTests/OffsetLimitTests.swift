import PCRE2Swift
import Testing

/// The scanner splits a long search into calls with a start limit and
/// resumes one byte after the limit: that is only lossless if a match may start at the limit.
@Suite struct OffsetLimitTests {
    let scratch = MatchScratch(maxCaptureCount: 1)

    func matches(_ pattern: String, _ text: String, from start: Int, limit: Int?) throws -> Range<Int>? {
        let regex = try Regex(pattern)
        return try regex.find(in: Array(text.utf8), from: start, startLimit: limit, using: scratch)
    }

    @Test func aMatchMayStartAtTheLimitAndRunPastIt() throws {
        #expect(try matches("\\ncd", "ab\ncd", from: 0, limit: 2) == 2..<5)
        #expect(try matches("\\ncd", "ab\ncd", from: 0, limit: 1) == nil)
        #expect(try matches("cd", "ab\ncd", from: 0, limit: 2) == nil)
        // No limit after a limited call: the scratch's match context is reset.
        #expect(try matches("cd", "ab\ncd", from: 0, limit: nil) == 3..<5)
    }

    /// A slice's limit is one of its indices, as its spans are.
    @Test func aSlicesLimitIsItsOwnIndex() throws {
        let regex = try Regex("cd")
        let bytes = Array("cd\ncd\ncd".utf8)
        #expect(try regex.find(in: bytes[3...], from: 3, startLimit: 3, using: scratch) == 3..<5)
        #expect(try regex.find(in: bytes[3...], from: 4, startLimit: 5, using: scratch) == nil)
        #expect(try regex.find(in: bytes[3...], from: 4, startLimit: 6, using: scratch) == 6..<8)
    }
}
