import AuditTestSupport
import Engine
import Foundation
import Languages
import Model
import Rules
import Testing

@Suite struct ScannerTests {
    static let rules: [Rule] = (try? RuleLoader.load(DefaultRules.files)) ?? []

    func rule(_ rule: TestRule) throws -> [Rule] {
        try RuleLoader.load([RuleFileText(path: "test.yml", text: rule.file)])
    }

    func scan(_ files: [String: String], rules: [Rule] = rules, threads: Int = 2, maxFileSize: Int = 10 << 20) throws -> ScanResult {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree(files, under: root)
        let walked = try Walker(options: WalkOptions()).files(under: root, display: "")
        var result = Scanner(rules: rules, maxFileSize: maxFileSize, threads: threads).scan(walked.files)
        result.skipped = result.skipped + walked.skipped
        return result
    }

    @Test func positionsAreOneBasedAndCountCharacters() throws {
        let result = try scan(["a.py": "# héllo wörld\r\nx = \"ünï\" + OLLAMA_HOST\r\n"])
        let finding = try #require(result.findings.first { $0.ruleID == "ollama-server-env-var" })
        #expect(finding.start == Position(line: 2, column: 13))
        #expect(finding.end == Position(line: 2, column: 24))
        #expect(finding.match == "OLLAMA_HOST")
        #expect(finding.lineText == "x = \"ünï\" + OLLAMA_HOST")  // no \r
        #expect(finding.layer == .backend)
    }

    /// `ollama-audit: ignore` without ids names every rule, as `ignore[*]` does: its own line
    /// and the next. A word that only starts like it (`ignored`) is no marker.
    @Test func aBareIgnoreSilencesEveryRuleOnItsLineAndTheNext() throws {
        let rules = try rule(TestRule(id: "word", pattern: "OllamaWord", match: ["OllamaWord"], noMatch: ["b"]))
        let result = try scan(["a.py": """
            a = "OllamaWord"  # ollama-audit: ignore -- reviewed
            # ollama-audit: ignore
            b = "OllamaWord"
            c = "OllamaWord"
            d = "OllamaWord"  # ollama-audit: ignored by nobody
            e = "OllamaWord"  // ollama-audit: ignore[other] -- not this rule

            """], rules: rules)
        #expect(result.findings.map(\.start.line) == [4, 5, 6])
        #expect(result.suppressed.map(\.start.line) == [1, 3])
        #expect(result.suppressions.map(\.rules) == [["*"], ["*"], ["other"]])
        #expect(result.suppressions.map(\.reason) == ["reviewed", nil, "not this rule"])
    }

    @Test func multilineMatchesSpanLines() throws {
        let rules = try rule(TestRule(id: "two-lines", pattern: "begin\\s+end", match: ["begin end", "begin\nend"],
                                      noMatch: ["begin"]))
        let result = try scan(["a.md": "x\nbegin\nend\n"], rules: rules)
        let finding = try #require(result.findings.first)
        #expect(finding.start == Position(line: 2, column: 1))
        #expect(finding.end == Position(line: 3, column: 4))
    }

    @Test func skipsBinaryAndOversizedFilesAndCountsThem() throws {
        let result = try scan([
            "bin.py": "import ollama\n\u{0}\u{1}", "big.py": String(repeating: "# pad\n", count: 200) + "import ollama\n",
            "ok.py": "import ollama\n",
        ], maxFileSize: 1000)
        #expect(result.findings.map(\.path) == ["ok.py"])
        #expect(result.skipped.binary == 1)
        #expect(result.skipped.tooLarge == 1)
        #expect(result.filesScanned == 1)
    }

