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

/// Decodes and compiles rule files. Every check happens here, before any file is scanned:
/// unknown keys, missing fields, wrong types, duplicate ids and PCRE2 compile errors each
/// stop the load with the file, line and rule id named.
public enum RuleLoader {
    package static let ruleKeys = [
        "id", "message", "category", "priority", "layer", "files", "paths", "exclude-paths", "pattern",
        "flags", "prefilter", "context", "group", "markdown", "once-per-file", "guidance", "docs", "examples",
        "fix", "fix-safety", "ensure",
    ]

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
        let top = try root.mapping(allowed: ["rules", "models", "env-names"], what: "a rule file")
        if top["rules"] == nil, top["models"] != nil || top["env-names"] != nil { return [] }  // a map file
        guard let list = top["rules"] else { throw root.error("a rule file needs a 'rules:' list") }
        var rules: [Rule] = []
        for entry in try list.list("rules") { rules.append(try rule(entry, source: file.path, languages: languages)) }
        return rules
    }

    private static func rule(_ node: YAMLValue, source: String, languages: LanguageRegistry) throws(AuditError) -> Rule {
        // The id first, so every later message can name the rule.
        var id: String?
        if case let .mapping(mapping) = node.node, let idNode = mapping["id"], case let .scalar(s) = idNode {
            id = s.string
        }
        let fields = try node.mapping(allowed: ruleKeys, what: "a rule", rule: id)
        func required(_ key: String) throws(AuditError) -> YAMLValue {
            guard let value = fields[key] else { throw node.error("missing required key '\(key)'", rule: id) }
            return value
        }
        let ruleID = try required("id").string("id")
        // A plain character check: an ICU regular expression here cost 10% of start-up.
        let idCharacters = ruleID.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        guard idCharacters, let first = ruleID.unicodeScalars.first, first != "-" else {
            throw try required("id").error("ids are lower-case letters, digits and dashes", rule: ruleID)
        }
        func enumValue<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) throws(AuditError) -> T
        where T.RawValue == String {
            let value = try required(key)
            let text = try value.string(key, rule: ruleID)
            guard let result = T(rawValue: text) else {
                let accepted = T.allCases.map(\.rawValue).joined(separator: ", ")
                throw value.error("unknown \(key) '\(text)' (expected one of: \(accepted))", rule: ruleID)
            }
            return result
        }
        let category = try enumValue("category", Category.self)
        let priority = try enumValue("priority", Priority.self)
        let layer: Layer? = fields["layer"] == nil ? nil : try enumValue("layer", Layer.self)
        let markdown: Rule.MarkdownScope? =
            fields["markdown"] == nil ? nil : try enumValue("markdown", Rule.MarkdownScope.self)

        var types = FileTypeSet()
        var typeNames: [String] = []
        if let files = fields["files"] {
            typeNames = try files.stringList("files", rule: ruleID)
            for name in typeNames {
                guard let resolved = languages.resolve(name) else {
                    throw files.error("unknown file type '\(name)' (expected one of: "
                                      + languages.acceptedNames.joined(separator: ", ") + ")", rule: ruleID)
                }
                types.formUnion(resolved)
            }
        }
        func globs(_ key: String) throws(AuditError) -> [Glob] {
            guard let value = fields[key] else { return [] }
            var result: [Glob] = []
            for text in try value.stringList(key, rule: ruleID) {
                guard let glob = Glob(text, allowNegation: false) else {
                    throw value.error("'\(text)' is not a glob", rule: ruleID)
                }
                result.append(glob)
            }
            return result
        }

        var options: Regex.Options = [.utf, .multiline]
        if let flags = fields["flags"] {
            for flag in try flags.stringList("flags", rule: ruleID) {
                guard let option = Rule.flagOptions[flag] else {
                    throw flags.error("unknown flag '\(flag)' (expected one of: "
                                      + Rule.flagOptions.keys.sorted().joined(separator: ", ") + ")", rule: ruleID)
                }
                options.insert(option)
            }
        }
        func compile(_ key: String, options: Regex.Options) throws(AuditError) -> Regex? {
            guard let value = fields[key] else { return nil }
            let source = try value.string(key, rule: ruleID)
            guard !source.isEmpty else { throw value.error("'\(key)' is empty", rule: ruleID) }
            do {
                return try Regex(source, options: options)
            } catch {
                let offset = error.offset.map { " at offset \($0)" } ?? ""
                throw value.error("\(key) does not compile: PCRE2 error \(error.code): \(error.message)\(offset)",
                                  rule: ruleID)
            }
        }
        guard let pattern = try compile("pattern", options: options) else {
            throw node.error("missing required key 'pattern'", rule: ruleID)
        }
        let context = try compile("context", options: options)
        var reportGroup = 0
        if let group = fields["group"] {
            let name = try group.string("group", rule: ruleID)
            if let number = Int(name), number >= 0, number <= pattern.captureCount {
                reportGroup = number
            } else if let number = pattern.groupNumber(named: name) {
                reportGroup = number
            } else {
                throw group.error("group '\(name)' is not a group of the pattern", rule: ruleID)
            }
        }

        var prefilter: [Regex] = []
        if let literals = fields["prefilter"] {
            for literal in try literals.stringList("prefilter", rule: ruleID) {
                guard !literal.isEmpty else { throw literals.error("prefilter literals cannot be empty", rule: ruleID) }
                // Bytes mode: UTF caseless literals starting with s or k are 10x slower (pitfall P9).
                let literalOptions: Regex.Options = options.contains(.caseless) ? [.caseless] : []
                do {
                    prefilter.append(try Regex(Regex.escape(literal), options: literalOptions))
                } catch {
                    throw literals.error("prefilter '\(literal)' does not compile: \(error.message)", rule: ruleID)
                }
            }
        }

        guard let examplesNode = fields["examples"] else {
            throw node.error("missing required key 'examples' (texts it must match and must not match)", rule: ruleID)
        }
        let exampleFields = try examplesNode.mapping(allowed: ["match", "no-match", "fixes"], what: "examples", rule: ruleID)
        let matchExamples = try exampleFields["match"]?.stringList("examples.match", rule: ruleID) ?? []
        let noMatchExamples = try exampleFields["no-match"]?.stringList("examples.no-match", rule: ruleID) ?? []
        guard !matchExamples.isEmpty, !noMatchExamples.isEmpty else {
            throw examplesNode.error("examples need at least one 'match' and one 'no-match' text", rule: ruleID)
        }
        var fixExamples: [(before: String, after: String)] = []
        for item in try exampleFields["fixes"]?.list("examples.fixes", rule: ruleID) ?? [] {
            let pair = try item.mapping(allowed: ["before", "after"], what: "a fix example", rule: ruleID)
            guard let before = pair["before"], let after = pair["after"] else {
                throw item.error("a fix example needs 'before' and 'after'", rule: ruleID)
            }
            fixExamples.append((try before.string("before", rule: ruleID), try after.string("after", rule: ruleID)))
        }
        var fix: FixTemplate?
        if let fixNode = fields["fix"] {
            do {
                fix = try FixTemplate(try fixNode.string("fix", rule: ruleID), pattern: pattern)
            } catch let error as FixTemplate.TemplateError {
                throw fixNode.error("fix template: \(error.message)", rule: ruleID)
            } catch {
                throw fixNode.error("\(error)", rule: ruleID)
            }
        }
        if fix == nil, !fixExamples.isEmpty {
            throw examplesNode.error("fix examples need a 'fix'", rule: ruleID)
        }
        let fixSafety: Rule.FixSafety =
            fields["fix-safety"] == nil ? .safe : try enumValue("fix-safety", Rule.FixSafety.self)
        var ensures: [Rule.Ensure] = []
        for item in try fields["ensure"]?.list("ensure", rule: ruleID) ?? [] {
            let entry = try item.mapping(allowed: ["line", "unless", "after"], what: "an ensure entry", rule: ruleID)
            guard let line = entry["line"] else { throw item.error("an ensure entry needs 'line'", rule: ruleID) }
            func regex(_ source: String, _ node: YAMLValue, _ key: String) throws(AuditError) -> Regex {
                do { return try Regex(source, options: [.utf, .multiline]) } catch {
                    throw node.error("ensure.\(key) does not compile: \(error)", rule: ruleID)
                }
            }
            let after: Regex
            if let node = entry["after"] {
                after = try regex(try node.string("after", rule: ruleID), node, "after")
            } else if let statement = languages.importStatement(of: types) {
                after = try regex(statement, item, "after")
            } else {
                throw item.error("an ensure entry needs 'after' (it may go without only when every type in the "
                                 + "rule's 'files:' has the same import statements, as python has)", rule: ruleID)
            }
            let unless = try entry["unless"].map { node throws(AuditError) in
                try regex(try node.string("unless", rule: ruleID), node, "unless")
            }
            ensures.append(Rule.Ensure(line: try line.string("line", rule: ruleID), unless: unless, after: after))
        }
        if fix == nil, !ensures.isEmpty { throw node.error("'ensure' needs a 'fix'", rule: ruleID) }
        let guidance = try required("guidance").string("guidance", rule: ruleID)
        guard guidance.contains(where: { !$0.isWhitespace }) else {
            throw try required("guidance").error("'guidance' is empty", rule: ruleID)
        }

        return Rule(
            id: ruleID,
            message: try required("message").string("message", rule: ruleID),
            category: category,
            priority: priority,
            layer: layer,
            fileTypes: types,
            fileTypeNames: typeNames,
            paths: try globs("paths"),
            excludePaths: try globs("exclude-paths"),
            pattern: pattern,
            reportGroup: reportGroup,
            context: context,
            prefilter: prefilter,
            markdown: markdown,
            oncePerFile: try fields["once-per-file"]?.bool("once-per-file", rule: ruleID) ?? false,
            guidance: guidance,
            docs: try fields["docs"]?.stringList("docs", rule: ruleID) ?? [],
            examples: Rule.Examples(match: matchExamples, noMatch: noMatchExamples, fixes: fixExamples),
            source: source,
            line: node.line,
            fix: fix,
            fixSafety: fixSafety,
            ensures: ensures
        )
    }
}

