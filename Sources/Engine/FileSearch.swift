import Languages
import Model
import PCRE2Swift
import Platform
import Rules

// The search of one file, in the order `FileScanner.match` runs it: a gate picks the rules
// that may match, the matcher runs each over the file's segments within its CPU budget, a
// builder turns each match into a finding, and a sink takes the findings as they come.

/// Where the findings of a file go, one at a time as they are made.
package protocol FindingSink {
    mutating func accept(_ finding: Finding, yieldsToOverlaps: Bool)
    mutating func warn(_ warning: ScanWarning)
}

/// One file as the search sees it: its text after any UTF-8 byte-order mark, the runs of
/// ordinary lines and the long lines between them, and what is worked out only once a rule
/// needs it (line starts, Markdown fences, `${file:...}` searches), shared by every rule.
package final class SearchedFile {
    package let path: String
    package let types: FileTypeSet
    /// The byte-order mark's length: offsets count from after it, byte ranges from the file's start.
    package let bom: Int
    package let content: [UInt8]
    let segments: [Range<Int>]
    let longLines: [Range<Int>]
    private var lineIndex: LineIndex?
    private var fenceRanges: [Range<Int>]?
    private var syntaxMask: SyntaxMask?
    private var blockIndex: BlockIndex?
    private var configSections: ConfigSections??
    private var trigramSet: Trigrams?
    /// Per section pattern: per section, 1 when its name or what it selects matches, 0 when not.
    private var sectionHits: [ObjectIdentifier: [Int8]] = [:]
    private var fileHits: [ObjectIdentifier: Bool] = [:]
    /// Per `Scanner.contexts` index, once searched.
    var contextHits: [Int: ContextHit] = [:]
    /// Per `Scanner.anchorRegexes` index, the lines holding the anchor; nil inside when its
    /// search failed.
    private var anchorLineCache: [Int: [Range<Int>]?] = [:]
    /// For the file's own small searches (section names, `${file:...}`): its worker's spare
    /// scratch. A scratch per search cost a JIT stack's mmap and munmap each time.
    private let aux: MatchScratch?

    package init(_ whole: [UInt8], path: String, types: FileTypeSet, aux: MatchScratch? = nil) {
        self.path = path
        self.types = types
        self.aux = aux
        bom = whole.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        // A copy only for the few files that have a mark.
        content = bom == 0 ? whole : Array(whole[bom...])
        (segments, longLines) = LineIndex.segments(content)
    }

    /// Line starts, built the first time a rule matches.
    package var lines: LineIndex {
        if let lineIndex { return lineIndex }
        let built = LineIndex(content)
        lineIndex = built
        return built
    }

    /// The line starts when a rule has needed them, else nil.
    var builtLines: LineIndex? { lineIndex }

    /// The byte ranges inside Markdown fenced code blocks.
    var fences: [Range<Int>] {
        if let fenceRanges { return fenceRanges }
        let found = lines.fencedBlocks()
        fenceRanges = found
        return found
    }

    /// The file's layer by its types and path.
    package private(set) lazy var layer: Layer = types.layer(path: path)
    /// Whether the file is a translation catalog (`LocalePaths`).
    private(set) lazy var isCatalog: Bool = LocalePaths.standard.contains(path)

    /// The file's three-byte sequences, hashed the first time a prefilter literal is asked for.
    var trigrams: Trigrams {
        if let trigramSet { return trigramSet }
        let built = Trigrams(content)
        trigramSet = built
        return built
    }

    /// Which bytes are code, strings and comments: lexed the first time a rule with `in:`
    /// matches, so a file no such rule fires in is never lexed.
    package var mask: SyntaxMask {
        if let syntaxMask { return syntaxMask }
        let built = types.mask(content)
        syntaxMask = built
        return built
    }

    /// The file's named blocks, found the first time they are asked for: only a file with a
    /// finding is searched for them.
    package func blocks(using scratch: MatchScratch) -> BlockIndex {
        if let blockIndex { return blockIndex }
        let registry = LanguageRegistry.standard
        let built = registry.hasBlocks(types)
            ? registry.blocks(content, types: types, mask: mask, lineStarts: lines.starts, scratch: scratch) : .empty
        blockIndex = built
        return built
    }

    /// The key paths of a configuration file, read the first time a rule with `section:` or
    /// `outside-section:` matches in it; nil for a file whose format has none.
    package var sections: ConfigSections? {
        if let configSections { return configSections }
        let built = types.sections(content)
        configSections = .some(built)
        return built
    }

    /// Whether 0-based line `line` sits where `rule`'s `section:` and `outside-section:` let
    /// it report: inside a section one of whose names matches the first, and in none that
    /// matches the second.
    func sectionAllows(_ rule: Rule, line: Int) -> Bool {
        guard let sections else { return rule.section == nil }
        let chain = sections.section(ofLine: line).map { sections.chain(from: $0) } ?? []
        if let outside = rule.outsideSection, chain.contains(where: { matches(outside, section: $0, in: sections) }) {
            return false
        }
        guard let inside = rule.section else { return true }
        return chain.contains { matches(inside, section: $0, in: sections) }
    }

    private func scratch(for regex: Regex) -> MatchScratch {
        if let aux, regex.captureCount < aux.pairs { return aux }
        return MatchScratch(maxCaptureCount: regex.captureCount)
    }

    /// Whether some section of the file is one `regex` names.
    func hasSection(matching regex: Regex) -> Bool {
        guard let sections else { return false }
        return sections.sections.indices.contains { matches(regex, section: $0, in: sections) }
    }

    private func matches(_ regex: Regex, section index: Int, in sections: ConfigSections) -> Bool {
        let key = ObjectIdentifier(regex)
        if let known = sectionHits[key]?[index], known >= 0 { return known == 1 }
        let section = sections.sections[index]
        let scratch = scratch(for: regex)
        func named(_ name: String) -> Bool { (try? regex.find(in: Array(name.utf8), using: scratch)) != nil }
        // The name, then what it selects: no array of them built per section and pattern.
        let found = named(section.name) || section.selects.contains(where: named)
        // In place: a copy of the array per new section would be quadratic in a data file's rows.
        sectionHits[key, default: [Int8](repeating: -1, count: sections.sections.count)][index] = found ? 1 : 0
        return found
    }

    /// The lines holding a match of `anchor` (search `regex`), each from its first byte to its
    /// line break (or the end), in order; nil when the search fails (a match limit), or when
    /// they are so many that a search of the whole file costs less and keeps less: more than
    /// one line in 64 bytes, or half the file.
    func anchorLines(_ anchor: Int, _ regex: Regex, using scratch: MatchScratch) -> [Range<Int>]? {
        if let known = anchorLineCache[anchor] { return known }
        var lines: [Range<Int>]? = []
        var from = 0, covered = 0
        while from < content.count {
            if covered * 2 > content.count || (lines?.count ?? 0) > content.count / 64 {
                lines = nil
                break
            }
            let hit: Range<Int>?
            do { hit = try regex.find(in: content, from: from, using: scratch) } catch {
                lines = nil
                break
            }
            guard let hit else { break }
            let lineStart = (content[..<hit.lowerBound].lastIndex(of: 0x0A) ?? -1) + 1
            let lineEnd = ByteSearch.firstIndex(of: 0x0A, in: content[...], from: hit.lowerBound) ?? content.count
            lines?.append(lineStart..<lineEnd)
            covered += lineEnd - lineStart + 1
            from = lineEnd + 1
        }
        anchorLineCache[anchor] = .some(lines)
        return lines
    }

    /// Two ordered lists of lines as one, each line once.
    static func union(_ a: [Range<Int>], _ b: [Range<Int>]) -> [Range<Int>] {
        var merged: [Range<Int>] = []
        merged.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            let next: Range<Int>
            if j == b.count || (i < a.count && a[i].lowerBound <= b[j].lowerBound) {
                next = a[i]; i += 1
            } else {
                next = b[j]; j += 1
            }
            if merged.last?.lowerBound != next.lowerBound { merged.append(next) }
        }
        return merged
    }

    /// Whether the file holds `word` as it is spelled. The trigram table answers "absent"
    /// without a search when the gate has built it; building it for this alone cost more than
    /// the search (the project pass reads each importer again for its imports).
    package func contains(word: String) -> Bool {
        let bytes = Array(word.utf8)
        if let trigramSet, !trigramSet.mayContain(Trigrams.hashes(of: bytes)) { return false }
        return ByteSearch.contains(bytes, in: content)
    }

    /// Whether `regex` matches anywhere in the file (`${file:...}` in fix templates): one
    /// search per pattern and file, not per finding.
    package func contains(_ regex: Regex) -> Bool {
        if let known = fileHits[ObjectIdentifier(regex)] { return known }
        let found = (try? regex.find(in: content, using: scratch(for: regex))) != nil
        fileHits[ObjectIdentifier(regex)] = found
        return found
    }
}

