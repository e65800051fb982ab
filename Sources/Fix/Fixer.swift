import Engine
import Foundation
import Languages
import Model
import PCRE2Swift
import Rules
import TOMLKit
import Yams

/// The plan for one file: its bytes before and after every applicable rewrite.
public struct FileFix: Sendable {
    public let file: SourceFile
    public let original: [UInt8]
    public let fixed: [UInt8]
    /// Rewrites applied, over all passes.
    public let applied: Int
    /// Fixable findings still there at the end: they lost an overlap every time, or the passes
    /// ran out. Never silently dropped: the summary lists them.
    public let unresolved: [Finding]
    /// Why the file is left as it was, when it is.
    public let refusal: String?
    /// Edits that partly overlapped a winning edit in some pass, with the edit they gave way to.
    /// A loser may still apply in a later pass (then it is also counted in `applied`).
    public var overlaps: [(loser: Finding, winner: Finding)] = []
    /// Rules whose rewrites never settle (one matched inside its own rewrite, or still matched
    /// when the passes ran out), with the passes after which they were stopped.
    public var loops: [(ruleID: String, passes: Int)] = []
    /// The file's migration units (Python's ollama client code): applied whole or left manual.
    public var units: [MigrationUnit] = []
    /// What the plan held back to keep units whole (`Withheld`).
    public var withheld = Withheld()

    package init(file: SourceFile, original: [UInt8], fixed: [UInt8], applied: Int, unresolved: [Finding], refusal: String? = nil, overlaps: [(loser: Finding, winner: Finding)] = [], loops: [(ruleID: String, passes: Int)] = []) {
        self.file = file
        self.original = original
        self.fixed = fixed
        self.applied = applied
        self.unresolved = unresolved
        self.refusal = refusal
        self.overlaps = overlaps
        self.loops = loops
    }

    public var changed: Bool { refusal == nil && fixed != original }
}

/// Plans rewrites per file: resolves overlapping edits deterministically (priority, then the
/// longest match, then position), applies them in one pass, adds the lines the rules
/// `ensure`, and re-scans to a fixed point. Works on bytes in memory; writing is elsewhere.
public enum Fixer {
    /// The files planned as migration units: any of them with a finding is planned, whatever
    /// its findings' fixability.
    public static let unitTypes = Engine.Scanner.unitTypes
    /// The files whose ollama client code the client planners read (Python, JavaScript).
    public static let codeTypes = FileTypeSet([.python, .javascript, .typescript, .vue, .svelte])

    /// Enough for chains of rewrites (a path, then the port in the same URL), small enough that
    /// a rule whose output matches itself cannot loop for long.
    public static let passCap = 8

