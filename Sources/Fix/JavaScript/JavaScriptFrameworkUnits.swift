/// LangChain.js's Ollama classes and the Vercel AI SDK's Ollama providers as migration units:
/// an imported class or provider is rewritten with its import and every use in the file, or
/// not at all. What each name and option becomes is `JavaScriptFrameworkForms`; the Python
/// counterpart is `LangChainUnits`.
extension JSPlanner {
    private typealias Forms = JavaScriptFrameworkForms

    /// One imported name's unit.
    private struct FrameworkUnit {
        let subject: String
        var part: Part
        /// The import statement, an index into `frameworks`.
        let statement: Int
        /// What the rewritten import brings in for it: the name, and the local name; nil when
        /// the file never uses it (the import goes, and brings no package the manifest lacks).
        var target: (name: String, local: String)?
        /// A declaration the unit adds after the imports (the AI SDK's default instance).
        var declaration: String?

        /// The unit of a name the file never uses: its import goes.
        var unused: FrameworkUnit {
            var unit = self
            unit.target = nil
            unit.part.notes = ["not used in this file: its import goes"]
            return unit
        }
    }

    /// Adds the units of `frameworks` to the plan: each applied whole or recorded manual.
    func frameworkUnits(_ plan: inout JavaScriptClientUnits.Plan) {
        var units: [FrameworkUnit] = []
        for (index, imp) in frameworks.enumerated() {
            let langChain = Forms.langChainModules[imp.source] != nil
            let known: (String) -> Bool = { langChain ? Forms.langChain[$0] != nil : [Forms.ollamaFactory, Forms.ollamaInstance].contains($0) }
            let first = units.count
            for n in imp.named where known(n.name) && !n.type {
                units.append(langChain ? langChainUnit(n.name, local: n.local, statement: index)
                                       : aiSDKUnit(n.name, local: n.local, statement: index))
            }
            // Names the statement imports besides the units' keep it, and so every unit of it.
            let others = imp.named.filter { !known($0.name) || $0.type }.map { "`\($0.name)`" } + (imp.defaultLocal.map { ["`\($0)` (a default import)"] } ?? [])
            if let other = others.first {
                for i in first..<units.count where units[i].part.failure == nil {
                    units[i].part.failure = Unrewritable(reason: "`\(imp.source)` also imports \(other), which has no counterpart here; split the import by hand",
                                                         offset: src.tokens[imp.start].range.lowerBound)
                }
            }
        }
        // Names imported by one statement share it: one left makes them all left.
        for i in units.indices where units[i].part.failure == nil {
            if let j = units.indices.first(where: { units[$0].statement == units[i].statement && units[$0].part.failure != nil }) {
                units[i].part.failure = Unrewritable(reason: "it shares its import with \(units[j].subject), which is left as it is",
                                                     offset: src.tokens[frameworks[units[i].statement].start].range.lowerBound)
            }
        }
        // Each applied statement becomes an import of what its units need, once per file.
        var provided = Set(imports(from: [Forms.langChainTarget, Forms.aiSDKTarget]).flatMap { $0.named.filter { !$0.type }.map { "\($0.name) \($0.local)" } })
        var declared = Set<String>()
        for index in frameworks.indices {
            let members = units.indices.filter { units[$0].statement == index }
            guard let head = members.first, units[head].part.failure == nil else { continue }
            let imp = frameworks[index]
            let module = Forms.langChainModules[imp.source] != nil ? Forms.langChainTarget : Forms.aiSDKTarget
            var names: [String] = []
            for m in members {
                guard let t = units[m].target, provided.insert("\(t.name) \(t.local)").inserted else { continue }
                names.append(t.name == t.local ? t.name : imp.require ? "\(t.name): \(t.local)" : "\(t.name) as \(t.local)")
            }
            let semi = imp.semicolon ? ";" : ""
            let q = imp.quote
            var text = names.isEmpty ? ""
                : imp.require ? "\(src.text(imp.start)) { \(names.joined(separator: ", ")) } = require(\(q)\(module)\(q))\(semi)"
                : "import { \(names.joined(separator: ", ")) } from \(q)\(module)\(q)\(semi)"
            let range = src.tokens[imp.start].range.lowerBound..<src.tokens[imp.end].range.upperBound
            for m in members {
                guard let declaration = units[m].declaration, declared.insert(declaration).inserted else { continue }
                // After the last import (a declaration between imports is legal, but read as
                // out of place), or in this statement's edit when that is where they end.
                let at = max(moduleClientOffset() ?? 0, range.upperBound)
                if at == range.upperBound {
                    text += (text.isEmpty ? "" : "\n" + src.indentation(imp.start)) + declaration + semi
                } else {
                    units[m].part.edits.append(UnitEdit(range: at..<at, text: "\n" + declaration + semi))
                }
            }
            units[head].part.edits.append(importReplacement(range, text: text))
        }
        var applied: [Part] = []
        var claimed = Set<Int>()
        for unit in units {
            record(&plan, [unit.part], subject: unit.subject, failure: unit.part.failure, into: &applied, claimed: &claimed)
        }
    }

