import AuditTestSupport
import Engine
import Foundation
import Model
@testable import OllamaAuditCore
import Rules
import Testing

/// The flow pass: names bound by rules (`bind:`), their uses in the file, and the importers of
/// a wrapper across files.
@Suite struct FlowTests: FlowSuite {
    @Test func clientMethodCallsAreReportedByKindOfMethod() throws {
        let result = try scan(["app.py": """
            from ollama import Client
            c = Client(host=url)
            def go():
                c.pull("m")
                return c.chat(model="m", messages=[])
            """])
        let found = derived(result)
        #expect(found["app.py:4"] == .medium, "pull is model administration")
        #expect(found["app.py:5"] == .critical, "python-ollama-client-method knows no client called c")
    }

    @Test func aClientUnderAnyNameIsFollowed() throws {
        // No "client", "ollama" or "llm" in the name: only the binding tells.
        let result = try scan(["repo.py": """
            from ollama import Client
            class Repo:
                def __new__(cls):
                    conn = Client(host=h)
                    cls.__backend = conn
                def ask(self):
                    answer = self.__backend.chat(model="m", messages=[])
                    return answer.message.content
            """])
        let found = derived(result)
        #expect(found["repo.py:5"] == .medium, "the alias keeps the client")
        #expect(found["repo.py:7"] == .critical, "self.__backend is cls.__backend")
        #expect(found["repo.py:8"] == .high, "answer is a response")
        let via = try #require(result.findings.first { $0.path == "repo.py" && $0.start.line == 8 }?.via)
        #expect(via.map(\.name) == ["answer", "cls.__backend", "conn"])
        #expect(via.map(\.line) == [7, 5, 4])
    }

    @Test func responseFieldsAreReadOnlyOnBoundNames() throws {
        let result = try scan(["svc.py": """
            import ollama
            import requests
            def ours():
                r = ollama.chat(model="m", messages=[])
                n = r["prompt_eval_count"]
                return r["message"]["content"]
            def theirs():
                r = requests.get(u).json()
                return r["message"]["content"]
            def openai_shape(client):
                r = client.chat.completions.create(model="m", messages=[])
                return r.choices[0].message.content
            """])
        let found = best(result)
        #expect(found["svc.py:5"] == .medium)
        #expect(found["svc.py:6"] == .high)
        #expect(found["svc.py:9"] == nil, "r is rebound to a requests reply in another function")
        #expect(found["svc.py:12"] == nil, "the OpenAI shape is not an Ollama read")
    }

    @Test func aStreamIsIteratedAndItsItemsRead() throws {
        let result = try scan(["pull.py": """
            from ollama import Client
            client = Client()
            stream = client.pull("m", stream=True)
            for part in stream:
                print(part.get("digest"), part.get("other"))
            """])
        let found = derived(result)
        #expect(found["pull.py:4"] == .high)
        #expect(found["pull.py:5"] == .medium)
    }

    @Test func aLoopOverAnImportedFunctionCallBindsItsItem() throws {
        let result = try scan(["dl.py": """
            from ollama import ResponseError, pull
            def download(m):
                for progress in pull(m, stream=True):
                    done = progress.get("completed")
            """])
        #expect(derived(result)["dl.py:4"] == .medium)
    }

    @Test func javaScriptClientsAndResponses() throws {
        let result = try scan(["chat.ts": """
            import { Ollama } from 'ollama'
            const backend = new Ollama({ host })
            export async function ask(model: string) {
              const r = await backend.chat({ model, messages, options: { num_ctx: 4096 } })
              for await (const chunk of await backend.generate({ model, prompt, stream: true })) {
                out += chunk.response
              }
              return r.message.content
            }
            """])
        let found = best(result)
        #expect(found["chat.ts:4"] == .critical)
        #expect(found["chat.ts:6"] == .high, "a loop item of a streamed call is a response")
        #expect(found["chat.ts:8"] == .high)
    }

    @Test func aWrapperFunctionsCallsAreCriticalWithTheirOllamaOnlyArguments() throws {
        let result = try scan(["llm.py": """
            from langchain_ollama import ChatOllama
            def make(**kwargs):
                return ChatOllama(**kwargs)
            LLM = make(
                model="m",
                num_ctx=8192,
                temperature=0,
            )
            """])
        let found = derived(result)
        #expect(found["llm.py:4"] == .critical)
        // ollama-option-keyword reports num_ctx= in any call now; the pass adds nothing there.
        #expect(best(result)["llm.py:6"] == .high, "num_ctx is Ollama's")
        #expect(best(result)["llm.py:7"] == nil, "temperature is everyone's")
        #expect(found["llm.py:2"] == .high, "the definition of a function that hands out a client")
        #expect(found["llm.py:5"] == .medium, "the model it is asked for is an Ollama tag")
    }

    static let wrapperProject = [
        "src/repos/__init__.py": "",
        "src/repos/ollama_repo.py": """
            from ollama import Client
            class OllamaRepo:
                def __init__(self):
                    self.client = Client(host=h)
                def llm_chat(self, prompt):
                    return self.client.chat(model="m", messages=[])
            """,
        "src/services/a.py": """
            from repos.ollama_repo import OllamaRepo
            class A:
                def __init__(self):
                    self.ollama = OllamaRepo()
                def run(self):
                    return self.ollama.llm_chat("hi")
            """,
        "src/services/b.py": """
            from ..repos.ollama_repo import OllamaRepo
            class B:
                @classmethod
                def setup(cls):
                    cls.ollama: OllamaRepo = OllamaRepo()
                def run(self):
                    return self.ollama.llm_chat("hi")
            """,
        "src/services/c.py": """
            from repos import ollama_repo
            def run():
                repo = ollama_repo.OllamaRepo()
                repo.llm_chat("hi")
            """,
        "src/services/unrelated.py": """
            from repos.other import OllamaRepo
            from helpers import llm_chat
            x = OllamaRepo()
            """,
    ]

