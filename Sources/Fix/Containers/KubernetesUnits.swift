import Engine
import Foundation
import Yams

/// The migration units of a Kubernetes manifest: each workload (Deployment, StatefulSet,
/// DaemonSet, Pod) whose pod runs the ollama/ollama image becomes a vLLM workload whole, with
/// the Services of the same file that select its pods (their ports move with the container), or
/// all of it stays byte for byte and is reported with the reason. A Helm template and the
/// ollama-helm chart's values are reported, never rewritten.
package enum KubernetesUnits {
    /// The kinds whose pod template the tool rewrites; a Job running ollama/ollama is a pull job.
    static let workloads: Set<String> = ["Deployment", "StatefulSet", "DaemonSet", "Pod"]

    package static func plan(_ bytes: [UInt8], models: ProjectModels) -> ContainerUnits.Plan? {
        guard Engine.Scanner.mayHoldContainerUnit(bytes) else { return nil }
        let layout = YAMLLayout(bytes)
        if bytes.firstRange(of: Array("{{".utf8)) != nil { return template(layout) }
        guard let documents = parse(bytes) else { return nil }
        var plan = ContainerUnits.Plan()
        if let values = helmValues(documents) {
            plan.units.append(values.unit)
            plan.owned.append("ollama")
        }
        let objects = documents.compactMap { node in
            node.mapping.flatMap { m in m.pair("kind").map { (kind: $0.value.string ?? "", mapping: m, line: $0.key.mark?.line ?? 1) } }
        }
        var claimed = Set<Int>()  // the Services given to a workload already
        for (index, object) in objects.enumerated() where workloads.contains(object.kind) {
            guard let pod = podSpec(object.mapping, kind: object.kind), pod.spec.containers.contains(where: isOllama) else { continue }
            let name = object.mapping.pair("metadata")?.value.mapping?.pair("name")?.value.string ?? "?"
            let subject = "Kubernetes \(object.kind) `\(name)`"
            let services = objects.indices.filter { i in
                !claimed.contains(i) && objects[i].kind == "Service" && selects(objects[i].mapping, pod.labels)
            }
            claimed.formUnion(services)
            let owned = ([object.line] + services.map { objects[$0].line }).map { "documents/\(layout.document(of: $0))" }
            do throws(Unrewritable) {
                var planner = KubernetesPlanner(layout: layout, models: models, pod: pod.spec, podLine: pod.line,
                                                services: services.map { objects[$0].mapping })
                let part = try planner.run()
                try verify(part.edits, in: layout, object: index, container: planner.containerIndex, services: services,
                           model: planner.model)
                plan.edits += part.edits
                plan.units.append(MigrationUnit(subject: subject, line: object.line, lines: part.lines, manual: nil, notes: part.notes))
            } catch {
                plan.units.append(MigrationUnit(subject: subject, line: object.line, lines: [object.line], manual: error.reason, notes: []))
                plan.owned += owned
            }
        }
        guard !plan.units.isEmpty else { return nil }
        plan.staying = ContainerUnits.ranges(of: plan.owned, in: bytes)
        plan.edits.sort(by: ContainerUnits.inOrder)
        return plan
    }

    /// Every document of the file, or nil when it is not YAML.
    static func parse(_ bytes: [UInt8]) -> [Node]? {
        guard var sequence = try? Yams.compose_all(yaml: String(decoding: bytes, as: UTF8.self)) else { return nil }
        var documents: [Node] = []
        while let document = sequence.next() { documents.append(document) }
        return sequence.error == nil ? documents : nil
    }

    /// A pod spec and where it sits: its `containers` (and init containers, which must not run
    /// Ollama), and the labels its Services select.
    struct PodSpec {
        let mapping: Node.Mapping
        var containers: [Node] { mapping.pair("containers")?.value.sequence.map(Array.init) ?? [] }
        var initContainers: [Node] { mapping.pair("initContainers")?.value.sequence.map(Array.init) ?? [] }
    }

    static func podSpec(_ object: Node.Mapping, kind: String) -> (spec: PodSpec, line: Int, labels: Node.Mapping?)? {
        var holder = object
        if kind != "Pod" {
            guard let template = object.pair("spec")?.value.mapping?.pair("template")?.value.mapping else { return nil }
            holder = template
        }
        guard let pair = holder.pair("spec"), let spec = pair.value.mapping, let line = pair.key.mark?.line else { return nil }
        return (PodSpec(mapping: spec), line, holder.pair("metadata")?.value.mapping?.pair("labels")?.value.mapping)
    }

    static func isOllama(_ container: Node) -> Bool {
        container.mapping?.pair("image")?.value.string.map(ContainerUnits.isOllama) == true
    }

    /// Whether a Service's selector picks the pods with `labels`: every pair of a selector
    /// that is not empty is among them.
    static func selects(_ service: Node.Mapping, _ labels: Node.Mapping?) -> Bool {
        guard let selector = service.pair("spec")?.value.mapping?.pair("selector")?.value.mapping, selector.count > 0,
              let labels else { return false }
        return selector.allSatisfy { key, value in key.string.flatMap { labels.pair($0)?.value.string } == value.string }
    }

    /// The ollama-helm chart's values (`ollama:` with `gpu:` or `models:`), which only a person
    /// can move to a vLLM chart.
    static func helmValues(_ documents: [Node]) -> (unit: MigrationUnit, line: Int)? {
        for document in documents {
            guard let pair = document.mapping?.pair("ollama"), let values = pair.value.mapping, let line = pair.key.mark?.line,
                  values.pair("gpu") != nil || values.pair("models") != nil else { continue }
            let reason = "the ollama-helm chart has no vLLM twin: deploy vllm/vllm-openai with the vLLM production-stack chart "
                + "(servingEngineSpec.modelSpec: modelURL, requestGPU) or a Deployment of your own, and move these values over by hand"
            return (MigrationUnit(subject: "Helm values `ollama:`", line: line, lines: [line], manual: reason, notes: []), line)
        }
        return nil
    }

    /// A Helm template is not YAML until rendered: each container naming an Ollama image is
    /// reported, and the rules leave the whole file.
    static func template(_ layout: YAMLLayout) -> ContainerUnits.Plan? {
        var plan = ContainerUnits.Plan()
        for n in 1...layout.lineCount {
            let text = String(decoding: layout.text(n), as: UTF8.self).trimmingCharacters(in: .whitespaces)
            let body = text.hasPrefix("- ") ? text.dropFirst(2) : text[...]
            guard body.hasPrefix("image:") else { continue }
            let image = body.dropFirst(6).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            guard !image.contains("{{"), ContainerUnits.isOllama(image) else { continue }
            plan.units.append(MigrationUnit(subject: "Kubernetes container `\(image)` in a Helm template", line: n, lines: [n],
                                            manual: "the file is a Helm template (`{{ ... }}`), which is not YAML until it is rendered; "
                                                + "migrate the template and the values it reads by hand", notes: []))
        }
        guard !plan.units.isEmpty else { return nil }
        plan.owned = ["documents/*"]
        plan.staying = ContainerUnits.ranges(of: plan.owned, in: layout.bytes)
        return plan
    }

    /// Applies a unit's edits to the original and reads the workload and its Services back: a
    /// rewrite that does not say what was meant is not written.
    static func verify(_ edits: [UnitEdit], in layout: YAMLLayout, object: Int, container: Int, services: [Int],
                       model: String) throws(Unrewritable) {
        let after = try ContainerUnits.applied(edits, to: layout.bytes)
        func fail(_ what: String) -> Unrewritable {
            Unrewritable(reason: "the rewritten workload did not read back as intended (\(what)); rewrite it by hand", offset: 0)
        }
        let objects = (parse(after) ?? []).compactMap(\.mapping).filter { $0.pair("kind") != nil }
        guard objects.indices.contains(object), let kind = objects[object].pair("kind")?.value.string,
              let pod = podSpec(objects[object], kind: kind)?.spec, pod.containers.indices.contains(container),
              let c = pod.containers[container].mapping else {
            throw fail("the YAML no longer parses")
        }
        guard c.pair("image")?.value.string == VLLMServiceForms.image else { throw fail("image") }
        let args = c.pair("args")?.value.sequence?.compactMap(\.string) ?? []
        guard args.prefix(2) == ["--model", model], c.pair("command") == nil else { throw fail("args") }
        let env = c.pair("env")?.value.sequence?.compactMap { $0.mapping?.pair("name")?.value.string } ?? []
        guard !env.contains(where: { $0.hasPrefix("OLLAMA_") }), env.contains(where: VLLMServiceForms.tokenNames.contains) else {
            throw fail("env")
        }
        let limits = c.pair("resources")?.value.mapping?.pair("limits")?.value.mapping
        guard limits?.contains(where: { $0.key.string?.hasSuffix("/gpu") == true }) == true else { throw fail("GPU limit") }
        let mounts = c.pair("volumeMounts")?.value.sequence?.compactMap(\.mapping) ?? []
        let shm = mounts.first { $0.pair("mountPath")?.value.string == VLLMServiceForms.shmVolume.path }?.pair("name")?.value.string
        let volume = pod.mapping.pair("volumes")?.value.sequence?.compactMap(\.mapping).first { $0.pair("name")?.value.string == shm }
        guard volume?.pair("emptyDir")?.value.mapping?.pair("medium")?.value.string == "Memory" else { throw fail("/dev/shm volume") }
        guard !mounts.contains(where: { $0.pair("mountPath")?.value.string == VLLMServiceForms.ollamaStore }) else { throw fail("volumeMounts") }
        let ports = (c.pair("ports")?.value.sequence?.compactMap(\.mapping) ?? []).flatMap { [$0.pair("containerPort"), $0.pair("hostPort")] }
        guard !ports.contains(where: { $0?.value.string == VLLMServiceForms.ollamaPort }) else { throw fail("ports") }
        func checks(_ probe: String) -> Node.Mapping? {
            guard let mapping = c.pair(probe)?.value.mapping, let get = mapping.pair("httpGet")?.value.mapping,
                  get.pair("path")?.value.string == VLLMServiceForms.healthPath, get.pair("port")?.value.string == VLLMServiceForms.port else {
                return nil
            }
            return mapping
        }
        guard checks("readinessProbe") != nil, c.pair("livenessProbe") == nil || checks("livenessProbe") != nil,
              let startup = checks("startupProbe") else { throw fail("probes") }
        let period = startup.pair("periodSeconds")?.value.int ?? 10, failures = startup.pair("failureThreshold")?.value.int ?? 3
        guard period * failures >= VLLMServiceForms.startPeriodSeconds else { throw fail("startupProbe allowance") }
        for i in services where objects.indices.contains(i) {
            let entries = objects[i].pair("spec")?.value.mapping?.pair("ports")?.value.sequence?.compactMap(\.mapping) ?? []
            guard !entries.contains(where: { e in ["port", "targetPort"].contains { e.pair($0)?.value.string == VLLMServiceForms.ollamaPort } }) else {
                throw fail("Service ports")
            }
        }
    }
}
