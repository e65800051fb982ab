import Foundation
import Model
import Report

/// The outcome of one check.
public enum CheckStatus: String, Sendable, Encodable {
    case pass, fail, skipped
}

/// One row of the verify table.
public struct CheckResult: Sendable {
    /// Stable id: references, liveness, completion, concurrency, budgets, embeddings, app, gpu.
    public let id: String
    public var status: CheckStatus
    /// One line; latencies in it are written `0.123 s`.
    public var summary: String
    /// Further lines: each error with what to do, the served models, the findings left.
    public var details: [String] = []
    /// Measurements by name: `*_seconds`, `*_percent`, or counts.
    public var metrics: [String: Double] = [:]

    public init(id: String, status: CheckStatus, summary: String, details: [String] = [], metrics: [String: Double] = [:]) {
        self.id = id
        self.status = status
        self.summary = summary
        self.details = details
        self.metrics = metrics
    }
}

/// Everything `ollama-audit verify` found, in check order.
public struct VerifyReport: Sendable {
    /// The endpoint as shown: any password in it replaced by `***`.
    public let endpoint: String
    public let model: String?
    public var checks: [CheckResult]

    public init(endpoint: String, model: String?, checks: [CheckResult]) {
        self.endpoint = endpoint
        self.model = model
        self.checks = checks
    }

    public func count(_ status: CheckStatus) -> Int { checks.filter { $0.status == status }.count }

    /// Every check that ran passed.
    public var passed: Bool { count(.fail) == 0 }

    /// 0 when every check that ran passed, else 1.
    public var exitStatus: ExitStatus { passed ? .clean : .findings }
}

/// `--format` for verify: the scan formats that make sense for a pass/fail table.
public enum VerifyFormat: String, CaseIterable, Sendable {
    case text, json, markdown, junit

    public func render(_ report: VerifyReport) -> String {
        switch self {
        case .text: VerifyRenderers.text(report)
        case .json: VerifyRenderers.json(report)
        case .markdown: VerifyRenderers.markdown(report)
        case .junit: VerifyRenderers.junit(report)
        }
    }
}

/// Seconds as every verify report writes them: milliseconds, then ` s`.
package func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }

/// A budget or threshold as configured: `5 s`, `2.5 s`.
package func budget(_ value: Double) -> String {
    value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
}

/// The renderers follow the scan reporters' conventions: JSON with sorted keys and a
/// versioned schema, and text, Markdown and JUnit escaped by Escaping as the scan reports
/// are (one testcase per check; skipped checks are <skipped/>). Model ids, error bodies and
/// the endpoint come from the server or the user: in the text table, a line break in them
/// could otherwise forge a row.
package enum VerifyRenderers {
    package static let schemaVersion = 1

    package static func text(_ report: VerifyReport) -> String {
        let v = Escaping.visible
        var out = "ollama-audit verify: \(v(report.endpoint))"
        if let model = report.model { out += " (model \(v(model)))" }
        out += "\n\n"
        let idWidth = max(5, report.checks.map(\.id.count).max() ?? 0)
        let statusWidth = 7
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        out += pad("check", idWidth) + "  " + pad("result", statusWidth) + "  details\n"
        for check in report.checks {
            out += pad(v(check.id), idWidth) + "  " + pad(check.status.rawValue, statusWidth) + "  " + v(check.summary) + "\n"
            for line in check.details {
                out += String(repeating: " ", count: idWidth + statusWidth + 4) + "- " + v(line) + "\n"
            }
        }
        out += "\n\(report.checks.count) checks: \(report.count(.pass)) passed, \(report.count(.fail)) failed, "
            + "\(report.count(.skipped)) skipped\n"
        return out
    }

    package struct Document: Encodable {
        package let version: Int
        package let tool: [String: String]
        package let endpoint: String
        package let model: String?
        package let passed: Bool
        package let checks: [Check]
        package let summary: [String: Int]

        package func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            // GeneratedMarker: the first key (keys are sorted), so scans skip a saved report.
            try c.encode(GeneratedMarker.note, forKey: .comment)
            try c.encode(version, forKey: .version)
            try c.encode(tool, forKey: .tool)
            try c.encode(endpoint, forKey: .endpoint)
            try c.encode(model, forKey: .model)  // null when the server chose
            try c.encode(passed, forKey: .passed)
            try c.encode(checks, forKey: .checks)
            try c.encode(summary, forKey: .summary)
        }

        package enum Keys: String, CodingKey { case comment = "$comment", version, tool, endpoint, model, passed, checks, summary }
    }

    package struct Check: Encodable {
        package let id: String
        package let status: CheckStatus
        package let summary: String
        package let details: [String]
        package let metrics: [String: Double]
    }

    package static func json(_ report: VerifyReport) -> String {
        let document = Document(
            version: schemaVersion, tool: ["name": Tool.name, "version": Tool.version],
            endpoint: report.endpoint, model: report.model, passed: report.passed,
            checks: report.checks.map {
                Check(id: $0.id, status: $0.status, summary: $0.summary, details: $0.details,
                      metrics: $0.metrics.mapValues { ($0 * 1000).rounded() / 1000 })
            },
            summary: ["passed": report.count(.pass), "failed": report.count(.fail), "skipped": report.count(.skipped)])
        // Plain strings, numbers and booleans cannot fail to encode.
        return Escaping.jsonUnforgeable(try! JSONDocument.text(document)) + "\n"
    }

    package static func markdown(_ report: VerifyReport) -> String {
        var out = GeneratedMarker.commentLine + "# Migration verification\n\n"
        out += "Endpoint \(Escaping.markdownCode(report.endpoint))"
        if let model = report.model { out += ", model \(Escaping.markdownCode(model))" }
        out += ".\n\n"
        out += "**\(report.passed ? "Passed" : "Failed")**: \(report.count(.pass)) passed, \(report.count(.fail)) failed, "
            + "\(report.count(.skipped)) skipped.\n\n"
        out += "| check | result | details |\n|---|---|---|\n"
        let marks: [CheckStatus: String] = [.pass: "✅ pass", .fail: "❌ fail", .skipped: "⏭️ skipped"]
        for check in report.checks {
            out += "| \(Escaping.markdownText(check.id)) | \(marks[check.status]!) | \(Escaping.markdownText(check.summary)) |\n"
        }
        let detailed = report.checks.filter { !$0.details.isEmpty }
        if !detailed.isEmpty {
            out += "\n## Details\n"
            for check in detailed {
                out += "\n### \(Escaping.markdownText(check.id))\n\n"
                for line in check.details { out += "- \(Escaping.markdownText(line))\n" }
            }
        }
        return out
    }

    package static func junit(_ report: VerifyReport) -> String {
        let e = { Escaping.xml($0) }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + GeneratedMarker.commentLine
        let counts = "tests=\"\(report.checks.count)\" failures=\"\(report.count(.fail))\" errors=\"0\""
        out += "<testsuites name=\"ollama-audit verify\" \(counts)>\n"
        out += "  <testsuite name=\"\(e(report.endpoint))\" \(counts) skipped=\"\(report.count(.skipped))\">\n"
        for check in report.checks {
            out += "    <testcase classname=\"ollama-audit.verify\" name=\"\(e(check.id))\">\n"
            let body = ([check.summary] + check.details).map(e).joined(separator: "\n")
            switch check.status {
            case .pass:
                out += "      <system-out>\(body)</system-out>\n"
            case .fail:
                out += "      <failure type=\"\(e(check.id))\" message=\"\(e(check.summary))\">\(body)</failure>\n"
            case .skipped:
                out += "      <skipped message=\"\(e(check.summary))\"/>\n"
            }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }
}
