import AuditTestSupport
import Engine
import Foundation
import Model
import OllamaAuditCore
import Rules

/// The flow suites' shared fixture: a small tree written to a temporary folder, scanned with
/// the built-in rules, and what was found summed up per line.
enum FlowScan {
    static let builtins = try! RuleSet.assemble(RuleRequest())

    static func scan(_ files: [String: String], threads: Int = 1) throws -> ScanResult {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree(files, under: root)
        let walked = try Walker(options: WalkOptions()).files(under: root, display: "")
        return Scanner(rules: builtins.rules, maps: builtins.maps, threads: threads).scan(walked.files)
    }

    /// The highest priority per "path:line": of every finding, or of the derived ones only
    /// (those with a chain of evidence).
    static func lines(_ result: ScanResult, derivedOnly: Bool) -> [String: Priority] {
        var lines: [String: Priority] = [:]
        for finding in result.findings where !derivedOnly || !finding.via.isEmpty {
            let key = "\(finding.path):\(finding.start.line)"
            lines[key] = max(lines[key] ?? .low, finding.priority)
        }
        return lines
    }
}

/// A flow suite scans small trees and reads what was found per line.
protocol FlowSuite {}

extension FlowSuite {
    func scan(_ files: [String: String], threads: Int = 1) throws -> ScanResult {
        try FlowScan.scan(files, threads: threads)
    }

    /// The highest priority of the derived findings (those with a chain of evidence) per "path:line".
    func derived(_ result: ScanResult) -> [String: Priority] { FlowScan.lines(result, derivedOnly: true) }

    /// The highest priority of any finding per "path:line".
    func best(_ result: ScanResult) -> [String: Priority] { FlowScan.lines(result, derivedOnly: false) }
}
