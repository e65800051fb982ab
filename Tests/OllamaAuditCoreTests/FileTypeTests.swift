@testable import OllamaAuditCore
import Engine
import Languages
import OllamaAuditCore
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
        ("notes.txt", []), ("image.png", []), (".gitignore", []),
    ])
    func recognisesNames(name: String, expected: [FileType]) {
        #expect(FileType.types(ofFileNamed: name).types == expected)
    }

    @Test func layerFollowsTheFile() {
        #expect(FileType.types(ofFileNamed: "a.py").layer(path: "backend/a.py") == .backend)
        #expect(FileType.types(ofFileNamed: "a.vue").layer(path: "src/a.vue") == .frontend)
        #expect(FileType.types(ofFileNamed: "a.yml").layer(path: "k8s/a.yml") == .container)
        #expect(FileType.types(ofFileNamed: "a.yml").layer(path: "config/a.yml") == .configuration)
        #expect(FileType.types(ofFileNamed: "Dockerfile").layer(path: "Dockerfile") == .container)
        #expect(FileType.types(ofFileNamed: "a.md").layer(path: "docs/a.md") == .documentation)
    }
}
