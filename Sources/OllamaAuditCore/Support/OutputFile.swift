import Foundation

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

    static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    public static func write(_ text: String, to path: String) throws(AuditError) {
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
            if let failure = writeAll(fd, Array(text.utf8)) { throw AuditError.output(path: path, message: failure) }
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
        if let problem = writeAll(fd, Array(text.utf8)) { ok = false; failure = problem }
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
    }
}

extension OutputFile {
    /// Replaces the file at `path` with `bytes`, atomically, keeping its mode and owner. It is
    /// refused when the path is (or has become) a link or not a regular file, and when its
    /// content is no longer `expected`: a file edited since the scan is never overwritten.
    public static func replace(_ path: String, expecting expected: [UInt8], with bytes: [UInt8]) throws(AuditError) {
        var st = stat()
        guard lstat(path, &st) == 0 else { throw AuditError.output(path: path, message: systemErrorMessage(errno)) }
        guard st.st_mode & S_IFMT == S_IFREG else {
            throw AuditError.output(path: path, message: "not a regular file (a link?); never written through")
        }
        guard let current = FileManager.default.contents(atPath: path), [UInt8](current) == expected else {
            throw AuditError.output(path: path, message: "changed since the scan; left alone, run the fix again")
        }
        let dir = folder(of: path)
        var template = Array((dir + "/.ollama-audit-tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw AuditError.output(path: path, message: systemErrorMessage(errno)) }
        let temp = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure = writeAll(fd, bytes)
        if failure == nil, fchmod(fd, st.st_mode & 0o7777) != 0 { failure = systemErrorMessage(errno) }
        if failure == nil, getuid() == 0 { _ = fchown(fd, st.st_uid, st.st_gid) }
        if failure == nil, fsync(fd) != 0 { failure = systemErrorMessage(errno) }
        close(fd)
        if failure == nil, rename(temp, path) != 0 { failure = systemErrorMessage(errno) }
        if let failure {
            unlink(temp)
            throw AuditError.output(path: path, message: failure)
        }
    }
}

/// Standard output that stops quietly when the reader goes away (`| head -1`).
public enum StandardOutput {
    /// Writes `text` to fd 1. Returns false when the pipe is closed.
    @discardableResult
    public static func write(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
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
