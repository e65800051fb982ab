import ArgumentParser
import Foundation
import Model
import OllamaAuditCore
import Platform
import Policy

/// `ollama-audit init`: a commented starter configuration.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a commented starter .ollama-audit.yml (never overwrites one).",
        discussion: """
            Example:
              ollama-audit init
              ollama-audit init --path services/api/.ollama-audit.yml
            """
    )

    @Option(name: .long, help: ArgumentHelp("Where to write it.", valueName: "file"))
    var path: String = AuditConfig.fileName

    func run() throws {
        if FileManager.default.fileExists(atPath: path) {
            throw AuditError.usage("\(path) already exists; init never overwrites a configuration")
        }
        try OutputFile.write(AuditConfig.starter, to: path)
        StandardOutput.write("wrote \(path)\n")
    }
}

/// `ollama-audit baseline write|prune`.
struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Record today's findings so CI fails only on new ones.",
        discussion: """
            Examples:
              ollama-audit baseline write .ollama-audit-baseline.json
              ollama-audit scan --baseline .ollama-audit-baseline.json
              ollama-audit baseline prune .ollama-audit-baseline.json
            """,
        subcommands: [Write.self, Prune.self]
    )

    struct Options: ParsableArguments {
        @Argument(help: "The baseline file (JSON).")
        var file: String

        @Argument(help: "Files or folders to scan (default: the current folder).")
        var paths: [String] = []

        @OptionGroup var configOption: ConfigOption
        var config: String? { configOption.config }

        @OptionGroup var ruleOptions: RuleOptions

        func scan() throws -> ScanReport {
            var request = ScanRequest()
            request.paths = paths.isEmpty ? ["."] : paths
            request.useDefaultRules = !ruleOptions.noDefaultRules
            request.ruleFiles = try ruleOptions.userFiles()
            request.config = try Pipeline.config(explicit: config, root: request.paths[0])
            request.ownFiles = [file]
            return try Pipeline.scan(request)
        }
    }

    struct Write: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write every current finding to a baseline file.")
        @OptionGroup var options: Options

        func run() throws {
            let report = try options.scan()
            try Baseline(report).write(to: options.file)
            StandardOutput.write("wrote \(report.findings.count.counting("finding")) to \(options.file)\n")
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove baseline entries that no longer match anything.")
        @OptionGroup var options: Options

        func run() throws {
            let baseline = try Baseline.load(options.file)
            let pruned = baseline.pruned(against: try options.scan())
            try pruned.write(to: options.file)
            StandardOutput.write("removed \((baseline.entries.count - pruned.entries.count).counting("stale entry", "stale entries")) from \(options.file)\n")
        }
    }
}
