// GENERATED from rules/ by `make generate` (swift run generate-default-rules). DO NOT EDIT.

/// The default rule files, embedded at build time.
public enum DefaultRules {
    public static let files: [RuleFileText] = [
        RuleFileText(path: "rules/containers.yml", text: #"""
# Containers and deployment: the ollama image, its model volume and its CLI.
rules:
  - id: ollama-image
    message: uses the ollama/ollama container image
    category: container
    priority: high
    layer: container
    files: [config, shell]
    # Not github.com/ollama/ollama or a Go import path: those are not images.
    pattern: |-
      (?<![\w./-])ollama/ollama(?::[\w.-]+)?(?![\w/-])
    prefilter: [ollama/ollama]
    guidance: |-
      ollama/ollama becomes vllm/vllm-openai:<pinned tag>, whose entrypoint is already
      `vllm serve`: give the model in `command:` (--model <hf repo> --served-model-name
      <old tag> --max-model-len N), map port 8000, mount the Hugging Face cache
      (/root/.cache/huggingface) instead of /root/.ollama, add `ipc: host`, pass HF_TOKEN for
      gated models, and health-check GET /health. GPU reservations stay as they are.
    docs:
      - https://docs.vllm.ai/en/latest/deployment/docker.html
    examples:
      match:
        - "    image: ollama/ollama:latest"
        - "FROM ollama/ollama"
      no-match:
        - "See https://github.com/ollama/ollama for details"
        - 'import "github.com/ollama/ollama/api"'

  - id: ollama-model-volume
    message: mounts Ollama's model store
    category: container
    priority: high
    layer: container
    files: [config, shell]
    pattern: |-
      /root/\.ollama\b|(?<![\w.-])\.ollama/models\b
    prefilter: [.ollama]
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
    files: [config, shell]
    pattern: |-
      \bollama["',\s]+(?:serve|pull|run|list|create|rm|cp|show|ps|push|stop)\b
    prefilter: [ollama]
    guidance: |-
      `ollama serve` becomes `vllm serve <model>` (already the vllm/vllm-openai entrypoint;
      repeating `serve` in command: breaks argument parsing). `ollama pull`/`run` steps go:
      weights download on first start into the mounted HF cache, or pre-seed it. Health
      checks using `ollama list` become `curl -f http://localhost:8000/health`.
    docs:
      - https://docs.vllm.ai/en/latest/deployment/docker.html
    examples:
      match:
        - "ollama pull llama3.1:8b"
        - '      test: ["CMD", "ollama", "list"]'
        - "RUN ollama serve & sleep 5 && ollama pull llama3"
      no-match:
        - "ollama_list = []"
        - "# the ollama service runs elsewhere"
"""#),
        RuleFileText(path: "rules/docs.yml", text: #"""
# Mentions in documentation: low priority, but a migration is not done while the docs still send people to Ollama.
rules:
  - id: docs-ollama-mention
    message: documentation mentions Ollama
    category: docs
    priority: low
    layer: documentation
    files: [docs]
    pattern: |-
      \bollama\b
    flags: [caseless]
    prefilter: [ollama]
    guidance: |-
      Update the docs with the migration: setup instructions move from `ollama pull` to
      `vllm serve <hf-model>` (or the vllm/vllm-openai image), examples use the OpenAI
      client with base_url http://<host>:8000/v1, and API examples use /v1/chat/completions.
    docs:
      - https://docs.vllm.ai/en/latest/getting_started/quickstart.html
    examples:
      match:
        - "Start Ollama with `ollama serve`."
        - "## OLLAMA setup"
      no-match:
        - "Our llamas graze in the south field."
        - "see ollama_notes.txt"
"""#),
        RuleFileText(path: "rules/env-vars.yml", text: #"""
# Environment variables that configure Ollama or point an application at it.
rules:
  - id: ollama-env-var
    message: Ollama environment variable
    category: env-var
    priority: high
    files: [code, config]
    # Any OLLAMA_* name, also with an application prefix (VITE_OLLAMA_URL, XYZ_OLLAMA_HOST).
    pattern: |-
      \b(?:[A-Z][A-Z0-9]*_)*OLLAMA_[A-Z0-9_]*[A-Z0-9]\b
    prefilter: [OLLAMA_]
    guidance: |-
      Ollama variables have no meaning to vLLM or the OpenAI SDKs. Client-side URLs
      (OLLAMA_URL, OLLAMA_BASE_URL, OLLAMA_HOST as a target) become
      OPENAI_BASE_URL=http://<host>:8000/v1 (the /v1 is required), with OPENAI_API_KEY
      (use EMPTY when the server has no --api-key). Model names (OLLAMA_MODEL) become an
      application variable such as LLM_MODEL whose value is a served model name.
      Server settings become `vllm serve` flags: OLLAMA_CONTEXT_LENGTH -> --max-model-len,
      OLLAMA_ORIGINS -> --allowed-origins, OLLAMA_HOST (bind) -> --host/--port.
      OLLAMA_KEEP_ALIVE and OLLAMA_MAX_LOADED_MODELS have no equivalent.
      Never rename to VLLM_PORT or VLLM_HOST_IP: vLLM reads those for its own
      distributed setup.
    docs:
      - https://docs.vllm.ai/en/latest/serving/env_vars.html
      - https://github.com/ollama/ollama/blob/main/docs/faq.mdx
    examples:
      match:
        - 'OLLAMA_URL = os.getenv("OLLAMA_URL", "http://localhost:11434")'
        - "const url = import.meta.env.VITE_OLLAMA_URL"
        - "OLLAMA_KEEP_ALIVE=24h"
      no-match:
        - "LLAMA_FARM_REGION=eu-west-1"
        - "ollama_url = settings.base"
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
      (?:\bimport\b[^;'"]*?\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]ollama(?:/browser)?['"]
    prefilter: [ollama]
    guidance: |-
      Replace the ollama package with openai:
        import OpenAI from 'openai'
        const client = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL ?? 'http://localhost:8000/v1', apiKey: process.env.OPENAI_API_KEY ?? 'EMPTY' })
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

  - id: js-ollama-client
    message: uses the ollama JavaScript client
    category: client-call
    priority: critical
    files: [js]
    context: |-
      ['"]ollama(?:/browser)?['"]
    pattern: |-
      \bnew\s+Ollama\s*\(|\bollama\.(?:chat|generate|embed|embeddings|list|pull|show|ps|create|delete|push|copy|abort)\s*\(
    prefilter: [Ollama, ollama.]
    guidance: |-
      new Ollama({ host }) becomes new OpenAI({ baseURL: 'http://host:8000/v1', apiKey });
      ollama.chat({ model, messages }) becomes client.chat.completions.create({ model, messages })
      and the reply moves from r.message.content to r.choices[0].message.content. Streams
      yield chunk.choices[0]?.delta?.content instead of part.message.content.
      pull/push/create/delete/copy/show/ps have no vLLM equivalent.
    docs:
      - https://github.com/openai/openai-node
    examples:
      match:
        - "import { Ollama } from 'ollama'\nconst client = new Ollama({ host })"
        - "import ollama from 'ollama'\nconst r = await ollama.chat({ model, messages })"
      no-match:
        - "import OpenAI from 'openai'\nconst client = new OpenAI()"
        - "const r = await ollama.chat({ model })"
"""#),
        RuleFileText(path: "rules/manifests.yml", text: #"""
# Package manifests that install an Ollama client.
rules:
  - id: python-requirement-ollama
    message: depends on an Ollama Python package
    category: dependency-manifest
    priority: high
    layer: configuration
    files: [requirements, toml, ini, pipfile]
    pattern: |-
      ^[ \t]*["']?(?:ollama|langchain-ollama|llama-index-(?:llms|embeddings)-ollama)["']?\s*(?:[=<>!~;\[,"']|$)
    prefilter: [ollama]
    flags: [caseless]
    guidance: |-
      Swap the packages: ollama -> openai, langchain-ollama -> langchain-openai,
      llama-index-llms-ollama -> llama-index-llms-openai-like,
      llama-index-embeddings-ollama -> llama-index-embeddings-openai-like. Client code never
      needs the vllm package itself. Regenerate lockfiles afterwards.
    docs:
      - https://pypi.org/project/openai/
    examples:
      match:
        - "ollama==0.3.3"
        - "langchain-ollama>=0.2"
        - '    "ollama>=0.4",'
      no-match:
        - "openai==1.51.0"
        - "ollama-helpers-internal==1.0"

  - id: npm-dependency-ollama
    message: depends on an Ollama npm package
    category: dependency-manifest
    priority: high
    layer: configuration
    paths: [package.json]
    pattern: |-
      "(?:ollama|ollama-ai-provider(?:-v2)?|ai-sdk-ollama|@langchain/ollama|@llamaindex/ollama)"\s*:
    prefilter: [ollama]
    guidance: |-
      Swap the packages: ollama -> openai, ollama-ai-provider -> @ai-sdk/openai-compatible,
      @langchain/ollama -> @langchain/openai, @llamaindex/ollama -> @llamaindex/openai.
      Regenerate the lockfile afterwards.
    docs:
      - https://www.npmjs.com/package/openai
    examples:
      match:
        - '    "ollama": "^0.5.0",'
        - '    "@langchain/ollama": "^0.1.0"'
      no-match:
        - '    "openai": "^4.0.0",'
        - '  "description": "talks to ollama",'
"""#),
        RuleFileText(path: "rules/network.yml", text: #"""
# Where code and config reach the Ollama server: its port and its REST paths.
rules:
  - id: ollama-port
    message: Ollama's port 11434
    category: port
    priority: high
    files: [code, config]
    # A port mapping (11434:11434), a host:port, EXPOSE, or a port setting; never 11434 inside
    # another number, version or hash. \K starts the reported match at the port itself.
    pattern: |-
      (?<![\w.:])11434:\d+(?![\w.])|(?:(?<=[\w\].-]:)|\bEXPOSE\s+\K|(?i:port)\w*['"]?\s*[:=]\s*['"]?\K)11434(?![\w.])
    prefilter: ["11434"]
    guidance: |-
      vLLM serves on port 8000 by default (--port). URLs http://host:11434 become
      http://host:8000/v1 for OpenAI clients (the SDKs append /chat/completions to the base
      URL). Compose `11434:11434` becomes `8000:8000`, EXPOSE 11434 becomes EXPOSE 8000, and
      Kubernetes containerPort/service ports follow. Do not set VLLM_PORT: it is not the API
      port.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "OLLAMA_URL=http://localhost:11434"
        - '      - "11434:11434"'
        - "EXPOSE 11434"
        - "containerPort: 11434"
        - "docker run -p 8000:11434 ollama/ollama"
      no-match:
        - "version: 1.11434.2"
        - "id: 114340"
        - "integrity sha512-abc11434def"
        - "timeout: 11434ms"

  - id: ollama-api-inference
    message: calls an Ollama inference endpoint
    category: endpoint
    priority: critical
    files: [code, config]
    context: |-
      (?i)ollama|11434
    pattern: |-
      /api/(?:chat|generate|embed|embeddings)\b(?![/\w-])
    prefilter: [/api/]
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
      no-match:
        - "router.post('/api/chat', handler)"
        - "const ollama = new Client(); app.post('/api/chat/query', chat)"
        - "fetch('http://localhost:11434/v1/chat/completions')"

  - id: ollama-api-management
    message: calls an Ollama model-management or metadata endpoint
    category: endpoint
    priority: medium
    files: [code, config]
    context: |-
      (?i)ollama|11434
    pattern: |-
      /api/(?:tags|show|pull|push|ps|version|create|copy|delete)\b(?![/\w-])|/api/blobs/
    prefilter: [/api/]
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
"""#),
        RuleFileText(path: "rules/python-client.yml", text: #"""
# The ollama Python package (ollama-python).
rules:
  - id: python-ollama-import
    message: imports the ollama Python client
    category: client-import
    priority: critical
    files: [python]
    pattern: |-
      ^[ \t]*(?:import[ \t]+ollama\b|from[ \t]+ollama(?:\.\w+)*[ \t]+import\b)
    prefilter: [ollama]
    guidance: |-
      Replace the ollama client with the openai client pointed at vLLM:
        from openai import OpenAI
        client = OpenAI(base_url="http://localhost:8000/v1", api_key="EMPTY")
      `from ollama import Client, AsyncClient` becomes `from openai import OpenAI, AsyncOpenAI`.
      Module-level functions (chat, generate, embed, list) become methods on a client
      instance. pip: remove `ollama`, add `openai`.
    docs:
      - https://github.com/openai/openai-python
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "import ollama"
        - "from ollama import Client, AsyncClient"
        - "    from ollama._types import ResponseError"
      no-match:
        - "import ollama_helpers"
        - "import { Ollama } from 'ollama'"
        - "# we used to import ollama here"

  - id: python-ollama-call
    message: calls the ollama Python client
    category: client-call
    priority: critical
    files: [python]
    pattern: |-
      \bollama\.(?:chat|generate|embed|embeddings|list|pull|show|ps|create|delete|push|copy)\s*\(
    prefilter: [ollama.]
    guidance: |-
      ollama.chat(model=m, messages=msgs) becomes
      client.chat.completions.create(model=m, messages=msgs), and the reply moves from
      r["message"]["content"] to r.choices[0].message.content. ollama.generate becomes a
      chat call with one user message (keeps the prompt template) or
      client.completions.create. ollama.embed(model, input) becomes
      client.embeddings.create(model, input) with vectors in r.data[i].embedding.
      pull/push/create/copy/delete/ps/show have no API equivalent on vLLM: the model is
      fixed when the server starts, so move the model choice into deployment config.
    docs:
      - https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    examples:
      match:
        - "response = ollama.chat(model=MODEL, messages=messages)"
        - "ollama.pull('llama3.1:8b')"
      no-match:
        - "self.ollama_chat(messages)"
        - "ollama.ResponseError"

  - id: python-ollama-client
    message: constructs an ollama Python client
    category: client-call
    priority: critical
    files: [python]
    context: |-
      \bollama\b
    pattern: |-
      \b(?:ollama\.)?(?:Async)?Client\s*\(
    prefilter: [Client]
    guidance: |-
      Client(host="http://h:11434") becomes OpenAI(base_url="http://h:8000/v1",
      api_key="EMPTY"); AsyncClient becomes AsyncOpenAI. Compute the new URL from the parsed
      host, not by string replace: ollama-python gives a bare host port 11434 but
      http://host without a port means port 80.
    docs:
      - https://github.com/ollama/ollama-python
    examples:
      match:
        - "from ollama import Client\nclient = Client(host=settings.OLLAMA_URL)"
        - "import ollama\nclient = ollama.AsyncClient(host=url)"
      no-match:
        - "import httpx\nclient = httpx.Client(timeout=5)"
        - "from ollama import chat\nhttp = Session()"
"""#),
    ]
}
