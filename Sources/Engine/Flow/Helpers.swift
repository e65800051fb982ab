import Languages
import Model
import PCRE2Swift
import Rules

/// A place in a file where code talks to Ollama: a call on a client, a call of a function
/// imported from ollama, a framework model built, a request to an Ollama endpoint. The
/// function around one is an Ollama helper, and the handlers of a `try` around one encode
/// what happens when Ollama is down.
package struct RequestSite: Sendable {
    /// In the file's content (after any byte-order mark).
    let offset: Int
    let ruleID: String
    /// What the site calls, for the evidence (`pull`, `ChatOllama`, `client.list`).
    let name: String
    let via: [Evidence]
}

/// A function or method that makes an Ollama request, directly or through another helper.
struct Helper {
    let block: Block
    /// Where its name sits in its header.
    let nameOffset: Int
    /// 1: it makes a request itself; 2: it calls a helper of depth 1.
    let depth: Int
    let site: RequestSite
    /// A function that builds a client and returns it (`wrapper-function`).
    let isWrapper: Bool
}

extension FlowRun {
    /// How deep helpers are followed: a function that calls a function that makes a request.
    package static let maxHelperDepth = 2

    /// Finds the functions and methods around `sites`, then those that call them, to
    /// `maxHelperDepth`: each one's `def` line is a finding (high for a wrapper function,
    /// which hands out a client; medium otherwise), and so is each call of it in the file.
    /// Returns the top-level helpers a module offers its importers (wrapper functions are
    /// exported already).
    package mutating func helpers(sites: [RequestSite], wrappers: Set<String>) -> [ExportFact] {
        // Keyed by where each block starts.
        var found: [Int: Helper] = [:]
        var exports: [ExportFact] = []
        var level = sites
        for depth in 1...Self.maxHelperDepth where !level.isEmpty {
            var fresh: [(index: Int, helper: Helper)] = []
            for site in level {
                guard let block = function(around: site.offset), found[block.bytes.lowerBound] == nil,
                      !flow.entryPoints.contains(block.name) else { continue }
                let index = block.bytes.lowerBound
                let nameOffset = self.nameOffset(of: block)
                // A request in the header itself (a return annotation) is not the body's.
                guard lines.lineIndex(of: site.offset) > lines.lineIndex(of: nameOffset) else { continue }
                let isWrapper = block.parent == nil && wrappers.contains(block.name)
                let helper = Helper(block: block, nameOffset: nameOffset, depth: depth, site: site, isWrapper: isWrapper)
                found[index] = helper
                fresh.append((index, helper))
            }
            level = []
            for (_, helper) in fresh.sorted(by: { $0.index < $1.index }) {
                let definition = evidence("definition", helper.block.name, at: helper.nameOffset)
                let request = [evidence("request", helper.site.name, at: helper.site.offset)] + helper.site.via
                let origin = Bound(name: helper.block.name, kind: .helperFunction, ruleID: helper.site.ruleID, via: request,
                                   scope: 0..<content.count, depth: helper.depth, usePriority: nil)
                report(origin, range: helper.nameOffset..<(helper.nameOffset + helper.block.name.utf8.count),
                       priority: helper.isWrapper ? .high : .medium, category: .clientCall,
                       message: helper.isWrapper ? "defines `\(helper.block.name)`, which builds and returns an Ollama client"
                           : "defines `\(helper.block.name)`, a function that calls Ollama")
                // A wrapper's calls are reported as building a client already.
                guard !helper.isWrapper else { continue }
                let caller = Bound(name: helper.block.name, kind: .helperFunction, ruleID: helper.site.ruleID,
                                   via: [definition] + request, scope: callScope(of: helper.block),
                                   depth: helper.depth, usePriority: nil)
                for call in helperCalls(of: caller, receiver: helper.block.kind == "method", skipping: helper.nameOffset) {
                    level.append(RequestSite(offset: call, ruleID: caller.ruleID, name: helper.block.name, via: caller.via))
                }
                if helper.block.parent == nil, helper.block.kind == "function" {
                    exports.append(ExportFact(name: helper.block.name, kind: .helperFunction, ruleID: caller.ruleID,
                                              via: caller.via, depth: helper.depth))
                }
            }
        }
        return exports
    }

