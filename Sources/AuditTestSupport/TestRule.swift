/// A rule for a test's rule file: the test sets what it is about (the pattern, a fix, the
/// file types, its examples) and the rest is filled in, so no test writes a whole rule again.
public struct TestRule: Sendable {
    public var id: String
    public var pattern: String
    public var category: String
    public var priority: String
    public var files: [String]
    public var group: String?
    public var fix: String?
    /// Further keys, as YAML lines indented as a rule's keys are (`    ensure: ...`).
    public var extra: [String]
    public var match: [String]
    public var noMatch: [String]
    /// Whole texts before and after the fix.
    public var fixes: [(before: String, after: String)]

    public init(id: String = "r", pattern: String, category: String = "docs", priority: String = "low",
                files: [String] = [], group: String? = nil, fix: String? = nil, extra: [String] = [],
                match: [String] = ["ollama"], noMatch: [String] = ["b"], fixes: [(before: String, after: String)] = []) {
        self.id = id
        self.pattern = pattern
        self.category = category
        self.priority = priority
        self.files = files
        self.group = group
        self.fix = fix
        self.extra = extra
        self.match = match
        self.noMatch = noMatch
        self.fixes = fixes
    }

    /// The rule as an entry of a `rules:` list. The pattern, fix and examples are passed as
    /// they are and quoted here.
    public var entry: String {
        var lines = ["  - id: \(id)", "    message: m", "    category: \(category)", "    priority: \(priority)"]
        if !files.isEmpty { lines.append("    files: [\(files.joined(separator: ", "))]") }
        lines.append("    pattern: \(Self.singleQuoted(pattern))")
        if let group { lines.append("    group: \(group)") }
        if let fix { lines.append("    fix: \(Self.singleQuoted(fix))") }
        lines += extra
        lines.append("    guidance: g")
        let fixList = fixes.map { "{ before: \(Self.doubleQuoted($0.before)), after: \(Self.doubleQuoted($0.after)) }" }
        lines.append("    examples: { match: \(Self.list(match)), no-match: \(Self.list(noMatch))"
                     + (fixes.isEmpty ? "" : ", fixes: [\(fixList.joined(separator: ", "))]") + " }")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A rule file holding this rule alone.
    public var file: String { Self.file([self]) }

    /// A rule file holding `rules`, in order.
    public static func file(_ rules: [TestRule]) -> String {
        "rules:\n" + rules.map(\.entry).joined()
    }

    /// YAML's single quotes: a backslash is itself (as a pattern wants it), a quote is doubled.
    static func singleQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A flow list of double-quoted texts.
    static func list(_ texts: [String]) -> String {
        "[" + texts.map(doubleQuoted).joined(separator: ", ") + "]"
    }

    /// YAML's double quotes, so an example can hold a line break.
    static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20: out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
