import Languages
import Model
import PCRE2Swift
import Platform
import Rules

/// What the project pass needs from one file, gathered while the worker has its bytes: the
/// keys of its imports, and the names it exports that are Ollama's (a wrapper class or
/// function, a module-level client). The project pass re-reads only the files whose keys
/// may name such an exporter, and reads their import statements then.
package struct FileFacts: Sendable {
    /// The file: a tree keeps one of these per file that imports anything, and a SourceFile
    /// is three allocations (two strings and the path's bytes), 40 MB of 93 on the generated
    /// corpus at 4x. So a file on disk is kept as one array, its absolute path's bytes then
    /// its reported path's, and made a SourceFile again when the project pass reads it.
    private let stored: Stored
    package let types: FileTypeSet
    /// Empty until the project pass reads the file again: every file's statements, kept from
    /// the scan, were most of a large scan's memory.
    package var imports: [ImportFact] = []
    package var keys: ImportKeys = .none
    package var exports: [ExportFact]

    private enum Stored {
        case paths([UInt8], split: Int)
        /// Bytes not on disk (`--staged`), kept whole.
        case whole(SourceFile)
    }

    package init(file: SourceFile, keys: ImportKeys = .none, exports: [ExportFact]) {
        stored = file.content == nil
            ? .paths(file.absolutePathBytes + (file.rawPath ?? Array(file.path.utf8)), split: file.absolutePathBytes.count)
            : .whole(file)
        types = file.types
        self.keys = keys
        self.exports = exports
    }

    package var file: SourceFile {
        switch stored {
        case let .paths(bytes, split):
            SourceFile(absolutePathBytes: Array(bytes[..<split]), pathBytes: Array(bytes[split...]), types: types)
        case let .whole(file): file
        }
    }

    /// The path reports name it by, as `file.path` is.
    package var path: String {
        switch stored {
        case let .paths(bytes, split): String(validating: bytes[split...], as: UTF8.self) ?? PathBytes.display(Array(bytes[split...]))
        case let .whole(file): file.path
        }
    }
}

package struct ImportFact: Sendable {
    /// As written: `repos.ollama_repo`, `..repos.ollama_repo`, `./ollama`, `@/lib/llm`.
    package let module: String
    /// The imported names as written; `names` parses them, only for an import that resolves.
    package let namesText: String
    /// Imported names and the local name each gets (`OllamaRepo as Repo`).
    package var names: [(name: String, local: String)] { FileScanner.importedNames(namesText) }
    /// `import pkg.mod as m`: the module's own local name.
    package let moduleLocal: String?
    /// The statement's span in the file (after any byte-order mark).
    package let range: Range<Int>
    /// Whether it sits at the top of the module (Python re-exports what it imports there).
    package let topLevel: Bool
}

package struct ExportFact: Sendable {
    package let name: String
    package let kind: BindingKind
    package let ruleID: String
    /// Nearest first: the definition or binding, then the origin.
    package let via: [Evidence]
    package let depth: Int
    /// Whether a default import may stand for it: false when the module names another
    /// default export (`module.exports = Provider` beside an Ollama class).
    package var defaultable = true
}

