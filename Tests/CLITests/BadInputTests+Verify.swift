import AuditTestSupport
import Foundation
import Testing

/// The bad-input rows for `verify`, one run each. The full cases (every format, both
/// credential forms, the peak RSS, the endless streams) live with verify's own tests in
/// VerifyTests+Limits.swift, which start the same stub server.
extension BadInputTests {
    func verify(_ arguments: [String]) throws -> TestSupport.RunResult {
        let result = try TestSupport.run(["verify", "fixtures/clean-project", "--model", VerifyCLITests.model] + arguments,
                                         environment: ["OPENAI_API_KEY": "", "VLLM_API_KEY": "",
                                                       "PATH": VerifyCLITests.plainPath],
                                         timeout: 120)
        #expect(!result.timedOut, "verify hung")
        return result
    }

    /// Item 5: a /health body past the cap ends the read there, and the message names the cap.
    @Test func verifyStopsAHugeBodyAtItsCap() throws {
        let server = try StubServer(["--mode", "huge-health"])
        defer { server.stop() }
        let result = try verify(["--endpoint", server.endpoint, "--timeout", "60"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("/health: the answer passed 4 MiB, the most verify reads of one answer"),
                "\(result.stdout)")
    }

    /// Item 10: an error message that echoes the key is redacted before it is cut to 120
    /// characters, so not even the key's start is printed.
    @Test func verifyPrintsNoPrefixOfAnEchoedKey() throws {
        let server = try StubServer(["--mode", "echo-auth"])
        defer { server.stop() }
        let key = "sk-SECRET-0123456789abcdef"
        let result = try verify(["--endpoint", server.endpoint, "--api-key", key])
        #expect(result.status == 1)
        #expect(result.stdout.contains("Authorization: Bearer [REDAC"), "\(result.stdout)")
        #expect(!result.stdout.contains("sk-SEC"), "\(result.stdout)")
    }
}
