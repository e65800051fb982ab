import Foundation
import Model
import Platform

/// A JSON document written as it is made, byte for byte as Foundation's JSONEncoder writes it
/// with `.prettyPrinted, .sortedKeys, .withoutEscapingSlashes`: two-space indent, `" : "`,
/// and an empty container as `[`, a blank line, then `]`. Callers open containers and write
/// keys in sorted order; `JSONValue` sorts its own keys.
package struct JSONWriter {
    package let out: ReportOutput
    private var first: [Bool] = []

    package init(_ out: ReportOutput) { self.out = out }

    private var indent: String { String(repeating: "  ", count: first.count) }

    private mutating func element() {
        if first.isEmpty { return }
        if first[first.count - 1] { first[first.count - 1] = false } else { out.write(",\n") }
        out.write(indent)
    }

    /// Opens `{` or `[` as the next element (or as the document).
    package mutating func open(_ bracket: String) {
        element()
        out.write(bracket + "\n")
        first.append(true)
    }

    /// Opens `{` or `[` as the value of `key`.
    package mutating func open(_ key: String, _ bracket: String) {
        self.key(key)
        out.write(bracket + "\n")
        first.append(true)
    }

    package mutating func close(_ bracket: String) {
        first.removeLast()
        out.write("\n" + indent + bracket)
    }

    package mutating func key(_ key: String) {
        element()
        out.write(Escaping.jsonString(key) + " : ")
    }

    /// Text already in this writer's format, as the next element.
    package mutating func raw(_ text: String) {
        element()
        out.write(text)
    }

    /// The depth of the next element: its indent is two spaces per level.
    package var depth: Int { first.count }

    /// `value` as the next element.
    package mutating func value(_ value: JSONValue) {
        element()
        value.write(to: out, depth: first.count)
    }

    /// `value` under `key`.
    package mutating func value(_ key: String, _ value: JSONValue) {
        self.key(key)
        value.write(to: out, depth: first.count)
    }

    /// A small Encodable (a summary, one warning) as JSONEncoder writes it, indented to this
    /// depth: its lines are JSONEncoder's own, so nothing drifts from the encoder's format.
    package mutating func encoded(_ key: String, _ value: some Encodable) {
        self.key(key)
        writeEncoded(value)
    }

    /// A small Encodable as the next element.
    package mutating func encoded(_ value: some Encodable) {
        element()
        writeEncoded(value)
    }

    private func writeEncoded(_ value: some Encodable) {
        // Plain structs of strings, numbers and booleans cannot fail to encode.
        let text = Escaping.jsonUnforgeable(try! JSONDocument.text(value))
        // Every line but the first moves right by this depth; the blank line of an empty
        // container stays blank, as JSONEncoder writes it.
        let pad = indent
        out.write(text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0 == 0 || $1.isEmpty ? String($1) : pad + $1 }.joined(separator: "\n"))
    }

    /// An array under `key` whose elements `body` writes one at a time.
    package mutating func array(_ key: String, _ body: (inout JSONWriter) -> Void) {
        open(key, "[")
        body(&self)
        close("]")
    }
}

/// A small JSON value, for one finding or one table: built, written, dropped.
package indirect enum JSONValue {
    case string(String)
    case int(Int)
    case bool(Bool)
    case array([JSONValue])
    /// Keys are sorted when written, as `.sortedKeys` sorts them.
    case object([(String, JSONValue)])

    package static func optional(_ text: String?) -> JSONValue? { text.map(JSONValue.string) }

    package func write(to out: ReportOutput, depth: Int) {
        switch self {
        case .string(let text): out.write(Escaping.jsonString(text))
        case .int(let n): out.write(String(n))
        case .bool(let b): out.write(b ? "true" : "false")
        case .array(let items):
            out.write("[\n")
            let inner = String(repeating: "  ", count: depth + 1)
            for (i, item) in items.enumerated() {
                out.write(i == 0 ? inner : ",\n" + inner)
                item.write(to: out, depth: depth + 1)
            }
            out.write("\n" + String(repeating: "  ", count: depth) + "]")
        case .object(let pairs):
            out.write("{\n")
            let inner = String(repeating: "  ", count: depth + 1)
            for (i, pair) in pairs.sorted(by: { $0.0 < $1.0 }).enumerated() {
                out.write((i == 0 ? inner : ",\n" + inner) + Escaping.jsonString(pair.0) + " : ")
                pair.1.write(to: out, depth: depth + 1)
            }
            out.write("\n" + String(repeating: "  ", count: depth) + "}")
        }
    }
}

extension Array where Element == (String, JSONValue?) {
    /// The pairs whose value is present: JSONEncoder leaves a nil optional's key out.
    package var present: [(String, JSONValue)] { compactMap { key, value in value.map { (key, $0) } } }
}
