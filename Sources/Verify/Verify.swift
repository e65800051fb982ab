import Foundation
import Model
import Platform
import Policy
import Rules

/// What `ollama-audit verify` checks and against what.
public struct VerifyRequest: Sendable {
    /// The OpenAI-compatible base URL, e.g. http://host:8000/v1.
    public var endpoint: URL
    public var model: String?
    public var apiKey: String?
    /// Seconds each request may take.
    public var timeout = 30.0
    public var settings = VerifySettings()
    /// The references check: the project's scan, with its config and baseline.
    public var references: References
    /// Findings at or above this fail the references check; nil never fails.
    public var failOn: Priority? = .low
    /// Where `nvidia-smi` is looked for (PATH's format).
    public var searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    /// How often the GPU (nvidia-smi) and the server's /metrics are sampled, seconds.
    public var gpuInterval = 0.25
    /// `--require-gpu`: the GPU check fails, not skips, when no source shows GPU use.
    public var requireGPU = false
    /// `--embedding-model`: checked at /v1/embeddings when set.
    public var embeddingModel: String?
    /// `--embedding-endpoint`: the base URL of the embedding model's server (default: `endpoint`).
    public var embeddingEndpoint: URL?
    /// `--app-endpoint` and `--app-body`: the application's own endpoint, timed when set.
    public var app: AppProbe?
    /// The project's fix maps: their model map (Ollama tag to Hugging Face id) words the hint
    /// for a model that is not served. Called only when a hint needs it.
    public var maps: @Sendable () -> FixMaps = { FixMaps() }

    public init(endpoint: URL, references: References = .unset) {
        self.endpoint = endpoint
        self.references = references
    }

    /// Checks the endpoint is an absolute http(s) URL with a host.
    public static func endpoint(_ text: String) throws(AuditError) -> URL {
        try url(text, flag: "--endpoint", example: "http://localhost:8000/v1")
    }

    /// Checks `text`, given to `flag`, is an absolute http(s) URL with a host.
    public static func url(_ text: String, flag: String, example: String) throws(AuditError) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            throw AuditError.usage("\(flag) '\(Redactor.url(text))' is not an http:// or https:// URL with a host "
                + "(example: \(flag) \(example))")
        }
        return url
    }
}

/// The scan the references check runs. Verify sits beside the pipeline, not above it, so the
/// caller hands it the scan to run (`Pipeline.verify` does).
public struct References: Sendable {
    /// The scanned paths, as the check's summary names them.
    public var roots: [String]
    public var scan: @Sendable () throws(AuditError) -> ScanReport

    public init(roots: [String], scan: @escaping @Sendable () throws(AuditError) -> ScanReport) {
        self.roots = roots
        self.scan = scan
    }

    /// No scan: the references check fails, saying so (for requests that probe only the server).
    public static let unset = References(roots: []) { () throws(AuditError) -> ScanReport in
        throw AuditError.usage("verify was given no paths to scan for references")
    }
}

/// Keeps secrets out of every output: the API key anywhere in a text (so its `Bearer` form
/// too), the endpoint's password, and the Basic header value made from it; and the password
/// of any URL (`user:***@host`).
public struct Redactor: Sendable {
    public let secrets: [String]

