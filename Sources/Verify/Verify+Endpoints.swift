import Foundation
import Model
import Platform

/// The checks a flag asks for: embeddings (`--embedding-model`) and the application's own
/// endpoint (`--app-endpoint`); and what to start vLLM with when a model is not served.
extension Verifier {
    // MARK: model names

    /// What to do about `model` not being served, worded to follow "or ". vLLM serves Hugging
    /// Face ids (or paths), never Ollama tags: a tag the model map knows becomes its id; a
    /// name with no organisation is not an id at all.
    package func serveHint(_ model: String, flag: String = "--model") -> String {
        if let id = request.maps().huggingFaceID(forOllamaTag: model) {
            return "start vLLM with `vllm serve \(id)` and pass \(flag) \(id): '\(model)' is an Ollama tag, and vLLM "
                + "serves Hugging Face ids (this one is the model map's for the tag)"
        }
        if !model.contains("/") {
            return "start vLLM with `vllm serve ORGANISATION/NAME`: '\(model)' is not a Hugging Face id, and the model "
                + "map has no id for it; if it is an Ollama tag, find its repository on huggingface.co and add the pair "
                + "under `models:` in a rules file (`--served-model-name \(model)` serves an id under this name)"
        }
        return "start vLLM with `vllm serve \(model)`"
    }

    /// One line per served model from /v1/models: its id and what vLLM says of it (context
    /// length, the repository it was loaded from when the id is an alias, a LoRA's base).
    package static func servedLines(_ data: [[String: Any]]) -> [String] {
        data.compactMap { entry in
            guard let id = entry["id"] as? String else { return nil }
            var facts: [String] = []
            if let length = entry["max_model_len"] as? Int { facts.append("max_model_len \(length)") }
            if let parent = entry["parent"] as? String, !parent.isEmpty {
                facts.append("a LoRA adapter of \(parent)")
            } else if let root = entry["root"] as? String, !root.isEmpty, root != id {
                facts.append("loaded from \(root)")
            }
            return "served: \(id)" + (facts.isEmpty ? "" : " (\(facts.joined(separator: ", ")))")
        }
    }

    // MARK: embeddings

    static let embeddingInput = "ollama-audit verify: an embedding of this sentence."

    /// POST /v1/embeddings for `model` (at --embedding-endpoint, else --endpoint): a vector of
    /// finite numbers comes back.
    package func embeddings(model: String) -> CheckResult {
        let base = request.embeddingEndpoint ?? request.endpoint
        let target = url("/embeddings", base: base)
        let document: [String: Any] = ["model": model, "input": [Self.embeddingInput], "encoding_format": "float"]
        let body = try! JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
        let start = DispatchTime.now()
        let response: HTTPResponse
        do {
            response = try transport.send(HTTPRequest(method: "POST", url: target, headers: headers, body: body,
                                                      timeout: request.timeout), onData: nil)
        } catch {
            let peer = request.embeddingEndpoint == nil ? Peer.server : Peer.vLLM(flag: "--embedding-endpoint")
            return CheckResult(id: "embeddings", status: .fail, summary: message(error, "POST", target, peer: peer))
        }
        let total = Self.since(start)
        guard (200..<300).contains(response.status) else {
            return CheckResult(id: "embeddings", status: .fail,
                               summary: message(status: response, "POST", target, model: model,
                                                served: servedModels(base: base), flag: "--embedding-model"))
        }
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
              let data = object["data"] as? [[String: Any]], let vector = data.first?["embedding"] as? [Any],
              !vector.isEmpty, vector.allSatisfy({ ($0 as? NSNumber).map { $0.doubleValue.isFinite } ?? false }) else {
            return CheckResult(id: "embeddings", status: .fail,
                               summary: malformed("POST", target, "expected JSON with data[0].embedding, a list of numbers",
                                                  response.body))
        }
        return CheckResult(id: "embeddings", status: .pass,
                           summary: "\(model): a vector of \(vector.count) dimensions in \(seconds(total))",
                           metrics: ["dimensions": Double(vector.count), "embedding_seconds": total])
    }

    // MARK: the application's own endpoint

    /// One request through the migrated application (`--app-endpoint`, POST with
    /// `--app-body`, else GET), timed end to end against `verify: app-seconds`. The API key
    /// is not sent: it is the model server's, not the application's.
    package func app(_ app: AppProbe) -> CheckResult {
        let method = app.body == nil ? "GET" : "POST"
        var headers = ["Accept": "application/json, */*"]
        if app.body != nil { headers["Content-Type"] = "application/json" }
        let start = DispatchTime.now()
        let response: HTTPResponse
        do {
            response = try transport.send(HTTPRequest(method: method, url: app.url, headers: headers, body: app.body,
                                                      timeout: request.timeout), onData: nil)
        } catch {
            return CheckResult(id: "app", status: .fail, summary: message(error, method, app.url, peer: .application))
        }
        let total = Self.since(start)
        let limit = request.settings.appSeconds
        let target = "\(method) \(shown(app.url))"
        let metrics = ["app_seconds": total, "app_budget_seconds": limit, "http_status": Double(response.status)]
        guard (200..<300).contains(response.status) else {
            return CheckResult(id: "app", status: .fail,
                               summary: "\(target): HTTP \(response.status) after \(seconds(total)): "
                                   + "\(excerpt(errorMessage(response.body) ?? bodyText(response.body))); check the "
                                   + "application's logs, and that it reaches the vLLM server", metrics: metrics)
        }
        let summary = "\(target) answered \(response.status) in \(seconds(total))"
        guard total < limit else {
            return CheckResult(id: "app", status: .fail, summary: "\(summary), over its budget of \(budget(limit))",
                               details: ["`verify: app-seconds` in .ollama-audit.yml sets the budget; the time is the "
                                   + "application's and the model server's together: compare it with the completion "
                                   + "check's"], metrics: metrics)
        }
        return CheckResult(id: "app", status: .pass, summary: "\(summary) (< \(budget(limit)))", metrics: metrics)
    }
}

/// `--app-endpoint` and `--app-body`: the request the application's check sends.
public struct AppProbe: Sendable {
    public var url: URL
    /// JSON, sent with POST; nil sends a GET.
    public var body: Data?

    public init(url: URL, body: Data?) {
        self.url = url
        self.body = body
    }

    /// The most `--app-body @FILE` reads.
    public static let maxBody = 1 << 20

    /// `--app-body`: JSON text, or `@FILE` holding it. Not JSON is a usage error.
    public static func body(_ text: String) throws(AuditError) -> Data {
        var data = Data(text.utf8)
        if text.hasPrefix("@") {
            let path = String(text.dropFirst())
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw AuditError.usage("--app-body @\(path): cannot open the file (write --app-body @FILE with a "
                    + "readable JSON file, or the JSON itself)")
            }
            defer { try? handle.close() }
            data = (try? handle.read(upToCount: maxBody + 1)) ?? Data()
            guard data.count <= maxBody else {
                throw AuditError.usage("--app-body @\(path): larger than \(Verifier.size(maxBody)), the most verify sends")
            }
        }
        guard (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil else {
            throw AuditError.usage("--app-body is not JSON (example: --app-body '{\"message\": \"Explain GPU "
                + "acceleration in AI inference\"}', or --app-body @request.json)")
        }
        return data
    }
}
