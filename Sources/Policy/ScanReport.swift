import Engine
import Model
import Platform
import Rules

/// A finished scan, ready for any reporter: findings plus the counts the summary shows.
public struct ScanReport: Sendable {
    public let roots: [String]
    public package(set) var findings: [Finding]
    public let filesScanned: Int
    public let skipped: SkipCounts
    public let warnings: [ScanWarning]
    /// The rules that ran, in rule-file order: reporters take guidance and metadata from them.
    public let rules: [Rule]
    /// Prepended to finding paths to name files relative to the working directory, as CI
    /// annotations and SARIF need ("" when paths already are).
    public let locationPrefix: String
    /// Prepended to finding paths in the reports people read (text, concise): the folder the
    /// paths are relative to, as seen from the working directory, so that a path opens from
    /// the shell the scan was typed in, as ripgrep prints it. `locationPrefix` when the root is
    /// inside the working directory; otherwise the root as typed (`../other`, `/srv/app`).
    public package(set) var displayPrefix = ""
    /// Prepended to finding paths to name files relative to the repository root, as
    /// fingerprints and baselines need.
    public package(set) var repositoryPrefix = ""
    /// Findings silenced by inline comments or the allow file, and the comments themselves.
    public package(set) var suppressed: [Finding] = []
    public package(set) var suppressions: [Suppression] = []
    /// Findings the baseline accepts, and baseline entries nothing matched any more.
    public package(set) var baselined: [Finding] = []
    public package(set) var staleBaseline: [BaselineEntry] = []
    /// Temporary files of an interrupted run found by the walk (never scanned). Not warnings:
    /// they do not make the scan incomplete. A scan mentions them; `--fix` removes them.
    public package(set) var leftovers: [LeftoverFile] = []
    /// The exact bytes of each path that is not UTF-8, by the path as reports show it
    /// (`\xNN` for each bad byte): JSON and SARIF give them losslessly.
    public package(set) var rawPaths: [String: [UInt8]] = [:]
    /// Each Ollama variable's vLLM or OpenAI-compatible counterpart, from the rules' map files
    /// (`FixMaps.envCounterparts`), for the Markdown audit.
    public package(set) var envCounterparts: [String: String] = [:]
    /// The model map: each Ollama tag's Hugging Face repository (`FixMaps.models`, from
    /// `rules/models.yml` and the rule folders' `models:`), for the Markdown audit's inventory.
    public package(set) var modelMap: [String: String] = [:]

    public init(roots: [String], result: ScanResult, walkSkipped: SkipCounts, rules: [Rule], locationPrefix: String) {
        self.suppressed = result.suppressed
        self.suppressions = result.suppressions
        self.roots = roots
        self.findings = result.findings
        self.filesScanned = result.filesScanned
        self.skipped = result.skipped + walkSkipped
        self.warnings = result.warnings
        self.rules = rules
        self.locationPrefix = locationPrefix
        self.rulesByID = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The finding's file relative to the working directory (the repository root in CI).
    public func location(of path: String) -> String {
        locationPrefix.isEmpty ? path : locationPrefix + "/" + path
    }

    /// The finding's file as people see it: relative to the working directory, or under the
    /// root as typed when the root is outside it (`displayPrefix`).
    public func displayPath(of path: String) -> String {
        displayPrefix.isEmpty ? path : displayPrefix + "/" + path
    }

    /// A warning as people read it, its path as `displayPath(of:)` gives it.
    public func displayed(_ warning: ScanWarning) -> String {
        ScanWarning(path: displayPath(of: warning.path), ruleID: warning.ruleID, message: warning.message).description
    }

    /// `location(of:)` as the file's exact bytes, percent-encoded as a URI path.
    public func locationURI(of path: String) -> String {
        let bytes = rawPaths[path] ?? Array(path.utf8)
        return PathBytes.percentEncoded(locationPrefix.isEmpty ? bytes : Array(locationPrefix.utf8) + [UInt8(ascii: "/")] + bytes)
    }

    /// The finding's file relative to the repository root.
    public func repositoryPath(of path: String) -> String {
        repositoryPrefix.isEmpty ? path : repositoryPrefix + "/" + path
    }

    /// The scan was not complete: files that could not be read, or rules PCRE2 stopped on.
    public var incomplete: Bool { !warnings.isEmpty }

    /// The rule a finding came from.
    public func rule(_ id: String) -> Rule? { rulesByID[id] }

    private let rulesByID: [String: Rule]

    /// Files with at least one finding.
    public var filesWithFindings: Int {
        // Findings are in path order: count the changes rather than build a set of 700,000 paths.
        var count = 0
        var last: String?
        var seen = Set<String>()
        for f in findings where f.path != last {
            last = f.path
            if seen.insert(f.path).inserted { count += 1 }
        }
        return count
    }

    /// Finding counts per priority, every priority present (zero included), most urgent first.
    public var byPriority: [(Priority, Int)] {
        Priority.allCases.map { p in (p, findings.count { $0.priority == p }) }
    }

    /// Finding counts per layer, every layer present, in migration order.
    public var byLayer: [(Layer, Int)] {
        Layer.allCases.map { l in (l, findings.count { $0.layer == l }) }
    }
}

extension ExitStatus {
    /// The status for `report` when findings at `failOn` or above fail; nil never fails.
    public static func of(_ report: ScanReport, failOn: Priority?) -> ExitStatus {
        guard let failOn else { return .clean }
        return report.findings.contains { $0.priority >= failOn } ? .findings : .clean
    }

    /// The full contract: an incomplete scan is 3 (unless allowed), `--strict` fails on
    /// unused or unexplained suppressions, then `failOn` decides.
    public static func of(_ report: ScanReport, failOn: Priority?, strict: Bool, allowIncomplete: Bool) -> ExitStatus {
        if report.incomplete, !allowIncomplete { return .incomplete }
        if strict, report.suppressions.contains(where: { !$0.used || $0.reason == nil }) { return .findings }
        return of(report, failOn: failOn)
    }
}
