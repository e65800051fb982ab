/// Every error that stops the tool. Each case names what failed and where, and
/// `hint` says what to do about it. All of them exit with status 2.
public enum AuditError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A rule file is malformed: bad YAML, a wrong type, an unknown or missing key,
    /// a duplicate id, or a pattern that does not compile.
    case ruleFile(path: String, line: Int?, ruleID: String?, message: String)
    /// A command-line usage problem the argument parser cannot see.
    case usage(String)
    /// A path given on the command line does not exist or cannot be read.
    case missingPath(String)
    /// Writing a report or another output file failed.
    case output(path: String, message: String)
    /// The configuration file is malformed.
    case config(path: String, line: Int?, message: String)
    /// A git question the run depends on could not be answered (a missing ref, no work tree).
    case git(String)

    public var description: String {
        switch self {
        case let .ruleFile(path, line, ruleID, message):
            var location = path
            if let line { location += ":\(line)" }
            let rule = ruleID.map { " rule '\($0)':" } ?? ""
            return "\(location):\(rule) \(message)"
        case let .usage(message):
            return message
        case let .missingPath(path):
            return "\(path): no such file or directory"
        case let .output(path, message):
            return "cannot write \(path): \(message)"
        case let .config(path, line, message):
            return "\(path)\(line.map { ":\($0)" } ?? ""): \(message)"
        case let .git(message):
            return message
        }
    }

    /// What the user can do about it.
    public var hint: String {
        switch self {
        case .ruleFile:
            return "fix the rule file; `ollama-audit rules test FILE` checks it on its own"
        case .usage:
            return "see `ollama-audit scan --help`"
        case .missingPath:
            return "check the path; scan paths are relative to the current directory"
        case .output:
            return "check that the folder exists and is writable"
        case .config:
            return "see docs/usage.md, \"Configuration\"; `ollama-audit init` writes a commented starter file"
        case .git:
            return "run inside a git work tree with the history the ref needs (in CI: fetch-depth: 0)"
        }
    }
}
