/// The Ollama classes of LangChain (`ChatOllama`, `OllamaEmbeddings`) and LlamaIndex (`Ollama`,
/// `OllamaEmbedding`) as migration units: a class is rewritten with its imports and every use in
/// the file (each construction with its keyword arguments mapped), or not at all. What each
/// class and keyword becomes is `OpenAIForms.frameworks`; this is only the mechanics.
extension Planner {
    struct FrameworkUnit {
        let subject: String
        var part: Part
    }

    /// A class imported from a framework's Ollama modules, with each statement importing it
    /// under that name (a lazy import is often repeated in several functions).
    private struct FrameworkClassImport {
        let local: String
        let name: String
        let framework: OpenAIForms.Framework
        var statements: [(start: Int, end: Int)]
        var target: OpenAIForms.FrameworkClass { framework.classes[name]! }
    }

    func frameworkUnits() -> [FrameworkUnit] {
        var classes: [FrameworkClassImport] = []
        var t = 0
        while t < src.tokens.count {
            let end = src.statementEnd(t)
            defer { t = end + 1 }
            guard src.isName(t, "from") else { continue }
            var i = t + 1
            var module = ""
            while i < end, !src.isName(i, "import") { module += src.text(i); i += 1 }
            guard src.isName(i, "import"), let framework = OpenAIForms.frameworks.first(where: { $0.modules.contains(module) }) else { continue }
            for (name, local) in importedNames(t, end) where framework.classes[name] != nil {
                if let k = classes.firstIndex(where: { $0.local == local && $0.name == name && $0.framework.name == framework.name }) {
                    classes[k].statements.append((t, end))
                } else {
                    classes.append(FrameworkClassImport(local: local, name: name, framework: framework, statements: [(t, end)]))
                }
            }
        }
        let imports = classes.flatMap { $0.statements.map { $0.start...$0.end } }
        var units = classes.map { unit(for: $0, among: classes, imports: imports) }
        // Classes imported by one statement share it: one left makes them all left.
        for (i, c) in classes.enumerated() where units[i].part.failure == nil {
            if let j = classes.indices.first(where: { j in
                units[j].part.failure != nil && classes[j].statements.contains { s in c.statements.contains { $0.start == s.start } }
            }) {
                units[i].part.failure = Unrewritable(reason: "it shares its import with `\(classes[j].name)`, which is left as it is",
                                                     offset: src.tokens[c.statements[0].start].range.lowerBound)
            }
        }
        return units
    }

