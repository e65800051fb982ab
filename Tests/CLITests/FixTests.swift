import AuditTestSupport
import Foundation
import Platform
import Testing

/// `scan --fix` and `--fix --dry-run`, on temporary git copies: what is written, what is not,
/// and that the two agree byte for byte.
@Suite struct FixTests {
    /// A committed git repository holding `files` (or a copy of the seed project).
    func repository(_ files: [String: String]? = nil) throws -> String {
        guard let files else {
            let root = try TestSupport.makeTemporaryDirectory("fix")
            _ = try TestSupport.run(["-a", TestSupport.fixture("seed-project") + "/.", root], executable: "/bin/cp")
            try git(["init", "-q"], root)
            try git(["add", "-A"], root)
            try TestSupport.commitAll("seed", in: root)
            return root
        }
        return try TestSupport.gitRepository(files, name: "fix")
    }

    @discardableResult
    func git(_ arguments: [String], _ directory: String) throws -> TestSupport.RunResult {
        let result = try TestSupport.git(arguments, in: directory)
        #expect(result.status == 0, "git \(arguments): \(result.stderr)")
        return result
    }

    func audit(_ arguments: [String], in directory: String) throws -> TestSupport.RunResult {
        try TestSupport.run(["scan", "."] + arguments, in: directory)
    }

    @Test func dryRunDiffIsPinnedAndWritesNothing() throws {
        let result = try TestSupport.run(["scan", "fixtures/seed-project", "--fix", "--dry-run"])
        #expect(result.status == 1, "changes are pending")
        #expect(TestSupport.golden(result.stdout, "seed-project.fix.diff") == nil)
        // The summary: each migration unit left manual, with why, and each applied unit's notes.
        #expect(TestSupport.golden(result.stderr, "seed-project.fix.stderr") == nil)
        let status = try TestSupport.run(["git", "status", "--porcelain", "fixtures/seed-project"], executable: "/usr/bin/env")
        #expect(status.stdout.isEmpty, "a dry run writes nothing")
    }

    /// `--fix` on the seed project, end to end on a committed copy of it.
    @Test func seedProjectMigratesSafely() throws {
        let root = try repository()
        defer { TestSupport.removeTree(root) }
        let patchFile = root + "/../seed-\(UUID().uuidString).patch"
        defer { try? FileManager.default.removeItem(atPath: patchFile) }

        let dry = try audit(["--fix", "--dry-run", "--patch", patchFile], in: root)
        #expect(dry.status == 1)
        #expect(try git(["status", "--porcelain"], root).stdout.isEmpty, "the dry run wrote nothing")
        // The file carries the tool's marker line; git apply skips it.
        let patchText = try String(contentsOfFile: patchFile, encoding: .utf8)
        #expect(patchText.hasPrefix("# ollama-audit:generated "))
        #expect(patchText.drop { $0 != "\n" }.dropFirst() == dry.stdout)
        try git(["apply", "--check", patchFile], root)

        let fixed = try audit(["--fix", "--format", "json"], in: root)
        #expect(fixed.status == 1, "manual findings remain")
        let afterFix = try git(["diff"], root).stdout
        #expect(!afterFix.isEmpty)
        // The dry run's patch gives the very same tree.
        try git(["stash", "-q"], root)
        try git(["apply", patchFile], root)
        #expect(try git(["diff"], root).stdout == afterFix)
        try git(["checkout", "-q", "."], root)
        try git(["stash", "pop", "-q"], root)

        // Only manual findings are left.
        let document = try #require(try JSONSerialization.jsonObject(with: Data(fixed.stdout.utf8)) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { $0["fix"] as? String == "manual" })

        // Everything changed still compiles or parses.
        let changed = try git(["diff", "--name-only"], root).stdout.split(separator: "\n").map(String.init)
        #expect(changed.contains("docker-compose.yml"))
        let check = """
            import json, py_compile, sys, yaml
            for f in sys.argv[1:]:
                if f.endswith('.py'): py_compile.compile(f, doraise=True)
                elif f.endswith('.json'): json.load(open(f))
                elif f.endswith(('.yml', '.yaml')): list(yaml.safe_load_all(open(f)))
            # The model server stays whole: vLLM's host port 8000 is the backend's, and the
            # stack asks for two chat models (a unit left manual, see the golden stderr).
            compose = yaml.safe_load(open('docker-compose.yml'))
            service = compose['services']['ollama']
            assert service['image'] == 'ollama/ollama:latest', service
            assert service['ports'] == ['11434:11434'], service
            assert service['healthcheck']['test'] == ['CMD', 'ollama', 'list'], service
            assert compose['services']['backend']['environment']['OPENAI_BASE_URL'] == 'http://ollama:8000/v1'
            """
        let python = try TestSupport.run(["python3", "-B", "-c", check] + changed, executable: "/usr/bin/env", in: root)
        #expect(python.status == 0, "\(python.stderr)")

        // A second --fix changes nothing.
        try TestSupport.commitAll("fixed", in: root)
        let again = try audit(["--fix"], in: root)
        #expect(again.stderr.contains("fix: changed 0 files with 0 edits"))
        #expect(try git(["status", "--porcelain"], root).stdout.isEmpty)
    }

