import AuditTestSupport
import Foundation
import Platform
import Testing

/// A git repository whose configuration tries every way we know to make git run a program
/// during status, diff, ls-files, cat-file, rev-parse and merge-base: an fsmonitor, hooks (in
/// .git/hooks and through core.hooksPath), pagers, an external diff, a diff driver's command
/// and textconv, filter drivers (clean, smudge, process, one whose name holds `=`), a GPG
/// program and a credential helper. Each program, if git ever runs it, leaves its own marker
/// file in `markers`, outside the repository.
struct HostileRepository {
    let root: String
    let markers: String

    /// `files` committed, then `prepare` (more git work, with a harmless configuration), then
    /// the hostile configuration, and `a.py`'s time moved back so that status must hash it
    /// (through the clean filter) to know it is unchanged.
    init(_ files: [String: String], prepare: (String) throws -> Void = { _ in }) throws {
        var files = files
        files[".gitattributes"] = "* filter=evil diff=evil\n*.env filter=we=ird\n"
        let root = try TestSupport.gitRepository(files, name: "hostile")
        self.root = root
        let markers = try TestSupport.makeTemporaryDirectory("markers")
        self.markers = markers
        try prepare(root)
        let touch = { (name: String) in "touch \(markers)/\(name)" }
        let hooks = root + "/.git/evil-hooks"
        try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        for hook in ["post-index-change", "reference-transaction", "pre-auto-gc", "post-checkout", "pre-commit",
                     "fsmonitor-watchman", "post-rewrite", "push-to-checkout"] {
            for folder in [hooks, root + "/.git/hooks"] {
                let path = folder + "/" + hook
                try "#!/bin/sh\n\(touch("hook-" + hook))\n".write(toFile: path, atomically: true, encoding: .utf8)
                try FileSystem.setPermissions(path, 0o755).get()
            }
        }
        let settings: [(String, String)] = [
            ("core.fsmonitor", touch("fsmonitor") + "; echo"),
            ("core.hooksPath", hooks),
            ("core.pager", touch("core-pager") + "; cat"),
            ("pager.diff", touch("pager-diff") + "; cat"),
            ("pager.status", touch("pager-status") + "; cat"),
            ("diff.external", touch("diff-external") + "; true"),
            ("diff.evil.command", touch("diff-command") + "; true"),
            ("diff.evil.textconv", touch("textconv") + "; cat"),
            ("filter.evil.clean", touch("filter-clean") + "; cat"),
            ("filter.evil.smudge", touch("filter-smudge") + "; cat"),
            ("filter.evil.process", "sh -c '\(touch("filter-process"))'"),
            ("filter.evil.required", "true"),
            ("filter.we=ird.clean", touch("filter-weird-clean") + "; cat"),
            ("filter.we=ird.process", "sh -c '\(touch("filter-weird-process"))'"),
            ("log.showSignature", "true"),
            ("gpg.program", touch("gpg")),
            ("credential.helper", "!" + touch("credential")),
            ("core.askPass", touch("askpass")),
            ("gc.auto", "1"),
            ("status.submoduleSummary", "true"),
        ]
        for (key, value) in settings {
            let set = try TestSupport.git(["config", key, value], in: root)
            guard set.status == 0 else { throw Failure(description: "git config \(key): \(set.stderr)") }
        }
        try FileSystem.setTimes(root + "/a.py", accessed: [1_000_000_000, 0], modified: [1_000_000_000, 0]).get()
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// The markers left so far: the programs git ran.
    var ran: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: markers)) ?? []).sorted() }

    func remove() {
        TestSupport.removeTree(root)
        TestSupport.removeTree(markers)
    }
}

extension BadInputTests {
    // MARK: Git

