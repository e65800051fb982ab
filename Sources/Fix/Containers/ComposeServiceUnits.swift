import Foundation
import Yams

/// The migration units of a compose file: each service that runs the ollama/ollama image
/// becomes a vLLM service whole (image, command, settings, GPU, shared memory, token, cache,
/// health check, ports), or stays exactly as it is and is reported with the reason. What each
/// part becomes is `VLLMServiceForms`'s.
package enum ComposeServiceUnits {
    package static func plan(_ bytes: [UInt8], models: ProjectModels) -> ContainerUnits.Plan? {
        guard bytes.firstRange(of: Array("ollama".utf8)) != nil,
              let root = try? Yams.compose(yaml: String(decoding: bytes, as: UTF8.self)),
              let services = root.mapping?.pair("services")?.value.mapping else { return nil }
        let layout = YAMLLayout(bytes)
        var plan = ContainerUnits.Plan()
        let published = services.map { (name: $0.key.string ?? "", ports: hostPorts($0.value)) }
        for (key, value) in services {
            guard let name = key.string, let service = value.mapping, let line = key.mark?.line,
                  let image = imageNode(of: service), ContainerUnits.isOllama(image.string) else { continue }
            var planner = ServicePlanner(layout: layout, name: name, line: line, service: service, models: models,
                                         othersPorts: published.filter { $0.name != name })
            let subject = "compose service `\(name)`"
            let owned = ["services/\(name)"] + planner.fragments()
            do throws(Unrewritable) {
                let part = try planner.run(image: image)
                try verify(part.edits, in: layout, service: name)
                plan.edits += part.edits
                plan.units.append(MigrationUnit(subject: subject, line: line, lines: part.lines, manual: nil, notes: part.notes))
            } catch {
                plan.units.append(MigrationUnit(subject: subject, line: line, lines: [line], manual: error.reason, notes: []))
                plan.owned += owned
                plan.staying += ContainerUnits.ranges(of: owned, in: bytes)
            }
        }
        guard !plan.units.isEmpty else { return nil }
        plan.edits.sort(by: ContainerUnits.inOrder)
        return plan
    }

    /// The service's own image, or the one a `<<` merge brings in.
    static func imageNode(of service: Node.Mapping) -> Node.Scalar? {
        if let own = service.pair("image")?.value.scalar { return own }
        return service.pair("<<")?.value.mapping.flatMap(imageNode)
    }

    /// The host ports a service publishes (short and long syntax; ranges expanded, up to a
    /// thousand ports).
    static func hostPorts(_ service: Node) -> Set<String> {
        var out = Set<String>()
        for entry in service.mapping?.pair("ports")?.value.sequence ?? [] {
            if let text = entry.string, let mapping = ShortPort(text), let host = mapping.host {
                let bounds = host.split(separator: "-")
                if bounds.count == 2, let lo = Int(bounds[0]), let hi = Int(bounds[1]), lo <= hi, hi - lo < 1000 {
                    for p in lo...hi { out.insert(String(p)) }
                } else {
                    out.insert(String(host))
                }
            } else if let published = entry.mapping?.pair("published")?.value.string {
                out.insert(published)
            }
        }
        return out
    }

    /// Applies a unit's edits to the original and reads the service back: a rewrite that does
    /// not say what was meant is not written.
    static func verify(_ edits: [UnitEdit], in layout: YAMLLayout, service name: String) throws(Unrewritable) {
        let after = try ContainerUnits.applied(edits, to: layout.bytes)
        func fail(_ what: String) -> Unrewritable {
            Unrewritable(reason: "the rewritten service did not read back as intended (\(what)); rewrite it by hand", offset: 0)
        }
        guard let root = try? Yams.compose(yaml: String(decoding: after, as: UTF8.self)),
              let service = root.mapping?.pair("services")?.value.mapping?.pair(name)?.value.mapping else {
            throw fail("the YAML no longer parses")
        }
        guard service.pair("image")?.value.string == VLLMServiceForms.image else { throw fail("image") }
        guard service.pair("command")?.value.sequence?.first?.string == "--model" else { throw fail("command") }
        guard service.pair("entrypoint") == nil else { throw fail("entrypoint") }
        let environment = service.pair("environment")?.value
        let names = environment?.mapping.map { $0.compactMap { $0.key.string } }
            ?? environment?.sequence.map { $0.compactMap { $0.string.map { String($0.prefix { $0 != "=" }) } } } ?? []
        guard !names.contains(where: { $0.hasPrefix("OLLAMA_") }), names.contains(where: VLLMServiceForms.tokenNames.contains) else {
            throw fail("environment")
        }
        guard service.pair("healthcheck")?.value.mapping?.pair("test")?.value.sequence?.contains(where: { $0.string?.hasSuffix("/health") == true }) == true else {
            throw fail("healthcheck")
        }
        let devices = service.pair("deploy")?.value.mapping?.pair("resources")?.value.mapping?.pair("reservations")?.value.mapping?.pair("devices")
        guard devices != nil || service.pair("gpus") != nil || service.pair("runtime") != nil else { throw fail("GPU reservation") }
        for entry in service.pair("ports")?.value.sequence ?? [] where (entry.string ?? "").hasSuffix(VLLMServiceForms.ollamaPort) {
            throw fail("ports")
        }
    }
}

/// A port in compose's short syntax: `[ip:][host:]container[/protocol]`.
struct ShortPort {
    var ip: Substring?
    var host: Substring?
    var container: Substring
    var proto: Substring?

    init?(_ text: String) {
        var body = text[...]
        if let slash = body.lastIndex(of: "/") {
            proto = body[body.index(after: slash)...]
            body = body[..<slash]
        }
        // An IPv6 address is bracketed; a variable may hold colons of its own (`${X:-1}`).
        guard !body.contains("[") else { return nil }
        let parts = Self.split(body)
        switch parts.count {
        case 1: container = parts[0]
        case 2: host = parts[0]; container = parts[1]
        case 3: ip = parts[0]; host = parts[1]; container = parts[2]
        default: return nil
        }
    }

    /// Splits on the colons outside `${...}`.
    static func split(_ text: Substring) -> [Substring] {
        var parts: [Substring] = []
        var depth = 0
        var start = text.startIndex
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c == "$", text.index(after: i) < text.endIndex, text[text.index(after: i)] == "{" { depth += 1 }
            if c == "}", depth > 0 { depth -= 1 }
            if c == ":", depth == 0 {
                parts.append(text[start..<i])
                start = text.index(after: i)
            }
            i = text.index(after: i)
        }
        parts.append(text[start...])
        return parts
    }

    var text: String {
        [ip, host, container].compactMap { $0 }.joined(separator: ":") + (proto.map { "/" + $0 } ?? "")
    }
}
