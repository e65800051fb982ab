/// Runs each rule's own examples, as `ollama-audit rules test` and the test suite do.
public enum RuleSelfTest {
    public enum Kind: String, Sendable {
        /// The rule matched a text it must not match.
        case noisy
        /// The rule was silent on a text it must match.
        case missing
    }

    public struct Failure: Sendable, CustomStringConvertible {
        public let ruleID: String
        public let source: String
        public let kind: Kind
        public let example: String

        public var description: String {
            "\(source): rule '\(ruleID)': \(kind.rawValue): \(kind == .noisy ? "matched" : "did not match") "
                + example.debugDescription
        }
    }

    /// The failures of `rules`' examples; empty when every example behaves.
    /// Examples go through the real scanner (prefilter, context, pattern), not the bare regex,
    /// so a prefilter that would hide a real match fails here.
    public static func run(_ rules: [Rule]) -> [Failure] {
        var failures: [Failure] = []
        for rule in rules {
            let scanner = Scanner(rules: [rule], threads: 1)
            let types = rule.fileTypes.isEmpty ? FileTypeSet(FileType.allCases) : rule.fileTypes
            for text in rule.examples.match where scanner.scan(text: text, path: "example", types: types).isEmpty {
                failures.append(Failure(ruleID: rule.id, source: rule.source, kind: .missing, example: text))
            }
            for text in rule.examples.noMatch where !scanner.scan(text: text, path: "example", types: types).isEmpty {
                failures.append(Failure(ruleID: rule.id, source: rule.source, kind: .noisy, example: text))
            }
        }
        return failures
    }
}
