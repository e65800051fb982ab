import Model

extension Finding {
    /// The one link of a derived finding's chain that a one-line report names: the nearest in
    /// another file, which is the wrapper or module the Ollama client came through (an
    /// importer's `self.ollama.chat(` is there because of `OllamaRepo`, not because of the
    /// `self.ollama =` line above it), else the nearest. JSON and SARIF carry the whole chain.
    package var shownEvidence: Evidence? {
        via.first { $0.path != path } ?? via.first
    }
}
