import Foundation
import Model

/// One migration unit of a file: what has to change together for the code to keep running
/// (a client with its calls and the reads of their results, an error handler, an import).
/// Applied whole, or left untouched as a manual item with the reason.
public struct MigrationUnit: Sendable, Equatable {
    /// What the unit is, in the words of the summary: "client `self.client` (4 calls)".
    public let subject: String
    /// The first line of the unit, and every line it would touch.
    public let line: Int
    public let lines: [Int]
    /// Nil when applied; why not otherwise.
    public let manual: String?
    /// What an applied unit dropped or moved to the server, for a human to check.
    public let notes: [String]

    public init(subject: String, line: Int, lines: [Int], manual: String?, notes: [String]) {
        self.subject = subject
        self.line = line
        self.lines = lines
        self.manual = manual
        self.notes = notes
    }
}

/// A byte range and what replaces it.
package struct UnitEdit: Equatable {
    package var range: Range<Int>
    package var text: String
}

/// Why a part of a unit cannot be rewritten with confidence.
struct Unrewritable: Error {
    let reason: String
    let offset: Int
}

/// The migration units of one Python file that uses the ollama package: each client (its
/// construction, its calls, the reads of their results), each call of the module's functions,
/// each `except` of an ollama error, and the imports, which change only when nothing of theirs
/// stays. The rewrite is `OpenAIForms`'s.
package enum PythonClientUnits {
    package struct Plan {
        package var edits: [UnitEdit] = []
        package var units: [MigrationUnit] = []
    }

    /// - Parameter withheld: the address variables that stay (`Withheld.names`): a client whose
    ///   base reads one stays too.
    package static func plan(_ bytes: [UInt8], withheld: Withheld = Withheld()) -> Plan? {
        guard bytes.firstRange(of: Array("ollama".utf8)) != nil || bytes.firstRange(of: Array("Ollama".utf8)) != nil else { return nil }
        var planner = Planner(PythonSource(bytes))
        planner.withheld = withheld
        return planner.run()
    }
}

/// The work of `PythonClientUnits.plan` for one file.
struct Planner {
    let src: PythonSource
    /// `import ollama [as x]`: the names the module goes by.
    var modules: Set<String> = []
    /// `from ollama import a [as b]`: local name → ollama's name.
    var imported: [String: String] = [:]
    var importStatements: [(start: Int, end: Int, fromImport: Bool)] = []

    /// Address variables that stay: a client whose base reads one stays.
    var withheld = Withheld()

    init(_ src: PythonSource) { self.src = src }

    /// A planned part: its edits, the tokens it accounts for, its notes.
    struct Part {
        var edits: [UnitEdit] = []
        var claimed: Set<Int> = []
        var notes: [String] = []
        var failure: Unrewritable?
        var firstOffset: Int
        var needs: Set<String> = []  // "OpenAI", "AsyncOpenAI", "openai", "os", "module-client"
    }

    mutating func run() -> PythonClientUnits.Plan? {
        findImports()
        let frameworks = frameworkUnits()
        guard !modules.isEmpty || !imported.isEmpty || !frameworks.isEmpty else { return nil }
        let clients = findClients()
        var plan = PythonClientUnits.Plan()
        var applied: [Part] = []
        var claimedByApplied = Set<Int>()
        var callOutcomes: [Int: Bool] = [:]  // method token → applied
        var manualClients = false

        // Clients, each with every call on it: one unit.
        for client in clients {
            var parts = [client.construction]
            for call in client.calls { parts.append(planCall(call, receiver: nil)) }
            parts.append(contentsOf: client.strays.map { stray in
                var p = Part(firstOffset: src.tokens[stray].range.lowerBound)
                p.failure = Unrewritable(reason: "`\(client.name)` is used other than through its calls, on line \(src.line(src.tokens[stray].range.lowerBound))",
                                         offset: src.tokens[stray].range.lowerBound)
                return p
            })
            let failure = parts.compactMap(\.failure).first
            let ok = failure == nil
            if !ok { manualClients = true }
            for call in client.calls { callOutcomes[call.method] = ok }
            let subject = "client `\(client.name)` (\(client.calls.count) \(client.calls.count == 1 ? "call" : "calls"))"
            record(&plan, parts, subject: subject, failure: failure, into: &applied, claimed: &claimedByApplied)
        }
        // The module's functions: each call its own unit, on one module-level client.
        for call in moduleCalls() {
            let part = planCall(call, receiver: OpenAIForms.moduleClientName)
            callOutcomes[call.method] = part.failure == nil
            let name = src.text(tokens: call.start...call.method)
            record(&plan, [part], subject: "call `\(name)(…)`", failure: part.failure, into: &applied, claimed: &claimedByApplied)
        }
        // Handlers of ollama's errors.
        let allCallsApplied = !manualClients && callOutcomes.values.allSatisfy { $0 }
        for handler in handlers(callOutcomes: callOutcomes, allCallsApplied: allCallsApplied) {
            record(&plan, [handler], subject: "handler of ollama's errors", failure: handler.failure, into: &applied, claimed: &claimedByApplied)
        }
        // LangChain's and LlamaIndex's Ollama classes: each class with its imports and every use, one unit.
        for unit in frameworks {
            record(&plan, [unit.part], subject: unit.subject, failure: unit.part.failure, into: &applied, claimed: &claimedByApplied)
        }
        plan.units.sort { $0.line < $1.line }
        guard !plan.units.isEmpty || !applied.isEmpty else { return plan }
        // Imports change only when no use of their names stays.
        let needs = applied.reduce(into: Set<String>()) { $0.formUnion($1.needs) }
        if let importPart = planImports(claimed: claimedByApplied, needs: needs) {
            plan.edits += importPart.edits
        }
        // An insertion goes before a replacement that starts where it is.
        plan.edits.sort { ($0.range.lowerBound, $0.range.count) < ($1.range.lowerBound, $1.range.count) }
        plan.edits = mergingAlternatives(plan.edits)
        // Parts never share bytes; if two did, the plan is wrong and nothing is applied.
        for (a, b) in zip(plan.edits, plan.edits.dropFirst()) where a.range.overlaps(b.range) || (a.range.upperBound > b.range.lowerBound) {
            let line = src.line(b.range.lowerBound)
            return PythonClientUnits.Plan(edits: [], units: [MigrationUnit(subject: "this file's ollama client code", line: line, lines: [line],
                                                                           manual: "two rewrites of line \(line) overlap; rewrite it by hand", notes: [])])
        }
        return plan
    }

