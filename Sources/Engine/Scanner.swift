import Dispatch
import Foundation
import Languages
import Model
import PCRE2Swift
import Platform
import Rules
import Synchronization

/// Everything a scan produced, before any formatting.
public struct ScanResult: Sendable {
    public var findings: [Finding]
    public var filesScanned: Int
    public var skipped: SkipCounts
    public var warnings: [ScanWarning]
    /// Findings an inline suppression comment silenced.
    public var suppressed: [Finding] = []
    /// Every suppression comment seen, used or not.
    public var suppressions: [Suppression] = []
    /// With `Scanner.keepsFixable`, the files with a rewrite to apply, as read.
    public var fixable: [ScannedFile] = []
    /// What the project-wide flow pass needs of each file with imports or Ollama exports.
    package var facts: [FileFacts] = []
    /// The JS modules imported by a name that is not relative (`@/lib/llm`, `react`), once
    /// each: a `tsconfig.json` alias may make them name a file (`ImportKeys`).
    package var bareModules: Set<String> = []
    /// The `tsconfig.json` files with `baseUrl` or `paths`, for resolving JS/TS imports.
    package var tsconfigs: [TSConfig] = []

    mutating func absorb(_ other: ScanResult) {
        // Take the first worker's findings as they are: appending 700,000 findings of one
        // file to an empty array would hold them twice.
        if findings.isEmpty { findings = other.findings } else { findings += other.findings }
        filesScanned += other.filesScanned
        skipped = skipped + other.skipped
        warnings += other.warnings
        suppressed += other.suppressed
        suppressions += other.suppressions
        fixable += other.fixable
        facts += other.facts
        bareModules.formUnion(other.bareModules)
        tsconfigs += other.tsconfigs
    }

    /// Runs the project-wide flow pass over what the workers gathered, then drops it.
    mutating func flowAcrossFiles(_ scanner: Scanner) {
        let facts = self.facts, tsconfigs = self.tsconfigs, bareModules = self.bareModules
        self.facts = []
        self.tsconfigs = []
        self.bareModules = []
        ProjectFlow(scanner: scanner, facts: facts, tsconfigs: tsconfigs, bareModules: bareModules).run(into: &self)
    }

    /// The order reports use, whatever order workers finished in.
    package mutating func sortForReport() {
        Self.sortInPlace(&findings)
        Self.sortInPlace(&suppressed)
        suppressions.sort { ($0.path, $0.line) < ($1.path, $1.line) }
        warnings.sort { ($0.path, $0.ruleID ?? "", $0.message) < ($1.path, $1.ruleID ?? "", $1.message) }
    }
}

extension Locked where Value == ScanResult {
    /// The merged result, moved out: a copy left behind would make sorting copy the findings.
    package func take() -> ScanResult {
        withLock { result in
            defer { result = ScanResult(findings: [], filesScanned: 0, skipped: SkipCounts(), warnings: []) }
            return result
        }
    }
}

extension ScanResult {
    /// Sorts findings into report order without a second copy of them: `Array.sort` merges
    /// through a scratch buffer of findings, which for the 700,000 findings of one 9.8 MB file
    /// is another 100 MB. Indices are sorted instead (stably, as `sort` is), then the findings
    /// are moved into place by following the permutation's cycles.
    package static func sortInPlace(_ findings: inout [Finding]) {
        guard findings.count > 1 else { return }
        if (1..<findings.count).allSatisfy({ !Finding.reportOrder(findings[$0], findings[$0 - 1]) }) { return }
        var order = Array(0..<findings.count)
        // Paths ranked once, in report order (their UTF-8 bytes): comparing two paths byte by
        // byte through String.UTF8View in every comparison of the sort was most of its time.
        var rankOf: [String: Int] = [:]
        for finding in findings { rankOf[finding.path] = 0 }
        for (rank, path) in rankOf.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() { rankOf[path] = rank }
        let ranks = findings.map { rankOf[$0.path]! }
        // Read in place: a second reference to the array would make the moves below copy it.
        func precedes(_ a: Int, _ b: Int) -> Bool {
            ranks[a] != ranks[b] ? ranks[a] < ranks[b] : Finding.reportOrder(findings[a], findings[b])
        }
        order.sort { a, b in precedes(a, b) || (!precedes(b, a) && a < b) }
        // Position i receives the finding at order[i]: walk each cycle once.
        var placed = [Bool](repeating: false, count: findings.count)
        for start in findings.indices where !placed[start] {
            var i = start
            let first = findings[start]
            while true {
                placed[i] = true
                let next = order[i]
                if next == start { findings[i] = first; break }
                findings[i] = findings[next]
                i = next
            }
        }
    }
}

