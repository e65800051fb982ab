import Foundation
import Platform

/// The patterns of one ignore file (`.gitignore`, `.ignore`, `.git/info/exclude`, or git's
/// global excludes file), compiled once when it is read: matched against paths relative to
/// the folder they apply to, as bytes.
package struct IgnoreFile: Sendable {
    package let globs: [Glob]
    /// Patterns that end in literal bytes, by a hash of that tail (`tailLengths`: its lengths):
    /// a path can only match those whose tail it ends with, so it is looked up, not matched
    /// against each. A hash, not the bytes, so a lookup builds no array; two tails with one
    /// hash only share a list, and each candidate is still matched.
    private let byTail: [UInt64: [Int]]
    private let tailLengths: [Int]
    /// Patterns that end in a wildcard, matched one by one (indices ascending).
    private let untailed: [Int]

    /// The patterns of `text`, in order. Lines end at LF, CR, VT or FF, as they did when the
    /// file was read as text; trailing spaces are ignored unless escaped, as in git.
    package static func patterns(_ text: [UInt8]) -> [Glob] {
        var globs: [Glob] = []
        var start = 0
        // No wildcard, escape or slash so far in this line: a plain name, most lines of a
        // long ignore file, which needs no parsing (100,000 of them took seconds).
        var plain = true
        for i in 0...text.count {
            let c = i < text.count ? text[i] : 0x0A
            guard c == 0x0A || c == 0x0D || c == 0x0B || c == 0x0C else {
                if c == UInt8(ascii: "*") || c == UInt8(ascii: "?") || c == UInt8(ascii: "[")
                    || c == UInt8(ascii: "\\") || c == UInt8(ascii: "/") { plain = false }
                continue
            }
            var end = i
            while end > start, text[end - 1] == 0x20, end - 1 == start || text[end - 2] != UInt8(ascii: "\\") { end -= 1 }
            if end > start {
                let line = Array(text[start..<end])
                if plain, line[0] != UInt8(ascii: "!"), line[0] != UInt8(ascii: "#") {
                    globs.append(Glob(plainName: line))
                } else if let glob = Glob(bytes: line) {
                    globs.append(glob)
                }
            }
            start = i + 1
            plain = true
        }
        return globs
    }

    package init(text: [UInt8]) {
        var globs = Self.patterns(text)
        // The last pattern that matches decides, so an earlier copy of a pattern never does:
        // keep the last of each (a file of 100,000 copies of one pattern is one pattern).
        var seen = Set<Glob.Key>(minimumCapacity: globs.count)
        var kept: [Glob] = []
        kept.reserveCapacity(globs.count)
        for glob in globs.reversed() where seen.insert(glob.key).inserted { kept.append(glob) }
        globs = kept.reversed()
        var byTail: [UInt64: [Int]] = Dictionary(minimumCapacity: globs.count)
        var lengths = Set<Int>()
        var untailed: [Int] = []
        for (i, glob) in globs.enumerated() {
            if glob.tail.isEmpty { untailed.append(i); continue }
            byTail[Self.tailKey(glob.tail[...]), default: []].append(i)
            lengths.insert(glob.tail.count)
        }
        self.globs = globs
        self.byTail = byTail
        self.tailLengths = lengths.sorted()
        self.untailed = untailed
    }

    package init(text: String) { self.init(text: Array(text.utf8)) }

    /// FNV-1a of a pattern's literal tail or a path's last bytes.
    private static func tailKey(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }

    package static func load(file: String) -> IgnoreFile? {
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        return nonEmpty(IgnoreFile(text: [UInt8](data)))
    }

    /// `name` in the open folder `folder`: read relative to it, so neither the folder's
    /// depth nor its name's encoding matters.
    package static func load(in folder: Directory, name: String) -> IgnoreFile? {
        folder.readFile(named: name).flatMap { nonEmpty(IgnoreFile(text: $0)) }
    }

    private static func nonEmpty(_ file: IgnoreFile) -> IgnoreFile? { file.globs.isEmpty ? nil : file }

    /// The last pattern that matches decides: true = ignored, false = re-included,
    /// nil = this file says nothing about `path` (relative to the file's folder).
    package func verdict(_ path: [UInt8], isDirectory: Bool) -> Bool? {
        var steps = 0
        var best = -1
        for length in tailLengths {
            guard length <= path.count else { break }
            guard let candidates = byTail[Self.tailKey(path[(path.count - length)...])] else { continue }
            for i in candidates.reversed() {
                if i <= best { break }
                if globs[i].matches(path, isDirectory: isDirectory, steps: &steps) { best = i; break }
            }
        }
        for i in untailed.reversed() {
            if i <= best { break }
            if globs[i].matches(path, isDirectory: isDirectory, steps: &steps) { best = i; break }
        }
        return best < 0 ? nil : !globs[best].negated
    }

}

