import Engine
import Model
import Policy
import Rules

/// The audit's first screen: the status line, where the audit comes from, and a chart and
/// tables a reader takes in at a glance.
extension MarkdownReporter {
    // MARK: Status

    /// One sentence: how much there is, how much `--fix` does, whether the scan is complete.
    func status(_ report: ScanReport, _ files: [FileSummary]) -> String {
        guard !report.findings.isEmpty else {
            return report.incomplete ? "no Ollama dependency found, but the scan is incomplete (see the warnings)."
                : "no Ollama dependency found: nothing to migrate."
        }
        let requiring = files.count { $0.priority > .low }
        let critical = report.findings.count { $0.priority == .critical }
        let auto = report.findings.count { $0.fixability == .auto }
        var text = "\(report.findings.count.counting("finding")) in \(files.count.counting("file")), "
            + "\(requiring) of them to migrate (\(critical) critical \(critical == 1 ? "finding" : "findings") on the inference path); "
            + "`ollama-audit scan --fix` rewrites \(auto), \(report.findings.count - auto) are manual work"
        if case let .planned(rows)? = units {
            let applied = rows.count { $0.applied }
            text += " (\(rows.count.counting("migration unit")): \(applied) rewritten, \(rows.count - applied) manual)"
        }
        text += report.incomplete ? "; the scan is incomplete: \(report.warnings.count.counting("warning"))." : "; the scan is complete."
        return text
    }

    // MARK: Provenance

    /// Where the audit comes from: enough to reproduce it, and to tell when it is stale.
    func provenance(_ report: ScanReport) -> String {
        var out = "\n## Provenance\n\n| Item | Value |\n|---|---|\n"
        out += "| Tool | \(Tool.name) \(Tool.version) |\n"
        out += "| Date | " + (context.date.map { Escaping.markdownCode($0) }
            ?? "not recorded (reports are byte-stable; `--timestamps` adds the run's time)") + " |\n"
        out += "| Commit | " + (context.commit.map { commit in
            context.links.map { "[\(Escaping.markdownCode(commit))](\($0.commitURL))" } ?? Escaping.markdownCode(commit)
        } ?? "none: not a git repository") + " |\n"
        out += "| Scanned | " + roots(report).map { Escaping.markdownCode($0) }.joined(separator: ", ")
            + " (\(report.filesScanned.counting("file")) read) |\n"
        var excluded: [String] = []
        if !context.exclusions.isEmpty {
            excluded.append("globs " + Self.folded(context.exclusions.map { Escaping.markdownCode($0) }, shown: 8))
        }
        excluded.append(context.honoursIgnoreFiles ? "files `.gitignore` and `.ignore` name" : "no ignore file (`--no-ignore`)")
        let s = report.skipped
        let skipped = [(s.binary, "binary"), (s.tooLarge, "too large"), (s.generated, "generated or minified"),
                       (s.symlink, "symbolic link"), (s.unreadable, "unreadable")].filter { $0.0 > 0 }
        if !skipped.isEmpty { excluded.append("skipped: " + skipped.map { "\($0.0) \($0.1)" }.joined(separator: ", ")) }
        if !report.baselined.isEmpty { excluded.append("\(report.baselined.count.counting("finding")) the baseline accepts") }
        if !report.suppressed.isEmpty { excluded.append("\(report.suppressed.count.counting("finding")) suppressed") }
        out += "| Excluded | " + excluded.joined(separator: "; ") + " |\n"
        out += "| Rule set | \(report.rules.count.counting("rule")), hash `\(Self.ruleSetHash(report.rules))` |\n"
        return out
    }

    /// A stable hash of the rules that ran: each rule's id, source, priority, category, layer,
    /// pattern and context, in order, with the tool's version (the built-in rules are the
    /// version's). Two audits with one hash ran the same rules. FNV-1a, 64 bits: an identity,
    /// not a signature.
    static func ruleSetHash(_ rules: [Rule]) -> String {
        var text = "\(Tool.name) \(Tool.version)\n"
        for rule in rules {
            let fields = [rule.id, rule.source, rule.priority.rawValue, rule.category.rawValue, rule.layer?.rawValue ?? "",
                          rule.pattern.pattern, rule.context?.pattern ?? "", rule.fileTypeNames.joined(separator: ",")]
            text += fields.joined(separator: "\u{0}") + "\u{1}"
        }
        return "fnv1a64:" + Fingerprint.hex(Fingerprint.fnv1a(text))
    }

