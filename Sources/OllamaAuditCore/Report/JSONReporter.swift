import Foundation

/// The machine-readable report. Its schema is versioned (`version`) and documented in the
/// README; keys are sorted so the output is byte-stable.
public struct JSONReporter: Reporter {
    /// Bumped on any incompatible change to the document's shape.
    public static let schemaVersion = 1

    public init() {}

    struct Document: Encodable {
        /// GeneratedMarker: the first key (keys are sorted), so scans skip a saved report.
        let comment = GeneratedMarker.note
        let version: Int
        let tool: ToolInfo
        let roots: [String]
        let findings: [FingerprintedFinding]
        let summary: Summary
        let warnings: [PathWarning]
        let suppressed: [Finding]
        let suppressions: [Suppression]
        let staleBaseline: [BaselineEntry]

        enum CodingKeys: String, CodingKey {
            case comment = "$comment", version, tool, roots, findings, summary, warnings, suppressed, suppressions
            case staleBaseline = "stale_baseline"
        }
    }

    /// A finding with its fingerprint, the key baselines and the allow file use.
    struct FingerprintedFinding: Encodable {
        let finding: Finding
        let fingerprint: String
        let pathURI: String?

        enum Key: String, CodingKey { case fingerprint, pathURI = "path_uri" }

        func encode(to encoder: Encoder) throws {
            try finding.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(fingerprint, forKey: .fingerprint)
            try container.encodeIfPresent(pathURI, forKey: .pathURI)
        }
    }

    /// A warning, with `path_uri` when its path is not UTF-8.
    struct PathWarning: Encodable {
        let warning: ScanWarning
        let pathURI: String?

        enum Key: String, CodingKey { case pathURI = "path_uri" }

        func encode(to encoder: Encoder) throws {
            try warning.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encodeIfPresent(pathURI, forKey: .pathURI)
        }
    }

    struct ToolInfo: Encodable {
        let name: String
        let version: String
    }

    struct Summary: Encodable {
        let findings: Int
        let filesWithFindings: Int
        let filesScanned: Int
        let skipped: SkipCounts
        let byPriority: [String: Int]
        let byLayer: [String: Int]
        let suppressed: Int
        let baselined: Int

        enum CodingKeys: String, CodingKey {
            case findings, filesWithFindings = "files_with_findings", filesScanned = "files_scanned", skipped
            case byPriority = "by_priority", byLayer = "by_layer", suppressed, baselined
        }
    }

    public func render(_ report: ScanReport) -> String {
        let document = Document(
            version: Self.schemaVersion,
            tool: ToolInfo(name: Tool.name, version: Tool.version),
            roots: report.roots,
            // `path` shows a name that is not UTF-8 with `\xNN` escapes; `path_uri` then has
            // its exact bytes, percent-encoded (README, "What is scanned").
            findings: zip(report.findings, Fingerprint.all(report)).map {
                FingerprintedFinding(finding: $0, fingerprint: $1, pathURI: report.rawPaths[$0.path].map(PathBytes.percentEncoded))
            },
            summary: Summary(
                findings: report.findings.count,
                filesWithFindings: report.filesWithFindings,
                filesScanned: report.filesScanned,
                skipped: report.skipped,
                byPriority: Dictionary(uniqueKeysWithValues: report.byPriority.map { ($0.0.rawValue, $0.1) }),
                byLayer: Dictionary(uniqueKeysWithValues: report.byLayer.map { ($0.0.rawValue, $0.1) }),
                suppressed: report.suppressed.count, baselined: report.baselined.count),
            warnings: report.warnings.map { PathWarning(warning: $0, pathURI: report.rawPaths[$0.path].map(PathBytes.percentEncoded)) },
            suppressed: report.suppressed, suppressions: report.suppressions,
            staleBaseline: report.staleBaseline)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain structs of strings and integers cannot fail.
        let data = try! encoder.encode(document)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
