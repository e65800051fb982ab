import Model

/// Where translations live (i18n message catalogs: `locales/de/common.json`,
/// `src/i18n/fr.ts`, gettext `.po` files). Their keys are message ids and their values UI
/// text, so `"numCtx": {"label": "Context Window Size (num_ctx)"}` is a settings form's
/// label, not a request option: whatever a rule finds there is text a user reads, reworded
/// when the screens around it move.
public struct LocalePaths: Sendable {
    /// Folder names (any depth, compared lowercased) whose contents are catalogs.
    public let folders: Set<String>
    /// File extensions (lowercased, no dot) that are catalogs wherever they sit.
    public let extensions: Set<String>
    /// The highest priority a finding in a catalog keeps.
    public let ceiling: Priority

    public static let standard = LocalePaths(
        folders: ["locales", "locale", "_locales", "i18n", "l10n", "lang", "langs", "translations"],
        extensions: ["po", "pot", "xliff", "xlf"],
        ceiling: .low)

    /// Whether the file at `path` (relative to the scanned root, `/`-separated) is a catalog.
    public func contains(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        guard let name = parts.last else { return false }
        if let dot = name.lastIndex(of: "."), extensions.contains(name[name.index(after: dot)...].lowercased()) { return true }
        return parts.dropLast().contains { folders.contains($0.lowercased()) }
    }
}
