import Foundation
import Yams

/// The rewrite of one compose service from Ollama to vLLM (`ComposeServiceUnits`): every part
/// is planned, and any part that cannot be rewritten with confidence throws, so the service is
/// written whole or not at all.
struct ServicePlanner: YAMLUnitPlanner {
    let layout: YAMLLayout
    let name: String
    /// The line of the service's key.
    let line: Int
    let service: Node.Mapping
    let models: ProjectModels
    let othersPorts: [(name: String, ports: Set<String>)]

    var part = UnitPart()
    var flags: [String] = []
    var variables: [(String, String)] = []
    var inserts: [(at: Int, indent: Int, text: String)] = []

    init(layout: YAMLLayout, name: String, line: Int, service: Node.Mapping, models: ProjectModels,
         othersPorts: [(name: String, ports: Set<String>)]) {
        self.layout = layout
        self.name = name
        self.line = line
        self.service = service
        self.models = models
        self.othersPorts = othersPorts
    }

    /// The indentation of the service's keys, and one level of nesting.
    private var keyIndent: Int { (service.first?.key.mark?.column ?? 5) - 1 }
    private var step: Int { max(2, keyIndent - (serviceIndent)) }
    private var serviceIndent: Int { layout.indent(line) ?? 2 }

    /// The `x-` fragments a `<<` merge brings into the service: owned with it.
    func fragments() -> [String] {
        guard let merged = service.pair("<<")?.value, let mark = merged.mark else { return [] }
        // An alias resolves to the anchored node: the top-level key holding it is the line
        // before the node's start, or its own line for a flow value.
        var n = mark.line
        while n >= 1 {
            if layout.indent(n) == 0, let key = String(decoding: layout.text(n), as: UTF8.self).split(separator: ":").first {
                return [String(key)]
            }
            n -= 1
        }
        return []
    }

    mutating func run(image: Node.Scalar) throws(Unrewritable) -> UnitPart {
        if service.pair("<<") != nil {
            throw fail("its settings come in through a `<<:` merge of a shared fragment, which other services use too; "
                       + "migrate the fragment and its services together by hand")
        }
        try ContainerUnits.checkImage(image.string)
        if service.pair("devices") != nil {
            throw fail("it passes devices through (`devices:`), which vLLM's CUDA image does not use the same way")
        }
        try entrypointAndCommand()
        try environment()
        try ports()
        try volumes()
        try healthcheck()
        try gpu()
        let model = try servedModel()
        // command: and ipc: go right after the image, where a reader of the service looks first.
        let imageSpan = try span(image)
        replace(imageSpan, with: quoted(VLLMServiceForms.image, like: image))
        var added = "\(pad(keyIndent))command: \(serveArguments(model, models: models))\n"
        if service.pair("ipc") == nil, service.pair("shm_size") == nil { added += "\(pad(keyIndent))ipc: host\n" }
        insert(added, afterLine: block(of: "image").upperBound)
        if let files = service.pair("env_file") {
            note("its env_file (\(files.value.string ?? "files")) is read as is: move any OLLAMA_* setting in it to a vllm flag")
        }
        placeInsertions()
        part.lines = Array(Set(part.lines)).sorted()
        return part
    }

    // MARK: the parts

    private mutating func entrypointAndCommand() throws(Unrewritable) {
        for key in ["entrypoint", "command"] {
            guard let pair = service.pair(key) else { continue }
            let words = strings(pair.value)
            let text = words.joined(separator: " ")
            if key == "command", text.trimmingCharacters(in: .whitespaces) == "serve" || text.isEmpty {
                remove(block(of: key)); continue
            }
            try ContainerUnits.checkServes(key, words)
            remove(block(of: key))
        }
    }

