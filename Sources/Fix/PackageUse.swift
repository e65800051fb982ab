import Languages
import Model
import PCRE2Swift

/// Which Ollama packages a file still imports, by their manifest names: a manifest keeps a
/// package while any file imports it after the fix (the dependency goes with the last import,
/// never before it).
public enum PackageUse {
    /// Python modules and JavaScript specifiers, each with the package that installs it.
    static let python = try! Regex(
        #"^[ \t]*+(?:import|from)[ \t]+(?<module>ollama|langchain_ollama|llama_index\.(?:llms|embeddings)\.ollama)\b"#,
        options: [.utf, .multiline])
    static let javascript = try! Regex(
        #"(?:\bfrom|\brequire\(|\bimport\()[ \t]*['"](?<module>ollama|ollama-ai-provider(?:-v2)?|ai-sdk-ollama|@langchain/ollama)(?:/[\w./-]*)?['"]"#,
        options: [.utf])

    /// The manifest names of the Ollama packages `bytes` imports, each with its ecosystem
    /// (`py:ollama`, `npm:ollama`): a Python import never holds back an npm dependency.
    public static func packages(in bytes: [UInt8], types: FileTypeSet) -> Set<String> {
        let regex: Regex
        let ecosystem: String
        if types.contains(.python) {
            (regex, ecosystem) = (python, "py:")
        } else if types.intersects(FileTypeSet([.javascript, .typescript, .vue, .svelte])) {
            (regex, ecosystem) = (javascript, "npm:")
        } else {
            return []
        }
        var out = Set<String>()
        let scratch = MatchScratch(maxCaptureCount: regex.captureCount)
        var start = 0
        let group = regex.groupNumber(named: "module")!
        while start < bytes.count, let match = try? regex.captures(in: bytes, from: start, using: scratch), let whole = match.groups[0] {
            if let module = match.groups[group] {
                out.insert(ecosystem + normalized(String(decoding: bytes[module], as: UTF8.self)))
            }
            start = max(whole.upperBound, whole.lowerBound + 1)
        }
        return out
    }

    /// `packages(in:types:)` for a file known by its name only.
    public static func packages(in bytes: [UInt8], path: String) -> Set<String> {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let types = LanguageRegistry.standard.types(ofFileNamed: name)
        return packages(in: bytes, types: types)
    }

    /// A package name as pip and npm compare them: lower case, `_` and `.` as `-`.
    public static func normalized(_ name: String) -> String {
        String(name.lowercased().map { $0 == "_" || $0 == "." ? "-" : $0 })
    }

    /// The package a manifest finding names, with its ecosystem: the first name in its match
    /// (`ollama==0.3`, `"@langchain/ollama": "^0.1"`, `langchain_ollama = "*"`).
    public static func package(of finding: Finding) -> String? {
        let text = finding.match.drop { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" }
        let name = text.prefix { $0.isLetter || $0.isNumber || "@/_.-".contains($0) }
        let ecosystem = finding.path.hasSuffix("package.json") ? "npm:" : "py:"
        return name.isEmpty ? nil : ecosystem + normalized(String(name))
    }
}
