import AuditTestSupport
import Engine
import Foundation
import Languages
import Rules
import Testing

/// A long file is searched in calls of about `FileScanner.searchChunk`
/// bytes of start positions, so the time budget can be looked at between them. The split
/// must lose no match, whichever side of a chunk's end it starts.
@Suite struct ChunkedSearchTests {
    func rules(_ pattern: String) throws -> [Rule] {
        try RuleLoader.load([RuleFileText(path: "test.yml", text: TestRule(pattern: pattern, match: ["zz\nollama"]).file)])
    }

    @Test(arguments: ["\\nollama", "zz\\nollama", "(?m)^ollama", "ollama"])
    func everyLineIsFoundAcrossChunkEnds(_ pattern: String) throws {
        // 8,000 lines of 40 bytes: 320 KB, about 20 chunks, each ending on some line's newline.
        let lines = 8000
        let text = String(repeating: "ollama 456789 123456789 123456789 1234zz\n", count: lines)
        #expect(text.utf8.count > 10 * FileScanner.searchChunk)
        let scanner = Scanner(rules: try rules(pattern), threads: 1)
        let findings = scanner.scan(text: text, path: "a.md", types: FileTypeSet([.markdown]))
        let expected = pattern.hasPrefix("ollama") || pattern.hasPrefix("(?m)") ? lines : lines - 1
        #expect(findings.count == expected)
    }

    /// The segments between long lines, found a window at a time, are those a walk over each
    /// line finds: lines of every length around the limit, at the start and end of a file.
    @Test func longLinesAreFoundWhateverTheirLengthAndPlace() {
        func reference(_ content: [UInt8]) -> (segments: [Range<Int>], longLines: [Range<Int>]) {
            var segments: [Range<Int>] = [], longLines: [Range<Int>] = []
            var segmentStart = 0, lineStart = 0
            while lineStart < content.count {
                let lineEnd = content[lineStart...].firstIndex(of: 0x0A) ?? content.count
                if lineEnd - lineStart > LineIndex.maxLineLength {
                    if segmentStart < lineStart { segments.append(segmentStart..<lineStart) }
                    longLines.append(lineStart..<lineEnd)
                    segmentStart = min(lineEnd + 1, content.count)
                }
                lineStart = lineEnd + 1
            }
            if segmentStart < content.count || segments.isEmpty && longLines.isEmpty { segments.append(segmentStart..<content.count) }
            return (segments, longLines)
        }
        var random = SplitMix64(seed: 0x5E6)
        let limit = LineIndex.maxLineLength
        let lengths = [0, 1, 40, limit - 1, limit, limit + 1, limit + 2, 2 * limit, 3 * limit + 7]
        for _ in 0..<300 {
            var content: [UInt8] = []
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                content += [UInt8](repeating: 0x61, count: lengths[Int.random(in: 0..<lengths.count, using: &random)])
                if Bool.random(using: &random) || content.isEmpty { content.append(0x0A) }
            }
            let found = LineIndex.segments(content), expected = reference(content)
            #expect(found.segments == expected.segments && found.longLines == expected.longLines, "\(content.count) bytes")
        }
    }
}
