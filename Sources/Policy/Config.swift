import Engine
import Foundation
import Model
import Rules
import Yams

/// `.ollama-audit.yml`: a team's settings, found at the scan root or one of its parents (up to
/// the git work tree's root), or named with `--config`. Built-in defaults come first, then
/// this file, then command-line flags.
public struct AuditConfig: Sendable {
    public static let fileName = ProjectFiles.config
    package static let keys = ["include", "exclude", "disable", "priority", "rules", "env-names", "models", "fail-on", "verify"]

    public var path: String?
    public var include: [String] = []
    public var exclude: [String] = []
    /// Rule ids that do not run.
    public var disable: [String] = []
    /// Rule id → priority, overriding the rule's own.
    public var priorities: [String: Priority] = [:]
    /// Extra rule files or folders, relative to the config file.
    public var ruleDirs: [String] = []
    public var maps = FixMaps()
    /// `fail-on`; nil when the file does not set it. `.some(nil)` is `none`.
    public var failOn: Priority??
    /// The file's text when it has a `verify:` section: the budgets `ollama-audit verify` holds
    /// the deployment to belong to the Verify layer, which reads them (`VerifySettings(_:)`).
    package var verifySource: String?

    public init() {}

    /// The config file for a scan of `root`: the nearest `.ollama-audit.yml` at or above it,
    /// stopping at the git work tree's root.
    public static func find(from root: String) -> String? {
        Walker.findUpward(fileName, from: root)
    }

    public static func load(_ path: String) throws(AuditError) -> AuditConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AuditError.config(path: path, line: nil, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AuditError.config(path: path, line: nil, message: "the file is not valid UTF-8")
        }
        do {
            return try parse(text, path: path)
        } catch let AuditError.ruleFile(file, line, _, message) {
            throw AuditError.config(path: file, line: line, message: message)
        }
    }

    package static func parse(_ text: String, path: String) throws(AuditError) -> AuditConfig {
        var config = AuditConfig()
        config.path = path
        // A file of comments only (the starter) is an empty configuration.
        if (try? Yams.compose(yaml: text)) == nil, text.split(separator: "\n").allSatisfy({
            $0.trimmingCharacters(in: .whitespaces).isEmpty || $0.trimmingCharacters(in: .whitespaces).hasPrefix("#")
        }) { return config }
        let root = try YAMLValue.parse(text, path: path)
        let fields = try root.mapping(allowed: keys, what: "the configuration")
        // `--config audit.yml` has no folder part: its `rules:` are relative to ".", not "/".
        let folder = (path as NSString).deletingLastPathComponent
        let base = folder.isEmpty ? "." : folder
        config.include = try fields["include"]?.stringList("include") ?? []
        config.exclude = try fields["exclude"]?.stringList("exclude") ?? []
        config.disable = try fields["disable"]?.stringList("disable") ?? []
        config.ruleDirs = try (fields["rules"]?.stringList("rules") ?? []).map { $0.hasPrefix("/") ? $0 : base + "/" + $0 }
        if let node = fields["priority"] {
            for (id, value) in try node.mapping(allowed: [], anyKey: true, what: "priority") {
                let text = try value.string(id)
                guard let priority = Priority(rawValue: text) else {
                    throw value.error("unknown priority '\(text)' for rule '\(id)' (expected critical, high, medium or low)")
                }
                config.priorities[id] = priority
            }
        }
        for key in ["env-names", "models"] {
            guard let node = fields[key] else { continue }
            var table: [String: String] = [:]
            for (name, value) in try node.mapping(allowed: [], anyKey: true, what: key) { table[name] = try value.string(name) }
            if key == "models" { config.maps.models = table } else { config.maps.envNames = table }
        }
        if let node = fields["fail-on"] {
            let text = try node.string("fail-on")
            if text == "none" { config.failOn = .some(nil) } else if let p = Priority(rawValue: text) { config.failOn = .some(p) } else {
                throw node.error("unknown fail-on '\(text)' (expected critical, high, medium, low or none)")
            }
        }
        if fields["verify"] != nil { config.verifySource = text }
        return config
    }

    /// The rule files of the `rules:` folders, in the order the configuration lists them.
    package func ruleFiles() throws(AuditError) -> [RuleFileText] {
        try RuleLoader.ruleFiles(at: ruleDirs)
    }

    /// `set` as this configuration wants it: disabled rules dropped, priorities overridden,
    /// and the configuration's maps over the rules' own. An unknown id is an error, so a typo
    /// cannot silently keep a rule on.
    package func apply(to set: RuleSet) throws(AuditError) -> RuleSet {
        // A rule answers to its own id and to those it replaces (`replaces:`).
        let ids = Set(set.rules.flatMap { [$0.id] + $0.replaces })
        for id in disable + Array(priorities.keys) where !ids.contains(id) {
            throw AuditError.config(path: path ?? Self.fileName, line: nil,
                                    message: "no rule with id '\(id)'\(Suggestion.hint(for: id, in: set.rules.map(\.id)))")
        }
        let rules = set.rules.filter { rule in !([rule.id] + rule.replaces).contains(where: disable.contains) }.map { rule in
            var rule = rule
            if let priority = priorities[rule.id] ?? rule.replaces.lazy.compactMap({ priorities[$0] }).first {
                rule.priority = priority
            }
            return rule
        }
        return RuleSet(rules: rules, maps: set.maps.merging(maps))
    }

    /// The starter file `ollama-audit init` writes, marked as the tool's own (GeneratedMarker).
    public static let starter = GeneratedMarker.hashLine + """
        # ollama-audit configuration. Built-in defaults come first, then this file, then flags.
        # Every key is optional; an unknown key is an error.

        # Only scan files matching these gitignore-style globs (none: everything).
        # include: ["services/**"]

        # Skip files and folders matching these globs.
        # exclude: ["docs/archive/**", "**/testdata/**"]

        # Rule ids that do not run (`ollama-audit rules list` shows them).
        # disable: [ollama-named-identifier]

        # Per-rule priority overrides: critical, high, medium or low.
        # priority:
        #   docs-ollama-mention: medium

        # Extra rule files or folders, relative to this file.
        # rules: [tools/audit-rules]

        # What --fix renames the application's variables to (OLLAMA_URL -> OPENAI_BASE_URL ...).
        # env-names:
        #   OLLAMA_MODEL: CHAT_MODEL

        # Model tags --fix maps to Hugging Face repositories (extends rules/models.yml).
        # models:
        #   "llama3.1:8b": meta-llama/Llama-3.1-8B-Instruct

        # Exit 1 when a finding at or above this priority remains: critical, high, medium, low, none.
        # fail-on: high

        # What `ollama-audit verify` holds the vLLM deployment to (the defaults shown): the short
        # prompt's and the long prompt's total times, the slowest of `concurrency` requests sent
        # at once, and the GPU's peak utilisation (must exceed) and VRAM use (must stay below).
        # verify:
        #   simple-seconds: 5
        #   complex-seconds: 10
        #   concurrent-seconds: 15
        #   concurrency: 4
        #   gpu-min-utilisation: 50
        #   gpu-max-memory: 90

        """
}
