/// An inline `ollama-audit: ignore[rule-id] -- reason` comment. It silences findings of the
/// rules it names (or `*`) on its own line and on the line after.
public struct Suppression: Encodable, Hashable, Sendable {
    public let path: String
    public let line: Int
    public let rules: [String]
    public let reason: String?
    /// Whether it silenced anything; unused ones are reported, and fail under `--strict`.
    public var used = false

    package init(path: String, line: Int, rules: [String], reason: String?) {
        self.path = path
        self.line = line
        self.rules = rules
        self.reason = reason
    }

    /// `formerIDs`: the ids the finding's rule replaces (`replaces:`), which name it too.
    package func covers(_ finding: Finding, formerIDs: [String] = []) -> Bool {
        (finding.start.line == line || finding.start.line == line + 1)
            && (rules.contains(finding.ruleID) || rules.contains("*") || formerIDs.contains(where: rules.contains))
    }
}
