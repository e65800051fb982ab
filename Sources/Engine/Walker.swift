import Foundation
import Languages
import Model
import Platform

/// A file the walker hands to the scanner.
public struct SourceFile: Sendable {
    /// Where to open it (when `absolutePathBytes` is UTF-8; else their display, never opened).
    public let absolutePath: String
    /// How reports name it: relative to the scan root.
    public let path: String
    public let types: FileTypeSet
    /// Bytes to scan instead of the file on disk (the git index, for `--staged`).
    public var content: [UInt8]? = nil
    /// The path exactly, as bytes: what the scanner opens. Names need not be UTF-8, and
    /// paths may be longer than PATH_MAX (see PathBytes).
    public let absolutePathBytes: [UInt8]
    /// The bytes of `path` when they are not UTF-8 (`path` then shows them as `\xNN`), else nil.
    public let rawPath: [UInt8]?

    /// Public so the fuzz targets can scan and fix in-memory files.
    public init(absolutePath: String, path: String, types: FileTypeSet, content: [UInt8]? = nil) {
        self.absolutePath = absolutePath
        self.path = path
        self.types = types
        self.content = content
        self.absolutePathBytes = Array(absolutePath.utf8)
        self.rawPath = nil
    }

    package init(absolutePathBytes: [UInt8], pathBytes: [UInt8], types: FileTypeSet) {
        self.absolutePath = PathBytes.display(absolutePathBytes)
        let shown = String(validating: pathBytes, as: UTF8.self)
        self.path = shown ?? PathBytes.display(pathBytes)
        self.rawPath = shown == nil ? pathBytes : nil
        self.types = types
        self.absolutePathBytes = absolutePathBytes
    }
}

/// A temporary file an interrupted `--fix` (or report write) left behind: named like
/// `OutputFile.temporaryPrefix` plus six letters and digits. Never scanned.
public struct LeftoverFile: Sendable, Equatable {
    public let absolutePath: String
    /// How reports name it: relative to the scan root, like a `SourceFile`.
    public let path: String
}

/// What the walk passed over, for the summary.
public struct SkipCounts: Codable, Equatable, Sendable {
    public var binary = 0
    public var tooLarge = 0
    public var symlink = 0
    public var unreadable = 0
    /// Minified or bundled files, recognised by name (`*.min.js`, `*.bundle.js`).
    public var generated = 0

    public init() {}

    package enum CodingKeys: String, CodingKey {
        case binary, tooLarge = "too_large", symlink, unreadable, generated
    }

    public var total: Int { binary + tooLarge + symlink + unreadable + generated }

    public static func + (a: SkipCounts, b: SkipCounts) -> SkipCounts {
        var s = a
        s.binary += b.binary; s.tooLarge += b.tooLarge; s.symlink += b.symlink
        s.unreadable += b.unreadable; s.generated += b.generated
        return s
    }
}

/// Which files a walk yields.
public struct WalkOptions: Sendable {
    /// `--include`: when not empty, a file must match one of these.
    public var include: [Glob] = []
    /// `--exclude`: matching files and folders are pruned.
    public var exclude: [Glob] = []
    /// `--no-ignore`: ignore files and the default folder list are not honoured.
    public var honourIgnoreFiles = true
    /// Told each root as its walk starts: how tests see that a fix run walks the tree once.
    public var onRootWalk: (@Sendable (String) -> Void)? = nil

    public init() {}

    /// Folders that hold installed or generated dependencies rather than the project's own
    /// code. They are pruned even when no ignore file names them; `--no-ignore` scans them.
    public static let defaultPrunedFolders: Set<String> = [
        "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache", ".pytest_cache",
        ".next", ".nuxt", ".svelte-kit", ".yarn",
    ]
    /// Version-control folders are never scanned.
    static let vcsFolders: Set<String> = [".git", ".hg", ".svn"]
}