    // MARK: LangChain.js

    private func langChainUnit(_ name: String, local: String, statement: Int) -> FrameworkUnit {
        let imp = frameworks[statement]
        let form = Forms.langChain[name]!
        let subject = "LangChain's `\(name)`"
        var part = Part(firstOffset: src.tokens[imp.start].range.lowerBound)
        if Forms.langChainModules[imp.source] == false { part.notes.append(Forms.communityNote) }
        part.notes += form.notes
        var unit = FrameworkUnit(subject: subject, part: part, statement: statement, target: (form.name, local == name ? form.name : local))
        func fail(_ reason: String, _ t: Int) -> FrameworkUnit {
            unit.part.failure = Unrewritable(reason: reason, offset: src.tokens[t].range.lowerBound)
            return unit
        }
        let uses = src.tokens.indices.filter { src.isName($0, local) && !isKeyOrMember($0) && !(imp.start...imp.end).contains($0) }
        if uses.isEmpty { return unit.unused }
        if local == name, let reason = taken(form.name, importedFrom: Forms.langChainTarget) { return fail(reason, imp.start) }
        for t in uses {
            if local == name { unit.part.edits.append(UnitEdit(range: src.tokens[t].range, text: form.name)) }
            if src.isName(t - 1, "new") {
                if let failure = construction(t, form: form, part: &unit.part) {
                    unit.part.failure = failure
                    return unit
                }
            } else if !isTypeReference(t) {
                return fail("`\(local)` is used other than by `new \(local)(…)` or as a type, on line \(src.line(src.tokens[t].range.lowerBound))", t)
            }
        }
        return unit
    }

    /// `new ChatOllama({ … })` at the class name `t`: its options mapped, the base URL and key
    /// added when it has none.
    private func construction(_ t: Int, form: Forms.LangChainClass, part: inout Part) -> Unrewritable? {
        let local = src.text(t)
        func fail(_ reason: String, _ at: Int) -> Unrewritable { Unrewritable(reason: reason, offset: src.tokens[at].range.lowerBound) }
        guard src.isOp(t + 1, "("), let close = src.partner[t + 1] else { return fail("`new \(local)` without arguments in parentheses", t) }
        let args = src.entries(t + 1)
        guard !args.isEmpty else {
            return fail("`new \(local)()` names no model, and \(form.name)'s default is an OpenAI model vLLM does not serve", t)
        }
        guard args.count == 1, src.isOp(args[0].lowerBound, "{"), src.partner[args[0].lowerBound] == args[0].upperBound - 1 else {
            return fail("new \(local)(…) takes options that are not an object literal here, so they cannot be mapped one by one", t + 1)
        }
        let object = args[0].lowerBound
        let mapped: (keys: Set<String>, lastKept: Range<Int>?)
        switch mapOptions(object, options: form.options, manual: form.manual, callee: "new \(local)", base: Forms.langChainBase, part: &part) {
        case let .success(m): mapped = m
        case let .failure(failure): return failure
        }
        guard mapped.keys.contains("model") else {
            return fail("new \(local)({ … }) names no model, and \(form.name)'s default is an OpenAI model vLLM does not serve", object)
        }
        var added = [Forms.langChainAPIKey]
        if !mapped.keys.contains("baseUrl") { added.insert(Forms.langChainBase(JavaScriptForms.baseURL), at: 0) }
        part.edits.append(appendEntries(object, after: mapped.lastKept, added))
        // `llm.pull(…)` on the object made here: ChatOpenAI has no pull.
        let newToken = t - 1
        if src.isOp(newToken - 1, "="), src.isName(newToken - 2), src.endsStatement(after: close) {
            let name = String(src.text(newToken - 2))
            if let pull = src.block(around: newToken).first(where: { src.isName($0, name) && src.isDot($0 + 1) && src.isName($0 + 2, "pull") }) {
                return fail("`\(name).pull(…)` has no \(form.name) counterpart: vLLM serves the model it was started with", pull)
            }
        }
        return nil
    }

