import Engine
import Foundation
import Platform
import Rules

/// What each Ollama variable becomes on vLLM or an OpenAI-compatible client
/// (server flags for the server's variables, `OPENAI_*` names for the client's; the renames
/// `--fix` makes are in rules/env-names.yml), and the default values a line shows.
package enum EnvironmentCounterparts {
    /// Keyed by the part after `OLLAMA_`, so prefixed names (VITE_OLLAMA_URL) map the same way.
    package static let table: [String: String] = [
        "HOST": "server: `vllm serve --host H --port 8000`; client: `OPENAI_BASE_URL=http://<host>:8000/v1`",
        "URL": "`OPENAI_BASE_URL=http://<host>:8000/v1` (with `OPENAI_API_KEY`)",
        "BASE_URL": "`OPENAI_BASE_URL=http://<host>:8000/v1` (with `OPENAI_API_KEY`)",
        "API_BASE": "`OPENAI_BASE_URL=http://<host>:8000/v1` (with `OPENAI_API_KEY`)",
        "ENDPOINT": "`OPENAI_BASE_URL=http://<host>:8000/v1` (with `OPENAI_API_KEY`)",
        "API_URL": "`OPENAI_BASE_URL=http://<host>:8000/v1` (with `OPENAI_API_KEY`)",
        "PORT": "no variable: `vllm serve --port 8000`, and the port inside `OPENAI_BASE_URL` (never `VLLM_PORT`)",
        "MODEL": "an application variable such as `LLM_MODEL` holding the served model name",
        "CHAT_MODEL": "an application variable such as `LLM_MODEL` holding the served model name",
        "LLM_MODEL": "an application variable such as `LLM_MODEL` holding the served model name",
        "EMBED_MODEL": "`EMBEDDING_MODEL`: the served name of a separate pooling-mode vLLM server",
        "EMBEDDING_MODEL": "`EMBEDDING_MODEL`: the served name of a separate pooling-mode vLLM server",
        "API_KEY": "`OPENAI_API_KEY` (client; `EMPTY` without `--api-key`), `VLLM_API_KEY` (server)",
        "TIMEOUT": "the client's `timeout` (openai clients: 600 s and 2 retries by default)",
        "MODELS": "`HF_HOME` / `HF_HUB_CACHE`, or `vllm serve --download-dir`",
        "KEEP_ALIVE": "no equivalent: the model stays loaded",
        "LOAD_TIMEOUT": "no equivalent",
        "CONTEXT_LENGTH": "`vllm serve --max-model-len N`",
        "NUM_PARALLEL": "`vllm serve --max-num-seqs N` (approximate: vLLM batches continuously)",
        "MAX_LOADED_MODELS": "no equivalent: one model per vLLM server",
        "MAX_QUEUE": "no equivalent",
        "ORIGINS": "`vllm serve --allowed-origins '[\"https://...\"]'` (default: all origins)",
        "DEBUG": "`VLLM_LOGGING_LEVEL=DEBUG`",
        "FLASH_ATTENTION": "not needed: vLLM picks the attention backend",
        "KV_CACHE_TYPE": "`vllm serve --kv-cache-dtype` (no 4-bit equivalent)",
        "GPU_OVERHEAD": "`vllm serve --gpu-memory-utilization` (a fraction used, the inverse meaning)",
        "SCHED_SPREAD": "`vllm serve --tensor-parallel-size <GPUs>`",
        "LLM_LIBRARY": "no equivalent",
        "ORIGIN": "`vllm serve --allowed-origins`",
    ]

    package static func counterpart(of name: String) -> String {
        let upper = name.uppercased()
        guard let range = upper.range(of: "OLLAMA_", options: .backwards) else { return "no direct equivalent: review" }
        let suffix = String(upper[range.upperBound...])
        return table[suffix] ?? "no direct equivalent: review"
    }

    /// The default a line gives `name`: `NAME=value`, `NAME: value`, `getenv("NAME", "value")`,
    /// `${NAME:-value}`, `env.NAME ?? 'value'` / `|| 'value'`, `name: str = "value"`. Nil when
    /// the line shows none (a bare use).
    package static func defaultValue(of name: String, in line: String) -> String? {
        var searchStart = line.startIndex
        while let range = line.range(of: name, range: searchStart..<line.endIndex) {
            searchStart = range.upperBound
            // The whole name, not OLLAMA_URL inside VITE_OLLAMA_URL.
            if range.lowerBound > line.startIndex {
                let before = line[line.index(before: range.lowerBound)]
                if before.isLetter || before.isNumber || before == "_" { continue }
            }
            // `X = os.getenv("X", "d")`: the first occurrence gives an expression, the second the default.
            if let value = value(after: line[range.upperBound...]), !looksLikeExpression(value) { return value }
        }
        return nil
    }

    /// `os.getenv(`, `process.env.OLLAMA_HOST`, `settings.OLLAMA_URL`, `OLLAMA_MODEL`: code,
    /// not a value.
    package static func looksLikeExpression(_ value: String) -> Bool {
        if value.contains("(") { return true }
        let identifier = value.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        if identifier, value.contains(".") { return true }
        if identifier, value.contains("_"), value == value.uppercased() { return true }
        return false
    }

    private static func value(after text: Substring) -> String? {
        var rest = text
        func unquote(_ s: Substring) -> String? {
            var v = s.trimmingCharacters(in: .whitespaces)
            if let q = v.first, q == "\"" || q == "'" || q == "`" {
                v.removeFirst()
                guard let end = v.firstIndex(of: q) else { return nil }
                v = String(v[..<end])
            } else {
                v = String(v.prefix { !" ,;)}#\"'".contains($0) })
            }
            return v.isEmpty || v.hasPrefix("$") ? nil : v
        }
        if rest.hasPrefix(":-") { return rest.dropFirst(2).split(separator: "}").first.flatMap(unquote) }
        if let q = rest.first, q == "\"" || q == "'" {
            rest = rest.dropFirst()
            // getenv("NAME", "default") / environ.get('NAME', 'default')
            let after = rest.drop { $0 == " " }
            if after.hasPrefix(",") { return unquote(after.dropFirst()) }
            if after.hasPrefix(":") { return unquote(after.dropFirst()) }  // "NAME": "value" (JSON)
            return nil
        }
        let trimmed = rest.drop { $0 == " " }
        for op in ["??", "||"] where trimmed.hasPrefix(op) { return unquote(trimmed.dropFirst(op.count)) }
        if trimmed.hasPrefix("=") && !trimmed.hasPrefix("==") { return unquote(trimmed.dropFirst()) }
        if trimmed.hasPrefix(":") {
            // `name: str = "value"` (a typed field) or `NAME: value` (YAML).
            let value = trimmed.dropFirst()
            if let eq = value.firstIndex(of: "="), value[..<eq].allSatisfy({ $0.isLetter || $0 == " " || $0 == "." }) {
                return unquote(value[value.index(after: eq)...])
            }
            return unquote(value)
        }
        return nil
    }
}
