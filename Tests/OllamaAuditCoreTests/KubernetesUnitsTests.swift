import Engine
import Fix
import Foundation
import Languages
import Rules
import Testing
import Yams

/// Kubernetes workloads that run Ollama as migration units: rewritten whole into a vLLM
/// workload (with the Services of the file that select its pods), or left byte for byte as they
/// were and reported manual with the reason.
@Suite struct KubernetesUnitsTests {
    static let models = ProjectModels(chat: ["llama3.1:8b": "meta-llama/Llama-3.1-8B-Instruct"])

    static func migrate(_ source: String, models: ProjectModels = models) -> (text: String, units: [MigrationUnit]) {
        guard let plan = KubernetesUnits.plan(Array(source.utf8), models: models) else { return (source, []) }
        let bytes = Fixer.applyUnitEdits(plan.edits, to: Array(source.utf8), newline: "\n")
        return (String(decoding: bytes, as: UTF8.self), plan.units)
    }

    static let manifest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: ollama
        spec:
          selector:
            matchLabels:
              app: ollama
          template:
            metadata:
              labels:
                app: ollama
            spec:
              containers:
                - name: ollama
                  image: ollama/ollama:0.5.7
                  ports:
                    - containerPort: 11434
                  env:
                    - name: OLLAMA_KEEP_ALIVE
                      value: "24h"
                    - name: OLLAMA_NUM_PARALLEL
                      value: "4"
                    - name: TZ
                      value: UTC
                  volumeMounts:
                    - name: models
                      mountPath: /root/.ollama
                  livenessProbe:
                    httpGet:
                      path: /
                      port: 11434
                    periodSeconds: 30
              volumes:
                - name: models
                  persistentVolumeClaim:
                    claimName: ollama-models
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: ollama
        spec:
          selector:
            app: ollama
          ports:
            - port: 11434
              targetPort: 11434

        """

    @Test func anOllamaDeploymentAndItsServiceBecomeVLLMWhole() throws {
        let (text, units) = Self.migrate(Self.manifest)
        #expect(units.count == 1 && units[0].manual == nil && units[0].subject == "Kubernetes Deployment `ollama`", "\(units)")
        #expect(text == """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: ollama
            spec:
              selector:
                matchLabels:
                  app: ollama
              template:
                metadata:
                  labels:
                    app: ollama
                spec:
                  containers:
                    - name: ollama
                      image: vllm/vllm-openai:v0.11.0
                      args: ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--max-num-seqs", "4"]
                      ports:
                        - containerPort: 8000
                      env:
                        - name: TZ
                          value: UTC
                        - name: HF_TOKEN
                          valueFrom:
                            secretKeyRef:
                              name: hf-token
                              key: token
                              optional: true
                      volumeMounts:
                        - name: models
                          mountPath: /root/.cache/huggingface
                        - name: dshm
                          mountPath: /dev/shm
                      livenessProbe:
                        httpGet:
                          path: /health
                          port: 8000
                        periodSeconds: 30
                      resources:
                        limits:
                          nvidia.com/gpu: 1
                      readinessProbe:
                        httpGet:
                          path: /health
                          port: 8000
                      startupProbe:
                        httpGet:
                          path: /health
                          port: 8000
                        periodSeconds: 10
                        failureThreshold: 60
                  volumes:
                    - name: models
                      persistentVolumeClaim:
                        claimName: ollama-models
                    - name: dshm
                      emptyDir:
                        medium: Memory
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: ollama
            spec:
              selector:
                app: ollama
              ports:
                - port: 8000
                  targetPort: 8000

