import AuditTestSupport
import Engine
import Languages
import Model
import OllamaAuditCore
import Rules
import Testing

/// The languages' named subpatterns (`(?&args)`) as rules call them, and examples that pin
/// the span a rule reports.
@Suite struct SubpatternTests {
    static func load(_ rule: TestRule) throws -> Rule {
        try #require(try RuleLoader.parse(RuleFileText(path: "spans.yml", text: rule.file)).first)
    }

    static func loadError(_ rule: TestRule) -> String {
        do {
            _ = try RuleLoader.parse(RuleFileText(path: "spans.yml", text: rule.file))
            return ""
        } catch {
            return error.description
        }
    }

    static func spans(_ rule: Rule, _ text: String) -> [String] {
        let types = rule.fileTypes.isEmpty ? LanguageRegistry.standard.all : rule.fileTypes
        let bytes = Array(text.utf8)
        return Engine.Scanner(rules: [rule], threads: 1).scan(text: text, path: "example", types: types)
            .map { String(decoding: bytes[$0.byteRange], as: UTF8.self) }
    }

    @Test func pythonArgsSpanLinesAndSkipBracketsInStringsAndComments() throws {
        let rule = try Self.load(TestRule(pattern: #"ChatOllama\s*(?&args)"#, files: ["python"],
                                          match: ["ChatOllama(model='x')"], noMatch: ["ChatOllama"]))
        let call = "ChatOllama(\n    model=\"llama3 :)\",  # a ) in a comment\n    prompt=f'''(\n''', options={\"a\": [1, (2)]},\n)"
        #expect(rule.pattern.isJIT, "recursion through the library still JIT-compiles")
        #expect(Self.spans(rule, "llm = " + call + "\nprint(1)\n") == [call])
        // Unbalanced: the call never closes, so nothing is reported.
        #expect(Self.spans(rule, "llm = ChatOllama(\n    model=\"x\",\n") == [])
    }

    @Test func scriptObjectsAndTemplateLiteralsWithCode() throws {
        let rule = try Self.load(TestRule(pattern: #"ollama\.chat\((?&object)"#, files: ["js"],
                                          match: ["ollama.chat({})"], noMatch: ["ollama.chat"]))
        let call = "ollama.chat({\n  model: `m-${pick({ a: '}' })}`, // }\n  /* } */ options: { num_ctx: 4096 },\n}"
        #expect(Self.spans(rule, call + ")\n") == [call])
        #expect(rule.pattern.isJIT)
        #expect(rule.fileTypes.types.count == 5, "every js type (html's scripts too) shares the script library")
    }

    @Test func identAndStringNameTheLanguagesTokens() throws {
        let rule = try Self.load(TestRule(pattern: #"(?&ident)\s*=\s*(?&string)"#, files: ["python"],
                                          match: ["a = 'b'"], noMatch: ["a = b"]))
        #expect(Self.spans(rule, "host_1 = rb'x\\'y'\n") == ["host_1 = rb'x\\'y'"])
    }

