import Languages

/// The tables map files carry beside rules. A fix template can call two of them: Ollama model
/// tags to Hugging Face repositories (`rules/models.yml`) and Ollama variable names to their
/// OpenAI-compatible targets (`rules/env-names.yml`). The third, each Ollama variable's
/// vLLM or OpenAI-compatible counterpart (also `rules/env-names.yml`), is prose for the
/// Markdown audit. User rule folders can extend or override all three.
public struct FixMaps: Sendable {
    public var models: [String: String] = [:]
    public var envNames: [String: String] = [:]
    /// Keyed by the Ollama name (`OLLAMA_HOST`); Markdown, printed as written.
    public var envCounterparts: [String: String] = [:]
    /// For the flow pass (`rules/flow.yml`): the priority of a method called on a bound
    /// client (`chat: critical`, `pull: medium`); a method not listed is not reported.
    public var flowMethods: [String: String] = [:]
    /// The priority of a field read on a bound response (`message: high`); a field not listed
    /// (`choices`: the OpenAI shape) is not reported.
    public var flowFields: [String: String] = [:]
    /// The priority of a named argument inside a call on a bound client or of a wrapper
    /// function (`num_ctx: high`); others are not reported.
    public var flowArguments: [String: String] = [:]
    /// The priority of a named argument inside a call of a function that builds a client
    /// (`model: medium`: the value is an Ollama tag), beyond `flowArguments`.
    public var flowWrapperArguments: [String: String] = [:]
    /// The priority of a field read on a caught Ollama error (`status_code: medium`).
    public var flowErrorFields: [String: String] = [:]
    /// The priority of a call of one of these methods on the ollama package's client when its
    /// only argument is the model (`chat(llm)`: does the model exist?).
    public var flowProbeMethods: [String: String] = [:]
    /// The priority of an Ollama endpoint reached through a name bound to an Ollama base URL
    /// (`chat: critical`, `tags: medium`); a path not listed is not reported.
    public var flowEndpoints: [String: String] = [:]

    public init(models: [String: String] = [:], envNames: [String: String] = [:],
                envCounterparts: [String: String] = [:], flowMethods: [String: String] = [:],
                flowFields: [String: String] = [:], flowArguments: [String: String] = [:],
                flowWrapperArguments: [String: String] = [:], flowErrorFields: [String: String] = [:],
                flowProbeMethods: [String: String] = [:], flowEndpoints: [String: String] = [:]) {
        self.flowProbeMethods = flowProbeMethods
        self.flowEndpoints = flowEndpoints
        self.flowArguments = flowArguments
        self.flowWrapperArguments = flowWrapperArguments
        self.flowErrorFields = flowErrorFields
        self.models = models
        self.envNames = envNames
        self.envCounterparts = envCounterparts
        self.flowMethods = flowMethods
        self.flowFields = flowFields
    }

    /// The Hugging Face id the model map gives an Ollama tag (`llama3.1:8b`), nil when it has
    /// none (`rules/models.yml` and the project's own `models:` maps, as `--fix` reads them).
    public func huggingFaceID(forOllamaTag tag: String) -> String? { models[tag] }

    public func merging(_ other: FixMaps) -> FixMaps {
        FixMaps(models: models.merging(other.models) { _, new in new },
                envNames: envNames.merging(other.envNames) { _, new in new },
                envCounterparts: envCounterparts.merging(other.envCounterparts) { _, new in new },
                flowMethods: flowMethods.merging(other.flowMethods) { _, new in new },
                flowFields: flowFields.merging(other.flowFields) { _, new in new },
                flowArguments: flowArguments.merging(other.flowArguments) { _, new in new },
                flowWrapperArguments: flowWrapperArguments.merging(other.flowWrapperArguments) { _, new in new },
                flowErrorFields: flowErrorFields.merging(other.flowErrorFields) { _, new in new },
                flowProbeMethods: flowProbeMethods.merging(other.flowProbeMethods) { _, new in new },
                flowEndpoints: flowEndpoints.merging(other.flowEndpoints) { _, new in new })
    }

