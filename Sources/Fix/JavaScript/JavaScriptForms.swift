/// What each form of the ollama npm package (ollama-js, also `ollama/browser`) becomes on the
/// openai package (openai-node v4+), MIGRATION.md §4.1: the calls, the fields of their request
/// object, the `options` keys, and the reads of each result. The planner
/// (`JavaScriptClientUnits`) is only the mechanics; what a form becomes is here.
enum JavaScriptForms {
    /// A value the planner follows: what an ollama call returned, or a part of it.
    enum Shape: String, Sendable {
        case chat, generate, chatStream, generateStream, chatChunk, generateChunk
        case embed, embeddings, modelList, modelItems, modelItem
    }

    /// How a read of a followed value is rewritten. `$` stands for the value's expression.
    enum Read: Sendable {
        /// Replace the read's accessors with these (`.choices[0].message.content`).
        case path(String, then: Shape?)
        /// Replace the value and the read with an expression (`$` is the value, a name), always
        /// in parentheses: `??` next to `||` or `&&` is a syntax error without them.
        case whole(String)
    }

    struct Method: Sendable {
        /// The openai client's path for the call (`chat.completions.create`).
        let callee: String
        /// What the call returns, and with `stream: true`.
        let result: Shape
        let stream: Shape?
        /// The request fields this method takes (besides `model`, `stream`, `options`, `keep_alive`).
        let fields: Set<String>
    }

    /// ollama-js's client methods (the `Ollama` class and the default instance).
    static let methods: [String: Method] = [
        "chat": Method(callee: "chat.completions.create", result: .chat, stream: .chatStream, fields: ["messages", "tools", "format"]),
        "generate": Method(callee: "chat.completions.create", result: .generate, stream: .generateStream, fields: ["prompt", "system", "format"]),
        "embed": Method(callee: "embeddings.create", result: .embed, stream: nil, fields: ["input", "dimensions"]),
        "embeddings": Method(callee: "embeddings.create", result: .embeddings, stream: nil, fields: ["prompt"]),
        "list": Method(callee: "models.list", result: .modelList, stream: nil, fields: []),
    ]

    /// Model administration with no counterpart: a vLLM server serves the model it was started
    /// with. A call that is a whole statement (or the loop over its progress) becomes an error
    /// saying so.
    static let administration: Set<String> = ["pull", "push", "create", "delete", "copy", "show", "ps"]

    /// Methods with no form the planner writes, with why.
    static let unmapped: [String: String] = [
        "abort": "abort() stops every stream of the client; openai-node aborts one request (an AbortSignal in its options, or stream.controller.abort())",
        "webSearch": "webSearch is ollama.com's hosted search, with no vLLM counterpart",
        "webFetch": "webFetch is ollama.com's hosted fetch, with no vLLM counterpart",
        "version": "version() has no OpenAI counterpart",
    ]

    /// `options` keys: the same mapping as Python's (`OpenAIForms`). openai-node sends unknown
    /// fields as they are, but TypeScript rejects them in an object literal of its request
    /// type: a call with an extra-body key is manual.
    static let topLevelOptions = OpenAIForms.topLevelOptions
    static let extraBodyOptions = OpenAIForms.extraBodyOptions
    static let serverOptions = OpenAIForms.serverOptions

    /// Reads of each shape, by the keys read (`message.content`), longest first when matched.
    /// A key with no entry leaves its unit manual.
    static let reads: [Shape: [String: Read]] = {
        let result: [String: Read] = [
            "model": .path(".model", then: nil),
            "done_reason": .path(".choices[0].finish_reason", then: nil),
            "prompt_eval_count": .path(".usage?.prompt_tokens", then: nil),
            "eval_count": .path(".usage?.completion_tokens", then: nil),
            "message.content": .path(".choices[0].message.content", then: nil),
            "message.role": .path(".choices[0].message.role", then: nil),
        ]
        let delta = "$.choices[0]?.delta?.content ?? ''"
        let chunk: [String: Read] = [
            "model": .path(".model", then: nil),
            "done": .whole("$.choices[0]?.finish_reason != null"),
            "done_reason": .path(".choices[0]?.finish_reason", then: nil),
        ]
        return [
            .chat: result,
            .generate: result.merging(["response": .path(".choices[0].message.content", then: nil)]) { _, b in b },
            .chatChunk: chunk.merging(["message.content": .whole(delta)]) { _, b in b },
            .generateChunk: chunk.merging(["response": .whole(delta)]) { _, b in b },
            .embed: ["embeddings": .path(".data.map((d) => d.embedding)", then: nil), "model": .path(".model", then: nil)],
            .embeddings: ["embedding": .path(".data[0].embedding", then: nil)],
            .modelList: ["models": .path(".data", then: .modelItems)],
            .modelItems: ["length": .path(".length", then: nil)],
            .modelItem: ["name": .path(".id", then: nil), "model": .path(".id", then: nil)],
        ]
    }()

    /// What iterating a shape yields (`for await … of`, `for … of`, `.map(x => …)`).
    static let items: [Shape: Shape] = [.chatStream: .chatChunk, .generateStream: .generateChunk, .modelItems: .modelItem]

    /// Array methods whose callback gets the items one by one.
    static let itemCallbacks: Set<String> = ["map", "some", "every", "filter", "find", "forEach", "flatMap", "findIndex"]

    /// The module-level client that replaces ollama's default instance (which called
    /// http://127.0.0.1:11434 and ignored OLLAMA_HOST): this one reads OPENAI_BASE_URL.
    static let moduleClientName = "openai"
    static let baseURL = "process.env.OPENAI_BASE_URL ?? 'http://localhost:8000/v1'"
    static let apiKey = "process.env.OPENAI_API_KEY ?? 'EMPTY'"
    /// In the browser there is no `process.env`: the literal base, and the flag openai-node
    /// asks for before it runs in a browser.
    static let browserBaseURL = "'http://localhost:8000/v1'"
    static let browserNote = "ollama/browser: the client now runs in the browser with dangerouslyAllowBrowser: true and a literal base URL; any API key it holds is public"

    static func moduleClient(browser: Bool) -> String {
        browser
            ? "const openai = new OpenAI({ baseURL: \(browserBaseURL), apiKey: 'EMPTY', dangerouslyAllowBrowser: true })"
            : "const openai = new OpenAI({ baseURL: \(baseURL), apiKey: \(apiKey) })"
    }

    static func administrationError(_ name: String) -> String {
        "throw new Error(\"ollama's \(name) has no vLLM counterpart: the server serves the model given to `vllm serve` at start-up\")"
    }

    /// ollama-js's ResponseError fields in a `catch` around a rewritten call, and openai-node's
    /// APIError names for them.
    static let errorFields: [String: String] = ["status_code": "status", "error": "message"]
}
