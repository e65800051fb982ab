import Foundation
import Yams

/// The rewrite of one Kubernetes workload's Ollama container to vLLM (`KubernetesUnits`), with
/// the ports of the Services that select its pods: every part is planned, and any part that
/// cannot be rewritten with confidence throws, so the workload is written whole or not at all.
struct KubernetesPlanner: YAMLUnitPlanner {
    let layout: YAMLLayout
    let models: ProjectModels
    let pod: KubernetesUnits.PodSpec
    /// The line of the pod's `spec:` key.
    let podLine: Int
    let services: [Node.Mapping]

    var part = UnitPart()
    var flags: [String] = []
    var variables: [(String, String)] = []
    var inserts: [(at: Int, indent: Int, text: String)] = []
    /// The container rewritten, by its place in `containers`, and the model it serves.
    private(set) var containerIndex = 0
    private(set) var model = ""

    private var container: Node.Mapping = Node.Mapping([])
    /// The line of the container's `- ` and its indentation; the indentation of its keys.
    private var itemLine = 0, dashIndent = 0, keyIndent = 0
    /// How much deeper a list's `- ` sits than its key, in this file (0 or 2).
    private var listOffset = 2
    private let step = 2

    init(layout: YAMLLayout, models: ProjectModels, pod: KubernetesUnits.PodSpec, podLine: Int, services: [Node.Mapping]) {
        self.layout = layout
        self.models = models
        self.pod = pod
        self.podLine = podLine
        self.services = services
    }

    mutating func run() throws(Unrewritable) -> UnitPart {
        let ollama = pod.containers.indices.filter { KubernetesUnits.isOllama(pod.containers[$0]) }
        if pod.initContainers.contains(where: KubernetesUnits.isOllama) {
            throw fail("an init container runs the Ollama image (a model pull, most likely), which vLLM does not need; "
                       + "remove it and what depends on it by hand")
        }
        guard ollama.count == 1, let mapping = pod.containers[ollama[0]].mapping, let image = mapping.pair("image")?.value.scalar else {
            throw fail("its pod runs \(ollama.count) Ollama containers; vLLM serves one model per server, so split them by hand")
        }
        containerIndex = ollama[0]
        container = mapping
        guard let first = container.first?.key.mark, case let dash = first.column - 3, dash >= 0,
              layout.indent(first.line) == dash, layout.text(first.line).dropFirst(dash).starts(with: Array("- ".utf8)) else {
            throw fail("its container is not written as a block list item (`- name: ...`), which the tool does not edit")
        }
        (itemLine, dashIndent, keyIndent) = (first.line, dash, first.column - 1)
        listOffset = container.compactMap { isFlow($0) ? nil : $0.value.sequence?.first?.mark }.first
            .map { max(0, $0.column - 3 - keyIndent) } ?? 2
        try ContainerUnits.checkImage(image.string)
        try command()
        if let hook = container.pair("lifecycle")?.value, case let words = texts(hook), words.contains(where: { $0.contains("ollama") }) {
            throw fail("a lifecycle hook runs the ollama CLI (`\(words.joined(separator: " ").prefix(60))`), which the vLLM image "
                       + "does not have and whose failure kills the container; remove it by hand")
        }
        try environment()
        try ports()
        try volumes()
        try gpu()
        try probes()
        guard let (served, notes) = try models.served() else {
            throw fail(models.unnamed + ": vLLM must be told the model to serve; write its Hugging Face id in the container's args by hand")
        }
        model = served
        notes.forEach { note($0) }
        replace(try span(image), with: quoted(VLLMServiceForms.image, like: image))
        insert("\(pad(keyIndent))args: \(serveArguments(model, models: models))\n", afterLine: block(of: "image", in: container).upperBound)
        try servicePorts()
        placeInsertions()
        part.lines = Array(Set(part.lines)).sorted()
        return part
    }

    // MARK: the parts

    /// Ollama's image runs `ollama` with `serve`: a command or args that run anything else are
    /// a job of their own. The vLLM image's entrypoint is `vllm serve`, so both go.
    private mutating func command() throws(Unrewritable) {
        let command = container.pair("command").map { strings($0.value) }
        let args = container.pair("args").map { strings($0.value) } ?? []
        guard command != nil || !args.isEmpty else { return }
        try ContainerUnits.checkServes(command == nil ? "args" : "command", (command ?? ["ollama"]) + args)
        for key in ["command", "args"] where container.pair(key) != nil { remove(block(of: key, in: container)) }
    }