    /// `VITE_OLLAMA_URL` keeps its prefix (`VITE_OPENAI_BASE_URL`); `ollama_base_url` (a
    /// pydantic field) keeps its case. Nil when the name has no mapped target.
    func envName(_ name: String) -> String? {
        let upper = name.uppercased()
        guard let range = upper.range(of: "OLLAMA_") else { return nil }
        let prefix = String(upper[..<range.lowerBound])
        guard let target = envNames[String(upper[range.lowerBound...])] else { return nil }
        let mapped = prefix + target
        return name == upper ? mapped : mapped.lowercased()
    }
}

/// A rule's `fix:`: PCRE2's substitution syntax over the rule's match, plus a few calls.
///
///   $1 ${1} ${name}           the text of a capture group ("" when unset)
///   $$                        a literal dollar sign
///   ${name:+yes:no}           `yes` when the group took part in the match, else `no`
///   ${model:G}                group G through the model map
///   ${env:G}                  group G through the environment-name map
///   ${map:G:k=v|k2=v2|*}      group G looked up in the list; `*` keeps it as it is
///   ${options-py:G}           a Python dict literal's Ollama options as keyword arguments
///   ${options-js:G}           an object literal's Ollama options as top-level fields
///                             (the calls are the languages' `NamedArguments`)
///   ${file:/RE/:+yes:no}      `yes` when the whole file matches RE (multi-line), else `no`
///   ${manual}                 no rewrite for this match (inside a conditional)
///   \: \} \$ \\               a literal `:`, `}`, `$` or backslash (inside conditionals)
///
/// A call that has no answer (an unmapped tag, an option with no counterpart) makes the
/// whole fix unavailable, and the finding stays manual.
public struct FixTemplate: Sendable {
    package indirect enum Part: Sendable {
        case literal(String)
        case group(Int)
        case conditional(Int, [Part], [Part])
        case model(Int)
        case env(Int)
        case map(Int, [(String, String)], keep: Bool)
        case options(Int, NamedArguments)
        case file(Regex, [Part], [Part])
        case manual
    }

    package let parts: [Part]
    public let source: String

    /// Parses `source`; group references are checked against `pattern`.
    public init(_ source: String, pattern: Regex) throws(TemplateError) {
        self.source = source
        var scalars = Array(source.unicodeScalars)[...]
        parts = try Self.parse(&scalars, pattern: pattern, stopAt: [])
    }

    public struct TemplateError: Error, Sendable { public let message: String }

    /// The replacement text, or nil when the fix does not apply to this match.
    /// - Parameter file: whether the whole file matches a pattern (`${file:...}`).
    package func expand(group: (Int) -> String?, maps: FixMaps, file: (Regex) -> Bool = { _ in false }) -> String? {
        Self.expand(parts, group: group, maps: maps, file: file)
    }

    private static func expand(_ parts: [Part], group: (Int) -> String?, maps: FixMaps, file: (Regex) -> Bool) -> String? {
        var out = ""
        for part in parts {
            switch part {
            case let .literal(text): out += text
            case let .group(n): out += group(n) ?? ""
            case let .conditional(n, yes, no):
                guard let text = expand(group(n) != nil ? yes : no, group: group, maps: maps, file: file) else { return nil }
                out += text
            case let .file(regex, yes, no):
                guard let text = expand(file(regex) ? yes : no, group: group, maps: maps, file: file) else { return nil }
                out += text
            case let .model(n):
                guard let tag = group(n), let repo = maps.models[tag] else { return nil }
                out += repo
            case let .env(n):
                guard let name = group(n), let target = maps.envName(name) else { return nil }
                out += target
            case let .map(n, pairs, keep):
                let key = group(n) ?? ""
                if let hit = pairs.first(where: { $0.0 == key }) { out += hit.1 } else if keep { out += key } else { return nil }
            case let .options(n, form):
                guard let text = group(n), let flat = OllamaOptions.flatten(text, into: form) else { return nil }
                out += flat
            case .manual:
                return nil
            }
        }
        return out
    }