/// Which rules run on a file: their `files:` and `paths:` scope, then their prefilter
/// literals, each literal searched at most once per file whichever rules share it. It also
/// keeps what the long lines, which no full pattern searches, must still be checked for.
package struct RuleGate {
    let scanner: Scanner
    let ignoreScopes: Bool
    /// Per literal: -1 not searched yet, 0 absent, 1 present.
    var literalHits: [Int8]
    var literalsOnLongLines = Set<Int>()
    var ungatedRuleSkipsLongLines = false

    package init(scanner: Scanner, ignoreScopes: Bool) {
        self.scanner = scanner
        self.ignoreScopes = ignoreScopes
        literalHits = [Int8](repeating: -1, count: scanner.literals.count)
    }

    /// The rules whose `files:` scope admits a file of `types`, in rule order: what `opens`
    /// is asked about. Kept per worker and type set, since a tree has few distinct type sets
    /// and asking every rule about every file was a tenth of a scan of many small files.
    static func scoped(_ scanner: Scanner, _ types: FileTypeSet, ignoringScopes: Bool) -> [Int] {
        if ignoringScopes { return Array(scanner.rules.indices) }
        return scanner.rules.indices.filter { ruleIndex in
            let ruleTypes = scanner.ruleTypes[ruleIndex]
            if !ruleTypes.isEmpty, !ruleTypes.intersects(types) { return false }
            return !types.contains(.lockfile) || scanner.ruleReadsLockfiles[ruleIndex]
        }
    }

    /// Whether rule `ruleIndex`, one of the file's `scoped` rules, is to be searched for in `file`.
    mutating func opens(_ ruleIndex: Int, for file: SearchedFile, using scratch: MatchScratch) -> Bool {
        // From plain arrays: copying a Rule (a dozen references) for every rule and file was
        // 40% of a scan of many small files, in retain/release.
        let gates = scanner.ruleLiterals[ruleIndex]
        guard opensByLiterals(gates, for: file, using: scratch) else { return false }
        // Globs after literals: a literal's answer is kept per file, a glob runs per rule.
        if !ignoreScopes, scanner.rulePathScoped[ruleIndex], !scanner.rules[ruleIndex].applies(to: file.types, path: file.path) {
            return false
        }
        // A rule that reports only inside a named section has nothing to search in a file
        // with none: a `model` literal in every YAML file would open it, long lines included.
        if let section = scanner.ruleSection[ruleIndex], !file.hasSection(matching: section) { return false }
        if !file.longLines.isEmpty {
            // A rule without literals could match anywhere: every long line is unchecked.
            if gates.isEmpty { ungatedRuleSkipsLongLines = true } else { literalsOnLongLines.formUnion(gates) }
        }
        // After the long-line bookkeeping, as when the context's own search finds nothing:
        // the rule counts as opened for the warning, and no pattern runs.
        let context = scanner.contextLiterals[ruleIndex]
        if !context.isEmpty, !opensByLiterals(context, for: file, using: scratch) { return false }
        return true
    }

    private mutating func opensByLiterals(_ gates: [Int], for file: SearchedFile, using scratch: MatchScratch) -> Bool {
        guard !gates.isEmpty else { return true }
        for g in gates where isPresent(g, in: file, using: scratch) { return true }
        return false
    }

    /// Whether literal `g` is in the file, searched at most once; absent unsearched when a
    /// literal it contains is absent.
    private mutating func isPresent(_ g: Int, in file: SearchedFile, using scratch: MatchScratch) -> Bool {
        if literalHits[g] < 0 {
            if let weaker = scanner.weakerLiteral[g], !isPresent(weaker, in: file, using: scratch) {
                literalHits[g] = 0
            } else if !scanner.literalTrigrams[g].isEmpty, !file.trigrams.mayContain(scanner.literalTrigrams[g]) {
                literalHits[g] = 0
            } else {
                literalHits[g] = (try? scanner.literals[g].find(in: file.content, using: scratch)) != nil ? 1 : 0
            }
        }
        return literalHits[g] == 1
    }

    /// The long lines some opened rule could have matched on: those holding one of its literals.
    func uncheckedLongLines(of file: SearchedFile, using scratch: MatchScratch) -> Int {
        if ungatedRuleSkipsLongLines { return file.longLines.count }
        return file.longLines.filter { line in
            let subject = file.content[..<line.upperBound]
            return literalsOnLongLines.contains { g in
                literalHits[g] != 0 && (try? scanner.literals[g].find(in: subject, from: line.lowerBound, using: scratch)) != nil
            }
        }.count
    }
}

