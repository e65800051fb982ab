
/// A fuzz input read as a stream of choices. Reading past the end yields zeros, so every
/// input, however short, decodes to some case: libFuzzer's mutations stay meaningful.
public struct FuzzInput {
    private var bytes: ArraySlice<UInt8>

    public init(_ bytes: [UInt8]) { self.bytes = bytes[...] }

    public var isEmpty: Bool { bytes.isEmpty }

    public mutating func byte() -> UInt8 { bytes.popFirst() ?? 0 }

    public mutating func bool() -> Bool { byte() & 1 == 1 }

    /// A number in `0..<bound` (bound > 0), from two bytes.
    public mutating func int(below bound: Int) -> Int {
        precondition(bound > 0)
        let value = Int(byte()) << 8 | Int(byte())
        return value % bound
    }

    /// One of `choices` (not empty).
    public mutating func pick<T>(_ choices: [T]) -> T { choices[Int(byte()) % choices.count] }

    /// Up to `count` bytes; fewer when the input runs out.
    public mutating func take(_ count: Int) -> [UInt8] {
        let taken = Array(bytes.prefix(count))
        bytes = bytes.dropFirst(count)
        return taken
    }

    public mutating func rest() -> [UInt8] { take(bytes.count) }
}

/// An invariant a fuzz target found broken: the fuzzer traps on it, the tests report it.
public struct FuzzFailure: Error, CustomStringConvertible, Sendable {
    public let target: String
    public let message: String

    public init(_ target: String, _ message: String) {
        self.target = target
        self.message = message
    }

    public var description: String { "\(target): \(message)" }
}

/// The checks the fuzz executables run, by name, so one replay driver and the tests can
/// reach each of them.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case ruleLoader = "rule-loader"
    case scanner
    case fixPlanner = "fix-planner"
    case unifiedDiff = "unified-diff"
    case glob

    public func check(_ data: [UInt8]) throws(FuzzFailure) {
        switch self {
        case .ruleLoader: try RuleLoaderCheck.check(data)
        case .scanner: try ScannerCheck.check(data)
        case .fixPlanner: try FixPlannerCheck.check(data)
        case .unifiedDiff: try UnifiedDiffCheck.check(data)
        case .glob: try GlobCheck.check(data)
        }
    }
}