    /// Whether the class name at `t` is read as a type (`: ChatOllama`, `instanceof ChatOllama`).
    private func isTypeReference(_ t: Int) -> Bool {
        ["as", "instanceof", "typeof", "satisfies", "implements"].contains { src.isName(t - 1, $0) }
            || [":", "|", "&", "<"].contains { src.isOp(t - 1, $0) }
    }

    // MARK: the AI SDK

    private func aiSDKUnit(_ name: String, local: String, statement: Int) -> FrameworkUnit {
        let imp = frameworks[statement]
        let factory = local == name || name == Forms.ollamaInstance ? Forms.aiSDKFactory : local
        let subject = "AI SDK's `\(name)` (\(imp.source))"
        var part = Part(firstOffset: src.tokens[imp.start].range.lowerBound)
        part.notes.append(Forms.aiSDKNote)
        let target = (Forms.aiSDKFactory, factory)
        var unit = FrameworkUnit(subject: subject, part: part, statement: statement, target: target)
        func fail(_ reason: String, _ t: Int) -> FrameworkUnit {
            unit.part.failure = Unrewritable(reason: reason, offset: src.tokens[t].range.lowerBound)
            return unit
        }
        let nameTaken = src.tokens.indices.contains { src.isName($0, Forms.aiSDKName) && !isKeyOrMember($0) }
        let uses = src.tokens.indices.filter { src.isName($0, local) && !isKeyOrMember($0) && !(imp.start...imp.end).contains($0) }
        if uses.isEmpty { return unit.unused }
        // Options keyed by the provider's name reach only that provider: under `vllm` they
        // would be other fields (`think` is not vLLM's), left out they silently do nothing.
        if let key = src.tokens.indices.first(where: { (src.isName($0, Forms.ollamaInstance) || src.literal($0) == Forms.ollamaInstance) && src.isOp($0 + 1, ":")
                                                      && src.enclosingBracket($0).map { src.isOp($0 - 1, ":") && src.isName($0 - 2, "providerOptions") } == true }) {
            return fail("providerOptions.ollama on line \(src.line(src.tokens[key].range.lowerBound)) are Ollama's provider options; give vLLM's their form (providerOptions.\(Forms.aiSDKName)) by hand", key)
        }
        if factory == Forms.aiSDKFactory, let reason = taken(Forms.aiSDKFactory, importedFrom: Forms.aiSDKTarget) { return fail(reason, imp.start) }
        if name == Forms.ollamaInstance {
            // The default instance: one provider after the imports, each use on it.
            if nameTaken { return fail("the name `\(Forms.aiSDKName)` for the provider is taken in this file", imp.start) }
            if declares(local) { return fail("`\(local)` is declared again in this file, so its uses cannot be told apart", imp.start) }
            let at = max(moduleClientOffset() ?? 0, src.tokens[imp.end].range.upperBound)
            if let early = uses.first(where: { src.tokens[$0].range.lowerBound < at }) {
                return fail("`\(local)` is used before the end of the imports, where the new provider goes", early)
            }
            unit.declaration = "const \(Forms.aiSDKName) = \(Forms.aiSDKProvider(factory: factory))"
            for t in uses {
                if let failure = providerUse(t, receiver: Forms.aiSDKName, part: &unit.part) {
                    unit.part.failure = failure
                    return unit
                }
            }
            return unit
        }
        // createOllama: each provider it makes, bound to a name, with every use of that name.
        for u in uses {
            if factory == Forms.aiSDKFactory { unit.part.edits.append(UnitEdit(range: src.tokens[u].range, text: factory)) }
            guard src.isOp(u + 1, "("), let close = src.partner[u + 1] else {
                return fail("`\(local)` is used other than by calling it, on line \(src.line(src.tokens[u].range.lowerBound))", u)
            }
            guard src.isOp(u - 1, "="), src.isName(u - 2), ["const", "let", "var"].contains(where: { src.isName(u - 3, $0) }), src.endsStatement(after: close) else {
                return fail("the provider is not bound to a name (`const ollama = \(local)(…)`), so its uses cannot be followed", u)
            }
            if src.isName(u - 4, "export") {
                return fail("the provider is exported: its uses in other modules are not followed", u - 4)
            }
            if let failure = providerSettings(u + 1, part: &unit.part) {
                unit.part.failure = failure
                return unit
            }
            let binding = u - 2
            let provider = String(src.text(binding))
            // The package's own name goes with it when the new one is free (the default
            // instance's unit declares it when the file imports that too).
            let instance = frameworks.contains { Forms.aiSDKModules.contains($0.source) && $0.named.contains { $0.name == Forms.ollamaInstance } }
            let receiver = provider == Forms.ollamaInstance && !nameTaken && !instance ? Forms.aiSDKName : provider
            if receiver != provider { unit.part.edits.append(UnitEdit(range: src.tokens[binding].range, text: receiver)) }
            let scope = src.block(around: binding)
            // A `var` is the whole function's: a use past its block would keep the old name.
            if src.isName(u - 3, "var"), let outside = src.tokens.indices.first(where: { !scope.contains($0) && src.isName($0, provider) && !isKeyOrMember($0) && !inImport($0) }) {
                return fail("`var \(provider)` is also named outside its block, on line \(src.line(src.tokens[outside].range.lowerBound))", outside)
            }
            for t in scope where t != binding && src.isName(t, provider) && !isKeyOrMember(t) && !inImport(t) {
                // A parameter of the same name fails below, as a use that is not a model call.
                if ["const", "let", "var", "function", "class"].contains(where: { src.isName(t - 1, $0) }) || src.isOp(t + 1, "=>") || isAssigned(after: t) {
                    return fail("`\(provider)` is bound again on line \(src.line(src.tokens[t].range.lowerBound))", t)
                }
                if let failure = providerUse(t, receiver: receiver, part: &unit.part) {
                    unit.part.failure = failure
                    return unit
                }
            }
        }
        return unit
    }

