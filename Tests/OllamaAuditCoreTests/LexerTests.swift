import AuditTestSupport
import Engine
import Languages
import Model
import Rules
import Testing

@Suite struct LexerTests {
    /// The text of each string and comment run of `text` lexed as a file called `name`.
    func runs(_ text: String, _ name: String) -> [String] {
        let bytes = Array(text.utf8)
        return FileType.types(ofFileNamed: name).mask(bytes).runs.map {
            "\($0.kind == .string ? "s" : "c"):" + String(decoding: bytes[$0.range], as: UTF8.self)
        }
    }

    /// The class of the first byte of `needle` in `text`.
    func kind(of needle: String, in text: String, _ name: String, occurrence: Int = 0) -> TextClass? {
        let bytes = Array(text.utf8), word = Array(needle.utf8)
        var seen = 0
        for i in 0...(bytes.count - word.count) where bytes[i..<(i + word.count)].elementsEqual(word) {
            if seen == occurrence { return FileType.types(ofFileNamed: name).mask(bytes).kind(at: i) }
            seen += 1
        }
        return nil
    }

    @Test(arguments: [
        // `#` inside a string, an escaped quote, a comment after.
        ("a.py", "x = \"a # b\"  # real\n", ["s:\"a # b\"", "c:# real"]),
        ("a.py", "s = 'it\\'s'  # c\n", ["s:'it\\'s'", "c:# c"]),
        // A triple-quoted string that opens its line is a docstring: comment.
        ("a.py", "\"\"\"doc \"q\" # no\n'''\"\"\"\nx = '''y'''\n", ["c:\"\"\"doc \"q\" # no\n'''\"\"\"", "s:'''y'''"]),
        // Unterminated: a one-line string ends with its line, a triple-quoted one with the file.
        ("a.py", "x = \"abc\ny = 1\n", ["s:\"abc"]),
        ("a.py", "x = '''abc\ny = 1", ["s:'''abc\ny = 1"]),
        ("a.py", "# c\r\nx = 1\r\n", ["c:# c\r"]),
        ("a.py", "#!/usr/bin/env python\nx = 1\n", []),
        ("a.js", "const u = \"http://ollama:11434\"; // note\n", ["s:\"http://ollama:11434\"", "c:// note"]),
        ("a.ts", "/* a \"b\" */ x = '//' /* c */\n", ["c:/* a \"b\" */", "s:'//'", "c:/* c */"]),
        ("a.js", "x = 'unterminated", ["s:'unterminated"]),
        ("a.js", "/* open", ["c:/* open"]),
        ("run.sh", "echo $# ${#x} \"a#b\" 'c\\' # real\n", ["s:\"a#b\"", "s:'c\\'", "c:# real"]),
        ("run.sh", "cat <<EOF > f\nollama run # x\nEOF\necho x\n", ["s:ollama run # x\n"]),
        ("run.sh", "cat <<-'END'\n\tollama\n\tEND\nx\n", ["s:\tollama\n"]),
        ("run.sh", "cat <<EOF\r\nbody\r\nEOF\r\necho\r\n", ["s:body\r\n"]),
        ("a.yml", "url: http://x#frag # c\n", ["c:# c"]),
        ("a.yml", "a: 'it''s # no'\n", ["s:'it''s # no'"]),
        ("a.yml", "run: |\n  ollama pull x\n\n  echo\nnext: 1\n", ["s:  ollama pull x\n\n  echo\n"]),
        ("a.yml", "steps:\n  - run: >-\n      ollama serve\n  - x: 1\n", ["s:      ollama serve\n"]),
        ("a.yml", "a: b|c\nd: x > y\n", []),
    ])
    func classesFollowTheLanguage(name: String, text: String, expected: [String]) {
        #expect(runs(text, name) == expected)
    }

