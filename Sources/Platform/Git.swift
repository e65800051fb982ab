import Foundation

/// Runs the `git` on PATH for one folder's repository, with everything the repository's own
/// configuration could make git run switched off. The scanned repository is not trusted: its
/// `.git/config` may come from a pull request's tarball, a container image or another user,
/// and git runs programs it names (an fsmonitor, a hook, a filter, a diff driver, a pager)
/// during the plain status, diff and ls-files the tool asks for.
///
/// The system and global configuration stay: they are the machine owner's, not the
/// repository's (GIT_CONFIG_NOSYSTEM would also drop a CI image's `safe.directory`).
package struct Git {
    package enum Failure: Error, CustomStringConvertible {
        /// No `git` on PATH.
        case notFound
        /// git could not be run, or ran and failed: the subcommand, its exit status (nil
        /// when it did not exit) and what went wrong, in git's own words when it said any.
        case failed(command: String, status: Int32?, reason: String)

        package var description: String {
            switch self {
            case .notFound: "git is not on PATH"
            case let .failed(command, _, reason): "git \(command) \(reason)"
            }
        }

        /// git exited with `status` and said nothing: how `--quiet` commands answer "no".
        package func isSilent(_ status: Int32) -> Bool {
            if case let .failed(_, got, reason) = self { return got == status && !reason.contains(":") }
            return false
        }
    }

    /// Settings that every command gets with `-c`, which beats every configuration file.
    package static let settings = [
        "core.fsmonitor=",           // a program git asks what changed (an empty value turns it off)
        "core.hooksPath=/dev/null",  // hooks, such as post-index-change when status refreshes the index
        "core.pager=cat",
        "diff.external=",            // diff commands also get --no-ext-diff
        "core.quotePath=false",
        "gc.auto=0",
        "maintenance.auto=false",
    ]

    /// Environment for every command: no pager, no prompt, no optional index write (that is
    /// what would run post-index-change), and no fetch from a promisor remote, whose
    /// transport (`uploadpack`, `ext::`) the repository's configuration names.
    package static let environment: [String: String?] = [
        "GIT_PAGER": "cat",
        "PAGER": "cat",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_NO_LAZY_FETCH": "1",
        "GIT_ALLOW_PROTOCOL": "none",  // a list naming no real protocol: every transport refused
        "GIT_EXTERNAL_DIFF": nil,
    ]

    package let executable: String
    /// The folder git runs in (`-C`).
    package private(set) var folder: String
    /// `settings`, plus the filter drivers the repository configures, emptied.
    private var environment: [String: String?]

    /// git for the repository holding `folder`. Reads the configuration once to find the
    /// filter drivers it names: `clean`, `smudge` and `process` are programs git runs on file
    /// content when status or diff hashes a work-tree file, and the name is the repository's
    /// choice, so no fixed `-c` can cover them. They are emptied through GIT_CONFIG_COUNT,
    /// which takes any name (`-c` splits at the first `=`, and a driver's name may hold one).
    package init(in folder: String) throws(Failure) {
        guard let executable = ProcessRunner.find("git") else { throw .notFound }
        self.executable = executable
        self.folder = folder
        environment = Self.environment
        let listing = try run(["config", "-z", "--name-only", "--get-regexp", "^filter\\."], allowing: [0, 1])
        var drivers = Set<String>()
        for name in listing.split(separator: 0) {
            let name = String(decoding: name, as: UTF8.self)
            guard let last = name.lastIndex(of: "."), name.hasPrefix("filter.") else { continue }
            let start = name.index(name.startIndex, offsetBy: "filter.".count)
            if start < last { drivers.insert(String(name[start..<last])) }
        }
        let inherited = Int(ProcessInfo.processInfo.environment["GIT_CONFIG_COUNT"] ?? "") ?? 0
        var count = max(0, inherited)
        for driver in drivers.sorted() {
            for (key, value) in [("clean", ""), ("smudge", ""), ("process", ""), ("required", "false")] {
                environment["GIT_CONFIG_KEY_\(count)"] = "filter.\(driver).\(key)"
                environment["GIT_CONFIG_VALUE_\(count)"] = value
                count += 1
            }
        }
        if count > inherited { environment["GIT_CONFIG_COUNT"] = String(count) }
    }

    /// The same git, run in `folder`, which must be in the same repository: the filter
    /// drivers are the repository's, so they need not be read again.
    package func moved(to folder: String) -> Git {
        var git = self
        git.folder = folder
        return git
    }

    /// Runs `git <arguments>`; its stdout. An exit status outside `allowing` is a failure
    /// that carries git's own first line of complaint.
    package func run(_ arguments: [String], allowing: Set<Int32> = [0]) throws(Failure) -> Data {
        let command = arguments.first { !$0.hasPrefix("-") } ?? ""
        let output: ProcessRunner.Output
        do {
            output = try ProcessRunner.run(executable, ["--no-pager", "-C", folder] + Self.settings.flatMap { ["-c", $0] } + arguments,
                                           environment: environment)
        } catch {
            throw .failed(command: command, status: nil, reason: "could not be run: \(error.description)")
        }
        guard let status = output.status, allowing.contains(status) else {
            let said = output.firstErrorLine
            throw .failed(command: command, status: output.status, reason: output.ending + (said.isEmpty ? "" : ": " + said))
        }
        return output.stdout
    }

    package func text(_ arguments: [String], allowing: Set<Int32> = [0]) throws(Failure) -> String {
        String(decoding: try run(arguments, allowing: allowing), as: UTF8.self)
    }

    /// NUL-separated names (`-z` output), each made absolute under `base`.
    package func names(_ arguments: [String], under base: String) throws(Failure) -> [String] {
        try run(arguments).split(separator: 0).map { base + "/" + String(decoding: $0, as: UTF8.self) }
    }
}