    /// `m.get("name") or m.get("model")` reads one field twice on the OpenAI side: `m.id or
    /// m.id` is written `m.id`.
    func mergingAlternatives(_ edits: [UnitEdit]) -> [UnitEdit] {
        var out: [UnitEdit] = []
        for edit in edits {
            // The edits cover the reads after the name: `.get("name")`, then ` or m` between them.
            if let last = out.last, last.text == edit.text, last.range.upperBound <= edit.range.lowerBound,
               let lo = src.tokens.firstIndex(where: { $0.range.lowerBound == last.range.lowerBound }), src.isName(lo - 1),
               String(decoding: src.bytes[last.range.upperBound..<edit.range.lowerBound], as: UTF8.self)
                   .split(whereSeparator: { $0 == " " }) == ["or", src.text(lo - 1)] {
                out[out.count - 1] = UnitEdit(range: last.range.lowerBound..<edit.range.upperBound, text: edit.text)
                continue
            }
            out.append(edit)
        }
        return out
    }

    /// Adds a unit to the plan: its edits when no part failed, else a manual item.
    func record(_ plan: inout PythonClientUnits.Plan, _ parts: [Part], subject: String, failure: Unrewritable?,
                into applied: inout [Part], claimed: inout Set<Int>) {
        let offsets = parts.flatMap { $0.edits.map(\.range.lowerBound) } + parts.map(\.firstOffset) + (failure.map { [$0.offset] } ?? [])
        let lines = Set(offsets.map { src.line($0) }).sorted()
        let first = src.line(parts.map(\.firstOffset).min() ?? 0)
        if let failure {
            plan.units.append(MigrationUnit(subject: subject, line: first, lines: lines,
                                            manual: "line \(src.line(failure.offset)): \(failure.reason)", notes: []))
            return
        }
        for part in parts {
            plan.edits += part.edits
            claimed.formUnion(part.claimed)
            applied.append(part)
        }
        plan.units.append(MigrationUnit(subject: subject, line: first, lines: lines, manual: nil,
                                        notes: Array(NSOrderedNotes(parts.flatMap(\.notes)))))
    }

    // MARK: imports

    mutating func findImports() {
        var t = 0
        while t < src.tokens.count {
            let end = src.statementEnd(t)
            if src.isName(t, "import") {
                // import a, ollama as o
                var i = t + 1
                while i < end {
                    var j = i
                    while j < end, !src.isOp(j, ",") { j += 1 }
                    if src.isName(i, "ollama"), j == i + 1 || src.isName(i + 1, "as") {
                        modules.insert(j == i + 1 ? "ollama" : String(src.text(i + 2)))
                        importStatements.append((t, end, false))
                    }
                    i = j + 1
                }
            } else if src.isName(t, "from"), src.isName(t + 1, "ollama") {
                var i = t + 2
                while src.isOp(i, "."), src.isName(i + 1) { i += 2 }
                if src.isName(i, "import") {
                    var k = i + 1
                    while k < end {
                        if src.isName(k) {
                            let name = String(src.text(k))
                            if src.isName(k + 1, "as"), src.isName(k + 2) {
                                imported[String(src.text(k + 2))] = name
                                k += 3
                                continue
                            }
                            imported[name] = name
                        }
                        k += 1
                    }
                    importStatements.append((t, end, true))
                }
            }
            t = end + 1
        }
    }

    func inImport(_ t: Int) -> Bool { importStatements.contains { $0.start <= t && t <= $0.end } }

    /// Every token that names something from ollama: the module or an imported name, used as
    /// a name of its own (not an attribute, not inside an import).
    func ollamaUses() -> [Int] {
        src.tokens.indices.filter { t in
            src.tokens[t].kind == .name && !src.isOp(t - 1, ".") && !inImport(t)
                && (modules.contains(String(src.text(t))) || imported[String(src.text(t))] != nil)
        }
    }

    // MARK: clients

    struct Call {
        /// The first token of the callee (`ollama`, `self`, `client`, `chat`) and the method name.
        let start: Int
        let method: Int
        let open: Int
    }

    struct Client {
        let name: String
        var construction: Part
        var calls: [Call] = []
        var strays: [Int] = []
    }

    /// `x = Client(…)`, `self.x = ollama.AsyncClient(…)`: each binding with its calls.
    func findClients() -> [Client] {
        var out: [Client] = []
        for t in ollamaUses() {
            // ollama.Client( / Client( where Client is imported.
            var ctor = t
            var kind = imported[String(src.text(t))]
            if modules.contains(String(src.text(t))), src.isOp(t + 1, "."), src.isName(t + 2) {
                ctor = t + 2
                kind = String(src.text(t + 2))
            }
            guard kind == "Client" || kind == "AsyncClient", src.isOp(ctor + 1, "(") else { continue }
            let open = ctor + 1
            guard let close = src.partner[open] else { continue }
            let isAsync = kind == "AsyncClient"
            let start = src.statementStart(t)
            var construction = Part(firstOffset: src.tokens[t].range.lowerBound)
            construction.claimed.insert(t)
            // The binding: `name =` or `self.name =` starting the statement, the call ending it.
            var target: ClosedRange<Int>?
            if src.tokens[close + 1].kind == .newline {
                if src.isName(start), src.isOp(start + 1, "="), start + 2 == t { target = start...start }
                if src.isName(start, "self"), src.isOp(start + 1, "."), src.isName(start + 2), src.isOp(start + 3, "="), start + 4 == t {
                    target = start...start + 2
                }
            }
            guard let target else {
                construction.failure = Unrewritable(reason: "the client is not bound to a name (`x = Client(…)`), so its calls cannot be followed",
                                                    offset: src.tokens[t].range.lowerBound)
                // Named by its first line at most: a construction may run over many.
                let text = src.text(tokens: t...close)
                let head = text.prefix { $0 != "\n" }.prefix(60)
                out.append(Client(name: head.count < text.count ? head + "…" : text, construction: construction))
                continue
            }
            rewriteConstruction(&construction, from: t, ctor: ctor, open: open, async: isAsync)
            let name = src.text(tokens: target)
            var client = Client(name: name, construction: construction)
            // Its uses: `self.name` anywhere in the class, `name` in its scope.
            let range: Range<Int>
            if target.count == 3 {
                range = src.enclosing(t, classes: true).map { enclosingClass($0.header) ?? (0..<src.tokens.count) } ?? 0..<src.tokens.count
            } else {
                range = src.scope(t)
            }
            for u in range where u != target.lowerBound {
                let hit: Bool
                if target.count == 3 {
                    hit = src.isName(u, "self") && src.isOp(u + 1, ".") && src.text(u + 2) == src.text(target.upperBound) && !src.isOp(u - 1, ".")
                } else {
                    hit = src.isName(u) && src.text(u) == name && !src.isOp(u - 1, ".") && !(src.isOp(u + 1, "=") && src.tokens[u].depth > 0)
                }
                guard hit else { continue }
                let after = u + target.count
                if src.isOp(after, "."), OpenAIForms.sharedClientAttributes.contains(String(src.text(after + 1))) {
                    continue
                } else if src.isOp(after, "."), src.isName(after + 1), src.isOp(after + 2, "(") {
                    client.calls.append(Call(start: u, method: after + 1, open: after + 2))
                } else if src.isOp(after, "="), src.statementStart(u) == u {
                    // Bound again: the binding in the constructor's own statement is this one.
                    if u != target.lowerBound { client.strays.append(u) }
                } else if target.count == 1, let alias = attributeAlias(of: u) {
                    // `cls.__client = client`: the class's later `self.__client.chat(…)` are
                    // calls on this client too.
                    for v in alias.uses {
                        if src.isOp(v + 3, "."), src.isName(v + 4), src.isOp(v + 5, "(") {
                            client.calls.append(Call(start: v, method: v + 4, open: v + 5))
                        } else if src.isOp(v + 3, "."), OpenAIForms.sharedClientAttributes.contains(String(src.text(v + 4))) {
                            continue
                        } else {
                            client.strays.append(v)
                        }
                    }
                } else {
                    client.strays.append(u)
                }
            }
            out.append(client)
        }
        return out
    }

