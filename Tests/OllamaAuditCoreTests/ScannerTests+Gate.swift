import AuditTestSupport
import Engine
import Rules
import Testing

/// The gate's shortcuts (a context's words searched as literals, a literal absent because one
/// it contains is) must open every rule the full searches would.
extension ScannerTests {
    @Test func aContextOfWordsOpensOnEitherWordInAnyCase() throws {
        let rules = try rule(TestRule(pattern: "value", extra: ["    prefilter: [value]", "    context: '(?i)\\bollama|11434'"],
                                      match: ["ollama value"], noMatch: ["value"]))
        let result = try scan(["a.md": "OLLAMA\nvalue\n", "b.md": "value\n", "c.md": "port 11434\nvalue\n"], rules: rules)
        #expect(result.findings.map(\.path).sorted() == ["a.md", "c.md"])
    }

    @Test func aCaselessContextWithKOrSStillMatchesItsUnicodeFolds() throws {
        // U+212A KELVIN SIGN is a caseless `k` to PCRE2's UTF mode, not to a byte literal.
        let rules = try rule(TestRule(pattern: "value", extra: ["    prefilter: [value]", "    context: '(?i)kb'"],
                                      match: ["kb value"], noMatch: ["value"]))
        let result = try scan(["a.md": "\u{212A}B\nvalue\n", "b.md": "value\n"], rules: rules)
        #expect(result.findings.map(\.path) == ["a.md"])
    }

    @Test func aLiteralIsFoundWhateverTheCaseOfOneItContains() throws {
        let rules = try RuleLoader.load([RuleFileText(path: "test.yml", text: TestRule.file([
            TestRule(id: "caseless", pattern: "zzz", extra: ["    flags: [caseless]", "    prefilter: [ollama]"],
                     match: ["ollama zzz"], noMatch: ["b"]),
            TestRule(id: "exact", pattern: "zzz", extra: ["    prefilter: [ollama]"], match: ["ollama zzz"], noMatch: ["b"]),
            TestRule(id: "host", pattern: "OLLAMA_HOST", extra: ["    prefilter: [OLLAMA_HOST]"],
                     match: ["OLLAMA_HOST"], noMatch: ["b"]),
        ]))])
        let result = try scan(["a.md": "x = OLLAMA_HOST\n", "b.md": "x = OLLAMA_HOS\nollama\n"], rules: rules)
        #expect(result.findings.map { "\($0.path) \($0.ruleID)" } == ["a.md host"])
    }

    /// A lockfile is generated: only rules that name the lockfile type read it, whatever
    /// other types (json, config) it also has.
    @Test func onlyLockfileRulesReadALockfile() throws {
        let rules = try RuleLoader.load([RuleFileText(path: "test.yml", text: TestRule.file([
            TestRule(id: "json", pattern: "ollama", files: ["json"]),
            TestRule(id: "any", pattern: "ollama"),
            TestRule(id: "lock", pattern: "ollama", files: ["lockfile"]),
        ]))])
        let result = try scan(["package-lock.json": "{\"ollama\": 1}\n", "settings.json": "{\"ollama\": 1}\n"], rules: rules)
        #expect(result.findings.map { "\($0.path) \($0.ruleID)" }.sorted()
            == ["package-lock.json lock", "settings.json any", "settings.json json"])
    }
}
