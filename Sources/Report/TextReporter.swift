import Model
import Platform
import Policy

/// The terminal report: findings grouped by file, then a summary. Colour only when asked
/// (the CLI asks on a terminal without NO_COLOR).
public struct TextReporter: Reporter {
    public let color: Bool

    public init(color: Bool) { self.color = color }

    public func write(_ report: ScanReport, to out: ReportOutput) {
        // Paths, messages and lines are the repository's: shown escaped (Escaping.visible), so
        // no escape sequence or line break in them reaches the terminal or the CI log.
        var currentPath: String?
        for finding in report.findings {
            if finding.path != currentPath {
                if currentPath != nil { out.write("\n") }
                out.write(paint(Escaping.visible(report.displayPath(of: finding.path)), .bold) + "\n")
                currentPath = finding.path
            }
            let location = "\(finding.start.line):\(finding.start.column)".padding(8)
            let priority = paint(finding.priority.rawValue.padding(8), Self.style(finding.priority))
            out.write("  \(location)  \(priority)  \(paint(Escaping.visible(finding.ruleID), .dim))  "
                      + "\(Escaping.visible(finding.message + Self.via(finding, path: report.displayPath(of:))))\n")
            out.write("  \("".padding(8))  \(Escaping.visible(String(finding.lineText.trimmingLeadingWhitespace)))\n")
        }
        if !report.findings.isEmpty { out.write("\n") }
        let notes = Self.notes(report)
        for note in notes { out.write(paint("warning:", .yellow) + " \(note)\n") }
        if !notes.isEmpty { out.write("\n") }
        out.write(summary(report))
    }

    /// A derived finding's suffix, ` via NAME (path:line)` (`Finding.shownEvidence`); "" for others.
    package static func via(_ f: Finding, path: (String) -> String = { $0 }) -> String {
        guard let e = f.shownEvidence else { return "" }
        return " via \(e.name) (\(path(e.path)):\(e.line))"
    }

    /// The warnings the report ends with, each escaped for a terminal: what could not be
    /// scanned, suppressions that silence nothing or give no reason, stale baseline entries.
    package static func notes(_ report: ScanReport) -> [String] {
        var notes = report.warnings.map(report.displayed)
        for s in report.suppressions where !s.used {
            notes.append("\(report.displayPath(of: s.path)):\(s.line): suppression of \(s.rules.joined(separator: ", ")) matches nothing")
        }
        for s in report.suppressions where s.used && s.reason == nil {
            notes.append("\(report.displayPath(of: s.path)):\(s.line): suppression gives no reason (add `-- why`)")
        }
        for entry in report.staleBaseline {
            notes.append("\(entry.path): baseline entry for rule '\(entry.rule)' (\(entry.match)) matches nothing; "
                         + "`ollama-audit baseline prune` removes it")
        }
        return notes.map(Escaping.visible)
    }

    private func summary(_ report: ScanReport) -> String {
        let n = report.findings.count
        var out: String
        if n == 0 {
            out = paint("No Ollama dependencies found", .green)
        } else {
            out = paint("\(n.counting("finding")) in \(report.filesWithFindings.counting("file"))", .bold)
        }
        out += " (\(report.filesScanned.counting("file")) scanned"
        let skipped = report.skipped
        if skipped.total > 0 {
            let parts = [("binary", skipped.binary), ("too large", skipped.tooLarge), ("symlink", skipped.symlink),
                         ("unreadable", skipped.unreadable), ("generated", skipped.generated)]
                .filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }
            out += ", \(skipped.total) skipped: " + parts.joined(separator: ", ")
        }
        if !report.suppressed.isEmpty { out += ", \(report.suppressed.count) suppressed" }
        if !report.baselined.isEmpty { out += ", \(report.baselined.count) in the baseline" }
        out += ")\n"
        if n > 0 {
            out += "  by priority: " + report.byPriority.map { "\($0.0.rawValue) \($0.1)" }.joined(separator: ", ") + "\n"
            out += "  by layer:    " + report.byLayer.map { "\($0.0.rawValue) \($0.1)" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    package enum Style: String {
        case bold = "1", dim = "2", red = "31", boldRed = "1;31", yellow = "33", blue = "34", green = "32"
    }

    package static func style(_ priority: Priority) -> Style {
        switch priority {
        case .critical: .boldRed
        case .high: .red
        case .medium: .yellow
        case .low: .blue
        }
    }

    func paint(_ text: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}

extension String {
    package func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    var trimmingLeadingWhitespace: Substring {
        drop { $0 == " " || $0 == "\t" }
    }
}
