import AuditTestSupport
import Fix
import Foundation
import Testing
import Yams

/// Compose services that run Ollama as migration units: rewritten whole into a vLLM service, or
/// left byte for byte as they were and reported manual with the reason.
@Suite struct ComposeServiceUnitsTests {
    static let models = ProjectModels(chat: ["llama3.1:8b": "meta-llama/Llama-3.1-8B-Instruct"])

    static func migrate(_ source: String, models: ProjectModels = models) -> (text: String, units: [MigrationUnit]) {
        guard let plan = ComposeServiceUnits.plan(Array(source.utf8), models: models) else { return (source, []) }
        let bytes = Fixer.applyUnitEdits(plan.edits, to: Array(source.utf8), newline: "\n")
        return (String(decoding: bytes, as: UTF8.self), plan.units)
    }

    /// Compose's own check of a file (the Compose Specification's schema): nil when valid.
    static func composeProblem(_ text: String) throws -> String? {
        let file = try TestSupport.makeTemporaryDirectory("compose-units") + "/compose.yml"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try TestSupport.run(["python3", TestSupport.packageRoot.appendingPathComponent("Tests/validators/validate_compose.py").path,
                                          TestSupport.fixture("schemas/compose-spec.json"), file], executable: "/usr/bin/env")
        return result.status == 0 ? nil : result.stderr + result.stdout
    }

    static let stack = """
        services:
          app:
            build: .
            environment:
              OLLAMA_URL: http://ollama:11434
            ports:
              - "3000:3000"
            depends_on:
              ollama:
                condition: service_healthy

          ollama:
            image: ollama/ollama:0.5.7
            container_name: ollama
            ports:
              - "11434:11434"
            volumes:
              - ollama_data:/root/.ollama
            environment:
              - OLLAMA_KEEP_ALIVE=24h
              - OLLAMA_NUM_PARALLEL=4
              - OLLAMA_ORIGINS=http://localhost:3000,https://chat.example.com
              - OLLAMA_CONTEXT_LENGTH=8192
              - TZ=UTC
            entrypoint: ["/bin/sh", "-c", "ollama serve & sleep 5 && ollama pull llama3.1:8b && wait"]
            healthcheck:
              test: ["CMD", "ollama", "list"]
              interval: 30s
              start_period: 20s

        volumes:
          ollama_data:

        """

