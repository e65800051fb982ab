import Foundation
import Platform
import Testing

/// The product's one process runner: what git and nvidia-smi run through.
@Suite struct ProcessRunnerTests {
    /// stdin is /dev/null: a program that reads it ends at once instead of waiting on a
    /// prompt (git asking for credentials, a pager waiting for a key).
    @Test func stdinIsEmpty() throws {
        let cat = try #require(ProcessRunner.find("cat"))
        let output = try ProcessRunner.run(cat, [], timeout: 5)
        #expect(!output.timedOut)
        #expect(output.status == 0)
        #expect(output.stdout.isEmpty)
    }

    /// Exit status, stdout and stderr come back separately, and the environment is changed as
    /// asked (nil removes a variable).
    @Test func statusOutputAndEnvironment() throws {
        let sh = try #require(ProcessRunner.find("sh"))
        setenv("OLLAMA_AUDIT_RUNNER_GONE", "still here", 1)
        defer { unsetenv("OLLAMA_AUDIT_RUNNER_GONE") }
        let output = try ProcessRunner.run(sh, ["-c", "echo \"$A${OLLAMA_AUDIT_RUNNER_GONE-unset}\"; echo oops >&2; exit 7"],
                                           environment: ["A": "set-", "OLLAMA_AUDIT_RUNNER_GONE": nil])
        #expect(output.status == 7)
        #expect(String(decoding: output.stdout, as: UTF8.self) == "set-unset\n")
        #expect(output.firstErrorLine == "oops")
        #expect(output.ending == "exited with status 7")
    }

    /// A program that outlives its timeout is killed, and the output says so; one killed by a
    /// signal reports the signal, not an exit status.
    @Test func timeoutKillsAndSignalsAreReported() throws {
        let sh = try #require(ProcessRunner.find("sh"))
        let start = Date()
        let slow = try ProcessRunner.run(sh, ["-c", "exec sleep 30"], timeout: 0.5)
        #expect(slow.timedOut)
        #expect(slow.status == nil && slow.signal == 9)
        #expect(Date().timeIntervalSince(start) < 5, "the kill ends the wait")
        let killed = try ProcessRunner.run(sh, ["-c", "kill -TERM $$"])
        #expect(killed.status == nil && killed.signal == 15)
        #expect(killed.ending == "was killed by signal 15")
    }

    @Test func missingProgramIsAFailureNotACrash() {
        #expect(ProcessRunner.find("no-such-program-ollama-audit", in: "/nonexistent:/usr/bin") == nil)
        #expect(throws: ProcessRunner.Failure.self) { try ProcessRunner.run("/nonexistent/program", []) }
    }

    /// A program written a moment ago is "busy" while a write handle to it is open (here our
    /// own, closed 100 ms later; in the suite, one a concurrent fork inherited): the run waits
    /// for it rather than failing with "Text file busy".
    @Test func aProgramStillOpenForWritingRunsOnceClosed() throws {
        let folder = NSTemporaryDirectory() + "busy-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/prog"
        #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o755]))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.write(contentsOf: Data("#!/bin/sh\necho ran\n".utf8))
        let closer = Thread {
            Thread.sleep(forTimeInterval: 0.1)
            try? handle.close()
        }
        closer.start()
        let output = try ProcessRunner.run(path, [], timeout: 5)
        #expect(output.status == 0)
        #expect(String(decoding: output.stdout, as: UTF8.self) == "ran\n")
    }
}
