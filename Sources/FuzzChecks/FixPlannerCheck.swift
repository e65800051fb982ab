import Fix
import Model

/// The fix planner's overlap resolution and edit application, given random overlapping edits
/// over random content. The kept edits must be exactly the greedy choice in priority order
/// (checked by its defining properties, not by running the same loop again), and the result
/// must equal a front-to-back rebuild of the content from the kept edits.
public enum FixPlannerCheck {
    /// Replacement text is drawn from few characters, newlines among them, so the CRLF
    /// rewriting of replacements is exercised and texts repeat.
    static let alphabet: [String] = ["a", "b", "\n", "\r", " ", "é", "€", "$", "x"]

    public static func check(_ data: [UInt8]) throws(FuzzFailure) {
        var input = FuzzInput(data)
        let content = input.take(Int(input.byte()))
        let newline = input.bool() ? "\r\n" : "\n"
        guard !content.isEmpty else { return }
        var edits: [Finding] = []
        let count = Int(input.byte() % 24)
        for _ in 0..<count {
            let lower = input.int(below: content.count)
            // Never empty: the scanner drops empty matches, and two insertions at one offset
            // would have no defined order.
            let upper = lower + 1 + input.int(below: content.count - lower)
            var replacement = ""
            for _ in 0..<Int(input.byte() % 6) { replacement += input.pick(alphabet) }
            let selector = input.byte()
            edits.append(edit(lower..<upper, replacement: replacement,
                              priority: Priority.allCases[Int(selector) % Priority.allCases.count],
                              ruleID: "rule-\(selector >> 4 & 3)"))
        }
        let (accepted, lost) = Fixer.resolveOverlaps(edits)
        try isGreedy(edits, accepted: accepted, lost: lost)
        let fixed = Fixer.apply(accepted, to: content, newline: newline)
        let expected = rebuild(content, accepted, newline: newline)
        guard fixed == expected else {
            throw FuzzFailure("fix-planner", "applying \(accepted.map { ($0.byteRange, $0.replacement!) }) to "
                              + "\(content) gave \(fixed), expected \(expected)")
        }
    }

    static func edit(_ range: Range<Int>, replacement: String, priority: Priority, ruleID: String) -> Finding {
        let position = Position(line: 1, column: range.lowerBound + 1)
        return Finding(ruleID: ruleID, category: .endpoint, priority: priority, layer: .backend, message: "fuzz",
                       path: "fuzz", start: position, end: position, match: "", lineText: "", fixability: .auto,
                       replacement: replacement, byteRange: range)
    }

    /// Whether `a` comes no later than `b` in the planner's documented order: priority, then
    /// the longer match, then the earlier one, then the rule id.
    static func ranksFirst(_ a: Finding, _ b: Finding) -> Bool {
        (-a.priority.rank, -a.byteRange.count, a.byteRange.lowerBound, a.ruleID)
            <= (-b.priority.rank, -b.byteRange.count, b.byteRange.lowerBound, b.ruleID)
    }

    /// A disjoint set where every edit left out overlaps a kept one that ranks first is the
    /// greedy choice; and a loss is reported exactly for edits not wholly inside their winner.
    static func isGreedy(_ edits: [Finding], accepted: [Finding], lost: [(loser: Finding, winner: Finding)]) throws(FuzzFailure) {
        func fail(_ message: String) -> FuzzFailure { FuzzFailure("fix-planner", message) }
        if !edits.isEmpty, accepted.isEmpty { throw fail("no edit kept of \(edits.count)") }
        for (i, a) in accepted.enumerated() {
            for b in accepted[(i + 1)...] where a.byteRange.overlaps(b.byteRange) {
                throw fail("kept edits \(a.byteRange) and \(b.byteRange) overlap")
            }
        }
        var left = edits.map { ($0.byteRange, $0.replacement!, $0.priority, $0.ruleID) }
        for a in accepted {
            guard let i = left.firstIndex(where: { $0 == (a.byteRange, a.replacement!, a.priority, a.ruleID) }) else {
                throw fail("kept edit \(a.byteRange) was never proposed")
            }
            left.remove(at: i)
        }
        var expectedLosses = 0
        for e in edits where !accepted.contains(where: { $0.byteRange == e.byteRange && $0.replacement == e.replacement
                                                         && $0.ruleID == e.ruleID && $0.priority == e.priority }) {
            guard let winner = accepted.first(where: { $0.byteRange.overlaps(e.byteRange) && ranksFirst($0, e) }) else {
                throw fail("edit \(e.byteRange) (\(e.priority)) was dropped though no kept edit that ranks first overlaps it")
            }
            let inside = winner.byteRange.lowerBound <= e.byteRange.lowerBound && e.byteRange.upperBound <= winner.byteRange.upperBound
            if !inside { expectedLosses += 1 }
        }
        guard lost.count == expectedLosses else {
            throw fail("\(lost.count) losses reported, \(expectedLosses) partial overlaps")
        }
        for (loser, winner) in lost {
            guard loser.byteRange.overlaps(winner.byteRange), ranksFirst(winner, loser),
                  accepted.contains(where: { $0.byteRange == winner.byteRange && $0.ruleID == winner.ruleID }) else {
                throw fail("loss of \(loser.byteRange) to \(winner.byteRange) is not an overlap with a kept edit")
            }
            guard !(winner.byteRange.lowerBound <= loser.byteRange.lowerBound && loser.byteRange.upperBound <= winner.byteRange.upperBound) else {
                throw fail("edit \(loser.byteRange) inside its winner \(winner.byteRange) reported as a loss")
            }
        }
    }

    /// The reference: the content rebuilt front to back, each kept edit's bytes replaced by
    /// its text with every LF byte written as the file's line ending.
    static func rebuild(_ content: [UInt8], _ edits: [Finding], newline: String) -> [UInt8] {
        var out: [UInt8] = []
        var cursor = 0
        for e in edits.sorted(by: { $0.byteRange.lowerBound < $1.byteRange.lowerBound }) {
            out += content[cursor..<e.byteRange.lowerBound]
            for byte in e.replacement!.utf8 {
                if byte == 0x0A { out += newline.utf8 } else { out.append(byte) }
            }
            cursor = e.byteRange.upperBound
        }
        out += content[cursor...]
        return out
    }
}
