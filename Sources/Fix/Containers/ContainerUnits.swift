import Languages
import Yams

/// The chat and embedding models a project asks Ollama for, each tag with the Hugging Face id
/// the model map gives it: what the vLLM server must serve.
public struct ProjectModels: Sendable, Equatable {
    public var chat: [String: String] = [:]
    public var embedding: [String: String] = [:]
    /// Tags the model map has no id for.
    public var unmapped: Set<String> = []
    /// Tags that stay in the clients (`ModelNames`: held everywhere): the server answers to
    /// them too, or those clients would ask for a model it does not know.
    public var held: Set<String> = []

    /// The held tags that name `model`: its `--served-model-name` aliases.
    func aliases(of model: String) -> [String] {
        chat.merging(embedding) { a, _ in a }.filter { $0.value == model && held.contains($0.key) }.keys.sorted()
    }

    public init(chat: [String: String] = [:], embedding: [String: String] = [:], unmapped: Set<String> = []) {
        self.chat = chat
        self.embedding = embedding
        self.unmapped = unmapped
    }

    /// The model one vLLM server runs for the project: its one chat model (or its one embedding
    /// model), with notes for the models that need a server of their own; nil when the project
    /// names none the map knows (`unnamed` says so).
    func served() throws(Unrewritable) -> (model: String, notes: [String])? {
        let chat = Set(self.chat.values).sorted(), embedding = Set(self.embedding.values).sorted()
        if chat.count > 1 {
            let tags = self.chat.keys.sorted().map { "`\($0)`" }.joined(separator: ", ")
            throw Unrewritable(reason: "the project asks for \(chat.count) chat models (\(tags)) and vLLM serves one model per server; "
                               + "add a service per model by hand", offset: 0)
        }
        guard let model = chat.first ?? (embedding.count == 1 ? embedding.first : nil) else { return nil }
        let notes = embedding.filter { $0 != model }.map {
            "the embedding model \($0) needs a vLLM server of its own (an embedding model runs in pooling mode), and its clients that server's URL"
        }
        return (model, notes)
    }

    /// Why no model could be chosen.
    var unnamed: String {
        let tags = unmapped.sorted().prefix(3).map { "`\($0)`" }.joined(separator: ", ")
        return tags.isEmpty ? "the project names no model tag" : "the model map has no Hugging Face id for \(tags)"
    }
}