    private mutating func environment() throws(Unrewritable) {
        guard let pair = service.pair("environment") else {
            insertAtEnd("\(pad(keyIndent))environment:\n" + newEntries(list: true, indent: keyIndent + step))
            return
        }
        let entries: [(name: String, value: String?, line: Int)]
        var list = false
        if let mapping = pair.value.mapping {
            entries = mapping.compactMap { k, v in k.string.flatMap { n in k.mark.map { (n, v.string, $0.line) } } }
        } else if let sequence = pair.value.sequence {
            list = true
            entries = sequence.compactMap { item in
                guard let text = item.string, let mark = item.mark else { return nil }
                let name = String(text.prefix { $0 != "=" })
                return (name, text.contains("=") ? String(text.drop { $0 != "=" }.dropFirst()) : "${\(name)}", mark.line)
            }
        } else {
            throw fail("its environment is not a list or a mapping")
        }
        let flow = entries.contains { $0.line == (pair.key.mark?.line ?? 0) }
        var hasToken = false
        for entry in entries {
            if VLLMServiceForms.tokenNames.contains(entry.name) { hasToken = true }
            guard entry.name.hasPrefix("OLLAMA_") else { continue }
            guard !flow else { throw fail("its environment is written on one line (flow style), which the tool does not split") }
            try translate(entry.name, value: entry.value ?? "")
            let entryIndent = layout.indent(entry.line) ?? keyIndent + step
            remove(layout.block(at: entry.line, indent: entryIndent))
        }
        let itemIndent = entries.first.flatMap { layout.indent($0.line) } ?? keyIndent + step
        if flow {
            guard hasToken else { throw fail("its environment is written on one line (flow style), which the tool does not extend") }
            return
        }
        let text = newEntries(list: list, indent: itemIndent, token: !hasToken)
        if !text.isEmpty { insert(text, afterLine: block(of: "environment").upperBound) }
    }

    /// The token (unless the service passes one already) and the variables, as entries.
    private func newEntries(list: Bool, indent: Int, token: Bool = true) -> String {
        let pairs = (token ? [VLLMServiceForms.tokenEntry] : []) + variables.map { (name: $0.0, value: $0.1) }
        return pairs.map { list ? "\(pad(indent))- \($0.name)=\($0.value)\n" : "\(pad(indent))\($0.name): \($0.value)\n" }.joined()
    }

    private mutating func ports() throws(Unrewritable) {
        for key in ["ports", "expose"] {
            guard let entries = service.pair(key)?.value.sequence else { continue }
            for entry in entries {
                if let mapping = entry.mapping {
                    for field in ["target", "published"] {
                        guard let scalar = mapping.pair(field)?.value.scalar, scalar.string == VLLMServiceForms.ollamaPort else { continue }
                        if field == "published" { try checkCollision() }
                        replace(try span(scalar), with: quoted(VLLMServiceForms.port, like: scalar))
                    }
                    continue
                }
                guard let scalar = entry.scalar else { continue }
                guard var port = ShortPort(scalar.string) else {
                    throw fail("its port `\(scalar.string)` is in a form the tool does not read")
                }
                guard port.container == VLLMServiceForms.ollamaPort else { continue }
                port.container = Substring(VLLMServiceForms.port)
                if port.host == Substring(VLLMServiceForms.ollamaPort) {
                    try checkCollision()
                    port.host = Substring(VLLMServiceForms.port)
                }
                replace(try span(scalar), with: quoted(port.text, like: scalar))
            }
        }
    }

    private func checkCollision() throws(Unrewritable) {
        if let other = othersPorts.first(where: { $0.ports.contains(VLLMServiceForms.port) }) {
            throw fail("host port \(VLLMServiceForms.port) is already published by service `\(other.name)`: publish vLLM on a free host port "
                       + "and point the host-side URLs at it")
        }
    }

    private mutating func volumes() throws(Unrewritable) {
        var cached = false
        let store = VLLMServiceForms.ollamaStore, cache = VLLMServiceForms.cachePath
        for entry in service.pair("volumes")?.value.sequence ?? [] {
            let target: Node.Scalar?
            if let scalar = entry.scalar {
                target = scalar
            } else {
                target = entry.mapping?.pair("target")?.value.scalar
            }
            guard let target else { continue }
            let text = target.string
            if text.contains(cache) { cached = true; continue }
            // The container side: after the first colon in the short syntax, the whole target
            // in the long one.
            let fields = text.split(separator: ":", omittingEmptySubsequences: false)
            let index = entry.scalar == nil ? 0 : (fields.count >= 2 ? 1 : 0)
            guard fields.indices.contains(index), fields[index] == store || fields[index].hasPrefix(store + "/") else { continue }
            guard fields[index] == store else {
                throw fail("it mounts part of Ollama's store (`\(fields[index])`), which has no place in vLLM's cache")
            }
            var rewritten = fields
            rewritten[index] = Substring(cache)
            replace(try span(target), with: quoted(rewritten.joined(separator: ":"), like: target))
            cached = true
        }
        guard !cached else { return }
        if service.pair("volumes") != nil {
            guard let first = service.pair("volumes")?.value.sequence?.first?.mark, first.line != service.pair("volumes")?.key.mark?.line else {
                throw fail("its volumes are written on one line (flow style), which the tool does not extend")
            }
            insert("\(pad(layout.indent(first.line) ?? keyIndent + step))- \(VLLMServiceForms.cacheMount)\n", afterLine: block(of: "volumes").upperBound)
        } else {
            insertAtEnd("\(pad(keyIndent))volumes:\n\(pad(keyIndent + step))- \(VLLMServiceForms.cacheMount)\n")
        }
        note("weights download into the host's Hugging Face cache (\(VLLMServiceForms.cacheMount)) on first start")
    }

