import Engine
import Model
import Platform
import Policy

/// The machine-readable report. Its schema is versioned (`version`) and documented in
/// docs/reports.md; keys are sorted so the output is byte-stable. Written as it is made (JSONWriter),
/// byte for byte as JSONEncoder wrote the whole document before: encoding 700,000 findings at
/// once took 1.95 GB.
public struct JSONReporter: Reporter {
    /// Bumped on any incompatible change to the document's shape. 2: a finding may carry
    /// `region` (its enclosing function, class or block) and `via` (a derived finding's chain
    /// of evidence), so a reader of version 1 would miss why a finding is there.
    public static let schemaVersion = 2

    public init() {}

    /// A warning, with `path_uri` when its path is not UTF-8.
    package struct PathWarning: Encodable {
        package let warning: ScanWarning
        let pathURI: String?

        package enum Key: String, CodingKey { case pathURI = "path_uri" }

        package func encode(to encoder: Encoder) throws {
            try warning.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encodeIfPresent(pathURI, forKey: .pathURI)
        }
    }

    package struct ToolInfo: Encodable {
        package let name: String
        package let version: String
    }

    package struct Summary: Encodable {
        package let findings: Int
        package let filesWithFindings: Int
        package let filesScanned: Int
        package let skipped: SkipCounts
        package let byPriority: [String: Int]
        package let byLayer: [String: Int]
        package let suppressed: Int
        package let baselined: Int

        package enum CodingKeys: String, CodingKey {
            case findings, filesWithFindings = "files_with_findings", filesScanned = "files_scanned", skipped
            case byPriority = "by_priority", byLayer = "by_layer", suppressed, baselined
        }
    }

    public func write(_ report: ScanReport, to out: ReportOutput) {
        var json = JSONWriter(out)
        json.open("{")
        // GeneratedMarker: the first key (keys are sorted), so scans skip a saved report.
        json.value("$comment", .string(GeneratedMarker.note))
        json.array("findings") { json in
            var fingerprints = Fingerprinter(report)
            for finding in report.findings {
                // `path` shows a name that is not UTF-8 with `\xNN` escapes; `path_uri` then has
                // its exact bytes, percent-encoded (docs/usage.md, "What is scanned").
                json.raw(Self.text(finding, fingerprint: fingerprints.next(finding), depth: json.depth,
                                   pathURI: report.rawPaths[finding.path].map(PathBytes.percentEncoded)))
            }
        }
        json.encoded("roots", report.roots)
        json.array("stale_baseline") { json in for entry in report.staleBaseline { json.encoded(entry) } }
        json.encoded("summary", Summary(
            findings: report.findings.count,
            filesWithFindings: report.filesWithFindings,
            filesScanned: report.filesScanned,
            skipped: report.skipped,
            byPriority: Dictionary(uniqueKeysWithValues: report.byPriority.map { ($0.0.rawValue, $0.1) }),
            byLayer: Dictionary(uniqueKeysWithValues: report.byLayer.map { ($0.0.rawValue, $0.1) }),
            suppressed: report.suppressed.count, baselined: report.baselined.count))
        json.array("suppressed") { json in for finding in report.suppressed { json.value(Self.value(finding)) } }
        json.array("suppressions") { json in for suppression in report.suppressions { json.encoded(suppression) } }
        json.encoded("tool", ToolInfo(name: Tool.name, version: Tool.version))
        json.value("version", .int(Self.schemaVersion))
        json.array("warnings") { json in
            for warning in report.warnings {
                json.encoded(PathWarning(warning: warning, pathURI: report.rawPaths[warning.path].map(PathBytes.percentEncoded)))
            }
        }
        json.close("}")
        out.write("\n")
    }

    /// A finding as `value` writes it, built directly: the findings are most of the document,
    /// and a tree per finding for 700,000 of them is slow. ReportFormatTests pins the two equal.
    package static func text(_ f: Finding, fingerprint: String, depth: Int, pathURI: String? = nil) -> String {
        let s = Escaping.jsonString
        let outer = String(repeating: "  ", count: depth), i = outer + "  ", ii = i + "  "
        func position(_ p: Position) -> String {
            "{\n\(ii)\"column\" : \(p.column),\n\(ii)\"line\" : \(p.line)\n\(i)}"
        }
        var out = "{\n\(i)\"category\" : \(s(f.category.rawValue)),\n\(i)\"end\" : \(position(f.end)),\n"
        out += "\(i)\"fingerprint\" : \(s(fingerprint)),\n\(i)\"fix\" : \(s(f.fixability.rawValue)),\n"
        out += "\(i)\"layer\" : \(s(f.layer.rawValue)),\n\(i)\"line\" : \(s(f.lineText)),\n"
        out += "\(i)\"match\" : \(s(f.match)),\n\(i)\"message\" : \(s(f.message)),\n"
        out += "\(i)\"path\" : \(s(f.path)),\n"
        if let pathURI { out += "\(i)\"path_uri\" : \(s(pathURI)),\n" }
        out += "\(i)\"priority\" : \(s(f.priority.rawValue)),\n"
        if let r = f.region {
            out += "\(i)\"region\" : {\n\(ii)\"end_line\" : \(r.endLine),\n\(ii)\"kind\" : \(s(r.kind)),\n"
            out += "\(ii)\"name\" : \(s(r.name)),\n\(ii)\"start_line\" : \(r.startLine)\n\(i)},\n"
        }
        if let replacement = f.replacement { out += "\(i)\"replacement\" : \(s(replacement)),\n" }
        out += "\(i)\"rule\" : \(s(f.ruleID)),\n\(i)\"start\" : \(position(f.start))"
        if !f.via.isEmpty {
            let iii = ii + "  "
            out += ",\n\(i)\"via\" : [\n" + f.via.map { e in
                "\(ii){\n\(iii)\"column\" : \(e.column),\n\(iii)\"kind\" : \(s(e.kind)),\n\(iii)\"line\" : \(e.line),\n"
                    + "\(iii)\"name\" : \(s(e.name)),\n\(iii)\"path\" : \(s(e.path))\n\(ii)}"
            }.joined(separator: ",\n") + "\n\(i)]"
        }
        out += "\n\(outer)}"
        return out
    }

    /// A finding as `Finding.encode` writes it, plus its fingerprint when it has one.
    package static func value(_ f: Finding, fingerprint: String? = nil) -> JSONValue {
        func position(_ p: Position) -> JSONValue { .object([("column", .int(p.column)), ("line", .int(p.line))]) }
        let pairs: [(String, JSONValue?)] = [
            ("category", .string(f.category.rawValue)), ("end", position(f.end)),
            ("fingerprint", JSONValue.optional(fingerprint)), ("fix", .string(f.fixability.rawValue)),
            ("layer", .string(f.layer.rawValue)), ("line", .string(f.lineText)), ("match", .string(f.match)),
            ("message", .string(f.message)), ("path", .string(f.path)), ("priority", .string(f.priority.rawValue)),
            ("region", f.region.map { r in
                .object([("end_line", .int(r.endLine)), ("kind", .string(r.kind)), ("name", .string(r.name)),
                         ("start_line", .int(r.startLine))])
            }),
            ("replacement", JSONValue.optional(f.replacement)), ("rule", .string(f.ruleID)), ("start", position(f.start)),
            ("via", f.via.isEmpty ? nil : .array(f.via.map { e in
                .object([("column", .int(e.column)), ("kind", .string(e.kind)), ("line", .int(e.line)),
                         ("name", .string(e.name)), ("path", .string(e.path))])
            })),
        ]
        return .object(pairs.present)
    }
}
