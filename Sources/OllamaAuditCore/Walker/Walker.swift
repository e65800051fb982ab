import Foundation

/// A file the walker hands to the scanner.
public struct SourceFile: Sendable {
    /// Where to open it.
    public let absolutePath: String
    /// How reports name it: relative to the scan root.
    public let path: String
    public let types: FileTypeSet
    /// Bytes to scan instead of the file on disk (the git index, for `--staged`).
    public var content: [UInt8]? = nil

    /// Public so the fuzz targets can scan and fix in-memory files (issue 8).
    public init(absolutePath: String, path: String, types: FileTypeSet, content: [UInt8]? = nil) {
        self.absolutePath = absolutePath
        self.path = path
        self.types = types
        self.content = content
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

    enum CodingKeys: String, CodingKey {
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
/// this stack, see NOTES-swift-pcre2.md) and decides which files are scanned.
public struct Walker {
    public let options: WalkOptions

    public init(options: WalkOptions) { self.options = options }

    /// Every file to scan under `root`, in path order, plus what was skipped.
    /// - Parameter display: the prefix reports use for paths under this root ("" for none).
    public func files(under root: String, display: String) throws(AuditError) -> (files: [SourceFile], skipped: SkipCounts) {
        var files: [SourceFile] = []
        let skipped = try walk(under: root, display: display) { files.append($0) }
        files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return (files, skipped)
    }

    /// Hands each file to scan under `root` to `emit` as the walk finds it, so scanning can
    /// start before the walk ends and the tree is never held in memory. Returns what was skipped.
    /// - Parameter leftover: gets each temporary file of an interrupted run (a regular file,
    ///   in a folder the walk enters); such files are never emitted.
    public func walk(under root: String, display: String, emit: (SourceFile) -> Void,
                     leftover: ((LeftoverFile) -> Void)? = nil) throws(AuditError) -> SkipCounts {
        // The normalised path is the root, for the check too: `TREE/link/..` is TREE.
        let absolute = Self.absolute(root)
        var st = stat()
        guard stat(absolute, &st) == 0 else { throw AuditError.missingPath(root) }
        var skipped = SkipCounts()
        if st.st_mode & S_IFMT != S_IFDIR {
            // A file named on the command line is scanned whatever the ignore files say.
            let name = (absolute as NSString).lastPathComponent
            let shown = display.isEmpty ? name : display
            emit(SourceFile(absolutePath: absolute, path: shown, types: FileType.types(ofFileNamed: name)))
            return skipped
        }
        let rootStack = options.honourIgnoreFiles ? IgnoreStack.forRoot(absolute) : IgnoreStack()
        var pending: [(folder: String, relative: String, ignores: IgnoreStack)] = [(absolute, "", rootStack)]
        while let (folder, relative, parentIgnores) = pending.popLast() {
            let ignores = options.honourIgnoreFiles ? parentIgnores.entering(folder) : parentIgnores
            guard let dir = opendir(folder) else { skipped.unreadable += 1; continue }
            var entries: [(name: String, type: UInt8)] = []
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name == "." || name == ".." { continue }
                entries.append((name, entry.pointee.d_type))
            }
            closedir(dir)
            for (name, rawType) in entries.sorted(by: { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }) {
                let full = folder == "/" ? "/" + name : folder + "/" + name
                let rel = relative.isEmpty ? name : relative + "/" + name
                var type = rawType
                if type == DT_UNKNOWN {
                    var lst = stat()
                    guard lstat(full, &lst) == 0 else { skipped.unreadable += 1; continue }
                    type = Self.direntType(lst.st_mode)
                }
                switch Int(type) {
                case Int(DT_LNK):
                    // Never followed: a link can lead out of the scan root or into a loop.
                    skipped.symlink += 1
                case Int(DT_DIR):
                    if WalkOptions.vcsFolders.contains(name) { continue }
                    if options.honourIgnoreFiles {
                        if WalkOptions.defaultPrunedFolders.contains(name) { continue }
                        if ignores.isIgnored(full, isDirectory: true) { continue }
                    }
                    if options.exclude.contains(where: { $0.matches(rel, isDirectory: true) }) { continue }
                    pending.append((full, rel, ignores))
                case Int(DT_REG):
                    // Before the ignore files have a say: a leftover is ours, wherever it is.
                    if OutputFile.isTemporaryName(name) {
                        leftover?(LeftoverFile(absolutePath: full, path: display.isEmpty ? rel : display + "/" + rel))
                        continue
                    }
                    if options.honourIgnoreFiles, ignores.isIgnored(full, isDirectory: false) { continue }
                    if options.exclude.contains(where: { $0.matches(rel, isDirectory: false) }) { continue }
                    if !options.include.isEmpty,
                       !options.include.contains(where: { $0.matchesPathOrParent(rel, isDirectory: false) }) { continue }
                    let types = FileType.types(ofFileNamed: name)
                    if types.isEmpty { continue }
                    // The tool's own settings name Ollama variables and rules on purpose.
                    if Self.ownFiles.contains(name) { continue }
                    if FileType.isGenerated(name) { skipped.generated += 1; continue }
                    let shown = display.isEmpty ? rel : display + "/" + rel
                    emit(SourceFile(absolutePath: full, path: shown, types: types))
                default:
                    continue  // FIFOs, sockets and devices are never read
                }
            }
        }
        return skipped
    }

    static let ownFiles: Set<String> = [AuditConfig.fileName, AllowFile.fileName]

    /// The absolute folder `path` names, or holds when it is a file.
    static func folder(of path: String) -> String {
        let absolute = absolute(path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), !isDirectory.boolValue {
            return (absolute as NSString).deletingLastPathComponent
        }
        return absolute
    }

    /// The nearest `name` at or above the folder of `path`, stopping at the git work tree's
    /// root: how the configuration and the allow file are found.
    static func findUpward(_ name: String, from path: String) -> String? {
        var folder = folder(of: path)
        while true {
            let candidate = folder + "/" + name
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            if FileManager.default.fileExists(atPath: folder + "/.git") || folder == "/" || folder.isEmpty { return nil }
            folder = (folder as NSString).deletingLastPathComponent
        }
    }

    static func absolute(_ path: String) -> String {
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

    private static func direntType(_ mode: mode_t) -> UInt8 {
        switch mode & S_IFMT {
        case S_IFDIR: UInt8(DT_DIR)
        case S_IFREG: UInt8(DT_REG)
        case S_IFLNK: UInt8(DT_LNK)
        default: UInt8(DT_UNKNOWN)
        }
    }
}
