import PCRE2Swift
import Testing

/// The scanner splits a long search into calls with a start limit and
/// resumes one byte after the limit: that is only lossless if a match may start at the limit.
@Suite struct OffsetLimitTests {
    let scratch = MatchScratch(maxCaptureCount: 1)

    func matches(_ pattern: String, _ text: String, from start: Int, limit: Int?) throws -> Range<Int>? {
        let regex = try Regex(pattern)
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes { raw in
            try regex.match(raw, from: start, startLimit: limit, using: scratch) ? scratch.range(ofGroup: 0) : nil
        }
    }

    @Test func aMatchMayStartAtTheLimitAndRunPastIt() throws {
        #expect(try matches("\\ncd", "ab\ncd", from: 0, limit: 2) == 2..<5)
        #expect(try matches("\\ncd", "ab\ncd", from: 0, limit: 1) == nil)
        #expect(try matches("cd", "ab\ncd", from: 0, limit: 2) == nil)
        // No limit after a limited call: the scratch's match context is reset.
        #expect(try matches("cd", "ab\ncd", from: 0, limit: nil) == 3..<5)
    }
}
