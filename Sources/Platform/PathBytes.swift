import Foundation

/// File-system paths as the kernel has them: bytes, not Strings. A name need not
/// be UTF-8, and decoding it to a String replaced the bad bytes with U+FFFD, so the scan
/// opened a path that did not exist, or a sibling really named with U+FFFD, twice. And a
/// path may be longer than PATH_MAX, which `open` refuses.
public enum PathBytes {
    /// How reports show a path: as it is when it is UTF-8, else each byte of a bad sequence
    /// as `\xNN`.
    public static func display(_ bytes: some Collection<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var out = ""
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var pending = Array(bytes)[...]
        while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(encoded):
                out.unicodeScalars.append(Unicode.UTF8.decode(encoded))
                pending = pending.dropFirst(encoded.count)
            case let .error(length):
                for byte in pending.prefix(length) { out += "\\x" + hex(byte).lowercased() }
                pending = pending.dropFirst(length)
            case .emptyInput:
                return out
            }
        }
    }

    /// The bytes percent-encoded as a URI path (RFC 3986): unreserved characters, sub-delims
    /// but `;`, and `@` and `/` stay; everything else, every non-ASCII byte included, is `%XX`.
    /// For a UTF-8 path this is what Foundation's `addingPercentEncoding` gives; for any
    /// other it is still exact.
    public static func percentEncoded(_ bytes: some Sequence<UInt8>) -> String {
        percentEncoded(bytes, keeping: "-._~!$&'()*+,=@/")
    }

    /// The same, leaving letters, digits and only the punctuation in `keeping` as they are (a
    /// link in Markdown keeps `-._~/`, so that no `(`, `)` or `|` ends it).
    public static func percentEncoded(_ bytes: some Sequence<UInt8>, keeping: String) -> String {
        var out = ""
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case _ where keeping.utf8.contains(byte):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + hex(byte)
            }
        }
        return out
    }

    package static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 15)]], as: UTF8.self)
    }

    /// Opens the absolute path `path` with `flags`. A path too long for `open` is opened a
    /// piece at a time, each piece with `openat` relative to the folder the last one opened,
    /// so PATH_MAX does not limit how deep a scan goes.
    static func openPath(_ path: [UInt8], _ flags: Int32) -> Int32 {
        let limit = Int(PATH_MAX) - 1  // room for the NUL
        if path.count <= limit { return withCString(path) { openat(AT_FDCWD, $0, flags) } }
        var base = AT_FDCWD
        var rest = path[...]
        defer { if base != AT_FDCWD { close(base) } }
        while rest.count > limit {
            // The longest run of whole components that fits; a name is at most NAME_MAX
            // (255) bytes, so there is always one.
            guard let cut = rest.prefix(limit).lastIndex(of: UInt8(ascii: "/")), cut > rest.startIndex else {
                errno = ENAMETOOLONG
                return -1
            }
            let folder = withCString(rest[..<cut]) { openat(base, $0, folderFlags) }
            guard folder >= 0 else { return -1 }
            if base != AT_FDCWD { close(base) }
            base = folder
            rest = rest[(cut + 1)...]
        }
        return withCString(rest) { openat(base, $0, flags) }
    }

    /// For folders passed through on the way to a deep path: no read permission needed, as
    /// with `open` on the whole path.
    #if os(Linux)
    // O_PATH (Linux's 010000000 on every architecture Swift runs on); Glibc's module map
    // hides it behind _GNU_SOURCE.
    static let folderFlags = Int32(0o10000000) | O_DIRECTORY | O_CLOEXEC
    #else
    static let folderFlags = O_RDONLY | O_DIRECTORY | O_CLOEXEC
    #endif

    static func withCString<R>(_ bytes: some Collection<UInt8>, _ body: (UnsafePointer<CChar>) -> R) -> R {
        var terminated = Array(bytes)
        terminated.append(0)
        return terminated.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) } }
    }
}