    /// The calls of a helper in its scope, each a medium finding: `name(` for a function,
    /// `self.name(` for a method. Returns where each starts.
    @discardableResult
    package mutating func helperCalls(of helper: Bound, receiver: Bool = false, skipping header: Int? = nil) -> [Int] {
        let name = receiver ? (flow.receivers.first.map { $0 + "." + helper.name } ?? helper.name) : helper.name
        guard let regex = patterns.regex(flow.call, name: name, flow: flow) else { return [] }
        let headerLine = header.map { lines.lineIndex(of: $0) }
        var calls: [Int] = []
        for match in patterns.matches(regex, in: content, scope: helper.scope, mask: mask) {
            // A JavaScript method's own header (`pull(name) {`) reads as a call.
            if let headerLine, lines.lineIndex(of: match.range.lowerBound) == headerLine { continue }
            report(helper, range: match.range, priority: .medium, category: .clientCall,
                   message: "calls `\(helper.name)`, a local function that calls Ollama")
            calls.append(match.range.lowerBound)
        }
        return calls
    }

    /// The innermost function or method around `offset`.
    func function(around offset: Int) -> Block? {
        blocks.chain(enclosing: offset).last { $0.kind == "function" || $0.kind == "method" }
    }

    /// Where a block's name first stands in code: its header, past any decorator or comment
    /// above it.
    func nameOffset(of block: Block) -> Int {
        let name = Array(block.name.utf8)
        guard !name.isEmpty else { return block.bytes.lowerBound }
        var i = block.bytes.lowerBound
        let end = min(block.bytes.upperBound, content.count) - name.count
        while i <= end {
            if content[i] == name[0], content[i..<(i + name.count)].elementsEqual(name), mask.kind(at: i) == .code,
               i == 0 || !Self.isWordByte(content[i - 1]), i + name.count >= content.count || !Self.isWordByte(content[i + name.count]) {
                return i
            }
            i += 1
        }
        return block.bytes.lowerBound
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        byte == 0x5F || byte == 0x24 || (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) || byte >= 0x80
    }

    /// Where a helper can be called by its name: a method in its class, a nested function in
    /// the function around it, a top-level function in the whole file.
    func callScope(of block: Block) -> Range<Int> {
        guard let parent = block.parent else { return 0..<content.count }
        let bytes = blocks.blocks[parent].bytes
        return bytes.lowerBound..<min(bytes.upperBound, content.count)
    }

    /// The handlers of each `try` whose body holds a site: `except ConnectionError:` around a
    /// probe is what the program does when Ollama is down, and `except ResponseError as e`
    /// what it does when the model is missing. Each is medium; the name a handler binds is an
    /// Ollama error, its fields read in Ollama's shape. Returns those names.
    package mutating func handlers(sites: [RequestSite], scratch: MatchScratch) -> [Bound] {
        guard let handlers = flow.handlers, !sites.isEmpty,
              let clause = patterns.regex(handlers.clause, name: "", flow: flow),
              let bound = patterns.regex(handlers.boundName, name: "", flow: flow),
              let boundGroup = bound.groupNumber(named: "e") else { return [] }
        let index = handlers.blocks.blocks(content, mask: mask, lineStarts: lines.starts, scratch: scratch)
        var errors: [Bound] = []
        for block in index.blocks where block.kind == "try" {
            let header = skipBlank(from: block.bytes.lowerBound)
            guard let site = sites.first(where: { $0.offset > header && block.bytes.contains($0.offset) }) else { continue }
            let indent = header - lines.starts[lines.lineIndex(of: header)]
            var at = min(block.bytes.upperBound, content.count)
            while true {
                at = skipBlank(from: at)
                guard at < content.count, mask.kind(at: at) == .code,
                      !flow.indentBlocks || at - lines.starts[lines.lineIndex(of: at)] == indent,
                      (try? clause.find(in: content, from: at, startLimit: at, using: patterns.scratch)) != nil else { break }
                let origin = Bound(name: site.name, kind: .error, ruleID: site.ruleID,
                                   via: [evidence("request", site.name, at: site.offset)] + site.via,
                                   scope: 0..<content.count, depth: 1, usePriority: nil)
                let lineEnd = lines.lineIndex(of: at) + 1 < lines.starts.count ? lines.starts[lines.lineIndex(of: at) + 1] - 1 : content.count
                report(origin, range: at..<max(at, lineEnd), priority: .medium, category: .clientCall,
                       message: "handles a failure of an Ollama call (Ollama down, a model missing)")
                if let match = try? bound.captures(in: content[..<lineEnd], from: at, startLimit: at, using: patterns.scratch),
                   let name = match[group: boundGroup] {
                    let text = LineIndex.decode(content, name)
                    errors.append(Bound(name: text, kind: .error, ruleID: site.ruleID,
                                        via: [evidence("binding", text, at: name.lowerBound)] + origin.via,
                                        scope: scope(of: text, at: name.lowerBound), depth: 1, usePriority: nil))
                }
                // Python's handlers follow one another; JavaScript has one `catch`.
                guard let next = index.blocks.first(where: { $0.kind == "handler" && skipBlank(from: $0.bytes.lowerBound) == at })
                else { break }
                at = min(next.bytes.upperBound, content.count)
            }
        }
        return errors
    }

