import Foundation

/// The migration units of one JavaScript or TypeScript file (or the `<script>` blocks of a Vue
/// or Svelte component) that uses the ollama npm package: each client (its `new Ollama(…)`, its
/// calls, the reads of their results), each call of the default instance, and the imports,
/// which change only when no use of their names stays. The rewrite is `JavaScriptForms`'s; the
/// mechanics mirror `PythonClientUnits`.
enum JavaScriptClientUnits {
    struct Plan {
        var edits: [UnitEdit] = []
        var units: [MigrationUnit] = []
    }

    /// - Parameters:
    ///   - component: a Vue or Svelte file: only its `<script>` blocks are code.
    ///   - jsx: a .jsx/.tsx file: JSX text is not read here, so its client code stays manual.
    /// - Parameter withheld: the address variables that stay (`Withheld.names`): a client whose
    ///   base reads one stays too.
    static func plan(_ bytes: [UInt8], component: Bool = false, jsx: Bool = false, withheld: Withheld = Withheld()) -> Plan? {
        guard bytes.firstRange(of: Array("ollama".utf8)) != nil else { return nil }
        if component {
            var out = Plan()
            var any = false
            for block in scriptBlocks(bytes) {
                guard let plan = planCode(Array(bytes[block]), jsx: false, withheld: withheld) else { continue }
                any = true
                let lineOffset = bytes[..<block.lowerBound].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
                out.edits += plan.edits.map { UnitEdit(range: $0.range.lowerBound + block.lowerBound..<$0.range.upperBound + block.lowerBound, text: $0.text) }
                out.units += plan.units.map {
                    MigrationUnit(subject: $0.subject, line: $0.line + lineOffset, lines: $0.lines.map { $0 + lineOffset }, manual: $0.manual, notes: $0.notes)
                }
            }
            return any ? out : nil
        }
        return planCode(bytes, jsx: jsx, withheld: withheld)
    }

    static func planCode(_ bytes: [UInt8], jsx: Bool, withheld: Withheld = Withheld()) -> Plan? {
        var planner = JSPlanner(JavaScriptSource(bytes))
        planner.withheld = withheld
        planner.findImports()
        guard let first = (planner.imports + planner.frameworks).map(\.start).min() else { return nil }
        if jsx || !planner.src.complete {
            let reason = jsx ? "JSX is not read by the planner; rewrite this file's ollama client code by hand"
                             : "the file could not be read whole (an unclosed string, comment or bracket); rewrite it by hand"
            let line = planner.src.line(planner.src.tokens[first].range.lowerBound)
            return Plan(edits: [], units: [MigrationUnit(subject: "this file's ollama client code", line: line, lines: [line], manual: reason, notes: [])])
        }
        return planner.run()
    }

    /// The bodies of a component's `<script …>…</script>` blocks.
    static func scriptBlocks(_ bytes: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        let open = Array("<script".utf8), close = Array("</script>".utf8)
        var from = 0
        while let o = bytes[from...].firstRange(of: open) {
            guard let gt = bytes[o.upperBound...].firstIndex(of: 0x3E) else { break }
            guard let c = bytes[gt...].firstRange(of: close) else { break }
            out.append(gt + 1..<c.lowerBound)
            from = c.upperBound
        }
        return out
    }
}

/// The work of `JavaScriptClientUnits.plan` for one file.
struct JSPlanner {
    let src: JavaScriptSource
    /// Address variables that stay: a client whose base reads one stays.
    var withheld = Withheld()

    struct Import {
        /// First and last token (the string, or `;`/`)` after it).
        let start: Int
        let end: Int
        let source: String
        let quote: String
        /// `import x from`: the default instance's local name.
        let defaultLocal: String?
        /// `{ Ollama, type Message as M }`: imported name, local name, whether `type` marks it.
        let named: [(name: String, local: String, type: Bool)]
        let require: Bool
        let semicolon: Bool
    }

    var imports: [Import] = []
    /// The imports of LangChain.js's and the AI SDK's Ollama modules (`JavaScriptFrameworkUnits`).
    var frameworks: [Import] = []

    /// Each `try { … } catch` block: its `{` and `}` tokens, in position order. Found once: a
    /// walk back from every call made a file of many calls quadratic.
    let tries: [(open: Int, close: Int)]

    init(_ src: JavaScriptSource) {
        self.src = src
        tries = src.tokens.indices.compactMap { i in
            guard src.isOp(i, "{"), src.isName(i - 1, "try"), let close = src.partner[i], src.isName(close + 1, "catch") else { return nil }
            return (i, close)
        }
    }

    /// A planned part: its edits, the tokens it accounts for, its notes.
    struct Part {
        var edits: [UnitEdit] = []
        var claimed: Set<Int> = []
        var notes: [String] = []
        var failure: Unrewritable?
        var firstOffset: Int
        var needsModuleClient = false
        /// The part writes `OpenAI` (a construction, or a call on the module's client).
        var needsOpenAI = false
    }

    var browser: Bool { imports.contains { $0.source == "ollama/browser" } }
    var moduleLocals: Set<String> { Set(imports.compactMap(\.defaultLocal)) }
    var classLocals: Set<String> { Set(imports.flatMap { $0.named.filter { $0.name == "Ollama" && !$0.type }.map(\.local) }) }
    var allLocals: Set<String> { moduleLocals.union(imports.flatMap { $0.named.map(\.local) }) }

    func inImport(_ t: Int) -> Bool { (imports + frameworks).contains { $0.start <= t && t <= $0.end } }

    // MARK: imports

    mutating func findImports() {
        imports = imports(from: ["ollama", "ollama/browser"])
        frameworks = imports(from: JavaScriptFrameworkForms.modules)
    }

