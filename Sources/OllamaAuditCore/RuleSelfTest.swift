import Engine
import Fix
import Languages
import Model
import Rules

/// Runs each rule's own examples, as `ollama-audit rules test` and the test suite do.
public enum RuleSelfTest {
    public enum Kind: String, Sendable {
        /// The rule matched a text it must not match.
        case noisy
        /// The rule was silent on a text it must match.
        case missing
        /// The rule's fix did not turn a `before` text into its `after`.
        case wrongFix = "wrong fix"
        /// The rule matched a text, but no finding covers the span its example marks.
        case wrongSpan = "wrong span"
        /// Searched only around the literals its pattern is anchored on (`LineAnchors`), the
        /// rule found other matches than a search of the whole text: a bug in that reading.
        case anchors = "anchors"

    }

    public struct Failure: Sendable, CustomStringConvertible {
        public let ruleID: String
        public let source: String
        public let kind: Kind
        public let example: String

        /// For a wrong fix: what the fix produced.
        public var got: String?

        public var description: String {
            switch kind {
            case .wrongFix:
                return "\(source): rule '\(ruleID)': wrong fix: \(example.debugDescription) became \((got ?? "").debugDescription)"
            case .wrongSpan:
                return "\(source): rule '\(ruleID)': wrong span: expected «…» in \(example.debugDescription), reported "
                    + (got ?? "")
            case .anchors:
                return "\(source): rule '\(ruleID)': searched around its literals, it finds other matches than over the "
                    + "whole text in \(example.debugDescription) (please report this)"
            default:
                return "\(source): rule '\(ruleID)': \(kind.rawValue): \(kind == .noisy ? "matched" : "did not match") "
                    + example.debugDescription
            }
        }
    }

    /// The failures of `rules`' examples; empty when every example behaves.
    /// Examples go through the real scanner (prefilter, context, pattern), not the bare regex,
    /// so a prefilter that would hide a real match fails here.
    public static func run(_ rules: [Rule], maps: FixMaps = FixMaps()) -> [Failure] {
        var failures: [Failure] = []
        for rule in rules {
            let scanner = Engine.Scanner(rules: [rule], maps: maps, threads: 1)
            let types = rule.fileTypes.isEmpty ? LanguageRegistry.standard.all : rule.fileTypes
            let whole = Engine.Scanner(rules: [rule], maps: maps, threads: 1, searchesAroundAnchors: false)
            for text in rule.examples.match + rule.examples.noMatch
            where scanner.scan(text: text, path: "example", types: types).map(\.byteRange)
                != whole.scan(text: text, path: "example", types: types).map(\.byteRange) {
                failures.append(Failure(ruleID: rule.id, source: rule.source, kind: .anchors, example: text))
            }
            for (index, text) in rule.examples.match.enumerated() {
                let findings = scanner.scan(text: text, path: "example", types: types)
                if findings.isEmpty {
                    failures.append(Failure(ruleID: rule.id, source: rule.source, kind: .missing, example: text))
                    continue
                }
                guard index < rule.examples.spans.count, let span = rule.examples.spans[index],
                      !findings.contains(where: { $0.byteRange == span }) else { continue }
                let bytes = Array(text.utf8)
                let marked = String(decoding: bytes[..<span.lowerBound], as: UTF8.self) + "«"
                    + String(decoding: bytes[span], as: UTF8.self) + "»" + String(decoding: bytes[span.upperBound...], as: UTF8.self)
                let got = findings.map { "«" + String(decoding: bytes[$0.byteRange], as: UTF8.self) + "»" }.joined(separator: ", ")
                failures.append(Failure(ruleID: rule.id, source: rule.source, kind: .wrongSpan, example: marked, got: got))
            }
            for text in rule.examples.noMatch where !scanner.scan(text: text, path: "example", types: types).isEmpty {
                failures.append(Failure(ruleID: rule.id, source: rule.source, kind: .noisy, example: text))
            }
            for (before, after) in rule.examples.fixes {
                let file = SourceFile(absolutePath: "example", path: "example", types: types)
                let plan = Fixer.plan(file, content: Array(before.utf8), scanner: scanner, unsafe: true, everywhere: true)
                let got = String(decoding: plan.fixed, as: UTF8.self)
                if got != after {
                    failures.append(Failure(ruleID: rule.id, source: rule.source, kind: .wrongFix, example: before, got: got))
                }
            }
        }
        return failures
    }
}

extension RuleSelfTest {
    /// One self-test run: how much was tested and what failed.
    public struct Outcome: Sendable {
        public let rules: Int
        public let examples: Int
        public let failures: [Failure]

        /// A `FAIL` line per failure, then the totals.
        public var text: String {
            failures.map { "FAIL \($0)\n" }.joined()
                + "\(rules.counting("rule")), \(examples.counting("example")): "
                + (failures.isEmpty ? "all passed\n" : "\(failures.count) failed\n")
        }
    }
}

extension Pipeline {
    /// Loads rule files on their own (nil: the built-in rules) and runs their examples, for
    /// `rules test` and the test suite. No configuration applies: `disable:` and `priority:`
    /// do not change what a rule matches, and the configuration's maps would change what the
    /// fixes of the examples write. The built-in maps stay: a user rule's fix may call them.
    public static func selfTest(ruleFiles: [RuleFileText]?) throws(AuditError) -> RuleSelfTest.Outcome {
        var request = RuleRequest(defaults: ruleFiles == nil, userFiles: ruleFiles ?? [])
        request.defaultMaps = true
        let set = try RuleSet.assemble(request)
        let examples = set.rules.reduce(0) { $0 + $1.examples.match.count + $1.examples.noMatch.count + $1.examples.fixes.count }
        return RuleSelfTest.Outcome(rules: set.rules.count, examples: examples,
                                    failures: RuleSelfTest.run(set.rules, maps: set.maps))
    }
}
