import Model
import Foundation
import Yams

/// What a container unit's planner has gathered: its edits of the original bytes, the notes
/// for a human, and the lines it touches.
struct UnitPart {
    var edits: [UnitEdit] = []
    var notes: [String] = []
    var lines: [Int] = []
}

/// The edits and the server settings shared by the planners of Ollama containers written in
/// YAML (`ServicePlanner` for compose, `KubernetesPlanner`): each keeps every byte it does not
/// rewrite, and insertions at one place are written once, in a stable order.
protocol YAMLUnitPlanner {
    var layout: YAMLLayout { get }
    var part: UnitPart { get set }
    /// Flags for `vllm serve`, after `--model`.
    var flags: [String] { get set }
    /// Variables the vLLM image reads, added to the environment.
    var variables: [(String, String)] { get set }
    /// Text to add after a line, with its indentation (`placeInsertions`).
    var inserts: [(at: Int, indent: Int, text: String)] { get set }
}

extension YAMLUnitPlanner {
    /// Ollama's server setting `name` set to `value`, as a flag or a variable of vLLM's, or a
    /// note of why it is gone.
    mutating func translate(_ name: String, value: String) throws(Unrewritable) {
        guard let setting = VLLMServiceForms.settings[name] else {
            throw fail("`\(name)` has no vLLM counterpart the tool knows; translate it by hand")
        }
        switch setting {
        case let .flag(flag):
            flags += [flag, value]
        case .origins:
            guard !value.contains("$") else {
                throw fail("OLLAMA_ORIGINS is `\(value)`, set at run time: --allowed-origins needs the list written out")
            }
            let origins = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            flags += ["--allowed-origins", "[" + origins.map(json).joined(separator: ", ") + "]"]
        case let .dropped(why):
            note("\(name) dropped: \(why)")
        case let .variable(target, on):
            if ["1", "true", "yes", "on"].contains(value.lowercased()) { variables.append((target, on)) }
        }
    }

    /// `--model <model>` (answering to its held tags too) and the flags, as a one-line JSON
    /// list (which YAML reads as is).
    mutating func serveArguments(_ model: String, models: ProjectModels) -> String {
        let aliases = models.aliases(of: model)
        var arguments = ["--model", model]
        if !aliases.isEmpty {
            arguments += ["--served-model-name", model] + aliases
            note("the server also answers to \(aliases.map { "`\($0)`" }.joined(separator: ", ")), which the clients keep (see that tag's unit)")
        }
        return "[" + (arguments + flags).map(json).joined(separator: ", ") + "]"
    }

    /// Adds what `path` lacks under `mapping` (whose key is on `line`, indented by `indent`):
    /// the missing keys, then `leaf` written at the indentation it gets. False when the whole
    /// path is there already.
    @discardableResult
    mutating func addPath(_ path: [String], under mapping: Node.Mapping, line: Int, indent: Int, childIndent: Int, step: Int,
                          leaf: (Int) -> String) throws(Unrewritable) -> Bool {
        var node = mapping
        var depth = 0
        var keyLine = line, keyIndentHere = indent
        while depth < path.count, let pair = node.pair(path[depth]) {
            guard let mark = pair.key.mark else { break }
            if depth == path.count - 1 { return false }
            guard let next = pair.value.mapping else {
                throw fail("its `\(path[depth])` is not a block mapping the tool can add to")
            }
            if next.first?.key.mark?.line == mark.line { throw fail("its `\(path[depth])` is written on one line (flow style)") }
            node = next
            keyLine = mark.line
            keyIndentHere = mark.column - 1
            depth += 1
        }
        var at = depth == 0 ? childIndent : (node.first?.key.mark.map { $0.column - 1 } ?? keyIndentHere + step)
        var text = ""
        for key in path[depth..<(path.count - 1)] {
            text += "\(pad(at))\(key):\n"
            at += step
        }
        text += leaf(at)
        insert(text, afterLine: layout.block(at: keyLine, indent: keyIndentHere).upperBound)
        return true
    }

