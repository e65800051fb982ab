/// What LangChain.js's Ollama classes and the Vercel AI SDK's Ollama providers become
/// (MIGRATION.md §4.3, §4.4): the modules, the names each imports, every constructor option
/// and provider method. The planner (`JavaScriptFrameworkUnits`) is only the mechanics.
enum JavaScriptFrameworkForms {
    /// What an option of a construction (or a provider's settings) becomes.
    enum Option: Sendable {
        /// Kept under this name (the same name: kept as it is).
        case renamed(String)
        /// An Ollama server setting or behaviour: removed, with this note.
        case dropped(String)
        /// The server's address: a string literal becomes the vLLM /v1 base, anything else
        /// leaves the unit manual.
        case baseURL
    }

    static var modules: Set<String> { Set(langChainModules.keys).union(aiSDKModules) }

    // MARK: LangChain.js

    /// The modules of LangChain.js's Ollama classes, with whether the project's manifest swap
    /// brings `@langchain/openai` (rules/manifests.yml maps `@langchain/ollama` only).
    static let langChainModules: [String: Bool] = [
        "@langchain/ollama": true,
        "@langchain/community/chat_models/ollama": false,
        "@langchain/community/embeddings/ollama": false,
    ]
    static let langChainTarget = "@langchain/openai"
    static let communityNote = "@langchain/openai is imported now: add it to package.json, @langchain/community does not bring it"

    struct LangChainClass: Sendable {
        /// The @langchain/openai class.
        let name: String
        /// Every option with a form; any other leaves the unit manual.
        let options: [String: Option]
        /// Why an option known to have no form here is left to a human.
        let manual: [String: String]
        let notes: [String]
    }

    /// Options every LangChain.js runnable takes (`BaseChatModelParams`, `AsyncCallerParams`).
    private static let runnableOptions: [String: Option] = Dictionary(uniqueKeysWithValues: [
        "maxRetries", "maxConcurrency", "onFailedAttempt", "callbacks", "tags", "metadata", "verbose", "cache",
    ].map { ($0, .renamed($0)) })

    /// Ollama server settings, spelled as LangChain.js and the AI SDK providers spell them: the
    /// notes of the Python forms (`OpenAIForms.langChain.dropped`), and the memory and thread
    /// settings MIGRATION.md §1.4 drops.
    static let serverSettings: [String: Option] = {
        var out: [String: Option] = [:]
        for (key, note) in OpenAIForms.langChain.dropped {
            out[camelCase(key)] = .dropped(note)
        }
        out["checkOrPullModel"] = out["validateModelOnInit"]
        for key in ["numBatch", "mainGpu", "lowVram", "f16Kv", "useMmap", "useMlock", "numa"] {
            out[key] = .dropped("a server setting on vLLM")
        }
        return out
    }()

    private static let formatReason = "format asks Ollama for JSON; ChatOpenAI takes withStructuredOutput(…) or modelKwargs: { response_format }, chosen by hand"

    static let langChain: [String: LangChainClass] = [
        "ChatOllama": LangChainClass(
            name: "ChatOpenAI",
            options: runnableOptions.merging(serverSettings) { a, _ in a }.merging([
                "model": .renamed("model"), "baseUrl": .baseURL, "temperature": .renamed("temperature"), "topP": .renamed("topP"),
                "frequencyPenalty": .renamed("frequencyPenalty"), "presencePenalty": .renamed("presencePenalty"),
                "streaming": .renamed("streaming"), "disableStreaming": .renamed("disableStreaming"), "numPredict": .renamed("maxTokens"),
            ]) { a, _ in a },
            manual: ["format": formatReason],
            notes: []),
        // @langchain/openai's OpenAIEmbeddings sends the texts as they are (no tiktoken token
        // arrays, unlike Python's `check_embedding_ctx_length`), so no flag is added.
        "OllamaEmbeddings": LangChainClass(
            name: "OpenAIEmbeddings",
            options: ["model": .renamed("model"), "baseUrl": .baseURL, "maxRetries": .renamed("maxRetries"),
                      "maxConcurrency": .renamed("maxConcurrency"), "onFailedAttempt": .renamed("onFailedAttempt"),
                      "keepAlive": serverSettings["keepAlive"]!],
            manual: ["truncate": "truncate has no OpenAIEmbeddings option (vLLM's truncate_prompt_tokens is a request field)"],
            notes: ["embeddings come from a vLLM server running the embedding model (pooling runner); its /v1 base goes in configuration.baseURL"]),
    ]

    /// What a construction without the option gets: OPENAI_BASE_URL as the ollama client unit
    /// reads it, and a key, without which ChatOpenAI throws before sending anything.
    static func langChainBase(_ url: String) -> String { "configuration: { baseURL: \(url) }" }
    static let langChainAPIKey = "apiKey: \(JavaScriptForms.apiKey)"

    // MARK: Vercel AI SDK

    static let aiSDKModules: Set<String> = ["ollama-ai-provider", "ollama-ai-provider-v2", "ai-sdk-ollama"]
    static let aiSDKTarget = "@ai-sdk/openai-compatible"
    static let aiSDKFactory = "createOpenAICompatible"
    /// The provider's name (`providerOptions` keys) and the variable that holds it when the
    /// Ollama one was the package's `ollama`.
    static let aiSDKName = "vllm"
    static let ollamaFactory = "createOllama"
    static let ollamaInstance = "ollama"

    /// The Ollama provider's methods by what they become on an OpenAI-compatible provider
    /// (`provider(id)` stays a call). `textEmbeddingModel` is in every major of
    /// @ai-sdk/openai-compatible (deprecated, not removed, where `embeddingModel` came in).
    static let aiSDKMethods: [String: String] = [
        "chat": "chatModel", "languageModel": "chatModel", "completion": "completionModel",
        "embedding": "textEmbeddingModel", "textEmbedding": "textEmbeddingModel",
        "textEmbeddingModel": "textEmbeddingModel", "embeddingModel": "textEmbeddingModel",
    ]

    /// createOllama's settings that createOpenAICompatible takes under the same name.
    static let aiSDKSettings: [String: Option] = [
        "baseURL": .baseURL, "headers": .renamed("headers"), "fetch": .renamed("fetch"), "apiKey": .renamed("apiKey"),
    ]

    static let aiSDKNote = "@ai-sdk/openai-compatible's major must match the project's `ai` package (0.x for ai 4, 1.x for ai 5, …)"

    static func aiSDKProvider(factory: String) -> String {
        "\(factory)({ name: '\(aiSDKName)', baseURL: \(JavaScriptForms.baseURL), apiKey: \(JavaScriptForms.apiKey) })"
    }

    /// A literal Ollama address as the vLLM /v1 base. ollama-ai-provider's base ends in `/api`
    /// (ai-sdk-ollama's is the bare host): that path goes.
    static func vLLMBase(fromLiteral literal: String) -> String? {
        var text = literal
        for suffix in ["/api/", "/api"] where text.dropLast().hasSuffix(suffix) {
            text = String(text.dropLast(suffix.count + 1)) + String(text.suffix(1))
            break
        }
        return OpenAIForms.vLLMBase(fromLiteral: text)
    }

    static func camelCase(_ snake: String) -> String {
        let parts = snake.split(separator: "_")
        return parts.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.prefix(1).uppercased() + $0.element.dropFirst() }.joined()
    }
}
