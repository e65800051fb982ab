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
}
