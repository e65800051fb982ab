import Platform
import Policy

/// The report formats. A new format is a case here plus one `Reporter`; the switch in
/// `reporter` makes a missing one a compile error.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, concise, json, markdown, sarif, github, gitlab, junit, csv

    public func reporter(_ options: ReportOptions = ReportOptions()) -> any Reporter {
        switch self {
        case .text: TextReporter(color: options.color)
        case .concise: ConciseReporter(color: options.color)
        case .json: JSONReporter()
        case .markdown: MarkdownReporter(units: options.units, context: options.context ?? AuditContext())
        case .sarif: SARIFReporter(timestamps: options.timestamps)
        case .github: GitHubReporter()
        case .gitlab: GitLabReporter()
        case .junit: JUnitReporter()
        case .csv: CSVReporter()
        }
    }
}

/// Settings some formats take.
public struct ReportOptions: Sendable {
    /// ANSI colour in the text report.
    public var color = false
    /// The run's start and end times in SARIF (off by default: reports stay byte-stable).
    public var timestamps: (start: String, end: String)?
    /// The migration units the Markdown audit lists; nil leaves its section out. Planning them
    /// costs a fix plan, so only a run that writes Markdown fills this in.
    public var units: MigrationUnits?
    /// The Markdown audit's provenance, links and budgets (`Pipeline.auditContext`); nil
    /// renders it without them.
    public var context: AuditContext?

    public init(color: Bool = false, timestamps: (start: String, end: String)? = nil, units: MigrationUnits? = nil,
                context: AuditContext? = nil) {
        self.color = color
        self.timestamps = timestamps
        self.units = units
        self.context = context
    }
}

/// Renders a finished scan in one output format, written as it is made (`ReportOutput`): a
/// report of 700,000 findings is never one string in memory.
public protocol Reporter {
    func write(_ report: ScanReport, to out: ReportOutput)
}

extension Reporter {
    /// The whole report as one string: for tests and small reports.
    public func render(_ report: ScanReport) -> String {
        let out = ReportOutput()
        write(report, to: out)
        return out.text
    }
}
