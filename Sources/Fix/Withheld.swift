import Model

/// Rewrites held back because a unit they belong to cannot be completed: the unit is changed
/// everywhere or nowhere.
/// - A manifest's dependency, while a file still imports its package (`PackageUse`).
/// - An environment variable, everywhere it is defined or read, when a file that reads it
///   still joins an Ollama API path to a base (the rename would point that path at vLLM).
/// - Ports and base URLs in a file that still calls an Ollama API path.
/// - The path of a raw HTTP call in code, which moves with its body and reads.
/// - A model tag, everywhere, when one of its occurrences cannot change (`ModelNames`).
public struct Withheld: Sendable, Equatable {
    /// Packages with their ecosystem (`py:ollama`, `npm:ollama`).
    public var packages: Set<String> = []
    /// Environment variable names: every finding on a line that names one is held.
    public var names: Set<String> = []
    /// Files whose ports and base URLs stay.
    public var baseURLFiles: Set<String> = []
    /// Model tags that stay everywhere (`ModelNames`).
    public var modelTags: Set<String> = []
    /// Per file, the container units left manual (`ContainerUnits.Plan.owned`): every finding
    /// inside them stays.
    public var services: [String: [String]] = [:]

    public init(packages: Set<String> = [], names: Set<String> = [], baseURLFiles: Set<String> = []) {
        self.packages = packages
        self.names = names
        self.baseURLFiles = baseURLFiles
    }

    public var isEmpty: Bool { packages.isEmpty && names.isEmpty && baseURLFiles.isEmpty && modelTags.isEmpty && services.isEmpty }

    /// Whether `finding`'s rewrite is held back.
    public func holds(_ finding: Finding) -> Bool {
        if finding.category == .dependencyManifest, let package = PackageUse.package(of: finding), packages.contains(package) {
            return true
        }
        if finding.category == .port, baseURLFiles.contains(finding.path) { return true }
        if finding.category == .model, modelTags.contains(finding.match) { return true }
        // In code, a raw HTTP call's path moves with its body and the reads of its reply (one
        // unit): a new path alone answers in a shape the code does not read. Health checks,
        // CI scripts and docs only look at the status, so their paths move alone.
        if finding.category == .endpoint, finding.layer == .backend || finding.layer == .frontend { return true }
        return names.contains { Self.contains(word: $0, in: finding.lineText) }
    }

    /// The held variable a client's base URL expression may read: one the expression names, or
    /// else one the file names at all (the expression may be a name assigned from it). Nil for
    /// a literal, which says its own address. A client whose base stays an Ollama address would
    /// send openai's paths (no /v1) to it: its unit stays with the variable.
    public func variable(readBy expression: String, in file: [UInt8]) -> String? {
        guard !names.isEmpty, let first = expression.first, first != "\"", first != "'", first != "`" else { return nil }
        let sorted = names.sorted()
        if let named = sorted.first(where: { Self.contains(word: $0, in: expression) }) { return named }
        let text = String(decoding: file, as: UTF8.self)
        return sorted.first { Self.contains(word: $0, in: text) }
    }

    /// Why a client unit whose base reads `name` stays.
    public static func heldBase(_ name: String) -> String {
        "its base URL may come from `\(name)`, which stays as it is (a reader still calls an Ollama API path): "
            + "openai's requests would reach Ollama without /v1"
    }

    /// Whether an environment variable's name says it holds an address (a URL, host, base or
    /// endpoint), the kind of value a path is joined to.
    public static func isAddress(_ name: String) -> Bool {
        let upper = name.uppercased()
        return ["URL", "URI", "HOST", "BASE", "ENDPOINT", "ADDR", "ORIGIN", "SERVER", "API"].contains { upper.contains($0) }
    }

    /// Whether `text` holds `word` with no word character on either side.
    public static func contains(word: String, in text: String) -> Bool {
        let bytes = Array(text.utf8), w = Array(word.utf8)
        guard !w.isEmpty, bytes.count >= w.count else { return false }
        func isWord(_ b: UInt8) -> Bool { b == 0x5F || (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || b >= 0x30 && b <= 0x39 }
        for i in 0...(bytes.count - w.count) where bytes[i] == w[0] && Array(bytes[i..<i + w.count]) == w {
            if i > 0, isWord(bytes[i - 1]) { continue }
            if i + w.count < bytes.count, isWord(bytes[i + w.count]) { continue }
            return true
        }
        return false
    }
}
