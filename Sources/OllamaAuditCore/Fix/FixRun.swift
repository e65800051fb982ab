import Foundation

/// What `scan --fix` was asked to do.
public struct FixRequest: Sendable {
    public var scan = ScanRequest()
    /// Print the diff, write nothing.
    public var dryRun = false
    /// Also apply the rewrites rules mark `fix-safety: unsafe`.
    public var unsafe = false
    /// Rewrite files that have uncommitted changes in git.
    public var allowDirty = false

    public init() {}
}

/// The outcome of a fix run.
public struct FixRun: Sendable {
    public let plans: [FileFix]
    /// Files written (empty in a dry run).
    public let written: [String]
    /// Files left alone, with the reason (refused rewrites, files changed since the scan).
    public let skipped: [(path: String, reason: String)]
    /// The unified diff of every planned change (what a dry run prints).
    public let diff: String
    /// The findings after the run: a re-scan after writing; the scan itself in a dry run.
    public let report: ScanReport

    public var pending: Bool { plans.contains { $0.changed } }

    /// The summary `--fix` prints on stderr.
    public var summary: String {
        let changed = plans.filter(\.changed)
        let edits = changed.reduce(0) { $0 + $1.applied }
        let unresolved = plans.reduce(0) { $0 + $1.unresolved.count }
        let manual = report.findings.filter { $0.fixability == .manual }.count
        var out = ""
        for plan in plans {
            for (loser, winner) in plan.overlaps {
                out += "overlap: \(report.location(of: loser.path)):\(loser.start.line):\(loser.start.column): rule "
                    + "'\(loser.ruleID)' gave way to '\(winner.ruleID)' (higher priority or longer match)\n"
            }
        }
        for plan in plans where !plan.unresolved.isEmpty {
            for f in plan.unresolved {
                out += "conflict: \(report.location(of: f.path)):\(f.start.line):\(f.start.column): rule '\(f.ruleID)': "
                    + "its rewrite overlaps another one that won, and was not applied\n"
            }
        }
        for (path, reason) in skipped { out += "skipped: \(path): \(reason)\n" }
        let verb = written.isEmpty && !changed.isEmpty ? "would change" : "changed"
        out += "fix: \(verb) \(changed.count) \(changed.count == 1 ? "file" : "files") with \(edits) "
            + "\(edits == 1 ? "edit" : "edits"); \(skipped.count) refused, \(unresolved) conflicting; "
            + "\(manual) manual \(manual == 1 ? "item" : "items") left\n"
        return out
    }
}

extension Audit {
    /// The fix pipeline: scan, plan per file, then print a diff (dry run) or write each file
    /// atomically and re-scan.
    public static func fix(_ request: FixRequest) throws(AuditError) -> FixRun {
        let scanRequest = request.scan
        let (rules, maps) = try rulesAndMaps(scanRequest)
        let before = try scan(scanRequest)
        let scanner = Scanner(rules: rules, maps: maps, maxFileSize: scanRequest.maxFileSize, threads: scanRequest.threads)
        let wanted: Set<Fixability> = request.unsafe ? [.auto, .suggested] : [.auto]
        let candidates = Set(before.findings.filter { wanted.contains($0.fixability) }.map(\.path))
        let files = try walk(scanRequest).filter { candidates.contains($0.path) }

        var plans: [FileFix] = []
        var skipped: [(String, String)] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file.absolutePath) else {
                skipped.append((before.location(of: file.path), "cannot read")); continue
            }
            let plan = Fixer.plan(file, content: [UInt8](data), scanner: scanner, unsafe: request.unsafe)
            if let refusal = plan.refusal { skipped.append((before.location(of: file.path), refusal)) }
            plans.append(plan)
        }
        let changed = plans.filter(\.changed)
        let diff = changed.map { UnifiedDiff.render(path: before.location(of: $0.file.path), old: $0.original, new: $0.fixed) }
            .joined()
        if request.dryRun {
            return FixRun(plans: plans, written: [], skipped: skipped, diff: diff, report: before)
        }
        if !request.allowDirty {
            let dirty = changed.filter { GitStatus.isDirty($0.file.absolutePath) }.map { before.location(of: $0.file.path) }
            if !dirty.isEmpty {
                throw AuditError.usage("these files have uncommitted changes; commit or stash them, or pass --allow-dirty: "
                                       + dirty.joined(separator: ", "))
            }
        }
        var written: [String] = []
        for plan in changed {
            do {
                try OutputFile.replace(plan.file.absolutePath, expecting: plan.original, with: plan.fixed)
                written.append(before.location(of: plan.file.path))
            } catch {
                skipped.append((before.location(of: plan.file.path), error.description))
            }
        }
        let after = try scan(scanRequest)
        return FixRun(plans: plans, written: written, skipped: skipped, diff: diff, report: after)
    }

    /// The files a scan request covers, as the scan walks them.
    static func walk(_ request: ScanRequest) throws(AuditError) -> [SourceFile] {
        let walker = Walker(options: request.walk)
        let roots = request.paths.isEmpty ? ["."] : request.paths
        var files: [SourceFile] = []
        for root in roots {
            files += try walker.files(under: root, display: roots.count == 1 ? "" : normalise(root)).files
        }
        return files
    }
}

/// `git status` for one file: uncommitted (or untracked) changes mean `--fix` leaves the work
/// tree alone unless `--allow-dirty`, as `cargo fix` does. Outside a work tree git fails, and
/// there is nothing to protect.
enum GitStatus {
    static func isDirty(_ absolutePath: String) -> Bool {
        let folder = (absolutePath as NSString).deletingLastPathComponent
        let name = (absolutePath as NSString).lastPathComponent
        guard let output = try? GitScope.run(["status", "--porcelain", "--", name], in: folder) else { return false }
        return !output.isEmpty
    }
}