extension FileScanner {
    /// The matcher: searches `rule` over the file's segments, each match that has a non-empty
    /// report group going to `found` (with that group's span) until it returns false. False
    /// when the rule's `context:` pattern is not in the file, so its pattern was not searched.
    /// The budget says whether the search was cut short.
    package func search(_ ruleIndex: Int, in file: SearchedFile, budget: inout MatchBudget,
                        _ found: (Match, Range<Int>) -> Bool) throws(PCRE2Error) -> Bool {
        let rule = scanner.rules[ruleIndex]
        if let context = scanner.ruleContext[ruleIndex], !scanner.contextIsLiterals[context] {
            let hit: ContextHit
            if let known = file.contextHits[context] { hit = known } else { hit = try searchContext(context, in: file, budget: &budget) }
            switch hit {
            case .absent: return false
            case .present: break
            // The rule it was searched for warned; each rule sharing it is unchecked too.
            case .unknown: budget.exhaust()
            }
        }
        var matches = Matches(file: file, windows: windows(scanner.ruleAnchors[ruleIndex], in: file))
        while let match = try matches.next(rule.pattern, worker: self, budget: &budget) {
            guard let range = match[group: rule.reportGroup], !range.isEmpty else { continue }
            if !found(match, range) { return true }
        }
        return true
    }

