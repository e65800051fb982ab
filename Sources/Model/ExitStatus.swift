/// The exit-code contract (README, "Exit codes").
public enum ExitStatus: Int32, Sendable {
    /// Nothing at or above the threshold.
    case clean = 0
    /// Findings at or above the threshold remain.
    case findings = 1
    /// Usage, rule or config error.
    case error = 2
    /// The scan was incomplete: unreadable files or match limits (unless --allow-incomplete).
    case incomplete = 3
}
