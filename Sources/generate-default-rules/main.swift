import Foundation
import OllamaAuditCore

// Usage: generate-default-rules [RULES_DIR] [OUTPUT]   (run from the package root)
let arguments = CommandLine.arguments.dropFirst()
let rulesDir = arguments.first ?? "rules"
let output = arguments.dropFirst().first ?? "Sources/OllamaAuditCore/Rules/DefaultRules+Generated.swift"
do {
    let files = try RuleLoader.ruleFiles(at: rulesDir)
    _ = try RuleLoader.load(files)  // refuse to embed rules that would not load
    try DefaultRulesCodegen.render(files).write(toFile: output, atomically: true, encoding: .utf8)
    print("wrote \(output) from \(files.count) rule files")
} catch {
    FileHandle.standardError.write(Data("generate-default-rules: \(error)\n".utf8))
    exit(2)
}
