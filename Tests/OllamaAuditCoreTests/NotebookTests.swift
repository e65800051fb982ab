import AuditTestSupport
import Engine
import Foundation
import Model
import Rules
import Testing

@Suite struct NotebookTests {
    func scan(_ files: [String: String], rules: [TestRule]) throws -> ScanResult {
        let loaded = try RuleLoader.load([RuleFileText(path: "test.yml", text: TestRule.file(rules))])
        let root = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree(files, under: root)
        let walked = try Walker(options: WalkOptions()).files(under: root, display: "")
        return Scanner(rules: loaded, threads: 1).scan(walked.files)
    }

    /// A notebook whose cells are `cells` (kind, source lines), one source string per line.
    static func notebook(_ cells: [(String, [String])], kernel: String? = "python", outputs: String = "") -> String {
        var out = "{\n \"cells\": [\n"
        out += cells.map { kind, lines in
            let source = lines.map { "    \($0)" }.joined(separator: ",\n")
            return "  {\n   \"cell_type\": \"\(kind)\",\n   \"metadata\": {},\n   \"outputs\": [\(outputs)],\n"
                + "   \"source\": [\n\(source)\n   ]\n  }"
        }.joined(separator: ",\n")
        out += "\n ],\n \"metadata\": {"
        if let kernel { out += "\"kernelspec\": {\"language\": \"\(kernel)\", \"name\": \"k\"}" }
        return out + "},\n \"nbformat\": 4\n}\n"
    }

    static let word = TestRule(id: "word", pattern: "OllamaWord", fix: "OpenAIWord", match: ["OllamaWord"])

    @Test func findingOnCellTwoLineThreeReportsTheNotebookLineAndColumn() throws {
        let text = Self.notebook([
            ("markdown", [##""# Title\n""##]),
            ("code", [#""import os\n""#, #""x = 1\n""#, #""y = \"é\" + OllamaWord\n""#]),
        ])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLine = try #require(lines.firstIndex { $0.contains("OllamaWord") }) + 1
        let result = try scan(["nb.ipynb": text], rules: [Self.word])
        let finding = try #require(result.findings.first)
        #expect(result.findings.count == 1)
        #expect(finding.start.line == expectedLine)
        // `    "y = \"é\" + ` is 17 characters: the escapes count as written in the notebook.
        #expect(finding.start == Position(line: expectedLine, column: 18))
        #expect(finding.end == Position(line: expectedLine, column: 28))
        #expect(finding.lineText == String(lines[expectedLine - 1]))
        let bytes = Array(text.utf8)
        #expect(String(decoding: bytes[finding.byteRange], as: UTF8.self) == "OllamaWord")
    }

    /// A finding's region is the block in its cell, at the notebook's own lines.
    @Test func regionsAreTheCellsBlocksAtTheNotebookLines() throws {
        let text = Self.notebook([
            ("markdown", [##""# Title\n""##]),
            ("code", [#""class Repo:\n""#, #""    def chat(self):\n""#, #""        return OllamaWord\n""#, #""x = 1\n""#]),
        ])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let header = try #require(lines.firstIndex { $0.contains("def chat") }) + 1
        let finding = try #require(try scan(["nb.ipynb": text], rules: [Self.word]).findings.first)
        let region = try #require(finding.region)
        #expect(region.kind == "method" && region.name == "Repo.chat")
        #expect(region.startLine == header && region.endLine == header + 1)
        #expect(finding.start.line == header + 1)
    }

    @Test func aMatchAcrossEscapesAndSourceLinesCoversTheNotebookBytes() throws {
        let rule = TestRule(id: "span", pattern: #"begin\n\s*end"#, match: ["begin\nend"])
        let text = Self.notebook([("code", [#""begin\n""#, #""  end\n""#])])
        let finding = try #require(try scan(["nb.ipynb": text], rules: [rule]).findings.first)
        let bytes = Array(text.utf8)
        #expect(String(decoding: bytes[finding.byteRange], as: UTF8.self) == "begin\\n\",\n    \"  end")
        #expect(finding.end.line == finding.start.line + 1)
    }

    @Test func cellsAreScannedAsTheirKindAndOutputsAreNot() throws {
        let rules = [
            TestRule(id: "py", pattern: "OllamaWord", files: ["python"], match: ["OllamaWord"]),
            TestRule(id: "js", pattern: "OllamaWord", files: ["javascript"], match: ["OllamaWord"]),
            TestRule(id: "md", pattern: "OllamaWord", files: ["markdown"], match: ["OllamaWord"]),
        ]
        let output = #"{"output_type": "stream", "text": ["OllamaWord\n"]}"#
        let python = try scan(["nb.ipynb": Self.notebook([("code", [#""OllamaWord""#]), ("markdown", [#""OllamaWord""#]),
                                                          ("raw", [#""OllamaWord""#])], outputs: output)], rules: rules)
        #expect(python.findings.map(\.ruleID).sorted() == ["md", "py"])
        #expect(python.findings.first { $0.ruleID == "md" }?.layer == .documentation)
        #expect(python.findings.first { $0.ruleID == "py" }?.layer == .backend)
        let node = try scan(["nb.ipynb": Self.notebook([("code", [#""OllamaWord""#])], kernel: "javascript")], rules: rules)
        #expect(node.findings.map(\.ruleID) == ["js"])
        let unnamed = try scan(["nb.ipynb": Self.notebook([("code", [#""OllamaWord""#])], kernel: nil)], rules: rules)
        #expect(unnamed.findings.map(\.ruleID) == ["py"])
    }

    @Test func notebookFindingsOfferNoReplacement() throws {
        let result = try scan(["a.py": "OllamaWord\n", "nb.ipynb": Self.notebook([("code", [#""OllamaWord""#])])],
                              rules: [Self.word])
        let plain = try #require(result.findings.first { $0.path == "a.py" })
        let cell = try #require(result.findings.first { $0.path == "nb.ipynb" })
        #expect(plain.replacement == "OpenAIWord")
        #expect(cell.replacement == nil)
        #expect(cell.fixability == .manual)
    }

    @Test func aSuppressionInACellCoversItsLineAndReportsTheNotebookLine() throws {
        let text = Self.notebook([("code", [#""a = 1\n""#, #""OllamaWord  # ollama-audit: ignore[word] -- demo\n""#])])
        let result = try scan(["nb.ipynb": text], rules: [Self.word])
        #expect(result.findings.isEmpty)
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("ignore[word]") }) + 1
        #expect(result.suppressed.map(\.start.line) == [line])
        #expect(result.suppressions.map(\.line) == [line])
    }

    @Test(arguments: [
        "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"OllamaWord\"",  // cut short
        "{\"cells\": \"OllamaWord\"}",  // no list of cells
        "[\"OllamaWord\"]",
        String(repeating: "[\n", count: 1000) + "\"OllamaWord\"",  // deeper than the reader goes
    ])
    func aMalformedNotebookIsScannedAsJSON(text: String) throws {
        let rules = [TestRule(id: "json", pattern: "OllamaWord", files: ["json"], match: ["OllamaWord"])]
        let result = try scan(["nb.ipynb": text], rules: rules)
        #expect(result.findings.map(\.ruleID) == ["json"])
        #expect(result.findings.first?.replacement == nil)
    }
}
