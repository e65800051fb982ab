/// What each form of the ollama Python client becomes on the openai client (MIGRATION.md §3):
/// the calls, their keyword arguments, the `options` keys, and the reads of each result. The
/// planner (`PythonClientUnits`) is only the mechanics; what a form becomes is here.
enum OpenAIForms {
    /// A value the planner follows: what an ollama call returned, or a part of it.
    enum Shape: String, Sendable {
        case chat, generate, chatStream, generateStream, chatChunk, generateChunk
        case embed, embeddings, modelList, modelItems, modelItem
        case message, deltaMessage
    }

    /// How a read of a followed value is rewritten. `$` stands for the value's expression.
    enum Read: Sendable {
        /// Replace the read's accessors with these (`.choices[0].message.content`).
        case path(String, then: Shape?)
        /// Replace the value and the read with an expression (`$` is the value).
        case whole(String, then: Shape?)
        /// Only `.get(…)` reads have a form: the key is absent on the OpenAI side, and a `.get`
        /// already expects absence.
        case absent
    }

    struct Method: Sendable {
        /// The openai client's path for the call (`chat.completions.create`).
        let callee: String
        /// ollama-python's positional parameters, in order.
        let positional: [String]
        /// What the call returns, and with `stream=True`.
        let result: Shape?
        let stream: Shape?
    }

    /// ollama-python's client methods (Client, AsyncClient and the module's functions).
    static let methods: [String: Method] = [
        "chat": Method(callee: "chat.completions.create", positional: ["model", "messages"], result: .chat, stream: .chatStream),
        "generate": Method(callee: "chat.completions.create", positional: ["model", "prompt", "suffix"], result: .generate, stream: .generateStream),
        "embed": Method(callee: "embeddings.create", positional: ["model", "input", "truncate"], result: .embed, stream: nil),
        "embeddings": Method(callee: "embeddings.create", positional: ["model", "prompt"], result: .embeddings, stream: nil),
        "list": Method(callee: "models.list", positional: [], result: .modelList, stream: nil),
        "close": Method(callee: "close", positional: [], result: nil, stream: nil),
    ]

    /// Model administration with no counterpart: a vLLM server serves the model it was started
    /// with. A call that is a whole statement becomes an error saying so.
    static let administration: Set<String> = ["pull", "push", "create", "copy", "delete"]

    /// `options` keys with a top-level openai parameter.
    static let topLevelOptions: [String: String] = [
        "num_predict": "max_tokens", "temperature": "temperature", "top_p": "top_p", "stop": "stop", "seed": "seed",
        "frequency_penalty": "frequency_penalty", "presence_penalty": "presence_penalty",
    ]
    /// `options` keys vLLM takes in `extra_body`, with vLLM's name.
    static let extraBodyOptions: [String: String] = [
        "top_k": "top_k", "repeat_penalty": "repetition_penalty", "min_p": "min_p",
    ]
    /// `options` keys that are server settings on vLLM, with the note the unit carries.
    static let serverOptions: [String: String] = [
        "num_ctx": "num_ctx has no per-request form on vLLM: start the server with --max-model-len",
        "num_gpu": "num_gpu is a server setting on vLLM (--tensor-parallel-size, --gpu-memory-utilization)",
        "num_thread": "num_thread has no vLLM counterpart",
    ]

    /// Reads of each shape, by the keys read (`message.content`), longest first when matched.
    static let reads: [Shape: [String: Read]] = {
        let timings: [String: Read] = ["total_duration": .absent, "load_duration": .absent,
                                       "prompt_eval_duration": .absent, "eval_duration": .absent]
        let result: [String: Read] = [
            "model": .path(".model", then: nil),
            "done_reason": .path(".choices[0].finish_reason", then: nil),
            "prompt_eval_count": .path(".usage.prompt_tokens", then: nil),
            "eval_count": .path(".usage.completion_tokens", then: nil),
            "message": .path(".choices[0].message", then: .message),
        ].merging(timings) { a, _ in a }
        let delta = "($.choices[0].delta.content or \"\") if $.choices else \"\""
        let chunk: [String: Read] = [
            "model": .path(".model", then: nil),
            "done": .whole("bool($.choices and $.choices[0].finish_reason)", then: nil),
            "eval_count": .whole("($.usage.completion_tokens if $.usage else None)", then: nil),
            "prompt_eval_count": .whole("($.usage.prompt_tokens if $.usage else None)", then: nil),
        ].merging(timings) { a, _ in a }
        return [
            .chat: result,
            .generate: result.merging(["response": .path(".choices[0].message.content", then: nil)]) { _, b in b },
            .message: ["content": .path(".content", then: nil), "role": .path(".role", then: nil)],
            .chatChunk: chunk.merging(["message.content": .whole(delta, then: nil)]) { _, b in b },
            .generateChunk: chunk.merging(["response": .whole(delta, then: nil)]) { _, b in b },
            .embed: ["embeddings": .whole("[d.embedding for d in $.data]", then: nil)],
            .embeddings: ["embedding": .path(".data[0].embedding", then: nil)],
            .modelList: ["models": .path(".data", then: .modelItems)],
            .modelItem: ["name": .path(".id", then: nil), "model": .path(".id", then: nil)],
        ]
    }()

    /// Attributes both clients have: the httpx client each wraps (`client._client.close()`).
    static let sharedClientAttributes: Set<String> = ["_client"]

    /// Methods a value has in both forms: pydantic's dump of a message (role and content).
    static let sharedMethods: [Shape: Set<String>] = [.message: ["model_dump", "model_dump_json"]]

    /// What a truth test of a shape reads: a model list is empty when its data is.
    static let truth: [Shape: String] = [.modelList: ".data"]

