
extension Language {
    /// Ollama's Modelfiles (`Modelfile`, `Modelfile.coder`, `assistant.modelfile`): the recipe
    /// `ollama create` builds a model from (base weights, parameters, prompt template, system
    /// prompt, adapters). Each instruction is server configuration that vLLM takes as a
    /// `vllm serve` flag, a chat template or a request field, so the whole file migrates.
    public static let modelfile = Language(
        name: "modelfile", groups: ["config"],
        files: FileNames(extensions: ["modelfile"], names: ["modelfile", "modelfile.*"]),
        layer: .configuration,
        syntax: Syntax(comments: [.hash], strings: [StringLiteral("\"\"\"", escape: nil, multiline: true), .double]))
}

extension FileType {
    public static let modelfile = FileType(.modelfile)
}
