import Languages
import Model
import PCRE2Swift
import Platform

/// A rule as its file writes it: every key decoded and checked, nothing compiled yet
/// (`Rule(compiling:source:)` does that). A value that compiles later keeps its node, so a
/// compile error still names the line of its key.
struct RuleSpec {
    static let keys = [
        "id", "message", "category", "priority", "layer", "files", "paths", "exclude-paths", "pattern",
        "flags", "prefilter", "context", "group", "markdown", "once-per-file", "guidance", "docs", "examples",
        "fix", "fix-safety", "ensure", "in", "bind", "section", "outside-section", "replaces",
    ]

    /// A decoded value and the node it came from.
    struct Located<Value> {
        let value: Value
        let node: YAMLValue
    }

    struct Examples {
        let node: YAMLValue
        let match: [String]
        /// For each `match` text, the bytes its `«…»` marks enclosed, when it had them.
        let spans: [Range<Int>?]
        let noMatch: [String]
        let fixes: [(before: String, after: String)]
    }

    struct Ensure {
        let line: String
        let unless: Located<String>?
        let after: Located<String>
    }

    /// The rule's own mapping; its line is the rule's.
    let node: YAMLValue
    let id: String
    let message: String
    let category: Category
    let priority: Priority
    let layer: Layer?
    let markdown: Rule.MarkdownScope?
    /// `in:`; nil when the rule matches everywhere.
    let textClasses: Set<TextClass>?
    let fileTypeNames: [String]
    let fileTypes: FileTypeSet
    /// `flags:` and the options every rule has.
    let options: Regex.Options
    let pattern: Located<String>
    /// The groups the library's `(?(DEFINE)…)` block adds after the pattern's own, which
    /// `group:` may not name.
    let libraryGroups: Int
    let context: Located<String>?
    /// `section:` and `outside-section:`, patterns over the names of the sections around a line.
    let section: Located<String>?
    let outsideSection: Located<String>?
    let group: Located<String>?
    let prefilter: Located<[String]>?
    let examples: Examples
    let fix: Located<String>?
    let fixSafety: Rule.FixSafety
    let ensures: [Ensure]
    let guidance: String
    let paths: Located<[String]>?
    let excludePaths: Located<[String]>?
    let oncePerFile: Bool
    let docs: [String]
    let replaces: [String]
    /// `bind:`: the group as written (a number or a name) and the kind.
    let binding: (group: Located<String>, kind: BindingKind)?

    /// Decodes one entry of a file's `rules:` list. The keys are read in the order their
    /// messages have always come in, so a rule with several mistakes still reports the same
    /// one first among them.
    /// `files:` names and import statements come from `languages`.
    init(decoding node: YAMLValue, languages: LanguageRegistry = .standard) throws(AuditError) {
        let fields = try Fields(node)
        self.node = node
        id = fields.rule
        category = try fields.required("category", Category.self)
        priority = try fields.required("priority", Priority.self)
        layer = try fields.optional("layer", Layer.self)
        markdown = try fields.optional("markdown", Rule.MarkdownScope.self)
        textClasses = try Self.textClasses(fields)
        (fileTypeNames, fileTypes) = try Self.files(fields, languages)
        options = try Self.flags(fields)
        guard let pattern = try Self.expression("pattern", fields) else {
            throw node.error("missing required key 'pattern'", rule: id)
        }
        let library = languages.subpatterns(of: fileTypes.isEmpty ? languages.all : fileTypes)
        self.pattern = try Self.callingLibrary(pattern, library, fields)
        // Each library definition is one named group without capturing groups inside it.
        libraryGroups = library.map { $0.closure(calledBy: pattern.value).count } ?? 0
        context = try Self.expression("context", fields).map { context throws(AuditError) in
            try Self.callingLibrary(context, library, fields)
        }
        section = try Self.expression("section", fields)
        outsideSection = try Self.expression("outside-section", fields)
        group = try fields.located("group") { value, rule throws(AuditError) in try value.string("group", rule: rule) }
        prefilter = try Self.prefilter(fields)
        examples = try Self.examples(fields)
        fix = try fields.located("fix") { value, rule throws(AuditError) in try value.string("fix", rule: rule) }
        if fix == nil, !examples.fixes.isEmpty { throw examples.node.error("fix examples need a 'fix'", rule: id) }
        fixSafety = try fields.optional("fix-safety", Rule.FixSafety.self) ?? .safe
        ensures = try Self.ensures(fields, types: fileTypes, languages)
        if fix == nil, !ensures.isEmpty { throw node.error("'ensure' needs a 'fix'", rule: id) }
        guidance = try Self.guidance(fields)
        message = try fields.required("message").string("message", rule: id)
        paths = try fields.located("paths") { value, rule throws(AuditError) in try value.stringList("paths", rule: rule) }
        excludePaths = try fields.located("exclude-paths") { value, rule throws(AuditError) in
            try value.stringList("exclude-paths", rule: rule)
        }
        oncePerFile = try fields["once-per-file"]?.bool("once-per-file", rule: id) ?? false
        docs = try fields["docs"]?.stringList("docs", rule: id) ?? []
        replaces = try fields["replaces"]?.stringList("replaces", rule: id) ?? []
        binding = try Self.binding(fields)
    }

