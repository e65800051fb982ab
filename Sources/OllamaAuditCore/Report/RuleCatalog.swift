import Foundation

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

    struct Entry: Encodable {
        let id, message, category, priority: String
        let layer: String?
        let files: [String]
        let paths: [String]
        let fixable: Bool
        let source: String
    }

    public static func json(_ rules: [Rule]) -> String {
        let entries = rules.map {
            Entry(id: $0.id, message: $0.message, category: $0.category.rawValue, priority: $0.priority.rawValue,
                  layer: $0.layer?.rawValue, files: $0.fileTypeNames, paths: $0.paths.map(\.description),
                  fixable: $0.fix != nil, source: $0.source)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(entries), as: UTF8.self) + "\n"
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

    /// yes (applied by --fix), unsafe (only with --unsafe-fixes), or no.
    static func fixable(_ rule: Rule) -> String {
        guard rule.fix != nil else { return "no" }
        return rule.fixSafety == .safe ? "yes" : "unsafe"
    }

    static func files(_ rule: Rule) -> String {
        rule.fileTypeNames.isEmpty ? "all" : rule.fileTypeNames.joined(separator: ",")
    }

    static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}
