import Fix

/// The unified-diff writer, given a random text and a random line edit of it (CRLF, mixed
/// line endings, no final newline, tricky file names). The diff is applied back by a small
/// reference applier that reads it as `git apply` does, strictly: names unquoted by git's
/// rules, hunk counts and positions checked, every context and removed line compared. The
/// test suite ties that reference to the real `git apply` and `patch` (FuzzRoundTripTests).
public enum UnifiedDiffCheck {
    public struct Case: Sendable {
        public let path: String
        public let old: [UInt8]
        public let new: [UInt8]
    }

    /// Line texts that repeat (so the diff has to align them) or look like diff syntax.
    static let texts: [String] = [
        "", "a", "b", "c", "import ollama", "    x = 1", " ", "\t", "}", "é€", "\r", "a\rb",
        "\\ No newline at end of file", "@@ -1 +1 @@", "--- a/x", "+++ b/x", "diff --git a/x b/x", "-", "+",
    ]

    /// File-name characters git has to quote, and a few it does not.
    static let nameCharacters: [String] = [
        "a", "b", "é", " ", "\"", "\\", "\t", "\n", "\r", "\u{1}", "\u{7}", "\u{1B}", "\u{1F}", "\u{7F}", "-", ".", "$",
    ]

    public static func check(_ data: [UInt8]) throws(FuzzFailure) {
        var input = FuzzInput(data)
        let c = makeCase(&input)
        try roundTrip(path: c.path, old: c.old, new: c.new)
    }

    /// A relative path of one to three components, each starting with a letter (so never
    /// `.`, `..` or `.git`), then a text and an edit of it.
    public static func makeCase(_ input: inout FuzzInput) -> Case {
        var components: [String] = []
        for _ in 0...(input.byte() % 3) {
            var component = "f"
            for _ in 0..<Int(input.byte() % 6) { component += input.pick(nameCharacters) }
            components.append(component)
        }
        let path = components.joined(separator: "/")
        let style = input.byte() % 3  // LF, CRLF, mixed
        func line() -> [UInt8] {
            // Now and then arbitrary bytes, lossily decoded: the planner never writes invalid
            // UTF-8 (it refuses such files), so the diff writer never sees it.
            var text = input.byte() % 8 == 0
                ? Array(String(decoding: input.take(Int(input.byte() % 6)), as: UTF8.self).utf8)
                : Array(input.pick(texts).utf8)
            text.removeAll { $0 == 0x0A }
            let crlf = style == 1 || (style == 2 && input.bool())
            return text + (crlf ? [0x0D, 0x0A] : [0x0A])
        }
        var lines = (0..<Int(input.byte() % 24)).map { _ in line() }
        let oldLines = lines
        let oldFinal = !input.bool()
        var edits = Int(input.byte() % 8)
        while edits > 0 {
            edits -= 1
            let at = lines.isEmpty ? 0 : input.int(below: lines.count)
            switch input.byte() % 5 {
            case 0 where !lines.isEmpty: lines.remove(at: at)
            case 1: lines.insert(line(), at: at)
            case 2 where !lines.isEmpty: lines[at] = line()
            case 3 where !lines.isEmpty:
                // The same text with the other line ending.
                var text = lines[at].dropLast()
                if text.last == 0x0D { text = text.dropLast(); lines[at] = Array(text) + [0x0A] } else { lines[at] = Array(text) + [0x0D, 0x0A] }
            default: if !lines.isEmpty { lines.append(lines[at]) }
            }
        }
        let newFinal = input.byte() % 4 == 0 ? !oldFinal : oldFinal
        return Case(path: path, old: join(oldLines, finalNewline: oldFinal), new: join(lines, finalNewline: newFinal))
    }

    /// The lines as one text; without a final newline, the last line loses its line ending.
    static func join(_ lines: [[UInt8]], finalNewline: Bool) -> [UInt8] {
        var bytes = lines.flatMap { $0 }
        if !finalNewline, let last = lines.last {
            bytes.removeLast(last.suffix(2) == [0x0D, 0x0A] ? 2 : 1)
        }
        return bytes
    }

