import Model
import Yams

/// Where the nodes of a block-style YAML file sit in its bytes, for edits that keep every other
/// byte: Yams gives each node's start (line and column); indentation gives where a key's block
/// ends. Lines are 1-based, as Yams counts them.
struct YAMLLayout {
    let bytes: [UInt8]
    /// The offset where each line starts; `lineStarts[0]` is line 1.
    let lineStarts: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A && i + 1 < bytes.count { starts.append(i + 1) }
        lineStarts = starts
    }

    var lineCount: Int { lineStarts.count }

    /// The bytes of line `n` without its line break.
    func text(_ n: Int) -> ArraySlice<UInt8> {
        let start = lineStarts[n - 1]
        var end = n < lineStarts.count ? lineStarts[n] : bytes.count
        while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        return bytes[start..<end]
    }

    /// Line `n` from its start to the start of the next line (its line break included).
    func range(ofLines lines: ClosedRange<Int>) -> Range<Int> {
        lineStarts[lines.lowerBound - 1]..<(lines.upperBound < lineStarts.count ? lineStarts[lines.upperBound] : bytes.count)
    }

    /// The indentation of line `n`; nil for a blank line or a comment, which belong to no block.
    func indent(_ n: Int) -> Int? {
        let line = text(n)
        guard let first = line.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }), line[first] != UInt8(ascii: "#") else { return nil }
        return first - line.startIndex
    }

    /// The byte offset of a node's start.
    func offset(_ mark: Mark) -> Int {
        bytes.offset(ofColumn: mark.column, fromLineStart: lineStarts[mark.line - 1])
    }

    /// The lines of the block a key on line `line`, indented by `indent`, opens: the key's
    /// line and every deeper line after it (and, for a sequence value, the `- ` lines at the
    /// key's own indentation), without the blank lines and comments that trail it.
    func block(at line: Int, indent keyIndent: Int) -> ClosedRange<Int> {
        // A sequence item (`- x`) holds only deeper lines: the next `- ` is its sibling.
        let isItem = text(line).dropFirst(keyIndent).starts(with: [UInt8(ascii: "-")])
        var last = line
        var n = line + 1
        while n <= lineCount {
            if let i = indent(n) {
                let atDash = !isItem && i == keyIndent && text(n).dropFirst(i).starts(with: [UInt8(ascii: "-")])
                if i < keyIndent || (i == keyIndent && !atDash) { break }
                last = n
            }
            n += 1
        }
        return line...last
    }

    /// The lines of each document of a multi-document file, split at the `---` lines (each
    /// opening the document after it); the text before the first one is document 0, empty or not.
    func documents() -> [ClosedRange<Int>] {
        var starts = [1]
        for n in 1...lineCount where n > 1 {
            let line = text(n)
            if line.starts(with: Array("---".utf8)), line.count == 3 || [0x20, 0x09].contains(line[line.startIndex + 3]) { starts.append(n) }
        }
        return starts.indices.map { starts[$0]...(($0 + 1 < starts.count ? starts[$0 + 1] : lineCount + 1) - 1) }
    }

    /// The document `line` is in (`documents()`).
    func document(of line: Int) -> Int {
        documents().lastIndex { $0.lowerBound <= line } ?? 0
    }

    /// The bytes a scalar node occupies: quoted to its closing quote, plain to the end of its
    /// value (a comment, or `,`/`]`/`}` inside a flow collection).
    func span(of scalar: Node.Scalar) -> Range<Int>? {
        guard let mark = scalar.mark else { return nil }
        let start = offset(mark)
        guard start < bytes.count else { return nil }
        var end = start
        switch scalar.style {
        case .singleQuoted:
            end += 1
            while end < bytes.count {
                if bytes[end] == UInt8(ascii: "'") {
                    if end + 1 < bytes.count, bytes[end + 1] == UInt8(ascii: "'") { end += 2; continue }
                    return start..<end + 1
                }
                end += 1
            }
            return nil
        case .doubleQuoted:
            end += 1
            while end < bytes.count {
                if bytes[end] == UInt8(ascii: "\\") { end += 2; continue }
                if bytes[end] == UInt8(ascii: "\"") { return start..<end + 1 }
                end += 1
            }
            return nil
        case .plain:
            let inFlow = flowDepth(before: start) > 0
            while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D {
                if bytes[end] == UInt8(ascii: "#"), end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { break }
                if inFlow, bytes[end] == UInt8(ascii: ",") || bytes[end] == UInt8(ascii: "]") || bytes[end] == UInt8(ascii: "}") { break }
                end += 1
            }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            // A plain scalar that runs on to the next lines is not one line's text.
            return String(decoding: bytes[start..<end], as: UTF8.self) == scalar.string ? start..<end : nil
        default:
            return nil  // block scalars (| and >): rewritten by no one here
        }
    }

    /// How many flow brackets are open on the line before `offset` (an estimate that ignores
    /// brackets inside quotes, which is all a single-line flow value needs).
    private func flowDepth(before offset: Int) -> Int {
        var i = offset
        while i > 0, bytes[i - 1] != 0x0A { i -= 1 }
        var depth = 0
        var quote: UInt8?
        for b in bytes[i..<offset] {
            if let q = quote { if b == q { quote = nil }; continue }
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = b
            case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return depth
    }
}

extension Node.Mapping {
    /// The pair whose key is the plain string `key`.
    func pair(_ key: String) -> (key: Node, value: Node)? {
        first { $0.key.string == key }.map { ($0.key, $0.value) }
    }
}
