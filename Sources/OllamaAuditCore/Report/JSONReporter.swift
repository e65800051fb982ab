import Foundation

/// The machine-readable report. Its schema is versioned (`version`) and documented in the
/// README; keys are sorted so the output is byte-stable.
public struct JSONReporter: Reporter {
    /// Bumped on any incompatible change to the document's shape.
    public static let schemaVersion = 1

    public init() {}

    struct Document: Encodable {
        let version: Int
        let tool: ToolInfo
        let roots: [String]
        let findings: [Finding]
        let summary: Summary
        let warnings: [ScanWarning]
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

        enum CodingKeys: String, CodingKey {
            case findings, filesWithFindings = "files_with_findings", filesScanned = "files_scanned", skipped
            case byPriority = "by_priority", byLayer = "by_layer"
        }
    }

    public func render(_ report: ScanReport) -> String {
        let document = Document(
            version: Self.schemaVersion,
            tool: ToolInfo(name: Tool.name, version: Tool.version),
            roots: report.roots,
            findings: report.findings,
            summary: Summary(
                findings: report.findings.count,
                filesWithFindings: report.filesWithFindings,
                filesScanned: report.filesScanned,
                skipped: report.skipped,
                byPriority: Dictionary(uniqueKeysWithValues: report.byPriority.map { ($0.0.rawValue, $0.1) }),
                byLayer: Dictionary(uniqueKeysWithValues: report.byLayer.map { ($0.0.rawValue, $0.1) })),
            warnings: report.warnings)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain structs of strings and integers cannot fail.
        let data = try! encoder.encode(document)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