    /// The first pass rewrites `findings` when given: a fix run hands over what its scan found
    /// in these very bytes, so no file's content is matched twice. Those are the findings
    /// before the allow file and the baseline, as a match here would give: every later pass
    /// re-scans the rewritten text without them, so a first pass that left an allowed or
    /// baselined match in place would only see it rewritten by the second. The allow file and
    /// the baseline decide which files a fix run plans (`Pipeline.planFix`), not which
    /// matches in a file it rewrites.
    /// - Parameters:
    ///   - findings: what `scanner` found in `original` (`ScannedFile.findings`); nil to match
    ///     it here.
    ///   - everywhere: apply every rule whatever its `files:`/`paths:` (rule self-tests).
    ///   - withheld: rewrites held back so a unit that spans files stays whole (`Withheld`).
    public static func plan(_ file: SourceFile, content original: [UInt8], findings: [Finding]? = nil,
                            scanner: Engine.Scanner, unsafe: Bool, everywhere: Bool = false,
                            withheld: Withheld = Withheld(), models: ProjectModels = ProjectModels()) -> FileFix {
        guard String(validating: original, as: UTF8.self) != nil else {
            return FileFix(file: file, original: original, fixed: original, applied: 0, unresolved: [],
                           refusal: "contains invalid UTF-8; never rewritten")
        }
        let newline = lineEnding(of: original)
        var current = original
        var applied = 0
        // The units go first (each whole or not at all); the rules then rewrite what is left
        // (names, ports, model tags) in the result, and leave a container unit's bytes alone
        // when it stays.
        var units: [MigrationUnit] = []
        var owned: [String] = []
        var known = findings
        if let plan = unitPlan(file, original, withheld: withheld, models: models, everywhere: everywhere) {
            units = plan.units
            owned = plan.owned
            if !plan.edits.isEmpty {
                current = applyUnitEdits(plan.edits, to: original, newline: newline)
                applied += plan.units.filter { $0.manual == nil }.count
                known = nil
            }
        }
        var overlaps: [(Finding, Finding)] = []
        var loops: [(ruleID: String, passes: Int)] = []
        // What the last pass wrote, per rule, in position order: a rule that matches inside
        // its own output (`ab` → `abab`) would grow the file on every pass and never settle.
        var written: [String: [Range<Int>]] = [:]
        // The scan's findings stand for the first pass's match of `original`, and only for it.
        func fixable(_ bytes: [UInt8]) -> [Finding] {
            defer { known = nil }
            let unitOwned = ContainerUnits.ranges(of: owned, in: bytes)
            return (known ?? scanner.findings(in: bytes, path: file.path, types: file.types, everywhere: everywhere))
                .filter { f in (f.fixability == .auto || (unsafe && f.fixability == .suggested))
                          && !loops.contains { $0.ruleID == f.ruleID }
                          && !withheld.holds(f)
                          && !Self.overlapsAny(unitOwned, f.byteRange) }
        }
        // The fixable findings of `current` when the last pass scanned it: a loop that stops
        // without changing `current` need not scan it once more.
        var lastScan: [Finding]?
        var settled = false
        for passes in 0..<passCap {
            var found = fixable(current)
            let reentrant = Set(found.filter { Self.overlapsAny(written[$0.ruleID] ?? [], $0.byteRange) }.map(\.ruleID))
            if !reentrant.isEmpty {
                loops += reentrant.sorted().map { ($0, passes) }
                found.removeAll { reentrant.contains($0.ruleID) }
            }
            lastScan = found
            if found.isEmpty { settled = true; break }
            guard let (next, count, lost, spans) = pass(current, found, scanner: scanner, newline: newline),
                  next != current else { settled = true; break }
            current = next
            lastScan = nil
            applied += count
            overlaps += lost
            written = spans
        }
        var unresolved = lastScan ?? fixable(current)
        if !settled {
            // The passes ran out with rewrites still pending: whatever still matches kept
            // matching its own (or another rule's) output. Named, not counted as conflicts.
            loops += Set(unresolved.map(\.ruleID)).sorted().map { ($0, passCap) }
            unresolved = []
        }
        if let problem = parseProblem(file.types, before: original, after: current) {
            return FileFix(file: file, original: original, fixed: original, applied: 0, unresolved: [],
                           refusal: "the rewrite would break the file: \(problem); left unchanged")
        }
        var fix = FileFix(file: file, original: original, fixed: current, applied: applied, unresolved: unresolved, refusal: nil)
        fix.overlaps = overlaps
        fix.loops = loops
        fix.units = units
        fix.withheld = withheld
        return fix
    }

    /// The migration units of the one planner that reads `file`'s type: Python's or
    /// JavaScript's ollama client code (Sources/Fix/Python, JavaScript), or the containers of
    /// compose and Kubernetes files (Sources/Fix/Containers), with what those left manual own.
    static func unitPlan(_ file: SourceFile, _ bytes: [UInt8], withheld: Withheld, models: ProjectModels, everywhere: Bool)
        -> (edits: [UnitEdit], units: [MigrationUnit], owned: [String])? {
        if file.types.contains(.python) {
            return PythonClientUnits.plan(bytes, withheld: withheld).map { ($0.edits, $0.units, []) }
        }
        if file.types.intersects(codeTypes) {
            return JavaScriptClientUnits.plan(bytes, component: file.types.intersects(FileTypeSet([.vue, .svelte])),
                                              jsx: file.path.hasSuffix(".jsx") || file.path.hasSuffix(".tsx"), withheld: withheld)
                .map { ($0.edits, $0.units, []) }
        }
        // Not in a rule's self-test, which checks the rule's own rewrite.
        guard !everywhere else { return nil }
        return ContainerUnits.plan(file.types, bytes, models: models).map { ($0.edits, $0.units, $0.owned) }
    }

