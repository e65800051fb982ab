import Model
import Platform
import Policy

/// RFC 4180 CSV: a header row, CRLF line ends, and fields quoted when they hold a comma, a
/// quote or a line break (quotes doubled); a field a spreadsheet would take for a formula is
/// neutralised (Escaping.csvField).
public struct CSVReporter: Reporter {
    public init() {}

    /// The header row is also the marker that a CSV file is the tool's own.
    package static let header = GeneratedMarker.csvColumns

    public func write(_ report: ScanReport, to out: ReportOutput) {
        out.write(Self.row(Self.header))
        // The JSON and SARIF reports' fingerprints, which the allow file and baselines name.
        var fingerprints = Fingerprinter(report)
        for f in report.findings {
            out.write(Self.row([f.ruleID, f.category.rawValue, f.priority.rawValue, f.layer.rawValue,
                                report.location(of: f.path), String(f.start.line), String(f.start.column),
                                String(f.end.line), String(f.end.column), f.message, f.match, f.lineText,
                                f.fixability.rawValue, fingerprints.next(f)]))
        }
    }

    package static func row(_ fields: [String]) -> String {
        fields.map(Escaping.csvField).joined(separator: ",") + "\r\n"
    }
}
