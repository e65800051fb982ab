import AuditTestSupport
import Foundation
import Testing

extension CIReportTests {
    // MARK: GitLab Code Quality

    @Test func gitlabCodeQualityFollowsGitLabsFormat() throws {
        let all = try findings([Self.fixture])
        let result = try scan([Self.fixture, "--format", "gitlab"])
        #expect(result.status == 1)
        #expect(TestSupport.golden(result.stdout, "annotation-priorities.gitlab.json") == nil)
        let folder = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(folder) }
        let file = folder + "/gl-code-quality-report.json"
        try result.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        let issues = try #require(try validateGitLab(file) as? [[String: Any]])
        #expect(issues.count == all.count)
        let severity = ["critical": "critical", "high": "major", "medium": "minor", "low": "info"]
        for (issue, finding) in zip(issues, all) {
            // Relative to the repository root, which is where this suite runs.
            #expect(issue["path"] as? String == "\(Self.fixture)/\(finding["path"] as! String)")
            #expect(issue["line"] as? Int == (finding["start"] as? [String: Int])?["line"])
            #expect(issue["check_name"] as? String == finding["rule"] as? String)
            #expect(issue["fingerprint"] as? String == finding["fingerprint"] as? String, "SARIF's and JSON's fingerprint")
            #expect(issue["severity"] as? String == severity[finding["priority"] as! String])
        }
        // Scanned from inside the folder, paths still start at the repository root.
        let inside = try scan([".", "--format", "gitlab"], in: TestSupport.fixture("annotation-priorities"))
        #expect(inside.stdout == result.stdout)
        // The generated marker keeps a saved report out of later scans.
        let saved = TestSupport.fixture("annotation-priorities") + "/../gl-report-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: saved) }
        #expect(try scan([Self.fixture, "--report", "gitlab=\(saved)"]).status == 1)
        #expect(try findings([saved]).isEmpty)
    }

    @Test func gitlabOfACleanScanIsAnEmptyArray() throws {
        let result = try scan(["fixtures/clean-project", "--format", "gitlab"])
        #expect(result.status == 0)
        let folder = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(folder) }
        try result.stdout.write(toFile: folder + "/r.json", atomically: true, encoding: .utf8)
        #expect((try validateGitLab(folder + "/r.json") as? [Any])?.isEmpty == true)
    }

    /// Runs the validator: GitLab's required fields (fixtures/schemas/gitlab-code-quality.json)
    /// and unique fingerprints; returns what it read.
    func validateGitLab(_ file: String) throws -> Any {
        let result = try TestSupport.run(["python3", Self.validator, "gitlab", file,
                                          TestSupport.fixture("schemas/gitlab-code-quality.json")], executable: "/usr/bin/env")
        #expect(result.status == 0, "not a valid Code Quality report: \(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }
}