    /// For `self.x = name` / `cls.x = name` (token `u` is `name`), the other `self.x` /
    /// `cls.x` in the enclosing class (each by its first token); nil for any other statement.
    func attributeAlias(of u: Int) -> (attribute: String, uses: [Int])? {
        let s = src.statementStart(u)
        guard s + 4 == u, src.isName(s, "self") || src.isName(s, "cls"), src.isOp(s + 1, "."), src.isName(s + 2),
              src.isOp(s + 3, "="), src.tokens[u + 1].kind == .newline,
              let def = src.enclosing(u), let body = enclosingClass(def.header) else { return nil }
        let attribute = src.text(s + 2)
        let uses = body.filter { v in
            v != s && (src.isName(v, "self") || src.isName(v, "cls")) && !src.isOp(v - 1, ".")
                && src.isOp(v + 1, ".") && src.text(v + 2) == attribute
        }
        return (String(attribute), uses)
    }

    /// The block of the class whose method holds the header `def`.
    func enclosingClass(_ def: Int) -> Range<Int>? {
        guard let outer = src.enclosing(def, classes: true), src.isName(outer.header, "class") || src.isName(src.statementStart(outer.header), "class") else {
            return nil
        }
        return outer.body
    }

    /// `Client(host=h, timeout=t, headers=x)` → `OpenAI(base_url=h, api_key=…, timeout=t, default_headers=x)`.
    func rewriteConstruction(_ part: inout Part, from t: Int, ctor: Int, open: Int, async: Bool) {
        let name = async ? "AsyncOpenAI" : "OpenAI"
        part.edits.append(UnitEdit(range: src.tokens[t].range.lowerBound..<src.tokens[ctor].range.upperBound, text: name))
        part.needs.formUnion([name, "os"])
        let args = src.arguments(open)
        var sawHost = false
        for (index, arg) in args.enumerated() {
            if keyword(arg).map({ $0.0 == "host" }) ?? (index == 0), let name = withheld.variable(readBy: valueText(arg), in: src.bytes) {
                part.failure = Unrewritable(reason: Withheld.heldBase(name), offset: src.tokens[arg.lowerBound].range.lowerBound)
                return
            }
            guard let (key, _) = keyword(arg) else {
                if index == 0, let base = baseURL(valueText(arg)) {
                    sawHost = true
                    part.edits.append(UnitEdit(range: byteRange(arg), text: "base_url=\(base), \(OpenAIForms.apiKey)"))
                    continue
                }
                part.failure = Unrewritable(reason: "Client(…) takes its arguments by keyword here", offset: src.tokens[arg.lowerBound].range.lowerBound)
                return
            }
            switch key {
            case "host":
                sawHost = true
                guard let base = baseURL(valueText(arg)) else {
                    part.failure = Unrewritable(reason: "host=\(valueText(arg).prefix(40)) is not a URL this tool can move to vLLM", offset: src.tokens[arg.lowerBound].range.lowerBound)
                    return
                }
                part.edits.append(UnitEdit(range: byteRange(arg), text: "base_url=\(base), \(OpenAIForms.apiKey)"))
            case "headers":
                part.edits.append(UnitEdit(range: src.tokens[arg.lowerBound].range, text: "default_headers"))
            case "timeout":
                break
            default:
                part.failure = Unrewritable(reason: "Client(\(key)=…) is an httpx setting; pass an httpx client as http_client= by hand",
                                            offset: src.tokens[arg.lowerBound].range.lowerBound)
                return
            }
        }
        if !sawHost {
            // ollama's client read OLLAMA_HOST; openai's reads OPENAI_BASE_URL, with vLLM's default.
            let text = "base_url=os.environ.get(\"OPENAI_BASE_URL\", \"http://localhost:8000/v1\"), \(OpenAIForms.apiKey)"
            let at = src.tokens[open].range.upperBound
            part.edits.append(UnitEdit(range: at..<at, text: args.isEmpty ? text : text + ", "))
        }
    }

    /// The openai base URL for an ollama host expression: a literal computed from its parts
    /// (`OpenAIForms.vLLMBase`), an f-string that ends in a port given `/v1`, anything else as
    /// it is (a setting whose own unit, environment or config, writes the vLLM /v1 URL).
    func baseURL(_ value: String) -> String? {
        if let q = value.first, q == "\"" || q == "'" { return OpenAIForms.vLLMBase(fromLiteral: value) }
        if value.hasPrefix("f\"") || value.hasPrefix("f'") {
            guard value.dropLast().hasSuffix("}") else { return nil }
            return String(value.dropLast()) + "/v1" + String(value.last!)
        }
        return value
    }

    // MARK: module functions

    /// `ollama.chat(…)` and `chat(…)` after `from ollama import chat`.
    func moduleCalls() -> [Call] {
        var out: [Call] = []
        for t in ollamaUses() {
            let name = String(src.text(t))
            if modules.contains(name), src.isOp(t + 1, "."), src.isName(t + 2), src.isOp(t + 3, "("),
               !["Client", "AsyncClient"].contains(String(src.text(t + 2))) {
                out.append(Call(start: t, method: t + 2, open: t + 3))
            } else if let original = imported[name], OpenAIForms.methods[original] != nil || OpenAIForms.administration.contains(original),
                      src.isOp(t + 1, "(") {
                out.append(Call(start: t, method: t, open: t + 1))
            }
        }
        return out
    }

