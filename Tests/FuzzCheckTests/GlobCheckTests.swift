import AuditTestSupport
@testable import FuzzChecks
import Platform
import Testing

/// The glob fuzz target's oracle: the reference matcher gets the documented cases
/// right, and the generator draws cases where the matchers say yes as well as no, so
/// agreement means something.
@Suite struct GlobCheckTests {
    @Test func referenceMatchesTheDocumentedCases() {
        let cases: [(String, String, Bool, Bool)] = [
            ("*.py", "deep/down/a.py", false, true),
            ("src/*.py", "src/deep/a.py", false, false),
            ("**/node_modules", "a/b/node_modules", true, true),
            ("a/**/b", "a/x/y/b", false, true),
            ("a/**/b", "c/a/x/b", false, false),
            ("dist/", "dist", false, false),
            ("[!a-c]*.md", "beta.md", false, false),
            ("\\*literal", "*literal", false, true),
            ("*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false, false),
            // Found by fuzz-glob: a non-empty `**/` must end at a slash.
            ("**/aaaaaaa", "aaaaaaaaaaaa", false, false),
            ("**/ab", "xab", false, false),
            ("**/ab", "x/ab", false, true),
            ("**/ab", "ab", false, true),
        ]
        for (pattern, path, isDirectory, expected) in cases {
            let reference = ReferenceGlob(Glob(pattern)!)
            #expect(reference.matches(Array(path.utf8), isDirectory: isDirectory) == expected, "\(pattern) on \(path)")
            #expect(Glob(pattern)!.matches(path, isDirectory: isDirectory) == expected, "\(pattern) on \(path)")
        }
    }

    @Test func generatedCasesAgreeAndIncludeMatches() throws {
        var random = SplitMix64(seed: 13)
        var matches = 0, misses = 0
        for _ in 0..<3_000 {
            var input = FuzzInput(random.bytes(64))
            _ = input.byte()
            let pattern = GlobCheck.bytes(&input, from: GlobCheck.patternBytes, upTo: 6)
            let name = GlobCheck.bytes(&input, from: GlobCheck.nameBytes, upTo: 6)
            try GlobCheck.compare(pattern, name, isDirectory: true, reference: true)
            guard let glob = Glob(bytes: pattern) else { continue }
            if glob.matchSteps(name, isDirectory: true).matched { matches += 1 } else { misses += 1 }
        }
        #expect(matches >= 50, "\(matches) matches, \(misses) misses")
        #expect(misses >= 50)
    }
}
