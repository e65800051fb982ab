import AuditTestSupport
@testable import Fix
import Foundation
import Testing

/// LangChain.js's Ollama classes and the AI SDK's Ollama providers as units
/// (Sources/Fix/JavaScript/JavaScriptFrameworkUnits.swift): the import, every construction and
/// every use rewritten together, or all of it left byte for byte with the reason.
extension JavaScriptUnitTests {
    /// Whether node parses `text` as an ES module (the inputs here are plain JavaScript, so the
    /// check needs no TypeScript parser).
    static func parses(_ text: String) throws -> Bool {
        let file = try TestSupport.makeTemporaryDirectory("js-units") + "/m.mjs"
        defer { TestSupport.removeTree((file as NSString).deletingLastPathComponent) }
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try TestSupport.run(["node", "--check", file], executable: "/usr/bin/env")
        return result.status == 0
    }

    // MARK: LangChain.js

    static let langChain = """
        import { ChatOllama, OllamaEmbeddings } from '@langchain/ollama'

        export const llm = new ChatOllama({
          model: 'llama3.1',
          baseUrl: 'http://gpu:11434',
          temperature: 0,
          numPredict: 256,
          numCtx: 8192,
        })
        export const embeddings = new OllamaEmbeddings({ model: 'nomic-embed-text', keepAlive: '5m' })
        export const isChat = (m) => m instanceof ChatOllama

        """