    private func unit(for c: FrameworkClassImport, among classes: [FrameworkClassImport], imports: [ClosedRange<Int>]) -> FrameworkUnit {
        let subject = "\(c.framework.name)'s `\(c.name)`"
        let target = c.target
        var part = Part(firstOffset: src.tokens[c.statements[0].start].range.lowerBound)
        func fail(_ reason: String, _ t: Int) -> FrameworkUnit {
            var p = part
            p.failure = Unrewritable(reason: reason, offset: src.tokens[t].range.lowerBound)
            return FrameworkUnit(subject: subject, part: p)
        }
        if let other = classes.first(where: { $0.local == c.local && $0.name != c.name }) {
            return fail("`\(c.local)` also names `\(other.name)` here, so its uses cannot be told apart", c.statements[0].start)
        }
        // The imports: this class's name goes; the others of a statement stay for their units.
        for statement in c.statements {
            let names = importedNames(statement.start, statement.end)
            let range = lineRange(statement.start, statement.end)
            let indentation = String(decoding: src.bytes[range.lowerBound..<src.tokens[statement.start].range.lowerBound], as: UTF8.self)
            let module = src.text(tokens: statement.start + 1...importKeyword(statement.start) - 1)
            // A statement of several classes is rewritten by the first one's unit only when
            // every name of it is one of these units: else the unit leaves the statement.
            guard names.allSatisfy({ c.framework.classes[$0.name] != nil }) else {
                return fail("`\(module)` also imports names with no OpenAI counterpart here; split the import by hand", statement.start)
            }
            guard names.first?.local == c.local else { continue }
            let targets = Dictionary(grouping: names.map { c.framework.classes[$0.name]! }, by: \.module)
            let text = targets.keys.sorted().map { module in
                indentation + "from \(module) import \(Set(targets[module]!.map(\.name)).sorted().joined(separator: ", "))\n"
            }.joined()
            part.edits.append(UnitEdit(range: range, text: text))
        }
        // Every use of the class: a construction with mapped arguments, or a name in an annotation.
        for u in src.tokens.indices where src.isName(u, c.local) && !src.isOp(u - 1, ".") && !imports.contains(where: { $0.contains(u) }) {
            part.edits.append(UnitEdit(range: src.tokens[u].range, text: target.name))
            guard src.isOp(u + 1, "(") else {
                if inAnnotation(u) { continue }
                return fail("`\(c.local)` is used as a class here (passed on, subclassed, patched or tested with isinstance), not only constructed; "
                            + "an object made elsewhere may still be Ollama's", u)
            }
            if let (reason, t) = construction(at: u, local: c.local, target: target, framework: c.framework, into: &part) {
                return fail(reason, t)
            }
            if let read = ollamaAttributeRead(of: u, attributes: target.attributes) {
                return fail("`\(src.text(tokens: read))` is an attribute only `\(c.name)` has", read.lowerBound)
            }
        }
        return FrameworkUnit(subject: subject, part: part)
    }

    /// The edits of the construction `Class(…)` whose name is token `u`; the reason and the
    /// token when an argument has no confident form.
    private func construction(at u: Int, local: String, target: OpenAIForms.FrameworkClass, framework: OpenAIForms.Framework,
                              into part: inout Part) -> (String, Int)? {
        var sawBase = false
        var kept: [Range<Int>] = []
        var given = Set<String>()
        var dropped = Set<Int>()
        let args = src.arguments(u + 1)
        for (index, arg) in args.enumerated() {
            if src.isOp(arg.lowerBound, "**") || src.isOp(arg.lowerBound, "*") {
                return ("`\(local)(**…)` takes its arguments from elsewhere, so they cannot be mapped one by one", arg.lowerBound)
            }
            guard let (key, _) = keyword(arg) else {
                return ("`\(local)(…)` takes a positional argument", arg.lowerBound)
            }
            given.insert(key)
            let value = valueText(arg)
            if key == "base_url" {
                guard let url = OpenAIForms.vLLMBase(fromLiteral: value) else {
                    return ("base_url=\(value.prefix(40)) is computed at run time; point it at the vLLM server's /v1 by hand", arg.lowerBound)
                }
                sawBase = true
                kept.append(arg)
                part.edits.append(UnitEdit(range: byteRange(arg), text: "\(target.base)=\(url), \(OpenAIForms.apiKey)"))
            } else if let renamed = target.keywords[key] {
                kept.append(arg)
                if renamed != key { part.edits.append(UnitEdit(range: src.tokens[arg.lowerBound].range, text: renamed)) }
            } else if let note = framework.dropped[key] {
                part.notes.append("\(key)=\(value) dropped: \(note)")
                dropped.insert(index)
            } else if target.options[key] != nil || target.emptyOnly[key] != nil, OpenAIForms.emptyValues.contains(value) {
                dropped.insert(index)
            } else if let into = target.options[key] {
                switch options(arg, into: into, part: &part) {
                case .failure(let failure): return (failure.reason, failure.t)
                case .success(true): kept.append(arg)
                case .success(false): dropped.insert(index)
                }
            } else if let why = target.emptyOnly[key] {
                return ("`\(local)(\(key)=…)`: \(why)", arg.lowerBound)
            } else {
                return ("`\(local)(\(key)=…)` " + (target.manual[key].map { "has no \(target.name) counterpart: \($0)" } ?? "has no \(target.name) counterpart"),
                        arg.lowerBound)
            }
        }
        part.edits += src.removals(of: args, dropped: dropped, in: u + 1)
        var added = target.extra
        if !sawBase {
            added.insert("\(target.base)=os.environ.get(\"OPENAI_BASE_URL\", \"http://localhost:8000/v1\"), \(OpenAIForms.apiKey)", at: 0)
        }
        // After the last argument that stays: a removed one may take its whole line.
        let at = kept.last.map { src.tokens[$0.upperBound - 1].range.upperBound } ?? src.tokens[u + 1].range.upperBound
        if !added.isEmpty {
            part.edits.append(UnitEdit(range: at..<at, text: (kept.isEmpty ? "" : ", ") + added.joined(separator: ", ")))
        }
        for (key, note) in target.defaults.sorted(by: { $0.key < $1.key }) where !given.contains(key) {
            part.notes.append("\(key) not set: \(note)")
        }
        part.needs.insert("os")
        return nil
    }

