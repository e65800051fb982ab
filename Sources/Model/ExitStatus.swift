/// The exit-code contract (README, "Exit codes"; the man page's EXIT STATUS, from `meaning`).
public enum ExitStatus: Int32, CaseIterable, Sendable {
    /// Nothing at or above the threshold.
    case clean = 0
    /// Findings at or above the threshold remain.
    case findings = 1
    /// Usage, rule or config error.
    case error = 2
    /// The scan was incomplete: unreadable files or match limits (unless --allow-incomplete).
    case incomplete = 3

    /// What the code means, in one sentence for people: `--help` and the man page say it.
    public var meaning: String {
        switch self {
        case .clean: "nothing at or above --fail-on was found"
        case .findings: "findings at or above --fail-on remain, --fix --dry-run has changes pending, or a rule's example failed (rules test)"
        case .error: "a usage error, a bad rule or configuration file, a missing path or git ref, files --fix will not touch, or an output file that cannot be written"
        case .incomplete: "the scan was incomplete: a file or folder could not be read, or a rule hit PCRE2's limits (--allow-incomplete gives the findings' code instead)"
        }
    }
}