/// A bounded queue of files from one producer to several workers, handed over in batches:
/// a semaphore wait and signal per file woke a worker per file, and the context switches were
/// a tenth of a scan of many small files. An empty batch tells a worker the walk is over.
package final class FileQueue: @unchecked Sendable {
    /// Files per batch: small enough that the last batches still spread over the workers.
    static let batchSize = 32
    private let lock = NSLock()
    private var batches: [[SourceFile]] = []
    private var head = 0
    private var filling: [SourceFile] = []
    private let slots: DispatchSemaphore
    private let available = DispatchSemaphore(value: 0)

    /// At most `capacity` files wait, in whole batches.
    package init(capacity: Int) { slots = DispatchSemaphore(value: max(1, capacity / Self.batchSize)) }

    /// From the producer only.
    package func push(_ file: SourceFile) {
        filling.append(file)
        if filling.count == Self.batchSize { flush() }
    }

    private func flush() {
        guard !filling.isEmpty else { return }
        slots.wait()
        append(filling)
        filling = []
    }

    /// Hands over the last batch, then one end marker per worker; they need no slot.
    package func finish(workers: Int) {
        flush()
        for _ in 0..<workers { append([]) }
    }

    private func append(_ batch: [SourceFile]) {
        lock.lock()
        batches.append(batch)
        lock.unlock()
        available.signal()
    }

    /// The next batch; empty when the walk is over.
    package func pop() -> [SourceFile] {
        available.wait()
        lock.lock()
        let batch = batches[head]
        head += 1
        if head > 64, head * 2 > batches.count {
            batches.removeFirst(head)
            head = 0
        }
        lock.unlock()
        if !batch.isEmpty { slots.signal() }
        return batch
    }
}

/// Runs rules over files in parallel. Each file is read once into a per-worker buffer; each
/// rule is its own JIT pass over it, gated by the rule's prefilter literals.
/// Output is sorted, so it is byte-identical whatever the thread count.
public final class Scanner: Sendable {
    public let rules: [Rule]
    public let maps: FixMaps
    public let maxFileSize: Int
    public let threads: Int
    /// Prefilter literals shared by several rules are searched once per file.
    package let literals: [Regex]
    let ruleLiterals: [[Int]]
    /// Per rule, the literals one of which its `context:` pattern needs (empty: not known):
    /// a file holding none of them skips the rule without the context's own search.
    let contextLiterals: [[Int]]
    /// Per literal, another that every occurrence of it contains (a caseless `ollama` for
    /// `OLLAMA_HOST`, `ollama/`): in a file without that one it is absent unsearched.
    let weakerLiteral: [Int?]
    /// Per literal, its three-byte sequences (`Trigrams.hashes`): a file lacking one lacks the
    /// literal, unsearched. Empty for a literal too short or not ASCII.
    let literalTrigrams: [[UInt16]]
    /// Per rule: its `files:` types, and whether it has `paths:`/`exclude-paths:` globs.
    let ruleTypes: [FileTypeSet]
    /// Per rule: whether it names the lockfile type itself. A lockfile is generated, so only
    /// such rules read it; a rule for `config` or `json` would search megabytes of package
    /// names that the lockfile rules already report once ("regenerate").
    let ruleReadsLockfiles: [Bool]
    /// The ids each rule replaces (`replaces:`), for suppressions written with an old id.
    package let formerIDs: [String: [String]]
    let rulePathScoped: [Bool]
    /// Per rule, its `section:` pattern: a file with no such section is not searched.
    let ruleSection: [Regex?]
    /// The distinct `context:` patterns, and per rule the index of its own. Rules share a
    /// few contexts (a dozen say `(?i)ollama|11434`): each is searched once per file.
    let contexts: [Regex]
    let ruleContext: [Int?]
    /// Per context: whether it is only a choice of words that the gate's literal search
    /// already answers exactly (`(?i)ollama|11434`), so it needs no search of its own.
    let contextIsLiterals: [Bool]
    /// The literals rules' patterns and contexts are anchored on (`LineAnchors`), each
    /// searched at most once per file; per rule and per context, the indices of its own, or
    /// nil when it is searched over the whole file.
    let anchorRegexes: [Regex]
    let ruleAnchors: [[Int]?]
    let contextAnchors: [[Int]?]
    package let maxCaptureCount: Int
    /// The flow pass's patterns for bound names, compiled once for all workers.
    package let flowRegexes = Locked<[String: Regex?]>([:])
    /// Keep each file with a fixable finding, bytes and findings (`ScanResult.fixable`):
    /// `--fix` plans from what its scan read and matched.
    package let keepsFixable: Bool
    /// Told the path and bytes of every text as the rules run over it: how tests see that a
    /// fix run matches each file's content once.
    package let onMatch: (@Sendable (String, [UInt8]) -> Void)?