extension FileScanner {
    /// Runs the uses of the file's bindings, then keeps its facts for the project pass.
    /// Called after the rules, before mentions give way and suppressions apply, so derived
    /// findings go through both like any other.
    func flow(_ file: SearchedFile, from firstFinding: Int) {
        guard let flow = file.types.flow else { pendingBindings.removeAll(); return }
        var facts = FileFacts(file: currentFile ?? SourceFile(absolutePath: "", path: file.path, types: file.types),
                              exports: [])
        if !pendingBindings.isEmpty || result.findings[firstFinding...].contains(where: Self.maySite) {
            let lines = file.lines
            let mask = file.mask
            var reported: [Int: Priority] = [:]
            for finding in result.findings[firstFinding...] {
                reported[finding.start.line - 1] = max(reported[finding.start.line - 1] ?? .low, finding.priority)
            }
            let blocks = file.blocks(using: scratch)
            var run = FlowRun(content: file.content, path: file.path, types: file.types, flow: flow, lines: lines,
                              mask: mask, blocks: blocks, patterns: flowPatterns, maps: scanner.maps, reported: reported,
                              byteOffset: file.bom)
            let initial = pendingBindings.map { pending in
                Bound(name: pending.name, kind: pending.kind, ruleID: pending.ruleID,
                      via: [run.evidence("binding", pending.name, at: pending.offset)],
                      scope: run.scope(of: pending.name, at: pending.offset), depth: 0, usePriority: nil)
            }
            pendingBindings.removeAll()
            run.run(initial)
            facts.exports = exports(of: run.bindings, file: file, flow: flow, lines: lines, mask: mask, blocks: blocks)
            if !facts.exports.isEmpty, let name = defaultExport(of: file, flow: flow, mask: mask) {
                for i in facts.exports.indices where facts.exports[i].name != name { facts.exports[i].defaultable = false }
            }
            // The module's own uses of its wrappers, as an importer's would be.
            var local: [Bound] = []
            for export in facts.exports where export.kind == .wrapperClass || export.kind == .wrapperFunction {
                let origin = Bound(name: export.name, kind: export.kind, ruleID: export.ruleID, via: export.via,
                                   scope: 0..<file.content.count, depth: export.depth + 1, usePriority: nil)
                local += export.kind == .wrapperClass ? run.instances(of: origin, exports: &facts.exports)
                    : run.wrapperCalls(of: origin, exports: &facts.exports)
            }
            if !local.isEmpty { run.run(local) }
            run.frameworkRules = frameworkRuleIDs
            // Tests call Ollama to test it: their functions are no helpers a migration follows.
            let sites = file.layer == .test ? []
                : requestSites(Array(result.findings[firstFinding...]) + run.findings, file: file, flow: flow,
                               lines: lines, mask: mask)
            if !sites.isEmpty {
                let wrappers = Set(facts.exports.filter { $0.kind == .wrapperFunction }.map(\.name))
                facts.exports += run.helpers(sites: sites, wrappers: wrappers)
                let errors = run.handlers(sites: sites, scratch: scratch)
                if !errors.isEmpty { run.run(errors) }
            }
            for finding in run.findings { accept(finding, yieldsToOverlaps: false) }
            // A module that hands its client out may have its uses in the importers: the
            // project pass restores the priority when one imports it (`ProjectFlow.run`).
            demoteAdministration(file, from: firstFinding, flow: flow, lines: lines, mask: mask,
                                 bindings: run.bindings.filter { $0.kind == .client && $0.depth == 0 })
        }
        guard currentFile != nil else { return }
        facts.keys = ImportKeys(imports(of: file, flow: flow), flow: flow, bare: &result.bareModules)
        if !facts.keys.isEmpty || !facts.exports.isEmpty { result.facts.append(facts) }
    }