    /// `others`: further URLs whose passwords are secrets too (the embedding server's, the
    /// application's).
    public init(apiKey: String?, endpoint: URL?, others: [URL] = []) {
        var secrets: Set<String> = []
        if let apiKey, !apiKey.isEmpty { secrets.insert(apiKey) }
        for endpoint in [endpoint].compactMap({ $0 }) + others {
            guard let parts = URLComponents(url: endpoint, resolvingAgainstBaseURL: false),
                  let password = parts.percentEncodedPassword, !password.isEmpty else { continue }
            let user = parts.percentEncodedUser ?? ""
            let plainUser = user.removingPercentEncoding ?? user
            let plainPassword = password.removingPercentEncoding ?? password
            secrets.formUnion([password, plainPassword])
            // libcurl sends the URL's credentials, percent-decoded, as `Authorization: Basic
            // base64(user:password)`. A server that echoes that header shows the password in a
            // form the password itself does not match. The encoded pair is covered too.
            for pair in ["\(plainUser):\(plainPassword)", "\(user):\(password)"] {
                secrets.insert(Data(pair.utf8).base64EncodedString())
            }
        }
        // Base64 and keys may hold '/', which some JSON writers send as "\/" in an echoed body
        // that is shown as text when it does not parse.
        for secret in secrets where secret.contains("/") {
            secrets.insert(secret.replacingOccurrences(of: "/", with: "\\/"))
        }
        // Longest first, so a secret containing another is replaced whole; then by text, so
        // the order does not depend on the set's.
        self.secrets = secrets.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    public func callAsFunction(_ text: String) -> String {
        var out = text
        for secret in secrets { out = out.replacingOccurrences(of: secret, with: "[REDACTED]") }
        return out
    }

    /// The URL with its password (if any) replaced by `***`.
    public static func url(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { "/?#".contains($0) } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return text }
        return String(text[..<schemeEnd.upperBound]) + authority[..<colon] + ":***" + authority[at...] + rest[authorityEnd...]
    }
}

/// Runs the checks in order. No output happens here: the report says everything.
public struct Verifier: Sendable {
    public let request: VerifyRequest
    package let transport: any HTTPTransport
    package let redact: Redactor

    static let shortPrompt = "Reply with one word: ready."
    static let longPrompt = """
        You are checking a deployment. In three short paragraphs, explain how a GPU speeds up \
        inference for a large language model: batching, the key-value cache, and memory bandwidth. \
        Keep it under 150 words.
        """

    public init(_ request: VerifyRequest, transport: any HTTPTransport = CurlTransport()) {
        self.request = request
        self.transport = transport
        redact = Redactor(apiKey: request.apiKey, endpoint: request.endpoint,
                          others: [request.embeddingEndpoint, request.app?.url].compactMap { $0 })
    }

    /// Every check, in order. Throws only for what is a usage error (a bad rule or config).
    public func run(progress: (@Sendable (String) -> Void)? = nil) throws(AuditError) -> VerifyReport {
        var checks: [CheckResult] = []
        progress?("references")
        checks.append(try references())
        progress?("liveness")
        let (live, model) = liveness()
        checks.append(live)
        var gpu: CheckResult
        let nvidiaSMI = GPUSampler(searchPath: request.searchPath, interval: request.gpuInterval)
        if let model, live.status == .pass {
            // The server's own metrics first (its read before the load is the counters' base),
            // then nvidia-smi on this machine; both sample until the last request is answered.
            let server = MetricsSampler(interval: request.gpuInterval) { [self] in fetchMetrics(model: model) }
            server.start()
            nvidiaSMI?.start()
            progress?("completion")
            let completion = completion(model: model)
            checks.append(completion)
            progress?("concurrency")
            let concurrent = concurrency(model: model)
            checks.append(concurrent)
            checks.append(budgets(completion, concurrent))
            if let embeddingModel = request.embeddingModel {
                progress?("embeddings")
                checks.append(embeddings(model: embeddingModel))
            }
            if let app = request.app {
                progress?("app")
                checks.append(self.app(app))
            }
            gpu = gpuCheck(server: server.stop(), local: nvidiaSMI?.stop(), nvidiaSMIFound: nvidiaSMI != nil)
        } else {
            let why = "the server did not pass the liveness check"
            let skipped = ["completion", "concurrency", "budgets"] + (request.embeddingModel == nil ? [] : ["embeddings"])
                + (request.app == nil ? [] : ["app"])
            for id in skipped {
                checks.append(CheckResult(id: id, status: .skipped, summary: why))
            }
            gpu = gpuCheck(server: nil, local: nil, nvidiaSMIFound: nvidiaSMI != nil, notRunBecause: why)
        }
        checks.append(gpu)
        let shownModel = request.model ?? model
        // The model may be the server's own id (without --model), and a hostile server knows the key.
        var report = VerifyReport(endpoint: redact(Redactor.url(request.endpoint.absoluteString)),
                                  model: shownModel.map { redact($0) }, checks: checks)
        for i in report.checks.indices {
            report.checks[i].summary = redact(report.checks[i].summary)
            report.checks[i].details = report.checks[i].details.map { redact($0) }
        }
        return report
    }

