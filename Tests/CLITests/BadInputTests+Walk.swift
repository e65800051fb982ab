import AuditTestSupport
import Foundation
import Platform
import Testing

/// What the walker meets in a hostile or merely unusual tree. The glob cases run under a
/// 5 s bound, in CPU time.
extension BadInputTests {
    // MARK: Item 4: globs that backtracked or recursed

    /// `scan .` with `arguments` over `files`, allowed 5 s of CPU time (bash's `ulimit -t`,
    /// then `exec`): past it the kernel stops the scan with SIGXCPU. The bound is on the
    /// scan's work, so a machine busy with the rest of the suite cannot fail it; a hang that
    /// does no work is still cut off by the wall-clock timeout.
    func scanWithinFiveCPUSeconds(_ files: [String: String], _ arguments: [String]) throws -> TestSupport.RunResult {
        let root = try TestSupport.makeTemporaryDirectory("bad-input-timed")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree(files, under: root)
        let script = "ulimit -t 5 && exec \"$0\" scan . \"$@\""
        let result = try TestSupport.run(["-c", script, TestSupport.binary] + arguments, executable: "/bin/bash", in: root, timeout: 120)
        #expect(!result.timedOut, "the scan hung")
        return result
    }

    @Test func gitignoreWithManyStarsDoesNotBacktrack() throws {
        let name = String(repeating: "a", count: 40) + ".py"
        let result = try scanWithinFiveCPUSeconds([".gitignore": "*a*a*a*a*a*a*a*a*a*a*a*b\n", name: "import ollama\n"],
                                                  ["--format", "json"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(try findings(result).map { $0["path"] as? String } == [name])
    }

    @Test func gitignoreOfTwoHundredThousandDoubleStarsDoesNotCrash() throws {
        let result = try scanWithinFiveCPUSeconds([".gitignore": String(repeating: "**/", count: 200_000) + "x.py\n",
                                                   "deep/x.py": "import ollama\n", "y.py": "import ollama\n"],
                                                  ["--format", "json"])
        #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
        #expect(try findings(result).map { $0["path"] as? String } == ["y.py"])
    }

    @Test func aHundredThousandPatternsOverAThousandFiles() throws {
        var files = [".gitignore": (0..<100_000).map { "ignored-\($0).py\n" }.joined()]
        for i in 0...1_000 { files["f\(i).py"] = "import ollama\n" }
        files["ignored-99999.py"] = "import ollama\n"
        let result = try scanWithinFiveCPUSeconds(files, ["--format", "json"])
        #expect(result.status == 1, "\(result.stderr)")
        let summary = try #require(try json(result.stdout)["summary"] as? [String: Any])
        #expect(summary["files_scanned"] as? Int == 1_002, "the 1,001 Python files and the .gitignore")
    }

    // MARK: Item 11: folders that cannot be read

    /// A folder of mode 000 was skipped without a word, and the scan exited 0. Root reads
    /// any folder, so as root the scan runs as nobody (setpriv, util-linux).
    @Test func unreadableFolderIsAWarningNamingItAndExit3() throws {
        let root = try TestSupport.makeTemporaryDirectory("bad-input-folder")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree(["secret/app.py": "import ollama\n", "ok.py": "x = 1\n"], under: root)
        #expect(throws: Never.self) { try FileSystem.setPermissions(root + "/secret", 0).get() }
        // And one whose name is not UTF-8: its warning carries the exact bytes in JSON.
        let made = try TestSupport.run(["-c", "mkdir $'x\\xff' && echo 'import ollama' > $'x\\xff/a.py' && chmod 000 $'x\\xff'"],
                                       executable: "/bin/bash", in: root)
        #expect(made.status == 0, "\(made.stderr)")
        func run(_ arguments: [String]) throws -> TestSupport.RunResult {
            guard ProcessIdentity.isRoot else { return try TestSupport.run(arguments, in: root, timeout: 120) }
            return try TestSupport.run(["--reuid=65534", "--regid=65534", "--clear-groups", TestSupport.binary] + arguments,
                                       executable: "/usr/bin/setpriv", in: root, timeout: 120)
        }
        let result = try run(["scan", ".", "--format", "json"])
        #expect(result.status == 3, "exit \(result.status): \(result.stderr)")
        let warnings = try warnings(result)
        #expect(warnings.map { $0["path"] as? String } == ["secret", "x\\xff"])
        #expect(warnings.map { $0["path_uri"] as? String } == [nil, "x%FF"])
        #expect(warnings.allSatisfy { ($0["message"] as? String)?.hasPrefix("cannot read folder: ") == true })
        let summary = try #require(try json(result.stdout)["summary"] as? [String: Any])
        #expect(summary["files_scanned"] as? Int == 1, "ok.py is scanned all the same")
        let text = try run(["scan", "."])
        #expect(text.status == 3)
        #expect((text.stdout + text.stderr).contains("warning: secret: cannot read folder: Permission denied"), "\(text.stdout)")
    }

    /// A folder deeper than PATH_MAX (4096 bytes of path) was skipped without a word.
    @Test func aTreeDeeperThanPathMaxIsScanned() throws {
        let root = try TestSupport.makeTemporaryDirectory("bad-input-deep")
        // FileManager cannot remove what it cannot name; rm walks with openat.
        defer { _ = try? TestSupport.run(["-rf", root], executable: "/bin/rm") }
        let folder = "d" + String(repeating: "0123456789", count: 2)  // 21 bytes and a slash
        // cd one level at a time: each mkdir and cd is relative, so the shell never names the whole path.
        let script = "for i in $(seq 200); do mkdir \(folder) && cd \(folder) || exit 1; done; echo 'import ollama' > app.py"
        let made = try TestSupport.run(["-c", script], executable: "/bin/bash", in: root)
        #expect(made.status == 0, "\(made.stderr)")
        let result = try TestSupport.run(["scan", ".", "--format", "json"], in: root, timeout: 120)
        #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
        let paths = try findings(result).compactMap { $0["path"] as? String }
        #expect(paths.count == 1)
        #expect(paths.first.map { $0.utf8.count > 4096 && $0.hasSuffix("/app.py") } == true)
        #expect(try warnings(result).isEmpty)
    }

    // MARK: Item 14: names that are not UTF-8

    /// `caf\xff.py` was "cannot read" (exit 3), and its neighbour really named `caf\u{FFFD}.py`
    /// was scanned twice. Each is now scanned once; the first is shown escaped, and JSON and
    /// SARIF carry its exact bytes percent-encoded.
    @Test func namesThatAreNotUTF8AreScannedOnce() throws {
        let root = try TestSupport.makeTemporaryDirectory("bad-input-bytes")
        defer { TestSupport.removeTree(root) }
        let made = try TestSupport.run(["-c", "printf 'import ollama\\n' > $'caf\\xff.py'; printf 'import ollama # fffd\\n' > $'caf\\xef\\xbf\\xbd.py'"],
                                       executable: "/bin/bash", in: root)
        #expect(made.status == 0, "\(made.stderr)")
        let result = try TestSupport.run(["scan", ".", "--format", "json"], in: root, timeout: 120)
        #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
        #expect(try warnings(result).isEmpty)
        let found = try findings(result)
        #expect(found.map { $0["path"] as? String } == ["caf\\xff.py", "caf\u{FFFD}.py"])
        #expect(found.map { $0["path_uri"] as? String } == ["caf%FF.py", nil])
        let summary = try #require(try json(result.stdout)["summary"] as? [String: Any])
        #expect(summary["files_scanned"] as? Int == 2)
        let sarif = try TestSupport.run(["scan", ".", "--format", "sarif"], in: root, timeout: 120)
        #expect(sarif.stdout.contains("\"caf%FF.py\""))
        #expect(sarif.stdout.contains("\"caf%EF%BF%BD.py\""))
        let text = try TestSupport.run(["scan", "."], in: root, timeout: 120)
        #expect(text.stdout.contains("caf\\xff.py\n"))
        #expect(text.stdout.contains("2 findings in 2 files"))
    }

    // MARK: Item 16: a root inside another root

    @Test func aRootInsideAnotherRootIsScannedOnce() throws {
        let files = ["sub/a.env": "OLLAMA_HOST=http://localhost:11434\n", "b.py": "import ollama\n"]
        let once = try scan(files, ["--format", "json"])
        let twice = try scan(files, ["sub", "--format", "json"])
        let paths = try findings(twice).compactMap { $0["path"] as? String }
        let expected = try findings(once).compactMap { $0["path"] as? String }
        #expect(paths.count == expected.count, "\(paths)")
        #expect(Set(paths.map { $0.hasPrefix("./") ? String($0.dropFirst(2)) : $0 }) == Set(expected),
                "one file under two names: \(paths)")
    }
}

extension FixSafetyTests {
    /// `scan --fix . sub` planned `sub/a.env` twice and then refused the second copy as
    /// "changed since the scan".
    @Test func fixWithARootInsideAnotherRootWritesEachFileOnce() throws {
        let root = try TestSupport.gitRepository(["sub/a.env": "OLLAMA_HOST=http://localhost:11434\n"])
        defer { TestSupport.removeTree(root) }
        let result = try TestSupport.run(["scan", "--fix", ".", "sub"], in: root, timeout: 120)
        #expect(!result.stdout.contains("changed since the scan") && !result.stderr.contains("changed since the scan"),
                "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("changed 1 file") || result.stdout.contains("changed 1 file"), "\(result.stdout)\(result.stderr)")
        let fixed = try String(contentsOfFile: root + "/sub/a.env", encoding: .utf8)
        #expect(fixed != "OLLAMA_HOST=http://localhost:11434\n")
    }
}

extension FixSafetyTests {
    /// `--fix` on a name that is not UTF-8 would write through a String path that names
    /// another file (here, its neighbour really named with U+FFFD). Such a file is left alone
    /// and listed; the neighbour is fixed once.
    @Test func fixLeavesNamesThatAreNotUTF8AloneAndFixesTheirNeighbourOnce() throws {
        let root = try TestSupport.makeTemporaryDirectory("fix-bytes")
        defer { TestSupport.removeTree(root) }
        let made = try TestSupport.run(["-c", "printf 'OLLAMA_HOST=http://localhost:11434\\n' | tee $'a\\xff.env' > $'a\\xef\\xbf\\xbd.env'"],
                                       executable: "/bin/bash", in: root)
        #expect(made.status == 0, "\(made.stderr)")
        let result = try TestSupport.run(["scan", "--fix", "."], in: root, timeout: 120)
        let output = result.stdout + result.stderr
        #expect(output.contains("a\\xff.env: the name is not UTF-8; fix it by hand"), "\(output)")
        #expect(!output.contains("changed since the scan"), "\(output)")
        let listing = try TestSupport.run(["-c", "cat $'a\\xff.env'; echo ---; cat $'a\\xef\\xbf\\xbd.env'"], executable: "/bin/bash", in: root)
        let parts = listing.stdout.components(separatedBy: "---\n")
        #expect(parts.first == "OLLAMA_HOST=http://localhost:11434\n", "the name that is not UTF-8 is untouched")
        #expect(parts.last != "OLLAMA_HOST=http://localhost:11434\n", "its neighbour is fixed")
    }
}
