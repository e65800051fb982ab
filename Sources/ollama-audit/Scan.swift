import ArgumentParser
import Foundation
import OllamaAuditCore

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
            """
    )

    @Argument(help: "Files or folders to scan. A file named here is scanned even if ignored.")
    var paths: [String] = []

    @Option(name: .long, help: "Report format: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ReportFormat = .text

    @Option(name: [.short, .long], help: ArgumentHelp(
        "Write the report to FILE (atomically) instead of standard output.", valueName: "file"))
    var output: String?

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

    @Option(name: .long, help: ArgumentHelp(
        "Exit 1 when a finding at or above this priority remains: critical, high, medium, low (any), "
            + "or none (never).", valueName: "priority"))
    var failOn: FailOn = .low

    @Option(name: [.short, .long], help: ArgumentHelp("Worker threads (default: one per core).", valueName: "n"))
    var threads: Int?

    @Option(name: .long, help: "Colour the text report: auto (on a terminal, unless NO_COLOR is set), always, never.")
    var color: ColorChoice = .auto

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        var request = ScanRequest()
        request.paths = paths.isEmpty ? ["."] : paths
        request.useDefaultRules = !ruleOptions.noDefaultRules
        request.maxFileSize = maxFilesize.bytes
        if let threads { request.threads = threads }
        request.walk.honourIgnoreFiles = !noIgnore
        request.walk.include = try globs(include, flag: "--include")
        request.walk.exclude = try globs(exclude, flag: "--exclude")
        request.ruleFiles = try ruleOptions.userFiles()

        let report = try Audit.scan(request, progress: Progress.line())
        Progress.clear()
        let useColor = output == nil && color.enabled(fileDescriptor: 1)
        let text = format.reporter(color: useColor).render(report)
        if let output {
            try OutputFile.write(text, to: output)
        } else if !StandardOutput.write(text) {
            throw ExitCode(ExitStatus.of(report, failOn: failOn.priority).rawValue)
        }
        if output != nil || format != .text {
            // Warnings belong on stderr when stdout carries a machine-readable report.
            for warning in report.warnings {
                FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
            }
        }
        throw ExitCode(ExitStatus.of(report, failOn: failOn.priority).rawValue)
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