    @Test func invalidUTF8IsScannedWithoutCrashing() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(root) }
        var bytes: [UInt8] = [0xFF, 0xC3, 0x28, 0x0A]
        bytes += Array("OLLAMA_URL=http://localhost:11434\n".utf8) + [0xE2, 0x82]
        #expect(FileManager.default.createFile(atPath: root + "/.env", contents: Data(bytes)))
        let walked = try Walker(options: WalkOptions()).files(under: root, display: "")
        let result = Scanner(rules: Self.rules).scan(walked.files)
        #expect(result.findings.map(\.ruleID) == ["ollama-app-env-var", "ollama-base-url-value", "ollama-port"])
        #expect(result.findings.first?.start.line == 2)
    }

    @Test func ruleScopesKeepPythonRulesOutOfJavaScript() throws {
        let result = try scan(["a.ts": "import ollama from 'ollama'\n", "b.py": "import ollama\n"])
        #expect(result.findings.map { "\($0.path) \($0.ruleID)" } == ["a.ts js-ollama-import", "b.py python-ollama-import"])
    }

    @Test func contextGatesRules() throws {
        // /api/chat only counts where the file points at Ollama.
        let result = try scan([
            "app.ts": "router.post('/api/chat', handler)\n",
            "client.ts": "const BASE = 'http://localhost:11434'\nfetch(BASE + '/api/chat')\n",
        ])
        #expect(!result.findings.contains { $0.path == "app.ts" })
        #expect(result.findings.contains { $0.path == "client.ts" && $0.ruleID == "ollama-api-inference" })
    }

    @Test func matchLimitIsAWarningAndTheScanGoesOn() throws {
        let rules = try rule(TestRule(id: "catastrophic", pattern: "(a+)+$", match: ["aaa", "a"]))
        let line = String(repeating: "a", count: 4000) + "!\n"  // under the long-line cap: matched, and stopped
        let result = try scan(["slow.md": line, "z.md": "aaa\n"], rules: rules)
        #expect(result.warnings.map(\.ruleID) == ["catastrophic"])
        #expect(result.warnings.first?.path == "slow.md")
        #expect(result.findings.map(\.path) == ["z.md"])
    }

    @Test func minifiedCodeIsSkippedOrReportedOncePerFile() throws {
        let long = "var a=\"http://localhost:11434/api/chat\";" + String(repeating: "x=1;", count: 2000) + "ollama.chat();\n"
        let result = try scan([
            "dist/app.min.js": "import ollama from 'ollama'\n",
            "dist/bundle.js": "import ollama from 'ollama'\n" + long,
        ])
        #expect(result.skipped.generated == 1)
        // The short first line is reported; the minified line becomes one warning, not findings.
        #expect(result.findings.allSatisfy { $0.start.line == 1 })
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.path == "dist/bundle.js")
        #expect(result.warnings.first?.message.hasPrefix("1 line longer than 4096 bytes not checked") == true)
    }

    @Test func reportGroupConsumesTheMatchButReportsTheGroup() throws {
        let rules = try rule(TestRule(
            id: "block", pattern: "BEGIN[^\\n]*\\n(?:[^\\n]*\\n)*?[^\\n]*?(?<word>ollama)(?:[^\\n]*\\n)*?END", group: "word",
            match: ["BEGIN\nollama\nEND", "BEGIN x\n ollama y\nEND"], noMatch: ["BEGIN\nEND"]))
        let result = try scan(["a.md": "BEGIN\nfirst ollama\nsecond ollama\nEND\nBEGIN\nollama\nEND\n"], rules: rules)
        #expect(result.findings.map(\.start) == [Position(line: 2, column: 7), Position(line: 6, column: 1)])
        #expect(result.findings.map(\.match) == ["ollama", "ollama"])
    }

    @Test func mentionFindingsGiveWayToOtherFindings() throws {
        let result = try scan(["a.py": "from langchain_ollama import ChatOllama\nollama_client = make()\n"])
        let first = result.findings.filter { $0.start.line == 1 }.map(\.ruleID)
        #expect(first == ["langchain-ollama"])
        #expect(result.findings.filter { $0.start.line == 2 }.map(\.ruleID) == ["ollama-named-identifier"])
    }

    /// A finding in a test file is in the test layer and keeps at most the test ceiling;
    /// the same line in application code keeps its rule's priority.
    @Test func testFilesAreTheTestLayerAtMostTheCeiling() throws {
        let code = "import ollama\nr = ollama.chat(model='llama3.1:8b', messages=m)\n"
        let result = try scan(["app/chat.py": code, "tests/test_chat.py": code, "src/chat.test.ts": "import ollama from 'ollama'\n"])
        let app = result.findings.filter { $0.path == "app/chat.py" && $0.ruleID == "python-ollama-call" }
        #expect(app.map(\.priority) == [.critical])
        #expect(app.map(\.layer) == [.backend])
        let tests = result.findings.filter { $0.path != "app/chat.py" }
        #expect(tests.count >= 3)
        #expect(tests.allSatisfy { $0.layer == .test && $0.priority <= TestPaths.standard.ceiling })
        #expect(tests.contains { $0.ruleID == "python-ollama-call" && $0.priority == .medium })
    }

    /// A commented-out setting in an env template keeps medium; a prose comment stays low.
    @Test func commentedOutEnvSettingsKeepMedium() throws {
        let env = "## Ollama connection\n# OLLAMA_BASE_URL=http://127.0.0.1:11434\n#export OLLAMA_MODEL=llama3.1:8b\n"
        let result = try scan([".env.example": env, "app.py": "# OLLAMA_BASE_URL=http://127.0.0.1:11434\n"])
        func top(_ path: String, _ line: Int) -> Priority? {
            result.findings.filter { $0.path == path && $0.start.line == line }.map(\.priority).max()
        }
        #expect(top(".env.example", 1) == .low)
        #expect(top(".env.example", 2) == .medium)
        #expect(top(".env.example", 3) == .medium)
        #expect(top("app.py", 1) == .low)
    }

    /// PEP 723's `# /// script` block is data uv reads, not a comment: its Ollama dependency
    /// keeps the rule's priority; the same text in an ordinary comment is a mention.
    @Test func scriptMetadataIsNotAMention() throws {
        let script = "# /// script\n# dependencies = [\n#   \"ollama\",\n# ]\n# ///\nimport os\n"
        let plain = "# dependencies = [\n#   \"ollama\",\n# ]\nimport os\n"
        let result = try scan(["a.py": script, "b.py": plain])
        let inBlock = result.findings.filter { $0.path == "a.py" && $0.start.line == 3 }
        #expect(inBlock.map(\.ruleID) == ["pep723-ollama-dependency"])
        #expect(inBlock.map(\.priority) == [.high])
        #expect(inBlock.map(\.category) == [.dependencyManifest])
        #expect(result.findings.filter { $0.path == "b.py" }.allSatisfy { $0.priority == .low })
    }

    @Test func outputIsIdenticalWhateverTheThreadCount() throws {
        var files: [String: String] = [:]
        for i in 0..<60 {
            files["pkg\(i % 7)/f\(i).py"] = "import ollama\nURL = 'http://localhost:11434'\n" + String(repeating: "x = 1\n", count: i)
            files["web\(i % 5)/c\(i).ts"] = "const h = process.env.OLLAMA_HOST\n"
        }
        let one = try scan(files, threads: 1)
        let many = try scan(files, threads: 8)
        #expect(one.findings == many.findings)
        #expect(one.findings.count == 60 * 2 + 60)
    }
}