    // MARK: calls

    /// One call with its arguments and the reads of what it returns.
    func planCall(_ call: Call, receiver: String?) -> Part {
        var part = Part(firstOffset: src.tokens[call.start].range.lowerBound)
        part.claimed.insert(call.start)
        let methodName = imported[String(src.text(call.method))].flatMap { call.start == call.method ? $0 : nil } ?? String(src.text(call.method))
        func fail(_ reason: String, _ t: Int) -> Part {
            var p = part
            p.failure = Unrewritable(reason: reason, offset: src.tokens[t].range.lowerBound)
            return p
        }
        guard let close = src.partner[call.open] else { return fail("the call is not closed", call.open) }
        if receiver != nil { part.needs.formUnion(["OpenAI", "os", "module-client"]) }
        let calleeRange = src.tokens[call.start].range.lowerBound..<src.tokens[call.method].range.upperBound
        let receiverText = receiver.map { $0 + "." } ?? src.text(src.tokens[call.start].range.lowerBound..<src.tokens[call.method].range.lowerBound)

        if OpenAIForms.administration.contains(methodName) {
            return administration(call, close: close, part: part, name: methodName)
        }
        guard let method = OpenAIForms.methods[methodName] else {
            return fail("`\(methodName)` has no counterpart on the openai client", call.method)
        }
        // `chat(model)` alone is a probe for the model: on vLLM, a one-token request to it,
        // which fails with a 404 (openai.NotFoundError) the same way. (vLLM serves no
        // /v1/models/{id}, so models.retrieve would always fail.)
        let arguments = src.arguments(call.open)
        if ["chat", "generate"].contains(methodName), arguments.count == 1,
           keyword(arguments[0]).map({ $0.0 == "model" }) ?? true,
           src.statementStart(call.start) == call.start, src.tokens[close + 1].kind == .newline {
            part.edits.append(UnitEdit(range: calleeRange, text: receiverText + "chat.completions.create"))
            part.edits.append(UnitEdit(range: byteRange(arguments[0]),
                                       text: "model=\(valueText(arguments[0])), messages=[{\"role\": \"user\", \"content\": \"ping\"}], max_tokens=1"))
            part.notes.append("\(methodName)(model) only probed for the model: now a one-token request to it (404 when it is not served)")
            return part
        }
        part.edits.append(UnitEdit(range: calleeRange, text: receiverText + method.callee))

        // Arguments by name.
        let args = src.arguments(call.open)
        var named: [(key: String, arg: Range<Int>)] = []
        var keywords = false
        for (index, arg) in args.enumerated() {
            if src.isOp(arg.lowerBound, "*") || src.isOp(arg.lowerBound, "**") {
                return fail("the arguments are unpacked (`*`/`**`), so they cannot be mapped one by one", arg.lowerBound)
            }
            if let (key, _) = keyword(arg) {
                named.append((key, arg))
                keywords = true
            } else if index < method.positional.count, !keywords {
                named.append((method.positional[index], arg))
            } else {
                return fail("positional argument \(index + 1) of \(methodName)(…) has no known name", arg.lowerBound)
            }
        }
        var streams = false
        var extraBody: [String] = []
        var removed: [Range<Int>] = []
        let prompt = named.first { $0.key == "prompt" }
        let system = named.first { $0.key == "system" }
        for (key, arg) in named {
            let value = valueText(arg)
            let whole = byteRange(arg)
            switch (methodName, key) {
            case (_, "model"), ("chat", "messages"), ("embed", "input"), ("embed", "dimensions"), ("chat", "tools"):
                if key == "tools" {
                    return fail("tools= takes Python functions on ollama and JSON schemas on openai; write the schemas by hand", arg.lowerBound)
                }
                if keyword(arg) == nil { part.edits.append(UnitEdit(range: whole, text: "\(key)=\(value)")) }
            case (_, "stream"):
                switch value {
                case "True": streams = true
                case "False": break
                default: return fail("stream=\(value) is decided at run time, so the shape of the result is unknown", arg.lowerBound)
                }
                if keyword(arg) == nil { part.edits.append(UnitEdit(range: whole, text: "stream=\(value)")) }
            case ("embeddings", "prompt"):
                part.edits.append(UnitEdit(range: whole, text: "input=\(value)"))
            case ("generate", "prompt"):
                let user = "{\"role\": \"user\", \"content\": \(value)}"
                var messages = "[\(user)]"
                if let system {
                    let s = valueText(system.arg)
                    messages = s.first == "\"" || s.first == "'"
                        ? "[{\"role\": \"system\", \"content\": \(s)}, \(user)]"
                        : "([{\"role\": \"system\", \"content\": \(s)}] if \(s) else []) + [\(user)]"
                }
                part.edits.append(UnitEdit(range: whole, text: "messages=\(messages)"))
            case ("generate", "system"):
                guard prompt != nil else { return fail("generate(system=…) without a prompt", arg.lowerBound) }
                removed.append(arg)
            case (_, "options"):
                let isLiteral = src.isOp(keyword(arg) == nil ? arg.lowerBound : arg.lowerBound + 2, "{")
                if !isLiteral {
                    // Options built elsewhere are mapped when the call runs, by a helper the
                    // file gains; its extra_body is the call's only one.
                    guard !named.contains(where: { $0.key == "think" }) else {
                        return fail("options=\(value.prefix(40)) and think= would both set extra_body", arg.lowerBound)
                    }
                    part.edits.append(UnitEdit(range: whole, text: "**\(OpenAIForms.optionsHelperName)(\(value))"))
                    part.needs.insert("options-helper")
                    part.notes.append("options=\(value.prefix(40)) is mapped when the call runs (\(OpenAIForms.optionsHelperName)); keys with no OpenAI form, such as num_ctx, are dropped")
                    continue
                }
                guard let flat = options(arg, into: &extraBody, notes: &part.notes) else {
                    return fail("options=\(value.prefix(40)) holds a key with no OpenAI form", arg.lowerBound)
                }
                if flat.isEmpty { removed.append(arg) } else { part.edits.append(UnitEdit(range: whole, text: flat)) }
            case ("chat", "format"), ("generate", "format"):
                let literal = value.first == "{" || value.first == "\"" || value.first == "'" || value.contains("(")
                var format = value == "\"json\"" || value == "'json'"
                    ? "{\"type\": \"json_object\"}"
                    : "{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"response\", \"schema\": \(value)}}"
                if !literal {
                    // A schema in a variable may be None (no format): then no response_format.
                    format += " if \(value) is not None else openai.NOT_GIVEN"
                    part.needs.insert("openai")
                    part.notes.append("format=\(value.prefix(40)) is sent as a JSON schema; if it can hold \"json\", use {\"type\": \"json_object\"} for that case")
                }
                part.edits.append(UnitEdit(range: whole, text: "response_format=\(format)"))
            case (_, "keep_alive"):
                part.notes.append("keep_alive dropped: vLLM keeps its one model loaded")
                removed.append(arg)
            case ("chat", "think"), ("generate", "think"):
                extraBody.append("\"chat_template_kwargs\": {\"enable_thinking\": \(value)}")
                removed.append(arg)
            default:
                return fail("\(methodName)(\(key)=…) has no counterpart on the openai client", arg.lowerBound)
            }
        }
        if methodName == "generate", prompt == nil { return fail("generate(…) without a prompt", call.method) }
        for arg in removed { part.edits.append(src.removal(of: arg, in: call.open)) }
        if !extraBody.isEmpty {
            let at = extraBodyInsertion(args, close: close)
            part.edits.append(UnitEdit(range: at.offset..<at.offset, text: at.prefix + "extra_body={\(extraBody.joined(separator: ", "))}" + at.suffix))
        }
        if method.result == nil { return part }
        guard let shape = streams ? method.stream : method.result else {
            return fail("\(methodName)(stream=True) has no openai form", call.method)
        }
        // The value: `await` before it belongs to it.
        let start = src.isName(call.start - 1, "await") ? call.start - 1 : call.start
        do {
            let (edits, claimed) = try follow(start: start, end: close, shape: shape, depth: 0)
            part.edits += edits
            part.claimed.formUnion(claimed)
        } catch {
            part.failure = error
        }
        return part
    }

