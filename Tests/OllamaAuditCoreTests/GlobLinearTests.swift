import Engine
import Foundation
import Platform
import Testing
import Verify

/// The glob matcher takes time linear in the name (for a given pattern) and
/// never recurses on its input; ignore files are compiled once. Paths are bytes.
@Suite struct GlobLinearTests {
    /// Runs `body` and returns the CPU time it took on this thread, in seconds: the bound is
    /// on the work, so a machine busy with other tests cannot make it fail.
    func seconds(_ body: () -> Void) -> Double {
        let start = Clock.threadCPU()
        body()
        return Clock.threadCPU() - start
    }

    @Test func manyStarsAgainstALongNameAreLinear() {
        let glob = Glob("*a*a*a*a*a*a*a*a*a*a*a*b")!
        let name = String(repeating: "a", count: 60) + ".py"
        var matched = true
        let took = seconds { matched = glob.matches(name, isDirectory: false) }
        #expect(!matched)
        #expect(took < 5, "took \(took) s")
        #expect(glob.matches(String(repeating: "a", count: 60) + "b", isDirectory: false))
        // The step count is the bound the fuzz target checks: pattern × name, not exponential.
        let steps = glob.matchSteps(Array(name.utf8), isDirectory: false).steps
        #expect(steps <= 3 * 25 * 64, "\(steps) steps")
    }

    @Test func twoHundredThousandDoubleStarsNeitherRecurseNorCrash() {
        let text = String(repeating: "**/", count: 200_000) + "x.py"
        let glob = Glob(text)!
        #expect(glob.tokens.count <= 5, "consecutive **/ are one token")
        #expect(glob.matches("a/b/c/x.py", isDirectory: false))
        #expect(glob.matches("x.py", isDirectory: false))
        #expect(!glob.matches("a/b/y.py", isDirectory: false))
        let file = IgnoreFile(text: text + "\n")
        #expect(file.verdict(Array("d/x.py".utf8), isDirectory: false) == true)
    }

    @Test func aHundredThousandPatternsAreLookedUpNotTriedOneByOne() {
        var text = (0..<100_000).map { "file-\($0).txt\n" }.joined()
        text += (0..<100_000).map { "*-\($0).tmp\n" }.joined()
        text += "!file-7.txt\n"
        var file: IgnoreFile?
        let took = seconds {
            file = IgnoreFile(text: text)
            for i in 0..<1_001 {
                _ = file!.verdict(Array("src/file-\(i).txt".utf8), isDirectory: false)
            }
        }
        #expect(took < 5, "took \(took) s")
        func verdict(_ path: String) -> Bool? {
            file!.verdict(Array(path.utf8), isDirectory: false)
        }
        #expect(verdict("file-99999.txt") == true)
        #expect(verdict("deep/x-123.tmp") == true)
        #expect(verdict("file-7.txt") == false, "the later negation wins")
        #expect(verdict("file-100000.txt") == nil)
    }

    /// Indexing by tail must not change which pattern decides: the last one that matches.
    @Test func theLastMatchingPatternStillDecides() {
        let cases: [(String, String, Bool?)] = [
            ("*.log\n!keep.log\n", "keep.log", false),
            ("!keep.log\n*.log\n", "keep.log", true),
            ("a.txt\n!*.txt\n", "a.txt", false),
            ("!*.txt\na.txt\n", "a.txt", true),
            ("build/\n", "build", nil),  // a file, and the pattern is for folders
            ("*.txt\n*.txt\n!*.txt\n", "x.txt", false),
        ]
        for (text, path, expected) in cases {
            let file = IgnoreFile(text: text)
            let got = file.verdict(Array(path.utf8), isDirectory: false)
            #expect(got == expected, "\(text.debugDescription) on \(path)")
            #expect(IgnoreFileCheck.verdicts(file: Array(text.utf8), path: Array(path.utf8), isDirectory: false).plain == expected)
        }
    }

    @Test func namesThatAreNotUTF8AreShownEscapedAndEncodedExactly() {
        #expect(PathBytes.display(Array("caf".utf8) + [0xFF] + Array(".py".utf8)) == "caf\\xff.py")
        #expect(PathBytes.display(Array("café.py".utf8)) == "café.py")
        #expect(PathBytes.display([0xC3]) == "\\xc3", "a truncated sequence")
        #expect(PathBytes.percentEncoded(Array("caf".utf8) + [0xFF] + Array(".py".utf8)) == "caf%FF.py")
        // For UTF-8 it is what the SARIF writer gave before: Foundation's path encoding.
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":;")
        for text in ["a b/c#d?e%f.py", "café/ü.ts", "x:y;z[1]{2}|\\^`\"<>.env", "~-._!$&'()*+,=@"] {
            let foundation = text.split(separator: "/", omittingEmptySubsequences: false)
                .map { String($0).addingPercentEncoding(withAllowedCharacters: allowed)! }.joined(separator: "/")
            #expect(PathBytes.percentEncoded(Array(text.utf8)) == foundation, "\(text)")
        }
    }
}
