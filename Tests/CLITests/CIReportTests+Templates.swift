import AuditTestSupport
import Foundation
import Model
import Testing

extension CIReportTests {
    // MARK: Templates

    static let templateValidator = TestSupport.packageRoot.appendingPathComponent("Tests/validators/validate_ci_templates.py").path
    static let github = TestSupport.packageRoot.appendingPathComponent("examples/github-actions.yml").path
    static let gitlab = TestSupport.packageRoot.appendingPathComponent("examples/gitlab-ci.yml").path

    func checkTemplates(_ github: String, _ gitlab: String) throws -> TestSupport.RunResult {
        try TestSupport.run(["python3", Self.templateValidator, github, gitlab, Tool.informationURI, "v" + Tool.version], executable: "/usr/bin/env")
    }

    /// Both templates parse, pin what they use (actions, upload-sarif's current major, this
    /// project's release tag), declare their permissions, cache the build, and GitLab's
    /// publishes the Code Quality report.
    @Test func examplesAreParsedPinnedAndCached() throws {
        let result = try checkTemplates(Self.github, Self.gitlab)
        #expect(result.status == 0, "\(result.stderr)")
        let read = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let uses = try #require((read["github"] as? [String: Any])?["uses"] as? [String])
        #expect(uses.contains { $0.hasPrefix("github/codeql-action/upload-sarif@v4") })
        #expect(uses.contains { $0.hasPrefix("actions/cache@") })
        #expect(try String(contentsOfFile: Self.gitlab, encoding: .utf8).contains("codequality: gl-code-quality-report.json"))
    }

    /// The check fails on each thing the issue named: so the test above can fail.
    @Test(arguments: [
        ("github", "actions/checkout@v5", "actions/checkout@main", "not pinned"),
        ("github", "upload-sarif@v4", "upload-sarif@v3", "current major is v4"),
        ("github", "  actions: read\n", "", "actions is None"),
        ("github", "uses: actions/cache@v5", "uses: actions/stale@v9", "no actions/cache step"),
        ("github", "--branch \"$OLLAMA_AUDIT_VERSION\" ", "", "not pinned to a release tag"),
        ("github", "OLLAMA_AUDIT_VERSION: v0.2.0", "OLLAMA_AUDIT_VERSION: main", "not pinned to a release tag"),
        ("gitlab", "OLLAMA_AUDIT_VERSION: v0.2.0", "OLLAMA_AUDIT_VERSION: v0.1.0", "not this version's tag v0.2.0"),
        ("gitlab", "codequality: gl-code-quality-report.json", "dotenv: x.env", "no `artifacts: reports: codequality:`"),
        ("gitlab", "--report gitlab=gl-code-quality-report.json", "", "nothing writes the codequality report"),
        ("gitlab", "  cache:\n", "  x-cache:\n", "no cache"),
    ])
    func templateCheckCatches(_ which: String, _ find: String, _ replacement: String, _ message: String) throws {
        let folder = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(folder) }
        let source = which == "github" ? Self.github : Self.gitlab
        let text = try String(contentsOfFile: source, encoding: .utf8)
        #expect(text.contains(find), "the template changed: update this case")
        let broken = folder + "/broken.yml"
        try text.replacingOccurrences(of: find, with: replacement).write(toFile: broken, atomically: true, encoding: .utf8)
        let result = which == "github" ? try checkTemplates(broken, Self.gitlab) : try checkTemplates(Self.github, broken)
        #expect(result.status == 1)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