    /// `bind: {name: GROUP, kind: KIND}`.
    static func binding(_ fields: Fields) throws(AuditError) -> (group: Located<String>, kind: BindingKind)? {
        guard let node = fields["bind"] else { return nil }
        let entries = try node.mapping(allowed: ["name", "kind"], what: "bind", rule: fields.rule)
        guard let name = entries["name"], let kindNode = entries["kind"] else {
            throw node.error("'bind' needs 'name' (the group holding the bound name) and 'kind' (one of: "
                             + BindingKind.allCases.map(\.rawValue).joined(separator: ", ") + ")", rule: fields.rule)
        }
        let text = try kindNode.string("bind.kind", rule: fields.rule)
        guard let kind = BindingKind(rawValue: text) else {
            throw kindNode.error("unknown bind kind '\(text)' (expected one of: "
                                 + BindingKind.allCases.map(\.rawValue).joined(separator: ", ") + ")", rule: fields.rule)
        }
        return (Located(value: try name.string("bind.name", rule: fields.rule), node: name), kind)
    }

    // MARK: One decoder per key that needs more than a type check

    /// `id`, read first so every later message can name the rule.
    static func id(_ node: YAMLValue, _ fields: [String: YAMLValue], named: String?) throws(AuditError) -> String {
        guard let value = fields["id"] else { throw node.error("missing required key 'id'", rule: named) }
        let id = try value.string("id", rule: named)
        // A plain character check: an ICU regular expression here cost 10% of start-up.
        let characters = id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        guard characters, let first = id.unicodeScalars.first, first != "-" else {
            throw value.error("ids are lower-case letters, digits and dashes", rule: id)
        }
        return id
    }

    /// `files`: type and group names, resolved to the set of types they stand for.
    static func files(_ fields: Fields, _ languages: LanguageRegistry) throws(AuditError) -> ([String], FileTypeSet) {
        guard let value = fields["files"] else { return ([], FileTypeSet()) }
        let names = try value.stringList("files", rule: fields.rule)
        var types = FileTypeSet()
        for name in names {
            guard let resolved = languages.resolve(name) else {
                throw value.error("unknown file type '\(name)' (expected one of: "
                                  + languages.acceptedNames.joined(separator: ", ") + ")", rule: fields.rule)
            }
            types.formUnion(resolved)
        }
        return (names, types)
    }

    /// `in`: a non-empty list of `code`, `string` and `comment`, each once. All three is the
    /// same as none: everywhere, with no file lexed.
    static func textClasses(_ fields: Fields) throws(AuditError) -> Set<TextClass>? {
        guard let value = fields["in"] else { return nil }
        let names = try value.stringList("in", rule: fields.rule)
        guard !names.isEmpty else {
            throw value.error("'in' is empty (list where the rule may match: code, string, comment)", rule: fields.rule)
        }
        var classes = Set<TextClass>()
        for name in names {
            guard let kind = TextClass(rawValue: name) else {
                throw value.error("unknown class '\(name)' in 'in' (expected one of: code, string, comment)", rule: fields.rule)
            }
            guard classes.insert(kind).inserted else {
                throw value.error("'\(name)' is listed twice in 'in'", rule: fields.rule)
            }
        }
        return classes.count == TextClass.allCases.count ? nil : classes
    }

    /// `flags`, over the options every rule has: `^` and `$` anchor at line ends.
    static func flags(_ fields: Fields) throws(AuditError) -> Regex.Options {
        var options: Regex.Options = [.utf, .multiline]
        guard let value = fields["flags"] else { return options }
        for flag in try value.stringList("flags", rule: fields.rule) {
            guard let option = Rule.flagOptions[flag] else {
                throw value.error("unknown flag '\(flag)' (expected one of: "
                                  + Rule.flagOptions.keys.sorted().joined(separator: ", ") + ")", rule: fields.rule)
            }
            options.insert(option)
        }
        return options
    }