    @Test func pythonFStringsInterpolateCode() {
        let text = "a = f\"{ollama.chat(x)} {{ollama}} {d['k']}\" + \"{ollama}\" + rf'{y}'\n"
        #expect(kind(of: "ollama", in: text, "a.py") == .code)
        #expect(kind(of: "ollama", in: text, "a.py", occurrence: 1) == .string)  // `{{` is a brace
        #expect(kind(of: "'k'", in: text, "a.py") == .string)
        #expect(kind(of: "d[", in: text, "a.py") == .code)
        #expect(kind(of: "ollama", in: text, "a.py", occurrence: 2) == .string)  // not an f-string
        #expect(kind(of: "y}", in: text, "a.py") == .code)
        let triple = "f\"\"\"\n{ollama}\n\"\"\" # c\n"
        #expect(kind(of: "ollama", in: triple, "a.py") == .code)
        #expect(kind(of: "# c", in: triple, "a.py") == .comment)
    }

    @Test func templateLiteralsNestAndInterpolateCode() {
        let text = "x = `a ${b ? `c ${d({e: 1})} // no` : \"e}\"} f` // yes\n"
        #expect(kind(of: "a ", in: text, "a.ts") == .string)
        #expect(kind(of: "b ?", in: text, "a.ts") == .code)
        #expect(kind(of: "c ", in: text, "a.ts") == .string)
        #expect(kind(of: "d(", in: text, "a.ts") == .code)
        #expect(kind(of: "e: 1", in: text, "a.ts") == .code)
        #expect(kind(of: "// no", in: text, "a.ts") == .string)
        #expect(kind(of: "e}", in: text, "a.ts") == .string)
        #expect(kind(of: " f", in: text, "a.ts") == .string)
        #expect(kind(of: "// yes", in: text, "a.ts") == .comment)
        #expect(kind(of: "'no'", in: "`${'no'", "a.js") == .string)  // unterminated at the end
    }

    @Test func markdownFencesAreCodeWithTheirLanguage() {
        let text = "Run ollama.\n\n```Python title=x\nimport ollama\n```\ntext\n~~~\nmore\n"
        let mask = FileType.types(ofFileNamed: "a.md").mask(Array(text.utf8))
        #expect(mask.fences.map(\.language) == ["python", ""])
        #expect(kind(of: "ollama", in: text, "a.md") == .comment)
        #expect(kind(of: "ollama", in: text, "a.md", occurrence: 1) == .code)
        #expect(kind(of: "text", in: text, "a.md") == .comment)
        #expect(kind(of: "more", in: text, "a.md") == .code)  // unclosed: to the end
    }

    @Test func bracketsPairInCodeOnly() {
        let text = "f(a[1], {b: (\")\")}, ']') ]"
        let pairs = FileType.types(ofFileNamed: "a.js").mask(Array(text.utf8)).brackets
        let bytes = Array(text.utf8)
        #expect(pairs.map { "\(Character(UnicodeScalar(bytes[$0.open])))\($0.open)-\($0.close)" }
                == ["(1-23", "[3-5", "{8-17", "(12-16"])
        // The interpolation's braces pair too.
        let template = Array("`${f(1)}`".utf8)
        #expect(FileType.types(ofFileNamed: "a.js").mask(template).brackets.map { [$0.open, $0.close] } == [[2, 7], [4, 6]])
    }

    /// Whatever the bytes, every language's mask is well formed: runs sorted, disjoint,
    /// non-empty and inside the text, adjacent runs of different kinds, and each bracket pair
    /// an open and a close of one kind, in order, both in code.
    @Test(arguments: LanguageRegistry.standard.languages.map(\.name))
    func masksAreWellFormedOnAnyText(language: String) throws {
        let type = try #require(LanguageRegistry.standard.type(named: language))
        let syntax = LanguageRegistry.standard[type].syntax
        let alphabet = Array("\"'`{}()[]<>$#/*\\\n\r -|:fEOF<".utf8)
        var random = SplitMix64(seed: 15)
        for _ in 0..<200 {
            let text = (0..<Int.random(in: 0...80, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            let mask = FileTypeSet([type]).mask(text)
            var end = 0
            var last: TextClass?
            for run in mask.runs {
                #expect(run.range.lowerBound >= end && !run.range.isEmpty && run.range.upperBound <= text.count)
                if run.range.lowerBound == end, let last { #expect(last != run.kind) }
                end = run.range.upperBound
                last = run.kind
            }
            for pair in mask.brackets {
                #expect(pair.open < pair.close)
                #expect(syntax.brackets.contains {
                    Array($0.open.utf8) == [text[pair.open]] && Array($0.close.utf8) == [text[pair.close]]
                })
                #expect(mask.kind(at: pair.open) == .code && mask.kind(at: pair.close) == .code)
            }
        }
    }

    @Test func aTextOfNoTypeIsCode() {
        #expect(FileTypeSet().mask(Array("# x \"y\"".utf8)).runs.isEmpty)
    }
}

