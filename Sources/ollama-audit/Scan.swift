import ArgumentParser
import Fix
import Foundation
import Model
import OllamaAuditCore
import Platform
import Policy
import Report

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scan files for Ollama dependencies and report them.",
        discussion: """
            Walks each PATH (default: the current folder), honouring .gitignore, .ignore and \
            git's exclude files, and runs the built-in rules (plus any --rules) over every \
            recognised source, config and docs file.

            Examples:
              ollama-audit scan
              ollama-audit scan fixtures/seed-project --format json --output audit.json
              ollama-audit scan src --format concise
              ollama-audit scan --statistics
              ollama-audit scan --fix --interactive
              ollama-audit scan --exclude 'docs/**' --fail-on high
              ollama-audit scan --rules team-rules/ --no-default-rules src
              ollama-audit scan --format github --report sarif=out.sarif
              ollama-audit scan --report gitlab=gl-code-quality-report.json
            """
    )

    @Argument(help: "Files or folders to scan. A file named here is scanned even if ignored.")
    var paths: [String] = []

    @Option(name: .long, help: "Report format: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ReportFormat = .text

    @Option(name: [.short, .long], help: ArgumentHelp(
        "Write the report to FILE (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    @Option(name: .customLong("report"), help: ArgumentHelp(
        "Also write a report in FORMAT to FILE (repeatable, atomic); standard output keeps --format. "
            + "Example: --report sarif=out.sarif --report markdown=MIGRATION.md", valueName: "format=file"))
    var reports: [ReportSpec] = []

    @Flag(name: .long, help: ArgumentHelp(
        "Record the run's start and end times in SARIF, and its date in the Markdown audit (off: reports stay "
            + "byte-identical). SOURCE_DATE_EPOCH, when set, is the time recorded. Example: --timestamps"))
    var timestamps = false

    @Flag(name: .long, help: "Apply the rules' safe rewrites to the files (atomically; a re-scan then reports what is left).")
    var fix = false

    @Flag(name: .long, help: "With --fix: print the unified diff instead of writing (git apply accepts it); exit 1 if changes are pending.")
    var dryRun = false

    @Flag(name: .long, help: ArgumentHelp(
        "With --fix: show each file's change (its units, then its diff) and ask y/n/all/quit before writing it; "
            + "needs a terminal. Example: ollama-audit scan --fix --interactive"))
    var interactive = false

    @Flag(name: .long, help: "With --fix: also apply rewrites marked unsafe (they need a human's eye).")
    var unsafeFixes = false

    @Flag(name: .long, help: "With --fix: rewrite files git does not show committed and unchanged (edited, untracked, or git cannot tell).")
    var allowDirty = false

    @Option(name: .long, help: ArgumentHelp("With --fix: also write the diff to FILE. Example: --fix --dry-run --patch migrate.patch",
                                           valueName: "file"))
    var patch: String?

    @OptionGroup var ruleOptions: RuleOptions

    @Option(name: [.short, .customLong("include")], help: ArgumentHelp(
        "Only scan files matching this gitignore-style glob (repeatable). Example: --include 'backend/**'",
        valueName: "glob"))
    var include: [String] = []

    @Option(name: [.short, .customLong("exclude")], help: ArgumentHelp(
        "Skip files and folders matching this glob (repeatable); excluded folders are not entered. "
            + "Example: --exclude 'docs/**'", valueName: "glob"))
    var exclude: [String] = []

    @Flag(name: .long, help: "Ignore .gitignore, .ignore and git's exclude files, and scan node_modules, .venv and the like.")
    var noIgnore = false

    @Option(name: .long, help: ArgumentHelp(
        "Skip files larger than this (K, M and G suffixes). Example: --max-filesize 2M", valueName: "size"))
    var maxFilesize: ByteSize = ByteSize(argument: "10M")!

    @OptionGroup var policy: PolicyOptions

    @Option(name: .long, help: ArgumentHelp(
        "Scan only files changed since the merge base with REF (and uncommitted ones). Example: --changed-since origin/main",
        valueName: "ref"))
    var changedSince: String?

    @Flag(name: .long, help: "Scan only staged files, as the git index holds them (for pre-commit).")
    var staged = false

    @Flag(name: .long, help: "Exit 1 on suppression comments that silence nothing or give no reason.")
    var strict = false

    @Flag(name: .long, help: "Exit by the findings even when files could not be read or a rule hit PCRE2's limits (else 3).")
    var allowIncomplete = false

    @Flag(name: .long, help: ArgumentHelp(
        "Print each file the scan would read, one per line, sorted, and exit 0 (as rg --files); "
            + "the ignore files, --include, --exclude and --max-filesize apply. "
            + "Example: ollama-audit scan --files src > scanned.txt"))
    var files = false

    @Flag(name: .long, help: ArgumentHelp(
        "Print finding counts per rule (priority, how many --fix applies, message), most first, instead of the report. "
            + "Example: ollama-audit scan --statistics"))
    var statistics = false

    @Flag(name: [.short, .long], help: ArgumentHelp(
        "Print nothing but errors: no report on standard output, no progress, no notes; the exit code tells. "
            + "--report files are still written. Example: ollama-audit scan -q --report sarif=out.sarif"))
    var quiet = false

    @Option(name: [.short, .long], help: ArgumentHelp("Worker threads (default: one per core).", valueName: "n"))
    var threads: Int?

    @Option(name: .long, help: "Colour the text report: auto (on a terminal, unless NO_COLOR is set), always, never.")
    var color: ColorChoice = .auto

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if maxFilesize.tooLarge {
            throw ValidationError("--max-filesize \(maxFilesize.text) is too large: at most \(Int.max >> 30)G")
        }
        if !fix, dryRun || unsafeFixes || allowDirty || patch != nil || interactive {
            throw ValidationError("--dry-run, --unsafe-fixes, --allow-dirty, --patch and --interactive go with --fix")
        }
        if interactive, dryRun || quiet {
            throw ValidationError("--interactive asks before each file is written; it cannot be combined with --dry-run or --quiet")
        }
        if statistics, quiet || files || dryRun || output != nil || (format != .text && format != .concise) {
            throw ValidationError("--statistics prints a table on standard output; it cannot be combined with --quiet, --files, "
                                  + "--dry-run, --output or --format \(format.rawValue) (--report FORMAT=FILE still writes reports)")
        }
        if quiet, files { throw ValidationError("--files lists files; it cannot be combined with --quiet") }
        if files, fix || output != nil || !reports.isEmpty {
            throw ValidationError("--files lists the files to scan; it cannot be combined with --fix, --output or --report")
        }
        if staged, changedSince != nil { throw ValidationError("--staged and --changed-since cannot be combined") }
        if fix, staged { throw ValidationError("--fix rewrites the work tree; it cannot be combined with --staged") }
        let targets = reports.map(\.path) + (output.map { [$0] } ?? []) + (patch.map { [$0] } ?? [])
        if Set(targets).count != targets.count { throw ValidationError("two reports name the same file") }
    }

    func run() throws {
        var request = ScanRequest()
        request.paths = paths.isEmpty ? ["."] : paths
        request.useDefaultRules = !ruleOptions.noDefaultRules
        request.maxFileSize = maxFilesize.bytes
        if let threads {
            // A million threads is a million stacks: more than a few per core only adds
            // contention, so the count is clamped with a warning rather than refused (a CI
            // setting written for a big machine keeps working on a small runner).
            let cap = Self.maxThreads
            if threads > cap {
                FileHandle.standardError.write(Data(("warning: --threads \(threads) is more than 8 per core; "
                    + "using \(cap)\n").utf8))
            }
            request.threads = min(threads, cap)
        }
        request.walk.honourIgnoreFiles = !noIgnore
        request.walk.include = try globs(include, flag: "--include")
        request.walk.exclude = try globs(exclude, flag: "--exclude")
        request.ruleFiles = try ruleOptions.userFiles()
        try policy.apply(to: &request, root: request.paths[0])
        request.changedSince = changedSince
        request.staged = staged
        // What this run writes is never read by it (each file also carries GeneratedMarker).
        let targets = reports.map(\.path) + (output.map { [$0] } ?? []) + (patch.map { [$0] } ?? [])
        request.ownFiles = targets

        // A report that cannot be written fails the run before the scan, not after it.
        for target in targets { try OutputFile.checkFolder(of: target) }
        if files { return try listFiles(request) }
        if fix { return try runFix(request) }

        let started = timestamps ? Self.now() : ""
        var options = ReportOptions()
        let report: ScanReport
        // Only the Markdown audit lists migration units, and they cost a fix plan (in memory):
        // a run without Markdown scans alone.
        if writes(.markdown) {
            let scanned = try Pipeline.scanPlanningUnits(request, progress: progress)
            report = scanned.report
            options.units = scanned.units
            options.context = auditContext(request, started: started)
        } else {
            report = try Pipeline.scan(request, progress: progress)
        }
        Progress.clear()
        // A leftover is no finding and does not make the scan incomplete; a scan only names
        // it (it writes nothing), `--fix` removes it.
        for leftover in report.leftovers where !quiet {
            Self.warn("\(report.location(of: leftover.path)): temporary file of an interrupted run; "
                      + "`ollama-audit scan --fix` removes it")
        }
        if timestamps { options.timestamps = (started, Self.now()) }
        let stdoutOpen = try writeReports(report, options)
        if stdoutOpen, quiet ? !allowIncomplete : output != nil || (format != .text && format != .concise) {
            // Warnings belong on stderr when stdout carries a machine-readable report. With
            // --quiet they are the errors that make the scan incomplete (exit 3), so they stay.
            for warning in report.warnings { Self.warn(report.displayed(warning)) }
        }
        throw ExitCode(status(report, request.config).rawValue)
    }

    /// `--files`: the paths as the report would locate them, raw bytes and all (a name need
    /// not be UTF-8), so that another tool can open them; a closed pipe ends the list quietly.
    /// One path a line: a name holding a line break or a terminal escape is shown escaped, as
    /// the text report shows it, so no file name can forge a line of the list.
    private func listFiles(_ request: ScanRequest) throws {
        StandardOutput.write(try Pipeline.scannedFiles(request).map { Escaping.visible($0) + "\n" }.joined())
    }

    /// `--fix`: a dry run prints the diff; otherwise files are rewritten and the findings
    /// left are reported as a scan would report them.
    private func runFix(_ scan: ScanRequest) throws {
        var request = FixRequest()
        request.scan = scan
        request.dryRun = dryRun
        request.unsafe = unsafeFixes
        request.allowDirty = allowDirty
        // Asked before the scan: a review that cannot ask fails fast, not after the plan.
        if interactive, !(Terminal.isTerminal(0) && Terminal.isTerminal(1)) {
            throw AuditError.usage("--interactive asks on a terminal, and standard input or output is not one; "
                                   + "review the change with --fix --dry-run, then apply it with --fix")
        }
        var plan = try Pipeline.planFix(request, progress: progress)
        Progress.clear()
        if interactive { plan = review(plan) }
        let run: FixRun
        do {
            run = try Pipeline.fix(plan)
        } catch {
            // The scan ran, so its reports are written even when the writes are refused
            // (uncommitted changes): they describe the tree as it still is.
            try? writeReportFiles(plan.report, ReportOptions(units: Pipeline.migrationUnits(of: plan), context: auditContext(scan)))
            throw error
        }
        // git apply and patch skip the marker line, as any text before the first file header.
        if let patch { try OutputFile.write(GeneratedMarker.hashLine + run.diff, to: patch) }
        if !quiet { FileHandle.standardError.write(Data(run.summary.utf8)) }
        let options = ReportOptions(units: Pipeline.migrationUnits(of: run), context: auditContext(scan))
        if dryRun {
            // A scan ran, in a dry run too: its reports are written either way.
            try writeReportFiles(run.report, options)
            let colored = output == nil && color.enabled(fileDescriptor: 1)
            var text = colored ? UnifiedDiff.colorize(run.diff) : run.diff
            // In a GitHub Actions log, the diff's lines are the repository's: commands off.
            if ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true", !text.isEmpty {
                text = Escaping.githubVerbatim(text)
            }
            if let output {
                try OutputFile.write(GeneratedMarker.hashLine + run.diff, to: output)
            } else if !quiet {
                StandardOutput.write(text)
            }
            // stdout holds the diff, so the scan's warnings go to stderr; a diff made from an
            // incomplete scan may miss files, and exits 3 as the scan would.
            if !(quiet && allowIncomplete) { for warning in run.report.warnings { Self.warn(run.report.displayed(warning)) } }
            if run.report.incomplete, !allowIncomplete { throw ExitCode(ExitStatus.incomplete.rawValue) }
            throw ExitCode(run.pending ? ExitStatus.findings.rawValue : ExitStatus.clean.rawValue)
        }
        try writeReports(run.report, options)
        // A file that could not be written (a full disk) is an output that failed: exit 2,
        // after the report, as the summary above names each file.
        if !run.failed.isEmpty { throw ExitCode(ExitStatus.error.rawValue) }
        throw ExitCode(status(run.report, scan.config).rawValue)
    }

    /// Writes the `--report` files, then the report in `--format` to `--output` or standard
    /// output. Returns false when standard output was closed. A SARIF report cut at GitHub's
    /// limit says so.
    /// `--statistics` puts its table in the report's place; `--quiet` writes only the files.
    @discardableResult
    private func writeReports(_ report: ScanReport, _ base: ReportOptions) throws -> Bool {
        var options = base
        try writeReportFiles(report, options)
        if writes(.sarif), !quiet, let note = SARIFReporter.capNote(report) {
            Self.warn(note)
        }
        // Under GitHub Actions a run that annotates also writes the step's summary, --quiet or not.
        if writes(.github) { appendStepSummary(report) }
        if quiet, output == nil { return true }
        options.color = output == nil && color.enabled(fileDescriptor: 1)
        if statistics { return StandardOutput.write { StatisticsReporter().write(report, to: $0) } }
        return try write(report, format, options, to: output)
    }

    /// The scan's progress line, on a terminal only, and never with --quiet.
    private var progress: (@Sendable (Int) -> Void)? { quiet ? nil : Progress.line() }

    /// `--interactive`: the plan as the user accepts it, file by file, asked on the terminal.
    private func review(_ plan: FixPlan) -> FixPlan {
        let colored = color.enabled(fileDescriptor: 1)
        return FixReview.review(plan, color: colored, show: { StandardOutput.write($0) }, ask: { prompt in
            StandardOutput.write(prompt)
            return readLine(strippingNewline: true)
        })
    }

    /// Under GitHub Actions (`GITHUB_STEP_SUMMARY` names the step's summary file), a run that
    /// annotates also appends its summary there (docs/ci.md, "Step summary"). A file that cannot
    /// be written is a warning, not an error: the annotations, the reports and the exit status
    /// stand without it, and a job must not fail over its summary page.
    private func appendStepSummary(_ report: ScanReport) {
        guard let path = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !path.isEmpty else { return }
        do {
            try OutputFile.append(GitHubReporter.stepSummary(report), to: path)
        } catch let .output(_, message) {
            Self.warn("cannot append the step summary to \(path) (GITHUB_STEP_SUMMARY): \(message)")
        } catch {
            Self.warn("cannot append the step summary to \(path) (GITHUB_STEP_SUMMARY): \(error)")
        }
    }

    /// The `--report FORMAT=FILE` files alone.
    private func writeReportFiles(_ report: ScanReport, _ options: ReportOptions) throws {
        for spec in reports { try write(report, spec.format, options, to: spec.path) }
    }

    /// One report in `format` to the file at `path` (atomically), or to standard output when
    /// there is none, written as it is made (a report of 700,000 findings is never one
    /// string). A file gets GeneratedMarker's line first in the formats without a marker of
    /// their own. Returns false when standard output was closed.
    @discardableResult
    private func write(_ report: ScanReport, _ format: ReportFormat, _ options: ReportOptions, to path: String?) throws -> Bool {
        guard let path else { return StandardOutput.write { format.reporter(options).write(report, to: $0) } }
        try OutputFile.write(to: path) { out in
            out.write(GeneratedMarker.stamped("", format))
            format.reporter(options).write(report, to: out)
        }
        return true
    }

    /// A warning on stderr, escaped (Escaping.visible): paths in it are the repository's, and a
    /// line break in one could otherwise forge a line, or a workflow command in CI.
    static func warn(_ text: String) {
        FileHandle.standardError.write(Data("warning: \(Escaping.visible(text))\n".utf8))
    }

    func status(_ report: ScanReport, _ config: AuditConfig) -> ExitStatus {
        ExitStatus.of(report, failOn: policy.threshold(config), strict: strict, allowIncomplete: allowIncomplete)
    }

    /// The most worker threads a scan starts: 8 per core.
    static var maxThreads: Int { 8 * max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// The time, in UTC; SOURCE_DATE_EPOCH (seconds since 1970, as reproducible builds set
    /// it) when it is a whole number, so a recorded time can be made reproducible too.
    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap({ Int64($0) }), epoch >= 0 {
            return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(epoch)))
        }
        return formatter.string(from: Date())
    }

    /// Whether the run writes a report in `kind`, to standard output or a `--report` file.
    private func writes(_ kind: ReportFormat) -> Bool {
        format == kind || reports.contains { $0.format == kind }
    }

    /// The Markdown audit's context, when the run writes Markdown (git runs only then); the
    /// date, with --timestamps, is the run's start (`started`, else now).
    private func auditContext(_ request: ScanRequest, started: String? = nil) -> AuditContext? {
        guard writes(.markdown) else { return nil }
        return Pipeline.auditContext(request, date: timestamps ? started ?? Self.now() : nil)
    }

    private func globs(_ texts: [String], flag: String) throws -> [Glob] {
        try texts.map { text in
            guard let glob = Glob(text, allowNegation: false) else {
                throw AuditError.usage("\(flag) '\(text)' is not a glob")
            }
            return glob
        }
    }
}

/// `--report FORMAT=FILE`.
struct ReportSpec: ExpressibleByArgument {
    let format: ReportFormat
    let path: String

    init?(argument: String) {
        guard let eq = argument.firstIndex(of: "="),
              let format = ReportFormat(rawValue: String(argument[..<eq])) else { return nil }
        let path = String(argument[argument.index(after: eq)...])
        guard !path.isEmpty else { return nil }
        self.format = format
        self.path = path
    }

    static var defaultCompletionKind: CompletionKind { .file() }
}