    /// `pattern` or `context`: a non-empty string.
    static func expression(_ key: String, _ fields: Fields) throws(AuditError) -> Located<String>? {
        try fields.located(key) { value, rule throws(AuditError) in
            let source = try value.string(key, rule: rule)
            guard !source.isEmpty else { throw value.error("'\(key)' is empty", rule: rule) }
            return source
        }
    }

    /// A pattern or context that calls a named subpattern it does not define (`(?&args)`),
    /// with the `(?(DEFINE)…)` block of the ones it calls from the language's library
    /// appended; unchanged when it calls none.
    static func callingLibrary(_ expression: Located<String>, _ library: Subpatterns?, _ fields: Fields) throws(AuditError) -> Located<String> {
        let text = expression.value
        let defined = Set(names(in: text, after: ["(?<", "(?P<", "(?'"]))
        let called = Set(names(in: text, after: ["(?&"])).subtracting(defined)
        guard !called.isEmpty else { return expression }
        guard let library else {
            throw expression.node.error("'(?&\(called.sorted()[0]))' calls a subpattern from a language's library, but the rule's "
                                        + "'files:' types do not share one (list only python, or only js types, in 'files:')",
                                        rule: fields.rule)
        }
        if let unknown = called.sorted().first(where: { !library.names.contains($0) }) {
            throw expression.node.error("'(?&\(unknown))' is neither a group of the pattern nor in the library of its 'files:' "
                                        + "types (" + library.names.joined(separator: ", ") + ")", rule: fields.rule)
        }
        return Located(value: text + library.defineBlock(library.closure(calledBy: text)), node: expression.node)
    }

    /// The group names that follow each of `openers` in a pattern, up to the closing `>`, `'` or `)`.
    /// Bytes, not `Substring.firstRange`: that generic search over every default rule's pattern
    /// was a tenth of a scan's start.
    static func names(in pattern: String, after openers: [String]) -> [String] {
        let bytes = Array(pattern.utf8)
        var result: [String] = []
        for opener in openers.map({ Array($0.utf8) }) {
            var i = 0
            while i + opener.count <= bytes.count {
                guard bytes[i..<i + opener.count].elementsEqual(opener) else { i += 1; continue }
                i += opener.count
                var end = i
                while end < bytes.count, bytes[end] >= 0x80 || bytes[end] == 0x5F
                    || (0x30...0x39).contains(bytes[end]) || (0x41...0x5A).contains(bytes[end] & 0xDF) { end += 1 }
                let name = String(decoding: bytes[i..<end], as: UTF8.self).prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                if !name.isEmpty { result.append(String(name)) }
                i = end
            }
        }
        return result
    }

    static func prefilter(_ fields: Fields) throws(AuditError) -> Located<[String]>? {
        try fields.located("prefilter") { value, rule throws(AuditError) in
            let literals = try value.stringList("prefilter", rule: rule)
            if literals.contains("") { throw value.error("prefilter literals cannot be empty", rule: rule) }
            return literals
        }
    }

    static func examples(_ fields: Fields) throws(AuditError) -> Examples {
        let rule = fields.rule
        guard let node = fields["examples"] else {
            throw fields.node.error("missing required key 'examples' (texts it must match and must not match)", rule: rule)
        }
        let entries = try node.mapping(allowed: ["match", "no-match", "fixes"], what: "examples", rule: rule)
        let marked = try entries["match"]?.stringList("examples.match", rule: rule) ?? []
        var match: [String] = []
        var spans: [Range<Int>?] = []
        for text in marked {
            guard let (plain, span) = spanMarks(text) else {
                throw node.error("a match example marks its span with one '«' and one '»' after it: "
                                 + text.debugDescription, rule: rule)
            }
            match.append(plain)
            spans.append(span)
        }
        let noMatch = try entries["no-match"]?.stringList("examples.no-match", rule: rule) ?? []
        guard !match.isEmpty, !noMatch.isEmpty else {
            throw node.error("examples need at least one 'match' and one 'no-match' text", rule: rule)
        }
        var fixes: [(before: String, after: String)] = []
        for item in try entries["fixes"]?.list("examples.fixes", rule: rule) ?? [] {
            let pair = try item.mapping(allowed: ["before", "after"], what: "a fix example", rule: rule)
            guard let before = pair["before"], let after = pair["after"] else {
                throw item.error("a fix example needs 'before' and 'after'", rule: rule)
            }
            fixes.append((try before.string("before", rule: rule), try after.string("after", rule: rule)))
        }
        return Examples(node: node, match: match, spans: spans, noMatch: noMatch, fixes: fixes)
    }

