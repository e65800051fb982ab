import Engine
import Foundation
import Model
import Platform
import Policy
import Rules

/// What `ollama-audit scan` was asked to do, after argument parsing.
public struct ScanRequest: Sendable {
    public var paths: [String] = ["."]
    public var walk = WalkOptions()
    public var ruleFiles: [RuleFileText] = []
    public var useDefaultRules = true
    public var maxFileSize = 10 << 20
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// `.ollama-audit.yml`, already loaded.
    public var config = AuditConfig()
    /// `--changed-since REF`: only files changed since the merge base with REF.
    public var changedSince: String?
    /// `--staged`: only staged files, as the index holds them.
    public var staged = false
    /// `--baseline FILE`.
    public var baseline: String?
    /// Files never scanned: a baseline records matched text, it is not a dependency; the
    /// reports and patch a run writes quote what it found.
    public var ownFiles: [String] = []
    /// Told the path and bytes of every text the rules run over (see `Scanner.onMatch`).
    public var onMatch: (@Sendable (String, [UInt8]) -> Void)? = nil

    public init() {}
}

/// The scan pipeline: rules → walk → scan → report. No output happens here.
public enum Pipeline {
    public static func scan(
        _ request: ScanRequest, progress: (@Sendable (Int) -> Void)? = nil
    ) throws(AuditError) -> ScanReport {
        // Every rule is loaded and compiled before a single file is read.
        let (rules, maps) = try rulesAndMaps(request)
        return try scan(request, scanner: scanner(request, rules: rules, maps: maps), progress: progress).report
    }

    /// The scanner a request runs. With `keepsFixable`, its scans also return the files with
    /// a rewrite to apply, as they read them, so `--fix` plans from this walk and these
    /// matches instead of a second; a plain scan keeps no file.
    package static func scanner(_ request: ScanRequest, rules: [Rule], maps: FixMaps,
                                keepsFixable: Bool = false) -> Engine.Scanner {
        Engine.Scanner(rules: rules, maps: maps, maxFileSize: request.maxFileSize, threads: request.threads,
                       keepsFixable: keepsFixable, onMatch: request.onMatch)
    }

    /// The scan with its rules already loaded into `scanner`; the files with a rewrite to
    /// apply (when the scanner keeps them), in path order.
    package static func scan(
        _ request: ScanRequest, scanner: Engine.Scanner, progress: (@Sendable (Int) -> Void)? = nil
    ) throws(AuditError) -> (report: ScanReport, fixable: [ScannedFile]) {
        let roots = request.paths.isEmpty ? ["."] : request.paths
        var skipped = SkipCounts()
        var leftovers: [LeftoverFile] = []
        var walkWarnings: [ScanWarning] = []
        var rawPaths: [String: [UInt8]] = [:]
        // The walk feeds the workers as it goes: scanning overlaps walking.
        var result = try scanner.scan(producer: { (emit) throws(AuditError) in
            skipped = try walkScanned(request, emit: { file in
                if let raw = file.rawPath { rawPaths[file.path] = raw }
                emit(file)
            }, leftover: { leftovers.append($0) }, warning: { warning, raw in
                walkWarnings.append(warning)
                if let raw { rawPaths[warning.path] = raw }
            })
        }, progress: progress)
        result.warnings += walkWarnings
        result.sortForReport()
        // In path order, as the report lists them: workers finish in any order. Taken out of
        // the result so that the report does not hold the files' bytes.
        let fixable = result.fixable.sorted { $0.file.path.utf8.lexicographicallyPrecedes($1.file.path.utf8) }
        result.fixable = []
        var report = ScanReport(roots: roots, result: result, walkSkipped: skipped,
                                rules: scanner.rules, locationPrefix: roots.count == 1 ? locationPrefix(for: roots[0]) : "")
        report.rawPaths = rawPaths
        report.displayPrefix = roots.count == 1 ? displayPrefix(for: roots[0]) : ""
        report.envCounterparts = scanner.maps.envCounterparts
        report.modelMap = scanner.maps.models
        report.repositoryPrefix = repositoryPrefix(roots: roots)
        report.leftovers = leftovers.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        if let allow = AllowFile.find(from: roots[0]) {
            report = AllowFile.apply(try AllowFile.load(allow), file: allow, to: report)
        }
        if let baseline = request.baseline { report = try Baseline.load(baseline).apply(to: report) }
        return (report, fixable)
    }

