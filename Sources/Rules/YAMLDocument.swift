import Model
import Yams

/// A strict, position-aware view of a YAML node. Rule and config files are read through it
/// rather than through `Codable`, so that an unknown key, a wrong type or a missing field
/// is reported with the file and line it is on.
package struct YAMLValue {
    package let node: Node
    package let path: String

    package var line: Int? { node.mark?.line }

    /// Parses `text`. An empty document is an error: a rule or config file with nothing in it
    /// is almost always a mistake.
    package static func parse(_ text: String, path: String) throws(AuditError) -> YAMLValue {
        let root: Node?
        do {
            // The basic resolver: every plain scalar stays a string (the schema decides types),
            // and no regular expression runs per scalar; the default one was most of start-up.
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw AuditError.ruleFile(path: path, line: Self.line(of: error), ruleID: nil,
                                      message: "invalid YAML: \(Self.problem(of: error))")
        } catch {
            throw AuditError.ruleFile(path: path, line: nil, ruleID: nil, message: "invalid YAML: \(error)")
        }
        guard let root else {
            throw AuditError.ruleFile(path: path, line: nil, ruleID: nil, message: "the file is empty")
        }
        return YAMLValue(node: root, path: path)
    }

    package func error(_ message: String, rule: String? = nil) -> AuditError {
        .ruleFile(path: path, line: line, ruleID: rule, message: message)
    }

    /// The mapping's entries, keyed by name, after checking every key is one of `allowed`.
    package func mapping(allowed: [String], anyKey: Bool = false, what: String, rule: String? = nil) throws(AuditError) -> [String: YAMLValue] {
        guard case let .mapping(mapping) = node else {
            throw error("\(what) must be a mapping, found \(kind)", rule: rule)
        }
        var result: [String: YAMLValue] = [:]
        for (key, value) in mapping {
            guard case let .scalar(scalar) = key else {
                throw YAMLValue(node: key, path: path).error("keys must be plain strings", rule: rule)
            }
            let name = scalar.string
            guard anyKey || allowed.contains(name) else {
                throw YAMLValue(node: key, path: path).error(
                    "unknown key '\(name)' in \(what) (expected one of: \(allowed.joined(separator: ", ")))",
                    rule: rule)
            }
            guard result[name] == nil else {
                throw YAMLValue(node: key, path: path).error("duplicate key '\(name)' in \(what)", rule: rule)
            }
            result[name] = YAMLValue(node: value, path: path)
        }
        return result
    }

    package func string(_ what: String, rule: String? = nil) throws(AuditError) -> String {
        guard case let .scalar(scalar) = node else {
            throw error("'\(what)' must be a string, found \(kind)", rule: rule)
        }
        return scalar.string
    }

    package func bool(_ what: String, rule: String? = nil) throws(AuditError) -> Bool {
        guard case let .scalar(scalar) = node, scalar.style == .plain,
              let value = ["true": true, "false": false][scalar.string] else {
            throw error("'\(what)' must be true or false", rule: rule)
        }
        return value
    }

    package func list(_ what: String, rule: String? = nil) throws(AuditError) -> [YAMLValue] {
        guard case let .sequence(sequence) = node else {
            throw error("'\(what)' must be a list, found \(kind)", rule: rule)
        }
        return sequence.map { YAMLValue(node: $0, path: path) }
    }

    package func stringList(_ what: String, rule: String? = nil) throws(AuditError) -> [String] {
        var strings: [String] = []
        for item in try list(what, rule: rule) { strings.append(try item.string("\(what)[]", rule: rule)) }
        return strings
    }

    private var kind: String {
        switch node {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _):
            return mark.line
        case let .duplicatedKeysInMapping(_, context):
            return context.mark.line
        default:
            return nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case let .scanner(context, problem, _, _), let .parser(context, problem, _, _),
             let .composer(context, problem, _, _):
            if let context { return "\(problem) (\(context.text))" }
            return problem
        case let .duplicatedKeysInMapping(duplicates, _):
            return "duplicate keys: \(duplicates.joined(separator: ", "))"
        default:
            return "\(error)"
        }
    }
}
