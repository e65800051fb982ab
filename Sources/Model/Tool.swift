/// The tool's name and version as reports print them.
public enum Tool {
    public static let name = "ollama-audit"
    public static let version = "0.2.0"
    /// Where SARIF consumers link for more about the tool. A placeholder until the project has
    /// a public home; change it here only.
    public static let informationURI = "https://github.com/ollama-audit/ollama-audit"
}