    /// `content` with the units' edits (disjoint, in order) in place, `\n` written as the file's
    /// line break.
    package static func applyUnitEdits(_ edits: [UnitEdit], to content: [UInt8], newline: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(content.count + 256)
        var cursor = 0
        for edit in edits {
            out += content[cursor..<edit.range.lowerBound]
            for byte in edit.text.utf8 {
                if byte == 0x0A { out += newline.utf8 } else { out.append(byte) }
            }
            cursor = edit.range.upperBound
        }
        out += content[cursor...]
        return out
    }

    /// Whether `range` overlaps one of `spans` (disjoint, in position order).
    static func overlapsAny(_ spans: [Range<Int>], _ range: Range<Int>) -> Bool {
        // The last span starting before `range` ends is the only one that can reach into it.
        var lo = 0, hi = spans.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if spans[mid].lowerBound < range.upperBound { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 && spans[lo - 1].overlaps(range)
    }

    /// One pass: the winning edits applied, then the lines their rules ensure. Rules whose
    /// ensured lines have nowhere to go are dropped from the pass rather than half-applied.
    /// Also returns where each rule's replacements landed in the new bytes.
    package static func pass(_ content: [UInt8], _ findings: [Finding], scanner: Engine.Scanner, newline: String)
        -> ([UInt8], Int, [(Finding, Finding)], [String: [Range<Int>]])? {
        var excluded = Set<String>()
        while true {
            let (accepted, lost) = resolveOverlaps(findings.filter { !excluded.contains($0.ruleID) })
            if accepted.isEmpty { return nil }
            var (bytes, spans) = rebuild(accepted, from: content, newline: newline)
            let ids = Set(accepted.map(\.ruleID))
            let rules = scanner.rules.filter { ids.contains($0.id) }
            switch insertEnsured(rules, into: bytes, newline: newline) {
            case let .success((result, insertions)):
                bytes = result
                for (at, count) in insertions {
                    for (rule, ranges) in spans {
                        spans[rule] = ranges.map { $0.lowerBound >= at ? $0.lowerBound + count..<$0.upperBound + count : $0 }
                    }
                }
                return (bytes, accepted.count, lost, spans)
            case let .failure(failure): excluded.insert(failure.ruleID)
            }
        }
    }

    /// The edits of one pass that win: in order of priority, then the longest match, then
    /// position, each edit is kept unless it overlaps one already kept. Public, with `apply`,
    /// so the fuzz targets can drive the overlap resolution with arbitrary edits.
    /// - Returns: the kept edits, and the partial overlaps that lost, each with its winner.
    public static func resolveOverlaps(_ findings: [Finding]) -> (accepted: [Finding], lost: [(loser: Finding, winner: Finding)]) {
        // Indices sorted on plain keys: sorting the findings themselves copied each one many
        // times over.
        let priority = findings.map(\.priority.rank), lower = findings.map(\.byteRange.lowerBound)
        let length = findings.map(\.byteRange.count)
        let ordered = findings.indices.sorted { a, b in
            if priority[a] != priority[b] { return priority[a] > priority[b] }
            if length[a] != length[b] { return length[a] > length[b] }
            if lower[a] != lower[b] { return lower[a] < lower[b] }
            return findings[a].ruleID < findings[b].ruleID
        }.map { findings[$0] }
        // Kept edits never overlap, so in position order their ends rise with their starts, and
        // the kept edits an edit overlaps are one run: from the first kept edit that ends after
        // it starts to the last that starts before it ends. A tree over the edits in position
        // order finds that run and its earliest kept edit in O(log n), where a scan of the kept
        // edits made a file of 32,000 edits take minutes.
        let starts = ordered.map(\.byteRange.lowerBound)
        let byStart = starts.indices.sorted { starts[$0] < starts[$1] }
        var rank = [Int](repeating: 0, count: ordered.count)
        for (r, i) in byStart.enumerated() { rank[i] = r }
        let sortedStarts = byStart.map { starts[$0] }
        var kept = KeptEdits(count: ordered.count)
        var accepted: [Finding] = []
        var lost: [(loser: Finding, winner: Finding)] = []
        for (i, f) in ordered.enumerated() {
            // An empty range overlaps nothing (Range.overlaps): kept, and in no one's way.
            if f.byteRange.isEmpty { accepted.append(f); continue }
            var lo = 0, hi = sortedStarts.count  // the number of edits starting before f ends
            while lo < hi {
                let mid = (lo + hi) / 2
                if sortedStarts[mid] < f.byteRange.upperBound { lo = mid + 1 } else { hi = mid }
            }
            if let first = kept.first(below: lo, endingAfter: f.byteRange.lowerBound) {
                let winner = accepted[kept.earliest(in: first..<lo)]
                // A rewrite of text the winner rewrites whole is superseded, not lost;
                // a partial overlap loses part of an edit, and that is reported.
                let contained = winner.byteRange.lowerBound <= f.byteRange.lowerBound
                    && f.byteRange.upperBound <= winner.byteRange.upperBound
                if !contained { lost.append((f, winner)) }
            } else {
                kept.keep(rank: rank[i], end: f.byteRange.upperBound, order: accepted.count)
                accepted.append(f)
            }
        }
        return (accepted, lost)
    }

    /// `content` with every edit's replacement in place of its bytes, `\n` in a replacement
    /// written as the file's `newline`. The edits must not overlap and must have replacements.
    public static func apply(_ edits: [Finding], to content: [UInt8], newline: String) -> [UInt8] {
        rebuild(edits, from: content, newline: newline, removingEmptiedLines: false).bytes
    }

    /// `apply`, front to back in one pass, with where each rule's replacements landed. An edit
    /// that empties its line (only blanks, or a separating comma, left around an empty
    /// replacement) takes the line with it; a comma it leaves dangling before a closing
    /// bracket goes too, so removing the last entry of a JSON object keeps the JSON valid.
    package static func rebuild(_ edits: [Finding], from content: [UInt8], newline: String, removingEmptiedLines: Bool = true)
        -> (bytes: [UInt8], spans: [String: [Range<Int>]]) {
        var out: [UInt8] = []
        out.reserveCapacity(content.count)
        var spans: [String: [Range<Int>]] = [:]
        var cursor = 0
        let sorted = edits.sorted { ($0.byteRange.lowerBound, $0.byteRange.upperBound) < ($1.byteRange.lowerBound, $1.byteRange.upperBound) }
        for (i, f) in sorted.enumerated() {
            var range = f.byteRange
            let text = f.replacement!
            let ceiling = i + 1 < sorted.count ? sorted[i + 1].byteRange.lowerBound : content.count
            if removingEmptiedLines, text.isEmpty,
               let (comma, line) = emptiedLine(range, in: content, after: cursor, before: ceiling) {
                if let comma {
                    out += content[cursor..<comma]
                    cursor = comma + 1
                }
                range = line
            }
            out += content[cursor..<range.lowerBound]
            let start = out.count
            for byte in text.utf8 {
                if byte == 0x0A { out += newline.utf8 } else { out.append(byte) }
            }
            // An empty span holds nothing to match again (and would hide its neighbours from
            // `overlapsAny`, which looks at one span).
            if out.count > start { spans[f.ruleID, default: []].append(start..<out.count) }
            cursor = range.upperBound
        }
        out += content[cursor...]
        return (out, spans)
    }

    /// What to remove when deleting `range` leaves its line empty: the whole line with its line
    /// break, and the comma before it if that comma would dangle before `}` or `]`. Nil when
    /// the line keeps other text. Nothing outside `floor..<ceiling` (other edits) is touched.
    static func emptiedLine(_ range: Range<Int>, in content: [UInt8], after floor: Int, before ceiling: Int)
        -> (comma: Int?, line: Range<Int>)? {
        func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }
        var start = range.lowerBound
        while start > floor, blank(content[start - 1]) { start -= 1 }
        guard start == 0 || content[start - 1] == 0x0A, start >= floor else { return nil }
        var end = range.upperBound
        while end < content.count, blank(content[end]) { end += 1 }
        // The entry's own separating comma, inside the span or just after it.
        var comma = content[range].last { !blank($0) } == UInt8(ascii: ",")
        if !comma, end < content.count, content[end] == UInt8(ascii: ",") {
            comma = true
            end += 1
            while end < content.count, blank(content[end]) { end += 1 }
        }
        guard end == content.count || content[end] == 0x0A else { return nil }
        if end < content.count { end += 1 }
        guard end <= ceiling else { return nil }
        if !comma {
            // The entry was the last: a comma ending the entry before it would now dangle.
            var next = end
            while next < content.count, blank(content[next]) || content[next] == 0x0A { next += 1 }
            if next < content.count, content[next] == UInt8(ascii: "}") || content[next] == UInt8(ascii: "]") {
                var previous = start
                while previous > floor, blank(content[previous - 1]) || content[previous - 1] == 0x0A { previous -= 1 }
                if previous > floor, content[previous - 1] == UInt8(ascii: ",") { return (previous - 1, start..<end) }
            }
        }
        return (nil, start..<end)
    }

