import Dispatch
import Engine
import Fix
import Foundation
import Languages
import Model
import Platform
import Policy
import Report
import Synchronization

/// What `scan --fix` was asked to do.
public struct FixRequest: Sendable {
    public var scan = ScanRequest()
    /// Print the diff, write nothing.
    public var dryRun = false
    /// Also apply the rewrites rules mark `fix-safety: unsafe`.
    public var unsafe = false
    /// Rewrite files git does not show committed and unchanged.
    public var allowDirty = false

    public init() {}
}

/// What `--fix` means to do, before anything is written: the first half of a fix run.
/// `Pipeline.applyFix` writes it; a dry run prints its diff. Files are read and matched once, by
/// the scan; each is written only if it still holds exactly what was read.
public struct FixPlan: Sendable {
    public let request: FixRequest
    public let plans: [FileFix]
    /// Files left alone, with the reason (unreadable, refused rewrites).
    public let skipped: [(path: String, reason: String)]
    /// The unified diff of every planned change.
    public let diff: String
    /// The scan the plan was made from.
    public let report: ScanReport
    /// The scan roots, absolute: nothing is written or removed outside them.
    package let roots: [String]
    /// Packages some file still imports after the fix: their manifest entries stay, and are
    /// reported as manual.
    package var withheld = Withheld()
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
    /// Files that could not be written (a full disk, an I/O error): each is as it was. Unlike
    /// `skipped`, these are errors (exit 2).
    public package(set) var failed: [(path: String, reason: String)] = []
    /// Temporary files an interrupted run left, with what became of them ("removed" or why not).
    public package(set) var leftovers: [(path: String, outcome: String)] = []
    /// A dry run: nothing was written.
    public package(set) var dryRun = false

    public var pending: Bool { plans.contains { $0.changed } }

    /// The summary `--fix` prints on stderr.
    public var summary: String {
        // A real run counts what it wrote: a file refused or failed at write time is not changed.
        let wrote = Set(written)
        let changed = plans.filter { $0.changed && (dryRun || wrote.contains(report.location(of: $0.file.path))) }
        let edits = changed.reduce(0) { $0 + $1.applied }
        let unresolved = plans.reduce(0) { $0 + $1.unresolved.count }
        let manual = report.findings.filter { $0.fixability == .manual }.count
        var out = ""
        // Each line escaped (Escaping.visible): a path with a line break must not forge a line.
        func line(_ text: String) { out += Escaping.visible(text) + "\n" }
        for (path, outcome) in leftovers {
            line("leftover: \(path): temporary file of an interrupted run; \(outcome)")
        }
        for plan in plans {
            for (loser, winner) in plan.overlaps {
                line("overlap: \(report.location(of: loser.path)):\(loser.start.line):\(loser.start.column): rule "
                    + "'\(loser.ruleID)' gave way to '\(winner.ruleID)' (higher priority or longer match)")
            }
        }
        for plan in plans where !plan.unresolved.isEmpty {
            for f in plan.unresolved {
                line("conflict: \(report.location(of: f.path)):\(f.start.line):\(f.start.column): rule '\(f.ruleID)': "
                    + "its rewrite overlaps another one that won, and was not applied")
            }
        }
        for plan in plans {
            for (ruleID, passes) in plan.loops {
                line("warning: \(report.location(of: plan.file.path)): rule '\(ruleID)' keeps matching its own rewrite; "
                    + "stopped after \(passes) \(passes == 1 ? "pass" : "passes") (check its fix: template)")
            }
        }
        // Migration units: a manual one is untouched whole, with why; an applied one may carry
        // notes of what it dropped or moved to the server.
        for plan in plans where plan.refusal == nil {
            for unit in plan.units {
                let at = "\(report.location(of: plan.file.path)):\(unit.line)"
                if let reason = unit.manual {
                    line("manual: \(at): \(unit.subject) left unchanged: \(reason)")
                } else {
                    for note in unit.notes { line("note: \(at): \(unit.subject): \(note)") }
                }
            }
        }
        for (path, reason) in skipped { line("skipped: \(path): \(reason)") }
        for (path, reason) in failed { line("error: cannot write \(path): \(reason); the file is unchanged") }
        let verb = dryRun && !changed.isEmpty ? "would change" : "changed"
        let count = changed.count
        out += "fix: \(verb) \(count) \(count == 1 ? "file" : "files") with \(edits) "
            + "\(edits == 1 ? "edit" : "edits"); \(skipped.count) refused, \(unresolved) conflicting; "
            + "\(manual) manual \(manual == 1 ? "item" : "items") left"
        if !failed.isEmpty { out += "; \(failed.count) not written (errors above)" }
        let removed = leftovers.count { $0.outcome == "removed" }
        if removed > 0 { out += "; \(removed) leftover temporary \(removed == 1 ? "file" : "files") removed" }
        return out + "\n"
    }
}

