import Foundation
import Platform

/// Paths, process runs, temporary trees and golden files for the test suites.
/// It has no test-framework dependency: helpers return values and tests assert on them.
public enum TestSupport {
    /// The package root, found from this source file's location.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func fixture(_ relative: String) -> String {
        packageRoot.appendingPathComponent("fixtures/" + relative).path
    }

    /// The `ollama-audit` binary built beside the test bundle, or `$OLLAMA_AUDIT_BIN`.
    public static var binary: String {
        if let explicit = ProcessInfo.processInfo.environment["OLLAMA_AUDIT_BIN"] { return explicit }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("ollama-audit").path
    }

    public struct RunResult: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        /// The run was killed after the `timeout` given to `run`: it hung.
        public var timedOut = false
    }

    /// Runs `executable` with `arguments` in `directory`, with the environment given
    /// (NO_COLOR and no CI noise by default), and waits for it, at most `timeout` seconds:
    /// then it is killed and the result says `timedOut`, so a hang fails one test, not the suite.
    /// The default is long on purpose: pre-commit builds this package inside one run, which
    /// took over 5 minutes on a loaded 2-core machine. Tests of hangs pass their own bound.
    public static func run(
        _ arguments: [String], executable: String = binary, in directory: String? = nil,
        environment: [String: String] = [:], stdin: String? = nil, timeout: Double = 1800
    ) throws -> RunResult {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        // The goldens are what a plain run prints; a test of GitHub's runner sets it itself.
        // Nor does a run under Actions append test scans to the job's own step summary.
        env["GITHUB_ACTIONS"] = nil
        env["GITHUB_STEP_SUMMARY"] = nil
        for (k, v) in environment { env[k] = v }
        // posix_spawn, not Foundation's Process: see ProcessRunner.
        let result = try ProcessRunner.run(executable, arguments, environment: env, inheritEnvironment: false,
                                           directory: directory ?? packageRoot.path, stdin: stdin.map { Array($0.utf8) },
                                           timeout: timeout)
        return RunResult(status: result.status ?? result.signal ?? 0,
                         stdout: String(decoding: result.stdout, as: UTF8.self),
                         stderr: String(decoding: result.stderr, as: UTF8.self),
                         timedOut: result.timedOut)
    }

    /// A fresh temporary folder, removed by the caller with `removeTree`.
    /// Copies an executable with a close-on-exec descriptor. FileManager's copy leaves the
    /// copy open for writing without it, so a child another test spawns at that moment keeps
    /// it open, and running the copy then fails with ETXTBSY (exit 126).
    public static func copyExecutable(_ source: String, to destination: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: source))
        try FileSystem.create(destination, bytes: [UInt8](data), permissions: 0o755).get()
    }

    public static func makeTemporaryDirectory(_ name: String = "ollama-audit-test") throws -> String {
        let path = NSTemporaryDirectory() + "/\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Writes `files` (relative path → contents) under `root`, creating folders.
    public static func writeTree(_ files: [String: String], under root: String) throws {
        for (relative, contents) in files {
            let url = URL(fileURLWithPath: root).appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }
    }

    /// Runs git in `directory`; the result, whatever the status.
    @discardableResult
    public static func git(_ arguments: [String], in directory: String) throws -> RunResult {
        try run(["git"] + arguments, executable: "/usr/bin/env", in: directory)
    }

    /// A temporary git repository holding `files`, everything committed.
    public static func gitRepository(_ files: [String: String], name: String = "repo") throws -> String {
        let root = try makeTemporaryDirectory(name)
        try writeTree(files, under: root)
        try git(["init", "-q"], in: root)
        try git(["add", "-A"], in: root)
        try commitAll("base", in: root)
        return root
    }

    /// Commits every tracked change (`git commit -a`) with a throwaway identity.
    public static func commitAll(_ message: String, in directory: String) throws {
        try git(["-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qam", message], in: directory)
    }

    public static func removeTree(_ path: String) {
        // Restore permissions first so a test that chmods 000 cannot leave debris.
        _ = try? run(["-R", "u+rwx", path], executable: "/bin/chmod")
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Compares `actual` with the golden file `fixtures/expected/<name>`. Returns nil when they
    /// match, else a message. With OLLAMA_AUDIT_RECORD=1 it rewrites the file and still
    /// reports the difference, so a recording run never passes silently.
    public static func golden(_ actual: String, _ name: String) -> String? {
        let path = packageRoot.appendingPathComponent("fixtures/expected/" + name).path
        let expected = (try? String(contentsOfFile: path, encoding: .utf8))
        if expected == actual { return nil }
        if ProcessInfo.processInfo.environment["OLLAMA_AUDIT_RECORD"] == "1" {
            try? FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try? actual.write(toFile: path, atomically: true, encoding: .utf8)
            return "recorded \(name); review the change and run the tests again"
        }
        guard let expected else { return "missing golden file \(name); run `make golden` to record it" }
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
        let got = line < a.count ? String(a[line]) : "<end of output>"
        let want = line < e.count ? String(e[line]) : "<end of file>"
        return "\(name) differs at line \(line + 1):\n  expected: \(want)\n  actual:   \(got)\n"
            + "run `make golden` if the change is intended"
    }
}

private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}

/// The OpenAI-compatible stand-in for vLLM (Tests/servers/openai_stub.py), started on a free
/// loopback port for one test and killed by `stop()`.
public final class StubServer: @unchecked Sendable {
    public static let script = TestSupport.packageRoot.appendingPathComponent("Tests/servers/openai_stub.py").path
    public let port: Int
    private let process: Process

    /// Starts the server with `arguments` (`--mode slow --delay 2`, `--api-key K`) and waits
    /// (at most 15 s) for the port it prints on its first line.
    public init(_ arguments: [String] = []) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let line = LockedData()
        let ready = DispatchSemaphore(value: 0)
        let reader = out.fileHandleForReading
        DispatchQueue.global().async {
            var bytes = Data()
            while true {
                let byte = reader.readData(ofLength: 1)
                if byte.isEmpty || byte == Data([0x0A]) { break }
                bytes.append(byte)
            }
            line.set(bytes)
            ready.signal()
        }
        guard ready.wait(timeout: .now() + 15) == .success,
              let port = Int(String(decoding: line.get(), as: UTF8.self)) else {
            ProcessSignals.kill(process.processIdentifier)
            process.waitUntilExit()
            throw StubServerError.noPort
        }
        self.process = process
        self.port = port
    }

    /// The base URL `verify --endpoint` takes.
    public var endpoint: String { "http://127.0.0.1:\(port)/v1" }

    public func stop() {
        if process.isRunning { ProcessSignals.kill(process.processIdentifier) }
        process.waitUntilExit()
    }

    deinit { stop() }

    public enum StubServerError: Error { case noPort }

    /// A loopback port nothing listens on: bound, read, closed.
    public static func unusedPort() -> Int {
        Network.unusedLoopbackPort()
    }
}
