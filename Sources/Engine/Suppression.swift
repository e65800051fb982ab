
extension Suppression {
    /// The marker in any comment syntax: `#`, `//`, `/* */`, `<!-- -->`. Without `[ids]`
    /// (`# ollama-audit: ignore -- reason`, as `# noqa` and `nosemgrep` go) it names every rule.
    package static let marker = try! Regex(
        #"ollama-audit:[ \t]*ignore(?:\[([^\]\n]*)\])?(?:[ \t]*--[ \t]*(.*?))?[ \t]*(?:\*/|-->)?[ \t]*$"#,
        options: [.utf, .multiline])
}

extension FileScanner {
    /// Finds the file's suppression comments and moves the findings they cover from
    /// `result.findings` (from `first` on) to `result.suppressed`.
    func applySuppressions(_ content: [UInt8], path: String, from first: Int, lines: LineIndex?) {
        var found: [Suppression] = []
        var markers: [Range<Int>] = []
        var start = 0
        while start < content.count, let match = try? Suppression.marker.captures(in: content, from: start, using: scratch) {
            let whole = match.range
            let index = lines ?? LineIndex(content)
            let ids = match[group: 1].map { LineIndex.decode(content, $0) } ?? "*"
            let reason = match[group: 2].map { LineIndex.decode(content, $0) }.flatMap { $0.isEmpty ? nil : $0 }
            found.append(Suppression(
                path: path, line: index.lineIndex(of: whole.lowerBound) + 1,
                rules: ids.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                reason: reason))
            markers.append(whole)
            start = max(whole.upperBound, whole.lowerBound + 1)
        }
        guard !found.isEmpty else { return }
        var kept: [Finding] = []
        for finding in result.findings[first...] {
            // The marker's own "ollama-audit" is not a mention of Ollama.
            if markers.contains(where: { $0.overlaps(finding.byteRange) }) { continue }
            let formerIDs = scanner.formerIDs[finding.ruleID] ?? []
            if let i = found.firstIndex(where: { $0.covers(finding, formerIDs: formerIDs) }) {
                found[i].used = true
                result.suppressed.append(finding)
            } else {
                kept.append(finding)
            }
        }
        result.findings.replaceSubrange(first..., with: kept)
        result.suppressions += found
    }
}

import Foundation
import Model
import PCRE2Swift