    private struct OptionFailure: Error {
        let reason: String
        let t: Int
    }

    /// Ollama `options` given to a class (`additional_kwargs={"num_predict": 64, "top_k": 20}`)
    /// with OpenAI's names in place and vLLM's own in `extra_body` (`{"max_tokens": 64,
    /// "extra_body": {"top_k": 20}}`); a dict built at run time goes through `_openai_options`.
    /// Success tells whether anything is left of the argument.
    private func options(_ arg: Range<Int>, into keyword: String, part: inout Part) -> Result<Bool, OptionFailure> {
        let open = arg.lowerBound + 2
        let key = src.text(arg.lowerBound)
        var edits: [UnitEdit] = []
        if keyword != key { edits.append(UnitEdit(range: src.tokens[arg.lowerBound].range, text: keyword)) }
        guard src.isOp(open, "{"), src.partner[open] == arg.upperBound - 1 else {
            let value = valueText(arg)
            let valueRange = src.tokens[open].range.lowerBound..<src.tokens[arg.upperBound - 1].range.upperBound
            edits.append(UnitEdit(range: valueRange, text: "\(OpenAIForms.optionsHelperName)(\(value))"))
            part.edits += edits
            part.needs.insert("options-helper")
            part.notes.append("\(key)=\(value.prefix(40)) mapped at run time by \(OpenAIForms.optionsHelperName): Ollama options with no OpenAI form are dropped")
            return .success(true)
        }
        var stays: [Range<Int>] = []
        var extraBody: [String] = []
        var notes: [String] = []
        var dropped = Set<Int>()
        let entries = src.arguments(open)
        for (index, entry) in entries.enumerated() {
            guard let name = src.literal(entry.lowerBound), src.isOp(entry.lowerBound + 1, ":"), entry.lowerBound + 2 < entry.upperBound else {
                return .failure(OptionFailure(reason: "\(key)= has an entry this tool cannot read; map its Ollama options by hand", t: entry.lowerBound))
            }
            let value = src.text(tokens: entry.lowerBound + 2...entry.upperBound - 1)
            if let openAI = OpenAIForms.topLevelOptions[name] {
                stays.append(entry)
                if openAI != name {
                    let quote = src.text(entry.lowerBound).first!
                    edits.append(UnitEdit(range: src.tokens[entry.lowerBound].range, text: "\(quote)\(openAI)\(quote)"))
                }
            } else if let vLLM = OpenAIForms.extraBodyOptions[name] {
                extraBody.append("\"\(vLLM)\": \(value)")
                dropped.insert(index)
            } else if let note = OpenAIForms.serverOptions[name] {
                notes.append("\(note) (was \(key)[\"\(name)\"]=\(value))")
                dropped.insert(index)
            } else {
                return .failure(OptionFailure(reason: "\(key)[\"\(name)\"] is an Ollama option with no OpenAI form", t: entry.lowerBound))
            }
        }
        part.notes += notes
        guard !stays.isEmpty || !extraBody.isEmpty else { return .success(false) }
        edits += src.removals(of: entries, dropped: dropped, in: open)
        if !extraBody.isEmpty {
            let at = stays.last.map { src.tokens[$0.upperBound - 1].range.upperBound } ?? src.tokens[open].range.upperBound
            edits.append(UnitEdit(range: at..<at, text: (stays.isEmpty ? "" : ", ") + "\"extra_body\": {\(extraBody.joined(separator: ", "))}"))
        }
        part.edits += edits
        return .success(true)
    }