    /// The top-level imports and requires of any of `sources`.
    func imports(from sources: Set<String>) -> [Import] {
        var out: [Import] = []
        var t = 0
        while t < src.tokens.count {
            defer { t += 1 }
            guard src.tokens[t].depth == 0 else { continue }
            if src.isName(t, "import"), !src.isOp(t + 1, "("), !src.isDot(t + 1), !src.isDot(t - 1) {
                // import x from 's' / import { a, b as c } from 's' / import x, { … } from 's'
                if src.isName(t + 1, "type"), !src.isName(t + 2, "from"), !src.isOp(t + 2, ",") { continue }  // import type …: erased
                var i = t + 1
                var defaultLocal: String?
                var named: [(String, String, Bool)] = []
                if src.isName(i), !src.isName(i, "from") {
                    defaultLocal = String(src.text(i))
                    i += 1
                    if src.isOp(i, ",") { i += 1 }
                }
                if src.isOp(i, "{"), let close = src.partner[i] {
                    guard let names = namedList(i, close) else { continue }
                    named = names
                    i = close + 1
                }
                guard src.isName(i, "from"), let source = src.literal(i + 1), sources.contains(source) else { continue }
                guard defaultLocal != nil || !named.isEmpty else { continue }
                let semicolon = src.isOp(i + 2, ";")
                out.append(Import(start: t, end: semicolon ? i + 2 : i + 1, source: source, quote: String(src.text(i + 1).prefix(1)),
                                  defaultLocal: defaultLocal, named: named, require: false, semicolon: semicolon))
            } else if src.isName(t, "const") || src.isName(t, "let") || src.isName(t, "var"), src.isOp(t + 1, "{"), let close = src.partner[t + 1],
                      src.isOp(close + 1, "="), src.isName(close + 2, "require"), src.isOp(close + 3, "("), let source = src.literal(close + 4),
                      sources.contains(source), src.isOp(close + 5, ")") {
                // const { Ollama } = require('ollama')
                guard let names = namedList(t + 1, close, require: true) else { continue }
                let semicolon = src.isOp(close + 6, ";")
                out.append(Import(start: t, end: semicolon ? close + 6 : close + 5, source: source, quote: String(src.text(close + 4).prefix(1)),
                                  defaultLocal: nil, named: names, require: true, semicolon: semicolon))
            }
        }
        return out
    }

    /// `{ a, b as c, type d }` (or `{ a: c }` in a require): nil for anything else.
    func namedList(_ open: Int, _ close: Int, require: Bool = false) -> [(String, String, Bool)]? {
        var out: [(String, String, Bool)] = []
        for entry in src.entries(open) {
            var i = entry.lowerBound
            var type = false
            if src.isName(i, "type"), entry.count > 1, src.isName(i + 1) { type = true; i += 1 }
            guard src.isName(i) else { return nil }
            let name = String(src.text(i))
            if i + 1 == entry.upperBound {
                out.append((name, name, type))
            } else if (require ? src.isOp(i + 1, ":") : src.isName(i + 1, "as")), src.isName(i + 2), i + 3 == entry.upperBound {
                out.append((name, String(src.text(i + 2)), type))
            } else {
                return nil
            }
        }
        return out
    }

    /// Whether token `t` is an object key (`{ name: …`) or a member (`.name`), not a use.
    func isKeyOrMember(_ t: Int) -> Bool {
        if src.isDot(t - 1) { return true }
        if src.isOp(t + 1, ":"), src.isOp(t - 1, "{") || src.isOp(t - 1, ","), src.tokens[t].depth > 0 {
            // `{ a: b }` in code; a destructuring pattern or a type literal reads the same way.
            return true
        }
        return false
    }

    /// Every token naming something imported from ollama, outside the imports.
    func ollamaUses() -> [Int] {
        let locals = allLocals
        return src.tokens.indices.filter { t in
            src.tokens[t].kind == .name && locals.contains(String(src.text(t))) && !inImport(t) && !isKeyOrMember(t)
        }
    }

    /// Whether the file declares `name` anywhere (besides its imports).
    func declares(_ name: String) -> Bool {
        src.tokens.indices.contains { t in
            src.isName(t, name) && !inImport(t)
                && (["const", "let", "var", "function", "class"].contains { src.isName(t - 1, $0) }
                    || (src.isOp(t + 1, "=>")) || (src.isOp(t - 1, "(") && (src.isOp(t + 1, ",") || src.isOp(t + 1, ")") || src.isOp(t + 1, ":"))))
        }
    }

    // MARK: the run

    struct Call {
        let start: Int
        let method: Int
        let open: Int
    }

