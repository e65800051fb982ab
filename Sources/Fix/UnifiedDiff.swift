
/// Unified diffs that `git apply` and `patch -p1` accept: `a/` and `b/` prefixes, three
/// lines of context, `\ No newline at end of file` where it applies. Lines are compared as
/// bytes (CRLF and normalisation-only changes count), using the standard library's
/// `CollectionDifference`, on the changed middle only.
public enum UnifiedDiff {
    public static let context = 3
    /// The longest run of changed lines diffed as one (see `render`).
    package static let window = 1000

    public static func render(path: String, old: [UInt8], new: [UInt8]) -> String {
        guard old != new else { return "" }
        let a = lines(old), b = lines(new)
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        let middleA = Array(a[prefix..<(a.count - suffix)]), middleB = Array(b[prefix..<(b.count - suffix)])
        var removed = Set<Int>(), inserted = Set<Int>()
        // Myers' algorithm costs (lines × differences): a `.env` of 32,000 rewritten lines took
        // minutes. Lines found on one side only are changes whatever the alignment, so they are
        // settled first and Myers aligns the rest; and a long middle is cut into windows of
        // `window` lines taken in step from both sides, each diffed alone: still a correct
        // diff, minimal within each window.
        let pieces = max(1, (max(middleA.count, middleB.count) + window - 1) / window)
        for piece in 0..<pieces {
            let a0 = middleA.count * piece / pieces, a1 = middleA.count * (piece + 1) / pieces
            let b0 = middleB.count * piece / pieces, b1 = middleB.count * (piece + 1) / pieces
            let inA = Set(middleA[a0..<a1]), inB = Set(middleB[b0..<b1])
            let sharedA = (a0..<a1).filter { inB.contains(middleA[$0]) }
            let sharedB = (b0..<b1).filter { inA.contains(middleB[$0]) }
            for i in a0..<a1 where !inB.contains(middleA[i]) { removed.insert(prefix + i) }
            for j in b0..<b1 where !inA.contains(middleB[j]) { inserted.insert(prefix + j) }
            for change in sharedB.map({ middleB[$0] }).difference(from: sharedA.map { middleA[$0] }) {
                switch change {
                // Offsets count within the shared lines.
                case let .remove(offset, _, _): removed.insert(prefix + sharedA[offset])
                case let .insert(offset, _, _): inserted.insert(prefix + sharedB[offset])
                }
            }
        }
        // The edit script: (kind, old index, new index).
        var ops: [(kind: UInt8, line: [UInt8])] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, removed.contains(i) { ops.append((UInt8(ascii: "-"), a[i])); i += 1 }
            else if j < b.count, inserted.contains(j) { ops.append((UInt8(ascii: "+"), b[j])); j += 1 }
            else { ops.append((UInt8(ascii: " "), a[i])); i += 1; j += 1 }
        }
        let changes = ops.indices.filter { ops[$0].kind != UInt8(ascii: " ") }
        var hunks: [Range<Int>] = []
        for index in changes {
            let lo = max(0, index - context), hi = min(ops.count, index + context + 1)
            if let last = hunks.last, lo <= last.upperBound { hunks[hunks.count - 1] = last.lowerBound..<max(hi, last.upperBound) }
            else { hunks.append(lo..<hi) }
        }
        var out = [UInt8]()
        let quoted = quote(path)
        out += Array("diff --git \(quoted.a) \(quoted.b)\n--- \(quoted.a)\n+++ \(quoted.b)\n".utf8)
        var oldLine = 0, newLine = 0, cursor = 0
        for hunk in hunks {
            while cursor < hunk.lowerBound { advance(ops[cursor].kind, &oldLine, &newLine); cursor += 1 }
            let slice = ops[hunk]
            let oldCount = slice.filter { $0.kind != UInt8(ascii: "+") }.count
            let newCount = slice.filter { $0.kind != UInt8(ascii: "-") }.count
            let oldStart = oldCount == 0 ? oldLine : oldLine + 1
            let newStart = newCount == 0 ? newLine : newLine + 1
            out += Array("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n".utf8)
            for op in slice {
                out.append(op.kind)
                out += op.line
                if op.line.last != 0x0A { out += Array("\n\\ No newline at end of file\n".utf8) }
                advance(op.kind, &oldLine, &newLine)
            }
            cursor = hunk.upperBound
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func advance(_ kind: UInt8, _ oldLine: inout Int, _ newLine: inout Int) {
        if kind != UInt8(ascii: "+") { oldLine += 1 }
        if kind != UInt8(ascii: "-") { newLine += 1 }
    }

    /// Lines with their terminators; the last may have none.
    package static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var start = 0
        for (i, b) in bytes.enumerated() where b == 0x0A {
            result.append(Array(bytes[start...i]))
            start = i + 1
        }
        if start < bytes.count { result.append(Array(bytes[start...])) }
        return result
    }

    /// git's C-style quoting for names with quotes, backslashes, control characters or a trailing space.
    package static func quote(_ path: String) -> (a: String, b: String) {
        // A trailing space too: `patch` ends an unquoted name before trailing white space (even
        // in git's own diffs), so it would look for another file; git and patch both unquote.
        let needs = path.hasSuffix(" ")
            || path.unicodeScalars.contains { $0 == "\"" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F }
        guard needs else { return ("a/" + path, "b/" + path) }
        let escaped = path.escapingScalars { scalar in
            switch scalar {
            case "\"": "\\\""
            case "\\": "\\\\"
            case "\n": "\\n"
            case "\t": "\\t"
            // git's unquote reads exactly three octal digits: "\\1" is refused, "\\001" is not.
            default: scalar.value < 0x20 || scalar.value == 0x7F ? "\\" + octal(scalar.value) : nil
            }
        }
        return ("\"a/\(escaped)\"", "\"b/\(escaped)\"")
    }

    private static func octal(_ value: UInt32) -> String {
        let digits = String(value, radix: 8)
        return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }

    /// Colours a diff for a terminal.
    public static func colorize(_ diff: String) -> String {
        diff.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix("diff --git") || line.hasPrefix("--- ") || line.hasPrefix("+++ ") { return "\u{1B}[1m\(line)\u{1B}[0m" }
            if line.hasPrefix("@@") { return "\u{1B}[36m\(line)\u{1B}[0m" }
            if line.hasPrefix("+") { return "\u{1B}[32m\(line)\u{1B}[0m" }
            if line.hasPrefix("-") { return "\u{1B}[31m\(line)\u{1B}[0m" }
            return String(line)
        }.joined(separator: "\n")
    }
}
