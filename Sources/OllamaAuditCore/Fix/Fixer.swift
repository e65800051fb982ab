import Foundation
import PCRE2Swift
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

    public var changed: Bool { refusal == nil && fixed != original }
}

/// Plans rewrites per file: resolves overlapping edits deterministically (priority, then the
/// longest match, then position), applies them back to front, adds the lines the rules
/// `ensure`, and re-scans to a fixed point. Works on bytes in memory; writing is elsewhere.
public enum Fixer {
    /// Enough for chains of rewrites (a path, then the port in the same URL), small enough that
    /// a rule whose output matches itself cannot loop for long.
    public static let passCap = 8

    /// - Parameter everywhere: apply every rule whatever its `files:`/`paths:` (rule self-tests).
    public static func plan(_ file: SourceFile, content original: [UInt8], scanner: Scanner, unsafe: Bool,
                            everywhere: Bool = false) -> FileFix {
        guard String(validating: original, as: UTF8.self) != nil else {
            return FileFix(file: file, original: original, fixed: original, applied: 0, unresolved: [],
                           refusal: "contains invalid UTF-8; never rewritten")
        }
        let newline = lineEnding(of: original)
        var current = original
        var applied = 0
        var overlaps: [(Finding, Finding)] = []
        // The fixable findings of `current` when the last pass scanned it: a loop that stops
        // without changing `current` need not scan it once more.
        var lastScan: [Finding]?
        for _ in 0..<passCap {
            let fixable = scanner.findings(in: current, path: file.path, types: file.types, everywhere: everywhere)
                .filter { $0.fixability == .auto || (unsafe && $0.fixability == .suggested) }
            lastScan = fixable
            if fixable.isEmpty { break }
            guard let (next, count, lost) = pass(current, fixable, scanner: scanner, newline: newline), next != current else { break }
            current = next
            lastScan = nil
            applied += count
            overlaps += lost
        }
        let unresolved = lastScan ?? scanner.findings(in: current, path: file.path, types: file.types, everywhere: everywhere)
            .filter { $0.fixability == .auto || (unsafe && $0.fixability == .suggested) }
        if let problem = parseProblem(file.types, before: original, after: current) {
            return FileFix(file: file, original: original, fixed: original, applied: 0, unresolved: [],
                           refusal: "the rewrite would break the file: \(problem); left unchanged")
        }
        var fix = FileFix(file: file, original: original, fixed: current, applied: applied, unresolved: unresolved, refusal: nil)
        fix.overlaps = overlaps
        return fix
    }

    /// One pass: the winning edits applied, then the lines their rules ensure. Rules whose
    /// ensured lines have nowhere to go are dropped from the pass rather than half-applied.
    static func pass(_ content: [UInt8], _ findings: [Finding], scanner: Scanner, newline: String)
        -> ([UInt8], Int, [(Finding, Finding)])? {
        var excluded = Set<String>()
        while true {
            let (accepted, lost) = resolveOverlaps(findings.filter { !excluded.contains($0.ruleID) })
            if accepted.isEmpty { return nil }
            let bytes = apply(accepted, to: content, newline: newline)
            let rules = scanner.rules.filter { rule in accepted.contains { $0.ruleID == rule.id } }
            switch insertEnsured(rules, into: bytes, newline: newline) {
            case let .success(result): return (result, accepted.count, lost)
            case let .failure(failure): excluded.insert(failure.ruleID)
            }
        }
    }

    /// The edits of one pass that win: in order of priority, then the longest match, then
    /// position, each edit is kept unless it overlaps one already kept. Public, with `apply`,
    /// so the fuzz targets can drive the overlap resolution with arbitrary edits (issue 8).
    /// - Returns: the kept edits, and the partial overlaps that lost, each with its winner.
    public static func resolveOverlaps(_ findings: [Finding]) -> (accepted: [Finding], lost: [(loser: Finding, winner: Finding)]) {
        let ordered = findings.sorted {
            if $0.priority != $1.priority { return $0.priority > $1.priority }
            if $0.byteRange.count != $1.byteRange.count { return $0.byteRange.count > $1.byteRange.count }
            if $0.byteRange.lowerBound != $1.byteRange.lowerBound { return $0.byteRange.lowerBound < $1.byteRange.lowerBound }
            return $0.ruleID < $1.ruleID
        }
        var accepted: [Finding] = []
        var lost: [(loser: Finding, winner: Finding)] = []
        for f in ordered {
            if let winner = accepted.first(where: { $0.byteRange.overlaps(f.byteRange) }) {
                // A rewrite of text the winner rewrites whole is superseded, not lost;
                // a partial overlap loses part of an edit, and that is reported.
                let contained = winner.byteRange.lowerBound <= f.byteRange.lowerBound
                    && f.byteRange.upperBound <= winner.byteRange.upperBound
                if !contained { lost.append((f, winner)) }
            } else {
                accepted.append(f)
            }
        }
        return (accepted, lost)
    }

    /// `content` with every edit's replacement in place of its bytes, `\n` in a replacement
    /// written as the file's `newline`. The edits must not overlap and must have replacements.
    /// Back to front, so earlier byte ranges stay valid.
    public static func apply(_ edits: [Finding], to content: [UInt8], newline: String) -> [UInt8] {
        var bytes = content
        for f in edits.sorted(by: { $0.byteRange.lowerBound > $1.byteRange.lowerBound }) {
            let text = f.replacement!.replacingOccurrences(of: "\n", with: newline)
            bytes.replaceSubrange(f.byteRange, with: Array(text.utf8))
        }
        return bytes
    }

    static func insertEnsured(_ rules: [Rule], into content: [UInt8], newline: String) -> Result<[UInt8], EnsureRuleFailure> {
        var bytes = content
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
            }
        }
        return .success(bytes)
    }

    struct EnsureRuleFailure: Error { let ruleID: String }

    static func lastMatchEnd(_ regex: Regex, in bytes: [UInt8], scratch: MatchScratch) -> Int? {
        var last: Int?
        bytes.withUnsafeBytes { raw in
            var start = 0
            while start <= raw.count, (try? regex.match(raw, from: start, using: scratch)) == true,
                  let range = scratch.range(ofGroup: 0) {
                last = range.upperBound
                start = range.isEmpty ? range.upperBound + 1 : range.upperBound
            }
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

    /// A JSON or YAML file that parsed before and would not after; nil when all is well.
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
        return nil
    }
}

extension Scanner {
    /// The findings of `bytes` as a file of `types` at `path`, rule scopes applied.
    public func findings(in bytes: [UInt8], path: String, types: FileTypeSet, everywhere: Bool = false) -> [Finding] {
        let worker = FileScanner(scanner: self)
        worker.ignoreRuleScopes = everywhere
        bytes.withUnsafeBytes { worker.match($0, path: path, types: types) }
        return worker.result.findings.sorted(by: Finding.reportOrder)
    }
}