    /// The bytes with the ensured lines in, and each insertion (offset, length) in order.
    static func insertEnsured(_ rules: [Rule], into content: [UInt8], newline: String)
        -> Result<([UInt8], [(at: Int, count: Int)]), EnsureRuleFailure> {
        var bytes = content
        var insertions: [(at: Int, count: Int)] = []
        var done = Set<String>()
        for rule in rules {
            for ensure in rule.ensures where !done.contains(ensure.line) {
                done.insert(ensure.line)
                let text = String(decoding: bytes, as: UTF8.self)
                if text.split(whereSeparator: \.isNewline).contains(where: { $0.trimmingCharacters(in: .whitespaces) == ensure.line }) {
                    continue
                }
                if let unless = ensure.unless, (try? unless.matches(text, using: MatchScratch(maxCaptureCount: unless.captureCount))) == true {
                    continue
                }
                guard let anchor = lastMatchEnd(ensure.after, in: bytes, scratch: MatchScratch(maxCaptureCount: ensure.after.captureCount)) else {
                    return .failure(EnsureRuleFailure(ruleID: rule.id))
                }
                var at = anchor
                while at < bytes.count, bytes[at] != 0x0A { at += 1 }
                let insertion: [UInt8]
                if at < bytes.count {
                    at += 1
                    insertion = Array((ensure.line + newline).utf8)
                } else {
                    insertion = Array((newline + ensure.line).utf8)
                }
                bytes.insert(contentsOf: insertion, at: at)
                insertions.append((at, insertion.count))
            }
        }
        return .success((bytes, insertions))
    }

