import Languages
import Model
import PCRE2Swift
import Rules

/// The uses of bound names in one file, to a fixed point: a call on a client binds its
/// result as a response (a stream with `stream=True`), a loop over a stream binds its item,
/// an assignment of a bound name binds an alias. Reports method calls on clients and
/// wrapper instances, field reads on responses and loops over streams, each at most once per
/// line, and never on a line where a finding of at least its priority already is.
package struct FlowRun {
    /// Each chain is followed this many derivations deep.
    package static let maxDepth = 4

    let content: [UInt8]
    let path: String
    let types: FileTypeSet
    let flow: Flow
    let lines: LineIndex
    let mask: SyntaxMask
    let patterns: FlowPatterns
    let maps: FixMaps
    /// The byte-order mark's length: findings' byte ranges count from the file's start.
    let byteOffset: Int
    /// The highest priority already reported per 0-based line.
    var reported: [Int: Priority]
    package private(set) var findings: [Finding] = []
    /// Every binding the run made or was given, in the order made.
    package private(set) var bindings: [Bound] = []

    package init(content: [UInt8], path: String, types: FileTypeSet, flow: Flow, lines: LineIndex, mask: SyntaxMask,
                 patterns: FlowPatterns, maps: FixMaps, reported: [Int: Priority], byteOffset: Int = 0) {
        self.byteOffset = byteOffset
        self.content = content
        self.path = path
        self.types = types
        self.flow = flow
        self.lines = lines
        self.mask = mask
        self.patterns = patterns
        self.maps = maps
        self.reported = reported
    }

    /// The scope a name bound at `offset` has: a member (`self.x`) or a module-level name
    /// the whole file, a local name the rest of its function.
    package func scope(of name: String, at offset: Int) -> Range<Int> {
        if name.contains(".") { return 0..<content.count }
        return FlowBlocks.localScope(content, offset: offset, flow: flow, lines: lines, mask: mask)
    }

    package func evidence(_ kind: String, _ name: String, at offset: Int) -> Evidence {
        let position = lines.position(of: offset)
        return Evidence(kind: kind, name: name, path: path, line: position.line, column: position.column)
    }

    package mutating func run(_ initial: [Bound]) {
        var queue = initial
        var seen = Set<String>()
        var index = 0
        while index < queue.count {
            let bound = queue[index]
            index += 1
            guard bound.depth <= Self.maxDepth,
                  seen.insert("\(bound.kind.rawValue):\(bound.name):\(bound.scope.lowerBound)").inserted else { continue }
            bindings.append(bound)
            switch bound.kind {
            case .client, .wrapperInstance, .baseURL:
                queue += calls(on: bound)
                queue += aliases(of: bound)
            case .response:
                reads(on: bound)
            case .stream:
                queue += loops(over: bound)
            case .wrapperModule, .wrapperClass, .wrapperFunction, .configSection:
                break
            }
        }
    }

    /// Method calls on a client or wrapper instance; a call whose result is assigned binds it.
    mutating func calls(on bound: Bound) -> [Bound] {
        guard let regex = patterns.regex(flow.methodCall, name: bound.name, flow: flow),
              let methodGroup = regex.groupNumber(named: "m") else { return [] }
        var derived: [Bound] = []
        for match in patterns.matches(regex, in: content, scope: bound.scope, mask: mask) {
            guard let methodRange = match[group: methodGroup] else { continue }
            let method = LineIndex.decode(content, methodRange)
            let priority: Priority
            if let fixed = bound.usePriority {
                guard !method.hasPrefix("__") else { continue }
                priority = fixed
            } else {
                guard let listed = maps.flowMethods[method].flatMap(Priority.init(rawValue:)) else { continue }
                priority = listed
            }
            let what = bound.kind == .wrapperInstance
                ? "calls `\(method)` through `\(bound.name)`, a local Ollama wrapper"
                : "calls `\(method)` on `\(bound.name)`, an Ollama client"
            report(bound, range: match.range, priority: priority, category: .clientCall, message: what)
            guard bound.kind == .client, let target = assignedTarget(before: match.range.lowerBound) else { continue }
            let open = match.range.upperBound - 1
            let kind: BindingKind = isStream(callOpenAt: open) ? .stream : .response
            let via = [evidence("binding", target.name, at: target.offset)] + bound.via
            derived.append(Bound(name: target.name, kind: kind, ruleID: bound.ruleID, via: via,
                                 scope: scope(of: target.name, at: target.offset), depth: bound.depth + 1, usePriority: nil))
        }
        return derived
    }

    /// `x = NAME` on its own: `x` is the same thing.
    mutating func aliases(of bound: Bound) -> [Bound] {
        let template = flow.assignment + Flow.placeholder + #"[ \t]*;?[ \t]*(?:(?:#|//)[^\n]*)?$"#
        guard let regex = patterns.regex(template, name: bound.name, flow: flow),
              let lhsGroup = regex.groupNumber(named: "lhs") else { return [] }
        var derived: [Bound] = []
        for match in patterns.matches(regex, in: content, scope: bound.scope, mask: mask) {
            guard let lhs = match[group: lhsGroup] else { continue }
            let name = LineIndex.decode(content, lhs)
            guard name != bound.name else { continue }
            report(bound, range: match.range, priority: .medium, category: .clientCall,
                   message: "keeps `\(bound.name)`, an Ollama \(bound.kind == .wrapperInstance ? "wrapper" : "client"), as `\(name)`")
            let via = [evidence("binding", name, at: lhs.lowerBound)] + bound.via
            derived.append(Bound(name: name, kind: bound.kind, ruleID: bound.ruleID, via: via,
                                 scope: scope(of: name, at: lhs.lowerBound), depth: bound.depth + 1,
                                 usePriority: bound.usePriority))
        }
        return derived
    }

    /// Field reads on a response: only the fields Ollama's replies have (`flow-fields:`).
    mutating func reads(on bound: Bound) {
        guard let regex = patterns.regex(flow.fieldRead, name: bound.name, flow: flow) else { return }
        for match in patterns.matches(regex, in: content, scope: bound.scope, mask: mask) {
            guard let field = match[group: 1] else { continue }
            let name = LineIndex.decode(content, field)
            guard let priority = maps.flowFields[name].flatMap(Priority.init(rawValue:)) else { continue }
            report(bound, range: match.range, priority: priority, category: .responseField,
                   message: "reads `\(name)` of `\(bound.name)`, an Ollama response")
        }
    }

    /// Loops over a stream: each item is a response.
    mutating func loops(over bound: Bound) -> [Bound] {
        guard let regex = patterns.regex(flow.iteration, name: bound.name, flow: flow),
              let itemGroup = regex.groupNumber(named: "item") else { return [] }
        var derived: [Bound] = []
        for match in patterns.matches(regex, in: content, scope: bound.scope, mask: mask) {
            guard let item = match[group: itemGroup] else { continue }
            report(bound, range: match.range, priority: .high, category: .responseField,
                   message: "iterates `\(bound.name)`, an Ollama stream")
            let name = LineIndex.decode(content, item)
            let via = [evidence("binding", name, at: item.lowerBound)] + bound.via
            derived.append(Bound(name: name, kind: .response, ruleID: bound.ruleID, via: via,
                                 scope: scope(of: name, at: item.lowerBound), depth: bound.depth + 1, usePriority: nil))
        }
        return derived
    }

    /// The target of the assignment whose right-hand side starts at `offset`, when the line
    /// is one (`response = await client.chat(`).
    func assignedTarget(before offset: Int) -> (name: String, offset: Int)? {
        let lineStart = lines.starts[lines.lineIndex(of: offset)]
        guard let regex = patterns.regex(flow.assignment + #"\G"#, name: "", flow: flow),
              let lhsGroup = regex.groupNumber(named: "lhs") else { return nil }
        // The statement's start must run exactly to the call: anchored at both ends.
        guard let match = try? regex.captures(in: content[..<offset], from: lineStart, startLimit: lineStart,
                                              using: patterns.scratch),
              match.range.upperBound == offset, let lhs = match[group: lhsGroup] else { return nil }
        return (LineIndex.decode(content, lhs), lhs.lowerBound)
    }

    /// Whether the call whose `(` is at `open` passes the stream argument.
    func isStream(callOpenAt open: Int) -> Bool {
        guard open < content.count, content[open] == 0x28,
              let pair = mask.brackets.first(where: { $0.open == open }),
              let regex = patterns.regex(flow.streamArgument, name: "", flow: flow) else { return false }
        return (try? regex.find(in: content[..<pair.close], from: open, using: patterns.scratch)) != nil
    }

    /// A derived finding for a use of `bound` at `range`.
    package mutating func report(_ bound: Bound, range: Range<Int>, priority: Priority, category: Category, message: String) {
        let line = lines.lineIndex(of: range.lowerBound)
        if let already = reported[line], already >= priority { return }
        reported[line] = priority
        // A stronger use on the line replaces a weaker one reported before it.
        findings.removeAll { $0.start.line == line + 1 }
        findings.append(Finding(
            ruleID: bound.ruleID, category: category, priority: priority, layer: types.layer(path: path), message: message,
            path: path, start: lines.position(of: range.lowerBound), end: lines.position(of: range.upperBound),
            match: LineIndex.decode(content, range), lineText: lines.text(ofLine: line), fixability: .manual,
            replacement: nil, byteRange: range.lowerBound + byteOffset..<range.upperBound + byteOffset, via: bound.via))
    }
}