    public init(rules: [Rule], maps: FixMaps = FixMaps(), maxFileSize: Int = 10 << 20,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                keepsFixable: Bool = false, onMatch: (@Sendable (String, [UInt8]) -> Void)? = nil,
                searchesAroundAnchors: Bool = true) {
        self.rules = rules
        self.keepsFixable = keepsFixable
        self.onMatch = onMatch
        self.maps = maps
        self.maxFileSize = maxFileSize
        self.threads = max(1, threads)
        var literals: [Regex] = []
        var index: [String: Int] = [:]
        // One search per literal and file whatever its spelling: a caseless `Ollama` and
        // `OLLAMA` are the same search as a caseless `ollama`, and digits have no case.
        func intern(_ literal: Regex) -> Int {
            var literal = literal
            let caseless = literal.options.contains(.caseless)
            if caseless, !literal.pattern.unicodeScalars.contains(where: { $0.properties.isAlphabetic }),
               let plain = try? Regex(literal.pattern, options: []) {
                literal = plain
            }
            // Byte-mode caseless matching folds ASCII letters only.
            let folds = literal.options.contains(.caseless) && literal.pattern.utf8.allSatisfy { $0 < 0x80 }
            let key = folds ? "i:\(literal.pattern.lowercased())" : "\(literal.options.rawValue):\(literal.pattern)"
            if let i = index[key] { return i }
            literals.append(literal)
            index[key] = literals.count - 1
            return literals.count - 1
        }
        var ruleLiterals: [[Int]] = []
        var contextLiterals: [[Int]] = []
        for rule in rules {
            ruleLiterals.append(rule.prefilter.map(intern))
            contextLiterals.append((rule.context.flatMap { Self.literals(of: $0) } ?? []).map(intern))
        }
        self.literals = literals
        self.ruleLiterals = ruleLiterals
        self.contextLiterals = contextLiterals
        self.weakerLiteral = Self.weakerLiterals(literals, uses: ruleLiterals + contextLiterals)
        self.literalTrigrams = literals.map { Self.text(ofLiteral: $0).map { Trigrams.hashes(of: $0.bytes) } ?? [] }
        self.ruleTypes = rules.map(\.fileTypes)
        self.ruleReadsLockfiles = rules.map { $0.fileTypeNames.contains(Language.lockfile.name) }
        self.formerIDs = Dictionary(rules.filter { !$0.replaces.isEmpty }.map { ($0.id, $0.replaces) }, uniquingKeysWith: { $0 + $1 })
        self.rulePathScoped = rules.map { !$0.paths.isEmpty || !$0.excludePaths.isEmpty }
        // One Regex per distinct section pattern: a file's section answers are kept per Regex,
        // and rules often share one (`(?:^|[_.-])llms?(?:$|[_.-])`).
        let (sections, ruleSection) = Self.distinct(rules.map(\.section))
        self.ruleSection = ruleSection.map { $0.map { sections[$0] } }
        (self.contexts, self.ruleContext) = Self.distinct(rules.map(\.context))
        self.contextIsLiterals = contexts.map { Self.literals(of: $0, exactly: true) != nil }
        var anchorRegexes: [Regex] = []
        var anchorIndex: [LineAnchors.Literal: Int] = [:]
        func anchors(of regex: Regex) -> [Int]? {
            guard searchesAroundAnchors, let literals = LineAnchors.of(regex.pattern, options: regex.options) else { return nil }
            var indices: [Int] = []
            for literal in Set(literals) {
                if let known = anchorIndex[literal] { indices.append(known); continue }
                guard let search = literal.regex() else { return nil }
                anchorRegexes.append(search)
                anchorIndex[literal] = anchorRegexes.count - 1
                indices.append(anchorRegexes.count - 1)
            }
            return indices.sorted()
        }
        self.ruleAnchors = rules.map { anchors(of: $0.pattern) }
        self.contextAnchors = contexts.map(anchors(of:))
        self.anchorRegexes = anchorRegexes
        let patterns = rules.flatMap { [$0.pattern] + ($0.context.map { [$0] } ?? []) } + literals + anchorRegexes + [Suppression.marker]
        // The same scratch finds a file's blocks (`SearchedFile.blocks`).
        self.maxCaptureCount = max(patterns.map(\.captureCount).max() ?? 0, LanguageRegistry.standard.blockCaptureCount)
    }

    /// - Parameter progress: called now and then with (files done, files in all), from any
    ///   worker thread; the CLI draws a progress line with it on a terminal.
    public func scan(_ files: [SourceFile], progress: (@Sendable (Int, Int) -> Void)? = nil) -> ScanResult {
        let next = Atomic<Int>(0)
        let merged = Locked(ScanResult(findings: [], filesScanned: 0, skipped: SkipCounts(), warnings: []))
        let workers = min(threads, max(1, files.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let worker = FileScanner(scanner: self)
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                if i >= files.count { break }
                worker.scan(files[i])
                if let progress, i % 512 == 511 { progress(i + 1, files.count) }
            }
            merged.withLock { $0.absorb(worker.result) }
        }
        var result = merged.take()
        result.flowAcrossFiles(self)
        result.sortForReport()
        return result
    }

