/// The files a project keeps for ollama-audit. The walker never scans them (they name the
/// rules and paths they configure), and the configuration layer reads them.
public enum ProjectFiles {
    /// The configuration, `.ollama-audit.yml` (docs/usage.md, "Configuration").
    public static let config = ".ollama-audit.yml"
    /// The reviewed exceptions, `.ollama-audit-allow.yml`.
    public static let allow = ".ollama-audit-allow.yml"
}
