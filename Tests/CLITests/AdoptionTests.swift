import AuditTestSupport
import Foundation
import Testing

/// The CI gate: configuration, suppressions, baselines, scoped runs, pre-commit.
@Suite struct AdoptionTests {
    func repository(_ files: [String: String]) throws -> String {
        try TestSupport.gitRepository(files, name: "adopt")
    }

    @discardableResult
    func git(_ arguments: [String], _ directory: String) throws -> TestSupport.RunResult {
        let result = try TestSupport.git(arguments, in: directory)
        #expect(result.status == 0, "git \(arguments): \(result.stderr)")
        return result
    }

    func commit(_ message: String, _ directory: String) throws {
        try TestSupport.commitAll(message, in: directory)
    }

    func scan(_ arguments: [String], in directory: String) throws -> TestSupport.RunResult {
        try TestSupport.run(["scan"] + arguments, in: directory)
    }

    func findings(_ json: String) throws -> [[String: Any]] {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return try #require(document["findings"] as? [[String: Any]])
    }

    @Test func baselineFailsOnlyOnNewFindings() throws {
        let root = try repository([
            "app.py": "import os\nURL = os.getenv('OLLAMA_URL', 'http://localhost:11434')\n",
            "deploy/.env": "OLLAMA_MODEL=llama3.1:8b\n",
        ])
        defer { TestSupport.removeTree(root) }
        let written = try TestSupport.run(["baseline", "write", "baseline.json"], in: root)
        #expect(written.status == 0, "\(written.stderr)")
        #expect(try scan([".", "--baseline", "baseline.json"], in: root).status == 0)

        // Twenty blank lines above keep every baselined finding matched.
        let app = try String(contentsOfFile: root + "/app.py", encoding: .utf8)
        try (String(repeating: "\n", count: 20) + app).write(toFile: root + "/app.py", atomically: true, encoding: .utf8)
        let moved = try scan([".", "--baseline", "baseline.json"], in: root)
        #expect(moved.status == 0, "\(moved.stdout)")
        #expect(moved.stdout.contains("in the baseline"))

        // One new OLLAMA_HOST reference fails the scan, and is the only finding reported.
        try (String(repeating: "\n", count: 20) + app + "HOST = os.environ['OLLAMA_HOST']\n")
            .write(toFile: root + "/app.py", atomically: true, encoding: .utf8)
        let fresh = try scan([".", "--baseline", "baseline.json", "--format", "json"], in: root)
        #expect(fresh.status == 1)
        let reported = try findings(fresh.stdout)
        #expect(reported.map { $0["rule"] as? String } == ["ollama-server-env-var"])
        #expect(reported.first?["line"] as? String == "HOST = os.environ['OLLAMA_HOST']")

        // A fixed reference leaves a stale entry, which prune removes.
        try "".write(toFile: root + "/deploy/.env", atomically: true, encoding: .utf8)
        #expect(try scan([".", "--baseline", "baseline.json"], in: root).stdout.contains("baseline prune"))
        let pruned = try TestSupport.run(["baseline", "prune", "baseline.json"], in: root)
        #expect(pruned.stdout.contains("removed 2 stale entries"), "\(pruned.stdout)")
    }

    @Test func suppressionsSilenceEveryFormatAndStrictFailsUnusedOnes() throws {
        let root = try repository([
            "app.py": "import os\n# ollama-audit: ignore[ollama-app-env-var] -- the legacy path stays until Q3\nURL = os.environ['OLLAMA_URL']\n",
            "web.ts": "const h = process.env.OLLAMA_BASE_URL // ollama-audit: ignore[js-ollama-app-env-var] -- read by the proxy\n",
            "unused.sh": "# ollama-audit: ignore[ollama-port] -- nothing here\necho hello\n",
        ])
        defer { TestSupport.removeTree(root) }
        for format in ["text", "json", "sarif", "github", "gitlab", "junit", "csv", "markdown"] {
            let result = try scan([".", "--format", format], in: root)
            #expect(result.status == 0, "\(format): \(result.stdout)")
            #expect(!result.stdout.contains("OLLAMA_URL'") || format == "json" || format == "sarif", "\(format)")
        }
        let json = try scan([".", "--format", "json"], in: root).stdout
        #expect(try findings(json).isEmpty)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((document["suppressed"] as? [Any])?.count == 2)
        let sarif = try scan([".", "--format", "sarif"], in: root).stdout
        #expect(sarif.contains("\"justification\" : \"the legacy path stays until Q3\""))
        let text = try scan(["."], in: root).stdout
        #expect(text.contains("unused.sh:1: suppression of ollama-port matches nothing"))
        #expect(try scan([".", "--strict"], in: root).status == 1)
    }

