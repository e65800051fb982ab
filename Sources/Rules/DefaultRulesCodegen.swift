
/// Renders `DefaultRules+Generated.swift`, which embeds `rules/*.yml` in the binary so a
/// bare scan needs nothing installed beside it. Resources were rejected on purpose:
/// `Bundle.module` traps when only the binary is installed.
public enum DefaultRulesCodegen {
    /// The Swift source for `files`, which must already be in path order.
    public static func render(_ files: [RuleFileText]) -> String {
        var out = """
        // GENERATED from rules/ by `make generate` (swift run generate-default-rules). DO NOT EDIT.

        /// The default rule files, embedded at build time.
        public enum DefaultRules {
            public static let files: [RuleFileText] = [

        """
        for file in files {
            let hashes = String(repeating: "#", count: delimiterLength(for: file.text))
            out += "        RuleFileText(path: \"\(file.path)\", text: \(hashes)\"\"\"\n"
            out += file.text.hasSuffix("\n") ? file.text : file.text + "\n"
            out += "\"\"\"\(hashes)),\n"
        }
        out += "    ]\n}\n"
        return out
    }

    /// Enough `#` marks that the text can neither close the raw literal nor interpolate.
    static func delimiterLength(for text: String) -> Int {
        var n = 1
        while text.contains("\"\"\"" + String(repeating: "#", count: n)) || text.contains("\\" + String(repeating: "#", count: n)) {
            n += 1
        }
        return n
    }
}
