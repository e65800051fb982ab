/// The tool's name and version as reports print them.
public enum Tool {
    public static let name = "ollama-audit"
    public static let version = "0.1.0"
}

/// A finished scan, ready for any reporter: findings plus the counts the summary shows.
public struct ScanReport: Sendable {
    public let roots: [String]
    public let findings: [Finding]
    public let filesScanned: Int
    public let skipped: SkipCounts
    public let warnings: [ScanWarning]

    public init(roots: [String], result: ScanResult, walkSkipped: SkipCounts) {
        self.roots = roots
        self.findings = result.findings
        self.filesScanned = result.filesScanned
        self.skipped = result.skipped + walkSkipped
        self.warnings = result.warnings
    }

    /// Files with at least one finding.
    public var filesWithFindings: Int { Set(findings.map(\.path)).count }

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
    case text, json

    public func reporter(color: Bool) -> any Reporter {
        switch self {
        case .text: TextReporter(color: color)
        case .json: JSONReporter()
        }
    }
}

/// Renders a finished scan in one output format.
public protocol Reporter {
    func render(_ report: ScanReport) -> String
}