extension Pipeline {
    /// The fix pipeline: scan, plan per file, then print a diff (dry run) or write each file
    /// atomically and re-scan.
    public static func fix(_ request: FixRequest) throws(AuditError) -> FixRun {
        try fix(try planFix(request))
    }

    /// The second half of `fix`: the dry run's outcome, or the plan written.
    public static func fix(_ plan: FixPlan) throws(AuditError) -> FixRun {
        if plan.request.dryRun {
            // A dry run writes nothing, and removes nothing either: leftovers are only named.
            var run = FixRun(plans: plan.plans, written: [], skipped: plan.skipped, diff: plan.diff,
                             report: withholding(plan.withheld, in: plan.report))
            run.leftovers = plan.report.leftovers.map { (plan.report.location(of: $0.path), "--fix removes it") }
            run.dryRun = true
            return run
        }
        return try applyFix(plan)
    }

    /// Scans and plans every rewrite; reads files, writes nothing.
    public static func planFix(_ request: FixRequest, progress: (@Sendable (Int) -> Void)? = nil) throws(AuditError) -> FixPlan {
        let scanRequest = request.scan
        // One load of the rules, one walk and one match of each file: the plan starts from the
        // bytes and findings of the scan.
        let (rules, maps) = try rulesAndMaps(scanRequest)
        let scanner = Self.scanner(scanRequest, rules: rules, maps: maps, keepsFixable: true)
        let (before, scanned) = try scan(scanRequest, scanner: scanner, progress: progress)
        // The files whose fixable findings the report still lists: a file whose findings the
        // allow file or the baseline all accept is left alone (Fixer.plan: which matches).
        let wanted: Set<Fixability> = request.unsafe ? [.auto, .suggested] : [.auto]
        // A Python or JavaScript file with any finding is planned too: its ollama client code is rewritten as
        // units (Fixer.plan), which no rule's fixability stands for.
        let candidates = Set(before.findings.filter { wanted.contains($0.fixability) }.map(\.path))
            .union(scanned.filter { $0.file.types.intersects(Fixer.unitTypes) }.map(\.file.path)
                .filter(Set(before.findings.map(\.path)).contains))
        // A name that is not UTF-8 is scanned but not rewritten: the writer opens paths as
        // Strings, which would name another file (or none).
        let (files, unnamed) = scanned.filter { candidates.contains($0.file.path) }
            .reduce(into: ([ScannedFile](), [ScannedFile]())) {
                if $1.file.rawPath == nil { $0.0.append($1) } else { $0.1.append($1) }
            }

        // Files are planned independently: on the scan's threads, each result in its slot, so
        // the order (and the output) is the same for any thread count. Manifests go last: a
        // dependency stays while any file still imports it after the fix.
        let slots = Locked([FileFix?](repeating: nil, count: files.count))  // not Mutex: see Locked
        let unsafe = request.unsafe
        let isManifest = files.map { $0.findings.contains { $0.category == .dependencyManifest } }
        // Base URLs and environment variables stay where an Ollama API path stays joined to
        // them: decided from the scan, before any file is planned.
        var withheld = heldForOllamaPaths(before)
        // Model tags go everywhere or nowhere: one held occurrence (inside a compose service that
        // stays Ollama, on a line held above) holds the tag in every file.
        var models = ModelNames.projectModels(before.findings, map: maps.models)
        var staying: [String: [Range<Int>]] = [:], inside: [String: String] = [:]
        for file in files {
            guard let plan = ContainerUnits.plan(file.file.types, file.content, models: models) else { continue }
            if !plan.staying.isEmpty {
                staying[file.file.path] = plan.staying
                withheld.services[file.file.path] = plan.owned
                inside[file.file.path] = file.file.types.contains(.compose) ? "a compose service" : "a Kubernetes object or Helm values"
            }
            // An Ollama path that an applied unit rewrites (a probe on `/`) holds no port back.
            let rewritten = plan.edits.map(\.range)
            if before.findings.allSatisfy({ f in f.path != file.file.path || f.category != .endpoint || f.fixability != .manual
                                            || rewritten.contains { $0.overlaps(f.byteRange) } }) {
                withheld.baseURLFiles.remove(file.file.path)
            }
        }
        // A file whose ollama client stays still speaks Ollama's API, as a raw call to a path
        // does: its ports and base URLs, the address variables it reads and the model tags it
        // names stay too, everywhere. By path, the client in words ("the ollama client of line
        // 3"). A client left manual by a planner is known once its file is planned; one
        // configured where no planner reads (Spring AI's properties, JVM code) always stays.
        var keptClients: [String: String] = [:]
        func keep(_ path: String, _ client: String) {
            keptClients[path] = client
            withheld.baseURLFiles.insert(path)
            withheld.names.formUnion(before.findings.filter { $0.path == path && $0.category == .envVar && Withheld.isAddress($0.match) }.map(\.match))
        }
        for f in before.findings where f.category == .framework && f.fixability == .manual && keptClients[f.path] == nil
            && !Fixer.codeTypes.intersects(FileType.types(ofFileNamed: (f.path as NSString).lastPathComponent)) {
            keep(f.path, "the Ollama client configured on line \(f.start.line) (`\(f.match)`)")
        }
        func tagUnits() -> [ModelNames.TagUnit] {
            ModelNames.units(before.findings, map: maps.models, location: before.location(of:)) { [withheld, inside, keptClients] f in
                if let ranges = staying[f.path], ranges.contains(where: { $0.overlaps(f.byteRange) }) {
                    return "it is inside \(inside[f.path] ?? "a unit") that stays Ollama"
                }
                if let client = keptClients[f.path] { return "its file keeps \(client)" }
                return withheld.holds(f) ? "its line moves with a unit that stays" : nil
            }
        }
        var tags = tagUnits()
        withheld.modelTags = Set(tags.filter { $0.reason != nil }.map(\.tag))
        models.held = withheld.modelTags
        func planAll(_ indices: [Int], withheld: Withheld, models: ProjectModels) {
            let next = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: max(1, min(scanRequest.threads, indices.count))) { _ in
                while true {
                    let k = next.add(1, ordering: .relaxed).oldValue
                    if k >= indices.count { break }
                    let i = indices[k]
                    let plan = Fixer.plan(files[i].file, content: files[i].content, findings: files[i].findings,
                                          scanner: scanner, unsafe: unsafe, withheld: withheld, models: models)
                    slots.withLock { $0[i] = plan }
                }
            }
        }
        let code = files.indices.filter { !isManifest[$0] }
        planAll(code, withheld: withheld, models: models)
        // A kept client can hold a variable another file's client reads, which then stays too:
        // a few rounds reach the fixed point (each adds files; none takes any away).
        for _ in 0..<4 {
            let previous = withheld
            for i in code where keptClients[files[i].file.path] == nil && files[i].file.types.intersects(Fixer.codeTypes) {
                guard let unit = slots.withLock({ $0[i]!.units.first { $0.manual != nil } }) else { continue }
                keep(files[i].file.path, "the ollama client of line \(unit.line)")
            }
            guard withheld != previous else { break }
            tags = tagUnits()
            withheld.modelTags = Set(tags.filter { $0.reason != nil }.map(\.tag))
            models.held = withheld.modelTags
            let again = code.filter { i in files[i].findings.contains { withheld.holds($0) && !previous.holds($0) } }
            planAll(again, withheld: withheld, models: models)
        }
        let importers = stillImported(files: files, planned: slots.withLock { $0 }, report: before)
        withheld.packages = Set(importers.keys)
        planAll(files.indices.filter { isManifest[$0] }, withheld: withheld, models: models)
        for i in files.indices {
            let units = heldUnits(files[i], withheld: withheld, keptClients: keptClients, report: before)
            if !units.isEmpty { slots.withLock { $0[i]!.units += units } }
        }
        // A tag is reported once: at the occurrence that holds it, or the first one changed.
        let planned = Dictionary(files.indices.map { (files[$0].file.path, $0) }, uniquingKeysWith: { a, _ in a })
        for tag in tags {
            guard let f = ([tag.first] + tag.all).first(where: { planned[$0.path] != nil }), let i = planned[f.path] else { continue }
            let lines = tag.all.filter { $0.path == f.path }.map(\.start.line)
            let unit = MigrationUnit(subject: "model `\(tag.tag)`", line: f.start.line, lines: Array(Set(lines)).sorted(),
                                     manual: tag.reason, notes: tag.notes)
            slots.withLock { $0[i]!.units.append(unit) }
        }
        for i in files.indices where isManifest[i] {
            let kept = files[i].findings.filter { $0.category == .dependencyManifest }
                .compactMap { f in PackageUse.package(of: f).flatMap { p in importers[p].map { (f, p, $0) } } }
            let units = kept.map { f, package, users in
                MigrationUnit(subject: "dependency `\(package.drop { $0 != ":" }.dropFirst())`", line: f.start.line, lines: [f.start.line],
                              manual: "still imported by \(users.count) \(users.count == 1 ? "file" : "files") after the fix "
                                  + "(first: \(before.location(of: users[0]))); it goes with the last import", notes: [])
            }
            slots.withLock { $0[i]!.units += units }
        }
        var plans: [FileFix] = []
        var skipped: [(String, String)] = unnamed.map { (before.location(of: $0.file.path), "the name is not UTF-8; fix it by hand") }
        // Every slot is filled: each index is planned by exactly one worker.
        for (file, plan) in zip(files.map(\.file), slots.withLock { $0 }.map { $0! }) {
            var plan = plan
            if plan.changed, let readOnly = readOnly(file.absolutePath) {
                plan = FileFix(file: file, original: plan.original, fixed: plan.original, applied: 0, unresolved: [], refusal: readOnly)
            }
            if let refusal = plan.refusal { skipped.append((before.location(of: file.path), refusal)) }
            plans.append(plan)
        }
        let changed = plans.filter(\.changed)
        let diff = changed.map { UnifiedDiff.render(path: before.location(of: $0.file.path), old: $0.original, new: $0.fixed) }
            .joined()
        let roots = (scanRequest.paths.isEmpty ? ["."] : scanRequest.paths).map(Walker.absolute)
        var fixPlan = FixPlan(request: request, plans: plans, skipped: skipped, diff: diff, report: before, roots: roots)
        fixPlan.withheld = withheld
        return fixPlan
    }

    /// Ollama API paths that stay after the fix (no rewrite; not a route the code serves), and
    /// what they hold back: the ports and base URLs of their files, and the environment
    /// variables those files read, everywhere.
    static func heldForOllamaPaths(_ report: ScanReport) -> Withheld {
        let staying = report.findings.filter {
            $0.category == .endpoint && $0.fixability == .manual && $0.ruleID != "ollama-api-server-route"
                && !$0.lineText.drop { $0 == " " || $0 == "\t" }.hasPrefix("@")
        }
        let files = Set(staying.map(\.path))
        // Only variables that hold an address: a model name is never joined to a path. A
        // variable whose own name stays (OLLAMA_HOST, a server setting) still has its value's
        // port held wherever it is defined.
        let names = Set(report.findings.filter {
            $0.category == .envVar && files.contains($0.path) && Withheld.isAddress($0.match)
        }.map(\.match))
        return Withheld(names: names, baseURLFiles: files)
    }

    /// The units a file's held-back rewrites stand for, as manual items.
    static func heldUnits(_ file: ScannedFile, withheld: Withheld, keptClients: [String: String] = [:], report: ScanReport) -> [MigrationUnit] {
        var units: [MigrationUnit] = []
        let fixable = file.findings.filter { $0.fixability != .manual }
        let staying = report.findings.filter { $0.path == file.file.path && $0.category == .endpoint && $0.fixability == .manual }
        if withheld.baseURLFiles.contains(file.file.path) {
            let why = staying.first.map { "line \($0.start.line) still calls an Ollama API path (`\($0.match)`)" }
                ?? keptClients[file.file.path].map { "\($0) stays" }
            let lines = fixable.filter { $0.category == .port }.map(\.start.line)
            if let first = lines.first, let why {
                units.append(MigrationUnit(subject: "the base URLs and ports of this file", line: first, lines: lines,
                                           manual: "\(why); they move with it", notes: []))
            }
        }
        // Raw HTTP calls in code: the path, the body and the reads of the reply are one unit,
        // not rewritten by --fix yet.
        for f in file.findings where f.category == .endpoint && (f.layer == .backend || f.layer == .frontend)
            && f.ruleID != "ollama-api-server-route" && f.match.contains("/api") && !f.lineText.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("@")
            && (f.fixability == .manual || withheld.holds(f)) {
            units.append(MigrationUnit(subject: "the raw HTTP call to `\(f.match)`", line: f.start.line, lines: [f.start.line],
                                       manual: "its path, request body (options, stream) and the reads of its reply move together; rewrite the call by hand",
                                       notes: []))
        }
        for name in withheld.names.sorted() {
            let lines = fixable.filter { $0.category != .dependencyManifest && Withheld.contains(word: name, in: $0.lineText) }.map(\.start.line)
            guard let first = lines.first else { continue }
            let reader = report.findings.first { $0.category == .envVar && $0.match == name && withheld.baseURLFiles.contains($0.path) }
            let why = reader.map {
                "\(report.location(of: $0.path)) reads it and still " + (keptClients[$0.path].map { "keeps \($0)" } ?? "calls an Ollama API path") + " there"
            } ?? "a reader still calls an Ollama API path"
            units.append(MigrationUnit(subject: "environment variable `\(name)`", line: first, lines: Array(Set(lines)).sorted(),
                                       manual: "renamed everywhere or nowhere: \(why)", notes: []))
        }
        return units
    }

    /// The report with the held-back rewrites manual: `--fix` leaves them until their unit can
    /// be completed.
    static func withholding(_ withheld: Withheld, in report: ScanReport) -> ScanReport {
        guard !withheld.isEmpty else { return report }
        var report = report
        // The services left manual, where they are in the files the report was made from.
        var staying: [String: [Range<Int>]] = [:]
        for (path, owned) in withheld.services {
            if let data = FileManager.default.contents(atPath: path) {
                staying[path] = ContainerUnits.ranges(of: owned, in: Array(data))
            }
        }
        report.findings = report.findings.map { f in
            let inStayingService = staying[f.path]?.contains { $0.overlaps(f.byteRange) } ?? false
            guard f.fixability != .manual, withheld.holds(f) || inStayingService else { return f }
            return Finding(ruleID: f.ruleID, category: f.category, priority: f.priority, layer: f.layer, message: f.message, path: f.path,
                           start: f.start, end: f.end, match: f.match, lineText: f.lineText, fixability: .manual,
                           replacement: nil, byteRange: f.byteRange, region: f.region, via: f.via)
        }
        return report
    }

    /// The Ollama packages files still import after the fix, each with its importers: what a
    /// file's plan leaves, or what it holds when it is not planned (read again: a scan keeps
    /// only the files it plans).
    static func stillImported(files: [ScannedFile], planned: [FileFix?], report: ScanReport) -> [String: [String]] {
        var out: [String: [String]] = [:]
        var seen = Set<String>()
        for (file, plan) in zip(files, planned) {
            guard let plan else { continue }
            seen.insert(file.file.path)
            for package in PackageUse.packages(in: plan.refusal == nil ? plan.fixed : plan.original, types: file.file.types) {
                out[package, default: []].append(file.file.path)
            }
        }
        // Files with an import finding that were not planned keep their imports.
        let others = Set(report.findings.filter { ($0.category == .clientImport || $0.category == .framework) && !seen.contains($0.path) }.map(\.path))
        for path in others.sorted() {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            for package in PackageUse.packages(in: Array(data), path: path) {
                out[package, default: []].append(path)
            }
        }
        return out.mapValues { $0.sorted() }
    }

    /// Writes a plan: removes the leftovers of interrupted runs, replaces each changed file
    /// that still holds what was planned from, then re-scans.
    public static func applyFix(_ plan: FixPlan) throws(AuditError) -> FixRun {
        let before = plan.report
        let changed = plan.plans.filter(\.changed)
        if !plan.request.allowDirty {
            let status = GitStatus.check(changed.map(\.file.absolutePath))
            let shown = Dictionary(changed.map { ($0.file.absolutePath, before.location(of: $0.file.path)) },
                                   uniquingKeysWith: { first, _ in first })
            // Fail closed: a file git cannot vouch for is a file whose only copy may be this one.
            if let unknown = status.unknown.first {
                throw AuditError.usage("cannot tell whether \(unknown.paths.compactMap { shown[$0] }.joined(separator: ", ")) "
                                       + "\(unknown.paths.count == 1 ? "has" : "have") uncommitted changes: \(unknown.reason); "
                                       + "--fix rewrites only what git shows committed and unchanged: \(unknown.advice), "
                                       + "or pass --allow-dirty to rewrite anyway")
            }
            let dirty = changed.filter { status.dirty.contains($0.file.absolutePath) }.map { before.location(of: $0.file.path) }
            if !dirty.isEmpty {
                throw AuditError.usage("these files have uncommitted changes or are in no commit; commit or stash them, "
                                       + "or pass --allow-dirty: " + dirty.joined(separator: ", "))
            }
        }
        var leftovers: [(String, String)] = []
        for leftover in before.leftovers {
            leftovers.append((before.location(of: leftover.path), removeLeftover(leftover.absolutePath, roots: plan.roots)))
        }
        var written: [String] = []
        var skipped = plan.skipped
        var failed: [(String, String)] = []
        var folders = Set<String>()
        for fix in changed {
            let location = before.location(of: fix.file.path)
            // The walk never follows links, but a folder on the path may have become one since.
            if let problem = linkedFolder(fix.file.absolutePath, roots: plan.roots) ?? readOnly(fix.file.absolutePath) {
                skipped.append((location, problem)); continue
            }
            do {
                try OutputFile.replace(fix.file.absolutePath, expecting: fix.original, with: fix.fixed)
                written.append(location)
                folders.insert((fix.file.absolutePath as NSString).deletingLastPathComponent)
            } catch {
                // Refusals (a link, a file changed since the scan) are skips; anything else is
                // the system failing a write (a full disk, an I/O error): an error.
                guard case let .output(_, message) = error else { failed.append((location, error.description)); continue }
                if message.hasPrefix("changed since the scan") || message.hasPrefix("not a regular file") {
                    skipped.append((location, message))
                } else {
                    failed.append((location, message))
                }
            }
        }
        // Each rewritten file was fsynced before its rename; one fsync per folder makes the
        // renames durable too, at a cost that does not grow with the number of files.
        for folder in folders.sorted() { OutputFile.syncFolder(folder) }
        let after = withholding(plan.withheld, in: try scan(plan.request.scan))
        var run = FixRun(plans: plan.plans, written: written, skipped: skipped, diff: plan.diff, report: after)
        run.failed = failed
        run.leftovers = leftovers
        return run
    }

    /// Removes one leftover temporary file, only if it is still a regular file with our name
    /// in a folder reached without links under a scan root; "removed" or why not.
    static func removeLeftover(_ absolutePath: String, roots: [String]) -> String {
        guard OutputFile.isTemporaryName((absolutePath as NSString).lastPathComponent) else { return "not ours; left alone" }
        if let problem = linkedFolder(absolutePath, roots: roots) { return problem }
        let status: FileStatus
        switch FileStatus.of(absolutePath, followLink: false) {
        case let .success(found): status = found
        case let .failure(error): return error.isNotFound ? "removed" : error.description
        }
        guard status.kind == .regular else { return "not a regular file; left alone" }
        // Removing never follows a link: at worst it removes a link that replaced the file.
        if case let .failure(error) = FileSystem.remove(absolutePath) { return "cannot remove it: \(error)" }
        return "removed"
    }

    /// Why a file must not be rewritten because of its mode, or nil. The rewrite replaces the
    /// file by a rename, which the folder's permissions allow whatever the file's: a file
    /// without its owner's write bit (0444), or one this process may not write, is refused
    /// rather than replaced behind its mode's back.
    static func readOnly(_ absolutePath: String) -> String? {
        guard let status = FileStatus.at(absolutePath, followLink: false) else { return nil }  // gone: the write says so
        let mode = String(status.permissions, radix: 8)
        if status.permissions & 0o200 == 0 || !FileSystem.isWritable(absolutePath) {
            return "read-only (mode 0\(mode)); never rewritten, make it writable to fix it"
        }
        return nil
    }

    /// Why `absolutePath` must not be written: a folder between its scan root and it is not a
    /// folder any more (a link put there since the walk), or it lies under no root. Nil when
    /// all is well. The nearest (longest) root that holds the path is the one it was walked from.
    static func linkedFolder(_ absolutePath: String, roots: [String]) -> String? {
        guard let root = roots.filter({ absolutePath == $0 || absolutePath.hasPrefix($0 == "/" ? "/" : $0 + "/") })
            .max(by: { $0.count < $1.count }) else {
            return "outside the scan roots; never written"
        }
        if absolutePath == root { return nil }  // a file named on the command line
        let relative = absolutePath.dropFirst(root == "/" ? 1 : root.count + 1)
        var folder = root == "/" ? "" : root
        for component in relative.split(separator: "/").dropLast() {
            folder += "/" + component
            guard FileStatus.at(folder, followLink: false)?.kind == .directory else {
                return "the folder '\(folder)' is not a folder any more (a link?); never written through"
            }
        }
        return nil
    }
}

