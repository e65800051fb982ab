import Model
import Platform

/// What the Markdown audit says beyond the findings: when it was made, at which commit, what
/// the scan left out, where its links point and the budgets `verify` holds the migration to.
/// OllamaAuditCore fills it in (git, the configuration, `verify:`), as it does the migration
/// units; the reporter renders what it is given. Every field has a value that varies per run
/// only when asked (`date`), so a report is byte-stable for one tree at one commit.
public struct AuditContext: Sendable, Equatable {
    /// The scanned roots as the audit names them: as given on the command line, or relative
    /// to the working directory; never an absolute path of this machine.
    public var roots: [String]?
    /// The run's start (UTC, ISO 8601), only with `--timestamps`.
    public var date: String?
    /// The commit checked out where the scan ran (HEAD); nil outside a git repository.
    public var commit: String?
    /// Links to files and lines, when the repository's `origin` is on GitHub or GitLab.
    public var links: Permalinks?
    /// `--exclude` and the configuration's `exclude:` globs, as written.
    public var exclusions: [String] = []
    /// Whether `.gitignore` and `.ignore` files were honoured (`--no-ignore` turns them off).
    public var honoursIgnoreFiles = true
    /// The budgets `verify` checks, from `verify:` in the configuration; nil: not known here.
    public var budgets: ValidationBudgets?

    public init() {}
}

/// `verify`'s budgets, as the audit's validation section lists them (Verify sits above Report:
/// OllamaAuditCore copies them from `VerifySettings`).
public struct ValidationBudgets: Sendable, Equatable {
    public var simpleSeconds: Double
    public var complexSeconds: Double
    public var concurrentSeconds: Double
    public var concurrency: Int
    public var gpuMinUtilisation: Double
    public var gpuMaxMemory: Double

    public init(simpleSeconds: Double, complexSeconds: Double, concurrentSeconds: Double, concurrency: Int,
                gpuMinUtilisation: Double, gpuMaxMemory: Double) {
        self.simpleSeconds = simpleSeconds
        self.complexSeconds = complexSeconds
        self.concurrentSeconds = concurrentSeconds
        self.concurrency = concurrency
        self.gpuMinUtilisation = gpuMinUtilisation
        self.gpuMaxMemory = gpuMaxMemory
    }
}

/// Permalinks at one commit of a repository on GitHub or GitLab (gitlab.com): a link still
/// shows the lines the audit names after the branch moves on.
public struct Permalinks: Sendable, Equatable {
    public enum Host: String, Sendable { case github = "github.com", gitlab = "gitlab.com" }
    public let host: Host
    /// `owner/name` (GitLab: `group/subgroup/name`), each part checked to be a plain name.
    public let project: String
    public let commit: String

    /// Nil unless `remote` (an `origin` URL: https, ssh or scp-like `git@host:owner/name.git`)
    /// is on github.com or gitlab.com and `commit` is a full hash. Credentials in the URL
    /// (`https://user:token@…`) are dropped: only the host and the project's path are kept.
    public init?(remote: String, commit: String) {
        guard [40, 64].contains(commit.count), commit.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        var rest = Substring(remote).drop { $0 == " " || $0 == "\t" }
        while let last = rest.last, last.isWhitespace { rest = rest.dropLast() }
        var authority: Substring
        var path: Substring
        if let scheme = rest.range(of: "://") {
            guard ["https", "http", "ssh", "git"].contains(rest[..<scheme.lowerBound].lowercased()) else { return nil }
            rest = rest[scheme.upperBound...]
            authority = rest.prefix { $0 != "/" }
            path = rest.dropFirst(authority.count)
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            if let colon = authority.firstIndex(of: ":") { authority = authority[..<colon] }
        } else {
            // scp-like: [user@]host:path
            guard let colon = rest.firstIndex(of: ":") else { return nil }
            authority = rest[..<colon]
            path = rest[rest.index(after: colon)...]
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        }
        var host = authority.lowercased()
        if host.hasPrefix("www.") { host.removeFirst(4) }
        guard let known = Host(rawValue: host) else { return nil }
        var trimmed = path.drop { $0 == "/" }
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if trimmed.hasSuffix(".git") { trimmed = trimmed.dropLast(4) }
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard known == .github ? parts.count == 2 : parts.count >= 2,
              parts.allSatisfy({ part in !part.isEmpty && part != "." && part != ".."
                  && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) } }) else { return nil }
        self.host = known
        self.project = parts.joined(separator: "/")
        self.commit = commit
    }

    /// The commit's own page.
    public var commitURL: String {
        "https://\(host.rawValue)/\(project)/" + (host == .gitlab ? "-/commit/" : "commit/") + commit
    }

    /// The file at `path` (relative to the repository root), at `lines` when given: GitHub
    /// anchors `#L5-L9`, GitLab `#L5-9`. The path is percent-encoded byte by byte (all but
    /// letters, digits, `-._~` and `/`), so the URL holds nothing Markdown reads.
    public func url(path: String, lines: ClosedRange<Int>? = nil) -> String {
        let encoded = PathBytes.percentEncoded(path.utf8, keeping: "-._~/")
        let base = "https://\(host.rawValue)/\(project)/" + (host == .gitlab ? "-/blob/" : "blob/") + "\(commit)/\(encoded)"
        guard let lines else { return base }
        if lines.lowerBound == lines.upperBound { return base + "#L\(lines.lowerBound)" }
        return base + "#L\(lines.lowerBound)-" + (host == .github ? "L" : "") + "\(lines.upperBound)"
    }
}
