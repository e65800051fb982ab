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
    /// and a tree per finding for 700,000 of them is slow. Built as bytes, not by appending to
    /// a String: two hundred small appends per finding were most of writing the report.
    /// ReportFormatTests pins the two equal.
    package static func text(_ f: Finding, fingerprint: String, depth: Int, pathURI: String? = nil) -> String {
        var b: [UInt8] = []
        b.reserveCapacity(768 + f.lineText.utf8.count + f.message.utf8.count)
        let outer = String(repeating: "  ", count: depth), i = outer + "  ", ii = i + "  ", iii = ii + "  "
        func raw(_ text: String) { b.append(contentsOf: text.utf8) }
        func string(_ text: String) { Escaping.appendJSONString(text, to: &b) }
        func key(_ indent: String, _ name: String) { raw(indent); b.append(0x22); raw(name); raw("\" : ") }
        func number(_ n: Int) { raw(String(n)) }
        func position(_ p: Position) {
            raw("{\n"); key(ii, "column"); number(p.column); raw(",\n"); key(ii, "line"); number(p.line); raw("\n"); raw(i); raw("}")
        }
        raw("{\n")
        key(i, "category"); string(f.category.rawValue); raw(",\n")
        key(i, "end"); position(f.end); raw(",\n")
        key(i, "fingerprint"); string(fingerprint); raw(",\n")
        key(i, "fix"); string(f.fixability.rawValue); raw(",\n")
        key(i, "layer"); string(f.layer.rawValue); raw(",\n")
        key(i, "line"); string(f.lineText); raw(",\n")
        key(i, "match"); string(f.match); raw(",\n")
        key(i, "message"); string(f.message); raw(",\n")
        key(i, "path"); string(f.path); raw(",\n")
        if let pathURI { key(i, "path_uri"); string(pathURI); raw(",\n") }
        key(i, "priority"); string(f.priority.rawValue); raw(",\n")
        if let r = f.region {
            key(i, "region"); raw("{\n")
            key(ii, "end_line"); number(r.endLine); raw(",\n")
            key(ii, "kind"); string(r.kind); raw(",\n")
            key(ii, "name"); string(r.name); raw(",\n")
            key(ii, "start_line"); number(r.startLine); raw("\n"); raw(i); raw("},\n")
        }
        if let replacement = f.replacement { key(i, "replacement"); string(replacement); raw(",\n") }
        key(i, "rule"); string(f.ruleID); raw(",\n")
        key(i, "start"); position(f.start)
        if !f.via.isEmpty {
            raw(",\n"); key(i, "via"); raw("[\n")
            for (n, e) in f.via.enumerated() {
                if n > 0 { raw(",\n") }
                raw(ii); raw("{\n")
                key(iii, "column"); number(e.column); raw(",\n")
                key(iii, "kind"); string(e.kind); raw(",\n")
                key(iii, "line"); number(e.line); raw(",\n")
                key(iii, "name"); string(e.name); raw(",\n")
                key(iii, "path"); string(e.path); raw("\n"); raw(ii); raw("}")
            }
            raw("\n"); raw(i); raw("]")
        }
        raw("\n"); raw(outer); raw("}")
        return String(decoding: b, as: UTF8.self)
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
