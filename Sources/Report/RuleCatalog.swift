import Foundation
import Model
import Rules

/// `rules list` and `rules explain`: the rule set as people and scripts read it.
public enum RuleCatalog {
    /// One row per rule: id, category, priority, file types, fixable.
    public static func table(_ rules: [Rule]) -> String {
        let header = ["ID", "CATEGORY", "PRIORITY", "FILES", "FIXABLE"]
        let rows = rules.map { rule in
            [rule.id, rule.category.rawValue, rule.priority.rawValue, files(rule), fixable(rule)]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in i == cells.count - 1 ? cell : cell.padding(widths[i]) }
                .joined(separator: "  ") + "\n"
        }
        return line(header) + rows.map(line).joined() + "\(rules.count.counting("rule"))\n"
    }

    package struct Entry: Encodable {
        package let id, message, category, priority: String
        package let layer: String?
        package let files: [String]
        package let paths: [String]
        package let fixable: Bool
        package let source: String
    }

    public static func json(_ rules: [Rule]) -> String {
        let entries = rules.map {
            Entry(id: $0.id, message: $0.message, category: $0.category.rawValue, priority: $0.priority.rawValue,
                  layer: $0.layer?.rawValue, files: $0.fileTypeNames, paths: $0.paths.map(\.description),
                  fixable: $0.fix != nil, source: $0.source)
        }
        return try! JSONDocument.text(entries) + "\n"
    }

    /// Everything a person needs to act on one rule's findings.
    public static func explain(_ rule: Rule) -> String {
        var out = "\(rule.id): \(rule.message)\n\n"
        out += "  category  \(rule.category.rawValue)\n"
        out += "  priority  \(rule.priority.rawValue)\n"
        out += "  layer     \(rule.layer?.rawValue ?? "from the file")\n"
        out += "  files     \(files(rule))\n"
        if !rule.paths.isEmpty { out += "  paths     \(rule.paths.map(\.description).joined(separator: " "))\n" }
        out += "  fixable   \(fixable(rule))\n"
        if let fix = rule.fix { out += "  fix       \(fix.source.replacingOccurrences(of: "\n", with: "\\n"))\n" }
        out += "  defined   \(rule.source)\n\n"
        out += "What to do:\n" + indent(rule.guidance) + "\n"
        if !rule.docs.isEmpty {
            out += "\nDocs:\n" + rule.docs.map { "  \($0)\n" }.joined()
        }
        out += "\nMatches:\n" + rule.examples.match.map { indent($0) + "\n" }.joined()
        out += "\nDoes not match:\n" + rule.examples.noMatch.map { indent($0) + "\n" }.joined()
        return out
    }

    /// `docs/rules.md`: every rule as `explain` gives it, with an index table, as Markdown.
    /// `make generate` writes it from `rules/`; a test fails when it is stale.
    public static func markdown(_ rules: [Rule]) -> String {
        var out = GeneratedMarker.commentLine
        out += "<!-- GENERATED from rules/*.yml by `make generate` (swift run generate-default-rules). DO NOT EDIT. -->\n\n"
        out += "# Built-in rules\n\n"
        out += "The \(rules.count.counting("rule")) built into `ollama-audit`, from `rules/*.yml`. "
            + "`ollama-audit rules list` prints the table and `ollama-audit rules explain ID` one entry; "
            + "[rule-authoring.md](rule-authoring.md) says how to write a rule.\n\n"
        out += "| id | category | priority | files | fixable |\n|---|---|---|---|---|\n"
        for rule in rules {
            out += "| [`\(rule.id)`](#\(rule.id)) | \(rule.category.rawValue) | \(rule.priority.rawValue) | "
                + "\(files(rule).replacingOccurrences(of: ",", with: ", ")) | \(fixable(rule)) |\n"
        }
        out += "\n"
        for rule in rules {
            out += "## `\(rule.id)`\n\n\(Escaping.markdownProse(rule.message))\n\n"
            out += "| | |\n|---|---|\n"
            out += "| category | \(rule.category.rawValue) |\n| priority | \(rule.priority.rawValue) |\n"
            out += "| layer | \(rule.layer?.rawValue ?? "from the file") |\n| files | \(files(rule)) |\n"
            if !rule.paths.isEmpty { out += "| paths | \(Escaping.markdownCode(rule.paths.map(\.description).joined(separator: " "))) |\n" }
            out += "| fixable | \(fixable(rule)) |\n"
            if let fix = rule.fix { out += "| fix | \(Escaping.markdownCode(fix.source.replacingOccurrences(of: "\n", with: "\\n"))) |\n" }
            out += "| defined in | [\(rule.source)](../\(rule.source)) |\n\n"
            out += "What to do:\n\n" + fenced(rule.guidance)
            if !rule.docs.isEmpty { out += "Docs:\n\n" + rule.docs.map { "- <\($0)>\n" }.joined() + "\n" }
            out += "Matches:\n\n" + rule.examples.match.map(fenced).joined()
            out += "Does not match:\n\n" + rule.examples.noMatch.map(fenced).joined()
            if !rule.examples.fixes.isEmpty {
                out += rule.examples.fixes.map { "`--fix` turns:\n\n" + fenced($0.before) + "into:\n\n" + fenced($0.after) }.joined()
            }
        }
        while out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }

    /// `text` as a fenced block that no backtick run inside it can close.
    static func fenced(_ text: String) -> String {
        var longest = 0, run = 0
        for c in text { run = c == "`" ? run + 1 : 0; longest = max(longest, run) }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + "text\n" + text + (text.hasSuffix("\n") ? "" : "\n") + fence + "\n\n"
    }

    /// yes (applied by --fix), unsafe (only with --unsafe-fixes), or no.
    package static func fixable(_ rule: Rule) -> String {
        guard rule.fix != nil else { return "no" }
        return rule.fixSafety == .safe ? "yes" : "unsafe"
    }

    package static func files(_ rule: Rule) -> String {
        rule.fileTypeNames.isEmpty ? "all" : rule.fileTypeNames.joined(separator: ",")
    }

    package static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}
