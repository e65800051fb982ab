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

    @Flag(name: .long, help: "Record the run's start and end times in SARIF (off: reports stay byte-identical).")
    var timestamps = false

    @Flag(name: .long, help: "Apply the rules' safe rewrites to the files (atomically; a re-scan then reports what is left).")
    var fix = false

    @Flag(name: .long, help: "With --fix: print the unified diff instead of writing (git apply accepts it); exit 1 if changes are pending.")
    var dryRun = false

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

    @Option(name: [.short, .long], help: ArgumentHelp("Worker threads (default: one per core).", valueName: "n"))
    var threads: Int?

    @Option(name: .long, help: "Colour the text report: auto (on a terminal, unless NO_COLOR is set), always, never.")
    var color: ColorChoice = .auto

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if maxFilesize.tooLarge {
            throw ValidationError("--max-filesize \(maxFilesize.text) is too large: at most \(Int.max >> 30)G")
        }
        if !fix, dryRun || unsafeFixes || allowDirty || patch != nil {
            throw ValidationError("--dry-run, --unsafe-fixes, --allow-dirty and --patch go with --fix")
        }
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
        if format == .markdown || reports.contains(where: { $0.format == .markdown }) {
            let scanned = try Pipeline.scanPlanningUnits(request, progress: Progress.line())
            report = scanned.report
            options.units = scanned.units
        } else {
            report = try Pipeline.scan(request, progress: Progress.line())
        }
        Progress.clear()
        // A leftover is no finding and does not make the scan incomplete; a scan only names
        // it (it writes nothing), `--fix` removes it.
        for leftover in report.leftovers {
            Self.warn("\(report.location(of: leftover.path)): temporary file of an interrupted run; "
                      + "`ollama-audit scan --fix` removes it")
        }
        if timestamps { options.timestamps = (started, Self.now()) }
        let stdoutOpen = try writeReports(report, options)
        if stdoutOpen, output != nil || format != .text {
            // Warnings belong on stderr when stdout carries a machine-readable report.
            for warning in report.warnings { Self.warn("\(warning)") }
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
        let plan = try Pipeline.planFix(request)
        let run: FixRun
        do {
            run = try Pipeline.fix(plan)
        } catch {
            // The scan ran, so its reports are written even when the writes are refused
            // (uncommitted changes): they describe the tree as it still is.
            try? writeReportFiles(plan.report, ReportOptions(units: Pipeline.migrationUnits(of: plan)))
            throw error
        }
        // git apply and patch skip the marker line, as any text before the first file header.
        if let patch { try OutputFile.write(GeneratedMarker.hashLine + run.diff, to: patch) }
        FileHandle.standardError.write(Data(run.summary.utf8))
        let options = ReportOptions(units: Pipeline.migrationUnits(of: run))
        if dryRun {
            // A scan ran, in a dry run too: its reports are written either way.
            try writeReportFiles(run.report, options)
            let colored = output == nil && color.enabled(fileDescriptor: 1)
            var text = colored ? UnifiedDiff.colorize(run.diff) : run.diff
            // In a GitHub Actions log, the diff's lines are the repository's: commands off.
            if ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true", !text.isEmpty {
                text = Escaping.githubVerbatim(text)
            }
            if let output { try OutputFile.write(GeneratedMarker.hashLine + run.diff, to: output) } else { StandardOutput.write(text) }
            // stdout holds the diff, so the scan's warnings go to stderr; a diff made from an
            // incomplete scan may miss files, and exits 3 as the scan would.
            for warning in run.report.warnings { Self.warn("\(warning)") }
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
    @discardableResult
    private func writeReports(_ report: ScanReport, _ base: ReportOptions) throws -> Bool {
        var options = base
        try writeReportFiles(report, options)
        options.color = output == nil && color.enabled(fileDescriptor: 1)
        let open = try write(report, format, options, to: output)
        if format == .sarif || reports.contains(where: { $0.format == .sarif }), let note = SARIFReporter.capNote(report) {
            Self.warn(note)
        }
        if format == .github || reports.contains(where: { $0.format == .github }) { appendStepSummary(report) }
        return open
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

    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
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
