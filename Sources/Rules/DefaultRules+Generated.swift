// GENERATED from rules/ by `make generate` (swift run generate-default-rules). DO NOT EDIT.

/// The default rule files, embedded at build time.
public enum DefaultRules {
    public static let files: [RuleFileText] = [
        RuleFileText(path: "rules/config-sections.yml", text: ##"""
# Sections of configuration files that hold Ollama's settings, and the code that reads them.
# A section is Ollama's when its name is (`ollama:`, `[ollama]`, `[providers.ollama]`,
# `"ollama": {`), or when one of its keys selects Ollama (`llm: {provider: ollama}`, private-gpt's
# `mode: ollama`): each key under it is a line a migration edits. `section:` and
# `outside-section:` match the names of the sections around a line (docs/rule-authoring.md).
rules:
  - id: ollama-config-section
    message: configuration section for Ollama, which code reads by its name
    category: setting
    priority: high
    files: [yaml, toml, ini, conf, json]
    # Package lists and container definitions name Ollama as a dependency or a service; the
    # manifest and container rules report those.
    outside-section: |-
      ^(?:services|(?:dev|peer|optional|build)?[-_]?dependencies|extras|importers|packages|overrides|resolutions|volumes|networks|jobs|steps)$
    # Written by package managers: their keys are package names (manifests.yml reports them).
    # Compose files define Ollama's container (containers.yml reports those).
    exclude-paths: ["**/*-lock.yaml", "**/*-lock.yml", "**/*-lock.json", "**/*.lock", "**/compose*.y*ml",
                    "**/docker-compose*.y*ml"]
    # A YAML key with nothing after it (or a flow mapping), a TOML/INI header naming it at any
    # place (`[ollama.options]`, `[providers.ollama]`), a JSON key that opens an object.
    pattern: |-
      ^[ \t]*+(?:-[ \t]+)?["']?\Kollama(?:[_-](?:config|settings|options|params|parameters|llm|embeddings?|api|server|client|provider))?(?=["']?[ \t]*:[ \t]*(?:&[\w-]+[ \t]*)?(?:\{|\#|$))|^[ \t]*+\[{1,2}[ \t]*(?:[^\]\n]*\.)?["']?\Kollama(?:[_-](?:config|settings|options|params|parameters|llm|embeddings?|api|server|client|provider))?(?=["']?[ \t]*(?:\.(?![^\]\n]*dependencies)|\]))|"\Kollama(?:[_-](?:config|settings|options|params|parameters|llm|embeddings?|api|server|client|provider))?(?="\s*:\s*\{)
    flags: [caseless]
    prefilter: [ollama]
    guidance: |-
      The application reads this section by name (`conf.ollama.host`, `settings.ollama`,
      `config["ollama"]`): rename it together with every read, or add an `openai`/`vllm`
      section beside it and switch the code over. Its keys map onto the OpenAI client:
        host + port / api_base / base_url -> base_url = http://<host>:8000/v1
        model / llm_model                 -> the served model name (vllm serve --served-model-name)
        options / default_params          -> request fields (see ollama-request-option)
      Add api_key (EMPTY when the server has no --api-key).
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "«ollama»:\n  host: localhost\n  port: 11434\n"
        - "app:\n  «ollama»:  # the local server\n    host: x\n"
        - "[«ollama»]\nhost = \"localhost\"\n"
        - "[providers.«ollama»]\nbase_url = \"x\"\n"
        - "[«ollama».options]\nnum_ctx = 4096\n"
        - "{\n  \"«ollama»\": {\n    \"host\": \"x\"\n  }\n}\n"
      no-match:
        - "services:\n  ollama:\n    image: ollama/ollama\n"
        - "dependencies:\n  ollama: ^0.5.0\n"
        - "ollama_url: http://localhost:11434\n"
        - "# ollama settings below\nhost: x\n"
        - "x-ollama: &service-ollama\n  image: ollama/ollama\n"
        - "routers:\n  ollama-router:\n    rule: x\n"
        - "{\"ollama/llama2\": {\"litellm_provider\": \"ollama\"}}\n"
        - "[tool.poetry.group.ollama.dependencies]\nollama = \"^0.3\"\n"

  - id: ollama-config-section-key
    message: setting in an Ollama configuration section
    category: setting
    priority: medium
    files: [yaml, toml, ini, conf, json, env, properties]
    exclude-paths: ["**/compose*.y*ml", "**/docker-compose*.y*ml"]
    section: |-
      ^ollama(?:[_-](?:config|settings|options|params|parameters|llm|embeddings?|api|server|client|provider))?$
    outside-section: |-
      ^(?:services|(?:dev|peer|optional|build)?[-_]?dependencies|extras|importers|packages|overrides|resolutions|volumes|networks|jobs|steps)$
    # Each key on its own line (a commented-out one too: the lexer makes it a low mention),
    # and each item of a list in the section.
    pattern: |-
      ^[ \t]*+(?:(?:\#|;|//)[ \t]*)?(?:-[ \t]+)?(?:export[ \t]+)?["']?\K[\w.-]+(?=["']?[ \t]*(?:=|:(?![\w.-])))|^[ \t]*+-[ \t]+["']?\K[\w./:-]+(?=["']?[ \t]*(?:\#.*)?$)
    flags: [caseless]
    prefilter: [ollama]
    guidance: |-
      A setting the application passes to its Ollama client. Move it to the OpenAI-compatible
      client's settings: host and port become one base_url ending in /v1, the model becomes
      the served model name, and options (num_ctx, keep_alive, num_predict, ...) become request
      fields or vLLM server flags as ollama-request-option lists; drop the Ollama-only ones.
      An empty options block (`options: {}`) still tells the code to send Ollama's options.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "ollama:\n  llm:\n    default_params:\n      «num_ctx»: 16384\n"
        - "ollama:\n  emb:\n    «default_params»:\n"
        - "ollama:\n  «options»: {}\n"
        - "llm:\n  mode: ollama\n  «max_new_tokens»: 512\n"
        - "[providers.ollama]\n«timeout» = 30\n"
        - "{\"ollama\": {\n  \"«host»\": \"x\"\n}}\n"
        - "ollama:\n  models:\n    - «llama3.1:8b»\n"
      no-match:
        - "ollama:\nhost: x\n"
        - "llm:\n  provider: openai\n  model: gpt-4o\n"
        - "services:\n  ollama:\n    image: ollama/ollama\n"
        - "{\"ollama/llama2\": {\n  \"litellm_provider\": \"ollama\",\n  \"mode\": \"completion\"\n}}\n"

  - id: ollama-config-section-model
    message: model setting in an Ollama configuration section
    category: model
    priority: high
    files: [yaml, toml, ini, conf, json, env, properties]
    exclude-paths: ["**/compose*.y*ml", "**/docker-compose*.y*ml"]
    section: |-
      ^ollama(?:[_-](?:config|settings|options|params|parameters|llm|embeddings?|api|server|client|provider))?$
    outside-section: |-
      ^(?:services|(?:dev|peer|optional|build)?[-_]?dependencies|extras|importers|packages|overrides|resolutions|volumes|networks|jobs|steps)$
    # The value of a model key: whatever it is, it names an Ollama model.
    pattern: |-
      ^[ \t]*+["']?(?:\w+_)?model(?:_?(?:name|id|tag))?["']?[ \t]*[:=][ \t]*["']?\K(?:\$\{[^}\n]*\}|[^\s"'\#,{}\[\]]+)
    flags: [caseless]
    prefilter: [model]
    guidance: |-
      The Ollama model this section selects. vLLM serves one Hugging Face model per server
      under the name `--served-model-name` gives it: set this to that name, and map the tag to
      its repository (rules/models.yml).
    docs:
      - https://docs.vllm.ai/en/latest/models/supported_models.html
    examples:
      match:
        - "ollama:\n  llm_model: «llama3.1»\n"
        - "llm:\n  provider: ollama\n  model: «qwen2.5:7b»\n"
        - "[ollama]\nmodel = «mistral»\n"
        - "ollama:\n  model: «${oc.env:OLLAMA_LLM_MODEL, gemma3:27b}»\n"
        - "models:\n  - provider: openai\n    model: gpt-4o\n  - provider: ollama\n    model: «llama3:8b»\n"
      no-match:
        - "llm:\n  provider: openai\n  model: gpt-4o\n"
        - "ollama:\n  model_dir: /models\n"
        - "models:\n  - provider: ollama_cloud\n    model: x\n  - provider: openai\n    model: gpt-4o\n"

  - id: ollama-tag-in-llm-section
    message: Ollama model tag in an LLM configuration section
    category: model
    priority: high
    files: [ini, conf, toml, yaml, json, properties]
    # An LLM section by its name (`[FORMALIZER_AGENT_LLM]`, `llm:`, `llm_config`), with a model
    # key whose value is an Ollama tag: a name and a tag that holds a letter (`qwen3:30b`,
    # `kdavis/goedel-prover-v2:32b`), not a host and port or a provider prefix.
    section: |-
      (?:^|[_.-])llms?(?:$|[_.-])
    pattern: |-
      ^[ \t]*+["']?(?:\w+_)?model(?:_?(?:name|id|tag))?["']?[ \t]*[:=][ \t]*["']?\K(?!(?:openai|azure|anthropic|google|gemini|vertex(?:_ai)?|bedrock|groq|mistral|cohere|together|fireworks|deepseek|xai|huggingface|hf|openrouter)\b:)[\w.-]+(?:/[\w.-]+)?:(?=[\w.-]*[a-z])[\w.-]+(?=["']?[ \t]*(?:[\#;].*)?$)
    flags: [caseless]
    prefilter: [model]
    guidance: |-
      A model named by its Ollama tag (name:size), which only Ollama resolves. vLLM serves a
      Hugging Face repository under a name of your choice: `vllm serve <repo>
      --served-model-name <name>`, and this value becomes that name. The model map
      (rules/models.yml) gives the repository for the common tags.
    docs:
      - https://docs.vllm.ai/en/latest/models/supported_models.html
    examples:
      match:
        - "[FORMALIZER_AGENT_LLM]\nmodel = «kdavis/goedel-formalizer-v2:32b»\nnum_ctx = 40960\n"
        - "[SEMANTICS_AGENT_LLM]\nmodel = «qwen3:30b»\n"
      no-match:
        - "[FORMALIZER_AGENT_LLM]\nmodel = gpt-5-2025-08-07\n"
        - "[AGENT_LLM]\nmodel = openai:gpt-4o\n"
        - "[AGENT_LLM]\nmodel_url = localhost:8000\n"
        - "[SERVER]\nmodel = qwen3:30b\n"

  - id: ollama-config-read
    message: reads the Ollama section of the application's configuration
    category: setting
    priority: high
    files: [code]
    in: [code]
    # `conf.ollama.host`, `settings.ollama.llm_model`, `conf.ollama[model_type].model`,
    # `config["ollama"]["model"]`, `cfg.get("ollama", …)`, configparser's
    # `config.get("ollama", "host")`: an identifier chain ending in `.ollama` or `["ollama"]`
    # and read further (`?.` too). A call on it (`self.ollama.chat(`) is a client's, not a
    # setting's; import statements and file names (`compose.ollama.yml`) name files and modules.
    # Every branch starts at a line's start, behind a look for the literal: PCRE2 then tries
    # only line starts, and a line without `.ollama` costs one scan.
    pattern: |-
      ^(?=[^\n]*ollama)(?![ \t]*(?:from|import|export)\b)[^\n]*?(?:(?<![\w$.])\K[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[[^\]\n]{1,40}\])*?(?<!\bself)(?<!\bthis)(?<!\bcls)(?:\??\.ollama\b|\[[ \t]*["']ollama["'][ \t]*\])(?!\.(?:ya?ml|json|toml|ini|cfg|conf|env|py|[cm]?[jt]sx?|sh|md|txt|lock)\b)\??(?:\[[^\]]{1,80}\](?:\.[A-Za-z_]\w*+(?![ \t]*\())?|\.[A-Za-z_]\w*+(?![ \t]*\())|\K\.get(?:int|float|boolean)?\(\s*(?:section\s*=\s*)?["']ollama["'])
    prefilter: [ollama]
    guidance: |-
      Code that reads the Ollama section of the configuration. It breaks when the section is
      renamed (to `openai:`/`vllm:`) and carries host, port and model values that change
      meaning: read one base_url (ending in /v1), an api_key and the served model name instead,
      and pass the options that remain as request fields.
    docs:
      - https://omegaconf.readthedocs.io/en/latest/usage.html#access-and-manipulation
      - https://docs.pydantic.dev/latest/concepts/pydantic_settings/
    examples:
      match:
        - "client = Client(host=f\"{«conf.ollama.host»}:{conf.ollama.port}\")"
        - "model_name = «conf.ollama[model_type].model»"
        - "m = «settings.ollama.llm_model»"
        - "m = «config[\"ollama\"][\"model\"]»"
        - "h = «self.settings.ollama.host»"
        - "host = config«.get(\"ollama\"», \"host\")"
        - "const url = «config.ollama.baseUrl»"
        - "const url = «keys.ollama?.endpoint» || fallback"
      no-match:
        - "r = self.ollama.llm_chat(messages)"
        - "from langchain_community.llms.ollama import Ollama"
        - "import app.services.ollama.client as c"
        - "llm = langchain_community.llms.ollama.Ollama(model=m)"
        - "urls[\"ollama\"] = url"
        - "patch(\"app.services.ollama.Client\")"
        - "docker compose -f compose.ollama.yml up --wait"

  - id: llm-section-config-read
    message: reads a setting of an LLM section that configures Ollama
    category: setting
    priority: high
    files: [python]
    in: [code]
    # configparser reads of an LLM section (`[FORMALIZER_AGENT_LLM]`) in a file that builds an
    # Ollama client: its model and its Ollama options (num_ctx, num_predict, keep_alive).
    # Another provider's keys in the same section (`openai_model`) and the application's own
    # (`max_retries`) are not Ollama's.
    context: |-
      (?i)ollama
    pattern: |-
      \.get(?:int|float|boolean)?\(\s*(?:section\s*=\s*)?["'](?i:\w*(?<![a-z])llms?(?![a-z])\w*)["']\s*,\s*(?:option\s*=\s*)?["'](?:model(?:_name)?|ollama_\w+|num_\w+|keep_alive)["']
    prefilter: [llm, LLM, Llm]
    guidance: |-
      This section's model and options (num_ctx, num_predict) are handed to an Ollama client.
      Read the served model name and an OpenAI-compatible base_url and api_key from it
      instead, and pass num_ctx only where the provider is still Ollama.
    docs:
      - https://docs.python.org/3/library/configparser.html
    examples:
      match:
        - "from langchain_ollama import ChatOllama\nmodel = parsed_config«.get(\n    section=\"FORMALIZER_AGENT_LLM\", option=\"model\"»)"
        - "import ollama\nn = cfg«.getint(\"llm\", \"num_ctx\"»)"
      no-match:
        - "model = parsed_config.get(section=\"FORMALIZER_AGENT_LLM\", option=\"model\")"
        - "import ollama\nn = cfg.getint(\"database\", \"port\")"
        - "import ollama\nm = cfg.get(section=\"DECOMPOSER_AGENT_LLM\", option=\"openai_model\")"
        - "import ollama\nd = cfg.getint(section=\"PROVER_AGENT_LLM\", option=\"max_depth\")"

  - id: llm-section-model-fallback
    message: Ollama model tag as the fallback of an LLM section's model setting
    category: model
    priority: high
    files: [python]
    in: [string]
    # configparser's `fallback=` of a model read from an LLM section, however many lines
    # below the call's start: the tag is what runs when the file does not set one.
    context: |-
      (?i)ollama
    pattern: |-
      \.get\(\s*(?:section\s*=\s*)?["'](?i:\w*(?<![a-z])llms?(?![a-z])\w*)["']\s*,\s*(?:option\s*=\s*)?["'](?:model(?:_name)?|ollama_model)["']\s*,\s*fallback\s*=\s*["']\K[\w.-]+(?:/[\w.-]+)?:(?=[\w.-]*[a-zA-Z])[\w.-]+(?=["'])
    prefilter: [fallback]
    guidance: |-
      The model the code uses when the configuration names none, as an Ollama tag. Change it
      with the configuration's model: to the name vLLM serves (`--served-model-name`), or
      move the default into the configuration file.
    docs:
      - https://docs.python.org/3/library/configparser.html#fallback-values
    examples:
      match:
        - "from langchain_ollama import ChatOllama\nmodel = cfg.get(\n    section=\"FORMALIZER_AGENT_LLM\", option=\"model\", fallback=\"«kdavis/goedel-formalizer-v2:32b»\"\n)"
        - "import ollama\nm = cfg.get(\"llm\", \"model\", fallback=\"«qwen3:30b»\")"
      no-match:
        - "from langchain_ollama import ChatOllama\nm = cfg.get(section=\"DECOMPOSER_AGENT_LLM\", option=\"openai_model\", fallback=\"gpt-5:2025\")"
        - "from langchain_ollama import ChatOllama\nurl = cfg.get(section=\"LLM\", option=\"model\", fallback=\"gpt-4o\")"

  - id: ollama-in-data-table
    message: Ollama named in a data table (rows keyed by model ids), not a setting
    category: naming
    priority: low
    files: [json, yaml]
    # Vendored tables such as LiteLLM's price list key their rows by model id
    # (`"ollama/llama2": {…}`); "ollama" in a row says which API serves that model, and the
    # application selects nothing there.
    section: |-
      /
    pattern: |-
      (?:["']|:[ \t]+)\Kollama(?=["']?[ \t]*,?[ \t]*$)
    prefilter: [ollama]
    guidance: |-
      Data shipped with the project (a price or context-window table), not configuration:
      nothing to migrate unless the application looks Ollama models up in it.
    examples:
      match:
        - "{\n  \"ollama/llama2\": {\n    \"litellm_provider\": \"«ollama»\",\n    \"mode\": \"completion\"\n  }\n}\n"
        - "ollama/mistral:\n  provider: «ollama»\n"
      no-match:
        - "{\n  \"llm\": {\n    \"provider\": \"ollama\"\n  }\n}\n"

  - id: ollama-config-key-string
    message: names an Ollama setting by its key path or command-line option
    category: setting
    priority: high
    files: [code]
    in: [string]
    # A key path written as a string (`getLocalValue('ollama.host')`, Spring's
    # `@Value("${spring.ai.ollama.base-url}")`, `cfg.select("ollama.model")`) or a command-line
    # option (`--ollama-url`): the setting is looked up by this name, so the name changes
    # with it. The segment after `ollama` must be a setting's (host, url, model, ...), which
    # module paths and domain names are not.
    pattern: |-
      ["'`{]\K(?:[\w-]+\.)*ollama\.(?:host|port|url|base[_-]?url|baseUrl|endpoint|api[_-]?base|\w*model\w*|timeout|options|keep[_-]?alive|username|password|api[_-]?key|chat|embedding|init)(?:\.[\w-]+)*(?=["'`}:])|["']\K--ollama[-_][\w-]+(?=["'=])
    prefilter: [ollama]
    guidance: |-
      Code that names an Ollama setting by its key (a stored preference, a config lookup, a
      command-line option). Rename it with the setting: `ollama.host` becomes the
      OpenAI-compatible base URL's key (ending in /v1), `--ollama-url` an `--openai-base-url`
      option, the model key the served model name; keep a fallback read of the old key while
      stored values migrate.
    docs:
      - https://docs.spring.io/spring-ai/reference/api/chat/openai-chat.html
    examples:
      match:
        - "  endpoint: getLocalValue('«ollama.host»'),"
        - "@Value(\"${«spring.ai.ollama.base-url»}\")"
        - "@click.option(\n    \"«--ollama-url»\",\n    type=str,\n)"
      no-match:
        - "@patch(\"codegate.providers.ollama.completion_handler.chat_streaming\")"
        - "const site = 'https://ollama.com/library'"
        - "import x from './ollama.js'"

  - id: ollama-named-config-key
    message: configuration key named for Ollama
    category: setting
    priority: medium
    files: [yaml, toml, ini, conf, json]
    outside-section: |-
      ^(?:services|(?:dev|peer|optional|build)?[-_]?dependencies|extras|importers|packages|overrides|resolutions|volumes|networks|jobs|steps)$
    # Translations key UI text by names that say Ollama ("ollamaServer": "Ollama Server").
    exclude-paths: ["**/*-lock.yaml", "**/*-lock.yml", "**/*-lock.json", "**/*.lock", "**/compose*.y*ml",
                    "**/docker-compose*.y*ml", "**/locales/**", "**/locale/**", "**/i18n/**", "**/lang/**",
                    "**/translations/**"]
    # `ollama_timeout: 30`, `"ollamaModel": "x"`, `ollama_keep_alive = "5m"`: a key of the
    # application's configuration whose name says Ollama, wherever it sits. Keys that locate
    # the server are ollama-named-config-url's; a value in words ("ChatOllama Cloud") is a
    # label shown to people, not a setting.
    pattern: |-
      ^[ \t]*+(?:\#[ \t]*)?(?:-[ \t]+)?["']?\K(?=[\w.-]*ollama)(?![\w.-]*(?:url|host|endpoint|base|address|server|port)(?![a-z]))[\w.-]*ollama[\w.-]*(?=["']?[ \t]*(?:=(?!=)|:(?![\w.-])[ \t]*[^\s{\#]))(?!["']?[ \t]*[:=][ \t]*["'][A-Z][\w.()-]*(?:[ \t]+[\w.()-]+)+["'])
    flags: [caseless]
    prefilter: [ollama]
    guidance: |-
      A setting the application keeps for Ollama (its model, timeout, keep-alive, options).
      Rename it with the code that reads it: the model becomes the served model name, the
      timeout the OpenAI client's, and Ollama-only options (keep_alive, num_ctx) are dropped
      or become vLLM server flags (see ollama-request-option).
    examples:
      match:
        - "llm:\n  «ollama_model»: qwen2.5:7b\n"
        - "{\n  \"«ollamaKeepAlive»\": \"5m\"\n}\n"
      no-match:
        - "dependencies:\n  ollama: ^0.5.0\n"
        - "llm:\n  ollama_base_url: http://gpu:8080\n"
        - "ollama:\n  host: x\n"
        - "dependencies = [\n    \"ollama==0.4.7\",\n]\n"
        - "{\n  \"labels\": {\n    \"chatOllamaCloud\": \"ChatOllama Cloud\"\n  }\n}\n"

  - id: ollama-named-config-url
    message: configuration key that locates the Ollama server
    category: setting
    priority: high
    files: [yaml, toml, ini, conf, json]
    outside-section: |-
      ^(?:services|(?:dev|peer|optional|build)?[-_]?dependencies|extras|importers|packages|overrides|resolutions|volumes|networks|jobs|steps)$
    # Translations key UI text by names that say Ollama ("ollamaServer": "Ollama Server").
    exclude-paths: ["**/*-lock.yaml", "**/*-lock.yml", "**/*-lock.json", "**/*.lock", "**/compose*.y*ml",
                    "**/docker-compose*.y*ml", "**/locales/**", "**/locale/**", "**/i18n/**", "**/lang/**",
                    "**/translations/**"]
    # `ollama_base_url: http://gpu:8080`, `"ollamaUrl": …`, `ollama_host = …`: the service's
    # address under a key named for it, whatever port it is on.
    pattern: |-
      ^[ \t]*+(?:\#[ \t]*)?(?:-[ \t]+)?["']?\K[\w.-]*ollama[\w.-]*(?:url|host|endpoint|base|address|server|port)(?![a-z])[\w.-]*(?=["']?[ \t]*(?:=|:(?![\w.-])))(?!["']?[ \t]*[:=][ \t]*["'][A-Z][\w.()-]*(?:[ \t]+[\w.()-]+)+["'])
    flags: [caseless]
    prefilter: [ollama]
    guidance: |-
      Where the application finds Ollama. Point it at vLLM's OpenAI-compatible endpoint
      (http://<host>:8000/v1: the /v1 suffix matters, Ollama's native paths were /api/...)
      under a provider-neutral name (openai_base_url), and add an api_key setting.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "llm:\n  «ollama_base_url»: http://gpu:8080\n"
        - "{\n  \"«ollamaUrl»\": \"http://gpu:8080\"\n}\n"
        - "[llm]\n«ollama_host» = \"gpu\"\n"
      no-match:
        - "services:\n  ollama-host:\n    image: x\n"
        - "llm:\n  ollama_model: x\n"
"""##),
        RuleFileText(path: "rules/containers.yml", text: ##"""
# Containers and deployment: the ollama image, its model volume, its CLI, compose services,
# Kubernetes objects and Helm values.
rules:
  - id: ollama-image
    message: uses the ollama/ollama container image
    category: container
    priority: high
    layer: container
    files: [config, shell, makefile]
    # Not github.com/ollama/ollama or a Go import path: those are not images. A registry
    # prefix (docker.io/, a private registry) is part of the image; a mirror under another
    # name (ghcr.io/acme/ollama) is too, but only a person knows what it holds, so its fix is
    # manual. A mirror's folders have no dots, so pkg.go.dev/github.com/... is not one.
    # The lookahead after the lookbehind is a gate: only a token that holds "ollama" can match,
    # and without it the registry alternatives backtracked at every token of every file.
    pattern: |-
      (?<![\w./@-])(?=[\w.:/-]*?ollama)(?:(?:(?!(?:www\.)?(?:github|gitlab|bitbucket)\.(?:com|org)/)[\w-]+(?:\.[\w-]+)+(?::\d+)?/)?ollama/ollama|(?<mirror>(?:ghcr\.io|quay\.io|(?:[\w-]+\.)?gcr\.io|[\w-]+-docker\.pkg\.dev|[\w-]+\.azurecr\.io|[\w.-]+\.amazonaws\.com|(?:docker|registry|harbor|cr|hub|mirror)[\w-]*(?:\.[\w-]+)+|[\w-]+(?:\.[\w-]+)+:\d+)/(?:[\w-]+/)*ollama))(?::[\w.-]+)?(?![\w/-])
    # Every match holds `/ollama` (`ollama/ollama`, `registry.example/ollama`): most
    # files that say ollama name no image, and the pattern looks ahead from every word.
    prefilter: ["/ollama"]
    # No fix: the image alone is half a migration (a vLLM image with no model, no GPU, an Ollama
    # entrypoint still in place). --fix rewrites a compose service whole (a migration unit);
    # a Dockerfile, a `docker run` line or a Kubernetes container is a person's job.
    guidance: |-
      ollama/ollama becomes vllm/vllm-openai:<pinned tag>, whose entrypoint is already
      `vllm serve`: give the model in `command:` (--model <hf repo> --served-model-name
      <old tag> --max-model-len N), map port 8000, mount the Hugging Face cache
      (/root/.cache/huggingface) instead of /root/.ollama, add `ipc: host`, pass HF_TOKEN for
      gated models, and health-check GET /health with a long start period. GPU reservations
      stay as they are. The CUDA image needs a GPU: a CPU-only Ollama deployment is not a
      drop-in migration.
    docs:
      - https://docs.vllm.ai/en/latest/deployment/docker.html
    examples:
      match:
        - "    image: ollama/ollama:latest"
        - "FROM ollama/ollama"
        - "  repository: ollama/ollama"
        - "    image: docker.io/ollama/ollama:0.5.7"
        - "  repository: registry.example.com/ollama/ollama"
        - "FROM registry.example.com:5000/ollama/ollama:rocm"
        - "    image: ghcr.io/acme/ollama:latest"
        - "  image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/platform/ollama:0.6"
      no-match:
        - "See https://github.com/ollama/ollama for details"
        - 'import "github.com/ollama/ollama/api"'
        - "see pkg.go.dev/github.com/ollama/ollama/api"
        - "    image: ghcr.io/open-webui/open-webui:ollama"
        - "    image: ghcr.io/acme/ollama-proxy:1.2"
        - "    url: https://hub.docker.com/r/ollama/ollama"

  - id: ollama-image-in-code
    message: code starts the ollama/ollama container image
    category: container
    priority: high
    layer: container
    files: [code]
    # The registry prefixes of ollama-image.
    pattern: |-
      (?<![\w./@-])(?=[\w.:/-]*?ollama)(?:(?:(?!(?:www\.)?(?:github|gitlab|bitbucket)\.(?:com|org)/)[\w-]+(?:\.[\w-]+)+(?::\d+)?/)?ollama/ollama|(?:ghcr\.io|quay\.io|(?:[\w-]+\.)?gcr\.io|[\w-]+-docker\.pkg\.dev|[\w-]+\.azurecr\.io|[\w.-]+\.amazonaws\.com|(?:docker|registry|harbor|cr|hub|mirror)[\w-]*(?:\.[\w-]+)+|[\w-]+(?:\.[\w-]+)+:\d+)/(?:[\w-]+/)*ollama)(?::[\w.-]+)?(?![\w/-])
    # Every match holds `/ollama` (`ollama/ollama`, `registry.example/ollama`): most
    # files that say ollama name no image, and the pattern looks ahead from every word.
    prefilter: ["/ollama"]
    guidance: |-
      Code that runs the Ollama image (Testcontainers' OllamaContainer, the docker SDK). The
      vLLM image needs a GPU and minutes to load a model, so tests usually move to a mock of
      the OpenAI API instead; production code that starts containers starts
      vllm/vllm-openai with the model as its argument.
    docs:
      - https://docs.vllm.ai/en/latest/deployment/docker.html
    examples:
      match:
        - 'new OllamaContainer(DockerImageName.parse("ollama/ollama:latest"))'
        - 'client.containers.run("ollama/ollama", detach=True)'
        - 'OllamaContainer("docker.io/ollama/ollama:0.5.7")'
      no-match:
        - 'repo = "github.com/ollama/ollama"'
        - "See https://github.com/ollama/ollama"
        - 'image = "vllm/vllm-openai:latest"'

  - id: compose-vllm-command
    message: the vLLM service needs the model to serve and shared memory
    category: container
    priority: high
    layer: container
    files: [compose]
    # Reports the end of the image line, where --fix adds `command:` and `ipc: host`.
    pattern: |-
      ^(?<indent>[ \t]+)image:[ \t]*["']?ollama/ollama(?::[\w.-]+)?["']?[ \t]*(?:#[^\n]*)?\K\n(?![ \t]+command:)
    prefilter: [ollama/ollama]
    # No fix of its own: --fix rewrites the whole service as one migration unit.
    guidance: |-
      vllm/vllm-openai's entrypoint is `vllm serve`: the model is its argument, and PyTorch
      needs shared memory (`ipc: host` or shm_size). --fix rewrites the service whole: image
      pinned, `command: ["--model", <the project's Hugging Face id>, ...]` with the OLLAMA_*
      server settings as flags, `ipc: host`, HF_TOKEN, the Hugging Face cache, a GPU
      reservation and a /health check; or it leaves the service as it is and says why (a host
      port taken, several chat models, a setting it cannot translate). Add --max-model-len to
      fit the GPU.
    docs:
      - https://docs.vllm.ai/en/latest/deployment/docker.html
    examples:
      match:
        - "services:\n  ollama:\n    image: ollama/ollama:latest\n    ports: []\n"
        - "services:\n  llm:\n    image: \"ollama/ollama\"  # pinned later\n"
      no-match:
        - "services:\n  llm:\n    image: vllm/vllm-openai:latest\n"
        - "FROM ollama/ollama\n"

  - id: compose-ollama-healthcheck
    message: health check runs the ollama CLI
    category: container
    priority: high
    layer: container
    files: [compose, yaml]
    pattern: |-
      \[[ \t]*["']CMD(?:-SHELL)?["'][ \t]*,[ \t]*["']ollama["'][ \t]*,[ \t]*["'](?:list|ps|--version|-v)["'][ \t]*\]
    prefilter: [ollama]
    # No fix of its own: curl is not in the Ollama image, so the check changes with the
    # service (the compose migration unit), never before it.
    guidance: |-
      vLLM answers GET /health (curl is in the vllm/vllm-openai image). Loading a model takes
      minutes: give the check a long start_period so dependants wait instead of failing.
    docs:
      - https://docs.vllm.ai/en/latest/deployment/docker.html
    examples:
      match:
        - '      test: ["CMD", "ollama", "list"]'
        - "      test: ['CMD', 'ollama', '--version']"
      no-match:
        - '      test: ["CMD", "curl", "-f", "http://localhost:8000/health"]'
        - '      test: ["CMD", "ollama-proxy", "list"]'

  - id: ollama-model-volume
    message: mounts Ollama's model store
    category: container
    priority: high
    layer: container
    files: [config, shell, makefile]
    pattern: |-
      (?<root>/root/\.ollama)\b(?!/models)|(?<![\w.-])\.ollama/models\b
    prefilter: [.ollama]
    # No fix of its own: an Ollama container whose store moved loses its models on restart.
    # The compose migration unit moves the mount with the image.

    guidance: |-
      vLLM keeps weights in the Hugging Face cache: mount a volume at
      /root/.cache/huggingface (or /home/vllm/.cache/huggingface for a non-root user), and
      optionally /root/.cache/vllm for the compile cache. Ollama's GGUF blobs cannot be
      reused; weights are downloaded from the Hub on first start.
    docs:
      - https://docs.vllm.ai/en/latest/deployment/docker.html
    examples:
      match:
        - "      - ollama_data:/root/.ollama"
        - "OLLAMA_MODELS=~/.ollama/models"
      no-match:
        - "      - hf-cache:/root/.cache/huggingface"
        - "path: /srv/ollama-notes"

  - id: ollama-cli
    message: runs the ollama command-line tool
    category: container
    priority: high
    layer: container
    files: [code, config]
    pattern: |-
      (?<![\w./-])ollama["', \t]+(?:serve|pull|run|list|create|rm|cp|show|ps|push|stop|--version)\b|/bin/ollama\b
    prefilter: [ollama]
    guidance: |-
      `ollama serve` becomes `vllm serve <model>` (already the vllm/vllm-openai entrypoint;
      repeating `serve` in command: breaks argument parsing). `ollama pull`/`run` steps go:
      weights download on first start into the mounted HF cache, or pre-seed it (a build
      step that bakes weights into an image is a human decision: image size, gated tokens).
      `ollama create -f Modelfile` maps FROM -> --model, PARAMETER num_ctx -> --max-model-len,
      TEMPLATE -> --chat-template. Health checks using `ollama list` become
      `curl -f http://localhost:8000/health`.
    docs:
      - https://docs.vllm.ai/en/latest/deployment/docker.html
    examples:
      match:
        - "ollama pull llama3.1:8b"
        - '      test: ["CMD", "ollama", "list"]'
        - "RUN ollama serve & sleep 5 && ollama pull llama3"
        - "result = subprocess.run(['ollama', 'list'], capture_output=True)"
        - 'ENTRYPOINT ["/bin/ollama"]'
      no-match:
        - "ollama_list = []"
        - "import ollama\nlist_models()"
        - "# the ollama service runs elsewhere"

  - id: compose-ollama-service
    message: defines a compose service named ollama
    category: container
    priority: high
    layer: container
    files: [compose, yaml]
    context: |-
      ^services:
    pattern: |-
      ^[ \t]{1,4}\K["']?ollama["']?(?=:[ \t]*(?:#.*)?$)|\bcontainer_name:[ \t]*["']?\Kollama(?:[-_]server)?(?=["']?[ \t]*(?:#.*)?$)
    prefilter: [ollama]
    guidance: |-
      Replace the service with a vLLM one (see ollama-image). Name it for its model, e.g.
      vllm-llm, not "vllm": if the stack moves to Kubernetes, a Service named vllm makes
      Kubernetes inject VLLM_PORT=tcp://..., which vLLM rejects. Update every depends_on,
      link and URL that names the old service.
    docs:
      - https://docs.vllm.ai/en/latest/deployment/docker.html
    examples:
      match:
        - "services:\n  ollama:\n    image: ollama/ollama"
        - "services:\n  app:\n    build: .\n  ollama:\n    image: x"
        - "services:\n  llm:\n    container_name: ollama"
      no-match:
        - "services:\n  app:\n    depends_on:\n      ollama:\n        condition: service_healthy"
        - "volumes:\n  ollama:"
        - "services:\n  webui:\n    container_name: ollama-ui"

  - id: compose-ollama-dependency
    message: depends on the ollama service
    category: container
    priority: high
    layer: container
    files: [compose, yaml]
    context: |-
      ^services:
    # depends_on / links entries: `- ollama`, `ollama:` (map form), `depends_on: [ollama]`.
    pattern: |-
      \b(?:depends_on|links):[ \t]*\[[^\]\n]*?\K\bollama\b(?![\w-])|^[ \t]{5,}(?:-[ \t]*)?\K["']?ollama["']?(?=[ \t]*:?[ \t]*$)
    prefilter: [ollama]
    guidance: |-
      Point the dependency at the vLLM service that replaces ollama. vLLM takes minutes to
      load a model: use `condition: service_healthy` with a /health check and a long
      start_period so dependants wait for it.
    docs:
      - https://docs.docker.com/compose/how-tos/startup-order/
    examples:
      match:
        - "services:\n  app:\n    depends_on:\n      - ollama"
        - "services:\n  app:\n    depends_on: [db, ollama]"
        - "services:\n  app:\n    depends_on:\n      ollama:\n        condition: service_healthy"
      no-match:
        - "services:\n  ollama:\n    image: ollama/ollama"
        - "services:\n  app:\n    depends_on:\n      - ollama-proxy"

  - id: kubernetes-ollama-object
    message: Kubernetes object or container named ollama
    category: container
    priority: high
    layer: container
    files: [yaml]
    context: |-
      ^\s*+kind:\s*["']?(?:Service|Deployment|StatefulSet|DaemonSet|Pod|Ingress|ConfigMap)\b
    # Names (metadata, containers, claims, an Ingress backend's service) and an Ingress host.
    pattern: |-
      ^[ \t]*+(?:-[ \t]*)?(?:\w*[nN]ame|host):[ \t]*["']?\K[\w-]*ollama[\w.-]*(?=["']?[ \t]*$)
    prefilter: [ollama]
    guidance: |-
      Rename the objects with the migration, and update every Service URL that names them.
      Do not call the new Service "vllm": Kubernetes injects <SERVICE>_PORT variables, and
      VLLM_PORT=tcp://... breaks vLLM. Probes move to httpGet /health on port 8000 with a
      long initialDelaySeconds/failureThreshold; mount an emptyDir (medium: Memory) at
      /dev/shm; request nvidia.com/gpu.
    docs:
      - https://docs.vllm.ai/en/latest/deployment/k8s.html
    examples:
      match:
        - "kind: Service\nmetadata:\n  name: ollama"
        - "kind: Pod\nspec:\n  volumes:\n    - persistentVolumeClaim:\n        claimName: ollama-models"
        - "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: ollama-server"
        - "kind: Ingress\nspec:\n  rules:\n    - host: ollama.example.com"
        - "kind: StatefulSet\nspec:\n  serviceName: ollama-headless"
      no-match:
        - "kind: Ingress\nspec:\n  rules:\n    - host: chat.example.com"
        - "kind: Service\nmetadata:\n  name: vllm-llm"
        - "services:\n  app:\n    name: ollama"

  - id: helm-ollama-values
    message: Helm values for the ollama chart
    category: container
    priority: high
    layer: container
    files: [yaml]
    context: |-
      ^[ \t]+(?:gpu|models|pull|run|insecure|mountPath):
    pattern: |-
      ^\Kollama(?=:[ \t]*(?:#.*)?$)
    prefilter: [ollama]
    guidance: |-
      The otwld/ollama-helm values have no vLLM twin. Use a vLLM Deployment (image
      vllm/vllm-openai, args with the model, resources.limits nvidia.com/gpu) or the vLLM
      production-stack chart: ollama.gpu.* -> requestGPU / nvidia.com/gpu limits,
      ollama.models.pull -> modelURL per modelSpec, persistentVolume -> a PVC at
      /root/.cache/huggingface, service.port 11434 -> 8000, probes on /health.
    docs:
      - https://docs.vllm.ai/en/latest/deployment/integrations/production-stack.html
    examples:
      match:
        - "ollama:\n  gpu:\n    enabled: true"
        - "ollama:\n  models:\n    pull:\n      - llama3.1:8b"
      no-match:
        - "services:\n  ollama:\n    gpu: true"
        - "ollama:\n  enabled: true"

  - id: ollama-root-health-probe
    message: health probe on Ollama's root path
    category: endpoint
    priority: medium
    layer: container
    files: [yaml, compose]
    context: |-
      (?i)\bollama|11434
    pattern: |-
      ^[ \t]*+path:[ \t]*["']?\K/(?=["']?[ \t]*(?:#.*)?$)
    prefilter: [ollama, Ollama, OLLAMA, "11434"]
    guidance: |-
      Ollama answers GET / with "Ollama is running"; vLLM's liveness endpoint is GET /health
      on port 8000 (503 when the engine died). Loading a model takes minutes: raise
      initialDelaySeconds / failureThreshold (or add a startupProbe).
    docs:
      - https://docs.vllm.ai/en/latest/deployment/k8s.html
    examples:
      match:
        - "image: ollama/ollama\nlivenessProbe:\n  httpGet:\n    path: /\n    port: 11434"
        - "# ollama\nreadinessProbe:\n  httpGet:\n    path: '/'"
      no-match:
        - "image: ollama/ollama\nlivenessProbe:\n  httpGet:\n    path: /health"
        - "livenessProbe:\n  httpGet:\n    path: /"

  - id: helm-ollama-dependency
    message: Helm chart depends on the ollama chart
    category: container
    priority: high
    layer: container
    files: [yaml]
    paths: [Chart.yaml, requirements.yaml]
    pattern: |-
      ^[ \t]*+-?[ \t]*name:[ \t]*["']?\Kollama(?=["']?[ \t]*$)|otwld\.github\.io/ollama-helm
    prefilter: [ollama]
    guidance: |-
      The chart pulls in otwld/ollama-helm. Replace the dependency with a vLLM deployment: the
      vLLM production-stack chart, or your own Deployment of vllm/vllm-openai, and move the
      ollama.* values over (see helm-ollama-values).
    docs:
      - https://docs.vllm.ai/en/latest/deployment/integrations/production-stack.html
    examples:
      match:
        - "dependencies:\n  - name: ollama\n    version: 1.0.0"
        - "    repository: https://otwld.github.io/ollama-helm/"
      no-match:
        - "dependencies:\n  - name: redis"
        - "name: my-ollama-notes"

  - id: compose-ollama-include
    message: includes or runs an Ollama compose file
    category: container
    priority: high
    layer: container
    files: [compose, yaml, shell, makefile]
    # A top-level `include:` entry (short or `path:` form) naming a compose file for Ollama,
    # and `docker compose -f` with one in a script. The entry's name says compose: a
    # Kustomize `resources:` list of manifests is not an include.
    pattern: |-
      ^[ \t]*+-[ \t]*(?:path:[ \t]*)?["']?\K[^\s"'#]*(?:compose[^\s"'#]*ollama|ollama[^\s"'#]*compose)[^\s"'#]*\.ya?ml(?=["']?[ \t]*(?:#.*)?$)|\bdocker(?:-compose|[ \t]+compose)\b[^\n]*?[ \t](?:-f|--file)[ \t=]*["']?\K[^\s"']*ollama[^\s"'/]*\.ya?ml\b
    prefilter: [ollama]
    guidance: |-
      The stack pulls its Ollama service from its own compose file. Replace that file with a
      vLLM one (see ollama-image and compose-vllm-command) and point the include, and every
      script that passes it with -f, at the new file.
    docs:
      - https://docs.docker.com/compose/how-tos/multiple-compose-files/include/
    examples:
      match:
        - "include:\n  - compose.ollama.yml\n"
        - "include:\n  - path: ./ollama/docker-compose.yaml\n"
        - "docker compose -f compose.yml -f compose.ollama.yml up -d"
        - "\tdocker-compose --file docker-compose-ollama.yml down"
      no-match:
        - "include:\n  - compose.vllm.yml\n"
        - "docker compose -f compose.yml up -d  # ollama runs elsewhere"
        - "volumes:\n  - ./ollama/models:/models\n"
        - "resources:\n  - ollama.yaml\n"

  - id: compose-ollama-network-setting
    message: setting of a compose network or volume named for Ollama
    category: container
    priority: medium
    layer: container
    files: [compose, yaml]
    context: |-
      ^(?:networks|volumes):
    # The lines under `ollama_network:` (`name:`, `external: true`, `driver:`) go with the
    # declaration compose-ollama-name reports: a migration renames or removes the whole block.
    # Service definitions have their own rules, so a service's children are not read here.
    section: |-
      ^[\w.-]*ollama[_.-](?:net|network|networks|data|storage|models|volume|vol|cache)\b[\w.-]*$
    outside-section: |-
      ^(?:services|x-[\w-]+)$
    pattern: |-
      ^[ \t]*+(?:-[ \t]+)?["']?\K[\w.-]+(?=["']?[ \t]*:(?![\w.-]))|^[ \t]*+-[ \t]+["']?\K[\w./:-]+(?=["']?[ \t]*(?:\#.*)?$)
    flags: [caseless]
    prefilter: [ollama]
    guidance: |-
      Rename or remove it together with the network or volume it configures (an external
      network shared with an Ollama stack goes away with that stack; a model-store volume
      becomes the Hugging Face cache).
    docs:
      - https://docs.docker.com/reference/compose-file/networks/
    examples:
      match:
        - "networks:\n  ollama_network:\n    name: ollama_network\n    «external»: true\n"
        - "volumes:\n  ollama_models:\n    «driver»: local\n"
      no-match:
        - "networks:\n  app_network:\n    external: true\n"
        - "services:\n  ollama_data:\n    image: busybox\n"
        - "volumes:\n  ollama:\n    driver: local\n"

  - id: compose-ollama-name
    message: compose network, volume or YAML anchor named for Ollama
    category: container
    priority: high
    layer: container
    files: [compose, yaml]
    context: |-
      ^(?:services|networks|volumes|x-[\w-]+):
    # Anchors and aliases (`&service-ollama`, `<<: *service-ollama`), and networks and volumes
    # whose names say ollama with a suffix (`ollama_network`, `ollama-data`): their
    # declarations (`ollama_network:`, `name: ollama_network`) and uses (`- ollama_network`).
    # A bare `ollama` is a service: compose-ollama-service and -dependency have it.
    pattern: |-
      [&*]\K[\w.-]*(?i:ollama)[\w.-]*|^[ \t]*+(?:-[ \t]*|name:[ \t]*)?["']?\K[\w.-]*(?i:ollama)[_.-](?:net|network|networks|data|storage|models|volume|vol|cache)\b[\w.-]*(?=["']?[ \t]*:?[ \t]*(?:#.*)?$)
    prefilter: [ollama, Ollama]
    guidance: |-
      Rename them with the service they serve (vllm-llm-network, hf-cache), and follow every
      alias: a service defined only through `<<: *service-ollama` changes when the anchor
      does, so edit the anchor, not a copy of it. A model-store volume moves from
      /root/.ollama to /root/.cache/huggingface.
    docs:
      - https://docs.docker.com/reference/compose-file/fragments/
    examples:
      match:
        - "services:\n  app:\n    networks:\n      - ollama_network\n"
        - "networks:\n  ollama_network:\n    name: ollama_network\n"
        - "x-ollama: &service-ollama\n  image: x\n"
        - "services:\n  ollama-cpu:\n    <<: *service-ollama\n"
        - "volumes:\n  ollama_storage:\n"
      no-match:
        - "services:\n  app:\n    networks:\n      - ollama\n"
        - "services:\n  app:\n    <<: *service-n8n\n"
        - "volumes:\n  ollama:\n"
        - "services:\n  app:\n    image: ollama_network_tools\n"
"""##),
        RuleFileText(path: "rules/docs.yml", text: #"""
# Documentation: prose mentions (low) and code samples inside docs (medium: people copy them).
rules:
  - id: docs-ollama-mention
    message: documentation mentions Ollama
    category: docs
    priority: low
    layer: documentation
    files: [docs]
    markdown: prose
    pattern: |-
      \b(?:[A-Za-z0-9]+_)*ollama(?![A-Za-z0-9])|(?<![\d.])11434(?![\d.])
    flags: [caseless]
    prefilter: [ollama, "11434"]
    guidance: |-
      Update the docs with the migration: setup moves from `ollama pull` to
      `vllm serve <hf-model>` (or the vllm/vllm-openai image), examples use the OpenAI
      client with base_url http://<host>:8000/v1, API examples use /v1/chat/completions, and
      variables become OPENAI_BASE_URL / OPENAI_API_KEY. Changelog and licence entries that
      record history can stay.
    docs:
      - https://docs.vllm.ai/en/latest/getting_started/quickstart.html
    examples:
      match:
        - "Start Ollama with `ollama serve`."
        - "## OLLAMA setup"
        - "Set `OLLAMA_HOST` before starting."
        - "Open port 11434 in the firewall."
      no-match:
        - "Our llamas graze in the south field."
        - "```bash\nollama pull llama3\n```\nThen open the app."

  - id: docs-ollama-code-sample
    message: code sample in the docs uses Ollama
    category: docs
    # Low, as prose: a sample is rewritten with the docs, after the code. The labelled corpus
    # puts every README and troubleshooting snippet at low, quick-start commands included.
    priority: low
    layer: documentation
    files: [docs]
    markdown: code
    pattern: |-
      \b(?:[A-Za-z0-9]+_)*ollama(?![A-Za-z0-9])|(?<![\d.])11434(?![\d.])
    flags: [caseless]
    prefilter: [ollama, "11434"]
    guidance: |-
      Readers copy code samples verbatim. Rewrite the sample for vLLM: the openai client
      with base_url="http://localhost:8000/v1" and api_key="EMPTY", requests to
      /v1/chat/completions, `vllm serve <hf-model>` instead of `ollama pull`/`ollama serve`,
      and port 8000 instead of 11434.
    docs:
      - https://docs.vllm.ai/en/latest/getting_started/quickstart.html
    examples:
      match:
        - "Setup:\n\n```bash\nollama pull llama3.1:8b\n```\n"
        - "```python\nimport ollama\nprint(ollama.chat(model='x'))\n```"
        - "~~~\ncurl http://localhost:11434/api/tags\n~~~"
      no-match:
        - "Ollama is mentioned in prose only."
        - "```bash\nvllm serve Qwen/Qwen2.5-7B-Instruct\n```\nOllama is gone."
  - id: docs-ollama-model-tag
    message: code sample in the docs sets an Ollama model tag
    category: docs
    # Low with the other samples. Ollama's tags end in a parameter count after a colon
    # (qwen3:30b, kdavis/goedel-formalizer-v2:32b); a config sample that sets one copies the
    # Ollama setup, although neither "ollama" nor its port is in it.
    priority: low
    layer: documentation
    files: [docs]
    markdown: code
    pattern: |-
      ^[ \t]*+(?:-[ \t]+)?["']?[\w.-]*model[\w.-]*["']?[ \t]*[:=][ \t]*["']?\K(?:[a-z0-9][\w.-]*+/)?[A-Za-z][\w.-]*+:\d++(?:\.\d+)?b(?:-[\w.]+)?(?![\w.:/-])
    flags: [caseless]
    prefilter: [model, MODEL, Model]
    guidance: |-
      Rewrite the sample with the model name the vLLM server serves (a Hugging Face id such
      as Qwen/Qwen3-30B-A3B, or its --served-model-name), in the same change as the code and
      config that read it.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "```ini\n[PROVER_AGENT_LLM]\nmodel = «kdavis/Goedel-Prover-V2:32b»\n```\n"
        - "```yaml\nllm:\n  model: «qwen3:30b»\n```\n"
      no-match:
        - "model = qwen3:30b is set in prose, not in a sample."
        - "```yaml\nmodel: Qwen/Qwen3-30B-A3B\n```\n"
        - "```yaml\nimage: python:3.12b\n```\n"

"""#),
        RuleFileText(path: "rules/env-names.yml", text: #"""
# What the application's Ollama variables are renamed to by --fix (OpenAI's client names). Fix
# templates call it as ${env:GROUP}; the prefix of a prefixed name is kept (VITE_OLLAMA_URL ->
# VITE_OPENAI_BASE_URL) and so is the case of a pydantic field (ollama_base_url ->
# openai_base_url). Names missing here (OLLAMA_KEEP_ALIVE, OLLAMA_PORT, OLLAMA_HOST, which is
# dual-use) stay manual. Never VLLM_PORT or VLLM_HOST_IP: vLLM reads those itself. A user rule
# folder can override these targets with its own `env-names:` file.
env-names:
  OLLAMA_URL: OPENAI_BASE_URL
  OLLAMA_BASE_URL: OPENAI_BASE_URL
  OLLAMA_API_BASE: OPENAI_BASE_URL
  OLLAMA_API_URL: OPENAI_BASE_URL
  OLLAMA_ENDPOINT: OPENAI_BASE_URL
  OLLAMA_MODEL: LLM_MODEL
  OLLAMA_CHAT_MODEL: LLM_MODEL
  OLLAMA_LLM_MODEL: LLM_MODEL
  OLLAMA_EMBED_MODEL: EMBEDDING_MODEL
  OLLAMA_EMBEDDING_MODEL: EMBEDDING_MODEL
  OLLAMA_API_KEY: OPENAI_API_KEY
  OLLAMA_TIMEOUT: LLM_TIMEOUT

# What the Markdown audit gives as each Ollama variable's vLLM or OpenAI-compatible
# counterpart: server flags for the server's variables, the OpenAI client's names (the
# renames above) for the client's. A prefixed name (VITE_OLLAMA_URL) reads the entry of its
# OLLAMA_ part; a name missing here reads "no direct equivalent: review". The text is
# Markdown, printed as written. A user rule folder can add or override entries with its own
# `env-counterparts:` file.
env-counterparts:
  OLLAMA_HOST: 'server: `vllm serve --host H --port 8000`; client: `OPENAI_BASE_URL=http://<host>:8000/v1`'
  OLLAMA_URL: '`OPENAI_BASE_URL=http://<host>:8000/v1` (with `OPENAI_API_KEY`)'
  OLLAMA_BASE_URL: '`OPENAI_BASE_URL=http://<host>:8000/v1` (with `OPENAI_API_KEY`)'
  OLLAMA_API_BASE: '`OPENAI_BASE_URL=http://<host>:8000/v1` (with `OPENAI_API_KEY`)'
  OLLAMA_ENDPOINT: '`OPENAI_BASE_URL=http://<host>:8000/v1` (with `OPENAI_API_KEY`)'
  OLLAMA_API_URL: '`OPENAI_BASE_URL=http://<host>:8000/v1` (with `OPENAI_API_KEY`)'
  OLLAMA_PORT: 'no variable: `vllm serve --port 8000`, and the port inside `OPENAI_BASE_URL` (never `VLLM_PORT`)'
  OLLAMA_MODEL: 'an application variable such as `LLM_MODEL` holding the served model name'
  OLLAMA_CHAT_MODEL: 'an application variable such as `LLM_MODEL` holding the served model name'
  OLLAMA_LLM_MODEL: 'an application variable such as `LLM_MODEL` holding the served model name'
  OLLAMA_EMBED_MODEL: '`EMBEDDING_MODEL`: the served name of a separate pooling-mode vLLM server'
  OLLAMA_EMBEDDING_MODEL: '`EMBEDDING_MODEL`: the served name of a separate pooling-mode vLLM server'
  OLLAMA_API_KEY: '`OPENAI_API_KEY` (client; `EMPTY` without `--api-key`), `VLLM_API_KEY` (server)'
  OLLAMA_TIMEOUT: 'the client''s `timeout` (openai clients: 600 s and 2 retries by default)'
  OLLAMA_MODELS: '`HF_HOME` / `HF_HUB_CACHE`, or `vllm serve --download-dir`'
  OLLAMA_KEEP_ALIVE: 'no equivalent: the model stays loaded'
  OLLAMA_LOAD_TIMEOUT: 'no equivalent'
  OLLAMA_CONTEXT_LENGTH: '`vllm serve --max-model-len N`'
  OLLAMA_NUM_PARALLEL: '`vllm serve --max-num-seqs N` (approximate: vLLM batches continuously)'
  OLLAMA_MAX_LOADED_MODELS: 'no equivalent: one model per vLLM server'
  OLLAMA_MAX_QUEUE: 'no equivalent'
  OLLAMA_ORIGINS: '`vllm serve --allowed-origins ''["https://..."]''` (default: all origins)'
  OLLAMA_DEBUG: '`VLLM_LOGGING_LEVEL=DEBUG`'
  OLLAMA_FLASH_ATTENTION: 'not needed: vLLM picks the attention backend'
  OLLAMA_KV_CACHE_TYPE: '`vllm serve --kv-cache-dtype` (no 4-bit equivalent)'
  OLLAMA_GPU_OVERHEAD: '`vllm serve --gpu-memory-utilization` (a fraction used, the inverse meaning)'
  OLLAMA_SCHED_SPREAD: '`vllm serve --tensor-parallel-size <GPUs>`'
  OLLAMA_LLM_LIBRARY: 'no equivalent'
  OLLAMA_ORIGIN: '`vllm serve --allowed-origins`'
"""#),
        RuleFileText(path: "rules/env-vars.yml", text: #"""
# Environment variables that configure Ollama or point an application at it, wherever they
# appear: os.environ / getenv, process.env, import.meta.env, .env files, compose environment
# blocks (list and map form), Dockerfile ENV/ARG, Kubernetes env entries, shell scripts.
rules:
  - id: ollama-server-env-var
    message: variable the Ollama server reads
    category: env-var
    priority: high
    files: [code, config]
    # The names in ollama/envconfig; a prefixed name (XYZ_OLLAMA_HOST) is the application's own.
    pattern: |-
      (?<![A-Za-z0-9_])(?:(?<!\.)|(?<=env\.))OLLAMA_(?:HOST|MODELS|KEEP_ALIVE|LOAD_TIMEOUT|CONTEXT_LENGTH|NUM_PARALLEL|MAX_LOADED_MODELS|MAX_QUEUE|ORIGINS|DEBUG|DEBUG_LOG_REQUESTS|FLASH_ATTENTION|KV_CACHE_TYPE|GPU_OVERHEAD|SCHED_SPREAD|LLM_LIBRARY|VULKAN|IGPU_ENABLE|NOPRUNE|NOHISTORY|EDITOR|NO_CLOUD|REMOTES|AUTH|GO_TEMPLATE|MAX_TRANSFER_STREAMS|API_KEY|TMPDIR|RUNNERS_DIR|INTEL_GPU|NEW_ENGINE|MULTIUSER_CACHE)(?![A-Za-z0-9_])
    prefilter: [OLLAMA_]
    guidance: |-
      These are Ollama server settings; vLLM takes its settings as `vllm serve` flags:
        OLLAMA_HOST (bind)         -> --host 0.0.0.0 --port 8000 (vLLM binds all interfaces by default)
        OLLAMA_HOST (client side)  -> OPENAI_BASE_URL=http://<host>:8000/v1
        OLLAMA_MODELS              -> HF_HOME / HF_HUB_CACHE, or --download-dir
        OLLAMA_CONTEXT_LENGTH      -> --max-model-len
        OLLAMA_NUM_PARALLEL        -> --max-num-seqs (approximate: vLLM batches continuously)
        OLLAMA_ORIGINS             -> --allowed-origins '["https://a"]' (default is all origins)
        OLLAMA_DEBUG               -> VLLM_LOGGING_LEVEL=DEBUG
        OLLAMA_KV_CACHE_TYPE       -> --kv-cache-dtype (no 4-bit equivalent)
        OLLAMA_SCHED_SPREAD        -> --tensor-parallel-size <GPUs>
        OLLAMA_API_KEY             -> OPENAI_API_KEY (client) / VLLM_API_KEY (server)
        OLLAMA_KEEP_ALIVE, OLLAMA_MAX_LOADED_MODELS, OLLAMA_LOAD_TIMEOUT -> no equivalent (drop)
      OLLAMA_HOST is dual-use: in the ollama service itself it is the bind address, elsewhere
      it is the address clients call. Never use VLLM_PORT or VLLM_HOST_IP: vLLM reads those
      for its internal distributed setup.
    docs:
      - https://docs.vllm.ai/en/latest/serving/env_vars.html
      - https://docs.vllm.ai/en/latest/cli/serve.html
    examples:
      match:
        - "OLLAMA_HOST=0.0.0.0:11434"
        - "      - OLLAMA_KEEP_ALIVE=24h"
        - "host = os.environ['OLLAMA_HOST']"
      no-match:
        - "VITE_OLLAMA_HOST=http://localhost:11434"
        - "OLLAMA_URL=http://localhost:11434"

  - id: ollama-app-env-var
    message: application variable naming Ollama
    category: env-var
    priority: high
    # JavaScript and TypeScript have two rules of their own: there an OLLAMA_* name is an
    # environment variable only where the code reads it from the environment.
    files: [python, go, java, kotlin, notebook, shell, makefile, config]
    # Every other OLLAMA_* name, with or without an application prefix (VITE_OLLAMA_URL).
    pattern: |-
      (?<![A-Za-z0-9_])(?:(?<!\.)|(?<=env\.))(?!OLLAMA_(?:HOST|MODELS|KEEP_ALIVE|LOAD_TIMEOUT|CONTEXT_LENGTH|NUM_PARALLEL|MAX_LOADED_MODELS|MAX_QUEUE|ORIGINS|DEBUG|DEBUG_LOG_REQUESTS|FLASH_ATTENTION|KV_CACHE_TYPE|GPU_OVERHEAD|SCHED_SPREAD|LLM_LIBRARY|VULKAN|IGPU_ENABLE|NOPRUNE|NOHISTORY|EDITOR|NO_CLOUD|REMOTES|AUTH|GO_TEMPLATE|MAX_TRANSFER_STREAMS|API_KEY|TMPDIR|RUNNERS_DIR|INTEL_GPU|NEW_ENGINE|MULTIUSER_CACHE)(?![A-Za-z0-9_]))(?:[A-Z][A-Z0-9]*_)*OLLAMA(?:_[A-Z0-9]+)+(?![A-Za-z0-9_])
    prefilter: [OLLAMA_]
    fix: "${env:0}"
    guidance: |-
      Application configuration that points at Ollama. The usual targets:
        OLLAMA_URL, OLLAMA_BASE_URL, OLLAMA_API_BASE, OLLAMA_ENDPOINT
            -> OPENAI_BASE_URL=http://<host>:8000/v1 (the /v1 is required by the OpenAI SDKs)
        OLLAMA_MODEL, OLLAMA_CHAT_MODEL, OLLAMA_EMBED_MODEL
            -> an application name such as LLM_MODEL / EMBEDDING_MODEL whose value is a served
               model name (vllm serve --served-model-name)
        OLLAMA_PORT -> no variable: put the port in OPENAI_BASE_URL and `vllm serve --port`
        OLLAMA_TIMEOUT -> the client's timeout (openai clients default to 600 s and 2 retries)
      Add OPENAI_API_KEY (EMPTY when the server has no --api-key): the OpenAI SDKs refuse to
      start without one. Prefixed forms (VITE_OLLAMA_URL) keep their prefix: VITE_OPENAI_BASE_URL.
      Never rename to VLLM_PORT or VLLM_HOST_IP.
    docs:
      - https://github.com/openai/openai-python#configuring-the-http-client
    examples:
      match:
        - 'OLLAMA_URL = os.getenv("OLLAMA_URL", "http://localhost:11434")'
        - "      OLLAMA_BASE_URL: http://ollama:11434"
        - "SPRING_AI_OLLAMA_BASE_URL=http://localhost:11434"
      no-match:
        - "OLLAMA_HOST=0.0.0.0"
        - "LLAMA_FARM_REGION=eu-west-1"
        - "ollama_url = settings.base"
      fixes:
        - before: "OLLAMA_URL=http://localhost:11434\nVITE_OLLAMA_URL=/ollama\nOLLAMA_PORT=11434\n"
          after: "OPENAI_BASE_URL=http://localhost:11434\nVITE_OPENAI_BASE_URL=/ollama\nOLLAMA_PORT=11434\n"

  - id: js-ollama-app-env-var
    message: application variable naming Ollama, read from the environment
    category: env-var
    priority: high
    files: [js]
    # Split from ollama-app-env-var: an ignore[ollama-app-env-var] on a JS line, or that id in
    # a configuration's disable:, still applies here.
    replaces: [ollama-app-env-var]
    # process.env.X, import.meta.env.X, SvelteKit's env.X, env['X'], the name as a string (a
    # getter's argument, a list of required variables), or a name with a bundler's env
    # prefix (VITE_, NEXT_PUBLIC_, PUBLIC_): those exist only as environment variables, so an
    # `interface ImportMetaEnv` entry or a comment naming one is renamed with it.
    pattern: |-
      (?:(?<=env\.)|(?<=env\[["'])|(?<=["'`]))(?<![A-Za-z0-9_])(?:(?!OLLAMA_(?:HOST|MODELS|KEEP_ALIVE|LOAD_TIMEOUT|CONTEXT_LENGTH|NUM_PARALLEL|MAX_LOADED_MODELS|MAX_QUEUE|ORIGINS|DEBUG|DEBUG_LOG_REQUESTS|FLASH_ATTENTION|KV_CACHE_TYPE|GPU_OVERHEAD|SCHED_SPREAD|LLM_LIBRARY|VULKAN|IGPU_ENABLE|NOPRUNE|NOHISTORY|EDITOR|NO_CLOUD|REMOTES|AUTH|GO_TEMPLATE|MAX_TRANSFER_STREAMS|API_KEY|TMPDIR|RUNNERS_DIR|INTEL_GPU|NEW_ENGINE|MULTIUSER_CACHE)(?![A-Za-z0-9_]))(?:[A-Z][A-Z0-9]*_)*OLLAMA(?:_[A-Z0-9]+)+(?![A-Za-z0-9_]))|(?<![A-Za-z0-9_$.])(?=(?:VITE|NEXT_PUBLIC|PUBLIC|REACT_APP|NUXT_PUBLIC|NUXT|EXPO_PUBLIC|GATSBY|VUE_APP)_)(?:(?!OLLAMA_(?:HOST|MODELS|KEEP_ALIVE|LOAD_TIMEOUT|CONTEXT_LENGTH|NUM_PARALLEL|MAX_LOADED_MODELS|MAX_QUEUE|ORIGINS|DEBUG|DEBUG_LOG_REQUESTS|FLASH_ATTENTION|KV_CACHE_TYPE|GPU_OVERHEAD|SCHED_SPREAD|LLM_LIBRARY|VULKAN|IGPU_ENABLE|NOPRUNE|NOHISTORY|EDITOR|NO_CLOUD|REMOTES|AUTH|GO_TEMPLATE|MAX_TRANSFER_STREAMS|API_KEY|TMPDIR|RUNNERS_DIR|INTEL_GPU|NEW_ENGINE|MULTIUSER_CACHE)(?![A-Za-z0-9_]))(?:[A-Z][A-Z0-9]*_)*OLLAMA(?:_[A-Z0-9]+)+(?![A-Za-z0-9_]))
    prefilter: [OLLAMA_]
    fix: "${env:0}"
    guidance: |-
      As ollama-app-env-var: OLLAMA_URL / OLLAMA_BASE_URL -> OPENAI_BASE_URL (ending in /v1),
      OLLAMA_MODEL -> a served model name, plus OPENAI_API_KEY (EMPTY when the server has no
      --api-key). Prefixed forms keep their prefix: VITE_OLLAMA_URL -> VITE_OPENAI_BASE_URL.
    docs:
      - https://github.com/openai/openai-node#configuring-the-client
    examples:
      match:
        - "const url = import.meta.env.«VITE_OLLAMA_URL»"
        - "const ollamaUrl = process.env.OLLAMA_URL;"
        - "const base = getEnv('OLLAMA_BASE_URL')"
        - "interface ImportMetaEnv {\n  readonly «VITE_OLLAMA_URL»?: string;\n}"
      no-match:
        - "export const OLLAMA_COMMON_URLS = ['http://127.0.0.1:11434']"
        - "const res = await fetch(`${OLLAMA_API_BASE_URL}/tags`)"

  - id: sveltekit-ollama-env-var
    message: application variable naming Ollama, imported from SvelteKit's environment
    category: env-var
    priority: high
    files: [js]
    # `import { OLLAMA_BASE_URL } from '$env/static/private'`: in such a file the bare name
    # is the environment variable, at its import and at every use (a PUBLIC_ name is
    # js-ollama-app-env-var's by its prefix).
    context: |-
      ['"]\$env/(?:static|dynamic)/(?:public|private)['"]
    in: [code]
    pattern: |-
      (?<![A-Za-z0-9_$.])(?!(?:VITE|NEXT_PUBLIC|PUBLIC|REACT_APP|NUXT_PUBLIC|NUXT|EXPO_PUBLIC|GATSBY|VUE_APP)_)(?:(?!OLLAMA_(?:HOST|MODELS|KEEP_ALIVE|LOAD_TIMEOUT|CONTEXT_LENGTH|NUM_PARALLEL|MAX_LOADED_MODELS|MAX_QUEUE|ORIGINS|DEBUG|DEBUG_LOG_REQUESTS|FLASH_ATTENTION|KV_CACHE_TYPE|GPU_OVERHEAD|SCHED_SPREAD|LLM_LIBRARY|VULKAN|IGPU_ENABLE|NOPRUNE|NOHISTORY|EDITOR|NO_CLOUD|REMOTES|AUTH|GO_TEMPLATE|MAX_TRANSFER_STREAMS|API_KEY|TMPDIR|RUNNERS_DIR|INTEL_GPU|NEW_ENGINE|MULTIUSER_CACHE)(?![A-Za-z0-9_]))(?:[A-Z][A-Z0-9]*_)*OLLAMA(?:_[A-Z0-9]+)+(?![A-Za-z0-9_]))
    prefilter: [OLLAMA_]
    fix: "${env:0}"
    guidance: |-
      As ollama-app-env-var; SvelteKit keeps the PUBLIC_ prefix for variables the browser may
      read: PUBLIC_OLLAMA_HOST -> PUBLIC_OPENAI_BASE_URL (ending in /v1).
    docs:
      - https://svelte.dev/docs/kit/$env-static-public
    examples:
      match:
        - "import { «OLLAMA_BASE_URL» } from '$env/static/private';"
        - "import { OLLAMA_BASE_URL } from '$env/static/private';\nconst ollama = new Ollama({ host: OLLAMA_BASE_URL });"
      no-match:
        - "import { OLLAMA_API_BASE_URL } from '$lib/constants';"

  - id: js-ollama-constant
    message: application constant naming Ollama
    category: setting
    # Medium: a constant in the code (a list of candidate URLs, a model-family list, the base
    # URL a module exports) is where the Ollama value is, or is used; the value itself is
    # found by the port, URL and model rules, at their own priority.
    priority: medium
    files: [js]
    in: [code]
    pattern: |-
      (?<![A-Za-z0-9_$.])(?!(?:VITE|NEXT_PUBLIC|PUBLIC|REACT_APP|NUXT_PUBLIC|NUXT|EXPO_PUBLIC|GATSBY|VUE_APP)_)(?:(?!OLLAMA_(?:HOST|MODELS|KEEP_ALIVE|LOAD_TIMEOUT|CONTEXT_LENGTH|NUM_PARALLEL|MAX_LOADED_MODELS|MAX_QUEUE|ORIGINS|DEBUG|DEBUG_LOG_REQUESTS|FLASH_ATTENTION|KV_CACHE_TYPE|GPU_OVERHEAD|SCHED_SPREAD|LLM_LIBRARY|VULKAN|IGPU_ENABLE|NOPRUNE|NOHISTORY|EDITOR|NO_CLOUD|REMOTES|AUTH|GO_TEMPLATE|MAX_TRANSFER_STREAMS|API_KEY|TMPDIR|RUNNERS_DIR|INTEL_GPU|NEW_ENGINE|MULTIUSER_CACHE)(?![A-Za-z0-9_]))(?:[A-Z][A-Z0-9]*_)*OLLAMA(?:_[A-Z0-9]+)+(?![A-Za-z0-9_]))
    prefilter: [OLLAMA_]
    guidance: |-
      A constant that names Ollama: rename it with what it holds (OPENAI_BASE_URL, LLM_MODELS)
      and check its value: an Ollama URL ends in /api or :11434, an OpenAI-compatible one in
      /v1.
    examples:
      match:
        - "export const «OLLAMA_COMMON_URLS» = ['http://127.0.0.1:11434']"
        - "const res = await fetch(`${$settings?.API_BASE_URL ?? OLLAMA_API_BASE_URL}/tags`)"
      no-match:
        - "const ollamaUrl = process.env.OLLAMA_URL;"
        - "const key = 'OLLAMA_URL'"

  - id: ollama-cli-option
    message: command-line option naming Ollama
    category: setting
    # High, as the environment variable it usually mirrors: the option is how the service
    # is pointed at Ollama (--ollama-url), and every start script passes it.
    priority: high
    files: [code]
    # The option's name as a string in an argparse, click, typer, commander or yargs
    # declaration; the CLI binary's own flags (`ollama run --verbose`) do not contain it.
    pattern: |-
      (?<=["'])--(?:[a-z0-9]+-)*ollama(?:-[a-z0-9]+)*(?=["'])
    flags: [caseless]
    prefilter: [ollama, Ollama]
    guidance: |-
      Rename the option with the variable it mirrors (--ollama-url -> --openai-base-url, with
      a /v1 base) and keep the old name as a deprecated alias for a release, so start scripts
      and compose files keep working while they move.
    examples:
      match:
        - "@click.option(\n    \"«--ollama-url»\",\n    type=str,\n)"
        - "parser.add_argument('--ollama-host', default='http://localhost:11434')"
      no-match:
        - "subprocess.run(['ollama', 'run', '--verbose', model])"
        - "parser.add_argument('--openai-base-url')"

  - id: ollama-config-reference
    message: reads an Ollama setting from the application's config object
    category: env-var
    priority: medium
    files: [code]
    # settings.OLLAMA_MODEL, config.OLLAMA_URL: uses of a setting defined elsewhere (where the
    # env-var rules report it); process.env.X and import.meta.env.X are reads, not these.
    pattern: |-
      (?<=\.)(?<!env\.)(?:[A-Z][A-Z0-9]*_)*OLLAMA(?:_[A-Z0-9]+)+(?![A-Za-z0-9_])
    prefilter: [OLLAMA_]
    fix: "${env:0}"
    guidance: |-
      Code that uses an Ollama setting through the application's config object (metadata in
      API responses, logging, routing). It changes with the setting's definition: when
      OLLAMA_URL becomes OPENAI_BASE_URL and OLLAMA_MODEL becomes LLM_MODEL, rename the
      attribute here too. Values logged or returned to clients (model names) become the
      served model name.
    examples:
      match:
        - 'return {"model": settings.OLLAMA_MODEL}'
        - "logger.info('calling %s', config.OLLAMA_URL)"
      no-match:
        - "const host = process.env.OLLAMA_HOST"
        - "OLLAMA_URL = os.getenv('OLLAMA_URL')"
      fixes:
        - before: 'return {"model": settings.OLLAMA_MODEL}\n'
          after: 'return {"model": settings.LLM_MODEL}\n'

  - id: pydantic-ollama-setting
    message: settings field that reads an Ollama variable
    category: env-var
    priority: high
    files: [python]
    # pydantic BaseSettings maps the field ollama_base_url to the variable OLLAMA_BASE_URL.
    context: |-
      \bBaseSettings\b|\bpydantic_settings\b
    pattern: |-
      ^[ \t]+\K\w*(?i:ollama)\w*(?=[ \t]*:[ \t]*[A-Za-z])
    prefilter: [ollama, Ollama]
    flags: [caseless]
    fix: "${env:0}"
    guidance: |-
      pydantic settings read this field from the environment variable of the same name
      (OLLAMA_BASE_URL for ollama_base_url). Rename it with the variable: the base URL
      becomes openai_base_url (OPENAI_BASE_URL, ending in /v1), the model becomes an
      application model name, and add openai_api_key.
    docs:
      - https://docs.pydantic.dev/latest/concepts/pydantic_settings/
    examples:
      match:
        - "from pydantic_settings import BaseSettings\nclass Settings(BaseSettings):\n    ollama_base_url: str = 'http://localhost:11434'"
        - "class Settings(BaseSettings):\n    OLLAMA_MODEL: str = 'llama3.1:8b'"
      no-match:
        - "class Settings(BaseSettings):\n    database_url: str"
        - "class Chat:\n    ollama_base_url: str = 'x'"
      fixes:
        - before: "class Settings(BaseSettings):\n    ollama_base_url: str = 'x'\n    ollama_keep_alive: str = '5m'\n"
          after: "class Settings(BaseSettings):\n    openai_base_url: str = 'x'\n    ollama_keep_alive: str = '5m'\n"

  - id: ollama-provider-setting
    message: configuration selects Ollama as the LLM provider
    category: setting
    priority: high
    files: [code, config]
    # A key or keyword that picks a backend (`provider: ollama`, private-gpt's `mode: ollama`,
    # `default="ollama"` quoted, not a destructuring `{ default: ollama }`), a comparison, an environment default (`getenv("LLM_PROVIDER",
    # "ollama")`), or an enum member (`LLMProvider.OLLAMA`).
    pattern: |-
      (?:(?i:provider|backend|engine|vendor|llm_type|llm|api_type|client_type|service|ollama|mode|type|kind|driver|runtime)["']?[ \t]*[:=]|\bcase[ \t]|[=!]==?|\bgetenv\(\s*["']\w*(?:provider|backend|engine|mode|type)\w*["']\s*,)[ \t]*["']?\Kollama(?![\w./:(-])|\bdefault["']?[ \t]*[:=][ \t]*["']\Kollama(?=["'])|(?-i:(?:Provider|Backend|Engine|Mode|Type|Vendor|Kind)s?\.)\K(?-i:OLLAMA)\b
    # A vendored price table's rows are named for models (`"ollama/llama2": {…}`); its
    # `litellm_provider` says which API serves one, and the application selects nothing there.
    outside-section: |-
      /
    prefilter: [ollama]
    # What every match holds, as a cheap first search: `ollama` after a quote, blank, `:`, `=`,
    # `,` or `.` and before no word character. `ollama` inside a longer name (`EchoLlamas`)
    # opens the prefilter but never matches, and the full pattern costs 30 ns a byte.
    context: |-
      (?<=["' \t:=,.])ollama(?!\w)
    flags: [caseless]
    guidance: |-
      The application picks its LLM client from this value. Switch it to the OpenAI-compatible
      provider the code already has (often "openai" or "openai_compatible"), pointed at
      http://<host>:8000/v1, or add one: vLLM speaks the OpenAI API.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "LLM_PROVIDER=ollama"
        - '  "provider": "ollama",'
        - "llm:\n  provider: ollama"
        - '    OLLAMA = "ollama"'
        - "  case 'ollama':"
        - "if settings.llm_mode == 'ollama':"
        - "llm:\n  mode: «ollama»\n"
        - "provider = LLMProvider.«OLLAMA»"
        - "    llm_provider: str = Field(default=\"«ollama»\")"
        - "provider = os.getenv(\"LLM_PROVIDER\", \"«ollama»\")"
      no-match:
        - "{\"ollama/llama2\": {\n  \"litellm_provider\": \"ollama\",\n  \"mode\": \"completion\"\n}}\n"
        - "x = Color.OLLAMA_BLUE"
        - "const { default: ollama } = await import('ollama')"
        - "provider: openai"
        - 'image: ollama/ollama'
        - "services:\n  ollama:\n    image: x"
        - "llm = Ollama(model='llama2')"
"""#),
        RuleFileText(path: "rules/flow.yml", text: ##"""
# Binding sites: where a name becomes an Ollama client. The flow pass (docs/rule-authoring.md,
# `bind:`) then reports the name's uses in its scope, and the importers of a module, class or
# function that builds one; those findings carry the id of the rule that bound the name.
# A binding's own finding gives way to any other finding on its line.
rules:
  - id: python-ollama-client-binding
    message: binds an ollama Python client to a name
    category: client-call
    priority: critical
    files: [python]
    in: [code]
    context: |-
      ^[ \t]*+(?:import[ \t]+ollama\b|from[ \t]+ollama\b)
    pattern: |-
      (?|^[ \t]*+([\p{L}_][\w.]*)[ \t]*(?::[^=\n]*)?=[ \t]*(?:await[ \t]+)?(?:ollama\.)?(?:Async)?Client[ \t]*\(|^[ \t]*+return[ \t]+(?:ollama\.)?((?:Async)?Client)[ \t]*\()
    group: 1
    bind: {name: 1, kind: client}
    prefilter: [Client]
    guidance: |-
      The name holds an ollama Client or AsyncClient. Every call on it is an Ollama request:
      chat, generate and embed become client.chat.completions.create, client.completions.create
      and client.embeddings.create on an OpenAI client pointed at vLLM; list, pull, show,
      delete and ps have no vLLM counterpart (one server serves the model it was started
      with). What a call returns is read in Ollama's shape (r.message.content,
      r["embeddings"], prompt_eval_count): those reads move to r.choices[0].message.content,
      r.data[i].embedding and r.usage. A module, class or function that builds the client is
      a local wrapper: its importers are listed so the migration can follow it.
    docs:
      - https://github.com/openai/openai-python
    examples:
      match:
        - "from ollama import Client\n«client» = Client(host=url)"
        - "import ollama\n        «cls.client» = ollama.AsyncClient(host=h)"
      no-match:
        - "import ollama\nhttp = httpx.Client(timeout=5)"
        - "from openai import OpenAI\nclient = Client()"

  - id: python-ollama-module-binding
    message: imports the ollama module under a name
    category: client-import
    priority: critical
    files: [python]
    in: [code]
    pattern: |-
      ^[ \t]*+import[ \t]+(?|ollama[ \t]+as[ \t]+([\p{L}_]\w*)|(ollama))[ \t]*(?:#|$)
    group: 1
    bind: {name: 1, kind: client}
    prefilter: [ollama]
    guidance: |-
      The module's functions (ollama.chat, ollama.generate, ollama.embed) use a default client
      on http://127.0.0.1:11434 (or OLLAMA_HOST). What they return is read in Ollama's shape,
      and those reads are listed: r["message"]["content"] becomes
      r.choices[0].message.content, r["embeddings"] becomes [d.embedding for d in r.data].
    docs:
      - https://github.com/openai/openai-python
    examples:
      match:
        - "import «ollama»"
        - "import ollama as «llm»"
      no-match:
        - "import ollama_helpers"
        - "from ollama import chat"

  - id: python-ollama-function-binding
    message: imports an ollama Python function by name
    category: client-import
    priority: critical
    files: [python]
    in: [code]
    # Each listed name of the statement in turn: `\G` continues after the previous one.
    pattern: |-
      (?:^[ \t]*+from[ \t]+ollama[ \t]+import[ \t]+\(?\s*|\G\s*,\s*)(?:[\p{L}_]\w*(?:[ \t]+as[ \t]+\w+)?\s*,\s*)*?\K(chat|generate|embed|embeddings|pull|push|show|ps|create|delete|copy)\b(?=\s*(?:,|\)|#|$))
    group: 1
    bind: {name: 1, kind: client}
    prefilter: [ollama]
    guidance: |-
      `from ollama import chat, pull` calls the module's default client (http://127.0.0.1:11434
      or OLLAMA_HOST). The calls are listed, and so are the reads of what they return:
      iterating pull(model, stream=True) yields progress items read as item.get("digest"),
      "status", "total" and "completed", which no OpenAI-compatible server sends.
    docs:
      - https://github.com/ollama/ollama-python
    examples:
      match:
        - "from ollama import ResponseError, «pull»"
        - "from ollama import «chat», pull"
      no-match:
        - "from ollama import Client"
        - "from mylib import chat"

  - id: python-ollama-error-binding
    message: catches an error of the ollama Python client
    category: client-call
    priority: medium
    files: [python]
    in: [code]
    # `ResponseError` on its own only when the file imports it from ollama.
    context: |-
      ^[ \t]*+(?:import[ \t]+ollama\b|from[ \t]+ollama(?:\.[\w.]+)?[ \t]+import\b(?:[ \t]*\([^)]*|[^\n]*)\b(?:ResponseError|RequestError)\b)
    pattern: |-
      ^[ \t]*+\Kexcept\b[^\n:]*?(?<![\w.])(?:ollama\.)?(?:ResponseError|RequestError)\b[^\n:]*?(?:[ \t]as[ \t]+([\p{L}_]\w*))?[ \t]*:
    bind: {name: 1, kind: error}
    prefilter: [Error]
    guidance: |-
      The handler catches the ollama client's error: e.status_code 404 means the model is not
      pulled, e.error is Ollama's message. On an OpenAI client the error is
      openai.NotFoundError or openai.APIStatusError (e.status_code, e.message), and a
      connection failure is openai.APIConnectionError; the reads of the bound error are listed.
    docs:
      - https://github.com/openai/openai-python#handling-errors
    examples:
      match:
        - "from ollama import ResponseError, chat\n    «except ResponseError as e:»"
        - "import ollama\n«except (ollama.ResponseError, KeyError):»"
        - "from ollama._types import (\n    ChatResponse,\n    ResponseError,\n)\n    «except ResponseError as exc:»"
      no-match:
        - "from requests import ResponseError\nexcept ResponseError as e:"
        - "from ollama import ResponseError\nexcept MyResponseError as e:"

  - id: python-ollama-framework-binding
    message: binds a LangChain or LlamaIndex Ollama model to a name
    category: framework
    priority: critical
    files: [python]
    in: [code]
    context: |-
      (?i)^[ \t]*+from[ \t]+[\w.]*ollama
    pattern: |-
      (?|^[ \t]*+([\p{L}_][\w.]*)[ \t]*(?::[^=\n]*)?=[ \t]*(?:[\w.]+\.)?(?:ChatOllama|OllamaLLM|OllamaEmbeddings|OllamaFunctions|OllamaEmbedding|Ollama)[ \t]*\(|^[ \t]*+return[ \t]+(?:[\w.]+\.)?(ChatOllama|OllamaLLM|OllamaEmbeddings|OllamaEmbedding|Ollama)[ \t]*\()
    group: 1
    bind: {name: 1, kind: client}
    prefilter: [Ollama]
    guidance: |-
      The name holds a framework model backed by Ollama. Its calls (invoke, stream, batch,
      embed_query, complete, chat) send prompts to Ollama; ChatOllama becomes ChatOpenAI with
      base_url and api_key, OllamaEmbeddings becomes OpenAIEmbeddings with
      check_embedding_ctx_length=False. A function that builds one is a local wrapper: its
      callers are listed at the same priority, since each call builds an Ollama model.
    docs:
      - https://python.langchain.com/docs/integrations/chat/vllm/
    examples:
      match:
        - "from langchain_ollama import ChatOllama\n«llm» = ChatOllama(model=m)"
        - "from llama_index.llms.ollama import Ollama\n    «self.llm» = Ollama(model=m, request_timeout=60)"
      no-match:
        - "from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model=m)"
        - "from langchain_ollama import ChatOllama\nllm = ChatOpenAI(model=m)"

  - id: js-ollama-client-binding
    message: binds an ollama JavaScript client to a name
    category: client-call
    priority: critical
    files: [js]
    in: [code]
    context: |-
      ['"](?:ollama(?:/browser)?|@langchain/[\w/-]*ollama)['"]
    pattern: |-
      (?|^[ \t]*+(?:(?:export[ \t]+)?(?:const|let|var)[ \t]+|(?:(?:private|public|protected|readonly|static)[ \t]+)+)?([\p{L}_$][\w.$]*)[ \t]*(?::[^=\n]*)?=[ \t]*(?:new[ \t]+)?(?:Ollama|ChatOllama|OllamaEmbeddings)[ \t]*\(|^[ \t]*+(?:export[ \t]+default[ \t]+|return[ \t]+)(?:new[ \t]+)?(Ollama|ChatOllama|OllamaEmbeddings)[ \t]*\()
    group: 1
    bind: {name: 1, kind: client}
    prefilter: [Ollama]
    guidance: |-
      The name holds an ollama-js client (new Ollama({ host })) or a LangChain.js Ollama
      model. Its calls are Ollama requests: chat and embed become
      client.chat.completions.create and client.embeddings.create on an OpenAI client with
      baseURL ending in /v1; list, pull, show, delete and ps have no vLLM counterpart. Replies
      read as r.message.content become r.choices[0].message.content. A module that exports
      the client is a local wrapper: its importers are listed.
    docs:
      - https://github.com/openai/openai-node
    examples:
      match:
        - "import { Ollama } from 'ollama'\nexport const «ollama» = new Ollama({ host })"
        - "import { Ollama } from 'ollama'\n    «this.client» = new Ollama({ host: url })"
      no-match:
        - "import OpenAI from 'openai'\nconst client = new OpenAI()"
        - "import { Ollama } from 'ollama'\nconst client = new OllamaHelper()"

  - id: js-ollama-module-binding
    message: imports the default ollama JavaScript client under a name
    category: client-import
    priority: critical
    files: [js]
    in: [code]
    pattern: |-
      ^[ \t]*+import[ \t]+([\p{L}_$][\w$]*)[ \t]+from[ \t]*['"]ollama(?:/browser)?['"]
    group: 1
    bind: {name: 1, kind: client}
    prefilter: [ollama]
    guidance: |-
      The default export is a client on http://127.0.0.1:11434. Its calls and the replies read
      from them are listed: ollama.chat({ model, messages }) becomes
      openai.chat.completions.create({ model, messages }) and r.message.content becomes
      r.choices[0].message.content.
    docs:
      - https://github.com/openai/openai-node
    examples:
      match:
        - "import «ollama» from 'ollama'"
        - "import «llm» from 'ollama/browser'"
      no-match:
        - "import { Ollama } from 'ollama'"
        - "import ollama from './ollama'"

  - id: ollama-http-reply-binding
    message: binds an HTTP reply from an Ollama endpoint to a name
    category: endpoint
    priority: high
    files: [python, js]
    in: [code]
    # `res = await fetch(`${OLLAMA_URL}/api/generate`...)`, `r = requests.post(OLLAMA + "/api/chat"`:
    # the parsed body (`res.json()`) is an Ollama reply, read in its shape.
    pattern: |-
      ^[ \t]*+(?:(?:const|let|var)[ \t]+)?([\p{L}_$][\w$]*)[ \t]*(?::[^=\n]*)?=[ \t]*(?:await[ \t]+)?fetch[ \t]*\([^;\n]*?(?i:ollama|11434)[^;\n]*?/api/(?:chat|generate|embed|embeddings|tags|show|ps|pull)\b
    group: 1
    bind: {name: 1, kind: stream}
    prefilter: [/api/chat, /api/generate, /api/embed, /api/tags, /api/show, /api/ps, /api/pull]
    # What the line must hold besides the endpoint, as a file-level gate.
    context: |-
      (?i)ollama|11434
    guidance: |-
      The name holds the HTTP reply of an Ollama endpoint; its parsed body is read in Ollama's
      shape (message.content, response, done, models). On vLLM the endpoint becomes
      /v1/chat/completions, /v1/completions, /v1/embeddings or /v1/models, and the body's
      fields move to choices[0].message.content, choices[0].text, data[i].embedding and data[].id.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "  const «res» = await fetch(`${import.meta.env.VITE_OLLAMA_URL}/api/generate`, {"
        - "«res» = await fetch(f\"{OLLAMA_URL}/api/chat\", body)"
      no-match:
        - "const res = await fetch('/api/generate')"
        - "r = requests.get(OLLAMA_URL + \"/health\")"

  - id: ollama-http-body-binding
    message: binds the body of an HTTP reply from an Ollama endpoint to a name
    category: endpoint
    priority: high
    files: [js]
    in: [code]
    # axios hands out the parsed body: `const { data } = await axios.get(OLLAMA + '/api/tags')`.
    pattern: |-
      ^[ \t]*+(?:(?:const|let|var)[ \t]+)?\{[ \t]*(data)[ \t]*\}[ \t]*=[ \t]*(?:await[ \t]+)?[\w.$]+\.(?:post|get|request)[ \t]*(?:<[^>\n]*>)?[ \t]*\([^;\n]*?(?i:ollama|11434)[^;\n]*?/api/(?:chat|generate|embed|embeddings|tags|show|ps|pull)\b
    group: 1
    bind: {name: 1, kind: response}
    prefilter: [/api/chat, /api/generate, /api/embed, /api/tags, /api/show, /api/ps, /api/pull]
    # What the line must hold besides the endpoint, as a file-level gate.
    context: |-
      (?i)ollama|11434
    guidance: |-
      The name holds the parsed body of an Ollama endpoint's reply, read in Ollama's shape
      (models[].name, message.content, response, done). On vLLM: /v1/models lists data[].id,
      /v1/chat/completions replies with choices[0].message.content.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "  const { «data» } = await axios.get(OLLAMA + '/api/tags');"
        - "const { «data» } = await http.post<Reply>(`${ollamaUrl}/api/chat`, body)"
      no-match:
        - "const { data } = await axios.get('/api/tags')"
        - "const { data } = await axios.get(OLLAMA + '/health')"

  - id: ollama-http-helper-binding
    message: binds what an HTTP helper returns from an Ollama endpoint to a name
    category: endpoint
    priority: high
    files: [python, js]
    in: [code]
    # `r = requests.post(OLLAMA + "/api/chat"`, `res = await this.request<T>('http://h:11434/api/tags'`:
    # a helper's reply or its parsed body (`r.json()`) is read in Ollama's shape.
    pattern: |-
      ^[ \t]*+(?:(?:const|let|var)[ \t]+)?([\p{L}_$][\w$]*)[ \t]*(?::[^=\n]*)?=[ \t]*(?:await[ \t]+)?[\w.$]*\.(?:post|get|request)[ \t]*(?:<[^>\n]*>)?[ \t]*\([^;\n]*?(?i:ollama|11434)[^;\n]*?/api/(?:chat|generate|embed|embeddings|tags|show|ps|pull)\b
    group: 1
    bind: {name: 1, kind: response}
    prefilter: [/api/chat, /api/generate, /api/embed, /api/tags, /api/show, /api/ps, /api/pull]
    # What the line must hold besides the endpoint, as a file-level gate.
    context: |-
      (?i)ollama|11434
    guidance: |-
      The name holds what an HTTP helper returned from an Ollama endpoint, read in Ollama's
      shape. On vLLM the endpoint becomes /v1/chat/completions, /v1/completions,
      /v1/embeddings or /v1/models, and the fields move to choices[0].message.content,
      choices[0].text, data[i].embedding and data[].id.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "«r» = requests.post(OLLAMA_URL + \"/api/chat\", json=body)"
        - "    const «res» = await this.request<TagsResponse>('http://localhost:11434/api/tags', { method: 'GET' });"
      no-match:
        - "r = requests.post(\"/api/chat\", json=body)"
        - "const res = await fetch(OLLAMA_URL + '/api/tags')"

  - id: ollama-factory-binding
    message: binds what a factory named for Ollama returns to a name
    category: client-call
    priority: medium
    files: [python, js]
    in: [code]
    # `const ollama = await getOllama(event)`, `client = get_ollama_client()`: a local function
    # (or a framework's auto-imported server util) that hands out an Ollama client. Only the
    # factory's own name tells, so only `get`/`create`/`make`/`build`/`init`/`new` + Ollama
    # (+ Client/Instance/Api), never `getOllamaModels()`, which returns data.
    pattern: |-
      ^[ \t]*+(?:(?:export[ \t]+)?(?:const|let|var)[ \t]+)?([\p{L}_$][\w.$]*)[ \t]*(?::[^=\n]*)?=[ \t]*(?:await[ \t]+)?(?:[\w$]+\.)*(?:get|create|make|build|init|new|Get|Create|Make|Build|Init|New)_?(?:ollama|Ollama|OLLAMA)(?:_?(?:client|Client|instance|Instance|api|Api|API))?[ \t]*\(
    group: 1
    bind: {name: 1, kind: client}
    prefilter: [ollama, Ollama, OLLAMA]
    guidance: |-
      The name holds the Ollama client a local factory hands out. Its calls are Ollama
      requests: chat and embed become client.chat.completions.create and
      client.embeddings.create on an OpenAI client; list, pull, show and delete have no vLLM
      counterpart. Move the factory to an OpenAI client once, and its callers follow.
    docs:
      - https://github.com/openai/openai-node
    examples:
      match:
        - "  const «ollama» = await getOllama(event, true)"
        - "«self.client» = get_ollama_client()"
      no-match:
        - "const models = await getOllamaModels()"
        - "const fetched = await loadOllamaInstructions()"

  - id: ollama-base-url-binding
    message: binds an Ollama base URL to a name
    category: endpoint
    priority: medium
    files: [python, js]
    in: [code]
    # The value is Ollama's: a URL or port literal with 11434 (perhaps after a fallback), an
    # OLLAMA_*_URL/HOST environment read, or a name or config read of an Ollama URL setting.
    # The flow pass then reports the paths put after the name (`${BASE}/pull`) at their
    # endpoint's priority (`flow-endpoints:`), and follows bases built on it.
    pattern: |-
      ^[ \t]*+(?:(?:export[ \t]+)?(?:const|let|var)[ \t]+|(?:(?:private|public|protected|readonly|static)[ \t]+)+)?([\p{L}_$][\w.$]*)[ \t]*(?::[^=\n]*)?=(?![=>])[ \t]*(?:await[ \t]+)?(?:(?:[\w.$?]+|["'][^"'\n]*["'])[ \t]*(?:\|\||\?\?|\bor\b)[ \t]*)?(?:[fr]?["'`](?:https?://)?[\w.\[\]-]*:11434(?:/api)?/?["'`]|["']?11434["']?(?=[ \t]*[;,]?[ \t]*(?:$|//|\#))|(?:process\.env|import\.meta\.env)\.(?i:\w*ollama\w*(?:host|url|base|endpoint|server|api)\w*)\b|os\.(?:getenv|environ\.get)\([ \t]*["'](?i:\w*ollama\w*(?:host|url|base|endpoint|server|api)\w*)["']|os\.environ\[[ \t]*["'](?i:\w*ollama\w*(?:host|url|base|endpoint|server|api)\w*)["']|(?=[\w$])(?=[\w.$?\[\]"']*?(?i:ollama))[\w.$?\[\]"']*?(?i:ollama[\w.$?\[\]"']*?(?:host|url|base|endpoint))\w*["'\]]*(?=[ \t]*(?:;|\|\||\?\?|\bor\b|//|\#|$)))
    group: 1
    bind: {name: 1, kind: base-url}
    prefilter: ["11434", ollama, OLLAMA, Ollama]
    guidance: |-
      The name holds Ollama's base URL (http://host:11434, or its /api root). The paths put
      after it are Ollama's native endpoints: /api/chat becomes /v1/chat/completions,
      /api/generate /v1/completions, /api/embed(dings) /v1/embeddings and /api/tags
      /v1/models on an OpenAI-compatible server; /api/pull, /api/delete and /api/show have no
      counterpart. Point the base at http://host:8000/v1 once its callers are moved.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "let «API_BASE_URL» = OLLAMA_API_BASE_URL;"
        - "«OLLAMA_URL» = os.getenv(\"OLLAMA_URL\", \"http://localhost:11434\")"
        - "export const «defaultPort» = '11434';"
        - "    «self.base_url» = settings.ollama.base_url"
        - "const «base» = import.meta.env.VITE_OLLAMA_URL ?? 'http://localhost:11434'"
      no-match:
        - "const API_BASE_URL = 'https://api.example.com'"
        - "OLLAMA_MODEL = os.getenv(\"OLLAMA_MODEL\", \"llama3\")"
        - "const url = `${OLLAMA_URL}/api/chat`"
        - "                name=\"OllamaLLMBasePath\""
        - "    base_url=settings.ollama.api_base,"

  - id: ollama-http-client-binding
    message: binds an HTTP client built on an Ollama base URL to a name
    category: endpoint
    priority: medium
    files: [python, js]
    in: [code]
    # httpx.AsyncClient(base_url=...), axios.create({ baseURL: ... }), ky.create({ prefixUrl }):
    # the relative paths its calls take are Ollama endpoints. A base held in a name bound by
    # ollama-base-url-binding is followed by the flow pass instead.
    pattern: |-
      (?|^[ \t]*+(?:(?:export[ \t]+)?(?:const|let|var)[ \t]+)?([\p{L}_$][\w.$]*)[ \t]*(?::[^=\n]*)?=[ \t]*(?:await[ \t]+)?(?:new[ \t]+)?(?:[\w$]+\.)*[\w$]+[ \t]*\([ \t]*\{?[^)]*?\b(?:base_url|baseURL|baseUrl|prefixUrl)[ \t]*[:=][ \t]*(?:[fr]?["'`](?:https?://)?[\w.\[\]-]*:11434(?:/api)?/?["'`]|(?:process\.env|import\.meta\.env)\.(?i:\w*ollama\w*)|os\.(?:getenv|environ\.get)\([ \t]*["'](?i:\w*ollama\w*)["']|[\w.$\[\]"']*?(?i:ollama)[\w.$\[\]"']*)|^[ \t]*+(?:async[ \t]+)?with[ \t]+(?:[\w.]+\.)?\w*Client[ \t]*\([^)]*?\bbase_url[ \t]*=[ \t]*(?:[fr]?["'`](?:https?://)?[\w.\[\]-]*:11434(?:/api)?/?["'`]|(?:process\.env|import\.meta\.env)\.(?i:\w*ollama\w*)|os\.(?:getenv|environ\.get)\([ \t]*["'](?i:\w*ollama\w*)["']|[\w.$\[\]"']*?(?i:ollama)[\w.$\[\]"']*)[^)]*\)[ \t]+as[ \t]+([\p{L}_]\w*))
    group: 1
    bind: {name: 1, kind: base-url}
    prefilter: ["11434", ollama, OLLAMA, Ollama]
    guidance: |-
      The client sends every request to Ollama's server: its relative paths (/api/generate,
      /tags on an /api base) are Ollama endpoints, listed at their priority. On vLLM the base
      becomes http://host:8000/v1 and the paths /chat/completions, /completions, /embeddings
      and /models, with OpenAI's request and reply shapes.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "«client» = httpx.AsyncClient(base_url=\"http://localhost:11434\", timeout=60)"
        - "const «api» = axios.create({ baseURL: process.env.OLLAMA_HOST })"
        - "    async with httpx.AsyncClient(base_url=settings.ollama_url) as «http»:"
      no-match:
        - "client = httpx.AsyncClient(base_url=\"https://api.example.com\")"
        - "const api = axios.create({ baseURL: '/api' })"

  - id: ollama-url-helper-binding
    message: builds an Ollama URL from a function's parameter
    category: endpoint
    priority: medium
    files: [python, js]
    in: [code]
    context: |-
      (?i)ollama|11434
    # `${this.config.host}/api/${endpoint}`, f"{self.host}/api/{path}", `${base || 'http://h:11434/api'}${path}`:
    # the parameter names the endpoint. The flow pass finds the function around it and
    # reports its calls that pass a literal endpoint ('chat', '/tags') at that endpoint's priority.
    pattern: |-
      (?|(?:\$\{|(?<![$\w])\{)[^{}`"'\n]*?(?i:ollama|host|base)[^{}`"'\n]*\}/api/\$?\{([\p{L}_$][\w$]*)\}|\$\{[^{}`\n]*:11434(?:/api)?/?['"]?[^{}`\n]*\}\$\{([\p{L}_$][\w$]*)\}|[`"']https?://[\w.\[\]-]*:11434(?:/api)?/?\$?\{([\p{L}_$][\w$]*)\})
    group: 1
    bind: {name: 1, kind: base-url}
    prefilter: ["/api/", "11434"]
    guidance: |-
      A function that puts its parameter after Ollama's base URL: each call names an
      endpoint ('chat', '/tags'), listed at its priority. On vLLM the native paths have
      OpenAI-compatible counterparts under /v1 (chat -> /chat/completions, tags -> /models)
      and no counterpart for pull, push, create and delete.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "// ollama\n    const host = `${this.config.host}/api/${«endpoint»}`"
        - "  return `${baseUrl.value || 'http://localhost:11434/api'}${«path»}`"
        - "# ollama\n        url = f\"{self._host}/api/{«endpoint»}\""
      no-match:
        - "// ollama\n  return `${API}/api/${path}`"
        - "const url = `${OLLAMA_URL}/api/chat`"

# The priority of a method called on a bound client (or framework model): requests that send
# a prompt or text are critical, model administration is medium. A method not listed here
# (close, copy of a dict, with_options) is not reported.
flow-methods:
  chat: critical
  generate: critical
  embed: critical
  embeddings: critical
  invoke: critical
  ainvoke: critical
  stream: critical
  astream: critical
  batch: critical
  abatch: critical
  complete: critical
  acomplete: critical
  achat: critical
  stream_chat: critical
  astream_chat: critical
  stream_complete: critical
  predict: critical
  embed_query: critical
  embed_documents: critical
  aembed_query: critical
  aembed_documents: critical
  get_text_embedding: critical
  get_query_embedding: critical
  embedQuery: critical
  embedDocuments: critical
  with_structured_output: high
  withStructuredOutput: high
  bind_tools: high
  bindTools: high
  list: medium
  pull: medium
  push: medium
  show: medium
  delete: medium
  ps: medium
  copy: medium
  create: medium
  abort: medium
  web_search: medium
  web_fetch: medium
  webSearch: medium
  webFetch: medium

# The priority of a field read on what a bound client returned: Ollama's reply shape.
# OpenAI's (choices, usage) and LangChain's (content) are not listed: reading them is not an
# Ollama read.
flow-fields:
  message: high
  response: high
  embeddings: high
  embedding: high
  done: high
  done_reason: high
  context: high
  thinking: high
  prompt_eval_count: medium
  eval_count: medium
  total_duration: medium
  load_duration: medium
  prompt_eval_duration: medium
  eval_duration: medium
  created_at: medium
  models: medium
  digest: medium
  status: medium
  completed: medium
  total: medium
  Message: high
  Response: high
  Done: high

# The priority of a named argument inside a call on a bound client, or of a function that
# builds one: the arguments only Ollama takes, on whichever line of the call they sit.
flow-arguments:
  options: high
  format: high
  keep_alive: high
  keepAlive: high
  num_ctx: high
  numCtx: high
  num_predict: high
  numPredict: high
  num_gpu: high
  num_thread: high
  validate_model_on_init: high
  repeat_penalty: high
  repeatPenalty: high
  top_k: high
  topK: high
  mirostat: high
  tfs_z: high
  think: high

# The priority of a named argument inside a call of a local function that builds a client
# (`_create_llm(model=name, ...)`): the value is an Ollama tag the migration renames.
flow-wrapper-arguments:
  model: medium

# The priority of a field read on a caught Ollama error (`except ResponseError as e`, or a
# handler of a try around an Ollama call): `e.status_code == 404` is "model not pulled".
flow-error-fields:
  status_code: medium
  error: medium

# A call of one of these on the ollama package's client whose only argument is the model
# (`chat(llm)`) probes whether the model is there: no prompt goes out.
flow-probe-methods:
  chat: medium
  generate: medium
# The priority of an Ollama endpoint reached through a base URL, an HTTP client or a URL
# helper bound to Ollama (`${OLLAMA_URL}/pull`, `client.post("/api/generate")`,
# `getApiUrl('/tags')`): as the endpoint rules rank them, inference critical and model
# administration medium. A path not listed (/health, /v1/...) is not reported.
flow-endpoints:
  chat: critical
  generate: critical
  embed: critical
  embeddings: critical
  tags: medium
  show: medium
  pull: medium
  push: medium
  delete: medium
  copy: medium
  create: medium
  ps: medium
  version: medium
"""##),
        RuleFileText(path: "rules/frameworks.yml", text: #"""
# Framework integrations: LangChain (Python and JS), LlamaIndex, LiteLLM, the Vercel AI SDK,
# Spring AI and the Ollama Go client.
rules:
  - id: langchain-ollama
    message: uses a LangChain Ollama class
    category: framework
    priority: critical
    files: [python]
    pattern: |-
      ^[ \t]*+from[ \t]+langchain_ollama(?:\.\w+)*[ \t]+import\b|^[ \t]*+from[ \t]+langchain_community\.(?:llms|chat_models|embeddings)(?:\.\w+)*[ \t]+import[^\n]*\b(?:Chat)?Ollama\w*|\b(?:ChatOllama|OllamaLLM|OllamaEmbeddings|OllamaFunctions)\s*\(
    prefilter: [Ollama, ollama]
    guidance: |-
      ChatOllama -> langchain_openai.ChatOpenAI(model=..., base_url="http://h:8000/v1",
      api_key="EMPTY"); num_predict -> max_tokens; top_k/min_p/repeat_penalty -> extra_body={...};
      num_ctx, keep_alive, num_gpu, num_thread, mirostat*, tfs_z -> drop; format="json" ->
      model_kwargs={"response_format": {"type": "json_object"}} or with_structured_output.
      OllamaLLM / langchain_community Ollama -> langchain_openai.OpenAI or
      langchain_community.llms.VLLMOpenAI (completions, no chat template).
      OllamaEmbeddings -> OpenAIEmbeddings(model=..., base_url=..., api_key="EMPTY",
      check_embedding_ctx_length=False); without that flag it sends tiktoken token arrays.
      pip: langchain-ollama -> langchain-openai.
    docs:
      - https://python.langchain.com/docs/integrations/chat/vllm/
    examples:
      match:
        - "from langchain_ollama import ChatOllama, OllamaEmbeddings"
        - "from langchain_community.llms import Ollama"
        - "llm = ChatOllama(model='qwen2.5:7b', temperature=0)"
      no-match:
        - "from langchain_openai import ChatOpenAI"
        - "from langchain_community.llms import VLLMOpenAI"

  - id: llamaindex-ollama
    message: uses a LlamaIndex Ollama class
    category: framework
    priority: critical
    files: [python]
    pattern: |-
      ^[ \t]*+from[ \t]+llama_index\.(?:llms|embeddings)\.ollama(?:\.\w+)*[ \t]+import\b|\bOllamaEmbedding\s*\(
    prefilter: [ollama, OllamaEmbedding]
    guidance: |-
      llama_index.llms.ollama.Ollama -> llama_index.llms.openai_like.OpenAILike(model=...,
      api_base="http://h:8000/v1", api_key="EMPTY", is_chat_model=True). Without
      is_chat_model=True it calls /completions with its own prompt format. Set
      is_function_calling_model=True only when the server runs auto tool choice; keep
      explicit temperature and context_window; request_timeout -> timeout.
      OllamaEmbedding -> llama_index.embeddings.openai_like.OpenAILikeEmbedding(model_name,
      api_base, api_key). pip: llama-index-llms-openai-like, llama-index-embeddings-openai-like.
    docs:
      - https://docs.llamaindex.ai/en/stable/api_reference/llms/openai_like/
    examples:
      match:
        - "from llama_index.llms.ollama import Ollama"
        - "embed_model = OllamaEmbedding(model_name='nomic-embed-text')"
      no-match:
        - "from llama_index.llms.openai_like import OpenAILike"
        - "from llama_index.core import Settings"

  - id: framework-ollama-llm
    message: constructs a LlamaIndex or LangChain Ollama LLM
    category: framework
    priority: critical
    files: [python]
    context: |-
      \b(?:llama_index\.llms\.ollama|langchain_community\.llms|langchain\.llms)\b
    pattern: |-
      (?<![\w.])Ollama\s*\(
    prefilter: [llama_index, langchain]
    guidance: |-
      LlamaIndex: Ollama(model=..., base_url=..., request_timeout=...) becomes
      OpenAILike(model=<served name>, api_base="http://h:8000/v1", api_key="EMPTY",
      is_chat_model=True, timeout=...); see llamaindex-ollama. LangChain community's
      Ollama(...) becomes VLLMOpenAI(openai_api_base="http://h:8000/v1",
      openai_api_key="EMPTY", model_name=...) or ChatOpenAI; see langchain-ollama.
    docs:
      - https://docs.llamaindex.ai/en/stable/api_reference/llms/openai_like/
    examples:
      match:
        - "from llama_index.llms.ollama import Ollama\nllm = Ollama(model='llama3.2', request_timeout=120.0)"
        - "from llama_index.llms.ollama import Ollama as O\nSettings.llm = Ollama(model=m)"
        - "from langchain_community.llms import Ollama\nllm = Ollama(model='llama2', temperature=0.3)"
      no-match:
        - "from ollama import Client\nc = Client()"
        - "from llama_index.llms.ollama import Ollama\nllm = OpenAILike(model=m)"

  - id: litellm-ollama-model
    message: routes LiteLLM to Ollama (ollama/ or ollama_chat/ model prefix)
    category: framework
    priority: critical
    files: [code, config]
    pattern: |-
      (?<![\w/.@-])ollama(?:_chat)?/(?!ollama\b|browser\b)(?<name>[\w.:-]++)(?!["'][ \t]*:[ \t]*\{)
    # Not a quoted key whose value is an object: the rows of a vendored table keyed by model
    # id (LiteLLM's price list) are data, which ollama-in-data-table reports at low.
    prefilter: [ollama/, ollama_chat/]
    fix: "hosted_vllm/${name}"
    guidance: |-
      model="ollama/llama3" or "ollama_chat/llama3" becomes model="hosted_vllm/<served name>"
      with api_base="http://<host>:8000/v1" (or HOSTED_VLLM_API_BASE / HOSTED_VLLM_API_KEY).
      The generic "openai/<served name>" route with api_base and api_key also works. Do not
      use the deprecated vllm/ prefix: it runs vLLM in-process. Smoke-test api_base with and
      without /v1: LiteLLM's docs show both.
    docs:
      - https://docs.litellm.ai/docs/providers/vllm
    examples:
      match:
        - 'completion(model="ollama/llama3", api_base="http://localhost:11434")'
        - "    litellm_params:\n      model: ollama_chat/mistral"
      no-match:
        - "image: ollama/ollama:latest"
        - "https://github.com/ollama/ollama-python"
        - "import ollama from 'ollama/browser'"
        - "{\n  \"ollama/llama2\": {\n    \"max_tokens\": 4096\n  }\n}\n"
      fixes:
        - before: 'completion(model="ollama_chat/llama3")\n'
          after: 'completion(model="hosted_vllm/llama3")\n'

  - id: vercel-ai-ollama
    message: uses the Vercel AI SDK Ollama provider
    category: framework
    priority: critical
    files: [js]
    pattern: |-
      ['"](?:ollama-ai-provider(?:-v2)?|ai-sdk-ollama)['"]|\bcreateOllama\s*\(
    prefilter: [ollama-ai-provider, ai-sdk-ollama, createOllama]
    guidance: |-
      import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
      const vllm = createOpenAICompatible({ name: 'vllm', baseURL: 'http://localhost:8000/v1', apiKey: process.env.VLLM_API_KEY })
      ollama('llama3.1') becomes vllm('<served name>'); ollama.embedding(...) becomes
      vllm.textEmbeddingModel(...) (embeddingModel in newer AI SDK majors). The Ollama
      provider's baseURL ended in /api; the new one ends in /v1.
    docs:
      - https://ai-sdk.dev/providers/openai-compatible-providers
    examples:
      match:
        - "import { createOllama } from 'ollama-ai-provider'"
        - "const ollama = createOllama({ baseURL: 'http://localhost:11434/api' })"
      no-match:
        - "import { createOpenAICompatible } from '@ai-sdk/openai-compatible'"
        - "const p = createOpenAI({ baseURL })"

  - id: vercel-ai-ollama-model
    message: selects a model through the Vercel AI SDK Ollama provider
    category: framework
    priority: critical
    files: [js]
    context: |-
      ['"](?:ollama-ai-provider(?:-v2)?|ai-sdk-ollama)['"]
    # Any argument, not only a literal: `ollama(process.env.CHAT_MODEL!)`.
    pattern: |-
      (?<![\w$.])ollama(?:\.(?:embedding|embeddingModel|textEmbeddingModel|textEmbedding|chat|languageModel|completion))?\(\s*(?=[^\s)])
    prefilter: [ollama]
    guidance: |-
      ollama('llama3.1') becomes vllm('<served name>') with vllm =
      createOpenAICompatible({ name: 'vllm', baseURL: 'http://localhost:8000/v1' });
      ollama.embedding(...) becomes vllm.textEmbeddingModel(...) (embeddingModel in newer
      AI SDK majors), served by a separate pooling-mode vLLM server.
    docs:
      - https://ai-sdk.dev/providers/openai-compatible-providers
    examples:
      match:
        - "import { ollama } from 'ollama-ai-provider'\nconst model = ollama('llama3.1')"
        - "import { ollama } from 'ollama-ai-provider'\nconst e = ollama.embedding('nomic-embed-text')"
        - "import { ollama } from 'ollama-ai-provider-v2'\nconst model = ollama(process.env.CHAT_MODEL!)"
        - "import { ollama } from 'ai-sdk-ollama'\nconst e = ollama.textEmbeddingModel(EMBED_MODEL)"
      no-match:
        - "import { ollama } from 'ollama-ai-provider'\nconst m = ollama()"
        - "import { ollama } from 'ollama-ai-provider'\nconst m = this.ollama(name)"
        - "import ollama from 'ollama'\nconst r = ollama('x')"
        - "import { ollama } from 'ollama-ai-provider'\nconst m = vllm('llama3.1')"

  - id: langchain-js-ollama
    message: uses a LangChain.js Ollama class
    category: framework
    priority: critical
    files: [js]
    pattern: |-
      ['"]@langchain/(?:ollama|community/(?:chat_models|llms|embeddings)/ollama)['"]|\bnew\s+(?:ChatOllama|OllamaEmbeddings)\s*\(
    prefilter: [ollama, Ollama]
    guidance: |-
      import { ChatOpenAI } from '@langchain/openai';
      new ChatOpenAI({ model, apiKey: 'EMPTY', temperature, maxTokens, configuration: { baseURL: 'http://localhost:8000/v1' } })
      numPredict -> maxTokens; numCtx and keepAlive have no counterpart; format: 'json' ->
      modelKwargs or withStructuredOutput. OllamaEmbeddings -> OpenAIEmbeddings with
      configuration.baseURL. checkOrPullModel and .pull() have no equivalent.
    docs:
      - https://js.langchain.com/docs/integrations/chat/openai/
    examples:
      match:
        - "import { ChatOllama } from '@langchain/ollama'"
        - "const llm = new ChatOllama({ model: 'llama3', baseUrl })"
      no-match:
        - "import { ChatOpenAI } from '@langchain/openai'"
        - "const llm = new ChatOpenAI({ model })"

  - id: spring-ai-ollama-config
    message: configures Spring AI's Ollama client
    category: framework
    priority: high
    files: [properties, yaml]
    # spring.ai.ollama.* as a properties key, and the nested YAML form (spring: ai: ollama:).
    pattern: |-
      \bspring\.ai\.ollama\b|^([ \t]+)ai:[ \t]*\n(?:\1[ \t][^\n]*\n|[ \t]*\n)*?\1[ \t]+\Kollama(?=:)
    prefilter: [ollama]
    guidance: |-
      spring.ai.ollama.base-url=http://localhost:11434 becomes
      spring.ai.openai.base-url=http://localhost:8000 (without /v1: Spring AI 1.x appends
      /v1/chat/completions; check 2.x), plus spring.ai.openai.api-key=EMPTY (must not be
      empty). chat.options.model -> spring.ai.openai.chat.options.model; num-predict ->
      maxTokens; num-ctx, keep_alive, num-gpu, mirostat have no counterpart;
      init.pull-model-strategy goes.
    docs:
      - https://docs.spring.io/spring-ai/reference/api/chat/openai-chat.html
    examples:
      match:
        - "spring.ai.ollama.base-url=http://localhost:11434"
        - "spring:\n  ai:\n    ollama:\n      base-url: http://localhost:11434"
      no-match:
        - "spring.ai.openai.base-url=http://localhost:8000"
        - "spring:\n  ai:\n    openai:\n      api-key: EMPTY\nollama:\n  x: 1"

  - id: jvm-ollama-code
    message: uses an Ollama client class on the JVM (Spring AI, LangChain4j, Testcontainers)
    category: framework
    priority: critical
    files: [java, kotlin]
    pattern: |-
      \b(?:org\.springframework\.ai|dev\.langchain4j\.model|org\.testcontainers)\.ollama\b|\bOllama(?:ChatModel|StreamingChatModel|EmbeddingModel|LanguageModel|Api|Options|ChatOptions|Container)\b|\bprefix\s*=\s*"ollama\b
    prefilter: [ollama, Ollama]
    guidance: |-
      Spring AI: OllamaChatModel / OllamaApi / OllamaOptions become OpenAiChatModel /
      OpenAiApi / OpenAiChatOptions from org.springframework.ai.openai, with the base URL
      pointing at vLLM (see spring-ai-ollama-config). LangChain4j:
      dev.langchain4j.model.ollama.OllamaChatModel becomes
      dev.langchain4j.model.openai.OpenAiChatModel.builder().baseUrl("http://h:8000/v1")
      .apiKey("EMPTY").modelName(<served name>). Testcontainers' OllamaContainer has no vLLM
      twin that runs without a GPU: mock the OpenAI API in tests instead. A
      @ConfigurationProperties(prefix = "ollama") class is the application's own settings:
      rename it with its keys.
    docs:
      - https://docs.spring.io/spring-ai/reference/api/chat/openai-chat.html
    examples:
      match:
        - "import org.springframework.ai.ollama.OllamaChatModel;"
        - "    private final OllamaChatModel chatModel;"
        - "import dev.langchain4j.model.ollama.OllamaChatModel;"
        - '@ConfigurationProperties(prefix = "ollama")'
      no-match:
        - "import org.springframework.ai.openai.OpenAiChatModel;"
        - "class OllamaNotes {}"

  - id: go-ollama-import
    message: imports the Ollama Go client
    category: client-import
    priority: critical
    files: [go]
    pattern: |-
      "github\.com/ollama/ollama/api"
    prefilter: [ollama/api]
    guidance: |-
      The Ollama Go client (github.com/ollama/ollama/api) talks Ollama's native API. Use an
      OpenAI-compatible client such as github.com/openai/openai-go with
      option.WithBaseURL("http://<host>:8000/v1") and option.WithAPIKey(...).
    docs:
      - https://github.com/openai/openai-go
    examples:
      match:
        - 'import "github.com/ollama/ollama/api"'
        - "import (\n\t\"context\"\n\t\"github.com/ollama/ollama/api\"\n)"
      no-match:
        - 'import "github.com/openai/openai-go"'
        - 'import "github.com/acme/ollama-tools/api"'

  - id: go-ollama-client
    message: uses the Ollama Go client
    category: client-call
    priority: critical
    files: [go]
    context: |-
      "github\.com/ollama/ollama/api"
    pattern: |-
      \bapi\.(?:ClientFromEnvironment|NewClient|ChatRequest|ChatResponse|GenerateRequest|GenerateResponse|EmbedRequest|EmbedResponse|EmbeddingRequest|Message|Options|ListResponse|PullRequest)\b|\b\w*[cC]lient\.(?:Chat|Generate|Embed|Embeddings|List|ListRunning|Pull|Push|Show|Create|Delete|Copy|Heartbeat|Version)\s*\(
    prefilter: [ollama/api]
    guidance: |-
      api.ClientFromEnvironment() (which read OLLAMA_HOST) becomes
      openai.NewClient(option.WithBaseURL(os.Getenv("OPENAI_BASE_URL"))). client.Chat(ctx, req,
      fn) with a callback per chunk becomes client.Chat.Completions.New (or NewStreaming and
      an iterator); api.ChatRequest becomes openai.ChatCompletionNewParams. Pull, Push,
      Create, Delete, Copy and ListRunning have no equivalent; Heartbeat becomes GET /health.
    docs:
      - https://github.com/openai/openai-go
    examples:
      match:
        - "import \"github.com/ollama/ollama/api\"\nclient, err := api.ClientFromEnvironment()"
        - "import \"github.com/ollama/ollama/api\"\nif err := s.client.Chat(ctx, req, fn); err != nil {"
      no-match:
        - "resp, err := api.ChatRequest(url)"
        - "import \"github.com/ollama/ollama/api\"\nresp, err := http.Get(url)"

  - id: workflow-ollama-node
    message: workflow node that calls Ollama (n8n, Flowise)
    category: framework
    priority: critical
    files: [json]
    # n8n's LangChain node types and Flowise's node names, as a workflow export writes them.
    # Not a bare "ollama": package.json and its lockfile name the npm package so.
    pattern: |-
      ["']\K@n8n/n8n-nodes-langchain\.(?:lmChatOllama|lmOllama|embeddingsOllama)(?=["'])|["'](?:name|type|baseClasses|label)["'][ \t]*:[ \t]*["']\K(?:chatOllama|ChatOllama|ollamaEmbedding|OllamaEmbeddings|ollamaEmbeddings|ChatOllamaFunction|chatOllamaFunction)(?=["'])
    prefilter: [Ollama, ollama]
    guidance: |-
      n8n: replace the Ollama chat/model/embeddings node with the OpenAI one
      (@n8n/n8n-nodes-langchain.lmChatOpenAi, embeddingsOpenAi) and an OpenAI credential
      whose base URL is the vLLM server's http://<host>:8000/v1; set the model to the served
      name. Flowise: swap ChatOllama for ChatOpenAI (or ChatLocalAI) with the vLLM base path.
      Node options (num_ctx, keep_alive) have no OpenAI field: set them on the vLLM server.
    docs:
      - https://docs.n8n.io/integrations/builtin/cluster-nodes/sub-nodes/n8n-nodes-langchain.lmchatopenai/
    examples:
      match:
        - '      "type": "@n8n/n8n-nodes-langchain.lmChatOllama",'
        - '      "nodeType": "@n8n/n8n-nodes-langchain.embeddingsOllama",'
        - '      "type": "@n8n/n8n-nodes-langchain.lmOllama",'
        - '        "name": "chatOllama",'
        - '        "type": "ChatOllama",'
      no-match:
        - '      "type": "@n8n/n8n-nodes-langchain.lmChatOpenAi",'
        - '        "chatOllamaCloud": "ChatOllama Cloud",'
        - '        "name": "chatOpenAI",'
        - '  "name": "ollama",'

  - id: workflow-ollama-credential
    message: workflow credential of Ollama's type (n8n ollamaApi)
    category: framework
    priority: high
    files: [json]
    pattern: |-
      ["']\KollamaApi(?=["'])
    prefilter: [ollamaApi]
    guidance: |-
      The n8n Ollama credential holds the Ollama base URL. Create an OpenAI credential whose
      base URL is the vLLM server's http://<host>:8000/v1 (any API key unless vLLM was
      started with --api-key) and point the migrated nodes at it.
    docs:
      - https://docs.n8n.io/integrations/builtin/credentials/openai/
    examples:
      match:
        - '  "type": "ollamaApi",'
        - '        "ollamaApi": {'
      no-match:
        - '  "type": "openAiApi",'
        - '  "ollamaApiUrl": "x",'

  - id: vercel-ai-ollama-provider-options
    message: passes Ollama provider options through the Vercel AI SDK
    category: framework
    priority: high
    files: [js]
    # `providerOptions: { ollama: … }` (also `providerMetadata`), the key on the same line or the next.
    pattern: |-
      \bprovider(?:Options|Metadata)\s*:\s*\{\s*\K["']?ollama["']?(?=\s*:)
    prefilter: [ollama]
    guidance: |-
      Options under providerOptions.ollama (think, num_ctx, keep_alive) reach only the Ollama
      provider. With createOpenAICompatible they move under the provider's own name
      (providerOptions: { vllm: … }) where vLLM has an equivalent (a chat-template kwarg for
      thinking), or to the vLLM server's flags (--max-model-len for num_ctx).
    docs:
      - https://ai-sdk.dev/providers/openai-compatible-providers
    examples:
      match:
        - "const r = await generateText({ model, providerOptions: { ollama: { think: true } } })"
        - "  providerOptions: {\n    ollama: {\n      think: true,"
      no-match:
        - "  providerOptions: { openai: { reasoningEffort: 'low' } },"
        - "  providerOptions: { vllm: { ollama_compat: true } },"
"""#),
        RuleFileText(path: "rules/js-client.yml", text: #"""
# The ollama JavaScript/TypeScript package (ollama-js), in .js/.ts and Vue/Svelte script blocks.
rules:
  - id: js-ollama-import
    message: imports the ollama JavaScript client
    category: client-import
    priority: critical
    files: [js]
    pattern: |-
      (?<esm>^[ \t]*+import[ \t]+(?:ollama|\{[ \t]*Ollama[ \t]*\})[ \t]+from[ \t]*(?<q>['"])ollama\k<q>)|(?:\bimport\b(?![ \t]+(?:type[ \t]|\{[ \t]*type[ \t]+\w+(?:[ \t]*,[ \t]*type[ \t]+\w+)*[ \t]*,?[ \t]*\}))[^;'"]*?\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*+import\s+)['"]ollama(?:/browser)?['"]
    prefilter: [ollama]
    # Rewritten with its calls, the reads of their results and its imports by the
    # JavaScript client units (Sources/Fix/JavaScript), whole or not at all: no fix template.

    guidance: |-
      Replace the ollama package with openai:
        import OpenAI from 'openai'
        const client = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL ?? 'http://localhost:8000/v1', apiKey: process.env.OPENAI_API_KEY ?? 'EMPTY' })
      The default `ollama` instance called http://127.0.0.1:11434 and ignored OLLAMA_HOST.
      For 'ollama/browser' add dangerouslyAllowBrowser: true, and remember that a key
      shipped to the browser is public. npm: remove `ollama`, add `openai`.
    docs:
      - https://github.com/openai/openai-node
    examples:
      match:
        - "import ollama from 'ollama'"
        - "import { Ollama } from \"ollama\";"
        - "const { Ollama } = require('ollama')"
        - "const mod = await import('ollama/browser')"
      no-match:
        - "import ollamaHelpers from './ollama-helpers'"
        - "import OpenAI from 'openai'"
        - "import type { Message } from 'ollama'"

  - id: js-ollama-type-import
    message: imports only types from the ollama JavaScript client
    category: client-import
    # `import type` is erased at compile time: nothing calls Ollama through it, but the types
    # must be replaced with the openai package's. The labelled corpus calls these medium.
    priority: medium
    files: [js]
    pattern: |-
      ^[ \t]*+\Kimport[ \t]+(?:type[ \t]|\{[ \t]*type[ \t]+\w+(?:[ \t]*,[ \t]*type[ \t]+\w+)*[ \t]*,?[ \t]*\})[^;'"\n]*?from[ \t]*['"]ollama(?:/browser)?['"]
    prefilter: [ollama]
    guidance: |-
      Replace the types with the openai package's: Message -> ChatCompletionMessageParam,
      ChatResponse -> ChatCompletion, ProgressResponse (pull) has none. `import type` from
      'openai/resources/chat/completions'.
    docs:
      - https://github.com/openai/openai-node
    examples:
      match:
        - "«import type { Message } from 'ollama'»"
        - "import { type ProgressResponse } from 'ollama'"
        - "  import type { ChatResponse, Message } from \"ollama/browser\";"
      no-match:
        - "import { Ollama, type Message } from 'ollama'"
        - "import ollama from 'ollama'"

  - id: js-ollama-client
    message: uses the ollama JavaScript client
    category: client-call
    priority: critical
    files: [js]
    context: |-
      ['"](?:ollama(?:/browser)?|@langchain/[\w/-]*ollama)['"]
    # new Ollama(...), ollama.chat(...), and calls on an instance (client.chat, this.ollama.embed).
    pattern: |-
      \bnew\s+Ollama\s*\(\s*\{(?<hostkw>\s*host\s*:)?|\b(?!ollama\.)(?<obj>\w*(?i:client|ollama|llm)\w*)\.(?<m>chat|generate|embed|embeddings|abort|webSearch|webFetch)\s*\(
    prefilter: [ollama]
    # Rewritten with its calls, the reads of their results and its imports by the
    # JavaScript client units (Sources/Fix/JavaScript), whole or not at all: no fix template.
    guidance: |-
      new Ollama({ host }) becomes new OpenAI({ baseURL: 'http://host:8000/v1', apiKey });
      ollama.chat({ model, messages }) becomes client.chat.completions.create({ model,
      messages }) and the reply moves from r.message.content to r.choices[0].message.content.
      Streams: `for await (const chunk of await client.chat.completions.create({ ...,
      stream: true }))` yields chunk.choices[0]?.delta?.content. options: { num_predict, ... }
      fields move to the top level (max_tokens). embed becomes client.embeddings.create with
      r.data.map(d => d.embedding); list becomes client.models.list(). ollama.abort() becomes
      an AbortSignal per request. pull/push/create/delete/copy/show/ps have no vLLM equivalent.
    docs:
      - https://github.com/openai/openai-node
    examples:
      match:
        - "import { Ollama } from 'ollama'\nconst client = new Ollama({ host })"
        - "import { Ollama } from 'ollama'\nconst r = await this.client.embed({ model, input })"
        - "import ollama from 'ollama'\nconst r = await llmClient.generate({ model, prompt })"
        - "import { Ollama } from '@langchain/community/llms/ollama'\nconst ollama = new Ollama({ baseUrl })"
      no-match:
        - "import OpenAI from 'openai'\nconst client = new OpenAI()"
        - "const r = await ollama.chat({ model })"

  - id: js-ollama-module-call
    message: calls the default ollama JavaScript client
    category: client-call
    priority: critical
    files: [js]
    context: |-
      ['"]ollama(?:/browser)?['"]
    pattern: |-
      \bollama\.(?<m>chat|generate|embed|embeddings|abort|webSearch|webFetch)\s*\(
    prefilter: [ollama.]
    # Rewritten with its calls, the reads of their results and its imports by the
    # JavaScript client units (Sources/Fix/JavaScript), whole or not at all: no fix template.
    guidance: |-
      The default `ollama` instance becomes one OpenAI client per module (baseURL from
      OPENAI_BASE_URL, ending in /v1). ollama.chat({ model, messages }) becomes
      openai.chat.completions.create({ model, messages }); the reply is
      r.choices[0].message.content and streams yield chunk.choices[0]?.delta?.content.
      embed -> embeddings.create (r.data[i].embedding), list -> models.list(); generate,
      pull, push, create, delete, copy, show and ps have no one-to-one counterpart.
    docs:
      - https://github.com/openai/openai-node
    examples:
      match:
        - "import ollama from 'ollama'\nconst r = await ollama.chat({ model, messages })"
        - "import ollama from 'ollama/browser'\nollama.abort()"
      no-match:
        - "const r = await ollama.chat({ model })"
        - "import ollama from 'ollama'\nconst r = await client.chat({ model })"

  - id: js-ollama-admin-call
    message: manages models through the ollama JavaScript client (list, pull, show, delete)
    category: client-call
    # Model administration is off the inference path: the application still answers when a
    # pull or a listing fails, and a vLLM server has no pull at all. The labelled corpus
    # calls these medium, version and connectivity probes included.
    priority: medium
    files: [js]
    context: |-
      ['"]ollama(?:/browser)?['"]
    pattern: |-
      \bollama\.(?<m>list|pull|show|ps|create|delete|push|copy)\s*\(
    prefilter: [ollama.]
    # Rewritten with its calls, the reads of their results and its imports by the
    # JavaScript client units (Sources/Fix/JavaScript), whole or not at all: no fix template.
    guidance: |-
      list() becomes client.models.list() on an OpenAI client (ids in r.data[i].id, no
      sizes). pull/push/create/delete/copy/show/ps have no vLLM equivalent: the server serves
      the model it was started with (`vllm serve MODEL` downloads the weights), so a pull UI
      or a start-up pull goes, and a presence check looks for the id in models.list().
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "import ollama from 'ollama'\nconst stream = await «ollama.pull(»{ model, stream: true })"
        - "import ollama from 'ollama/browser'\nawait ollama.delete({ model })"
      no-match:
        - "import ollama from 'ollama'\nconst r = await ollama.chat({ model })"
        - "const items = await ollama.list()"
        - "import ollama from 'ollama'\nconst { models } = await this.client.list()"

  - id: js-ollama-client-admin
    message: manages models through an ollama JavaScript client instance (list, pull, show, delete)
    category: client-call
    # Off the inference path, as js-ollama-admin-call.
    priority: medium
    files: [js]
    context: |-
      ['"](?:ollama(?:/browser)?|@langchain/[\w/-]*ollama)['"]
    pattern: |-
      \b(?!ollama\.)(?<obj>\w*(?i:client|ollama|llm)\w*)\.(?<m>list|pull|show|ps|create|delete|push|copy)\s*\(
    prefilter: [ollama]
    # Rewritten with its calls, the reads of their results and its imports by the
    # JavaScript client units (Sources/Fix/JavaScript), whole or not at all: no fix template.
    guidance: |-
      list() becomes client.models.list() on an OpenAI client (ids in r.data[i].id, no
      sizes). pull/push/create/delete/copy/show/ps have no vLLM equivalent: the server serves
      the model it was started with (`vllm serve MODEL` downloads the weights), so a pull UI
      or a start-up pull goes, and a presence check looks for the id in models.list().
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "import { Ollama } from 'ollama'\nconst stream = await this.«client.pull(»{ model, stream: true })"
        - "import { Ollama } from 'ollama'\nconst { models } = await this.client.list()"
      no-match:
        - "import ollama from 'ollama'\nconst r = await ollama.chat({ model })"
        - "import ollama from 'ollama'\nawait ollama.pull({ model })"
        - "const items = await client.list()"

  - id: js-ollama-package-reference
    message: build configuration names the ollama package
    category: dependency-manifest
    priority: medium
    files: [js]
    # Bundler and framework settings that list packages: Next.js external packages, Vite
    # optimizeDeps, SSR noExternal, webpack externals.
    pattern: |-
      \b(?:serverComponentsExternalPackages|serverExternalPackages|externals?|noExternal|transpilePackages|include|exclude)\s*:\s*\[[^\]\n]*['"]\K(?:ollama(?:/browser)?|ollama-ai-provider|@langchain/ollama)(?=['"])
    prefilter: [ollama]
    guidance: |-
      The bundler is told about the ollama package by name. Replace it with the package that
      replaces it (openai, @ai-sdk/openai-compatible, @langchain/openai), or drop the entry.
    examples:
      match:
        - "experimental: { serverComponentsExternalPackages: ['ollama'] },"
        - "optimizeDeps: { include: ['vue', 'ollama/browser'] }"
      no-match:
        - "optimizeDeps: { include: ['vue', 'openai'] }"
        - "const providers = ['openai']"
"""#),
        RuleFileText(path: "rules/manifests.yml", text: ##"""
# Package manifests and lockfiles that install an Ollama client.
rules:
  - id: python-requirement-ollama
    message: depends on an Ollama Python package
    category: dependency-manifest
    priority: high
    layer: configuration
    files: [requirements, toml, ini, pipfile]
    # Where a requirement starts: a line (requirements files, setup.cfg continuation lines,
    # TOML array lines, Poetry and Pipfile keys), a string in an inline TOML array, or the
    # first value of a setup.cfg key. Then the package, and either a Poetry/Pipfile value or a
    # PEP 508 requirement: extras, version or URL, markers, and in a requirements file the
    # `--hash` options and the continuation lines that carry them.
    pattern: |-
      (?:^(?<lead>[ \t]*)|\b(?:dependencies|requires|install_requires|dev)[ \t]*=[ \t]*\[[^\]\n]*?\K(?=["'])|^[ \t]*+(?:install_requires|setup_requires|tests_require)[ \t]*[=:][ \t]*\K(?=\w))(?:(?<q>["'])|(?<bare>))(?<pkg>(?<plain>ollama)|(?<lc>langchain[-_]ollama)|llama[-_]index[-_](?:llms|embeddings)[-_]ollama)(?![\w.-])(?:(?(<q>)\k<q>)[ \t]*=[ \t]*(?:(?<value>"[^"\n]*"|'[^'\n]*')|(?<table>)(?=\{))|(?:\[[^\]\n]*\])?(?:[ \t]*(?:===|[=!<>~]=|[<>])[ \t]*[\w.*+!-]+(?:[ \t]*,[ \t]*(?:===|[=!<>~]=|[<>])[ \t]*[\w.*+!-]+)*|[ \t]*@[ \t]*[^\s;"',]+)?(?(<q>)(?<qmarkers>[ \t]*;(?:(?!\k<q>)[^\n])*)?\k<q>(?<comma>[ \t]*,[ \t]*)?|(?<markers>[ \t]*;(?:[^\n\\#-]|-(?!-hash))*?)?(?:(?:[ \t]+|[ \t]*\\\r?\n[ \t]*)--hash(?:=|[ \t]+)[^\s\\]+)*(?=[ \t\r]*(?:[#\\]|$))))
    prefilter: [ollama]
    flags: [caseless]
    # The package becomes its OpenAI-compatible twin with no version (ollama's pin, URL and
    # hashes mean nothing for it); markers, quotes, indentation and commas stay. Poetry and
    # Pipfile values become "*"; inline tables need a human. When the file already declares
    # openai (or langchain-openai), the ollama entry goes instead: never declared twice.
    fix: '${table:+${manual}:${plain:+${file:/(?i)^[ \t]*+["'']?openai(?![\w.-])|[\[,][ \t]*["'']openai(?![\w.-])|\binstall_requires[ \t]*[=:][ \t]*openai(?![\w.-])/:+:${value:+${lead}${q}openai${q} = "*":${lead}${q}openai${qmarkers}${markers}${q}${comma}}}:${lc:+${file:/(?i)^[ \t]*+["'']?langchain[-_]openai(?![\w.-])|[\[,][ \t]*["'']langchain[-_]openai(?![\w.-])|\binstall_requires[ \t]*[=:][ \t]*langchain[-_]openai(?![\w.-])/:+:${value:+${lead}${q}langchain-openai${q} = "*":${lead}${q}langchain-openai${qmarkers}${markers}${q}${comma}}}:${value:+${lead}${q}${map:pkg:llama-index-llms-ollama=llama-index-llms-openai-like|llama-index-embeddings-ollama=llama-index-embeddings-openai-like}${q} = "*":${lead}${q}${map:pkg:llama-index-llms-ollama=llama-index-llms-openai-like|llama-index-embeddings-ollama=llama-index-embeddings-openai-like}${qmarkers}${markers}${q}${comma}}}}}'
    guidance: |-
      Swap the packages: ollama -> openai, langchain-ollama -> langchain-openai,
      llama-index-llms-ollama -> llama-index-llms-openai-like,
      llama-index-embeddings-ollama -> llama-index-embeddings-openai-like. Client code never
      needs the vllm package itself (only a server installed outside Docker does).
      Regenerate lockfiles afterwards.
    docs:
      - https://pypi.org/project/openai/
    examples:
      match:
        - "ollama==0.3.3"
        - "langchain-ollama>=0.2"
        - "langchain_ollama==1.0.1"
        - '    "ollama>=0.4",'
        - 'ollama = "^0.3.0"'
        - 'dependencies = ["fastapi>=0.115", "ollama>=0.4"]'
        - "ollama==0.4.7 \\\n    --hash=sha256:0123456789abcdef"
        - "install_requires = ollama>=0.4"
      no-match:
        - "openai==1.51.0"
        - "ollama-helpers-internal==1.0"
        - "default-args = ['ollama', 'tests']"
        - "ollama = true"
      fixes:
        - before: "fastapi==0.115.0\nollama==0.3.3\nlangchain-ollama>=0.2,<0.3\n"
          after: "fastapi==0.115.0\nopenai\nlangchain-openai\n"
        - before: "[project]\ndependencies = [\n    \"ollama==0.4.7\",\n    \"langchain-ollama>=0.2; python_version >= '3.9'\",\n]\n"
          after: "[project]\ndependencies = [\n    \"openai\",\n    \"langchain-openai; python_version >= '3.9'\",\n]\n"
        - before: "[project]\ndependencies = [\"ollama>=0.4\", \"fastapi>=0.115\"]\n"
          after: "[project]\ndependencies = [\"openai\", \"fastapi>=0.115\"]\n"
        - before: "[tool.poetry.dependencies]\npython = \"^3.10\"\nollama = \"^0.4\"\nlangchain-ollama = { version = \"^0.2\", optional = true }\n"
          after: "[tool.poetry.dependencies]\npython = \"^3.10\"\nopenai = \"*\"\nlangchain-ollama = { version = \"^0.2\", optional = true }\n"
        - before: "[options]\ninstall_requires =\n    requests>=2\n    ollama>=0.4\n"
          after: "[options]\ninstall_requires =\n    requests>=2\n    openai\n"
        - before: "requests==2.32.3 \\\n    --hash=sha256:aaaa\nollama==0.4.7 ; python_version >= \"3.8\" \\\n    --hash=sha256:bbbb \\\n    --hash=sha256:cccc\n    # via -r requirements.in\n"
          after: "requests==2.32.3 \\\n    --hash=sha256:aaaa\nopenai ; python_version >= \"3.8\"\n    # via -r requirements.in\n"
        - before: "openai==1.51.0\nollama==0.4.7 \\\n    --hash=sha256:bbbb\nhttpx==0.27.0\n"
          after: "openai==1.51.0\nhttpx==0.27.0\n"
        - before: "[project]\ndependencies = [\n    \"ollama>=0.4\",\n    \"openai>=1.40\",\n]\n"
          after: "[project]\ndependencies = [\n    \"openai>=1.40\",\n]\n"
        - before: "langchain-openai==0.3.0\nlangchain_ollama==0.2.0\nollama==0.4.7\n"
          after: "langchain-openai==0.3.0\nopenai\n"

  - id: install-extras-ollama
    message: installs the project with its Ollama extras
    category: dependency-manifest
    priority: high
    layer: configuration
    files: [dockerfile, shell, makefile, yaml]
    # Poetry/uv/pip extras named for Ollama (`--extras "ui llms-ollama"`, `-E llms-ollama`,
    # `ARG POETRY_EXTRAS="... embeddings-ollama"`): the image or environment is built with the
    # Ollama integrations, so it changes with the manifest's extras.
    pattern: |-
      (?:\b[A-Z_]*EXTRAS?[A-Z_]*[ \t]*[=:][ \t]*["']?[^"'\n#]*?|(?:--extras?|--with|--group)(?:[ \t]+|=)["']?[^"'\n#]*?|[ \t]-E[ \t]+["']?[^"'\n#]*?)\K(?<![\w-])(?:[\w]+-)*ollama(?:-[\w]+)*(?![\w-])
    prefilter: [ollama]
    guidance: |-
      Switch the extras to their OpenAI-compatible counterparts (private-gpt's llms-ollama
      becomes llms-openai-like, embeddings-ollama becomes embeddings-openai-like or a served
      embedding model), then rebuild the image and the lockfile.
    docs:
      - https://python-poetry.org/docs/cli/#install
    examples:
      match:
        - 'ARG POETRY_EXTRAS="ui vector-stores-qdrant «llms-ollama» embeddings-ollama"'
        - 'RUN poetry install --extras "ui «llms-ollama»"'
        - "uv sync --extra «ollama»"
        - "poetry install -E «llms-ollama»"
      no-match:
        - 'ARG POETRY_EXTRAS="ui llms-openai-like"'
        - "poetry install --extras ui"
        - "docker run -d ollama/ollama"

  - id: npm-dependency-ollama
    message: depends on an Ollama npm package
    category: dependency-manifest
    priority: high
    layer: configuration
    files: [json]
    paths: [package.json]
    pattern: |-
      "(?<pkg>(?<plain>ollama)|ollama-ai-provider(?:-v2)?|ai-sdk-ollama|@langchain/ollama|@llamaindex/ollama)"\s*:(?:\s*"(?<version>[^"\n]*)")?
    prefilter: [ollama]
    # Versions: the newest majors on the registry when this rule was written. When the file
    # already has "openai", the ollama entry goes instead: JSON must not get a second key.
    fix: '${version:+${plain:+${file:/"openai"\s*\:/:+:"openai"\: "^7.55.0"}:"${map:pkg:ollama=openai|ollama-ai-provider=@ai-sdk/openai-compatible|ollama-ai-provider-v2=@ai-sdk/openai-compatible|ai-sdk-ollama=@ai-sdk/openai-compatible|@langchain/ollama=@langchain/openai}"\: "${map:pkg:ollama=^7.55.0|ollama-ai-provider=^3.0.92|ollama-ai-provider-v2=^3.0.92|ai-sdk-ollama=^3.0.92|@langchain/ollama=^1.6.0}"}:${manual}}'
    guidance: |-
      Swap the packages: ollama -> openai, ollama-ai-provider / ollama-ai-provider-v2 /
      ai-sdk-ollama -> @ai-sdk/openai-compatible, @langchain/ollama -> @langchain/openai,
      @llamaindex/ollama -> @llamaindex/openai (check its option names). Regenerate the
      lockfile afterwards.
    docs:
      - https://www.npmjs.com/package/openai
    examples:
      match:
        - '    "ollama": "^0.5.0",'
        - '    "@langchain/ollama": "^0.1.0"'
      no-match:
        - '    "openai": "^4.0.0",'
        - '  "description": "talks to ollama",'
      fixes:
        - before: "{\n  \"dependencies\": {\n    \"ollama\": \"^0.5.0\"\n  }\n}\n"
          after: "{\n  \"dependencies\": {\n    \"openai\": \"^7.55.0\"\n  }\n}\n"
        - before: "{\n  \"dependencies\": {\n    \"openai\": \"^4.0.0\",\n    \"ollama\": \"^0.5.0\"\n  }\n}\n"
          after: "{\n  \"dependencies\": {\n    \"openai\": \"^4.0.0\"\n  }\n}\n"
        - before: "{\n  \"dependencies\": {\n    \"ollama\": \"^0.5.0\",\n    \"openai\": \"^4.0.0\"\n  }\n}\n"
          after: "{\n  \"dependencies\": {\n    \"openai\": \"^4.0.0\"\n  }\n}\n"

  - id: go-module-ollama
    message: requires the Ollama Go module
    category: dependency-manifest
    priority: high
    layer: configuration
    files: [gomod]
    pattern: |-
      \bgithub\.com/ollama/ollama\b
    prefilter: [github.com/ollama/ollama]
    guidance: |-
      The module github.com/ollama/ollama (its api package) is the Ollama client. Use an
      OpenAI-compatible Go client instead (github.com/openai/openai-go with
      option.WithBaseURL("http://<host>:8000/v1")), then `go mod tidy`.
    docs:
      - https://github.com/openai/openai-go
    examples:
      match:
        - "require github.com/ollama/ollama v0.3.12"
        - "\tgithub.com/ollama/ollama v0.5.1 // indirect"
      no-match:
        - "require github.com/openai/openai-go v1.0.0"
        - "module github.com/acme/ollamatools"

  - id: jvm-dependency-ollama
    message: depends on an Ollama artifact (Spring AI, LangChain4j, Testcontainers)
    category: dependency-manifest
    priority: high
    layer: configuration
    files: [xml, gradle, kotlin]
    pattern: |-
      <artifactId>\s*\K(?:[\w.]+-)*ollama(?:-[\w.-]+)?(?=\s*</artifactId>)|["'][\w.-]+:\K(?:[\w.]+-)*ollama(?:-[\w.-]+)?(?=[:'"])
    prefilter: [ollama]
    guidance: |-
      spring-ai-starter-model-ollama (older spring-ai-ollama-spring-boot-starter) becomes
      spring-ai-starter-model-openai (older spring-ai-openai-spring-boot-starter), configured
      with spring.ai.openai.base-url pointing at vLLM. langchain4j-ollama becomes
      langchain4j-open-ai. The Testcontainers ollama module has no GPU-free vLLM twin: test
      against a mock of the OpenAI API.
    docs:
      - https://docs.spring.io/spring-ai/reference/api/chat/openai-chat.html
    examples:
      match:
        - "<artifactId>spring-ai-starter-model-ollama</artifactId>"
        - "implementation 'org.springframework.ai:spring-ai-ollama-spring-boot-starter'"
        - "<artifactId>langchain4j-ollama</artifactId>"
        - "    <artifactId>ollama</artifactId>"
      no-match:
        - "<artifactId>spring-ai-starter-model-openai</artifactId>"
        - "<artifactId>spring-ai-core</artifactId>"
        - "<artifactId>ollamachat</artifactId>"

  - id: pep723-ollama-dependency
    message: inline script metadata (PEP 723) depends on an Ollama package
    category: dependency-manifest
    # High, as a requirements line: `uv run` and pipx install the block's dependencies. The
    # block is comment lines, but Python's metadataBlock keeps it from being a mention.
    priority: high
    files: [python]
    pattern: |-
      ^\#[ \t]*///[ \t]*script[ \t]*\n(?:\#[^\n]*\n)*?\#[^\n]*?["']\K(?:ollama|langchain-ollama|langchain_ollama|llama-index-(?:llms|embeddings)-ollama)(?=[<>=!~\[;"' ])
    prefilter: [/// script]
    guidance: |-
      Replace the dependency in the script's block as in requirements: "ollama" -> "openai",
      "langchain-ollama" -> "langchain-openai"; `uv run` installs the new list on the next run.
    docs:
      - https://peps.python.org/pep-0723/
    examples:
      match:
        - "# /// script\n# requires-python = \">=3.11\"\n# dependencies = [\n#     \"rich\",\n#     \"«ollama»\",\n# ]\n# ///\n"
        - "# /// script\n# dependencies = [\"ollama>=0.4\"]\n# ///\n"
      no-match:
        - "# dependencies: ollama is optional\nimport os\n"
        - "# /// script\n# dependencies = [\"rich\"]\n# ///\nimport ollama\n"

  - id: project-name-ollama
    message: the project's own name or URL contains "ollama"
    category: naming
    # Low: the name is the project's, not a dependency (ollama-webui, ollama-js itself); a
    # rename is a choice, not part of the migration.
    priority: low
    layer: configuration
    files: [json, toml]
    paths: [package.json, pyproject.toml, Cargo.toml]
    # package.json's top-level "name" (two-space indent), the `name =` of [project],
    # [tool.poetry] or [package]; the project's homepage and repository URLs
    # (github.com/ollama/ollama-js is a repository, not the ollama/ollama image).
    pattern: |-
      ^(?:  "name"[ \t]*:[ \t]*"|name[ \t]*=[ \t]*")\K[^"\n]*(?i:ollama)[^"\n]*(?=")|^[ \t]*+(?:"(?:homepage|url)"[ \t]*:[ \t]*|(?i:homepage|repository|source|documentation|issues|changelog)[ \t]*=[ \t]*)(?<q>["'])\K[^"'\n]*(?i:ollama)[^"'\n]*(?=\k<q>)
    prefilter: [ollama, Ollama]
    guidance: |-
      The project is named after Ollama. Nothing breaks when the backend changes; rename it
      only if the name should say what it serves now.
    examples:
      match:
        - "{\n  \"name\": \"«ollama-webui-lite»\",\n  \"version\": \"0.0.1\","
        - "[project]\nname = \"ollama-tools\""
        - "  \"repository\": {\n    \"type\": \"git\",\n    \"url\": \"«https://github.com/ollama/ollama-js.git»\"\n  },"
        - "[project.urls]\nrepository = 'https://github.com/ollama/ollama-python'"
      no-match:
        - "{\n  \"name\": \"webui\",\n  \"dependencies\": { \"ollama\": \"^0.5.0\" }"
        - "    \"name\": \"ollama\","

  - id: lockfile-project-name
    message: the lockfile's entry for the project itself, whose name contains "ollama"
    category: naming
    # Low, as project-name-ollama: the entry pins nothing (lockfile-ollama skips it); it
    # changes only if the project is renamed.
    priority: low
    layer: configuration
    files: [lockfile]
    once-per-file: true
    # package-lock's top-level "name" (two spaces in), uv's editable or virtual root entry.
    pattern: |-
      ^  "name"[ \t]*:[ \t]*"\K[^"\n]*(?i:ollama)[^"\n]*(?=")|^name = "\K[^"\n]*(?i:ollama)[^"\n]*(?="\n(?:version = [^\n]*\n)?source = \{ (?:editable|virtual) = "\.")
    prefilter: [ollama, Ollama]
    guidance: |-
      Nothing to regenerate for this entry: it is the project's own name. If the project is
      renamed, the package manager rewrites it with the next lock.
    examples:
      match:
        - "{\n  \"name\": \"«ollama-webui-lite»\",\n  \"lockfileVersion\": 3,"
        - "[[package]]\nname = \"ollama\"\nsource = { editable = \".\" }"
      no-match:
        - "    \"node_modules/ollama\": {"
        - "[[package]]\nname = \"ollama\"\nversion = \"0.4.7\"\nsource = { registry = \"https://pypi.org/simple\" }"

  - id: lockfile-ollama
    message: lockfile pins an Ollama package; regenerate it after the manifest changes
    category: lockfile
    # Medium: a lockfile left behind reinstalls the removed package. The project's own entry
    # (package-lock's top-level "name", uv's editable root) pins nothing: a lockfile with no
    # other entry is lockfile-project-name's. One finding per lockfile, at its first mention
    # of Ollama (often the project's own name), where a reader grepping for it lands first.
    priority: medium
    layer: configuration
    files: [lockfile]
    once-per-file: true
    pattern: |-
      \A(?=[\s\S]*?(?<!"name": ")(?<![\w.-])(?!ollama"\n(?:version = [^\n]*\n)?source = \{ (?:editable|virtual) = "\.")(?:ollama|langchain-ollama|langchain_ollama|llama-index-(?:llms|embeddings)-ollama|ollama-ai-provider(?:-v2)?|ai-sdk-ollama|@langchain/ollama|@llamaindex/ollama|github\.com/ollama/ollama)(?![\w.-]))[\s\S]*?\K(?i:ollama)
    prefilter: [ollama]
    guidance: |-
      Do not edit the lockfile by hand. Change the manifest (requirements, pyproject,
      package.json, go.mod), then regenerate: `npm install` / `yarn` / `pnpm install`,
      `poetry lock`, `uv lock`, `pipenv lock`, `go mod tidy`.
    docs:
      - https://docs.npmjs.com/cli/commands/npm-install
    examples:
      match:
        - '    "node_modules/ollama": {'
        - "[[package]]\nname = \"ollama\"\nversion = \"0.3.3\""
        - "{\n  \"name\": \"«ollama»-chat\",\n  \"packages\": {\n    \"node_modules/ollama\": {"
      no-match:
        - '    "node_modules/openai": {'
        - "{\n  \"name\": \"ollama\",\n  \"version\": \"0.5.0\","
        - "[[package]]\nname = \"ollama\"\nversion = \"0.4.7\"\nsource = { editable = \".\" }"
        - 'name = "ollama-helpers"'
"""##),
        RuleFileText(path: "rules/mentions.yml", text: #"""
# Remaining mentions in code: comments and names. Low priority, and they give way to any other
# finding on the same text.
rules:
  - id: comment-ollama-mention
    message: comment mentions Ollama
    category: comment
    priority: low
    files: [code, config]
    # Where the file's lexer says comment: a docstring's middle lines and a block comment's
    # inner lines too, not only lines that start with a comment marker.
    in: [comment]
    pattern: |-
      \b(?:[A-Za-z0-9]+_)*ollama(?![A-Za-z0-9])
    flags: [caseless]
    prefilter: [ollama]
    # What every match holds, as a cheap first search: `ollama` inside a longer name
    # (`EchoLlamas`) opens the prefilter, and the full pattern tries every word start.
    context: |-
      (?<![A-Za-z0-9])ollama(?![A-Za-z0-9])
    guidance: |-
      A comment that still describes Ollama. Update it with the code it describes, or drop
      it; licence and changelog notes that record history can stay.
    examples:
      match:
        - "# Fall back to «Ollama» when the primary model is down"
        - "x = 1  # TODO: remove the «ollama» fallback"
        - '    """Thin wrapper around the «Ollama» client."""'
        - "def close(self):\n    \"\"\"\n    Close the connection to the «Ollama» client.\n    \"\"\"\n"
      no-match:
        - "url = 'http://ollama:11434'  # the model server"
        - "# served by vLLM"
        - 'HEALTHCHECK --interval=30s CMD ["ollama", "--version"]'

  - id: ollama-named-identifier
    message: code name that still says Ollama
    category: naming
    priority: low
    files: [code]
    # Identifiers such as OllamaService or ollama_client; not the bare module name, and not
    # all-caps variables (the env-var rules report those).
    pattern: |-
      \b(?=\w*[a-z])(?!(?i:ollama)\b)\w*?(?:(?<![A-Za-z0-9])|(?<=_)|(?<=[a-z0-9])(?=O))(?i:ollama)(?![a-z])\w*
    prefilter: [ollama, Ollama]
    guidance: |-
      Names that say Ollama outlive the migration and mislead the next reader. Rename them
      for what they are after it (LLMService, llm_client, chat_backend) in the same change
      that swaps the client.
    examples:
      match:
        - "class OllamaService:"
        - "self.ollama_client = make_client()"
        - "const ollamaHost = cfg.host"
      no-match:
        - "import ollama"
        - "OLLAMA_HOST = 'x'"
        - "class EchoLlamas: pass"
"""#),
        RuleFileText(path: "rules/model-tags.yml", text: #"""
# Ollama model tags used as configuration values, recognised next to a model setting even
# where the word "ollama" is absent.
rules:
  - id: ollama-model-tag
    message: Ollama model tag as a model setting
    category: model
    # High: the tag is the model the service asks for, in code defaults and config alike,
    # and a vLLM server rejects it (it serves a Hugging Face id or --served-model-name).
    priority: high
    files: [code, config]
    # A model key (model, OLLAMA_MODEL, model_name, models: - ...) followed by a library tag
    # such as llama3.1:8b, qwen2.5:7b, mistral or nomic-embed-text. Hugging Face ids
    # (meta-llama/Llama-3.1-8B-Instruct) contain a slash and never match. Tags of other
    # families are ollama-sized-model-tag's.
    pattern: |-
      (?:(?i:model)\w*["']?(?:\s*:\s*\w+\s*=|\s*(?:[?:+]?=|:-|[:,(]|\?\?|\|\|)|:[ \t]*\n(?:[ \t][^\n]*\n){0,6}?[ \t]*-|["']?[ \t]*\n[ \t]*value:)\s*["']?|(?<cli>\bollama[ \t]+(?:pull|run|show|rm|cp|create)[ \t]+)|\bollama\(\s*["'`]|^[ \t]*+-[ \t]*["']?(?=(?:[\w.-]+:[\w.-]+|[\w.-]*embed[\w.-]*)["']?[ \t]*$))\K(?:llama[23](?:\.[0-9])?|llama2-uncensored|mistral(?:-nemo|-small)?|mixtral|qwen(?:[23](?:\.[05])?)?(?:-coder)?|gemma[23]?|phi[34](?:-mini)?|deepseek-(?:r1|coder(?:-v2)?|v[23])|codellama|nomic-embed-text|mxbai-embed-large|all-minilm|snowflake-arctic-embed|bge-m3|gpt-oss|llava|tinyllama|starcoder2|command-r|neural-chat|orca-mini|vicuna|wizardlm2|dolphin-mixtral|granite3(?:\.[0-9])?(?:-dense|-moe)?|smollm2?|cogito)(?::[\w.-]+)?(?=["'`\s,)}\]]|$)|["'`]\K(?:llama[23](?:\.[0-9])?|llama2-uncensored|mistral(?:-nemo|-small)?|mixtral|qwen(?:[23](?:\.[05])?)?(?:-coder)?|gemma[23]?|phi[34](?:-mini)?|deepseek-(?:r1|coder(?:-v2)?|v[23])|codellama|nomic-embed-text|mxbai-embed-large|all-minilm|snowflake-arctic-embed|bge-m3|gpt-oss|llava|tinyllama|starcoder2|command-r|neural-chat|orca-mini|vicuna|wizardlm2|dolphin-mixtral|granite3(?:\.[0-9])?(?:-dense|-moe)?|smollm2?|cogito):[\w.-]+(?=["'`])
    prefilter: [llama2, llama3, codellama, tinyllama, mistral, mixtral, qwen, gemma, phi3, phi4, deepseek, nomic-embed, mxbai, minilm, snowflake, bge-m3, gpt-oss, llava, starcoder, command-r, neural-chat, orca-mini, vicuna, wizardlm, granite, smollm, cogito]
    # Through the model map; a tag after `ollama pull` stays (the command goes), and an
    # unmapped tag is manual.
    fix: "${cli:+${manual}:${model:0}}"
    guidance: |-
      vLLM serves Hugging Face repositories, not Ollama tags, and one model per server.
      Either keep the tag as an alias (`vllm serve <hf repo> --served-model-name <tag>`, so
      application code keeps its strings), or change the value to the served name. The model
      map (rules/models.yml) gives the repo, e.g.
        llama3.1:8b -> meta-llama/Llama-3.1-8B-Instruct (gated: HF_TOKEN)
        qwen2.5:7b  -> Qwen/Qwen2.5-7B-Instruct
        mistral:7b  -> mistralai/Mistral-7B-Instruct-v0.3
        nomic-embed-text -> nomic-ai/nomic-embed-text-v1.5 (a separate pooling-mode server)
      Ollama tags are 4-bit GGUF builds of instruct models; the HF repos are BF16 (3-4x the
      VRAM): consider an AWQ/GPTQ/FP8 repo. `latest` tags drift: resolve by digest.
    docs:
      - https://docs.vllm.ai/en/latest/models/supported_models.html
    examples:
      match:
        - 'OLLAMA_MODEL = os.getenv("OLLAMA_MODEL", "llama2:7b")'
        - "model: mistral:7b"
        - 'llm = ChatOllama(model="qwen2.5:7b")'
        - "    models:\n      pull:\n        - llama3.1:8b"
        - "RUN ollama serve & sleep 5 && ollama pull nomic-embed-text"
        - "MODELS ?= llama3.1:8b nomic-embed-text"
        - "      OLLAMA_MODEL: ${OLLAMA_MODEL:-llama3.1:8b}"
        - "const model = opts.model ?? import.meta.env.VITE_OLLAMA_MODEL ?? 'llama3.2'"
        - "        - name: OLLAMA_MODEL\n          value: \"llama3.1:8b\""
        - "const targets = wanted.length ? wanted : ['llama3.1:8b'];"
        - "pull:\n  - llama3.1:8b\n  - nomic-embed-text"
      no-match:
        - 'model: "meta-llama/Llama-3.1-8B-Instruct"'
        - "model_version: 3"
        - "pull:\n  - postgres:16"
        - "const who = 'mistral'"
        - "keywords:\n  - llm\n  - mistral"
      fixes:
        - before: "OLLAMA_MODEL=llama3.1:8b\nEMBED_MODEL=some-custom-model:1b\n"
          after: "OLLAMA_MODEL=meta-llama/Llama-3.1-8B-Instruct\nEMBED_MODEL=some-custom-model:1b\n"

  - id: ollama-sized-model-tag
    message: Ollama model tag (name:<size>b) as a model setting
    category: model
    # High, as ollama-model-tag: any quoted name:<size>b, namespaced or not
    # (kdavis/Goedel-Prover-V2:32b, translategemma:4b), is an Ollama tag; no other model id
    # format ends in a parameter count after a colon (Hugging Face ids have none, Bedrock's
    # end in :0). Its own rule so that the size literals open only this cheap pattern; a
    # quoted tag of a family ollama-model-tag knows is that rule's.
    priority: high
    files: [code, config]
    pattern: |-
      ["'`]\K(?:[a-z0-9][\w.-]*+/|(?!(?:llama|mistral|mixtral|qwen|gemma|phi|deepseek|codellama|nomic|mxbai|all-minilm|snowflake|bge|gpt-oss|llava|tinyllama|starcoder|command-r|neural-chat|orca|vicuna|wizardlm|dolphin|granite|smollm|cogito)))[A-Za-z][\w.-]*+:\d++(?:\.\d+)?b(?:-[\w.]+)?(?=["'`])
    prefilter: [":1b", ":2b", ":3b", ":4b", ":7b", ":8b", ":9b", ":12b", ":13b", ":14b", ":27b", ":30b", ":32b", ":70b", ":72b"]
    guidance: |-
      As ollama-model-tag: a vLLM server serves a Hugging Face id (or --served-model-name),
      so the tag becomes that name; a namespaced tag (user/model:size) is a community upload
      whose weights must be found on Hugging Face first.
    examples:
      match:
        - "model = cfg.get(section='PROVER', option='model', fallback=\"«kdavis/Goedel-Prover-V2:32b»\")"
        - "  static modelTag = '«translategemma:4b»'"
      no-match:
        - 'modelId: "anthropic.claude-3-sonnet-20240229-v1:0"'
        - 'image: "python:3.12-slim"'
        - 'OLLAMA_MODEL = os.getenv("OLLAMA_MODEL", "llama3.1:8b")'
        - 'model: "meta-llama/Llama-3.1-8B-Instruct"'
        - 'OLLAMA_MODEL = os.getenv("OLLAMA_MODEL", "llama3.1:8b")'
"""#),
        RuleFileText(path: "rules/modelfile.yml", text: #"""
# Ollama Modelfiles: what `ollama create` builds a model from. vLLM has no such recipe: the base
# weights become `vllm serve <model>`, the parameters server flags or request fields, the
# template a chat template, the system prompt and messages part of each request.
rules:
  - id: modelfile-base-model
    message: Modelfile builds on a base model (FROM)
    category: model
    priority: high
    layer: configuration
    files: [modelfile]
    in: [code]
    pattern: |-
      ^[ \t]*+\KFROM[ \t]+\S+
    flags: [caseless]
    guidance: |-
      The model vLLM serves is the FROM line's weights: `vllm serve <hf-id>` with the
      Hugging Face repository the Ollama tag was converted from (qwen2.5:7b ->
      Qwen/Qwen2.5-7B-Instruct; see the models map). A local .gguf file can be served with
      `vllm serve ./model.gguf --tokenizer <hf-id>`, but GGUF support is experimental: prefer
      the original weights. The name clients send becomes --served-model-name.
    docs:
      - https://docs.vllm.ai/en/latest/features/quantization/gguf.html
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "«FROM llama3.1:8b»\nPARAMETER temperature 0.2\n"
        - "# base\n«from ./models/mistral-7b.Q4_K_M.gguf»\n"
      no-match:
        - "# FROM llama3\n"
        - "SYSTEM \"\"\"\nFROM now on answer in French.\n\"\"\"\n"

  - id: modelfile-parameter
    message: Modelfile sets a model parameter (PARAMETER)
    category: request-option
    priority: medium
    layer: configuration
    files: [modelfile]
    in: [code]
    pattern: |-
      ^[ \t]*+\KPARAMETER[ \t]+\w+
    flags: [caseless]
    guidance: |-
      Per parameter:
        num_ctx                 -> vllm serve --max-model-len N
        temperature, top_p, top_k, repeat_penalty, min_p, seed
                                -> request fields, or server defaults with
                                   --override-generation-config '{"temperature": 0.2}'
        num_predict             -> max_tokens in each request
        stop                    -> stop in each request (or the model's generation_config)
        num_gpu, num_thread, mirostat*, repeat_last_n, tfs_z -> no counterpart: drop
    docs:
      - https://docs.vllm.ai/en/latest/configuration/engine_args.html
    examples:
      match:
        - "FROM llama3.1:8b\n«PARAMETER num_ctx» 8192\n"
        - "«parameter stop» \"<|eot_id|>\"\n"
      no-match:
        - "# PARAMETER num_ctx 4096\n"

  - id: modelfile-prompt-setting
    message: Modelfile sets the prompt template, system prompt, messages or an adapter
    category: setting
    priority: medium
    layer: configuration
    files: [modelfile]
    in: [code]
    pattern: |-
      ^[ \t]*+\K(?:TEMPLATE|SYSTEM|MESSAGE|ADAPTER)\b
    flags: [caseless]
    guidance: |-
      TEMPLATE is a Go template; vLLM uses the model's Jinja chat template (from its
      tokenizer_config.json) or `--chat-template file.jinja`: port it only if the model's own
      differs. SYSTEM and MESSAGE have no server-side form: send them as the first messages of
      each request. ADAPTER becomes a LoRA module (`--enable-lora --lora-modules
      name=/path`), in PEFT safetensors format, not GGUF; clients then ask for model `name`.
    docs:
      - https://docs.vllm.ai/en/latest/features/lora.html
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html#chat-template
    examples:
      match:
        - "FROM qwen2.5:7b\n«SYSTEM» \"\"\"You are terse.\"\"\"\n"
        - "«TEMPLATE» \"\"\"{{ .System }} {{ .Prompt }}\"\"\"\n"
        - "FROM x\n«ADAPTER» ./lora.gguf\n"
      no-match:
        - "FROM x\n# TEMPLATE left as the model's own\n"
        - "PARAMETER stop \"SYSTEM\"\n"
"""#),
        RuleFileText(path: "rules/models.yml", text: #"""
# Ollama model tags and the Hugging Face repositories vLLM serves for them: this file is
# the model map. Fix templates call it as ${model:GROUP};
# a tag missing here is left unchanged and reported as manual. A user rule folder can add
# or override entries with a file of its own that has a top-level `models:` mapping.
models:
  "all-minilm": sentence-transformers/all-MiniLM-L6-v2
  "all-minilm:22m": sentence-transformers/all-MiniLM-L6-v2
  "all-minilm:33m": sentence-transformers/all-MiniLM-L12-v2
  "all-minilm:l12-v2": sentence-transformers/all-MiniLM-L12-v2
  "all-minilm:l6-v2": sentence-transformers/all-MiniLM-L6-v2
  "all-minilm:latest": sentence-transformers/all-MiniLM-L6-v2
  "codellama": codellama/CodeLlama-7b-Instruct-hf
  "codellama:7b": codellama/CodeLlama-7b-Instruct-hf
  "codellama:latest": codellama/CodeLlama-7b-Instruct-hf
  "deepseek-coder:6.7b": deepseek-ai/deepseek-coder-6.7b-instruct
  "deepseek-r1:1.5b": deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B
  "deepseek-r1:14b": deepseek-ai/DeepSeek-R1-Distill-Qwen-14B
  "deepseek-r1:32b": deepseek-ai/DeepSeek-R1-Distill-Qwen-32B
  "deepseek-r1:70b": deepseek-ai/DeepSeek-R1-Distill-Llama-70B
  "deepseek-r1:7b": deepseek-ai/DeepSeek-R1-Distill-Qwen-7B
  "deepseek-r1:8b-llama-distill-q4_K_M": deepseek-ai/DeepSeek-R1-Distill-Llama-8B
  "gemma2": google/gemma-2-9b-it
  "gemma2:27b": google/gemma-2-27b-it
  "gemma2:2b": google/gemma-2-2b-it
  "gemma2:9b": google/gemma-2-9b-it
  "gemma2:latest": google/gemma-2-9b-it
  "gpt-oss:120b": openai/gpt-oss-120b
  "gpt-oss:20b": openai/gpt-oss-20b
  "llama2": meta-llama/Llama-2-7b-chat-hf
  "llama2:7b": meta-llama/Llama-2-7b-chat-hf
  "llama2:latest": meta-llama/Llama-2-7b-chat-hf
  "llama3": meta-llama/Meta-Llama-3-8B-Instruct
  "llama3.1": meta-llama/Llama-3.1-8B-Instruct
  "llama3.1:70b": meta-llama/Llama-3.1-70B-Instruct
  "llama3.1:8b": meta-llama/Llama-3.1-8B-Instruct
  "llama3.1:latest": meta-llama/Llama-3.1-8B-Instruct
  "llama3.2": meta-llama/Llama-3.2-3B-Instruct
  "llama3.2:1b": meta-llama/Llama-3.2-1B-Instruct
  "llama3.2:3b": meta-llama/Llama-3.2-3B-Instruct
  "llama3.2:latest": meta-llama/Llama-3.2-3B-Instruct
  "llama3:8b": meta-llama/Meta-Llama-3-8B-Instruct
  "llama3:latest": meta-llama/Meta-Llama-3-8B-Instruct
  "mistral": mistralai/Mistral-7B-Instruct-v0.3
  "mistral:7b": mistralai/Mistral-7B-Instruct-v0.3
  "mistral:latest": mistralai/Mistral-7B-Instruct-v0.3
  "mxbai-embed-large": mixedbread-ai/mxbai-embed-large-v1
  "mxbai-embed-large:latest": mixedbread-ai/mxbai-embed-large-v1
  "nomic-embed-text": nomic-ai/nomic-embed-text-v1.5
  "nomic-embed-text:latest": nomic-ai/nomic-embed-text-v1.5
  "phi3": microsoft/Phi-3-mini-4k-instruct
  "phi3:3.8b": microsoft/Phi-3-mini-4k-instruct
  "phi3:latest": microsoft/Phi-3-mini-4k-instruct
  "qwen2.5": Qwen/Qwen2.5-7B-Instruct
  "qwen2.5-coder:7b": Qwen/Qwen2.5-Coder-7B-Instruct
  "qwen2.5:7b": Qwen/Qwen2.5-7B-Instruct
  "qwen2.5:latest": Qwen/Qwen2.5-7B-Instruct
  "qwen3:8b": Qwen/Qwen3-8B
"""#),
        RuleFileText(path: "rules/network.yml", text: #"""
# Where code and config reach the Ollama server: its port and its REST paths.
rules:
  - id: ollama-port
    message: Ollama's port 11434
    category: port
    priority: high
    files: [code, config]
    # A host:port in a URL or address. Port mappings (11434:11434) have a rule of their own.
    pattern: |-
      (?<=[\w\].-]:)(?<![\s"'\[,=-]\d{4}:|[\s"'\[,=-]\d{5}:|^\d{4}:|^\d{5}:)11434(?![\w.])(?<fix>(?!/api(?![\w-])))?|(?<=["'=]:)11434(?![\w.:])(?<listen>)
    # The second form is a listen address with no host (Go's ":11434", a proxy's
    # `address=:11434`): a server that answers on Ollama's port. A URL that goes on with
    # Ollama's /api keeps its port: the path, the body and the reads move together (the
    # endpoint rules), and port 8000 with /api/... answers nothing.
    prefilter: ["11434"]
    fix: "${fix:+8000:${listen:+8000:${manual}}}"
    guidance: |-
      vLLM serves on port 8000 by default (--port). The host stays; the port changes. REST
      paths after it are rewritten by the endpoint rules (/api/chat -> /v1/chat/completions),
      and base URLs that OpenAI clients use get /v1 (ollama-base-url-value). A URL that
      already ends in /v1 uses Ollama's OpenAI-compatible layer: only the host, port, API key
      (a real key or EMPTY instead of "ollama") and model names change. Do not set VLLM_PORT:
      it is not the API port.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "OLLAMA_URL=http://localhost:11434"
        - "curl http://192.168.0.99:11434/api/tags"
        - "host.docker.internal:11434"
        - 'http.ListenAndServe(":«11434»", nil)'
        - '      - "--entrypoints.web.address=:«11434»"'
      no-match:
        - "version: 1.11434.2"
        - '      - "11434:11434"'
        - "integrity sha512-abc11434def"
      fixes:
        - before: "curl http://localhost:11434/v1/models\n"
          after: "curl http://localhost:8000/v1/models\n"
        - before: "fetch('http://localhost:11434/api/generate')\n"
          after: "fetch('http://localhost:11434/api/generate')\n"
        - before: "proxy_pass http://ollama:11434/;\n"
          after: "proxy_pass http://ollama:8000/;\n"

  - id: ollama-base-url-value
    message: base URL of Ollama that an OpenAI-compatible client will use
    category: port
    priority: high
    files: [code, config]
    # The value of a base-URL setting (OLLAMA_URL, host=, baseURL, api_base) that ends at the
    # port: OpenAI clients need the /v1 prefix there.
    pattern: |-
      (?i:OLLAMA_(?:BASE_)?URL|OLLAMA_API_(?:BASE|URL)|OLLAMA_ENDPOINT|\bhost|\bbase_?url|\bapi_base)["']?[ \t]*(?:[:=,]|:-)[ \t]*["']?https?://[\w.\[\]-]+:\K11434(?=["'\s,)}]|$)
    prefilter: ["11434"]
    fix: "8000/v1"
    guidance: |-
      The OpenAI SDKs (and LangChain's ChatOpenAI, LiteLLM's hosted_vllm) take a base URL that
      ends in /v1 and append /chat/completions to it: http://<host>:11434 becomes
      http://<host>:8000/v1. Keep the variable's consumers on that one setting.
    docs:
      - https://github.com/openai/openai-python#configuring-the-http-client
    examples:
      match:
        - 'OLLAMA_URL = os.getenv("OLLAMA_URL", "http://localhost:11434")'
        - "const client = new Ollama({ host: 'http://127.0.0.1:11434' })"
        - "      OLLAMA_BASE_URL: http://ollama:11434"
      no-match:
        - "fetch('http://localhost:11434/api/chat')"
        - "OLLAMA_URL=http://localhost:11434/v1"
      fixes:
        - before: "OLLAMA_URL=http://localhost:11434\n"
          after: "OLLAMA_URL=http://localhost:8000/v1\n"

  - id: ollama-port-mapping
    message: maps Ollama's port 11434
    category: port
    priority: high
    files: [code, config]
    # compose/docker port mappings in either direction: 11434:11434, 8080:11434, 11434:80.
    pattern: |-
      (?<![\w.:])(?|(11434):(\d{2,5})|(\d{2,5}):(11434))(?![\w.:])
    prefilter: ["11434"]
    fix: "${map:1:11434=8000|*}:${map:2:11434=8000|*}"
    guidance: |-
      vLLM listens on 8000: `11434:11434` becomes `8000:8000` (and `-p 11434:11434` becomes
      `-p 8000:8000`). Update whatever reaches the old host port.
    docs:
      - https://docs.vllm.ai/en/latest/deployment/docker.html
    examples:
      match:
        - '      - "11434:11434"'
        - "docker run -p 8000:11434 ollama/ollama"
      no-match:
        - "http://localhost:11434"
        - "ports: ['8080:80']"
      fixes:
        - before: "    ports:\n      - \"11434:11434\"\n"
          after: "    ports:\n      - \"8000:8000\"\n"

  - id: ollama-port-setting
    message: sets Ollama's port 11434
    category: port
    priority: high
    files: [code, config]
    # EXPOSE, port settings (containerPort, port:, OLLAMA_PORT=), YAML list entries, an
    # Ingress backend's `port: {number: 11434}`, and the last of a tuple's defaults
    # (`host, port = host or '', 11434`: the port a parsed host gets when it names none).
    pattern: |-
      ^[ \t]*+number:[ \t]*["']?\K11434(?![\w.])|\bEXPOSE[ \t]+\K11434\b|(?i:port)\w*['"]?[ \t]*[:=][ \t]*['"]?\K11434(?![\w.])|^[ \t]*+-[ \t]*["']?\K11434(?=["']?[ \t]*$)|^[ \t]*+[\w \t,]*,[ \t]*(?i:port)[ \t]*=[^=\n]*,[ \t]*\K11434(?![\w.])
    prefilter: ["11434"]
    fix: "8000"
    guidance: |-
      EXPOSE 11434 becomes EXPOSE 8000; Kubernetes containerPort and Service ports follow;
      an OLLAMA_PORT setting has no vLLM variable (the port goes in `vllm serve --port` and in
      OPENAI_BASE_URL). Never VLLM_PORT: vLLM reads it for its internal communication.
    docs:
      - https://docs.vllm.ai/en/latest/deployment/k8s.html
    examples:
      match:
        - "EXPOSE 11434"
        - "containerPort: 11434"
        - "    expose:\n      - 11434"
        - "            port:\n              number: 11434"
        - "  host, port = host or '', «11434»"
      no-match:
        - "  host, timeout = host or '', 11434"
        - "timeout: 11434ms"
        - "            port:\n              number: 8080"
        - "id: 114340"
      fixes:
        - before: "EXPOSE 11434\n"
          after: "EXPOSE 8000\n"

  - id: ollama-api-inference
    message: calls an Ollama inference endpoint
    category: endpoint
    priority: critical
    files: [code, config]
    context: |-
      (?i)ollama|11434
    # The lookahead first: every match starts at a blank, an @ or the slash of /api/, so
    # the other positions fail before the lookbehinds run.
    pattern: |-
      (?=[\t @/])(?:^[ \t]*+@[\w.]+\.(?:get|post|put|patch|route|api_route|websocket)\([^\n]*(*SKIP)(*FAIL)|(?<![(=:,]['"`]|[(=:,] ['"`])(?:(?<=:11434)(?<literal>))?/api/(?<path>chat|generate|embed|embeddings)\b(?![/\w-])|/api/:path\*)
    # A route decorator (`@router.post(".../api/chat")`) serves the path instead of calling
    # it: its whole line is skipped, and ollama-api-server-route reports it.
    # No rewrite of the path alone: the request body (options, stream's default) and the
    # reads of the reply change with it, so a new path on an Ollama body is a call that works
    # on neither server. The whole raw HTTP call is a manual unit.
    prefilter: [/api/chat, /api/generate, /api/embed, "/api/:path"]
    guidance: |-
      POST /api/chat becomes POST /v1/chat/completions, /api/generate becomes
      /v1/completions (raw) or /v1/chat/completions (keeps the prompt template), and
      /api/embed(dings) becomes /v1/embeddings on a separate pooling-mode server. Bodies and
      replies change shape: options{} fields move to the top level (num_predict ->
      max_tokens), the reply is choices[0].message.content, and streams are Server-Sent
      Events ending in `data: [DONE]` instead of NDJSON. Ollama streams by default; vLLM
      does not, so send "stream": true explicitly where the code reads a stream.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "fetch(`${OLLAMA_HOST}/api/chat`, { method: 'POST' })"
        - "requests.post('http://localhost:11434/api/generate', json=body)"
        - "r = requests.post(OLLAMA_URL + '/api/chat', json=body)"
      no-match:
        - "router.post('/api/chat', handler)"
        - "import ollama from 'ollama/browser'\nconst res = await fetch('/api/generate', { method: 'POST' })"
        - "const ollama = new Client(); app.post('/api/chat/query', chat)"
        - "fetch('http://localhost:11434/v1/chat/completions')"
        - "# ollama\n@self.router.post(f\"/{self.provider_route_name}/api/chat\")"

  - id: ollama-api-server-route
    message: serves an Ollama-compatible inference route
    category: endpoint
    # Medium: the application is the server here (a gateway or proxy that speaks Ollama's
    # API to its own clients), so nothing it calls breaks; its clients' wire format does.
    priority: medium
    files: [python]
    context: |-
      (?i)ollama|11434
    pattern: |-
      ^[ \t]*+@[\w.]+\.(?:get|post|put|patch|route|api_route|websocket)\([ \t]*f?["'][^"'\n]*\K/api/(?:chat|generate|embed|embeddings)\b(?![/\w-])
    prefilter: [/api/chat, /api/generate, /api/embed]
    guidance: |-
      A route that re-implements Ollama's API for the application's own clients. Keep it while
      clients still speak Ollama's wire format, or move them to /v1/chat/completions and
      retire it; the upstream it forwards to is what the migration changes.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "# ollama\n@self.router.post(f\"/{self.provider_route_name}«/api/chat»\")"
        - "# ollama\n@app.post('/api/generate')"
      no-match:
        - "# ollama\nr = requests.post(OLLAMA_URL + '/api/chat')"

  - id: ollama-api-management
    message: calls an Ollama model-management or metadata endpoint
    category: endpoint
    priority: medium
    files: [code, config]
    context: |-
      (?i)ollama|11434
    pattern: |-
      (?:(?<=:11434)(?<literal>))?/api/(?<path>tags|show|pull|push|ps|version|create|copy|delete)\b(?![/\w-])|/api/blobs/
    fix: "${literal:+${map:path:tags=/v1/models|version=/version}:${manual}}"
    prefilter: [/api/tags, /api/show, /api/pull, /api/push, /api/ps, /api/version, /api/create, /api/copy, /api/delete, /api/blobs/]
    guidance: |-
      GET /api/tags becomes GET /v1/models (models[].name -> data[].id) and /api/version
      becomes /version. /api/pull, /api/push, /api/create, /api/copy, /api/delete and
      /api/ps have no equivalent: a vLLM server runs the one model it was started with, so
      model management moves into deployment config.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "curl http://localhost:11434/api/tags"
        - "const OLLAMA = 'http://ollama:11434'; await fetch(OLLAMA + '/api/pull')"
      no-match:
        - "app.get('/api/tags', listTags)"
        - "curl http://localhost:11434/v1/models"
      fixes:
        - before: "curl http://localhost:11434/api/tags\n"
          after: "curl http://localhost:11434/v1/models\n"

  - id: ollama-base-relative-inference
    message: calls an Ollama inference endpoint relative to an Ollama base URL
    category: endpoint
    priority: critical
    files: [code]
    # `${OLLAMA_API_BASE_URL}/chat`, f"{self.ollama_api}/generate": the base already ends in
    # /api, so no /api/chat literal is ever written (ollama-api-inference finds those).
    pattern: |-
      (?:\$\{|(?<![$\w])\{)[^{}`"'\n]*?(?i:ollama)\w*\s*\}/\K(?<path>chat|generate|embed|embeddings)\b(?![/\w.-])
    flags: [caseless]
    prefilter: [ollama]
    guidance: |-
      The base URL is Ollama's API root (http://host:11434/api) and the path its native
      endpoint: /chat becomes /v1/chat/completions with OpenAI's request and reply shape,
      /generate /v1/completions (or a chat call), /embed /v1/embeddings. Point the base at
      http://host:8000/v1 and move the call to an OpenAI client.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "const res = await fetch(`${$settings?.API_BASE_URL ?? OLLAMA_API_BASE_URL}/«chat»`, {"
        - "r = httpx.post(f\"{self.ollama_api}/generate\", json=body)"
      no-match:
        - "const res = await fetch(`${OLLAMA_API_BASE_URL}/tags`)"
        - "const res = await fetch(`${API_BASE_URL}/chat`)"
        - "const res = await fetch(`${OLLAMA_URL}/api/chat`)"

  - id: ollama-base-relative-management
    message: manages models through an endpoint relative to an Ollama base URL
    category: endpoint
    priority: medium
    files: [code]
    pattern: |-
      (?:\$\{|(?<![$\w])\{)[^{}`"'\n]*?(?i:ollama)\w*\s*\}/\K(?<path>tags|show|pull|push|ps|version|create|copy|delete)\b(?![/\w.-])
    flags: [caseless]
    prefilter: [ollama]
    guidance: |-
      Ollama's model management relative to its API root: /tags becomes GET /v1/models (ids
      in data[i].id); /version and /pull have no vLLM equivalent (a health check is GET
      /health or /v1/models, and the server serves the model it was started with).
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "const res = await fetch(`${$settings?.API_BASE_URL ?? OLLAMA_API_BASE_URL}/«tags»`, {"
        - "r = await http.get(f\"{settings.ollama_api}/version\")"
      no-match:
        - "const res = await fetch(`${OLLAMA_API_BASE_URL}/chat`)"
        - "const res = await fetch(`${API_BASE_URL}/tags`)"

  - id: ollama-service-url
    message: URL of a host named ollama
    category: endpoint
    priority: high
    files: [code, config]
    # http://ollama, http://ollama.llm.svc.cluster.local; with :11434 the port rule reports it.
    pattern: |-
      \bhttps?://\Kollama(?!\.(?:com|ai)\b)(?:\.[\w-]+)*(?![\w-])(?!:11434)
    prefilter: ["://ollama"]
    guidance: |-
      The service that answered here was Ollama. Point the client at the vLLM service instead
      (http://<vllm-service>:8000/v1 for OpenAI clients). Do not name the new Kubernetes
      Service "vllm": Kubernetes would inject VLLM_PORT=tcp://..., which vLLM rejects.
    docs:
      - https://docs.vllm.ai/en/latest/deployment/k8s.html
    examples:
      match:
        - "OLLAMA_BASE_URL=http://ollama"
        - "base_url: https://ollama.internal.example.com/"
      no-match:
        - "url: http://ollama:11434"
        - "https://ollama-helper.example.com"
        - "homepage = 'https://ollama.com'"

  - id: ollama-proxy-path
    message: proxies a path named for Ollama
    category: endpoint
    priority: high
    files: [js, conf, yaml]
    # Vite/webpack dev-server proxy keys and nginx locations.
    pattern: |-
      ['"]\^?/ollama(?:/[\w/*.-]*)?['"]\s*:|\blocation\s+[~^=*\s]*/ollama\b|/\^\\/ollama\b
    prefilter: [/ollama]
    guidance: |-
      A proxy route that forwards to Ollama. Point it at the vLLM server (target
      http://<host>:8000) and rename the path, and the clients that call it: the OpenAI
      clients expect their base URL to end in /v1.
    docs:
      - https://vite.dev/config/server-options.html#server-proxy
    examples:
      match:
        - "proxy: {\n  '/ollama': { target: 'http://127.0.0.1:11434', changeOrigin: true },"
        - "location /ollama/ {\n  proxy_pass http://ollama:11434/;"
        - "rewrite: (path) => path.replace(/^\\/ollama/, ''),"
      no-match:
        - "proxy: { '/api': 'http://localhost:8000' }"
        - "const url = '/ollama-notes'"
"""#),
        RuleFileText(path: "rules/options.yml", text: ##"""
# Request options and response fields only Ollama has. They mean something only next to an
# Ollama client, so every rule here needs an Ollama context in the same file.
rules:
  - id: ollama-request-option
    message: Ollama-only request option
    category: request-option
    priority: medium
    files: [code, config]
    context: |-
      (?i)\bollama|11434
    # snake_case (Python, JSON), camelCase (LangChain.js) and kebab-case (Spring) spellings.
    # num_predict and keep_alive are generic words (llama.cpp's n_predict, the keep-alive
    # HTTP header), so here they count only as a quoted key of an options map
    # (`"num_predict": 64`, `kwargs["keep_alive"]`), a key of a one-line `options: {...}`, a
    # builder method (`.numPredict(400)`) or Go's request field (`KeepAlive:`); ollama-call-keyword and ollama-call-object-key find
    # them inside an Ollama call, ollama-config-option as a configuration key. A keyword
    # argument in a call's list (a line ending in `,` or `(`) is ollama-option-keyword's.
    pattern: |-
      \b(?:num[_-]?(?:ctx|gpu|thread|batch|keep)|repeat[_-]?(?:penalty|last[_-]?n)|mirostat(?:[_-]?(?:eta|tau))?|tfs[_-]?z|typical[_-]?p|penalize[_-]?newline|low[_-]?vram|use[_-]?(?:mmap|mlock)|main[_-]?gpu|pull[_-]?model[_-]?strategy|validate_model_on_init)\b(?![ \t]*=(?!=)[^\n]*[,()][ \t]*(?:\#[^\n]*)?$)|["']\K(?:num[_-]?predict|keep[_-]?alive)(?=["'][ \t]*[:\]])|\.\K(?-i:numPredict|keepAlive)(?=\s*\()|(?<![\w.])(?-i:KeepAlive)(?=\s*:)|\boptions["']?[ \t]*[:=][ \t]*\{[^{}\n]*?(?<![\w$])\K(?:num_?predict|keep_?alive)(?=["']?[ \t]*:)
    flags: [caseless]
    prefilter: [ollama, Ollama, OLLAMA, "11434"]
    guidance: |-
      Ollama's options{} map onto OpenAI/vLLM request fields:
        num_predict   -> max_tokens (-1/-2 -> omit)
        num_ctx       -> none per request: `vllm serve --max-model-len N`
        repeat_penalty -> repetition_penalty (vLLM extra; extra_body in the OpenAI SDKs)
        top_k, min_p  -> vLLM extras via extra_body
        keep_alive    -> none (the model stays loaded): drop
        num_gpu, num_thread, num_batch, main_gpu, low_vram, use_mmap, use_mlock -> server
                         flags (--tensor-parallel-size, --gpu-memory-utilization) or drop
        repeat_last_n, tfs_z, typical_p, mirostat*, penalize_newline, num_keep -> none: drop
      The OpenAI SDKs reject unknown keyword arguments, so these cannot be passed through.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html#extra-parameters
    examples:
      match:
        - "import ollama\nollama.chat(model=m, messages=x, options={'num_ctx': 8192})"
        - "import { ChatOllama } from '@langchain/ollama'\nnew ChatOllama({ numCtx: 4096, keepAlive: '5m' })"
        - "spring.ai.ollama.chat.options.num-ctx=4096"
        - "# ollama\n[options]\nnum_gpu = 1"
        - "import ollama\nopts = {'«num_predict»': 64}"
        - "// ollama\nOllamaOptions.builder().«numPredict»(400).build();"
        - "// ollama\nconst body = { model, options: { temperature: 0.4, «num_predict»: 768 } }"
      no-match:
        - "options = {'num_ctx': 8192}"
        - "import ollama\nnumber_of_items = 3"
        - "import ollama\nsetHeader(event, 'Connection', 'keep-alive')"
        - "import ollama\nheaders = {'Connection': 'keep-alive'}"

  - id: ollama-config-option
    message: Ollama-only option as a configuration key
    category: request-option
    priority: medium
    files: [config]
    context: |-
      (?i)\bollama|11434
    # The generic option words only as an unquoted key (`num_predict: 64`, `keep_alive =
    # "5m"`, `options.num-predict=256`), never as a value such as the keep-alive HTTP header;
    # a quoted JSON key is ollama-request-option's.
    pattern: |-
      (?:^[ \t]*+(?:\#[ \t]*)?|\.)\K(?:num[_-]?predict|keep[_-]?alive)(?=[ \t]*[:=](?![:=]))
    flags: [caseless]
    prefilter: [ollama, Ollama, OLLAMA, "11434"]
    guidance: |-
      num_predict becomes max_tokens on the OpenAI API (-1 and -2 mean: omit it); keep_alive
      has no counterpart (a vLLM server keeps its model loaded): drop the key.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "ollama:\n  llm:\n    «num_predict»: 8192"
        - "spring.ai.ollama.chat.options.«num-predict»=256"
        - "ollama:\n  keep_alive: 5m"
      no-match:
        - "ollama:\n  headers:\n    Connection: keep-alive"
        - "llm:\n  num_predict: 64"

  - id: ollama-option-keyword
    message: passes an Ollama-only option as a keyword argument
    category: request-option
    # High: a keyword argument in a call is sent with the request (through ChatOllama, the
    # client or a wrapper that forwards **kwargs), and the OpenAI clients reject it.
    priority: high
    files: [python]
    context: |-
      (?i)ollama|11434
    # After `(` or `,` (the previous argument, possibly on the line above); `==` is a
    # comparison, and `def f(num_ctx=...)` a parameter default. validate_model_on_init only
    # right after a model= argument, the model it validates: `Form(validate_model_on_init=)`
    # is somebody else's keyword.
    pattern: |-
      (?<!def )(?:\b\w+\s*\(|,)[ \t]*(?:\#[^\n]*)?\n?[ \t]*\K(?<keyword>num_(?:ctx|predict|gpu|thread|batch|keep)|repeat_(?:penalty|last_n)|mirostat(?:_eta|_tau)?|tfs_z|typical_p|penalize_newline|low_vram|use_mmap|use_mlock|main_gpu)(?=\s*=(?!=))|\bmodel\s*=[^,()\n]*(?:\([^()\n]*\)[^,()\n]*)?,[ \t]*(?:\#[^\n]*)?\n?[ \t]*\Kvalidate_model_on_init(?=\s*=(?!=))
    prefilter: [ollama, Ollama, OLLAMA, "11434"]
    guidance: |-
      These keyword arguments exist only on Ollama's clients and on ChatOllama; wrappers that
      forward them break the same way:
        num_predict -> max_tokens (max_completion_tokens on newer OpenAI models)
        num_ctx     -> none per request: `vllm serve --max-model-len N`
        num_gpu, num_thread, num_batch, main_gpu, low_vram, use_mmap, use_mlock -> server flags or drop
        repeat_penalty -> repetition_penalty in extra_body
        validate_model_on_init -> drop; check the server once with GET /v1/models
        the others  -> none: drop
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html#extra-parameters
    examples:
      match:
        - "import ollama\nllm = _create_llm_safe(\n    model=m,\n    «num_predict»=50000,\n    num_ctx=cfg.getint('num_ctx', fallback=40960),\n)"
        - "from langchain_ollama import ChatOllama\nllm = ChatOllama(model=m, «num_ctx»=8192)"
        - "import ollama\nopts = dict(«repeat_penalty»=1.1)"
        - "from langchain_ollama import ChatOllama\nllm = make_llm(\n    model=cfg.get('model', fallback='qwen3:30b'),\n    «validate_model_on_init»=True,\n)"
      no-match:
        - "import ollama\nif num_ctx == 4096: pass"
        - "import ollama\nnum_ctx = 8192"
        - "import ollama\ndef build(num_ctx=4096):"
        - "llm = make(num_ctx=8192)"
        - "import ollama\nform = Form(options=CHOICES,\n            validate_model_on_init=False)"

  - id: ollama-option-in-llm-section
    message: Ollama-only option in an LLM configuration section
    category: request-option
    priority: medium
    files: [ini, conf, toml, yaml, json, env, properties]
    # The same option names, in a configuration file that need not say "ollama" anywhere: a
    # section named for an LLM (`[FORMALIZER_AGENT_LLM]`, `llm:`) holds them. In a section
    # named for Ollama, ollama-config-section-key reports every key already.
    section: |-
      (?:^|[_.-])llms?(?:$|[_.-])
    pattern: |-
      \b(?:num[_-]?(?:ctx|predict|gpu|thread|batch|keep)|keep[_-]?alive|repeat[_-]?(?:penalty|last[_-]?n)|mirostat(?:[_-]?(?:eta|tau))?|tfs[_-]?z|typical[_-]?p|penalize[_-]?newline|low[_-]?vram|use[_-]?(?:mmap|mlock)|main[_-]?gpu|pull[_-]?model[_-]?strategy)\b
    # Only files holding one of the names are searched at all (caseless: NUM_CTX in .env).
    prefilter: [num, keep, repeat, mirostat, tfs, typical, penalize, vram, mmap, mlock, main, pull]
    flags: [caseless]
    guidance: |-
      Options only Ollama reads, set for an LLM client in configuration. vLLM has no
      per-request context size or keep-alive: num_ctx becomes `vllm serve --max-model-len N`,
      num_predict the request's max_tokens, keep_alive and the GPU and sampling extras are
      dropped (ollama-request-option lists each). Keep them only where the provider is still
      Ollama.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html#extra-parameters
    examples:
      match:
        - "[FORMALIZER_AGENT_LLM]\nmodel = kdavis/goedel-formalizer-v2:32b\n«num_ctx» = 40960\n"
        - "llm:\n  model: qwen3:30b\n  «num_predict»: 512\n"
      no-match:
        - "[SERVER]\nnum_ctx = 40960\n"
        - "num_ctx: 4096\n"

  - id: ollama-options-block
    message: passes an Ollama options block
    category: request-option
    priority: medium
    files: [code]
    context: |-
      ^[ \t]*+(?:import[ \t]+ollama\b|from[ \t]+ollama\b)|['"]ollama(?:/browser)?['"]
    pattern: |-
      \boptions\s*(?:(?<py>=)|:)\s*(?:\{(?<body>[^{}\n]*)\}|[A-Za-z_][\w.]*\s*(?=,|\)|$))
    prefilter: [ollama]
    # Part of its call's unit (Sources/Fix/Python, Sources/Fix/JavaScript), rewritten with the
    # call or not at all: no fix template.

    guidance: |-
      `options={...}` has no OpenAI counterpart: flatten its fields into the request
      (temperature, top_p, seed, stop stay; num_predict -> max_tokens) and drop or move the
      Ollama-only ones (see ollama-request-option).
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "import ollama\nr = ollama.chat(model=m, messages=x, options={'temperature': 0.2})"
        - "import ollama from 'ollama'\nawait ollama.chat({ model, messages, options: { temperature: 0 } })"
        - "import ollama\nr = client.generate(model=m, prompt=p, options=GENERATION_OPTIONS,)"
      no-match:
        - "r = requests.post(url, json={'options': 1})"
        - "import ollama\nopts = dict(temperature=0.2)"

  - id: ollama-call-keyword
    message: passes an Ollama-only keyword argument to an Ollama call
    category: request-option
    priority: high
    files: [python]
    context: |-
      (?i)ollama|11434
    # Each keyword at the top level of the call's arguments, however many lines down: the
    # first match starts at the call, each next one at the `\G` where the last one ended (just
    # after its `=`), so the search walks the argument list keyword by keyword. Nested calls,
    # lists, dicts, strings and comments are skipped whole.
    pattern: |-
      (?:(?:\b(?:ChatOllama|OllamaLLM|OllamaEmbeddings|Ollama)|\b\w*(?i:ollama|client)\w*\.(?:chat|generate|embed|embeddings))\s*\(|\G(?<==))(?:(?&string)|(?&comment)|\((?&balanced)*+\)|\[(?&balanced)*+\]|\{(?&balanced)*+\}|[^()\[\]{}"'\#])*?(?<![\w.])\K(?<keyword>num_ctx|num_predict|keep_alive|validate_model_on_init|options|format)\s*=(?!=)
    group: keyword
    prefilter: [ollama, Ollama, OLLAMA, "11434"]
    guidance: |-
      These keyword arguments exist only on Ollama's clients; the OpenAI client and
      ChatOpenAI reject them:
        num_ctx                -> none per request: `vllm serve --max-model-len N`
        keep_alive             -> none (the model stays loaded): drop
        validate_model_on_init -> drop; check the server once with GET /v1/models
        options={...}          -> flatten into the request (see ollama-options-block)
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "from langchain_ollama import ChatOllama\nllm = ChatOllama(\n    model='llama3',  # (\n    temperature=0,\n    «num_ctx»=8192,\n)\n"
        - "from langchain_ollama import OllamaLLM\nllm = OllamaLLM(model=m, «validate_model_on_init»=True)"
        - "import ollama\nr = self.__client.chat(\n    model=m,\n    messages=[{'role': 'user', 'content': f'({x}'}],\n    «options»=opts,\n)"
        - "import ollama\nr = ollama.generate(model=m, prompt=p,\n                    «keep_alive»='5m')"
        - "import ollama\nr = client.chat(\n    model=m,\n    messages=msgs,\n    «format»=Answer.model_json_schema(),\n)"
      no-match:
        - "from langchain_ollama import ChatOllama\nllm = ChatOllama(model=m)\nsettings = dict(num_ctx=8192)"
        - "import ollama\nr = ollama.chat(model=m, messages=build(options=x))"
        - "import ollama\nparser.add_argument('--options', options='x')"
        - "import ollama\nfrom langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model=m, options=x)"
        - "import ollama\nr = ollama.chat(model=m)\nf(options=x)"
        - "import ollama\nlogging.basicConfig(format='%(message)s')"

  - id: ollama-call-object-key
    message: passes an Ollama-only field in the object of an Ollama call
    category: request-option
    priority: high
    files: [js]
    context: |-
      (?i)ollama|11434
    # The object argument of new ChatOllama({...}), ollama.chat({...}), client.generate({...})
    # or a request body (`body: JSON.stringify({...})` in a file that talks to Ollama),
    # walked key by key as ollama-call-keyword walks Python arguments: the first match starts
    # at the call, each next one at the `\G` where the last one ended. Braces are walked into
    # (options: { numPredict }), arrays, strings, comments and nested calls are skipped whole,
    # and the call's closing parenthesis ends the walk.
    pattern: |-
      (?:(?:\bnew\s+(?:ChatOllama|Ollama(?:Embeddings|LLM)?)|\b\w*(?i:ollama|client)\w*\.(?:chat|generate|embed|embeddings)|\bbody\s*:\s*JSON\.stringify)\s*\(\s*(?=\{)|\G(?<=[:,}]))(?:(?&string)|(?&comment)|\((?&balanced)*+\)|\[(?&balanced)*+\]|[^()\[\]"'`/]|/)*?(?<![\w.$])(?<q>["']?)\K(?<key>num(?:Predict|Ctx|Gpu|Thread|Batch|Keep)|num_(?:predict|ctx|gpu|thread|batch|keep)|keep_?[aA]live|repeat(?:Penalty|LastN|_penalty|_last_n)|mirostat(?:Eta|Tau|_eta|_tau)?|tfs_?[zZ]|typical_?[pP]|format|options)\k<q>\s*[:,}]
    group: key
    prefilter: [ollama, Ollama, OLLAMA, "11434"]
    guidance: |-
      In ollama-js and @langchain/ollama these fields have no OpenAI counterpart:
        options: { ... } -> flatten: temperature, top_p, seed, stop stay; num_predict -> max_tokens
        numPredict       -> maxTokens (ChatOpenAI) / max_tokens
        numCtx, num_ctx  -> none per request: `vllm serve --max-model-len N`
        keepAlive        -> none: drop
        format: 'json'   -> response_format: { type: 'json_object' }; a schema -> json_schema
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "import { ChatOllama } from '@langchain/ollama'\nreturn new ChatOllama({\n  baseUrl: url,\n  model: name,\n  «numPredict»: 3000\n})"
        - "import ollama from 'ollama'\nawait ollama.chat({\n  model,\n  messages: [{ role: 'user', content: q }],\n  options: {\n    «numPredict»,\n  },\n})"
        - "import ollama from 'ollama'\nconst r = await client.generate({ model, prompt, «keep_alive»: '5m' })"
        - "await fetch('http://localhost:11434/api/generate', {\n  method: 'POST',\n  body: JSON.stringify({\n    model,\n    «keep_alive»: '5m',\n  }),\n})"
      no-match:
        - "import ollama from 'ollama'\nsetHeader(event, 'Connection', 'keep-alive')"
        - "import ollama from 'ollama'\nconst r = await ollama.chat({ model, messages })\nconst o = { numPredict: 5 }"
        - "import ollama from 'ollama'\nawait ollama.chat({ model, messages: [{ format: 'x' }] })"

  - id: ollama-format-json
    message: asks Ollama for JSON output with `format`
    category: request-option
    priority: medium
    files: [code]
    context: |-
      (?i)\bollama|11434
    pattern: |-
      \bformat["']?\s*[=:]\s*["']json["']
    prefilter: [ollama, Ollama, OLLAMA, "11434"]
    guidance: |-
      format="json" becomes response_format={"type": "json_object"}; format=<JSON schema>
      becomes response_format={"type": "json_schema", "json_schema": {"name": ..., "schema":
      ...}} (or client.beta.chat.completions.parse with a pydantic model).
    docs:
      - https://docs.vllm.ai/en/latest/features/structured_outputs.html
    examples:
      match:
        - "import ollama\nollama.chat(model=m, messages=x, format='json')"
        - "fetch('http://localhost:11434/api/chat', { body: JSON.stringify({ model, format: 'json' }) })"
      no-match:
        - "logging.basicConfig(format='json')"
        - "import ollama\nformat = 'markdown'"

  - id: ollama-response-field
    message: reads a field only Ollama's responses have
    category: response-field
    priority: high
    # Python and JavaScript reads are the flow pass's, on names bound to what an Ollama call
    # returned (rules/flow.yml, flow-fields:): there a field name alone is no evidence, and
    # `created_at` in SQL or the `message` of another service's reply are not Ollama's.
    files: [go, java, kotlin, html, shell]
    context: |-
      (?i)\bollama|11434
    pattern: |-
      \b(?:prompt_eval_count|eval_count|total_duration|load_duration|prompt_eval_duration|eval_duration|done_reason|created_at)\b|\[\s*["']message["']\s*\]\s*\[\s*["']content["']\s*\]|\[\s*["'](?:done|response|embeddings?)["']\s*\]|\.get\(\s*["'](?:done|response|message|embeddings?|models)["']|(?<!\])\.message\.content\b|(?<![\w.])(?:data|chunk|part|json|obj|res|resp|response|result|parsed|event|line|r|models|tags)\.(?:done|response|embeddings?|models)\b|["']done["']\s*:|^[ \t]*+\K(?:done|response|done_reason)\??:[ \t]*(?:boolean|string)\b|\.(?:PromptEvalCount|EvalCount|TotalDuration|LoadDuration|EvalDuration|DoneReason)\b|\bresp\.(?:Done|Message\.Content|Response)\b
    prefilter: [ollama, Ollama, OLLAMA, "11434"]
    guidance: |-
      Responses change shape on the OpenAI API:
        ['message']['content'] / .message.content -> .choices[0].message.content
        ['response'] (generate)     -> .choices[0].text (completions) or .choices[0].message.content
        ['embeddings'] / ['embedding'] -> [d.embedding for d in r.data]
        done                        -> choices[0].finish_reason is not None; streams end with data: [DONE]
        done_reason                 -> finish_reason (stop, length, tool_calls)
        prompt_eval_count           -> usage.prompt_tokens
        eval_count                  -> usage.completion_tokens (in streams only with
                                       stream_options={"include_usage": true}, in a chunk with
                                       empty choices)
        total_duration, load_duration, eval_duration -> none in the body: use /metrics
        created_at (RFC 3339)       -> created (Unix seconds)
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "import \"github.com/ollama/ollama/api\"\ntokens := resp.EvalCount"
        - "// ollama client\nif (resp.Done) { return resp.Message.Content; }"
        - "<script>/* ollama */ const text = data['message']['content']</script>"
      no-match:
        - "reply = response['message']['content']"
        - "// ollama\nreturn completion.choices[0].message.content"

  - id: ollama-response-shape
    message: declares the shape of an Ollama reply
    category: response-field
    priority: high
    files: [python, js]
    in: [code, string]
    context: |-
      (?i)\bollama|11434
    # Declarations, not reads: a type's fields (`done: boolean`) and the keys of a built reply
    # (`"done": True` in a mock). Reads are the flow pass's, on bound names only.
    pattern: |-
      ["']done["']\s*:|^[ \t]*+\K(?:done|response|done_reason)\??:[ \t]*(?:boolean|string)\b|\b(?:prompt_eval_count|eval_count|total_duration|load_duration|eval_duration)\??\s*[=:](?!=)
    prefilter: [ollama, Ollama, OLLAMA, "11434"]
    guidance: |-
      A mock, fixture or type that spells out Ollama's reply: after the migration the server
      replies in the OpenAI shape (choices[0].message.content, finish_reason, usage), so the
      declaration and whatever it feeds change with it.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "// ollama /api/generate reply\ninterface Reply {\n  «response: string»;\n  done: boolean;\n}"
        - "# fake ollama chunk\npart = {«\"done\":» True}"
        - "# ollama stats\npart.update(«prompt_eval_count=»12)"
      no-match:
        - "interface Reply {\n  done: boolean;\n}"
        - "# ollama\nif part[\"done\"]:"
"""##),
        RuleFileText(path: "rules/python-client.yml", text: #"""
# The ollama Python package (ollama-python).
rules:
  - id: python-ollama-import
    message: imports the ollama Python client
    category: client-import
    priority: critical
    files: [python]
    pattern: |-
      ^[ \t]*+\K(?:(?<plain>import[ \t]+ollama)\b(?![.\w])|import[ \t]+ollama[ \t]+as[ \t]+\w+|from[ \t]+ollama(?<sub>(?:\.\w+)+)?[ \t]+import\b(?![ \t]+(?:pull|list|show|ps|delete|copy|push|create|(?!(?:Async)?Client\b)[A-Z]\w*)(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*(?:pull|list|show|ps|delete|copy|push|create|(?!(?:Async)?Client\b)[A-Z]\w*)(?:[ \t]+as[ \t]+\w+)?)*[ \t]*(?:#|$))[ \t]*(?<names>[^\n#]*?)[ \t]*(?=#|$))
    prefilter: [ollama]
    # Rewritten with its calls, the reads of their results and its imports by the
    # Python client units (Sources/Fix/Python), whole or not at all: no fix template.

    guidance: |-
      Replace the ollama client with the openai client pointed at vLLM:
        from openai import OpenAI
        client = OpenAI(base_url="http://localhost:8000/v1", api_key="EMPTY")
      `from ollama import Client, AsyncClient` becomes `from openai import OpenAI, AsyncOpenAI`.
      Module-level functions (chat, generate, embed, list) become methods on a client
      instance. Types: ChatResponse -> openai.types.chat.ChatCompletion. pip: remove
      `ollama`, add `openai`.
    docs:
      - https://github.com/openai/openai-python
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "import ollama"
        - "from ollama import Client, AsyncClient"
        - "    from ollama._client import Client"
        - "import ollama as llm"
      no-match:
        - "import ollama_helpers"
        - "import { Ollama } from 'ollama'"
        - "# we used to import ollama here"
        - "from ollama._types import ResponseError"

  - id: python-local-ollama-module
    message: imports a module of this project named for Ollama (its adapters, types or helpers)
    # A name that says Ollama, so the flow pass's finding on the line (which knows the module
    # builds a client, and says through what) takes its place.
    category: naming
    priority: medium
    files: [python]
    # `from app.utils.ollama import pull_model`, `import app.types.ollama as ollama`,
    # `from .ollama_mappers import x`: the project's own layer over Ollama, which the migration
    # rewrites or retires with its importers. The PyPI client and the frameworks' Ollama
    # packages have their own rules (langchain_ollama, llama_index.llms.ollama, ...).
    pattern: |-
      ^[ \t]*+\K(?:from[ \t]+(?:\.+|(?!(?:langchain\w*|llama_index|haystack\w*|litellm|crewai|autogen\w*|semantic_kernel|dspy|pydantic_ai|ollama)\b)[A-Za-z_]\w*\.)(?:\w+\.)*ollama(?:_\w+)?(?:\.\w+)*[ \t]+import\b|import[ \t]+(?!(?:langchain\w*|llama_index|haystack\w*|litellm|crewai|autogen\w*|semantic_kernel|dspy|pydantic_ai|ollama)\b)[A-Za-z_]\w*(?:\.\w+)*\.ollama(?:_\w+)?\b(?:\.\w+)*|from[ \t]+\.+[ \t]+import[ \t]+(?:[^\n#]*,[ \t]*)?ollama(?:_\w+)?\b)
    flags: [caseless]
    prefilter: [ollama]
    guidance: |-
      A module of this project that wraps Ollama: its functions call the ollama client or its
      types follow Ollama's request and response shapes. Migrate the module first (to the
      openai client and OpenAI shapes), then each importer: names such as pull_model or
      check_connection have no vLLM counterpart (vLLM loads its model at start-up), so their
      calls go away.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "«import codegate.types.ollama» as ollama"
        - "    «from private_gpt.utils.ollama import» (check_connection, pull_model)"
        - "«from .ollama_mappers import» ollama_chat_from_openai"
        - "«from . import x, ollama»"
        - "«from app.providers.ollama.provider import» OllamaProvider"
      no-match:
        - "import ollama"
        - "from ollama._types import ResponseError"
        - "from langchain_community.llms.ollama import Ollama"
        - "from llama_index.llms.ollama import Ollama"
        - "from app.utils.ollamaish import x"
        - "# from app.utils.ollama import x"

  - id: python-ollama-type-import
    message: imports only types or model-management functions from the ollama Python client
    category: client-import
    # Types (ChatResponse, Message, ResponseError) and pull/list/show need replacing, but the
    # inference path does not run through them: the labelled corpus calls these medium,
    # against critical for an import of the client or of chat/generate/embed.
    priority: medium
    files: [python]
    pattern: |-
      ^[ \t]*+\Kfrom[ \t]+ollama(?:\.\w+)*[ \t]+import[ \t]+(?:pull|list|show|ps|delete|copy|push|create|(?!(?:Async)?Client\b)[A-Z]\w*)(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*(?:pull|list|show|ps|delete|copy|push|create|(?!(?:Async)?Client\b)[A-Z]\w*)(?:[ \t]+as[ \t]+\w+)?)*[ \t]*(?=#|$)
    prefilter: [ollama]
    guidance: |-
      Types map onto the openai package's: ChatResponse -> openai.types.chat.ChatCompletion,
      Message -> ChatCompletionMessageParam, ResponseError -> openai.APIStatusError. pull and
      show have no counterpart (see python-ollama-imported-admin); list becomes
      client.models.list(). Drop the import once nothing uses it.
    docs:
      - https://github.com/openai/openai-python
    examples:
      match:
        - "«from ollama import ChatResponse, GenerateResponse»"
        - "from ollama import pull"
        - "from ollama._types import ResponseError  # for except"
      no-match:
        - "from ollama import Client"
        - "from ollama import ChatResponse, chat"
        - "from ollama import AsyncClient as C, Message"

  - id: python-ollama-call
    message: calls the ollama Python client
    category: client-call
    priority: critical
    files: [python]
    pattern: |-
      \bollama\.(?<m>chat|generate|embed|embeddings|web_search|web_fetch)(?:(?<paren>\s*\()|(?=["']))
    prefilter: [ollama.]
    # Rewritten with its calls, the reads of their results and its imports by the
    # Python client units (Sources/Fix/Python), whole or not at all: no fix template.

    guidance: |-
      ollama.chat(model=m, messages=msgs) becomes client.chat.completions.create(model=m,
      messages=msgs), and the reply moves from r["message"]["content"] to
      r.choices[0].message.content. Streams: iterate the same call with stream=True and read
      chunk.choices[0].delta.content (guard empty choices). ollama.generate becomes a chat
      call with one user message (keeps the prompt template) or client.completions.create
      (raw). ollama.embed(model, input) becomes client.embeddings.create(model=..., input=...)
      with vectors in r.data[i].embedding, served by a separate pooling-mode vLLM server.
      Model administration (list, pull, show, delete) is python-ollama-admin-call.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "response = ollama.chat(model=MODEL, messages=messages)"
        - "vectors = ollama.embed(model='nomic-embed-text', input=chunks)"
        - "with patch('app.llm.ollama.embed', return_value={}):"
      no-match:
        - "self.ollama_chat(messages)"
        - "except ollama.ResponseError:"
        - "ollama.pull('llama3.1:8b')"

  - id: python-ollama-admin-call
    message: manages models through the ollama Python client (list, pull, show, delete)
    category: client-call
    # Off the inference path, as python-ollama-client-admin.
    priority: medium
    files: [python]
    pattern: |-
      \bollama\.(?<m>list|pull|show|ps|create|delete|push|copy)(?:(?<paren>\s*\()|(?=["']))
    prefilter: [ollama.]
    # Rewritten with its calls, the reads of their results and its imports by the
    # Python client units (Sources/Fix/Python), whole or not at all: no fix template.

    guidance: |-
      ollama.list() becomes client.models.list(). pull/push/create/copy/delete/ps/show have no
      API equivalent: a vLLM server runs the one model it was started with, so the model
      choice moves into deployment config.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "«ollama.pull(»'llama3.1:8b')"
        - "names = [m.model for m in ollama.list().models]"
      no-match:
        - "response = ollama.chat(model=MODEL, messages=messages)"

  - id: python-ollama-client
    message: constructs an ollama Python client
    category: client-call
    priority: critical
    files: [python]
    context: |-
      ^[ \t]*+(?:import[ \t]+ollama\b|from[ \t]+ollama\b)
    pattern: |-
      (?:\bollama\.|(?<![\w.]))(?<!class )(?<async>Async)?Client\s*\((?<host>\s*host\s*=)?
    prefilter: [ollama]
    # Rewritten with its calls, the reads of their results and its imports by the
    # Python client units (Sources/Fix/Python), whole or not at all: no fix template.

    guidance: |-
      Client(host="http://h:11434", headers=..., timeout=...) becomes
      OpenAI(base_url="http://h:8000/v1", api_key="EMPTY", default_headers=..., timeout=...);
      AsyncClient becomes AsyncOpenAI. Compute the new URL from the parsed host, not by string
      replace: ollama-python gives a bare host port 11434, but http://host without a port
      means port 80. ollama-python read OLLAMA_HOST when host was None; openai reads
      OPENAI_BASE_URL.
    docs:
      - https://github.com/ollama/ollama-python
      - https://github.com/openai/openai-python
    examples:
      match:
        - "from ollama import Client\nclient = Client(host=settings.OLLAMA_URL)"
        - "import ollama\nclient = ollama.AsyncClient(host=url)"
      no-match:
        - "import httpx\nclient = httpx.Client(timeout=5)"
        - "import ollama\nhttp = httpx.AsyncClient(timeout=30)"
        - "from ollama import Client\nclass Client(BaseClient):"
        - "from ollama import chat\nhttp = Session()"

  - id: python-ollama-client-method
    message: calls a method of an ollama client instance
    category: client-call
    priority: critical
    files: [python]
    context: |-
      ^[ \t]*+(?:import[ \t]+ollama\b|from[ \t]+ollama\b)
    # client.chat(...), self.async_client.generate(...): not the module itself (python-ollama-call).
    pattern: |-
      \b(?!ollama\.)(?<obj>\w*(?i:client|ollama|llm)\w*)\.(?<m>chat|generate|embed|embeddings)\s*\(
    prefilter: [ollama]
    # Rewritten with its calls, the reads of their results and its imports by the
    # Python client units (Sources/Fix/Python), whole or not at all: no fix template.
    guidance: |-
      A call on an ollama Client/AsyncClient. client.chat(...) becomes
      client.chat.completions.create(...) on an OpenAI/AsyncOpenAI client; generate, embed
      and list follow python-ollama-call's mapping. `async for part in await
      client.chat(..., stream=True)` keeps its shape with the OpenAI async client, but each
      chunk's text is chunk.choices[0].delta.content.
    docs:
      - https://github.com/openai/openai-python
    examples:
      match:
        - "from ollama import Client\nresponse = self.client.chat(model=m, messages=msgs)"
        - "from ollama import AsyncClient\nasync for part in await async_client.chat(model=m, messages=msgs, stream=True):"
      no-match:
        - "import requests\nr = client.get(url)"
        - "from ollama import Client\nresponse = ollama.chat(model=m)"

  - id: python-ollama-client-admin
    message: manages models through an ollama client instance (list, pull, show, delete)
    category: client-call
    # Model administration is off the inference path: the application still answers when a
    # pull or a listing fails, and a vLLM server has no pull at all. The labelled corpus
    # calls these medium, connectivity probes by listing included.
    priority: medium
    files: [python]
    context: |-
      ^[ \t]*+(?:import[ \t]+ollama\b|from[ \t]+ollama\b)
    pattern: |-
      \b(?!ollama\.)(?<obj>\w*(?i:client|ollama|llm)\w*)\.(?<m>list|pull|show|ps|create|delete|push|copy)\s*\(
    prefilter: [ollama]
    # Rewritten with its calls, the reads of their results and its imports by the
    # Python client units (Sources/Fix/Python), whole or not at all: no fix template.
    guidance: |-
      client.list() becomes client.models.list() on an OpenAI client (ids in r.data[i].id,
      no sizes or digests). pull/push/create/copy/delete/ps/show have no API equivalent: a
      vLLM server serves the model it was started with, so pulls move into deployment
      (`vllm serve MODEL` downloads the weights) and a presence check becomes a look for the
      id in client.models.list().
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "from ollama import Client
models = self.«client.list(»)"
        - "import ollama
ollamac.pull(name)"
      no-match:
        - "from ollama import Client
r = self.client.chat(model=m)"
        - "import requests
items = client.list()"

  - id: python-ollama-error
    message: handles an ollama client error type
    category: client-call
    priority: medium
    files: [python]
    pattern: |-
      \bollama\.(?:ResponseError|RequestError)\b
    prefilter: [ollama.]
    guidance: |-
      `except ollama.ResponseError as e` (e.error, e.status_code) becomes
      `except openai.APIStatusError as e` (e.message, e.status_code); a 404 for a model that
      is not served is openai.NotFoundError. Connection failures raise
      openai.APIConnectionError / openai.APITimeoutError instead of ConnectionError.
    docs:
      - https://github.com/openai/openai-python#handling-errors
    examples:
      match:
        - "    except ollama.ResponseError as exc:"
        - "raise ollama.RequestError('bad input')"
      no-match:
        - "except openai.APIStatusError as exc:"
        - "except ResponseError:"

  - id: python-ollama-imported-function
    message: calls a function imported from ollama
    category: client-call
    priority: critical
    files: [python]
    context: |-
      ^[ \t]*+from[ \t]+ollama[ \t]+import\b[^\n]*\b(?:chat|generate|embed|embeddings|pull|show|ps|push|copy|create|delete)\b
    # `list` is left out: after `from ollama import list`, list( is still read as the builtin.
    # A call that only names a model (`chat(llm)`) is a probe: python-ollama-probe-call.
    pattern: |-
      (?<![\w.])(?<!def )(?:chat|generate|embed|embeddings)\s*\((?!\s*(?:model\s*=\s*)?(?:[\w.]+(?:\[[^\]\n]*\])?|"[^"\n]*"|'[^'\n]*')\s*\))
    prefilter: [ollama]
    guidance: |-
      `from ollama import chat` then chat(model, messages=...) uses the module's default client
      (http://127.0.0.1:11434 or OLLAMA_HOST). There are no module-level functions in openai:
      create a client once (OpenAI(base_url="http://localhost:8000/v1", api_key="EMPTY")) and
      call client.chat.completions.create(...), client.embeddings.create(...).
    docs:
      - https://github.com/openai/openai-python
    examples:
      match:
        - "from ollama import chat\nresponse = chat('gemma3', messages=messages)"
        - "from ollama import embed, pull\nv = embed('nomic-embed-text', input=x)"
      no-match:
        - "from ollama import chat\nchat(llm)"
        - "from ollama import chat\ndef chat(self):"
        - "from mylib import chat\nchat('x')"
        - "from ollama import chat, pull\npull('llama3.1:8b')"

  - id: python-ollama-imported-admin
    message: manages models through a function imported from ollama (pull, show, ps)
    category: client-call
    # Off the inference path, as python-ollama-client-admin.
    priority: medium
    files: [python]
    context: |-
      ^[ \t]*+from[ \t]+ollama[ \t]+import\b[^\n]*\b(?:pull|show|ps|push|copy|create|delete)\b
    # `list` is left out: after `from ollama import list`, list( is still read as the builtin.
    pattern: |-
      (?<![\w.])(?<!def )(?:pull|show|ps|push|copy)\s*\(
    prefilter: [ollama]
    guidance: |-
      A vLLM server has no pull, push, copy or show: it serves the model it was started with
      (`vllm serve MODEL` downloads the weights). Move the model choice into deployment and
      drop these calls; a presence check becomes a look for the id in client.models.list().
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "from ollama import pull\nfor progress in «pull(»'llama3.1:8b', stream=True):"
        - "from ollama import chat, show\ninfo = show('llama3.1:8b')"
      no-match:
        - "from ollama import pull\ndef pull(self):"
        - "from mylib import pull\npull('x')"

  - id: python-ollama-probe-call
    message: probes Ollama for a model with a request that names only the model
    category: client-call
    # `chat(llm)` inside a try whose `except ResponseError` pulls on a 404: a presence check,
    # no prompt. Off the inference path, as the admin calls; the labelled corpus calls it medium.
    priority: medium
    files: [python]
    context: |-
      ^[ \t]*+from[ \t]+ollama[ \t]+import\b[^\n]*\b(?:chat|generate)\b
    pattern: |-
      (?<![\w.])(?<!def )(?:chat|generate)\s*\((?=\s*(?:model\s*=\s*)?(?:[\w.]+(?:\[[^\]\n]*\])?|"[^"\n]*"|'[^'\n]*')\s*\))
    prefilter: [ollama]
    guidance: |-
      A chat or generate call with only the model answers "is this model pulled?" (a 404
      ResponseError when it is not). A vLLM server serves one model, chosen at start-up: the
      check becomes a look for the id in client.models.list(), and the pull that follows a
      404 moves into deployment (`vllm serve MODEL`).
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "from ollama import ResponseError, chat\n        «chat(»llm)"
        - "from ollama import generate\ngenerate(model=name)"
      no-match:
        - "from ollama import chat\nchat('gemma3', messages=messages)"
        - "from mylib import chat\nchat(llm)"
"""#),
        RuleFileText(path: "rules/text-mentions.yml", text: #"""
# What is left once every other rule has had its say: Ollama named in a string (log, error or
# UI text), in a licence or notice, or in an ignore file. Low, and the string mentions give way
# to any other finding on the same text, so a scan that reports no references has read them all.
rules:
  - id: ollama-string-mention
    message: text in a string names Ollama (log, error or UI message)
    category: naming
    priority: low
    files: [code]
    in: [string]
    pattern: |-
      \b(?:[A-Za-z0-9]+[_-])*ollama(?![A-Za-z0-9])
    flags: [caseless]
    prefilter: [ollama]
    # What every match holds, as a cheap first search: `ollama` inside a longer name
    # (`EchoLlamas`) opens the prefilter, and the full pattern tries every word start.
    context: |-
      (?<![A-Za-z0-9])ollama(?![A-Za-z0-9])
    guidance: |-
      A message that still names Ollama: an error raised when the server is down, a log line,
      a UI label. Reword it for the vLLM server when the code around it moves, or it will
      send whoever reads it to the wrong service.
    examples:
      match:
        - 'raise Exception(f"Cant connect to «Ollama» on {host}")'
        - "logger.info('«Ollama» model pulled')"
        - 'const label = "«Ollama» server URL";'
      no-match:
        - '# Ollama is down'
        - 'url = config.server_url'
        - 'warnings.warn("vLLM is not reachable")'

  - id: markup-ollama-text
    message: page text names Ollama (a title, label or heading)
    category: naming
    priority: low
    files: [html, vue, svelte, javascript, typescript]
    in: [code]
    # Text between two tags on one line (`<title>Ollama GUI</title>`, `<div>Ollama Server
    # URL</div>`, JSX `<h1>Chat with Ollama</h1>`): the lexer reads markup text as code, so the
    # string rule never sees it. A `>` after `=`, `-` or a space is an arrow or a comparison.
    pattern: |-
      (?<![=\s-])>[^<>{}\n]*?\K\b(?:[A-Za-z0-9]+[_-])*ollama(?![A-Za-z0-9])(?=[^<>{}\n]*<)
    flags: [caseless]
    prefilter: [ollama]
    guidance: |-
      Text a user reads that still names Ollama: the page title, a settings label, a heading.
      Reword it for the vLLM server (or the product's own name) when the page's requests move.
    examples:
      match:
        - "    <title>«Ollama» GUI</title>"
        - '<div class="mb-2 text-sm">«Ollama» Server URL</div>'
        - "return <h1>Chat with «Ollama»</h1>"
      no-match:
        - "const ok = models.filter(m => ollama.has(m) && m.size < 4)"
        - "<OllamaLogo />"
        - '<img alt="Ollama" src="x.png">'
        - "if (a > ollama.count < b) {}"

  - id: ollama-ignore-rule
    message: ignore rule for an Ollama folder (model cache or volume)
    category: naming
    priority: low
    layer: configuration
    files: [ignore]
    in: [code]
    pattern: |-
      ^[ \t]*+!?\K[^\s#]*(?i:ollama)[^\s#]*
    prefilter: [ollama]
    guidance: |-
      A path Ollama's models or data live in. Rename it with the volume or cache folder it
      names (for vLLM, the Hugging Face cache), or drop it once the folder is gone.
    examples:
      match:
        - "«/ollama_cache/*»"
        - "«ollama_data/»"
      no-match:
        - "# ollama cache"
        - "node_modules/"

  - id: ollama-licence-mention
    message: licence or notice names Ollama
    category: docs
    priority: low
    layer: documentation
    files: [text]
    pattern: |-
      \b(?:[A-Za-z0-9]+[_-])*ollama(?![A-Za-z0-9])
    flags: [caseless]
    prefilter: [ollama]
    guidance: |-
      A licence holder or notice naming Ollama. Nothing to change for the migration unless
      the project bundles Ollama; it is listed so that nothing that names Ollama goes unread.
    examples:
      match:
        - "Copyright (c) «Ollama»"
        - "This product bundles «ollama» (MIT License)."
      no-match:
        - "Copyright (c) the vLLM project"
"""#),
    ]
}