    /// What iterating a shape yields.
    static let items: [Shape: Shape] = [.chatStream: .chatChunk, .generateStream: .generateChunk, .modelItems: .modelItem, .modelList: .modelItem]

    /// ollama's error types in an `except`, and what the openai client raises instead; the
    /// reads of the caught error that change.
    static let errors: [String: String] = ["ResponseError": "openai.APIStatusError"]
    static let errorReads: [String: String] = ["error": "message"]
    /// httpx errors in the handlers of a rewritten call: the openai client wraps its transport,
    /// so these never reach the handler any more.
    static let transportErrors: [String: String] = [
        "httpx.ConnectError": "openai.APIConnectionError", "httpx.ConnectTimeout": "openai.APITimeoutError",
        "httpx.TimeoutException": "openai.APITimeoutError", "httpx.ReadTimeout": "openai.APITimeoutError",
        "httpx.RequestError": "openai.APIConnectionError", "httpx.TransportError": "openai.APIConnectionError",
        "httpx.HTTPStatusError": "openai.APIStatusError", "httpx.HTTPError": "openai.APIError",
        // ollama-python raises the builtin when the server is down.
        "ConnectionError": "openai.APIConnectionError",
    ]

    /// A module-level function that maps `options` built at run time, from the same tables
    /// as the literal case; keys with no OpenAI form are dropped.
    static let optionsHelperName = "_openai_options"
    static var optionsHelper: String {
        func table(_ t: [String: String]) -> String {
            "{" + t.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \"\($0.value)\"" }.joined(separator: ", ") + "}"
        }
        return """


            def \(optionsHelperName)(options):
                \"\"\"Ollama `options` as openai keyword arguments (written by ollama-audit --fix).\"\"\"
                top = \(table(topLevelOptions))
                extra = \(table(extraBodyOptions))
                out, body = {}, {}
                for key, value in (options or {}).items():
                    if key in top:
                        out[top[key]] = value
                    elif key in extra:
                        body[extra[key]] = value
                if body:
                    out["extra_body"] = body
                return out

            """
    }

    /// The module-level client that replaces the ollama module's default client, which read
    /// OLLAMA_HOST: this one reads OPENAI_BASE_URL.
    static let moduleClientName = "openai_client"
    static let moduleClient = #"openai_client = OpenAI(base_url=os.environ.get("OPENAI_BASE_URL", "http://localhost:8000/v1"), api_key=os.environ.get("OPENAI_API_KEY", "EMPTY"))"#
    static let apiKey = #"api_key=os.environ.get("OPENAI_API_KEY", "EMPTY")"#

    // MARK: LangChain

    /// The modules LangChain's Ollama classes come from.
    static let langChainModules: Set<String> = [
        "langchain_ollama", "langchain_ollama.chat_models", "langchain_ollama.embeddings",
        "langchain_community.chat_models", "langchain_community.chat_models.ollama",
        "langchain_community.embeddings", "langchain_community.embeddings.ollama",
    ]

    struct LangChainClass: Sendable {
        /// The langchain_openai class.
        let name: String
        /// Keyword arguments with a counterpart, by the new name.
        let keywords: [String: String]
        /// Arguments every construction gets.
        let extra: [String]
    }

    static let langChain: [String: LangChainClass] = [
        "ChatOllama": LangChainClass(name: "ChatOpenAI", keywords: [
            "model": "model", "temperature": "temperature", "top_p": "top_p", "stop": "stop", "seed": "seed",
            "num_predict": "max_tokens", "timeout": "timeout", "callbacks": "callbacks", "verbose": "verbose",
            "streaming": "streaming", "disable_streaming": "disable_streaming", "tags": "tags", "metadata": "metadata",
        ], extra: []),
        "OllamaEmbeddings": LangChainClass(name: "OpenAIEmbeddings", keywords: ["model": "model"],
                                           // vLLM takes text, not the token ids the OpenAI client sends by default.
                                           extra: ["check_embedding_ctx_length=False"]),
    ]

    /// Keyword arguments that are server settings or Ollama behaviour on vLLM: dropped, noted.
    static let langChainDropped: [String: String] = [
        "num_ctx": "a server setting on vLLM (--max-model-len)",
        "keep_alive": "vLLM keeps its one model loaded",
        "validate_model_on_init": "vLLM serves the model it was started with",
        "num_gpu": "a server setting on vLLM",
        "num_thread": "no vLLM counterpart",
    ]

    /// A literal Ollama base URL as the vLLM /v1 base: the scheme and host kept, port 11434 (or
    /// none on a bare host) becomes 8000, `/v1` once; `http://host` keeps port 80. Nil for
    /// anything but a plain literal.
    static func vLLMBase(fromLiteral literal: String) -> String? {
        guard let quote = literal.first, quote == "\"" || quote == "'", literal.last == quote, literal.count >= 2 else { return nil }
        var url = String(literal.dropFirst().dropLast())
        guard !url.contains("{"), !url.contains("\\") else { return nil }
        while url.hasSuffix("/") { url.removeLast() }
        if url.hasSuffix("/v1") { url.removeLast(3) }
        let scheme = url.range(of: "://").map { String(url[..<$0.upperBound]) } ?? "http://"
        var rest = url.range(of: "://").map { String(url[$0.upperBound...]) } ?? url
        guard !rest.isEmpty, !rest.contains("/") else { return nil }
        // `http://host` means port 80 and stays; a bare `host` (OLLAMA_HOST's form) meant 11434.
        let bare = !url.contains("://")
        if rest.hasSuffix(":11434") { rest = String(rest.dropLast(6)) + ":8000" } else if bare, !rest.contains(":") { rest += ":8000" }
        return "\(quote)\(scheme)\(rest)/v1\(quote)"
    }
}
