import AuditTestSupport
import Foundation
import Testing

/// Issue 16's runtime proof: the Python backend that `scan --fix` leaves in the seed project
/// must work against vLLM. Tests/runtime/seed_probe.py starts the stub in strict mode
/// (Tests/servers/openai_stub.py), imports the migrated `backend` package with the real `openai`
/// client (make test-deps installs it, with fastapi, pydantic and httpx for backend/main.py) and
/// runs twelve of its code paths, one `PASS name` or `FAIL name: reason` line each.
@Suite struct RuntimeProbeTests {
    static let probe = TestSupport.packageRoot.appendingPathComponent("Tests/runtime/seed_probe.py").path
    /// The ids --fix maps the seed project's llama2:7b and nomic-embed-text to.
    static let servedModels = ["meta-llama/Llama-2-7b-chat-hf", "nomic-ai/nomic-embed-text-v1.5"]

    func runProbe(on root: String) throws -> TestSupport.RunResult {
        // 60 s a path, not the probe's 20: the whole suite runs at once, and on a loaded 2-core
        // machine importing openai and fastapi alone took several seconds. Twelve paths and the
        // stub's start bound the run: a hang fails this test only.
        var arguments = ["python3", "-B", Self.probe, root, "--timeout", "60"]
        for model in Self.servedModels { arguments += ["--served-model", model] }
        let result = try TestSupport.run(arguments, executable: "/usr/bin/env", timeout: 12 * 60 + 120)
        #expect(!result.timedOut, "the probe hung:\n\(result.stdout)\(result.stderr)")
        return result
    }

    /// A plain copy of fixtures/seed-project (the caller removes it).
    func seedCopy() throws -> String {
        let root = try TestSupport.makeTemporaryDirectory("runtime-probe")
        let copy = try TestSupport.run(["-a", TestSupport.fixture("seed-project") + "/.", root], executable: "/bin/cp")
        try #require(copy.status == 0, "cp: \(copy.stderr)")
        return root
    }

    @Test func fixedSeedBackendWorksAgainstAStrictVLLM() throws {
        let root = try seedCopy()
        defer { TestSupport.removeTree(root) }
        // The copy is in no git repository: nothing for git to vouch for.
        let fixed = try TestSupport.run(["scan", root, "--fix", "--allow-dirty"], timeout: 300)
        // 1: manual findings remain, which is expected; anything else is a failed run.
        try #require(fixed.status == 0 || fixed.status == 1, "scan --fix exited \(fixed.status): \(fixed.stderr)")
        let probe = try runProbe(on: root)
        #expect(probe.status == 0, "the migrated backend does not work against vLLM:\n\(probe.stdout)\(probe.stderr)")
        // A name left undefined fails only on the path that reaches it: none may be left.
        #expect(!probe.stdout.contains("undefined name"), "\(probe.stdout)")
    }

    /// The harness itself: the unmigrated project fails every path (it reaches for Ollama, or
    /// cannot even import without the ollama package), so a probe that passes is not a probe
    /// that passes everything.
    @Test func unmigratedSeedBackendFailsEveryPath() throws {
        let root = try seedCopy()
        defer { TestSupport.removeTree(root) }
        let probe = try runProbe(on: root)
        #expect(probe.status == 1, "\(probe.stdout)\(probe.stderr)")
        let lines = probe.stdout.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("FAIL ") }.count == 12, "\(probe.stdout)\(probe.stderr)")
        #expect(!lines.contains { $0.hasPrefix("PASS ") }, "\(probe.stdout)")
        #expect(probe.stdout.hasSuffix("0 of 12 paths passed\n"), "\(probe.stdout)\(probe.stderr)")
    }

    // MARK: fixtures/runtime: the shapes of three dev-corpus repositories (issue 16)

    static let shapeProbe = TestSupport.packageRoot.appendingPathComponent("Tests/runtime/shape_probe.py").path

    /// Each fixture of fixtures/runtime, the ids --fix maps its model tags to (the chat model
    /// first), and how many paths shape_probe.py runs on it.
    static let shapes: [(name: String, models: [String], paths: Int)] = [
        ("ollama-examples", ["meta-llama/Llama-3.1-8B-Instruct", "nomic-ai/nomic-embed-text-v1.5"], 8),
        ("dats-repo", ["meta-llama/Llama-3.1-8B-Instruct", "nomic-ai/nomic-embed-text-v1.5"], 4),
        ("goedels-llm", ["Qwen/Qwen3-8B"], 3),
    ]

    func shapeCopy(_ name: String) throws -> String {
        let root = try TestSupport.makeTemporaryDirectory("shape-probe")
        let source = TestSupport.fixture("runtime/" + name)
        let copy = try TestSupport.run(["-a", source + "/.", root], executable: "/bin/cp")
        try #require(copy.status == 0, "cp: \(copy.stderr)")
        return root
    }

    func runShapeProbe(_ name: String, models: [String], on root: String) throws -> TestSupport.RunResult {
        var arguments = ["python3", "-B", Self.shapeProbe, root, "--fixture", name, "--timeout", "60"]
        for model in models { arguments += ["--served-model", model] }
        let result = try TestSupport.run(arguments, executable: "/usr/bin/env", timeout: 10 * 60)
        #expect(!result.timedOut, "the probe hung on \(name):\n\(result.stdout)\(result.stderr)")
        return result
    }

    /// Every path passes, or fails in the way shape_probe.py's EXPECTED_FAILURES records (a
    /// fixer shortcoming, with its reason); an expected failure that passes fails the probe.
    @Test(arguments: RuntimeProbeTests.shapes.map(\.name))
    func fixedShapeWorksAgainstAStrictVLLM(_ name: String) throws {
        let shape = try #require(Self.shapes.first { $0.name == name })
        let root = try shapeCopy(name)
        defer { TestSupport.removeTree(root) }
        let fixed = try TestSupport.run(["scan", root, "--fix", "--allow-dirty"], timeout: 300)
        try #require(fixed.status == 0 || fixed.status == 1, "scan --fix exited \(fixed.status): \(fixed.stderr)")
        let probe = try runShapeProbe(name, models: shape.models, on: root)
        #expect(probe.status == 0, "migrated \(name) does not work against vLLM:\n\(probe.stdout)\(probe.stderr)")
        let lines = probe.stdout.split(separator: "\n")
        let outcomes = lines.filter { $0.hasPrefix("PASS ") || $0.hasPrefix("XFAIL ") }
        #expect(outcomes.count == shape.paths, "\(probe.stdout)\(probe.stderr)")
        #expect(!lines.contains { $0.hasPrefix("FAIL ") || $0.hasPrefix("XPASS ") }, "\(probe.stdout)")
    }

    /// The harness: unmigrated, no path passes, so a passing path is the migration's doing.
    @Test(arguments: RuntimeProbeTests.shapes.map(\.name))
    func unmigratedShapeFailsEveryPath(_ name: String) throws {
        let shape = try #require(Self.shapes.first { $0.name == name })
        let root = try shapeCopy(name)
        defer { TestSupport.removeTree(root) }
        let probe = try runShapeProbe(name, models: shape.models, on: root)
        #expect(probe.status == 1, "\(probe.stdout)\(probe.stderr)")
        let lines = probe.stdout.split(separator: "\n")
        let failures = lines.filter { $0.hasPrefix("FAIL ") || $0.hasPrefix("XFAIL ") }
        #expect(failures.count == shape.paths, "\(probe.stdout)\(probe.stderr)")
        #expect(!lines.contains { $0.hasPrefix("PASS ") || $0.hasPrefix("XPASS ") }, "\(probe.stdout)")
    }
}
