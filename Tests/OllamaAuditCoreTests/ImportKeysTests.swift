@testable import Engine
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
