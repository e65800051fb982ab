import AuditTestSupport
import Foundation
import Languages
import Model
import PCRE2Swift
import Rules
import Testing

@Suite struct FileTypeTests {
    @Test(arguments: [
        ("app.py", [FileType.python]), ("types.pyi", [.python]), ("x.mjs", [.javascript]), ("x.cts", [.typescript]),
        ("Chat.vue", [.vue]), ("Page.svelte", [.svelte]), ("index.html", [.html]), ("run.sh", [.shell]),
        ("config.toml", [.toml]), ("setup.cfg", [.ini]), (".env", [.env]), (".env.production", [.env]),
        ("prod.env", [.env]), ("Dockerfile", [.dockerfile]), ("Dockerfile.gpu", [.dockerfile]),
        ("api.dockerfile", [.dockerfile]), ("docker-compose.yml", [.yaml, .compose]),
        ("compose.override.yaml", [.yaml, .compose]), ("requirements-dev.txt", [.requirements]),
        ("README.md", [.markdown]), ("guide.mdx", [.markdown]), ("package-lock.json", [.json, .lockfile]),
        ("Pipfile", [.toml, .pipfile]), ("Pipfile.lock", [.json, .lockfile]), ("pnpm-lock.yaml", [.yaml, .lockfile]),
        ("go.mod", [.gomod]), ("go.sum", [.lockfile]), ("Containerfile", [.dockerfile]), ("GNUmakefile", [.makefile]),
        ("env.example", [.env]), ("web.env.template", [.env]), ("app.min.js", [.javascript]),
        ("notes.txt", []), ("image.png", []), (".gitignore", [.ignoreFile]), (".py", []), ("composer.json", [.json]),
    ])
    func recognisesNames(name: String, expected: [FileType]) {
        #expect(FileType.types(ofFileNamed: name).types == expected)
    }

    @Test func minifiedBundlesAreGenerated() {
        #expect(FileType.isGenerated("APP.MIN.JS"))
        #expect(FileType.isGenerated("vendor.chunk.js"))
        #expect(!FileType.isGenerated("app.js"))
        #expect(!FileType.isGenerated("min.js"))
    }

    @Test func layerFollowsTheFile() {
        #expect(FileType.types(ofFileNamed: "a.py").layer(path: "backend/a.py") == .backend)
        #expect(FileType.types(ofFileNamed: "a.vue").layer(path: "src/a.vue") == .frontend)
        #expect(FileType.types(ofFileNamed: "a.yml").layer(path: "k8s/a.yml") == .container)
        #expect(FileType.types(ofFileNamed: "a.yml").layer(path: "config/a.yml") == .configuration)
        #expect(FileType.types(ofFileNamed: "values.yaml").layer(path: "values.yaml") == .container)
        #expect(FileType.types(ofFileNamed: "Dockerfile").layer(path: "Dockerfile") == .container)
        #expect(FileType.types(ofFileNamed: "a.md").layer(path: "docs/a.md") == .documentation)
        #expect(FileType.types(ofFileNamed: "compose.yml").layer(path: "compose.yml") == .container)
        #expect(FileTypeSet().layer(path: "x") == .configuration)
    }

    /// Tests, mocks and fixtures are their own layer by the test runners' path conventions,
    /// whatever the file's type; a name that only contains "test" is not one.
    @Test func testFilesAreTheTestLayer() {
        let tests = ["tests/test_client.py", "test/index.test.ts", "backend/app/client_test.py", "conftest.py",
                     "src/api.spec.js", "src/__tests__/chat.tsx", "e2e/mocks/server.js", "pkg/chat_test.go",
                     "tests/integration/ollama/testcases.yaml", "fixtures/compose.yml", "src/test/resources/a.yml"]
        for path in tests {
            let name = String(path.split(separator: "/").last!)
            #expect(FileType.types(ofFileNamed: name).layer(path: path) == .test, "\(path)")
        }
        let notTests = ["src/testing.py", "latest/app.py", "src/contest.ts", "attest/a.py", "src/test_utils.ts"]
        for path in notTests {
            let name = String(path.split(separator: "/").last!)
            #expect(FileType.types(ofFileNamed: name).layer(path: path) != .test, "\(path)")
        }
        #expect(TestPaths.standard.ceiling == .medium)
    }

    /// The registry lists every type once; the groups and names a `files:` list accepts are its.
    @Test func registryNamesEveryTypeAndGroup() {
        let registry = LanguageRegistry.standard
        #expect(registry.acceptedNames.prefix(4) == ["code", "config", "docs", "js"])
        #expect(registry.resolve("js")?.types == [.javascript, .typescript, .vue, .svelte, .html])
        #expect(registry.resolve("kotlin")?.types == [.kotlin])
        #expect(registry.resolve("jsx") == nil)
        for language in registry.languages {
            #expect(FileType(language).name == language.name)
            #expect(registry.type(named: language.name).map { registry[$0].name } == language.name)
        }
    }

