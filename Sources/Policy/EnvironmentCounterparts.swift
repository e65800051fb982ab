import Foundation

/// What each Ollama variable becomes on vLLM or an OpenAI-compatible client, as the Markdown
/// audit's environment table says it, and the default values a line shows.
package enum EnvironmentCounterparts {
    /// The counterpart `table` (`env-counterparts:` in rules/env-names.yml, keyed by the Ollama
    /// name) gives `name`. A prefixed name (VITE_OLLAMA_URL) reads the entry of its `OLLAMA_`
    /// part, as `--fix` maps it.
    package static func counterpart(of name: String, in table: [String: String]) -> String {
        let upper = name.uppercased()
        guard let range = upper.range(of: "OLLAMA_", options: .backwards) else { return "no direct equivalent: review" }
        return table[String(upper[range.lowerBound...])] ?? "no direct equivalent: review"
    }

    /// The default a line gives `name`: `NAME=value`, `NAME: value`, `getenv("NAME", "value")`,
    /// `${NAME:-value}`, `env.NAME ?? 'value'` / `|| 'value'`, `name: str = "value"`. Nil when
    /// the line shows none (a bare use).
    package static func defaultValue(of name: String, in line: String) -> String? {
        var searchStart = line.startIndex
        while let range = line.range(of: name, range: searchStart..<line.endIndex) {
            searchStart = range.upperBound
            // The whole name, not OLLAMA_URL inside VITE_OLLAMA_URL.
            if range.lowerBound > line.startIndex {
                let before = line[line.index(before: range.lowerBound)]
                if before.isLetter || before.isNumber || before == "_" { continue }
            }
            // `X = os.getenv("X", "d")`: the first occurrence gives an expression, the second the default.
            if let value = value(after: line[range.upperBound...]), !looksLikeExpression(value) { return value }
        }
        return nil
    }

    /// `os.getenv(`, `process.env.OLLAMA_HOST`, `settings.OLLAMA_URL`, `OLLAMA_MODEL`: code,
    /// not a value.
    static func looksLikeExpression(_ value: String) -> Bool {
        if value.contains("(") { return true }
        let identifier = value.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        if identifier, value.contains(".") { return true }
        if identifier, value.contains("_"), value == value.uppercased() { return true }
        return false
    }

    private static func value(after text: Substring) -> String? {
        var rest = text
        func unquote(_ s: Substring) -> String? {
            var v = s.trimmingCharacters(in: .whitespaces)
            if let q = v.first, q == "\"" || q == "'" || q == "`" {
                v.removeFirst()
                guard let end = v.firstIndex(of: q) else { return nil }
                v = String(v[..<end])
            } else {
                v = String(v.prefix { !" ,;)}#\"'".contains($0) })
            }
            return v.isEmpty || v.hasPrefix("$") ? nil : v
        }
        if rest.hasPrefix(":-") { return rest.dropFirst(2).split(separator: "}").first.flatMap(unquote) }
        if let q = rest.first, q == "\"" || q == "'" {
            rest = rest.dropFirst()
            // getenv("NAME", "default") / environ.get('NAME', 'default')
            let after = rest.drop { $0 == " " }
            if after.hasPrefix(",") { return unquote(after.dropFirst()) }
            if after.hasPrefix(":") { return unquote(after.dropFirst()) }  // "NAME": "value" (JSON)
            return nil
        }
        let trimmed = rest.drop { $0 == " " }
        for op in ["??", "||"] where trimmed.hasPrefix(op) { return unquote(trimmed.dropFirst(op.count)) }
        if trimmed.hasPrefix("=") && !trimmed.hasPrefix("==") { return unquote(trimmed.dropFirst()) }
        if trimmed.hasPrefix(":") {
            // `name: str = "value"` (a typed field) or `NAME: value` (YAML).
            let value = trimmed.dropFirst()
            if let eq = value.firstIndex(of: "="), value[..<eq].allSatisfy({ $0.isLetter || $0 == " " || $0 == "." }) {
                return unquote(value[value.index(after: eq)...])
            }
            return unquote(value)
        }
        return nil
    }
}
