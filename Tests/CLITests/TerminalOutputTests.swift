import AuditTestSupport
import Foundation
import Platform
import Testing

/// What a person at a terminal gets: paths that open from the shell the scan was typed in,
/// `--statistics`, `--quiet`, and the interactive review of `--fix` through a real terminal.
@Suite struct TerminalOutputTests {
    func scan(_ arguments: [String], in directory: String? = nil) throws -> TestSupport.RunResult {
        try TestSupport.run(["scan"] + arguments, in: directory)
    }

    /// A folder `work` to run in, beside `other/app.py`, with one Ollama import in each.
    func tree() throws -> String {
        let root = try TestSupport.makeTemporaryDirectory("paths")
        try TestSupport.writeTree(["work/repo/src/app.py": "import ollama\n", "other/app.py": "import ollama\n"], under: root)
        return root
    }

    @Test func pathsAreRelativeToTheWorkingDirectoryAsRipgrepPrintsThem() throws {
        let root = try tree()
        defer { TestSupport.removeTree(root) }
        let work = root + "/work"
        // Inside the working directory: the path from it, however the root was written.
        for given in ["repo/src", "./repo/src/", "repo/../repo/src", work + "/repo/src"] {
            for format in ["text", "concise"] {
                let result = try scan([given, "--format", format], in: work)
                #expect(result.status == 1)
                #expect(result.stdout.contains("repo/src/app.py"), "\(given) \(format): \(result.stdout)")
                #expect(!result.stdout.contains(root), "\(given) \(format): no absolute path for a root inside")
            }
        }
        #expect(try scan(["repo/src/app.py", "--format", "concise"], in: work).stdout.hasPrefix("repo/src/app.py:1:1: "))
        // Outside it: as typed, relative (`../other`) or absolute.
        let relative = try scan(["../other", "--format", "concise"], in: work)
        #expect(relative.stdout.hasPrefix("../other/app.py:1:1: "), "\(relative.stdout)")
        let absolute = try scan([root + "/other", "--format", "concise"], in: work)
        #expect(absolute.stdout.hasPrefix(root + "/other/app.py:1:1: "), "\(absolute.stdout)")
        // Machine formats keep their own contract: relative to the working directory inside it.
        let json = try scan(["repo/src", "--format", "sarif"], in: work)
        #expect(json.stdout.contains("\"uri\" : \"repo/src/app.py\"") || json.stdout.contains("\"uri\": \"repo/src/app.py\""))
    }

    @Test func conciseLineHoldsLocationPriorityRuleFixAndMessage() throws {
        let result = try scan(["fixtures/seed-project", "--format", "concise"])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        // Every finding line opens as path:line:col, then priority and rule id.
        let findingLines = lines.dropLast()
        for line in findingLines {
            let parts = line.split(separator: " ", maxSplits: 3).map(String.init)
            #expect(parts.count == 4, "\(line)")
            #expect(parts[0].hasPrefix("fixtures/seed-project/") && parts[0].hasSuffix(":"), "\(line)")
            #expect(["critical", "high", "medium", "low"].contains(parts[1]), "\(line)")
        }
        // [fix] marks exactly the findings JSON calls auto-fixable.
        let json = try JSONSerialization.jsonObject(with: Data(try scan(["fixtures/seed-project", "--format", "json"]).stdout.utf8))
        let findings = try #require((json as? [String: Any])?["findings"] as? [[String: Any]])
        #expect(findings.count == findingLines.count)
        #expect(findingLines.filter { $0.contains(" [fix] ") }.count == findings.filter { $0["fix"] as? String == "auto" }.count)
        #expect(lines.last?.hasPrefix("Found \(findings.count) findings in ") == true, "\(lines.last ?? "")")
    }

