import Model

/// Model names as one project-wide unit per tag: every occurrence of an Ollama tag becomes the
/// Hugging Face id the model map gives it, or none does. A tag changed in config but not in
/// the code that sends it asks the server for a model it does not serve.
public enum ModelNames {
    /// Families of embedding models: their tags need an embedding model (and a vLLM server in
    /// pooling mode), never a chat model, and the other way round.
    static let embeddingFamilies = ["embed", "minilm", "bge-", "bge_", "e5-", "gte-", "paraphrase-multilingual", "sentence-transformers/"]

    public static func isEmbedding(_ name: String) -> Bool {
        let lower = name.lowercased()
        return embeddingFamilies.contains { lower.contains($0) } || lower.hasPrefix("bge")
    }

    /// The findings that are a model tag and nothing else (`rules/model-tags.yml`); a whole
    /// setting (`${LLM_MODEL:llama3.1}`) holds its tag as another finding.
    static func occurrences(_ findings: [Finding]) -> [Finding] {
        findings.filter { f in f.category == .model && !f.match.isEmpty
            && !f.match.contains { $0.isWhitespace || "${},\"'`=".contains($0) } }
    }

    /// What the project asks Ollama to serve: the mapped tags its code and configuration use
    /// (not its documentation or tests).
    public static func projectModels(_ findings: [Finding], map: [String: String]) -> ProjectModels {
        var models = ProjectModels()
        for f in occurrences(findings) where f.layer != .documentation && f.layer != .test {
            guard let repo = map[f.match] else { models.unmapped.insert(f.match); continue }
            if isEmbedding(f.match) { models.embedding[f.match] = repo } else { models.chat[f.match] = repo }
        }
        return models
    }

    /// The tags that stay everywhere, each with why and where it was first seen. A tag stays when
    /// the map has no id for it, when the id is of the other kind (chat for an embedding tag),
    /// or when one of its occurrences is held: `held` says which findings cannot change.
    public static func heldTags(_ findings: [Finding], map: [String: String], location: (String) -> String,
                                held: (Finding) -> String?)
        -> [(tag: String, reason: String, first: Finding, all: [Finding])] {
        var byTag: [String: [Finding]] = [:]
        for f in occurrences(findings) { byTag[f.match, default: []].append(f) }
        var out: [(String, String, Finding, [Finding])] = []
        for (tag, all) in byTag.sorted(by: { $0.key < $1.key }) {
            let first = all[0]
            guard let repo = map[tag] else {
                out.append((tag, "no Hugging Face id for it in the model map; add one under `models:` in a rules file", first, all))
                continue
            }
            if isEmbedding(tag) != isEmbedding(repo) {
                let kinds = isEmbedding(tag) ? ("an embedding", "a chat") : ("a chat", "an embedding")
                out.append((tag, "it is \(kinds.0) model, and the model map gives \(kinds.1) model (\(repo)); correct the map", first, all))
                continue
            }
            // A tag after `ollama pull` goes with its command (a manual item of its own): it is
            // not an occurrence the rewrite must reach.
            for f in all where f.fixability != .manual {
                if let why = held(f) {
                    out.append((tag, "line \(f.start.line) of \(location(f.path)) stays (\(why)); the tag changes everywhere or nowhere", f, all))
                    break
                }
            }
        }
        return out
    }
}