    mutating func run() -> JavaScriptClientUnits.Plan {
        var plan = JavaScriptClientUnits.Plan()
        var applied: [Part] = []
        var claimed = Set<Int>()
        // `OpenAI` must be free, or already openai's.
        let openAIImported = hasOpenAIImport()
        let openAITaken = !openAIImported && src.tokens.indices.contains { src.isName($0, "OpenAI") && !isKeyOrMember($0) }
        let uses = ollamaUses()

        // Clients: `const c = new Ollama(…)`, each with every call on it.
        var clientScopes: [(name: String, scope: Range<Int>)] = []
        for t in uses where classLocals.contains(String(src.text(t))) {
            guard src.isName(t - 1, "new") else { continue }
            var client = client(at: t)
            if let scope = client.scope { clientScopes.append((client.name, scope)) }
            if openAITaken { client.parts[0].failure = client.parts[0].failure ?? Unrewritable(reason: "`OpenAI` names something else in this file", offset: src.tokens[t].range.lowerBound) }
            let failure = client.parts.compactMap(\.failure).first
            let subject = "client `\(client.name)` (\(client.calls) \(client.calls == 1 ? "call" : "calls"))"
            record(&plan, client.parts, subject: subject, failure: failure, into: &applied, claimed: &claimed)
        }
        // The default instance's calls: each its own unit, on one module-level client.
        let moduleNameTaken = declares(JavaScriptForms.moduleClientName)
            || src.tokens.indices.contains { src.isName($0, JavaScriptForms.moduleClientName) && !isKeyOrMember($0) }
        // Whole-file facts, once for all the calls below.
        let redeclared = Set(moduleLocals.filter(declares))
        let clientOffset = moduleClientOffset()
        for t in uses where moduleLocals.contains(String(src.text(t))) {
            guard src.isDot(t + 1), src.isName(t + 2), src.isOp(t + 3, "(") else { continue }
            // A client of the same name declared around it owns the call.
            if clientScopes.contains(where: { $0.name == src.text(t) && $0.scope.contains(t) }) { continue }
            var part = planCall(Call(start: t, method: t + 2, open: t + 3), receiver: JavaScriptForms.moduleClientName)
            let local = String(src.text(t))
            if part.failure == nil {
                if redeclared.contains(local) {
                    part.failure = Unrewritable(reason: "`\(local)` is declared again in this file, so its calls cannot be told apart", offset: src.tokens[t].range.lowerBound)
                } else if part.needsModuleClient, moduleNameTaken {
                    part.failure = Unrewritable(reason: "the name `openai` for the module's client is taken in this file", offset: src.tokens[t].range.lowerBound)
                } else if openAITaken {
                    part.failure = Unrewritable(reason: "`OpenAI` names something else in this file", offset: src.tokens[t].range.lowerBound)
                } else if part.needsModuleClient, let at = clientOffset, at > src.tokens[t].range.lowerBound {
                    part.failure = Unrewritable(reason: "the call comes before the end of the imports, where the module's client goes", offset: src.tokens[t].range.lowerBound)
                }
            }
            let name = snippet(t...t + 2)
            record(&plan, [part], subject: "call `\(name)(…)`", failure: part.failure, into: &applied, claimed: &claimed)
        }
        frameworkUnits(&plan)
        plan.units.sort { $0.line < $1.line }
        if !applied.isEmpty {
            let needsClient = applied.contains { $0.needsModuleClient }
            plan.edits += importEdits(claimed: claimed, needsOpenAI: !openAIImported && applied.contains { $0.needsOpenAI }, moduleClient: needsClient)
            if needsClient, browser, let i = plan.units.firstIndex(where: { $0.manual == nil && $0.subject.hasPrefix("call") }) {
                let u = plan.units[i]
                plan.units[i] = MigrationUnit(subject: u.subject, line: u.line, lines: u.lines, manual: nil, notes: u.notes + [JavaScriptForms.browserNote])
            }
        }
        // An insertion goes before a replacement that starts where it is.
        plan.edits.sort { ($0.range.lowerBound, $0.range.count) < ($1.range.lowerBound, $1.range.count) }
        // Two calls in one try rewrite its catch alike: one edit.
        plan.edits = plan.edits.reduce(into: []) { out, edit in if out.last != edit { out.append(edit) } }
        for (a, b) in zip(plan.edits, plan.edits.dropFirst()) where a.range.upperBound > b.range.lowerBound || (a.range == b.range && !a.range.isEmpty) {
            let line = src.line(b.range.lowerBound)
            return JavaScriptClientUnits.Plan(edits: [], units: [MigrationUnit(subject: "this file's ollama client code", line: line, lines: [line],
                                                                               manual: "two rewrites of line \(line) overlap; rewrite it by hand", notes: [])])
        }
        return plan
    }

    /// Adds a unit to the plan: its edits when no part failed, else a manual item.
    func record(_ plan: inout JavaScriptClientUnits.Plan, _ parts: [Part], subject: String, failure: Unrewritable?,
                into applied: inout [Part], claimed: inout Set<Int>) {
        let offsets = parts.flatMap { $0.edits.map(\.range.lowerBound) } + parts.map(\.firstOffset) + (failure.map { [$0.offset] } ?? [])
        let lines = Set(offsets.map { src.line($0) }).sorted()
        let first = src.line(parts.map(\.firstOffset).min() ?? 0)
        if let failure {
            plan.units.append(MigrationUnit(subject: subject, line: first, lines: lines,
                                            manual: "line \(src.line(failure.offset)): \(failure.reason)", notes: []))
            return
        }
        var notes: [String] = []
        for part in parts {
            plan.edits += part.edits
            claimed.formUnion(part.claimed)
            applied.append(part)
            for note in part.notes where !notes.contains(note) { notes.append(note) }
        }
        plan.units.append(MigrationUnit(subject: subject, line: first, lines: lines, manual: nil, notes: notes))
    }

    // MARK: clients