    /// Scanning a repository never runs a program its git configuration
    /// names. On 0.1.0 `--changed-since HEAD` ran the fsmonitor and the post-index-change hook.
    @Test func gitConfigurationRunsNothingUnderChangedSinceOrStaged() throws {
        let repo = try HostileRepository(["a.py": "import ollama\n", "b.py": "x = 1\n"]) { root in
            try "import ollama\n".write(toFile: root + "/c.py", atomically: true, encoding: .utf8)
            try TestSupport.git(["add", "c.py"], in: root)
        }
        defer { repo.remove() }
        try "import ollama\n".write(toFile: repo.root + "/b.py", atomically: true, encoding: .utf8)
        for (arguments, expected) in [(["--changed-since", "HEAD"], ["b.py", "c.py"]), (["--staged"], ["c.py"])] {
            let result = try TestSupport.run(["scan", ".", "--format", "json"] + arguments, in: repo.root, timeout: 120)
            #expect(repo.ran.isEmpty, "\(arguments) made git run \(repo.ran)")
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(Set(try findings(result).compactMap { $0["path"] as? String }) == Set(expected), "\(arguments)")
        }
    }

    /// A file staged and then deleted from the work tree is scanned as the
    /// index holds it. On 0.1.0 the walk never met it and `--staged` exited 0.
    @Test func stagedFileDeletedFromTheWorkTreeIsScannedFromTheIndex() throws {
        let root = try TestSupport.gitRepository(["base.py": "x = 1\n"])
        defer { TestSupport.removeTree(root) }
        try "import ollama\n".write(toFile: root + "/gone.py", atomically: true, encoding: .utf8)
        try TestSupport.git(["add", "gone.py"], in: root)
        try FileManager.default.removeItem(atPath: root + "/gone.py")
        let result = try TestSupport.run(["scan", ".", "--staged", "--format", "json"], in: root, timeout: 120)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(try findings(result).compactMap { $0["path"] as? String } == ["gone.py"])
    }

    /// A tracked file is never ignored. `git add -f prod.env` under `*.env`
    /// is scanned by `--staged` (staged) and by `--changed-since` (committed since the ref),
    /// also inside an ignored folder. On 0.1.0 both exited 0.
    @Test(arguments: [["--staged"], ["--changed-since", "HEAD~1"]])
    func forceAddedIgnoredFileIsScanned(_ arguments: [String]) throws {
        let root = try TestSupport.gitRepository([".gitignore": "*.env\nbuild/\n", "base.py": "x = 1\n"])
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree(["prod.env": "OLLAMA_HOST=http://localhost:11434\n",
                                   "build/app.py": "import ollama\n", "local.env": "OLLAMA_HOST=http://localhost:11434\n"],
                                  under: root)
        try TestSupport.git(["add", "-f", "prod.env", "build/app.py"], in: root)
        if arguments[0] == "--changed-since" { try TestSupport.commitAll("forced", in: root) }
        let result = try TestSupport.run(["scan", ".", "--format", "json"] + arguments, in: root, timeout: 120)
        #expect(result.status == 1, "\(result.stderr)")
        // local.env is ignored and untracked: still not scanned.
        #expect(Set(try findings(result).compactMap { $0["path"] as? String }) == ["prod.env", "build/app.py"])
    }

    /// Under `--changed-since`, a change inside a submodule is scanned: an
    /// edited tracked file and a new untracked one. On 0.1.0 git's diff named only the
    /// submodule's folder, and the scan exited 0.
    @Test func uncommittedChangeInASubmoduleIsScannedUnderChangedSince() throws {
        let library = try TestSupport.gitRepository(["lib.py": "x = 1\n", "same.py": "y = 2\n"], name: "library")
        defer { TestSupport.removeTree(library) }
        let root = try TestSupport.gitRepository(["app.py": "x = 1\n"])
        defer { TestSupport.removeTree(root) }
        let added = try TestSupport.git(["-c", "protocol.file.allow=always", "submodule", "add", "-q", library, "vendor/lib"], in: root)
        try #require(added.status == 0, "\(added.stderr)")
        try TestSupport.commitAll("submodule", in: root)
        try TestSupport.writeTree(["vendor/lib/lib.py": "import ollama\n", "vendor/lib/new.py": "import ollama\n"], under: root)
        let result = try TestSupport.run(["scan", ".", "--changed-since", "HEAD", "--format", "json"], in: root, timeout: 120)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(Set(try findings(result).compactMap { $0["path"] as? String }) == ["vendor/lib/lib.py", "vendor/lib/new.py"])
    }
}
