import Foundation
import Languages
import Model
import Platform

/// What `--changed-since` and `--staged` scan: the files git lists, through `Git`.
///
/// Git's list decides, not the walk's: a file git tracks is scanned whatever the ignore files
/// say (`git add -f prod.env` under `*.env`), and a staged file is scanned from the index even
/// when the work tree no longer has it. The walk still decides for untracked files, and
/// `--exclude`, `--include`, the file types and the default pruned folders apply to all.
package struct GitScope {
    /// A changed file git tracks. For `--staged`: its mode and blob in the index.
    package struct Entry {
        package var mode: String?
        package var object: String?
    }

    /// The work tree's root, spelled as the walk spells paths (lexically, links unresolved).
    package let root: String
    package let git: Git
    package let staged: Bool
    /// Changed files a commit or the index holds, by absolute path: never ignored.
    package var tracked: [String: Entry] = [:]
    /// Untracked files that are not ignored (`--changed-since`): the walk decides.
    package var untracked = Set<String>()

    /// The nearest folder at or above `folder` holding `.git`.
    package static func workTreeRoot(of folder: String) -> String? {
        var current = folder
        while !current.isEmpty {
            if FileManager.default.fileExists(atPath: current + "/.git") { return current }
            if current == "/" { return nil }
            current = (current as NSString).deletingLastPathComponent
        }
        return nil
    }

    /// The scope of a scan of `paths` limited to the files changed since `changedSince` or
    /// staged, or nil when it scans everything.
    package static func scope(paths: [String], changedSince: String?, staged: Bool) throws(AuditError) -> GitScope? {
        guard changedSince != nil || staged else { return nil }
        let folder = Walker.folder(of: paths.first ?? ".")
        guard let root = workTreeRoot(of: folder) else {
            throw AuditError.git("--changed-since and --staged need a git work tree; \(folder) is not in one")
        }
        do {
            var scope = GitScope(root: root, git: try Git(in: root), staged: staged)
            if let ref = changedSince { try scope.listChanges(since: ref) } else { try scope.listStaged() }
            return scope
        } catch let error as AuditError {
            throw error
        } catch {
            throw AuditError.git("cannot list the files to scan: \(error)")
        }
    }

    private mutating func listStaged() throws(Git.Failure) {
        // --raw gives each file's new mode and blob; no rename pairs, so a moved file is an add.
        let raw = try git.run(["diff", "--cached", "-z", "--raw", "--no-abbrev", "--no-renames", "--no-ext-diff",
                               "--no-textconv", "--ignore-submodules=all", "--diff-filter=ACMT"])
        var fields = raw.split(separator: 0, omittingEmptySubsequences: false).makeIterator()
        while let header = fields.next(), let path = fields.next() {
            let parts = header.split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
            guard parts.count >= 5 else { continue }
            tracked[root + "/" + String(decoding: path, as: UTF8.self)] = Entry(mode: parts[1], object: parts[3])
        }
    }

    private mutating func listChanges(since ref: String) throws(AuditError) {
        do {
            _ = try git.run(["rev-parse", "--verify", "--quiet", ref + "^{commit}"])
        } catch where error.isSilent(1) {
            throw AuditError.git("git ref '\(ref)' not found (a shallow clone lacks history: fetch it, e.g. fetch-depth: 0)")
        } catch {
            throw AuditError.git("cannot look up git ref '\(ref)': \(error)")
        }
        let mergeBase: String
        do {
            mergeBase = try git.text(["merge-base", ref, "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch where error.isSilent(1) {
            throw AuditError.git("no merge base between '\(ref)' and HEAD (a shallow clone lacks history)")
        } catch {
            throw AuditError.git("cannot find the merge base of '\(ref)' and HEAD: \(error)")
        }
        do {
            try listChanges(in: git, at: root, since: mergeBase, depth: 0)
        } catch {
            throw AuditError.git("cannot list the files changed since '\(ref)': \(error)")
        }
    }

    /// What changed in the repository at `base` since the commit `since` (everything when
    /// nil), then the same in each checked-out submodule, against the commit `since` records
    /// for it. git's own diff stops at a submodule's edge and says only that it changed.
    private mutating func listChanges(in git: Git, at base: String, since commit: String?, depth: Int) throws(Git.Failure) {
        // Committed since the merge base, plus what the work tree changes and adds on top.
        let changed = commit.map { ["diff", "-z", "--name-only", "--no-renames", "--no-ext-diff", "--no-textconv",
                                    "--ignore-submodules=all", "--diff-filter=ACMT", $0] }
            ?? ["ls-files", "-z", "--cached"]
        for path in try git.names(changed, under: base) { tracked[path] = Entry() }
        untracked.formUnion(try git.names(["ls-files", "-z", "--others", "--exclude-standard"], under: base))
        // A submodule inside a submodule inside…: a bound, since nothing else stops a loop of links.
        guard depth < 16 else { return }
        for record in try git.run(["ls-files", "-z", "--stage"]).split(separator: 0) {
            guard record.starts(with: Array("160000 ".utf8)), let tab = record.firstIndex(of: UInt8(ascii: "\t")) else { continue }
            let path = String(decoding: record[(tab + 1)...], as: UTF8.self)
            let folder = base + "/" + path
            guard FileManager.default.fileExists(atPath: folder + "/.git") else { continue }  // not checked out
            let inner = try Git(in: folder)
            var recorded: String?
            if let commit {
                let entry = String(decoding: try git.run(["ls-tree", "-z", commit, "--", path]), as: UTF8.self)
                let fields = entry.split(whereSeparator: { $0 == " " || $0 == "\t" })
                if fields.count >= 3, fields[1] == "commit" { recorded = String(fields[2]) }
            }
            // A recorded commit the submodule does not have: everything in it counts as changed.
            if let wanted = recorded, (try? inner.run(["cat-file", "-e", wanted + "^{commit}"])) == nil { recorded = nil }
            try listChanges(in: inner, at: folder, since: recorded, depth: depth + 1)
        }
    }

    /// `file` as the scan should see it (from the index for `--staged`), or nil when git
    /// does not list it.
    package func keep(_ file: SourceFile) throws(AuditError) -> SourceFile? {
        if !staged { return tracked[file.absolutePath] != nil || untracked.contains(file.absolutePath) ? file : nil }
        guard let entry = tracked[file.absolutePath] else { return nil }
        return try fromIndex(file, entry)
    }

    /// A staged regular file gets its index content; a link or a submodule is not scanned.
    private func fromIndex(_ file: SourceFile, _ entry: Entry) throws(AuditError) -> SourceFile? {
        guard entry.mode == "100644" || entry.mode == "100755", let object = entry.object else { return nil }
        var file = file
        do {
            file.content = [UInt8](try git.run(["cat-file", "blob", object]))
        } catch {
            throw AuditError.git("cannot read the staged content of \(file.path): \(error)")
        }
        return file
    }

    /// The tracked files under the walk root `rootPath` that the walk did not yield: ignored
    /// ones, and for `--staged` ones deleted from the work tree since. Each passes the checks
    /// the walk makes of any file, except the ignore files.
    package func unwalked(under rootPath: String, display: String, walked: Set<String>,
                  options: WalkOptions) throws(AuditError) -> [SourceFile] {
        let base = Walker.absolute(rootPath)
        guard FileStatus.at(base)?.kind == .directory else { return [] }
        let prefix = base == "/" ? "/" : base + "/"
        var files: [SourceFile] = []
        for (path, entry) in tracked where path.hasPrefix(prefix) && !walked.contains(path) {
            let relative = String(path.dropFirst(prefix.count))
            guard let types = Self.walkable(relative, options) else { continue }
            let file = SourceFile(absolutePath: path, path: display.isEmpty ? relative : display + "/" + relative, types: types)
            if staged {
                if let file = try fromIndex(file, entry) { files.append(file) }
            } else if FileStatus.at(path, followLink: false)?.kind == .regular {
                files.append(file)
            }
        }
        return files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// The file types of `relative` when the walk, ignore files aside, would scan it.
    static func walkable(_ relative: String, _ options: WalkOptions) -> FileTypeSet? {
        let parts = relative.split(separator: "/").map(String.init)
        guard let name = parts.last else { return nil }
        var folder = ""
        for part in parts.dropLast() {
            folder = folder.isEmpty ? part : folder + "/" + part
            if WalkOptions.vcsFolders.contains(part) { return nil }
            if options.honourIgnoreFiles, WalkOptions.defaultPrunedFolders.contains(part) { return nil }
            if options.exclude.contains(where: { $0.matches(folder, isDirectory: true) }) { return nil }
        }
        if OutputFile.isTemporaryName(name) || Walker.ownFiles.contains(name) || FileType.isGenerated(name) { return nil }
        if options.exclude.contains(where: { $0.matches(relative, isDirectory: false) }) { return nil }
        if !options.include.isEmpty,
           !options.include.contains(where: { $0.matchesPathOrParent(relative, isDirectory: false) }) { return nil }
        let types = FileType.types(ofFileNamed: name)
        return types.isEmpty ? nil : types
    }
}
