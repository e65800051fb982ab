import AuditTestSupport
import Foundation
import Platform
import Testing

/// `--fix` asks git whether each file is committed and clean, never
/// lets the repository's configuration run a program while it asks, and fails closed when
/// git cannot answer.
extension FixSafetyTests {
    static let ollamaURL = "OLLAMA_URL=http://localhost:11434\n"
    static let fixedURL = "OPENAI_BASE_URL=http://localhost:8000/v1\n"

    /// Item 7 under `--fix`: the dirty check (git status) and `--changed-since` run nothing the
    /// repository configures, and the clean file is still rewritten. On 0.1.0 the status ran
    /// the fsmonitor and the post-index-change hook.
    @Test func gitConfigurationRunsNothingUnderFix() throws {
        let repo = try HostileRepository(["a.py": "x = 1\n", "a.env": Self.ollamaURL]) { root in
            try Self.ollamaURL.write(toFile: root + "/b.env", atomically: true, encoding: .utf8)
            try TestSupport.git(["add", "b.env"], in: root)
            try TestSupport.commitAll("b", in: root)
        }
        defer { repo.remove() }
        let since = try TestSupport.run(["scan", ".", "--fix", "--changed-since", "HEAD~1"], in: repo.root, timeout: 120)
        #expect(since.status == 0, "\(since.stderr)")
        #expect(try String(contentsOfFile: repo.root + "/b.env", encoding: .utf8) == Self.fixedURL)
        #expect(try String(contentsOfFile: repo.root + "/a.env", encoding: .utf8) == Self.ollamaURL, "not changed since HEAD~1")
        try (Self.ollamaURL + "# edited\n").write(toFile: repo.root + "/a.env", atomically: true, encoding: .utf8)
        let dirty = try TestSupport.run(["scan", ".", "--fix"], in: repo.root, timeout: 120)
        #expect(dirty.status == 2, "\(dirty.stderr)")
        #expect(dirty.stderr.contains("allow-dirty: a.env\n"), "\(dirty.stderr)")
        #expect(try String(contentsOfFile: repo.root + "/a.env", encoding: .utf8) == Self.ollamaURL + "# edited\n")
        // Back to its committed bytes (a new inode and time: status hashes it, filters off).
        try Self.ollamaURL.write(toFile: repo.root + "/a.env", atomically: true, encoding: .utf8)
        let clean = try TestSupport.run(["scan", ".", "--fix"], in: repo.root, timeout: 120)
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(try String(contentsOfFile: repo.root + "/a.env", encoding: .utf8) == Self.fixedURL)
        #expect(repo.ran.isEmpty, "--fix made git run \(repo.ran)")
    }

