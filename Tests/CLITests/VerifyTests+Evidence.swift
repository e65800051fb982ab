import AuditTestSupport
import Foundation
import Testing
import Verify

/// Issue 18's items, against the stub server: GPU evidence from vLLM's /metrics (and
/// `--require-gpu`), the application's own endpoint, embeddings, the served list and the
/// Hugging Face id a not-served Ollama tag gets. Goldens pin what people read.
extension VerifyCLITests {
    /// The JSON document's check `id`.
    func check(_ json: String, _ id: String) throws -> [String: Any] {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let checks = try #require(document["checks"] as? [[String: Any]])
        return try #require(checks.first { $0["id"] as? String == id })
    }

    // MARK: GPU evidence from the server

    @Test(arguments: [("text", "txt"), ("json", "json"), ("markdown", "md")])
    func serverMetricsAreGPUEvidence(format: String, ext: String) throws {
        let server = try StubServer(["--metrics", "fixed"])
        defer { server.stop() }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model,
                                 "--require-gpu", "--format", format])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(TestSupport.golden(Self.normalise(result.stdout, port: server.port), "verify/gpu-from-metrics.\(ext)") == nil)
    }

    @Test func liveMetricsShowTheRequestsTheServerRan() throws {
        // Each completion waits 0.5 s: the reads every 0.25 s see them running.
        let server = try StubServer(["--metrics", "live", "--mode", "slow", "--delay", "0.5"])
        defer { server.stop() }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model,
                                 "--require-gpu", "--format", "json"])
        #expect(result.status == 0, "\(result.stdout)")
        let gpu = try check(result.stdout, "gpu")
        let metrics = try #require(gpu["metrics"] as? [String: Double])
        #expect((metrics["server_peak_requests_running"] ?? 0) >= 1, "\(metrics)")
        #expect((metrics["server_peak_kv_cache_percent"] ?? 0) >= 5, "\(metrics)")
        // 3 completions and 4 concurrent ones, 5 tokens each.
        #expect(metrics["server_generated_tokens"] == 35 && metrics["server_finished_requests"] == 7, "\(metrics)")
    }

    @Test func vLLMV0MetricNamesCountToo() throws {
        let server = try StubServer(["--metrics", "legacy"])
        defer { server.stop() }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(row(result.stdout, "gpu")?.summary.hasPrefix("server /metrics during the load: KV cache up to 12.5% used") == true)
    }

    @Test func hostileMetricsAreReadForThisModelOnlyAndForgeNothing() throws {
        let server = try StubServer(["--metrics", "hostile"])
        defer { server.stop() }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model])
        #expect(result.status == 0, "\(result.stdout)")
        // Another model's 250 running and 99% KV cache, the NaN, the +Inf: none of them counts.
        // This model's two running series (2 and 3) add up.
        #expect(row(result.stdout, "gpu")?.summary == "server /metrics during the load: KV cache up to 12.5% used, up to 5 "
            + "requests running, 1 waiting, 35 tokens generated, 7 requests finished; nvidia-smi not found on PATH")
        #expect(!result.stdout.contains("\u{1B}"))
    }

    @Test func metricsThatShowNoWorkFailTheCheck() throws {
        let server = try StubServer(["--metrics", "idle"])
        defer { server.stop() }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model])
        #expect(result.status == 1)
        #expect(row(result.stdout, "gpu")?.status == "fail")
        #expect(result.stdout.contains("- vLLM's /metrics showed no work while verify's requests ran (no request running, "
            + "no KV cache used, no token generated)"), "\(result.stdout)")
    }

    /// The acceptance: without GPU evidence the check is skipped (exit 0); `--require-gpu`
    /// fails it (exit 1), saying where it looked.
    @Test func withoutEvidenceRequireGPUFails() throws {
        let server = try StubServer()
        defer { server.stop() }
        let plain = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model])
        #expect(plain.status == 0, "\(plain.stdout)")
        #expect(row(plain.stdout, "gpu")?.status == "skipped")
        let required = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model,
                                   "--require-gpu"])
        #expect(required.status == 1)
        #expect(TestSupport.golden(Self.normalise(required.stdout, port: server.port), "verify/require-gpu-no-evidence.txt") == nil)
    }

    @Test(arguments: [("html", "answered 200 without vLLM's scheduler, cache or token metrics for "
                        + "'meta-llama/Llama-3.1-8B-Instruct' (the body starts: <!DOCTYPE html>"),
                      ("missing", "/metrics: 404: no metrics there")])
    func metricsThatAreNotVLLMsAreNotEvidence(kind: String, said: String) throws {
        let server = try StubServer(["--metrics", kind])
        defer { server.stop() }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model,
                                 "--require-gpu"])
        #expect(result.status == 1)
        #expect(row(result.stdout, "gpu")?.summary == "no GPU evidence: server /metrics not read; nvidia-smi not found on PATH")
        #expect(result.stdout.contains(said), "\(result.stdout)")
    }

    @Test func aHugeMetricsBodyStopsAtTheCap() throws {
        let server = try StubServer(["--metrics", "huge"])
        defer { server.stop() }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model])
        #expect(result.status == 0, "a server without readable metrics is no failure without --require-gpu")
        #expect(result.stdout.contains("/metrics: the answer passed 4 MiB, the most verify reads of one answer"),
                "\(result.stdout)")
    }

    @Test func nvidiaSMIAloneIsEvidenceForRequireGPU() throws {
        let server = try StubServer()
        defer { server.stop() }
        let folder = try fakeNvidiaSMI("75, 4000, 16000\\n")
        defer { TestSupport.removeTree(folder) }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model,
                                 "--require-gpu"], environment: ["PATH": folder + ":" + Self.plainPath])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(row(result.stdout, "gpu")?.summary.contains(#/^server /metrics not read; nvidia-smi: peak utilisation 75%/#)
                == true, "\(result.stdout)")
    }

    // MARK: the application's endpoint and embeddings

    @Test func theApplicationAndEmbeddingsArePinned() throws {
        let server = try StubServer(["--metrics", "fixed", "--embedding-model", "nomic-ai/nomic-embed-text-v1.5",
                                     "--app-path", "/api/chat/query"])
        defer { server.stop() }
        let log = try TestSupport.makeTemporaryDirectory("verify-app")
        defer { TestSupport.removeTree(log) }
        try TestSupport.writeTree(["request.json": #"{"message": "Explain GPU acceleration in AI inference"}"#], under: log)
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", Self.model,
                                 "--embedding-model", "nomic-ai/nomic-embed-text-v1.5",
                                 "--app-endpoint", "http://127.0.0.1:\(server.port)/api/chat/query",
                                 "--app-body", "@" + log + "/request.json"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(TestSupport.golden(Self.normalise(result.stdout, port: server.port), "verify/app-and-embeddings.txt") == nil)
    }

    @Test func aSlowOrFailingApplicationFailsItsCheck() throws {
        let slow = try StubServer(["--app-path", "/api/chat/query", "--app-delay", "0.5"])
        defer { slow.stop() }
        let root = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree([".ollama-audit.yml": "verify:\n  app-seconds: 0.2\n", "app.py": "print('hi')\n"], under: root)
        let app = "http://127.0.0.1:\(slow.port)/api/chat/query"
        var result = try verify([root, "--endpoint", slow.endpoint, "--model", Self.model, "--app-endpoint", app])
        #expect(result.status == 1)
        #expect(row(result.stdout, "app")?.summary.contains(
            #/^GET http://127.0.0.1:\d+/api/chat/query answered 200 in \d+\.\d{3} s, over its budget of 0.2 s$/#) == true,
                "\(result.stdout)")
        let failing = try StubServer(["--app-path", "/api/chat/query", "--app-status", "502"])
        defer { failing.stop() }
        result = try verify(["fixtures/clean-project", "--endpoint", failing.endpoint, "--model", Self.model,
                             "--app-endpoint", "http://127.0.0.1:\(failing.port)/api/chat/query", "--app-body", "{}"])
        #expect(result.status == 1)
        #expect(row(result.stdout, "app")?.summary.contains(#/^POST http://127.0.0.1:\d+/api/chat/query: HTTP 502 after \d+\.\d{3} s: the application failed: upstream model error; check the application's logs/#) == true,
                "\(result.stdout)")
    }

    @Test func anEmbeddingModelOnItsOwnServer() throws {
        let chat = try StubServer()
        defer { chat.stop() }
        let pooling = try StubServer(["--served-model", "nomic-ai/nomic-embed-text-v1.5",
                                      "--embedding-model", "nomic-ai/nomic-embed-text-v1.5"])
        defer { pooling.stop() }
        var result = try verify(["fixtures/clean-project", "--endpoint", chat.endpoint, "--model", Self.model,
                                 "--embedding-model", "nomic-ai/nomic-embed-text-v1.5", "--embedding-endpoint", pooling.endpoint])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(row(result.stdout, "embeddings")?.summary.contains(
            #/^nomic-ai/nomic-embed-text-v1.5: a vector of 16 dimensions in \d+\.\d{3} s$/#) == true)
        // Asked of the chat server, the model is not there: the 404 names the flag and an id for the tag.
        result = try verify(["fixtures/clean-project", "--endpoint", chat.endpoint, "--model", Self.model,
                             "--embedding-model", "nomic-embed-text"])
        #expect(result.status == 1)
        #expect(row(result.stdout, "embeddings")?.summary == "POST \(chat.endpoint)/embeddings: 404: the model "
            + "'nomic-embed-text' is not served; the server serves: \(Self.model). Pass --embedding-model with one of "
            + "them, or start vLLM with `vllm serve nomic-ai/nomic-embed-text-v1.5` and pass --embedding-model "
            + "nomic-ai/nomic-embed-text-v1.5: 'nomic-embed-text' is an Ollama tag, and vLLM serves Hugging Face ids "
            + "(this one is the model map's for the tag)")
    }

    @Test func newFlagsAreCheckedBeforeAnythingRuns() throws {
        let cases: [([String], String)] = [
            (["--app-body", "{}"], "--app-body needs --app-endpoint"),
            (["--embedding-endpoint", "http://h/v1"], "--embedding-endpoint needs --embedding-model"),
            (["--app-endpoint", "localhost:8080/api"], "--app-endpoint 'localhost:8080/api' is not an http:// or https:// URL"),
            (["--app-endpoint", "http://h/api", "--app-body", "message=hi"], "--app-body is not JSON"),
            (["--app-endpoint", "http://h/api", "--app-body", "@/nonexistent/body.json"], "--app-body @/nonexistent/body.json: cannot open"),
        ]
        for (arguments, message) in cases {
            let result = try verify(["fixtures/clean-project", "--endpoint", "http://127.0.0.1:1/v1"] + arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }

    @Test func helpGivesAnExampleForEachNewFlag() throws {
        let result = try TestSupport.run(["verify", "--help"])
        #expect(result.status == 0)
        let help = result.stdout.replacingOccurrences(of: #"\n\s+"#, with: " ", options: .regularExpression)
        for example in ["Example: --require-gpu", "Example: --app-endpoint http://", "Example: --app-body '{",
                        "Example: --embedding-model nomic-ai/", "Example: --embedding-endpoint http://"] {
            #expect(help.contains(example), "\(example)")
        }
    }

    // MARK: the model list and Ollama tags

    @Test func anOllamaTagThatIsNotServedGetsItsHuggingFaceID() throws {
        let server = try StubServer(["--served-model", "Qwen/Qwen2.5-7B-Instruct", "--served-model", "meta-llama/Llama-3.1-8B-Instruct"])
        defer { server.stop() }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--model", "llama2:7b"])
        #expect(result.status == 1)
        #expect(!result.stdout.contains("vllm serve llama2"))
        #expect(TestSupport.golden(Self.normalise(result.stdout, port: server.port), "verify/ollama-tag-not-served.txt") == nil)
    }
}
