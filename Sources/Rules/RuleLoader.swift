import Dispatch
import Foundation
import Languages
import Model
import PCRE2Swift
import Platform

/// A rule file's text with the path messages should name.
public struct RuleFileText: Sendable, Hashable {
    public let path: String
    public let text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// Reads rule files: each rule is decoded into a `RuleSpec`, then compiled. Every check
/// happens here, before any file is scanned: unknown keys, missing fields, wrong types,
/// duplicate ids and PCRE2 compile errors each stop the load with the file, line and rule id
/// named.
public enum RuleLoader {
    /// The rule files under `path` (a file, or a folder searched for `*.yml`/`*.yaml`), in path order.
    public static func ruleFiles(at path: String) throws(AuditError) -> [RuleFileText] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw AuditError.missingPath(path)
        }
        var paths: [String] = []
        if isDirectory.boolValue {
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            let enumerator = FileManager.default.enumerator(atPath: base)
            while let item = enumerator?.nextObject() as? String {
                if item.hasSuffix(".yml") || item.hasSuffix(".yaml") { paths.append(base + "/" + item) }
            }
            paths.sort()
        } else {
            paths = [path]
        }
        var files: [RuleFileText] = []
        for file in paths {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw AuditError.ruleFile(path: file, line: nil, ruleID: nil, message: "cannot read the file")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw AuditError.ruleFile(path: file, line: nil, ruleID: nil, message: "the file is not valid UTF-8")
            }
            files.append(RuleFileText(path: file, text: text))
        }
        return files
    }

    /// The rule files under each of `paths`, in the order given.
    public static func ruleFiles(at paths: [String]) throws(AuditError) -> [RuleFileText] {
        var files: [RuleFileText] = []
        for path in paths { files += try ruleFiles(at: path) }
        return files
    }

    /// Loads every rule of `files`; ids must be unique across them.
    public static func load(_ files: [RuleFileText]) throws(AuditError) -> [Rule] {
        // Files parse and compile independently, so they load on all cores: start-up is most
        // of a small scan. Errors still surface in file order.
        let parsed = Locked([Result<[Rule], AuditError>?](repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let result = Result { () throws(AuditError) in try parse(files[index]) }
            parsed.withLock { $0[index] = result }
        }
        var rules: [Rule] = []
        var seen: [String: String] = [:]
        for (file, result) in zip(files, parsed.withLock { $0 }) {
            for rule in try result!.get() {
                if let other = seen[rule.id] {
                    throw AuditError.ruleFile(path: file.path, line: rule.line, ruleID: rule.id,
                                              message: "duplicate rule id (already defined in \(other))")
                }
                seen[rule.id] = file.path
                rules.append(rule)
            }
        }
        return rules
    }

    /// The rules of one file; `files:` names and import statements come from `languages`.
    public static func parse(_ file: RuleFileText, languages: LanguageRegistry = .standard) throws(AuditError) -> [Rule] {
        let root = try YAMLValue.parse(file.text, path: file.path)
        let top = try root.mapping(allowed: ["rules"] + mapKeys, what: "a rule file")
        if top["rules"] == nil, mapKeys.contains(where: { top[$0] != nil }) { return [] }  // a map file
        guard let list = top["rules"] else { throw root.error("a rule file needs a 'rules:' list") }
        var rules: [Rule] = []
        for entry in try list.list("rules") {
            rules.append(try Rule(compiling: RuleSpec(decoding: entry, languages: languages), source: file.path))
        }
        return rules
    }
}

extension RuleLoader {
    /// The top-level keys of a map file, each a mapping of strings to strings.
    static let mapKeys = ["models", "env-names", "env-counterparts", "flow-methods", "flow-fields", "flow-arguments",
                          "flow-wrapper-arguments", "flow-error-fields", "flow-probe-methods", "flow-endpoints"]

