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
    let blocks: BlockIndex
    let patterns: FlowPatterns
    let maps: FixMaps
    /// The byte-order mark's length: findings' byte ranges count from the file's start.
    let byteOffset: Int
    /// The highest priority already reported per 0-based line.
    var reported: [Int: Priority]
    /// Rules whose bound clients are framework models: a call of theirs with one argument is
    /// a prompt, not a probe.
    package var frameworkRules: Set<String> = []
    package private(set) var findings: [Finding] = []
    /// Every binding the run made or was given, in the order made.
    package private(set) var bindings: [Bound] = []

    package init(content: [UInt8], path: String, types: FileTypeSet, flow: Flow, lines: LineIndex, mask: SyntaxMask,
                 blocks: BlockIndex, patterns: FlowPatterns, maps: FixMaps, reported: [Int: Priority], byteOffset: Int = 0) {
        self.byteOffset = byteOffset
        self.content = content
        self.path = path
        self.types = types
        self.flow = flow
        self.lines = lines
        self.mask = mask
        self.blocks = blocks
        self.patterns = patterns
        self.maps = maps
        self.reported = reported
    }

    /// The scope a name bound at `offset` has: a member (`self.x`) or a module-level name
    /// the whole file, a local name the rest of its function.
    package func scope(of name: String, at offset: Int) -> Range<Int> {
        if name.contains(".") { return 0..<content.count }
        // From the statement's line: a destructured name sits inside braces of its own.
        let line = lines.lineIndex(of: offset)
        let start = lines.starts[line]
        let scope = FlowBlocks.localScope(blocks, offset: start + FlowBlocks.indentation(content, start), count: content.count)
        // A later assignment to the name binds something else.
        guard line + 1 < lines.starts.count, lines.starts[line + 1] < scope.upperBound,
              let rebinding = patterns.regex(flow.rebinding, name: name, flow: flow),
              let next = patterns.matches(rebinding, in: content, scope: lines.starts[line + 1]..<scope.upperBound, mask: mask)
                .first(where: { !insideCall($0.range.lowerBound) })
        else { return scope }
        return scope.lowerBound..<next.range.lowerBound
    }

    /// Whether `offset` is inside parentheses or square brackets: `stream=True` in a call's
    /// arguments is not an assignment.
    func insideCall(_ offset: Int) -> Bool {
        mask.brackets.contains { $0.open < offset && offset < $0.close && content[$0.open] != 0x7B }
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
            case .client, .wrapperInstance:
                queue += calls(on: bound)
                queue += aliases(of: bound)
            case .baseURL:
                queue += baseURLUses(of: bound)
                queue += aliases(of: bound)
            case .response:
                reads(on: bound, table: maps.flowFields, what: "an Ollama response")
                queue += bodies(of: bound)
            case .stream:
                queue += loops(over: bound)
                queue += bodies(of: bound)
            case .error:
                reads(on: bound, table: maps.flowErrorFields, what: "an Ollama error")
            case .wrapperModule, .wrapperClass, .wrapperFunction, .configSection, .helperFunction:
                break
            }
        }
    }

    /// Method calls on a client or wrapper instance, and calls of a bound function whose name
    /// is a listed method (`from ollama import pull`); a call's assigned result or loop item
    /// is bound in turn.
    mutating func calls(on bound: Bound) -> [Bound] {
        var derived: [Bound] = []
        if let regex = patterns.regex(flow.methodCall, name: bound.name, flow: flow),
           let methodGroup = regex.groupNumber(named: "m") {
            for match in patterns.matches(regex, in: content, scope: bound.scope, mask: mask) {
                guard let methodRange = match[group: methodGroup] else { continue }
                derived += call(LineIndex.decode(content, methodRange), on: bound, at: match.range)
            }
        }
        if bound.kind == .client, !bound.name.contains("."), maps.flowMethods[bound.name] != nil,
           let regex = patterns.regex(flow.call, name: bound.name, flow: flow) {
            for match in patterns.matches(regex, in: content, scope: bound.scope, mask: mask) {
                derived += call(bound.name, on: bound, at: match.range)
            }
        }
        return derived
    }

    /// One call of `method` on `bound`, its match ending at the call's `(`.
    mutating func call(_ method: String, on bound: Bound, at range: Range<Int>) -> [Bound] {
        let priority: Priority
        if let fixed = bound.usePriority {
            guard !method.hasPrefix("__") else { return [] }
            priority = fixed
        } else {
            guard let listed = maps.flowMethods[method].flatMap(Priority.init(rawValue:)) else { return [] }
            priority = listed > .medium ? probe(method, bound: bound, callOpenAt: range.upperBound - 1) ?? listed : listed
        }
        let what = bound.kind == .wrapperInstance
            ? "calls `\(method)` through `\(bound.name)`, a local Ollama wrapper"
            : method == bound.name ? "calls `\(method)`, imported from ollama" : "calls `\(method)` on `\(bound.name)`, an Ollama client"
        report(bound, range: range, priority: priority, category: .clientCall, message: what)
        guard bound.kind == .client else { return [] }
        arguments(ofCallOpenAt: range.upperBound - 1, bound: bound)
        return results(ofCallAt: range, bound: bound)
    }

    /// What a call at `range` gives a name: the target it is assigned to (a response, or a
    /// stream with the stream argument) or the item of the loop over it (a response).
    mutating func results(ofCallAt range: Range<Int>, bound: Bound, kind: BindingKind? = nil) -> [Bound] {
        if let target = statementTarget(flow.assignment, before: range.lowerBound) {
            let kind = kind ?? (isStream(callOpenAt: range.upperBound - 1) ? .stream : .response)
            let via = [evidence("binding", target.name, at: target.offset)] + bound.via
            return [Bound(name: target.name, kind: kind, ruleID: bound.ruleID, via: via,
                          scope: scope(of: target.name, at: target.offset), depth: bound.depth + 1, usePriority: nil)]
        }
        if kind == nil, let item = statementTarget(flow.loopHead, group: "item", before: range.lowerBound) {
            let via = [evidence("binding", item.name, at: item.offset)] + bound.via
            return [Bound(name: item.name, kind: .response, ruleID: bound.ruleID, via: via,
                          scope: scope(of: item.name, at: item.offset), depth: bound.depth + 1, usePriority: nil)]
        }
        return []
    }

    /// The named arguments of the call whose `(` is at `open` that only Ollama takes
    /// (`flow-arguments:`), each on its own line.
    mutating func arguments(ofCallOpenAt open: Int, bound: Bound) {
        guard !maps.flowArguments.isEmpty, open < content.count, content[open] == 0x28,
              let pair = mask.brackets.first(where: { $0.open == open }),
              let regex = patterns.regex(flow.keywordArgument, name: "", flow: flow),
              let keyGroup = regex.groupNumber(named: "k") else { return }
        for match in patterns.matches(regex, in: content, scope: open + 1..<pair.close, mask: mask) {
            guard let key = match[group: keyGroup] else { continue }
            let name = LineIndex.decode(content, key)
            guard let priority = maps.flowArguments[name].flatMap(Priority.init(rawValue:)) else { continue }
            report(bound, range: key, priority: priority, category: .requestOption,
                   message: "passes `\(name)` to an Ollama call through `\(bound.name)`")
        }
    }

    /// `x = Wrapper(...)`: medium, and `x` a wrapper instance; other calls of the class too.
    /// Module-level instances are what the module re-exports.
    package mutating func instances(of origin: Bound, exports: inout [ExportFact]) -> [Bound] {
        var bound: [Bound] = []
        if let regex = patterns.regex(flow.assignment + Flow.placeholder + #"\s*\("#, name: origin.name, flow: flow),
           let lhsGroup = regex.groupNumber(named: "lhs") {
            for match in patterns.matches(regex, in: content, scope: origin.scope, mask: mask) {
                guard let lhs = match[group: lhsGroup] else { continue }
                let name = LineIndex.decode(content, lhs)
                report(origin, range: match.range, priority: .medium, category: .clientCall,
                       message: "instantiates `\(origin.name)`, a local Ollama wrapper")
                let via = [evidence("binding", name, at: lhs.lowerBound)] + origin.via
                bound.append(Bound(name: name, kind: .wrapperInstance, ruleID: origin.ruleID, via: via,
                                   scope: scope(of: name, at: lhs.lowerBound), depth: origin.depth + 1, usePriority: .medium))
                if isModuleLevel(lhs.lowerBound, name: name) {
                    exports.append(ExportFact(name: name, kind: .wrapperInstance, ruleID: origin.ruleID, via: via,
                                              depth: origin.depth + 1))
                }
            }
        }
        // `Wrapper().m(`, `Wrapper.m(`: a call through the wrapper without a name for it.
        if let regex = patterns.regex(flow.call, name: origin.name, flow: flow) {
            for match in patterns.matches(regex, in: content, scope: origin.scope, mask: mask) {
                report(origin, range: match.range, priority: .medium, category: .clientCall,
                       message: "calls `\(origin.name)`, a local Ollama wrapper")
            }
        }
        bound.append(Bound(name: origin.name, kind: .wrapperInstance, ruleID: origin.ruleID, via: origin.via,
                           scope: origin.scope, depth: origin.depth, usePriority: .medium))
        return bound
    }

    /// Calls of a function that builds an Ollama client: critical, as building it is, with
    /// the Ollama-only arguments passed to it; an assigned result is a client.
    package mutating func wrapperCalls(of origin: Bound, exports: inout [ExportFact]) -> [Bound] {
        guard let regex = patterns.regex(flow.call, name: origin.name, flow: flow) else { return [] }
        var bound: [Bound] = []
        for match in patterns.matches(regex, in: content, scope: origin.scope, mask: mask) {
            report(origin, range: match.range, priority: .critical, category: .clientCall,
                   message: "builds an Ollama client through `\(origin.name)`")
            arguments(ofCallOpenAt: match.range.upperBound - 1, bound: origin)
            wrapperArguments(ofCallOpenAt: match.range.upperBound - 1, bound: origin)
            for result in results(ofCallAt: match.range, bound: origin, kind: .client) {
                bound.append(result)
                if let site = result.via.first, isModuleLevel(lines.starts[site.line - 1], name: result.name) {
                    exports.append(ExportFact(name: result.name, kind: .wrapperInstance, ruleID: origin.ruleID, via: result.via,
                                              depth: origin.depth + 1))
                }
            }
        }
        return bound
    }

    func isModuleLevel(_ offset: Int, name: String) -> Bool {
        guard !name.contains(".") else { return false }
        let start = lines.starts[lines.lineIndex(of: offset)]
        return start == offset || FlowBlocks.indentation(content, start) == 0
    }

    /// `x = NAME` on its own: `x` is the same thing.
    mutating func aliases(of bound: Bound) -> [Bound] {
        assigned(bound, rhs: #"[ \t]*;?[ \t]*(?:(?:#|//)[^\n]*)?$"#, kind: bound.kind, usePriority: bound.usePriority,
                 keepsItsName: false) { run, name, match in
            run.report(bound, range: match.range, priority: .medium, category: .clientCall,
                       message: "keeps `\(bound.name)`, an Ollama \(bound.kind == .wrapperInstance ? "wrapper" : bound.kind == .baseURL ? "base URL" : "client"), as `\(name)`")
        }
    }

    /// The names assigned `NAME` followed by `rhs` (`flow.assignment` before it), each a new
    /// bound name of `kind`; `reportEach` reports the assignment when it is a finding itself.
    /// `keepsItsName`: whether `x = x...` binds `x` anew (a parsed body does; an alias does not).
    private mutating func assigned(_ bound: Bound, rhs: String, kind: BindingKind, usePriority: Priority?,
                                   keepsItsName: Bool = true, reportEach: ((inout FlowRun, String, Match) -> Void)? = nil) -> [Bound] {
        guard let regex = patterns.regex(flow.assignment + Flow.placeholder + rhs, name: bound.name, flow: flow),
              let lhsGroup = regex.groupNumber(named: "lhs") else { return [] }
        var derived: [Bound] = []
        for match in patterns.matches(regex, in: content, scope: bound.scope, mask: mask) {
            guard let lhs = match[group: lhsGroup] else { continue }
            let name = LineIndex.decode(content, lhs)
            guard keepsItsName || name != bound.name else { continue }
            reportEach?(&self, name, match)
            let via = [evidence("binding", name, at: lhs.lowerBound)] + bound.via
            derived.append(Bound(name: name, kind: kind, ruleID: bound.ruleID, via: via,
                                 scope: scope(of: name, at: lhs.lowerBound), depth: bound.depth + 1,
                                 usePriority: usePriority))
        }
        return derived
    }

    /// Field reads on a bound name, only of the fields `table` lists: a response's
    /// (`flow-fields:`) or a caught error's (`flow-error-fields:`, `e.status_code == 404` is
    /// Ollama's "model not pulled"). `what` names the object in the message.
    mutating func reads(on bound: Bound, table: [String: String], what: String) {
        guard !table.isEmpty, let regex = patterns.regex(flow.fieldRead, name: bound.name, flow: flow) else { return }
        for match in patterns.matches(regex, in: content, scope: bound.scope, mask: mask) {
            guard let field = match[group: 1] else { continue }
            let name = LineIndex.decode(content, field)
            guard let priority = table[name].flatMap(Priority.init(rawValue:)) else { continue }
            report(bound, range: match.range, priority: priority, category: .responseField,
                   message: "reads `\(name)` of `\(bound.name)`, \(what)")
        }
    }

    /// `data = await res.json()`: the parsed body of an HTTP reply from Ollama is a response.
    mutating func bodies(of bound: Bound) -> [Bound] {
        assigned(bound, rhs: #"\s*\.\s*json\s*\(\s*\)"#, kind: .response, usePriority: nil)
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

    /// The name a statement head (`flow.assignment`, `flow.loopHead`) gives what starts at
    /// `offset`, when the text before it on its line is that head (`response = await `).
    func statementTarget(_ head: String, group: String = "lhs", before offset: Int) -> (name: String, offset: Int)? {
        let lineStart = lines.starts[lines.lineIndex(of: offset)]
        guard let regex = patterns.regex(head + #"$"#, name: "", flow: flow),
              let targetGroup = regex.groupNumber(named: group) else { return nil }
        // The head must run exactly to the call: the subject ends there, and `$` holds it.
        var from = lineStart
        while from < offset, let match = try? regex.captures(in: content[..<offset], from: from, using: patterns.scratch) {
            if match.range.upperBound == offset, let target = match[group: targetGroup] {
                return (LineIndex.decode(content, target), target.lowerBound)
            }
            from = max(match.range.upperBound, match.range.lowerBound + 1)
        }
        return nil
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
            ruleID: bound.ruleID, category: category, priority: TestPaths.standard.capped(priority, path: path),
            layer: types.layer(path: path), message: message,
            path: path, start: lines.position(of: range.lowerBound), end: lines.position(of: range.upperBound),
            match: LineIndex.decode(content, range), lineText: lines.text(ofLine: line), fixability: .manual,
            replacement: nil, byteRange: range.lowerBound + byteOffset..<range.upperBound + byteOffset, via: bound.via))
    }
}
