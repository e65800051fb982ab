import Foundation
import Model

/// Writes output files so that no reader ever sees half of one: the text goes to a temporary
/// file in the same folder, is flushed to disk, then renamed over the target.
public enum OutputFile {
    /// Fails unless the folder `path` would be written in exists and is writable.
    public static func checkFolder(of path: String) throws(AuditError) {
        let dir = folder(of: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw AuditError.output(path: path, message: "the folder '\(dir)' does not exist")
        }
        guard access(dir, W_OK) == 0 else {
            throw AuditError.output(path: path, message: "the folder '\(dir)' is not writable")
        }
    }

    /// Writes every byte to `fd`, retrying short writes and EINTR; the error text, or nil.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> String? {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                return systemErrorMessage(errno)
            }
            written += n
        }
        return nil
    }

    package static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    public static func write(_ text: String, to path: String) throws(AuditError) {
        try write(to: path) { $0.write(text) }
    }

    /// Writes what `body` writes to its ReportOutput, as `write(_:to:)` does, in 64 KB chunks:
    /// a report is never held whole in memory.
    public static func write(to path: String, _ body: (ReportOutput) -> Void) throws(AuditError) {
        // A device, FIFO or socket (/dev/null, /dev/stdout, a named pipe) is written in place:
        // renaming over it would replace the device with a regular file.
        var existing = stat()
        if stat(path, &existing) == 0, existing.st_mode & S_IFMT != S_IFREG {
            guard existing.st_mode & S_IFMT != S_IFDIR else {
                throw AuditError.output(path: path, message: "is a folder")
            }
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw AuditError.output(path: path, message: systemErrorMessage(errno)) }
            defer { close(fd) }
            let out = ReportOutput { writeAll(fd, $0) }
            body(out)
            if let failure = out.finish() { throw AuditError.output(path: path, message: failure) }
            return
        }
        try checkFolder(of: path)
        let dir = folder(of: path)
        var template = Array((dir + "/.ollama-audit-tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw AuditError.output(path: path, message: systemErrorMessage(errno)) }
        let temp = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var ok = true
        var failure = ""
        let out = ReportOutput { writeAll(fd, $0) }
        body(out)
        if let problem = out.finish() { ok = false; failure = problem }
        if ok, fsync(fd) != 0 { ok = false; failure = systemErrorMessage(errno) }
        // mkstemp creates 0600; a report gets the mode any new file would get.
        if ok {
            let mask = umask(0)
            umask(mask)
            fchmod(fd, 0o666 & ~mask)
        }
        close(fd)
        if ok, rename(temp, path) != 0 { ok = false; failure = systemErrorMessage(errno) }
        if !ok {
            unlink(temp)
            throw AuditError.output(path: path, message: failure)
        }
        // One report, one folder: making the rename itself durable costs one more fsync.
        syncFolder(dir)
    }

    /// Appends `text` to the file at `path` (created if missing), as GitHub's step summary file
    /// wants it: earlier commands of the step wrote there too, so it is never replaced. One
    /// write(2) to a descriptor opened with O_APPEND: the kernel moves to the end and writes in
    /// one step, so text another process appends meanwhile is neither overwritten nor split
    /// (a short write, on a full disk, is retried from where it stopped).
    public static func append(_ text: String, to path: String) throws(AuditError) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw AuditError.output(path: path, message: systemErrorMessage(errno)) }
        defer { close(fd) }
        if let failure = writeAll(fd, Array(text.utf8)) { throw AuditError.output(path: path, message: failure) }
    }

    /// Temporary files are `.ollama-audit-tmp-` plus mkstemp's six letters and digits. A run
    /// killed between mkstemp and rename leaves one behind; walks recognise them by this name
    /// (never scanned; `--fix` removes them and says so).
    public static let temporaryPrefix = ".ollama-audit-tmp-"

    /// Whether `name` (a file name, not a path) is one of our temporary files.
    public static func isTemporaryName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        let prefix = Array(temporaryPrefix.utf8)
        guard bytes.count == prefix.count + 6, bytes.starts(with: prefix) else { return false }
        return bytes[prefix.count...].allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
    }

    /// fsyncs a folder, so renames into it survive a power cut (the files themselves were
    /// fsynced before the rename, so after a crash each is its old or its new version either
    /// way: this is about durability, not atomicity). Best effort: some file systems refuse.
    public static func syncFolder(_ dir: String) {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}

