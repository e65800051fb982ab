import Languages
import Model
import PCRE2Swift
import Rules

/// A name bound to something of Ollama's in one file, and where its uses count.
package struct Bound: Sendable {
    package let name: String
    package let kind: BindingKind
    /// The rule at the origin of the chain: derived findings carry its id, so `disable:`,
    /// suppressions and the rule's guidance cover them.
    package let ruleID: String
    /// Where the name is bound, nearest first, ending at the origin.
    package let via: [Evidence]
    /// Bytes of the file where a use counts.
    package let scope: Range<Int>
    package let depth: Int
    /// For a wrapper instance or a call through a wrapper: the priority of every method call.
    package let usePriority: Priority?
}

/// The flow templates of one language compiled per bound name, kept by one worker (or the
/// project pass) for the whole scan: a name bound in many files is compiled once.
package final class FlowPatterns {
    private var cache: [String: Regex?] = [:]
    package let scratch = MatchScratch(maxCaptureCount: 16)

    package init() {}

    /// `template` with `NAME` replaced by `name`, escaped; a member of a receiver (`cls.x`)
    /// matches on every receiver (`self.x`). Nil when it does not compile.
    package func regex(_ template: String, name: String, flow: Flow) -> Regex? {
        let key = template + "\u{0}" + name
        if let known = cache[key] { return known }
        let spliced = template.replacingOccurrences(of: Flow.placeholder, with: Self.namePattern(name, flow: flow))
        let compiled = try? Regex(spliced, options: [.utf, .multiline])
        cache[key] = compiled
        return compiled
    }

    static func namePattern(_ name: String, flow: Flow) -> String {
        if let dot = name.firstIndex(of: "."), flow.receivers.contains(String(name[..<dot])) {
            let receivers = flow.receivers.map(Regex.escape).joined(separator: "|")
            return "(?:" + receivers + ")" + Regex.escape(String(name[dot...]))
        }
        return Regex.escape(name)
    }

    /// Every match of `regex` that starts in code inside `scope`.
    package func matches(_ regex: Regex, in content: [UInt8], scope: Range<Int>, mask: SyntaxMask) -> [Match] {
        var found: [Match] = []
        var start = scope.lowerBound
        let subject = content[..<scope.upperBound]
        while start < scope.upperBound, let match = try? regex.captures(in: subject, from: start, using: scratch) {
            let range = match.range
            start = range.isEmpty ? range.upperBound + 1 : range.upperBound
            if mask.kind(at: range.lowerBound) == .code { found.append(match) }
        }
        return found
    }
}

/// Where a binding's uses count, read from indentation or braces. This is the one place the
/// flow pass finds blocks: a fallback until the Languages layer has a block index.
package enum FlowBlocks {
    /// The name and keyword of the top-level `class`/`def`/`function` enclosing `offset`, or
    /// nil at module level.
    static func topLevel(_ content: [UInt8], offset: Int, flow: Flow, lines: LineIndex, mask: SyntaxMask,
                         definition: Regex, scratch: MatchScratch) -> (keyword: String, name: String)? {
        if flow.indentBlocks {
            var line = lines.lineIndex(of: offset)
            while line >= 0 {
                let start = lines.starts[line]
                defer { line -= 1 }
                guard start < content.count else { continue }
                let first = content[start]
                if first == 0x20 || first == 0x09 || first == 0x0A || first == 0x0D || first == 0x23 { continue }
                if mask.kind(at: start) != .code { continue }
                // Closing brackets and decorators at column 0 belong to the statement above.
                if first == 0x29 || first == 0x5D || first == 0x7D || first == 0x40 { continue }
                guard let match = try? definition.captures(in: content, from: start, startLimit: start, using: scratch),
                      let keyword = match[group: 1], let name = match[group: 2], !keyword.isEmpty else { return nil }
                return (LineIndex.decode(content, keyword), LineIndex.decode(content, name))
            }
            return nil
        }
        // Braces: the outermost `{` pair around the offset, and the definition on its line.
        guard let pair = mask.brackets.first(where: { content[$0.open] == 0x7B && $0.open < offset && offset < $0.close })
        else { return nil }
        let start = lines.starts[lines.lineIndex(of: pair.open)]
        guard let match = try? definition.captures(in: content, from: start, startLimit: start, using: scratch),
              let keyword = match[group: 1], let name = match[group: 2] else { return nil }
        return (LineIndex.decode(content, keyword), LineIndex.decode(content, name))
    }

    /// The bytes where a plain local name bound at `offset` is in scope: from the binding to
    /// the end of the innermost function around it, or to the end of the file.
    static func localScope(_ content: [UInt8], offset: Int, flow: Flow, lines: LineIndex, mask: SyntaxMask) -> Range<Int> {
        if flow.indentBlocks {
            let own = lines.lineIndex(of: offset)
            var indent = indentation(content, lines.starts[own])
            var line = own - 1
            var defIndent: Int?
            while line >= 0, indent > 0 {
                let start = lines.starts[line]
                line -= 1
                let width = indentation(content, start)
                guard start + width < content.count, !isBlank(content[start + width]),
                      mask.kind(at: start + width) == .code, width < indent else { continue }
                indent = width
                if startsDefinition(content, start + width) { defIndent = width; break }
            }
            guard let defIndent else { return offset..<content.count }
            var next = own + 1
            while next < lines.starts.count {
                let start = lines.starts[next]
                let width = indentation(content, start)
                if start + width < content.count, !isBlank(content[start + width]),
                   mask.kind(at: start + width) == .code, width <= defIndent {
                    return offset..<start
                }
                next += 1
            }
            return offset..<content.count
        }
        // The innermost brace pair holding the offset.
        var best: BracketPair?
        for pair in mask.brackets where content[pair.open] == 0x7B && pair.open < offset && offset < pair.close {
            if best == nil || pair.open > best!.open { best = pair }
        }
        return offset..<(best?.close ?? content.count)
    }

    static func indentation(_ content: [UInt8], _ start: Int) -> Int {
        var i = start
        while i < content.count, content[i] == 0x20 || content[i] == 0x09 { i += 1 }
        return i - start
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x0A || byte == 0x0D || byte == 0x23 }

    static func startsDefinition(_ content: [UInt8], _ at: Int) -> Bool {
        content[at...].starts(with: "def ".utf8) || content[at...].starts(with: "async def ".utf8)
    }
}
