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
}
