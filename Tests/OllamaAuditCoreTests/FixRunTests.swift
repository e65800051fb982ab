import AuditTestSupport
import Engine
import Fix
import Foundation
@testable import OllamaAuditCore
import Platform
import Policy
import Rules
import Testing

/// A fix run used to load the rules twice, walk the tree twice (once to scan, once more to
/// find the files to plan) and match each file twice (the plan's first pass matched again
/// what the scan had just matched). It now plans from the files, bytes and findings of its scan.
@Suite struct FixRunTests {
    @Test func aFixRunWalksEachRootOnce() throws {
        let root = try TestSupport.makeTemporaryDirectory("walk-once")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree([
            "a/.env": "OLLAMA_HOST=http://localhost:11434\n",
            "b/app.py": "import ollama\nclient = ollama.Client(host='http://localhost:11434')\n",
        ], under: root)
        let walks = Locked([String]())
        var request = FixRequest()
        request.scan.paths = [root + "/a", root + "/b"]
        request.scan.walk.onRootWalk = { walked in walks.withLock { $0.append(walked) } }
        request.dryRun = true
        let plan = try Pipeline.planFix(request)
        #expect(walks.withLock { $0 } == [root + "/a", root + "/b"])
        // The plan still finds its files through that one walk.
        #expect(Set(plan.plans.filter(\.changed).map(\.file.absolutePath)) == [root + "/a/.env", root + "/b/app.py"])
    }

    /// Each file's content as read is matched once, by the scan; the plan's later passes
    /// match only the rewritten text. Before, the plan's first pass matched it again.
    @Test func aFixRunMatchesEachFilesContentOnce() throws {
        let root = try TestSupport.makeTemporaryDirectory("match-once")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree([
            ".env": "OLLAMA_HOST=http://localhost:11434\nOLLAMA_MODEL=llama3\n",
            "app.py": "import ollama\nclient = ollama.Client(host='http://localhost:11434')\n",
            "notes.md": "We run Ollama today.\n",
        ], under: root)
        let matched = Locked([String: [[UInt8]]]())
        var request = FixRequest()
        request.scan.paths = [root]
        request.scan.onMatch = { path, bytes in matched.withLock { $0[path, default: []].append(bytes) } }
        request.dryRun = true
        let plan = try Pipeline.planFix(request)
        let seen = matched.withLock { $0 }
        let changed = plan.plans.filter(\.changed)
        #expect(Set(changed.map(\.file.path)) == [".env", "app.py"])
        for fix in changed {
            let texts = seen[fix.file.path] ?? []
            #expect(texts.count { $0 == fix.original } == 1, "\(fix.file.path): its content as read")
            #expect(texts.contains(fix.fixed), "\(fix.file.path): a later pass checks the rewrite")
        }
        // A file with nothing to rewrite is matched by the scan alone.
        #expect(seen["notes.md"]?.count == 1)
    }

    /// The plan made from the scan's findings is the plan made by matching the file afresh,
    /// for every fixable file of the seed project (the fix golden's tree), safe and unsafe.
    @Test(arguments: [false, true]) func theScansFindingsPlanWhatAFreshMatchPlans(unsafe: Bool) throws {
        var request = FixRequest()
        request.scan.paths = [TestSupport.fixture("seed-project")]
        request.unsafe = unsafe
        request.dryRun = true
        let plan = try Pipeline.planFix(request)
        #expect(plan.plans.contains { $0.changed })
        let scanner = Engine.Scanner(rules: try RuleLoader.load(DefaultRules.files),
                                     maps: try RuleLoader.maps(DefaultRules.files), threads: 1)
        for fix in plan.plans {
            let fresh = Fixer.plan(fix.file, content: fix.original, scanner: scanner, unsafe: unsafe, withheld: fix.withheld)
            #expect(fresh.fixed == fix.fixed, "\(fix.file.path)")
            #expect(fresh.applied == fix.applied, "\(fix.file.path)")
            #expect(fresh.unresolved.map(\.ruleID) == fix.unresolved.map(\.ruleID), "\(fix.file.path)")
        }
    }

    /// The baseline picks the files a fix rewrites, not the matches (docs/fix.md): a file
    /// whose findings it all accepts is left alone, and in a file with a new finding the
    /// accepted ones are rewritten too, as the second pass would rewrite them anyway.
    @Test func theBaselinePicksFilesNotMatches() throws {
        let root = try TestSupport.makeTemporaryDirectory("fix-baseline")
        defer { TestSupport.removeTree(root) }
        let host = "OLLAMA_HOST=http://localhost:11434\n"
        try TestSupport.writeTree(["old.env": host, "mixed.env": host], under: root)
        var scan = ScanRequest()
        scan.paths = [root]
        try Baseline(try Pipeline.scan(scan)).write(to: root + "/baseline.json")
        try TestSupport.writeTree(["mixed.env": host + "OLLAMA_MODEL=llama3\n"], under: root)
        var request = FixRequest()
        request.scan = scan
        request.scan.baseline = root + "/baseline.json"
        request.dryRun = true
        let plan = try Pipeline.planFix(request)
        #expect(Set(plan.report.baselined.map(\.path)) == ["mixed.env", "old.env"])
        #expect(Set(plan.report.findings.filter { $0.fixability == .auto }.map(\.path)) == ["mixed.env"])
        let changed = plan.plans.filter(\.changed)
        #expect(changed.map(\.file.path) == ["mixed.env"])
        let fixed = String(decoding: try #require(changed.first).fixed, as: UTF8.self)
        // The new finding (the model) and the accepted one (the port) are both rewritten.
        #expect(fixed.contains("localhost:8000\n") && !fixed.contains("OLLAMA_MODEL"), "\(fixed)")
    }
}
