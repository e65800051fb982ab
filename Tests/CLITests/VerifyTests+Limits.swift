import AuditTestSupport
import Foundation
import Testing
import Verify

/// For `verify`: a server's answer cannot fill memory or hold the
/// run until its timeout, and a server that echoes the credentials cannot get any part of
/// them printed. Cross-referenced from BadInputTests+Verify.swift.
extension VerifyCLITests {
    /// The peak RSS bound of the verify child. A capped run peaks near 40 MB; holding the whole
    /// answer, as 0.1.0 did, passes 300 MB on the 256 MiB /health body.
    static let peakBound = 200 << 10  // KiB
    /// Under `make sanitize-*` the runtime's shadow memory and quarantine dwarf what is measured.
    static let underSanitizer = ProcessInfo.processInfo.environment["OLLAMA_AUDIT_SANITIZER"] != nil

    struct Measured {
        let result: TestSupport.RunResult
        /// ru_maxrss of the verify process, KiB.
        let peak: Int
        let seconds: Double
    }

    /// Runs verify as `verify(_:)` does, under a python3 parent whose RUSAGE_CHILDREN has that
    /// one child: its peak RSS, whatever else the test process runs at the same time.
    func measuredVerify(_ arguments: [String]) throws -> Measured {
        let parent = """
            import os, resource, subprocess, sys
            status = subprocess.call(sys.argv[1:], env=dict(os.environ, PATH=os.environ["VERIFY_PATH"]))
            sys.stderr.write("\\npeak-rss-kib=%d\\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            sys.exit(status if status >= 0 else 128 - status)
            """
        let start = Date()
        // python3 runs with the test's PATH (it may be a shim that needs it); verify with only git's.
        let result = try TestSupport.run(["python3", "-c", parent, TestSupport.binary, "verify"] + arguments,
                                         executable: "/usr/bin/env",
                                         environment: ["OPENAI_API_KEY": "", "VLLM_API_KEY": "", "VERIFY_PATH": Self.plainPath],
                                         timeout: 120)
        let seconds = Date().timeIntervalSince(start)
        #expect(!result.timedOut, "verify hung")
        let peak = result.stderr.firstMatch(of: #/peak-rss-kib=(\d+)/#).flatMap { Int($0.1) }
        #expect(peak != nil, "no peak RSS measured: \(result.stderr)")
        return Measured(result: result, peak: peak ?? 0, seconds: seconds)
    }

    func expectSmallAndQuick(_ run: Measured, _ what: String) {
        if !Self.underSanitizer {
            #expect(run.peak < Self.peakBound, "\(what): verify peaked at \(run.peak / 1024) MiB")
        }
        // --timeout is 60 in these runs: reading to the timeout cannot pass this.
        #expect(run.seconds < 30, "\(what): verify took \(run.seconds) s; it must stop at the cap")
    }

    static let capAdvice = "the answer passed 4 MiB, the most verify reads of one answer; reading stopped there. No "
        + "/health, model list or completion of vLLM's is that large: check that --endpoint points at the vLLM server, "
        + "not at another service or a proxy"

    /// 256 MiB of /health, streamed by the stub: without a length (read until the cap) and
    /// with one (refused from the header).
    @Test(arguments: [false, true])
    func aHugeHealthBodyStopsAtTheCap(declared: Bool) throws {
        let server = try StubServer(["--mode", "huge-health"] + (declared ? ["--declare-length"] : []))
        defer { server.stop() }
        let run = try measuredVerify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model,
                                      "--timeout", "60"])
        #expect(run.result.status == 1, "\(run.result.stdout)\(run.result.stderr)")
        #expect(row(run.result.stdout, "liveness")?.summary
            == "GET http://127.0.0.1:\(server.port)/health: \(Self.capAdvice)", "\(run.result.stdout)")
        expectSmallAndQuick(run, "a 256 MiB /health body")
    }

    /// A stream that never sends `data: [DONE]` stops at the 4 MiB cap; one whose line never
    /// ends stops at the 64 KiB cap on one event. Neither waits for the 60 s timeout.
    @Test(arguments: [
        ("endless-stream", Self.capAdvice),
        ("endless-line", "malformed response: an event of the stream passed 64 KiB without ending, the most verify "
            + "holds of one event; reading stopped there (the body starts: : keep-alive  data: xxxx"),
    ])
    func anEndlessStreamStopsAtTheCap(mode: String, message: String) throws {
        let server = try StubServer(["--mode", mode])
        defer { server.stop() }
        let run = try measuredVerify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model,
                                      "--timeout", "60"])
        #expect(run.result.status == 1, "\(run.result.stdout)\(run.result.stderr)")
        let summary = try #require(row(run.result.stdout, "completion")?.summary, "\(run.result.stdout)")
        #expect(summary.hasPrefix("POST \(server.endpoint)/chat/completions: \(message)"), "\(summary)")
        expectSmallAndQuick(run, mode)
    }

    // MARK: item 10: no part of a secret in any output

    static let key = "sk-SECRET-0123456789abcdef"
    static let user = "alice"
    static let password = "p@ss:w0rd/Zq9"
    static let encodedPassword = "p%40ss%3Aw0rd%2FZq9"

    /// Every form a secret travels in. Checking each one's first six characters checks all its
    /// longer prefixes too.
    static let secretForms = [key, password, encodedPassword, Data("\(user):\(password)".utf8).base64EncodedString()]

    /// The stub puts the Authorization header it received into its error message 90
    /// characters in, so a cut at 120 characters before redaction leaves the secret's start.
    /// 500: the message is shown (and must be redacted); 401: it is not shown at all.
    @Test(arguments: ["500", "401"])
    func anEchoedAuthorizationHeaderLeavesNoPrefixOfASecret(status: String) throws {
        let server = try StubServer(["--mode", "echo-auth", "--echo-status", status])
        defer { server.stop() }
        let credentials: [(String, [String])] = [
            ("Bearer", ["--endpoint", server.endpoint, "--api-key", Self.key]),
            ("Basic", ["--endpoint", "http://\(Self.user):\(Self.encodedPassword)@127.0.0.1:\(server.port)/v1"]),
        ]
        for (scheme, arguments) in credentials {
            for format in ["text", "json", "markdown", "junit"] {
                let result = try verify(["fixtures/clean-project", "--model", Self.model, "--format", format] + arguments)
                #expect(result.status == 1, "\(scheme) \(format): \(result.stdout)")
                for secret in Self.secretForms {
                    let prefix = String(secret.prefix(6))
                    #expect(!result.stdout.contains(prefix) && !result.stderr.contains(prefix),
                            "\(scheme) \(format): '\(prefix)', the start of a secret, was printed:\n\(result.stdout)")
                }
                if status == "500" {
                    // The echo reached the report, redacted: the test saw what it guards against. (Only
                    // the word: each format escapes the text around it its own way.)
                    #expect(result.stdout.contains("REDAC"), "\(scheme) \(format): \(result.stdout)")
                }
            }
        }
    }
}