    @Test func langChainClassesMoveWithTheirImportAndEveryUse() throws {
        #expect(try Self.parses(Self.langChain), "the input itself parses")
        let (text, units) = Self.fixed(Self.langChain)
        #expect(text == """
            import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai'

            export const llm = new ChatOpenAI({
              model: 'llama3.1',
              configuration: { baseURL: 'http://gpu:8000/v1' },
              temperature: 0,
              maxTokens: 256,
              apiKey: process.env.OPENAI_API_KEY ?? 'EMPTY',
            })
            export const embeddings = new OpenAIEmbeddings({ model: 'nomic-embed-text', configuration: { baseURL: process.env.OPENAI_BASE_URL ?? 'http://localhost:8000/v1' }, apiKey: process.env.OPENAI_API_KEY ?? 'EMPTY' })
            export const isChat = (m) => m instanceof ChatOpenAI

            """)
        #expect(try Self.parses(text))
        #expect(units.map(\.subject) == ["LangChain's `ChatOllama`", "LangChain's `OllamaEmbeddings`"])
        #expect(units.allSatisfy { $0.manual == nil }, "\(units)")
        #expect(units[0].notes.contains("numCtx: 8192 dropped: a server setting on vLLM (--max-model-len)"), "\(units[0].notes)")
        #expect(units[1].notes.contains { $0.hasPrefix("keepAlive: '5m' dropped") }, "\(units[1].notes)")
    }

    @Test func aLangChainConstructionWithASpreadLeavesTheClassWhole() {
        // The second construction takes its options from elsewhere: the first, the import and
        // the other class of the import stay too.
        let source = Self.langChain + "export const tuned = (opts) => new ChatOllama({ model: 'm', ...opts })\n"
        let (text, units) = Self.fixed(source)
        #expect(text == source)
        #expect(units.count == 2)
        #expect(units[0].manual == "line 12: a setting of new ChatOllama(…) is not a plain `key: value` (a spread or a computed key), so the settings cannot be mapped one by one",
                "\(units)")
        #expect(units[1].manual?.contains("it shares its import with LangChain's `ChatOllama`, which is left as it is") == true, "\(units)")
    }

    @Test func langChainFormatAndRunTimeBaseURLsAreLeftToAHuman() {
        let json = "import { ChatOllama } from '@langchain/ollama'\nconst llm = new ChatOllama({ model: 'm', format: 'json' })\n"
        #expect(Self.fixed(json).text == json)
        #expect(Self.fixed(json).units.first?.manual?.contains("format asks Ollama for JSON") == true)
        let computed = "import { ChatOllama } from '@langchain/ollama'\nconst llm = new ChatOllama({ model: 'm', baseUrl: process.env.OLLAMA_HOST })\n"
        #expect(Self.fixed(computed).text == computed)
        #expect(Self.fixed(computed).units.first?.manual == "line 2: baseUrl: process.env.OLLAMA_HOST is computed at run time; point it at the vLLM server's /v1 base by hand")
    }

    /// chat-ollama imports a ChatOpenAI of its own: the class cannot come from @langchain/openai.
    @Test func aTargetNameTakenByAnotherImportLeavesTheUnit() {
        let source = """
            import { ChatOpenAI } from '~/server/models/openai'
            import { ChatOllama } from '@langchain/ollama'
            const a = new ChatOllama({ model: 'm' })

            """
        let (text, units) = Self.fixed(source)
        #expect(text == source)
        #expect(units.first?.manual == "line 2: `ChatOpenAI` names something else in this file")
    }

    @Test func aCommunityImportAndAnAliasedClassKeepTheirShape() throws {
        let source = """
            const { ChatOllama: Chat } = require("@langchain/community/chat_models/ollama");
            const llm = new Chat({ model: "m", numPredict });

            """
        let (text, units) = Self.fixed(source)
        #expect(text == """
            const { ChatOpenAI: Chat } = require("@langchain/openai");
            const llm = new Chat({ model: "m", maxTokens: numPredict, configuration: { baseURL: process.env.OPENAI_BASE_URL ?? 'http://localhost:8000/v1' }, apiKey: process.env.OPENAI_API_KEY ?? 'EMPTY' });

            """)
        #expect(try Self.parses(text))
        #expect(units.first?.notes.contains(JavaScriptFrameworkForms.communityNote) == true)
    }

    /// chat-ollama's chat route imports ChatOllama and never uses it: the import goes, and no
    /// @langchain/openai import comes in that the manifest may not have yet.
    @Test func anUnusedClassLosesItsImport() {
        let source = "import { ChatOllama } from '@langchain/ollama'\nimport { tool } from '@langchain/core/tools'\n"
        let (text, units) = Self.fixed(source)
        #expect(text == "import { tool } from '@langchain/core/tools'\n")
        #expect(units.map(\.manual) == [nil])
        #expect(units.first?.notes == ["not used in this file: its import goes"])
    }

    // MARK: the AI SDK

    @Test func anAISDKProviderMovesWithItsImportAndEveryModel() throws {
        let source = """
            import { createOllama } from 'ollama-ai-provider';
            import { streamText, embed } from 'ai';

            const ollama = createOllama({ baseURL: 'http://gpu:11434/api' });

            export async function answer(messages) {
              const result = await streamText({ model: ollama('llama3.1', { numCtx: 8192 }), messages });
              const { embedding } = await embed({ model: ollama.embedding('nomic-embed-text'), value: 'x' });
              return [result, embedding];
            }

            """
        #expect(try Self.parses(source), "the input itself parses")
        let (text, units) = Self.fixed(source)
        #expect(text == """
            import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
            import { streamText, embed } from 'ai';

            const vllm = createOpenAICompatible({ baseURL: 'http://gpu:8000/v1', name: 'vllm', apiKey: process.env.OPENAI_API_KEY ?? 'EMPTY' });

            export async function answer(messages) {
              const result = await streamText({ model: vllm('llama3.1'), messages });
              const { embedding } = await embed({ model: vllm.textEmbeddingModel('nomic-embed-text'), value: 'x' });
              return [result, embedding];
            }

            """)
        #expect(try Self.parses(text))
        #expect(units.map(\.manual) == [nil])
        #expect(units.first?.notes.contains("numCtx: 8192 dropped: a server setting on vLLM (--max-model-len)") == true, "\(units)")
    }

    @Test func theAISDKDefaultInstanceBecomesOneProviderAfterTheImports() throws {
        let source = """
            import { ollama } from 'ai-sdk-ollama'
            import { generateText } from 'ai'

            export async function ask(prompt) {
              const { text } = await generateText({ model: ollama.chat('llama3.1'), prompt })
              return text
            }

            """
        let (text, units) = Self.fixed(source)
        #expect(text == """
            import { createOpenAICompatible } from '@ai-sdk/openai-compatible'
            import { generateText } from 'ai'
            const vllm = createOpenAICompatible({ name: 'vllm', baseURL: process.env.OPENAI_BASE_URL ?? 'http://localhost:8000/v1', apiKey: process.env.OPENAI_API_KEY ?? 'EMPTY' })

            export async function ask(prompt) {
              const { text } = await generateText({ model: vllm.chatModel('llama3.1'), prompt })
              return text
            }

            """)
        #expect(try Self.parses(text))
        #expect(units.map(\.manual) == [nil])
    }

    @Test func anAISDKProviderUsedAsAValueIsLeftWhole() {
        // The provider goes into a registry: what is called on it there is not followed.
        let source = """
            import { createOllama } from 'ollama-ai-provider-v2'
            import { createProviderRegistry } from 'ai'
            const ollama = createOllama({ baseURL: 'http://localhost:11434/api' })
            export const chat = ollama('llama3.1')
            export const registry = createProviderRegistry({ ollama })

            """
        let (text, units) = Self.fixed(source)
        #expect(text == source)
        #expect(units.first?.manual?.hasPrefix("line 5: `ollama` is used other than through its model calls") == true, "\(units)")
    }

    /// Thinking turned off through `providerOptions.ollama`: under another provider's name the
    /// option would silently do nothing.
    @Test func ollamaProviderOptionsLeaveTheProviderWhole() {
        let source = """
            import { ollama } from 'ollama-ai-provider-v2'
            import { generateText } from 'ai'
            export const ask = (prompt) => generateText({ model: ollama('m'), prompt, providerOptions: { ollama: { think: false } } })

            """
        let (text, units) = Self.fixed(source)
        #expect(text == source)
        #expect(units.first?.manual == "line 3: providerOptions.ollama on line 3 are Ollama's provider options; give vLLM's their form (providerOptions.vllm) by hand")
    }

    /// nextjs-ollama-llm-ui joins a variable and `/api`: the base is the human's to set.
    @Test func anAISDKBaseBuiltAtRunTimeIsLeftToAHuman() {
        let source = """
            import { createOllama } from 'ollama-ai-provider'
            const ollamaUrl = process.env.OLLAMA_URL
            const ollama = createOllama({baseURL: ollamaUrl + "/api"})
            const model = ollama(selectedModel)

            """
        let (text, units) = Self.fixed(source)
        #expect(text == source)
        #expect(units.first?.manual == "line 3: baseURL: ollamaUrl + \"/api\" is computed at run time; point it at the vLLM server's /v1 base by hand")
    }

    // MARK: beside the ollama client

    @Test func frameworkAndClientUnitsOfOneFileAreBothApplied() throws {
        let source = """
            import ollama from 'ollama'
            import { ollama as provider } from 'ollama-ai-provider'

            export const models = async () => (await ollama.list()).models.map((m) => m.name)
            export const chat = provider('llama3.1')

            """
        let (text, units) = Self.fixed(source)
        #expect(text == """
            import OpenAI from 'openai'
            import { createOpenAICompatible } from '@ai-sdk/openai-compatible'
            const vllm = createOpenAICompatible({ name: 'vllm', baseURL: process.env.OPENAI_BASE_URL ?? 'http://localhost:8000/v1', apiKey: process.env.OPENAI_API_KEY ?? 'EMPTY' })
            const openai = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL ?? 'http://localhost:8000/v1', apiKey: process.env.OPENAI_API_KEY ?? 'EMPTY' })

            export const models = async () => (await openai.models.list()).data.map((m) => m.id)
            export const chat = vllm('llama3.1')

            """)
        #expect(try Self.parses(text))
        #expect(units.allSatisfy { $0.manual == nil }, "\(units)")
    }
}