    @Test func importersOfAWrapperClassAreMedium() throws {
        let result = try scan(Self.wrapperProject)
        let found = derived(result)
        for service in ["a", "b"] {
            #expect(found["src/services/\(service).py:1"] == .medium, "\(service): import")
            #expect(found["src/services/\(service).py:4"] == .medium || found["src/services/\(service).py:5"] == .medium,
                    "\(service): instance")
            #expect(found["src/services/\(service).py:6"] == .medium || found["src/services/\(service).py:7"] == .medium,
                    "\(service): a call through the wrapper")
        }
        #expect(found["src/services/c.py:1"] == .medium)
        #expect(found["src/services/c.py:3"] == .medium)
        #expect(found["src/services/c.py:4"] == .medium)
        #expect(!found.keys.contains { $0.hasPrefix("src/services/unrelated.py") }, "another module's OllamaRepo")
        let call = try #require(result.findings.first { $0.path == "src/services/a.py" && $0.start.line == 6 })
        #expect(call.via.map(\.kind) == ["binding", "import", "definition", "binding"])
        #expect(call.via.last?.path == "src/repos/ollama_repo.py")
        #expect(call.via.last?.line == 4)
    }

    @Test func javaScriptImportsResolveRelativeAndThroughTSConfigPaths() throws {
        let result = try scan([
            "web/tsconfig.json": ##"{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"], "#llm": ["src/lib/llm"], "#shared": ["src/shared"] } } }"##,
            "web/src/lib/llm.ts": "import { Ollama } from 'ollama'\nexport const llm = new Ollama({ host })\n",
            "web/src/shared/index.ts": "import { Ollama } from 'ollama'\nexport const shared = new Ollama({ host })\n",
            "web/src/d.ts": "import { llm } from '#llm'\nawait llm.embed({ model, input })\n",
            "web/src/e.ts": "import { shared } from '#shared'\nawait shared.embed({ model, input })\n",
            "web/src/a.ts": "import { llm } from '@/lib/llm'\nconst r = await llm.chat({ model })\nconsole.log(r.message.content)\n",
            "web/src/b.ts": "import { llm } from './lib/llm'\nawait llm.embed({ model, input })\n",
            "web/src/c.ts": "import { llm } from 'llm'\nawait llm.embed({ model, input })\n",
        ])
        let found = derived(result)
        #expect(found["web/src/a.ts:1"] == .medium)
        #expect(found["web/src/a.ts:2"] == .medium)
        #expect(found["web/src/a.ts:3"] == .high, "the reply is still Ollama's shape")
        #expect(found["web/src/b.ts:2"] == .medium)
        #expect(found["web/src/c.ts:1"] == nil, "a package, not the local module")
        // An alias whose name is not the file's (no stem key matches): through `paths` alone.
        #expect(found["web/src/d.ts:2"] == .medium)
        #expect(found["web/src/e.ts:2"] == .medium, "an alias to a folder means its index file")
    }

    /// tsc's own leniencies: whole-line `//` comments and trailing commas. `"@/*"` holds a
    /// comment opener that is no comment, and a comma before a value stays.
    @Test func aTSConfigWithCommentsAndTrailingCommasIsRead() throws {
        let text = """
        {
          // aliases
          "compilerOptions": {
            "baseUrl": "./src",
            	// "paths": {},
            "paths": { "@/*": ["lib/*", "app/*",], "#x": ["x"] ,
            },
          },
        }
        """
        #expect(String(decoding: TSConfig.strict(Array(text.utf8)), as: UTF8.self) == """
        {

          "compilerOptions": {
            "baseUrl": "./src",

            "paths": { "@/*": ["lib/*", "app/*"], "#x": ["x"] 
            }
          }
        }
        """)
        let config = try #require(TSConfig.parse(Array(text.utf8), path: "web/tsconfig.json"))
        #expect(config.folder == "web")
        #expect(config.baseURL == "src")
        #expect(config.paths.map(\.pattern) == ["#x", "@/*"])
        #expect(config.paths.last?.targets == ["lib/*", "app/*"])
    }

    @Test func derivedFindingsDoNotDependOnTheThreadCount() throws {
        var files = Self.wrapperProject
        for i in 0..<24 { files["src/services/s\(i).py"] = files["src/services/a.py"]! }
        let one = try scan(files, threads: 1)
        let four = try scan(files, threads: 4)
        #expect(one.findings == four.findings)
        #expect(one.findings.filter { !$0.via.isEmpty }.count > 24 * 3)
    }

    @Test func suppressionsApplyToDerivedFindings() throws {
        var files = Self.wrapperProject
        files["src/services/a.py"] = files["src/services/a.py"]!.replacingOccurrences(
            of: "return self.ollama.llm_chat(\"hi\")",
            with: "return self.ollama.llm_chat(\"hi\")  # ollama-audit: ignore[python-ollama-client-binding] -- reviewed")
        let result = try scan(files)
        #expect(derived(result)["src/services/a.py:6"] == nil)
        #expect(result.suppressed.contains { $0.path == "src/services/a.py" && $0.start.line == 6 })
        #expect(result.suppressions.contains { $0.path == "src/services/a.py" && $0.used })
    }
}