extension OutputFile {
    /// Replaces the file at `path` with `bytes`, atomically, keeping its mode and owner. It is
    /// refused when the path is (or has become) a link or not a regular file, and when its
    /// content is no longer `expected`: a file edited since the scan is never overwritten.
    ///
    /// The folder is not fsynced here: `--fix` rewrites many files in few folders and syncs
    /// each folder once at the end (`syncFolder`). A crash before that may lose a rename but
    /// never leaves a half-written file.
    public static func replace(_ path: String, expecting expected: [UInt8], with bytes: [UInt8]) throws(AuditError) {
        // Read what is there through a descriptor opened without following a link, so the
        // bytes compared and the file checked are the same file.
        let input = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard input >= 0 else {
            if errno == ELOOP { throw AuditError.output(path: path, message: "not a regular file (a link?); never written through") }
            throw AuditError.output(path: path, message: systemErrorMessage(errno))
        }
        defer { close(input) }
        var st = stat()
        guard fstat(input, &st) == 0 else { throw AuditError.output(path: path, message: systemErrorMessage(errno)) }
        guard st.st_mode & S_IFMT == S_IFREG else {
            throw AuditError.output(path: path, message: "not a regular file (a link?); never written through")
        }
        guard readAll(input) == expected else {
            throw AuditError.output(path: path, message: "changed since the scan; left alone, run the fix again")
        }
        let dir = folder(of: path)
        var template = Array((dir + "/" + temporaryPrefix + "XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw AuditError.output(path: path, message: systemErrorMessage(errno)) }
        let temp = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure = writeAll(fd, bytes)
        if failure == nil, fchmod(fd, st.st_mode & 0o7777) != 0 { failure = systemErrorMessage(errno) }
        if failure == nil, getuid() == 0 { _ = fchown(fd, st.st_uid, st.st_gid) }
        if failure == nil, fsync(fd) != 0 { failure = systemErrorMessage(errno) }
        close(fd)
        // Writing and syncing take time: look once more, just before the rename, whether the
        // path still names the file read above, unchanged (an editor that saves by rename
        // gives a new inode; one that writes in place changes the size or mtime). This narrows
        // the window for a concurrent edit to the rename itself; POSIX offers no way to close it.
        if failure == nil, changedSince(st, path: path) {
            failure = "changed since the scan; left alone, run the fix again"
        }
        if failure == nil, rename(temp, path) != 0 { failure = systemErrorMessage(errno) }
        if let failure {
            unlink(temp)
            throw AuditError.output(path: path, message: failure)
        }
    }

    /// Whether `path` no longer names the regular file `before` describes, or that file's
    /// size or modification time has moved.
    package static func changedSince(_ before: stat, path: String) -> Bool {
        var now = stat()
        guard lstat(path, &now) == 0, now.st_mode & S_IFMT == S_IFREG else { return true }
        #if canImport(Darwin)
        let (a, b) = (now.st_mtimespec, before.st_mtimespec)
        #else
        let (a, b) = (now.st_mtim, before.st_mtim)
        #endif
        return now.st_dev != before.st_dev || now.st_ino != before.st_ino || now.st_size != before.st_size
            || a.tv_sec != b.tv_sec || a.tv_nsec != b.tv_nsec
    }

    /// Every byte `fd` has left to read; nil on a read error.
    static func readAll(_ fd: Int32) -> [UInt8]? {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { return out }
            out += chunk[..<n]
        }
    }
}

/// Standard output that stops quietly when the reader goes away (`| head -1`).
public enum StandardOutput {
    /// Writes `text` to fd 1. Returns false when the pipe is closed.
    @discardableResult
    public static func write(_ text: String) -> Bool {
        write { $0.write(text) }
    }

    /// Writes what `body` writes, in 64 KB chunks. Returns false when the pipe is closed.
    @discardableResult
    public static func write(_ body: (ReportOutput) -> Void) -> Bool {
        let out = ReportOutput { writeAll($0) ? nil : "closed" }
        body(out)
        return out.finish() == nil
    }

    private static func writeAll(_ bytes: [UInt8]) -> Bool {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(1, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            written += n
        }
        return true
    }
}