/// For the glob fuzz target (`fuzz-glob`): an ignore file's verdict on a path as the walker gets
/// it (indexed, deduplicated), and as trying every pattern, last first, gives it.
public enum IgnoreFileCheck {
    public static func verdicts(file text: [UInt8], path: [UInt8], isDirectory: Bool) -> (indexed: Bool?, plain: Bool?) {
        let indexed = IgnoreFile(text: text).verdict(path, isDirectory: isDirectory)
        let plain = IgnoreFile.patterns(text).last { $0.matchSteps(path, isDirectory: isDirectory).matched }.map { !$0.negated }
        return (indexed, plain)
    }
}

/// The ignore files in force for one folder, nearest first, as ripgrep applies them:
/// the nearest file with an opinion wins, `.ignore` beats `.gitignore` in the same folder,
/// and git's exclude files come last.
package struct IgnoreStack: Sendable {
    /// One file in force, with the path from its folder to the folder being walked ("" when
    /// that is its own folder): worked out once per folder, so a name is matched against each
    /// file without building its full path for every pattern.
    package struct Entry: Sendable {
        package let file: IgnoreFile
        package let folder: [UInt8]
    }

    package private(set) var entries: [Entry]

    package init(entries: [Entry] = []) { self.entries = entries }

    /// The stack for the child folder `name`: every file's path to it grows by the name.
    package func child(_ name: [UInt8]) -> IgnoreStack {
        IgnoreStack(entries: entries.map { Entry(file: $0.file, folder: $0.folder.isEmpty ? name : $0.folder + [UInt8(ascii: "/")] + name) })
    }

    /// The stack with the ignore files of the folder open as `folder` in front.
    func adding(ownFilesOf folder: Directory) -> IgnoreStack {
        let own = [".ignore", ".gitignore"].compactMap { IgnoreFile.load(in: folder, name: $0) }
        return own.isEmpty ? self : IgnoreStack(entries: own.map { Entry(file: $0, folder: []) } + entries)
    }

    /// Whether the entry `name` of the folder this stack is for is ignored.
    func isIgnored(_ name: [UInt8], isDirectory: Bool) -> Bool {
        var path: [UInt8] = []
        for entry in entries {
            let verdict: Bool?
            if entry.folder.isEmpty {
                verdict = entry.file.verdict(name, isDirectory: isDirectory)
            } else {
                path.removeAll(keepingCapacity: true)
                path += entry.folder
                path.append(UInt8(ascii: "/"))
                path += name
                verdict = entry.file.verdict(path, isDirectory: isDirectory)
            }
            if let verdict { return verdict }
        }
        return false
    }

    /// The stack for a scan root: ignore files of the folders above it up to the root of its
    /// git work tree, the work tree's `.git/info/exclude`, and git's global excludes file.
    /// The root's own files are added when the walk opens it.
    static func forRoot(_ root: String) -> IgnoreStack {
        var entries: [Entry] = []
        /// The root relative to `folder`, an ancestor of it (or itself).
        func relative(_ folder: String) -> [UInt8] {
            folder == root ? [] : Array(root.utf8.dropFirst(folder == "/" ? 1 : folder.utf8.count + 1))
        }
        var folder = (root as NSString).deletingLastPathComponent
        var gitRoot: String? = FileManager.default.fileExists(atPath: root + "/.git") ? root : nil
        while gitRoot == nil, !folder.isEmpty, folder != "/" {
            for name in [".ignore", ".gitignore"] {
                if let file = IgnoreFile.load(file: folder + "/" + name) { entries.append(Entry(file: file, folder: relative(folder))) }
            }
            if FileManager.default.fileExists(atPath: folder + "/.git") { gitRoot = folder; break }
            folder = (folder as NSString).deletingLastPathComponent
        }
        if gitRoot == nil { entries = [] }  // outside a work tree, folders above the root say nothing
        if let gitRoot, let exclude = IgnoreFile.load(file: gitRoot + "/.git/info/exclude") {
            entries.append(Entry(file: exclude, folder: relative(gitRoot)))
        }
        if let gitRoot, let global = globalExcludesFile(), let file = IgnoreFile.load(file: global) {
            entries.append(Entry(file: file, folder: relative(gitRoot)))
        }
        return IgnoreStack(entries: entries)
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