    // MARK: references

    package func references() throws(AuditError) -> CheckResult {
        let report = try request.references.scan()
        let roots = request.references.roots.joined(separator: ", ")
        let level = request.failOn?.rawValue ?? "none"
        let failing = request.failOn.map { p in report.findings.filter { $0.priority >= p } } ?? []
        var details = failing.prefix(10).map {
            "\(report.location(of: $0.path)):\($0.start.line): \($0.ruleID) [\($0.priority.rawValue)]"
        }
        if failing.count > 10 { details.append("... and \(failing.count - 10) more") }
        if !failing.isEmpty { details.append("run `ollama-audit scan \(roots)` for the full report, `--fix` for the safe rewrites") }
        var metrics: [String: Double] = ["findings": Double(report.findings.count), "files_scanned": Double(report.filesScanned)]
        metrics["failing_findings"] = Double(failing.count)
        if report.incomplete {
            details += report.warnings.prefix(5).map { "\($0)" }
            return CheckResult(id: "references", status: .fail,
                               summary: "the scan of \(roots) was incomplete (\(report.warnings.count.counting("warning")))",
                               details: details, metrics: metrics)
        }
        if failing.isEmpty {
            let rest = report.findings.isEmpty ? "" : " (\(report.findings.count) below it)"
            return CheckResult(id: "references", status: .pass,
                               summary: "no Ollama references at or above \(level) in \(roots)\(rest); "
                                   + "\(report.filesScanned.counting("file")) scanned", metrics: metrics)
        }
        return CheckResult(id: "references", status: .fail,
                           summary: "\(failing.count) Ollama reference\(failing.count == 1 ? "" : "s") at or above \(level) "
                               + "remain in \(roots)", details: details, metrics: metrics)
    }

    // MARK: HTTP helpers

    var serverRoot: URL {
        var components = URLComponents(url: request.endpoint, resolvingAgainstBaseURL: false)!
        components.path = ""
        components.query = nil
        components.fragment = nil
        return components.url!
    }

    package func url(_ suffix: String, base: URL? = nil) -> URL {
        // The path grows; a query or fragment on --endpoint does not carry over.
        var components = URLComponents(url: base ?? request.endpoint, resolvingAgainstBaseURL: false)!
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        components.percentEncodedPath = path + suffix
        components.query = nil
        components.fragment = nil
        return components.url!
    }

    package func shown(_ url: URL) -> String { Redactor.url(url.absoluteString) }

    package var headers: [String: String] {
        var headers = ["Accept": "application/json", "Content-Type": "application/json"]
        if let key = request.apiKey, !key.isEmpty { headers["Authorization"] = "Bearer \(key)" }
        return headers
    }

    /// Who a request went to, for what to do when it got no answer.
    package struct Peer: Sendable {
        let noun: String
        let flag: String
        /// How to start it.
        let start: String
        /// What a timeout suggests.
        let slow: String
        /// After "reading stopped there": why an answer that large means the wrong URL.
        let tooLarge: String

        static func vLLM(flag: String) -> Peer {
            Peer(noun: "server", flag: flag, start: "start the server (`vllm serve MODEL --port PORT`)",
                 slow: "the server may be loading the model or overloaded: check its logs",
                 tooLarge: ". No /health, model list or completion of vLLM's is that large: check that \(flag) points at "
                     + "the vLLM server, not at another service or a proxy")
        }

        static let server = vLLM(flag: "--endpoint")
        static let application = Peer(noun: "application", flag: "--app-endpoint", start: "start the application",
                                       slow: "check the application's logs and the model server's", tooLarge: "")
    }

