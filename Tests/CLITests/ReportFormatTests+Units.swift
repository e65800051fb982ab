import AuditTestSupport
import Foundation
import Report
import Testing

/// The Markdown audit lists `--fix`'s migration units (issue 16): per file, each unit the fix
/// rewrites whole (checked) and each it leaves, with the reason (unchecked).
extension ReportFormatTests {
    /// The "## Migration units" section of a Markdown audit, split into its files' blocks by
    /// their headings.
    static func unitBlocks(_ markdown: String) throws -> [String: String] {
        let after = try #require(markdown.components(separatedBy: "\n## Migration units\n").dropFirst().first,
                                 "no units section in \(markdown)")
        let section = after.components(separatedBy: "\n## ")[0]
        var blocks: [String: String] = [:]
        for block in section.components(separatedBy: "\n### ").dropFirst() {
            let heading = String(block.prefix { $0 != "\n" })
            blocks[heading] = String(block.dropFirst(heading.count))
        }
        return blocks
    }

    @Test func unitsAreSortedFoldedWhenManyAndEscaped() throws {
        let report = try Self.flowReport()
        var rows = (1...11).reversed().map {
            MigrationUnitRow(path: "b.py", line: $0, subject: "call \($0)", outcome: .applied(notes: []))
        }
        rows.append(MigrationUnitRow(path: "a.py", line: 3, subject: "client `c` <b>|</b>",
                                     outcome: .manual(reason: "line 2\nhas <img src=x> | a pipe")))
        rows.append(MigrationUnitRow(path: "a.py", line: 1, subject: "call `ollama.chat(…)`",
                                     outcome: .applied(notes: ["# not a heading"])))
        let md = MarkdownReporter(units: .planned(rows)).render(report)
        let blocks = try Self.unitBlocks(md)
        #expect(md.contains("13 units in 2 files: 12 rewritten by `--fix`, 1 manual.\n"))
        #expect(blocks["`a.py`"] == """


            - [x] line 1: call `ollama.chat(…)` — rewritten by `--fix`
              - note: # not a heading
            - [ ] line 3: client `c` &lt;b&gt;\\|&lt;/b&gt; — manual: line 2 has &lt;img src=x&gt; \\| a pipe

            """)
        let b = try #require(blocks["`b.py`"])
        #expect(b.hasPrefix("\n\n<details>\n<summary>11 units: 11 rewritten by <code>--fix</code>, 0 manual</summary>\n\n- [x] line 1: call 1 "))
        #expect(b.hasSuffix("- [x] line 11: call 11 — rewritten by `--fix`\n\n</details>\n"))
        let lines = b.split(separator: "\n").filter { $0.hasPrefix("- [x]") }.map { Int($0.split(separator: " ")[3].dropLast())! }
        #expect(lines == Array(1...11))
        // The section sits between the sequence and the follow-ups.
        let order = ["## Migration sequence", "## Migration units", "## Manual follow-ups"].map { md.range(of: "\n\($0)\n")!.lowerBound }
        #expect(order == order.sorted())
    }

    @Test func anUnplannedFixStillRendersTheAudit() throws {
        let md = MarkdownReporter(units: .unplanned(reason: "cannot read `x|y`")).render(try Self.flowReport())
        #expect(md.contains("\n## Migration units\n\nNot listed: `ollama-audit scan --fix` could not be planned "
            + "(cannot read \\`x\\|y\\`). The rest of this audit is complete.\n\n## Manual follow-ups\n"), "\(md)")
        // Without units (another caller of the reporter), there is no section at all.
        #expect(!MarkdownReporter().render(try Self.flowReport()).contains("## Migration units"))
    }
}