    // MARK: At a glance

    /// Node names of the chart: the layers and priorities, never text from the repository.
    package static let chartLayerNames: [Layer: String] = [
        .backend: "Backend", .frontend: "Frontend", .configuration: "Configuration",
        .container: "Containers", .documentation: "Documentation", .test: "Tests",
    ]

    /// The findings by layer and priority as a Mermaid Sankey chart (GitHub and GitLab render
    /// it; elsewhere it shows as its source, which is the same numbers), the same numbers as a
    /// table, and the effort by file.
    func glance(_ report: ScanReport, _ files: [FileSummary]) -> String {
        var out = "\n## At a glance\n\n"
        guard !report.findings.isEmpty else { return out + "No findings.\n" }
        var counts: [Layer: [Priority: Int]] = [:]
        for f in report.findings { counts[f.layer, default: [:]][f.priority, default: 0] += 1 }
        let layers = Layer.allCases.filter { counts[$0] != nil }
        out += "Findings by layer (left) and priority (right):\n\n```mermaid\nsankey-beta\n"
        for layer in layers {
            for priority in Priority.allCases {
                guard let n = counts[layer]?[priority], n > 0 else { continue }
                out += "\(Self.chartLayerNames[layer]!),\(priority.rawValue),\(n)\n"
            }
        }
        out += "```\n\n| Layer | " + Priority.allCases.map(\.rawValue).joined(separator: " | ") + " | Total |\n|---|"
            + String(repeating: "---|", count: Priority.allCases.count + 1) + "\n"
        for layer in layers {
            let row = Priority.allCases.map { counts[layer]?[$0] ?? 0 }
            out += "| \(Self.chartLayerNames[layer]!) | " + row.map(String.init).joined(separator: " | ") + " | \(row.reduce(0, +)) |\n"
        }
        let totals = Priority.allCases.map { p in report.findings.count { $0.priority == p } }
        out += "| Total | " + totals.map(String.init).joined(separator: " | ") + " | \(report.findings.count) |\n"
        out += effort(report, files)
        return out
    }

    /// Files to migrate, most work first: the findings left to a person, and the units `--fix`
    /// rewrites or leaves. Past the first rows the table folds under `<details>`.
    func effort(_ report: ScanReport, _ files: [FileSummary]) -> String {
        var unitsByPath: [String: (applied: Int, manual: Int)] = [:]
        if case let .planned(rows)? = units {
            for row in rows {
                var entry = unitsByPath[row.path] ?? (0, 0)
                if row.applied { entry.applied += 1 } else { entry.manual += 1 }
                unitsByPath[row.path] = entry
            }
        }
        let ordered = files.sorted {
            if $0.priority != $1.priority { return $0.priority > $1.priority }
            if $0.manual != $1.manual { return $0.manual > $1.manual }
            return $0.path.utf8.lexicographicallyPrecedes($1.path.utf8)
        }
        let withUnits = units != nil
        let header = "| File | Layer | Priority | Findings | Manual findings |"
            + (withUnits ? " Units rewritten by `--fix` | Units left manual |" : "") + "\n|---|---|---|---|---|"
            + (withUnits ? "---|---|" : "") + "\n"
        func row(_ file: FileSummary) -> String {
            var text = "| \(fileCell(report, file.path)) | \(file.layer.rawValue) | \(file.priority.rawValue) | \(file.count) | \(file.manual) |"
            if withUnits {
                let u = unitsByPath[file.path] ?? (0, 0)
                text += " \(u.applied) | \(u.manual) |"
            }
            return text + "\n"
        }
        var out = "\n### Effort by file\n\nMost work first: the highest priority, then the most findings `--fix` leaves to a person.\n\n"
        out += header + ordered.prefix(Self.effortShownOpen).map(row).joined()
        if ordered.count > Self.effortShownOpen {
            let rest = ordered.dropFirst(Self.effortShownOpen)
            out += "\n<details>\n<summary>\(rest.count.counting("more file", "more files"))</summary>\n\n"
                + header + rest.map(row).joined() + "\n</details>\n"
        }
        return out
    }

    /// Rows the effort table shows before the rest folds.
    static let effortShownOpen = 15
}
