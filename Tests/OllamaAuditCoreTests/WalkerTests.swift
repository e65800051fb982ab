import AuditTestSupport
import Engine
import Foundation
import Model
import Platform
import Testing

@Suite struct WalkerTests {
    func walk(_ root: String, _ configure: (inout WalkOptions) -> Void = { _ in }) throws -> (paths: [String], skipped: SkipCounts) {
        var options = WalkOptions()
        configure(&options)
        let result = try Walker(options: options).files(under: root, display: "")
        return (result.files.map(\.path), result.skipped)
    }

    func tree(_ files: [String: String]) throws -> String {
        let root = try TestSupport.makeTemporaryDirectory()
        try TestSupport.writeTree(files, under: root)
        return root
    }

    @Test func honoursGitignoreIgnoreAndNegation() throws {
        let root = try tree([
            ".gitignore": "*.log.py\nbuild/\n!keep.log.py\n",
            "a.py": "", "x.log.py": "", "keep.log.py": "", "build/out.py": "",
            "sub/.ignore": "secret.py\n", "sub/secret.py": "", "sub/ok.py": "",
            "sub/.gitignore": "!secret.py\n",  // .ignore beats .gitignore in the same folder
        ])
        defer { TestSupport.removeTree(root) }
        // Ignore files are scanned too (an ignore rule may name an Ollama folder).
        #expect(try walk(root).paths == [".gitignore", "a.py", "keep.log.py", "sub/.gitignore", "sub/ok.py"])
        #expect(try walk(root) { $0.honourIgnoreFiles = false }.paths
                == [".gitignore", "a.py", "build/out.py", "keep.log.py", "sub/.gitignore", "sub/ok.py", "sub/secret.py",
                    "x.log.py"])
    }

    @Test func honoursGitInfoExcludeAndParentIgnoreFilesInsideAWorkTree() throws {
        let root = try tree([
            ".git/info/exclude": "excluded.py\n", ".gitignore": "generated/\n",
            "app/excluded.py": "", "app/generated/x.py": "", "app/main.py": "",
        ])
        defer { TestSupport.removeTree(root) }
        // Scanning a subfolder still honours the work tree's ignore files above it.
        #expect(try walk(root + "/app").paths == ["main.py"])
    }

    @Test func skipsGitFolderAndDependencyFoldersButScansDotfilesThatMatter() throws {
        let root = try tree([
            ".git/config.yml": "", ".env": "", ".env.local": "", ".github/workflows/ci.yml": "",
            "node_modules/ollama/index.js": "", ".venv/lib/ollama.py": "", "src/app.ts": "",
        ])
        defer { TestSupport.removeTree(root) }
        #expect(try walk(root).paths == [".env", ".env.local", ".github/workflows/ci.yml", "src/app.ts"])
        #expect(try walk(root) { $0.honourIgnoreFiles = false }.paths.contains("node_modules/ollama/index.js"))
    }

    @Test func neverFollowsSymlinks() throws {
        let outside = try tree(["secret.py": "import ollama\n"])
        let root = try tree(["a.py": ""])
        defer { TestSupport.removeTree(root); TestSupport.removeTree(outside) }
        try FileManager.default.createSymbolicLink(atPath: root + "/link.py", withDestinationPath: outside + "/secret.py")
        try FileManager.default.createSymbolicLink(atPath: root + "/dir", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: root + "/loop", withDestinationPath: root)
        let result = try walk(root)
        #expect(result.paths == ["a.py"])
        #expect(result.skipped.symlink == 3)
    }

    @Test func includeAndExcludeGlobs() throws {
        let root = try tree(["backend/a.py": "", "backend/tests/t.py": "", "docs/x.md": "", "web/a.ts": ""])
        defer { TestSupport.removeTree(root) }
        #expect(try walk(root) { $0.include = [Glob("backend")!] }.paths == ["backend/a.py", "backend/tests/t.py"])
        #expect(try walk(root) { $0.include = [Glob("*.py")!] }.paths == ["backend/a.py", "backend/tests/t.py"])
        #expect(try walk(root) { $0.exclude = [Glob("tests/")!, Glob("docs/**")!] }.paths == ["backend/a.py", "web/a.ts"])
    }

    @Test func unrecognisedFilesAreNotScanned() throws {
        let root = try tree(["notes.txt": "ollama", "image.png": "", "app.py": ""])
        defer { TestSupport.removeTree(root) }
        #expect(try walk(root).paths == ["app.py"])
    }

    @Test func aFileGivenDirectlyIsScannedEvenIfIgnored() throws {
        let root = try tree([".gitignore": "skip.py\n", "skip.py": ""])
        defer { TestSupport.removeTree(root) }
        let result = try Walker(options: WalkOptions()).files(under: root + "/skip.py", display: "")
        #expect(result.files.map(\.path) == ["skip.py"])
    }

    @Test func missingRootIsAnError() {
        #expect(throws: AuditError.missingPath("/nonexistent/ollama-audit")) {
            try Walker(options: WalkOptions()).files(under: "/nonexistent/ollama-audit", display: "")
        }
    }
}
