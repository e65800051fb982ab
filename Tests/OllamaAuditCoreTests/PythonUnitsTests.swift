import AuditTestSupport
import Fix
import Foundation
import Testing

/// Python's ollama client code as migration units: each unit is rewritten whole, or left
/// byte for byte as it was and reported manual with the reason (never half-migrated).
@Suite struct PythonUnitsTests {
    /// The file after the units' edits, and the units.
    static func migrate(_ source: String) -> (text: String, units: [MigrationUnit]) {
        guard let plan = PythonClientUnits.plan(Array(source.utf8)) else { return (source, []) }
        let bytes = Fixer.applyUnitEdits(plan.edits, to: Array(source.utf8), newline: "\n")
        return (String(decoding: bytes, as: UTF8.self), plan.units)
    }

    /// Whether python3 parses `text`.
    static func parses(_ text: String) throws -> Bool {
        let file = try TestSupport.makeTemporaryDirectory("py-units") + "/m.py"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try TestSupport.run(["python3", "-c", "import ast,sys; ast.parse(open(sys.argv[1]).read())", file],
                                         executable: "/usr/bin/env")
        return result.status == 0
    }

    /// The names pyflakes reports undefined in `text` (pyflakes comes with `make test-deps`).
    static func undefinedNames(_ text: String) throws -> [String] {
        let file = try TestSupport.makeTemporaryDirectory("py-units") + "/m.py"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try TestSupport.run(["python3", "-m", "pyflakes", file], executable: "/usr/bin/env")
        #expect(!result.stderr.contains("No module named"), "pyflakes is missing: \(result.stderr)")
        return result.stdout.split(separator: "\n").filter { $0.contains("undefined name") }.map(String.init)
    }

    static let client = """
        from ollama import Client, ResponseError

        client = Client(host="http://gpu:11434")


        def ask(q):
            try:
                r = client.chat(model="m", messages=[{"role": "user", "content": q}], options={"num_predict": 8})
            except ResponseError as e:
                return e.error
            return r["message"]["content"]


        def names():
            return [m["name"] for m in client.list()["models"]]

        """