    /// The files a scan of `request` hands its scanner, through `emit` in walk order: the
    /// walk with the configuration's globs, narrowed to `--changed-since` or `--staged`, less
    /// the tool's own files. `scan` reads each of them; `scan --files` lists them.
    package static func walkScanned(
        _ request: ScanRequest, emit: (SourceFile) -> Void, leftover: ((LeftoverFile) -> Void)? = nil,
        warning: ((ScanWarning, _ rawPath: [UInt8]?) -> Void)? = nil
    ) throws(AuditError) -> SkipCounts {
        var walk = request.walk
        walk.include = try request.config.include.map(glob) + walk.include
        walk.exclude = try request.config.exclude.map(glob) + walk.exclude
        let walker = Walker(options: walk)
        let roots = request.paths.isEmpty ? ["."] : request.paths
        let scope = try GitScope.scope(paths: request.paths, changedSince: request.changedSince, staged: request.staged)
        // The baseline records matched text, rule files describe Ollama's forms and the config
        // maps Ollama's names (under any name `--config` gives it): the tool's own files are
        // not dependencies, and `--fix` must never rewrite them.
        let own = Set((request.ownFiles + (request.baseline.map { [$0] } ?? []) + request.ruleFiles.map(\.path)
                       + (request.config.path.map { [$0] } ?? []))
            .map(Walker.absolute))
        let ownFolders = request.config.ruleDirs.map { Walker.absolute($0) + "/" }
        var walked = Set<String>()
        var scopeError: AuditError?
        func keep(_ file: SourceFile) {
            guard !own.contains(file.absolutePath),
                  !ownFolders.contains(where: { file.absolutePath.hasPrefix($0) }) else { return }
            emit(file)
        }
        let skipped = try walker.walk(roots: roots, emit: { file in
            guard let scope else { return keep(file) }
            walked.insert(file.absolutePath)
            do throws(AuditError) { if let kept = try scope.keep(file) { keep(kept) } } catch { scopeError = scopeError ?? error }
        }, leftover: leftover, warning: warning)
        if let scopeError { throw scopeError }
        // What git lists that the walk passed over: tracked files the ignore files name.
        // Each once, under the first root that holds it, as the walk hands them out.
        for root in roots {
            let display = Walker.display(root, of: roots)
            for file in try scope?.unwalked(under: root, display: display, walked: walked, options: walk) ?? [] {
                walked.insert(file.absolutePath)
                keep(file)
            }
        }
        return skipped
    }

    /// `scan --files`: the files a scan of `request` reads, each as the report locates it
    /// (a name that is not UTF-8 with `\xNN` escapes, as reports show it), sorted by its bytes.
    /// A file over `maxFileSize` is skipped unread, so it is not listed; a binary file is read,
    /// so it is.
    package static func scannedFiles(_ request: ScanRequest) throws(AuditError) -> [String] {
        let roots = request.paths.isEmpty ? ["."] : request.paths
        let prefix = roots.count == 1 ? locationPrefix(for: roots[0]) : ""
        var files: [String] = []
        _ = try walkScanned(request, emit: { file in
            let size = file.content?.count ?? FileStatus.at(file.absolutePath, followLink: false)?.size ?? 0
            guard size <= request.maxFileSize else { return }
            files.append(prefix.isEmpty ? file.path : prefix + "/" + file.path)
        })
        return files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The rules a run uses, assembled in one place for `scan`, `--fix`, `rules list` and
    /// `rules explain`: the built-ins (unless dropped), then the config's `rules:` folders, then
    /// `--rules`, then the config's `disable:`, `priority:` and maps. (`rules test` tests rule
    /// files on their own: `selfTest`.)
    public static func assembleRules(useDefaults: Bool, ruleFiles: [RuleFileText],
                                     config: AuditConfig) throws(AuditError) -> RuleSet {
        let request = RuleRequest(defaults: useDefaults, userFiles: try config.ruleFiles() + ruleFiles)
        return try config.apply(to: RuleSet.assemble(request))
    }

    /// The rules and fix maps of a request; a scan needs at least one rule.
    static func rulesAndMaps(_ request: ScanRequest) throws(AuditError) -> ([Rule], FixMaps) {
        let set = try assembleRules(useDefaults: request.useDefaultRules, ruleFiles: request.ruleFiles,
                                    config: request.config)
        guard !set.rules.isEmpty else {
            throw AuditError.usage("no rules to run: --no-default-rules was given without --rules")
        }
        return (set.rules, set.maps)
    }

    package static func glob(_ text: String) throws(AuditError) -> Glob {
        guard let glob = Glob(text, allowNegation: false) else { throw AuditError.usage("'\(text)' is not a glob") }
        return glob
    }

    /// Where the scan's paths sit in the repository, for fingerprints: "" at the root.
    package static func repositoryPrefix(roots: [String]) -> String {
        let base = Walker.folder(of: roots.count == 1 ? roots[0] : FileManager.default.currentDirectoryPath)
        guard let repo = GitScope.workTreeRoot(of: base), base != repo, base.hasPrefix(repo + "/") else { return "" }
        return String(base.dropFirst(repo.count + 1))
    }

    /// For one root: the folder finding paths are relative to, as seen from the working
    /// directory, or "" when that is the working directory itself or outside it (reports
    /// never carry absolute paths).
    package static func locationPrefix(for root: String) -> String {
        let folder = Walker.folder(of: root)
        let cwd = Walker.absolute(FileManager.default.currentDirectoryPath)
        if folder == cwd { return "" }
        guard folder.hasPrefix(cwd + "/") else { return "" }
        return String(folder.dropFirst(cwd.count + 1))
    }

    /// For one root: the folder finding paths are relative to, as people should see it from
    /// the working directory. Inside it, `locationPrefix`; outside it, as ripgrep prints such
    /// paths: under an absolute root as given, else relative (`../other`), so the path opens.
    package static func displayPrefix(for root: String) -> String {
        let folder = Walker.folder(of: root)
        let cwd = Walker.absolute(FileManager.default.currentDirectoryPath)
        if folder == cwd || folder.hasPrefix(cwd + "/") { return locationPrefix(for: root) }
        if root.hasPrefix("/") || root.hasPrefix("~") { return folder }
        let from = cwd.split(separator: "/"), to = folder.split(separator: "/")
        let common = zip(from, to).prefix { $0 == $1 }.count
        return (Array(repeating: "..", count: from.count - common) + to.dropFirst(common).map(String.init))
            .joined(separator: "/")
    }
}
