import AuditTestSupport
import Foundation
import Testing

/// The tool's own artifacts, the `--fix` side: 0.1.0 rewrote its own audit.json, and a configuration
/// given with `--config` under another name (`OLLAMA_MODEL: CHAT_MODEL` became
/// `CHAT_MODEL: CHAT_MODEL`).
extension FixSafetyTests {
    @Test func fixNeverRewritesTheToolsOwnFiles() throws {
        let root = try TestSupport.makeTemporaryDirectory("fix-artifacts")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree([
            "app.py": "import ollama\nclient = ollama.Client(host='http://localhost:11434')\n",
            ".env": "OLLAMA_HOST=http://localhost:11434\nOLLAMA_MODEL=llama3\n",
            "ci/team.yml": "env-names:\n  OLLAMA_MODEL: CHAT_MODEL\n",
            "old-baseline.json": "{\"version\": 1, \"entries\": []}\n",
        ], under: root)
        func run(_ arguments: [String]) throws -> TestSupport.RunResult {
            let result = try TestSupport.run(arguments, in: root, timeout: 120)
            #expect(!result.timedOut, "\(arguments) hung")
            #expect([0, 1].contains(result.status), "\(arguments): \(result.stderr)")
            return result
        }
        _ = try run(["scan", ".", "--report", "markdown=MIGRATION.md", "--report", "json=audit.json",
                     "--report", "sarif=audit.sarif.json", "--report", "junit=junit.xml", "-o", "text.md"])
        let stdout = try run(["scan", ".", "--format", "json"])
        try stdout.stdout.write(toFile: root + "/stdout.json", atomically: true, encoding: .utf8)
        _ = try run(["baseline", "write", "baseline.json"])
        _ = try run(["init", "--path", "starter.yml"])
        _ = try run(["scan", ".", "--fix", "--dry-run", "--allow-dirty", "--patch", "patch.md"])
        let own = ["ci/team.yml", "old-baseline.json", "MIGRATION.md", "audit.json", "audit.sarif.json", "junit.xml",
                   "text.md", "stdout.json", "baseline.json", "starter.yml", "patch.md"]
        var before: [String: [UInt8]] = [:]
        for name in own { before[name] = try Self.bytes(root + "/" + name) }
        let env = try Self.bytes(root + "/.env")

        let fix = try run(["scan", ".", "--fix", "--allow-dirty", "--config", "ci/team.yml",
                           "--baseline", "old-baseline.json", "--format", "json"])
        #expect(try Self.bytes(root + "/.env") != env, "the fix ran: \(fix.stderr)")
        #expect(String(decoding: try Self.bytes(root + "/.env"), as: UTF8.self).contains("CHAT_MODEL"),
                "the --config map was used")
        for name in own {
            #expect(try Self.bytes(root + "/" + name) == before[name], "\(name) was rewritten")
        }
    }
}
