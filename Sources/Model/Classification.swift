/// How urgent a finding is, with the meaning the hand-written migration audits give it.
public enum Priority: String, CaseIterable, Comparable, Codable, Sendable {
    /// On the inference path: the application stops answering without it.
    case critical
    /// Service configuration and discovery.
    case high
    /// Metadata and routing.
    case medium
    /// Mentions: docs, comments, prose.
    case low

    /// Higher is more urgent.
    public var rank: Int {
        switch self {
        case .critical: 3
        case .high: 2
        case .medium: 1
        case .low: 0
        }
    }

    public static func < (a: Priority, b: Priority) -> Bool { a.rank < b.rank }
}

/// The service layer a finding belongs to, in the order the migration visits them.
public enum Layer: String, CaseIterable, Codable, Sendable {
    case backend, frontend, configuration, container, documentation
    /// Tests, mocks and fixtures: a migration updates them last.
    case test
}

/// What kind of Ollama dependency a rule finds.
public enum Category: String, CaseIterable, Codable, Sendable {
    case envVar = "env-var"
    case clientImport = "client-import"
    case clientCall = "client-call"
    case endpoint
    case port
    case container
    case dependencyManifest = "dependency-manifest"
    case lockfile
    case framework
    case model
    case requestOption = "request-option"
    case responseField = "response-field"
    case docs
    case comment
    /// Configuration values that select Ollama (`LLM_PROVIDER=ollama`).
    case setting
    /// Names in code that still say Ollama (`OllamaService`, `ollama_client`).
    case naming
}