/// The container migration units of a file (compose services, Kubernetes workloads, Helm
/// values), whatever planner reads it.
package enum ContainerUnits {
    package struct Plan {
        package var edits: [UnitEdit] = []
        package var units: [MigrationUnit] = []
        /// What the units left manual own, by name (`ranges(of:in:)`): the rules leave their
        /// bytes alone too. (An applied unit's bytes are the rules' again: only what the unit
        /// did not rewrite, such as a model tag, matches.)
        package var owned: [String] = []
        /// The bytes of the units left manual, in the original: what they hold stays, model
        /// tags included.
        package var staying: [Range<Int>] = []
    }

    package static func plan(_ types: FileTypeSet, _ bytes: [UInt8], models: ProjectModels) -> Plan? {
        if types.contains(.compose) { return ComposeServiceUnits.plan(bytes, models: models) }
        if types.contains(.yaml) { return KubernetesUnits.plan(bytes, models: models) }
        return nil
    }

    /// Where the owned parts sit in `bytes` now: the rules' passes see the file after the units'
    /// edits, so the ranges are found again rather than carried. A name is a compose service
    /// (`services/<name>`), a top-level key (an `x-` fragment, Helm's `ollama`), or a YAML
    /// document by its place among the `---` lines (`documents/<n>`; `documents/*`: all).
    package static func ranges(of owned: [String], in bytes: [UInt8]) -> [Range<Int>] {
        guard !owned.isEmpty else { return [] }
        let layout = YAMLLayout(bytes)
        var out: [Range<Int>] = []
        let documents = layout.documents()
        for name in owned where name.hasPrefix("documents/") {
            let which = name.dropFirst("documents/".count)
            out += which == "*" ? documents.map(layout.range(ofLines:)) : Int(which).flatMap { documents.indices.contains($0) ? [layout.range(ofLines: documents[$0])] : nil } ?? []
        }
        let keys = owned.filter { !$0.hasPrefix("documents/") }
        if !keys.isEmpty, let root = try? Yams.compose(yaml: String(decoding: bytes, as: UTF8.self)), let top = root.mapping {
            func add(_ key: Node) {
                guard let mark = key.mark else { return }
                out.append(layout.range(ofLines: layout.block(at: mark.line, indent: mark.column - 1)))
            }
            for name in keys {
                if name.hasPrefix("services/") {
                    if let pair = top.pair("services")?.value.mapping?.pair(String(name.dropFirst(9))) { add(pair.key) }
                } else if let pair = top.pair(name) {
                    add(pair.key)
                }
            }
        }
        return out.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// ollama/ollama under any registry, or a mirror named ollama (`ghcr.io/acme/ollama`).
    static func isOllama(_ image: String) -> Bool {
        imageParts(image).path.last == "ollama"
    }

    static func imageParts(_ image: String) -> (path: [Substring], tag: Substring?) {
        let slash = image.lastIndex(of: "/") ?? image.startIndex
        let colon = image[slash...].lastIndex(of: ":")
        let name = colon.map { image[..<$0] } ?? image[...]
        return (name.split(separator: "/"), colon.map { image[image.index(after: $0)...] })
    }

    /// An Ollama image whose vLLM twin only a person can choose.
    static func checkImage(_ image: String) throws(Unrewritable) {
        let parts = imageParts(image)
        guard parts.path.count >= 2, parts.path[parts.path.count - 2] == "ollama" else {
            throw Unrewritable(reason: "`\(image)` is a mirror of the Ollama image; only a person knows what it holds", offset: 0)
        }
        if let tag = parts.tag, tag.contains("rocm") {
            throw Unrewritable(reason: "`\(image)` is Ollama's ROCm build: vLLM's AMD image is a separate choice (rocm/vllm)", offset: 0)
        }
    }

    /// Passes when what a container runs (its `key`'s words) is Ollama's server, which the vLLM
    /// image's own entrypoint replaces; anything else is a job of its own.
    static func checkServes(_ key: String, _ words: [String]) throws(Unrewritable) {
        let text = words.joined(separator: " ")
        guard text.contains("ollama") else {
            throw Unrewritable(reason: "its \(key) runs `\(text.prefix(60))`, which the tool cannot read; the vLLM image's entrypoint must stay `vllm serve`",
                               offset: 0)
        }
        guard text.contains("serve") else {
            throw Unrewritable(reason: "its \(key) runs the ollama CLI (`\(text.prefix(60))`), not the server: a model-pull job, "
                               + "which vLLM does not need; remove it and what depends on it by hand", offset: 0)
        }
    }

    /// Position order; an insertion before an edit that starts where it goes.
    static func inOrder(_ a: UnitEdit, _ b: UnitEdit) -> Bool {
        (a.range.lowerBound, a.range.upperBound) < (b.range.lowerBound, b.range.upperBound)
    }

    /// The edits applied to the original, or why they cannot be: edits that overlap come from
    /// a shape the planner misread.
    static func applied(_ edits: [UnitEdit], to bytes: [UInt8]) throws(Unrewritable) -> [UInt8] {
        let sorted = edits.sorted(by: inOrder)
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.range.upperBound > b.range.lowerBound {
            throw Unrewritable(reason: "its edits overlap (a shape the tool does not know); rewrite it by hand", offset: a.range.lowerBound)
        }
        return Fixer.applyUnitEdits(sorted, to: bytes, newline: "\n")
    }
}