    private mutating func environment() throws(Unrewritable) {
        var hasToken = false
        var itemIndent = keyIndent + listOffset
        if let pair = container.pair("env") {
            guard let list = pair.value.sequence else { throw fail("its env is not a list") }
            let flow = isFlow(pair)
            for item in list {
                guard let entry = item.mapping, let name = entry.pair("name")?.value.string else { continue }
                if VLLMServiceForms.tokenNames.contains(name) { hasToken = true }
                guard name.hasPrefix("OLLAMA_") else { continue }
                guard !flow else { throw fail("its env is written on one line (flow style), which the tool does not split") }
                let value = entry.pair("value")?.value.string
                if value == nil, let setting = VLLMServiceForms.settings[name] {
                    guard case .dropped = setting else {
                        throw fail("`\(name)` is set from a reference (valueFrom), whose value the tool cannot read; translate it by hand")
                    }
                }
                try translate(name, value: value ?? "")
                remove(try lines(of: item))
            }
            itemIndent = list.first?.mark.map { $0.column - 3 } ?? itemIndent
            if !hasToken || !variables.isEmpty {
                guard !flow else { throw fail("its env is written on one line (flow style), which the tool does not extend") }
                insert(entries(token: !hasToken, indent: itemIndent), afterLine: block(of: "env", in: container).upperBound)
            }
        } else {
            insertAtEnd("\(pad(keyIndent))env:\n" + entries(token: true, indent: itemIndent))
        }
        if !hasToken {
            note("HF_TOKEN comes from the Secret `\(VLLMServiceForms.tokenSecret.name)` (key `\(VLLMServiceForms.tokenSecret.key)`), "
                 + "optional: create it for a gated model (Llama, Gemma)")
        }
        if container.pair("envFrom") != nil {
            note("its envFrom sources are read as is: move any OLLAMA_* setting in them to a vllm flag")
        }
    }

    private func entries(token: Bool, indent i: Int) -> String {
        let secret = VLLMServiceForms.tokenSecret
        var text = token ? "\(pad(i))- name: \(VLLMServiceForms.tokenEntry.name)\n\(pad(i + 2))valueFrom:\n\(pad(i + 4))secretKeyRef:\n"
            + "\(pad(i + 6))name: \(secret.name)\n\(pad(i + 6))key: \(secret.key)\n\(pad(i + 6))optional: true\n" : ""
        for (name, value) in variables { text += "\(pad(i))- name: \(name)\n\(pad(i + 2))value: \(json(value))\n" }
        return text
    }

    private mutating func ports() throws(Unrewritable) {
        for entry in container.pair("ports")?.value.sequence ?? [] {
            for field in ["containerPort", "hostPort"] {
                guard let scalar = entry.mapping?.pair(field)?.value.scalar, scalar.string == VLLMServiceForms.ollamaPort else { continue }
                replace(try span(scalar), with: quoted(VLLMServiceForms.port, like: scalar))
            }
        }
    }

    private mutating func servicePorts() throws(Unrewritable) {
        for service in services {
            for entry in service.pair("spec")?.value.mapping?.pair("ports")?.value.sequence ?? [] {
                for field in ["port", "targetPort"] {
                    guard let scalar = entry.mapping?.pair(field)?.value.scalar, scalar.string == VLLMServiceForms.ollamaPort else { continue }
                    replace(try span(scalar), with: quoted(VLLMServiceForms.port, like: scalar))
                }
            }
        }
    }

    /// The model store becomes the Hugging Face cache; shared memory is mounted unless it is.
    private mutating func volumes() throws(Unrewritable) {
        let store = VLLMServiceForms.ollamaStore, shm = VLLMServiceForms.shmVolume
        var cached = false, shared = false
        let mounts = container.pair("volumeMounts")?.value.sequence
        for entry in mounts ?? [] {
            guard let path = entry.mapping?.pair("mountPath")?.value.scalar else { continue }
            if path.string == shm.path { shared = true }
            if path.string == VLLMServiceForms.cachePath { cached = true }
            guard path.string == store || path.string.hasPrefix(store + "/") else { continue }
            guard path.string == store else {
                throw fail("it mounts part of Ollama's store (`\(path.string)`), which has no place in vLLM's cache")
            }
            replace(try span(path), with: quoted(VLLMServiceForms.cachePath, like: path))
            cached = true
            note("the volume mounted at \(store) now holds the Hugging Face cache: Ollama's blobs in it are unused, and weights download on first start")
        }
        if !cached {
            note("no volume holds the Hugging Face cache: weights download again on every start; mount a PersistentVolumeClaim at \(VLLMServiceForms.cachePath)")
        }
        guard !shared else { return }
        let volumes = pod.mapping.pair("volumes")?.value.sequence
        let named = volumes?.contains { $0.mapping?.pair("name")?.value.string == shm.name } == true
        if let mounts {
            guard !isFlow(container.pair("volumeMounts")!), let first = mounts.first?.mark else { throw fail("its volumeMounts are written on one line (flow style)") }
            insert(mount(first.column - 3), afterLine: block(of: "volumeMounts", in: container).upperBound)
        } else {
            insertAtEnd("\(pad(keyIndent))volumeMounts:\n" + mount(keyIndent + listOffset))
        }
        // A volume of that name already there is checked when the result is read back.
        guard !named else { return }
        if let volumes {
            guard !isFlow(pod.mapping.pair("volumes")!), let first = volumes.first?.mark else { throw fail("its pod's volumes are written on one line (flow style)") }
            insert(volume(first.column - 3), afterLine: block(of: "volumes", in: pod.mapping).upperBound)
        } else {
            guard let first = pod.mapping.first?.key.mark else { throw fail("its pod spec is empty") }
            let indent = first.column - 1
            insert("\(pad(indent))volumes:\n" + volume(indent + listOffset), afterLine: layout.block(at: podLine, indent: layout.indent(podLine) ?? 0).upperBound)
        }
    }

