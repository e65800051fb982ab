import Model
import Platform
import Policy

/// JUnit XML as CI test-report views read it: one testsuite per rule, one failing testcase per
/// finding, and a single passing testcase when the scan is clean.
public struct JUnitReporter: Reporter {
    public init() {}

    public func write(_ report: ScanReport, to out: ReportOutput) {
        let e = { Escaping.xml($0) }
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + GeneratedMarker.commentLine)
        let total = report.findings.count
        out.write("<testsuites name=\"ollama-audit\" tests=\"\(max(total, 1))\" failures=\"\(total)\" errors=\"0\">\n")
        if total == 0 {
            out.write("  <testsuite name=\"ollama-audit\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n")
            out.write("    <testcase classname=\"ollama-audit\" name=\"no Ollama dependencies\"/>\n")
            out.write("  </testsuite>\n")
        }
        // Indices, not copies of the findings: a copy of 700,000 findings is 100 MB.
        var byRule: [String: [Int32]] = [:]
        for (i, f) in report.findings.enumerated() { byRule[f.ruleID, default: []].append(Int32(i)) }
        for ruleID in byRule.keys.sorted() {
            let indices = byRule[ruleID]!
            out.write("  <testsuite name=\"\(e(ruleID))\" tests=\"\(indices.count)\" failures=\"\(indices.count)\" errors=\"0\" skipped=\"0\">\n")
            let guidance = report.rule(ruleID).map { Escaping.xml($0.guidance, lines: true) }
            for i in indices {
                let f = report.findings[Int(i)]
                let location = "\(report.location(of: f.path)):\(f.start.line):\(f.start.column)"
                out.write("    <testcase classname=\"\(e(ruleID))\" name=\"\(e(location))\" file=\"\(e(report.location(of: f.path)))\">\n")
                out.write("      <failure type=\"\(f.priority.rawValue)\" message=\"\(e(f.message))\">")
                out.write(e("\(location) [\(f.priority.rawValue), \(f.category.rawValue), \(f.layer.rawValue)]")
                          + e(Escaping.visible(TextReporter.via(f, path: report.location(of:)))) + "\n"
                          + e(Escaping.visible(f.lineText)) + "\n")
                if let guidance { out.write(guidance) }
                out.write("</failure>\n")
                out.write("    </testcase>\n")
            }
            out.write("  </testsuite>\n")
        }
        out.write("</testsuites>\n")
    }
}
