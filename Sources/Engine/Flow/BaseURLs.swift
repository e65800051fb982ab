import Languages
import Model
import PCRE2Swift
import Rules

/// The uses of a name bound to an Ollama base URL (`bind: {kind: base-url}`): the paths put
/// after it are Ollama endpoints, reported at the endpoint's priority (`flow-endpoints:`);
/// a base with `/api` after it, a URL built on it as a port, and an HTTP client built on it
/// are bases too; and a function that joins it with one of its parameters is a URL helper,
/// whose calls with a literal endpoint (`getApiUrl('/chat')`, `request('chat', body)`) are
/// calls of that endpoint.
extension FlowRun {
    /// A function that builds an Ollama URL from one of its parameters.
    struct URLHelper {
        /// As a call names it (`self.request` for a Python method).
        let callName: String
        let parameter: String
        let index: Int
        /// Its body, where the parameter's uses are the URL lines.
        let body: Range<Int>
        /// Its header, where the name is not a call.
        let header: Range<Int>
        /// Where its name is defined.
        let definition: Int
    }

    mutating func baseURLUses(of bound: Bound) -> [Bound] {
        guard let urls = flow.urls, let site = bound.via.first else { return [] }
        // A rule that binds a parameter (`${host}/api/${endpoint}`) names a helper.
        if !bound.name.contains("."), let helper = urlHelper(parameter: bound.name, at: offset(of: site), urls: urls) {
            return helperCalls(helper, bound: bound, urls: urls)
        }
        let siteOffset = offset(of: site)
        // `base_url=x` inside a call's brackets is an argument, not an assignment.
        guard site.kind != "binding" || !insideCall(siteOffset) else { return [] }
        let scope = moduleScope(of: bound, at: siteOffset)
        // A URL helper another module defines (its chain starts at the import, then the definition).
        let helper = bound.via.dropFirst(site.kind == "import" ? 1 : 0).first?.kind == "definition"
        for template in urls.pathUses {
            guard let regex = patterns.regex(template, name: bound.name, flow: flow),
                  let group = regex.groupNumber(named: "path") else { continue }
            for match in patterns.matches(regex, in: content, scope: scope, mask: mask) {
                guard let path = match[group: group], let (name, priority) = endpoint(LineIndex.decode(content, path)) else { continue }
                report(bound, range: match.range, priority: priority, category: .endpoint,
                       message: "calls Ollama's /api/\(name) through `\(bound.name)`, " + (helper ? "which builds Ollama URLs" : "an Ollama base URL"))
            }
        }
        var derived: [Bound] = []
        for template in urls.joins {
            guard let regex = patterns.regex(template, name: bound.name, flow: flow),
                  let group = regex.groupNumber(named: "param") else { continue }
            for match in patterns.matches(regex, in: content, scope: scope, mask: mask) {
                guard let param = match[group: group],
                      let helper = urlHelper(parameter: LineIndex.decode(content, param), at: param.lowerBound, urls: urls) else { continue }
                derived += helperCalls(helper, bound: bound, urls: urls)
            }
        }
        for template in urls.derivedBases {
            guard let regex = patterns.regex(flow.assignment + template, name: bound.name, flow: flow),
                  let lhsGroup = regex.groupNumber(named: "lhs") else { continue }
            let portGroup = regex.groupNumber(named: "port")
            for match in patterns.matches(regex, in: content, scope: scope, mask: mask) {
                guard let lhs = match[group: lhsGroup] else { continue }
                let name = LineIndex.decode(content, lhs)
                guard name != bound.name else { continue }
                if portGroup.flatMap({ match[group: $0] }) != nil {
                    report(bound, range: match.range, priority: .high, category: .port,
                           message: "builds a default Ollama base URL on `\(bound.name)`, Ollama's port")
                }
                derived.append(base(name, at: lhs.lowerBound, from: bound))
            }
        }
        for template in urls.clients {
            guard let regex = patterns.regex(template, name: bound.name, flow: flow),
                  let lhsGroup = regex.groupNumber(named: "lhs") else { continue }
            for match in patterns.matches(regex, in: content, scope: scope, mask: mask) {
                guard let lhs = match[group: lhsGroup] else { continue }
                derived.append(base(LineIndex.decode(content, lhs), at: lhs.lowerBound, from: bound))
            }
        }
        return derived
    }