    /// `client.pull(name)` as a whole statement, or the loop over its progress: an error
    /// naming what to do instead. Anything else stays manual.
    func administration(_ call: Call, close: Int, part: Part, name: String) -> Part {
        var p = part
        let stmt = src.statementStart(call.start)
        let message = "raise RuntimeError(\"ollama's \(name) has no vLLM counterpart: the server serves the model given to `vllm serve` at start-up\")"
        let statementIsCall = stmt == call.start && src.tokens[close + 1].kind == .newline
        let loop = (src.isName(stmt, "for") || (src.isName(stmt, "async") && src.isName(stmt + 1, "for")))
        if statementIsCall {
            p.edits.append(UnitEdit(range: src.tokens[stmt].range.lowerBound..<src.tokens[close].range.upperBound, text: message))
        } else if loop, src.isOp(close + 1, ":"), src.isName(call.start - 1, "in") {
            let body = src.block(of: stmt)
            let end = body.isEmpty ? src.statementEnd(stmt) : src.statementEnd(body.upperBound - 1)
            // The loop and its body, down to the last line of the body (not the newline).
            p.edits.append(UnitEdit(range: src.tokens[stmt].range.lowerBound..<src.tokens[end].range.lowerBound, text: message))
        } else {
            p.failure = Unrewritable(reason: "ollama's \(name) has no vLLM counterpart and its result is used", offset: src.tokens[call.method].range.lowerBound)
        }
        p.notes.append("\(name) has no vLLM counterpart: the call now raises; choose the model with `vllm serve`")
        return p
    }

    /// A literal `options` dict spread into keyword arguments; nil when it is not a literal dict
    /// of known keys.
    func options(_ arg: Range<Int>, into extraBody: inout [String], notes: inout [String]) -> String? {
        var open = arg.lowerBound
        if keyword(arg) != nil { open += 2 }
        guard src.isOp(open, "{"), let close = src.partner[open], close == arg.upperBound - 1 else { return nil }
        var out: [String] = []
        for entry in src.arguments(open) {
            guard let key = src.literal(entry.lowerBound), src.isOp(entry.lowerBound + 1, ":"), entry.lowerBound + 2 < entry.upperBound else { return nil }
            let value = src.text(tokens: entry.lowerBound + 2...entry.upperBound - 1)
            if let name = OpenAIForms.topLevelOptions[key] {
                out.append("\(name)=\(value)")
            } else if let name = OpenAIForms.extraBodyOptions[key] {
                extraBody.append("\"\(name)\": \(value)")
            } else if let note = OpenAIForms.serverOptions[key] {
                notes.append("\(note) (was \(key)=\(value))")
            } else {
                return nil
            }
        }
        return out.joined(separator: ", ")
    }

    /// Where `extra_body=` goes: after the last argument, keeping a trailing comma's style.
    func extraBodyInsertion(_ args: [Range<Int>], close: Int) -> (offset: Int, prefix: String, suffix: String) {
        guard let last = args.last else { return (src.tokens[close].range.lowerBound, "", "") }
        let end = src.tokens[last.upperBound - 1].range.upperBound
        if src.isOp(last.upperBound, ",") {
            // A trailing comma: one argument per line; the new one goes on its own line.
            let lineStart = src.lineStart(src.tokens[last.lowerBound].range.lowerBound)
            let indent = String(decoding: src.bytes[lineStart..<src.tokens[last.lowerBound].range.lowerBound], as: UTF8.self)
            let comma = src.tokens[last.upperBound].range.upperBound
            if indent.allSatisfy({ $0 == " " || $0 == "\t" }) { return (comma, "\n" + indent, ",") }
            return (comma, " ", ",")
        }
        return (end, ", ", "")
    }

    // MARK: following results

