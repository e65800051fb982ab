import ArgumentParser
import Foundation
import Model
import OllamaAuditCore
import Platform
import Verify

extension VerifyFormat: ExpressibleByArgument {}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Prove the migrated deployment works: no Ollama left, vLLM serving, within budget.",
        discussion: """
            Runs these checks in order and prints a pass/fail table:
              references   scan PATH with the project's config and baseline
              liveness     GET /health, GET /v1/models; --model must be listed;
                           every served model is listed
              completion   a completion (shape), a streamed one (time to first
                           token, total) and a longer prompt
              concurrency  N requests at once: p50, p95, max latency, failures
              budgets      latencies against `verify:` in .ollama-audit.yml
                           (defaults: 5 s simple, 10 s complex, 15 s concurrent)
              embeddings   with --embedding-model: POST /v1/embeddings
              app          with --app-endpoint: one request through the migrated
                           application, against `verify: app-seconds` (10 s)
              gpu          evidence the load ran on the GPU: vLLM's /metrics read
                           during the load (requests running, KV cache used,
                           tokens generated), and nvidia-smi on this machine
                           (utilisation above 50%, VRAM below 90%); skipped when
                           neither shows GPU use, failed with --require-gpu

            Exit codes: 0 every check that ran passed, 1 a check failed (with
            --require-gpu, no GPU evidence too), 2 usage or configuration error.
            The API key is never printed.

            Examples:
              ollama-audit verify --endpoint http://gpu-box:8000/v1 \\
                --model meta-llama/Llama-3.1-8B-Instruct
              OPENAI_API_KEY=... ollama-audit verify backend \\
                --endpoint https://llm.internal/v1 --format json
              ollama-audit verify --endpoint http://localhost:8000/v1 \\
                --concurrency 5 --format junit -o verify.xml
              ollama-audit verify --endpoint http://gpu-box:8000/v1 --require-gpu \\
                --app-endpoint http://gpu-box:8080/api/chat/query \\
                --app-body '{"message": "Explain GPU acceleration in AI inference"}'
              ollama-audit verify --endpoint http://gpu-box:8000/v1 \\
                --embedding-model nomic-ai/nomic-embed-text-v1.5 \\
                --embedding-endpoint http://gpu-box:8001/v1
            """
    )

    @Argument(help: "The folder the references check scans.")
    var path: String = "."

    @Option(name: .long, help: ArgumentHelp(
        "The OpenAI-compatible base URL of the vLLM server; /health is asked at its root. "
            + "Example: --endpoint http://localhost:8000/v1", valueName: "url"))
    var endpoint: String

    @Option(name: .long, help: ArgumentHelp(
        "The model that must be served and is queried. Without it, the check lists what is served and "
            + "queries the first. Example: --model meta-llama/Llama-3.1-8B-Instruct", valueName: "name"))
    var model: String?

    @Option(name: .long, help: ArgumentHelp(
        "Bearer key for the server (default: $OPENAI_API_KEY, else $VLLM_API_KEY). Never printed. "
            + "Example: --api-key \"$VLLM_KEY\"", valueName: "key"))
    var apiKey: String?

    @Option(name: .long, help: ArgumentHelp(
        "Seconds each request may take before it counts as timed out. Example: --timeout 60", valueName: "seconds"))
    var timeout: Double = 30

    @Option(name: .long, help: ArgumentHelp(
        "Requests the concurrency check sends at once (default: `verify: concurrency` in the config, else 4). "
            + "Example: --concurrency 5", valueName: "n"))
    var concurrency: Int?

    @Option(name: .long, help: ArgumentHelp(
        "Also check POST /v1/embeddings with this embedding model (a Hugging Face id). "
            + "Example: --embedding-model nomic-ai/nomic-embed-text-v1.5", valueName: "name"))
    var embeddingModel: String?

    @Option(name: .long, help: ArgumentHelp(
        "The base URL of --embedding-model's server when it is not --endpoint (vLLM serves an embedding model from "
            + "a server of its own, in pooling mode). Example: --embedding-endpoint http://localhost:8001/v1",
        valueName: "url"))
    var embeddingEndpoint: String?

    @Option(name: .long, help: ArgumentHelp(
        "Time one request through the migrated application's own endpoint, end to end, against `verify: "
            + "app-seconds` (default 10 s). The API key is not sent to it. "
            + "Example: --app-endpoint http://localhost:8080/api/chat/query", valueName: "url"))
    var appEndpoint: String?

    @Option(name: .long, help: ArgumentHelp(
        "The JSON body --app-endpoint is sent with POST, or @FILE holding it; without it, a GET. "
            + "Example: --app-body '{\"message\": \"Explain GPU acceleration in AI inference\"}'", valueName: "json"))
    var appBody: String?

    @Flag(name: .long, help: ArgumentHelp(
        "Fail the gpu check when neither vLLM's /metrics nor nvidia-smi shows GPU use (without it, that check is "
            + "skipped). Example: --require-gpu"))
    var requireGPU = false

    @Option(name: .long, help: "Report format: \(VerifyFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: VerifyFormat = .text

    @Option(name: [.short, .long], help: ArgumentHelp(
        "Write the report to FILE (atomically) instead of standard output. Example: -o verify.json", valueName: "file"))
    var output: String?

    @OptionGroup var policy: PolicyOptions

    /// The longest --timeout: one day.
    static let maxTimeout = 86_400.0

    func validate() throws {
        do { _ = try VerifyRequest.endpoint(endpoint) } catch { throw ValidationError(error.description) }
        if !(timeout > 0) || !timeout.isFinite { throw ValidationError("--timeout must be more than 0 seconds") }
        // URLSession traps on a timeout it cannot turn into a date (1e30 s).
        if timeout > Self.maxTimeout {
            throw ValidationError("--timeout \(timeout) is too long: at most \(Int(Self.maxTimeout)) seconds (one day)")
        }
        if let concurrency, !(1...256).contains(concurrency) {
            throw ValidationError("--concurrency must be from 1 to 256")
        }
        if embeddingEndpoint != nil, embeddingModel == nil {
            throw ValidationError("--embedding-endpoint needs --embedding-model: the model to ask it for")
        }
        if appBody != nil, appEndpoint == nil {
            throw ValidationError("--app-body needs --app-endpoint: the URL to send it to")
        }
        do {
            if let embeddingEndpoint {
                _ = try VerifyRequest.url(embeddingEndpoint, flag: "--embedding-endpoint", example: "http://localhost:8001/v1")
            }
            if let appEndpoint {
                _ = try VerifyRequest.url(appEndpoint, flag: "--app-endpoint", example: "http://localhost:8080/api/chat/query")
            }
            if let appBody { _ = try AppProbe.body(appBody) }
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let url = try VerifyRequest.endpoint(endpoint)
        let env = ProcessInfo.processInfo.environment
        guard FileManager.default.fileExists(atPath: path) else { throw AuditError.missingPath(path) }
        var scan = ScanRequest()
        scan.paths = [path]
        try policy.apply(to: &scan, root: path)
        var request = try Pipeline.verifyRequest(endpoint: url, scan: scan)
        request.model = model
        request.apiKey = [apiKey, env["OPENAI_API_KEY"], env["VLLM_API_KEY"]].compactMap { $0 }.first { !$0.isEmpty }
        request.timeout = timeout
        if let concurrency { request.settings.concurrency = concurrency }
        request.requireGPU = requireGPU
        request.embeddingModel = embeddingModel
        request.embeddingEndpoint = try embeddingEndpoint.map { (text) throws(AuditError) in
            try VerifyRequest.url(text, flag: "--embedding-endpoint", example: "http://localhost:8001/v1")
        }
        if let appEndpoint {
            let url = try VerifyRequest.url(appEndpoint, flag: "--app-endpoint", example: "http://localhost:8080/api/chat/query")
            request.app = AppProbe(url: url, body: try appBody.map { (text) throws(AuditError) in try AppProbe.body(text) })
        }
        request.failOn = policy.threshold(scan.config)
        if let output { try OutputFile.checkFolder(of: output) }

        let report = try Verifier(request).run { check in
            if Progress.enabled { FileHandle.standardError.write(Data("\r\u{1B}[Kverify: \(check)...".utf8)) }
        }
        Progress.clear()
        let text = format.render(report)
        // In a file the text table gets GeneratedMarker's line (the other formats carry it).
        if let output {
            try OutputFile.write(format == .text ? GeneratedMarker.hashLine + text : text, to: output)
        } else {
            StandardOutput.write(text)
        }
        throw ExitCode(report.exitStatus.rawValue)
    }
}