            """)
        #expect(units[0].notes.contains("OLLAMA_KEEP_ALIVE dropped: vLLM keeps its one model loaded"), "\(units[0].notes)")
        #expect(units[0].notes.contains { $0.hasPrefix("HF_TOKEN comes from the Secret `hf-token`") }, "\(units[0].notes)")

        // What Kubernetes reads.
        let documents = Array(try Yams.load_all(yaml: text)).compactMap { $0 as? [String: Any] }
        #expect(documents.count == 2)
        let pod = try #require(((documents[0]["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any])
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        #expect(container["args"] as? [String] == ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--max-num-seqs", "4"])
        #expect(container["command"] == nil)
        #expect(((container["resources"] as? [String: Any])?["limits"] as? [String: Any])?["nvidia.com/gpu"] as? Int == 1)
        let startup = try #require(container["startupProbe"] as? [String: Any])
        #expect((startup["httpGet"] as? [String: Any])?["path"] as? String == "/health")
        #expect((startup["periodSeconds"] as? Int ?? 0) * (startup["failureThreshold"] as? Int ?? 0) >= 600)
        for probe in ["livenessProbe", "readinessProbe"] {
            #expect(((container[probe] as? [String: Any])?["httpGet"] as? [String: Any])?["port"] as? Int == 8000, "\(probe)")
        }
        let shm = (container["volumeMounts"] as? [[String: Any]])?.first { $0["mountPath"] as? String == "/dev/shm" }?["name"] as? String
        let volume = (pod["volumes"] as? [[String: Any]])?.first { $0["name"] as? String == shm }
        #expect((volume?["emptyDir"] as? [String: Any])?["medium"] as? String == "Memory")
        let ports = ((documents[1]["spec"] as? [String: Any])?["ports"] as? [[String: Any]])?.first
        #expect(ports?["port"] as? Int == 8000 && ports?["targetPort"] as? Int == 8000)
    }

    /// Each case breaks one part of the workload; the whole file must stay as it was.
    static let unrewritable: [(from: String, to: String, reason: String)] = [
        ("- name: TZ", "- name: OLLAMA_SECRET_SAUCE", "`OLLAMA_SECRET_SAUCE` has no vLLM counterpart"),
        ("  name: ollama\nspec:\n  selector", "  name: {{ .Release.Name }}\nspec:\n  selector", "a Helm template"),
        ("image: ollama/ollama:0.5.7\n", "image: ollama/ollama:0.5.7\n          command: [\"ollama\", \"pull\", \"llama3.1:8b\"]\n",
         "not the server: a model-pull job"),
        ("          image: ollama/ollama:0.5.7\n", "          image: ollama/ollama:0.5.7\n          args: [\"/opt/start.sh\"]\n",
         "its args runs the ollama CLI (`ollama /opt/start.sh`), not the server"),
        ("      containers:\n", "      initContainers:\n        - name: pull\n          image: ollama/ollama:0.5.7\n      containers:\n",
         "an init container runs the Ollama image"),
        ("ollama/ollama:0.5.7", "ghcr.io/acme/ollama:0.5.7", "a mirror of the Ollama image"),
        ("ollama/ollama:0.5.7", "ollama/ollama:0.5.7-rocm", "Ollama's ROCm build"),
        ("          env:\n            - name: OLLAMA_KEEP_ALIVE\n              value: \"24h\"\n            - name: OLLAMA_NUM_PARALLEL\n"
         + "              value: \"4\"\n            - name: TZ\n              value: UTC\n",
         "          env: [{name: OLLAMA_KEEP_ALIVE, value: \"24h\"}]\n", "flow style"),
        ("              value: \"4\"", "              valueFrom: {configMapKeyRef: {name: llm, key: parallel}}", "set from a reference"),
        ("mountPath: /root/.ollama", "mountPath: /root/.ollama/models", "part of Ollama's store"),
        ("          livenessProbe:\n            httpGet:\n              path: /\n              port: 11434\n            periodSeconds: 30\n",
         "          livenessProbe: {httpGet: {path: /, port: 11434}, periodSeconds: 30}\n", "its livenessProbe is not a block mapping"),
        ("        - name: models\n          persistentVolumeClaim:", "        - name: dshm\n          hostPath: {path: /tmp}\n        - name: models\n          persistentVolumeClaim:",
         "did not read back as intended (/dev/shm volume)"),
        ("          ports:\n", "          lifecycle:\n            postStart:\n              exec:\n                command: [\"ollama\", \"pull\", \"llama3.1:8b\"]\n          ports:\n",
         "a lifecycle hook runs the ollama CLI"),
    ]

    static let scanner = Engine.Scanner(rules: try! RuleLoader.load(DefaultRules.files), maps: try! RuleLoader.maps(DefaultRules.files), threads: 1)

    @Test(arguments: unrewritable.indices) func oneUnrewritablePartLeavesTheFileUntouched(_ index: Int) throws {
        let (from, to, reason) = Self.unrewritable[index]
        let source = Self.manifest.replacingOccurrences(of: from, with: to)
        #expect(source != Self.manifest, "the case must change the input")
        let (text, units) = Self.migrate(source)
        #expect(text == source, "not one byte of a manual workload changes")
        #expect(units.count == 1 && units[0].manual?.contains(reason) == true, "\(units)")
        // Nor do the rules change it (its ports, its probe), or the ports of its Service.
        let file = SourceFile(absolutePath: "k8s/ollama.yaml", path: "k8s/ollama.yaml", types: FileTypeSet([.yaml]))
        let fix = Fixer.plan(file, content: Array(source.utf8), scanner: Self.scanner, unsafe: true, models: Self.models)
        #expect(String(decoding: fix.fixed, as: UTF8.self) == source)
        #expect(fix.units.first?.manual?.contains(reason) == true)
    }

    @Test func twoChatModelsOrNoneLeaveTheWorkloadManual() {
        let two = ProjectModels(chat: ["llama3.1:8b": "meta-llama/Llama-3.1-8B-Instruct", "qwen2.5:7b": "Qwen/Qwen2.5-7B-Instruct"])
        let (text, units) = Self.migrate(Self.manifest, models: two)
        #expect(text == Self.manifest)
        #expect(units.first?.manual?.contains("asks for 2 chat models") == true, "\(units)")
        let (_, none) = Self.migrate(Self.manifest, models: ProjectModels(unmapped: ["mystery:1b"]))
        #expect(none.first?.manual?.contains("the model map has no Hugging Face id for `mystery:1b`") == true, "\(none)")
    }

    /// A workload that has its own token, GPU, shared memory and start-up probe keeps them; a
    /// short start-up allowance is raised; a Service that selects other pods is not touched.
    @Test func partsAlreadyThereAreKept() throws {
        let source = """
            kind: Pod
            metadata:
              name: llm
              labels: {app: llm}
            spec:
              containers:
              - name: server
                image: docker.io/ollama/ollama
                args: ["serve"]
                env:
                - name: HUGGING_FACE_HUB_TOKEN
                  value: x
                resources:
                  limits:
                    amd.com/gpu: 2
                volumeMounts:
                - name: shm
                  mountPath: /dev/shm
                startupProbe:
                  exec:
                    command: [ollama, list]
                  periodSeconds: 5
              volumes:
              - name: shm
                emptyDir: {medium: Memory}
            ---
            kind: Service
            metadata: {name: other}
            spec:
              selector: {app: other}
              ports:
              - port: 11434

