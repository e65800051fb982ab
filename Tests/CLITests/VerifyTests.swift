import AuditTestSupport
import Foundation
import Platform
import Testing
import Verify

/// `ollama-audit verify` against the stand-in server (Tests/servers/openai_stub.py), which each
/// test starts on a free loopback port and kills at its end. One test per failure mode, the
/// concurrency and budget checks, the GPU check with a fake `nvidia-smi`, and golden files.
@Suite struct VerifyCLITests {
    static let model = "meta-llama/Llama-3.1-8B-Instruct"
    /// A PATH holding only git (the references check asks git for the work tree): no
    /// nvidia-smi on any machine, GPU runners included, so the GPU check is skipped unless a
    /// test puts a fake one first.
    static let plainPath: String = {
        let folder = NSTemporaryDirectory() + "/ollama-audit-verify-path-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let searched = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        if let git = searched.map({ "\($0)/git" }).first(where: FileManager.default.isExecutableFile(atPath:)) {
            try? FileManager.default.createSymbolicLink(atPath: folder + "/git", withDestinationPath: git)
        }
        return folder
    }()

    /// Runs verify with no API key from the test's own environment and no nvidia-smi.
    func verify(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 120) throws
        -> TestSupport.RunResult {
        var env = ["OPENAI_API_KEY": "", "VLLM_API_KEY": "", "PATH": Self.plainPath]
        for (k, v) in environment { env[k] = v }
        let result = try TestSupport.run(["verify"] + arguments, environment: env, timeout: timeout)
        #expect(!result.timedOut, "verify hung")
        return result
    }

    /// The row of check `id` in the text table: its status and summary.
    func row(_ output: String, _ id: String) -> (status: String, summary: String)? {
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            if fields.count == 3, fields[0] == id {
                return (String(fields[1]), String(fields[2]).trimmingCharacters(in: .whitespaces))
            }
        }
        return nil
    }

    // MARK: acceptance 1 and 3: a healthy server passes, nvidia-smi absent is "skipped"

    @Test func healthyServerPassesEveryCheckAndReportsLatencies() throws {
        let server = try StubServer()
        defer { server.stop() }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        for id in ["references", "liveness", "completion", "concurrency", "budgets"] {
            #expect(row(result.stdout, id)?.status == "pass", "\(id): \(result.stdout)")
        }
        #expect(row(result.stdout, "gpu")?.status == "skipped")
        #expect(row(result.stdout, "gpu")?.summary == "no GPU evidence: server /metrics not read; nvidia-smi not found on PATH")
        let latency = #/first token \d+\.\d{3} s, short prompt \d+\.\d{3} s \(streamed\), long prompt \d+\.\d{3} s/#
        #expect(row(result.stdout, "completion")?.summary.contains(latency) == true)
        #expect(row(result.stdout, "concurrency")?.summary.contains(
            #/4 requests at once: p50 \d+\.\d{3} s, p95 \d+\.\d{3} s, max \d+\.\d{3} s; 0 failed/#) == true)
        #expect(result.stdout.hasSuffix("6 checks: 5 passed, 0 failed, 1 skipped\n"))
    }

    @Test func withoutModelTheLivenessCheckReportsWhatIsServed() throws {
        let server = try StubServer(["--served-model", "a/one", "--served-model", "b/two"])
        defer { server.stop() }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(row(result.stdout, "liveness")?.summary == "/health answered 200; serves a/one, b/two (no --model: using a/one)")
        #expect(result.stdout.contains("- served: a/one (max_model_len 8192)\n"), "\(result.stdout)")
        #expect(result.stdout.contains("- served: b/two (max_model_len 8192)\n"), "\(result.stdout)")
    }

    /// Latencies vary from run to run: the goldens pin every other byte. `normalise` replaces
    /// the measured seconds (text `0.123 s`, JSON `"<latency>_seconds" : 0.123`) and the
    /// server's port with fixed tokens; budgets, counts and everything else stay as printed.
    static func normalise(_ text: String, port: Int) -> String {
        text.replacing(#/\d+\.\d{3} s/#, with: "N.NNN s")
            .replacing(#/"(first_token|response|simple|complex|p50|p95|max|app|embedding)_seconds" : [0-9.e-]+/#) { match in
                "\"\(match.1)_seconds\" : N"
            }
            // How often /metrics was read during the load depends on how long the load took.
            .replacing(#/"metrics_reads" : \d+/#, with: "\"metrics_reads\" : N")
            .replacingOccurrences(of: "127.0.0.1:\(port)", with: "127.0.0.1:PORT")
    }

    @Test(arguments: [("text", "txt"), ("json", "json"), ("markdown", "md"), ("junit", "junit.xml")])
    func healthyReportIsPinned(format: String, ext: String) throws {
        let server = try StubServer()
        defer { server.stop() }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model,
                                 "--format", format])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(TestSupport.golden(Self.normalise(result.stdout, port: server.port), "verify/healthy.\(ext)") == nil)
        if format == "json" {
            let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(document["passed"] as? Bool == true)
        }
        if format == "junit" {
            let check = try TestSupport.run(
                ["python3", "-c", "import sys, xml.etree.ElementTree as E; r = E.fromstring(sys.stdin.buffer.read()); "
                    + "print(len(r.findall('.//testcase')), len(r.findall('.//skipped')))"],
                executable: "/usr/bin/env", stdin: result.stdout)
            #expect(check.status == 0 && check.stdout == "6 1\n", "the JUnit report is not what XML parsers read: \(check.stderr)")
        }
    }

    // MARK: acceptance 2: each failure mode, its message, exit 1

    @Test func connectionRefusedNamesTheURL() throws {
        let port = StubServer.unusedPort()
        let result = try verify(["fixtures/clean-project", "--endpoint", "http://127.0.0.1:\(port)/v1", "--model", Self.model])
        #expect(result.status == 1)
        #expect(row(result.stdout, "liveness")?.status == "fail")
        #expect(row(result.stdout, "liveness")?.summary == "GET http://127.0.0.1:\(port)/health: connection refused: "
            + "nothing listens there; start the server (`vllm serve MODEL --port PORT`) or correct --endpoint")
        for id in ["completion", "concurrency", "budgets", "gpu"] { #expect(row(result.stdout, id)?.status == "skipped") }
    }

    @Test func tlsToAPlainHTTPServerIsATLSFailure() throws {
        let server = try StubServer()
        defer { server.stop() }
        let result = try verify(["fixtures/clean-project", "--endpoint", "https://127.0.0.1:\(server.port)/v1"])
        #expect(result.status == 1)
        let summary = try #require(row(result.stdout, "liveness")?.summary)
        #expect(summary.hasPrefix("GET https://127.0.0.1:\(server.port)/health: TLS handshake failed ("), "\(summary)")
        #expect(summary.hasSuffix("if the server speaks plain HTTP, use http:// in --endpoint, else check its certificate"))
    }

    @Test func missingAPIKeyIs401WithWhatToSet() throws {
        let server = try StubServer(["--api-key", "server-secret-1234"])
        defer { server.stop() }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model])
        #expect(result.status == 1)
        #expect(row(result.stdout, "liveness")?.summary == "GET \(server.endpoint)/models: 401 Unauthorized: the server "
            + "requires an API key; pass --api-key or set OPENAI_API_KEY or VLLM_API_KEY")
    }

    @Test func unauthorizedModeRejectsAGivenKeyAndNeverPrintsIt() throws {
        let server = try StubServer(["--mode", "unauthorized"])
        defer { server.stop() }
        let key = "sk-do-not-print-7f3a9"
        for format in ["text", "json", "markdown", "junit"] {
            let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--api-key", key, "--format", format])
            #expect(result.status == 1)
            #expect(result.stdout.contains("the server rejected the API key"), "\(format)")
            #expect(!result.stdout.contains(key) && !result.stderr.contains(key), "\(format) printed the key")
        }
    }

    @Test func keyFromTheEnvironmentIsSentAndRedactedFromEveryOutput() throws {
        let key = "vllm-env-key-55c1"
        let server = try StubServer(["--api-key", key])
        defer { server.stop() }
        for variable in ["OPENAI_API_KEY", "VLLM_API_KEY"] {
            // The password in the endpoint is redacted too.
            let endpoint = "http://user:\(key)@127.0.0.1:\(server.port)/v1"
            let result = try verify(["fixtures/clean-project", "--endpoint", endpoint, "--format", "json"],
                                    environment: [variable: key])
            #expect(result.status == 0, "\(variable): \(result.stdout)")
            #expect(!result.stdout.contains(key) && !result.stderr.contains(key))
            #expect(result.stdout.contains("http://user:***@127.0.0.1:\(server.port)/v1"))
        }
    }

    @Test func modelNotServedIs404WithTheServedList() throws {
        let server = try StubServer(["--mode", "no-model", "--served-model", "Qwen/Qwen2.5-7B-Instruct"])
        defer { server.stop() }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model])
        #expect(result.status == 1)
        #expect(row(result.stdout, "liveness")?.summary == "GET \(server.endpoint)/models: the model '\(Self.model)' is "
            + "not served (as a request for it would answer 404); the server serves: Qwen/Qwen2.5-7B-Instruct. Pass "
            + "--model with one of them, or start vLLM with `vllm serve \(Self.model)`")
    }

    @Test func slowServerTimesOut() throws {
        let server = try StubServer(["--mode", "slow", "--delay", "3"])
        defer { server.stop() }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model,
                                 "--timeout", "1", "--concurrency", "2"])
        #expect(result.status == 1)
        #expect(row(result.stdout, "liveness")?.status == "pass")
        #expect(row(result.stdout, "completion")?.summary == "POST \(server.endpoint)/chat/completions: timed out: no "
            + "complete answer within 1 s; the server may be loading the model or overloaded: check its logs, or raise --timeout")
        #expect(row(result.stdout, "concurrency")?.summary == "2 requests at once; 2 failed")
        #expect(row(result.stdout, "budgets")?.status == "skipped")
    }

    @Test func malformedResponseIsNamed() throws {
        let server = try StubServer(["--mode", "malformed"])
        defer { server.stop() }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model])
        #expect(result.status == 1)
        #expect(row(result.stdout, "completion")?.summary == "POST \(server.endpoint)/chat/completions: malformed "
            + "response: expected JSON with choices[0].message.content (the body starts: {\"choices\": [{\"message\": ); "
            + "is --endpoint an OpenAI-compatible server (vLLM's `vllm serve`)?")
    }

    @Test func serverErrorIsReportedWithItsMessage() throws {
        let server = try StubServer(["--mode", "fail"])
        defer { server.stop() }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model,
                                 "--concurrency", "3"])
        #expect(result.status == 1)
        let failure = "POST \(server.endpoint)/chat/completions: HTTP 500: CUDA out of memory; check the server's logs"
        #expect(row(result.stdout, "completion")?.summary == failure)
        #expect(row(result.stdout, "concurrency")?.summary == "3 requests at once; 3 failed")
        #expect(result.stdout.contains("- 3 requests: " + failure))
    }

    @Test func redirectsAreFollowedKeepingThePOSTBody() throws {
        let server = try StubServer(["--mode", "redirect"])
        defer { server.stop() }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model])
        #expect(result.status == 0, "\(result.stdout)")
    }

    @Test func endpointWithoutTheAPIPathIsNamed() throws {
        let server = try StubServer()
        defer { server.stop() }
        let root = "http://127.0.0.1:\(server.port)"
        let result = try verify(["fixtures/clean-project", "--endpoint", root, "--model", Self.model])
        #expect(result.status == 1)
        #expect(row(result.stdout, "liveness")?.summary == "GET \(root)/models: 404: no OpenAI-compatible API at this "
            + "path; --endpoint is the base URL the API lives under, usually ending in /v1 (example: --endpoint "
            + "http://localhost:8000/v1)")
    }

    @Test func badEndpointIsAUsageError() throws {
        let result = try verify(["--endpoint", "ftp://host/v1"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--endpoint 'ftp://host/v1' is not an http:// or https:// URL with a host"))
    }

    @Test func remainingReferencesFailTheFirstCheck() throws {
        let server = try StubServer()
        defer { server.stop() }
        let result = try verify(["fixtures/seed-project", "--endpoint", server.endpoint, "--model", Self.model])
        #expect(result.status == 1)
        #expect(row(result.stdout, "references")?.status == "fail")
        #expect(row(result.stdout, "references")?.summary.contains(#/^\d+ Ollama references at or above low remain in fixtures\/seed-project$/#) == true)
        #expect(row(result.stdout, "liveness")?.status == "pass", "the other checks still run")
    }

    // MARK: concurrency and budgets

    @Test func concurrentRequestsRunAtOnce() throws {
        // Each request waits 0.6 s; five in a row would take 3 s, five at once well under 2 s.
        let server = try StubServer(["--mode", "slow", "--delay", "0.6"])
        defer { server.stop() }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model,
                                 "--concurrency", "5", "--format", "json"])
        #expect(result.status == 0, "\(result.stdout)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let checks = try #require(document["checks"] as? [[String: Any]])
        let concurrency = try #require(checks.first { $0["id"] as? String == "concurrency" })
        let metrics = try #require(concurrency["metrics"] as? [String: Double])
        #expect(metrics["requests"] == 5 && metrics["failed"] == 0)
        let p50 = try #require(metrics["p50_seconds"]), p95 = try #require(metrics["p95_seconds"])
        let max = try #require(metrics["max_seconds"])
        #expect(p50 >= 0.6 && p50 <= p95 && p95 <= max, "\(metrics)")
        #expect(max < 2.0, "the requests were not concurrent: \(metrics)")
    }

    @Test func latenciesOverBudgetFailTheBudgetsCheck() throws {
        let server = try StubServer(["--mode", "slow", "--delay", "0.5"])
        defer { server.stop() }
        let root = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree([".ollama-audit.yml": "verify:\n  simple-seconds: 0.2\n  concurrency: 2\n",
                                   "app.py": "print('hello')\n"], under: root)
        let result = try verify([root, "--endpoint", server.endpoint, "--model", Self.model])
        #expect(result.status == 1)
        #expect(row(result.stdout, "budgets")?.status == "fail")
        #expect(row(result.stdout, "concurrency")?.summary.hasPrefix("2 requests at once") == true)
        #expect(result.stdout.contains(#/simple \d+\.\d{3} s >= 0.2 s, complex \d+\.\d{3} s < 10 s, concurrent \d+\.\d{3} s < 15 s/#))
        #expect(result.stdout.contains(#/- simple took \d+\.\d{3} s, over its budget of 0.2 s/#))
    }

    @Test func badVerifyConfigIsAUsageErrorWithItsLine() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree([".ollama-audit.yml": "fail-on: high\nverify:\n  simple-seconds: 5\n  concurency: 4\n"],
                                  under: root)
        var result = try verify([root, "--endpoint", "http://127.0.0.1:1/v1"])
        #expect(result.status == 2)
        #expect(result.stderr.contains(".ollama-audit.yml:4: unknown key 'concurency' in verify"), "\(result.stderr)")
        try TestSupport.writeTree([".ollama-audit.yml": "verify:\n  gpu-max-memory: 120\n"], under: root)
        result = try verify([root, "--endpoint", "http://127.0.0.1:1/v1"])
        #expect(result.status == 2)
        #expect(result.stderr.contains(".ollama-audit.yml:2: verify.gpu-max-memory is a percentage from 0 to 100, found '120'"),
                "\(result.stderr)")
    }

    // MARK: GPU, with a fake nvidia-smi on PATH

    func fakeNvidiaSMI(_ output: String, status: Int = 0) throws -> String {
        let folder = try TestSupport.makeTemporaryDirectory("fake-nvidia-smi")
        try TestSupport.writeTree(["nvidia-smi": "#!/bin/sh\nprintf '\(output)'\nexit \(status)\n"], under: folder)
        try FileSystem.setPermissions(folder + "/nvidia-smi", 0o755).get()
        return folder
    }

    @Test func gpuAboveUtilisationAndBelowMemoryPasses() throws {
        let server = try StubServer()
        defer { server.stop() }
        let folder = try fakeNvidiaSMI("75, 4000, 16000\\n20, 1000, 16000\\n")
        defer { TestSupport.removeTree(folder) }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model],
                                environment: ["PATH": folder + ":" + Self.plainPath])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(row(result.stdout, "gpu")?.summary.contains(
            #/^server /metrics not read; nvidia-smi: peak utilisation 75% \(must exceed 50%\), peak VRAM 25% \(must stay below 90%\), \d+ samples$/#) == true,
                "\(result.stdout)")
    }

    @Test func idleGPUAndFullVRAMFail() throws {
        let server = try StubServer()
        defer { server.stop() }
        let folder = try fakeNvidiaSMI("10, 15500, 16000\\n")
        defer { TestSupport.removeTree(folder) }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model],
                                environment: ["PATH": folder + ":" + Self.plainPath])
        #expect(result.status == 1)
        #expect(row(result.stdout, "gpu")?.status == "fail")
        #expect(result.stdout.contains("- GPU utilisation peaked at 10%, not above 50%"))
        #expect(result.stdout.contains("- VRAM use peaked at 96.9%, not below 90%"))
    }

    @Test func failingNvidiaSMIFailsTheCheck() throws {
        let server = try StubServer()
        defer { server.stop() }
        let folder = try fakeNvidiaSMI("NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.\\n",
                                       status: 9)
        defer { TestSupport.removeTree(folder) }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model],
                                environment: ["PATH": folder + ":" + Self.plainPath])
        #expect(result.status == 1)
        #expect(row(result.stdout, "gpu")?.summary == "server /metrics not read; nvidia-smi failed")
        #expect(result.stdout.contains(#/- nvidia-smi failed: \S*nvidia-smi exited with status 9 NVIDIA-SMI has failed/#), "\(result.stdout)")
    }
}