    /// Scans files while `producer` is still finding them: the producer runs on this thread
    /// and hands files through a bounded queue to one worker per thread. Memory stays flat
    /// however large the tree, and the walk overlaps the scan.
    public func scan(
        producer: (_ emit: (SourceFile) -> Void) throws(AuditError) -> Void,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(AuditError) -> ScanResult {
        let queue = FileQueue(capacity: 4096)
        let done = Atomic<Int>(0)
        let merged = Locked(ScanResult(findings: [], filesScanned: 0, skipped: SkipCounts(), warnings: []))
        let group = DispatchGroup()
        for _ in 0..<threads {
            group.enter()
            DispatchQueue.global().async {
                let worker = FileScanner(scanner: self)
                while case let batch = queue.pop(), !batch.isEmpty {
                    for file in batch { worker.scan(file) }
                    let count = done.add(batch.count, ordering: .relaxed).newValue
                    if let progress, count % 512 < batch.count { progress(count) }
                }
                merged.withLock { $0.absorb(worker.result) }
                group.leave()
            }
        }
        var failure: AuditError?
        do { try producer { queue.push($0) } } catch { failure = error }
        queue.finish(workers: threads)
        group.wait()
        if let failure { throw failure }
        var result = merged.take()
        result.flowAcrossFiles(self)
        result.sortForReport()
        return result
    }
}

/// One worker's state: never shared between threads.
package final class FileScanner {
    package let scanner: Scanner
    package let scratch: MatchScratch
    package var result = ScanResult(findings: [], filesScanned: 0, skipped: SkipCounts(), warnings: [])
    var ignoreRuleScopes = false { didSet { scopedRules.removeAll() } }
    /// Per file type set, the rules whose scope admits it (`RuleGate.scoped`).
    var scopedRules: [FileTypeSet: [Int]] = [:]
    /// Whether each of the current file's findings may give way (Rule.yieldsToOverlaps); their
    /// spans and lines are the findings' own. One byte per finding, not a 32-byte span: a
    /// file can have 700,000.
    var yields: [Bool] = []
    /// The names the current file's rules bound (`bind:`), for the flow pass.
    var pendingBindings: [(name: String, kind: BindingKind, ruleID: String, offset: Int)] = []
    /// The file being scanned, when it is read from its own bytes (not a notebook cell or a
    /// transcoded text): the project pass may read it again.
    var currentFile: SourceFile?
    package let flowPatterns: FlowPatterns
    /// The rules of framework models (ChatOllama, LlamaIndex's Ollama): their calls take a
    /// prompt alone, so a one-argument call is no probe, and they are not the ollama package's client.
    package lazy var frameworkRuleIDs = Set(scanner.rules.filter { $0.category == .framework }.map(\.id))
    /// A second scratch for searches made while a rule's matches are being read (section
    /// names, `${file:...}`), so they neither clobber `scratch` nor allocate their own.
    package let auxScratch: MatchScratch

    package init(scanner: Scanner) {
        self.scanner = scanner
        self.scratch = MatchScratch(maxCaptureCount: scanner.maxCaptureCount)
        auxScratch = MatchScratch(maxCaptureCount: 16)
        flowPatterns = FlowPatterns(shared: scanner.flowRegexes)
    }

    package func scan(_ file: SourceFile) {
        if let bytes = file.content {
            if bytes.count > scanner.maxFileSize { result.skipped.tooLarge += 1; return }
            scanContent(bytes, file)
            return
        }
        switch FileSystem.readFile(path: file.absolutePathBytes, maxSize: scanner.maxFileSize) {
        case let .bytes(bytes): scanContent(bytes, file)
        case .notRegular: result.skipped.unreadable += 1
        case .tooLarge: result.skipped.tooLarge += 1
        case let .failed(code): unreadable(file, code)
        }
    }

    /// UTF-16 with a byte-order mark is text (Windows tools write it), scanned as UTF-8 as
    /// ripgrep does; its findings cannot be fixed in place, since their offsets are not the
    /// file's. Any other file with a NUL byte near the start is binary.
    private func scanContent(_ content: [UInt8], _ file: SourceFile) {
        // The tool's own reports, baselines, configs and patches quote every match they list.
        if GeneratedMarker.isMarked(content, types: file.types) { result.skipped.generated += 1; return }
        if let utf8 = Self.transcodeUTF16(content) {
            result.filesScanned += 1
            match(utf8, path: file.path, types: file.types, fixable: false)
            return
        }
        // memchr, not a byte loop: this looks at the first 8 KiB of every file.
        if ByteSearch.firstIndex(of: 0, in: content[..<min(content.count, 8192)], from: 0) != nil {
            result.skipped.binary += 1
            return
        }
        result.filesScanned += 1
        if file.types.contains(.notebook) {
            scanNotebook(content, path: file.path)
            return
        }
        let first = result.findings.count
        currentFile = file
        match(content, path: file.path, types: file.types)
        currentFile = nil
        if file.types.contains(.json), let name = file.path.split(separator: "/").last,
           name.hasPrefix("tsconfig"), name.hasSuffix(".json"),
           let config = TSConfig.parse(content, path: file.path) {
            result.tsconfigs.append(config)
        }
        keepIfFixable(file, content, from: first)
    }

    /// The UTF-8 text of a file that starts with a UTF-16 byte-order mark, else nil.
    static func transcodeUTF16(_ content: [UInt8]) -> [UInt8]? {
        guard content.count >= 2 else { return nil }
        let littleEndian: Bool
        switch (content[0], content[1]) {
        case (0xFF, 0xFE): littleEndian = true
        case (0xFE, 0xFF): littleEndian = false
        default: return nil
        }
        var units: [UInt16] = []
        units.reserveCapacity(content.count / 2)
        var i = 2
        while i + 1 < content.count {
            let (low, high) = littleEndian ? (content[i], content[i + 1]) : (content[i + 1], content[i])
            units.append(UInt16(high) << 8 | UInt16(low))
            i += 2
        }
        // Unpaired surrogates become U+FFFD, as invalid UTF-8 does elsewhere.
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }

    private func unreadable(_ file: SourceFile, _ code: Int32) {
        result.skipped.unreadable += 1
        result.warnings.append(ScanWarning(path: file.path, ruleID: nil,
                                           message: "cannot read: \(systemErrorMessage(code))"))
    }

    /// Runs every applicable rule over `content`.
    ///
    /// Lines longer than `LineIndex.maxLineLength` are minified or generated code: no finding
    /// is reported on them, and they are also where a pathological pattern such as `(x|y)*z`
    /// goes quadratic, which PCRE2's match limit cannot stop (it restarts at every start
    /// position). So full patterns run only over the runs of ordinary lines between them, and
    /// long lines get a linear literal search that turns into one warning per file.
    ///
    /// A UTF-8 byte-order mark is not part of the first line: `^` anchors after it and columns
    /// do not count it, while byte ranges stay the file's own for the fixer.
    package func match(_ whole: [UInt8], path: String, types: FileTypeSet, fixable: Bool = true) {
        scanner.onMatch?(path, whole)
        let file = SearchedFile(whole, path: path, types: types, aux: auxScratch)
        var gate = RuleGate(scanner: scanner, ignoreScopes: ignoreRuleScopes)
        let firstFinding = result.findings.count
        yields.removeAll(keepingCapacity: true)
        let scoped = scopedRules[types] ?? {
            let found = RuleGate.scoped(scanner, types, ignoringScopes: ignoreRuleScopes)
            scopedRules[types] = found
            return found
        }()
        for ruleIndex in scoped where gate.opens(ruleIndex, for: file, using: scratch) {
            let rule = scanner.rules[ruleIndex]
            var builder = FindingBuilder(rule: rule, file: file, maps: scanner.maps, fixable: fixable)
            var budget = MatchBudget(seconds: Scanner.matchBudgetSeconds)
            do {
                let searched = try search(ruleIndex, in: file, budget: &budget) { match, range in
                    switch builder.build(match, range) {
                    case .outOfScope: return true
                    case .sameLine: break
                    case let .finding(finding): accept(finding, yieldsToOverlaps: rule.yieldsToOverlaps)
                    }
                    if let binding = rule.binding, let name = match[group: binding.group], !name.isEmpty {
                        pendingBindings.append((LineIndex.decode(file.content, name), binding.kind, rule.id, name.lowerBound))
                    }
                    return !rule.oncePerFile
                }
                if searched, budget.exhausted {
                    warn(ScanWarning(path: path, ruleID: rule.id, message:
                        "matching took more than \(Int(Scanner.matchBudgetSeconds)) s of CPU time (a slow pattern?); "
                        + "the rest of this file was not checked by this rule"))
                }
            } catch {
                let what = error.isResourceLimit
                    ? "PCRE2 stopped matching (\(error.message)); the rest of this file was not checked by this rule"
                    : "PCRE2 match error: \(error.message)"
                warn(ScanWarning(path: path, ruleID: rule.id, message: what))
            }
        }
        let unchecked = gate.uncheckedLongLines(of: file, using: scratch)
        flow(file, from: firstFinding)
        giveWay(from: firstFinding)
        attachRegions(file, from: firstFinding)
        applySuppressions(file.content, path: path, from: firstFinding, lines: file.builtLines)
        if unchecked > 0 {
            warn(ScanWarning(path: path, ruleID: nil, message:
                "\(unchecked) \(unchecked == 1 ? "line" : "lines") longer than \(LineIndex.maxLineLength) bytes "
                + "not checked (minified or generated code?); migrate its source and rebuild it"))
        }
    }
}

extension FileScanner {
    /// The most start positions one PCRE2 call tries, about (the range ends at a newline).
    package static let searchChunk = 16 << 10