    /// The first byte at or after `offset` that is neither white space nor in a comment.
    func skipBlank(from offset: Int) -> Int {
        var i = offset
        while i < content.count {
            let byte = content[i]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || mask.kind(at: i) == .comment { i += 1 } else { break }
        }
        return i
    }

    /// The named arguments of a call of a function that builds a client that name what
    /// Ollama serves (`flow-wrapper-arguments:`, `model=`), each on its own line.
    mutating func wrapperArguments(ofCallOpenAt open: Int, bound: Bound) {
        guard !maps.flowWrapperArguments.isEmpty, open < content.count, content[open] == 0x28,
              let pair = mask.brackets.first(where: { $0.open == open }),
              let regex = patterns.regex(flow.keywordArgument, name: "", flow: flow),
              let keyGroup = regex.groupNumber(named: "k") else { return }
        // JavaScript passes one object: `make({ model, temperature })`.
        var first = open + 1
        while first < pair.close, [0x20, 0x09, 0x0A, 0x0D].contains(content[first]) { first += 1 }
        let object = content[first] == 0x7B ? first : nil
        for match in patterns.matches(regex, in: content, scope: open + 1..<pair.close, mask: mask) {
            guard let key = match[group: keyGroup], !insideCall(key.lowerBound, within: open, except: object) else { continue }
            let name = LineIndex.decode(content, key)
            guard let priority = maps.flowWrapperArguments[name].flatMap(Priority.init(rawValue:)) else { continue }
            report(bound, range: key, priority: priority, category: .requestOption,
                   message: "passes `\(name)` (an Ollama model tag) to `\(bound.name)`, which builds an Ollama client")
        }
    }

    /// Whether `offset` sits in a bracket nested inside the one opened at `open` (other than
    /// the one opened at `except`).
    func insideCall(_ offset: Int, within open: Int, except object: Int? = nil) -> Bool {
        mask.brackets.contains { $0.open > open && $0.open != object && $0.open < offset && offset < $0.close }
    }

    /// The priority of a call of `method` on the ollama package's client that only names a model
    /// (`chat(llm)`, `generate(model=m)`): a probe for whether the model is there, not a
    /// prompt (`flow-probe-methods:`); nil for any other call. A framework model's one argument is its prompt.
    func probe(_ method: String, bound: Bound, callOpenAt open: Int) -> Priority? {
        guard let priority = maps.flowProbeMethods[method].flatMap(Priority.init(rawValue:)),
              !frameworkRules.contains(bound.ruleID), open < content.count, content[open] == 0x28,
              let pair = mask.brackets.first(where: { $0.open == open }) else { return nil }
        let inner = open + 1..<pair.close
        // One argument, not an object (`{ model, messages }` is a whole request).
        guard let first = inner.first(where: { content[$0] != 0x20 && content[$0] != 0x09 && content[$0] != 0x0A && content[$0] != 0x0D }),
              content[first] != 0x7B else { return nil }
        return inner.contains { content[$0] == 0x2C && mask.kind(at: $0) == .code && !insideCall($0, within: open) } ? nil : priority
    }
}
