import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program with posix_spawn and collects its output.
///
/// Not Foundation's `Process`: on Linux its `run()` scans /proc/self/fd and copies a fixed
/// 256 bytes of every dirent's name (swiftlang/swift-corelibs-foundation#5472). ASan reports
/// the over-read, and now and then it crosses into an unmapped page: `make test` died with
/// SIGSEGV in `Process.run()` while the suite spawned its hundreds of git, patch and binary
/// runs in parallel.
enum Spawn {
    struct Output {
        var status: Int32
        var stdout: Data
        var stderr: Data
        var timedOut: Bool
    }

    private static let spawning = NSLock()

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `executable` (a path) with `arguments` in `directory`. The working directory is set
    /// by GNU env's `-C`, since glibc's addchdir file action is not visible from Swift. Signals
    /// start with their default actions and an empty mask, as they would from a shell.
    static func run(_ executable: String, _ arguments: [String], directory: String,
                    environment: [String: String], stdin: String?, timeout: Double) throws -> Output {
        // A child that exits before reading its stdin must not kill the test process.
        signal(SIGPIPE, SIG_IGN)
        // pipe2 is not visible from Swift: pipe, then close-on-exec, under one lock with the spawn
        // itself, so no other run's child inherits these pipes and holds them open.
        spawning.lock()
        var locked = true
        defer { if locked { spawning.unlock() } }
        var input: [Int32] = [-1, -1], output: [Int32] = [-1, -1], errors: [Int32] = [-1, -1]
        guard pipe(&input) == 0, pipe(&output) == 0, pipe(&errors) == 0 else {
            throw Failure(description: "pipe: \(String(cString: strerror(errno)))")
        }
        for fd in input + output + errors { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = (["/usr/bin/env", "-C", directory, executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, argv, envp)
        close(input[0])
        close(output[1])
        close(errors[1])
        spawning.unlock()
        locked = false
        guard spawned == 0 else {
            close(input[1]); close(output[0]); close(errors[0])
            throw Failure(description: "posix_spawn \(executable): \(String(cString: strerror(spawned)))")
        }

        if let stdin {
            let bytes = Array(stdin.utf8)
            var written = 0
            while written < bytes.count {
                let n = bytes.withUnsafeBytes { write(input[1], $0.baseAddress! + written, bytes.count - written) }
                if n < 0 { if errno == EINTR { continue }; break }
                written += n
            }
        }
        close(input[1])

        // Both pipes are drained together, so a child that fills one cannot stall on it.
        var collected = [Data(), Data()]
        var open = [output[0], errors[0]]
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        var buffer = [UInt8](repeating: 0, count: 65536)
        while open.contains(where: { $0 >= 0 }) {
            var polled = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0, !timedOut {
                timedOut = true
                kill(pid, SIGKILL)
            }
            // After the kill, a grandchild may still hold a pipe: read for two more seconds at most.
            if timedOut, remaining < -2 { break }
            let wait = Int32(max(0, min(remaining > 0 ? remaining : remaining + 2, 1)) * 1000)
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
        // As Process reports it: the exit code, or the number of the signal that ended it.
        let code = status & 0x7F == 0 ? (status >> 8) & 0xFF : status & 0x7F
        return Output(status: code, stdout: collected[0], stderr: collected[1], timedOut: timedOut)
    }
}
