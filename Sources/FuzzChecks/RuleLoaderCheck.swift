import Model
import OllamaAuditCore
import Rules

/// Rule files from arbitrary bytes. Typed throws already say the loader can only fail with
/// an `AuditError`; this finds the inputs where it traps, hangs or returns a rule its own
/// checks should have refused. Rules that load then run their own examples, so fuzzed
/// patterns, prefilters and fix templates go through the scanner and the fixer too.
public enum RuleLoaderCheck {
    public static func check(_ data: [UInt8]) throws(FuzzFailure) {
        // Rule files are read as UTF-8 and refused otherwise; lossy decoding keeps every
        // input useful instead of discarding the invalid ones.
        let file = RuleFileText(path: "fuzz.yml", text: String(decoding: data, as: UTF8.self))
        let rules: [Rule]
        do {
            rules = try RuleLoader.parse(file)
        } catch {
            try describes(error)
            return
        }
        var ids = Set<String>()
        for rule in rules {
            guard !rule.id.isEmpty, rule.id.first != "-",
                  rule.id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
            else { throw FuzzFailure("rule-loader", "accepted the id \(rule.id.debugDescription)") }
            ids.insert(rule.id)
            guard rule.reportGroup >= 0, rule.reportGroup <= rule.pattern.captureCount else {
                throw FuzzFailure("rule-loader", "rule '\(rule.id)': group \(rule.reportGroup) of \(rule.pattern.captureCount)")
            }
            guard !rule.examples.match.isEmpty, !rule.examples.noMatch.isEmpty else {
                throw FuzzFailure("rule-loader", "rule '\(rule.id)' loaded without examples")
            }
            guard rule.fix != nil || rule.ensures.isEmpty else {
                throw FuzzFailure("rule-loader", "rule '\(rule.id)' has 'ensure' without 'fix'")
            }
        }
        // load() is parse() plus the duplicate check across files: one file loaded twice
        // must fail exactly when it has rules.
        let again = RuleFileText(path: "again.yml", text: file.text)
        switch Result(catching: { () throws(AuditError) in try RuleLoader.load([file, again]) }) {
        case let .success(loaded):
            if !rules.isEmpty || !loaded.isEmpty {
                throw FuzzFailure("rule-loader", "\(rules.count) rules loaded twice without a duplicate-id error")
            }
        case let .failure(error):
            if rules.isEmpty { throw FuzzFailure("rule-loader", "a file without rules failed the second time: \(error)") }
        }
        let maps: FixMaps
        do { maps = try RuleLoader.maps([file]) } catch { try describes(error); return }
        // Only that nothing traps: a fuzzed rule's examples failing is the normal case.
        _ = RuleSelfTest.run(rules, maps: maps)
    }

    /// Every refusal names the file, so a user can find it.
    static func describes(_ error: AuditError) throws(FuzzFailure) {
        guard case let .ruleFile(path, _, _, message) = error else {
            throw FuzzFailure("rule-loader", "a rule file failed with a non-rule-file error: \(error)")
        }
        guard path == "fuzz.yml", !message.isEmpty else {
            throw FuzzFailure("rule-loader", "the error does not name the file: \(error)")
        }
    }
}