    /// The text without its `«` and `»`, and the UTF-8 bytes between them; nil when the
    /// marks are not one pair in order.
    static func spanMarks(_ text: String) -> (String, Range<Int>?)? {
        // On UTF-8 bytes (both marks are C2 xx): walking Characters cost a grapheme break per
        // byte of every example of every default rule at each start.
        let bytes = Array(text.utf8)
        var opens: [Int] = [], closes: [Int] = []
        for i in bytes.indices.dropLast() where bytes[i] == 0xC2 {
            if bytes[i + 1] == 0xAB { opens.append(i) } else if bytes[i + 1] == 0xBB { closes.append(i) }
        }
        if opens.isEmpty, closes.isEmpty { return (text, nil) }
        guard opens.count == 1, closes.count == 1, let open = opens.first, let close = closes.first, open < close else {
            return nil
        }
        let plain = bytes[..<open] + bytes[(open + 2)..<close] + bytes[(close + 2)...]
        return (String(decoding: plain, as: UTF8.self), open..<close - 2)
    }

    /// `ensure`: an entry without `after` goes after the import statements of the rule's
    /// `files:` types, when they share one syntax.
    static func ensures(_ fields: Fields, types: FileTypeSet, _ languages: LanguageRegistry) throws(AuditError) -> [Ensure] {
        let rule = fields.rule
        var ensures: [Ensure] = []
        for item in try fields["ensure"]?.list("ensure", rule: rule) ?? [] {
            let entry = try item.mapping(allowed: ["line", "unless", "after"], what: "an ensure entry", rule: rule)
            guard let line = entry["line"] else { throw item.error("an ensure entry needs 'line'", rule: rule) }
            func pattern(_ node: YAMLValue, _ key: String) throws(AuditError) -> Located<String> {
                Located(value: try node.string("ensure.\(key)", rule: rule), node: node)
            }
            let after: Located<String>
            if let node = entry["after"] {
                after = try pattern(node, "after")
            } else if let statement = languages.importStatement(of: types) {
                after = Located(value: statement, node: item)
            } else {
                throw item.error("an ensure entry needs 'after' (it may go without only when every type in the "
                                 + "rule's 'files:' has the same import statements, as python has)", rule: rule)
            }
            ensures.append(Ensure(line: try line.string("line", rule: rule),
                                  unless: try entry["unless"].map { node throws(AuditError) in try pattern(node, "unless") },
                                  after: after))
        }
        return ensures
    }

    static func guidance(_ fields: Fields) throws(AuditError) -> String {
        let value = try fields.required("guidance")
        let guidance = try value.string("guidance", rule: fields.rule)
        guard guidance.contains(where: { !$0.isWhitespace }) else {
            throw value.error("'guidance' is empty", rule: fields.rule)
        }
        return guidance
    }

    /// A rule's mapping, its keys checked, with the rule's id for every message.
    struct Fields {
        let node: YAMLValue
        let values: [String: YAMLValue]
        let rule: String

        init(_ node: YAMLValue) throws(AuditError) {
            // The id as written, for the messages about the keys themselves.
            var written: String?
            if case let .mapping(mapping) = node.node, let idNode = mapping["id"], case let .scalar(s) = idNode {
                written = s.string
            }
            self.node = node
            values = try node.mapping(allowed: RuleSpec.keys, what: "a rule", rule: written)
            rule = try RuleSpec.id(node, values, named: written)
        }

        subscript(key: String) -> YAMLValue? { values[key] }

        func required(_ key: String) throws(AuditError) -> YAMLValue {
            guard let value = values[key] else { throw node.error("missing required key '\(key)'", rule: rule) }
            return value
        }

        func required<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws(AuditError) -> T
        where T.RawValue == String {
            let value = try required(key)
            let text = try value.string(key, rule: rule)
            guard let result = T(rawValue: text) else {
                let accepted = T.allCases.map(\.rawValue).joined(separator: ", ")
                throw value.error("unknown \(key) '\(text)' (expected one of: \(accepted))", rule: rule)
            }
            return result
        }

        func optional<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws(AuditError) -> T?
        where T.RawValue == String {
            values[key] == nil ? nil : try required(key, type)
        }

        func located<Value>(
            _ key: String, _ decode: (YAMLValue, String) throws(AuditError) -> Value
        ) throws(AuditError) -> Located<Value>? {
            guard let value = values[key] else { return nil }
            return Located(value: try decode(value, rule), node: value)
        }
    }
}