    private mutating func healthcheck() throws(Unrewritable) {
        let period = "\(VLLMServiceForms.startPeriodSeconds)s"
        guard let pair = service.pair("healthcheck") else {
            insertAtEnd("\(pad(keyIndent))healthcheck:\n\(pad(keyIndent + step))test: \(VLLMServiceForms.healthTest)\n"
                        + "\(pad(keyIndent + step))start_period: \(period)\n")
            return
        }
        guard let check = pair.value.mapping, let first = check.first?.key.mark, first.line != pair.key.mark?.line else {
            throw fail("its healthcheck is not a block mapping")
        }
        let indent = first.column - 1
        if let test = check.pair("test"), let mark = test.key.mark {
            let lines = layout.block(at: mark.line, indent: indent)
            replaceLines(lines, with: "\(pad(indent))test: \(VLLMServiceForms.healthTest)\n")
        } else {
            insert("\(pad(indent))test: \(VLLMServiceForms.healthTest)\n", afterLine: layout.block(at: first.line, indent: indent).upperBound)
        }
        if let start = check.pair("start_period")?.value.scalar {
            if (Self.seconds(start.string) ?? 0) < Double(VLLMServiceForms.startPeriodSeconds) {
                replace(try span(start), with: period)
            }
        } else {
            let lastKey = check.compactMap { $0.key.mark?.line }.max() ?? first.line
            insert("\(pad(indent))start_period: \(period)\n", afterLine: layout.block(at: lastKey, indent: indent).upperBound)
        }
    }

    /// A compose duration (`1m30s`, `20s`, `500ms`) in seconds.
    static func seconds(_ text: String) -> Double? {
        var total = 0.0, number = ""
        var chars = Array(text)
        var i = 0
        guard !chars.isEmpty else { return nil }
        if chars.allSatisfy(\.isNumber) { chars += ["s"] }
        while i < chars.count {
            if chars[i].isNumber || chars[i] == "." { number.append(chars[i]); i += 1; continue }
            var unit = ""
            while i < chars.count, chars[i].isLetter { unit.append(chars[i]); i += 1 }
            guard let value = Double(number) else { return nil }
            switch unit {
            case "h": total += value * 3600
            case "m": total += value * 60
            case "s": total += value
            case "ms": total += value / 1000
            case "us": total += value / 1_000_000
            default: return nil
            }
            number = ""
        }
        return number.isEmpty ? total : nil
    }

    private mutating func gpu() throws(Unrewritable) {
        if service.pair("gpus") != nil || service.pair("runtime")?.value.string == "nvidia" { return }
        try addPath(["deploy", "resources", "reservations", "devices"], under: service, line: line, indent: serviceIndent,
                    childIndent: keyIndent, step: step) { [self] indent in
            "\(pad(indent))devices:\n\(pad(indent + step))- driver: nvidia\n\(pad(indent + step + 2))count: all\n"
                + "\(pad(indent + step + 2))capabilities: [gpu]\n"
        }
    }

    /// The model the server is started with: the project's one chat model (or its one
    /// embedding model), else a variable compose insists on.
    private mutating func servedModel() throws(Unrewritable) -> String {
        if let (model, notes) = try models.served() {
            notes.forEach { note($0) }
            return model
        }
        note(models.unnamed + ": compose refuses to start until LLM_MODEL names the model to serve")
        return "${LLM_MODEL:?set LLM_MODEL to the Hugging Face model to serve}"
    }

    // MARK: edits

    private func block(of key: String) -> ClosedRange<Int> { block(of: key, in: service) }

    /// After the service's last line.
    private mutating func insertAtEnd(_ text: String) {
        insert(text, afterLine: layout.block(at: line, indent: serviceIndent).upperBound)
    }
}