    @Test func allowFileSilencesJSONFindings() throws {
        let root = try repository(["package.json": "{\n  \"dependencies\": {\n    \"ollama\": \"^0.5.0\"\n  }\n}\n"])
        defer { TestSupport.removeTree(root) }
        let first = try findings(try scan([".", "--format", "json"], in: root).stdout)
        let print = try #require(first.first?["fingerprint"] as? String)
        try """
            allow:
              - path: package.json
                rule: npm-dependency-ollama
                fingerprint: "\(print)"
                reason: the bundled demo keeps the ollama client
            """.write(toFile: root + "/.ollama-audit-allow.yml", atomically: true, encoding: .utf8)
        #expect(try scan(["."], in: root).status == 0)
    }

    @Test func changedSinceScansOnlyTheChangedFiles() throws {
        let root = try repository(["old.py": "import ollama\n", "same.env": "OLLAMA_HOST=x\n"])
        defer { TestSupport.removeTree(root) }
        try "OLLAMA_URL=http://localhost:11434\n".write(toFile: root + "/new.env", atomically: true, encoding: .utf8)
        try git(["add", "-A"], root)
        try commit("second", root)
        let result = try scan([".", "--changed-since", "HEAD~1", "--format", "json"], in: root)
        #expect(Set(try findings(result.stdout).compactMap { $0["path"] as? String }) == ["new.env"])
        let missing = try scan([".", "--changed-since", "no-such-ref"], in: root)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("git ref 'no-such-ref' not found"))
    }

    @Test func stagedScansTheIndex() throws {
        let root = try repository(["a.py": "x = 1\n"])
        defer { TestSupport.removeTree(root) }
        try "import ollama\n".write(toFile: root + "/a.py", atomically: true, encoding: .utf8)
        try git(["add", "a.py"], root)
        try "x = 2\n".write(toFile: root + "/a.py", atomically: true, encoding: .utf8)  // the work tree differs
        let result = try scan([".", "--staged", "--format", "json"], in: root)
        #expect(result.status == 1)
        #expect(try findings(result.stdout).map { $0["rule"] as? String } == ["python-ollama-import"])
    }

    @Test func configurationIsStrictAndLayered() throws {
        let root = try repository([
            ".ollama-audit.yml": "exclude: [\"docs/**\"]\ndisable: [ollama-named-identifier]\npriority:\n  ollama-app-env-var: low\nfail-on: high\n",
            "docs/a.md": "Ollama\n", "app.py": "OLLAMA_URL = 1\nollama_client = None\n",
        ])
        defer { TestSupport.removeTree(root) }
        let result = try scan([".", "--format", "json"], in: root)
        #expect(result.status == 0, "the only finding is now low, under fail-on high")
        let found = try findings(result.stdout)
        #expect(found.map { $0["rule"] as? String } == ["ollama-app-env-var"])
        #expect(found.first?["priority"] as? String == "low")
        #expect(try scan([".", "--fail-on", "low"], in: root).status == 1, "flags beat the file")

        try "exclude: [docs]\nfail_on: high\n".write(toFile: root + "/.ollama-audit.yml", atomically: true, encoding: .utf8)
        let bad = try scan(["."], in: root)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains(".ollama-audit.yml:2: unknown key 'fail_on'"))

        try FileManager.default.removeItem(atPath: root + "/.ollama-audit.yml")
        #expect(try TestSupport.run(["init"], in: root).status == 0)
        #expect(try scan(["."], in: root).status == 1, "the starter file changes nothing")
        let again = try TestSupport.run(["init"], in: root)
        #expect(again.status == 2)
        #expect(again.stderr.contains("never overwrites"))
    }

    @Test func matchLimitsMakeTheScanIncomplete() throws {
        let root = try repository(["a.py": "import ollama\n"])
        defer { TestSupport.removeTree(root) }
        let rules = TestRule(id: "slow", pattern: "(a+)+$", files: ["python"], match: ["aa", "a"]).file
        try rules.write(toFile: root + "/slow.yml", atomically: true, encoding: .utf8)
        try (String(repeating: "a", count: 40_000) + "!\n").write(toFile: root + "/b.py", atomically: true, encoding: .utf8)
        let result = try scan([".", "--rules", "slow.yml"], in: root)
        #expect(result.status == 3)
        #expect(try scan([".", "--rules", "slow.yml", "--allow-incomplete"], in: root).status == 1)
    }
}

