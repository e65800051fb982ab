import Model

/// What an Ollama container service becomes on vLLM: data, read by `ComposeServiceUnits` and
/// `KubernetesUnits`.
/// Sources: ../shared/MIGRATION.md §5 (docs.vllm.ai deployment/docker, docs.docker.com
/// compose/gpu-support).
enum VLLMServiceForms {
    /// Pinned, never `latest`: a moving tag changes the server (and its flags) under a deployment
    /// that did not change. Raise it deliberately, with the flags below checked against it.
    static let image = ModelTags.vllmImage

    /// The port `vllm serve` listens on in the image.
    static let port = "8000"
    static let ollamaPort = "11434"

    /// The health check: curl is in the image; /health answers 200 once the engine is up.
    static let healthTest = #"["CMD", "curl", "-f", "http://localhost:8000/health"]"#
    /// Loading weights (and downloading them on first start) takes minutes: dependants that wait
    /// for `service_healthy` must not give up first.
    static let startPeriodSeconds = 600

    /// Where vLLM keeps weights in the image (the Hugging Face cache).
    static let cachePath = "/root/.cache/huggingface"
    static let ollamaStore = "/root/.ollama"
    /// The cache mount added when the Ollama service mounted no model store: the host's own HF
    /// cache, as the vLLM docs run it, so weights survive the container.
    static let cacheMount = "~/.cache/huggingface:/root/.cache/huggingface"

    /// Passed through for gated models (Llama, Gemma); empty when unset, without compose's warning.
    static let tokenEntry = (name: "HF_TOKEN", value: "${HF_TOKEN:-}")
    static let tokenNames: Set<String> = ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"]

    // Kubernetes (docs.vllm.ai deployment/k8s).

    /// The Secret the token is read from: optional, so a pod of a public model starts without it.
    static let tokenSecret = (name: "hf-token", key: "token")
    /// The GPU a vLLM container asks the NVIDIA device plugin for, unless it asks for one already.
    static let gpuResource = "nvidia.com/gpu"
    /// The shared memory PyTorch's workers use: a memory-backed emptyDir at /dev/shm (a pod's
    /// own /dev/shm is 64 MB).
    static let shmVolume = (name: "dshm", path: "/dev/shm")
    /// The start-up probe's period: with `startPeriodSeconds`, its failure threshold.
    static let probePeriodSeconds = 10
    static let healthPath = "/health"

    /// Ollama's server settings, and what each becomes.
    enum Setting {
        /// A `vllm serve` flag taking the value.
        case flag(String)
        /// `--allowed-origins`, whose value is a JSON list (Ollama's is comma-separated).
        case origins
        /// Gone, with why.
        case dropped(String)
        /// Another variable of the vLLM image.
        case variable(String, value: String)
    }

    static let settings: [String: Setting] = [
        "OLLAMA_NUM_PARALLEL": .flag("--max-num-seqs"),
        "OLLAMA_CONTEXT_LENGTH": .flag("--max-model-len"),
        "OLLAMA_ORIGINS": .origins,
        "OLLAMA_KEEP_ALIVE": .dropped("vLLM keeps its one model loaded"),
        "OLLAMA_HOST": .dropped("vLLM listens on 0.0.0.0:8000 in the image"),
        "OLLAMA_MODELS": .dropped("weights live in the Hugging Face cache"),
        "OLLAMA_MAX_LOADED_MODELS": .dropped("vLLM serves one model per server"),
        "OLLAMA_MAX_QUEUE": .dropped("vLLM queues without a limit of its own"),
        "OLLAMA_FLASH_ATTENTION": .dropped("vLLM picks its attention backend itself"),
        "OLLAMA_KV_CACHE_TYPE": .dropped("set --kv-cache-dtype if the cache must be quantized"),
        "OLLAMA_GPU_OVERHEAD": .dropped("size memory with --gpu-memory-utilization"),
        "OLLAMA_SCHED_SPREAD": .dropped("spread a model over GPUs with --tensor-parallel-size"),
        "OLLAMA_LOAD_TIMEOUT": .dropped("the health check's start period covers loading"),
        "OLLAMA_NOPRUNE": .dropped("no Ollama blob store any more"),
        "OLLAMA_NOHISTORY": .dropped("no interactive CLI in the vLLM image"),
        "OLLAMA_MULTIUSER_CACHE": .dropped("vLLM's prefix cache is shared already"),
        "OLLAMA_NEW_ENGINE": .dropped("Ollama-only"),
        "OLLAMA_DEBUG": .variable("VLLM_LOGGING_LEVEL", value: "DEBUG"),
    ]
}
