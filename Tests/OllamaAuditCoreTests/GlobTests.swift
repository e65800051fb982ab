import Platform
import Testing

@Suite struct GlobTests {
    func m(_ glob: String, _ path: String, dir: Bool = false) -> Bool {
        Glob(glob)!.matches(path, isDirectory: dir)
    }

    @Test func starStaysInOneSegment() {
        #expect(m("*.py", "a.py"))
        #expect(m("*.py", "deep/down/a.py"))  // no slash: matches the name at any depth
        #expect(!m("src/*.py", "src/deep/a.py"))
        #expect(m("src/*.py", "src/a.py"))
    }

    @Test func doubleStarCrossesFolders() {
        #expect(m("**/node_modules", "a/b/node_modules", dir: true))
        #expect(m("docs/**", "docs/a/b.md"))
        #expect(m("a/**/b", "a/b"))
        #expect(m("a/**/b", "a/x/y/b"))
        #expect(!m("a/**/b", "c/a/x/b"))
    }

    @Test func anchoringAndFolderOnly() {
        #expect(m("/build", "build", dir: true))
        #expect(!m("/build", "src/build", dir: true))
        #expect(m("dist/", "dist", dir: true))
        #expect(!m("dist/", "dist", dir: false))
    }

    @Test func classesAndQuestionMarks() {
        #expect(m("file?.txt", "file1.txt"))
        #expect(!m("file?.txt", "file/.txt"))
        #expect(m("[a-c]*.md", "beta.md"))
        #expect(!m("[!a-c]*.md", "beta.md"))
        #expect(m("\\*literal", "*literal"))
    }

    @Test func negationAndComments() {
        #expect(Glob("!keep.py")!.negated)
        #expect(Glob("# comment") == nil)
        #expect(Glob("") == nil)
    }

    @Test func parentFoldersCountForIncludeAndRulePaths() {
        #expect(Glob("docs")!.matchesPathOrParent("docs/guide/a.md", isDirectory: false))
        #expect(!Glob("docs")!.matchesPathOrParent("src/a.md", isDirectory: false))
    }
}
