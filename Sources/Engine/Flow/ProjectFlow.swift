import Foundation
import Languages
import Model
import PCRE2Swift
import Platform
import Rules

/// The project-wide flow pass, after every file is scanned: the modules that export an
/// Ollama wrapper or client (`FileFacts.exports`) and the files that import them
/// (`FileFacts.keys`, resolved inside the scanned roots). Only importers are read again,
/// each once per round; a round's importers that re-export (a module-level instance, a
/// package `__init__.py`) feed the next round, up to `FlowRun.maxDepth` rounds. Single
/// threaded and in path order, so its findings do not depend on the thread count.
package struct ProjectFlow {
    let scanner: Scanner
    let facts: [FileFacts]
    let tsconfigs: [TSConfig]
    /// The non-relative JS modules the files import (`ImportKeys`).
    let bareModules: Set<String>

    package init(scanner: Scanner, facts: [FileFacts], tsconfigs: [TSConfig], bareModules: Set<String> = []) {
        self.scanner = scanner
        // By each path's bytes, taken once: String.UTF8View compared byte by byte in every
        // comparison, and each move copying a FileFacts, cost a scan of the corpus 1%.
        let keys = facts.map { Array($0.path.utf8) }
        self.facts = facts.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }.map { facts[$0] }
        self.tsconfigs = tsconfigs.sorted { $0.folder.count > $1.folder.count }
        self.bareModules = bareModules
    }

    /// A local name an import gives a wrapper or client of another module.
    struct Imported {
        let local: String
        let export: ExportFact
        let statement: ImportFact
        let module: String
    }

    package func run(into result: inout ScanResult) {
        var exporters: [String: [ExportFact]] = [:]
        for fact in facts where !fact.exports.isEmpty { exporters[fact.path, default: []] += fact.exports }
        guard !exporters.isEmpty else { return }
        let importers = facts.indices.filter { !facts[$0].keys.isEmpty }
        let patterns = FlowPatterns()
        // One worker for the whole pass: each owns PCRE2 scratch space (a JIT stack mapped
        // and unmapped per allocation), so one per importer was a pair of syscalls each.
        let worker = FileScanner(scanner: scanner)
        let yielding = Set(scanner.rules.filter(\.yieldsToOverlaps).map(\.id))
        var handled = Set<String>()
        // Modules whose own client (not a framework model, not a helper) another file imports.
        let frameworkRules = Set(scanner.rules.filter { $0.category == .framework }.map(\.id))
        var handedOut = Set<String>()
        var byPath = FindingsByPath(result.findings)
        var round = exporters
        for _ in 0..<FlowRun.maxDepth where !round.isEmpty {
            let stems = Self.stems(of: round)
            let keys = stems.map { ImportKeys.hash($0.utf8) }
            var aliased: [[String]: [UInt64]] = [:]
            var next: [String: [ExportFact]] = [:]
            for index in importers {
                guard let flow = facts[index].types.flow else { continue }
                // A file none of whose keys names an exporter imports none: it is not read.
                let filter = facts[index].keys
                if !keys.contains(where: filter.mayContain) {
                    guard !tsconfigs.isEmpty, case let .path(extensions, indexName) = flow.modules else { continue }
                    // One key per resolution, not a joined string per importer.
                    let key = [indexName] + extensions
                    let hits = aliased[key] ?? {
                        let hits = aliasHits(extensions: extensions, index: indexName, exporters: round)
                        aliased[key] = hits
                        return hits
                    }()
                    guard hits.contains(where: filter.mayContain) else { continue }
                }
                guard let content = read(facts[index].file) else { continue }
                var importer = facts[index]
                let path = importer.path
                importer.imports = worker.imports(of: SearchedFile(content, path: path, types: importer.types), flow: flow)
                let imported = resolve(importer, flow: flow, exporters: round, stems: stems).filter {
                    handled.insert("\(path)\u{0}\($0.statement.range.lowerBound)\u{0}\($0.local)").inserted
                }
                for item in imported where item.export.kind != .helperFunction && !frameworkRules.contains(item.export.ruleID) {
                    handedOut.insert(item.module)
                }
                guard !imported.isEmpty else { continue }
                let reexports = derive(imported, in: importer, content: content, flow: flow, patterns: patterns,
                                       worker: worker, yielding: yielding, byPath: &byPath, into: &result)
                if !reexports.isEmpty { next[path, default: []] += reexports }
            }
            round = next
        }
        byPath.removeDropped(from: &result.findings)
        restore(handedOut, in: &result)
    }

    /// A client a module hands out is used by its importers, whatever the module itself does
    /// with it: its import and construction lines keep their priority.
    func restore(_ modules: Set<String>, in result: inout ScanResult) {
        guard !modules.isEmpty else { return }
        for index in result.findings.indices where modules.contains(result.findings[index].path) {
            let finding = result.findings[index]
            guard finding.message.hasSuffix(FileScanner.administrationOnly) else { continue }
            result.findings[index] = Finding(
                ruleID: finding.ruleID, category: finding.category, priority: .critical, layer: finding.layer,
                message: String(finding.message.dropLast(FileScanner.administrationOnly.count)), path: finding.path,
                start: finding.start, end: finding.end, match: finding.match, lineText: finding.lineText,
                fixability: finding.fixability, replacement: finding.replacement, byteRange: finding.byteRange,
                region: finding.region, via: finding.via)
        }
    }

    /// The keys (`ImportKeys.bareHash`) of the non-relative modules that some `tsconfig.json`
    /// alias resolves to an exporter, whichever folder the importer is in: a superset of what
    /// `module` finds for any one importer.
    func aliasHits(extensions: [String], index: String, exporters: [String: [ExportFact]]) -> [UInt64] {
        // What a candidate stem must be to name an exporter: its path, that path without one
        // of the extensions, or the folder of an index file. One set lookup per candidate, not
        // twenty-one joined strings per candidate of every bare module the project imports.
        var targets = Set<String>()
        for path in exporters.keys {
            targets.insert(path)
            for ext in extensions where path.hasSuffix("." + ext) {
                targets.insert(String(path.dropLast(ext.count + 1)))
                if path.split(separator: "/").last.map(String.init) == index + "." + ext { targets.insert(Self.folder(of: path)) }
            }
        }
        return bareModules.sorted().filter { module in
            tsconfigs.contains { config in config.candidates(for: module).compactMap(Self.normalize).contains(where: targets.contains) }
        }.map(ImportKeys.bareHash)
    }

    /// The last path component of each exporter without its extension, and the folder name
    /// of a package or index file: a module whose last part is none of these names no
    /// exporter, which spares most imports the path arithmetic.
    static func stems(of exporters: [String: [ExportFact]]) -> Set<String> {
        var stems = Set<String>()
        for path in exporters.keys {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            let stem = name.split(separator: ".").first.map(String.init) ?? name
            stems.insert(stem)
            if stem == "__init__" || stem == "index" { stems.insert(folder(of: path).split(separator: "/").last.map(String.init) ?? "") }
        }
        return stems
    }

    /// The identifiers of an import's names text, split on bytes: most imports name no
    /// exporter, and this runs for each of them.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        for byte in text.utf8 {
            if isWordByte(byte) {
                current.append(byte)
            } else if !current.isEmpty {
                words.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }

    /// A byte of an identifier: a letter, digit, `_`, `$`, or any byte of a non-ASCII character.
    static func isWordByte(_ byte: UInt8) -> Bool {
        byte == 0x5F || byte == 0x24 || (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) || byte >= 0x80
    }

    /// The last part of a module as written (`repos.ollama_repo`, `../lib/ollama.js`).
    static func lastPart(_ module: String, dotted: Bool) -> String {
        let bytes = module.utf8
        if dotted {
            guard let dot = bytes.lastIndex(of: 0x2E) else { return module }
            return String(module[bytes.index(after: dot)...])
        }
        let start = bytes.lastIndex(of: 0x2F).map { bytes.index(after: $0) } ?? bytes.startIndex
        let end = bytes[start...].firstIndex(of: 0x2E) ?? bytes.endIndex
        return String(module[start..<end])
    }

    /// The imports of `importer` that name an export of `exporters`.
    func resolve(_ importer: FileFacts, flow: Flow, exporters: [String: [ExportFact]], stems: Set<String>) -> [Imported] {
        var found: [Imported] = []
        let path = importer.path
        let dotted: Bool
        if case .dotted = flow.modules { dotted = true } else { dotted = false }
        for statement in importer.imports {
            // Only relative JS imports are sure to end in the file's own name; an alias may not.
            let sure = dotted || statement.module.hasPrefix(".")
            if sure, !stems.contains(Self.lastPart(statement.module, dotted: dotted)) {
                // `from pkg import mod`: the module may be one of the names.
                guard dotted, Self.words(statement.namesText).contains(where: { stems.contains($0) }) else { continue }
            }
            let names = statement.names
            if let target = module(statement.module, from: path, flow: flow, exporters: exporters),
               let exports = exporters[target] {
                if let local = statement.moduleLocal ?? (names.isEmpty ? statement.module : nil) {
                    // `import pkg.mod as m`, `import pkg.mod`: m.OllamaRepo.
                    for export in exports { found.append(Imported(local: local + "." + export.name, export: export, statement: statement, module: target)) }
                }
                var matched = false
                for (name, local) in names {
                    if name == "*" {
                        for export in exports { found.append(Imported(local: local + "." + export.name, export: export, statement: statement, module: target)) }
                        matched = true
                    } else if let export = exports.first(where: { $0.name == name }) {
                        found.append(Imported(local: local, export: export, statement: statement, module: target))
                        matched = true
                    }
                }
                // A default import of a module with one export: `import Repo from './ollama'`.
                // Not a helper or a base URL: a module's default export is its component or router,
                // rarely one of its functions or its constant.
                if !matched, case .path = flow.modules, names.count == 1, exports.count == 1,
                   exports[0].kind != .helperFunction, exports[0].kind != .baseURL, exports[0].defaultable,
                   let only = names.first, only.name == only.local {
                    found.append(Imported(local: only.local, export: exports[0], statement: statement, module: target))
                }
            }
            // `from repos import ollama_repo`: each name may be a module of its own.
            for (name, local) in names where name != "*" {
                guard case .dotted = flow.modules,
                      let target = module(statement.module + (statement.module.hasSuffix(".") ? "" : ".") + name,
                                          from: path, flow: flow, exporters: exporters),
                      let exports = exporters[target] else { continue }
                for export in exports { found.append(Imported(local: local + "." + export.name, export: export, statement: statement, module: target)) }
            }
        }
        return found
    }

    /// The path of the exporter `module` names from `importer`, if it names one.
    func module(_ module: String, from importer: String, flow: Flow, exporters: [String: [ExportFact]]) -> String? {
        let folder = Self.folder(of: importer)
        switch flow.modules {
        case let .dotted(extensions, package):
            let dots = module.prefix { $0 == "." }.count
            let rest = module.dropFirst(dots).split(separator: ".").joined(separator: "/")
            var bases: [String] = []
            if dots > 0 {
                var base = folder
                for _ in 1..<dots { base = Self.folder(of: base) }
                bases = [base]
            } else {
                // Each folder from the importer's up to the root may hold the top package
                // (`src/` layouts, a backend folder that is its own root).
                var base = folder
                while true {
                    bases.append(base)
                    if base.isEmpty { break }
                    base = Self.folder(of: base)
                }
            }
            for base in bases {
                let stem = Self.join(base, rest)
                for candidate in extensions.map({ stem + "." + $0 }) + [Self.join(stem, package)] where exporters[candidate] != nil {
                    return candidate
                }
            }
            return nil
        case let .path(extensions, index):
            var stems: [String] = []
            if module.hasPrefix("./") || module.hasPrefix("../") || module == "." || module == ".." {
                stems = [Self.join(folder, module)]
            } else {
                for config in tsconfigs where config.folder.isEmpty || importer.hasPrefix(config.folder + "/") {
                    stems += config.candidates(for: module)
                }
            }
            for stem in stems.compactMap(Self.normalize) {
                let candidates = [stem] + extensions.map { stem + "." + $0 } + extensions.map { Self.join(stem, index + "." + $0) }
                if let hit = candidates.first(where: { exporters[$0] != nil }) { return hit }
            }
            return nil
        }
    }

    /// The findings in one importer, and what it re-exports.
    func derive(_ imported: [Imported], in importer: FileFacts, content whole: [UInt8], flow: Flow, patterns: FlowPatterns,
                worker: FileScanner, yielding: Set<String>, byPath: inout FindingsByPath,
                into result: inout ScanResult) -> [ExportFact] {
        let path = importer.path
        let file = SearchedFile(whole, path: path, types: importer.types, aux: worker.auxScratch)
        let lines = file.lines
        let mask = file.mask
        var reported: [Int: Priority] = [:]
        for finding in byPath.indices(of: path).map({ result.findings[$0] }) where !yielding.contains(finding.ruleID) {
            reported[finding.start.line - 1] = max(reported[finding.start.line - 1] ?? .low, finding.priority)
        }
        let blocks = file.blocks(using: worker.scratch)
        var run = FlowRun(content: file.content, path: path, types: file.types, flow: flow, lines: lines, mask: mask,
                          blocks: blocks, patterns: patterns, maps: scanner.maps, reported: reported, byteOffset: file.bom)
        var initial: [Bound] = []
        var reexports: [ExportFact] = []
        let isPackage = { () -> Bool in if case let .dotted(_, package) = flow.modules { return path.hasSuffix("/" + package) || path == package } else { return false } }()
        for item in imported {
            let imports = run.evidence("import", item.local, at: item.statement.range.lowerBound)
            let via = [imports] + item.export.via
            let origin = Bound(name: item.local, kind: item.export.kind, ruleID: item.export.ruleID, via: via,
                               scope: 0..<file.content.count, depth: item.export.depth + 1, usePriority: nil)
            let wrapper = item.export.kind == .wrapperClass || item.export.kind == .wrapperFunction
                || item.export.kind == .wrapperInstance
            run.report(Bound(name: item.local, kind: item.export.kind, ruleID: item.export.ruleID, via: item.export.via,
                             scope: origin.scope, depth: origin.depth, usePriority: nil),
                       range: item.statement.range, priority: .medium, category: .clientImport,
                       message: "imports `\(item.export.name)` from \(item.module), "
                       + (item.export.kind == .helperFunction ? "a local function that calls Ollama"
                          : wrapper ? "a local Ollama wrapper"
                          : item.export.kind == .baseURL
                          ? (item.export.via.first?.kind == "definition" ? "a function that builds Ollama URLs" : "an Ollama base URL set there")
                          : "an Ollama client built there"))
            if isPackage, item.statement.topLevel, !item.local.contains(".") {
                reexports.append(ExportFact(name: item.local, kind: item.export.kind, ruleID: item.export.ruleID, via: via,
                                            depth: item.export.depth + 1))
            }
            switch item.export.kind {
            case .wrapperClass: initial += run.instances(of: origin, exports: &reexports)
            case .wrapperFunction: initial += run.wrapperCalls(of: origin, exports: &reexports)
            case .helperFunction: run.helperCalls(of: origin)
            case .client, .wrapperInstance:
                // A call site that only reaches Ollama through another module's object
                // changes by a rename at most: medium, whatever the method.
                initial.append(Bound(name: origin.name, kind: origin.kind, ruleID: origin.ruleID, via: via, scope: origin.scope,
                                     depth: origin.depth, usePriority: .medium))
            case .baseURL:
                // The paths put after it are its endpoints, as in the module that sets it.
                initial.append(Bound(name: origin.name, kind: origin.kind, ruleID: origin.ruleID, via: via, scope: origin.scope,
                                     depth: origin.depth, usePriority: nil))
            default: break
            }
        }
        run.run(initial)
        merge(run.findings, file: file, worker: worker, yielding: yielding, byPath: &byPath, into: &result)
        return reexports
    }

    /// Adds an importer's derived findings as its own scan would have: inline suppressions
    /// apply, and mentions on their lines give way.
    func merge(_ derived: [Finding], file: SearchedFile, worker: FileScanner, yielding: Set<String>,
               byPath: inout FindingsByPath, into result: inout ScanResult) {
        guard !derived.isEmpty else { return }
        worker.result = ScanResult(findings: [], filesScanned: 0, skipped: SkipCounts(), warnings: [])
        worker.result.findings = derived
        worker.attachRegions(file, from: 0)
        worker.applySuppressions(file.content, path: file.path, from: 0, lines: file.lines)
        let lines = Set(worker.result.findings.map(\.start.line))
        for i in byPath.indices(of: file.path)
        where lines.contains(result.findings[i].start.line) && yielding.contains(result.findings[i].ruleID) {
            byPath.dropped.insert(i)
        }
        byPath.add(worker.result.findings, to: &result.findings)
        result.suppressed += worker.result.suppressed
        for used in worker.result.suppressions where used.used {
            if let i = result.suppressions.firstIndex(where: { $0.path == used.path && $0.line == used.line }) {
                result.suppressions[i].used = true
            }
        }
    }

    func read(_ file: SourceFile) -> [UInt8]? {
        if let content = file.content { return content }
        if case let .bytes(bytes) = FileSystem.readFile(path: file.absolutePathBytes, maxSize: scanner.maxFileSize) { return bytes }
        return nil
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    static func join(_ folder: String, _ rest: String) -> String {
        if folder.isEmpty || folder == "." { return rest }
        if rest.isEmpty { return folder }
        return folder + "/" + rest
    }

    /// `a/./b/../c` as `a/c`; nil when it climbs above the root.
    static func normalize(_ path: String) -> String? {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }
}

