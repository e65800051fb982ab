import Foundation

/// What `ollama-audit scan` was asked to do, after argument parsing.
public struct ScanRequest: Sendable {
    public var paths: [String] = ["."]
    public var walk = WalkOptions()
    public var ruleFiles: [RuleFileText] = []
    public var useDefaultRules = true
    public var maxFileSize = 10 << 20
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    public init() {}
}

/// The scan pipeline: rules → walk → scan → report. No output happens here.
public enum Audit {
    public static func scan(
        _ request: ScanRequest, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws(AuditError) -> ScanReport {
        // Every rule is loaded and compiled before a single file is read.
        let rules = try RuleSet.assemble(useDefaults: request.useDefaultRules, userFiles: request.ruleFiles)
        guard !rules.isEmpty else {
            throw AuditError.usage("no rules to run: --no-default-rules was given without --rules")
        }
        let maps = try RuleSet.maps(useDefaults: request.useDefaultRules, userFiles: request.ruleFiles)
        let walker = Walker(options: request.walk)
        var files: [SourceFile] = []
        var skipped = SkipCounts()
        let roots = request.paths.isEmpty ? ["."] : request.paths
        for root in roots {
            // One root: paths relative to it. Several: each path keeps its root as a prefix.
            let display = roots.count == 1 ? "" : normalise(root)
            let walked = try walker.files(under: root, display: display)
            files += walked.files
            skipped = skipped + walked.skipped
        }
        let scanner = Scanner(rules: rules, maps: maps, maxFileSize: request.maxFileSize, threads: request.threads)
        return ScanReport(roots: roots, result: scanner.scan(files, progress: progress), walkSkipped: skipped,
                          rules: rules, locationPrefix: roots.count == 1 ? locationPrefix(for: roots[0]) : "")
    }

    /// For one root: the folder finding paths are relative to, as seen from the working
    /// directory, or "" when that is the working directory itself or outside it (reports
    /// never carry absolute paths).
    static func locationPrefix(for root: String) -> String {
        var isDirectory: ObjCBool = false
        FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory)
        var folder = Walker.absolute(root)
        if !isDirectory.boolValue { folder = (folder as NSString).deletingLastPathComponent }
        let cwd = Walker.absolute(FileManager.default.currentDirectoryPath)
        if folder == cwd { return "" }
        guard folder.hasPrefix(cwd + "/") else { return "" }
        return String(folder.dropFirst(cwd.count + 1))
    }

    static func normalise(_ path: String) -> String {
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        return p.isEmpty ? "." : String(p)
    }
}

/// The exit-code contract (README, "Exit codes").
public enum ExitStatus: Int32, Sendable {
    /// Nothing at or above the threshold.
    case clean = 0
    /// Findings at or above the threshold remain.
    case findings = 1
    /// Usage, rule or config error.
    case error = 2

    /// The status for `report` when findings at `failOn` or above fail; nil never fails.
    public static func of(_ report: ScanReport, failOn: Priority?) -> ExitStatus {
        guard let failOn else { return .clean }
        return report.findings.contains { $0.priority >= failOn } ? .findings : .clean
    }
}