/// The real pre-commit framework runs the hook from this repository.
/// Skipped under `make sanitize-*`: pre-commit builds its own uninstrumented release binary in
/// its own environment, so a sanitizer observes nothing there, and that build is most of a
/// sanitizer run's time on two cores.
@Suite(.serialized, .disabled(if: ProcessInfo.processInfo.environment["OLLAMA_AUDIT_SANITIZER"] != nil,
                              "pre-commit builds an uninstrumented binary; nothing for a sanitizer to check"))
struct PreCommitTests {
    /// A git repository with `app.py` (an Ollama import) and `ok.py` staged, and a way to run
    /// one of this repository's hooks on one of them with `pre-commit try-repo`; nil (with
    /// the issue recorded) when pre-commit is not installed.
    static func hookRepository(_ name: String) throws -> (root: String, run: (String, String, [String: String]) throws -> TestSupport.RunResult)? {
        guard (try? TestSupport.run(["pre-commit", "--version"], executable: "/usr/bin/env"))?.status == 0 else {
            Issue.record("pre-commit is not installed; `make test` installs it")
            return nil
        }
        let root = try TestSupport.makeTemporaryDirectory(name)
        _ = try TestSupport.run(["git", "init", "-q"], executable: "/usr/bin/env", in: root)
        try "import ollama\n".write(toFile: root + "/app.py", atomically: true, encoding: .utf8)
        try "print('hello')\n".write(toFile: root + "/ok.py", atomically: true, encoding: .utf8)
        _ = try TestSupport.run(["git", "add", "-A"], executable: "/usr/bin/env", in: root)
        let cache = ["PRE_COMMIT_HOME": TestSupport.packageRoot.appendingPathComponent(".build/pre-commit-cache").path]
        return (root, { hook, file, environment in
            try TestSupport.run(["pre-commit", "try-repo", TestSupport.packageRoot.path, hook, "--files", file],
                                executable: "/usr/bin/env", in: root, environment: cache.merging(environment) { $1 })
        })
    }

    @Test func hookBlocksACommitThatAddsAnOllamaReference() throws {
        guard let (root, hook) = try Self.hookRepository("precommit") else { return }
        defer { TestSupport.removeTree(root) }
        let blocked = try hook("ollama-audit", "app.py", [:])
        #expect(blocked.status != 0, "\(blocked.stdout)\(blocked.stderr)")
        #expect(blocked.stdout.contains("python-ollama-import"), "\(blocked.stdout)")
        let clean = try hook("ollama-audit", "ok.py", [:])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
    }

    /// `ollama-audit-system` (`language: system`) runs the ollama-audit on the PATH: here the
    /// one this suite built, nothing compiled by pre-commit. Without one, pre-commit says so.
    @Test func systemHookRunsTheInstalledBinary() throws {
        guard let (root, hook) = try Self.hookRepository("precommit-system") else { return }
        defer { TestSupport.removeTree(root) }
        let bin = root + "/../precommit-bin-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: false)
        defer { TestSupport.removeTree(bin) }
        try FileManager.default.createSymbolicLink(atPath: bin + "/ollama-audit", withDestinationPath: TestSupport.binary)
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let blocked = try hook("ollama-audit-system", "app.py", ["PATH": bin + ":" + path])
        #expect(blocked.status != 0, "\(blocked.stdout)\(blocked.stderr)")
        #expect(blocked.stdout.contains("python-ollama-import"), "\(blocked.stdout)")
        let clean = try hook("ollama-audit-system", "ok.py", ["PATH": bin + ":" + path])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        // No ollama-audit on the PATH (when this machine has none installed): the hook fails
        // and names what is missing.
        if (try? TestSupport.run(["sh", "-c", "command -v ollama-audit"], executable: "/usr/bin/env"))?.status != 0 {
            let missing = try hook("ollama-audit-system", "ok.py", ["PATH": path])
            #expect(missing.status != 0)
            #expect(missing.stdout.contains("ollama-audit") && missing.stdout.contains("not found"), "\(missing.stdout)")
        }
    }
}