    /// The edits for every read of the value the tokens `start...end` produce (a call, a name
    /// bound to one, an item of one), and the tokens accounted for.
    func follow(start: Int, end: Int, shape: OpenAIForms.Shape, depth: Int) throws(Unrewritable) -> ([UnitEdit], Set<Int>) {
        guard depth < 6 else { throw Unrewritable(reason: "the result is passed on too deep to follow", offset: src.tokens[start].range.lowerBound) }
        // The chain of reads right after the value.
        var keys: [(key: String, first: Int, last: Int, get: Bool)] = []
        var t = end + 1
        while true {
            if src.isOp(t, "["), let key = src.literal(t + 1), src.isOp(t + 2, "]") {
                keys.append((key, t, t + 2, false)); t += 3
            } else if src.isOp(t, "."), src.isName(t + 1, "get"), src.isOp(t + 2, "("), let key = src.literal(t + 3), let close = src.partner[t + 2] {
                keys.append((key, t, close, true)); t = close + 1
            } else if src.isOp(t, "."), src.isName(t + 1), !src.isOp(t + 2, "(") {
                keys.append((String(src.text(t + 1)), t, t + 1, false)); t += 2
            } else {
                break
            }
        }
        let reads = OpenAIForms.reads[shape] ?? [:]
        let where_ = src.tokens[start].range.lowerBound
        if !keys.isEmpty {
            // The longest run of keys the table knows.
            for count in stride(from: min(2, keys.count), through: 1, by: -1) {
                let path = keys.prefix(count).map(\.key).joined(separator: ".")
                guard let read = reads[path] else { continue }
                let last = keys[count - 1]
                let chain = src.tokens[keys[0].first].range.lowerBound..<src.tokens[last.last].range.upperBound
                switch read {
                case let .path(text, then):
                    var edits = [UnitEdit(range: chain, text: text)]
                    var claimed: Set<Int> = []
                    if let then {
                        // The part read stands in for its own value now.
                        let (more, c) = try follow(start: start, end: last.last, shape: then, depth: depth + 1)
                        edits += more
                        claimed = c
                    }
                    return (edits, claimed)
                case let .whole(template, then):
                    guard start == end, src.isName(start) else {
                        throw Unrewritable(reason: "`\(src.text(tokens: start...last.last).prefix(60))` reads the result twice in its OpenAI form; bind it to a name first", offset: where_)
                    }
                    let name = String(src.text(start))
                    var text = template.replacingOccurrences(of: "$", with: name)
                    if needsParentheses(before: start, after: last.last) { text = "(\(text))" }
                    if then != nil { throw Unrewritable(reason: "a nested read is not supported", offset: where_) }
                    return ([UnitEdit(range: src.tokens[start].range.lowerBound..<chain.upperBound, text: text)], [])
                case .absent:
                    guard last.get else {
                        throw Unrewritable(reason: "`[\"\(path)\"]` has no OpenAI counterpart (only a `.get` read expects it absent)", offset: where_)
                    }
                    return ([UnitEdit(range: src.tokens[start].range.lowerBound..<chain.upperBound, text: "None")], [])
                }
            }
            throw Unrewritable(reason: "`\(src.text(tokens: start...keys[0].last).prefix(80))`: ollama's \(keys[0].key) has no known OpenAI form here", offset: where_)
        }
        // The value itself: bound, iterated, passed on, or dropped.
        if OpenAIForms.reads[shape] == nil, OpenAIForms.items[shape] == nil { return ([], []) }
        let stmt = src.statementStart(start)
        let next = end + 1
        // `x = value`
        if src.tokens[next].kind == .newline, stmt + 2 == start, src.isName(stmt), src.isOp(stmt + 1, "=") {
            return try followName(stmt, shape: shape, in: src.scope(stmt), from: next, depth: depth)
        }
        // `for x in value:` and `[… for x in value]`
        if src.isName(start - 1, "in"), src.isName(start - 2), src.isName(start - 3, "for"), let item = OpenAIForms.items[shape] {
            let variable = start - 2
            if src.isOp(next, ":"), src.statementStart(start - 3) == start - 3 || src.isName(start - 4, "async") {
                let header = src.isName(start - 4, "async") ? start - 4 : start - 3
                return try followName(variable, shape: item, in: src.block(of: header), from: next, depth: depth)
            }
            if src.tokens[start].depth > 0, let (open, close) = brackets(around: start) {
                return try followName(variable, shape: item, in: open + 1..<close, from: open + 1, depth: depth, comprehension: true)
            }
        }
        // A truth test (`if not client.list():`): what the OpenAI form says of emptiness.
        if let truth = OpenAIForms.truth[shape], src.isOp(next, ":") || src.tokens[next].kind == .newline || src.isName(next, "and") || src.isName(next, "or"),
           src.isName(start - 1, "not") || src.isName(start - 1, "if") || src.isName(start - 1, "while") || src.isName(start - 1, "and") || src.isName(start - 1, "or") {
            let at = src.tokens[end].range.upperBound
            return ([UnitEdit(range: at..<at, text: truth)], [])
        }
        // A method both shapes have (`message.model_dump()`).
        if src.isOp(next, "."), src.isName(next + 1), src.isOp(next + 2, "("),
           OpenAIForms.sharedMethods[shape]?.contains(String(src.text(next + 1))) == true {
            return ([], [])
        }
        // Shown whole (an f-string's `{value}`, `str(value)`, `repr(value)`): any shape prints.
        if src.isOp(start - 1, "{"), src.isOp(next, "}") || src.isOp(next, "!"), start >= 2, src.tokens[start - 2].kind == .string,
           src.tokens[start - 2].range.upperBound == src.tokens[start - 1].range.lowerBound {
            return ([], [])
        }
        if src.isOp(start - 1, "("), src.isOp(next, ")"), src.isName(start - 2, "str") || src.isName(start - 2, "repr"), !src.isOp(start - 3, ".") {
            return ([], [])
        }
        // The whole statement: the value is not used.
        if stmt == start, src.tokens[next].kind == .newline { return ([], []) }
        // Passed to a function of this file as its one argument at some position.
        if let (edits, claimed) = try passedOn(start: start, end: end, shape: shape, depth: depth) { return (edits, claimed) }
        if src.isName(start - 1, "return") || src.isName(start - 1, "yield") {
            throw Unrewritable(reason: "the result is returned to callers, which are not followed", offset: where_)
        }
        throw Unrewritable(reason: "`\(src.text(tokens: stmt...src.statementEnd(stmt) - 1).prefix(80))` uses the result in a way with no known OpenAI form", offset: where_)
    }

    /// Every read of `name` (token `binding`) in `scope` after `from`, until it is bound again.
    func followName(_ binding: Int, shape: OpenAIForms.Shape, in scope: Range<Int>, from: Int, depth: Int, comprehension: Bool = false) throws(Unrewritable) -> ([UnitEdit], Set<Int>) {
        let name = src.text(binding)
        var edits: [UnitEdit] = []
        var claimed: Set<Int> = [binding]
        var t = max(from, scope.lowerBound)
        while t < scope.upperBound {
            defer { t += 1 }
            guard src.isName(t), src.text(t) == name, !src.isOp(t - 1, "."), t != binding else { continue }
            // A keyword argument's name is not the variable.
            if src.isOp(t + 1, "="), src.tokens[t].depth > 0 { continue }
            if src.isOp(t + 1, "="), src.statementStart(t) == t { break }
            if comprehension, src.isName(t - 1, "for") { continue }
            let (more, c) = try follow(start: t, end: t, shape: shape, depth: depth + 1)
            edits += more
            claimed.formUnion(c)
            claimed.insert(t)
        }
        return (edits, claimed)
    }

