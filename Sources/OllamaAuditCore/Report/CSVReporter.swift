/// RFC 4180 CSV: a header row, CRLF line ends, and fields quoted when they hold a comma, a
/// quote or a line break (quotes doubled).
public struct CSVReporter: Reporter {
    public init() {}

    static let header = ["rule", "category", "priority", "layer", "path", "start_line", "start_column",
                         "end_line", "end_column", "message", "match", "line"]

    public func render(_ report: ScanReport) -> String {
        var out = Self.row(Self.header)
        for f in report.findings {
            out += Self.row([f.ruleID, f.category.rawValue, f.priority.rawValue, f.layer.rawValue,
                             report.location(of: f.path), String(f.start.line), String(f.start.column),
                             String(f.end.line), String(f.end.column), f.message, f.match, f.lineText])
        }
        return out
    }

    static func row(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",") + "\r\n"
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
