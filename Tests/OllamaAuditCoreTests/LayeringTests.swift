import AuditTestSupport
import Foundation
import Testing

/// Only PCRE2Swift and Platform call C or hold a raw pointer; every other target and test
/// works on arrays, slices and small structs. The compiler cannot see this (Foundation
/// re-exports the C library), so this test reads the sources: comments and string literals
/// are blanked first, code interpolated into a string is still read.
@Suite struct LayeringTests {
    /// The targets that may: the PCRE2 binding and the system layer.
    static let exempt = ["Sources/PCRE2Swift/", "Sources/Platform/"]

    /// Files outside those that may all the same, each with its reason. Keep it short.
    static let allowed: [String: String] = [:]

    static let cModules: Set<String> = ["Glibc", "Darwin", "SwiftGlibc", "CCurl", "CPCRE2", "Musl", "ucrt"]
    /// Modules whose qualified names reach the C library: `Foundation.write(...)` is a C call.
    static let cQualifiers: Set<String> = ["Foundation", "Glibc", "Darwin", "SwiftGlibc"]
    static let cFunctions: Set<String> = [
        "open", "openat", "read", "write", "close", "fstat", "fstatat", "stat", "lstat", "fdopendir", "readdir",
        "closedir", "waitpid", "wait4", "kill", "pipe", "dup", "dup2", "fcntl", "rename", "renameat", "unlink",
        "unlinkat", "mkstemp", "fsync", "isatty", "getpid", "chmod", "setrlimit", "getrlimit", "memchr", "memcmp",
        "memcpy", "strlen", "strdup", "malloc", "free", "strerror", "access", "poll", "signal", "socket",
        "clock_gettime", "utimes", "utimensat", "mkdir", "mkfifo", "opendir", "getuid", "geteuid", "usleep",
        "waitid", "bind", "exit", "_exit", "abort",
    ]
    /// Pointer casts and raw access that do not say `Unsafe` in their name.
    static let unsafeNames: Set<String> = ["unsafeBitCast", "unsafeDowncast", "unsafeArgv", "unsafeAddress"]
    static let cPrefixes = ["posix_spawn", "curl_", "pcre2_"]

    struct Violation: CustomStringConvertible {
        let file: String, line: Int, what: String
        var description: String { "\(file):\(line): \(what)" }
    }

    @Test func onlyPCRE2SwiftAndPlatformTouchCOrPointers() throws {
        let root = TestSupport.packageRoot.path
        var violations: [Violation] = []
        var files = 0
        for folder in ["Sources", "Tests"] {
            let names = try FileManager.default.subpathsOfDirectory(atPath: root + "/" + folder)
            for name in names.sorted() where name.hasSuffix(".swift") {
                let relative = folder + "/" + name
                if Self.exempt.contains(where: relative.hasPrefix) || Self.allowed[relative] != nil { continue }
                let text = try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
                violations += Self.check(text, file: relative)
                files += 1
            }
        }
        #expect(files > 100, "the walk found the sources")
        let list = violations.map(\.description).joined(separator: "\n")
        #expect(violations.isEmpty, "C calls or raw pointers outside PCRE2Swift and Platform (move them there):\n\(list)")
    }

