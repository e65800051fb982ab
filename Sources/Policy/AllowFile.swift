import Engine
import Foundation
import Model
import Rules

/// `.ollama-audit-allow.yml`: suppressions for files that cannot hold comments (JSON).
/// Each entry names a path, a rule, a finding fingerprint (as `scan --format json` and
/// baselines show it) and a reason. Found like the configuration: the nearest one at or above
/// the scan root, up to the git work tree's root.
public enum AllowFile {
    public static let fileName = ProjectFiles.allow

    package struct Entry {
        package let path: String
        package let rule: String
        package let fingerprint: String
        package let reason: String?
        package let line: Int?
    }

    package static func find(from root: String) -> String? {
        Walker.findUpward(fileName, from: root)
    }

    package static func load(_ path: String) throws(AuditError) -> [Entry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        do {
            let root = try YAMLValue.parse(String(decoding: data, as: UTF8.self), path: path)
            let top = try root.mapping(allowed: ["allow"], what: "an allow file")
            return try (top["allow"]?.list("allow") ?? []).map { item throws(AuditError) in
                let fields = try item.mapping(allowed: ["path", "rule", "fingerprint", "reason"], what: "an allow entry")
                guard let p = fields["path"], let r = fields["rule"], let f = fields["fingerprint"] else {
                    throw item.error("an allow entry needs path, rule and fingerprint")
                }
                return Entry(path: try p.string("path"), rule: try r.string("rule"), fingerprint: try f.string("fingerprint"),
                             reason: try fields["reason"]?.string("reason"), line: item.line)
            }
        } catch let AuditError.ruleFile(file, line, _, message) {
            throw AuditError.config(path: file, line: line, message: message)
        }
    }

    /// `report` with the findings the allow file names moved to `suppressed`.
    package static func apply(_ entries: [Entry], file: String, to report: ScanReport) -> ScanReport {
        guard !entries.isEmpty else { return report }
        var report = report
        let prints = Fingerprint.all(report)
        var used = Set<String>()
        var kept: [Finding] = []
        for (finding, print) in zip(report.findings, prints) {
            if entries.contains(where: { $0.fingerprint == print && $0.rule == finding.ruleID }) {
                report.suppressed.append(finding)
                used.insert(print)
            } else {
                kept.append(finding)
            }
        }
        report.findings = kept
        let name = (file as NSString).lastPathComponent
        report.suppressions += entries.map {
            var s = Suppression(path: name, line: $0.line ?? 0, rules: [$0.rule], reason: $0.reason)
            s.used = used.contains($0.fingerprint)
            return s
        }
        report.suppressed.sort(by: Finding.reportOrder)
        return report
    }
}