    /// `const c = new Ollama(…)` at token `t` (`Ollama`): its construction, its calls, and any
    /// other use of it, which leaves it manual.
    func client(at t: Int) -> (name: String, parts: [Part], calls: Int, scope: Range<Int>?) {
        var construction = Part(firstOffset: src.tokens[t - 1].range.lowerBound)
        construction.claimed.insert(t)
        let open = t + 1
        guard src.isOp(open, "("), let close = src.partner[open] else {
            construction.failure = Unrewritable(reason: "`new \(src.text(t))` without arguments in parentheses", offset: src.tokens[t].range.lowerBound)
            return ("new \(src.text(t))", [construction], 0, nil)
        }
        let newToken = t - 1
        // The binding: `const|let|var name = new Ollama(…)` ending its statement.
        guard src.isOp(newToken - 1, "="), src.isName(newToken - 2),
              ["const", "let", "var"].contains(where: { src.isName(newToken - 3, $0) }), src.endsStatement(after: close) else {
            let reason = src.isOp(newToken - 1, "=") && src.isName(newToken - 2) && src.isOp(newToken - 3, ".")
                ? "the client is stored on an object (`\(snippet(newToken - 4...newToken - 2))`), so its calls cannot all be followed"
                : "the client is not bound to a name (`const c = new Ollama(…)`), so its calls cannot be followed"
            construction.failure = Unrewritable(reason: reason, offset: src.tokens[t].range.lowerBound)
            return ("new \(src.text(t))(…)", [construction], 0, nil)
        }
        let binding = newToken - 2
        let name = String(src.text(binding))
        rewriteConstruction(&construction, ctor: t, open: open, close: close)
        var parts = [construction]
        var calls = 0
        for u in src.block(around: binding) where u != binding && src.isName(u, name) && !isKeyOrMember(u) {
            if src.isDot(u + 1), src.isName(u + 2), src.isOp(u + 3, "(") {
                calls += 1
                parts.append(planCall(Call(start: u, method: u + 2, open: u + 3), receiver: nil))
            } else {
                var p = Part(firstOffset: src.tokens[u].range.lowerBound)
                p.failure = Unrewritable(reason: "`\(name)` is used other than through its calls, on line \(src.line(src.tokens[u].range.lowerBound))",
                                         offset: src.tokens[u].range.lowerBound)
                parts.append(p)
            }
        }
        return (name, parts, calls, src.block(around: binding))
    }

    /// `new Ollama({ host: h, headers: x, fetch: f })` → `new OpenAI({ baseURL: h, apiKey: …,
    /// defaultHeaders: x, fetch: f })`; without a host, the base from OPENAI_BASE_URL.
    func rewriteConstruction(_ part: inout Part, ctor: Int, open: Int, close: Int) {
        part.edits.append(UnitEdit(range: src.tokens[ctor].range, text: "OpenAI"))
        part.needsOpenAI = true
        let base = browser ? JavaScriptForms.browserBaseURL : JavaScriptForms.baseURL
        let key = browser ? "'EMPTY'" : JavaScriptForms.apiKey
        let extra = browser ? ", dangerouslyAllowBrowser: true" : ""
        if browser { part.notes.append(JavaScriptForms.browserNote) }
        let args = src.entries(open)
        if args.isEmpty {
            let at = src.tokens[open].range.upperBound
            part.edits.append(UnitEdit(range: at..<src.tokens[close].range.lowerBound, text: "{ baseURL: \(base), apiKey: \(key)\(extra) }"))
            return
        }
        guard args.count == 1, src.isOp(args[0].lowerBound, "{"), src.partner[args[0].lowerBound] == args[0].upperBound - 1 else {
            part.failure = Unrewritable(reason: "new Ollama(…) takes a settings object that is not a literal here", offset: src.tokens[open].range.lowerBound)
            return
        }
        let object = args[0].lowerBound
        var sawHost = false
        for entry in src.entries(object) {
            guard let (k, keyToken, shorthand) = property(entry) else {
                part.failure = Unrewritable(reason: "a setting of new Ollama(…) is not a plain `key: value`", offset: src.tokens[entry.lowerBound].range.lowerBound)
                return
            }
            switch k {
            case "host":
                sawHost = true
                let value = shorthand ? "host" : src.text(src.tokens[keyToken + 2].range.lowerBound..<src.tokens[entry.upperBound - 1].range.upperBound)
                if let name = withheld.variable(readBy: value, in: src.bytes) {
                    part.failure = Unrewritable(reason: Withheld.heldBase(name), offset: src.tokens[keyToken].range.lowerBound)
                    return
                }
                part.edits.append(UnitEdit(range: src.tokens[keyToken].range, text: shorthand ? "baseURL: host" : "baseURL"))
                let end = src.tokens[entry.upperBound - 1].range.upperBound
                part.edits.append(UnitEdit(range: end..<end, text: ", apiKey: \(key)\(extra)"))
                part.notes.append("`host` is now the baseURL: it must name the vLLM server's OpenAI API, ending in /v1")
            case "headers":
                part.edits.append(UnitEdit(range: src.tokens[keyToken].range, text: shorthand ? "defaultHeaders: headers" : "defaultHeaders"))
            case "fetch":
                break
            default:
                part.failure = Unrewritable(reason: "new Ollama({ \(k) }) has no openai-node setting", offset: src.tokens[keyToken].range.lowerBound)
                return
            }
        }
        if !sawHost {
            let at = src.tokens[object].range.upperBound
            part.edits.append(UnitEdit(range: at..<at, text: " baseURL: \(base), apiKey: \(key)\(extra),"))
        }
    }

    /// An object literal's entry as `key`, its key token and whether it is shorthand; nil for a
    /// spread, a computed key or a method.
    func property(_ entry: Range<Int>) -> (String, Int, Bool)? {
        let k = entry.lowerBound
        if entry.count == 1, src.isName(k) { return (String(src.text(k)), k, true) }
        guard entry.count >= 3, src.isOp(k + 1, ":") else { return nil }
        if src.isName(k) { return (String(src.text(k)), k, false) }
        if let s = src.literal(k) { return (s, k, false) }
        return nil
    }

    /// The value tokens of a `key: value` entry (the key itself when shorthand).
    func valueRange(_ entry: Range<Int>) -> Range<Int> {
        entry.count == 1 ? entry : entry.lowerBound + 2..<entry.upperBound
    }

    func valueText(_ entry: Range<Int>) -> String {
        let r = valueRange(entry)
        return src.text(tokens: r.lowerBound...r.upperBound - 1)
    }

    // MARK: calls

