import Model
import Policy
import Rules

/// The `verify:` section of `.ollama-audit.yml`: the migration's validation budgets
/// (docs/verify.md).
public struct VerifySettings: Sendable, Equatable {
    /// The short prompt's total time (streamed), seconds.
    public var simpleSeconds = 5.0
    /// The long prompt's total time, seconds.
    public var complexSeconds = 10.0
    /// The slowest request of the concurrent batch, seconds.
    public var concurrentSeconds = 15.0
    /// The application's own endpoint (`--app-endpoint`), end to end, seconds (the seed's
    /// bound for its /api/chat/query).
    public var appSeconds = 10.0
    /// Requests sent at once by the concurrency check.
    public var concurrency = 4
    /// Peak GPU utilisation must exceed this, percent.
    public var gpuMinUtilisation = 50.0
    /// Peak VRAM use must stay below this, percent of the total.
    public var gpuMaxMemory = 90.0

    public init() {}
}

extension VerifySettings {
    package static let keys = ["simple-seconds", "complex-seconds", "concurrent-seconds", "app-seconds", "concurrency",
                               "gpu-min-utilisation", "gpu-max-memory"]

    /// `verify:`: positive budgets in seconds, a concurrency of 1 to 256, percentages 0 to 100.
    /// The settings `config` sets; its errors name the configuration file and line, as
    /// `AuditConfig.load`'s do.
    package init(_ config: AuditConfig) throws(AuditError) {
        self.init()
        guard let text = config.verifySource else { return }
        do {
            let fields = try YAMLValue.parse(text, path: config.path ?? AuditConfig.fileName)
                .mapping(allowed: AuditConfig.keys, what: "the configuration")
            if let node = fields["verify"] { try read(node) }
        } catch let AuditError.ruleFile(file, line, _, message) {
            throw AuditError.config(path: file, line: line, message: message)
        }
    }

    private mutating func read(_ node: YAMLValue) throws(AuditError) {
        for (key, value) in try node.mapping(allowed: Self.keys, what: "verify") {
            let text = try value.string("verify.\(key)")
            guard let number = Double(text), number.isFinite else {
                throw value.error("verify.\(key) must be a number, found '\(text)'")
            }
            switch key {
            case "concurrency":
                guard let n = Int(text), (1...256).contains(n) else {
                    throw value.error("verify.concurrency must be a whole number from 1 to 256, found '\(text)'")
                }
                self.concurrency = n
            case "gpu-min-utilisation", "gpu-max-memory":
                guard (0...100).contains(number) else {
                    throw value.error("verify.\(key) is a percentage from 0 to 100, found '\(text)'")
                }
                if key == "gpu-min-utilisation" { self.gpuMinUtilisation = number } else { self.gpuMaxMemory = number }
            default:
                guard number > 0 else { throw value.error("verify.\(key) must be more than 0 seconds, found '\(text)'") }
                switch key {
                case "simple-seconds": self.simpleSeconds = number
                case "complex-seconds": self.complexSeconds = number
                case "app-seconds": self.appSeconds = number
                default: self.concurrentSeconds = number
                }
            }
        }
    }
}
