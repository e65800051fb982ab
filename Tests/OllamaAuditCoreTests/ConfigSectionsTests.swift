import AuditTestSupport
import Engine
import Languages
import Model
import Rules
import Testing

@Suite struct ConfigSectionsTests {
    /// Per line of `text`, read as a file called `name`: the names of the sections around it,
    /// outermost first, each with what it selects after a `=`, joined by dots ("" for none).
    func paths(_ text: String, _ name: String) throws -> [String] {
        let sections = try #require(FileType.types(ofFileNamed: name).sections(Array(text.utf8)))
        return sections.enclosing.indices.map { line in
            guard let innermost = sections.section(ofLine: line) else { return "" }
            return sections.chain(from: innermost).reversed().map { index in
                let section = sections.sections[index]
                return section.name + (section.selects.isEmpty ? "" : "=" + section.selects.joined(separator: ","))
            }.joined(separator: ".")
        }
    }

    @Test func yamlNestsByIndentationAndKeepsCommentsWhereTheyStand() throws {
        let text = """
        ollama:
          host: x
          llm:
            model: gemma3:27b
            default_params:
              num_ctx: 4096
        # a note at column 0
              # num_predict: 512
          vlm:
            prompt: |
              key: not a key
        other:
          - name: a
            url: b
        """
        #expect(try paths(text, "c.yaml") == [
            "", "ollama", "ollama", "ollama.llm", "ollama.llm", "ollama.llm.default_params", "",
            "ollama.llm.default_params", "ollama", "ollama.vlm", "ollama.vlm", "", "other.other", "other.other",
        ])
    }

    @Test func aProviderKeyMakesItsSectionThatProvidersOne() throws {
        #expect(try paths("llm:\n  mode: ollama\n  model: llama3\nembedding:\n  x: 1\n", "s.yaml")
                == ["", "llm=ollama", "llm=ollama", "", "embedding", "embedding"])
        // A prefixed key is not a selector: a price table's `litellm_provider` names no section.
        #expect(try paths("m:\n  litellm_provider: ollama", "s.yaml") == ["", "m"])
    }

    @Test func eachItemOfAListSelectsForItselfOnly() throws {
        let yaml = "models:\n  - provider: ollama\n    model: llama3\n  - provider: openai\n    model: gpt-4o\n"
        #expect(try paths(yaml, "c.yaml") == [
            "", "models.models=ollama", "models.models=ollama", "models.models=openai", "models.models=openai",
            "models.models=openai",
        ])
        let json = "{\"models\": [\n  {\"provider\": \"openai\",\n   \"model\": \"gpt-4o\"},\n  {\"provider\": \"ollama\",\n   \"model\": \"llama3\"}\n]}"
        #expect(try paths(json, "c.json") == [
            "", "models", "models.models=openai", "models", "models.models=ollama", "models",
        ])
    }

    @Test func tomlAndIniHeadersAndDottedKeys() throws {
        let toml = "[providers.ollama]\nhost = \"x\"\n# num_ctx = 1\n[llm]\nprovider = \"ollama\"\nollama.model = \"m\"\n"
        #expect(try paths(toml, "c.toml") == [
            "providers", "providers.ollama", "providers.ollama", "", "llm=ollama", "llm=ollama.ollama", "llm=ollama",
        ])
        let ini = "[FORMALIZER_AGENT_LLM]\nmodel = kdavis/goedel:32b\n; num_ctx = 1\n\n[other]\nurl = http://h:1\n"
        #expect(try paths(ini, "config.ini") == [
            "", "FORMALIZER_AGENT_LLM", "FORMALIZER_AGENT_LLM", "FORMALIZER_AGENT_LLM", "", "other", "other",
        ])
    }

    @Test func jsonNestsByBrackets() throws {
        let json = """
        {
          "providers": {
            "ollama": { "host": "x",
              "models": [
                {"name": "a"}
              ]
            }
          },
          "llm": {"provider": "ollama"},
          "s": "a { b"
        }
        """
        #expect(try paths(json, "c.json") == [
            "", "", "providers", "providers.ollama", "providers.ollama.models", "providers.ollama.models",
            "providers.ollama", "providers", "", "",
            "",
        ])
        // What a section selects is read from its keys on any line.
        let sections = try #require(FileType.types(ofFileNamed: "c.json").sections(Array(json.utf8)))
        #expect(sections.sections.first { $0.name == "llm" }?.selects == ["ollama"])
    }

    @Test func envNamesNestByTheDoubleUnderscore() throws {
        #expect(try paths("OLLAMA__HOST=x\n# OLLAMA__OPTIONS__NUM_CTX=1\nOLLAMA_HOST=y\n", ".env")
                == ["OLLAMA", "OLLAMA.OPTIONS", "", ""])
    }

    @Test func lockfilesAndCodeHaveNoSections() {
        #expect(FileType.types(ofFileNamed: "pnpm-lock.yaml").sections(Array("a:\n  b: 1\n".utf8)) == nil)
        #expect(FileType.types(ofFileNamed: "a.py").sections(Array("a = 1\n".utf8)) == nil)
    }

    // MARK: The rule keys

    func scan(_ text: String, path: String, _ rule: TestRule) throws -> [Int] {
        let rules = try RuleLoader.load([RuleFileText(path: "test.yml", text: rule.file)])
        let types = FileType.types(ofFileNamed: String(path.split(separator: "/").last ?? ""))
        return Scanner(rules: rules).scan(text: text, path: path, types: types).map(\.start.line)
    }

    static let key = #"^[ \t]*(?:#[ \t]*)?\K\w+(?=[ \t]*[:=])"#

    @Test func sectionKeepsOnlyTheLinesInsideAMatchingSection() throws {
        let rule = TestRule(pattern: Self.key, files: ["config"], extra: ["    section: '(?i)^ollama$'"],
                            match: ["ollama:\n  host: x"], noMatch: ["other:\n  host: x"])
        let yaml = "ollama:\n  host: x\n  opts:\n    num_ctx: 1\n    # top_k: 4\nhost: y\n"
        #expect(try scan(yaml, path: "c.yaml", rule) == [2, 3, 4, 5])
        // Not in code: a Python file has no sections.
        #expect(try scan("ollama = 1\nhost = 2\n", path: "c.py", rule) == [])
    }

    @Test func outsideSectionDropsTheLinesUnderAMatchingSection() throws {
        let rule = TestRule(pattern: #"^[ \t]*\Kollama(?=:)"#, files: ["config"],
                            extra: ["    outside-section: '^services$'"],
                            match: ["ollama:\n  host: x"], noMatch: ["services:\n  ollama:\n    image: x"])
        #expect(try scan("services:\n  ollama:\n    image: x\nollama:\n  host: x\n", path: "c.yaml", rule) == [4])
    }

    /// Package lists and container definitions that name Ollama are the manifest and container
    /// rules' findings: the built-in section rules report nothing in them.
    @Test(arguments: [
        ("pnpm-lock.yaml", "importers:\n  .:\n    dependencies:\n      ollama:\n        specifier: ^0.5.0\n        version: 0.5.0\n"),
        ("package.json", "{\n  \"dependencies\": {\n    \"ollama\": \"^0.5.0\"\n  }\n}\n"),
        ("pyproject.toml", "[project.optional-dependencies]\nollama = [\"ollama>=0.3\"]\n[tool.poetry.group.ollama.dependencies]\nollama = \"^0.3\"\n"),
        ("docker-compose.yml", "services:\n  ollama:\n    image: ollama/ollama\n    environment:\n      - OLLAMA_KEEP_ALIVE=5m\n"),
        ("values.yaml", "# ollama is optional\nserver:\n  port: 8080\n"),
    ])
    func sectionRulesStayOutOfManifestsAndContainers(name: String, text: String) throws {
        let rules = try RuleLoader.load(DefaultRules.files)
        let sectionRules = Set(rules.filter { $0.source.hasSuffix("config-sections.yml") }.map(\.id))
        #expect(sectionRules.count >= 5)
        // Through the walk, so that each rule's files: and exclude-paths: apply.
        let root = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree([name: text], under: root)
        let walked = try Walker(options: WalkOptions()).files(under: root, display: "")
        let findings = Scanner(rules: rules).scan(walked.files).findings
        #expect(!findings.isEmpty, "the other rules find the dependency or container")
        #expect(findings.filter { sectionRules.contains($0.ruleID) }.isEmpty,
                "\(findings.map { "\($0.start.line) \($0.ruleID)" })")
    }

    @Test func aSectionPatternThatDoesNotCompileNamesTheRule() {
        let rule = TestRule(pattern: "x", extra: ["    section: '(unclosed'"], match: ["x"], noMatch: ["y"])
        #expect(throws: AuditError.self) { try RuleLoader.load([RuleFileText(path: "t.yml", text: rule.file)]) }
    }
}
