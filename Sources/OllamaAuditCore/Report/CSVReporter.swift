/// RFC 4180 CSV: a header row, CRLF line ends, and fields quoted when they hold a comma, a
/// quote or a line break (quotes doubled); a field a spreadsheet would take for a formula is
/// neutralised (Escaping.csvField).
public struct CSVReporter: Reporter {
    public init() {}

    static let header = ["rule", "category", "priority", "layer", "path", "start_line", "start_column",
                         "end_line", "end_column", "message", "match", "line"]

    public func write(_ report: ScanReport, to out: ReportOutput) {
        out.write(Self.row(Self.header))
        for f in report.findings {
            out.write(Self.row([f.ruleID, f.category.rawValue, f.priority.rawValue, f.layer.rawValue,
                                report.location(of: f.path), String(f.start.line), String(f.start.column),
                                String(f.end.line), String(f.end.column), f.message, f.match, f.lineText]))
        }
    }

    static func row(_ fields: [String]) -> String {
        fields.map(Escaping.csvField).joined(separator: ",") + "\r\n"
    }
}
