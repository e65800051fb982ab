import Foundation
import Model
import Platform
import Policy
import Rules

/// SARIF 2.1.0 as GitHub code scanning accepts it: relative URIs against %SRCROOT%, columns in
/// Unicode code points, fingerprints that survive moved lines, and no timestamps unless asked.
public struct SARIFReporter: Reporter {
    public let timestamps: (start: String, end: String)?

    public init(timestamps: (start: String, end: String)? = nil) { self.timestamps = timestamps }

    package struct ToolComponent: Encodable { let driver: Driver }

    package struct Driver: Encodable {
        package let name: String, version: String, semanticVersion: String, informationUri: String
        package let rules: [ReportingDescriptor]
    }

    package struct Text: Encodable { let text: String }
    package struct Help: Encodable { let text: String, markdown: String }
    package struct Configuration: Encodable { let level: String }

    package struct ReportingDescriptor: Encodable {
        package let id, name: String
        let shortDescription, fullDescription: Text
        package let help: Help
        let helpUri: String?
        let defaultConfiguration: Configuration
        package let properties: RuleProperties
    }

    package struct RuleProperties: Encodable {
        package let tags: [String]
        package let priority: String
        package let category: String
    }

    package struct Invocation: Encodable {
        let executionSuccessful: Bool
        package let startTimeUtc: String?
        let endTimeUtc: String?
        let toolExecutionNotifications: [Notification]
    }

    package struct Notification: Encodable {
        package let level: String
        package let message: Text
        package let locations: [Location]?
        let descriptor: Reference?
    }

    package struct Reference: Encodable { let id: String }

    package struct Result: Encodable {
        package let ruleId: String
        package let ruleIndex: Int
        package let level: String
        package let message: Text
        package let locations: [Location]
        /// A derived finding's chain of evidence, nearest first (`Finding.via`).
        package let relatedLocations: [Location]?
        let partialFingerprints: [String: String]
        package let properties: ResultProperties
        package let fixes: [Fix]?
        package let suppressions: [SuppressionRecord]?
    }

    package struct SuppressionRecord: Encodable {
        package let kind: String
        package let justification: String?
    }

    package struct Fix: Encodable {
        package let description: Text
        let artifactChanges: [ArtifactChange]
    }

    package struct ArtifactChange: Encodable {
        let artifactLocation: ArtifactLocation
        let replacements: [Replacement]
    }

    package struct Replacement: Encodable {
        let deletedRegion: DeletedRegion
        let insertedContent: Text
    }

    package struct DeletedRegion: Encodable {
        let startLine, startColumn, endLine, endColumn: Int
    }

    package struct ResultProperties: Encodable {
        package let priority, category, layer: String
    }

    package struct Location: Encodable {
        /// Unique within a result: how its message links to a related location (`[text](id)`).
        package var id: Int? = nil
        let physicalLocation: PhysicalLocation
        /// The enclosing function, class or block (`Finding.region`).
        package var logicalLocations: [LogicalLocation]? = nil
        package var message: Text? = nil
    }

    package struct LogicalLocation: Encodable {
        package let name: String
        package let fullyQualifiedName: String
        package let kind: String?
    }

    package struct PhysicalLocation: Encodable {
        let artifactLocation: ArtifactLocation
        let region: Region?
    }

    package struct ArtifactLocation: Encodable {
        package let uri: String
        let uriBaseId = "%SRCROOT%"
    }

    package struct Region: Encodable {
        let startLine, startColumn: Int
        var endLine, endColumn: Int?
        var snippet: Text?
    }

    /// critical and high fail a code-scanning check by default; medium warns; low notes.
    package static func level(_ priority: Priority) -> String {
        switch priority {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low: "note"
        }
    }

    /// GitHub code scanning accepts at most 25,000 results per run and rejects a larger upload:
    /// the report keeps the most urgent 25,000, says so in the run (a tool execution
    /// notification), and the CLI warns on stderr.
    public static let maxResults = 25_000

    /// The warning for a report cut at `maxResults`, or nil when every result fits.
    public static func capNote(_ report: ScanReport) -> String? {
        let total = report.findings.count + report.suppressed.count
        guard total > maxResults else { return nil }
        return "SARIF: \(maxResults) of \(total) results written, the most urgent first (GitHub code scanning "
            + "accepts at most \(maxResults) per run); the json or csv report has them all"
    }

    /// Which results are written: everything when it fits; else every finding above the
    /// priority where the cap falls, the first ones at that priority, and suppressed findings
    /// only if room is left. In report order either way.
    package static func kept(_ report: ScanReport) -> (findings: (Int) -> Bool, suppressed: Int) {
        let all = report.findings.count + report.suppressed.count
        guard all > maxResults else { return ({ _ in true }, report.suppressed.count) }
        var room = maxResults
        var cut: (priority: Priority, count: Int)?
        for (priority, count) in report.byPriority {
            if count <= room { room -= count; continue }
            cut = (priority, room)
            room = 0
            break
        }
        guard let cut else { return ({ _ in true }, min(room, report.suppressed.count)) }
        // Findings at the cut's priority, counted in report order, up to the room left.
        var taken = 0
        var keep = [Bool](repeating: false, count: report.findings.count)
        for (i, f) in report.findings.enumerated() {
            if f.priority > cut.priority { keep[i] = true } else if f.priority == cut.priority, taken < cut.count {
                keep[i] = true
                taken += 1
            }
        }
        return ({ keep[$0] }, 0)
    }

