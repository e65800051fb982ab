import Fix
import Model
import Policy
import Report

extension Pipeline {
    /// `scan` for a run that writes the Markdown audit: the same report, and the migration
    /// units `--fix` (without `--unsafe-fixes`) would rewrite or leave, planned in memory from
    /// the same walk. Nothing is written. Only Markdown lists units, so only it pays for the plan.
    public static func scanPlanningUnits(
        _ request: ScanRequest, progress: (@Sendable (Int) -> Void)? = nil
    ) throws(AuditError) -> (report: ScanReport, units: MigrationUnits) {
        var fix = FixRequest()
        fix.scan = request
        let plan: FixPlan
        do {
            plan = try planFix(fix, progress: progress)
        } catch {
            // A plan starts with the scan, so its failure is usually the scan's own: a plain
            // scan then fails the same way, as `scan` would have. When the scan alone succeeds,
            // the audit is still written, and says the units could not be planned.
            return (try scan(request, progress: progress), .unplanned(reason: error.description))
        }
        // The plan's report is the scan's, not the one a dry run prints (`withholding`): the
        // findings a plain scan reports, whatever the format.
        return (plan.report, migrationUnits(plan.plans))
    }

    /// The units of a plan, for the Markdown audit.
    public static func migrationUnits(of plan: FixPlan) -> MigrationUnits {
        migrationUnits(plan.plans)
    }

    /// The units of a fix run: a unit the plan applies is manual after all when its file was
    /// not written (changed since the scan, read-only, a failed write), with why.
    public static func migrationUnits(of run: FixRun) -> MigrationUnits {
        guard !run.dryRun else { return migrationUnits(run.plans) }
        let written = Set(run.written)
        let why = Dictionary(run.skipped + run.failed, uniquingKeysWith: { first, _ in first })
        return migrationUnits(run.plans) { plan in
            let location = run.report.location(of: plan.file.path)
            guard plan.changed, !written.contains(location) else { return nil }
            return "the file was not written: \(why[location] ?? "see the summary on stderr")"
        }
    }

    /// `notWritten` says why a file's applied units did not reach it, or nil when they did.
    static func migrationUnits(_ plans: [FileFix], notWritten: (FileFix) -> String? = { _ in nil }) -> MigrationUnits {
        var rows: [MigrationUnitRow] = []
        for plan in plans {
            // A refused file keeps every byte, so none of its units is applied.
            let withheld = plan.refusal.map { "the whole file is left unchanged: \($0)" } ?? notWritten(plan)
            for unit in plan.units {
                let outcome: MigrationUnitRow.Outcome
                if let reason = unit.manual {
                    outcome = .manual(reason: reason)
                } else if let withheld {
                    outcome = .manual(reason: withheld)
                } else {
                    outcome = .applied(notes: unit.notes)
                }
                rows.append(MigrationUnitRow(path: plan.file.path, line: unit.line, subject: unit.subject, outcome: outcome))
            }
        }
        return .planned(rows)
    }
}