    /// Whether the name at token `u` sits in an annotation: after `->`, or after the `:` of a
    /// parameter or an annotated assignment, through subscripts (`Optional[X]`, `X | None`).
    private func inAnnotation(_ u: Int) -> Bool {
        var i = u - 1
        // A comma outside every subscript around `u` separates parameters: `u` is not in the
        // annotation before it.
        var comma = false
        while i >= 0 {
            if src.isOp(i, "]"), let open = src.partner[i] {
                i = open - 1
                continue
            }
            if src.isOp(i, "->") { return !comma }
            if src.isOp(i, ":") { return !comma && isAnnotationColon(i) }
            if src.isOp(i, "[") {
                comma = false
            } else if src.isOp(i, ",") {
                comma = true
            } else if !(src.isName(i) || src.isOp(i, ".") || src.isOp(i, "|") || src.isOp(i, "...")) {
                return false
            }
            i -= 1
        }
        return false
    }

    /// Whether the `:` at token `i` starts an annotation: of a `def`'s parameter (`x: T`) or of
    /// an assignment at the start of a statement (`x: T = …`, `self.x: T`).
    private func isAnnotationColon(_ i: Int) -> Bool {
        // `else: X` and `lambda: X` end in a name and a colon too.
        guard src.isName(i - 1), !["lambda", "else", "try", "finally"].contains(String(src.text(i - 1))) else { return false }
        if src.isOp(i - 2, "(") || src.isOp(i - 2, ",") || src.isOp(i - 2, "*") || src.isOp(i - 2, "**") {
            // The bracket the parameter sits in opens a `def`'s parameters.
            var j = i - 2
            while j > 0, src.tokens[j].depth >= src.tokens[i - 1].depth { j -= 1 }
            return src.isOp(j, "(") && src.isName(j - 1) && src.isName(j - 2, "def")
        }
        var j = i - 1
        while src.isName(j), src.isOp(j - 1, ".") { j -= 2 }
        return src.isName(j) && src.statementStart(i) == j
    }

    /// A read of an attribute that only the Ollama class has (`llm.client`, `self.embed._client`)
    /// on the instance the construction at token `u` is bound to (`x = C(…)`, `self.x = C(…)`):
    /// the read's tokens.
    private func ollamaAttributeRead(of u: Int, attributes: Set<String>) -> ClosedRange<Int>? {
        guard !attributes.isEmpty else { return nil }
        let s = src.statementStart(u)
        let scope: Range<Int>
        let prefix: [String]
        if src.isName(s), src.isOp(s + 1, "="), s + 2 == u {
            scope = src.scope(u)
            prefix = [String(src.text(s))]
        } else if src.isName(s, "self"), src.isOp(s + 1, "."), src.isName(s + 2), src.isOp(s + 3, "="), s + 4 == u {
            scope = src.enclosing(u).flatMap { enclosingClass($0.header) } ?? src.scope(u)
            prefix = ["self", ".", String(src.text(s + 2))]
        } else {
            return nil
        }
        for v in scope where src.isName(v, prefix[0]) && !src.isOp(v - 1, ".") {
            let after = v + prefix.count
            guard prefix.indices.allSatisfy({ src.text(v + $0) == prefix[$0] }), src.isOp(after, "."), src.isName(after + 1),
                  attributes.contains(String(src.text(after + 1))) else { continue }
            return v...after + 1
        }
        return nil
    }
}