    public func write(_ report: ScanReport, to out: ReportOutput) {
        let (keepFinding, suppressedKept) = Self.kept(report)
        // Only rules with results are listed, in rule order; ruleIndex points into this list.
        var used = Set<String>()
        for (i, f) in report.findings.enumerated() where keepFinding(i) { used.insert(f.ruleID) }
        for f in report.suppressed.prefix(suppressedKept) { used.insert(f.ruleID) }
        let rules = report.rules.filter { used.contains($0.id) }
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        var notifications = report.warnings.map { w in
            Notification(
                level: "warning", message: Text(text: w.message),
                locations: [Location(physicalLocation: PhysicalLocation(
                    artifactLocation: ArtifactLocation(uri: report.locationURI(of: w.path)), region: nil))],
                descriptor: w.ruleID.map(Reference.init))
        }
        if let note = Self.capNote(report) {
            notifications.append(Notification(level: "warning", message: Text(text: note), locations: nil, descriptor: nil))
        }
        var json = JSONWriter(out)
        json.open("{")
        json.value("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json"))
        // GeneratedMarker, in the root property bag SARIF allows; sorted before `runs`.
        json.value("properties", .object([("comment", .string(GeneratedMarker.note))]))
        json.open("runs", "[")
        json.open("{")
        // The run's category for code scanning, which keeps this tool's alerts apart from
        // other SARIF uploads of the same commit.
        json.value("automationDetails", .object([("id", .string("\(Tool.name)/"))]))
        json.value("columnKind", .string("unicodeCodePoints"))
        json.open("invocations", "[")
        json.encoded(Invocation(executionSuccessful: true, startTimeUtc: timestamps?.start,
                                endTimeUtc: timestamps?.end, toolExecutionNotifications: notifications))
        json.close("]")
        // Described, not located: an absolute path would name the machine the scan ran on
        // (SARIF allows a base without a uri; a consumer resolves it to its checkout).
        json.value("originalUriBaseIds", .object([("%SRCROOT%", .object([("description", .object([
            ("text", .string("The folder the scan ran in (or the scanned folder, when it lies outside it): "
                             + "every location's uri is relative to it.")),
        ]))]))]))
        json.open("results", "[")
        // Fingerprints count occurrences over every result, written or not, so a cut run's
        // fingerprints are the ones a full run gives.
        var fingerprints = Fingerprinter(report)
        for (i, f) in report.findings.enumerated() {
            let fingerprint = fingerprints.next(f)
            if keepFinding(i) { json.encoded(result(f, report, index: index, fingerprint: fingerprint, suppressed: false)) }
        }
        for (i, f) in report.suppressed.enumerated() {
            let fingerprint = fingerprints.next(f)
            if i < suppressedKept { json.encoded(result(f, report, index: index, fingerprint: fingerprint, suppressed: true)) }
        }
        json.close("]")
        json.encoded("tool", ToolComponent(driver: Driver(
            name: Tool.name, version: Tool.version, semanticVersion: Tool.version,
            informationUri: Tool.informationURI, rules: rules.map(Self.descriptor))))
        json.close("}")
        json.close("]")
        json.value("version", .string("2.1.0"))
        json.close("}")
        out.write("\n")
    }

    package func result(_ f: Finding, _ report: ScanReport, index: [String: Int], fingerprint: String, suppressed: Bool) -> Result {
        var message = "\(f.message): \(f.match)"
        // GitHub shows a related location where the message links to it.
        if let shown = f.shownEvidence, let i = f.via.firstIndex(of: shown) {
            message += " (via [\(Self.linkText(shown.name))](\(i + 1)))"
        }
        return Result(
            ruleId: f.ruleID, ruleIndex: index[f.ruleID] ?? 0, level: Self.level(f.priority),
            message: Text(text: message),
            locations: [Location(
                physicalLocation: PhysicalLocation(
                    artifactLocation: ArtifactLocation(uri: report.locationURI(of: f.path)),
                    region: Region(startLine: f.start.line, startColumn: f.start.column, endLine: f.end.line,
                                   endColumn: f.end.column, snippet: Text(text: f.lineText))),
                logicalLocations: f.region.map { [Self.logicalLocation($0)] })],
            relatedLocations: f.via.isEmpty ? nil : f.via.enumerated().map { i, e in
                Location(
                    id: i + 1,
                    physicalLocation: PhysicalLocation(
                        artifactLocation: ArtifactLocation(uri: report.locationURI(of: e.path)),
                        region: Region(startLine: e.line, startColumn: e.column)),
                    message: Text(text: "via `\(e.name)` (\(e.kind))"))
            },
            partialFingerprints: ["ollamaAudit/v1": fingerprint],
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
            suppressions: !suppressed ? nil : [SuppressionRecord(
                kind: "inSource",
                justification: report.suppressions.first { $0.path == f.path && $0.covers(f) }?.reason)])
    }

    /// A region as SARIF names it: `fullyQualifiedName` is the dotted name, `name` its last
    /// part, and `kind` one of SARIF's logical location kinds (3.33.7), left out for a block
    /// SARIF has no word for (a YAML section, a Markdown fence).
    package static func logicalLocation(_ region: Model.Region) -> LogicalLocation {
        let kind: String? = switch region.kind {
        case "function", "def", "lambda", "closure": "function"
        case "method", "constructor", "getter", "setter": "member"
        case "class", "struct", "interface", "type", "enum", "protocol", "trait", "impl": "type"
        case "module", "file": "module"
        case "namespace", "package": "namespace"
        default: nil
        }
        let name = region.name.split(separator: ".").last.map(String.init) ?? region.name
        return LogicalLocation(name: name, fullyQualifiedName: region.name, kind: kind)
    }

    /// Link text as SARIF's embedded links (3.11.6) read it: a bracket or backslash in a name
    /// cannot end the link early.
    package static func linkText(_ text: String) -> String {
        var out = ""
        for c in text {
            if c == "[" || c == "]" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
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