    /// The message for a request that got no HTTP answer: what failed, where, what to do.
    package func message(_ failure: HTTPFailure, _ method: String, _ url: URL, peer: Peer = .server) -> String {
        let target = "\(method) \(shown(url))"
        switch failure {
        case .connectionRefused:
            return "\(target): connection refused: nothing listens there; \(peer.start) or correct \(peer.flag)"
        case .hostNotFound:
            return "\(target): the host name does not resolve; correct \(peer.flag)"
        case let .tls(detail):
            return "\(target): TLS handshake failed (\(detail)); if the \(peer.noun) speaks plain HTTP, use http:// "
                + "in \(peer.flag), else check its certificate"
        case let .timeout(limit):
            return "\(target): timed out: no complete answer within \(budget(limit)); \(peer.slow), or raise --timeout"
        case .tooManyRedirects:
            return "\(target): more than \(CurlTransport.maxRedirects) redirects; point \(peer.flag) at the \(peer.noun) itself"
        case let .bodyTooLarge(limit):
            return "\(target): the answer passed \(Self.size(limit)), the most verify reads of one answer; reading "
                + "stopped there\(peer.tooLarge)"
        case let .other(detail):
            return "\(target): request failed: \(detail)"
        }
    }

    /// The message for an HTTP answer that is not a success.
    package func message(status response: HTTPResponse, _ method: String, _ url: URL, model: String?, served: [String]?,
                         flag: String = "--model") -> String {
        let target = "\(method) \(shown(url))"
        switch response.status {
        case 401, 403:
            let code = response.status == 401 ? "401 Unauthorized" : "403 Forbidden"
            if (request.apiKey ?? "").isEmpty {
                return "\(target): \(code): the server requires an API key; pass --api-key or set OPENAI_API_KEY "
                    + "or VLLM_API_KEY"
            }
            return "\(target): \(code): the server rejected the API key; check --api-key (or OPENAI_API_KEY, "
                + "VLLM_API_KEY) against the key the server was started with (`vllm serve --api-key`)"
        case 404 where model != nil:
            let list = served.map { $0.isEmpty ? "no models" : $0.joined(separator: ", ") } ?? "see GET /v1/models"
            return "\(target): 404: the model '\(model!)' is not served; the server serves: \(list). Pass \(flag) "
                + "with one of them, or \(serveHint(model!, flag: flag))"
        case 404:
            return "\(target): 404: no OpenAI-compatible API at this path; --endpoint is the base URL the API "
                + "lives under, usually ending in /v1 (example: --endpoint http://localhost:8000/v1)"
        default:
            return "\(target): HTTP \(response.status): \(excerpt(errorMessage(response.body) ?? bodyText(response.body))); "
                + "check the server's logs"
        }
    }

    package func malformed(_ method: String, _ url: URL, _ what: String, _ body: Data) -> String {
        "\(method) \(shown(url)): malformed response: \(what) (the body starts: \(excerpt(bodyText(body)))); "
            + "is --endpoint an OpenAI-compatible server (vLLM's `vllm serve`)?"
    }

    func bodyText(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    /// The start of a server's text, on one line. Redacted before it is cut: cut first, a
    /// secret the cut splits leaves a prefix that no longer matches the secret.
    func excerpt(_ text: String) -> String {
        let flat = redact(text).replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        if flat.isEmpty { return "empty" }
        return flat.count > 120 ? String(flat.prefix(120)) + "..." : flat
    }

    /// A byte count as the caps are set: `4 MiB`, `64 KiB`.
    package static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }

    /// vLLM's error body: {"message": ...} or OpenAI's {"error": {"message": ...}}.
    func errorMessage(_ data: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        if let message = object["message"] as? String { return message }
        return (object["error"] as? [String: Any])?["message"] as? String
    }

    // MARK: liveness

