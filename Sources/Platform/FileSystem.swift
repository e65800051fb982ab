import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What reading one file gave.
package enum FileContent {
    case bytes([UInt8])
    /// Not a regular file (any more): a FIFO, a device, a folder.
    case notRegular
    /// Larger than the cap, by its size or by what reading it gave (a growing file).
    case tooLarge
    /// The system's error number; `systemErrorMessage` words it.
    case failed(Int32)
}

/// The kinds of file the walker tells apart; links are never followed.
package enum FileKind: Sendable, Equatable {
    case directory, regular, symlink, characterDevice, other

    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFDIR: self = .directory
        case S_IFREG: self = .regular
        case S_IFLNK: self = .symlink
        case S_IFCHR: self = .characterDevice
        default: self = .other
        }
    }
}

/// What `stat` or `lstat` says about a path.
package struct FileStatus: Sendable {
    package let kind: FileKind
    /// Permission bits (0o7777).
    package let permissions: Int
    package let size: Int
    package let inode: UInt64
    /// The modification and access times, whole seconds and nanoseconds, as the file system
    /// keeps them.
    package let modified: [Int]
    package let accessed: [Int]

    /// The status of `path`; `followLink` false looks at a link itself (lstat). On failure,
    /// the system's error number.
    package static func of(_ path: String, followLink: Bool = true) -> Result<FileStatus, SystemError> {
        var st = stat()
        guard (followLink ? stat(path, &st) : lstat(path, &st)) == 0 else { return .failure(SystemError(errno)) }
        #if canImport(Darwin)
        let (time, access) = (st.st_mtimespec, st.st_atimespec)
        #else
        let (time, access) = (st.st_mtim, st.st_atim)
        #endif
        return .success(FileStatus(kind: FileKind(mode: st.st_mode), permissions: Int(st.st_mode & 0o7777),
                                   size: Int(st.st_size), inode: UInt64(st.st_ino),
                                   modified: [Int(time.tv_sec), Int(time.tv_nsec)],
                                   accessed: [Int(access.tv_sec), Int(access.tv_nsec)]))
    }

    /// The status of `path`, or nil when it cannot be had (gone, unreadable folder).
    package static func at(_ path: String, followLink: Bool = true) -> FileStatus? {
        try? of(path, followLink: followLink).get()
    }
}

/// An error number from the system, worded by the C library.
package struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    package let code: Int32
    package init(_ code: Int32) { self.code = code }
    package var isNotFound: Bool { code == ENOENT }
    /// The process or the system has no descriptor left.
    package var isOutOfDescriptors: Bool { code == EMFILE || code == ENFILE }
    package var description: String { systemErrorMessage(code) }
}

package enum FileSystem {
    /// Reads the regular file at the absolute path `path` to its end, if it holds at most
    /// `maxSize` bytes. A link in the last component is not followed (the file may have
    /// become one since the walk), and a FIFO put in its place does not block the read.
    /// By bytes: the name need not be UTF-8, nor the path shorter than PATH_MAX.
    package static func readFile(path: [UInt8], maxSize: Int) -> FileContent {
        let fd = PathBytes.openPath(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failed(errno) }
        defer { close(fd) }
        return readOpen(fd, maxSize: maxSize)
    }

    /// Reads the open file `fd` to its end, as `readFile(path:maxSize:)` does.
    static func readOpen(_ fd: Int32, maxSize: Int) -> FileContent {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failed(errno) }
        guard st.st_mode & S_IFMT == S_IFREG else { return .notRegular }
        let size = Int(st.st_size)
        if size > maxSize { return .tooLarge }
        // Read to EOF rather than trusting st_size: the file may be growing. One byte more
        // than the size tells a grown file from one read whole without another call.
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, initialized in
            var length = 0
            while length < buffer.count {
                let n = read(fd, buffer.baseAddress! + length, buffer.count - length)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if n == 0 { break }
                length += n
            }
            initialized = length
        }
        if failure != 0 { return .failed(failure) }
        if bytes.count == size + 1 {
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                if bytes.count > maxSize { return .tooLarge }
                let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    return .failed(errno)
                }
                if n == 0 { break }
                bytes += chunk[..<n]
            }
        }
        return bytes.count > maxSize ? .tooLarge : .bytes(bytes)
    }

    /// Removes the file `path` (never what a link points to); true when it is gone, also
    /// when it was gone already.
    package static func remove(_ path: String) -> Result<Void, SystemError> {
        unlink(path) == 0 || errno == ENOENT ? .success(()) : .failure(SystemError(errno))
    }

    /// Whether this process may write `path`, by its real user and group.
    package static func isWritable(_ path: String) -> Bool { access(path, W_OK) == 0 }

    /// Sets the access and modification times of `path` (seconds and nanoseconds each).
    package static func setTimes(_ path: String, accessed: [Int], modified: [Int]) -> Result<Void, SystemError> {
        var times = [timespec(tv_sec: accessed[0], tv_nsec: accessed[1]), timespec(tv_sec: modified[0], tv_nsec: modified[1])]
        return utimensat(AT_FDCWD, path, &times, 0) == 0 ? .success(()) : .failure(SystemError(errno))
    }

    /// Sets the permission bits of `path`.
    package static func setPermissions(_ path: String, _ permissions: Int) -> Result<Void, SystemError> {
        chmod(path, mode_t(permissions)) == 0 ? .success(()) : .failure(SystemError(errno))
    }
}