    /// Item 2: with no git on PATH, `--fix` in a work tree cannot learn what is committed: it
    /// exits 2, says why and what to do, and writes nothing; `--allow-dirty` still works. On
    /// 0.1.0 the failed status counted as "all clean" and the uncommitted edit was rewritten.
    @Test func noGitOnPathFailsClosed() throws {
        let root = try TestSupport.gitRepository(["a.env": Self.ollamaURL])
        defer { TestSupport.removeTree(root) }
        try (Self.ollamaURL + "# uncommitted\n").write(toFile: root + "/a.env", atomically: true, encoding: .utf8)
        let empty = try TestSupport.makeTemporaryDirectory("no-git")
        defer { TestSupport.removeTree(empty) }
        let refused = try TestSupport.run(["scan", ".", "--fix"], in: root, environment: ["PATH": empty], timeout: 120)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("error: cannot tell whether a.env has uncommitted changes: git is not on PATH; "), "\(refused.stderr)")
        #expect(refused.stderr.contains("put git on PATH, or pass --allow-dirty to rewrite anyway"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: root + "/a.env", encoding: .utf8) == Self.ollamaURL + "# uncommitted\n")
        let allowed = try TestSupport.run(["scan", ".", "--fix", "--allow-dirty"], in: root, environment: ["PATH": empty], timeout: 120)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(try String(contentsOfFile: root + "/a.env", encoding: .utf8).hasPrefix(Self.fixedURL))
    }

    /// Item 2: a repository owned by another user, which git refuses ("dubious ownership", as
    /// in a CI container): exit 2 naming git's reason and `safe.directory`, nothing written.
    /// The tests run as root, so the tree is given to `nobody`; the user's own git
    /// configuration is kept out, in case it trusts every directory.
    @Test(.enabled(if: ProcessIdentity.isRoot, "needs root to give the tree to another user"))
    func dubiousOwnershipFailsClosed() throws {
        let root = try TestSupport.gitRepository(["a.env": Self.ollamaURL])
        defer { TestSupport.removeTree(root) }
        let home = try TestSupport.makeTemporaryDirectory("home")
        defer { TestSupport.removeTree(home) }
        let chowned = try TestSupport.run(["-R", "65534:65534", root], executable: "/bin/chown")
        try #require(chowned.status == 0, "\(chowned.stderr)")
        let environment = ["HOME": home, "XDG_CONFIG_HOME": home, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"]
        let refused = try TestSupport.run(["scan", ".", "--fix"], in: root, environment: environment, timeout: 120)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("error: cannot tell whether a.env has uncommitted changes: git "), "\(refused.stderr)")
        #expect(refused.stderr.contains("dubious ownership"), "\(refused.stderr)")
        #expect(refused.stderr.contains("git config --global --add safe.directory \(root)"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: root + "/a.env", encoding: .utf8) == Self.ollamaURL)
    }

    /// Item 2: git failing for any other reason (here a `.git` file naming a missing folder)
    /// fails closed too.
    @Test func brokenGitFolderFailsClosed() throws {
        let root = try TestSupport.makeTemporaryDirectory("broken-git")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree(["a.env": Self.ollamaURL, ".git": "gitdir: \(root)/missing\n"], under: root)
        let refused = try TestSupport.run(["scan", ".", "--fix"], in: root, timeout: 120)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("error: cannot tell whether a.env has uncommitted changes: git "), "\(refused.stderr)")
        #expect(refused.stderr.contains("or pass --allow-dirty to rewrite anyway"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: root + "/a.env", encoding: .utf8) == Self.ollamaURL)
    }

    /// Item 2: with `--no-ignore`, a `.gitignore`d `.env` in no commit is not committed, so it
    /// is dirty: refused without `--allow-dirty`. On 0.1.0 status did not list ignored files
    /// and the only copy of the file was rewritten.
    @Test func ignoredFileInNoCommitIsDirty() throws {
        let root = try TestSupport.gitRepository([".gitignore": ".env\n", "tracked.env": Self.ollamaURL])
        defer { TestSupport.removeTree(root) }
        try Self.ollamaURL.write(toFile: root + "/.env", atomically: true, encoding: .utf8)
        let refused = try TestSupport.run(["scan", ".", "--fix", "--no-ignore"], in: root, timeout: 120)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("uncommitted changes or are in no commit; commit or stash them, or pass --allow-dirty: .env\n"),
                "\(refused.stderr)")
        #expect(try String(contentsOfFile: root + "/.env", encoding: .utf8) == Self.ollamaURL)
        #expect(try String(contentsOfFile: root + "/tracked.env", encoding: .utf8) == Self.ollamaURL, "nothing is written")
        let allowed = try TestSupport.run(["scan", ".", "--fix", "--no-ignore", "--allow-dirty"], in: root, timeout: 120)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(try String(contentsOfFile: root + "/.env", encoding: .utf8) == Self.fixedURL)
    }

    /// Item 2, the documented exception: outside every git work tree there is no commit to
    /// lose anything from, and `--fix` rewrites without asking git (none is on PATH here).
    @Test func outsideAWorkTreeFixNeedsNoGit() throws {
        let root = try TestSupport.makeTemporaryDirectory("no-work-tree")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree(["a.env": Self.ollamaURL], under: root)
        let empty = try TestSupport.makeTemporaryDirectory("no-git")
        defer { TestSupport.removeTree(empty) }
        let result = try TestSupport.run(["scan", ".", "--fix"], in: root, environment: ["PATH": empty], timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: root + "/a.env", encoding: .utf8) == Self.fixedURL)
    }
}
