import AuditTestSupport
import Foundation
import Testing

/// What CI shows: GitHub annotations within GitHub's per-step limits, most urgent first, and
/// the step summary (here), GitLab's Code Quality report (+GitLab), the examples/ templates
/// (+Templates). fixtures/annotation-priorities has 40 findings whose critical ones come last
/// in path order (`z-backend/`), as on the public repository where the first critical finding
/// was the 18th `::error` and never shown.
@Suite struct CIReportTests {
    static let fixture = "fixtures/annotation-priorities"
    static let validator = TestSupport.packageRoot.appendingPathComponent("Tests/validators/validate_report.py").path

    func scan(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> TestSupport.RunResult {
        try TestSupport.run(["scan"] + arguments, in: directory, environment: environment)
    }

    /// The JSON report's findings: what the other formats are checked against.
    func findings(_ arguments: [String], in directory: String? = nil) throws -> [[String: Any]] {
        let json = try scan(arguments + ["--format", "json"], in: directory)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        return try #require(document["findings"] as? [[String: Any]])
    }

    /// One workflow command line, as GitHub's runner reads it.
    struct Annotation {
        let command: String
        let properties: [String: String]
        let message: String

        init?(_ line: Substring) {
            guard line.hasPrefix("::"), let space = line.firstIndex(of: " "), let end = line[space...].range(of: "::") else {
                return nil
            }
            command = String(line.dropFirst(2)[..<space])
            var properties: [String: String] = [:]
            for pair in line[line.index(after: space)..<end.lowerBound].split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { properties[String(parts[0])] = String(parts[1]) }
            }
            self.properties = properties
            message = String(line[end.upperBound...])
        }

        /// The priority the title names: `ollama-audit RULE (priority)`.
        var priority: String? {
            guard let title = properties["title"], title.hasSuffix(")"), let open = title.lastIndex(of: "(") else { return nil }
            return String(title[title.index(after: open)..<title.index(before: title.endIndex)])
        }
    }

    static func annotations(_ output: String) -> [Annotation] {
        output.split(separator: "\n").compactMap(Annotation.init)
    }

    static let rank = ["critical": 3, "high": 2, "medium": 1, "low": 0]

    // MARK: GitHub annotations

    @Test func githubPutsCriticalFindingsFirstWithinGitHubsLimits() throws {
        let all = try findings([Self.fixture])
        #expect(all.count == 40)
        // The fixture is what the issue describes: in path order, every critical finding comes
        // after more than ten errors, so a path-ordered report would show none of them.
        let order = all.map { $0["priority"] as! String }
        let firstCritical = try #require(order.firstIndex(of: "critical"))
        #expect(order[..<firstCritical].count { $0 == "critical" || $0 == "high" } > 10)

        let result = try scan([Self.fixture, "--format", "github"])
        #expect(result.status == 1)
        #expect(TestSupport.golden(result.stdout, "annotation-priorities.github") == nil)
        let annotations = Self.annotations(result.stdout)
        let findingAnnotations = annotations.filter { $0.properties["file"] != nil }
        let closing = try #require(annotations.last)

        // GitHub's documented limits: 10 of each command per step, 50 per job.
        for command in ["error", "warning", "notice"] {
            #expect(annotations.count { $0.command == command } <= 10, "\(command)")
        }
        #expect(annotations.count <= 50)
        // Most urgent first, and every critical finding annotated, before any other.
        let ranks = findingAnnotations.map { Self.rank[$0.priority ?? ""] ?? -1 }
        #expect(ranks == ranks.sorted(by: >), "\(ranks)")
        let critical = order.count { $0 == "critical" }
        #expect(findingAnnotations.prefix(critical).allSatisfy { $0.priority == "critical" })
        #expect(findingAnnotations.count { $0.priority == "critical" } == critical)
        // The cap is used, not just respected: 10 errors, 10 warnings, 9 notices and the notice
        // that counts the rest, which is the last line and the tenth notice.
        let errors = order.count { $0 == "critical" || $0 == "high" }, warnings = order.count { $0 == "medium" }
        #expect(findingAnnotations.count { $0.command == "error" } == min(errors, 10))
        #expect(findingAnnotations.count { $0.command == "warning" } == min(warnings, 10))
        #expect(closing.command == "notice" && closing.properties["file"] == nil)
        #expect(result.stdout.hasSuffix("::\(closing.message)\n"))
        #expect(annotations.count { $0.command == "notice" } == 10)
        let leftOut = all.count - findingAnnotations.count
        #expect(closing.message.hasPrefix("\(leftOut) of \(all.count) findings not annotated"), "\(closing.message)")
        // The findings left out are still in the log, one plain line each (no workflow command).
        let listed = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  \(Self.fixture)/") }
        #expect(listed.count == leftOut)
        // The validator (GitHub's own parsing rules) reads every annotation the same way.
        let file = try TestSupport.makeTemporaryDirectory() + "/report.github"
        defer { TestSupport.removeTree((file as NSString).deletingLastPathComponent) }
        try result.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        let parsed = try TestSupport.run(["python3", Self.validator, "github", file], executable: "/usr/bin/env")
        let read = try #require(try JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8)) as? [[String: Any]])
        #expect(read.count == annotations.count)
    }

