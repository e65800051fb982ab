import Foundation

/// Git questions: the work tree's root, the files changed since a ref, the staged files and
/// their staged content. Runs the `git` on PATH.
enum GitScope {
    /// The nearest folder at or above `folder` holding `.git`.
    static func workTreeRoot(of folder: String) -> String? {
        var current = folder
        while !current.isEmpty {
            if FileManager.default.fileExists(atPath: current + "/.git") { return current }
            if current == "/" { return nil }
            current = (current as NSString).deletingLastPathComponent
        }
        return nil
    }

    /// What `--changed-since` or `--staged` keeps of each walked file (with the index content for
    /// `--staged`), or nil when the request scans everything.
    static func scope(_ request: ScanRequest) throws(AuditError) -> ((SourceFile) -> SourceFile?)? {
        guard request.changedSince != nil || request.staged else { return nil }
        let folder = Walker.folder(of: request.paths.first ?? ".")
        guard let root = workTreeRoot(of: folder) else {
            throw AuditError.git("--changed-since and --staged need a git work tree; \(folder) is not in one")
        }
        if let ref = request.changedSince {
            guard (try? run(["rev-parse", "--verify", "--quiet", ref + "^{commit}"], in: root)) != nil else {
                throw AuditError.git("git ref '\(ref)' not found (a shallow clone lacks history: fetch it, e.g. fetch-depth: 0)")
            }
            guard let mergeBase = try? run(["merge-base", ref, "HEAD"], in: root).trimmingCharacters(in: .whitespacesAndNewlines) else {
                throw AuditError.git("no merge base between '\(ref)' and HEAD (a shallow clone lacks history)")
            }
            // Committed since the merge base, plus what the work tree changes and adds on top.
            let changed = try names(["diff", "--name-only", "--diff-filter=ACMR", mergeBase], root)
                .union(try names(["ls-files", "--others", "--exclude-standard"], root))
            return { changed.contains($0.absolutePath) ? $0 : nil }
        }
        let staged = try names(["diff", "--cached", "--name-only", "--diff-filter=ACMR"], root)
        return { file in
            guard staged.contains(file.absolutePath) else { return nil }
            var file = file
            let relative = String(file.absolutePath.dropFirst(root.count + 1))
            if let data = try? runData(["show", ":" + relative], in: root) { file.content = [UInt8](data) }
            return file
        }
    }

    private static func names(_ arguments: [String], _ root: String) throws(AuditError) -> Set<String> {
        let output: String
        do { output = try run(arguments, in: root) } catch { throw AuditError.git("git \(arguments.joined(separator: " ")) failed") }
        return Set(output.split(separator: "\n").map { root + "/" + $0 })
    }

    struct Failure: Error {}

    static func run(_ arguments: [String], in folder: String) throws -> String {
        String(decoding: try runData(arguments, in: folder), as: UTF8.self)
    }

    static func runData(_ arguments: [String], in folder: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder, "-c", "core.quotePath=false"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure() }
        return data
    }
}
