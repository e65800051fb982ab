/// Facts about Ollama model tags and the Hugging Face repositories vLLM serves for them, shared
/// by the fix planner (which rewrites tags) and the Markdown audit (which lists them). The map
/// from tag to repository is data (`rules/models.yml`, `FixMaps.models`), not here.
public enum ModelTags {
    /// The image `--fix` writes into a compose service, and the audit names: a pinned tag, never
    /// `latest`, so a rebuild serves the same server.
    public static let vllmImage = "vllm/vllm-openai:v0.11.0"

    /// Organisations whose repositories are gated on the Hub: the server needs HF_TOKEN and an
    /// accepted licence.
    public static let gatedOrganisations = ["meta-llama/", "google/"]

    public static func isGated(_ repository: String) -> Bool {
        gatedOrganisations.contains { repository.hasPrefix($0) }
    }

    /// Families of embedding models: their tags need an embedding model (and a vLLM server in
    /// pooling mode), never a chat model, and the other way round.
    static let embeddingFamilies = ["embed", "minilm", "bge-", "bge_", "e5-", "gte-", "paraphrase-multilingual", "sentence-transformers/"]

    public static func isEmbedding(_ name: String) -> Bool {
        let lower = name.lowercased()
        return embeddingFamilies.contains { lower.contains($0) } || lower.hasPrefix("bge")
    }

    /// Whether a finding is a model tag and nothing else (`rules/model-tags.yml`); a whole
    /// setting (`${LLM_MODEL:llama3.1}`) holds its tag as another finding.
    public static func isTag(_ f: Finding) -> Bool {
        f.category == .model && !f.match.isEmpty && !f.match.contains { $0.isWhitespace || "${},\"'`=".contains($0) }
    }

    /// The parameter count a name states, in billions: a part of it between `:`, `-`, `_` or
    /// `/` that reads `7b`, `0.5b`, `22m` or `8x7b` (experts × size: the total, an upper bound
    /// for a mixture of experts that shares its attention layers). Nil when no part does:
    /// `llama3.1` states no size, and none is guessed.
    public static func parameters(_ name: String) -> Double? {
        for part in name.split(whereSeparator: { ":-_/".contains($0) }) {
            let lower = part.lowercased()
            guard let unit = lower.last, unit == "b" || unit == "m" else { continue }
            let number = lower.dropLast()
            let scale = unit == "b" ? 1.0 : 0.001
            let factors = number.split(separator: "x", omittingEmptySubsequences: false)
            guard (1...2).contains(factors.count),
                  factors.allSatisfy({ !$0.isEmpty && $0.first!.isNumber && $0.last!.isNumber && $0.allSatisfy { $0.isNumber || $0 == "." } }),
                  unit == "b" || factors.count == 1 else { continue }
            let values = factors.compactMap { Double($0) }
            guard values.count == factors.count, values.allSatisfy({ $0 > 0 }) else { continue }
            return values.reduce(1, *) * scale
        }
        return nil
    }
}
