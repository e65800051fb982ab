/// One migration unit of `--fix` as the Markdown audit lists it. The fix planner's own type
/// lives in Fix, which sits beside Report, not below it: OllamaAuditCore copies each unit into
/// one of these, and the reporter renders what it is given.
public struct MigrationUnitRow: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// `--fix` rewrites the unit whole. The notes say what it dropped or moved to the
        /// server, for a human to check.
        case applied(notes: [String])
        /// `--fix` leaves every byte of the unit as it is, for this reason.
        case manual(reason: String)
    }

    /// The file, as the report's findings name it.
    public let path: String
    /// The unit's first line.
    public let line: Int
    /// What the unit is, in the planner's words: "client `self.client` (6 calls)".
    public let subject: String
    public let outcome: Outcome

    public init(path: String, line: Int, subject: String, outcome: Outcome) {
        self.path = path
        self.line = line
        self.subject = subject
        self.outcome = outcome
    }

    public var applied: Bool {
        if case .applied = outcome { return true }
        return false
    }
}

/// What the Markdown audit says about migration units.
public enum MigrationUnits: Sendable, Equatable {
    /// The units of the fix plan, in any order: the reporter sorts them.
    case planned([MigrationUnitRow])
    /// The fix could not be planned; the audit still renders, and says why the list is missing.
    case unplanned(reason: String)
}
