import Fix
import Testing

@Suite struct UnifiedDiffTests {
    /// Found by the unified-diff fuzzer: git reads exactly three octal digits after a
    /// backslash in a quoted name, so "\1" made `git apply` refuse the patch.
    @Test func controlCharactersInNamesAreThreeDigitOctal() {
        #expect(UnifiedDiff.quote("f\u{1}") == ("\"a/f\\001\"", "\"b/f\\001\""))
        #expect(UnifiedDiff.quote("x\u{1B}y\u{7F}").a == "\"a/x\\033y\\177\"")
        #expect(UnifiedDiff.quote("tab\there\nnew").a == "\"a/tab\\there\\nnew\"")
        #expect(UnifiedDiff.quote("plain é.py") == ("a/plain é.py", "b/plain é.py"))
    }
}

extension UnifiedDiffTests {
    /// Found by the round trip through `patch`: it ends an unquoted name before trailing
    /// spaces, even in git's own diffs, and then finds no file to patch. Quoted, both tools
    /// read the name whole.
    @Test func namesEndingInASpaceAreQuoted() {
        #expect(UnifiedDiff.quote("f ") == ("\"a/f \"", "\"b/f \""))
        #expect(UnifiedDiff.quote("a b/f") == ("a/a b/f", "b/a b/f"))
        let diff = UnifiedDiff.render(path: "f ", old: Array("x\n".utf8), new: Array("y\n".utf8))
        #expect(diff.hasPrefix("diff --git \"a/f \" \"b/f \"\n--- \"a/f \"\n+++ \"b/f \"\n@@ -1,1 +1,1 @@\n"))
    }
}