    package struct EnsureRuleFailure: Error { let ruleID: String }

    static func lastMatchEnd(_ regex: Regex, in bytes: [UInt8], scratch: MatchScratch) -> Int? {
        var last: Int?
        var start = 0
        while start <= bytes.count, let range = try? regex.find(in: bytes, from: start, using: scratch) {
            last = range.upperBound
            start = range.isEmpty ? range.upperBound + 1 : range.upperBound
        }
        return last
    }

    /// CRLF when most of the file's line breaks are CRLF: rewrites keep the file's style.
    static func lineEnding(of bytes: [UInt8]) -> String {
        var lf = 0, crlf = 0
        for (i, b) in bytes.enumerated() where b == 0x0A {
            lf += 1
            if i > 0, bytes[i - 1] == 0x0D { crlf += 1 }
        }
        return crlf > 0 && crlf * 2 >= lf ? "\r\n" : "\n"
    }

    /// A JSON, YAML, TOML or INI file that parsed before and would not after; nil when all is well.
    static func parseProblem(_ types: FileTypeSet, before: [UInt8], after: [UInt8]) -> String? {
        if before == after { return nil }
        if types.contains(.json), !types.contains(.lockfile) {
            let parses = { (b: [UInt8]) in (try? JSONSerialization.jsonObject(with: Data(b), options: [.fragmentsAllowed])) != nil }
            if parses(before), !parses(after) { return "the JSON no longer parses" }
        }
        if types.contains(.yaml) || types.contains(.compose) {
            func parses(_ b: [UInt8]) -> String? {
                do {
                    var documents = try Yams.compose_all(yaml: String(decoding: b, as: UTF8.self))
                    while documents.next() != nil {}
                    return documents.error.map { "\($0)".split(separator: "\n").first.map(String.init) ?? "invalid YAML" }
                } catch {
                    return "\(error)".split(separator: "\n").first.map(String.init) ?? "invalid YAML"
                }
            }
            if parses(before) == nil, let problem = parses(after) { return "the YAML no longer parses (\(problem))" }
        }
        if types.contains(.toml), !types.contains(.lockfile) {
            func problem(_ b: [UInt8]) -> String? {
                do {
                    _ = try TOMLTable(string: String(decoding: b, as: UTF8.self))
                    return nil
                } catch let error as TOMLParseError {
                    return "line \(error.source.begin.line): \(error.description)"
                } catch {
                    return "\(error)"
                }
            }
            if problem(before) == nil, let problem = problem(after) { return "the TOML no longer parses (\(problem))" }
        }
        if types.contains(.ini) {
            if INI.problem(before) == nil, let problem = INI.problem(after) { return "the INI file no longer parses (\(problem))" }
        }
        return nil
    }
}

