import Foundation
import Model
import Policy
import Rules
import Verify

extension Pipeline {
    /// The configuration for a run: the file `--config` names, or the nearest
    /// `.ollama-audit.yml` at or above `root`, or the defaults. Every section is checked here,
    /// the `verify:` budgets too, so a mistake in any of them stops `scan` as well as `verify`.
    public static func config(explicit: String?, root: String) throws(AuditError) -> AuditConfig {
        let config: AuditConfig
        if let explicit {
            guard FileManager.default.fileExists(atPath: explicit) else { throw AuditError.missingPath(explicit) }
            config = try AuditConfig.load(explicit)
        } else if let found = AuditConfig.find(from: root) {
            config = try AuditConfig.load(found)
        } else {
            return AuditConfig()
        }
        _ = try VerifySettings(config)
        return config
    }

    /// A verify run whose references check is this pipeline's scan of `scan`, with the
    /// configuration's budgets.
    public static func verifyRequest(endpoint: URL, scan: ScanRequest) throws(AuditError) -> VerifyRequest {
        var request = VerifyRequest(endpoint: endpoint, references: References(roots: scan.paths) { () throws(AuditError) in
            try Pipeline.scan(scan)
        })
        request.settings = try VerifySettings(scan.config)
        // The model map the scan and --fix use (the defaults and the project's rule files).
        request.maps = { (try? Pipeline.rulesAndMaps(scan))?.1 ?? FixMaps() }
        return request
    }
}
