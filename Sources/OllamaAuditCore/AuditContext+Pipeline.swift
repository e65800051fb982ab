import Engine
import Foundation
import Model
import Platform
import Policy
import Report
import Verify

extension Pipeline {
    /// What the Markdown audit of `request` says beyond its findings: the roots as it names
    /// them, the commit and permalinks (from git, in the first root's repository), the
    /// exclusions and `verify:`'s budgets. `date` is the run's start, when `--timestamps`
    /// asked for it: nothing here varies between two runs over one tree at one commit.
    public static func auditContext(_ request: ScanRequest, date: String? = nil) -> AuditContext {
        var context = AuditContext()
        let roots = request.paths.isEmpty ? ["."] : request.paths
        context.roots = roots.map(shownRoot)
        context.date = date
        context.exclusions = request.config.exclude + request.walk.exclude.map(\.description)
        context.honoursIgnoreFiles = request.walk.honourIgnoreFiles
        // `Pipeline.config` has checked the section on this run already.
        if let settings = try? VerifySettings(request.config) {
            context.budgets = ValidationBudgets(
                simpleSeconds: settings.simpleSeconds, complexSeconds: settings.complexSeconds,
                concurrentSeconds: settings.concurrentSeconds, concurrency: settings.concurrency,
                gpuMinUtilisation: settings.gpuMinUtilisation, gpuMaxMemory: settings.gpuMaxMemory)
        }
        let folder = Walker.folder(of: roots[0])
        guard GitScope.workTreeRoot(of: folder) != nil, let git = try? Git(in: folder),
              let head = try? git.text(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]) else { return context }
        let commit = head.trimmingCharacters(in: .whitespacesAndNewlines)
        guard [40, 64].contains(commit.count), commit.allSatisfy(\.isHexDigit) else { return context }
        context.commit = commit.lowercased()
        if let remote = try? git.text(["config", "--get", "remote.origin.url"], allowing: [0, 1]) {
            context.links = Permalinks(remote: remote.trimmingCharacters(in: .whitespacesAndNewlines), commit: commit.lowercased())
        }
        return context
    }

    /// A root as the audit names it: as given when relative; an absolute one relative to the
    /// working directory when it is inside it, else by its last part. The audit is handed on,
    /// and a path of this machine means nothing elsewhere.
    static func shownRoot(_ root: String) -> String {
        guard root.hasPrefix("/") else { return root }
        let folder = Walker.folder(of: root)
        if folder == Walker.absolute(FileManager.default.currentDirectoryPath) { return "." }
        let inside = locationPrefix(for: root)
        if !inside.isEmpty { return inside }
        return folder.split(separator: "/").last.map(String.init) ?? "."
    }
}
