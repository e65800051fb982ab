import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way the tool runs another program (git, nvidia-smi): posix_spawn, stdin from
/// /dev/null, stdout and stderr collected.
///
/// Not Foundation's `Process`: on Linux its `run()` scans /proc/self/fd and copies a fixed
/// 256 bytes of every dirent's name (swiftlang/swift-corelibs-foundation#5472); now and then
/// the over-read crosses into an unmapped page and the tool dies with SIGSEGV.
/// The test suite runs its programs through it too.
package enum ProcessRunner {
    package struct Output: Sendable {
        /// The exit code; nil when a signal ended the program (see `signal`).
        package var status: Int32?
        package var signal: Int32?
        package var stdout: Data
        package var stderr: Data
        package var timedOut = false

        /// The first line of stderr, for error messages: what the program said went wrong.
        package var firstErrorLine: String {
            let text = String(decoding: stderr, as: UTF8.self)
            return text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        }

        /// "exited with status 128", "was killed by signal 9", "timed out".
        package var ending: String {
            if timedOut { return "timed out" }
            if let status { return "exited with status \(status)" }
            return "was killed by signal \(signal ?? 0)"
        }
    }

    /// Runs `spawn` again while it fails with ETXTBSY, for up to half a second. A program
    /// written a moment ago is "busy" while any process forked in that moment still holds its
    /// write handle, which closes at that process's own exec: a short wait always clears it
    /// (Go's os/exec documents the same race).
    static func retryingBusyText(_ spawn: () -> Int32) -> Int32 {
        var status = spawn()
        var tries = 0
        while status == ETXTBSY, tries < 20 {
            usleep(25_000)
            tries += 1
            status = spawn()
        }
        return status
    }

    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    /// Guards pipe creation and the spawn together: the pipes are made close-on-exec after
    /// `pipe` (pipe2 is not visible from Swift), so another run's child must not be spawned
    /// in between and inherit them, or it would hold them open and this run would never end.
    private static let spawning = NSLock()

    /// The first executable `name` in the folders of `searchPath` (PATH's syntax), or nil.
    package static func find(_ name: String, in searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        for folder in (searchPath ?? "").split(separator: ":") where !folder.isEmpty {
            let path = folder + "/" + name
            var st = stat()
            guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { continue }
            if access(path, X_OK) == 0 { return path }
        }
        return nil
    }

    /// Runs `executable` (an absolute path) with `arguments`, in `directory` (else this
    /// process's working directory), with this process's environment changed by `environment`
    /// (nil removes a variable), or with `environment` alone when `inheritEnvironment` is
    /// false. `stdin` is written to the program's standard input, else it reads /dev/null.
    /// After `timeout` seconds the program is killed and the output says so.
    package static func run(_ executable: String, _ arguments: [String], environment: [String: String?] = [:],
                            inheritEnvironment: Bool = true, directory: String? = nil, stdin: [UInt8]? = nil,
                            timeout: Double? = nil) throws(Failure) -> Output {
        var env = inheritEnvironment ? ProcessInfo.processInfo.environment : [:]
        for (key, value) in environment { env[key] = value }
        // A program that exits before reading all its input must not kill this process.
        if stdin != nil { signal(SIGPIPE, SIG_IGN) }

        spawning.lock()
        var locked = true
        defer { if locked { spawning.unlock() } }
        var input: [Int32] = [-1, -1], output: [Int32] = [-1, -1], errors: [Int32] = [-1, -1]
        guard pipe(&output) == 0 else { throw Failure(description: "pipe: \(systemErrorMessage(errno))") }
        guard pipe(&errors) == 0 else {
            close(output[0]); close(output[1])
            throw Failure(description: "pipe: \(systemErrorMessage(errno))")
        }
        if stdin != nil, pipe(&input) != 0 {
            let code = errno
            for fd in output + errors { close(fd) }
            throw Failure(description: "pipe: \(systemErrorMessage(code))")
        }
        for fd in output + errors + input where fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Nothing may wait on a prompt: a program that reads stdin reads end-of-file.
        if stdin != nil {
            posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Signals start with their default actions and an empty mask, as from a shell: the
        // tool ignores SIGPIPE, and a child that inherited that would not stop on a closed pipe.
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        // The working directory by GNU env's `-C`: posix_spawn's addchdir is not visible from Swift.
        let command = directory.map { ["/usr/bin/env", "-C", $0, executable] } ?? [executable]
        let argv = (command + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = ProcessRunner.retryingBusyText { posix_spawn(&pid, command[0], &actions, &attributes, argv, envp) }
        close(output[1])
        close(errors[1])
        if input[0] >= 0 { close(input[0]) }
        spawning.unlock()
        locked = false
        guard spawned == 0 else {
            close(output[0]); close(errors[0])
            if input[1] >= 0 { close(input[1]) }
            throw Failure(description: "cannot run \(executable): \(systemErrorMessage(spawned))")
        }

        if let stdin {
            var written = 0
            while written < stdin.count {
                let n = stdin.withUnsafeBytes { write(input[1], $0.baseAddress! + written, stdin.count - written) }
                if n < 0 { if errno == EINTR { continue }; break }
                written += n
            }
            close(input[1])
        }

        // Both pipes are drained together, so a child that fills one cannot stall on it.
        var collected = [Data(), Data()]
        var open = [output[0], errors[0]]
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        var timedOut = false
        var buffer = [UInt8](repeating: 0, count: 65536)
        while open.contains(where: { $0 >= 0 }) {
            var polled = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            var wait: Int32 = -1
            if let deadline {
                let remaining = deadline.timeIntervalSinceNow
                if remaining <= 0, !timedOut {
                    timedOut = true
                    kill(pid, SIGKILL)
                }
                // After the kill, a grandchild may still hold a pipe: read for one more second at most.
                if timedOut, remaining < -1 { break }
                wait = Int32(max(0, min(remaining > 0 ? remaining : remaining + 1, 1)) * 1000)
            }
            let ready = poll(&polled, nfds_t(polled.count), wait)
            if ready < 0 { if errno == EINTR { continue }; break }
            for index in polled.indices where polled[index].fd >= 0 && polled[index].revents != 0 {
                let n = read(polled[index].fd, &buffer, buffer.count)
                if n > 0 {
                    collected[index].append(contentsOf: buffer[0..<n])
                } else if n == 0 || errno != EINTR {
                    close(open[index])
                    open[index] = -1
                }
            }
        }
        for fd in open where fd >= 0 { close(fd) }

        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let signalled = status & 0x7F
        return Output(status: signalled == 0 ? (status >> 8) & 0xFF : nil, signal: signalled == 0 ? nil : signalled,
                      stdout: collected[0], stderr: collected[1], timedOut: timedOut)
    }
}

/// A program started and left running, for a caller that watches it and may kill it (the
/// crash-safety tests). Its standard streams are /dev/null. The pid stays this process's (a
/// zombie once it ends) until `wait`, so a kill can never hit a recycled pid.
package final class ChildProcess {
    package enum Ending: Equatable, Sendable { case exited(Int32), killed, other(Int32) }

    package let pid: Int32

    private init(pid: Int32) { self.pid = pid }

    /// Starts `executable` with `arguments`, the environment changed by `environment`.
    package static func start(_ executable: String, _ arguments: [String],
                              environment: [String: String?] = [:]) throws(ProcessRunner.Failure) -> ChildProcess {
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = ProcessRunner.retryingBusyText { posix_spawn(&pid, executable, &actions, nil, argv, envp) }
        guard status == 0 else {
            throw ProcessRunner.Failure(description: "cannot run \(executable): \(systemErrorMessage(status))")
        }
        return ChildProcess(pid: pid)
    }

    /// Whether it has ended, without reaping it.
    package func hasExited() -> Bool {
        var info = siginfo_t()
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 else { return true }
        #if canImport(Glibc)
        return info._sifields._sigchld.si_pid == pid
        #else
        return info.si_pid == pid
        #endif
    }

    /// Ends it at once (SIGKILL).
    package func kill() { _ = Foundation.kill(pid, SIGKILL) }

    /// Waits for it to end and reaps it: how it ended, and the user and system CPU seconds it used.
    package func wait() -> (ending: Ending, cpuSeconds: Double) {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
        let seconds = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1_000_000
        let signal = status & 0x7F
        let ending: Ending = signal == 0 ? .exited((status >> 8) & 0xFF) : signal == SIGKILL ? .killed : .other(signal)
        return (ending, seconds)
    }
}