    /// One call with its request object and the reads of what it returns.
    func planCall(_ call: Call, receiver: String?) -> Part {
        var part = Part(firstOffset: src.tokens[call.start].range.lowerBound)
        part.claimed.insert(call.start)
        let methodName = String(src.text(call.method))
        func fail(_ reason: String, _ t: Int) -> Part {
            var p = part
            p.failure = Unrewritable(reason: reason, offset: src.tokens[t].range.lowerBound)
            return p
        }
        guard let close = src.partner[call.open] else { return fail("the call is not closed", call.open) }
        if JavaScriptForms.administration.contains(methodName) {
            return administration(call, close: close, part: part, name: methodName)
        }
        if let reason = JavaScriptForms.unmapped[methodName] { return fail(reason, call.method) }
        guard let method = JavaScriptForms.methods[methodName] else {
            return fail("`\(methodName)` has no counterpart on the openai client", call.method)
        }
        if receiver != nil { part.needsModuleClient = true; part.needsOpenAI = true }
        let receiverText = receiver.map { $0 + "." } ?? src.text(src.tokens[call.start].range.lowerBound..<src.tokens[call.method].range.lowerBound)
        part.edits.append(UnitEdit(range: src.tokens[call.start].range.lowerBound..<src.tokens[call.method].range.upperBound,
                                   text: receiverText + method.callee))
        let args = src.entries(call.open)
        var streams = false
        // Messages built nearby with ollama's `images: [...]`: openai takes image content parts.
        if methodName == "chat" || methodName == "generate" {
            let scope = src.block(around: call.start)
            if let image = scope.first(where: { src.isName($0, "images") && src.isOp($0 + 1, ":") && !src.isDot($0 - 1) }) {
                return fail("a message carries ollama's `images: [...]`; openai takes image content parts (`{ type: 'image_url', image_url: { url } }`)", image)
            }
        }
        if methodName == "list" {
            guard args.isEmpty else { return fail("list(…) takes no arguments", call.open) }
        } else {
            guard args.count == 1, src.isOp(args[0].lowerBound, "{"), src.partner[args[0].lowerBound] == args[0].upperBound - 1 else {
                return fail("the request is not an object literal (`\(methodName)({ model, … })`), so its fields cannot be mapped", call.open)
            }
            let object = args[0].lowerBound
            let entries = src.entries(object)
            var props: [(key: String, keyToken: Int, shorthand: Bool, entry: Range<Int>)] = []
            for entry in entries {
                guard let (k, kt, sh) = property(entry) else {
                    return fail("a field of the request is not a plain `key: value` (a spread or a computed key)", entry.lowerBound)
                }
                props.append((k, kt, sh, entry))
            }
            var removed: [Range<Int>] = []
            let system = props.first { $0.key == "system" }
            for p in props {
                let value = valueText(p.entry)
                switch p.key {
                case "model":
                    break
                case "stream":
                    switch value {
                    case "true": streams = true
                    case "false": break
                    default: return fail("stream: \(value) is decided at run time, so the shape of the result is unknown", p.keyToken)
                    }
                case "keep_alive":
                    part.notes.append("keep_alive dropped: vLLM keeps its one model loaded")
                    removed.append(p.entry)
                case "options":
                    let (flat, reason) = options(p.entry, notes: &part.notes)
                    guard let flat else { return fail(reason ?? "options cannot be spread into the request", p.keyToken) }
                    if flat.isEmpty { removed.append(p.entry) } else { part.edits.append(UnitEdit(range: src.bytes(of: p.entry), text: flat)) }
                case "format" where method.fields.contains("format"):
                    if let s = src.literal(p.entry.lowerBound + (p.shorthand ? 0 : 2)), p.entry.count == 3 || p.shorthand {
                        guard s == "json" else { return fail("format: '\(s)' has no OpenAI form", p.keyToken) }
                        part.edits.append(UnitEdit(range: src.bytes(of: p.entry), text: "response_format: { type: 'json_object' }"))
                    } else {
                        part.edits.append(UnitEdit(range: src.bytes(of: p.entry),
                                                   text: "response_format: { type: 'json_schema', json_schema: { name: 'response', schema: \(value) } }"))
                        part.notes.append("format: \(value.prefix(40)) was taken for a JSON schema (json_schema); a run-time 'json' would need json_object")
                    }
                case "prompt" where methodName == "embeddings":
                    part.edits.append(UnitEdit(range: src.bytes(of: p.entry), text: "input: \(value)"))
                case "prompt" where methodName == "generate":
                    var messages = "{ role: 'user', content: \(value) }"
                    if let system {
                        let s = valueText(system.entry)
                        messages = src.literal(system.entry.upperBound - 1) != nil && (system.entry.count == 3)
                            ? "{ role: 'system', content: \(s) }, " + messages
                            : "...(\(s) ? [{ role: 'system', content: \(s) }] : []), " + messages
                    }
                    part.edits.append(UnitEdit(range: src.bytes(of: p.entry), text: "messages: [\(messages)]"))
                case "system" where methodName == "generate":
                    guard props.contains(where: { $0.key == "prompt" }) else { return fail("generate({ system }) without a prompt", p.keyToken) }
                    removed.append(p.entry)
                case "think":
                    return fail("think has no openai-node parameter (vLLM takes chat_template_kwargs: { enable_thinking }, which the request type rejects); map it by hand", p.keyToken)
                case let k where method.fields.contains(k):
                    break
                default:
                    return fail("\(methodName)({ \(p.key) }) has no counterpart on the openai client", p.keyToken)
                }
            }
            if methodName == "generate", !props.contains(where: { $0.key == "prompt" }) { return fail("generate(…) without a prompt", call.method) }
            for entry in removed { part.edits.append(src.removal(of: entry, in: object)) }
        }
        guard let shape = streams ? method.stream : method.result else {
            return fail("\(methodName)({ stream: true }) has no openai form", call.method)
        }
        let start = src.isName(call.start - 1, "await") ? call.start - 1 : call.start
        do {
            let (edits, claimed) = try follow(start: start, end: close, shape: shape, depth: 0)
            part.edits += edits
            part.claimed.formUnion(claimed)
        } catch {
            part.failure = error
        }
        part.edits += catchReads(around: call.start)
        return part
    }