extension RuleLoader {
    /// The fix maps in `files` (files with a top-level `models:` or `env-names:` mapping of
    /// strings to strings); later files override earlier ones.
    public static func maps(_ files: [RuleFileText]) throws(AuditError) -> FixMaps {
        var maps = FixMaps()
        // Only map files are parsed again: parsing every rule file twice was a third of start-up.
        for file in files where isMapFile(file.text) {
            let root = try YAMLValue.parse(file.text, path: file.path)
            let top = try root.mapping(allowed: ["rules", "models", "env-names"], what: "a rule file")
            for key in ["models", "env-names"] {
                guard let node = top[key] else { continue }
                let table = try node.mapping(allowed: [], anyKey: true, what: key)
                var values: [String: String] = [:]
                for (name, value) in table { values[name] = try value.string(name) }
                if key == "models" { maps.models.merge(values) { _, new in new } } else { maps.envNames.merge(values) { _, new in new } }
            }
        }
        return maps
    }

    /// Whether a line starts with `models:` or `env-names:`. Byte-level on purpose: Foundation's
    /// `contains` over every rule file's text was a tenth of start-up.
    package static func isMapFile(_ text: String) -> Bool {
        var atLineStart = true
        let bytes = Array(text.utf8)
        for index in bytes.indices {
            if atLineStart, bytes[index] == UInt8(ascii: "m") || bytes[index] == UInt8(ascii: "e") {
                let rest = bytes[index...]
                if rest.starts(with: "models:".utf8) || rest.starts(with: "env-names:".utf8) { return true }
            }
            atLineStart = bytes[index] == UInt8(ascii: "\n")
        }
        return false
    }
}

/// The rules one run uses: the embedded defaults (unless dropped), then user rule files,
/// where a user rule with a built-in id replaces the built-in one in place.
public enum RuleSet {
    public static func assemble(useDefaults: Bool, userFiles: [RuleFileText]) throws(AuditError) -> [Rule] {
        let defaults = useDefaults ? try RuleLoader.load(DefaultRules.files) : []
        let user = try RuleLoader.load(userFiles)
        let overrides = Dictionary(user.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var rules = defaults.map { overrides[$0.id] ?? $0 }
        let builtinIDs = Set(defaults.map(\.id))
        rules += user.filter { !builtinIDs.contains($0.id) }
        return rules
    }
}

extension RuleSet {
    /// The fix maps one run uses: the embedded ones (unless dropped), then the user's.
    public static func maps(useDefaults: Bool, userFiles: [RuleFileText]) throws(AuditError) -> FixMaps {
        let defaults = useDefaults ? try RuleLoader.maps(DefaultRules.files) : FixMaps()
        return defaults.merging(try RuleLoader.maps(userFiles))
    }
}