    private mutating func gpu() throws(Unrewritable) {
        let limits = container.pair("resources")?.value.mapping?.pair("limits")?.value.mapping
        if limits?.contains(where: { $0.key.string?.hasSuffix("/gpu") == true }) == true { return }
        try addPath(["resources", "limits", VLLMServiceForms.gpuResource], under: container, line: itemLine, indent: dashIndent,
                    childIndent: keyIndent, step: step) { [self] in "\(pad($0))\(VLLMServiceForms.gpuResource): 1\n" }
    }

    /// Every probe asks vLLM's /health on its port. The start-up allowance is a startupProbe,
    /// not a long initialDelaySeconds: it holds the other probes off only until the server
    /// answers, so a pod whose weights are cached is ready at once while a first download
    /// still gets its 600 s, and a hung server is restarted as soon as it hangs.
    private mutating func probes() throws(Unrewritable) {
        let period = VLLMServiceForms.probePeriodSeconds, allowance = VLLMServiceForms.startPeriodSeconds
        for key in ["livenessProbe", "readinessProbe", "startupProbe"] {
            guard let pair = container.pair(key) else {
                if key == "readinessProbe" { insertAtEnd("\(pad(keyIndent))\(key):\n" + health(keyIndent + step)) }
                if key == "startupProbe" {
                    let i = keyIndent + step
                    insertAtEnd("\(pad(keyIndent))\(key):\n" + health(i) + "\(pad(i))periodSeconds: \(period)\n"
                                + "\(pad(i))failureThreshold: \(allowance / period)\n")
                }
                continue
            }
            guard let probe = pair.value.mapping, !isFlow(pair), let first = probe.first?.key.mark else {
                throw fail("its \(key) is not a block mapping")
            }
            let indent = first.column - 1
            guard let handler = ["httpGet", "exec", "tcpSocket", "grpc"].first(where: { probe.pair($0) != nil }) else {
                throw fail("its \(key) has no check the tool knows (httpGet, exec, tcpSocket, grpc)")
            }
            replaceLines(block(of: handler, in: probe), with: health(indent))
            guard key == "startupProbe" else { continue }
            let every = probe.pair("periodSeconds")?.value.int ?? period
            let failures = probe.pair("failureThreshold")
            guard every * (failures?.value.int ?? 3) < allowance else { continue }
            let needed = String((allowance + every - 1) / max(every, 1))
            if let scalar = failures?.value.scalar {
                replace(try span(scalar), with: needed)
            } else {
                let last = probe.compactMap { $0.key.mark?.line }.max() ?? first.line
                insert("\(pad(indent))failureThreshold: \(needed)\n", afterLine: layout.block(at: last, indent: indent).upperBound)
            }
        }
    }

    // MARK: text

    /// Every scalar under `node`.
    private func texts(_ node: Node) -> [String] {
        if let s = node.string { return [s] }
        return (node.sequence.map(Array.init) ?? []).flatMap(texts) + (node.mapping?.map(\.value) ?? []).flatMap(texts)
    }

    private func mount(_ i: Int) -> String {
        "\(pad(i))- name: \(VLLMServiceForms.shmVolume.name)\n\(pad(i + 2))mountPath: \(VLLMServiceForms.shmVolume.path)\n"
    }

    private func volume(_ i: Int) -> String {
        "\(pad(i))- name: \(VLLMServiceForms.shmVolume.name)\n\(pad(i + 2))emptyDir:\n\(pad(i + 4))medium: Memory\n"
    }

    private func health(_ i: Int) -> String {
        "\(pad(i))httpGet:\n\(pad(i + 2))path: \(VLLMServiceForms.healthPath)\n\(pad(i + 2))port: \(VLLMServiceForms.port)\n"
    }

    // MARK: edits

    /// A list item's lines: its `- ` line and the deeper ones under it.
    private func lines(of item: Node) throws(Unrewritable) -> ClosedRange<Int> {
        guard let mark = item.mark, case let dash = mark.column - 3, dash >= 0,
              layout.text(mark.line).dropFirst(dash).starts(with: Array("- ".utf8)) else {
            throw fail("an entry of its env is not written as `- name: ...`, which the tool does not edit")
        }
        return layout.block(at: mark.line, indent: dash)
    }

    /// After the container's last line.
    private mutating func insertAtEnd(_ text: String) {
        insert(text, afterLine: layout.block(at: itemLine, indent: dashIndent).upperBound)
    }
}