    @Test func statisticsCountEveryFindingOncePerRule() throws {
        let result = try scan(["fixtures/seed-project", "--statistics"])
        #expect(result.status == 1, "the exit code is the scan's")
        #expect(TestSupport.golden(result.stdout, "seed-project.statistics.txt") == nil)
        let rows = result.stdout.split(separator: "\n").dropLast(1).map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        let total = rows.compactMap { Int($0.first ?? "") }.reduce(0, +)
        let json = try JSONSerialization.jsonObject(with: Data(try scan(["fixtures/seed-project", "--format", "json"]).stdout.utf8))
        #expect(total == ((json as? [String: Any])?["findings"] as? [Any])?.count)
        let counts = rows.compactMap { Int($0.first ?? "") }
        #expect(counts == counts.sorted(by: >), "most findings first")
        let clean = try scan(["fixtures/clean-project", "--statistics"])
        #expect(clean.status == 0)
        #expect(clean.stdout.hasPrefix("No Ollama dependencies found ("), "\(clean.stdout)")
        for bad in [["--format", "json"], ["--quiet"], ["--files"], ["--output", "x.txt"], ["--fix", "--dry-run"]] {
            let refused = try scan(["fixtures/seed-project", "--statistics"] + bad)
            #expect(refused.status == 2, "\(bad)")
            #expect(refused.stderr.contains("--statistics"), "\(bad): \(refused.stderr)")
        }
    }

    @Test func quietPrintsNothingButKeepsTheExitCodeAndReportFiles() throws {
        let folder = try TestSupport.makeTemporaryDirectory("quiet")
        defer { TestSupport.removeTree(folder) }
        let found = try scan(["fixtures/seed-project", "-q", "--report", "sarif=\(folder)/out.sarif"])
        #expect(found.status == 1)
        #expect(found.stdout.isEmpty && found.stderr.isEmpty, "\(found.stdout)\(found.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder + "/out.sarif"), "--report files are still written")
        let clean = try scan(["fixtures/clean-project", "--quiet"])
        #expect(clean.status == 0 && clean.stdout.isEmpty && clean.stderr.isEmpty)
        // An error is still an error.
        let missing = try scan(["fixtures/no-such-folder", "-q"])
        #expect(missing.status == 2)
        #expect(!missing.stderr.isEmpty)
        // A dry run says by its code alone whether a migration is pending.
        let dry = try scan(["fixtures/seed-project", "-q", "--fix", "--dry-run"])
        #expect(dry.status == 1 && dry.stdout.isEmpty && dry.stderr.isEmpty, "\(dry.stderr)")
    }

    @Test func quietStillSaysWhatMadeTheScanIncomplete() throws {
        let root = try TestSupport.makeTemporaryDirectory("quiet-unreadable")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree(["secret/app.py": "import ollama\n", "ok.py": "x = 1\n"], under: root)
        #expect(throws: Never.self) { try FileSystem.setPermissions(root + "/secret", 0).get() }
        // Root reads any folder: the scan runs as nobody then, as BadInputTests+Walk does.
        func run(_ arguments: [String]) throws -> TestSupport.RunResult {
            guard ProcessIdentity.isRoot else { return try TestSupport.run(arguments, in: root, timeout: 120) }
            return try TestSupport.run(["--reuid=65534", "--regid=65534", "--clear-groups", TestSupport.binary] + arguments,
                                       executable: "/usr/bin/setpriv", in: root, timeout: 120)
        }
        let result = try run(["scan", ".", "-q"])
        #expect(result.status == 3)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "warning: secret: cannot read folder: Permission denied\n", "\(result.stderr)")
        let allowed = try run(["scan", ".", "-q", "--allow-incomplete"])
        #expect(allowed.status == 0 && allowed.stdout.isEmpty && allowed.stderr.isEmpty, "\(allowed.stderr)")
    }

