import AuditTestSupport
import Foundation
import Testing

/// Every format, checked by its consumer's rules (Tests/validators/validate_report.py runs
/// the real parsers), pinned by golden files, and safe for awkward paths and text.
@Suite struct ReportFormatTests {
    static let formats: [(name: String, ext: String)] = [
        ("text", "txt"), ("concise", "concise.txt"), ("json", "json"), ("markdown", "md"), ("sarif", "sarif"), ("github", "github"),
        ("gitlab", "gitlab.json"), ("junit", "junit.xml"), ("csv", "csv"),
    ]

    static let validator = TestSupport.packageRoot.appendingPathComponent("Tests/validators/validate_report.py").path
    /// The OASIS SARIF 2.1.0 schema (errata 01), kept in fixtures/schemas/ so the suite
    /// runs in any clone, offline.
    static let schema = TestSupport.fixture("schemas/sarif-schema-2.1.0.json")

    /// Runs the validator; returns what the real parser read, as JSON.
    func validate(_ format: String, _ file: String) throws -> Any {
        var arguments = ["python3", Self.validator, format, file]
        if format == "sarif" { arguments.append(Self.schema) }
        if format == "gitlab" { arguments.append(TestSupport.fixture("schemas/gitlab-code-quality.json")) }
        let result = try TestSupport.run(arguments, executable: "/usr/bin/env", environment: [:])
        #expect(result.status == 0, "\(format) is not valid: \(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    func scan(_ arguments: [String], in directory: String? = nil) throws -> TestSupport.RunResult {
        try TestSupport.run(["scan"] + arguments, in: directory)
    }

