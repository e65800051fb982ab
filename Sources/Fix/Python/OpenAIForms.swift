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

    // MARK: frameworks (LangChain, LlamaIndex)

    /// A framework's Ollama class and what it becomes (`FrameworkUnits`).
    struct FrameworkClass: Sendable {
        /// The class on the OpenAI side and the module it is imported from.
        let name: String
        let module: String
        /// The keyword the vLLM base URL goes in; every Ollama class takes it as `base_url`.
        let base: String
        /// Keyword arguments with a counterpart, by the new name.
        let keywords: [String: String]
        /// Keywords holding Ollama `options`, by the keyword their OpenAI names go in.
        var options: [String: String] = [:]
        /// Keywords dropped when empty (`{}`, `None`); any other value leaves the unit manual, for this reason.
        var emptyOnly: [String: String] = [:]
        /// Ollama keywords with no counterpart, with what to do by hand (others get a generic reason).
        var manual: [String: String] = [:]
        /// Arguments every construction gets.
        var extra: [String] = []
        /// Keywords whose default differs on the two sides: the note a construction without one carries.
        var defaults: [String: String] = [:]
        /// Attributes only the Ollama class has: a read of one on an instance leaves the unit manual.
        var attributes: Set<String> = []
    }

    struct Framework: Sendable {
        /// As units name it: "LangChain's `ChatOllama`".
        let name: String
        /// The modules its Ollama classes are imported from.
        let modules: Set<String>
        let classes: [String: FrameworkClass]
        /// Keyword arguments that are server settings or Ollama behaviour on vLLM: dropped, noted.
        let dropped: [String: String]
    }

    static let frameworks = [langChain, llamaIndex]

    static let langChain = Framework(
        name: "LangChain",
        modules: [
            "langchain_ollama", "langchain_ollama.chat_models", "langchain_ollama.embeddings",
            "langchain_community.chat_models", "langchain_community.chat_models.ollama",
            "langchain_community.embeddings", "langchain_community.embeddings.ollama",
        ],
        classes: [
            "ChatOllama": FrameworkClass(name: "ChatOpenAI", module: "langchain_openai", base: "base_url", keywords: [
                "model": "model", "temperature": "temperature", "top_p": "top_p", "stop": "stop", "seed": "seed",
                "num_predict": "max_tokens", "timeout": "timeout", "callbacks": "callbacks", "verbose": "verbose",
                "streaming": "streaming", "disable_streaming": "disable_streaming", "tags": "tags", "metadata": "metadata",
            ]),
            "OllamaEmbeddings": FrameworkClass(name: "OpenAIEmbeddings", module: "langchain_openai", base: "base_url", keywords: ["model": "model"],
                                               // vLLM takes text, not the token ids the OpenAI client sends by default.
                                               extra: ["check_embedding_ctx_length=False"]),
        ],
        dropped: [
            "num_ctx": "a server setting on vLLM (--max-model-len)",
            "keep_alive": "vLLM keeps its one model loaded",
            "validate_model_on_init": "vLLM serves the model it was started with",
            "num_gpu": "a server setting on vLLM",
            "num_thread": "no vLLM counterpart",
        ])

    /// LlamaIndex's classes (llama-index-llms-ollama 0.11, llama-index-embeddings-ollama 0.10)
    /// and the OpenAI-like ones (llama-index-llms-openai-like 0.8, -embeddings-openai-like 0.4):
    /// each keyword here is a parameter or field of both.
    static let llamaIndex = Framework(
        name: "LlamaIndex",
        modules: ["llama_index.llms.ollama", "llama_index.embeddings.ollama"],
        classes: [
            "Ollama": FrameworkClass(
                name: "OpenAILike", module: "llama_index.llms.openai_like", base: "api_base",
                keywords: [
                    "model": "model", "temperature": "temperature", "context_window": "context_window",
                    "request_timeout": "timeout", "headers": "default_headers",
                    "is_function_calling_model": "is_function_calling_model", "callback_manager": "callback_manager",
                    "system_prompt": "system_prompt", "messages_to_prompt": "messages_to_prompt",
                    "completion_to_prompt": "completion_to_prompt", "output_parser": "output_parser",
                    "pydantic_program_mode": "pydantic_program_mode", "query_wrapper_prompt": "query_wrapper_prompt",
                ],
                // OpenAILike sends these in the request body: OpenAI's names, vLLM's own in extra_body.
                options: ["additional_kwargs": "additional_kwargs"],
                manual: [
                    "json_mode": "pass additional_kwargs={\"response_format\": {\"type\": \"json_object\"}} by hand",
                    "thinking": "vLLM sets reasoning at the server (--reasoning-parser) or per request in chat_template_kwargs; set it by hand",
                    "client": "an ollama client is passed in; OpenAILike makes its own (http_client= takes an httpx client)",
                    "async_client": "an ollama client is passed in; OpenAILike makes its own (async_http_client= takes an httpx client)",
                ],
                // Without it OpenAILike calls /completions with a prompt format of its own.
                extra: ["is_chat_model=True"],
                defaults: [
                    "temperature": "OpenAILike sends 0.1 where Ollama's class left it to the model; set it to keep the answers as they were",
                    "is_function_calling_model": "Ollama's class said True, OpenAILike says False: agents and structured output that call tools need True, and vLLM started with --enable-auto-tool-choice --tool-call-parser",
                ],
                attributes: ["base_url", "request_timeout", "json_mode", "keep_alive", "thinking", "prompt_key", "headers",
                             "client", "async_client", "_client", "_async_client"]),
            "OllamaEmbedding": FrameworkClass(
                name: "OpenAILikeEmbedding", module: "llama_index.embeddings.openai_like", base: "api_base",
                keywords: ["model_name": "model_name", "embed_batch_size": "embed_batch_size",
                           "callback_manager": "callback_manager", "num_workers": "num_workers"],
                emptyOnly: ["ollama_additional_kwargs": "Ollama's embedding options have no OpenAI form; set them on the vLLM server or drop them by hand"],
                manual: [
                    "query_instruction": "OpenAILikeEmbedding prepends no instruction; prefix the texts by hand",
                    "text_instruction": "OpenAILikeEmbedding prepends no instruction; prefix the texts by hand",
                    "client_kwargs": "settings of the ollama client; pass default_headers= or http_client= by hand",
                ],
                attributes: ["base_url", "ollama_additional_kwargs", "query_instruction", "text_instruction", "keep_alive",
                             "_client", "_async_client"]),
        ],
        dropped: ["keep_alive": "vLLM keeps its one model loaded"])

    /// Argument values that say "nothing": a keyword given one of them is as good as absent.
    static let emptyValues: Set<String> = ["{}", "None", "dict()"]

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
