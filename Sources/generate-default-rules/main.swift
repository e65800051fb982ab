import Foundation
import Platform
import Report
import Rules

// Usage: generate-default-rules [RULES_DIR] [OUTPUT] [REFERENCE]   (run from the package root)
// Writes OUTPUT, the Swift source that embeds the rule files, and REFERENCE, the Markdown rule
// reference (`docs/rules.md`); a test fails when either is stale.
let arguments = Array(CommandLine.arguments.dropFirst())
let rulesDir = arguments.count > 0 ? arguments[0] : "rules"
let output = arguments.count > 1 ? arguments[1] : "Sources/Rules/DefaultRules+Generated.swift"
let reference = arguments.count > 2 ? arguments[2] : "docs/rules.md"
do {
    let files = try RuleLoader.ruleFiles(at: rulesDir)
    let rules = try RuleLoader.load(files)  // refuse to embed rules that would not load
    try DefaultRulesCodegen.render(files).write(toFile: output, atomically: true, encoding: .utf8)
    try RuleCatalog.markdown(rules).write(toFile: reference, atomically: true, encoding: .utf8)
    print("wrote \(output) and \(reference) from \(files.count) rule files")
} catch {
    FileHandle.standardError.write(Data("generate-default-rules: \(error)\n".utf8))
    ProcessSignals.exit(2)
}
