import AuditTestSupport
import Engine
import Foundation
import Model
import Platform
import Rules
import Testing

/// The bad-input matrix, one test per row, run through the real binary: the exit code
/// follows the README contract (2 for bad input, 3 for an incomplete scan), nothing crashes,
/// nothing hangs (every run has a timeout) and nothing is written by halves.
/// Rows covered elsewhere: closed pipe (ScanCommandTests.closedPipeExitsQuietly), CRLF and
/// BOM under --fix (FixTests.lineEndingsBOMAndModeSurvive), symlinks never written through
/// (FixTests.symlinksAreNeverWrittenThrough), the catastrophic pattern on the in-process
/// scanner (ScannerTests.matchLimitIsAWarningAndTheScanGoesOn).
@Suite struct BadInputTests {
    /// A tree holding `files`, scanned with `arguments`; the tree is removed afterwards.
    func scan(_ files: [String: String], _ arguments: [String] = [], timeout: Double = 120,
              setUp: (String) throws -> Void = { _ in }) throws -> TestSupport.RunResult {
        let root = try TestSupport.makeTemporaryDirectory("bad-input")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree(files, under: root)
        try setUp(root)
        let result = try TestSupport.run(["scan", "."] + arguments, in: root, timeout: timeout)
        #expect(!result.timedOut, "the scan hung")
        return result
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func findings(_ result: TestSupport.RunResult) throws -> [[String: Any]] {
        try #require(try json(result.stdout)["findings"] as? [[String: Any]])
    }

    func warnings(_ result: TestSupport.RunResult) throws -> [[String: Any]] {
        try #require(try json(result.stdout)["warnings"] as? [[String: Any]])
    }

    // MARK: Rule and configuration files

    /// Each bad rule file stops the run before anything is scanned, naming file, line and rule.
    @Test(arguments: [
        ("malformed YAML", "rules: [\n  - id: x\n", "bad.yml:2: invalid YAML"),
        ("wrong type", "rules:\n  - id: x\n    message: 3\n    category: [a]\n", "bad.yml:4: rule 'x': 'category' must be a string, found a list"),
        ("unknown key", TestRule(pattern: "ollama", extra: ["    colour: red"]).file, "bad.yml:7: rule 'r': unknown key 'colour' in a rule"),
        ("empty file", "", "bad.yml: the file is empty"),
        ("pattern does not compile", TestRule(pattern: "(ollama").file, "bad.yml:6: rule 'r': pattern does not compile: PCRE2 error 114: missing closing parenthesis at offset 7"),
        ("fix names a missing group", TestRule(pattern: "oll(a)ma", fix: "v$2").file, "bad.yml:7: rule 'r': fix template: group 2 does not exist (the pattern has 1)"),
        ("fix names a missing named group", TestRule(pattern: "oll(a)ma", fix: "v${model}").file, "bad.yml:7: rule 'r': fix template: group 'model' is not a group of the pattern"),
    ])
    func badRuleFileIsExit2WithFileLineAndRule(_ row: (String, String, String)) throws {
        let result = try scan(["bad.yml": row.1, "app.py": "import ollama\n"], ["--rules", "bad.yml"])
        #expect(result.status == 2, "\(row.0)")
        #expect(result.stdout.isEmpty, "\(row.0): nothing is scanned")
        #expect(result.stderr.contains("error: " + row.2), "\(row.0): \(result.stderr)")
    }

    @Test func duplicateIDsAcrossFilesAreExit2() throws {
        let result = try scan(["rules/a.yml": TestRule(id: "same", pattern: "ollama").file,
                               "rules/b.yml": TestRule(id: "same", pattern: "llama").file], ["--rules", "rules"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("rules/b.yml:2: rule 'same': duplicate rule id (already defined in rules/a.yml)"))
    }

    @Test(arguments: [
        ("malformed YAML", "fail-on: [high\n", ".ollama-audit.yml:2: invalid YAML"),
        ("wrong type", "fail-on: [high]\n", ".ollama-audit.yml:1: 'fail-on' must be a string, found a list"),
        ("unknown key", "fail_on: high\n", ".ollama-audit.yml:1: unknown key 'fail_on' in the configuration"),
        ("bad value", "fail-on: urgent\n", ".ollama-audit.yml:1:"),
    ])
    func badConfigurationIsExit2WithFileAndLine(_ row: (String, String, String)) throws {
        let result = try scan([".ollama-audit.yml": row.1, "app.py": "import ollama\n"])
        #expect(result.status == 2, "\(row.0)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(row.2), "\(row.0): \(result.stderr)")
    }

    /// `(a+)+$` backtracks exponentially: PCRE2's match limit stops it on that file only.
    @Test func catastrophicPatternWarnsNamesRuleAndFileAndMovesOn() throws {
        let rules = TestRule(id: "catastrophic", pattern: "(a+)+$").file
        let result = try scan(["rules.yml": rules, "slow.md": String(repeating: "a", count: 4000) + "!\n",
                               "other.md": "aaa\n"],
                              ["--rules", "rules.yml", "--no-default-rules", "--format", "json"])
        #expect(result.status == 3)
        let warning = try #require(try warnings(result).first)
        #expect(warning["rule"] as? String == "catastrophic")
        #expect(warning["path"] as? String == "slow.md")
        #expect((warning["message"] as? String)?.contains("match limit") == true)
        #expect(try findings(result).map { $0["path"] as? String } == ["other.md"])
        #expect(result.stderr.contains("slow.md: rule 'catastrophic':"))
    }

    /// `(x|y)*z` is quadratic and the match limit restarts at every start position, so it
    /// cannot stop it; lines over the long-line cap are never given to a full pattern.
    @Test func quadraticPatternOnA100KBLineIsBounded() throws {
        let rules = TestRule(id: "quadratic", pattern: "(x|y)*z").file
        let line = String(repeating: "x", count: 100_000) + "!z\n"
        let started = Date()
        let result = try scan(["rules.yml": rules, "long.md": line, "short.md": "xyz\n"],
                              ["--rules", "rules.yml", "--no-default-rules", "--format", "json"], timeout: 60)
        // Unbounded, JIT takes 8 s here (measured on this stack); bounded, well under a second.
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(result.status == 3)
        #expect(try findings(result).map { $0["path"] as? String } == ["short.md"])
        let warning = try #require(try warnings(result).first)
        #expect(warning["path"] as? String == "long.md")
        #expect((warning["message"] as? String)?.hasPrefix("1 line longer than 4096 bytes not checked") == true)
    }

    /// A 10 MB rule file loads (slowly is fine) and its rules run; nothing is truncated.
    @Test func tenMegabyteRuleFileLoads() throws {
        let guidance = String(repeating: "migrate this carefully; ", count: 400)  // ~10 KB
        var text = "rules:\n"
        var count = 0
        while text.utf8.count < 10_000_000 {
            text += """
              - id: r\(count)
                message: m
                category: docs
                priority: low
                pattern: 'marker\(count)x'
                prefilter: [marker\(count)x]
                guidance: \(guidance)
                examples: { match: ["marker\(count)x"], no-match: ["b"] }

            """
            count += 1
        }
        let last = count - 1
        let result = try scan(["big.yml": text, "a.md": "marker0x and marker\(last)x\n"],
                              ["--rules", "big.yml", "--no-default-rules", "--format", "json"], timeout: 240)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(Set(try findings(result).compactMap { $0["rule"] as? String }) == ["r0", "r\(last)"])
    }

    /// Nine levels of nine aliases expand to 387,420,489 strings if anything walks them as
    /// values; the loader must reject the shape without expanding it.
    @Test(arguments: ["rules", "config"])
    func aliasBombIsRejectedWithoutExpanding(_ kind: String) throws {
        var lines = [kind == "rules" ? "rules:" : "exclude:", "  - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1..<9 {
            let name = Character(UnicodeScalar(97 + level)!)
            let previous = Character(UnicodeScalar(96 + level)!)
            lines.append("  - &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]")
        }
        let text = lines.joined(separator: "\n") + "\n"
        let file = kind == "rules" ? "bomb.yml" : ".ollama-audit.yml"
        let result = try scan([file: text, "app.py": "import ollama\n"],
                              kind == "rules" ? ["--rules", "bomb.yml"] : [], timeout: 30)
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(file):2:"), "\(result.stderr)")
    }

    // MARK: Files scanned

    @Test func invalidUTF8IsDataNotAnError() throws {
        let result = try scan(["bad.env": "OLLAMA_HOST=\u{FFFD}\n"], ["--format", "json"]) { root in
            try Data([0x4F, 0x4C, 0x4C, 0x41, 0x4D, 0x41, 0x5F, 0x48, 0x4F, 0x53, 0x54, 0x3D, 0xC3, 0x28, 0xFF, 0x0A])
                .write(to: URL(fileURLWithPath: root + "/bad.env"))
        }
        #expect(result.status == 1)
        let finding = try #require(try findings(result).first)
        #expect(finding["match"] as? String == "OLLAMA_HOST")
        #expect((finding["line"] as? String)?.contains("\u{FFFD}") == true)
    }

    /// Windows tools write UTF-16 with a byte-order mark: it is text, scanned like UTF-8, and
    /// never rewritten in place.
    @Test(arguments: [true, false])
    func utf16WithABOMIsScannedAndNeverRewritten(_ littleEndian: Bool) throws {
        let text = "# settings\r\nOLLAMA_HOST=http://localhost:11434\r\n"
        var bytes: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
        for unit in text.utf16 {
            let pair = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            bytes += littleEndian ? pair : pair.reversed()
        }
        let root = try TestSupport.makeTemporaryDirectory("utf16")
        defer { TestSupport.removeTree(root) }
        try Data(bytes).write(to: URL(fileURLWithPath: root + "/app.env"))
        let result = try TestSupport.run(["scan", ".", "--format", "json"], in: root, timeout: 60)
        #expect(result.status == 1)
        let found = try findings(result)
        let host = try #require(found.first { $0["match"] as? String == "OLLAMA_HOST" })
        #expect((host["start"] as? [String: Int]) == ["line": 2, "column": 1])
        #expect(found.allSatisfy { $0["fix"] as? String == "manual" })
        let fix = try TestSupport.run(["scan", ".", "--fix", "--allow-dirty"], in: root, timeout: 60)
        #expect(fix.status != 2, "\(fix.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/app.env")) == Data(bytes))
    }

    /// A UTF-8 byte-order mark is not part of the first line: `^` anchors after it and the
    /// column does not count it; the fix keeps it.
    @Test func utf8BOMDoesNotHideTheFirstLine() throws {
        let rules = TestRule(id: "start", pattern: "^OLLAMA_HOST", fix: "VLLM_BASE_URL").file
        let result = try scan(["rules.yml": rules, "a.env": "\u{FEFF}OLLAMA_HOST=x\n"],
                              ["--rules", "rules.yml", "--no-default-rules", "--format", "json"])
        let finding = try #require(try findings(result).first)
        #expect((finding["start"] as? [String: Int]) == ["line": 1, "column": 1])
        let root = try TestSupport.makeTemporaryDirectory("bom")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree(["rules.yml": rules, "a.env": "\u{FEFF}OLLAMA_HOST=x\n"], under: root)
        let fix = try TestSupport.run(["scan", "a.env", "--rules", "rules.yml", "--no-default-rules", "--fix", "--allow-dirty"],
                                      in: root, timeout: 60)
        #expect(fix.status == 0, "\(fix.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/a.env")) == Data("\u{FEFF}VLLM_BASE_URL=x\n".utf8))
    }

    @Test(arguments: [("CRLF", "a = 1\r\nOLLAMA_HOST = 'x'\r\n", 2), ("lone CR", "a = 1\rOLLAMA_HOST = 'x'\r", 1),
                      ("no final newline", "a = 1\nOLLAMA_HOST = 'x'", 2)])
    func lineEndingsAreScanned(_ row: (String, String, Int)) throws {
        let result = try scan(["app.py": row.1], ["--format", "json"])
        #expect(result.status == 1, "\(row.0)")
        let finding = try #require(try findings(result).first { $0["match"] as? String == "OLLAMA_HOST" }, "\(row.0)")
        #expect((finding["start"] as? [String: Int])?["line"] == row.2, "\(row.0)")
        #expect((finding["line"] as? String)?.hasSuffix("\r") == false, "\(row.0)")
    }

    /// Empty, all-NUL, over the size cap, and one 5 MB line: each counted, none fatal.
    @Test func degenerateFilesAreCountedNotFatal() throws {
        let fiveMB = "var a=\"OLLAMA_HOST\";" + String(repeating: "x=1;", count: 5 << 18) + "\n"
        let result = try scan(["empty.py": "", "line.js": fiveMB, "ok.py": "import ollama\n"],
                              ["--format", "json", "--max-filesize", "6M"]) { root in
            try Data(repeating: 0, count: 4096).write(to: URL(fileURLWithPath: root + "/zeros.py"))
            try Data(repeating: 0x61, count: 7 << 20).write(to: URL(fileURLWithPath: root + "/huge.py"))
        }
        #expect(result.status == 3)  // the 5 MB line was not checked: the scan says so
        let summary = try #require(try json(result.stdout)["summary"] as? [String: Any])
        let skipped = try #require(summary["skipped"] as? [String: Int])
        #expect(skipped["binary"] == 1)
        #expect(skipped["too_large"] == 1 || skipped["tooLarge"] == 1, "\(skipped)")
        #expect(summary["files_scanned"] as? Int == 3)
        #expect(try findings(result).map { $0["path"] as? String } == ["ok.py"])
        #expect(try warnings(result).map { $0["path"] as? String } == ["line.js"])
    }

    /// A FIFO would block a reader forever, a socket cannot be read, and a mode-000 file
    /// cannot be opened (except by root): none of them stops or hangs the scan.
    @Test func specialAndUnreadableFilesNeverHang() throws {
        let result = try scan(["ok.py": "import ollama\n"], ["--format", "json"], timeout: 60) { root in
            // A FIFO, and a socket left bound (the binding process has gone; the node stays).
            let made = try TestSupport.run(["-c", "mkfifo pipe.py && python3 -c 'import socket; socket.socket(socket.AF_UNIX).bind(\"sock.py\")'"],
                                           executable: "/bin/sh", in: root)
            #expect(made.status == 0, "\(made.stderr)")
            try "OLLAMA_HOST=1\n".write(toFile: root + "/secret.env", atomically: false, encoding: .utf8)
            #expect(throws: Never.self) { try FileSystem.setPermissions(root + "/secret.env", 0).get() }
        }
        let paths = try findings(result).compactMap { $0["path"] as? String }
        #expect(paths.contains("ok.py"))
        #expect(!paths.contains("pipe.py") && !paths.contains("sock.py"))
        if ProcessIdentity.isRoot {
            #expect(result.status == 1)  // root reads mode-000 files: the finding is there
            #expect(paths.contains("secret.env"))
        } else {
            #expect(result.status == 3)
            #expect(try warnings(result).contains { $0["path"] as? String == "secret.env" })
        }
    }

    /// A file listed by the walk and deleted before a worker reads it is a warning, not a crash.
    @Test func fileDeletedDuringTheWalkIsAWarning() throws {
        let root = try TestSupport.makeTemporaryDirectory("deleted")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree(["gone.py": "import ollama\n", "kept.py": "import ollama\n"], under: root)
        let rules = try RuleLoader.load(DefaultRules.files)
        let scanner = Scanner(rules: rules, threads: 2)
        let result = try scanner.scan(producer: { (emit) throws(AuditError) in
            _ = try Walker(options: WalkOptions()).walk(under: root, display: "") { file in
                if file.path == "gone.py" { try? FileManager.default.removeItem(atPath: file.absolutePath) }
                emit(file)
            }
        })
        #expect(result.findings.map(\.path) == ["kept.py"])
        #expect(result.skipped.unreadable == 1)
        #expect(result.warnings.map(\.path) == ["gone.py"])
        #expect(result.warnings.first?.message.contains("No such file") == true)
    }

    // MARK: Trees

    @Test func symlinkLoopsAndLinksOutsideAreNeverFollowed() throws {
        let outside = try TestSupport.makeTemporaryDirectory("outside")
        defer { TestSupport.removeTree(outside) }
        try TestSupport.writeTree(["far.py": "import ollama\n"], under: outside)
        let result = try scan(["in/a.py": "import ollama\n"], ["--format", "json"], timeout: 60) { root in
            try FileManager.default.createSymbolicLink(atPath: root + "/loop", withDestinationPath: "loop")
            try FileManager.default.createSymbolicLink(atPath: root + "/in/up", withDestinationPath: "..")
            try FileManager.default.createSymbolicLink(atPath: root + "/out", withDestinationPath: outside)
            try FileManager.default.createSymbolicLink(atPath: root + "/far.py", withDestinationPath: outside + "/far.py")
        }
        #expect(result.status == 1)
        #expect(Set(try findings(result).compactMap { $0["path"] as? String }) == ["in/a.py"])
        let summary = try #require(try json(result.stdout)["summary"] as? [String: Any])
        #expect((summary["skipped"] as? [String: Int])?["symlink"] == 4)
    }

    @Test func folder200LevelsDeepIsWalked() throws {
        let deep = Array(repeating: "d", count: 200).joined(separator: "/") + "/app.py"
        let result = try scan([deep: "import ollama\n"], ["--format", "json"])
        #expect(result.status == 1)
        #expect(try findings(result).first?["path"] as? String == deep)
    }

    /// Spaces, a newline, quotes, unicode and a leading dash: found, reported exactly in JSON,
    /// and the dry-run diff still applies with git.
    @Test func awkwardFileNamesAreScannedAndFixedExactly() throws {
        let names = ["with space.env", "new\nline.env", "quo\"te's.env", "ünï cødé.env", "-dash.env"]
        let root = try TestSupport.makeTemporaryDirectory("names")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree(Dictionary(uniqueKeysWithValues: names.map { ($0, "OLLAMA_HOST=http://localhost:11434\n") }),
                                  under: root)
        let result = try TestSupport.run(["scan", ".", "--format", "json"], in: root, timeout: 60)
        #expect(result.status == 1)
        #expect(Set(try findings(result).compactMap { $0["path"] as? String }) == Set(names))
        let diff = try TestSupport.run(["scan", ".", "--fix", "--dry-run"], in: root, timeout: 60)
        #expect(diff.status == 1)
        try diff.stdout.write(toFile: root + "/../names.patch", atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: root + "/../names.patch") }
        try TestSupport.git(["init", "-q"], in: root)
        let apply = try TestSupport.git(["apply", "--check", "-v", "../names.patch"], in: root)
        #expect(apply.status == 0, "\(apply.stderr)")
        // git names each file it checks (quoting the awkward ones): all five are in the patch.
        #expect(apply.stderr.components(separatedBy: "Checking patch ").count - 1 == names.count, "\(apply.stderr)")
    }

    @Test func hundredThousandEmptyFiles() throws {
        let root = try TestSupport.makeTemporaryDirectory("many")
        defer { TestSupport.removeTree(root) }
        let made = try TestSupport.run(["-c", "for d in $(seq 0 99); do mkdir d$d && (cd d$d && touch $(seq -f f%g.py 0 999)) || exit 1; done"],
                                       executable: "/bin/bash", in: root, timeout: 240)
        #expect(made.status == 0, "\(made.stderr)")
        try "import ollama\n".write(toFile: root + "/d99/f999.py", atomically: false, encoding: .utf8)
        let result = try TestSupport.run(["scan", ".", "--format", "json"], in: root, timeout: 240)
        #expect(!result.timedOut)
        #expect(result.status == 1)
        let summary = try #require(try json(result.stdout)["summary"] as? [String: Any])
        #expect(summary["files_scanned"] as? Int == 100_000)
        #expect(try findings(result).compactMap { $0["path"] as? String } == ["d99/f999.py"])
    }

    // MARK: Command line

    @Test(arguments: [
        (["nowhere"], "error: nowhere: no such file or directory"),
        ([".", "--report", "json=missing/r.json"], "missing/r.json"),
        ([".", "--report", "json=/proc/self/r.json"], "/proc/self/r.json"),
        ([".", "--output", "app.py/r.json"], "app.py/r.json"),
        ([".", "--dry-run"], "--dry-run, --unsafe-fixes, --allow-dirty, --patch and --interactive go with --fix"),
        ([".", "--staged", "--changed-since", "HEAD"], "--staged and --changed-since cannot be combined"),
        ([".", "--threads", "0"], "--threads must be at least 1"),
        ([".", "--format", "xml"], "'xml' is invalid for '--format"),
    ])
    func badCommandLinesAreExit2AndWriteNothing(_ row: ([String], String)) throws {
        let root = try TestSupport.makeTemporaryDirectory("cli")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree(["app.py": "import ollama\n"], under: root)
        let before = try FileManager.default.subpathsOfDirectory(atPath: root).sorted()
        let result = try TestSupport.run(["scan"] + row.0, in: root, timeout: 60)
        #expect(result.status == 2, "\(row.0)")
        #expect(result.stdout.isEmpty, "\(row.0)")
        #expect(result.stderr.contains(row.1), "\(row.0): \(result.stderr)")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: root).sorted() == before, "\(row.0)")
    }
}