            """
        let (text, units) = Self.migrate(source)
        #expect(units.first?.manual == nil, "\(units)")
        #expect(!text.contains("args: [\"serve\"]") && text.contains("  args: [\"--model\", \"meta-llama/Llama-3.1-8B-Instruct\"]\n"), "\(text)")
        #expect(!text.contains("HF_TOKEN") && !text.contains("nvidia.com/gpu") && !text.contains("dshm"), "\(text)")
        #expect(text.contains("    startupProbe:\n      httpGet:\n        path: /health\n        port: 8000\n      periodSeconds: 5\n      failureThreshold: 120\n"), "\(text)")
        #expect(text.contains("  - port: 11434\n"), "another Service's port is not the unit's: \(text)")
    }

    @Test func theOllamaHelmChartsValuesAreManualAndOwned() throws {
        let source = "image:\n  repository: ollama/ollama\nollama:\n  models:\n    pull:\n      - llama3.1:8b\nservice:\n  port: 11434\n"
        let plan = try #require(KubernetesUnits.plan(Array(source.utf8), models: Self.models))
        #expect(plan.edits.isEmpty)
        #expect(plan.units.map(\.manual) == ["the ollama-helm chart has no vLLM twin: deploy vllm/vllm-openai with the vLLM production-stack chart "
                                             + "(servingEngineSpec.modelSpec: modelURL, requestGPU) or a Deployment of your own, and move these values over by hand"])
        let tag = try #require(source.range(of: "llama3.1:8b"))
        let offset = source.utf8.distance(from: source.startIndex, to: tag.lowerBound)
        #expect(plan.staying.contains { $0.contains(offset) }, "\(plan.staying)")
    }
}