    /// The Ollama names a module offers its importers: the top-level class or function a
    /// client is built in, or a client bound at module level.
    func exports(of bindings: [Bound], file: SearchedFile, flow: Flow, lines: LineIndex, mask: SyntaxMask,
                 blocks: BlockIndex) -> [ExportFact] {
        var exports: [ExportFact] = []
        var seen = Set<String>()
        let importStatements = flow.imports.compactMap { flowPatterns.regex($0.pattern, name: "", flow: flow) }
        for bound in bindings where bound.kind == .client || bound.kind == .wrapperInstance || bound.kind == .baseURL {
            guard let site = bound.via.first else { continue }
            let offset = lines.starts[site.line - 1]
            // A base URL is offered only from the module's top level (`OLLAMA_URL = ...`).
            if bound.kind == .baseURL {
                // A URL helper's own definition is at the top level when no other block holds it.
                let start = offset + FlowBlocks.indentation(file.content, offset)
                if blocks.chain(enclosing: start).allSatisfy({ $0.name == bound.name && site.kind == "definition" }),
                   !bound.name.contains("."), seen.insert(bound.name).inserted {
                    exports.append(ExportFact(name: bound.name, kind: .baseURL, ruleID: bound.ruleID, via: bound.via, depth: bound.depth))
                }
                continue
            }
            // A name an import statement binds (`import ollama`) is the package's, not this module's.
            if importStatements.contains(where: { regex in
                (try? regex.find(in: file.content, from: offset, startLimit: offset, using: flowPatterns.scratch)) != nil
            }) { continue }
            if let top = FlowBlocks.topLevel(blocks, offset: offset + FlowBlocks.indentation(file.content, offset)) {
                guard top.kind == "class" || top.kind == "function" else { continue }
                let kind: BindingKind = top.kind == "class" ? .wrapperClass : .wrapperFunction
                // A wrapper function builds a client and hands it out; one that only uses a
                // client (a `main`) is not a wrapper.
                if kind == .wrapperFunction,
                   bound.via.count > 1 || !returns(bound, content: file.content, flow: flow, lines: lines, mask: mask, blocks: blocks) {
                    continue
                }
                guard seen.insert(top.name).inserted else { continue }
                let definition = Evidence(kind: "definition", name: top.name, path: file.path, line: top.startLine,
                                          column: 1 + FlowBlocks.indentation(file.content, lines.starts[top.startLine - 1]))
                exports.append(ExportFact(name: top.name, kind: kind, ruleID: bound.ruleID, via: [definition] + bound.via,
                                          depth: bound.depth))
            } else if !bound.name.contains("."), seen.insert(bound.name).inserted {
                exports.append(ExportFact(name: bound.name, kind: bound.kind, ruleID: bound.ruleID, via: bound.via, depth: bound.depth))
            }
        }
        return exports
    }

    /// The name a module exports by default, when it says so in code (not in a comment).
    func defaultExport(of file: SearchedFile, flow: Flow, mask: SyntaxMask) -> String? {
        guard let template = flow.defaultExport, let regex = flowPatterns.regex(template, name: "", flow: flow) else { return nil }
        let found = flowPatterns.matches(regex, in: file.content, scope: 0..<file.content.count, mask: mask)
        return found.last.flatMap { $0[group: 1] }.map { LineIndex.decode(file.content, $0) }
    }

    /// Whether the function around a client binding hands the client out: the binding is a
    /// `return` (`return ChatOllama(...)`), or the bound name is returned later.
    func returns(_ bound: Bound, content: [UInt8], flow: Flow, lines: LineIndex, mask: SyntaxMask, blocks: BlockIndex) -> Bool {
        guard let site = bound.via.first,
              let regex = flowPatterns.regex(#"^[ \t]*+return[ \t]+(?:await[ \t]+)?(?:new[ \t]+)?(?:[\w.$]+\.)?NAME\b"#,
                                             name: bound.name, flow: flow) else { return false }
        let start = lines.starts[site.line - 1]
        let scope = FlowBlocks.localScope(blocks, offset: start + FlowBlocks.indentation(content, start), count: content.count)
        return !flowPatterns.matches(regex, in: content, scope: start..<scope.upperBound, mask: mask).isEmpty
    }

    /// Whether a finding can be a request site (`requestSites` looks closer).
    static func maySite(_ finding: Finding) -> Bool {
        finding.priority >= .medium
            && (finding.category == .clientCall || finding.category == .framework || finding.category == .endpoint)
    }