extension Rule {
    /// Compiles a decoded rule: its expressions, group, prefilter, fix template and globs.
    init(compiling spec: RuleSpec, source: String) throws(AuditError) {
        let id = spec.id
        func compile(_ expression: RuleSpec.Located<String>, _ key: String) throws(AuditError) -> Regex {
            do {
                return try Regex(expression.value, options: spec.options)
            } catch {
                let offset = error.offset.map { " at offset \($0)" } ?? ""
                throw expression.node.error("\(key) does not compile: PCRE2 error \(error.code): \(error.message)\(offset)",
                                            rule: id)
            }
        }
        let pattern = try compile(spec.pattern, "pattern")
        let context = try spec.context.map { expression throws(AuditError) in try compile(expression, "context") }
        let section = try spec.section.map { expression throws(AuditError) in try compile(expression, "section") }
        let outsideSection = try spec.outsideSection.map { expression throws(AuditError) in
            try compile(expression, "outside-section")
        }
        let reportGroup = try spec.group.map { group throws(AuditError) in
            try Self.group(group, of: pattern, libraryGroups: spec.libraryGroups, rule: id)
        } ?? 0
        let prefilter = try spec.prefilter.map { literals throws(AuditError) in
            try Self.prefilter(literals, caseless: spec.options.contains(.caseless), rule: id)
        } ?? []
        let fix = try spec.fix.map { template throws(AuditError) in
            do throws(FixTemplate.TemplateError) { return try FixTemplate(template.value, pattern: pattern) } catch {
                throw template.node.error("fix template: \(error.message)", rule: id)
            }
        }
        var ensures: [Ensure] = []
        for ensure in spec.ensures {
            func compile(_ expression: RuleSpec.Located<String>, _ key: String) throws(AuditError) -> Regex {
                do { return try Regex(expression.value, options: [.utf, .multiline]) } catch {
                    throw expression.node.error("ensure.\(key) does not compile: \(error)", rule: id)
                }
            }
            ensures.append(Ensure(line: ensure.line,
                                  unless: try ensure.unless.map { expression throws(AuditError) in try compile(expression, "unless") },
                                  after: try compile(ensure.after, "after")))
        }
        self.init(
            id: id,
            message: spec.message,
            category: spec.category,
            priority: spec.priority,
            layer: spec.layer,
            fileTypes: spec.fileTypes,
            fileTypeNames: spec.fileTypeNames,
            paths: try Self.globs(spec.paths, rule: id),
            excludePaths: try Self.globs(spec.excludePaths, rule: id),
            pattern: pattern,
            reportGroup: reportGroup,
            context: context,
            section: section,
            outsideSection: outsideSection,
            prefilter: prefilter,
            markdown: spec.markdown,
            textClasses: spec.textClasses,
            oncePerFile: spec.oncePerFile,
            guidance: spec.guidance,
            docs: spec.docs,
            examples: Examples(match: spec.examples.match, spans: spec.examples.spans, noMatch: spec.examples.noMatch, fixes: spec.examples.fixes),
            source: source,
            line: spec.node.line,
            fix: fix,
            fixSafety: spec.fixSafety,
            ensures: ensures,
            binding: try spec.binding.map { binding throws(AuditError) in
                Binding(group: try Self.group(binding.group, of: pattern, libraryGroups: spec.libraryGroups, rule: id),
                        kind: binding.kind)
            },
            replaces: spec.replaces
        )
    }

    /// `group:` by number or name.
    private static func group(_ group: RuleSpec.Located<String>, of pattern: Regex, libraryGroups: Int,
                              rule: String) throws(AuditError) -> Int {
        let own = pattern.captureCount - libraryGroups
        if let number = Int(group.value), number >= 0, number <= own { return number }
        if let number = pattern.groupNumber(named: group.value), number <= own { return number }
        throw group.node.error("group '\(group.value)' is not a group of the pattern", rule: rule)
    }

    private static func prefilter(_ literals: RuleSpec.Located<[String]>, caseless: Bool, rule: String) throws(AuditError) -> [Regex] {
        // Bytes mode: UTF caseless literals starting with s or k are 10x slower (pitfall P9).
        let options: Regex.Options = caseless ? [.caseless] : []
        var prefilter: [Regex] = []
        for literal in literals.value {
            do {
                prefilter.append(try Regex(Regex.escape(literal), options: options))
            } catch {
                throw literals.node.error("prefilter '\(literal)' does not compile: \(error.message)", rule: rule)
            }
        }
        return prefilter
    }

    private static func globs(_ texts: RuleSpec.Located<[String]>?, rule: String) throws(AuditError) -> [Glob] {
        guard let texts else { return [] }
        var globs: [Glob] = []
        for text in texts.value {
            guard let glob = Glob(text, allowNegation: false) else {
                throw texts.node.error("'\(text)' is not a glob", rule: rule)
            }
            globs.append(glob)
        }
        return globs
    }
}