    /// createOllama's settings (the call's parentheses at `open`) as createOpenAICompatible's.
    private func providerSettings(_ open: Int, part: inout Part) -> Unrewritable? {
        let args = src.entries(open)
        let defaults = ["name: '\(Forms.aiSDKName)'", "baseURL: \(JavaScriptForms.baseURL)", "apiKey: \(JavaScriptForms.apiKey)"]
        if args.isEmpty {
            let at = src.tokens[open].range.upperBound
            part.edits.append(UnitEdit(range: at..<at, text: "{ \(defaults.joined(separator: ", ")) }"))
            return nil
        }
        guard args.count == 1, src.isOp(args[0].lowerBound, "{"), src.partner[args[0].lowerBound] == args[0].upperBound - 1 else {
            return Unrewritable(reason: "createOllama(…) takes settings that are not an object literal here", offset: src.tokens[open].range.lowerBound)
        }
        let object = args[0].lowerBound
        switch mapOptions(object, options: Forms.aiSDKSettings, manual: [:], callee: "createOllama", base: { "baseURL: \($0)" }, part: &part) {
        case let .success(mapped):
            let added = [defaults[0]] + (mapped.keys.contains("baseURL") ? [] : [defaults[1]]) + (mapped.keys.contains("apiKey") ? [] : [defaults[2]])
            part.edits.append(appendEntries(object, after: mapped.lastKept, added))
            return nil
        case let .failure(failure):
            return failure
        }
    }

    /// A use of a provider at `t`: `p('m')` or `p.chat('m')`, with a settings object that
    /// only holds server settings (dropped). Nil when it is rewritten, else why not.
    private func providerUse(_ t: Int, receiver: String, part: inout Part) -> Unrewritable? {
        let name = src.text(t)
        var open = t + 1
        var method: String?
        if src.isDot(t + 1), src.isName(t + 2), src.isOp(t + 3, "(") {
            guard let mapped = Forms.aiSDKMethods[String(src.text(t + 2))] else {
                return Unrewritable(reason: "`\(name).\(src.text(t + 2))` has no OpenAI-compatible provider counterpart here", offset: src.tokens[t + 2].range.lowerBound)
            }
            method = mapped
            open = t + 3
        }
        guard src.isOp(open, "(") else {
            return Unrewritable(reason: "`\(name)` is used other than through its model calls (`\(name)('model')`, `\(name).chat(…)`, …), on line \(src.line(src.tokens[t].range.lowerBound))",
                                offset: src.tokens[t].range.lowerBound)
        }
        part.edits.append(UnitEdit(range: src.tokens[t].range.lowerBound..<src.tokens[open - 1].range.upperBound,
                                   text: receiver + (method.map { "." + $0 } ?? "")))
        let args = src.entries(open)
        guard !args.isEmpty else { return Unrewritable(reason: "`\(name)()` names no model", offset: src.tokens[t].range.lowerBound) }
        guard args.count <= 2 else { return Unrewritable(reason: "`\(name)(…)` takes more than a model and its settings", offset: src.tokens[open].range.lowerBound) }
        if args.count == 2 {
            let settings = args[1]
            guard src.isOp(settings.lowerBound, "{"), src.partner[settings.lowerBound] == settings.upperBound - 1 else {
                return Unrewritable(reason: "the model's settings are not an object literal, so they cannot be mapped one by one", offset: src.tokens[settings.lowerBound].range.lowerBound)
            }
            // The settings are the Ollama model's: only server settings, which go with a note.
            for entry in src.entries(settings.lowerBound) {
                guard let (key, _, _) = property(entry), case let .dropped(note)? = Forms.serverSettings[key] else {
                    return Unrewritable(reason: "the model setting `\(src.text(tokens: entry.lowerBound...entry.upperBound - 1).prefix(40))` has no OpenAI-compatible provider counterpart",
                                        offset: src.tokens[entry.lowerBound].range.lowerBound)
                }
                part.notes.append("\(key): \(valueText(entry)) dropped: \(note)")
            }
            part.edits.append(src.removal(of: settings, in: open))
        }
        return nil
    }

