import Foundation
import Model
import Platform
import Rules
import Testing
import Verify

/// Prometheus text, the evidence drawn from vLLM's metrics, the GPU check's verdicts, the
/// model-name hints and the application and embeddings checks, without a server.
@Suite struct VerifyEvidenceUnitTests {
    static let model = "meta-llama/Llama-3.1-8B-Instruct"

    func parse(_ text: String, keep: (String) -> Bool = { _ in true }) -> PrometheusText.Parsed {
        PrometheusText.parse(Data(text.utf8), keep: keep)
    }

    @Test func prometheusSamplesCommentsLabelsAndSpecialValues() throws {
        let text = """
            # HELP vllm:num_requests_running Number of requests.\r
            # TYPE vllm:num_requests_running gauge
              \t
            vllm:num_requests_running{engine="0",model_name="m"} 3\r
            vllm:kv_cache_usage_perc{model_name="a \\"b\\" \\\\ c\\nd",} 0.25 1700000000000
            up 1
            x_nan NaN
            x_inf{a="1"} +Inf
            x_neg_inf -Inf
            x_exp{ a = "1" } 1.5e-3
            # EOF

            """
        let parsed = parse(text)
        #expect(parsed.malformed == 0)
        #expect(parsed.samples.map(\.name) == ["vllm:num_requests_running", "vllm:kv_cache_usage_perc", "up", "x_nan",
                                               "x_inf", "x_neg_inf", "x_exp"])
        #expect(parsed.samples[0] == PrometheusSample(name: "vllm:num_requests_running",
                                                      labels: ["engine": "0", "model_name": "m"], value: 3))
        #expect(parsed.samples[1].labels["model_name"] == "a \"b\" \\ c\nd")
        #expect(parsed.samples[1].value == 0.25)
        #expect(parsed.samples[3].value.isNaN)
        #expect(parsed.samples[4].value == .infinity && parsed.samples[5].value == -.infinity)
        #expect(parsed.samples[6].labels == ["a": "1"] && parsed.samples[6].value == 0.0015)
    }

    @Test func malformedLinesAreCountedAndSkipped() {
        let bad = [
            "vllm:x{model_name=\"m\" 7",         // unclosed labels
            "vllm:x{model_name=\"m} 7",          // unclosed value
            "vllm:x{a=\"1\",a=\"2\"} 7",         // a label twice
            "vllm:x{a=\"1\"}7",                  // no blank before the value
            "vllm:x{1a=\"1\"} 7",                // a label name cannot start with a digit
            "vllm:x{a=1} 7",                     // an unquoted value
            "vllm:x 0x10",                       // hex is Swift's, not Prometheus'
            "vllm:x nan",                        // so is lower-case nan
            "vllm:x inf",
            "vllm:x 1 2 3",                      // more than a timestamp
            "vllm:x 1 soon",
            "vllm:x",                            // no value
            "{model_name=\"m\"} 5",              // no name
            "vllm:\u{1B}[2Jfake 1",              // a terminal escape in a name
            "vllm:bogus line with words",
            "vllm:x{a=\"1\\",                    // an escape at the end
        ]
        let parsed = parse(bad.joined(separator: "\n") + "\nvllm:ok 1\n")
        #expect(parsed.malformed == bad.count)
        #expect(parsed.samples == [PrometheusSample(name: "vllm:ok", value: 1)])
    }

    @Test func whatIsKeptIsFilteredAndCapped() {
        let text = (0..<50).map { "vllm:x{i=\"\($0)\"} 1\nother \($0)" }.joined(separator: "\n")
        let parsed = PrometheusText.parse(Data(text.utf8), maxSamples: 20) { $0.hasPrefix("vllm:") }
        #expect(parsed.samples.count == 20 && parsed.dropped == 30 && parsed.malformed == 0)
    }

    /// Any bytes at all: no trap, and no sample whose name is not a Prometheus name.
    @Test func arbitraryBytesNeverTrap() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("vllm:_{}=\",\\ \t\n\r#0123456789.eE+-NaInf\u{1B}é".utf8)
        for _ in 0..<300 {
            let count = Int.random(in: 0..<400, using: &generator)
            let bytes = (0..<count).map { _ in
                Bool.random(using: &generator) ? alphabet.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
            }
            let parsed = PrometheusText.parse(Data(bytes))
            for sample in parsed.samples {
                #expect(sample.name.contains(#/^[a-zA-Z_:][a-zA-Z0-9_:]*$/#), "\(Array(sample.name.utf8))")
            }
        }
    }

    func snapshot(_ text: String, model: String? = Self.model) -> EngineSnapshot? {
        EngineSnapshot(parse(text).samples, model: model)
    }

    @Test func aSnapshotReadsThisModelsSeries() throws {
        let text = """
            vllm:num_requests_running{engine="0",model_name="\(Self.model)"} 2
            vllm:num_requests_running{engine="1",model_name="\(Self.model)"} 1
            vllm:num_requests_running{model_name="other/model"} 250
            vllm:kv_cache_usage_perc{engine="0",model_name="\(Self.model)"} 0.125
            vllm:kv_cache_usage_perc{engine="1",model_name="\(Self.model)"} NaN
            vllm:kv_cache_usage_perc{model_name="other/model"} 0.99
            vllm:generation_tokens_total{model_name="\(Self.model)"} 40
            vllm:generation_tokens_total{model_name="other/model"} +Inf
            vllm:request_success_total{model_name="\(Self.model)",finished_reason="stop"} 7
            vllm:request_success_total{model_name="\(Self.model)",finished_reason="length"} 1
            vllm:num_requests_waiting{model_name="\(Self.model)"} -1
            """
        let s = try #require(snapshot(text))
        #expect(s.running == 3 && s.kvCache == 0.125 && s.generationTokens == 40 && s.finishedRequests == 8)
        #expect(s.waiting == nil, "a negative gauge is no reading")
        #expect(s.promptTokens == nil)
        // Unlabelled (vLLM V0's names carry no model) and without --model: every series counts.
        let legacy = try #require(snapshot("vllm:gpu_cache_usage_perc 0.5\nvllm:num_requests_running 1\n"))
        #expect(legacy.kvCache == 0.5 && legacy.running == 1)
        #expect(snapshot("vllm:num_requests_running{model_name=\"other/model\"} 4\n")?.running == nil)
        #expect(snapshot("vllm:num_requests_running{model_name=\"other/model\"} 4\n", model: nil)?.running == 4)
        #expect(snapshot("process_cpu_seconds_total 1\nvllm:cache_config_info{block_size=\"16\"} 1\n") == nil)
    }

    @Test func evidenceTakesPeaksDuringAndGrowthAcross() {
        let before = EngineSnapshot(kvCache: 0.5, running: 9, waiting: 0, generationTokens: 100, promptTokens: 10,
                                    finishedRequests: 3)
        let during = [EngineSnapshot(kvCache: 0.1, running: 2, waiting: 1, generationTokens: 120),
                      EngineSnapshot(kvCache: nil, running: 4, waiting: 0, generationTokens: 135, promptTokens: 5,
                                     finishedRequests: 10)]
        let evidence = EngineEvidence.from(before: before, during: during, failedReads: 1)
        #expect(evidence.reads == 3 && evidence.failedReads == 1)
        #expect(evidence.peakKVCache == 0.1 && evidence.peakRunning == 4 && evidence.peakWaiting == 1,
                "the read before the load is not a peak of it")
        #expect(evidence.generatedTokens == 35 && evidence.finishedRequests == 7)
        #expect(evidence.promptTokens == nil, "a counter that went down was reset: no growth")
        #expect(evidence.showsWork)
        #expect(evidence.described == "KV cache up to 10% used, up to 4 requests running, 1 waiting, 35 tokens generated, "
            + "7 requests finished")
        let idle = EngineSnapshot(kvCache: 0, running: 0, waiting: 0, generationTokens: 5, promptTokens: 5,
                                  finishedRequests: 1)
        #expect(!EngineEvidence.from(before: idle, during: [idle, idle], failedReads: 0).showsWork)
        #expect(EngineEvidence().described == "no scheduler, cache or token metric")
    }

    func verifier(requireGPU: Bool = false, maps: FixMaps = FixMaps(), transport: any HTTPTransport = CurlTransport())
        -> Verifier {
        var request = VerifyRequest(endpoint: URL(string: "http://h:8000/v1")!)
        request.requireGPU = requireGPU
        request.maps = { maps }
        return Verifier(request, transport: transport)
    }

    @Test func theGPUCheckWeighsItsTwoSources() {
        var working = EngineEvidence()
        working.reads = 4
        working.peakRunning = 2
        working.peakKVCache = 0.25
        let idle = EngineEvidence()
        let missing = MetricsSampler.Outcome.unavailable("GET http://h:8000/metrics: 404: no metrics there")
        for require in [false, true] {
            let v = verifier(requireGPU: require)
            let served = v.gpuCheck(server: .observed(working), local: nil, nvidiaSMIFound: false)
            #expect(served.status == .pass)
            #expect(served.summary == "server /metrics during the load: KV cache up to 25% used, up to 2 requests running; "
                + "nvidia-smi not found on PATH")
            #expect(served.metrics["server_peak_kv_cache_percent"] == 25 && served.metrics["metrics_reads"] == 4)
            let none = v.gpuCheck(server: missing, local: nil, nvidiaSMIFound: false)
            #expect(none.status == (require ? .fail : .skipped))
            #expect(none.summary == "no GPU evidence: server /metrics not read; nvidia-smi not found on PATH")
            #expect(none.details.last == "GET http://h:8000/metrics: 404: no metrics there")
            #expect(v.gpuCheck(server: .observed(idle), local: nil, nvidiaSMIFound: false).status == .fail)
            #expect(v.gpuCheck(server: missing, local: .peak(75, 25, 3), nvidiaSMIFound: true).status == .pass)
            #expect(v.gpuCheck(server: .observed(working), local: .peak(10, 25, 3), nvidiaSMIFound: true).status == .fail,
                    "a source that shows an idle GPU fails, as before")
            #expect(v.gpuCheck(server: .observed(working), local: .failed("boom"), nvidiaSMIFound: true).status == .fail)
            let notRun = v.gpuCheck(server: nil, local: nil, nvidiaSMIFound: true,
                                    notRunBecause: "the server did not pass the liveness check")
            #expect(notRun.status == (require ? .fail : .skipped))
            #expect(notRun.summary == "no GPU evidence: the server did not pass the liveness check")
        }
    }

    @Test func aModelThatIsNotServedGetsAHuggingFaceIDNotAnOllamaTag() {
        let v = verifier(maps: FixMaps(models: ["llama2:7b": "meta-llama/Llama-2-7b-chat-hf"]))
        #expect(v.serveHint("llama2:7b").hasPrefix("start vLLM with `vllm serve meta-llama/Llama-2-7b-chat-hf` and pass "
            + "--model meta-llama/Llama-2-7b-chat-hf"))
        #expect(!v.serveHint("llama2:7b").contains("vllm serve llama2"))
        #expect(v.serveHint("mystery:3b").hasPrefix("start vLLM with `vllm serve ORGANISATION/NAME`: 'mystery:3b' is not a "
            + "Hugging Face id"))
        #expect(v.serveHint("org/name") == "start vLLM with `vllm serve org/name`")
    }

    @Test func theServedListSaysWhatVLLMSaysOfEachModel() {
        let lines = Verifier.servedLines([
            ["id": "a/b", "root": "a/b", "max_model_len": 8192],
            ["id": "chat", "root": "org/Real-Model", "max_model_len": 4096],
            ["id": "sql-lora", "root": "/adapters/sql", "parent": "a/b"],
            ["id": "bare"],
            ["object": "model"],
        ])
        #expect(lines == ["served: a/b (max_model_len 8192)", "served: chat (max_model_len 4096, loaded from org/Real-Model)",
                          "served: sql-lora (a LoRA adapter of a/b)", "served: bare"])
    }

    /// Records what was sent, answers from a table.
    final class Recorder: HTTPTransport, @unchecked Sendable {
        let answers: [String: (Int, String)]
        let sent = Locked([HTTPRequest]())
        init(_ answers: [String: (Int, String)]) { self.answers = answers }
        func send(_ request: HTTPRequest, onData: (@Sendable (Data) -> Bool)?) throws(HTTPFailure) -> HTTPResponse {
            sent.withLock { $0.append(request) }
            guard let (status, body) = answers[request.url.path] else { throw .connectionRefused }
            return HTTPResponse(status: status, headers: ["content-type": "application/json"], body: Data(body.utf8),
                                url: request.url)
        }
    }

    @Test func theAppCheckSendsItsBodyAndNotTheAPIKey() throws {
        let recorder = Recorder(["/api/chat/query": (200, "{}")])
        var request = VerifyRequest(endpoint: URL(string: "http://h:8000/v1")!)
        request.apiKey = "sk-model-server"
        let verifier = Verifier(request, transport: recorder)
        let body = Data(#"{"message": "hi"}"#.utf8)
        let result = verifier.app(AppProbe(url: URL(string: "http://app:8080/api/chat/query")!, body: body))
        #expect(result.status == .pass)
        #expect(result.summary.contains(#/^POST http://app:8080/api/chat/query answered 200 in \d+\.\d{3} s \(< 10 s\)$/#))
        let sent = try #require(recorder.sent.withLock { $0.first })
        #expect(sent.method == "POST" && sent.body == body && sent.headers["Authorization"] == nil)
        let get = verifier.app(AppProbe(url: URL(string: "http://app:8080/api/chat/query")!, body: nil))
        #expect(get.status == .pass && recorder.sent.withLock { $0.last?.method } == "GET")
        let refused = verifier.app(AppProbe(url: URL(string: "http://app:8080/elsewhere")!, body: nil))
        #expect(refused.summary == "GET http://app:8080/elsewhere: connection refused: nothing listens there; start the "
            + "application or correct --app-endpoint")
    }

    @Test func theApplicationsAndEmbeddingServersPasswordsAreSecretsToo() {
        let redact = Redactor(apiKey: nil, endpoint: URL(string: "http://h:8000/v1"),
                              others: [URL(string: "http://me:app-pass-1@app:8080/api")!,
                                       URL(string: "http://u:embed-pass-2@e:8001/v1")!])
        #expect(redact("echo app-pass-1 and embed-pass-2") == "echo [REDACTED] and [REDACTED]")
    }

    @Test func theAppBodyMustBeJSON() throws {
        #expect(try AppProbe.body(#"{"message": "x"}"#) == Data(#"{"message": "x"}"#.utf8))
        #expect(throws: AuditError.self) { try AppProbe.body("message=x") }
        #expect(throws: AuditError.self) { try AppProbe.body("@/nonexistent/request.json") }
        let path = NSTemporaryDirectory() + "/ollama-audit-app-body-\(ProcessInfo.processInfo.processIdentifier).json"
        try Data("[1, 2]".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try AppProbe.body("@" + path) == Data("[1, 2]".utf8))
    }

    @Test func anEmbeddingMustBeAListOfNumbers() {
        let good = #"{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.1,-0.2,0.3]}]}"#
        let v = verifier(transport: Recorder(["/v1/embeddings": (200, good)]))
        let result = v.embeddings(model: "nomic-ai/nomic-embed-text-v1.5")
        #expect(result.status == .pass && result.metrics["dimensions"] == 3)
        for bad in [#"{"data":[{"embedding":"AAAA"}]}"#, #"{"data":[{"embedding":[]}]}"#, #"{"data":[{"embedding":[1,"x"]}]}"#,
                    #"{"data":[]}"#, "not json"] {
            let result = verifier(transport: Recorder(["/v1/embeddings": (200, bad)])).embeddings(model: "e")
            #expect(result.status == .fail && result.summary.contains("malformed response: expected JSON with "
                + "data[0].embedding, a list of numbers"), "\(bad)")
        }
    }
}
