/// GitHub Actions workflow commands: one annotation per finding on the changed-files view.
/// Priority maps to the command: critical and high are errors, medium warnings, low notices.
public struct GitHubReporter: Reporter {
    public init() {}

    public func render(_ report: ScanReport) -> String {
        var out = ""
        for f in report.findings {
            let command: String
            switch f.priority {
            case .critical, .high: command = "error"
            case .medium: command = "warning"
            case .low: command = "notice"
            }
            let properties = [
                ("file", report.location(of: f.path)), ("line", String(f.start.line)),
                ("col", String(f.start.column)), ("endLine", String(f.end.line)),
                ("endColumn", String(f.end.column)), ("title", "ollama-audit \(f.ruleID) (\(f.priority.rawValue))"),
            ].map { "\($0.0)=\(Self.escapeProperty($0.1))" }.joined(separator: ",")
            out += "::\(command) \(properties)::\(Self.escapeData(f.message + ": " + f.match))\n"
        }
        let n = report.findings.count
        out += n == 0 ? "ollama-audit: no Ollama dependencies found\n"
            : "ollama-audit: \(n) \(n == 1 ? "finding" : "findings") in \(report.filesWithFindings) files\n"
        return out
    }

    /// The message part: %, CR and LF are encoded (GitHub's toolkit, escapeData).
    static func escapeData(_ text: String) -> String {
        text.escapingScalars { scalar in
            switch scalar {
            case "%": "%25"
            case "\r": "%0D"
            case "\n": "%0A"
            default: nil
            }
        }
    }

    /// Property values also encode `:` and `,` (escapeProperty).
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
