import Fix
import Foundation
import Model
import Report

/// `scan --fix --interactive`: each file's planned change is shown (its units, then its diff)
/// and the user answers y/n/a/q, as ast-grep's and fastmod's reviews ask. A file is the
/// smallest piece accepted: its units are planned together to a fixed point, and a subset of
/// its edits is a half-migrated file nobody checked. Terminal I/O stays with the caller
/// (`show`, `ask`), so the loop is tested without a terminal and the CLI only wires it up.
public enum FixReview {
    public enum Answer: Equatable, Sendable {
        case yes, no, all, quit

        /// The first letter of the answer, any case; nil for anything else (asked again).
        init?(_ text: String) {
            switch text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
            case "y", "yes": self = .yes
            case "n", "no": self = .no
            case "a", "all": self = .all
            case "q", "quit": self = .quit
            default: return nil
            }
        }
    }

    /// The reason a declined file is listed with among the skipped files.
    public static let declined = "declined in the interactive review"

    /// Asks about each changed file of `plan` in order; returns the plan without the files
    /// declined (they become skipped files, with `declined` as the reason). `ask` shows a
    /// prompt and returns the line typed, nil at the end of input, which is `quit`: nothing
    /// after it is applied. `color` paints the diff.
    public static func review(_ plan: FixPlan, color: Bool, show: (String) -> Void, ask: (String) -> String?) -> FixPlan {
        let changed = plan.plans.filter(\.changed)
        var declined = Set<String>()
        var acceptRest = false, stop = false
        for (n, fix) in changed.enumerated() {
            if stop { declined.insert(fix.file.path); continue }
            if acceptRest { continue }
            let location = plan.report.displayPath(of: fix.file.path)
            // A blank line after the previous answer: each file's review starts on its own.
            show((n > 0 ? "\n" : "") + header(fix, location: location, index: n + 1, of: changed.count))
            let diff = UnifiedDiff.render(path: plan.report.location(of: fix.file.path), old: fix.original, new: fix.fixed)
            // The diff's lines are the repository's and this is a terminal: shown escaped.
            let shown = diff.split(separator: "\n", omittingEmptySubsequences: false).map { Escaping.visible(String($0)) }
                .joined(separator: "\n")
            show(color ? UnifiedDiff.colorize(shown) : shown)
            let prompt = "Apply the changes to \(Escaping.visible(location))? [y]es, [n]o, [a]ll remaining, [q]uit: "
            var answer: Answer?
            while answer == nil {
                guard let line = ask(prompt) else { answer = .quit; break }
                answer = Answer(line)
                if answer == nil { show("Answer y (apply this file), n (leave it), a (apply it and every file after it) or q (leave it and every file after it).\n") }
            }
            switch answer! {
            case .yes: break
            case .no: declined.insert(fix.file.path)
            case .all: acceptRest = true
            case .quit: declined.insert(fix.file.path); stop = true
            }
        }
        return plan.declining(declined)
    }

    /// `[2/5] backend/chat.py`, then each unit the file's change holds, applied or manual.
    static func header(_ fix: FileFix, location: String, index: Int, of total: Int) -> String {
        var out = "[\(index)/\(total)] \(Escaping.visible(location))\n"
        for unit in fix.units {
            let what = unit.manual.map { "manual: \($0)" } ?? "applied"
            out += "  line \(unit.line): \(Escaping.visible(unit.subject)) (\(Escaping.visible(what)))\n"
        }
        return out
    }
}

extension FixPlan {
    /// The plan with the files at `paths` (as findings name them) left as they are, each
    /// listed as skipped with `FixReview.declined`; the diff is that of what stays planned.
    public func declining(_ paths: Set<String>) -> FixPlan {
        guard !paths.isEmpty else { return self }
        var skipped = self.skipped
        let plans = self.plans.map { fix -> FileFix in
            guard fix.changed, paths.contains(fix.file.path) else { return fix }
            skipped.append((report.location(of: fix.file.path), FixReview.declined))
            var kept = FileFix(file: fix.file, original: fix.original, fixed: fix.original, applied: 0, unresolved: [],
                               refusal: FixReview.declined)
            kept.units = fix.units
            return kept
        }
        let diff = plans.filter(\.changed)
            .map { UnifiedDiff.render(path: report.location(of: $0.file.path), old: $0.original, new: $0.fixed) }.joined()
        var plan = FixPlan(request: request, plans: plans, skipped: skipped, diff: diff, report: report, roots: roots)
        plan.withheld = withheld
        return plan
    }
}
