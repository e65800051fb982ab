import AuditTestSupport
import Engine
import Platform
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

    /// The trigram prefilter may only say "absent" for what is absent: any piece of a text, in
    /// any case, is still "maybe" there, whatever bytes (invalid UTF-8 included) surround it.
    @Test func trigramsNeverRuleOutWhatATextHolds() {
        var random = SplitMix64(seed: 0x7E1)
        for _ in 0..<400 {
            let text = random.bytes(Int.random(in: 3...300, using: &random))
            let start = Int.random(in: 0...(text.count - 3), using: &random)
            let end = Int.random(in: (start + 3)...min(text.count, start + 16), using: &random)
            let piece = text[start..<end].map { byte in
                Bool.random(using: &random) && (0x41...0x5A).contains(byte & 0xDF) ? byte ^ 0x20 : byte  // the other case
            }
            #expect(Trigrams(text).mayContain(Trigrams.hashes(of: piece)), "\(text) \(piece)")
        }
        // And it does rule out: a sequence no part of the text has.
        #expect(!Trigrams(Array("mistral llama".utf8)).mayContain(Trigrams.hashes(of: Array("llama3".utf8))))
        #expect(Trigrams.hashes(of: Array("ab".utf8)).isEmpty)
    }

    /// A literal at a file's very start and end, after a byte-order mark, or in another case
    /// still opens its rule; one a file lacks a sequence of does not.
    @Test func theTrigramGateOpensOnALiteralAnywhereInAnyCase() throws {
        let rules = try rule(TestRule(pattern: "(?i)llama3", extra: ["    prefilter: [llama3]", "    flags: [caseless]"],
                                      match: ["llama3"], noMatch: ["llama"]))
        let result = try scan(["a.md": "llama3", "b.md": "\u{FEFF}LLAMA3\n", "c.md": "x\nLlAmA3", "d.md": "llama 3 llama\n"],
                              rules: rules)
        #expect(result.findings.map(\.path).sorted() == ["a.md", "b.md", "c.md"])
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