    /// The README's samples are the goldens' lines, so they cannot drift from what a scan prints.
    @Test func readmeSamplesAreWhatAScanPrints() throws {
        let readme = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## What a scan prints").dropFirst().first?
            .components(separatedBy: "\n## ").first)
        let blocks = section.components(separatedBy: "```").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        #expect(blocks.count == 2)
        func golden(_ name: String) throws -> Set<String> {
            Set(try String(contentsOfFile: TestSupport.fixture("expected/" + name), encoding: .utf8).split(separator: "\n").map(String.init))
        }
        var expected = try golden("seed-project.txt")
        var checked = 0
        for block in blocks {
            for line in block.split(separator: "\n").map(String.init) where line != "..." {
                if line.hasPrefix("$ ") {
                    expected = try golden(line.hasSuffix("--statistics") ? "seed-project.statistics.txt" : "seed-project.concise.txt")
                    continue
                }
                let printed = expected.contains(line)
                #expect(printed, "README line not printed by the scan: \(line)")
                checked += 1
            }
        }
        #expect(checked > 30)
    }

    // MARK: --fix --interactive, through a real pseudo-terminal

    static let driver = TestSupport.packageRoot.appendingPathComponent("Tests/tty/fix_review.py").path

    /// A copy of the seed project, reviewed with `answers` typed at the prompts.
    func review(_ answers: [String]) throws -> (folder: String, status: Int, prompts: Int, output: String) {
        let folder = try TestSupport.makeTemporaryDirectory("review")
        _ = try TestSupport.run(["-a", TestSupport.fixture("seed-project") + "/.", folder], executable: "/bin/cp")
        let result = try TestSupport.run(["python3", Self.driver, TestSupport.binary, folder] + answers,
                                         executable: "/usr/bin/env", timeout: 300)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return (folder, json["status"] as? Int ?? -1, json["prompts"] as? Int ?? -1, json["output"] as? String ?? "")
    }

    func changed(_ folder: String) throws -> [String] {
        let diff = try TestSupport.run(["diff", "-rq", TestSupport.fixture("seed-project"), folder], executable: "/usr/bin/env")
        return diff.stdout.split(separator: "\n").compactMap { line in
            line.split(separator: " ").dropFirst(3).first.map { String($0.dropFirst(folder.count + 1)) }
        }.sorted()
    }

    @Test func interactiveReviewAppliesOnlyTheFilesAccepted() throws {
        // yes to the first file, no to the second, then quit: only the first is written.
        let (folder, status, prompts, output) = try review(["y", "n", "q"])
        defer { TestSupport.removeTree(folder) }
        #expect(prompts == 3)
        #expect(status == 1, "findings remain")
        #expect(output.contains("[1/"), "the review numbers the files")
        #expect(output.contains("diff --git a/.env.example b/.env.example"), "each file's diff is shown before the question")
        #expect(try changed(folder) == [".env.example"], "\(output)")
        #expect(output.contains("skipped: ai-services/ollama-service.ts: declined in the interactive review"), "\(output)")
    }

    @Test func interactiveAllAppliesWhatFixApplies() throws {
        // A wrong answer is asked again; `a` takes this file and every one after it.
        let (folder, _, prompts, output) = try review(["maybe", "a"])
        defer { TestSupport.removeTree(folder) }
        #expect(prompts == 2)
        #expect(output.contains("Answer y (apply this file)"), "\(output)")
        let plain = try TestSupport.makeTemporaryDirectory("review-plain")
        defer { TestSupport.removeTree(plain) }
        _ = try TestSupport.run(["-a", TestSupport.fixture("seed-project") + "/.", plain], executable: "/bin/cp")
        _ = try TestSupport.run(["scan", ".", "--fix", "--allow-dirty"], in: plain)
        let same = try TestSupport.run(["diff", "-r", plain, folder], executable: "/usr/bin/env")
        #expect(same.status == 0, "--interactive with `a` writes what --fix writes: \(same.stdout)")
    }

    @Test func interactiveNeedsATerminal() throws {
        let result = try scan(["fixtures/seed-project", "--fix", "--interactive"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--interactive asks on a terminal"), "\(result.stderr)")
        #expect(try scan(["fixtures/seed-project", "--interactive"]).status == 2, "--interactive goes with --fix")
        #expect(try scan(["fixtures/seed-project", "--fix", "--dry-run", "--interactive"]).status == 2)
    }
}
