import AuditTestSupport
import Foundation
import Platform
import Testing

/// Runs the real binary, as users and CI do.
@Suite struct ScanCommandTests {
    func scan(_ arguments: [String], in directory: String? = nil) throws -> TestSupport.RunResult {
        try TestSupport.run(["scan"] + arguments, in: directory)
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func seedProjectReportsTheSeedLocations() throws {
        let result = try scan(["fixtures/seed-project", "--format", "json"])
        #expect(result.status == 1)
        #expect(result.stderr.isEmpty)
        let document = try json(result.stdout)
        #expect(document["version"] as? Int == 2)
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(findings.count >= 15)
        func at(_ path: String, _ line: Int) -> [[String: Any]] {
            findings.filter { $0["path"] as? String == path && ($0["start"] as? [String: Int])?["line"] == line }
        }
        #expect(at("backend/chat_service.py", 17).contains { $0["priority"] as? String == "critical" })
        #expect(!at("backend/config.py", 15).isEmpty)
        #expect(!at("backend/config.py", 16).isEmpty)
        let fallback = findings.filter {
            $0["path"] as? String == "backend/chat_service.py"
                && (181...202).contains(($0["start"] as? [String: Int])?["line"] ?? 0)
        }
        #expect(fallback.contains { $0["priority"] as? String == "critical" })
        #expect(TestSupport.golden(result.stdout, "seed-project.json") == nil)
    }

    /// The seed project's hand-written audit named each file with a migration priority (the
    /// `seed` table below). The file's most urgent
    /// finding has that priority where the seed ranks by the file's role (the inference path,
    /// service configuration, metadata); every seed file has findings at its seed priority.
    @Test func seedFilesCarryTheSeedPriorities() throws {
        let result = try scan(["fixtures/seed-project", "--format", "json"])
        let findings = try #require(try json(result.stdout)["findings"] as? [[String: Any]])
        let rank = ["low": 0, "medium": 1, "high": 2, "critical": 3]
        func priorities(_ path: String) -> [String] {
            findings.filter { $0["path"] as? String == path }.compactMap { $0["priority"] as? String }
        }
        let seed: [(String, String, Bool)] = [  // path, seed priority, is it the file's highest
            ("backend/chat_service.py", "critical", true),
            ("backend/config.py", "high", true),
            ("backend/ai_service.py", "critical", true),
            ("backend/main.py", "medium", true),
            ("backend/src/services/deepseekService.ts", "critical", true),
            ("backend/src/routes/ingestionRoutes.ts", "medium", false),
            ("ai-services/ollama-service.ts", "high", false),
        ]
        for (path, priority, highest) in seed {
            let found = priorities(path)
            #expect(found.contains(priority), "\(path) has no \(priority) finding: \(found)")
            if highest {
                #expect(found.map { rank[$0] ?? 0 }.max() == rank[priority], "\(path): \(found)")
            }
        }
    }

    @Test func seedProjectTextReport() throws {
        let result = try scan(["fixtures/seed-project"])
        #expect(result.status == 1)
        #expect(TestSupport.golden(result.stdout, "seed-project.txt") == nil)
    }

    @Test func cleanProjectHasNoFindings() throws {
        let text = try scan(["fixtures/clean-project"])
        #expect(text.status == 0)
        #expect(TestSupport.golden(text.stdout, "clean-project.txt") == nil)
        let result = try scan(["fixtures/clean-project", "--format", "json"])
        #expect(result.status == 0)
        #expect((try json(result.stdout)["findings"] as? [Any])?.isEmpty == true)
        #expect(TestSupport.golden(result.stdout, "clean-project.json") == nil)
    }

    @Test func brokenRuleStopsBeforeScanningWithExit2() throws {
        let result = try scan(["--rules", "fixtures/rule-files/invalid/bad-pattern.yml", "fixtures/seed-project"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("fixtures/rule-files/invalid/bad-pattern.yml:6: rule 'broken-pattern':"))
        #expect(result.stderr.contains("PCRE2 error 114: missing closing parenthesis at offset 12"))
    }

    @Test func userRulesAloneWithNoDefaultRules() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree([
            "a.py": "import ollama\nGATEWAY = 'http://llm-gateway.internal/v1'\n", "README.md": "Ollama\n",
        ], under: root)
        let rules = TestSupport.fixture("rule-files/valid/team-rules.yml")
        let only = try scan(["--no-default-rules", "--rules", rules, "--format", "json", root])
        let ids = (try json(only.stdout)["findings"] as? [[String: Any]])?.compactMap { $0["rule"] as? String }
        #expect(ids == ["docs-ollama-mention", "team-llm-gateway"])
        let none = try scan(["--no-default-rules", root])
        #expect(none.status == 2)
        #expect(none.stderr.contains("no rules to run"))
    }

    @Test func userRuleOverridesBuiltinPriority() throws {
        let rules = TestSupport.fixture("rule-files/valid/team-rules.yml")
        let result = try scan(["--rules", rules, "--format", "json", "fixtures/seed-project/README.md"])
        let findings = try #require(try json(result.stdout)["findings"] as? [[String: Any]])
        let docs = findings.filter { $0["rule"] as? String == "docs-ollama-mention" }
        #expect(!docs.isEmpty)
        #expect(docs.allSatisfy { $0["priority"] as? String == "medium" })
    }

    @Test func includeAndExcludeNarrowTheScan() throws {
        let include = try scan(["fixtures/seed-project", "--include", "backend/**", "--format", "json"])
        let paths = Set((try json(include.stdout)["findings"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String })
        #expect(!paths.isEmpty)
        #expect(paths.allSatisfy { $0.hasPrefix("backend/") })
        let exclude = try scan(["fixtures/seed-project", "--exclude", "docs", "--exclude", "*.md", "--format", "json"])
        let excluded = (try json(exclude.stdout)["findings"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(!excluded.contains { $0.hasPrefix("docs/") || $0.hasSuffix(".md") })
        #expect(!excluded.isEmpty)
    }

    @Test func failOnThreshold() throws {
        let docsOnly = ["fixtures/seed-project/docs"]
        #expect(try scan(docsOnly).status == 1)
        #expect(try scan(docsOnly + ["--fail-on", "high"]).status == 0)
        #expect(try scan(["fixtures/seed-project", "--fail-on", "critical"]).status == 1)
        #expect(try scan(["fixtures/seed-project", "--fail-on", "none"]).status == 0)
    }

    @Test func outputIsIdenticalWhateverTheThreadCount() throws {
        let one = try scan(["fixtures", "--threads", "1", "--format", "json"])
        let many = try scan(["fixtures", "--threads", "4", "--format", "json"])
        #expect(one.stdout == many.stdout)
        #expect(!one.stdout.isEmpty)
    }

    @Test func outputFileIsWrittenAndAMissingFolderIsExit2() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(root) }
        let written = try scan(["fixtures/clean-project", "--format", "json", "--output", root + "/report.json"])
        #expect(written.status == 0)
        #expect(written.stdout.isEmpty)
        let report = try String(contentsOfFile: root + "/report.json", encoding: .utf8)
        #expect(TestSupport.golden(report, "clean-project.json") == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["report.json"])  // no temp file left
        let missing = try scan(["fixtures/clean-project", "--output", root + "/nope/report.json"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope/report.json"))
    }

    /// Atomic writes rename a temporary file over the target; over a device that would replace
    /// /dev/null itself with a regular file. Devices and pipes are written in place.
    @Test func outputToADeviceLeavesTheDeviceAlone() throws {
        let result = try scan(["fixtures/clean-project", "--format", "json", "--output", "/dev/null"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try scan(["fixtures/clean-project", "--report", "sarif=/dev/null"]).status == 0)
        #expect(FileStatus.at("/dev/null")?.kind == .characterDevice, "/dev/null is still a character device")
        let folder = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(folder) }
        #expect(try scan(["fixtures/clean-project", "--output", folder]).status == 2, "a folder is not a report")
    }

    @Test func usageErrorsExit2AndHelpExits0() throws {
        let unknown = try scan(["--no-such-flag"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Unknown option"))
        #expect(try scan(["--threads", "0"]).status == 2)
        let missing = try scan(["/nonexistent/path"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/path: no such file or directory"))
        let help = try scan(["--help"])
        #expect(help.status == 0)
        for flag in ["--format", "--output", "--rules", "--no-default-rules", "--include", "--exclude", "--no-ignore",
                     "--max-filesize", "--fail-on", "--threads", "--color", "--files", "Examples:"] {
            #expect(help.stdout.contains(flag), "help does not mention \(flag)")
        }
    }

    /// `--files` lists what a scan reads (the benchmark feeds the list to rg): the files the
    /// report counts as scanned or skipped after reading, as the report locates them, sorted.
    @Test func filesListsWhatTheScanReads() throws {
        let listed = try scan(["--files", "fixtures/seed-project"])
        #expect(listed.status == 0)
        #expect(listed.stderr.isEmpty)
        let paths = listed.stdout.split(separator: "\n").map(String.init)
        #expect(paths == paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(paths.allSatisfy { $0.hasPrefix("fixtures/seed-project/") })
        #expect(paths.contains("fixtures/seed-project/backend/chat_service.py"))
        let summary = try #require(try json(try scan(["fixtures/seed-project", "--format", "json"]).stdout)["summary"] as? [String: Any])
        let skipped = try #require(summary["skipped"] as? [String: Int])
        let read = try #require(summary["files_scanned"] as? Int) + skipped["binary", default: 0] + skipped["generated", default: 0]
        #expect(paths.count == read)

        let root = try TestSupport.gitRepository([
            ".gitignore": "ignored.py\n", "ignored.py": "import ollama\n", "src/app.py": "import ollama\n",
            "docs/guide.md": "ollama\n", "notes.md": String(repeating: "ollama\n", count: 400),
        ])
        defer { TestSupport.removeTree(root) }
        let all = try scan(["--files"], in: root)
        #expect(all.status == 0)
        #expect(all.stdout == ".gitignore\ndocs/guide.md\nnotes.md\nsrc/app.py\n")
        let narrowed = try scan(["--files", "--exclude", "docs/**", "--max-filesize", "1K", "."], in: root)
        #expect(narrowed.stdout == ".gitignore\nsrc/app.py\n")
        #expect(try scan(["--files", "--include", "src/**"], in: root).stdout == "src/app.py\n")
        #expect(try scan(["--files", "--fix"], in: root).status == 2)

        // A name cannot forge a line of the list or move the terminal's cursor.
        let hostile = try TestSupport.gitRepository(["a\nforged.py": "x\n", "b\u{1B}[2Jc.py": "x\n"])
        defer { TestSupport.removeTree(hostile) }
        #expect(try scan(["--files"], in: hostile).stdout == "a\\nforged.py\nb\\x1b[2Jc.py\n")
    }

    @Test func completionScriptsComeFromTheArgumentParser() throws {
        for shell in ["bash", "zsh", "fish"] {
            let script = try TestSupport.run(["--generate-completion-script", shell])
            #expect(script.status == 0)
            #expect(script.stdout.contains("--changed-since"), "\(shell)")
        }
    }

    @Test func closedPipeExitsQuietly() throws {
        let command = "'\(TestSupport.binary)' scan fixtures/seed-project | head -1"
        let result = try TestSupport.run(["-c", command], executable: "/bin/bash")
        #expect(result.stdout == "fixtures/seed-project/.env.example\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func colorOnlyWhenAsked() throws {
        let always = try scan(["fixtures/seed-project/backend/config.py", "--color", "always"])
        #expect(always.stdout.contains("\u{1B}["))
        let plain = try scan(["fixtures/seed-project/backend/config.py"])
        #expect(!plain.stdout.contains("\u{1B}["))
    }
}

/// The acceptance check that the binary needs nothing beside it.
@Suite struct StandaloneBinaryTests {
    @Test func binaryCopiedAloneScansWithEmbeddedRules() throws {
        let folder = try TestSupport.makeTemporaryDirectory("standalone")
        defer { TestSupport.removeTree(folder) }
        let copy = folder + "/ollama-audit"
        try TestSupport.copyExecutable(TestSupport.binary, to: copy)
        let seed = TestSupport.fixture("seed-project")
        let result = try TestSupport.run(["scan", seed, "--format", "json"], executable: copy, in: folder)
        #expect(result.status == 1)
        let expected = try String(contentsOfFile: TestSupport.fixture("expected/seed-project.json"), encoding: .utf8)
        // Same findings; only the root as given differs.
        #expect(result.stdout.replacingOccurrences(of: seed, with: "fixtures/seed-project") == expected)
        let rules = try TestSupport.run(["rules", "test"], executable: copy, in: folder)
        #expect(rules.status == 0)
        #expect(rules.stdout.hasSuffix("all passed\n"))
    }
}

@Suite struct RulesCommandTests {
    @Test func listAndExplainArePinned() throws {
        let list = try TestSupport.run(["rules", "list"])
        #expect(list.status == 0)
        #expect(TestSupport.golden(list.stdout, "rules-list.txt") == nil)
        let json = try TestSupport.run(["rules", "list", "--format", "json"])
        #expect(json.status == 0)
        #expect(TestSupport.golden(json.stdout, "rules-list.json") == nil)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(entries.count == list.stdout.split(separator: "\n").count - 2)
        let explain = try TestSupport.run(["rules", "explain", "python-ollama-import"])
        #expect(explain.status == 0)
        #expect(TestSupport.golden(explain.stdout, "rules-explain-python-ollama-import.txt") == nil)
        let missing = try TestSupport.run(["rules", "explain", "no-such-rule"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no rule with id 'no-such-rule'; `ollama-audit rules list` shows every id"))
        // A typo gets the id it was most likely meant to be.
        let typo = try TestSupport.run(["rules", "explain", "pyhton-ollama-imprt"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains(
            "no rule with id 'pyhton-ollama-imprt' (did you mean 'python-ollama-import'?); `ollama-audit rules list` shows every id"),
            "\(typo.stderr)")
    }

    @Test func listAndExplainSeeUserRules() throws {
        let rules = TestSupport.fixture("rule-files/valid/team-rules.yml")
        let list = try TestSupport.run(["rules", "list", "--rules", rules, "--no-default-rules"])
        #expect(list.stdout.contains("team-llm-gateway"))
        #expect(list.stdout.hasSuffix("2 rules\n"))
        let explain = try TestSupport.run(["rules", "explain", "docs-ollama-mention", "--rules", rules])
        #expect(explain.stdout.contains("Our docs must not mention Ollama"))
    }

    /// `rules list` and `rules explain` show the rules `scan` runs in the same place: the
    /// configuration's `rules:` folders add rules, `disable:` drops them and `priority:`
    /// changes them, from the nearest `.ollama-audit.yml` or `--config`. They used to show the
    /// built-ins whatever the configuration said.
    @Test func listAndExplainHonourTheConfiguration() throws {
        let root = try TestSupport.makeTemporaryDirectory("rules-config")
        defer { TestSupport.removeTree(root) }
        try FileManager.default.createDirectory(atPath: root + "/team", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestSupport.fixture("rule-files/valid/team-rules.yml"),
                                         toPath: root + "/team/team-rules.yml")
        let config = "disable: [python-ollama-import]\npriority:\n  team-llm-gateway: critical\n"
        // `rules:` is relative to the configuration file; `--config audit.yml` has no folder part.
        try TestSupport.writeTree([".ollama-audit.yml": "rules: [team]\n" + config,
                                   "ci/audit.yml": "rules: [../team]\n" + config], under: root)

        for (folder, extra) in [(root, [String]()), (root + "/ci", ["--config", "audit.yml"])] {
            let list = try TestSupport.run(["rules", "list", "--format", "json"] + extra, in: folder)
            #expect(list.status == 0, "\(list.stderr)")
            let entries = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
            let byID = Dictionary(entries.map { ($0["id"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
            #expect(byID["python-ollama-import"] == nil, "disable: is ignored")
            #expect(byID["team-llm-gateway"]?["priority"] as? String == "critical", "rules: or priority: is ignored")

            let explain = try TestSupport.run(["rules", "explain", "team-llm-gateway"] + extra, in: folder)
            #expect(explain.status == 0, "\(explain.stderr)")
            #expect(explain.stdout.contains("critical"))
            let disabled = try TestSupport.run(["rules", "explain", "python-ollama-import"] + extra, in: folder)
            #expect(disabled.status == 2)
        }
    }

    @Test func rulesTestPassesOnBuiltinsAndFailsOnBadExamples() throws {
        let builtin = try TestSupport.run(["rules", "test"])
        #expect(builtin.status == 0)
        let folder = try TestSupport.run(["rules", "test", "rules/"])
        #expect(folder.status == 0)
        #expect(folder.stdout == builtin.stdout)
        let failing = try TestSupport.run(["rules", "test", "fixtures/rule-files/failing"])
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("rule 'noisy-and-missing': missing: did not match \"OLLAMA_URL\""))
        #expect(failing.stdout.contains("rule 'noisy-and-missing': noisy: matched \"OLLAMA_HOST=x\""))
        let invalid = try TestSupport.run(["rules", "test", "fixtures/rule-files/invalid/unknown-key.yml"])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("unknown key 'patern'"))
    }
}