    /// docs/usage.md's file-type table names every group with its types, as the registry does.
    @Test func usageTableMatchesTheRegistry() throws {
        let usage = try String(contentsOfFile: TestSupport.packageRoot.appendingPathComponent("docs/usage.md").path,
                               encoding: .utf8)
        let lines = usage.split(separator: "\n", omittingEmptySubsequences: false)
        let header = try #require(lines.firstIndex(of: "| group | types | recognised by |"), "the table is gone")
        var table: [String: [String]] = [:]
        for row in lines[(header + 2)...].prefix(while: { $0.hasPrefix("|") }) {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let names = cells[1].split(separator: " ").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "`")) }
            table[cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = names
        }
        let registry = LanguageRegistry.standard
        #expect(table == registry.groups.mapValues { $0.types.map { registry[$0].name } })
    }

    /// A rule that names an unknown type fails the load with the accepted names.
    @Test func unknownTypeIsAnError() {
        let yaml = """
        rules:
          - id: t
            message: m
            category: endpoint
            priority: low
            files: [python, cobol]
            pattern: x
            guidance: g
            examples: {match: [x], no-match: [y]}
        """
        #expect {
            try RuleLoader.parse(RuleFileText(path: "t.yml", text: yaml))
        } throws: { error in
            guard case let .ruleFile(_, line, id, message) = error as? AuditError else { return false }
            return line == 6 && id == "t"
                && message.hasPrefix("unknown file type 'cobol' (expected one of: code, config, docs, js, text, python, ")
        }
    }

    /// A registry longer than 32 types: each keeps a bit of its own, so a rule scoped to the
    /// 40th type sees that type's files and no other (with 32 bits it had an empty set, and
    /// an empty set means every file).
    @Test func aTypePastThe32ndScopesARuleToItsOwnFiles() throws {
        let standard = LanguageRegistry.standard.languages
        let extra = (standard.count..<45).map {
            Language(name: "extra\($0)", groups: ["extras"], files: FileNames(extensions: ["x\($0)"]),
                     layer: .backend, syntax: Syntax())
        }
        let registry = LanguageRegistry(standard + extra)
        let fortieth = try #require(registry.type(named: "extra39"))
        #expect(fortieth.index == 39)
        let yaml = """
        rules:
          - id: fortieth
            message: m
            category: endpoint
            priority: low
            files: [extra39]
            pattern: x
            guidance: g
            examples: {match: [x], no-match: [y]}
        """
        let rule = try #require(try RuleLoader.parse(RuleFileText(path: "t.yml", text: yaml), languages: registry).first)
        #expect(rule.fileTypes.types == [fortieth])
        for language in registry.languages {
            let file = Self.sampleName(language)
            let types = registry.types(ofFileNamed: file)
            #expect(!types.isEmpty, "\(file)")
            #expect(rule.applies(to: types, path: file) == (language.name == "extra39"), "\(file)")
        }
        #expect(registry.resolve("extras")?.types.count == extra.count)
        #expect(registry.all.types.count == 45)
    }

    /// One language more than a set holds stops the program at once, rather than leave a
    /// type without a bit of its own.
    @Test func aRegistryPastTheSetsCapacityStops() async {
        await #expect(processExitsWith: .failure) {
            _ = LanguageRegistry((0...FileTypeSet.capacity).map {
                Language(name: "l\($0)", groups: [], files: FileNames(extensions: ["e\($0)"]), layer: .backend,
                         syntax: Syntax())
            })
        }
        _ = LanguageRegistry((1...FileTypeSet.capacity).map {
            Language(name: "l\($0)", groups: [], files: FileNames(), layer: .backend, syntax: Syntax())
        })
    }

    /// A name that `language` claims.
    static func sampleName(_ language: Language) -> String {
        if let ext = language.files.extensions.first { return "a." + ext }
        return language.files.names[0].replacingOccurrences(of: "*", with: "x")
    }

    @Test func setOperationsSpanBothWords() {
        let low = FileType(index: 3), high = FileType(index: 100)
        var set = FileTypeSet([low])
        #expect(!set.contains(high) && !set.intersects(FileTypeSet([high])))
        set.insert(high)
        #expect(set.contains(high) && set.intersects(FileTypeSet([high])) && set.types == [low, high])
        #expect(FileTypeSet([high]).isSubset(of: set) && !set.isSubset(of: FileTypeSet([high])))
    }

    /// Import statements are PCRE2 patterns in the language data; the rule loader compiles
    /// them only for rules that leave out `after:`.
    @Test func importStatementsCompileAndMatchAnImport() throws {
        let samples = ["python": "import os\nfrom a import (b,\n  c)\nx = 1\n",
                       "javascript": "import x from 'y';\nconst a = 1;\n"]
        for language in LanguageRegistry.standard.languages {
            guard let statement = language.imports?.statement else { continue }
            let regex = try Regex(statement, options: [.utf, .multiline])
            if let sample = samples[language.name] {
                #expect(try regex.matches(sample, using: MatchScratch(maxCaptureCount: regex.captureCount)), "\(language.name)")
            }
        }
        #expect(LanguageRegistry.standard.importStatement(of: LanguageRegistry.standard.resolve("js")!) != nil)
        #expect(LanguageRegistry.standard.importStatement(of: LanguageRegistry.standard.resolve("code")!) == nil)
        #expect(LanguageRegistry.standard.importStatement(of: FileTypeSet()) == nil)
    }

    /// `ensure:` without `after:` follows the imports of the rule's language; with types of
    /// no one import syntax it is an error.
    @Test func ensureWithoutAfterFollowsTheImports() throws {
        func rule(files: String) throws -> Rule {
            let yaml = """
            rules:
              - id: t
                message: m
                category: client-call
                priority: low
                files: [\(files)]
                pattern: x
                fix: y
                ensure:
                  - line: import os
                guidance: g
                examples: {match: [x], no-match: [z]}
            """
            return try #require(try RuleLoader.parse(RuleFileText(path: "t.yml", text: yaml)).first)
        }
        #expect(try rule(files: "python").ensures[0].after.pattern == Language.python.imports?.statement)
        #expect(try rule(files: "js").ensures[0].after.pattern == Language.javascript.imports?.statement)
        #expect {
            try rule(files: "code")
        } throws: { error in
            guard case let .ruleFile(_, _, _, message) = error as? AuditError else { return false }
            return message.hasPrefix("an ensure entry needs 'after'")
        }
    }
}