/// One folder, open. Its ignore files are read relative to it, so neither its depth nor its
/// name's encoding matters; closed when the last reference goes.
package final class Directory {
    package struct Entry: Sendable {
        package let name: [UInt8]
        package let kind: FileKind
    }

    #if os(Linux)
    private typealias Handle = OpaquePointer
    #else
    private typealias Handle = UnsafeMutablePointer<DIR>
    #endif
    private let handle: Handle

    private init(handle: Handle) { self.handle = handle }

    deinit { closedir(handle) }

    /// Opens the folder at the absolute path `path` (by bytes, as `PathBytes.openPath`).
    /// With `followLink` false a link in the last component is refused, not followed.
    package static func open(_ path: [UInt8], followLink: Bool) -> Result<Directory, SystemError> {
        wrap(PathBytes.openPath(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (followLink ? 0 : O_NOFOLLOW)))
    }

    /// Opens the folder `name` in this one, relative to it: the path above is not looked up
    /// again, so a folder on it replaced by a link since cannot lead elsewhere, and a link
    /// named `name` is refused, not followed.
    package func open(child name: [UInt8]) -> Result<Directory, SystemError> {
        Self.wrap(PathBytes.withCString(name) { openat(dirfd(handle), $0, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW) })
    }

    private static func wrap(_ fd: Int32) -> Result<Directory, SystemError> {
        guard fd >= 0 else { return .failure(SystemError(errno)) }
        guard let handle = fdopendir(fd) else {
            let code = errno
            close(fd)
            return .failure(SystemError(code))
        }
        return .success(Directory(handle: handle))
    }

    /// The folder's entries but `.` and `..`, in the order the system gives them, with the
    /// number of entries whose kind could not be had (left out), and the error that ended
    /// the listing early, if one did. Reads the folder once.
    package func entries() -> (entries: [Entry], unstatable: Int, failure: SystemError?) {
        var entries: [Entry] = []
        var unstatable = 0
        let dot = UInt8(ascii: ".")
        while true {
            errno = 0
            guard let entry = readdir(handle) else {
                return (entries, unstatable, errno == 0 ? nil : SystemError(errno))
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name == [dot] || name == [dot, dot] { continue }
            let kind: FileKind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_REG): kind = .regular
            case Int32(DT_LNK): kind = .symlink
            case Int32(DT_UNKNOWN):
                // Some file systems do not say; ask about the entry itself, not its target.
                var st = stat()
                guard PathBytes.withCString(name, { fstatat(dirfd(handle), $0, &st, AT_SYMLINK_NOFOLLOW) }) == 0 else {
                    unstatable += 1
                    continue
                }
                kind = FileKind(mode: st.st_mode)
            default: kind = .other
            }
            entries.append(Entry(name: name, kind: kind))
        }
    }

    /// The regular file `name` in this folder, read whole; nil when it is missing, not a
    /// regular file (a link is not followed) or cannot be read.
    package func readFile(named name: String, maxSize: Int = .max - 1) -> [UInt8]? {
        let file = openat(dirfd(handle), name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else { return nil }
        defer { close(file) }
        if case let .bytes(bytes) = FileSystem.readOpen(file, maxSize: maxSize) { return bytes }
        return nil
    }
}

