import AuditTestSupport
import Foundation
import Testing

/// The benchmark's peers (bench/patterns.py) must run ollama-audit's own rules: each rule's
/// pattern, as the loader compiles it, compiles in rg and matches every one of the rule's
/// `examples.match`, and each example holds a prefilter literal. bench/check_patterns.py
/// checks that with the binary and rg (which `make test-deps` installs).
@Suite struct BenchPatternsTests {
    @Test func peerPatternsMatchEveryRuleExample() throws {
        let script = TestSupport.packageRoot.appendingPathComponent("bench/check_patterns.py").path
        let result = try TestSupport.run(["python3", script, "rules", TestSupport.binary], executable: "/usr/bin/env")
        #expect(result.status == 0, "check_patterns.py failed:\n\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(" 0 failures"), "\(result.stderr)")
    }
}