    /// The `catch` of the `try` around token `t`: ollama's error fields read there become
    /// openai-node's (`status_code` → `status`, `err.error` → `err.message`), the name and a
    /// type literal's key alike.
    func catchReads(around t: Int) -> [UnitEdit] {
        // The innermost try around t: the last one opening before it that closes after it.
        guard let (_, close) = tries.last(where: { $0.open < t && $0.close > t }) else { return [] }
        var body = close + 2
        var variable: String?
        if src.isOp(body, "("), let end = src.partner[body] {
            if src.isName(body + 1) { variable = String(src.text(body + 1)) }
            body = end + 1
        }
        guard src.isOp(body, "{"), let end = src.partner[body] else { return [] }
        var edits: [UnitEdit] = []
        for u in body..<end where src.isName(u) {
            let name = src.text(u)
            if let to = JavaScriptForms.errorFields[String(name)], name != "error" {
                edits.append(UnitEdit(range: src.tokens[u].range, text: to))
            } else if name == "error", let variable, src.isDot(u - 1), src.isName(u - 2, variable) {
                edits.append(UnitEdit(range: src.tokens[u].range, text: JavaScriptForms.errorFields["error"]!))
            }
        }
        return edits
    }

    /// A literal `options` object spread into request fields: nil (with `fail` called) when
    /// it is not a literal object of known keys.
    func options(_ entry: Range<Int>, notes: inout [String]) -> (String?, String?) {
        let value = valueRange(entry)
        func fail(_ reason: String) -> (String?, String?) { (nil, reason) }
        guard src.isOp(value.lowerBound, "{"), src.partner[value.lowerBound] == value.upperBound - 1 else {
            return fail("options is not a literal object, so it cannot be spread into the request")
        }
        var out: [String] = []
        for e in src.entries(value.lowerBound) {
            guard let (key, _, shorthand) = property(e) else { return fail("a field of options is not a plain `key: value`") }
            let v = valueText(e)
            if let name = JavaScriptForms.topLevelOptions[key] {
                out.append(shorthand && name == key ? key : "\(name): \(v)")
            } else if let name = JavaScriptForms.extraBodyOptions[key] {
                return fail("options.\(key) is vLLM's extra field \(name): openai-node sends it as a top-level field, but TypeScript rejects it in the request literal; add it by hand")
            } else if let note = JavaScriptForms.serverOptions[key] {
                notes.append("\(note) (was \(key): \(v))")
            } else {
                return fail("options.\(key) has no OpenAI counterpart")
            }
        }
        return (out.joined(separator: ", "), nil)
    }

    /// Whether token `t` starts a statement.
    func startsStatement(_ t: Int) -> Bool {
        t == 0 || src.isOp(t - 1, ";") || src.isOp(t - 1, "{") || src.isOp(t - 1, "}")
            || (src.tokens[t].newlineBefore && (src.isOp(t - 1, ")") || src.tokens[t - 1].kind != .op) && !src.isName(t - 1, "return")
                && !src.isName(t - 1, "await") && !src.isName(t - 1, "of") && !src.isName(t - 1, "in"))
    }

    /// `await client.pull(…)` as a whole statement, or the `for await` loop over its progress:
    /// an error naming what to do instead. Anything else stays manual.
    func administration(_ call: Call, close: Int, part: Part, name: String) -> Part {
        var p = part
        let start = src.isName(call.start - 1, "await") ? call.start - 1 : call.start
        let message = JavaScriptForms.administrationError(name)
        if startsStatement(start), src.endsStatement(after: close) {
            p.edits.append(UnitEdit(range: src.tokens[start].range.lowerBound..<src.tokens[close].range.upperBound, text: message))
        } else if let loop = forOf(value: start, end: close), let bodyOpen = Optional(loop.close + 1), src.isOp(bodyOpen, "{"), let bodyClose = src.partner[bodyOpen] {
            p.edits.append(UnitEdit(range: src.tokens[loop.keyword].range.lowerBound..<src.tokens[bodyClose].range.upperBound, text: message))
        } else {
            p.failure = Unrewritable(reason: "ollama's \(name) has no vLLM counterpart and its result is used", offset: src.tokens[call.method].range.lowerBound)
        }
        p.notes.append("\(name) has no vLLM counterpart: the call now throws; choose the model with `vllm serve`")
        return p
    }

    /// `for [await] (const|let|var x of VALUE)`: the `for`, the variable and the header's `)`.
    func forOf(value start: Int, end: Int) -> (keyword: Int, variable: Int, close: Int)? {
        guard src.isName(start - 1, "of"), src.isName(start - 2), ["const", "let", "var"].contains(where: { src.isName(start - 3, $0) }),
              src.isOp(start - 4, "("), let close = src.partner[start - 4], close == end + 1 else { return nil }
        var keyword = start - 5
        if src.isName(keyword, "await") { keyword -= 1 }
        guard src.isName(keyword, "for") else { return nil }
        return (keyword, start - 2, close)
    }

    // MARK: following results