    /// /health, then /v1/models; the model later checks use.
    package func liveness() -> (CheckResult, String?) {
        let health = url("/health", base: serverRoot)
        let fail = { (message: String) in (CheckResult(id: "liveness", status: .fail, summary: message), nil as String?) }
        do {
            let response = try transport.send(HTTPRequest(url: health, headers: headers, timeout: request.timeout), onData: nil)
            guard (200..<300).contains(response.status) else {
                return fail(message(status: response, "GET", health, model: nil, served: nil))
            }
        } catch {
            return fail(message(error, "GET", health))
        }
        let models = url("/models")
        let response: HTTPResponse
        do {
            response = try transport.send(HTTPRequest(url: models, headers: headers, timeout: request.timeout), onData: nil)
        } catch {
            return fail(message(error, "GET", models))
        }
        guard (200..<300).contains(response.status) else {
            return fail(message(status: response, "GET", models, model: nil, served: nil))
        }
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
              let data = object["data"] as? [[String: Any]] else {
            return fail(malformed("GET", models, "expected {\"object\": \"list\", \"data\": [...]}", response.body))
        }
        let served = data.compactMap { $0["id"] as? String }
        let list = served.isEmpty ? "no models" : served.joined(separator: ", ")
        if let model = request.model {
            guard served.contains(model) else {
                return fail("GET \(shown(models)): the model '\(model)' is not served (as a request for it would "
                    + "answer 404); the server serves: \(list). Pass --model with one of them, or \(serveHint(model))")
            }
            return (CheckResult(id: "liveness", status: .pass, summary: "/health answered 200; serves \(list)",
                                details: Self.servedLines(data), metrics: ["models": Double(served.count)]), model)
        }
        guard let first = served.first else {
            return fail("GET \(shown(models)): the server serves no models; start vLLM with `vllm serve MODEL`")
        }
        return (CheckResult(id: "liveness", status: .pass,
                            summary: "/health answered 200; serves \(list) (no --model: using \(first))",
                            details: Self.servedLines(data), metrics: ["models": Double(served.count)]), first)
    }

    // MARK: completion

    package func body(model: String, prompt: String, stream: Bool, maxTokens: Int) -> Data {
        let document: [String: Any] = [
            "model": model, "messages": [["role": "user", "content": prompt]],
            "max_tokens": maxTokens, "temperature": 0, "stream": stream,
        ]
        return try! JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
    }

    /// One non-streaming completion: its total time, or the message saying why it failed.
    package func complete(model: String, prompt: String, maxTokens: Int) -> Result<Double, Failure> {
        let target = url("/chat/completions")
        let sent = HTTPRequest(method: "POST", url: target, headers: headers,
                               body: body(model: model, prompt: prompt, stream: false, maxTokens: maxTokens),
                               timeout: request.timeout)
        let start = DispatchTime.now()
        let response: HTTPResponse
        do {
            response = try transport.send(sent, onData: nil)
        } catch {
            return .failure(Failure(message(error, "POST", target)))
        }
        let total = Self.since(start)
        guard (200..<300).contains(response.status) else {
            return .failure(Failure(message(status: response, "POST", target, model: model, served: servedModels())))
        }
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
              let choices = object["choices"] as? [[String: Any]], let first = choices.first,
              let message = first["message"] as? [String: Any], message["content"] is String else {
            return .failure(Failure(malformed("POST", target, "expected JSON with choices[0].message.content",
                                              response.body)))
        }
        return .success(total)
    }

    package struct Failure: Error {
        package let message: String
        package init(_ message: String) { self.message = message }
    }

    package struct StreamState: Sendable {
        package var parser = SSEParser()
        var firstToken: Double?
        package var done = false
        package var chunks = 0
        package var problem: String?
    }