    /// `regex.captures(in: subject, from: start)`, made of calls that each try the start positions of
    /// about `searchChunk` bytes, ending at a newline: lines are at most 4 KiB here, so each
    /// call's cost is bounded, and the budget is looked at before each. Nil when there is no
    /// match, or when the budget ran out (`budget.exhausted`).
    package func search(_ regex: Regex, _ subject: ArraySlice<UInt8>, from start: Int,
                budget: inout MatchBudget) throws(PCRE2Error) -> Match? {
        var from = start
        while !budget.spent() {
            var limit: Int?
            if subject.endIndex - from > Self.searchChunk {
                limit = ByteSearch.firstIndex(of: 0x0A, in: subject, from: from + Self.searchChunk)
            }
            let match = try regex.captures(in: subject, from: from, startLimit: limit, using: scratch)
            budget.pause()
            if let match { return match }
            // The limit is a newline: the next call starts on the line after it.
            guard let limit else { return nil }
            from = limit + 1
        }
        return nil
    }
}

extension Scanner {
    /// The distinct patterns of `regexes` (by options and text), and the index of each one's.
    static func distinct(_ regexes: [Regex?]) -> (distinct: [Regex], indices: [Int?]) {
        var distinct: [Regex] = []
        var index: [String: Int] = [:]
        let indices = regexes.map { regex in
            regex.map { regex in
                let key = "\(regex.options.rawValue):\(regex.pattern)"
                if let known = index[key] { return known }
                distinct.append(regex)
                index[key] = distinct.count - 1
                return distinct.count - 1
            }
        }
        return (distinct, indices)
    }