    /// The start positions a pattern anchored on `anchors` can match from: the lines holding
    /// one of them, in order. Nil, for a search of every segment, when the pattern has no
    /// anchors or they are on so many lines that a search around each would cost more.
    func windows(_ anchors: [Int]?, in file: SearchedFile) -> [Range<Int>]? {
        guard let anchors else { return nil }
        var lines: [Range<Int>] = []
        for anchor in anchors {
            guard let found = file.anchorLines(anchor, scanner.anchorRegexes[anchor], using: auxScratch) else { return nil }
            lines = lines.isEmpty ? found : SearchedFile.union(lines, found)
        }
        return lines.reduce(0) { $0 + $1.count } * 2 > file.content.count ? nil : lines
    }
}

/// The non-empty matches of a pattern in a file's segments, in order and not overlapping, as
/// one search over each segment finds them: within `windows` only, when given, which every
/// match starts in (`LineAnchors`), so a search from each window's start gives the same
/// matches as a search of the whole segment.
struct Matches {
    let file: SearchedFile
    let windows: [Range<Int>]?
    var segment = 0
    var window = 0
    /// Where the next match may start.
    var start: Int?

    init(file: SearchedFile, windows: [Range<Int>]?) {
        self.file = file
        self.windows = windows
    }

    mutating func next(_ regex: Regex, worker: FileScanner, budget: inout MatchBudget) throws(PCRE2Error) -> Match? {
        while segment < file.segments.count, !budget.exhausted {
            let bounds = file.segments[segment]
            // The subject ends with the segment; lookbehinds still see what precedes it.
            let subject = file.content[..<bounds.upperBound]
            let from = max(start ?? bounds.lowerBound, bounds.lowerBound)
            var match: Match?
            if let windows {
                // Windows on the long lines between segments are never searched.
                while window < windows.count, windows[window].upperBound < from { window += 1 }
                if window < windows.count, windows[window].lowerBound < bounds.upperBound {
                    let lines = windows[window]
                    let at = max(from, lines.lowerBound)
                    if at <= subject.endIndex, !budget.spent() {
                        match = try regex.captures(in: subject, from: at, startLimit: min(lines.upperBound, subject.endIndex),
                                                   using: worker.scratch)
                        budget.pause()
                    }
                    if match == nil {
                        window += 1
                        continue
                    }
                }
            } else if from <= subject.endIndex {
                match = try worker.search(regex, subject, from: from, budget: &budget)
            }
            guard let match else {
                segment += 1
                start = nil
                continue
            }
            let whole = match.range
            if whole.isEmpty {
                start = whole.upperBound + 1
                continue
            }
            start = whole.upperBound
            return match
        }
        return nil
    }
}

extension FileScanner {
    /// Whether context `index` is in the file, kept for the other rules that share it; unknown
    /// when the budget ran out before the search ended. Errors are thrown and not kept: each
    /// rule reports its own.
    func searchContext(_ index: Int, in file: SearchedFile, budget: inout MatchBudget) throws(PCRE2Error) -> ContextHit {
        var matches = Matches(file: file, windows: windows(scanner.contextAnchors[index], in: file))
        let seen = try matches.next(scanner.contexts[index], worker: self, budget: &budget) != nil
        let hit: ContextHit = seen ? .present : budget.exhausted ? .unknown : .absent
        file.contextHits[index] = hit
        return hit
    }
}

/// Whether a file holds a rule's `context:` pattern.
enum ContextHit { case present, absent, unknown }

