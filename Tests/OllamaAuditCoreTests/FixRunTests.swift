@testable import OllamaAuditCore
import AuditTestSupport
import OllamaAuditCore
import Platform
import Rules
import Testing

/// A fix run used to load the rules twice and walk the tree twice (once to scan, once more
/// to find the files to plan). It now plans from the files its scan walked.
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
}