    /// One streamed completion: (time to first token, total), or why it failed.
    package func stream(model: String, prompt: String) -> Result<(Double, Double), Failure> {
        let target = url("/chat/completions")
        var headers = self.headers
        headers["Accept"] = "text/event-stream"
        let sent = HTTPRequest(method: "POST", url: target, headers: headers,
                               body: body(model: model, prompt: prompt, stream: true, maxTokens: 32),
                               timeout: request.timeout)
        let state = Locked(StreamState())
        let start = DispatchTime.now()
        let response: HTTPResponse
        do {
            // Reading stops at the first problem: what follows cannot mend it, and a stream that
            // never ends must not be read until the timeout.
            response = try transport.send(sent) { data in
                let now = Self.since(start)
                return state.withLock { s in
                    let events: [String]
                    switch Result(catching: { () throws(SSEParser.Overflow) -> [String] in try s.parser.feed(data) }) {
                    case let .success(fed):
                        events = fed
                    case let .failure(overflow):
                        let problem = "an event of the stream passed \(Self.size(overflow.limit)) without ending, the "
                            + "most verify holds of one event; reading stopped there"
                        s.problem = problem
                        return false
                    }
                    for event in events where !s.done && s.problem == nil {
                        if event == "[DONE]" { s.done = true; continue }
                        guard let object = try? JSONSerialization.jsonObject(with: Data(event.utf8)) as? [String: Any],
                              let choices = object["choices"] as? [[String: Any]] else {
                            s.problem = "an event is not a chat.completion.chunk: \(excerpt(event))"
                            continue
                        }
                        s.chunks += 1
                        let delta = choices.first?["delta"] as? [String: Any]
                        if s.firstToken == nil, let content = delta?["content"] as? String, !content.isEmpty {
                            s.firstToken = now
                        }
                    }
                    return s.problem == nil
                }
            }
        } catch {
            return .failure(Failure(message(error, "POST", target)))
        }
        let total = Self.since(start)
        guard (200..<300).contains(response.status) else {
            return .failure(Failure(message(status: response, "POST", target, model: model, served: servedModels())))
        }
        let final = state.withLock { $0 }
        let type = response.headers["content-type"] ?? ""
        if !type.hasPrefix("text/event-stream") {
            return .failure(Failure(malformed("POST", target, "a streamed completion must be text/event-stream, got '\(type)'",
                                              response.body)))
        }
        if let problem = final.problem {
            return .failure(Failure(malformed("POST", target, problem, response.body)))
        }
        guard final.done else {
            return .failure(Failure(malformed("POST", target, "the stream ended without `data: [DONE]`", response.body)))
        }
        guard let first = final.firstToken else {
            return .failure(Failure(malformed("POST", target, "the stream carried no content", response.body)))
        }
        return .success((first, total))
    }

    /// The served list (of the server at `base`, default --endpoint), for a 404's message;
    /// nil when it cannot be had.
    func servedModels(base: URL? = nil) -> [String]? {
        guard let response = try? transport.send(HTTPRequest(url: url("/models", base: base), headers: headers,
                                                             timeout: request.timeout),
                                                 onData: nil),
              let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
              let data = object["data"] as? [[String: Any]] else { return nil }
        return data.compactMap { $0["id"] as? String }
    }