    @Test func lineEndingsBOMAndModeSurvive() throws {
        let root = try repository([
            "app.py": "import ollama\r\n\r\nr = ollama.chat(model='llama3.1:8b', messages=[])\r\n",
            ".env": "\u{FEFF}OLLAMA_URL=http://localhost:11434\n",
            "run.sh": "#!/bin/sh\ncurl http://localhost:11434/api/tags\n",
        ])
        defer { TestSupport.removeTree(root) }
        try FileSystem.setPermissions(root + "/run.sh", 0o751).get()
        try git(["add", "-A"], root)
        try TestSupport.commitAll("mode", in: root)
        _ = try audit(["--fix"], in: root)
        let app = try String(contentsOfFile: root + "/app.py", encoding: .utf8)
        #expect(app.contains("openai_client.chat.completions.create(model='meta-llama/Llama-3.1-8B-Instruct'"))
        #expect(!app.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF: \(app.debugDescription)")
        let env = try #require(FileManager.default.contents(atPath: root + "/.env"))
        #expect([UInt8](env) == [0xEF, 0xBB, 0xBF] + Array("OPENAI_BASE_URL=http://localhost:8000/v1\n".utf8))
        #expect(FileStatus.at(root + "/run.sh")?.permissions == 0o751)
        #expect(try String(contentsOfFile: root + "/run.sh", encoding: .utf8) == "#!/bin/sh\ncurl http://localhost:8000/v1/models\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).allSatisfy { !$0.hasPrefix(".ollama-audit-tmp") })
    }

    @Test func symlinksAreNeverWrittenThrough() throws {
        let outside = try TestSupport.makeTemporaryDirectory("outside")
        defer { TestSupport.removeTree(outside) }
        try TestSupport.writeTree(["real.env": "OLLAMA_URL=http://localhost:11434\n"], under: outside)
        let root = try repository(["a.env": "OLLAMA_MODEL=llama3.1:8b\n"])
        defer { TestSupport.removeTree(root) }
        try FileManager.default.createSymbolicLink(atPath: root + "/linked.env", withDestinationPath: outside + "/real.env")
        _ = try audit(["--fix", "--allow-dirty"], in: root)
        #expect(try String(contentsOfFile: outside + "/real.env", encoding: .utf8) == "OLLAMA_URL=http://localhost:11434\n")
        #expect(try String(contentsOfFile: root + "/a.env", encoding: .utf8) == "LLM_MODEL=meta-llama/Llama-3.1-8B-Instruct\n")
    }