/// The scan's findings by path, as the project pass adds to them and drops some: looking a
/// file's findings up in the whole list, once per importer, made the pass quadratic (1.6 s of
/// a 5 s scan of the generated corpus at 4x). Dropped findings leave the list at the end of
/// the pass, in one go, so the order is what removing them one file at a time gave.
struct FindingsByPath {
    private var indices: [String: [Int]] = [:]
    var dropped = Set<Int>()

    init(_ findings: [Finding]) {
        for (i, finding) in findings.enumerated() { indices[finding.path, default: []].append(i) }
    }

    /// The indices of `path`'s findings that are not dropped, in order.
    func indices(of path: String) -> [Int] { (indices[path] ?? []).filter { !dropped.contains($0) } }

    mutating func add(_ new: [Finding], to findings: inout [Finding]) {
        for finding in new {
            indices[finding.path, default: []].append(findings.count)
            findings.append(finding)
        }
    }

    func removeDropped(from findings: inout [Finding]) {
        guard !dropped.isEmpty else { return }
        var kept: [Finding] = []
        kept.reserveCapacity(findings.count - dropped.count)
        for (i, finding) in findings.enumerated() where !dropped.contains(i) { kept.append(finding) }
        findings = kept
    }
}

/// A `tsconfig.json`'s module resolution: `baseUrl` and `paths` aliases (`@/*` → `src/*`).
package struct TSConfig: Sendable {
    /// The folder holding it, relative to the scan root ("" at the root).
    package let folder: String
    package let baseURL: String?
    package let paths: [(pattern: String, targets: [String])]

    /// Folder-relative stems `module` may name.
    func candidates(for module: String) -> [String] {
        let base = ProjectFlow.join(folder, baseURL ?? "")
        var stems: [String] = []
        for (pattern, targets) in paths {
            if let star = pattern.firstIndex(of: "*") {
                let prefix = String(pattern[..<star]), suffix = String(pattern[pattern.index(after: star)...])
                guard module.hasPrefix(prefix), module.hasSuffix(suffix), module.count >= prefix.count + suffix.count else { continue }
                let middle = String(module.dropFirst(prefix.count).dropLast(suffix.count))
                stems += targets.map { ProjectFlow.join(base, $0.replacingOccurrences(of: "*", with: middle)) }
            } else if pattern == module {
                stems += targets.map { ProjectFlow.join(base, $0) }
            }
        }
        if baseURL != nil { stems.append(ProjectFlow.join(base, module)) }
        return stems
    }

    /// Reads the file's `compilerOptions`; nil when it has neither `baseUrl` nor `paths` or
    /// is not JSON. Whole-line `//` comments and trailing commas, which tsc allows, are
    /// removed first; a `/*` is left alone, as `"@/*"` holds one.
    package static func parse(_ content: [UInt8], path: String) -> TSConfig? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(strict(content))) as? [String: Any],
              let options = object["compilerOptions"] as? [String: Any] else { return nil }
        let baseURL = options["baseUrl"] as? String
        let paths = (options["paths"] as? [String: Any] ?? [:]).compactMap { key, value -> (String, [String])? in
            (value as? [String]).map { (key, $0) }
        }.sorted { $0.0 < $1.0 }
        guard baseURL != nil || !paths.isEmpty else { return nil }
        return TSConfig(folder: ProjectFlow.folder(of: path), baseURL: baseURL.map { ProjectFlow.normalize($0) ?? "" },
                        paths: paths.map { (pattern: $0.0, targets: $0.1) })
    }

    /// The text without its whole-line `//` comments and without each comma that only
    /// whitespace separates from a `}` or `]`. In bytes: Foundation's regular expressions
    /// loaded ICU, a tenth of a small scan's time.
    package static func strict(_ content: [UInt8]) -> [UInt8] {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        var lines: [UInt8] = []
        lines.reserveCapacity(content.count)
        var start = 0
        while start < content.count {
            let end = content[start...].firstIndex(of: 0x0A) ?? content.count
            var first = start
            while first < end, content[first] == 0x20 || content[first] == 0x09 { first += 1 }
            let comment = first + 1 < end && content[first] == 0x2F && content[first + 1] == 0x2F
            if !comment { lines += content[start..<end] }
            if end < content.count { lines.append(0x0A) }
            start = end + 1
        }
        var out: [UInt8] = []
        out.reserveCapacity(lines.count)
        for (i, byte) in lines.enumerated() {
            if byte == 0x2C {
                var next = i + 1
                while next < lines.count, isSpace(lines[next]) { next += 1 }
                if next < lines.count, lines[next] == 0x7D || lines[next] == 0x5D { continue }
            }
            out.append(byte)
        }
        return out
    }
}