    /// The edits for every read of the value the tokens `start...end` produce (a call, a name
    /// bound to one, an item of one), and the tokens accounted for.
    func follow(start: Int, end: Int, shape: JavaScriptForms.Shape, depth: Int) throws(Unrewritable) -> ([UnitEdit], Set<Int>) {
        let where_ = src.tokens[start].range.lowerBound
        guard depth < 6 else { throw Unrewritable(reason: "the result is passed on too deep to follow", offset: where_) }
        // `(await c.chat(…)).message.content`: the parentheses are the value.
        if src.isOp(start - 1, "("), src.isOp(end + 1, ")"), src.partner[start - 1] == end + 1, src.isDot(end + 2) {
            return try follow(start: start - 1, end: end + 1, shape: shape, depth: depth)
        }
        var keys: [(key: String, first: Int, last: Int)] = []
        var t = end + 1
        while true {
            if src.isOp(t, "["), let key = src.literal(t + 1), src.isOp(t + 2, "]") {
                keys.append((key, t, t + 2)); t += 3
            } else if src.isDot(t), src.isName(t + 1), !src.isOp(t + 2, "(") {
                keys.append((String(src.text(t + 1)), t, t + 1)); t += 2
            } else {
                break
            }
        }
        // A method called at the end of the chain is not a key: `.map(`.
        while let last = keys.last, src.isOp(last.last + 1, "(") { keys.removeLast() }
        let reads = JavaScriptForms.reads[shape] ?? [:]
        if !keys.isEmpty {
            for count in stride(from: min(2, keys.count), through: 1, by: -1) {
                let path = keys.prefix(count).map(\.key).joined(separator: ".")
                guard let read = reads[path] else { continue }
                let last = keys[count - 1]
                if isAssigned(after: last.last) {
                    throw Unrewritable(reason: "`\(snippet(start...last.last, 60))` is assigned to", offset: where_)
                }
                let chain = src.tokens[keys[0].first].range.lowerBound..<src.tokens[last.last].range.upperBound
                switch read {
                case let .path(text, then):
                    var edits = [UnitEdit(range: chain, text: text)]
                    var claimed: Set<Int> = []
                    if let then {
                        let (more, c) = try follow(start: start, end: last.last, shape: then, depth: depth + 1)
                        edits += more
                        claimed = c
                    }
                    return (edits, claimed)
                case let .whole(template):
                    guard start == end, src.isName(start) else {
                        throw Unrewritable(reason: "`\(snippet(start...last.last, 60))` reads the result twice in its OpenAI form; bind it to a name first", offset: where_)
                    }
                    let text = "(" + template.replacingOccurrences(of: "$", with: String(src.text(start))) + ")"
                    return ([UnitEdit(range: src.tokens[start].range.lowerBound..<chain.upperBound, text: text)], [])
                }
            }
            throw Unrewritable(reason: "`\(snippet(start...keys[0].last))`: ollama's \(keys[0].key) has no known OpenAI form here", offset: where_)
        }
        // The value itself: bound, iterated, mapped, or dropped.
        // `const x = value`
        if src.isOp(start - 1, "="), src.isName(start - 2), ["const", "let", "var"].contains(where: { src.isName(start - 3, $0) }),
           src.endsStatement(after: end) {
            let binding = start - 2
            return try followName(binding, shape: shape, in: src.block(around: binding), depth: depth)
        }
        // `for [await] (const x of value) { … }`
        if let item = JavaScriptForms.items[shape], let loop = forOf(value: start, end: end) {
            guard src.isOp(loop.close + 1, "{"), let bodyClose = src.partner[loop.close + 1] else {
                throw Unrewritable(reason: "the loop over the result has no block", offset: where_)
            }
            return try followName(loop.variable, shape: item, in: loop.close + 2..<bodyClose, depth: depth)
        }
        // `value.map((x) => …)`
        if let item = JavaScriptForms.items[shape], src.isDot(end + 1), src.isName(end + 2), JavaScriptForms.itemCallbacks.contains(String(src.text(end + 2))),
           src.isOp(end + 3, "("), let close = src.partner[end + 3] {
            var p = end + 4
            var variable: Int?
            if src.isName(p), src.isOp(p + 1, "=>") { variable = p; p += 2 }
            else if src.isOp(p, "("), src.isName(p + 1), src.isOp(p + 2, ")"), src.isOp(p + 3, "=>") { variable = p + 1; p += 4 }
            if let variable {
                let body = src.entries(end + 3).first.map { $0.upperBound } ?? close
                return try followName(variable, shape: item, in: p..<body, depth: depth)
            }
        }
        // The whole statement: the value is not used.
        if startsStatement(start), src.endsStatement(after: end) { return ([], []) }
        if src.isName(start - 1, "return") || src.isOp(start - 1, "=>") {
            throw Unrewritable(reason: "the result is returned to callers, which are not followed", offset: where_)
        }
        throw Unrewritable(reason: "`\(snippet(start...end, 60))` is used in a way with no known OpenAI form", offset: where_)
    }

    /// Whether the token after `t` assigns to what ends there.
    func isAssigned(after t: Int) -> Bool {
        ["=", "+=", "-=", "??=", "||=", "&&=", "++", "--"].contains { src.isOp(t + 1, $0) }
    }

    /// Every read of the name at token `binding` in `scope`.
    func followName(_ binding: Int, shape: JavaScriptForms.Shape, in scope: Range<Int>, depth: Int) throws(Unrewritable) -> ([UnitEdit], Set<Int>) {
        let name = String(src.text(binding))
        var edits: [UnitEdit] = []
        var claimed: Set<Int> = [binding]
        for t in scope where t != binding && src.isName(t, name) && !isKeyOrMember(t) {
            if isAssigned(after: t) || ["const", "let", "var", "function", "class"].contains(where: { src.isName(t - 1, $0) }) || src.isOp(t + 1, "=>") {
                throw Unrewritable(reason: "`\(name)` is bound again on line \(src.line(src.tokens[t].range.lowerBound))", offset: src.tokens[t].range.lowerBound)
            }
            let (more, c) = try follow(start: t, end: t, shape: shape, depth: depth + 1)
            edits += more
            claimed.formUnion(c)
            claimed.insert(t)
        }
        return (edits, claimed)
    }