    /// For each literal, the most used other literal contained in it, if any. Only ASCII
    /// literals: byte-mode caseless matching folds ASCII letters only, as `lowercased` does there.
    static func weakerLiterals(_ literals: [Regex], uses: [[Int]]) -> [Int?] {
        var rules = [Int](repeating: 0, count: literals.count)
        for list in uses { for i in Set(list) { rules[i] += 1 } }
        let texts = literals.map(text(ofLiteral:))
        return literals.indices.map { strong in
            guard let outer = texts[strong] else { return nil }
            var best: Int?
            for weak in literals.indices where weak != strong {
                guard let inner = texts[weak], !inner.bytes.isEmpty, inner.bytes.count <= outer.bytes.count,
                      inner.caseless || !outer.caseless else { continue }
                let haystack = inner.caseless && !outer.caseless
                    ? outer.bytes.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 } : outer.bytes
                guard (0...(haystack.count - inner.bytes.count)).contains(where: { start in
                    haystack[start..<start + inner.bytes.count].elementsEqual(inner.bytes)
                }) else { continue }
                // An equal literal cannot stand in for itself; the interning made each text unique.
                if let current = best, rules[current] >= rules[weak] { continue }
                best = weak
            }
            return best
        }
    }

    /// A prefilter literal's bytes, ASCII letters folded when it is caseless; nil when it is
    /// not ASCII. Prefilter literals are escaped with a backslash before each ASCII non-word
    /// character.
    static func text(ofLiteral literal: Regex) -> (bytes: [UInt8], caseless: Bool)? {
        var bytes: [UInt8] = []
        var escaped = false
        for byte in literal.pattern.utf8 {
            if byte >= 0x80 { return nil }
            if byte == 0x5C, !escaped { escaped = true; continue }
            escaped = false
            bytes.append(byte)
        }
        let caseless = literal.options.contains(.caseless)
        return (caseless ? bytes.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 } : bytes, caseless)
    }

    /// The literals of a `context:` pattern that is only a choice of words (`(?i)ollama|11434`,
    /// `\bollama|11434`): a file holding none of them cannot match it. Nil for any other
    /// pattern. A `\b` only narrows a match, so it is dropped; a caseless word with `k` or `s`
    /// is left out, since Unicode caseless matching also takes the Kelvin sign and the long s,
    /// which a byte literal does not.
    /// - Parameter exactly: only when the context matches wherever one of the words is, as
    ///   a byte search finds them: no `\b`.
    static func literals(of context: Regex, exactly: Bool = false) -> [Regex]? {
        var text = Substring(context.pattern)
        var caseless = context.options.contains(.caseless)
        if text.hasPrefix("(?i)") {
            caseless = true
            text = text.dropFirst(4)
        }
        var found: [Regex] = []
        for alternative in text.split(separator: "|", omittingEmptySubsequences: false) {
            if exactly, alternative.hasPrefix("\\b") { return nil }
            let word = alternative.hasPrefix("\\b") ? alternative.dropFirst(2) : alternative
            guard !word.isEmpty, word.utf8.allSatisfy({ byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F
            }) else { return nil }
            if caseless, word.lowercased().contains(where: { $0 == "k" || $0 == "s" }) { return nil }
            guard let literal = try? Regex(String(word), options: caseless ? [.caseless] : []) else { return nil }
            found.append(literal)
        }
        return found
    }
}

extension Scanner {
    /// CPU seconds one rule may spend matching one file. A pattern can be slow without ever
    /// reaching PCRE2's match limit (`a*a*b` over lines of `a`): past this the rule stops on
    /// that file with a warning, and the scan is incomplete. Ordinary rules take milliseconds
    /// on a 10 MB file.
    static let matchBudgetSeconds = 3.0
}