    private static func parse(_ s: inout ArraySlice<Unicode.Scalar>, pattern: Regex, stopAt: Set<Unicode.Scalar>)
        throws(TemplateError) -> [Part] {
        var parts: [Part] = []
        var literal = ""
        func flush() { if !literal.isEmpty { parts.append(.literal(literal)); literal = "" } }
        while let c = s.first {
            if stopAt.contains(c) { break }
            s.removeFirst()
            if c == "\\", let escaped = s.first, [":", "}", "$", "\\"].contains(escaped) {
                s.removeFirst()
                literal.unicodeScalars.append(escaped)
                continue
            }
            guard c == "$" else { literal.unicodeScalars.append(c); continue }
            guard let next = s.first else { throw TemplateError(message: "a lone $ at the end (write $$ for a dollar)") }
            if next == "$" { s.removeFirst(); literal += "$"; continue }
            if next.properties.numericType != nil, ("0"..."9").contains(next) {
                var digits = ""
                while let d = s.first, ("0"..."9").contains(d) { digits.unicodeScalars.append(d); s.removeFirst() }
                flush()
                parts.append(.group(try group(digits, pattern)))
                continue
            }
            guard next == "{" else { throw TemplateError(message: "$ must be followed by a group, {...} or $") }
            s.removeFirst()
            var head = ""
            while let h = s.first, h != "}", h != ":" { head.unicodeScalars.append(h); s.removeFirst() }
            flush()
            if s.first == "}" {
                s.removeFirst()
                parts.append(head == "manual" ? .manual : .group(try group(head, pattern)))
                continue
            }
            guard s.first == ":" else { throw TemplateError(message: "unclosed ${\(head)") }
            s.removeFirst()
            if let form = LanguageRegistry.standard.namedArguments[head] {
                parts.append(.options(try group(try word(&s), pattern), form))
                continue
            }
            switch head {
            case "file":
                // ${file:/RE/:+yes:no}: RE runs to the next unescaped slash (`\/` is PCRE2's slash).
                guard s.first == "/" else { throw TemplateError(message: "${file:/PATTERN/:+yes:no} needs a /PATTERN/") }
                s.removeFirst()
                var source = ""
                while let h = s.first, h != "/" {
                    source.unicodeScalars.append(h)
                    s.removeFirst()
                    if h == "\\", let escaped = s.first { source.unicodeScalars.append(escaped); s.removeFirst() }
                }
                guard s.first == "/" else { throw TemplateError(message: "unclosed ${file:/\(source)") }
                s.removeFirst()
                let regex: Regex
                do { regex = try Regex(source, options: [.utf, .multiline]) } catch {
                    throw TemplateError(message: "${file:/\(source)/}: \(error.message)")
                }
                guard s.first == ":" else { throw TemplateError(message: "${file:/PATTERN/:+yes:no} needs :+") }
                s.removeFirst()
                guard s.first == "+" else { throw TemplateError(message: "${file:/PATTERN/:+yes:no} needs :+") }
                s.removeFirst()
                let yes = try parse(&s, pattern: pattern, stopAt: [":", "}"])
                var no: [Part] = []
                if s.first == ":" { s.removeFirst(); no = try parse(&s, pattern: pattern, stopAt: ["}"]) }
                guard s.first == "}" else { throw TemplateError(message: "unclosed ${file:...}") }
                s.removeFirst()
                parts.append(.file(regex, yes, no))
            case "model", "env":
                let n = try group(try word(&s), pattern)
                parts.append(head == "model" ? .model(n) : .env(n))
            case "map":
                var name = ""
                while let h = s.first, h != ":" , h != "}" { name.unicodeScalars.append(h); s.removeFirst() }
                guard s.first == ":" else { throw TemplateError(message: "${map:GROUP:key=value|...} needs a list") }
                s.removeFirst()
                var body = ""
                while let h = s.first, h != "}" { body.unicodeScalars.append(h); s.removeFirst() }
                guard s.first == "}" else { throw TemplateError(message: "unclosed ${map:...") }
                s.removeFirst()
                var pairs: [(String, String)] = []
                var keep = false
                for entry in body.split(separator: "|", omittingEmptySubsequences: false) {
                    if entry == "*" { keep = true; continue }
                    guard let eq = entry.firstIndex(of: "=") else {
                        throw TemplateError(message: "map entry '\(entry)' is not key=value")
                    }
                    pairs.append((String(entry[..<eq]), String(entry[entry.index(after: eq)...])))
                }
                parts.append(.map(try group(name, pattern), pairs, keep: keep))
            default:
                // ${group:+yes:no}
                let n = try group(head, pattern)
                guard s.first == "+" else {
                    let calls = ["model", "env", "map"] + LanguageRegistry.standard.namedArgumentCalls
                    throw TemplateError(message: "unknown call '\(head)' (\(calls.joined(separator: ", ")), or GROUP:+yes:no)")
                }
                s.removeFirst()
                let yes = try parse(&s, pattern: pattern, stopAt: [":", "}"])
                var no: [Part] = []
                if s.first == ":" { s.removeFirst(); no = try parse(&s, pattern: pattern, stopAt: ["}"]) }
                guard s.first == "}" else { throw TemplateError(message: "unclosed ${\(head):+...}") }
                s.removeFirst()
                parts.append(.conditional(n, yes, no))
            }
        }
        flush()
        return parts
    }