    /// Renders the diff of `old` to `new` and applies it back to `old`.
    public static func roundTrip(path: String, old: [UInt8], new: [UInt8]) throws(FuzzFailure) {
        let diff = UnifiedDiff.render(path: path, old: old, new: new)
        if old == new {
            guard diff.isEmpty else { throw FuzzFailure("unified-diff", "a diff for no change") }
            return
        }
        let (name, result) = try apply(Array(diff.utf8), to: old)
        guard name == Array(path.utf8) else {
            throw FuzzFailure("unified-diff", "the diff names \(String(decoding: name, as: UTF8.self).debugDescription), "
                              + "not \(path.debugDescription):\n\(diff)")
        }
        guard result == new else {
            throw FuzzFailure("unified-diff", "applying the diff gave \(String(decoding: result, as: UTF8.self).debugDescription), "
                              + "expected \(String(decoding: new, as: UTF8.self).debugDescription):\n\(diff)")
        }
    }

    /// Lines with their terminators; the last may have none. Not taken from UnifiedDiff, and
    /// found another way on purpose (split, then the newlines put back): the oracle must not
    /// share a bug with the writer it checks.
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) + [0x0A] }
        // What follows the last newline has none: nothing at all is no line.
        let last = lines.removeLast().dropLast()
        if !last.isEmpty { lines.append(Array(last)) }
        return lines
    }

    /// Applies a one-file diff to `old` the way `git apply` reads it; returns the path it
    /// names and the new bytes. Anything `git apply` would reject is a failure.
    public static func apply(_ diff: [UInt8], to old: [UInt8]) throws(FuzzFailure) -> (path: [UInt8], new: [UInt8]) {
        func fail(_ message: String) -> FuzzFailure {
            FuzzFailure("unified-diff", message + ":\n" + String(decoding: diff, as: UTF8.self))
        }
        let rows = lines(diff)
        guard rows.count >= 3, rows.allSatisfy({ $0.last == 0x0A }) else { throw fail("truncated diff") }
        func body(_ row: [UInt8], after prefix: String) throws(FuzzFailure) -> [UInt8] {
            guard row.starts(with: prefix.utf8) else { throw fail("expected a line starting \(prefix.debugDescription)") }
            return Array(row.dropFirst(prefix.utf8.count).dropLast())
        }
        let a = try body(rows[1], after: "--- "), b = try body(rows[2], after: "+++ ")
        guard try body(rows[0], after: "diff --git ") == a + [0x20] + b else { throw fail("the diff --git line disagrees") }
        let oldName = try unquote(a), newName = try unquote(b)
        guard oldName.starts(with: "a/".utf8), newName.starts(with: "b/".utf8), oldName.dropFirst(2) == newName.dropFirst(2) else {
            throw fail("names without a/ and b/ or not the same file")
        }
        let before = lines(old)
        var after: [[UInt8]] = []
        var cursor = 0  // the next old line to copy
        var row = 3
        guard row < rows.count else { throw fail("a diff without hunks") }
        while row < rows.count {
            let header = try body(rows[row], after: "@@ -")
            row += 1
            guard let (oldStart, oldCount, newStart, newCount) = parseHeader(header) else { throw fail("bad hunk header") }
            let start = oldCount == 0 ? oldStart : oldStart - 1
            guard start >= cursor, start + oldCount <= before.count else { throw fail("hunk at \(oldStart) out of order or past the end") }
            // Hunks closer than twice the context would have been merged into one.
            if cursor > 0, start - cursor < 1 { throw fail("hunks touch") }
            after += before[cursor..<start]
            guard newStart == after.count + (newCount == 0 ? 0 : 1) else { throw fail("new start \(newStart) is not line \(after.count + 1)") }
            var position = start, seenOld = 0, seenNew = 0
            var kinds: [UInt8] = []
            while seenOld < oldCount || seenNew < newCount {
                guard row < rows.count, var text = Optional(rows[row]), let kind = text.first else { throw fail("hunk shorter than its header") }
                text.removeFirst()
                row += 1
                if row < rows.count, rows[row] == Array("\\ No newline at end of file\n".utf8) {
                    text.removeLast()
                    row += 1
                }
                switch kind {
                case UInt8(ascii: " "), UInt8(ascii: "-"):
                    guard position < before.count, before[position] == text else { throw fail("line \(position + 1) does not match") }
                    if kind == UInt8(ascii: " ") { after.append(text); seenNew += 1 }
                    position += 1
                    seenOld += 1
                case UInt8(ascii: "+"):
                    after.append(text)
                    seenNew += 1
                default:
                    throw fail("a hunk line starting \(kind)")
                }
                kinds.append(kind)
            }
            guard seenOld == oldCount, seenNew == newCount else { throw fail("hunk longer than its header") }
            let leading = kinds.prefix { $0 == UInt8(ascii: " ") }.count
            let trailing = kinds.reversed().prefix { $0 == UInt8(ascii: " ") }.count
            guard leading < kinds.count else { throw fail("a hunk without changes") }
            guard leading == UnifiedDiff.context || start == 0, leading <= UnifiedDiff.context,
                  trailing == UnifiedDiff.context || position == before.count, trailing <= UnifiedDiff.context else {
                throw fail("hunk context is \(leading) and \(trailing) lines")
            }
            cursor = position
        }
        after += before[cursor...]
        return (Array(newName.dropFirst(2)), after.flatMap { $0 })
    }

    /// "A,B +C,D @@" (after "@@ -").
    static func parseHeader(_ text: [UInt8]) -> (Int, Int, Int, Int)? {
        let words = String(decoding: text, as: UTF8.self).split(separator: " ")
        guard words.count == 3, words[1].first == "+", words[2] == "@@" else { return nil }
        func pair(_ s: Substring) -> (Int, Int)? {
            let parts = s.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 2, let x = Int(parts[0]), let y = Int(parts[1]), x >= 0, y >= 0 else { return nil }
            return (x, y)
        }
        guard let (a, b) = pair(words[0]), let (c, d) = pair(words[1].dropFirst()) else { return nil }
        return (a, b, c, d)
    }

    /// git's `unquote_c_style`: a name in double quotes has `\a \b \t \n \v \f \r \\ \"` and
    /// exactly three octal digits for any byte; anything else is not a quoted name. Unquoted
    /// names are taken as they are.
    public static func unquote(_ name: [UInt8]) throws(FuzzFailure) -> [UInt8] {
        func fail(_ message: String) -> FuzzFailure {
            FuzzFailure("unified-diff", "name \(String(decoding: name, as: UTF8.self).debugDescription): \(message)")
        }
        guard name.first == UInt8(ascii: "\"") else {
            // `patch` would cut trailing spaces off an unquoted name.
            if name.last == 0x20 || name.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 || $0 == 0x7F }) {
                throw fail("must be quoted")
            }
            return name
        }
        guard name.count >= 2, name.last == UInt8(ascii: "\"") else { throw fail("no closing quote") }
        var out: [UInt8] = []
        var i = 1
        let end = name.count - 1
        while i < end {
            let c = name[i]
            i += 1
            if c == UInt8(ascii: "\"") { throw fail("a bare quote inside") }
            guard c == UInt8(ascii: "\\") else { out.append(c); continue }
            guard i < end else { throw fail("a backslash at the end") }
            let e = name[i]
            i += 1
            switch e {
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "\\"), UInt8(ascii: "\""): out.append(e)
            case UInt8(ascii: "0")...UInt8(ascii: "3"):
                guard i + 1 < end,
                      (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(name[i]),
                      (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(name[i + 1]) else {
                    throw fail("an octal escape without three digits")
                }
                out.append((e - 48) << 6 | (name[i] - 48) << 3 | (name[i + 1] - 48))
                i += 2
            default:
                throw fail("unknown escape \\\(Character(Unicode.Scalar(e)))")
            }
        }
        return out
    }
}