    /// A module-level base stays one until a module-level assignment to its name: a function
    /// that sets it again (`if (!url) url = OLLAMA_URL`) does not end it for the others.
    func moduleScope(of bound: Bound, at site: Int) -> Range<Int> {
        guard !bound.name.contains("."), !inFunction(site) else { return bound.scope }
        let line = lines.lineIndex(of: site)
        guard line + 1 < lines.starts.count, let regex = patterns.regex(flow.rebinding, name: bound.name, flow: flow) else {
            return bound.scope.lowerBound..<content.count
        }
        let next = patterns.matches(regex, in: content, scope: lines.starts[line + 1]..<content.count, mask: mask)
            .first { !inFunction($0.range.lowerBound) && !insideCall($0.range.lowerBound) }
        return bound.scope.lowerBound..<(next?.range.lowerBound ?? content.count)
    }

    func inFunction(_ offset: Int) -> Bool {
        blocks.chain(enclosing: offset).contains { $0.kind == "function" || $0.kind == "method" }
    }

    func base(_ name: String, at offset: Int, from bound: Bound) -> Bound {
        Bound(name: name, kind: .baseURL, ruleID: bound.ruleID, via: [evidence("binding", name, at: offset)] + bound.via,
              scope: scope(of: name, at: offset), depth: bound.depth + 1, usePriority: nil)
    }

    /// `/api/chat`, `/chat`, `chat` and `api/tags/` as an endpoint listed in `flow-endpoints:`.
    func endpoint(_ path: String) -> (String, Priority)? {
        var rest = Substring(path)
        while rest.hasPrefix("/") { rest = rest.dropFirst() }
        if rest.hasPrefix("api/") { rest = rest.dropFirst(4) }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, !rest.contains("/"),
              let priority = maps.flowEndpoints[String(rest)].flatMap(Priority.init(rawValue:)) else { return nil }
        return (String(rest), priority)
    }

    /// The function around `offset` when `parameter` is one of its parameters.
    func urlHelper(parameter: String, at offset: Int, urls: FlowURLs) -> URLHelper? {
        let line = lines.lineIndex(of: offset)
        let lineRange = lines.starts[line]..<(line + 1 < lines.starts.count ? lines.starts[line + 1] : content.count)
        if let inline = urls.inlineFunction, let regex = patterns.regex(inline, name: "", flow: flow),
           let fnGroup = regex.groupNumber(named: "fn"), let paramsGroup = regex.groupNumber(named: "params"),
           let match = try? regex.captures(in: content[..<lineRange.upperBound], from: lineRange.lowerBound, using: patterns.scratch),
           match.range.lowerBound < lineRange.upperBound, match.range.upperBound <= offset,
           let fn = match[group: fnGroup], let params = match[group: paramsGroup],
           let index = parameterIndex(parameter, in: params, urls: urls) {
            return URLHelper(callName: LineIndex.decode(content, fn), parameter: parameter, index: index, body: lineRange,
                             header: match.range, definition: fn.lowerBound)
        }
        guard let function = blocks.chain(enclosing: offset).last(where: { $0.kind == "function" || $0.kind == "method" }),
              let nameAt = find(Array(function.name.utf8), in: function.bytes.lowerBound..<offset),
              let pair = mask.brackets.filter({ $0.open >= nameAt && $0.open < offset && content[$0.open] == 0x28 })
                .min(by: { $0.open < $1.open }),
              pair.close < offset,
              let index = parameterIndex(parameter, in: pair.open + 1..<pair.close, urls: urls) else { return nil }
        let method = function.kind == "method" && flow.implicitReceiver == nil
        let callName = method ? (flow.receivers.first.map { $0 + "." } ?? "") + function.name : function.name
        return URLHelper(callName: callName, parameter: parameter, index: index,
                         body: pair.close..<min(function.bytes.upperBound, content.count), header: function.bytes.lowerBound..<pair.close,
                         definition: nameAt)
    }

    /// The byte offset of an evidence's line and column (columns count characters).
    func offset(of site: Evidence) -> Int {
        content.offset(ofColumn: site.column, fromLineStart: lines.starts[site.line - 1])
    }

    /// The first occurrence of `needle` in `range`, in code.
    func find(_ needle: [UInt8], in range: Range<Int>) -> Int? {
        guard !needle.isEmpty, range.count >= needle.count else { return nil }
        var i = range.lowerBound
        while i + needle.count <= range.upperBound {
            if content[i] == needle[0], Array(content[i..<i + needle.count]) == needle, mask.kind(at: i) == .code { return i }
            i += 1
        }
        return nil
    }

