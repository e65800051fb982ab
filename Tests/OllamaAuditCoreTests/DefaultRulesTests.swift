import AuditTestSupport
import Engine
import Foundation
import Languages
@testable import OllamaAuditCore
import Platform
import Policy
import Report
import Rules
import Testing

/// The built-in rules: embedded copy is current, every rule loads and proves itself.
@Suite struct DefaultRulesTests {
    @Test func embeddedRulesMatchTheRulesFolder() throws {
        let files = try Self.rulesFolder()
        let generated = TestSupport.packageRoot
            .appendingPathComponent("Sources/Rules/DefaultRules+Generated.swift").path
        let current = try String(contentsOfFile: generated, encoding: .utf8)
        #expect(DefaultRulesCodegen.render(files) == current,
                "DefaultRules+Generated.swift is stale: run `make generate`")
    }

    /// `docs/rules.md` is rendered from `rules/` as `make generate` renders it.
    @Test func ruleReferenceMatchesTheRulesFolder() throws {
        let files = try Self.rulesFolder()
        let reference = TestSupport.packageRoot.appendingPathComponent("docs/rules.md").path
        let current = try String(contentsOfFile: reference, encoding: .utf8)
        #expect(RuleCatalog.markdown(try RuleLoader.load(files)) == current, "docs/rules.md is stale: run `make generate`")
    }

    /// `rules/` as the generator reads it, named as the embedded copy names its files.
    static func rulesFolder() throws -> [RuleFileText] {
        try RuleLoader.ruleFiles(at: TestSupport.packageRoot.appendingPathComponent("rules").path).map {
            RuleFileText(path: "rules/" + ($0.path as NSString).lastPathComponent, text: $0.text)
        }
    }

    static let builtins = try? RuleSet.assemble(RuleRequest())
    static let rules: [Rule] = builtins?.rules ?? []

    @Test func defaultRulesLoad() throws {
        _ = try RuleLoader.load(DefaultRules.files)
        #expect(!Self.rules.isEmpty)
    }

    @Test(arguments: rules.map(\.id))
    func ruleExamplesHold(id: String) throws {
        let rule = try #require(Self.rules.first { $0.id == id })
        #expect(rule.examples.match.count >= 2, "every built-in rule needs two must-match examples")
        #expect(rule.examples.noMatch.count >= 1)
        let failures = RuleSelfTest.run([rule], maps: try #require(Self.builtins).maps)
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

    /// The Markdown audit's counterparts are data (`env-counterparts:` in rules/env-names.yml),
    /// keyed like the renames; each built-in one goes into its table cell as written.
    @Test func environmentCounterpartsAreData() throws {
        let table = try #require(Self.builtins).maps.envCounterparts
        #expect(table["OLLAMA_HOST"]?.contains("vllm serve --host") == true)
        for (name, text) in table {
            #expect(name.hasPrefix("OLLAMA_"), "\(name): counterparts are keyed by the Ollama name")
            #expect(Escaping.markdownCell(text) == text, "\(name)")
        }
        #expect(EnvironmentCounterparts.counterpart(of: "VITE_OLLAMA_URL", in: table) == table["OLLAMA_URL"])
        #expect(EnvironmentCounterparts.counterpart(of: "ollama_base_url", in: table) == table["OLLAMA_BASE_URL"])
        #expect(EnvironmentCounterparts.counterpart(of: "OLLAMA_NO_SUCH", in: table) == "no direct equivalent: review")
    }

    /// A user rule folder's `env-counterparts:` entries override the built-in ones, as its
    /// `env-names:` entries do.
    @Test func userMapFilesOverrideCounterparts() throws {
        let user = RuleFileText(path: "team/env.yml", text: "env-counterparts:\n  OLLAMA_HOST: '`GATEWAY_URL`'\n")
        let table = try RuleSet.assemble(RuleRequest(userFiles: [user])).maps.envCounterparts
        #expect(table["OLLAMA_HOST"] == "`GATEWAY_URL`")
        #expect(table["OLLAMA_PORT"] == Self.builtins?.maps.envCounterparts["OLLAMA_PORT"])
    }

    /// The Markdown audit reads the counterparts of the scan's own rules, and a user's text
    /// cannot split its table row.
    @Test func markdownAuditWritesTheUsersCounterpartAsACell() throws {
        let root = try TestSupport.makeTemporaryDirectory("counterparts")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree([".env": "OLLAMA_HOST=x\n"], under: root)
        var request = ScanRequest()
        request.paths = [root]
        request.ruleFiles = [RuleFileText(path: "team/env.yml", text: "env-counterparts:\n  OLLAMA_HOST: 'a | b `c|d`'\n")]
        let out = ReportOutput()
        MarkdownReporter().write(try Pipeline.scan(request), to: out)
        let row = try #require(out.text.split(separator: "\n").first { $0.hasPrefix("| `OLLAMA_HOST` |") })
        #expect(row.hasSuffix("| a \\| b `c\\|d` |"), "\(row)")
    }

    @Test func embeddedCodegenEscapesRawDelimiters() {
        let tricky = RuleFileText(path: "rules/x.yml", text: "a \"\"\"# b \\#(c)\n")
        let source = DefaultRulesCodegen.render([tricky])
        #expect(source.contains("##\"\"\"\na \"\"\"# b \\#(c)\n\"\"\"##"))
    }
}