/// Turns one rule's matches in one file into findings: the rule's Markdown scope, one
/// finding per rule and line, the fix's replacement, and whether the match is a mention in
/// a comment.
package struct FindingBuilder {
    package enum Outcome {
        /// Outside the Markdown part (code or prose) or the classes (`in:`) the rule is for.
        case outOfScope
        /// On a line this rule already has a finding on: the line is what a person edits.
        case sameLine
        case finding(Finding)
    }

    let rule: Rule
    let file: SearchedFile
    let maps: FixMaps
    let fixable: Bool
    var reportedLine: Int?

    package init(rule: Rule, file: SearchedFile, maps: FixMaps, fixable: Bool) {
        self.rule = rule
        self.file = file
        self.maps = maps
        self.fixable = fixable
    }

    /// `range` is the span of the rule's report group in `match`.
    package mutating func build(_ match: Match, _ range: Range<Int>) -> Outcome {
        let lines = file.lines
        if let scope = rule.markdown, file.types.contains(.markdown) {
            let inCode = file.fences.contains { $0.contains(range.lowerBound) }
            if inCode != (scope == .code) { return .outOfScope }
        }
        if let classes = rule.textClasses, !classes.contains(file.mask.kind(at: range.lowerBound)) { return .outOfScope }
        let line = lines.lineIndex(of: range.lowerBound)
        if rule.section != nil || rule.outsideSection != nil, !file.sectionAllows(rule, line: line) { return .outOfScope }
        if let last = reportedLine, last == line { return .sameLine }
        reportedLine = line
        let content = file.content
        let replacement = fixable ? rule.fix?.expand(group: { n in
            match[group: n].map { LineIndex.decode(content, $0, limit: false) }
        }, maps: maps, file: { self.file.contains($0) }) : nil
        // Markdown's prose is its comment class, but not a comment to demote.
        var inComment = file.types.contains(.markdown) ? false : file.mask.kind(at: range.lowerBound) == .comment
        if inComment, let block = file.types.metadataBlock, lines.isInMetadataBlock(line: line, block) { inComment = false }
        var commentCeiling = Priority.low
        if inComment, let kept = file.types.commentedSettings, lines.isCommentedSetting(line: line) {
            commentCeiling = kept
        }
        return .finding(lines.finding(rule: rule, range: range, path: file.path, fileLayer: file.layer, catalog: file.isCatalog,
                                      replacement: replacement, byteOffset: file.bom, inComment: inComment,
                                      commentCeiling: commentCeiling))
    }
}

extension FileScanner {
    /// Gives each finding from `first` on the innermost named block around its start.
    func attachRegions(_ file: SearchedFile, from first: Int) {
        guard first < result.findings.count else { return }
        let blocks = file.blocks(using: scratch)
        guard !blocks.blocks.isEmpty else { return }
        for i in first..<result.findings.count {
            result.findings[i].region = blocks.enclosing(offset: result.findings[i].byteRange.lowerBound - file.bom)?.region
        }
    }
}

extension FileScanner: FindingSink {
    package func accept(_ finding: Finding, yieldsToOverlaps: Bool) {
        result.findings.append(finding)
        yields.append(yieldsToOverlaps)
    }

    package func warn(_ warning: ScanWarning) {
        result.warnings.append(warning)
    }

    /// Mentions give way: a finding of a rule that yields to overlaps is dropped when a
    /// firm finding of the same file is on its line or overlaps its span.
    func giveWay(from firstFinding: Int) {
        guard yields.contains(true), yields.contains(false) else { return }
        let count = result.findings.count - firstFinding
        var firm: [(range: Range<Int>, line: Int)] = []
        for i in 0..<count where !yields[i] {
            firm.append((result.findings[firstFinding + i].byteRange, result.findings[firstFinding + i].start.line))
        }
        let firmLines = Set(firm.map(\.line))
        // Marked first and removed in place: copying every finding of the file into a new
        // array, as a filter does, retained each finding's strings.
        var drop = [Bool](repeating: false, count: count)
        for i in 0..<count where yields[i] {
            let line = result.findings[firstFinding + i].start.line
            let range = result.findings[firstFinding + i].byteRange
            drop[i] = firmLines.contains(line) || firm.contains { $0.range.overlaps(range) }
        }
        guard drop.contains(true) else { return }
        var kept = firstFinding
        for i in 0..<count where !drop[i] {
            if kept != firstFinding + i { result.findings.swapAt(kept, firstFinding + i) }
            kept += 1
        }
        result.findings.removeLast(result.findings.count - kept)
    }
}