    /// The check itself: it must see each kind of use, and nothing in comments or strings.
    @Test func theCheckSeesCodeAndNotCommentsOrStrings() {
        let source = #"""
            import Glibc
            // open(path) in a comment, /* UnsafePointer /* nested */ errno */
            let a = "read(fd) and \(Foundation.write(1, b, 2)) here"
            let b = #"memchr("x") \(free(p))"#
            let c = """
                close(fd) UnsafeRawBufferPointer
                """
            bytes.withUnsafeBytes { _ in }
            let d = json.open("{") + reader.read(3)
            guard fstat(fd, &st) == 0 else { return errno }
            func write(_ x: Int) {}
            write(3)
            let e = unsafeBitCast(x, to: Int.self) as OpaquePointer
            nonisolated(unsafe) var f = 0
            pcre2_match_8(code)
            """#
        let found = Self.check(source, file: "x.swift").map { "\($0.line) \($0.what)" }
        #expect(found == [
            "1 imports the C module Glibc",
            "3 calls the C function write",
            "8 uses withUnsafeBytes",
            "10 calls the C function fstat",
            "10 uses errno",
            "13 uses unsafeBitCast",
            "13 uses OpaquePointer",
            "15 uses pcre2_match_8",
        ])
    }

    static func check(_ text: String, file: String) -> [Violation] {
        let code = CodeOnly.blank(Array(text.utf8))
        let lines = code.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var tokensByLine: [[Token]] = []
        var declared = Set<String>()
        for line in lines {
            let tokens = Token.all(in: Array(line))
            for (i, token) in tokens.enumerated() where i > 0 && tokens[i - 1].text == "func" { declared.insert(token.text) }
            tokensByLine.append(tokens)
        }
        var violations: [Violation] = []
        for (index, tokens) in tokensByLine.enumerated() {
            let line = Array(lines[index])
            func flag(_ what: String) { violations.append(Violation(file: file, line: index + 1, what: what)) }
            for (i, token) in tokens.enumerated() {
                let previous = i > 0 ? tokens[i - 1].text : nil
                let name = token.text
                if previous == "import", cModules.contains(name) { flag("imports the C module \(name)"); continue }
                if name.contains("Unsafe") || unsafeNames.contains(name) || name == "OpaquePointer" || name == "errno" {
                    flag("uses \(name)")
                } else if cPrefixes.contains(where: name.hasPrefix) {
                    flag("uses \(name)")
                } else if cFunctions.contains(name), token.isCalled(in: line), previous != "func", previous != "case" {
                    // A method call (`json.open(`) is not C, unless the receiver is a module
                    // that re-exports C (`Foundation.write(`). A file that declares its own
                    // function of that name calls that one, as Swift resolves it.
                    let qualified = token.afterDot(in: line)
                    if qualified ? cQualifiers.contains(previous ?? "") : !declared.contains(name) {
                        flag("calls the C function \(name)")
                    }
                }
            }
        }
        return violations
    }

    struct Token {
        let text: String
        let start: Int, end: Int

        static func all(in line: [UInt8]) -> [Token] {
            var tokens: [Token] = []
            var i = 0
            while i < line.count {
                guard isHead(line[i]) else { i += 1; continue }
                let start = i
                while i < line.count, isHead(line[i]) || (line[i] >= 0x30 && line[i] <= 0x39) { i += 1 }
                // Digits before a name make it part of a number (`0x1F`), not an identifier.
                if start > 0, line[start - 1] >= 0x30 && line[start - 1] <= 0x39 { continue }
                tokens.append(Token(text: String(decoding: line[start..<i], as: UTF8.self), start: start, end: i))
            }
            return tokens
        }

        static func isHead(_ c: UInt8) -> Bool {
            (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c >= 0x80
        }

        func isCalled(in line: [UInt8]) -> Bool {
            var i = end
            while i < line.count, line[i] == 0x20 { i += 1 }
            return i < line.count && line[i] == UInt8(ascii: "(")
        }

        func afterDot(in line: [UInt8]) -> Bool {
            var i = start - 1
            while i >= 0, line[i] == 0x20 { i -= 1 }
            return i >= 0 && line[i] == UInt8(ascii: ".")
        }
    }
}

/// Swift source with the text of comments (nested block comments too) and string literals
/// (plain, multi-line, raw) replaced by spaces; line breaks and interpolated code stay.
enum CodeOnly {
    static func blank(_ source: [UInt8]) -> [UInt8] {
        var lexer = Lexer(s: source, out: source)
        lexer.code(untilParen: false)
        return lexer.out
    }

    struct Lexer {
        let s: [UInt8]
        var out: [UInt8]
        var i = 0

        func at(_ j: Int) -> UInt8 { j < s.count ? s[j] : 0 }

        mutating func blank(_ j: Int) { if j < s.count, s[j] != 0x0A { out[j] = 0x20 } }

        /// Code, up to the `)` that closes an interpolation when `untilParen`.
        mutating func code(untilParen: Bool) {
            var depth = 0
            while i < s.count {
                let c = s[i]
                if untilParen {
                    if c == UInt8(ascii: "(") { depth += 1 }
                    if c == UInt8(ascii: ")") {
                        if depth == 0 { return }
                        depth -= 1
                    }
                }
                if c == UInt8(ascii: "/"), at(i + 1) == UInt8(ascii: "/") {
                    while i < s.count, s[i] != 0x0A { blank(i); i += 1 }
                } else if c == UInt8(ascii: "/"), at(i + 1) == UInt8(ascii: "*") {
                    var nesting = 0
                    repeat {
                        if at(i) == UInt8(ascii: "/"), at(i + 1) == UInt8(ascii: "*") {
                            nesting += 1; blank(i); blank(i + 1); i += 2
                        } else if at(i) == UInt8(ascii: "*"), at(i + 1) == UInt8(ascii: "/") {
                            nesting -= 1; blank(i); blank(i + 1); i += 2
                        } else {
                            blank(i); i += 1
                        }
                    } while nesting > 0 && i < s.count
                } else if c == UInt8(ascii: "#") || c == UInt8(ascii: "\"") {
                    var hashes = 0
                    while at(i + hashes) == UInt8(ascii: "#") { hashes += 1 }
                    guard at(i + hashes) == UInt8(ascii: "\"") else { i += max(hashes, 1); continue }
                    i += hashes
                    let multiline = at(i + 1) == UInt8(ascii: "\"") && at(i + 2) == UInt8(ascii: "\"")
                    i += multiline ? 3 : 1
                    string(hashes: hashes, multiline: multiline)
                } else {
                    i += 1
                }
            }
        }

        /// The body of a string literal, from after its opening quote to after its closing one.
        mutating func string(hashes: Int, multiline: Bool) {
            while i < s.count {
                let c = s[i]
                if c == UInt8(ascii: "\\"), (0..<hashes).allSatisfy({ at(i + 1 + $0) == UInt8(ascii: "#") }) {
                    let next = i + 1 + hashes
                    if at(next) == UInt8(ascii: "(") {
                        i = next + 1
                        code(untilParen: true)
                        i += 1  // the closing parenthesis
                    } else {
                        for j in i...next { blank(j) }
                        i = next + 1
                    }
                    continue
                }
                let quotes = multiline ? 3 : 1
                if (0..<quotes).allSatisfy({ at(i + $0) == UInt8(ascii: "\"") }),
                   (0..<hashes).allSatisfy({ at(i + quotes + $0) == UInt8(ascii: "#") }) {
                    i += quotes + hashes
                    return
                }
                blank(i)
                i += 1
            }
        }
    }
}
