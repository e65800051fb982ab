import AuditTestSupport
import Fix
import Model
import Testing

/// Pieces under `--fix` that replaced slower or looser ones: the tree-based overlap resolution against the
/// quadratic loop it replaced, the INI check against configparser's rules, and the file-type
/// bit read from the case tag.
@Suite struct FixPlannerTests {
    static func edit(_ range: Range<Int>, _ priority: Priority, _ rule: String) -> Finding {
        let position = Position(line: 1, column: range.lowerBound + 1)
        return Finding(ruleID: rule, category: .endpoint, priority: priority, layer: .backend, message: "m",
                       path: "p", start: position, end: position, match: "", lineText: "", fixability: .auto,
                       replacement: "x", byteRange: range)
    }

    /// The loop `resolveOverlaps` had before: each edit, in order, against every kept one.
    static func reference(_ findings: [Finding]) -> (accepted: [Finding], lost: [(loser: Finding, winner: Finding)]) {
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
                if !(winner.byteRange.lowerBound <= f.byteRange.lowerBound && f.byteRange.upperBound <= winner.byteRange.upperBound) {
                    lost.append((f, winner))
                }
            } else {
                accepted.append(f)
            }
        }
        return (accepted, lost)
    }

    /// Same kept edits, same losses with the same winners, on 2,000 random sets of edits.
    @Test func overlapResolutionAgreesWithTheQuadraticLoop() {
        var rng = SplitMix64(seed: 13)
        for _ in 0..<2000 {
            let size = Int.random(in: 1...60, using: &rng)
            let edits = (0..<Int.random(in: 0...30, using: &rng)).map { _ in
                let lower = Int.random(in: 0..<size, using: &rng)
                let upper = Int.random(in: lower...min(size, lower + 12), using: &rng)
                return Self.edit(lower..<upper, Priority.allCases.randomElement(using: &rng)!,
                                 "r\(Int.random(in: 0..<3, using: &rng))")
            }
            let fast = Fixer.resolveOverlaps(edits), slow = Self.reference(edits)
            #expect(fast.accepted.map(\.byteRange) == slow.accepted.map(\.byteRange))
            #expect(fast.lost.map { [$0.loser.byteRange, $0.winner.byteRange] } == slow.lost.map { [$0.loser.byteRange, $0.winner.byteRange] })
        }
    }

    /// Python's configparser (default options) accepts or rejects each of these the same way.
    @Test(arguments: [
        ("[a]\nk = v\n", true),
        ("[a]\nk =\n    one\n    two\n\n# c\n; c\nj: w\n", true),
        ("[a]\ninstall_requires =\n    requests\nopenai\n", false),  // column 0, no `=`
        ("k = v\n", false),  // before any section
        ("[a]\nk = v\n[a]\n", false),  // section twice
        ("[a]\nK = v\nk = w\n", false),  // option twice, case-insensitive
        ("[a]\n  k = v\n    more\n", true),
        ("[a]\n= v\n", false),
        ("[a]\r\nk = v\r\n  more\r\n", true),
    ])
    func iniCheckFollowsConfigparser(_ row: (String, Bool)) {
        #expect((INI.problem(Array(row.0.utf8)) == nil) == row.1, "\(row.0.debugDescription)")
    }
}
