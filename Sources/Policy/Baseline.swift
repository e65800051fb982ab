import Foundation
import Model
import Platform

/// One accepted finding in a baseline file.
public struct BaselineEntry: Codable, Hashable, Sendable {
    public let fingerprint: String
    public let rule: String
    public let path: String
    public let match: String
}

/// A baseline: the findings a team accepted on adoption day. `scan --baseline` fails only on
/// findings that are not in it. Entries are keyed by fingerprint (rule, repository path,
/// matched text, occurrence), so edits elsewhere in a file keep them valid.
public struct Baseline: Codable, Sendable {
    /// GeneratedMarker's note, the first key written, so scans skip the file; older baselines
    /// have none, and any value is accepted on reading.
    package var comment: String? = GeneratedMarker.note
    public var version = 1
    public var entries: [BaselineEntry]

    package enum CodingKeys: String, CodingKey {
        case comment = "$comment", version, entries
    }

    public init(_ report: ScanReport) {
        let findings = report.findings + report.baselined
        let prints = Fingerprint.of(findings, in: report)
        entries = zip(findings, prints).map {
            BaselineEntry(fingerprint: $1, rule: $0.ruleID, path: report.repositoryPath(of: $0.path), match: $0.match)
        }.sorted { ($0.path, $0.rule, $0.fingerprint) < ($1.path, $1.rule, $1.fingerprint) }
    }

    public static func load(_ path: String) throws(AuditError) -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AuditError.config(path: path, line: nil, message: "cannot read the baseline; `ollama-audit baseline write \(path)` creates it")
        }
        do { return try JSONDecoder().decode(Baseline.self, from: data) } catch {
            throw AuditError.config(path: path, line: nil, message: "not a baseline file: \(error.localizedDescription)")
        }
    }

    public func write(to path: String) throws(AuditError) {
        var marked = self
        marked.comment = GeneratedMarker.note
        try OutputFile.write(try! JSONDocument.text(marked) + "\n", to: path)
    }

    /// `report` with the findings this baseline accepts moved aside, and its stale entries.
    public func apply(to report: ScanReport) -> ScanReport {
        var report = report
        let prints = Fingerprint.all(report)
        let known = Set(entries.map(\.fingerprint))
        var fresh: [Finding] = []
        var seen = Set<String>()
        for (finding, print) in zip(report.findings, prints) {
            if known.contains(print) { report.baselined.append(finding); seen.insert(print) } else { fresh.append(finding) }
        }
        report.findings = fresh
        report.staleBaseline = entries.filter { !seen.contains($0.fingerprint) }
        return report
    }

    /// Without entries that no longer match anything.
    public func pruned(against report: ScanReport) -> Baseline {
        var copy = self
        let stale = Set(apply(to: report).staleBaseline.map(\.fingerprint))
        copy.entries.removeAll { stale.contains($0.fingerprint) }
        return copy
    }
}