/// Walks scan roots with `opendir`/`readdir` (10x faster than FileManager's enumerator on
/// this stack, measured when the project started) and decides which files are scanned.
public struct Walker {
    public let options: WalkOptions

    public init(options: WalkOptions) { self.options = options }

    /// Every file to scan under `root`, in path order, plus what was skipped.
    /// - Parameter display: the prefix reports use for paths under this root ("" for none).
    public func files(under root: String, display: String) throws(AuditError) -> (files: [SourceFile], skipped: SkipCounts) {
        var files: [SourceFile] = []
        var seen = Seen(roots: 1)
        let skipped = try walk(under: root, display: display, seen: &seen, emit: { files.append($0) }, leftover: nil, warning: nil)
        files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return (files, skipped)
    }

    /// Every file to scan under `roots`, each root's in path order, each file once.
    public func files(roots: [String]) throws(AuditError) -> (files: [SourceFile], skipped: SkipCounts) {
        var all: [SourceFile] = []
        var skipped = SkipCounts()
        var seen = Seen(roots: roots.count)
        for root in roots {
            var files: [SourceFile] = []
            skipped = skipped + (try walk(under: root, display: Self.display(root, of: roots), seen: &seen,
                                          emit: { files.append($0) }, leftover: nil, warning: nil))
            files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
            all += files
        }
        return (all, skipped)
    }

    /// Walks each of `roots` in turn, handing each file to `emit` once: in `scan . sub`, `sub`
    /// is inside `.`, and its files were once counted twice, then fixed twice.
    /// One root: paths relative to it. Several: each path keeps its root as a prefix.
    /// - Parameter warning: gets each folder that cannot be read, with its path's bytes when
    ///   they are not UTF-8 (as `SourceFile.rawPath`).
    public func walk(roots: [String], emit: (SourceFile) -> Void, leftover: ((LeftoverFile) -> Void)? = nil,
                     warning: ((ScanWarning, _ rawPath: [UInt8]?) -> Void)? = nil) throws(AuditError) -> SkipCounts {
        var skipped = SkipCounts()
        var seen = Seen(roots: roots.count)
        for root in roots {
            skipped = skipped + (try walk(under: root, display: Self.display(root, of: roots), seen: &seen,
                                          emit: emit, leftover: leftover, warning: warning))
        }
        return skipped
    }

    package static func display(_ root: String, of roots: [String]) -> String {
        roots.count == 1 ? "" : Walker.normalise(root)
    }

    /// What earlier roots of the same scan already handed out (files, and folders warned
    /// about), by absolute path. Kept only when there are several roots. Folders are walked
    /// again all the same: a root's ignore files may prune what another root's do not.
    package struct Seen {
        let tracking: Bool
        package var files = Set<[UInt8]>()
        package var folders = Set<[UInt8]>()

        package init(roots: Int) { tracking = roots > 1 }

        package mutating func first(file: [UInt8]) -> Bool { !tracking || files.insert(file).inserted }
        package mutating func first(folder: [UInt8]) -> Bool { !tracking || folders.insert(folder).inserted }
    }

    /// Hands each file to scan under `root` to `emit` as the walk finds it, so scanning can
    /// start before the walk ends and the tree is never held in memory. Returns what was skipped.
    /// - Parameter leftover: gets each temporary file of an interrupted run (a regular file,
    ///   in a folder the walk enters); such files are never emitted.
    /// - Parameter warning: gets each folder that cannot be read, which makes the scan
    ///   incomplete as an unreadable file does.
    public func walk(under root: String, display: String, emit: (SourceFile) -> Void,
                     leftover: ((LeftoverFile) -> Void)? = nil,
                     warning: ((ScanWarning) -> Void)? = nil) throws(AuditError) -> SkipCounts {
        var seen = Seen(roots: 1)
        return try walk(under: root, display: display, seen: &seen, emit: emit, leftover: leftover,
                        warning: warning.map { warning in { w, _ in warning(w) } })
    }

