/// JUnit XML as CI test-report views read it: one testsuite per rule, one failing testcase per
/// finding, and a single passing testcase when the scan is clean.
public struct JUnitReporter: Reporter {
    public init() {}

    public func render(_ report: ScanReport) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + GeneratedMarker.commentLine
        let total = report.findings.count
        out += "<testsuites name=\"ollama-audit\" tests=\"\(max(total, 1))\" failures=\"\(total)\" errors=\"0\">\n"
        if total == 0 {
            out += "  <testsuite name=\"ollama-audit\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n"
            out += "    <testcase classname=\"ollama-audit\" name=\"no Ollama dependencies\"/>\n"
            out += "  </testsuite>\n"
        }
        var byRule: [String: [Finding]] = [:]
        for f in report.findings { byRule[f.ruleID, default: []].append(f) }
        for ruleID in byRule.keys.sorted() {
            let findings = byRule[ruleID]!
            out += "  <testsuite name=\"\(Self.escape(ruleID))\" tests=\"\(findings.count)\" failures=\"\(findings.count)\" errors=\"0\" skipped=\"0\">\n"
            for f in findings {
                let location = "\(report.location(of: f.path)):\(f.start.line):\(f.start.column)"
                out += "    <testcase classname=\"\(Self.escape(ruleID))\" name=\"\(Self.escape(location))\" file=\"\(Self.escape(report.location(of: f.path)))\">\n"
                out += "      <failure type=\"\(f.priority.rawValue)\" message=\"\(Self.escape(f.message))\">"
                out += Self.escape("\(location) [\(f.priority.rawValue), \(f.category.rawValue), \(f.layer.rawValue)]\n\(f.lineText)\n")
                if let guidance = report.rule(ruleID)?.guidance { out += Self.escape(guidance) }
                out += "</failure>\n"
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    /// Escapes markup characters and drops characters XML 1.0 cannot carry at all
    /// (control characters other than tab and line breaks).
    static func escape(_ text: String) -> String {
        text.escapingScalars { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"": "&quot;"
            case "'": "&apos;"
            case "\t", "\n", "\r": nil
            default: scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) ? "\u{FFFD}" : nil
            }
        }
    }
}
