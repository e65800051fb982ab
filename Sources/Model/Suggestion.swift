/// "Did you mean": the known name a mistyped one was most likely meant to be.
public enum Suggestion {
    /// The name in `known` closest to `name` by edit distance (insertions, deletions,
    /// substitutions and swaps of neighbours, as typos go), when it is close enough to be a
    /// typo of it: at most a third of its length away, and at least one edit. Ties go to the
    /// first in `known`.
    public static func closest(to name: String, in known: [String]) -> String? {
        let typed = Array(name.lowercased().utf8)
        var best: (name: String, distance: Int)?
        for candidate in known {
            let distance = Self.distance(typed, Array(candidate.lowercased().utf8))
            if distance <= max(1, typed.count / 3), distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.name
    }

    /// Optimal string alignment distance.
    package static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { current[j] = min(current[j], before[j - 2] + 1) }
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }

    /// ` (did you mean 'x'?)` for a mistyped `name`, or nothing.
    public static func hint(for name: String, in known: [String]) -> String {
        closest(to: name, in: known).map { " (did you mean '\($0)'?)" } ?? ""
    }
}
