import ArgumentParser
import Foundation
import OllamaAuditCore

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, test and explain rules.",
        subcommands: [Test.self]
    )

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the rules' own examples and report any that misbehave.",
            discussion: """
                With no PATH, tests the built-in rules; with PATHs (files or folders), tests \
                those rule files on their own. A rule is 'missing' when it is silent on a text \
                it must match, and 'noisy' when it matches a text it must not. Exits 1 on any \
                failure, 2 when a rule file does not load.

                Examples:
                  ollama-audit rules test
                  ollama-audit rules test team-rules/
                """
        )

        @Argument(help: "Rule files or folders to test (default: the built-in rules).")
        var paths: [String] = []

        func run() throws {
            var files: [RuleFileText] = []
            for path in paths { files += try RuleLoader.ruleFiles(at: path) }
            let rules = try paths.isEmpty ? RuleLoader.load(DefaultRules.files) : RuleLoader.load(files)
            let failures = RuleSelfTest.run(rules)
            var out = failures.map { "FAIL \($0)\n" }.joined()
            let examples = rules.reduce(0) { $0 + $1.examples.match.count + $1.examples.noMatch.count }
            out += "\(rules.count) rules, \(examples) examples: "
                + (failures.isEmpty ? "all passed\n" : "\(failures.count) failed\n")
            StandardOutput.write(out)
            if !failures.isEmpty { throw ExitCode(1) }
        }
    }
}