    @Test func dirtyFilesAreRefusedUnlessAllowed() throws {
        let url = "OLLAMA_URL=http://localhost:11434\n"
        // Clean neighbours, one in a subfolder and one whose name is a glob: only a.env is dirty.
        let root = try repository(["a.env": url, "b.env": url, "sub/c.env": url, "*.env": url])
        defer { TestSupport.removeTree(root) }
        try "OLLAMA_URL=http://localhost:11434\n# edited\n".write(toFile: root + "/a.env", atomically: true, encoding: .utf8)
        let refused = try audit(["--fix"], in: root)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("uncommitted changes"))
        #expect(refused.stderr.contains("allow-dirty: a.env\n"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: root + "/a.env", encoding: .utf8).hasPrefix("OLLAMA_URL"))
        let allowed = try audit(["--fix", "--allow-dirty"], in: root)
        #expect(allowed.status == 0)
        #expect(try String(contentsOfFile: root + "/a.env", encoding: .utf8).hasPrefix("OPENAI_BASE_URL=http://localhost:8000/v1"))
    }

    @Test func overlappingEditsResolveByPriorityAndAreReported() throws {
        let rules = TestRule.file([
            // Not `endpoint`: in code, an endpoint's path moves only with its body and reads.
            TestRule(id: "wide-critical", pattern: "foo bar", category: "client-call", priority: "critical", fix: "X",
                     match: ["foo bar", "a foo bar"], noMatch: ["foo"]),
            TestRule(id: "narrow-low", pattern: "bar baz", fix: "Y", match: ["bar baz", "x bar baz"], noMatch: ["bar"]),
        ])
        let root = try repository(["t.py": "foo bar baz\n", "rules.yml": rules])
        defer { TestSupport.removeTree(root) }
        let result = try audit(["--fix", "--no-default-rules", "--rules", "rules.yml"], in: root)
        #expect(try String(contentsOfFile: root + "/t.py", encoding: .utf8) == "X baz\n")
        #expect(result.stderr.contains("overlap: t.py:1:5: rule 'narrow-low' gave way to 'wide-critical'"))
    }

    @Test func editsThatWouldBreakJSONOrInvalidUTF8AreRefused() throws {
        let rules = TestRule(id: "breaks-json", pattern: "\"ollama\":", category: "dependency-manifest", priority: "high",
                             files: ["json"], fix: "ollama:", match: ["\"ollama\": 1", "{\"ollama\":2}"], noMatch: ["x"]).file
        let root = try repository(["p.json": "{\"ollama\": 1}\n", "rules.yml": rules])
        defer { TestSupport.removeTree(root) }
        #expect(FileManager.default.createFile(atPath: root + "/bad.json", contents: Data([0x7B, 0xFF, 0x22] + Array("ollama\": 1}\n".utf8))))
        try git(["add", "-A"], root)
        try TestSupport.commitAll("bad", in: root)
        let result = try audit(["--fix", "--no-default-rules", "--rules", "rules.yml"], in: root)
        #expect(try String(contentsOfFile: root + "/p.json", encoding: .utf8) == "{\"ollama\": 1}\n")
        #expect(result.stderr.contains("skipped: p.json: the rewrite would break the file: the JSON no longer parses"))
        #expect(result.stderr.contains("skipped: bad.json: contains invalid UTF-8; never rewritten"))
    }

    @Test func diffsOfAwkwardPathsApply() throws {
        let line = "OLLAMA_URL=http://localhost:11434\n"
        let root = try repository(["my dir/a b.env": line, "quo\"te.env": line, "ünï/çödé.env": line, "noeol.env": "OLLAMA_MODEL=llama3"])
        defer { TestSupport.removeTree(root) }
        let patchFile = root + "/../awkward-\(UUID().uuidString).patch"
        defer { try? FileManager.default.removeItem(atPath: patchFile) }
        let dry = try audit(["--fix", "--dry-run", "--patch", patchFile], in: root)
        #expect(dry.status == 1)
        #expect(dry.stdout.contains("\\ No newline at end of file"))
        try git(["apply", patchFile], root)
        #expect(try String(contentsOfFile: root + "/quo\"te.env", encoding: .utf8) == "OPENAI_BASE_URL=http://localhost:8000/v1\n")
        #expect(try String(contentsOfFile: root + "/noeol.env", encoding: .utf8) == "LLM_MODEL=meta-llama/Meta-Llama-3-8B-Instruct")
        #expect(try audit(["--fix", "--dry-run"], in: root).status == 0, "nothing pending once applied")
    }

    @Test func fixFlagsNeedFix() throws {
        let result = try TestSupport.run(["scan", "fixtures/seed-project", "--dry-run"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("go with --fix"))
    }

    /// A manifest's dependency goes with the last import of its package, never before: while
    /// one file keeps `import ollama` (its unit left manual), requirements.txt keeps ollama.
    @Test func aDependencyStaysWhileAnImportOfItStays() throws {
        let root = try TestSupport.makeTemporaryDirectory("fix-withheld")
        defer { TestSupport.removeTree(root) }
        try "ollama==0.3.3\nhttpx==0.27\n".write(toFile: root + "/requirements.txt", atomically: true, encoding: .utf8)
        try "import ollama\nr = ollama.chat(model='m', messages=[])\n".write(toFile: root + "/a.py", atomically: true, encoding: .utf8)
        let manualSource = "import ollama\nr = ollama.chat(model='m', messages=[], tools=[f])\n"
        try manualSource.write(toFile: root + "/b.py", atomically: true, encoding: .utf8)
        let withheld = try audit(["--fix", "--dry-run"], in: root)
        #expect(!withheld.stdout.contains("requirements.txt"), "\(withheld.stdout)")
        #expect(withheld.stdout.contains("a/a.py"))
        #expect(withheld.stderr.contains("manual: requirements.txt:1: dependency `ollama` left unchanged: still imported by 1 file after the fix (first: b.py)"),
                "\(withheld.stderr)")
        #expect(withheld.stderr.contains("manual: b.py:2: call `ollama.chat(…)` left unchanged: line 2: tools="), "\(withheld.stderr)")

        // Once every import goes, so does the dependency.
        try "import ollama\nr = ollama.chat(model='m', messages=[])\n".write(toFile: root + "/b.py", atomically: true, encoding: .utf8)
        let removed = try audit(["--fix", "--dry-run"], in: root)
        #expect(removed.stdout.contains("-ollama==0.3.3\n+openai\n"), "\(removed.stdout)")
    }

    /// LlamaIndex's packages go the same way, each on its own: the LLM's moves with its last
    /// import while an embedding class left manual keeps its package in the manifest.
    @Test func aLlamaIndexPackageGoesWithItsLastImport() throws {
        let root = try TestSupport.makeTemporaryDirectory("fix-llamaindex")
        defer { TestSupport.removeTree(root) }
        let requirements = "llama-index-core==0.12.0\nllama-index-llms-ollama==0.5.0\nllama-index-embeddings-ollama==0.5.0\n"
        let app = """
            from llama_index.core import Settings
            from llama_index.embeddings.ollama import OllamaEmbedding
            from llama_index.llms.ollama import Ollama

            Settings.llm = Ollama(model="m", request_timeout=60.0)
            Settings.embed_model = OllamaEmbedding(model_name="e", query_instruction="query: ")

            """
        try TestSupport.writeTree(["requirements.txt": requirements, "app.py": app], under: root)
        let result = try audit(["--fix", "--dry-run"], in: root)
        #expect(result.stdout.contains("-from llama_index.llms.ollama import Ollama\n+from llama_index.llms.openai_like import OpenAILike\n"), "\(result.stdout)")
        #expect(result.stdout.contains("-llama-index-llms-ollama==0.5.0\n+llama-index-llms-openai-like\n"), "\(result.stdout)")
        #expect(!result.stdout.contains("-llama-index-embeddings-ollama"), "\(result.stdout)")
        #expect(!result.stdout.contains("+Settings.embed_model"), "the embedding's unit stays whole: \(result.stdout)")
        #expect(result.stderr.contains("manual: app.py:2: LlamaIndex's `OllamaEmbedding` left unchanged: line 6: `OllamaEmbedding(query_instruction=…)`"),
                "\(result.stderr)")
        #expect(result.stderr.contains("manual: requirements.txt:3: dependency `llama-index-embeddings-ollama` left unchanged: still imported by 1 file after the fix (first: app.py)"),
                "\(result.stderr)")
    }

    /// A LangChain.js class moves with its import in each file; @langchain/ollama becomes
    /// @langchain/openai in package.json once no file imports it, and stays while one does.
    @Test func aLangChainJSDependencyGoesWithItsLastImport() throws {
        let root = try TestSupport.makeTemporaryDirectory("fix-langchain-js")
        defer { TestSupport.removeTree(root) }
        let manifest = "{\n  \"dependencies\": {\n    \"@langchain/ollama\": \"^0.2.0\"\n  }\n}\n"
        let plain = "import { ChatOllama } from '@langchain/ollama'\nexport const llm = new ChatOllama({ model: 'm' })\n"
        try TestSupport.writeTree(["package.json": manifest, "a.mjs": plain,
                                   "b.mjs": "import { ChatOllama } from '@langchain/ollama'\nexport const llm = new ChatOllama({ model: 'm', format: 'json' })\n"],
                                  under: root)
        let held = try audit(["--fix", "--dry-run"], in: root)
        #expect(held.stdout.contains("+import { ChatOpenAI } from '@langchain/openai'\n"), "\(held.stdout)")
        #expect(!held.stdout.contains("package.json"), "\(held.stdout)")
        #expect(held.stderr.contains("manual: package.json:3: dependency `@langchain/ollama` left unchanged: still imported by 1 file after the fix (first: b.mjs)"),
                "\(held.stderr)")
        #expect(held.stderr.contains("manual: b.mjs:1: LangChain's `ChatOllama` left unchanged: line 2: format asks Ollama for JSON"), "\(held.stderr)")

        // Once the last import goes, so does the dependency.
        try plain.write(toFile: root + "/b.mjs", atomically: true, encoding: .utf8)
        let moved = try audit(["--fix", "--dry-run"], in: root)
        #expect(moved.stdout.contains("-    \"@langchain/ollama\": \"^0.2.0\"\n+    \"@langchain/openai\": \"^1.6.0\"\n"), "\(moved.stdout)")
    }

    /// An address variable is renamed everywhere or nowhere: while one reader still joins an
    /// Ollama API path to it, the .env line, its value and every reader stay; a raw HTTP call's
    /// path in code stays with its body and reads; the port of a URL that goes on with /api stays.
    @Test func anAddressVariableAndARawCallMoveWholeOrStay() throws {
        let root = try TestSupport.makeTemporaryDirectory("fix-env-unit")
        defer { TestSupport.removeTree(root) }
        let env = "OLLAMA_URL=http://localhost:11434\n"
        let reader = "import os\nBASE = os.getenv(\"OLLAMA_URL\", \"http://localhost:11434\")\n"
        let caller = "import os, requests\nurl = os.environ[\"OLLAMA_URL\"]\ntags = requests.get(url + \"/api/tags\").json()\n"
        let raw = "import requests\nr = requests.post(\"http://localhost:11434/api/chat\", json={\"model\": \"m\"})\n"
        // A client whose base reads the variable stays with it: the openai client would send
        // its requests to the Ollama address without /v1.
        let client = "import os\nimport ollama\nHOST = os.environ[\"OLLAMA_URL\"]\nc = ollama.Client(host=HOST)\nnames = [m[\"name\"] for m in c.list()[\"models\"]]\n"
        let jsClient = "import { Ollama } from 'ollama'\nconst o = new Ollama({ host: process.env.OLLAMA_URL })\nexport const names = (await o.list()).models.map((m) => m.name)\n"
        try TestSupport.writeTree([".env": env, "reader.py": reader, "caller.py": caller, "raw.py": raw, "client.py": client, "client.ts": jsClient],
                                  under: root)
        let held = try audit(["--fix", "--dry-run"], in: root)
        #expect(held.stdout.isEmpty, "nothing is half-renamed: \(held.stdout)")
        #expect(held.stderr.contains("manual: .env:1: environment variable `OLLAMA_URL` left unchanged: renamed everywhere or nowhere: caller.py reads it"),
                "\(held.stderr)")
        #expect(held.stderr.contains("manual: reader.py:2: environment variable `OLLAMA_URL` left unchanged"), "\(held.stderr)")
        #expect(held.stderr.contains("manual: raw.py:2: the raw HTTP call to `/api/chat` left unchanged"), "\(held.stderr)")
        #expect(held.stderr.contains("manual: client.py:4: client `c` (1 call) left unchanged: line 4: its base URL may come from `OLLAMA_URL`, which stays"),
                "\(held.stderr)")
        #expect(held.stderr.contains("manual: client.ts:2: client `o` (1 call) left unchanged: line 2: its base URL may come from `OLLAMA_URL`"),
                "\(held.stderr)")

        // Without the joined path, the variable moves everywhere, its value converted.
        try "import os\nurl = os.environ[\"OLLAMA_URL\"]\n".write(toFile: root + "/caller.py", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: root + "/raw.py")
        let moved = try audit(["--fix", "--dry-run"], in: root)
        #expect(moved.stdout.contains("-OLLAMA_URL=http://localhost:11434\n+OPENAI_BASE_URL=http://localhost:8000/v1\n"), "\(moved.stdout)")
        #expect(moved.stdout.contains("+url = os.environ[\"OPENAI_BASE_URL\"]"), "\(moved.stdout)")
        #expect(moved.stdout.contains("+BASE = os.getenv(\"OPENAI_BASE_URL\", \"http://localhost:8000/v1\")"), "\(moved.stdout)")
        #expect(moved.stdout.contains("+c = OpenAI(base_url=HOST, "), "\(moved.stdout)")
        #expect(moved.stdout.contains("+const o = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: "), "\(moved.stdout)")
    }

    /// A compose service that cannot move stays byte for byte, rules included, and names why;
    /// a model tag inside it stays in every file, because a tag changes everywhere or nowhere.
    @Test func aComposeServiceAndAModelTagMoveWholeOrStay() throws {
        let root = try TestSupport.makeTemporaryDirectory("fix-compose-unit")
        defer { TestSupport.removeTree(root) }
        let compose = """
            services:
              api:
                build: .
                ports: ["8000:8000"]
                environment:
                  OLLAMA_URL: http://ollama:11434
              ollama:
                image: ollama/ollama:latest
                ports:
                  - "11434:11434"
                environment:
                  - MODEL=llama3.1:8b
                volumes:
                  - models:/root/.ollama
                healthcheck:
                  test: ["CMD", "ollama", "list"]
            volumes:
              models:

            """
        let config = "import os\nMODEL = os.getenv(\"LLM_MODEL\", \"llama3.1:8b\")\nPROVIDER = \"mistral\"\n"
        try TestSupport.writeTree(["docker-compose.yml": compose, "config.py": config], under: root)
        let held = try audit(["--fix", "--dry-run"], in: root)
        #expect(held.stderr.contains("manual: docker-compose.yml:7: compose service `ollama` left unchanged: host port 8000 is already published by service `api`"),
                "\(held.stderr)")
        #expect(held.stderr.contains("manual: docker-compose.yml:12: model `llama3.1:8b` left unchanged: line 12 of docker-compose.yml stays "
                                     + "(it is inside a compose service that stays Ollama)"), "\(held.stderr)")
        // Nothing of the service, and no occurrence of the tag, changes.
        for line in held.stdout.split(separator: "\n") where line.hasPrefix("-") && !line.hasPrefix("---") {
            #expect(line.contains("OLLAMA_URL"), "only the dependant's address moves: \(line)")
        }

        // Free the host port: the service moves whole, and the tag with it, everywhere.
        try compose.replacingOccurrences(of: "[\"8000:8000\"]", with: "[\"9000:8000\"]")
            .write(toFile: root + "/docker-compose.yml", atomically: true, encoding: .utf8)
        let moved = try audit(["--fix", "--dry-run"], in: root)
        #expect(moved.stdout.contains("+    image: vllm/vllm-openai:v0.11.0\n+    command: [\"--model\", \"meta-llama/Llama-3.1-8B-Instruct\"]\n+    ipc: host\n"),
                "\(moved.stdout)")
        #expect(moved.stdout.contains("+      - MODEL=meta-llama/Llama-3.1-8B-Instruct\n"), "\(moved.stdout)")
        #expect(moved.stdout.contains("+MODEL = os.getenv(\"LLM_MODEL\", \"meta-llama/Llama-3.1-8B-Instruct\")"), "\(moved.stdout)")
        #expect(!moved.stdout.contains("+PROVIDER"), "a provider id is not a model tag")
        #expect(!moved.stderr.contains("manual: docker-compose.yml:7"), "\(moved.stderr)")
        #expect(moved.stderr.contains("note: config.py:2: model `llama3.1:8b`: becomes meta-llama/Llama-3.1-8B-Instruct in 2 places across 2 files\n"
                                      + "note: config.py:2: model `llama3.1:8b`: meta-llama/Llama-3.1-8B-Instruct is gated on Hugging Face"), "\(moved.stderr)")
    }

    /// An embedding tag never becomes a chat model: a map that says so is refused, tag by tag.
    @Test func anEmbeddingTagMappedToAChatModelStays() throws {
        let root = try TestSupport.makeTemporaryDirectory("fix-model-kind")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree([
            "rules/map.yml": "models:\n  \"nomic-embed-text\": meta-llama/Llama-3.1-8B-Instruct\n",
            "config.py": "import os\nEMBED_MODEL = os.getenv(\"EMBED_MODEL\", \"nomic-embed-text\")\nMODEL = \"llama3.1:8b\"\n",
        ], under: root)
        let result = try audit(["--rules", "rules", "--fix", "--dry-run"], in: root)
        #expect(result.stderr.contains("manual: config.py:2: model `nomic-embed-text` left unchanged: it is an embedding model, "
                                       + "and the model map gives a chat model (meta-llama/Llama-3.1-8B-Instruct); correct the map"), "\(result.stderr)")
        #expect(!result.stdout.contains("+EMBED_MODEL"), "\(result.stdout)")
        #expect(result.stdout.contains("+MODEL = \"meta-llama/Llama-3.1-8B-Instruct\""), "\(result.stdout)")
    }

    /// A client left manual still talks to Ollama: what it reads (its host's variable, its
    /// port, its model tag) stays everywhere, so it keeps working on Ollama until moved by hand.
    @Test func aClientLeftManualKeepsItsAddressAndModel() throws {
        let root = try TestSupport.makeTemporaryDirectory("fix-kept-client")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree([
            ".env": "OLLAMA_URL=http://localhost:11434\nCHAT_MODEL=llama3.1:8b\n",
            "kept.ts": """
                import { Ollama } from 'ollama'
                export class Service {
                  client = new Ollama({ host: process.env.OLLAMA_URL ?? 'http://localhost:11434' })
                  ask() { return this.client.chat({ model: 'llama3.1:8b', messages: [] }) }
                }

                """,
            "other.py": "import os\nMODEL = os.getenv(\"CHAT_MODEL\", \"llama3.1:8b\")\n",
        ], under: root)
        let result = try audit(["--fix", "--dry-run"], in: root)
        #expect(result.stderr.contains("manual: kept.ts:3: client"), "\(result.stderr)")
        #expect(result.stderr.contains("manual: kept.ts:4: model `llama3.1:8b` left unchanged: line 4 of kept.ts stays (its file keeps the ollama client of line 3)"),
                "\(result.stderr)")
        #expect(result.stderr.contains("manual: .env:1: environment variable `OLLAMA_URL` left unchanged: renamed everywhere or nowhere: kept.ts reads it and still keeps the ollama client of line 3 there"),
                "\(result.stderr)")
        #expect(!result.stdout.contains("llama3.1:8b\n+"), "no occurrence of the tag moves: \(result.stdout)")
        #expect(!result.stdout.contains("kept.ts") && !result.stdout.contains("+OPENAI_BASE_URL"), "\(result.stdout)")
    }

    /// Spring AI's Ollama client is configured, not coded: no unit rewrites it, so its
    /// properties keep their port and model, and the tag stays everywhere.
    @Test func aSpringAIOllamaConfigurationStaysWhole() throws {
        let root = try TestSupport.makeTemporaryDirectory("fix-spring-ai")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree([
            "src/main/resources/application.properties": "spring.ai.ollama.base-url=http://localhost:11434\nspring.ai.ollama.chat.options.model=llama3.1:8b\n",
            "eval.py": "MODEL = \"llama3.1:8b\"\n",
        ], under: root)
        let result = try audit(["--fix", "--dry-run"], in: root)
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        #expect(result.stderr.contains("manual: src/main/resources/application.properties:1: the base URLs and ports of this file left unchanged: "
                                       + "the Ollama client configured on line 1 (`spring.ai.ollama`) stays"), "\(result.stderr)")
        #expect(result.stderr.contains("model `llama3.1:8b` left unchanged: line 2 of src/main/resources/application.properties stays"), "\(result.stderr)")
    }
}