    @Test func aClientWithItsCallsAndReadsIsRewrittenWhole() throws {
        let (text, units) = Self.migrate(Self.client)
        #expect(units.allSatisfy { $0.manual == nil }, "\(units)")
        #expect(text == """
            import os
            import openai
            from openai import OpenAI

            client = OpenAI(base_url="http://gpu:8000/v1", api_key=os.environ.get("OPENAI_API_KEY", "EMPTY"))


            def ask(q):
                try:
                    r = client.chat.completions.create(model="m", messages=[{"role": "user", "content": q}], max_tokens=8)
                except openai.APIStatusError as e:
                    return e.message
                return r.choices[0].message.content


            def names():
                return [m.id for m in client.models.list().data]

            """)
        #expect(try Self.parses(text))
    }

    @Test func oneCallThatCannotBeRewrittenLeavesTheWholeClientUntouched() throws {
        // tools= takes Python functions on ollama and schemas on openai: no confident rewrite.
        let source = Self.client + """
            def tooled(q):
                return client.chat(model="m", messages=q, tools=[ask])

            """
        let (text, units) = Self.migrate(source)
        #expect(text == source, "the client, its other calls, the handler and the import are all left as they were")
        let unit = try #require(units.first { $0.subject.hasPrefix("client `client`") })
        #expect(unit.manual?.contains("tools=") == true, "\(unit)")
        let failing = try #require(source.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("tools=") }) + 1
        #expect(unit.lines.contains(3) && unit.lines.contains(failing), "the unit names its construction and the failing call: \(unit.lines)")
        // The handler guards a call that stays: it stays too, and says why.
        #expect(units.contains { $0.subject.contains("handler") && $0.manual != nil })
    }

    @Test func aReadWithNoOpenAIFormLeavesItsCallAndClientUntouched() {
        let source = """
            import ollama
            c = ollama.Client(host=h)
            r = c.chat(model="m", messages=[])
            print(r["message"]["images"])

            """
        let (text, units) = Self.migrate(source)
        #expect(text == source)
        #expect(units.count == 1 && units[0].manual?.contains("images") == true, "\(units)")
    }

    @Test func moduleCallsAreUnitsOfTheirOwnAndTheImportStaysWhileOneIsLeft() throws {
        let source = """
            import ollama

            a = ollama.chat(model="m", messages=[])["message"]["content"]
            b = ollama.generate(model="m", prompt="p", raw=True)

            """
        let (text, units) = Self.migrate(source)
        #expect(text == """
            import ollama
            import os
            from openai import OpenAI
            openai_client = OpenAI(base_url=os.environ.get("OPENAI_BASE_URL", "http://localhost:8000/v1"), api_key=os.environ.get("OPENAI_API_KEY", "EMPTY"))

            a = openai_client.chat.completions.create(model="m", messages=[]).choices[0].message.content
            b = ollama.generate(model="m", prompt="p", raw=True)

            """)
        #expect(units.map { $0.manual == nil } == [true, false], "\(units)")
        #expect(units[1].manual?.contains("raw=") == true)
        #expect(try Self.parses(text))
    }

    @Test func streamsAreReadThroughTheirChunksWithTheEmptyChoicesGuard() {
        let source = """
            from ollama import AsyncClient


            async def run(p):
                client = AsyncClient()
                async for part in await client.generate(model="m", prompt=p, stream=True):
                    if part.get("done"):
                        break
                    print(part["response"], end="")

            """
        let (text, units) = Self.migrate(source)
        #expect(units.allSatisfy { $0.manual == nil }, "\(units)")
        #expect(text.contains(#"async for part in await client.chat.completions.create(model="m", messages=[{"role": "user", "content": p}], stream=True):"#))
        #expect(text.contains(#"if bool(part.choices and part.choices[0].finish_reason):"#))
        #expect(text.contains(#"print((part.choices[0].delta.content or "") if part.choices else "", end="")"#))
        #expect(text.contains(#"client = AsyncOpenAI(base_url=os.environ.get("OPENAI_BASE_URL", "http://localhost:8000/v1"), api_key="#))
    }

    @Test func aHandlerAroundARewrittenCallMovesToOpenAIsErrors() {
        let source = """
            import httpx
            import ollama


            def f():
                try:
                    ollama.embed(model="e", input="x")
                except (ollama.ResponseError, httpx.ConnectError) as exc:
                    print(exc.status_code, exc.error)

            """
        let (text, _) = Self.migrate(source)
        #expect(text.contains("except (openai.APIStatusError, openai.APIConnectionError) as exc:"))
        #expect(text.contains("print(exc.status_code, exc.message)"))
        #expect(!text.contains("import ollama"))
    }

    @Test func aFileWithoutOllamaIsNotPlanned() {
        #expect(PythonClientUnits.plan(Array("import openai\n".utf8)) == nil)
        // A word in a string or a comment is not an import.
        let plan = PythonClientUnits.plan(Array("# import ollama\nx = 'from ollama import chat'\n".utf8))
        #expect(plan == nil || (plan!.edits.isEmpty && plan!.units.isEmpty))
    }

    @Test func langChainsChatOllamaMovesWithItsImportAndEveryUse() throws {
        let source = """
            from langchain_ollama import ChatOllama


            def make() -> ChatOllama:
                return ChatOllama(model="m", base_url="http://gpu:11434", num_predict=64, keep_alive="5m")

            """
        let (text, units) = Self.migrate(source)
        #expect(units.count == 1 && units[0].manual == nil, "\(units)")
        #expect(text == """
            from langchain_openai import ChatOpenAI
            import os


            def make() -> ChatOpenAI:
                return ChatOpenAI(model="m", base_url="http://gpu:8000/v1", api_key=os.environ.get("OPENAI_API_KEY", "EMPTY"), max_tokens=64)

            """)
        #expect(units[0].notes.contains { $0.hasPrefix("keep_alive=") })
        #expect(try Self.parses(text))

        // One construction whose arguments come from elsewhere leaves the class, its import
        // and its other uses as they were.
        let unpacked = source + "\n\ndef other(**kw):\n    return ChatOllama(**kw)\n"
        let (same, manual) = Self.migrate(unpacked)
        #expect(same == unpacked)
        #expect(manual.first?.manual?.contains("**") == true, "\(manual)")

        // The class tested with isinstance: an object made in another file may still be ChatOllama.
        let tested = source + "\n\ndef local(llm):\n    return isinstance(llm, ChatOllama)\n"
        let (kept, testedUnits) = Self.migrate(tested)
        #expect(kept == tested)
        #expect(testedUnits.first?.manual?.contains("isinstance") == true, "\(testedUnits)")
    }

    @Test func neighbouringDroppedKeywordsGoTogether() throws {
        // Each removal alone would take the comma between them: they are one removal.
        let (text, units) = Self.migrate("""
            from langchain_ollama import ChatOllama

            llm = ChatOllama(model="m", num_ctx=1, keep_alive="5m")

            """)
        #expect(units.count == 1 && units[0].manual == nil, "\(units)")
        #expect(text.contains(#"llm = ChatOpenAI(model="m", base_url=os.environ.get("OPENAI_BASE_URL", "http://localhost:8000/v1"), api_key="#), "\(text)")
        #expect(try Self.parses(text))
    }

    @Test func optionsBuiltAtRunTimeAreMappedByAHelperTheFileGains() throws {
        let source = """
            from ollama import Client

            client = Client(host="http://localhost:11434")
            OPTS = {"temperature": 0.1, "num_ctx": 8192, "top_k": 20}


            def ask(messages):
                return client.chat(model="m", messages=messages, options=OPTS).message.content

            """
        let (text, units) = Self.migrate(source)
        #expect(units.allSatisfy { $0.manual == nil }, "\(units)")
        #expect(text.contains("client.chat.completions.create(model=\"m\", messages=messages, **_openai_options(OPTS)).choices[0].message.content"))
        #expect(text.contains("base_url=\"http://localhost:8000/v1\""))
        #expect(try Self.parses(text))
        // The helper maps the way the literal case does.
        let script = text + "\nprint(_openai_options(OPTS))\n"
        let file = try TestSupport.makeTemporaryDirectory("py-units") + "/h.py"
        try script.replacingOccurrences(of: "from openai import OpenAI", with: "OpenAI = lambda **k: None")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let run = try TestSupport.run(["python3", file], executable: "/usr/bin/env")
        #expect(run.stdout == "{'temperature': 0.1, 'extra_body': {'top_k': 20}}\n", "\(run.stdout)\(run.stderr)")
    }

    @Test func aClientKeptOnTheClassIsFollowedThroughItsAttribute() {
        let source = """
            from ollama import Client


            class Repo:
                def __new__(cls):
                    c = Client(host="http://h:11434")
                    cls.__client = c
                    return super().__new__(cls)

                def ask(self, m):
                    return self.__client.chat(model="m", messages=m)["message"]["content"]

                def close(self):
                    self.__client._client.close()

            """
        let (text, units) = Self.migrate(source)
        #expect(units.allSatisfy { $0.manual == nil }, "\(units)")
        #expect(text.contains("return self.__client.chat.completions.create(model=\"m\", messages=m).choices[0].message.content"))
        #expect(text.contains("self.__client._client.close()"))
    }

    static let llamaIndexLLM = """
        from typing import Optional

        from llama_index.core import Settings
        from llama_index.llms.ollama import Ollama


        def make(model: str, cached: Optional[Ollama] = None) -> Ollama:
            return cached or Ollama(
                model=model,
                base_url="http://gpu:11434",
                request_timeout=120.0,
                temperature=0.2,
                keep_alive="10m",
                additional_kwargs={"num_predict": 256, "top_k": 20, "num_ctx": 8192},
            )


        Settings.llm = make("m")

        """

    @Test func llamaIndexsOllamaBecomesOpenAILikeWithItsImportAndEveryUse() throws {
        let (text, units) = Self.migrate(Self.llamaIndexLLM)
        #expect(units.count == 1 && units[0].manual == nil, "\(units)")
        #expect(units.first?.subject == "LlamaIndex's `Ollama`")
        #expect(text == """
            from typing import Optional

            from llama_index.core import Settings
            from llama_index.llms.openai_like import OpenAILike
            import os


            def make(model: str, cached: Optional[OpenAILike] = None) -> OpenAILike:
                return cached or OpenAILike(
                    model=model,
                    api_base="http://gpu:8000/v1", api_key=os.environ.get("OPENAI_API_KEY", "EMPTY"),
                    timeout=120.0,
                    temperature=0.2,
                    additional_kwargs={"max_tokens": 256, "extra_body": {"top_k": 20}}, is_chat_model=True,
                )


            Settings.llm = make("m")

            """)
        let notes = units.first?.notes ?? []
        #expect(notes.contains { $0.hasPrefix("keep_alive=\"10m\" dropped") }, "\(notes)")
        #expect(notes.contains { $0.contains("num_ctx") && $0.contains("--max-model-len") }, "\(notes)")
        // Ollama's class said True, OpenAILike says False: a human decides, with the server.
        #expect(notes.contains { $0.hasPrefix("is_function_calling_model not set") }, "\(notes)")
        #expect(!notes.contains { $0.hasPrefix("temperature not set") }, "\(notes)")
        #expect(try Self.parses(text))
        #expect(try Self.undefinedNames(text).isEmpty)
    }

    @Test func llamaIndexsOllamaWithoutABaseReadsOpenAIBaseURLAndMapsRunTimeOptions() throws {
        let source = """
            from llama_index.llms.ollama import Ollama

            OPTS = {"num_predict": 64, "repeat_penalty": 1.1}
            llm = Ollama(model="m", additional_kwargs=OPTS)

            """
        let (text, units) = Self.migrate(source)
        #expect(units.count == 1 && units[0].manual == nil, "\(units)")
        #expect(text.contains(#"llm = OpenAILike(model="m", additional_kwargs=_openai_options(OPTS), api_base=os.environ.get("OPENAI_BASE_URL", "http://localhost:8000/v1"), api_key=os.environ.get("OPENAI_API_KEY", "EMPTY"), is_chat_model=True)"#),
                "\(text)")
        #expect(units[0].notes.contains { $0.hasPrefix("temperature not set") }, "\(units[0].notes)")
        #expect(try Self.undefinedNames(text).isEmpty)
        // The helper gives OpenAILike's request body OpenAI's names and vLLM's own in extra_body.
        let file = try TestSupport.makeTemporaryDirectory("py-units") + "/li.py"
        try (text.replacingOccurrences(of: "from llama_index.llms.openai_like import OpenAILike", with: "OpenAILike = lambda **k: k")
             + "\nprint(llm[\"additional_kwargs\"])\n").write(toFile: file, atomically: true, encoding: .utf8)
        let run = try TestSupport.run(["python3", file], executable: "/usr/bin/env")
        #expect(run.stdout == "{'max_tokens': 64, 'extra_body': {'repetition_penalty': 1.1}}\n", "\(run.stdout)\(run.stderr)")
    }

    @Test func oneUseOfLlamaIndexsOllamaThatCannotMoveLeavesTheWholeClassUntouched() throws {
        let cases: [(added: String, reason: String)] = [
            ("def strict(m):\n    return Ollama(model=m, json_mode=True)\n", "json_mode"),
            ("def thinking(m):\n    return Ollama(model=m, thinking=True)\n", "thinking"),
            ("def other(**kw):\n    return Ollama(**kw)\n", "**"),
            ("def unknown(m):\n    return Ollama(model=m, prompt_key=\"p\")\n", "prompt_key"),
            ("def computed(m, url):\n    return Ollama(model=m, base_url=url)\n", "base_url=url is computed at run time"),
            ("def tuned(m):\n    return Ollama(model=m, additional_kwargs={\"tfs_z\": 1.0})\n", "tfs_z"),
            ("Ollama.chat = staticmethod(print)\n", "used as a class"),
            ("def local(llm):\n    return isinstance(llm, Ollama)\n", "used as a class"),
            ("class Mine(Ollama):\n    pass\n", "used as a class"),
            ("if Settings.llm:\n    pass\nelse: Ollama.chat = staticmethod(print)\n", "used as a class"),
            ("def pulled(m):\n    llm = Ollama(model=m)\n    return llm.client.pull(m)\n", "`llm.client` is an attribute only `Ollama` has"),
        ]
        for (added, reason) in cases {
            let source = Self.llamaIndexLLM + "\n\n" + added
            let (text, units) = Self.migrate(source)
            #expect(text == source, "the import, the constructions and the annotations all stay: \(added)")
            #expect(units.count == 1 && units[0].manual?.contains(reason) == true, "\(added): \(units)")
        }
    }

    static let llamaIndexEmbedding = """
        from llama_index.core import Settings


        def configure(batch):
            try:
                from llama_index.embeddings.ollama import (  # type: ignore
                    OllamaEmbedding,
                )
            except ImportError as e:
                raise ImportError("pip install llama-index-embeddings-ollama") from e
            Settings.embed_model = OllamaEmbedding(model_name="nomic-embed-text", embed_batch_size=batch, ollama_additional_kwargs={}, keep_alive=0)


        def query_model():
            from llama_index.embeddings.ollama import OllamaEmbedding
            return OllamaEmbedding(model_name="nomic-embed-text", base_url="localhost")

        """

    @Test func llamaIndexsOllamaEmbeddingBecomesOpenAILikeEmbeddingInEachImport() throws {
        let (text, units) = Self.migrate(Self.llamaIndexEmbedding)
        #expect(units.count == 1 && units[0].manual == nil, "\(units)")
        #expect(units.first?.subject == "LlamaIndex's `OllamaEmbedding`")
        #expect(text == """
            from llama_index.core import Settings
            import os


            def configure(batch):
                try:
                    from llama_index.embeddings.openai_like import OpenAILikeEmbedding
                except ImportError as e:
                    raise ImportError("pip install llama-index-embeddings-ollama") from e
                Settings.embed_model = OpenAILikeEmbedding(model_name="nomic-embed-text", embed_batch_size=batch, api_base=os.environ.get("OPENAI_BASE_URL", "http://localhost:8000/v1"), api_key=os.environ.get("OPENAI_API_KEY", "EMPTY"))


            def query_model():
                from llama_index.embeddings.openai_like import OpenAILikeEmbedding
                return OpenAILikeEmbedding(model_name="nomic-embed-text", api_base="http://localhost:8000/v1", api_key=os.environ.get("OPENAI_API_KEY", "EMPTY"))

            """)
        #expect(units.first?.notes.contains { $0.hasPrefix("keep_alive=0 dropped") } == true, "\(units)")
        #expect(try Self.parses(text))
        #expect(try Self.undefinedNames(text).isEmpty)
    }

    @Test func oneUseOfLlamaIndexsOllamaEmbeddingThatCannotMoveLeavesTheWholeClassUntouched() throws {
        let cases: [(added: String, reason: String)] = [
            ("def tuned():\n    from llama_index.embeddings.ollama import OllamaEmbedding\n    return OllamaEmbedding(model_name=\"e\", ollama_additional_kwargs={\"num_ctx\": 2048})\n",
             "ollama_additional_kwargs"),
            ("def prefixed():\n    from llama_index.embeddings.ollama import OllamaEmbedding\n    return OllamaEmbedding(model_name=\"e\", query_instruction=\"q: \")\n",
             "prefix the texts by hand"),
            ("def positional():\n    from llama_index.embeddings.ollama import OllamaEmbedding\n    return OllamaEmbedding(\"e\")\n", "positional"),
            ("def shared():\n    from llama_index.embeddings.ollama import OllamaEmbedding, OllamaEmbeddingMode\n    return OllamaEmbedding(model_name=\"e\")\n",
             "also imports names with no OpenAI counterpart"),
            ("def reads():\n    from llama_index.embeddings.ollama import OllamaEmbedding\n    e = OllamaEmbedding(model_name=\"e\")\n    return e.base_url\n",
             "`e.base_url` is an attribute only"),
        ]
        for (added, reason) in cases {
            let source = Self.llamaIndexEmbedding + "\n\n" + added
            let (text, units) = Self.migrate(source)
            #expect(text == source, "every import and construction stays: \(added)")
            #expect(units.count == 1 && units[0].manual?.contains(reason) == true, "\(added): \(units)")
        }
    }
}