    // MARK: edits

    func fail(_ reason: String) -> Unrewritable { Unrewritable(reason: reason, offset: 0) }

    mutating func note(_ text: String) { part.notes.append(text) }

    func span(_ scalar: Node.Scalar) throws(Unrewritable) -> Range<Int> {
        guard let range = layout.span(of: scalar) else {
            throw fail("`\(scalar.string.prefix(40))` is written across lines or as a block scalar, which the tool does not rewrite")
        }
        return range
    }

    /// Whether a key's collection is written on the key's line (`[...]`, `{...}`): a block
    /// collection starts on a line of its own.
    func isFlow(_ pair: (key: Node, value: Node)) -> Bool {
        pair.value.scalar == nil && pair.value.mark?.line == pair.key.mark?.line
    }

    /// The lines of `key`'s block in `mapping`, which must hold it.
    func block(of key: String, in mapping: Node.Mapping) -> ClosedRange<Int> {
        let mark = mapping.pair(key)!.key.mark!
        return layout.block(at: mark.line, indent: mark.column - 1)
    }

    mutating func replace(_ range: Range<Int>, with text: String) {
        part.edits.append(UnitEdit(range: range, text: text))
        part.lines.append(layout.lineStarts.lastIndex { $0 <= range.lowerBound }! + 1)
    }

    mutating func replaceLines(_ lines: ClosedRange<Int>, with text: String) {
        part.edits.append(UnitEdit(range: layout.range(ofLines: lines), text: text))
        part.lines.append(lines.lowerBound)
    }

    mutating func remove(_ lines: ClosedRange<Int>) { replaceLines(lines, with: "") }

    mutating func insert(_ text: String, afterLine n: Int) {
        let indent = text.prefix { $0 == " " }.count
        inserts.append((at: layout.range(ofLines: n...n).upperBound, indent: indent, text: text))
        part.lines.append(n)
    }

    /// The insertions as edits: at one offset, what goes deeper first (it ends the block above,
    /// a new key at the outer level follows), else in planned order; the last line of a file
    /// without a final line break gets one, once.
    mutating func placeInsertions() {
        let ordered = inserts.enumerated().sorted { a, b in
            (a.element.at, -a.element.indent, a.offset) < (b.element.at, -b.element.indent, b.offset)
        }.map(\.element)
        var i = 0
        while i < ordered.count {
            let at = ordered[i].at
            var text = at == layout.bytes.count && layout.bytes.last != 0x0A ? "\n" : ""
            while i < ordered.count, ordered[i].at == at { text += ordered[i].text; i += 1 }
            part.edits.append(UnitEdit(range: at..<at, text: text))
        }
        inserts = []
    }

    func pad(_ n: Int) -> String { String(repeating: " ", count: n) }

    func json(_ s: String) -> String {
        // Control characters and YAML's own line breaks as \u escapes, which JSON and YAML's
        // double quotes both read back: written raw, YAML folds a line break into a space.
        "\"" + s.escapingScalars { c in
            switch c {
            case "\"": return "\\\""
            case "\\": return "\\\\"
            case _ where c.value < 0x20 || c.value == 0x7F || c.value == 0x85 || c.value == 0x2028 || c.value == 0x2029:
                return "\\u" + String(repeating: "0", count: 4 - String(c.value, radix: 16).count) + String(c.value, radix: 16)
            default: return nil
            }
        } + "\""
    }

    func quoted(_ text: String, like scalar: Node.Scalar) -> String {
        switch scalar.style {
        case .singleQuoted: return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        case .doubleQuoted: return json(text)
        default: return text
        }
    }

    func strings(_ node: Node) -> [String] {
        if let s = node.string { return [s] }
        return node.sequence?.compactMap(\.string) ?? []
    }
}