/// The CPU time one rule has spent on one file, against its budget. CPU time rather than wall
/// time: a loaded machine must not make a scan incomplete.
///
/// The thread's CPU clock is a system call (about a microsecond), too dear for every rule and
/// file, and a thread's CPU time never runs ahead of the wall clock. So only a rule still at
/// it after `grace` seconds of wall time reads it: from then on its CPU time is counted as if
/// the grace period had been all CPU, which errs by at most `grace` towards stopping earlier.
///
/// Only the time inside PCRE2 counts (`spent` before a call, `pause` after it): building the
/// findings between matches is the scan's own work, and one 9.8 MB file with 700,000 findings
/// spent seconds on it, so the budget stopped an ordinary rule on a file it was matching well.
package struct MatchBudget {
    static let grace = 0.1
    package let seconds: Double
    let wallStart: Double
    /// CPU seconds counted so far, once past the grace period.
    private var used: Double?
    /// The thread's CPU clock when the current PCRE2 call began (nil between calls).
    private var running: Double?
    private(set) var exhausted = false

    package init(seconds: Double) {
        self.seconds = seconds
        wallStart = Clock.monotonic()
    }

    /// Whether the budget is used up; called before each PCRE2 call, whose time counts from here.
    mutating func spent() -> Bool {
        if exhausted { return true }
        guard Clock.monotonic() - wallStart > Self.grace else { return false }
        let cpu = Clock.threadCPU()
        if let running { used = (used ?? Self.grace) + cpu - running }
        running = cpu
        guard let used else {
            used = Self.grace
            return false
        }
        exhausted = used > seconds
        return exhausted
    }

    /// Marks the budget used up: a search this one depends on ran out of its own.
    mutating func exhaust() { exhausted = true }

    /// After a PCRE2 call: its CPU time is counted, and what follows until the next call is not.
    mutating func pause() {
        guard let start = running else { return }
        used = (used ?? Self.grace) + Clock.threadCPU() - start
        running = nil
    }
}

