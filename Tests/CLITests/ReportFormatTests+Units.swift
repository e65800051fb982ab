import AuditTestSupport
import Fix
import Foundation
import OllamaAuditCore
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

    /// Checked against the plan `--fix` makes of the seed, not a count written here: a unit
    /// the planner gains or loses is listed without an edit to this test.
    @Test func theMarkdownAuditListsEachUnitOfTheSeedsFixPlan() throws {
        // The same root and working directory as the run below: a unit's reason names files
        // relative to the working directory, as `--fix` prints them.
        let root = TestSupport.fixture("seed-project")
        var request = FixRequest()
        request.scan.paths = [root]
        let plan = try Pipeline.planFix(request)
        let units = plan.plans.filter { $0.refusal == nil }.flatMap { fix in fix.units.map { (path: fix.file.path, unit: $0) } }
        let manual = units.filter { $0.unit.manual != nil }
        #expect(!manual.isEmpty && manual.count < units.count, "the seed has units of both kinds")

        let result = try TestSupport.run(["scan", root, "--format", "markdown"], in: FileManager.default.currentDirectoryPath)
        #expect(result.status == 1)
        let blocks = try Self.unitBlocks(result.stdout)
        // Files as the report names them, relative to the working directory.
        #expect(Set(blocks.keys) == Set(units.map { Escaping.markdownCode(plan.report.location(of: $0.path)) }))
        for (path, unit) in units {
            let block = try #require(blocks[Escaping.markdownCode(plan.report.location(of: path))])
            let head = "line \(unit.line): \(Escaping.markdownCell(unit.subject)) — "
            if let reason = unit.manual {
                #expect(block.contains("\n- [ ] " + head + "manual: " + Escaping.markdownCell(reason) + "\n"), "\(path): \(block)")
            } else {
                let notes = unit.notes.map { "  - note: \(Escaping.markdownCell($0))\n" }.joined()
                #expect(block.contains("\n- [x] " + head + "rewritten by `--fix`\n" + notes), "\(path): \(block)")
            }
        }
        let items = blocks.values.flatMap { $0.split(separator: "\n") }
        #expect(items.count { $0.hasPrefix("- [ ] ") } == manual.count)
        #expect(items.count { $0.hasPrefix("- [x] ") } == units.count - manual.count)
    }

    /// A dry run's Markdown report lists the units its plan has, as a plain scan's does.
    @Test func aDryRunsMarkdownListsTheSameUnitsAsAScan() throws {
        let folder = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(folder) }
        let plain = try scan(["fixtures/seed-project", "--format", "markdown"]).stdout
        _ = try scan(["fixtures/seed-project", "--fix", "--dry-run", "--report", "markdown=\(folder)/fix.md"])
        let fix = try String(contentsOfFile: folder + "/fix.md", encoding: .utf8)
        #expect(try Self.unitBlocks(fix) == (try Self.unitBlocks(plain)))
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
            + "(cannot read \\`x\\|y\\`). The rest of this audit is complete.\n\n## Validation\n"), "\(md)")
        // Without units (another caller of the reporter), there is no section at all.
        #expect(!MarkdownReporter().render(try Self.flowReport()).contains("## Migration units"))
    }
}