/// Byte searches the C library does fastest.
package enum ByteSearch {
    /// The index of the first `byte` in `bytes` at or after `start`, or nil.
    @inline(__always)
    package static func firstIndex(of byte: UInt8, in bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
        guard start < bytes.endIndex else { return nil }
        return bytes.withUnsafeBytes { raw -> Int? in
            let offset = start - bytes.startIndex
            guard let base = raw.baseAddress, let hit = memchr(base + offset, Int32(byte), raw.count - offset) else {
                return nil
            }
            return bytes.startIndex + base.distance(to: UnsafeRawPointer(hit))
        }
    }
}

extension ByteSearch {
    /// Whether `needle` occurs in `bytes`, byte for byte: memchr to each candidate first
    /// byte, memcmp for the rest (glibc's memmem is not in Swift's Glibc module).
    package static func contains(_ needle: [UInt8], in bytes: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        return bytes.withUnsafeBytes { hay in
            needle.withUnsafeBytes { word in
                guard let base = hay.baseAddress, let wordBase = word.baseAddress else { return false }
                var at = 0
                while hay.count - at >= word.count, let hit = memchr(base + at, Int32(first), hay.count - at - word.count + 1) {
                    let offset = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + offset, wordBase, word.count) == 0 { return true }
                    at = offset + 1
                }
                return false
            }
        }
    }
}

/// The process's clocks.
package enum Clock {
    /// Seconds on the monotonic clock, from an arbitrary start.
    package static func monotonic() -> Double { now(CLOCK_MONOTONIC) }

    /// CPU seconds the calling thread has used.
    package static func threadCPU() -> Double { now(CLOCK_THREAD_CPUTIME_ID) }

    private static func now(_ clock: clockid_t) -> Double {
        var time = timespec()
        clock_gettime(clock, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

package enum Terminal {
    /// Whether the descriptor `fd` (1 standard output, 2 standard error) is a terminal.
    package static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) != 0 }
}

#if FUZZING
/// libFuzzer's entry, for the fuzz executables: the inputs arrive as C pointers and leave
/// as arrays.
package enum LibFuzzer {
    /// The check of this process; libFuzzer's callback is a C function and cannot capture it.
    nonisolated(unsafe) private static var check: (([UInt8]) -> Void)?

    /// Runs libFuzzer with the process's arguments, `check` once per input. SwiftPM links
    /// every executable with its own `main` (renamed, for testable executables), so
    /// libFuzzer's `main` cannot be used; its documented entry `LLVMFuzzerRunDriver` can.
    package static func run(_ check: @escaping ([UInt8]) -> Void) -> Never {
        Self.check = check
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            LibFuzzer.check!(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
            return 0
        })
    }
}

/// libFuzzer's driver (compiler-rt FuzzerInterface.h); present when linked with -sanitize=fuzzer.
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
#endif

extension FileSystem {
    /// Creates the new file `path` (never replacing one) holding `bytes`, with `permissions`.
    /// Its descriptor is close-on-exec: a program another thread spawns meanwhile does not
    /// keep it open for writing, which would make running a new executable fail (ETXTBSY).
    package static func create(_ path: String, bytes: [UInt8], permissions: Int) -> Result<Void, SystemError> {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(permissions))
        guard fd >= 0 else { return .failure(SystemError(errno)) }
        defer { close(fd) }
        if OutputFile.writeAll(fd, bytes) != nil { return .failure(SystemError(EIO)) }
        return .success(())
    }
}

package enum ProcessSignals {
    /// A write to a closed pipe then fails with EPIPE where it happens, instead of killing
    /// the process.
    package static func ignoreBrokenPipe() { signal(SIGPIPE, SIG_IGN) }
}

package enum Network {
    /// A loopback TCP port nothing listens on: bound, read, closed.
    package static func unusedLoopbackPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

extension ProcessSignals {
    /// Ends this process with `status`, for the small executables that have no
    /// ArgumentParser to return an exit code through.
    package static func exit(_ status: Int32) -> Never { Foundation.exit(status) }

    /// Ends the process `pid` at once (SIGKILL).
    package static func kill(_ pid: Int32) { _ = Foundation.kill(pid, SIGKILL) }
}

package enum ProcessIdentity {
    /// Whether this process runs as root, who reads any file whatever its mode.
    package static var isRoot: Bool { getuid() == 0 }
}