    /// The position of `parameter` among the parameters in `range` (`a: string`, `b = 1`,
    /// `...rest`), receivers left out.
    func parameterIndex(_ parameter: String, in range: Range<Int>, urls: FlowURLs) -> Int? {
        var names: [String] = []
        for part in topLevelParts(range) {
            var bytes = content[part].drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x2E || $0 == 0x2A }
            bytes = bytes.prefix { $0 == 0x5F || $0 == 0x24 || ($0 >= 0x30 && $0 <= 0x39) || (($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A) || $0 >= 0x80 }
            let name = String(decoding: bytes, as: UTF8.self)
            if names.isEmpty, urls.receiverParameters.contains(name) { continue }
            names.append(name)
        }
        return names.firstIndex(of: parameter)
    }

    /// `range` split at its commas outside brackets and strings.
    func topLevelParts(_ range: Range<Int>) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var depth = 0
        var start = range.lowerBound
        for i in range where mask.kind(at: i) == .code {
            switch content[i] {
            case 0x28, 0x5B, 0x7B, 0x3C: depth += 1
            case 0x29, 0x5D, 0x7D, 0x3E: depth -= 1
            case 0x2C where depth <= 0:
                parts.append(start..<i)
                start = i + 1
            default: break
            }
        }
        if start < range.upperBound { parts.append(start..<range.upperBound) }
        return parts
    }

    /// The helper's calls that pass a literal endpoint, reported at its priority, then the
    /// lines of the helper that put the parameter into a URL, at the highest of them. A
    /// module-level helper whose first parameter is the path is bound in turn, so that
    /// its importers' calls are followed too.
    mutating func helperCalls(_ helper: URLHelper, bound: Bound, urls: FlowURLs) -> [Bound] {
        guard let regex = patterns.regex(urls.call, name: helper.callName, flow: flow) else { return [] }
        var highest: Priority?
        var passed: [String] = []
        let via = [evidence("definition", helper.callName, at: helper.definition)] + bound.via
        let through = Bound(name: helper.callName, kind: .baseURL, ruleID: bound.ruleID, via: via, scope: bound.scope,
                            depth: bound.depth + 1, usePriority: nil)
        for match in patterns.matches(regex, in: content, scope: 0..<content.count, mask: mask) {
            let open = match.range.upperBound - 1
            guard !helper.header.contains(match.range.lowerBound), content[open] == 0x28,
                  let pair = mask.brackets.first(where: { $0.open == open }) else { continue }
            let arguments = topLevelParts(open + 1..<pair.close)
            guard helper.index < arguments.count, let value = literal(arguments[helper.index]),
                  let (name, priority) = endpoint(value) else { continue }
            report(through, range: match.range, priority: priority, category: .endpoint,
                   message: "calls Ollama's /api/\(name) through `\(helper.callName)`, which builds an Ollama URL")
            highest = max(highest ?? priority, priority)
            if !passed.contains(name) { passed.append(name) }
        }
        // A module-level helper whose first parameter is the path: its importers call it too.
        var exported: [Bound] = []
        if helper.index == 0, !helper.callName.contains("."),
           blocks.chain(enclosing: helper.definition).allSatisfy({ $0.name == helper.callName }) {
            exported.append(Bound(name: helper.callName, kind: .baseURL, ruleID: bound.ruleID, via: via, scope: 0..<content.count,
                                  depth: bound.depth + 1, usePriority: nil))
        }
        guard let highest else { return exported }
        let list = passed.prefix(4).joined(separator: ", ")
        for template in urls.parameterUses {
            guard let regex = patterns.regex(template, name: helper.parameter, flow: flow) else { continue }
            for match in patterns.matches(regex, in: content, scope: helper.body, mask: mask) {
                report(through, range: match.range, priority: highest, category: .endpoint,
                       message: "builds an Ollama URL from `\(helper.parameter)` (its callers pass \(list))")
            }
        }
        return exported
    }

    /// The text of a plain string literal (no interpolation) spanning `range`, trimmed.
    func literal(_ range: Range<Int>) -> String? {
        var bytes = content[range]
        while let first = bytes.first, first == 0x20 || first == 0x09 || first == 0x0A || first == 0x0D { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D { bytes = bytes.dropLast() }
        guard bytes.count >= 2, let quote = bytes.first, quote == 0x22 || quote == 0x27 || quote == 0x60, bytes.last == quote else { return nil }
        let inner = bytes.dropFirst().dropLast()
        guard !inner.contains(quote), !inner.contains(0x24), !inner.contains(0x7B) else { return nil }
        return String(decoding: inner, as: UTF8.self)
    }
}