    package static func since(_ start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    package func completion(model: String) -> CheckResult {
        var details: [String] = []
        var metrics: [String: Double] = [:]
        switch complete(model: model, prompt: Self.shortPrompt, maxTokens: 32) {
        case let .success(total): metrics["response_seconds"] = total
        case let .failure(f): details.append(f.message)
        }
        if details.isEmpty {
            switch stream(model: model, prompt: Self.shortPrompt) {
            case let .success((first, total)):
                metrics["first_token_seconds"] = first
                metrics["simple_seconds"] = total
            case let .failure(f): details.append(f.message)
            }
        }
        if details.isEmpty {
            switch complete(model: model, prompt: Self.longPrompt, maxTokens: 256) {
            case let .success(total): metrics["complex_seconds"] = total
            case let .failure(f): details.append(f.message)
            }
        }
        if !details.isEmpty {
            return CheckResult(id: "completion", status: .fail, summary: details[0], details: Array(details.dropFirst()),
                               metrics: metrics)
        }
        return CheckResult(
            id: "completion", status: .pass,
            summary: "first token \(seconds(metrics["first_token_seconds"]!)), short prompt \(seconds(metrics["simple_seconds"]!)) "
                + "(streamed), long prompt \(seconds(metrics["complex_seconds"]!))",
            metrics: metrics)
    }

    // MARK: concurrency

    package func concurrency(model: String) -> CheckResult {
        let n = request.settings.concurrency
        let results = Locked([Result<Double, Failure>?](repeating: nil, count: n))
        let group = DispatchGroup()
        // Threads, not a pool: a pool on 2 cores would not send N requests at once.
        for i in 0..<n {
            group.enter()
            let thread = Thread {
                let result = self.complete(model: model, prompt: Self.shortPrompt, maxTokens: 32)
                results.withLock { $0[i] = result }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        let all = results.withLock { $0 }.compactMap { $0 }
        let latencies = all.compactMap { try? $0.get() }.sorted()
        let failures = all.compactMap { r -> String? in if case let .failure(f) = r { return f.message }; return nil }
        var metrics: [String: Double] = ["requests": Double(n), "failed": Double(failures.count)]
        var summary = "\(n) requests at once"
        if !latencies.isEmpty {
            let p50 = Self.percentile(latencies, 50), p95 = Self.percentile(latencies, 95), max = latencies.last!
            metrics["p50_seconds"] = p50
            metrics["p95_seconds"] = p95
            metrics["max_seconds"] = max
            summary += ": p50 \(seconds(p50)), p95 \(seconds(p95)), max \(seconds(max))"
        }
        summary += "; \(failures.count) failed"
        // Identical messages (the usual case) are listed once, with their count.
        var seen: [String: Int] = [:]
        var order: [String] = []
        for f in failures { if seen[f] == nil { order.append(f) }; seen[f, default: 0] += 1 }
        let details = order.map { seen[$0]! > 1 ? "\(seen[$0]!) requests: \($0)" : $0 }
        return CheckResult(id: "concurrency", status: failures.isEmpty ? .pass : .fail, summary: summary,
                           details: details, metrics: metrics)
    }

    /// Nearest-rank percentile of sorted values.
    package static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    // MARK: budgets

    package func budgets(_ completion: CheckResult, _ concurrency: CheckResult) -> CheckResult {
        let s = request.settings
        let measured: [(String, Double?, Double)] = [
            ("simple", completion.metrics["simple_seconds"], s.simpleSeconds),
            ("complex", completion.metrics["complex_seconds"], s.complexSeconds),
            ("concurrent", concurrency.status == .pass ? concurrency.metrics["max_seconds"] : nil, s.concurrentSeconds),
        ]
        var parts: [String] = [], details: [String] = [], metrics: [String: Double] = [:]
        for (name, value, limit) in measured {
            metrics["\(name)_budget_seconds"] = limit
            guard let value else { parts.append("\(name): not measured"); continue }
            let within = value < limit
            parts.append("\(name) \(seconds(value)) \(within ? "<" : ">=") \(budget(limit))")
            if !within {
                details.append("\(name) took \(seconds(value)), over its budget of \(budget(limit)) (`verify: \(name)-seconds` "
                    + "in .ollama-audit.yml); check the server's load, its --max-num-seqs and the model's size")
            }
        }
        let measuredCount = measured.filter { $0.1 != nil }.count
        if measuredCount == 0 {
            return CheckResult(id: "budgets", status: .skipped, summary: "no latencies to hold against the budgets",
                               metrics: metrics)
        }
        let status: CheckStatus = details.isEmpty && measuredCount == measured.count ? .pass : .fail
        if details.isEmpty, status == .fail { details.append("a latency was not measured because its check failed") }
        return CheckResult(id: "budgets", status: status, summary: parts.joined(separator: ", "), details: details,
                           metrics: metrics)
    }

    // MARK: GPU (Verify+Evidence.swift)

    static func percent(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))%" : String(format: "%.1f%%", value)
    }
}
