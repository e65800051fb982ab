@testable import Engine
import AuditTestSupport
import Languages
import Testing

/// The keys the project pass keeps of each file's imports instead of its statements: a file
/// whose filter loses a key would lose its derived findings, so none may be lost.
@Suite struct ImportKeysTests {
    func statement(_ module: String, _ names: String = "") -> ImportFact {
        ImportFact(module: module, namesText: names, moduleLocal: nil, range: 0..<1, topLevel: true)
    }

    func has(_ keys: ImportKeys, _ key: String) -> Bool { keys.mayContain(ImportKeys.hash(key.utf8)) }

    @Test func pythonKeysAreTheModulesLastPartAndEachImportedName() {
        var bare = Set<String>()
        let keys = ImportKeys([statement("..repos.ollama_repo", "(OllamaRepo as Repo,\n make_client)"),
                               statement("pkg", "*")], flow: .python, bare: &bare)
        for key in ["ollama_repo", "OllamaRepo", "Repo", "make_client", "pkg"] { #expect(has(keys, key), "\(key)") }
        #expect(bare.isEmpty, "a dotted module is never bare")
    }

    @Test func scriptKeysAreTheRelativeModulesStemAndTheBareModuleWhole() {
        var bare = Set<String>()
        let keys = ImportKeys([statement("../lib/ollama.client.js", "{ llm }"), statement("@/lib/llm", "{ llm }")],
                              flow: .script, bare: &bare)
        #expect(has(keys, "ollama"))
        #expect(keys.mayContain(ImportKeys.bareHash("@/lib/llm")))
        #expect(bare == ["@/lib/llm"])
        #expect(!keys.mayContain(ImportKeys.bareHash("@/lib/other")))
    }

    @Test func noKeyIsLostAndFewOthersSeemPresent() {
        var bare = Set<String>()
        let names = (0..<400).map { "name_\($0)" }
        let keys = ImportKeys(names.map { statement("pkg.mod_\($0)", $0) }, flow: .python, bare: &bare)
        for name in names { #expect(has(keys, name)) }
        for i in 0..<400 { #expect(has(keys, "mod_name_\(i)")) }
        let seeming = (0..<4000).filter { has(keys, "absent_\($0)") }.count
        #expect(seeming < 80, "\(seeming) of 4000 absent keys seem present")
    }

    @Test func aNonASCIIKeyMatchesInEitherNormalForm() {
        var bare = Set<String>()
        // `ProjectFlow` compares names as Strings, where é and e + U+0301 are equal.
        let keys = ImportKeys([statement("paquetes.m\u{E9}dulo", "")], flow: .python, bare: &bare)
        #expect(has(keys, "me\u{301}dulo"))
        #expect(has(keys, "m\u{E9}dulo"))
    }
}

/// An import form tried only at lines holding its word finds exactly what a search of the
/// whole file finds: multi-line statements, two on a line, the word inside other words,
/// strings and comments, indented, at the end without a newline.
@Suite struct ImportStatementTests {
    static let python = [
        "import os\n", "from . import x\n", "from ..repos.ollama_repo import (\n    OllamaRepo,\n    make_client,\n)\n",
        "    import ollama as o  # lazy\n", "x = 'import y'\n", "reimport(z)\n", "from a import b; import c\n",
        "# from a import b\n", "import a.b as c", "def f():\n    from ollama import Client\n", "\r\nimport d\r\n",
    ]
    static let script = [
        "import { Ollama } from 'ollama'\n", "import type { A } from \"./a\";\n", "import {\n  a,\n  b as c,\n} from '../x'\n",
        "import x from 'y'; import z from 'w'\n", "const s = 'import q from \"r\"'\n", "reimport(z)\n",
        "  import D, { e } from '@/lib/d'\n", "// import gone from 'gone'\n", "import * as ns from 'ns'",
    ]

    @Test func aFormTriedAtItsWordsLinesFindsWhatAWholeSearchFinds() throws {
        let worker = FileScanner(scanner: Scanner(rules: []))
        var random = SplitMix64(seed: 0x1A9)
        for (flow, parts) in [(Flow.python, Self.python), (Flow.script, Self.script)] {
            for _ in 0..<150 {
                let text = (0..<Int.random(in: 1...8, using: &random)).map { _ in parts.randomElement(using: &random)! }.joined()
                let content = Array(text.utf8)
                for form in flow.imports where form.wordOnFirstLine {
                    let regex = try #require(worker.flowPatterns.regex(form.pattern, name: "", flow: flow))
                    let whole = Flow.ImportForm(form.pattern, word: form.word, wordOnFirstLine: false)
                    let byLines = worker.statements(of: form, regex, in: content, flow: flow).map(\.groups)
                    #expect(byLines == worker.statements(of: whole, regex, in: content, flow: flow).map(\.groups), "\(text)")
                }
            }
        }
    }
}