    /// Exactly at the limit nothing is left out and no notice is added; one more finding
    /// makes room for the closing notice.
    @Test(arguments: [10, 11])
    func noticesAtTheLimit(mentions: Int) throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(root) }
        let lines = (1...mentions).map { "Restart Ollama, step \($0)." }.joined(separator: "\n")
        try TestSupport.writeTree(["guide.md": "# Guide\n\n" + lines + "\n"], under: root)
        #expect(try findings(["."], in: root).count == mentions)
        let output = try scan([".", "--format", "github"], in: root).stdout
        let notices = Self.annotations(output).filter { $0.command == "notice" }
        #expect(notices.count == 10)
        if mentions == 10 {
            #expect(notices.allSatisfy { $0.properties["file"] != nil })
            #expect(!output.contains("not annotated"))
        } else {
            #expect(notices.count { $0.properties["file"] != nil } == 9)
            #expect(notices.last?.message.hasPrefix("2 of 11 findings not annotated") == true, "\(output)")
        }
    }

    /// The findings left out are listed as plain lines, escaped as the text report escapes:
    /// a file name holding a line break and a workflow command forges no command there either.
    @Test func leftOutLinesForgeNoCommand() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(root) }
        let names = (10...21).map { "n\($0)\n::error title=PWNED::forged.md" }
        try TestSupport.writeTree(Dictionary(uniqueKeysWithValues: names.map { ($0, "Ollama\n") }), under: root)
        let output = try scan([".", "--format", "github"], in: root).stdout
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        let commands = lines.filter { $0.drop(while: \.isWhitespace).hasPrefix("::") || $0.contains("##[") }
        #expect(commands.count == 10, "9 notices and the closing one: \(output)")
        #expect(commands.allSatisfy { $0.hasPrefix("::notice file=n") || $0.hasPrefix("::notice title=ollama-audit::") })
        let listed = lines.filter { $0.hasPrefix("  n") }
        #expect(listed.count == 3 && listed.allSatisfy { $0.contains("\\n::error title=PWNED::forged.md:1:1: low ") },
                "\(output)")
    }

    // MARK: Step summary

    @Test func stepSummaryIsAppendedWhenGitHubSetsTheFile() throws {
        let folder = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(folder) }
        let summary = folder + "/step_summary"
        try "earlier step output\n".write(toFile: summary, atomically: true, encoding: .utf8)
        let environment = ["GITHUB_STEP_SUMMARY": summary]
        let plain = try scan([Self.fixture, "--format", "github"])
        let first = try scan([Self.fixture, "--format", "github"], environment: environment)
        #expect(first.status == 1 && first.stdout == plain.stdout && first.stderr.isEmpty, "\(first.stderr)")
        let once = try String(contentsOfFile: summary, encoding: .utf8)
        #expect(once.hasPrefix("earlier step output\n"), "appended, not overwritten")
        let added = String(once.dropFirst("earlier step output\n".count))
        #expect(TestSupport.golden(added, "annotation-priorities.step-summary.md") == nil)
        // Counts by priority and layer are the JSON report's.
        let all = try findings([Self.fixture])
        for priority in ["critical", "high", "medium", "low"] {
            #expect(added.contains("| \(priority) | \(all.count { $0["priority"] as? String == priority }) |\n"), "\(priority)")
        }
        #expect(added.contains("| backend | \(all.count { $0["layer"] as? String == "backend" }) |\n"))
        // The top file is a critical one, though it comes last in path order.
        #expect(added.contains("| File | Most urgent | Findings |\n|---|---|---:|\n| `\(Self.fixture)/z-backend/"))
        // A second run (a second scan in the same step) appends again.
        #expect(try scan([Self.fixture, "--report", "github=\(folder)/a.github"], environment: environment).status == 1)
        #expect(try String(contentsOfFile: summary, encoding: .utf8) == once + added)
        // Only a run that annotates writes it.
        #expect(try scan([Self.fixture, "--format", "sarif"], environment: environment).status == 1)
        #expect(try String(contentsOfFile: summary, encoding: .utf8) == once + added)
        // Tables hold together, as GitHub renders them.
        let parsed = try TestSupport.run(["python3", Self.validator, "markdown", summary], executable: "/usr/bin/env")
        #expect(parsed.status == 0, "\(parsed.stderr)")
    }

    /// Paths are the repository's: in the summary they are code spans whose pipes and
    /// backticks cannot split a row or add markup.
    @Test func stepSummaryEscapesPaths() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(root) }
        let names = ["a|b.md", "`x` <img src=y>.md", "c\\|d.md"]
        try TestSupport.writeTree(Dictionary(uniqueKeysWithValues: names.map { ($0, "Ollama\n") }), under: root)
        let summary = root + "/../summary-\(UUID().uuidString).md"
        defer { try? FileManager.default.removeItem(atPath: summary) }
        #expect(try scan([".", "--format", "github"], in: root, environment: ["GITHUB_STEP_SUMMARY": summary]).status == 1)
        let text = try String(contentsOfFile: summary, encoding: .utf8)
        // Nothing renders inside a code span: the tag stays text.
        #expect(text.contains("| `` `x` <img src=y>.md `` |"), "\(text)")
        #expect(text.contains("`a\\|b.md`"), "\(text)")
        let parsed = try TestSupport.run(["python3", Self.validator, "markdown", summary], executable: "/usr/bin/env")
        #expect(parsed.status == 0, "\(parsed.stderr)")
    }

    /// A summary file that cannot be written is a warning: the annotations, the reports and
    /// the exit status are those of a run without it (docs/ci.md, "Step summary").
    @Test func anUnwritableStepSummaryIsAWarning() throws {
        let folder = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(folder) }
        let plain = try scan([Self.fixture, "--format", "github"])
        for path in [folder + "/missing/summary", folder] {
            let result = try scan([Self.fixture, "--format", "github", "--report", "json=\(folder)/r.json"],
                                  environment: ["GITHUB_STEP_SUMMARY": path])
            #expect(result.status == plain.status)
            #expect(result.stdout == plain.stdout)
            #expect(result.stderr.hasPrefix("warning: cannot append the step summary to \(path) (GITHUB_STEP_SUMMARY): "),
                    "\(result.stderr)")
            #expect(FileManager.default.fileExists(atPath: folder + "/r.json"))
        }
        // A clean scan stays clean.
        let clean = try scan(["fixtures/clean-project", "--format", "github"], environment: ["GITHUB_STEP_SUMMARY": folder])
        #expect(clean.status == 0 && clean.stderr.contains("cannot append the step summary"))
    }
}
