import Model
import Platform
import Policy

/// GitLab's Code Quality report (`artifacts: reports: codequality:`), which the merge request
/// widget reads: the JSON array GitLab documents (docs.gitlab.com/ci/testing/code_quality/,
/// "Code Quality report format"), one issue per finding with the fields it requires:
/// `description`, `check_name`, `fingerprint`, `severity`, `location.path` and
/// `location.lines.begin` (and `end`).
///
/// - `location.path` is relative to the repository root, whatever folder was scanned: GitLab
///   links it to the file in the merge request's diff.
/// - `fingerprint` is SARIF's and the JSON report's (Fingerprint): GitLab compares the source
///   and target branches' reports by it, and it survives edits elsewhere in the file.
/// - `severity`: critical → critical, high → major, medium → minor, low → info.
///
/// The first issue also carries GeneratedMarker's `$comment` (GitLab ignores keys it does not
/// know), so a later scan skips a saved report. Keys sorted; written as it is made (JSONWriter).
public struct GitLabReporter: Reporter {
    public init() {}

    /// GitLab's severity for a priority (its scale: info, minor, major, critical, blocker).
    package static func severity(_ priority: Priority) -> String {
        switch priority {
        case .critical: "critical"
        case .high: "major"
        case .medium: "minor"
        case .low: "info"
        }
    }

    public func write(_ report: ScanReport, to out: ReportOutput) {
        var json = JSONWriter(out)
        json.open("[")
        var fingerprints = Fingerprinter(report)
        for (index, f) in report.findings.enumerated() {
            var issue: [(String, JSONValue)] = [
                ("check_name", .string(f.ruleID)),
                ("description", .string(f.message + ": " + f.match + TextReporter.via(f, path: report.repositoryPath(of:)))),
                ("fingerprint", .string(fingerprints.next(f))),
                ("location", .object([
                    ("lines", .object([("begin", .int(f.start.line)), ("end", .int(f.end.line))])),
                    ("path", .string(report.repositoryPath(of: f.path))),
                ])),
                ("severity", .string(Self.severity(f.priority))),
            ]
            if index == 0 { issue.append(("$comment", .string(GeneratedMarker.note))) }
            json.value(.object(issue))
        }
        json.close("]")
        out.write("\n")
    }
}
