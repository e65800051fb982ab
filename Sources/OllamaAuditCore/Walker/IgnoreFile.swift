import Foundation

/// The patterns of one ignore file (`.gitignore`, `.ignore`, `.git/info/exclude`, or git's
/// global excludes file), matched relative to the folder they apply to.
struct IgnoreFile: Sendable {
    /// The absolute folder the patterns are relative to.
    let base: String
    let globs: [Glob]

    init(base: String, text: String) {
        self.base = base
        self.globs = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline).compactMap {
            // Trailing spaces are ignored unless escaped, as in git.
            var line = Substring($0)
            while line.hasSuffix(" "), !line.hasSuffix("\\ ") { line = line.dropLast() }
            return Glob(String(line))
        }
    }

    static func load(base: String, file: String) -> IgnoreFile? {
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        let ignore = IgnoreFile(base: base, text: String(decoding: data, as: UTF8.self))
        return ignore.globs.isEmpty ? nil : ignore
    }

    /// The last pattern that matches decides: true = ignored, false = re-included,
    /// nil = this file says nothing about the path.
    func verdict(absolutePath: String, isDirectory: Bool) -> Bool? {
        guard absolutePath.hasPrefix(base + "/") || base == "/" else { return nil }
        let relative = String(absolutePath.dropFirst(base == "/" ? 1 : base.count + 1))
        for glob in globs.reversed() where glob.matches(relative, isDirectory: isDirectory) {
            return !glob.negated
        }
        return nil
    }
}

/// The ignore files in force for one folder, nearest first, as ripgrep applies them:
/// the nearest file with an opinion wins, `.ignore` beats `.gitignore` in the same folder,
/// and git's exclude files come last.
struct IgnoreStack: Sendable {
    private(set) var files: [IgnoreFile]

    init(files: [IgnoreFile] = []) { self.files = files }

    /// The stack for a child folder: its own ignore files go in front.
    func entering(_ folder: String) -> IgnoreStack {
        var own: [IgnoreFile] = []
        for name in [".ignore", ".gitignore"] {
            if let file = IgnoreFile.load(base: folder, file: folder + "/" + name) { own.append(file) }
        }
        return own.isEmpty ? self : IgnoreStack(files: own + files)
    }

    func isIgnored(_ absolutePath: String, isDirectory: Bool) -> Bool {
        for file in files {
            if let verdict = file.verdict(absolutePath: absolutePath, isDirectory: isDirectory) { return verdict }
        }
        return false
    }

    /// The stack for a scan root: ignore files of the folders above it up to the root of its
    /// git work tree, the work tree's `.git/info/exclude`, and git's global excludes file.
    static func forRoot(_ root: String) -> IgnoreStack {
        var files: [IgnoreFile] = []
        var folder = (root as NSString).deletingLastPathComponent
        var gitRoot: String? = FileManager.default.fileExists(atPath: root + "/.git") ? root : nil
        while gitRoot == nil, !folder.isEmpty, folder != "/" {
            files += IgnoreStack().entering(folder).files
            if FileManager.default.fileExists(atPath: folder + "/.git") { gitRoot = folder; break }
            folder = (folder as NSString).deletingLastPathComponent
        }
        if gitRoot == nil { files = [] }  // outside a work tree, folders above the root say nothing
        if let gitRoot, let exclude = IgnoreFile.load(base: gitRoot, file: gitRoot + "/.git/info/exclude") {
            files.append(exclude)
        }
        if let gitRoot, let global = globalExcludesFile(), let file = IgnoreFile.load(base: gitRoot, file: global) {
            files.append(file)
        }
        return IgnoreStack(files: files)
    }

    /// `core.excludesFile` from the user's git config, else `$XDG_CONFIG_HOME/git/ignore`.
    private static func globalExcludesFile() -> String? {
        let env = ProcessInfo.processInfo.environment
        let home = env["HOME"] ?? NSHomeDirectory()
        for config in [home + "/.gitconfig", (env["XDG_CONFIG_HOME"] ?? home + "/.config") + "/git/config"] {
            guard let text = try? String(contentsOfFile: config, encoding: .utf8) else { continue }
            var inCore = false
            for raw in text.split(whereSeparator: \.isNewline) {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("[") { inCore = line.lowercased().hasPrefix("[core"); continue }
                guard inCore, let eq = line.firstIndex(of: "=") else { continue }
                let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
                guard key == "excludesfile" else { continue }
                var value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                if value.hasPrefix("~/") { value = home + value.dropFirst(1) }
                return value
            }
        }
        let fallback = (env["XDG_CONFIG_HOME"] ?? home + "/.config") + "/git/ignore"
        return FileManager.default.fileExists(atPath: fallback) ? fallback : nil
    }
}
