import Foundation

/// SARIF 2.1.0 as GitHub code scanning accepts it: relative URIs against %SRCROOT%, columns in
/// Unicode code points, fingerprints that survive moved lines, and no timestamps unless asked.
public struct SARIFReporter: Reporter {
    public let timestamps: (start: String, end: String)?

    public init(timestamps: (start: String, end: String)? = nil) { self.timestamps = timestamps }

    struct Log: Encodable {
        let schema = "https://json.schemastore.org/sarif-2.1.0.json"
        let version = "2.1.0"
        let runs: [Run]
        /// GeneratedMarker, in the root property bag SARIF allows; sorted before `runs`.
        let properties = ["comment": GeneratedMarker.note]
        enum CodingKeys: String, CodingKey { case schema = "$schema", version, runs, properties }
    }

    struct Run: Encodable {
        let tool: ToolComponent
        let invocations: [Invocation]
        let results: [Result]
        let columnKind = "unicodeCodePoints"
    }

    struct ToolComponent: Encodable { let driver: Driver }

    struct Driver: Encodable {
        let name: String, version: String, semanticVersion: String, informationUri: String
        let rules: [ReportingDescriptor]
    }

    struct Text: Encodable { let text: String }
    struct Help: Encodable { let text: String, markdown: String }
    struct Configuration: Encodable { let level: String }

    struct ReportingDescriptor: Encodable {
        let id, name: String
        let shortDescription, fullDescription: Text
        let help: Help
        let helpUri: String?
        let defaultConfiguration: Configuration
        let properties: RuleProperties
    }

    struct RuleProperties: Encodable {
        let tags: [String]
        let priority: String
        let category: String
    }

    struct Invocation: Encodable {
        let executionSuccessful: Bool
        let startTimeUtc: String?
        let endTimeUtc: String?
        let toolExecutionNotifications: [Notification]
    }

    struct Notification: Encodable {
        let level: String
        let message: Text
        let locations: [Location]?
        let descriptor: Reference?
    }

    struct Reference: Encodable { let id: String }

    struct Result: Encodable {
        let ruleId: String
        let ruleIndex: Int
        let level: String
        let message: Text
        let locations: [Location]
        let partialFingerprints: [String: String]
        let properties: ResultProperties
        let fixes: [Fix]?
        let suppressions: [SuppressionRecord]?
    }

    struct SuppressionRecord: Encodable {
        let kind: String
        let justification: String?
    }

    struct Fix: Encodable {
        let description: Text
        let artifactChanges: [ArtifactChange]
    }

    struct ArtifactChange: Encodable {
        let artifactLocation: ArtifactLocation
        let replacements: [Replacement]
    }

    struct Replacement: Encodable {
        let deletedRegion: DeletedRegion
        let insertedContent: Text
    }

    struct DeletedRegion: Encodable {
        let startLine, startColumn, endLine, endColumn: Int
    }

    struct ResultProperties: Encodable {
        let priority, category, layer: String
    }

    struct Location: Encodable { let physicalLocation: PhysicalLocation }

    struct PhysicalLocation: Encodable {
        let artifactLocation: ArtifactLocation
        let region: Region?
    }

    struct ArtifactLocation: Encodable {
        let uri: String
        let uriBaseId = "%SRCROOT%"
    }

    struct Region: Encodable {
        let startLine, startColumn, endLine, endColumn: Int
        let snippet: Text
    }

    /// critical and high fail a code-scanning check by default; medium warns; low notes.
    static func level(_ priority: Priority) -> String {
        switch priority {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low: "note"
        }
    }

    public func render(_ report: ScanReport) -> String {
        // Only rules with results are listed, in rule order; ruleIndex points into this list.
        let used = Set((report.findings + report.suppressed).map(\.ruleID))
        let rules = report.rules.filter { used.contains($0.id) }
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        // Suppressed findings are carried with their justification, as code scanning expects.
        let all = report.findings + report.suppressed
        let fingerprints = Fingerprint.of(all, in: report)
        let results = all.enumerated().map { i, f in
            Result(
                ruleId: f.ruleID, ruleIndex: index[f.ruleID] ?? 0, level: Self.level(f.priority),
                message: Text(text: "\(f.message): \(f.match)"),
                locations: [Location(physicalLocation: PhysicalLocation(
                    artifactLocation: ArtifactLocation(uri: report.locationURI(of: f.path)),
                    region: Region(startLine: f.start.line, startColumn: f.start.column, endLine: f.end.line,
                                   endColumn: f.end.column, snippet: Text(text: f.lineText))))],
                partialFingerprints: ["ollamaAudit/v1": fingerprints[i]],
                properties: ResultProperties(priority: f.priority.rawValue, category: f.category.rawValue,
                                             layer: f.layer.rawValue),
                fixes: f.fixability == .manual ? nil : f.replacement.map { text in
                    [Fix(description: Text(text: f.fixability == .auto ? "ollama-audit --fix" : "ollama-audit --fix --unsafe-fixes"),
                         artifactChanges: [ArtifactChange(
                            artifactLocation: ArtifactLocation(uri: report.locationURI(of: f.path)),
                            replacements: [Replacement(
                                deletedRegion: DeletedRegion(startLine: f.start.line, startColumn: f.start.column,
                                                             endLine: f.end.line, endColumn: f.end.column),
                                insertedContent: Text(text: text))])])]
                },
                suppressions: i < report.findings.count ? nil : [SuppressionRecord(
                    kind: "inSource",
                    justification: report.suppressions.first { $0.path == f.path && $0.covers(f) }?.reason)])
        }
        let notifications = report.warnings.map { w in
            Notification(
                level: "warning", message: Text(text: w.message),
                locations: [Location(physicalLocation: PhysicalLocation(
                    artifactLocation: ArtifactLocation(uri: report.locationURI(of: w.path)), region: nil))],
                descriptor: w.ruleID.map(Reference.init))
        }
        let log = Log(runs: [Run(
            tool: ToolComponent(driver: Driver(
                name: Tool.name, version: Tool.version, semanticVersion: Tool.version,
                informationUri: Tool.informationURI, rules: rules.map(Self.descriptor))),
            invocations: [Invocation(executionSuccessful: true, startTimeUtc: timestamps?.start,
                                     endTimeUtc: timestamps?.end, toolExecutionNotifications: notifications)],
            results: results)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(log), as: UTF8.self) + "\n"
    }

    static func descriptor(_ rule: Rule) -> ReportingDescriptor {
        var markdown = "**\(rule.message)** (\(rule.priority.rawValue), \(rule.category.rawValue))\n\n"
        markdown += rule.guidance
        if !rule.docs.isEmpty { markdown += "\n\n" + rule.docs.map { "- <\($0)>" }.joined(separator: "\n") }
        return ReportingDescriptor(
            id: rule.id, name: pascalCase(rule.id),
            shortDescription: Text(text: rule.message),
            fullDescription: Text(text: rule.guidance.split(separator: "\n").joined(separator: " ")),
            help: Help(text: rule.guidance, markdown: markdown),
            helpUri: rule.docs.first,
            defaultConfiguration: Configuration(level: level(rule.priority)),
            properties: RuleProperties(tags: ["ollama", "migration", rule.category.rawValue],
                                       priority: rule.priority.rawValue, category: rule.category.rawValue))
    }

    static func pascalCase(_ id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
