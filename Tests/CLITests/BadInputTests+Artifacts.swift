import AuditTestSupport
import Foundation
import Model
import Testing
import Verify

/// The tool's own artifacts, numeric flags and slow patterns.
extension BadInputTests {
    // MARK: Item 3: the tool's own artifacts

    static let artifactProject = [
        "app.py": "import ollama\nclient = ollama.Client(host='http://localhost:11434')\n",
        ".env": "OLLAMA_HOST=http://localhost:11434\nOLLAMA_MODEL=llama3\n",
    ]

    func json(_ result: TestSupport.RunResult, _ what: String) throws -> [String: Any] {
        #expect(!result.timedOut, "\(what) hung")
        return try json(result.stdout)
    }

    func generatedCount(_ report: [String: Any]) -> Int? {
        ((report["summary"] as? [String: Any])?["skipped"] as? [String: Any])?["generated"] as? Int
    }

    /// The usage example in docs/usage.md (`--report markdown=MIGRATION.md --report json=audit.json`) made
    /// the next scan count 16 findings more, and never reach 0 while MIGRATION.md existed.
    /// Every file the tool writes, in every format, under a name the scan reads (and standard
    /// output redirected by the shell, in the formats marked there), is now skipped by the
    /// next scan and counted as generated.
    @Test func theToolsOwnOutputIsNeverScanned() throws {
        let root = try TestSupport.makeTemporaryDirectory("bad-input")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree(Self.artifactProject, under: root)
        func run(_ arguments: [String]) throws -> TestSupport.RunResult {
            let result = try TestSupport.run(arguments, in: root, timeout: 60)
            #expect(!result.timedOut, "\(arguments) hung")
            #expect([0, 1].contains(result.status), "\(arguments): \(result.stderr)")
            return result
        }
        let before = try findings(try run(["scan", ".", "--format", "json"])).count
        #expect(before > 0)

        var written = ["MIGRATION.md", "audit.json", "audit.sarif.json", "junit.xml", "csv.md", "github.md", "text.md"]
        _ = try run(["scan", ".", "--report", "markdown=MIGRATION.md", "--report", "json=audit.json",
                     "--report", "sarif=audit.sarif.json", "--report", "junit=junit.xml", "--report", "csv=csv.md",
                     "--report", "github=github.md", "-o", "text.md"])
        for (format, name) in [("json", "stdout.json"), ("sarif", "stdout-sarif.json"), ("markdown", "stdout.md"),
                               ("junit", "stdout.xml"), ("csv", "stdout-csv.md")] {
            let result = try run(["scan", ".", "--format", format])
            try result.stdout.write(toFile: root + "/" + name, atomically: true, encoding: .utf8)
            written.append(name)
        }
        _ = try run(["scan", ".", "--format", "github", "-o", "github-o.md"])
        _ = try run(["baseline", "write", "baseline.json"])
        _ = try run(["init", "--path", "team.yml"])
        _ = try run(["scan", ".", "--fix", "--dry-run", "--allow-dirty", "--patch", "patch.md", "-o", "diff.md"])
        written += ["github-o.md", "baseline.json", "team.yml", "patch.md", "diff.md"]

        let after = try json(try run(["scan", ".", "--format", "json"]), "the scan after")
        #expect((after["findings"] as? [[String: Any]])?.count == before,
                "\((after["findings"] as? [[String: Any]])?.compactMap { $0["path"] as? String } ?? [])")
        #expect(generatedCount(after) == written.count)
    }

    /// The marker only counts in the formats the tool writes: a pull request that adds it to
    /// code, a compose file or an env file does not hide what they hold.
    @Test func theMarkerDoesNotHideCodeComposeOrEnvFiles() throws {
        let marker = "# " + GeneratedMarker.note + "\n"
        let result = try scan([
            "app.py": marker + "import ollama\n",
            "docker-compose.yml": marker + "services:\n  llm:\n    image: ollama/ollama\n",
            ".env": marker + "OLLAMA_HOST=http://localhost:11434\n",
            "notes.md": "<!-- " + GeneratedMarker.note + " -->\nRun `ollama pull llama3`.\n",
        ], ["--format", "json"])
        let paths = Set(try findings(result).compactMap { $0["path"] as? String })
        #expect(paths == ["app.py", "docker-compose.yml", ".env"], "\(paths)")
        #expect(generatedCount(try json(result.stdout)) == 1)
    }

    /// A configuration under another name than `.ollama-audit.yml`, given with `--config`, and
    /// a baseline without the marker (as 0.1.0 wrote them), given with `--baseline`, are the
    /// run's own files: never scanned, whatever they hold.
    @Test func configAndBaselineGivenOnTheCommandLineAreNotScanned() throws {
        let root = try TestSupport.makeTemporaryDirectory("bad-input")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree(Self.artifactProject.merging([
            "ci/team.yml": "# hand-written\nenv-names:\n  OLLAMA_MODEL: CHAT_MODEL\n",
            "old-baseline.json": "{\"version\": 1, \"entries\": [{\"fingerprint\": \"0\", \"rule\": \"r\", "
                + "\"path\": \"x.py\", \"match\": \"import ollama\"}]}\n",
        ]) { a, _ in a }, under: root)
        let plain = try TestSupport.run(["scan", ".", "--format", "json", "--exclude", "ci/**", "--exclude", "*.json"],
                                        in: root, timeout: 60)
        let expected = try findings(plain).count
        let result = try TestSupport.run(["scan", ".", "--format", "json", "--config", "ci/team.yml",
                                          "--baseline", "old-baseline.json"], in: root, timeout: 60)
        let paths = try findings(result).compactMap { $0["path"] as? String }
        #expect(!paths.contains("ci/team.yml"), "\(paths)")
        #expect(!paths.contains("old-baseline.json"), "\(paths)")
        #expect(paths.count == expected, "\(paths)")
    }

    // MARK: Item 15: numeric flags

    /// 99999999999G overflowed 64 bits and trapped (SIGILL); now it is a usage error.
    @Test func hugeMaxFilesizeIsExit2WithAMessage() throws {
        let result = try scan(["app.py": "import ollama\n"], ["--max-filesize", "99999999999G"], timeout: 60)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("--max-filesize 99999999999G is too large"), "\(result.stderr)")
        // The largest size that fits is still accepted.
        let largest = try scan(["app.py": "import ollama\n"], ["--max-filesize", "\(Int.max >> 30)G"], timeout: 60)
        #expect(largest.status == 1, "\(largest.stderr)")
    }

    /// `-t 1000000` started a million threads; it is lowered to 8 per core with a warning, and
    /// the scan gives its usual answer.
    @Test func threadCountIsCappedWithAWarning() throws {
        let cap = 8 * ProcessInfo.processInfo.activeProcessorCount
        let result = try scan(["app.py": "import ollama\n"], ["-t", "1000000", "--format", "json"], timeout: 60)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("warning: --threads 1000000 is more than 8 per core; using \(cap)"), "\(result.stderr)")
        #expect(try findings(result).count == 1)
        let atCap = try scan(["app.py": "import ollama\n"], ["-t", "\(cap)"], timeout: 60)
        #expect(!atCap.stderr.contains("--threads"), "\(atCap.stderr)")
        let notANumber = try scan(["app.py": "import ollama\n"], ["-t", "99999999999999999999999"], timeout: 60)
        #expect(notANumber.status == 2, "\(notANumber.stderr)")
    }

    /// verify's `--timeout 1e30` crashed inside URLSession; `--concurrency` was already 1-256.
    @Test func verifyTimeoutAndConcurrencyAreBounded() throws {
        let root = try TestSupport.makeTemporaryDirectory("bad-input")
        defer { TestSupport.removeTree(root) }
        for (flag, value, message) in [("--timeout", "1e30", "--timeout 1e+30 is too long: at most 86400 seconds"),
                                       ("--timeout", "0", "--timeout must be more than 0 seconds"),
                                       ("--concurrency", "1000000", "--concurrency must be from 1 to 256"),
                                       ("--concurrency", "99999999999999999999999", "is invalid for '--concurrency")] {
            let result = try TestSupport.run(["verify", "--endpoint", "http://127.0.0.1:9/v1", flag, value],
                                             in: root, timeout: 60)
            #expect(result.status == 2, "\(flag) \(value): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(flag) \(value): \(result.stderr)")
        }
    }

    // MARK: Item 16: slow patterns under the line cap

    /// Both patterns match `aab`; `b` alone matches `a*a*b`, so the counter-example is `c`.
    static func slowRule(id: String, pattern: String) -> String {
        TestRule(id: id, pattern: pattern, match: ["aab"], noMatch: ["c"]).file
    }

    /// `a*a*b` took 11 s on 10 MB and `(a(?R)?)b` 99 s on 4 MB of 4,000-byte lines, with no
    /// word: neither reaches PCRE2's match limit per start position. Each now stops at the
    /// per-file budget (3 s of CPU) with a warning naming the rule and the file, and the scan
    /// is incomplete. The budget is CPU time, so the wall-clock bound is loose (45 s, for a
    /// suite running in parallel on 2 cores); the old code fails on the exit status too.
    @Test(arguments: [("slow-star", "a*a*b", 10 << 20), ("slow-recursion", "(a(?R)?)b", 4 << 20)])
    func slowPatternStopsAtTheFileBudget(_ row: (String, String, Int)) throws {
        let (id, pattern, size) = row
        let line = String(repeating: "a", count: 4000) + "\n"
        // The `b` at the end lets the rule's prefilter through.
        let text = String(repeating: line, count: size / line.utf8.count) + "b\n"
        let started = ContinuousClock.now
        let result = try scan(["rules.yml": Self.slowRule(id: id, pattern: pattern), "big.md": text],
                              ["--rules", "rules.yml", "--no-default-rules", "--format", "json"], timeout: 120)
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .seconds(45), "\(id): \(elapsed)")
        #expect(result.status == 3, "\(id): \(result.stderr)")
        let warning = try #require(try warnings(result).first)
        #expect(warning["rule"] as? String == id)
        #expect(warning["path"] as? String == "big.md")
        #expect((warning["message"] as? String)?.contains("more than 3 s of CPU time") == true, "\(warning)")
        #expect(result.stderr.contains("big.md: rule '\(id)': matching took more than 3 s"), "\(result.stderr)")
    }
}
