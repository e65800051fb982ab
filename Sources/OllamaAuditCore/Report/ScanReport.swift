/// The tool's name and version as reports print them.
public enum Tool {
    public static let name = "ollama-audit"
    public static let version = "0.1.0"
    /// Where SARIF consumers link for more about the tool. A placeholder until the project has
    /// a public home; change it here only.
    public static let informationURI = "https://github.com/ollama-audit/ollama-audit"
}

/// A finished scan, ready for any reporter: findings plus the counts the summary shows.
public struct ScanReport: Sendable {
    public let roots: [String]
    public internal(set) var findings: [Finding]
    public let filesScanned: Int
    public let skipped: SkipCounts
    public let warnings: [ScanWarning]
    /// The rules that ran, in rule-file order: reporters take guidance and metadata from them.
    public let rules: [Rule]
    /// Prepended to finding paths to name files relative to the working directory, as CI
    /// annotations and SARIF need ("" when paths already are).
    public let locationPrefix: String
    /// Prepended to finding paths to name files relative to the repository root, as
    /// fingerprints and baselines need.
    public internal(set) var repositoryPrefix = ""
    /// Findings silenced by inline comments or the allow file, and the comments themselves.
    public internal(set) var suppressed: [Finding] = []
    public internal(set) var suppressions: [Suppression] = []
    /// Findings the baseline accepts, and baseline entries nothing matched any more.
    public internal(set) var baselined: [Finding] = []
    public internal(set) var staleBaseline: [BaselineEntry] = []
    /// Temporary files of an interrupted run found by the walk (never scanned). Not warnings:
    /// they do not make the scan incomplete. A scan mentions them; `--fix` removes them.
    public internal(set) var leftovers: [LeftoverFile] = []
    /// The exact bytes of each path that is not UTF-8, by the path as reports show it
    /// (`\xNN` for each bad byte): JSON and SARIF give them losslessly.
    public internal(set) var rawPaths: [String: [UInt8]] = [:]

    public init(roots: [String], result: ScanResult, walkSkipped: SkipCounts, rules: [Rule], locationPrefix: String) {
        self.suppressed = result.suppressed
        self.suppressions = result.suppressions
        self.roots = roots
        self.findings = result.findings
        self.filesScanned = result.filesScanned
        self.skipped = result.skipped + walkSkipped
        self.warnings = result.warnings
        self.rules = rules
        self.locationPrefix = locationPrefix
        self.rulesByID = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The finding's file relative to the working directory (the repository root in CI).
    public func location(of path: String) -> String {
        locationPrefix.isEmpty ? path : locationPrefix + "/" + path
    }

    /// `location(of:)` as the file's exact bytes, percent-encoded as a URI path.
    public func locationURI(of path: String) -> String {
        let bytes = rawPaths[path] ?? Array(path.utf8)
        return PathBytes.percentEncoded(locationPrefix.isEmpty ? bytes : Array(locationPrefix.utf8) + [UInt8(ascii: "/")] + bytes)
    }

    /// The finding's file relative to the repository root.
    public func repositoryPath(of path: String) -> String {
        repositoryPrefix.isEmpty ? path : repositoryPrefix + "/" + path
    }

    /// The scan was not complete: files that could not be read, or rules PCRE2 stopped on.
    public var incomplete: Bool { !warnings.isEmpty }

    /// The rule a finding came from.
    public func rule(_ id: String) -> Rule? { rulesByID[id] }

    private let rulesByID: [String: Rule]

    /// Files with at least one finding.
    public var filesWithFindings: Int {
        // Findings are in path order: count the changes rather than build a set of 700,000 paths.
        var count = 0
        var last: String?
        var seen = Set<String>()
        for f in findings where f.path != last {
            last = f.path
            if seen.insert(f.path).inserted { count += 1 }
        }
        return count
    }

    /// Finding counts per priority, every priority present (zero included), most urgent first.
    public var byPriority: [(Priority, Int)] {
        Priority.allCases.map { p in (p, findings.count { $0.priority == p }) }
    }

    /// Finding counts per layer, every layer present, in migration order.
    public var byLayer: [(Layer, Int)] {
        Layer.allCases.map { l in (l, findings.count { $0.layer == l }) }
    }
}

/// The report formats. A new format is a case here plus one `Reporter`; the switch in
/// `reporter` makes a missing one a compile error.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, markdown, sarif, github, junit, csv

    public func reporter(_ options: ReportOptions = ReportOptions()) -> any Reporter {
        switch self {
        case .text: TextReporter(color: options.color)
        case .json: JSONReporter()
        case .markdown: MarkdownReporter()
        case .sarif: SARIFReporter(timestamps: options.timestamps)
        case .github: GitHubReporter()
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

    public init(color: Bool = false, timestamps: (start: String, end: String)? = nil) {
        self.color = color
        self.timestamps = timestamps
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

extension Int {
    /// The count and its noun, singular for 1: "1 file", "2 files".
    public func counting(_ singular: String, _ plural: String? = nil) -> String {
        "\(self) \(self == 1 ? singular : plural ?? singular + "s")"
    }
}
