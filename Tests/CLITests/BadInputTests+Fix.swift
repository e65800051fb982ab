import AuditTestSupport
import Foundation
import Testing

/// `--fix --dry-run` after an incomplete scan.
extension BadInputTests {
    /// A rule hits PCRE2's match limit on one file, so the scan is incomplete (exit 3). The
    /// dry run exited by its diff alone (1) with no word. Now it warns and exits 3, or 1 with
    /// --allow-incomplete, as a scan would.
    @Test func dryRunOfAnIncompleteScanWarnsAndExits3() throws {
        let files = [
            "rules.yml": TestRule(id: "catastrophic", pattern: "(a+)+$").file,
            "slow.md": String(repeating: "a", count: 4000) + "!\n",
            "a.env": "OLLAMA_URL=http://localhost:11434\n",
        ]
        let result = try scan(files, ["--rules", "rules.yml", "--fix", "--dry-run"])
        #expect(result.status == 3, "an incomplete scan: \(result.stderr)")
        #expect(result.stderr.contains("warning: slow.md: rule 'catastrophic':"), "\(result.stderr)")
        #expect(result.stdout.hasPrefix("diff --git a/a.env b/a.env\n"), "the diff is still printed")

        let allowed = try scan(files, ["--rules", "rules.yml", "--fix", "--dry-run", "--allow-incomplete"])
        #expect(allowed.status == 1, "changes pending: \(allowed.stderr)")
        #expect(allowed.stderr.contains("warning: slow.md: rule 'catastrophic':"))
    }

    /// The reports of a dry run hold the scan it was made from, warnings included.
    @Test func dryRunWritesItsReports() throws {
        let root = try TestSupport.makeTemporaryDirectory("dry-run-reports")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree([
            "rules.yml": TestRule(id: "catastrophic", pattern: "(a+)+$").file,
            "slow.md": String(repeating: "a", count: 4000) + "!\n",
            "a.env": "OLLAMA_URL=http://localhost:11434\n",
        ], under: root)
        let result = try TestSupport.run(["scan", ".", "--rules", "rules.yml", "--fix", "--dry-run",
                                          "--report", "json=audit.json", "--report", "markdown=audit.md"],
                                         in: root, timeout: 120)
        #expect(result.status == 3, "\(result.stderr)")
        let document = try json(try String(contentsOfFile: root + "/audit.json", encoding: .utf8))
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["path"] as? String == "a.env" }, "the report holds the scan's findings")
        let warnings = try #require(document["warnings"] as? [[String: Any]])
        #expect(warnings.contains { $0["rule"] as? String == "catastrophic" })
        #expect(FileManager.default.fileExists(atPath: root + "/audit.md"))
        #expect(try String(contentsOfFile: root + "/a.env", encoding: .utf8) == "OLLAMA_URL=http://localhost:11434\n",
                "a dry run writes no file of the tree")
    }

    /// `--fix` refused for uncommitted changes (exit 2) has still scanned: its reports are
    /// written, and describe the tree as it is.
    @Test func aRefusedFixStillWritesItsReports() throws {
        let root = try TestSupport.makeTemporaryDirectory("refused-fix-reports")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree(["a.env": "OLLAMA_URL=http://localhost:11434\n"], under: root)
        let git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
        for arguments in [["init", "-q", "."], ["add", "a.env"], ["commit", "-qm", "a"]] {
            let step = try TestSupport.run(git + arguments, executable: "/usr/bin/env", in: root)
            try #require(step.status == 0, "git \(arguments): \(step.stderr)")
        }
        try Data("OLLAMA_URL=http://localhost:11434\n# mine\n".utf8).write(to: URL(fileURLWithPath: root + "/a.env"))
        let result = try TestSupport.run(["scan", ".", "--fix", "--report", "json=audit.json"], in: root, timeout: 120)
        #expect(result.status == 2, "uncommitted changes: \(result.stderr)")
        let document = try json(try String(contentsOfFile: root + "/audit.json", encoding: .utf8))
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["path"] as? String == "a.env" })
        #expect(try String(contentsOfFile: root + "/a.env", encoding: .utf8) == "OLLAMA_URL=http://localhost:11434\n# mine\n")
    }
}