    @Test(arguments: ["seed-project", "clean-project"])
    func everyFormatIsPinnedAndValid(project: String) throws {
        let folder = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(folder) }
        // The Markdown audit names the commit it scanned: pinned on a copy outside any git
        // repository, so that its golden does not change with every commit of this one.
        let copy = try Self.copyOutsideGit(project)
        defer { TestSupport.removeTree(copy) }
        for (format, ext) in Self.formats {
            let result = try scan(["fixtures/" + project, "--format", format], in: format == "markdown" ? copy : nil)
            #expect(result.status == (project == "clean-project" ? 0 : 1))
            #expect(TestSupport.golden(result.stdout, "\(project).\(ext)") == nil, "\(format)")
            if ["sarif", "gitlab", "junit", "csv", "markdown", "github"].contains(format) {
                let file = folder + "/report." + ext
                try result.stdout.write(toFile: file, atomically: true, encoding: .utf8)
                _ = try validate(format, file)
            }
        }
    }

    /// A temporary folder outside any git repository holding `fixtures/<project>`, as the
    /// package root holds it: scanned from there, a report reads as it does from the root.
    static func copyOutsideGit(_ project: String) throws -> String {
        let folder = try TestSupport.makeTemporaryDirectory("audit-copy")
        try FileManager.default.createDirectory(atPath: folder + "/fixtures", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestSupport.fixture(project), toPath: folder + "/fixtures/" + project)
        return folder
    }

    @Test func sarifOfTheSeedValidatesAgainstTheOASISSchema() throws {
        let folder = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(folder) }
        #expect(try scan(["fixtures/seed-project", "--report", "sarif=\(folder)/seed.sarif"]).status == 1)
        let results = try #require(try validate("sarif", folder + "/seed.sarif") as? [[String: Any]])
        #expect(results.contains { $0["uri"] as? String == "fixtures/seed-project/backend/chat_service.py" && $0["line"] as? Int == 17 })
        let text = try String(contentsOfFile: folder + "/seed.sarif", encoding: .utf8)
        #expect(!text.contains("Utc"), "no timestamps without --timestamps")
        #expect(try scan(["fixtures/seed-project", "--report", "sarif=\(folder)/t.sarif", "--timestamps"]).status == 1)
        #expect(try String(contentsOfFile: folder + "/t.sarif", encoding: .utf8).contains("startTimeUtc"))
        _ = try validate("sarif", folder + "/t.sarif")
    }

    @Test func markdownAuditHasTheSeedStructure() throws {
        let md = try scan(["fixtures/seed-project", "--format", "markdown"]).stdout
        for heading in ["## Summary", "## Backend", "## Frontend and TypeScript service layer", "## Configuration",
                        "### Environment variables", "## Container and deployment", "## Documentation references",
                        "## Migration sequence", "## Manual follow-ups"] {
            #expect(md.contains("\n" + heading + "\n"), "missing \(heading)")
        }
        if md.contains("\n| File | Region | Lines |") {
            // With regions, as the seed's hand-written audit lists them: the import is a
            // module-level row, the fallback method its own row with its whole span.
            #expect(md.contains("| `fixtures/seed-project/backend/chat_service.py` | — | 3, 17"), "\(md)")
            #expect(md.contains("| `fixtures/seed-project/backend/chat_service.py` | `ChatService._ollama_fallback` | L181–"), "\(md)")
            #expect(md.contains("| `fixtures/seed-project/backend/config.py` | — | 14-18"), "\(md)")
        } else {
            #expect(md.contains("| `fixtures/seed-project/backend/chat_service.py` | 3, 17, "))
            #expect(md.contains("-202, "), "the fallback block is one range ending at line 202")
            #expect(md.contains("| `fixtures/seed-project/backend/config.py` | 14-18"))
        }
        #expect(md.contains("| `OLLAMA_MODEL` |"))
        #expect(md.contains("`llama2:7b`"))
        #expect(md.contains("1. **Backend API**"))
        #expect(md.contains("5. **Validation**"))
        #expect(md.contains("| Integration depth | COMPREHENSIVE"))
    }

    /// A match over several lines (a call and its arguments, through `(?&args)`) ends where
    /// the call does in JSON and SARIF; the text and Markdown reports name the line it starts on.
    @Test func aMultiLineSpanReportsItsEndLine() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(root) }
        let rule = TestRule(id: "call-span", pattern: #"ChatOllama\s*(?&args)"#, files: ["python"],
                            match: ["«ChatOllama(\n)»"], noMatch: ["ChatOllama"])
        try TestSupport.writeTree([
            "app.py": "from x import ChatOllama\nllm = ChatOllama(\n    model=\"m\",  # )\n    num_ctx=8192,\n)\n",
            "rules.yml": rule.file,
        ], under: root)
        let arguments = [".", "--no-default-rules", "--rules", "rules.yml"]
        let json = try scan(arguments + ["--format", "json"], in: root)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let finding = try #require((document["findings"] as? [[String: Any]])?.first)
        #expect((finding["start"] as? [String: Int]) == ["line": 2, "column": 7])
        #expect((finding["end"] as? [String: Int]) == ["line": 5, "column": 2])
        let sarif = try scan(arguments + ["--format", "sarif"], in: root).stdout
        #expect(sarif.contains("\"endLine\" : 5") && sarif.contains("\"startLine\" : 2"), "\(sarif)")
        let text = try scan(arguments, in: root).stdout
        #expect(text.contains("  2:7 ") && !text.contains("5:2"), "\(text)")
        let markdown = try scan(arguments + ["--format", "markdown"], in: root).stdout
        // Module-level code has no region: an empty Region cell once other findings have one.
        #expect(markdown.contains("| `app.py` | 2 |") || markdown.contains("| `app.py` | — | 2 |"), "\(markdown)")
    }

    @Test func threeReportsFromOneScanEqualThreeSingleRuns() throws {
        let folder = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(folder) }
        let combined = try scan(["fixtures/seed-project", "--report", "sarif=\(folder)/a.sarif",
                                 "--report", "markdown=\(folder)/a.md", "--report", "csv=\(folder)/a.csv"])
        #expect(combined.status == 1)
        #expect(combined.stdout == (try scan(["fixtures/seed-project"])).stdout, "stdout keeps the text report")
        for (format, ext) in [("sarif", "sarif"), ("markdown", "md"), ("csv", "csv")] {
            let single = try scan(["fixtures/seed-project", "--format", format]).stdout
            #expect(try String(contentsOfFile: "\(folder)/a.\(ext)", encoding: .utf8) == single, "\(format)")
        }
    }

    @Test func reportIntoAMissingFolderFailsBeforeScanning() throws {
        let folder = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(folder) }
        let result = try scan(["fixtures/seed-project", "--report", "csv=\(folder)/ok.csv",
                               "--report", "sarif=\(folder)/missing/x.sarif"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("missing/x.sarif"))
        #expect(result.stdout.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "nothing half-written")
        #expect(try scan(["fixtures/seed-project", "--report", "pdf=x.pdf"]).status == 2)
    }

    /// Paths with spaces, unicode, quotes, `,`, `:` and `|`, and matched text full of
    /// Markdown, XML and CSV specials, survive every format.
    @Test func awkwardPathsAndTextSurviveEveryFormat() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(root) }
        let tricky = "OLLAMA_URL = \"<a href='x'>&amp;</a> | `tick` , \\\"q\\\" : ]]> \" # 🦙\n"
        let names = ["my dir/a file.py", "ünïcödé/çä.py", "quo\"te.py", "comma,name.py", "colon:name.py", "pipe|name.py"]
        try TestSupport.writeTree(Dictionary(uniqueKeysWithValues: names.map { ($0, tricky) }), under: root)
        let json = try scan([".", "--format", "json"], in: root)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(Set(findings.compactMap { $0["path"] as? String }) == Set(names))

        for (format, ext) in [("sarif", "sarif"), ("gitlab", "json"), ("junit", "xml"), ("csv", "csv"), ("markdown", "md"),
                              ("github", "txt")] {
            let output = root + "/../report-\(UUID().uuidString).\(ext)"
            defer { try? FileManager.default.removeItem(atPath: output) }
            #expect(try scan([".", "--format", format, "--output", output], in: root).status == 1)
            let parsed = try validate(format, output)
            switch format {
            case "csv":
                let rows = try #require(parsed as? [[String: String]])
                #expect(Set(rows.map { $0["path"]! }) == Set(names))
                #expect(rows.allSatisfy { $0["line"] == String(tricky.dropLast()) })
                // The same fix and fingerprint as the JSON report's, finding for finding.
                #expect(rows.map { [$0["path"]!, $0["start_line"]!, $0["rule"]!, $0["fix"]!, $0["fingerprint"]!] }
                        == findings.map { [$0["path"] as! String, String(($0["start"] as! [String: Any])["line"] as! Int),
                                           $0["rule"] as! String, $0["fix"] as! String, $0["fingerprint"] as! String] })
            case "junit":
                let cases = try #require(parsed as? [[String: String]])
                #expect(Set(cases.map { $0["file"]! }) == Set(names))
            case "gitlab":
                let issues = try #require(parsed as? [[String: Any]])
                #expect(Set(issues.compactMap { $0["path"] as? String }) == Set(names))
                #expect(issues.map { $0["fingerprint"] as! String } == findings.map { $0["fingerprint"] as! String })
            case "github":
                let annotations = try #require(parsed as? [[String: Any]])
                #expect(Set(annotations.compactMap { $0["file"] as? String }) == Set(names))
            case "sarif":
                let results = try #require(parsed as? [[String: Any]])
                let uris = Set(results.compactMap { $0["uri"] as? String })
                #expect(uris.count == names.count)
                #expect(uris.contains("my%20dir/a%20file.py"))
            default:
                #expect((parsed as? [String: Int])?["tables"] ?? 0 >= 3)
            }
        }
    }
}
