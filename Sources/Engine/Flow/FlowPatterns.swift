import Languages
import Model
import PCRE2Swift
import Platform
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
    /// The scan's cache, shared by its workers: each compiled and JIT-compiled the same
    /// common names (`llm`, `client`) again, which cost more with every thread.
    private let shared: Locked<[String: Regex?]>?
    package let scratch = MatchScratch(maxCaptureCount: 16)

    package init(shared: Locked<[String: Regex?]>? = nil) { self.shared = shared }

    /// `template` with `NAME` replaced by `name`, escaped; a member of a receiver (`cls.x`)
    /// matches on every receiver (`self.x`). Nil when it does not compile.
    package func regex(_ template: String, name: String, flow: Flow) -> Regex? {
        let key = template + "\u{0}" + name
        if let known = cache[key] { return known }
        if let known = shared?.withLock({ $0[key] }) {
            cache[key] = known
            return known
        }
        let spliced = template.replacingOccurrences(of: Flow.placeholder, with: Self.namePattern(name, flow: flow))
        let compiled = try? Regex(spliced, options: [.utf, .multiline])
        cache[key] = compiled
        shared?.withLock { $0[key] = compiled }
        return compiled
    }

    static func namePattern(_ name: String, flow: Flow) -> String {
        if let dot = name.firstIndex(of: "."), flow.receivers.contains(String(name[..<dot])) {
            let receivers = flow.receivers.map(Regex.escape).joined(separator: "|")
            return "(?:" + receivers + ")" + Regex.escape(String(name[dot...]))
        }
        if let receiver = flow.implicitReceiver, !name.isEmpty, !name.contains(".") {
            return "(?:" + Regex.escape(receiver) + "\\.)?" + Regex.escape(name)
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

/// Where a binding's uses count, from the file's named blocks (`BlockIndex`).
package enum FlowBlocks {
    /// The outermost named block around `offset` (a top-level class or function): its kind
    /// and name; nil at module level.
    static func topLevel(_ blocks: BlockIndex, offset: Int) -> Block? {
        blocks.chain(enclosing: offset).first
    }

    /// The bytes where a plain local name bound at `offset` is in scope: from the binding to
    /// the end of the innermost function or method around it, or to the end of the file.
    static func localScope(_ blocks: BlockIndex, offset: Int, count: Int) -> Range<Int> {
        let function = blocks.chain(enclosing: offset).last { $0.kind == "function" || $0.kind == "method" }
        return offset..<(function.map { min($0.bytes.upperBound, count) } ?? count)
    }

    static func indentation(_ content: [UInt8], _ start: Int) -> Int {
        var i = start
        while i < content.count, content[i] == 0x20 || content[i] == 0x09 { i += 1 }
        return i - start
    }
}