    @Test func anOllamaServiceBecomesAvLLMServiceWhole() throws {
        let (text, units) = Self.migrate(Self.stack)
        #expect(units.count == 1 && units[0].manual == nil, "\(units)")
        #expect(text == """
            services:
              app:
                build: .
                environment:
                  OLLAMA_URL: http://ollama:11434
                ports:
                  - "3000:3000"
                depends_on:
                  ollama:
                    condition: service_healthy

              ollama:
                image: vllm/vllm-openai:v0.11.0
                command: ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--max-num-seqs", "4", "--allowed-origins", "[\\"http://localhost:3000\\", \\"https://chat.example.com\\"]", "--max-model-len", "8192"]
                ipc: host
                container_name: ollama
                ports:
                  - "8000:8000"
                volumes:
                  - ollama_data:/root/.cache/huggingface
                environment:
                  - TZ=UTC
                  - HF_TOKEN=${HF_TOKEN:-}
                healthcheck:
                  test: ["CMD", "curl", "-f", "http://localhost:8000/health"]
                  interval: 30s
                  start_period: 600s
                deploy:
                  resources:
                    reservations:
                      devices:
                        - driver: nvidia
                          count: all
                          capabilities: [gpu]

            volumes:
              ollama_data:

            """)
        #expect(units[0].notes == ["OLLAMA_KEEP_ALIVE dropped: vLLM keeps its one model loaded"])
        #expect(try Self.composeProblem(Self.stack) == nil, "the input is valid compose")
        #expect(try Self.composeProblem(text) == nil)
        // What compose reads: the origins flag's value is the JSON list vLLM parses.
        let service = try #require(try Yams.load(yaml: text) as? [String: Any])
        let ollama = try #require((service["services"] as? [String: Any])?["ollama"] as? [String: Any])
        let command = try #require(ollama["command"] as? [String])
        let origins = try #require(command.firstIndex(of: "--allowed-origins").map { command[$0 + 1] })
        #expect(try JSONSerialization.jsonObject(with: Data(origins.utf8)) as? [String] == ["http://localhost:3000", "https://chat.example.com"])
    }

    /// Each case breaks one part of the service; the whole service must stay as it was.
    static let unrewritable: [(from: String, to: String, reason: String)] = [
        ("      - TZ=UTC", "      - OLLAMA_SECRET_SAUCE=1", "`OLLAMA_SECRET_SAUCE` has no vLLM counterpart"),
        ("\"3000:3000\"", "\"8000:3000\"", "host port 8000 is already published by service `app`"),
        ("[\"/bin/sh\", \"-c\", \"ollama serve & sleep 5 && ollama pull llama3.1:8b && wait\"]", "/opt/start.sh",
         "its entrypoint runs `/opt/start.sh`"),
        ("ollama/ollama:0.5.7", "ghcr.io/acme/ollama:0.5.7", "a mirror of the Ollama image"),
        ("ollama/ollama:0.5.7", "ollama/ollama:rocm", "Ollama's ROCm build"),
        ("OLLAMA_ORIGINS=http://localhost:3000,https://chat.example.com", "OLLAMA_ORIGINS=${ORIGINS}", "set at run time"),
        ("      start_period: 20s", "      start_period: 20s\n    devices:\n      - /dev/kfd", "passes devices through"),
    ]

    @Test(arguments: unrewritable.indices) func oneUnrewritablePartLeavesTheServiceUntouched(_ index: Int) throws {
        let (from, to, reason) = Self.unrewritable[index]
        let source = Self.stack.replacingOccurrences(of: from, with: to)
        #expect(source != Self.stack, "the case must change the input")
        let (text, units) = Self.migrate(source)
        #expect(text == source, "not one byte of a manual service changes")
        #expect(units.count == 1 && units[0].manual?.contains(reason) == true, "\(units)")
    }

    @Test func twoChatModelsMakeTheServiceManualAndOneEmbeddingModelANote() {
        let two = ProjectModels(chat: ["llama3.1:8b": "meta-llama/Llama-3.1-8B-Instruct", "qwen2.5:7b": "Qwen/Qwen2.5-7B-Instruct"])
        let (text, units) = Self.migrate(Self.stack, models: two)
        #expect(text == Self.stack)
        #expect(units.first?.manual?.contains("asks for 2 chat models (`llama3.1:8b`, `qwen2.5:7b`)") == true, "\(units)")

        var withEmbedding = Self.models
        withEmbedding.embedding = ["nomic-embed-text": "nomic-ai/nomic-embed-text-v1.5"]
        let (_, applied) = Self.migrate(Self.stack, models: withEmbedding)
        #expect(applied.first?.manual == nil)
        #expect(applied.first?.notes.contains { $0.contains("nomic-ai/nomic-embed-text-v1.5 needs a vLLM server of its own") } == true, "\(applied)")
    }

    /// A setting's value reaches `vllm serve` as it was, control characters included: written
    /// raw into the double-quoted command, YAML would fold a line break into a space.
    @Test func aSettingsValueKeepsItsLineBreak() throws {
        let source = "services:\n  ollama:\n    image: ollama/ollama\n    environment:\n      - \"OLLAMA_CONTEXT_LENGTH=40\\n96\"\n"
        let (text, units) = Self.migrate(source)
        #expect(units.first?.manual == nil, "\(units)")
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let service = try #require((document["services"] as? [String: Any])?["ollama"] as? [String: Any])
        #expect((service["command"] as? [String])?.last == "40\n96", "\(text)")
    }

    /// A tag held in the clients (another unit of it stays) keeps working: the server answers
    /// to it as well as to the Hugging Face id.
    @Test func aHeldTagIsServedAsAnAlias() throws {
        var models = Self.models
        models.held = ["llama3.1:8b"]
        let (text, units) = Self.migrate(Self.stack, models: models)
        #expect(units.first?.manual == nil, "\(units)")
        #expect(text.contains(#"command: ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--served-model-name", "meta-llama/Llama-3.1-8B-Instruct", "llama3.1:8b", "--max-num-seqs""#),
                "\(text)")
        #expect(units.first?.notes.contains { $0.contains("also answers to `llama3.1:8b`") } == true)
    }

    /// The parts a bare service lacks are added, in the file's own indentation, and the file
    /// still reads as compose meant it.
    @Test func aBareServiceGainsCacheHealthCheckAndGPU() throws {
        let source = "services:\n    llm:\n        image: \"ollama/ollama\"\n        deploy:\n            replicas: 1"
        let (text, units) = Self.migrate(source, models: ProjectModels())
        #expect(units.first?.manual == nil, "\(units)")
        #expect(text == """
            services:
                llm:
                    image: "vllm/vllm-openai:v0.11.0"
                    command: ["--model", "${LLM_MODEL:?set LLM_MODEL to the Hugging Face model to serve}"]
                    ipc: host
                    deploy:
                        replicas: 1
                        resources:
                            reservations:
                                devices:
                                    - driver: nvidia
                                      count: all
                                      capabilities: [gpu]
                    environment:
                        - HF_TOKEN=${HF_TOKEN:-}
                    volumes:
                        - ~/.cache/huggingface:/root/.cache/huggingface
                    healthcheck:
                        test: ["CMD", "curl", "-f", "http://localhost:8000/health"]
                        start_period: 600s

            """)
        #expect(units.first?.notes.contains { $0.contains("compose refuses to start until LLM_MODEL") } == true)
        #expect(try Self.composeProblem(text) == nil)
    }

    @Test func aMappingEnvironmentAndLongPortSyntaxAreRewrittenInPlace() throws {
        let source = """
            services:
              ollama:
                image: docker.io/ollama/ollama:latest
                environment:
                  OLLAMA_HOST: 0.0.0.0
                  OLLAMA_DEBUG: "1"
                ports:
                  - target: 11434
                    published: 11434
                gpus: all
                healthcheck:
                  test: ollama --version
                  start_period: 15m

            """
        let (text, units) = Self.migrate(source)
        #expect(units.first?.manual == nil, "\(units)")
        #expect(text.contains("    environment:\n      HF_TOKEN: ${HF_TOKEN:-}\n      VLLM_LOGGING_LEVEL: DEBUG\n"), "\(text)")
        #expect(text.contains("      - target: 8000\n        published: 8000\n"), "\(text)")
        #expect(text.contains("      start_period: 15m\n"), "a longer start period stays: \(text)")
        #expect(!text.contains("deploy:"), "`gpus: all` reserves the GPU already: \(text)")
        #expect(try Self.composeProblem(text) == nil)
    }

    @Test func aServiceBuiltFromASharedFragmentIsManualAndOwnsTheFragment() throws {
        let source = """
            x-ollama: &ollama
              image: ollama/ollama:latest
              ports: ["11434:11434"]
            services:
              ollama-cpu:
                <<: *ollama
              ollama-gpu:
                <<: *ollama
                gpus: all

            """
        let plan = try #require(ComposeServiceUnits.plan(Array(source.utf8), models: Self.models))
        #expect(plan.edits.isEmpty)
        #expect(plan.units.allSatisfy { $0.manual?.contains("`<<:` merge") == true }, "\(plan.units)")
        // The rules must not rewrite the fragment behind the services' backs.
        let owned = ContainerUnits.ranges(of: plan.owned, in: Array(source.utf8))
        let fragment = try #require(source.range(of: "  image: ollama/ollama:latest"))
        let offset = source.utf8.distance(from: source.startIndex, to: fragment.lowerBound)
        #expect(owned.contains { $0.contains(offset) }, "\(plan.owned)")
    }
}
