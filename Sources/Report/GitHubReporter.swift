import Model
import Platform
import Policy

/// GitHub Actions workflow commands: annotations on the changed-files view and the run page.
/// Priority maps to the command: critical and high are errors, medium warnings, low notices.
/// Every line starts with text of ours (`::error `, `ollama-audit:`): what comes from the
/// repository is escaped (Escaping.githubProperty, githubData, visible), so it can start no line.
///
/// GitHub shows at most 10 error, 10 warning and 10 notice annotations per step, and 50 per
/// job, and drops the rest without a word (github.com/actions/toolkit, docs/problem-matchers.md,
/// "Limitations"). In path order the first critical finding of a real repository was the 18th
/// error, never shown. So annotations go most urgent first (every critical finding before any
/// high one, then medium, then low; path order within a priority), at most `perCommand` of each
/// command; when findings are left out, one notice fewer and a last `::notice` that counts them,
/// so that notice is shown too. The findings left out are still listed, as plain log lines.
public struct GitHubReporter: Reporter {
    /// Annotations of one command (error, warning, notice) GitHub shows per step.
    public static let perCommand = 10

    public init() {}

    /// The workflow command a priority is annotated with.
    static func command(_ priority: Priority) -> String {
        switch priority {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low: "notice"
        }
    }

    /// Which findings are annotated, in the order written, and how many are left out.
    package struct Plan {
        /// Indices into `report.findings`, most urgent first: at most 30.
        package var annotated: [Int] = []
        /// How many findings have no annotation.
        package var leftOut = 0
    }

    /// The findings by priority, most urgent first, cut at `perCommand` per command (one fewer
    /// notice when anything is left out, for the closing notice). Only the annotated indices
    /// are kept, at most 30: a pass over the findings per priority finds them, so 700,000
    /// findings cost no copy, set or sort.
    package static func plan(_ report: ScanReport) -> Plan {
        var used: [String: Int] = [:]
        var plan = Plan()
        for priority in Priority.allCases.sorted(by: >) {
            let command = command(priority)
            guard used[command, default: 0] < perCommand else { continue }
            for (index, f) in report.findings.enumerated() where f.priority == priority {
                plan.annotated.append(index)
                used[command, default: 0] += 1
                if used[command] == perCommand { break }
            }
        }
        plan.leftOut = report.findings.count - plan.annotated.count
        if plan.leftOut > 0, used["notice"] == perCommand,
           let last = plan.annotated.lastIndex(where: { command(report.findings[$0].priority) == "notice" }) {
            // The closing notice takes the last notice's place.
            plan.annotated.remove(at: last)
            plan.leftOut += 1
        }
        return plan
    }

    public func write(_ report: ScanReport, to out: ReportOutput) {
        let plan = Self.plan(report)
        for index in plan.annotated {
            let f = report.findings[index]
            let properties = [
                ("file", report.location(of: f.path)), ("line", String(f.start.line)),
                ("col", String(f.start.column)), ("endLine", String(f.end.line)),
                ("endColumn", String(f.end.column)), ("title", "ollama-audit \(f.ruleID) (\(f.priority.rawValue))"),
            ].map { "\($0.0)=\(Escaping.githubProperty($0.1))" }.joined(separator: ",")
            out.write("::\(Self.command(f.priority)) \(properties)::\(Escaping.githubData(Self.text(f, report)))\n")
        }
        if plan.leftOut > 0 {
            out.write("ollama-audit: \(plan.leftOut.counting("finding")) beyond GitHub's annotation limits:\n")
            let annotated = Set(plan.annotated)
            for (index, f) in report.findings.enumerated() where !annotated.contains(index) {
                out.write("  " + Escaping.visible("\(report.location(of: f.path)):\(f.start.line):\(f.start.column): "
                    + "\(f.priority.rawValue) \(f.ruleID): \(Self.text(f, report))") + "\n")
            }
        }
        let n = report.findings.count
        out.write(n == 0 ? "ollama-audit: no Ollama dependencies found\n"
            : "ollama-audit: \(n.counting("finding")) in \(report.filesWithFindings.counting("file"))\n")
        if plan.leftOut > 0 {
            out.write("::notice title=ollama-audit::\(Escaping.githubData(Self.leftOutNote(annotated: plan.annotated.count, of: n)))\n")
        }
    }

    /// The closing notice: how many findings have no annotation, and where to see them all.
    static func leftOutNote(annotated: Int, of total: Int) -> String {
        "\(total - annotated) of \(total.counting("finding")) not annotated: GitHub shows at most "
            + "\(perCommand) error, \(perCommand) warning and \(perCommand) notice annotations per step, "
            + "so the most urgent were annotated; the step log lists the rest after the annotations"
    }

    /// An annotation's message: the rule's message, the matched text, a derived finding's evidence.
    static func text(_ f: Finding, _ report: ScanReport) -> String {
        f.message + ": " + f.match + TextReporter.via(f, path: report.location(of:))
    }

    // MARK: Step summary

    /// Files the step summary lists, most urgent first.
    static let summaryFiles = 10

    /// The Markdown a run appends to `GITHUB_STEP_SUMMARY`: findings by priority and by layer,
    /// the top files (most urgent, then most findings), and how many the annotations left out.
    /// Paths are the repository's: written as the Markdown audit writes them
    /// (Escaping.markdownCode), so no name can add markup or split a row. A few hundred bytes plus ten paths: far below the
    /// 1 MiB GitHub accepts per step.
    public static func stepSummary(_ report: ScanReport) -> String {
        let n = report.findings.count
        var text = "### \(Tool.name)\n\n"
        guard n > 0 else {
            return text + "No Ollama dependencies found (\(report.filesScanned.counting("file")) scanned).\n\n"
        }
        text += "**\(n.counting("finding")) in \(report.filesWithFindings.counting("file"))** "
            + "(\(report.filesScanned.counting("file")) scanned)."
        let leftOut = plan(report).leftOut
        text += leftOut == 0 ? " Each is annotated.\n\n"
            : " \(n - leftOut) annotated, most urgent first; the other \(leftOut) are listed in the step log "
                + "(GitHub shows \(perCommand) annotations of each kind per step).\n\n"
        text += "| Priority | Findings |\n|---|---:|\n"
        for (priority, count) in report.byPriority { text += "| \(priority.rawValue) | \(count) |\n" }
        text += "\n| Layer | Findings |\n|---|---:|\n"
        for (layer, count) in report.byLayer { text += "| \(layer.rawValue) | \(count) |\n" }
        // One tally per file, then the most urgent first (as the Markdown audit lists files),
        // the most findings next, then path.
        var files: [(path: String, count: Int, priority: Priority)] = []
        var position: [String: Int] = [:]
        for f in report.findings {
            if let i = position[f.path] {
                files[i].count += 1
                files[i].priority = max(files[i].priority, f.priority)
            } else {
                position[f.path] = files.count
                files.append((f.path, 1, f.priority))
            }
        }
        let top = files.sorted {
            $0.priority != $1.priority ? $0.priority > $1.priority : $0.count != $1.count ? $0.count > $1.count : $0.path < $1.path
        }.prefix(summaryFiles)
        text += "\n| File | Most urgent | Findings |\n|---|---|---:|\n"
        for file in top {
            text += "| \(Escaping.markdownCode(report.location(of: file.path))) | \(file.priority.rawValue) | \(file.count) |\n"
        }
        if files.count > top.count { text += "\nand \((files.count - top.count).counting("more file")).\n" }
        return text + "\n"
    }
}
