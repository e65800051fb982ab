import AuditTestSupport
import Model
@testable import OllamaAuditCore
import Rules
import Testing

@Suite struct RuleLoaderTests {
    func load(_ name: String) throws(AuditError) -> [Rule] {
        try RuleLoader.load(try RuleLoader.ruleFiles(at: TestSupport.fixture("rule-files/" + name)))
    }

    /// The error a rule file fails with, taken apart; nil when it loads.
    func failure(_ name: String) -> (path: String, line: Int?, id: String?, message: String)? {
        do {
            _ = try load(name)
            return nil
        } catch {
            guard case let .ruleFile(path, line, id, message) = error else { return ("", nil, nil, "\(error)") }
            return (path, line, id, message)
        }
    }

    @Test func validFileLoadsWithEveryField() throws {
        let rules = try load("valid/team-rules.yml")
        #expect(rules.map(\.id) == ["team-llm-gateway", "docs-ollama-mention"])
        let gateway = rules[0]
        #expect(gateway.priority == .medium)
        #expect(gateway.category == .endpoint)
        #expect(gateway.fileTypes.contains(.python) && gateway.fileTypes.contains(.vue))
        #expect(!gateway.fileTypes.contains(.markdown))
        #expect(gateway.prefilter.count == 1)
        #expect(gateway.examples.match.count == 2)
        #expect(gateway.line == 3)
    }

    /// Each invalid file names the file, the line, the rule and the problem.
    @Test(arguments: [
        ("bad-pattern.yml", 6, "broken-pattern", "pattern does not compile: PCRE2 error 114: missing closing parenthesis at offset 12"),
        ("unknown-key.yml", 6, "typo-key", "unknown key 'patern' in a rule"),
        ("missing-field.yml", 2, "no-priority", "missing required key 'priority'"),
        ("duplicate-id.yml", 13, "twice", "duplicate rule id"),
        ("wrong-type.yml", 6, "wrong-type", "'files' must be a list, found a scalar"),
        ("unknown-priority.yml", 5, "unknown-priority", "unknown priority 'urgent' (expected one of: critical, high, medium, low)"),
        ("no-examples.yml", 2, "no-examples", "missing required key 'examples'"),
        ("unknown-group.yml", 8, "unknown-group", "group 'name' is not a group of the pattern"),
        ("bad-fix-group.yml", 8, "bad-fix-group", "fix template: group 'nme' is not a group of the pattern"),
    ])
    func invalidFilesFailWithLocation(file: String, line: Int, id: String, message: String) throws {
        let error = try #require(failure("invalid/" + file), "\(file) loaded")
        #expect(error.path.hasSuffix("invalid/" + file))
        #expect(error.line == line)
        #expect(error.id == id)
        #expect(error.message.contains(message), "\(error.message)")
    }

    /// A key of the wrong type is named once, with its file, line and rule (the old loader
    /// put the location into the message a second time for `fix:` and `ensure`).
    @Test(arguments: [
        ("    fix: [a]", 6, "'fix' must be a string, found a list"),
        ("    fix: x\n    ensure:\n      - line: l\n        after: [a]", 9, "'ensure.after' must be a string, found a list"),
    ])
    func aKeyOfTheWrongTypeIsNamedOnce(extra: String, line: Int, message: String) {
        let yaml = "rules:\n  - id: r\n    message: m\n    category: docs\n    priority: low\n" + extra
            + "\n    pattern: ollama\n    examples:\n      match: [ollama]\n      no-match: [b]\n"
        do {
            _ = try RuleLoader.load([RuleFileText(path: "user.yml", text: yaml)])
            Issue.record("the rule loaded")
        } catch {
            #expect(error == .ruleFile(path: "user.yml", line: line, ruleID: "r", message: message))
        }
    }

    @Test func malformedYAMLAndEmptyFilesFail() throws {
        for (file, fragment) in [("bad-yaml.yml", "invalid YAML"), ("empty.yml", "the file is empty")] {
            let error = try #require(failure("invalid/" + file), "\(file) loaded")
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test func userRuleReplacesBuiltinWithSameID() throws {
        let user = try RuleLoader.ruleFiles(at: TestSupport.fixture("rule-files/valid/team-rules.yml"))
        let rules = try RuleSet.assemble(RuleRequest(userFiles: user)).rules
        let docs = rules.filter { $0.id == "docs-ollama-mention" }
        #expect(docs.count == 1)
        #expect(docs.first?.priority == .medium)
        #expect(rules.contains { $0.id == "team-llm-gateway" })
        #expect(rules.count == (try RuleLoader.load(DefaultRules.files)).count + 1)
    }

    @Test func failingExamplesAreReportedByKind() throws {
        let files = try RuleLoader.ruleFiles(at: TestSupport.fixture("rule-files/failing/failing-example.yml"))
        let outcome = try Pipeline.selfTest(ruleFiles: files)
        #expect(outcome.failures.map(\.kind.rawValue).sorted() == ["missing", "noisy"])
        #expect(outcome.rules == 1)
        #expect(outcome.text.hasSuffix("1 rule, \(outcome.examples) examples: 2 failed\n"))
    }

    /// A user rule tested on its own may call the built-in maps; with `ruleFiles: nil` the
    /// built-in rules are tested.
    @Test func selfTestKeepsTheBuiltinMapsForUserRules() throws {
        let rule = TestRule(id: "rename", pattern: "\\b(OLLAMA_URL)\\b", fix: "${env:1}", match: ["OLLAMA_URL"],
                            fixes: [("OLLAMA_URL=x\n", "OPENAI_BASE_URL=x\n")])
        let yaml = rule.file
        let outcome = try Pipeline.selfTest(ruleFiles: [RuleFileText(path: "user.yml", text: yaml)])
        #expect(outcome.rules == 1)
        #expect(outcome.failures.isEmpty, "\(outcome.failures)")
        let builtins = try Pipeline.selfTest(ruleFiles: nil)
        #expect(builtins.rules == (try RuleLoader.load(DefaultRules.files)).count)
    }
}
