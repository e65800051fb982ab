import Platform
import Policy

/// GitHub Actions workflow commands: one annotation per finding on the changed-files view.
/// Priority maps to the command: critical and high are errors, medium warnings, low notices.
/// Every line starts with text of ours (`::error `, `ollama-audit:`): what comes from the
/// repository is escaped (Escaping.githubProperty, githubData), so it can start no line.
public struct GitHubReporter: Reporter {
    public init() {}

    public func write(_ report: ScanReport, to out: ReportOutput) {
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
            ].map { "\($0.0)=\(Escaping.githubProperty($0.1))" }.joined(separator: ",")
            let text = f.message + ": " + f.match + TextReporter.via(f, path: report.location(of:))
            out.write("::\(command) \(properties)::\(Escaping.githubData(text))\n")
        }
        let n = report.findings.count
        out.write(n == 0 ? "ollama-audit: no Ollama dependencies found\n"
            : "ollama-audit: \(n.counting("finding")) in \(report.filesWithFindings.counting("file"))\n")
    }
}