    /// The places in the file that talk to Ollama: client calls and framework models in code
    /// (not an import statement: a lazy import is no request), and Ollama API endpoints at
    /// high or above, in code or a string.
    func requestSites(_ findings: [Finding], file: SearchedFile, flow: Flow, lines: LineIndex, mask: SyntaxMask) -> [RequestSite] {
        let importStatements = flow.imports.compactMap { flowPatterns.regex($0.pattern, name: "", flow: flow) }
        // A handler that names an Ollama error type catches a request; it makes none.
        let handler = flow.handlers.flatMap { flowPatterns.regex(#"^[ \t]*+(?:\}[ \t]*)?"# + $0.clause, name: "", flow: flow) }
        var sites: [RequestSite] = []
        // A call of a local wrapper (its evidence starts at the wrapper's definition) goes
        // through a function that is a helper itself.
        for finding in findings where Self.maySite(finding) && finding.via.first?.kind != "definition" {
            let offset = finding.byteRange.lowerBound - file.bom
            guard offset >= 0, offset < file.content.count else { continue }
            if finding.category == .endpoint {
                // A request to Ollama's REST API (an inference endpoint, or a reply bound from an
                // /api/ call), not a host URL or a proxy key.
                guard finding.priority >= .high, mask.kind(at: offset) != .comment,
                      finding.priority == .critical || finding.lineText.contains("/api/") else { continue }
            } else if mask.kind(at: offset) != .code {
                continue
            }
            let lineStart = lines.starts[lines.lineIndex(of: offset)]
            if let handler, (try? handler.find(in: file.content, from: lineStart, startLimit: lineStart,
                                               using: flowPatterns.scratch)) != nil { continue }
            if importStatements.contains(where: { regex in
                (try? regex.find(in: file.content, from: lineStart, startLimit: lineStart, using: flowPatterns.scratch)) != nil
            }) { continue }
            var name = Substring(finding.match.split(separator: "\n").first ?? "")
            while let last = name.last, last == "(" || last == " " || last == "\t" { name = name.dropLast() }
            sites.append(RequestSite(offset: offset, ruleID: finding.ruleID, name: String(name.prefix(60)), via: finding.via))
        }
        return sites.sorted { $0.offset < $1.offset }
    }

    /// What a demoted finding's message ends with.
    package static let administrationOnly = " (used here only to manage models or probe the server)"

    /// When every call on the ollama package's client in a file is model administration or a
    /// probe (medium: list, pull, show, a chat with no messages), the file's import and
    /// construction lines are medium too: the client is not on the inference path. Framework
    /// models are not the package's client.
    func demoteAdministration(_ file: SearchedFile, from firstFinding: Int, flow: Flow, lines: LineIndex, mask: SyntaxMask,
                              bindings: [Bound]) {
        let importStatements = flow.imports.compactMap { flowPatterns.regex($0.pattern, name: "", flow: flow) }
        let bindingLines = Set(bindings.compactMap { $0.via.last?.line })
        var isImport: [Int: Bool] = [:]
        func isSetupLine(_ finding: Finding) -> Bool {
            let line = finding.start.line
            if bindingLines.contains(line) { return true }
            if let known = isImport[line] { return known }
            let lineStart = lines.starts[line - 1]
            let known = importStatements.contains { regex in
                (try? regex.find(in: file.content, from: lineStart, startLimit: lineStart, using: flowPatterns.scratch)) != nil
            }
            isImport[line] = known
            return known
        }
        var uses = 0
        for finding in result.findings[firstFinding...] where finding.category == .clientCall
            && !frameworkRuleIDs.contains(finding.ruleID) {
            let offset = finding.byteRange.lowerBound - file.bom
            guard offset >= 0, offset < file.content.count, mask.kind(at: offset) == .code, !isSetupLine(finding) else { continue }
            guard finding.priority <= .medium else { return }
            uses += 1
        }
        guard uses > 0 else { return }
        for index in firstFinding..<result.findings.count {
            let finding = result.findings[index]
            guard finding.priority == .critical, finding.category == .clientImport || finding.category == .clientCall,
                  !frameworkRuleIDs.contains(finding.ruleID), isSetupLine(finding) else { continue }
            result.findings[index] = Finding(
                ruleID: finding.ruleID, category: finding.category, priority: .medium, layer: finding.layer,
                message: finding.message + Self.administrationOnly, path: finding.path,
                start: finding.start, end: finding.end, match: finding.match, lineText: finding.lineText,
                fixability: finding.fixability, replacement: finding.replacement, byteRange: finding.byteRange,
                region: finding.region, via: finding.via)
        }
    }

    static func evidence(_ kind: String, _ name: String, at offset: Int, path: String, lines: LineIndex) -> Evidence {
        let position = lines.position(of: offset)
        return Evidence(kind: kind, name: name, path: path, line: position.line, column: position.column)
    }

    /// The file's import statements. The file is not lexed for them: most files have
    /// imports and no finding, and a statement-shaped line inside a string is rare.
    func imports(of file: SearchedFile, flow: Flow) -> [ImportFact] {
        var imports: [ImportFact] = []
        for form in flow.imports {
            guard file.contains(word: form.word),
                  let regex = flowPatterns.regex(form.pattern, name: "", flow: flow),
                  let modGroup = regex.groupNumber(named: "mod") else { continue }
            let namesGroup = regex.groupNumber(named: "names")
            let aliasGroup = regex.groupNumber(named: "alias")
            for match in statements(of: form, regex, in: file.content, flow: flow) {
                guard let mod = match[group: modGroup] else { continue }
                let names = namesGroup.flatMap { match[group: $0] }.map { LineIndex.decode(file.content, $0, limit: false) } ?? ""
                let alias = aliasGroup.flatMap { match[group: $0] }.map { LineIndex.decode(file.content, $0) }
                let lineStart = (file.content[..<match.range.lowerBound].lastIndex(of: 0x0A) ?? -1) + 1
                let topLevel = !flow.indentBlocks || FlowBlocks.indentation(file.content, lineStart) == 0
                imports.append(ImportFact(module: LineIndex.decode(file.content, mod), namesText: names, moduleLocal: alias,
                                          range: match.range, topLevel: topLevel))
            }
        }
        return imports
    }

    /// The matches of an import form, in order and not overlapping. A form whose statements
    /// start on a line holding its word is tried only at the starts of such lines, found by
    /// a literal search: its pattern from `^[ \t]*+` has no first byte for PCRE2 to skip to,
    /// so a search of the whole file tried it at every line.
    func statements(of form: Flow.ImportForm, _ regex: Regex, in content: [UInt8], flow: Flow) -> [Match] {
        var found: [Match] = []
        guard form.wordOnFirstLine, let word = flowPatterns.regex(Regex.escape(form.word), name: "", flow: flow) else {
            var start = 0
            while start < content.count, let match = try? regex.captures(in: content, from: start, using: flowPatterns.scratch) {
                start = max(match.range.upperBound, match.range.lowerBound + 1)
                found.append(match)
            }
            return found
        }
        var from = 0
        // No match may start before `after` (the last one's end); a line is tried once.
        var after = 0, tried = -1
        while from < content.count, let hit = try? word.find(in: content, from: from, using: flowPatterns.scratch) {
            from = hit.upperBound
            let lineStart = (content[..<hit.lowerBound].lastIndex(of: 0x0A) ?? -1) + 1
            guard lineStart >= after, lineStart > tried else { continue }
            tried = lineStart
            guard let match = try? regex.captures(in: content, from: lineStart, startLimit: lineStart, using: flowPatterns.scratch)
            else { continue }
            found.append(match)
            after = max(match.range.upperBound, match.range.lowerBound + 1)
        }
        return found
    }

    /// `a, b as c`, `(a,\n b)`, `{ a, b as c }`, `D, { a }`, `* as ns`, `{ a: b }` (require).
    static func importedNames(_ text: String) -> [(name: String, local: String)] {
        var result: [(name: String, local: String)] = []
        var bytes = Array(text.utf8)
        for i in bytes.indices where bytes[i] == 0x28 || bytes[i] == 0x29 || bytes[i] == 0x7B || bytes[i] == 0x7D
            || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { bytes[i] = 0x20 }
        let cleaned = String(decoding: bytes, as: UTF8.self)
        for part in cleaned.split(separator: ",") {
            var words = part.split(whereSeparator: { $0 == " " || $0 == ":" }).map(String.init)
            if words.first == "type" { words.removeFirst() }
            guard let first = words.first, first != "*" || words.count == 3 else { continue }
            if first == "*" { result.append((name: "*", local: words[2])); continue }
            if words.count >= 3, words[1] == "as" { result.append((name: first, local: words[2])) }
            else if words.count == 2 { result.append((name: first, local: words[1])) }
            else { result.append((name: first, local: first)) }
        }
        return result
    }
}

extension FileTypeSet {
    /// The flow data of the file's language, when it has some.
    package var flow: Flow? {
        for type in types { if let flow = type.language.flow { return flow } }
        return nil
    }
}