    private static func word(_ s: inout ArraySlice<Unicode.Scalar>) throws(TemplateError) -> String {
        var name = ""
        while let h = s.first, h != "}" { name.unicodeScalars.append(h); s.removeFirst() }
        guard s.first == "}" else { throw TemplateError(message: "unclosed ${...}") }
        s.removeFirst()
        return name
    }

    private static func group(_ name: String, _ pattern: Regex) throws(TemplateError) -> Int {
        if let n = Int(name) {
            guard n <= pattern.captureCount else {
                throw TemplateError(message: "group \(n) does not exist (the pattern has \(pattern.captureCount))")
            }
            return n
        }
        guard let n = pattern.groupNumber(named: name) else {
            throw TemplateError(message: "group '\(name)' is not a group of the pattern")
        }
        return n
    }
}

/// Ollama's `options` dict, flattened into OpenAI request fields where the mapping is one to
/// one (`renames` below). Any other key makes the whole flattening unavailable.
package enum OllamaOptions {
    package static let renames: [String: String] = [
        "temperature": "temperature", "top_p": "top_p", "seed": "seed", "stop": "stop",
        "num_predict": "max_tokens", "presence_penalty": "presence_penalty",
        "frequency_penalty": "frequency_penalty",
    ]

    /// `{"temperature": 0.2, "num_predict": 256}` → `temperature=0.2, max_tokens=256` (Python)
    /// or `temperature: 0.2, max_tokens: 256` (JavaScript). The text is the literal's inside.
    static func flatten(_ body: String, into form: NamedArguments) -> String? {
        var out: [String] = []
        for entry in body.split(separator: ",") {
            let trimmed = entry.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let colon = trimmed.firstIndex(of: ":") else { return nil }
            let key = trimmed[..<colon].trimmingCharacters(in: .whitespaces)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard let target = renames[key], !value.isEmpty, !value.contains("{"), !value.contains("[") else { return nil }
            out.append(target + form.separator + value)
        }
        return out.isEmpty ? nil : out.joined(separator: ", ")
    }
}

import Foundation
import PCRE2Swift