/// Which files git vouches for: tracked, and with no change in the index or the work tree.
/// `--fix` rewrites only those unless `--allow-dirty`, as `cargo fix` does. Anything else is
/// dirty: a modified file, an untracked one, an ignored one (`--no-ignore` scans `.env`), one
/// git is told to stop watching (assume-unchanged, skip-worktree). Outside every work tree (no
/// `.git` at or above the folder) nothing is dirty: there is no commit to lose anything from.
package enum GitStatus {
    /// Files git could not answer for, why, and what the user can do about it.
    package struct Unknown {
        package let paths: [String]
        package let reason: String
        let advice: String
    }

    /// One `git ls-files` and one `git status` per folder, not per file: a fix over 2,000
    /// files ran 2,000 git processes.
    package static func check(_ absolutePaths: [String]) -> (dirty: Set<String>, unknown: [Unknown]) {
        var byFolder: [String: [String: String]] = [:]  // folder → name → the path as given
        for path in absolutePaths {
            byFolder[(path as NSString).deletingLastPathComponent, default: [:]][(path as NSString).lastPathComponent] = path
        }
        var dirty = Set<String>()
        var unknown: [Unknown] = []
        let gitDirGiven = ProcessInfo.processInfo.environment["GIT_DIR"] != nil
        var gits: [String: Git] = [:]  // by work tree: its configuration is read once
        for (folder, files) in byFolder.sorted(by: { $0.key < $1.key }) {
            let workTree = GitScope.workTreeRoot(of: folder)
            guard gitDirGiven || workTree != nil else { continue }
            let names = files.keys.sorted()
            do throws(Git.Failure) {
                let git: Git
                if let known = gits[workTree ?? folder] { git = known.moved(to: folder) } else { git = try Git(in: folder) }
                gits[workTree ?? folder] = git
                // Literal pathspecs: a file named `*.env` must not stand for its neighbours.
                // `-v` tags each tracked file: `H` is plain; lower case is assume-unchanged and
                // `S` skip-worktree, both files whose edits git would not report.
                var clean = Set<String>()
                for record in try git.run(["--literal-pathspecs", "ls-files", "-z", "-v", "--cached", "--"] + names).split(separator: 0)
                where record.starts(with: Array("H ".utf8)) {
                    clean.insert((String(decoding: record.dropFirst(2), as: UTF8.self) as NSString).lastPathComponent)
                }
                let status = try git.run(["--literal-pathspecs", "status", "--porcelain", "-z", "--no-renames",
                                          "--untracked-files=all", "--ignore-submodules=all", "--"] + names)
                for record in status.split(separator: 0) where record.count > 3 {
                    clean.remove((String(decoding: record.dropFirst(3), as: UTF8.self) as NSString).lastPathComponent)
                }
                for (name, path) in files where !clean.contains(name) { dirty.insert(path) }
            } catch {
                let paths = names.compactMap { files[$0] }
                switch error {
                case .notFound:
                    unknown.append(Unknown(paths: paths, reason: "git is not on PATH", advice: "put git on PATH"))
                case .failed:
                    let reason = error.description
                    let advice = reason.contains("dubious ownership")
                        ? "if you trust the repository, tell git so (git config --global --add safe.directory \(GitScope.workTreeRoot(of: folder) ?? folder))"
                        : "make `git -C \(folder) status` work"
                    unknown.append(Unknown(paths: paths, reason: reason, advice: advice))
                }
            }
        }
        return (dirty, unknown)
    }
}
