import AuditTestSupport
import Fix
import Foundation
import FuzzChecks
import Testing

/// Ties the fuzz targets to the normal suite: the seed corpora pass every check, and the
/// in-process reference applier the diff fuzzer trusts agrees with the real `git apply`
/// and `patch` on cases drawn from the same generator.
@Suite struct FuzzRoundTripTests {


    static func cases(_ count: Int) -> [UnifiedDiffCheck.Case] {
        var random = SplitMix64(seed: 8)  // a fixed seed: the same cases on every machine
        return (0..<count).map { _ in
            var input = FuzzInput(random.bytes(160))
            return UnifiedDiffCheck.makeCase(&input)
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func seedsPassTheirChecks(_ target: FuzzTarget) throws {
        let folder = TestSupport.fixture("fuzz/\(target.rawValue)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names.count >= 2, "seed corpus \(folder) is missing")
        for name in names {
            let data = try #require(FileManager.default.contents(atPath: folder + "/" + name))
            #expect(throws: Never.self, "\(target.rawValue) seed \(name)") { try target.check([UInt8](data)) }
        }
    }

    /// The reference applier and the two real tools must agree on what the diff writer
    /// produces: the same new bytes, from the same diff, for every case.
    @Test(arguments: ["git", "patch"])
    func realToolsApplyWhatTheReferenceApplies(_ tool: String) throws {
        var failures: [String] = []
        var changed = 0
        for (index, c) in Self.cases(200).enumerated() where c.old != c.new {
            changed += 1
            let root = try TestSupport.makeTemporaryDirectory("fuzz-roundtrip")
            defer { TestSupport.removeTree(root) }
            let file = URL(fileURLWithPath: root).appendingPathComponent(c.path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(c.old).write(to: file)
            let diff = UnifiedDiff.render(path: c.path, old: c.old, new: c.new)
            do {
                let (_, reference) = try UnifiedDiffCheck.apply(Array(diff.utf8), to: c.old)
                if reference != c.new { failures.append("case \(index): the reference applier disagrees") }
            } catch {
                failures.append("case \(index): \(error)")
            }
            let patchFile = root + ".patch"
            try Data(diff.utf8).write(to: URL(fileURLWithPath: patchFile))
            defer { try? FileManager.default.removeItem(atPath: patchFile) }
            let arguments = tool == "git"
                ? ["git", "apply", "--whitespace=nowarn", patchFile]
                : ["patch", "-p1", "--batch", "--silent", "--no-backup-if-mismatch", "-i", patchFile]
            let result = try TestSupport.run(arguments, executable: "/usr/bin/env", in: root)
            let applied = FileManager.default.contents(atPath: file.path).map { [UInt8]($0) }
            if result.status != 0 || applied != c.new {
                failures.append("case \(index) (\(c.path.debugDescription)): \(tool) exit \(result.status) \(result.stderr)"
                                + "\(result.stdout)\n\(diff)")
            }
        }
        #expect(changed >= 150, "the generator should mostly produce changes")
        #expect(failures.isEmpty, "\(failures.count) of \(changed) failed:\n\(failures.prefix(5).joined(separator: "\n"))")
    }

    /// The reference refuses what git refuses: a one-digit octal escape in a quoted name.
    @Test func referenceAndGitBothRefuseShortOctalEscapes() throws {
        let root = try TestSupport.makeTemporaryDirectory("fuzz-octal")
        defer { TestSupport.removeTree(root) }
        try Data("x\n".utf8).write(to: URL(fileURLWithPath: root + "/f\u{1}"))
        let diff = "diff --git \"a/f\\1\" \"b/f\\1\"\n--- \"a/f\\1\"\n+++ \"b/f\\1\"\n@@ -1,1 +1,1 @@\n-x\n+y\n"
        try Data(diff.utf8).write(to: URL(fileURLWithPath: root + "/p.patch"))
        let git = try TestSupport.git(["apply", "p.patch"], in: root)
        #expect(git.status != 0)
        #expect(throws: FuzzFailure.self) { try UnifiedDiffCheck.apply(Array(diff.utf8), to: Array("x\n".utf8)) }
    }
}