    /// `self.helper(value)` or `helper(value)` where `helper` is defined once in this file and
    /// called once: the reads of its parameter are the reads of the value.
    func passedOn(start: Int, end: Int, shape: OpenAIForms.Shape, depth: Int) throws(Unrewritable) -> ([UnitEdit], Set<Int>)? {
        guard src.isOp(end + 1, ")") || src.isOp(end + 1, ","), let (open, close) = brackets(around: start), src.isOp(open, "("),
              src.isName(open - 1) else { return nil }
        let args = src.arguments(open)
        guard let index = args.firstIndex(where: { $0.lowerBound == start && $0.upperBound == end + 1 }) else { return nil }
        _ = close
        let function = String(src.text(open - 1))
        let viaSelf = src.isOp(open - 2, ".") && (src.isName(open - 3, "self") || src.isName(open - 3, "cls"))
        let definitions = src.tokens.indices.filter { src.isName($0, "def") && src.isName($0 + 1, function) }
        let calls = src.tokens.indices.filter { src.isName($0, function) && src.isOp($0 + 1, "(") && !src.isName($0 - 1, "def") }
        guard definitions.count == 1, calls.count == 1, let def = definitions.first, src.isOp(def + 2, "(") else { return nil }
        var parameters = src.arguments(def + 2).map { $0.lowerBound }
        let isStatic = def > 0 && (1...3).contains { def - $0 >= 0 && src.isName(def - $0, "staticmethod") }
        if viaSelf, !isStatic, !parameters.isEmpty { parameters.removeFirst() }
        guard index < parameters.count, src.isName(parameters[index]) else { return nil }
        let body = src.block(of: src.statementStart(def))
        return try followName(parameters[index], shape: shape, in: body, from: body.lowerBound, depth: depth + 1)
    }

    /// The innermost bracket pair around token `t`.
    func brackets(around t: Int) -> (Int, Int)? {
        let depth = src.tokens[t].depth
        var i = t - 1
        while i >= 0 {
            if src.tokens[i].depth == depth - 1, src.tokens[i].kind == .op, let close = src.partner[i], close > t { return (i, close) }
            i -= 1
        }
        return nil
    }

    /// Whether an expression replacing tokens `start...end` needs parentheses: not when it is a
    /// whole assignment value, argument, element or condition.
    func needsParentheses(before start: Int, after end: Int) -> Bool {
        let prev = start - 1
        let next = end + 1
        let opensClean = src.isOp(prev, "=") || src.isOp(prev, "(") || src.isOp(prev, ",") || src.isOp(prev, "[")
            || src.isName(prev, "return") || src.isName(prev, "yield") || (src.isName(prev, "if") && src.statementStart(prev) == prev)
            || prev < 0 || src.tokens[prev].kind == .newline
        let closesClean = src.tokens[next].kind == .newline || src.isOp(next, ")") || src.isOp(next, ",") || src.isOp(next, "]")
            || (src.isOp(next, ":") && src.isName(prev, "if"))
        return !(opensClean && closesClean)
    }

    // MARK: handlers

    /// `except (ollama.ResponseError, httpx.HTTPError) as e:` around rewritten calls.
    func handlers(callOutcomes: [Int: Bool], allCallsApplied: Bool) -> [Part] {
        var out: [Part] = []
        var t = 0
        while t < src.tokens.count {
            let end = src.statementEnd(t)
            defer { t = end + 1 }
            guard src.isName(t, "except") else { continue }
            // The ollama error names in the clause.
            var refs: [(range: ClosedRange<Int>, to: String)] = []
            var ollamaRefs = 0
            var alias: Int?
            var i = t + 1
            while i < end {
                if src.isName(i, "as"), src.isName(i + 1) { alias = i + 1; break }
                if src.isName(i), !src.isOp(i - 1, ".") {
                    let name = String(src.text(i))
                    if modules.contains(name), src.isOp(i + 1, "."), src.isName(i + 2), let to = OpenAIForms.errors[String(src.text(i + 2))] {
                        refs.append((i...i + 2, to)); ollamaRefs += 1; i += 3; continue
                    }
                    if let original = imported[name], let to = OpenAIForms.errors[original] {
                        refs.append((i...i, to)); ollamaRefs += 1; i += 1; continue
                    }
                    if src.isOp(i + 1, "."), src.isName(i + 2), let to = OpenAIForms.transportErrors["\(name).\(src.text(i + 2))"] {
                        refs.append((i...i + 2, to)); i += 3; continue
                    }
                    if !src.isOp(i + 1, "."), let to = OpenAIForms.transportErrors[name] {
                        refs.append((i...i, to)); i += 1; continue
                    }
                }
                i += 1
            }
            // The calls in the try's body.
            guard let tryBody = tryBlock(of: t) else { continue }
            let calls = callOutcomes.filter { tryBody.contains($0.key) }
            guard ollamaRefs > 0 || !calls.isEmpty, !refs.isEmpty else { continue }
            var part = Part(firstOffset: src.tokens[t].range.lowerBound)
            let rewritten = calls.isEmpty ? (allCallsApplied && !callOutcomes.isEmpty) : calls.values.allSatisfy { $0 }
            if !rewritten {
                part.failure = Unrewritable(reason: calls.isEmpty ? "the calls this handler guards are not all rewritten"
                                                                  : "a call in the try is left as it is", offset: src.tokens[t].range.lowerBound)
                out.append(part)
                continue
            }
            for ref in refs {
                part.edits.append(UnitEdit(range: src.tokens[ref.range.lowerBound].range.lowerBound..<src.tokens[ref.range.upperBound].range.upperBound, text: ref.to))
                part.claimed.formUnion(ref.range)
            }
            part.needs.insert("openai")
            if let alias, ollamaRefs > 0 {
                let body = src.block(of: t)
                let name = src.text(alias)
                for u in body where src.isName(u) && src.text(u) == name && !src.isOp(u - 1, ".") && src.isOp(u + 1, ".") && src.isName(u + 2) {
                    if let to = OpenAIForms.errorReads[String(src.text(u + 2))] {
                        part.edits.append(UnitEdit(range: src.tokens[u + 2].range, text: to))
                    }
                }
            }
            out.append(part)
        }
        return out
    }