    /// The walk itself, on bytes from `readdir` to `open` (see PathBytes): a name that is
    /// not UTF-8 is still the file it names, and a folder deeper than PATH_MAX still opens.
    package func walk(under root: String, display: String, seen: inout Seen, emit: (SourceFile) -> Void,
              leftover: ((LeftoverFile) -> Void)?, warning: ((ScanWarning, [UInt8]?) -> Void)?) throws(AuditError) -> SkipCounts {
        options.onRootWalk?(root)
        // The normalised path is the root, for the check too: `TREE/link/..` is TREE.
        let absolute = Self.absolute(root)
        guard let status = FileStatus.at(absolute) else { throw AuditError.missingPath(root) }
        var skipped = SkipCounts()
        if status.kind != .directory {
            // A file named on the command line is scanned whatever the ignore files say.
            guard seen.first(file: Array(absolute.utf8)) else { return skipped }
            let name = (absolute as NSString).lastPathComponent
            let shown = display.isEmpty ? name : display
            emit(SourceFile(absolutePath: absolute, path: shown, types: FileType.types(ofFileNamed: name)))
            return skipped
        }
        let slash = UInt8(ascii: "/")
        let prefix: [UInt8] = display.isEmpty ? [] : Array(display.utf8) + [slash]
        let rootStack = options.honourIgnoreFiles ? IgnoreStack.forRoot(absolute) : IgnoreStack()
        // `name` is nil for the root; `ignores` is the stack of the folder the entry was found in,
        // `parent` that folder, open: a folder is opened relative to it. Only folders with
        // entries still pending stay open, so at most one per level of the tree.
        var pending: [(folder: [UInt8], relative: [UInt8], name: [UInt8]?, ignores: IgnoreStack, parent: Directory?)] =
            [(Array(absolute.utf8), [], nil, rootStack, nil)]
        while let (folder, relative, folderName, parentIgnores, parent) = pending.popLast() {
            // The root may be a link given on the command line; nothing below it is followed.
            var opened: Result<Directory, SystemError>
            if let parent, let folderName {
                opened = parent.open(child: folderName)
                // Out of descriptors (a very wide and deep tree): by its path, as the root is.
                if case let .failure(error) = opened, error.isOutOfDescriptors {
                    opened = Directory.open(folder, followLink: false)
                }
            } else {
                opened = Directory.open(folder, followLink: folderName == nil)
            }
            let directory: Directory
            switch opened {
            case let .success(opened): directory = opened
            case let .failure(error):
                // Skipped silently, this made a folder of mode 000 a clean scan (it did once).
                if seen.first(folder: folder) {
                    skipped.unreadable += 1
                    let (folderWarning, raw) = folderWarning(prefix + relative, isRoot: relative.isEmpty, display: display, code: error.code)
                    warning?(folderWarning, raw)
                }
                continue
            }
            var ignores = parentIgnores
            if options.honourIgnoreFiles {
                if let folderName { ignores = ignores.child(folderName) }
                ignores = ignores.adding(ownFilesOf: directory)
            }
            let (entries, unstatable, failure) = directory.entries()
            skipped.unreadable += unstatable
            if let failure, seen.first(folder: folder) {
                skipped.unreadable += 1
                let (folderWarning, raw) = folderWarning(prefix + relative, isRoot: relative.isEmpty, display: display, code: failure.code)
                warning?(folderWarning, raw)
            }
            // In the order readdir gives: reports are sorted at the end, and workers finish
            // files in any order anyway. Paths are built only for entries that get past the
            // checks on their name.
            for entry in entries {
                let name = entry.name
                var full: [UInt8] { folder == [slash] ? [slash] + name : folder + [slash] + name }
                var rel: [UInt8] { relative.isEmpty ? name : relative + [slash] + name }
                let nameText = PathBytes.display(name)
                switch entry.kind {
                case .symlink:
                    // Never followed: a link can lead out of the scan root or into a loop.
                    skipped.symlink += 1
                case .directory:
                    if WalkOptions.vcsFolders.contains(nameText) { continue }
                    if options.honourIgnoreFiles {
                        if WalkOptions.defaultPrunedFolders.contains(nameText) { continue }
                        if ignores.isIgnored(name, isDirectory: true) { continue }
                    }
                    let rel = rel
                    if options.exclude.contains(where: { $0.matches(bytes: rel, isDirectory: true) }) { continue }
                    pending.append((full, rel, name, ignores, directory))
                case .regular:
                    // Before the ignore files have a say: a leftover is ours, wherever it is.
                    if OutputFile.isTemporaryName(nameText) {
                        let full = full
                        if seen.first(file: full) {
                            leftover?(LeftoverFile(absolutePath: PathBytes.display(full), path: PathBytes.display(prefix + rel)))
                        }
                        continue
                    }
                    // A file of no known type is passed over silently, as an ignored one is.
                    let types = FileType.types(ofFileNamed: nameText)
                    if types.isEmpty { continue }
                    if options.honourIgnoreFiles, ignores.isIgnored(name, isDirectory: false) { continue }
                    let rel = rel
                    if options.exclude.contains(where: { $0.matches(bytes: rel, isDirectory: false) }) { continue }
                    if !options.include.isEmpty,
                       !options.include.contains(where: { $0.matchesPathOrParent(bytes: rel, isDirectory: false) }) { continue }
                    // The tool's own settings name Ollama variables and rules on purpose.
                    if Self.ownFiles.contains(nameText) { continue }
                    if FileType.isGenerated(nameText) { skipped.generated += 1; continue }
                    let full = full
                    guard seen.first(file: full) else { continue }
                    emit(SourceFile(absolutePathBytes: full, pathBytes: prefix + rel, types: types))
                case .other, .characterDevice:
                    continue  // FIFOs, sockets and devices are never read
                }
            }
        }
        return skipped
    }

