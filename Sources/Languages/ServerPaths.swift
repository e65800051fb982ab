import Model

/// Where JavaScript and TypeScript are server code, by the conventions of Node servers and
/// the frameworks with API routes: a file there is in the backend layer, not the frontend one
/// (`Language.serverLayer`). A large Node monorepo keeps its server in `server/` or `api/`;
/// reading it as frontend left the audit saying "Backend: no findings".
public struct ServerPaths: Sendable {
    /// Folder names (any depth, compared lowercased) whose contents are server code.
    let folders: Set<String>
    /// `api` folders that are server code only in these places: Next.js `pages/api` and
    /// `app/api` (a `src/` before them is fine). A `src/api/` of a browser application holds
    /// its fetch wrappers, which are frontend.
    let apiParents: Set<String>
    /// Folders that are server code at the top of the tree only: Vercel's `api/`, Express's
    /// `routes/` (as express-generator lays an app out), Firebase's `functions/`. Deeper, a
    /// browser application has folders of these names too.
    let topFolders: Set<String>
    /// File names (lowercased) that are server code wherever they sit: exact, or with one `*`.
    let exactNames: Set<String>
    let patterns: [NamePattern]

    public init(folders: [String], apiParents: [String], topFolders: [String], names: [String]) {
        self.folders = Set(folders)
        self.apiParents = Set(apiParents)
        self.topFolders = Set(topFolders)
        (exactNames, patterns) = NamePattern.split(names)
    }

    public static let standard = ServerPaths(
        folders: ["server", "servers", "backend", "controllers", "middleware", "middlewares", "netlify"],
        apiParents: ["pages", "app"], topFolders: ["api", "routes", "functions"],
        names: ["server.js", "server.ts", "server.mjs", "server.cjs", "+server.js", "+server.ts",
                "*.server.js", "*.server.ts", "*.server.mjs", "*.controller.ts", "*.controller.js",
                "*.gateway.ts", "*.middleware.ts", "*.middleware.js"])

    /// Whether the file at `path` (relative to the scanned root, `/`-separated) is server code.
    public func contains(_ path: String) -> Bool {
        let parts = path.lowercased().split(separator: "/")
        guard let name = parts.last else { return false }
        if exactNames.contains(String(name)) || patterns.contains(where: { $0.matches(String(name)) }) { return true }
        let folders = Array(parts.dropLast())
        // A Next.js App Router route handler: `app/**/route.ts`.
        if name == "route.ts" || name == "route.js", folders.contains("app") { return true }
        for (i, folder) in folders.enumerated() {
            if self.folders.contains(String(folder)) { return true }
            if i == 0, topFolders.contains(String(folder)) { return true }
            if folder == "api", i > 0, apiParents.contains(String(folders[i - 1])) { return true }
        }
        return false
    }
}