    /// The body of the `try` an `except` at token `t` belongs to.
    func tryBlock(of t: Int) -> Range<Int>? {
        let level = src.indent(t)
        var i = src.statementStart(t)
        while i > 0 {
            let s = src.statementStart(i - 1)
            if src.indent(s) < level { return nil }
            if src.indent(s) == level, src.isName(s, "try") { return src.block(of: s) }
            i = s
        }
        return nil
    }

    // MARK: import edits

    /// The ollama imports with the names no applied unit replaced kept, and the openai names the
    /// applied units need.
    func planImports(claimed: Set<Int>, needs: Set<String>) -> Part? {
        let remaining = Set(ollamaUses().filter { !claimed.contains($0) }.map { String(src.text($0)) })
        var part = Part(firstOffset: 0)
        var lines: [String] = []
        let present = existingImports()
        if needs.contains("os"), !present.contains("os") { lines.append("import os") }
        if needs.contains("openai"), !present.contains("openai") { lines.append("import openai") }
        let classes = ["AsyncOpenAI", "OpenAI"].filter { needs.contains($0) && !present.contains("openai.\($0)") }
        if !classes.isEmpty { lines.append("from openai import \(classes.joined(separator: ", "))") }
        var placedAt: Int?
        for statement in importStatements {
            let range = lineRange(statement.start, statement.end)
            let indentation = String(decoding: src.bytes[range.lowerBound..<src.tokens[statement.start].range.lowerBound], as: UTF8.self)
            if !statement.fromImport {
                // `import ollama` stays while any use of the module does.
                guard !modules.contains(where: remaining.contains) else { continue }
                let text = placedAt == nil && !lines.isEmpty ? lines.map { indentation + $0 + "\n" }.joined() : ""
                if !text.isEmpty { placedAt = range.lowerBound }
                part.edits.append(UnitEdit(range: range, text: text))
                continue
            }
            let names = importedNames(statement.start, statement.end)
            let kept = names.filter { remaining.contains($0.local) }
            if kept.count == names.count { continue }
            var text = kept.isEmpty ? "" : indentation + "from \(src.text(tokens: statement.start + 1...importKeyword(statement.start) - 1)) import "
                + kept.map { $0.local == $0.name ? $0.name : "\($0.name) as \($0.local)" }.joined(separator: ", ") + "\n"
            if placedAt == nil, !lines.isEmpty {
                text += lines.map { indentation + $0 + "\n" }.joined()
                placedAt = range.lowerBound
            }
            part.edits.append(UnitEdit(range: range, text: text))
        }
        var block = placedAt == nil ? lines : []
        if needs.contains("module-client"), !src.tokens.indices.contains(where: { src.isName($0, OpenAIForms.moduleClientName) && src.isOp($0 + 1, "=") }) {
            block.append(OpenAIForms.moduleClient)
        }
        if needs.contains("options-helper"), !src.tokens.indices.contains(where: { src.isName($0, "def") && src.isName($0 + 1, OpenAIForms.optionsHelperName) }) {
            block.append(OpenAIForms.optionsHelper)
        }
        if !block.isEmpty {
            let at = moduleImportsEnd()
            part.edits.append(UnitEdit(range: at..<at, text: block.map { $0 + "\n" }.joined()))
        }
        return part.edits.isEmpty ? nil : part
    }

    func importKeyword(_ start: Int) -> Int {
        var i = start
        while !src.isName(i, "import") { i += 1 }
        return i
    }

    func importedNames(_ start: Int, _ end: Int) -> [(name: String, local: String)] {
        var out: [(String, String)] = []
        var k = importKeyword(start) + 1
        while k < end {
            if src.isName(k) {
                if src.isName(k + 1, "as"), src.isName(k + 2) {
                    out.append((String(src.text(k)), String(src.text(k + 2)))); k += 3; continue
                }
                out.append((String(src.text(k)), String(src.text(k))))
            }
            k += 1
        }
        return out
    }

    /// The bytes of the lines a statement spans, with the line break.
    func lineRange(_ start: Int, _ end: Int) -> Range<Int> {
        let from = src.lineStart(src.tokens[start].range.lowerBound)
        let to = min(src.tokens[end].range.upperBound, src.bytes.count)
        return from..<to
    }

    /// What the file imports at the top level already: `os`, `openai`, `openai.OpenAI`.
    func existingImports() -> Set<String> {
        var out = Set<String>()
        var t = 0
        while t < src.tokens.count {
            let end = src.statementEnd(t)
            // Only the module's own imports: one inside a function does not reach the others.
            if src.indent(t) > 0 {
                t = end + 1
                continue
            }
            if src.isName(t, "import") {
                for i in t + 1..<end where src.isName(i) && !src.isOp(i - 1, ".") && !src.isName(i - 1, "as") { out.insert(String(src.text(i))) }
            } else if src.isName(t, "from"), src.isName(t + 1, "openai"), src.isName(t + 2, "import") {
                for i in t + 3..<end where src.isName(i) { out.insert("openai.\(src.text(i))") }
            }
            t = end + 1
        }
        return out
    }

    /// The offset after the last import at the margin before the first definition: where a
    /// module-level client goes.
    func moduleImportsEnd() -> Int {
        var t = 0
        var after = 0
        while t < src.tokens.count {
            let end = src.statementEnd(t)
            if src.indent(t) == 0 {
                if src.isName(t, "import") || src.isName(t, "from") {
                    after = min(src.tokens[end].range.upperBound, src.bytes.count)
                } else if src.isName(t, "def") || src.isName(t, "class") || src.isOp(t, "@") || src.isName(t, "async") {
                    break
                }
            }
            t = end + 1
        }
        return after
    }

    // MARK: argument helpers

    func keyword(_ arg: Range<Int>) -> (String, Range<Int>)? {
        guard arg.count >= 3, src.isName(arg.lowerBound), src.isOp(arg.lowerBound + 1, "=") else { return nil }
        return (String(src.text(arg.lowerBound)), arg.lowerBound + 2..<arg.upperBound)
    }

    func valueText(_ arg: Range<Int>) -> String {
        if let (_, value) = keyword(arg) { return src.text(tokens: value.lowerBound...value.upperBound - 1) }
        return src.text(tokens: arg.lowerBound...arg.upperBound - 1)
    }

    func value(_ arg: Range<Int>) -> String { valueText(arg) }

    func byteRange(_ arg: Range<Int>) -> Range<Int> {
        src.tokens[arg.lowerBound].range.lowerBound..<src.tokens[arg.upperBound - 1].range.upperBound
    }
}

/// Notes in first-seen order, each once.
private func NSOrderedNotes(_ notes: [String]) -> [String] {
    var seen = Set<String>()
    return notes.filter { seen.insert($0).inserted }
}