/// The syntax Python's `configparser` accepts with its defaults (setup.cfg, tox.ini), checked
/// by its rules: a line indented deeper than the option it follows continues that option's
/// value; any other line is blank, a comment (`#` or `;`), a `[section]`, or `key = value` /
/// `key: value` under a section; sections and options (case-insensitive) appear once.
package enum INI {
    /// Why `bytes` would not load; nil when they would.
    package static func problem(_ bytes: [UInt8]) -> String? {
        var sections = Set<String>()
        var options = Set<String>()
        var inSection = false
        var optionIndent: Int?  // the indentation of the option a deeper line continues
        for (index, raw) in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw[...]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if let optionIndent, indent > optionIndent { continue }
            optionIndent = nil
            if trimmed.hasPrefix("["), let close = trimmed.lastIndex(of: "]"), close > trimmed.index(after: trimmed.startIndex) {
                let name = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
                guard sections.insert(name).inserted else { return "line \(index + 1): section '\(name)' appears twice" }
                inSection = true
                options = []
                continue
            }
            guard inSection else { return "line \(index + 1): text before the first [section]" }
            guard let separator = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }),
                  case let key = trimmed[..<separator].trimmingCharacters(in: .whitespaces), !key.isEmpty else {
                return "line \(index + 1): '\(trimmed.prefix(40))' is neither key = value nor an indented continuation"
            }
            guard options.insert(key.lowercased()).inserted else { return "line \(index + 1): option '\(key)' appears twice" }
            optionIndent = indent
        }
        return nil
    }
}

/// The kept edits of `Fixer.resolveOverlaps`, by the rank of their start among all edits: a
/// segment tree of the latest end and the earliest acceptance under each node.
package struct KeptEdits {
    private let size: Int
    private var latestEnd: [Int]
    private var earliestOrder: [Int]

    package init(count: Int) {
        var size = 1
        while size < count { size *= 2 }
        self.size = size
        latestEnd = [Int](repeating: Int.min, count: 2 * size)
        earliestOrder = [Int](repeating: Int.max, count: 2 * size)
    }

    package mutating func keep(rank: Int, end: Int, order: Int) {
        var node = rank + size
        latestEnd[node] = end
        earliestOrder[node] = order
        node /= 2
        while node >= 1 {
            latestEnd[node] = max(latestEnd[2 * node], latestEnd[2 * node + 1])
            earliestOrder[node] = min(earliestOrder[2 * node], earliestOrder[2 * node + 1])
            node /= 2
        }
    }

    /// The lowest rank below `limit` of a kept edit that ends after `offset`.
    package func first(below limit: Int, endingAfter offset: Int) -> Int? {
        // Depth is log2 of the edit count: the recursion is bounded by 64 levels.
        func search(_ node: Int, _ lo: Int, _ hi: Int) -> Int? {
            if lo >= limit || latestEnd[node] <= offset { return nil }
            if hi - lo == 1 { return lo }
            let mid = (lo + hi) / 2
            return search(2 * node, lo, mid) ?? search(2 * node + 1, mid, hi)
        }
        return search(1, 0, size)
    }

    /// The earliest acceptance among the kept edits of `ranks`.
    func earliest(in ranks: Range<Int>) -> Int {
        var result = Int.max
        var lo = ranks.lowerBound + size, hi = ranks.upperBound + size
        while lo < hi {
            if lo & 1 == 1 { result = min(result, earliestOrder[lo]); lo += 1 }
            if hi & 1 == 1 { hi -= 1; result = min(result, earliestOrder[hi]) }
            lo /= 2
            hi /= 2
        }
        return result
    }
}