    // MARK: shared

    /// Why `name` cannot be brought in by the rewritten import: it names something else here.
    /// Nil when it is free, or imported from `module` already.
    private func taken(_ name: String, importedFrom module: String) -> String? {
        let present = imports(from: [module]).contains { $0.named.contains { $0.name == name && $0.local == name && !$0.type } }
        guard !present, src.tokens.indices.contains(where: { src.isName($0, name) && !isKeyOrMember($0) }) else { return nil }
        return "`\(name)` names something else in this file"
    }

    /// The edits mapping the entries of the object literal at `object` by `options`: the keys
    /// seen and the last entry that stays, or the failure of the first entry with no form.
    private func mapOptions(_ object: Int, options: [String: Forms.Option], manual: [String: String], callee: String,
                            base: (String) -> String, part: inout Part) -> Result<(keys: Set<String>, lastKept: Range<Int>?), Unrewritable> {
        var keys = Set<String>()
        var lastKept: Range<Int>?
        for entry in src.entries(object) {
            let at = src.tokens[entry.lowerBound].range.lowerBound
            guard let (key, keyToken, shorthand) = property(entry) else {
                return .failure(Unrewritable(reason: "a setting of \(callee)(…) is not a plain `key: value` (a spread or a computed key), so the settings cannot be mapped one by one", offset: at))
            }
            keys.insert(key)
            switch options[key] {
            case let .renamed(to)?:
                lastKept = entry
                if to != key { part.edits.append(UnitEdit(range: src.tokens[keyToken].range, text: shorthand ? "\(to): \(key)" : to)) }
            case let .dropped(note)?:
                part.notes.append("\(key): \(valueText(entry)) dropped: \(note)")
                part.edits.append(src.removal(of: entry, in: object))
            case .baseURL?:
                lastKept = entry
                let value = valueText(entry)
                guard !shorthand, let url = Forms.vLLMBase(fromLiteral: value) else {
                    let literal = entry.count == 3 && src.tokens[entry.upperBound - 1].kind == .string
                    let why = literal ? "is not a plain server address (scheme, host, port)" : "is computed at run time"
                    return .failure(Unrewritable(reason: "\(key): \(value.prefix(60)) \(why); point it at the vLLM server's /v1 base by hand", offset: at))
                }
                part.edits.append(UnitEdit(range: src.bytes(of: entry), text: base(url)))
            case nil:
                return .failure(Unrewritable(reason: manual[key] ?? "\(callee)({ \(key) }) has no counterpart in its OpenAI form", offset: at))
            }
        }
        return .success((keys, lastKept))
    }

    /// The insertion of `texts` as entries of the object literal at `object`: after the entry
    /// `after` (one per line when the object is written that way), or inside the braces.
    private func appendEntries(_ object: Int, after last: Range<Int>?, _ texts: [String]) -> UnitEdit {
        let multiline = src.partner[object].map { src.tokens[$0].newlineBefore } ?? false
        guard let last else {
            let at = src.tokens[object].range.upperBound
            return UnitEdit(range: at..<at, text: " " + texts.joined(separator: ", ") + (multiline ? "" : " "))
        }
        let at = src.tokens[last.upperBound - 1].range.upperBound
        let separator = multiline ? ",\n" + src.indentation(last.lowerBound) : ", "
        return UnitEdit(range: at..<at, text: texts.map { separator + $0 }.joined())
    }
}
