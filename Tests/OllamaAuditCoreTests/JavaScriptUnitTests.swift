@testable import Fix
import Testing

/// The ollama-js migration units (Sources/Fix/JavaScript): each unit kind rewritten whole, and
/// left byte-identical, as a manual item with its reason, when one of its parts cannot be.
@Suite struct JavaScriptUnitTests {
    static func fixed(_ source: String) -> (text: String, units: [MigrationUnit]) {
        let bytes = Array(source.utf8)
        guard let plan = JavaScriptClientUnits.plan(bytes) else { return (source, []) }
        return (String(decoding: Fixer.applyUnitEdits(plan.edits, to: bytes, newline: "\n"), as: UTF8.self), plan.units)
    }

    // MARK: a client with its calls

    @Test func clientWithItsCallsIsRewrittenWhole() {
        let source = """
            import { Ollama } from 'ollama'
            const client = new Ollama({ host: 'http://gpu:8000/v1' })
            async function ask(messages) {
              const r = await client.chat({ model: 'm', messages, options: { temperature: 0.2, num_predict: 64 }, keep_alive: '5m' })
              return r.message.content + ` (${r.eval_count} tokens)`
            }

            """
        let (text, units) = Self.fixed(source)
        #expect(text == """
            import OpenAI from 'openai'
            const client = new OpenAI({ baseURL: 'http://gpu:8000/v1', apiKey: process.env.OPENAI_API_KEY ?? 'EMPTY' })
            async function ask(messages) {
              const r = await client.chat.completions.create({ model: 'm', messages, temperature: 0.2, max_tokens: 64 })
              return r.choices[0].message.content + ` (${r.usage?.completion_tokens} tokens)`
            }

            """)
        #expect(units.count == 1)
        #expect(units.first?.manual == nil)
        #expect(units.first?.notes.contains { $0.hasPrefix("keep_alive dropped") } == true)
    }

    @Test func aClientWithOneCallThatCannotBeRewrittenIsLeftWhole() {
        let source = """
            import { Ollama } from 'ollama'
            const client = new Ollama()
            const a = await client.chat({ model: 'm', messages })
            console.log(a.message.content)
            const b = await client.chat({ model: 'm', messages, think: true })

            """
        let (text, units) = Self.fixed(source)
        #expect(text == source)
        #expect(units.count == 1)
        #expect(units.first?.manual?.contains("line 5: think has no openai-node parameter") == true)
    }

    // MARK: the default instance

    @Test func moduleCallIsRewrittenOnOneModuleClient() {
        let source = """
            import ollama from 'ollama';

            export async function vectors(texts: string[]) {
              const r = await ollama.embed({ model: 'e', input: texts });
              return r.embeddings.length;
            }

            """
        let (text, units) = Self.fixed(source)
        #expect(text == """
            import OpenAI from 'openai';
            const openai = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL ?? 'http://localhost:8000/v1', apiKey: process.env.OPENAI_API_KEY ?? 'EMPTY' });

            export async function vectors(texts: string[]) {
              const r = await openai.embeddings.create({ model: 'e', input: texts });
              return r.data.map((d) => d.embedding).length;
            }

            """)
        #expect(units.map(\.manual) == [nil])
    }

    @Test func moduleCallWithAFieldOpenAILacksIsLeftWhole() {
        let source = """
            import ollama from 'ollama'
            const r = await ollama.generate({ model: 'm', prompt: p, suffix: s })
            console.log(r.response)

            """
        let (text, units) = Self.fixed(source)
        #expect(text == source)
        #expect(units.count == 1)
        #expect(units.first?.manual?.contains("generate({ suffix }) has no counterpart") == true)
    }

    // MARK: imports

    @Test func importKeepsTheNamesStillUsed() {
        // A type use of `Ollama` stays: the import keeps it, beside openai's.
        let source = """
            import { Ollama, type Message } from 'ollama'
            let cached: Ollama | null = null
            const history: Message[] = []
            const c = new Ollama()
            const r = await c.list()
            const names = r.models.map((m) => m.name)

            """
        let (text, units) = Self.fixed(source)
        #expect(text == """
            import { Ollama, type Message } from 'ollama'
            import OpenAI from 'openai'
            let cached: Ollama | null = null
            const history: Message[] = []
            const c = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL ?? 'http://localhost:8000/v1', apiKey: process.env.OPENAI_API_KEY ?? 'EMPTY' })
            const r = await c.models.list()
            const names = r.data.map((m) => m.id)

            """)
        #expect(units.map(\.manual) == [nil])
    }

    @Test func importOfAManualUnitStaysAsItIs() {
        let source = """
            const { Ollama } = require('ollama')
            class Provider {
              constructor() { this.client = new Ollama({ host: 'http://h:11434' }) }
            }

            """
        let (text, units) = Self.fixed(source)
        #expect(text == source)
        #expect(units.first?.manual?.contains("stored on an object (`this.client`)") == true)
    }

    @Test func requireIsRewrittenToOpenAIsRequire() {
        let source = """
            const { Ollama } = require("ollama");
            const llm = new Ollama({ host: base, headers });
            module.exports = async (q) => {
              const out = await llm.generate({ model: "m", system: "Be brief.", prompt: q });
              return out.response;
            };

            """
        let (text, _) = Self.fixed(source)
        #expect(text == """
            const { OpenAI } = require("openai");
            const llm = new OpenAI({ baseURL: base, apiKey: process.env.OPENAI_API_KEY ?? 'EMPTY', defaultHeaders: headers });
            module.exports = async (q) => {
              const out = await llm.chat.completions.create({ model: "m", messages: [{ role: 'system', content: "Be brief." }, { role: 'user', content: q }] });
              return out.choices[0].message.content;
            };

            """)
    }

    // MARK: stream loops

    @Test func streamLoopIsRewrittenWhole() {
        let source = """
            import ollama from 'ollama/browser'
            const stream = await ollama.chat({ model: 'm', messages, stream: true })
            for await (const part of stream) {
              out += part.message.content
              if (part.done) break
            }

            """
        let (text, units) = Self.fixed(source)
        #expect(text == """
            import OpenAI from 'openai'
            const openai = new OpenAI({ baseURL: 'http://localhost:8000/v1', apiKey: 'EMPTY', dangerouslyAllowBrowser: true })
            const stream = await openai.chat.completions.create({ model: 'm', messages, stream: true })
            for await (const part of stream) {
              out += (part.choices[0]?.delta?.content ?? '')
              if ((part.choices[0]?.finish_reason != null)) break
            }

            """)
        #expect(units.first?.notes.contains(JavaScriptForms.browserNote) == true)
    }

    @Test func streamLoopReadingThinkingIsLeftWhole() {
        let source = """
            import ollama from 'ollama'
            const stream = await ollama.chat({ model: 'm', messages, stream: true })
            for await (const part of stream) {
              out += part.message.content
              thoughts += part.message.thinking
            }

            """
        let (text, units) = Self.fixed(source)
        #expect(text == source)
        #expect(units.first?.manual?.contains("ollama's message has no known OpenAI form") == true)
    }

    @Test func pullLoopBecomesAnError() {
        let source = """
            import ollama from 'ollama'
            async function main() {
              for await (const p of await ollama.pull({ model: 'm', stream: true })) {
                console.log(p.status)
              }
            }

            """
        let (text, units) = Self.fixed(source)
        #expect(text == """
            async function main() {
              \(JavaScriptForms.administrationError("pull"))
            }

            """)
        #expect(units.map(\.manual) == [nil])
    }

    /// A quote inside a regular expression literal is not a string: the call after it is read.
    @Test func regexLiteralsAreNotStrings() {
        let source = """
            import ollama from 'ollama'
            const clean = (s) => s.replace(/'/g, '')
            await ollama.pull({ model: 'm' })

            """
        let (text, _) = Self.fixed(source)
        #expect(text.contains("throw new Error(\"ollama's pull"))
        #expect(!text.contains("ollama.pull"))
    }

    /// A catch around rewritten calls reads openai-node's error fields, once for two calls.
    @Test func theCatchAroundRewrittenCallsReadsOpenAIErrorFields() {
        let source = """
            import ollama from 'ollama'
            export async function ask(messages) {
              try {
                const a = await ollama.chat({ model: 'm', messages })
                const b = await ollama.chat({ model: 'm', messages })
                return a.message.content + b.message.content
              } catch (err) {
                const status = (err as { status_code?: number }).status_code
                throw new Error(`${status}: ${err.error}`)
              }
            }

            """
        let (text, units) = Self.fixed(source)
        #expect(units.allSatisfy { $0.manual == nil }, "\(units)")
        #expect(text.contains("const status = (err as { status?: number }).status"), "\(text)")
        #expect(text.contains("${err.message}"), "\(text)")
    }
}
