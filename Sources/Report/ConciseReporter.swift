import Model
import Platform
import Policy

/// One line per finding, `path:line:col: priority rule [fix] message`, as ruff's and
/// compilers' output: editors and terminals open the location, and grep and sort work on it.
/// The path is relative to the working directory (`ScanReport.displayPath(of:)`), so it opens
/// from the shell the scan was typed in.
public struct ConciseReporter: Reporter {
    public let color: Bool

    public init(color: Bool) { self.color = color }

    public func write(_ report: ScanReport, to out: ReportOutput) {
        let text = TextReporter(color: color)
        // Paths, messages and rule ids can be the repository's (`--rules`): shown escaped, so no
        // line break in them forges a finding line and no escape sequence reaches the terminal.
        for f in report.findings {
            let location = Escaping.visible("\(report.displayPath(of: f.path)):\(f.start.line):\(f.start.column)")
            let fix = f.fixability == .auto ? " " + text.paint("[fix]", .green) : ""
            out.write(text.paint(location, .bold) + ": " + text.paint(f.priority.rawValue, TextReporter.style(f.priority))
                      + " " + text.paint(Escaping.visible(f.ruleID), .dim) + fix + " "
                      + Escaping.visible(f.message + TextReporter.via(f, path: report.displayPath(of:))) + "\n")
        }
        for note in TextReporter.notes(report) { out.write(text.paint("warning:", .yellow) + " \(note)\n") }
        out.write(Self.found(report) + "\n")
    }

    /// The closing line of the concise report and of `--statistics`, as ruff's "Found N errors.":
    /// the counts, and how many `--fix` would apply.
    package static func found(_ report: ScanReport) -> String {
        let n = report.findings.count
        guard n > 0 else { return "No Ollama dependencies found (\(report.filesScanned.counting("file")) scanned)." }
        let fixable = report.findings.count { $0.fixability == .auto }
        return "Found \(n.counting("finding")) in \(report.filesWithFindings.counting("file"))"
            + (fixable > 0 ? " (\(fixable) fixable with --fix)." : ".")
    }
}

/// `scan --statistics`: one row per rule with its finding count, priority, how many of its
/// findings `--fix` applies, and its message, most findings first, as ruff's `--statistics`.
/// The summary for a repository whose full report is hundreds of lines.
public struct StatisticsReporter: Reporter {
    public init() {}

    public func write(_ report: ScanReport, to out: ReportOutput) {
        var rows: [String: (count: Int, fixable: Int, priority: Priority)] = [:]
        for f in report.findings {
            let row = rows[f.ruleID] ?? (0, 0, f.priority)
            rows[f.ruleID] = (row.count + 1, row.fixable + (f.fixability == .auto ? 1 : 0), max(row.priority, f.priority))
        }
        let sorted = rows.sorted {
            ($0.value.count, $0.value.priority, $1.key) > ($1.value.count, $1.value.priority, $0.key)
        }
        let fixes = sorted.map { Self.fixColumn($0.value.count, $0.value.fixable) }
        let countWidth = sorted.map { String($0.value.count).count }.max() ?? 0
        let idWidth = sorted.map { Escaping.visible($0.key).count }.max() ?? 0
        let fixWidth = fixes.map(\.count).max() ?? 0
        for ((id, row), fix) in zip(sorted, fixes) {
            let count = String(repeating: " ", count: countWidth - String(row.count).count) + String(row.count)
            let message = report.rule(id)?.message ?? ""
            var line = "\(count)  \(Escaping.visible(id).padding(idWidth))  \(row.priority.rawValue.padding(8))  "
                + fix.padding(fixWidth) + "  " + Escaping.visible(message)
            while line.last == " " { line.removeLast() }  // the padding, when the last columns are empty
            out.write(line + "\n")
        }
        if !sorted.isEmpty { out.write("\n") }
        out.write(ConciseReporter.found(report) + "\n")
    }

    /// `[fix]` when `--fix` applies every finding of the rule, `[fix 2/3]` when some, "" when none.
    static func fixColumn(_ count: Int, _ fixable: Int) -> String {
        fixable == 0 ? "" : fixable == count ? "[fix]" : "[fix \(fixable)/\(count)]"
    }
}
