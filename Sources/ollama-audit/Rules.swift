import ArgumentParser
import Foundation
import Model
import OllamaAuditCore
import Platform
import Report
import Rules

/// `--rules` and `--no-default-rules`, shared by every command that runs rules.
struct RuleOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Add rules from a YAML file or a folder of them (repeatable). A rule with a built-in id replaces it. "
            + "Example: --rules team-rules/", valueName: "path"))
    var rules: [String] = []

    @Flag(name: .long, help: "Do not use the built-in rules; only those given with --rules.")
    var noDefaultRules = false

    func userFiles() throws -> [RuleFileText] {
        try RuleLoader.ruleFiles(at: rules)
    }

    /// The rules as `scan` would run them here: with the configuration's `rules:` folders,
    /// `disable:` and `priority:` (the nearest `.ollama-audit.yml`, or `--config`).
    func load(config: ConfigOption) throws -> [Rule] {
        try Pipeline.assembleRules(useDefaults: !noDefaultRules, ruleFiles: userFiles(),
                                config: Pipeline.config(explicit: config.config, root: ".")).rules
    }
}

/// `--config`, for every command that reads the configuration (`scan` and `verify` through
/// `PolicyOptions`).
struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Use this configuration file instead of the nearest .ollama-audit.yml. Example: --config ci/audit.yml",
        valueName: "file"))
    var config: String?
}

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, test and explain rules.",
        subcommands: [List.self, Explain.self, Test.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every rule: id, category, priority, file types, fixable.",
            discussion: """
                Examples:
                  ollama-audit rules list
                  ollama-audit rules list --format json --rules team-rules/
                  ollama-audit rules list --config ci/audit.yml

                As `scan` would run them: the configuration's rules: folders, disable: and \
                priority: apply.
                """
        )

        @OptionGroup var ruleOptions: RuleOptions
        @OptionGroup var configOption: ConfigOption

        @Option(name: .long, help: "Output format: text or json.")
        var format: ListFormat = .text

        /// For bench/patterns.py: the benchmark's peers (rg, semgrep) run each rule's pattern
        /// exactly as the scanner compiles it, with the `(?(DEFINE)…)` block of the language
        /// subpatterns it calls, which only the loader knows how to append. Not part of the
        /// documented JSON: its patterns change whenever a rule or the library does.
        @Flag(name: .customLong("compiled-patterns"), help: .hidden)
        var compiledPatterns = false

        enum ListFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

        func run() throws {
            let rules = try ruleOptions.load(config: configOption)
            if compiledPatterns {
                StandardOutput.write(try Self.compiled(rules) + "\n")
            } else {
                StandardOutput.write(format == .json ? RuleCatalog.json(rules) : RuleCatalog.table(rules))
            }
        }

        /// One rule's pattern as PCRE2 compiles it; its `flags:` are the rule file's.
        struct Compiled: Encodable {
            let id: String
            let pattern: String
        }

        static func compiled(_ rules: [Rule]) throws -> String {
            try JSONDocument.text(rules.map { Compiled(id: $0.id, pattern: $0.pattern.pattern) })
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Explain a rule: what breaks, the vLLM equivalent, docs and examples.",
            discussion: """
                Examples:
                  ollama-audit rules explain python-ollama-import
                  ollama-audit rules explain team-llm-gateway --config ci/audit.yml
                """
        )

        @Argument(help: "The rule id, as `rules list` or a report shows it.")
        var id: String

        @OptionGroup var ruleOptions: RuleOptions
        @OptionGroup var configOption: ConfigOption

        func run() throws {
            let rules = try ruleOptions.load(config: configOption)
            guard let rule = rules.first(where: { $0.id == id }) else {
                throw AuditError.usage("no rule with id '\(id)'\(Suggestion.hint(for: id, in: rules.map(\.id))); "
                                       + "`ollama-audit rules list` shows every id")
            }
            StandardOutput.write(RuleCatalog.explain(rule))
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the rules' own examples and report any that misbehave.",
            discussion: """
                With no PATH, tests the built-in rules; with PATHs (files or folders), tests \
                those rule files on their own. A rule is 'missing' when it is silent on a text \
                it must match, 'noisy' when it matches a text it must not, and 'wrong fix' when \
                its fix does not turn a before example into its after. Exits 1 on any \
                failure, 2 when a rule file does not load.

                Examples:
                  ollama-audit rules test
                  ollama-audit rules test team-rules/
                """
        )

        @Argument(help: "Rule files or folders to test (default: the built-in rules).")
        var paths: [String] = []

        func run() throws {
            let outcome = try Pipeline.selfTest(ruleFiles: paths.isEmpty ? nil : RuleLoader.ruleFiles(at: paths))
            StandardOutput.write(outcome.text)
            if !outcome.failures.isEmpty { throw ExitCode(1) }
        }
    }
}