/// Line starts of one file, built only when the file has a finding.
package struct LineIndex {
    package let content: [UInt8]
    package let starts: [Int]

    package init(_ content: [UInt8]) {
        self.content = content
        var starts = [0]
        for (i, byte) in content.enumerated() where byte == 0x0A { starts.append(i + 1) }
        self.starts = starts
    }

    /// Lines longer than this are minified or generated code, not something a person edits.
    package static let maxLineLength = 4096

    /// The runs of lines no longer than `maxLineLength` (each ending after its last newline),
    /// and the longer lines between them (newline excluded). A file with no long line is one
    /// segment, found with one byte search.
    package static func segments(_ content: [UInt8]) -> (segments: [Range<Int>], longLines: [Range<Int>]) {
        guard content.count > maxLineLength else { return ([0..<content.count], []) }
        var segments: [Range<Int>] = []
        var longLines: [Range<Int>] = []
        var segmentStart = 0
        var lineStart = 0
        // Lines are found 4 KiB at a time, not one by one: when the next maxLineLength + 1
        // bytes hold a line break, every line up to the last of them is short, and the last
        // is found from the window's end in about a line's length. Whatever is left past the
        // last window is shorter than a long line.
        while content.count - lineStart > maxLineLength {
            var last = lineStart + maxLineLength
            while last >= lineStart, content[last] != 0x0A { last -= 1 }
            if last >= lineStart {
                lineStart = last + 1
                continue
            }
            let lineEnd = ByteSearch.firstIndex(of: 0x0A, in: content[...], from: lineStart + maxLineLength) ?? content.count
            if segmentStart < lineStart { segments.append(segmentStart..<lineStart) }
            longLines.append(lineStart..<lineEnd)
            segmentStart = min(lineEnd + 1, content.count)
            lineStart = lineEnd + 1
        }
        if segmentStart < content.count || segments.isEmpty && longLines.isEmpty {
            segments.append(segmentStart..<content.count)
        }
        return (segments, longLines)
    }

    /// The byte ranges inside Markdown fenced code blocks (``` or ~~~), fences excluded.
    /// An unclosed block runs to the end of the file, as CommonMark renders it.
    func fencedBlocks() -> [Range<Int>] {
        var blocks: [Range<Int>] = []
        var open: (marker: UInt8, contentStart: Int)?
        for (index, start) in starts.enumerated() {
            var i = start
            while i < content.count, content[i] == 0x20 || content[i] == 0x09 { i += 1 }
            guard i + 2 < content.count, content[i] == 0x60 || content[i] == 0x7E,
                  content[i + 1] == content[i], content[i + 2] == content[i] else { continue }
            let next = index + 1 < starts.count ? starts[index + 1] : content.count
            if let current = open {
                if current.marker == content[i] {
                    blocks.append(current.contentStart..<start)
                    open = nil
                }
            } else {
                open = (content[i], next)
            }
        }
        if let current = open { blocks.append(current.contentStart..<content.count) }
        return blocks
    }

    /// 0-based index of the line holding byte `offset`.
    func lineIndex(of offset: Int) -> Int {
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    package func position(of offset: Int) -> Position {
        let line = lineIndex(of: offset)
        var column = 1
        for i in starts[line]..<offset where content[i] & 0xC0 != 0x80 { column += 1 }
        return Position(line: line + 1, column: column)
    }

    /// Whether line `index` is a commented-out setting: `#`, then `NAME=` (`export NAME=`),
    /// as an env template lists its optional settings.
    package func isCommentedSetting(line index: Int) -> Bool {
        let end = index + 1 < starts.count ? starts[index + 1] : content.count
        var i = starts[index]
        func skipBlanks() { while i < end, content[i] == 0x20 || content[i] == 0x09 { i += 1 } }
        skipBlanks()
        guard i < end, content[i] == 0x23 else { return false }
        while i < end, content[i] == 0x23 { i += 1 }
        skipBlanks()
        if content[i..<min(i + 7, end)].elementsEqual("export ".utf8) { i += 7; skipBlanks() }
        let nameStart = i
        while i < end, content[i] == 0x5F || (0x41...0x5A).contains(content[i]) || (0x61...0x7A).contains(content[i])
            || (i > nameStart && (0x30...0x39).contains(content[i])) { i += 1 }
        return i > nameStart && i < end && content[i] == 0x3D
    }

    /// Whether line `index` lies inside a metadata comment block (`block.open` on a line of its
    /// own above it, every line between a comment, no `block.close` in between), or is one of
    /// its two fences.
    package func isInMetadataBlock(line index: Int, _ block: (open: String, close: String)) -> Bool {
        var current = index
        while current >= 0 {
            let text = self.text(ofLine: current).trimmingCharacters(in: .whitespaces)
            if text == block.open { return true }
            if current < index, text == block.close { return false }
            guard text.hasPrefix("#") else { return false }
            current -= 1
        }
        return false
    }

    /// The text of line `index`, without `\n` or `\r\n`.
    package func text(ofLine index: Int) -> String {
        var end = index + 1 < starts.count ? starts[index + 1] - 1 : content.count
        if end > starts[index], content[end - 1] == 0x0D { end -= 1 }
        return Self.decode(content, starts[index]..<end)
    }

    /// `inComment`: whether the span starts in a comment, as the file's lexer says; a finding
    /// there keeps at most `commentCeiling` (low, but a commented-out setting keeps more).
    /// `fileLayer` and `catalog` are the file's (`types.layer(path:)`, `LocalePaths`), worked
    /// out once per file: each is a handful of glob matches.
    package func finding(rule: Rule, range: Range<Int>, path: String, fileLayer: Layer, catalog: Bool, replacement: String?,
                 byteOffset: Int = 0, inComment: Bool, commentCeiling: Priority = .low) -> Finding {
        let start = position(of: range.lowerBound)
        let line = text(ofLine: start.line - 1)
        // Commented-out code and doc comments are mentions, whatever the rule finds in them.
        let commented = rule.category != .comment && inComment
        // A test, mock or fixture is in the test layer whatever the rule says, and keeps at
        // most the test ceiling: a migration updates it last.
        let test = fileLayer == .test
        var priority = commented ? min(rule.priority, commentCeiling) : rule.priority
        if test, priority > TestPaths.standard.ceiling { priority = TestPaths.standard.ceiling }
        // A translation catalog holds UI text only (LocalePaths).
        if catalog, priority > LocalePaths.standard.ceiling { priority = LocalePaths.standard.ceiling }
        return Finding(
            ruleID: rule.id, category: commented ? .comment : rule.category,
            priority: priority,
            layer: test ? .test : rule.layer ?? fileLayer,
            message: commented ? rule.message + " (in a comment)" : rule.message, path: path,
            start: start, end: position(of: range.upperBound),
            match: Self.decode(content, range), lineText: line,
            fixability: Self.fixability(rule, replacement, original: Self.decode(content, range, limit: false)),
            replacement: replacement, byteRange: range.lowerBound + byteOffset..<range.upperBound + byteOffset)
    }

    package static func fixability(_ rule: Rule, _ replacement: String?, original: String) -> Fixability {
        guard let replacement, replacement != original else { return .manual }
        return rule.fixSafety == .safe ? .auto : .suggested
    }

    /// Longest text a finding carries for a match or a line; minified lines would flood reports.
    static let maxTextBytes = 1000

    /// Lossy UTF-8 decoding (invalid bytes become U+FFFD), cut at `maxTextBytes` on a
    /// character boundary with an ellipsis.
    package static func decode(_ content: [UInt8], _ range: Range<Int>, limit: Bool = true) -> String {
        var end = range.upperBound
        var truncated = false
        if limit, range.count > maxTextBytes {
            end = range.lowerBound + maxTextBytes
            while end > range.lowerBound, content[end] & 0xC0 == 0x80 { end -= 1 }
            truncated = true
        }
        let text = String(decoding: content[range.lowerBound..<end], as: UTF8.self)
        return truncated ? text + "…" : text
    }
}