    /// The source of tokens `range` on one line, whitespace runs as one space, cut at `limit`.
    func snippet(_ range: ClosedRange<Int>, _ limit: Int = 80) -> String {
        let text = src.text(tokens: range).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
        return text.count > limit ? text.prefix(limit) + "…" : text
    }

    // MARK: import edits

    /// Whether the file imports OpenAI from 'openai' already.
    func hasOpenAIImport() -> Bool {
        src.tokens.indices.contains { t in
            (src.isName(t, "import") && src.isName(t + 1, "OpenAI") && src.isName(t + 2, "from") && src.literal(t + 3) == "openai")
                || (src.isName(t, "require") && src.isOp(t + 1, "(") && src.literal(t + 2) == "openai" && src.isOp(t - 1, "=")
                    && (src.isName(t - 2, "OpenAI") || (src.isOp(t - 2, "}") && src.isName(t - 3, "OpenAI"))))
        }
    }

    /// The offset after the last top-level import, where the module's client goes.
    func moduleClientOffset() -> Int? {
        var after: Int?
        for i in src.tokens.indices where src.tokens[i].depth == 0 && src.isName(i, "import") && !src.isOp(i + 1, "(") && !src.isDot(i + 1) {
            var j = i
            while j < src.tokens.count, !(src.tokens[j].kind == .string && (src.isName(j - 1, "from") || src.isName(j - 1, "import"))) { j += 1 }
            guard j < src.tokens.count else { break }
            if src.isOp(j + 1, ";") { j += 1 }
            after = src.tokens[j].range.upperBound
        }
        for imp in imports where imp.require {
            after = max(after ?? 0, src.tokens[imp.end].range.upperBound)
        }
        return after
    }

    /// An import statement's bytes replaced by `text`; when `text` is empty, the whole line goes
    /// if the statement held it alone.
    func importReplacement(_ range: Range<Int>, text: String) -> UnitEdit {
        if text.isEmpty {
            let lineStart = src.lineStart(range.lowerBound)
            var e = range.upperBound
            while e < src.bytes.count, src.bytes[e] == 0x20 || src.bytes[e] == 0x09 || src.bytes[e] == 0x0D { e += 1 }
            if src.bytes[lineStart..<range.lowerBound].allSatisfy({ $0 == 0x20 || $0 == 0x09 }), e < src.bytes.count, src.bytes[e] == 0x0A {
                return UnitEdit(range: lineStart..<e + 1, text: "")
            }
        }
        return UnitEdit(range: range, text: text)
    }

    /// The ollama imports with the names no applied unit replaced kept, the openai import the
    /// applied units need, and the module's client.
    func importEdits(claimed: Set<Int>, needsOpenAI: Bool, moduleClient: Bool) -> [UnitEdit] {
        let remaining = Set(ollamaUses().filter { !claimed.contains($0) }.map { String(src.text($0)) })
        var edits: [UnitEdit] = []
        var placed = !needsOpenAI
        for imp in imports {
            let semi = imp.semicolon ? ";" : ""
            let q = imp.quote
            let openAILine = imp.require ? "const { OpenAI } = require(\(q)openai\(q))\(semi)" : "import OpenAI from \(q)openai\(q)\(semi)"
            let keepDefault = imp.defaultLocal.map(remaining.contains) ?? false
            let kept = imp.named.filter { remaining.contains($0.local) }
            let range = src.tokens[imp.start].range.lowerBound..<src.tokens[imp.end].range.upperBound
            if keepDefault || imp.defaultLocal == nil, kept.count == imp.named.count {
                // Unchanged.
                if !placed {
                    edits.append(UnitEdit(range: range.upperBound..<range.upperBound, text: "\n" + src.indentation(imp.start) + openAILine))
                    placed = true
                }
                continue
            }
            var text = ""
            if keepDefault || !kept.isEmpty {
                let list = kept.map { ($0.type ? "type " : "") + ($0.local == $0.name ? $0.name : imp.require ? "\($0.name): \($0.local)" : "\($0.name) as \($0.local)") }
                if imp.require {
                    text = "\(src.text(imp.start)) { \(list.joined(separator: ", ")) } = require(\(q)\(imp.source)\(q))\(semi)"
                } else {
                    let parts = (keepDefault ? [imp.defaultLocal!] : []) + (list.isEmpty ? [] : ["{ \(list.joined(separator: ", ")) }"])
                    text = "import \(parts.joined(separator: ", ")) from \(q)\(imp.source)\(q)\(semi)"
                }
            }
            if !placed {
                text = text.isEmpty ? openAILine : text + "\n" + src.indentation(imp.start) + openAILine
                placed = true
            }
            edits.append(importReplacement(range, text: text))
        }
        if moduleClient, let at = moduleClientOffset() {
            let semi = imports.first?.semicolon == true ? ";" : ""
            let client = JavaScriptForms.moduleClient(browser: browser) + semi
            // After the last import: in the edit of that import when there is one.
            if let i = edits.firstIndex(where: { $0.range.lowerBound <= at && at <= $0.range.upperBound }) {
                edits[i].text = edits[i].text.isEmpty ? client + "\n" : edits[i].text + "\n" + client
            } else {
                edits.append(UnitEdit(range: at..<at, text: "\n" + client))
            }
        }
        return edits
    }
}