    /// The warning for a folder that cannot be read: named as reports name its files.
    func folderWarning(_ path: [UInt8], isRoot: Bool, display: String, code: Int32) -> (ScanWarning, [UInt8]?) {
        let text = isRoot ? (display.isEmpty ? "." : display) : String(validating: path, as: UTF8.self)
        let warning = ScanWarning(path: text ?? PathBytes.display(path), ruleID: nil,
                                  message: "cannot read folder: \(systemErrorMessage(code))")
        return (warning, text == nil ? path : nil)
    }

    package static let ownFiles: Set<String> = [ProjectFiles.config, ProjectFiles.allow]

    /// The absolute folder `path` names, or holds when it is a file.
    package static func folder(of path: String) -> String {
        let absolute = absolute(path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), !isDirectory.boolValue {
            return (absolute as NSString).deletingLastPathComponent
        }
        return absolute
    }

    /// The nearest `name` at or above the folder of `path`, stopping at the git work tree's
    /// root: how the configuration and the allow file are found.
    package static func findUpward(_ name: String, from path: String) -> String? {
        var folder = folder(of: path)
        while true {
            let candidate = folder + "/" + name
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            if FileManager.default.fileExists(atPath: folder + "/.git") || folder == "/" || folder.isEmpty { return nil }
            folder = (folder as NSString).deletingLastPathComponent
        }
    }

    package static func absolute(_ path: String) -> String {
        let expanded = path.hasPrefix("~") ? (path as NSString).expandingTildeInPath : path
        let joined = expanded.hasPrefix("/") ? expanded : FileManager.default.currentDirectoryPath + "/" + expanded
        // Normalise `.`/`..` and a trailing slash without resolving links inside the root:
        // lexically, so `TREE/link/..` is TREE whatever `link` points to. NSString's
        // standardizingPath resolves links first, which let `--fix` on `TREE/link/..` write
        // wherever the link led, and write through a linked file named on the command line.
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}

extension Walker {
    package static func normalise(_ path: String) -> String {
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        return p.isEmpty ? "." : String(p)
    }
}