@Suite struct RuleClassTests {
    func scan(_ name: String, _ text: String, in classes: String) throws -> [Int] {
        let rules = try RuleLoader.load([RuleFileText(path: "test.yml", text: TestRule(
            id: "word", pattern: "ollama", extra: ["    in: \(classes)"]).file)])
        let types = FileType.types(ofFileNamed: name)
        return Engine.Scanner(rules: rules, threads: 1).findings(in: Array(text.utf8), path: name, types: types)
            .map(\.start.line)
    }

    @Test(arguments: [
        ("a.py", "ollama.chat()\nx = \"ollama\"\n# ollama\ny = f\"{ollama}\"\n\"\"\"\nollama\n\"\"\"\n", [1, 4], [2], [3, 6]),
        ("a.ts", "ollama.chat()\nx = 'ollama'\n// ollama\ny = `${ollama} ollama`\n/*\nollama */\n", [1, 4], [2, 4], [3, 6]),
        ("a.go", "ollama.Chat()\nx := `ollama`\n// ollama\n", [1], [2], [3]),
        ("run.sh", "ollama serve\necho \"ollama\"\n# ollama\ncat <<EOF\nollama\nEOF\n", [1], [2, 5], [3]),
        ("a.yml", "image: ollama\nx: 'ollama'\n# ollama\ny: |\n  ollama\n", [1], [2, 5], [3]),
        ("a.md", "ollama\n```sh\nollama\n```\n", [3], [], [1]),
    ])
    func rulesMatchOnlyInTheirClasses(name: String, text: String, code: [Int], string: [Int], comment: [Int]) throws {
        #expect(try scan(name, text, in: "[code]") == code)
        #expect(try scan(name, text, in: "[string]") == string)
        #expect(try scan(name, text, in: "[comment]") == comment)
        #expect(try scan(name, text, in: "[code, string, comment]") == Set(code + string + comment).sorted())
    }

    /// A finding is a mention when it starts in a comment as the lexer reads the file, not
    /// when its line starts like one: a trailing comment and a docstring's inner lines are
    /// comments, a `#` in a string and a `*` in code are not.
    @Test(arguments: [
        ("a.py", "x = 1  # ollama\n", true), ("a.py", "\"\"\"Docs.\n  ollama here\n\"\"\"\n", true),
        ("a.py", "x = \"# ollama\"\n", false), ("a.js", "a = b\n* ollama\n", false),
        ("a.js", "/*\n ollama\n*/\n", true), ("a.md", "<!-- ollama -->\n", false), ("run.sh", "echo $#ollama\n", false),
    ])
    func commentsAreDemotedByTheMask(name: String, text: String, demoted: Bool) throws {
        let rules = try RuleLoader.load([RuleFileText(path: "test.yml", text: TestRule(
            id: "word", pattern: "ollama", category: "client-call", priority: "critical").file)])
        let findings = Engine.Scanner(rules: rules, threads: 1).findings(in: Array(text.utf8), path: name,
                                                                          types: FileType.types(ofFileNamed: name))
        let finding = try #require(findings.first)
        #expect((finding.category == .comment && finding.priority == .low) == demoted)
    }
    @Test(arguments: [
        ("[]", "'in' is empty"), ("[code, code]", "'code' is listed twice"), ("[prose]", "unknown class 'prose'"),
        ("code", "'in' must be"),
    ])
    func badClassListsAreRejected(value: String, message: String) {
        let file = TestRule(id: "word", pattern: "ollama", extra: ["    in: \(value)"]).file
        #expect {
            try RuleLoader.load([RuleFileText(path: "test.yml", text: file)])
        } throws: { error in
            "\(error)".contains(message)
        }
    }
}
