import Model

/// Model names as one project-wide unit per tag: every occurrence of an Ollama tag becomes the
/// Hugging Face id the model map gives it, or none does. A tag changed in config but not in
/// the code that sends it asks the server for a model it does not serve.
public enum ModelNames {
    public static func isEmbedding(_ name: String) -> Bool { ModelTags.isEmbedding(name) }

    /// The findings that are a model tag and nothing else (`ModelTags.isTag`).
    static func occurrences(_ findings: [Finding]) -> [Finding] {
        findings.filter(ModelTags.isTag)
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

    /// One tag's unit: where it occurs, and the id it becomes or why it stays.
    public struct TagUnit {
        public let tag: String
        public let all: [Finding]
        /// The occurrence the unit is reported at.
        public let first: Finding
        /// Nil when the tag changes everywhere.
        public let reason: String?
        public let notes: [String]
    }

    /// Every tag's unit. A tag stays when the map has no id for it, when the id is of the other
    /// kind (chat for an embedding tag), or when one of its occurrences is held: `held` says
    /// which findings cannot change, and why.
    public static func units(_ findings: [Finding], map: [String: String], location: (String) -> String,
                             held: (Finding) -> String?) -> [TagUnit] {
        var byTag: [String: [Finding]] = [:]
        for f in occurrences(findings) { byTag[f.match, default: []].append(f) }
        var out: [TagUnit] = []
        for (tag, all) in byTag.sorted(by: { $0.key < $1.key }) {
            func stays(_ reason: String, at f: Finding? = nil) {
                out.append(TagUnit(tag: tag, all: all, first: f ?? all[0], reason: reason, notes: []))
            }
            guard let repo = map[tag] else {
                stays("no Hugging Face id for it in the model map; add one under `models:` in a rules file")
                continue
            }
            if isEmbedding(tag) != isEmbedding(repo) {
                let kinds = isEmbedding(tag) ? ("an embedding", "a chat") : ("a chat", "an embedding")
                stays("it is \(kinds.0) model, and the model map gives \(kinds.1) model (\(repo)); correct the map")
                continue
            }
            // A tag after `ollama pull` goes with its command (a manual item of its own): it is
            // not an occurrence the rewrite must reach.
            let reached = all.filter { $0.fixability != .manual }
            guard !reached.isEmpty else { continue }
            if let (f, why) = reached.compactMap({ f in held(f).map { (f, $0) } }).first {
                stays("line \(f.start.line) of \(location(f.path)) stays (\(why)); the tag changes everywhere or nowhere", at: f)
                continue
            }
            let files = Set(reached.map(\.path)).count
            var notes = ["becomes \(repo) in \(reached.count) \(reached.count == 1 ? "place" : "places")"
                         + (files > 1 ? " across \(files) files" : "")]
            if ModelTags.isGated(repo) {
                notes.append("\(repo) is gated on Hugging Face: the server needs HF_TOKEN and the licence accepted")
            }
            if isEmbedding(tag) {
                notes.append("an embedding model: served by a vLLM server of its own, in pooling mode")
            }
            out.append(TagUnit(tag: tag, all: all, first: reached[0], reason: nil, notes: notes))
        }
        return out
    }
}