    /// The fix maps in `files` (files with a top-level `models:`, `env-names:` or
    /// `env-counterparts:` mapping of strings to strings); later files override earlier ones.
    public static func maps(_ files: [RuleFileText]) throws(AuditError) -> FixMaps {
        var maps = FixMaps()
        // Only map files are parsed again: parsing every rule file twice was a third of start-up.
        for file in files where isMapFile(file.text) {
            let root = try YAMLValue.parse(file.text, path: file.path)
            let top = try root.mapping(allowed: ["rules"] + mapKeys, what: "a rule file")
            for key in mapKeys {
                guard let node = top[key] else { continue }
                let table = try node.mapping(allowed: [], anyKey: true, what: key)
                var values: [String: String] = [:]
                for (name, value) in table { values[name] = try value.string(name) }
                if key.hasPrefix("flow-"), let bad = values.first(where: { Priority(rawValue: $0.value) == nil }) {
                    throw table[bad.key]!.error("'\(bad.value)' is not a priority (expected one of: "
                                                + Priority.allCases.map(\.rawValue).joined(separator: ", ") + ")")
                }
                switch key {
                case "models": maps = maps.merging(FixMaps(models: values))
                case "env-names": maps = maps.merging(FixMaps(envNames: values))
                case "flow-methods": maps = maps.merging(FixMaps(flowMethods: values))
                case "flow-fields": maps = maps.merging(FixMaps(flowFields: values))
                case "flow-arguments": maps = maps.merging(FixMaps(flowArguments: values))
                case "flow-wrapper-arguments": maps = maps.merging(FixMaps(flowWrapperArguments: values))
                case "flow-error-fields": maps = maps.merging(FixMaps(flowErrorFields: values))
                case "flow-probe-methods": maps = maps.merging(FixMaps(flowProbeMethods: values))
                case "flow-endpoints": maps = maps.merging(FixMaps(flowEndpoints: values))
                default: maps = maps.merging(FixMaps(envCounterparts: values))
                }
            }
        }
        return maps
    }

    /// Whether a line starts with one of `mapKeys` and a colon. Byte-level on purpose:
    /// Foundation's `contains` over every rule file's text was a tenth of start-up.
    static func isMapFile(_ text: String) -> Bool {
        var atLineStart = true
        let bytes = Array(text.utf8)
        for index in bytes.indices {
            if atLineStart, bytes[index] == UInt8(ascii: "m") || bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "f") {
                let rest = bytes[index...]
                if mapKeys.contains(where: { rest.starts(with: ($0 + ":").utf8) }) { return true }
            }
            atLineStart = bytes[index] == UInt8(ascii: "\n")
        }
        return false
    }
}

/// Where one run's rules come from.
public struct RuleRequest: Sendable {
    /// The embedded rules; `--no-default-rules` drops them.
    public var defaultRules: Bool
    /// The embedded maps. A scan drops them with the embedded rules; `rules test` keeps them
    /// for user rules tested on their own, whose fixes may call them.
    public var defaultMaps: Bool
    /// User rule files in order (the config's `rules:` folders, then `--rules`): a rule with a
    /// built-in id replaces it in place, and a later map entry overrides an earlier one.
    public var userFiles: [RuleFileText]

    public init(defaults: Bool = true, userFiles: [RuleFileText] = []) {
        defaultRules = defaults
        defaultMaps = defaults
        self.userFiles = userFiles
    }
}

/// The rules one run uses, in rule-file order, and the maps their fixes call.
public struct RuleSet: Sendable {
    public var rules: [Rule]
    public var maps: FixMaps

    public init(rules: [Rule], maps: FixMaps) {
        self.rules = rules
        self.maps = maps
    }

    /// The embedded defaults (unless dropped), then the user's files.
    public static func assemble(_ request: RuleRequest) throws(AuditError) -> RuleSet {
        let defaults = request.defaultRules ? try RuleLoader.load(DefaultRules.files) : []
        let user = try RuleLoader.load(request.userFiles)
        let overrides = Dictionary(user.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var rules = defaults.map { overrides[$0.id] ?? $0 }
        let builtinIDs = Set(defaults.map(\.id))
        rules += user.filter { !builtinIDs.contains($0.id) }
        let defaultMaps = request.defaultMaps ? try RuleLoader.maps(DefaultRules.files) : FixMaps()
        return RuleSet(rules: rules, maps: defaultMaps.merging(try RuleLoader.maps(request.userFiles)))
    }
}
