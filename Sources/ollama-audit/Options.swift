import ArgumentParser
import Model
import OllamaAuditCore
import Policy

/// `--fail-on`, `--config` and `--baseline`: what decides whether a scan's findings fail the
/// run, for `scan` and for `verify`'s references check.
struct PolicyOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Exit 1 when a finding at or above this priority remains: critical, high, medium, low (any; the "
            + "default), or none (never).", valueName: "priority"))
    var failOn: FailOn?

    @OptionGroup var configOption: ConfigOption
    var config: String? { configOption.config }

    @Option(name: .long, help: ArgumentHelp(
        "Fail only on findings not in this baseline (see `ollama-audit baseline write`).", valueName: "file"))
    var baseline: String?

    /// The configuration (`--config`, else the nearest one to `root`) and the baseline, into `request`.
    func apply(to request: inout ScanRequest, root: String) throws {
        request.config = try Pipeline.config(explicit: config, root: root)
        request.baseline = baseline
    }

    /// --fail-on, else the configuration's fail-on, else any finding.
    func threshold(_ config: AuditConfig) -> Priority? {
        failOn.map(\.priority) ?? config.failOn ?? .low
    }
}
