import AuditTestSupport
import Engine
import Model
import Policy
import Rules
import Testing

/// A rule split from another (`replaces:`) answers to the old id: what a project silenced
/// before the split stays silenced. js-ollama-app-env-var was split from ollama-app-env-var.
@Suite struct ReplacedRuleTests {
    @Test func anInlineIgnoreOfTheOldIdSilencesTheNewRule() throws {
        let result = try FlowScan.scan(["web/config.js": """
            // ollama-audit: ignore[ollama-app-env-var] -- read by the deploy script, renamed there
            const url = process.env.OLLAMA_URL;
            const model = process.env.OLLAMA_MODEL;

            """])
        let envFindings = result.findings.filter { $0.ruleID == "js-ollama-app-env-var" }
        #expect(envFindings.map(\.start.line) == [3])
        #expect(result.suppressed.map { "\($0.ruleID):\($0.start.line)" } == ["js-ollama-app-env-var:2"])
        #expect(result.suppressions.map(\.used) == [true])
    }

    @Test func aConfigDisablingTheOldIdDisablesTheNewRule() throws {
        let config = try AuditConfig.parse("disable: [ollama-app-env-var]\npriority:\n  ollama-app-env-var: low\n", path: ".ollama-audit.yml")
        let applied = try config.apply(to: FlowScan.builtins)
        let ids = Set(applied.rules.map(\.id))
        #expect(!ids.contains("ollama-app-env-var"))
        #expect(!ids.contains("js-ollama-app-env-var"))
        let renamed = try AuditConfig.parse("priority:\n  ollama-app-env-var: low\n", path: ".ollama-audit.yml").apply(to: FlowScan.builtins)
        #expect(renamed.rules.first { $0.id == "js-ollama-app-env-var" }?.priority == .low)
    }
}
