/// LangChain's Ollama classes (`langchain_ollama`, `langchain_community`) as migration units:
/// a class is rewritten with its import and every use in the file (each construction with its
/// keyword arguments mapped), or not at all. What each class and keyword becomes is
/// `OpenAIForms.langChain`.
extension Planner {
    struct FrameworkUnit {
        let subject: String
        var part: Part
    }

    func frameworkUnits() -> [FrameworkUnit] {
        // `from <module> import A, B as C` of the classes, with each import's statement.
        var classes: [(local: String, name: String, statement: (start: Int, end: Int))] = []
        var t = 0
        while t < src.tokens.count {
            let end = src.statementEnd(t)
            defer { t = end + 1 }
            guard src.isName(t, "from") else { continue }
            var i = t + 1
            var module = ""
            while i < end, !src.isName(i, "import") { module += src.text(i); i += 1 }
            guard OpenAIForms.langChainModules.contains(module), src.isName(i, "import") else { continue }
            for (name, local) in importedNames(t, end) where OpenAIForms.langChain[name] != nil {
                classes.append((local, name, (t, end)))
            }
        }
        var units = classes.map { unit(for: $0.local, name: $0.name, statement: $0.statement) }
        // Classes imported by one statement share it: one left makes them all left.
        for (i, c) in classes.enumerated() where units[i].part.failure == nil {
            if let j = classes.indices.first(where: { classes[$0].statement.start == c.statement.start && units[$0].part.failure != nil }) {
                units[i].part.failure = Unrewritable(reason: "it shares its import with `\(classes[j].name)`, which is left as it is",
                                                     offset: src.tokens[c.statement.start].range.lowerBound)
            }
        }
        return units
    }

    private func unit(for local: String, name: String, statement: (start: Int, end: Int)) -> FrameworkUnit {
        let target = OpenAIForms.langChain[name]!
        var part = Part(firstOffset: src.tokens[statement.start].range.lowerBound)
        func fail(_ reason: String, _ t: Int) -> FrameworkUnit {
            var p = part
            p.failure = Unrewritable(reason: reason, offset: src.tokens[t].range.lowerBound)
            return FrameworkUnit(subject: "LangChain's `\(name)`", part: p)
        }
        // The import: this class's name goes; the others of the statement stay for their units.
        let names = importedNames(statement.start, statement.end)
        let others = names.filter { $0.local != local }
        let range = lineRange(statement.start, statement.end)
        let indentation = String(decoding: src.bytes[range.lowerBound..<src.tokens[statement.start].range.lowerBound], as: UTF8.self)
        let module = src.text(tokens: statement.start + 1...importKeyword(statement.start) - 1)
        if others.isEmpty {
            part.edits.append(UnitEdit(range: range, text: indentation + "from langchain_openai import \(target.name)\n"))
        } else {
            // A statement of several classes is rewritten by the first one's unit only when
            // every class of it is one of these units: else the unit leaves the statement.
            guard others.allSatisfy({ OpenAIForms.langChain[$0.name] != nil }) else {
                return fail("`\(module)` also imports names with no OpenAI counterpart here; split the import by hand", statement.start)
            }
            if names.first?.local == local {
                let targets = names.map { OpenAIForms.langChain[$0.name]!.name }
                part.edits.append(UnitEdit(range: range, text: indentation + "from langchain_openai import \(Array(Set(targets)).sorted().joined(separator: ", "))\n"))
            }
        }
        // Every use of the class: a construction with mapped arguments, or a plain reference.
        for u in src.tokens.indices where src.isName(u, local) && !src.isOp(u - 1, ".") && !(statement.start...statement.end).contains(u) {
            part.edits.append(UnitEdit(range: src.tokens[u].range, text: target.name))
            guard src.isOp(u + 1, "("), let close = src.partner[u + 1] else { continue }
            var sawBase = false
            var kept: [Range<Int>] = []
            var dropped = Set<Int>()
            let args = src.arguments(u + 1)
            for (index, arg) in args.enumerated() {
                if src.isOp(arg.lowerBound, "**") || src.isOp(arg.lowerBound, "*") {
                    return fail("`\(local)(**…)` takes its arguments from elsewhere, so they cannot be mapped one by one", arg.lowerBound)
                }
                guard let (key, _) = keyword(arg) else {
                    return fail("`\(local)(…)` takes a positional argument", arg.lowerBound)
                }
                let value = valueText(arg)
                if OpenAIForms.langChainDropped[key] == nil { kept.append(arg) }
                if key == "base_url" {
                    guard let url = OpenAIForms.vLLMBase(fromLiteral: value) else {
                        return fail("base_url=\(value.prefix(40)) is computed at run time; point it at the vLLM server's /v1 by hand", arg.lowerBound)
                    }
                    sawBase = true
                    part.edits.append(UnitEdit(range: byteRange(arg), text: "base_url=\(url), \(OpenAIForms.apiKey)"))
                } else if let renamed = target.keywords[key] {
                    if renamed != key { part.edits.append(UnitEdit(range: src.tokens[arg.lowerBound].range, text: renamed)) }
                } else if let note = OpenAIForms.langChainDropped[key] {
                    part.notes.append("\(key)=\(value) dropped: \(note)")
                    dropped.insert(index)
                    continue
                } else {
                    return fail("\(local)(\(key)=…) has no ChatOpenAI counterpart", arg.lowerBound)
                }
            }
            part.edits += src.removals(of: args, dropped: dropped, in: u + 1)
            var added = target.extra
            if !sawBase { added.insert("base_url=os.environ.get(\"OPENAI_BASE_URL\", \"http://localhost:8000/v1\"), \(OpenAIForms.apiKey)", at: 0) }
            // After the last argument that stays: a removed one may take its whole line.
            let at = kept.last.map { src.tokens[$0.upperBound - 1].range.upperBound } ?? src.tokens[u + 1].range.upperBound
            if !added.isEmpty {
                part.edits.append(UnitEdit(range: at..<at, text: (kept.isEmpty ? "" : ", ") + added.joined(separator: ", ")))
            }
            _ = close
            part.needs.insert("os")
        }
        return FrameworkUnit(subject: "LangChain's `\(name)`", part: part)
    }
}