    @Test func onlyTheCalledDefinitionsAreAppendedAfterThePattern() throws {
        let library = try #require(LanguageRegistry.standard.subpatterns(of: FileTypeSet([.python])))
        #expect(library.closure(calledBy: #"x(?&args)"#) == ["string", "comment", "balanced", "args"])
        #expect(library.closure(calledBy: #"x(?&ident)"#) == ["ident"])
        // Appended groups come after the pattern's own, so `group: 1` is still the rule's group.
        let rule = try Self.load(TestRule(pattern: #"(ChatOllama)\s*(?&args)"#, files: ["python"], group: "1",
                                          match: ["«ChatOllama»()"], noMatch: ["ChatOllama"]))
        #expect(Self.spans(rule, "ChatOllama(\n)") == ["ChatOllama"])
        for group in ["2", "args"] {
            let error = Self.loadError(TestRule(pattern: #"(ChatOllama)\s*(?&args)"#, files: ["python"], group: group))
            #expect(error.contains("group '\(group)' is not a group of the pattern"), "\(error)")
        }
    }

    @Test func aPatternsOwnGroupsNeedNoLibrary() throws {
        let rule = try Self.load(TestRule(pattern: #"(?<p>\((?:[^()]|(?&p))*\))"#, match: ["(())"], noMatch: ["("]))
        #expect(Self.spans(rule, "((a)(b))") == ["((a)(b))"])
    }

    @Test func typesWithoutOneSharedLibraryAreALoadError() {
        let mixed = Self.loadError(TestRule(pattern: #"ChatOllama(?&args)"#, files: ["python", "javascript"]))
        #expect(mixed.contains("spans.yml:"), "\(mixed)")
        #expect(mixed.contains("rule 'r'") && mixed.contains("do not share one"), "\(mixed)")
        #expect(Self.loadError(TestRule(pattern: #"ChatOllama(?&args)"#)).contains("do not share one"))
        let unknown = Self.loadError(TestRule(pattern: #"ChatOllama(?&argz)"#, files: ["python"]))
        #expect(unknown.contains("'(?&argz)' is neither a group of the pattern"), "\(unknown)")
        let context = Self.loadError(TestRule(pattern: "x", files: ["yaml"], extra: [#"    context: 'f(?&args)'"#]))
        #expect(context.contains("do not share one"), "\(context)")
    }

    /// Possessive repeats and the match limits bound a call that never closes or nests deeper
    /// than any code: the rule gives up on the file without spending its CPU budget.
    @Test func deepOrUnbalancedArgumentListsStayWithinTheLimits() throws {
        let rule = try Self.load(TestRule(pattern: #"ChatOllama\s*(?&args)"#, files: ["python"],
                                          match: ["ChatOllama()"], noMatch: ["ChatOllama"]))
        let scanner = Engine.Scanner(rules: [rule], threads: 1)
        func nested(_ depth: Int, closed: Bool) -> String {
            "ChatOllama(\n" + String(repeating: "(x, '(', [\n", count: depth)
                + (closed ? String(repeating: "]\n)\n", count: depth) + ")\n" : "")
        }
        // Code-like depths: a match, or a clean miss, and no warning.
        for (text, findings) in [(nested(1_000, closed: true), 1), (nested(1_000, closed: false), 0)] {
            let worker = FileScanner(scanner: scanner)
            worker.match(Array(text.utf8), path: "deep.py", types: FileTypeSet([.python]))
            #expect(worker.result.findings.count == findings)
            #expect(worker.result.warnings.isEmpty, "\(worker.result.warnings)")
        }
        // Adversarial depths: the JIT stack stops the rule on the file, with a warning; the
        // CPU budget is not what stops it.
        for text in [nested(100_000, closed: true), nested(100_000, closed: false)] {
            let worker = FileScanner(scanner: scanner)
            worker.match(Array(text.utf8), path: "deep.py", types: FileTypeSet([.python]))
            #expect(worker.result.findings.isEmpty)
            #expect(worker.result.warnings.map(\.message) == [
                "PCRE2 stopped matching (JIT stack limit reached); the rest of this file was not checked by this rule",
            ])
        }
    }

    /// The built-in walk through an Ollama call's arguments reports each keyword at its top
    /// level, and stops where the call closes.
    @Test func callKeywordWalkStaysInsideTheCall() throws {
        let rule = try #require(try RuleLoader.load(DefaultRules.files).first { $0.id == "ollama-call-keyword" })
        #expect(rule.pattern.isJIT)
        let text = "import ollama\nr = client.chat(\n    model=m, keep_alive=1,\n    messages=f(options=2),\n"
            + "    options=o,\n)\ng(options=3, keep_alive=4)\nChatOllama(num_ctx=5)\n"
        #expect(Self.spans(rule, text) == ["keep_alive", "options", "num_ctx"])
    }

    @Test func examplesPinTheReportedSpan() throws {
        let good = TestRule(pattern: #"ChatOllama\s*(?&args)"#, files: ["python"],
                            match: ["x = «ChatOllama(\n  a=1,\n)»\n", "ChatOllama()"], noMatch: ["ChatOllama"])
        let outcome = try Pipeline.selfTest(ruleFiles: [RuleFileText(path: "spans.yml", text: good.file)])
        #expect(outcome.failures.isEmpty, "\(outcome.failures)")
        var wrong = good
        wrong.match = ["«x = ChatOllama(\n  a=1,\n)»\n"]
        let failures = try Pipeline.selfTest(ruleFiles: [RuleFileText(path: "spans.yml", text: wrong.file)]).failures
        #expect(failures.map(\.kind) == [.wrongSpan])
        #expect(failures.first?.description.contains("reported «ChatOllama(\n  a=1,\n)»") == true, "\(failures)")
        var malformed = good
        malformed.match = ["»ChatOllama()«"]
        #expect(Self.loadError(malformed).contains("one '«' and one '»' after it"))
    }
}
