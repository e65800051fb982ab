@testable import OllamaAuditCore
import AuditTestSupport
import Engine
import Fix
import Foundation
import Languages
import Model
import OllamaAuditCore
import Platform
import Report
import Rules
import Testing
import Verify

/// The built-in rules: embedded copy is current, every rule loads and proves itself.
@Suite struct DefaultRulesTests {
    @Test func embeddedRulesMatchTheRulesFolder() throws {
        let folder = TestSupport.packageRoot.appendingPathComponent("rules").path
        let files = try RuleLoader.ruleFiles(at: folder).map {
            RuleFileText(path: "rules/" + ($0.path as NSString).lastPathComponent, text: $0.text)
        }
        let generated = TestSupport.packageRoot
            .appendingPathComponent("Sources/Rules/DefaultRules+Generated.swift").path
        let current = try String(contentsOfFile: generated, encoding: .utf8)
        #expect(DefaultRulesCodegen.render(files) == current,
                "DefaultRules+Generated.swift is stale: run `make generate`")
    }

    /// `docs/rules.md` is rendered from `rules/` as `make generate` renders it.
    @Test func ruleReferenceMatchesTheRulesFolder() throws {
        let folder = TestSupport.packageRoot.appendingPathComponent("rules").path
        let files = try RuleLoader.ruleFiles(at: folder).map {
            RuleFileText(path: "rules/" + ($0.path as NSString).lastPathComponent, text: $0.text)
        }
        let reference = TestSupport.packageRoot.appendingPathComponent("docs/rules.md").path
        let current = try String(contentsOfFile: reference, encoding: .utf8)
        #expect(RuleCatalog.markdown(try RuleLoader.load(files)) == current, "docs/rules.md is stale: run `make generate`")
    }

    static let rules: [Rule] = (try? RuleLoader.load(DefaultRules.files)) ?? []

    @Test func defaultRulesLoad() throws {
        _ = try RuleLoader.load(DefaultRules.files)
        #expect(!Self.rules.isEmpty)
    }

    @Test(arguments: rules.map(\.id))
    func ruleExamplesHold(id: String) throws {
        let rule = try #require(Self.rules.first { $0.id == id })
        #expect(rule.examples.match.count >= 2, "every built-in rule needs two must-match examples")
        #expect(rule.examples.noMatch.count >= 1)
        let failures = RuleSelfTest.run([rule], maps: try RuleLoader.maps(DefaultRules.files))
        #expect(failures.isEmpty, "\(failures.map(\.description).joined(separator: "\n"))")
    }

    /// The four families the tool was first asked to find are covered: `OLLAMA_*` variables,
    /// the Python client, port 11434, and the JavaScript client (in a Vue file too).
    @Test(arguments: [
        ("OLLAMA_HOST=localhost", "x.env"),
        ("import ollama", "a.py"),
        ("from ollama import Client", "a.py"),
        ("url = 'http://localhost:11434'", "a.py"),
        ("import ollama from 'ollama'\nawait ollama.chat({ model })", "a.ts"),
        ("<script setup>\nimport { Ollama } from 'ollama'\n</script>", "A.vue"),
        ("const { Ollama } = require('ollama')", "a.js"),
    ])
    func familiesAreFound(text: String, file: String) {
        let scanner = Scanner(rules: Self.rules, threads: 1)
        let types = FileType.types(ofFileNamed: file)
        let findings = Self.rules.isEmpty ? [] : scanner.scan(text: text, path: file, types: types)
        #expect(!findings.isEmpty)
    }

    @Test func embeddedCodegenEscapesRawDelimiters() {
        let tricky = RuleFileText(path: "rules/x.yml", text: "a \"\"\"# b \\#(c)\n")
        let source = DefaultRulesCodegen.render([tricky])
        #expect(source.contains("##\"\"\"\na \"\"\"# b \\#(c)\n\"\"\"##"))
    }
}
