/// A 1-based line and column. Columns count Unicode scalars (code points), not bytes or
/// UTF-16 units, so an editor shows the same column; an invalid UTF-8 byte counts as one.
public struct Position: Codable, Hashable, Sendable, Comparable {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: Position, b: Position) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// Whether `--fix` can rewrite a finding.
public enum Fixability: String, Codable, Sendable, CaseIterable {
    /// The rule's default rewrite applies (`--fix`).
    case auto
    /// A rewrite exists but needs a human's eye (`--fix --unsafe-fixes`).
    case suggested
    /// No rewrite: the rule's guidance says what to do.
    case manual
}

/// One place where a rule found an Ollama dependency.
public struct Finding: Encodable, Hashable, Sendable {
    public let ruleID: String
    public let category: Category
    public let priority: Priority
    public let layer: Layer
    public let message: String
    /// Relative to the scan root, `/`-separated.
    public let path: String
    /// Where the match is: its bytes and positions.
    public let span: SourceSpan
    /// The matched text.
    public let match: String
    /// The source line the match starts on, without its line ending.
    public let lineText: String
    public let fixability: Fixability
    /// What `--fix` puts in place of the match, when it can.
    public let replacement: String?
    /// The enclosing function, class or block, when the file's language has blocks.
    public var region: Region?
    /// For a finding derived from another (a use of a bound Ollama client, an importer of an
    /// Ollama wrapper): the chain of evidence, nearest first, ending at the origin.
    public var via: [Evidence]

    public var start: Position { span.start }
    /// The position just after the last matched character (exclusive, as in SARIF).
    public var end: Position { span.end }
    /// The match's bytes in the file, for the fixer.
    public var byteRange: Range<Int> { span.bytes }

    /// Public so the fuzz targets can hand the fix planner arbitrary edits.
    public init(ruleID: String, category: Category, priority: Priority, layer: Layer, message: String, path: String,
                start: Position, end: Position, match: String, lineText: String, fixability: Fixability,
                replacement: String?, byteRange: Range<Int>, region: Region? = nil, via: [Evidence] = []) {
        self.ruleID = ruleID
        self.category = category
        self.priority = priority
        self.layer = layer
        self.message = message
        self.path = path
        self.span = SourceSpan(bytes: byteRange, start: start, end: end)
        self.match = match
        self.lineText = lineText
        self.fixability = fixability
        self.replacement = replacement
        self.region = region
        self.via = via
    }

    package enum CodingKeys: String, CodingKey {
        case ruleID = "rule", category, priority, layer, message, path, start, end, match
        case lineText = "line", fixability = "fix", replacement, region, via
    }

    /// The span as `start` and `end`, as the reports have always written a finding.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ruleID, forKey: .ruleID)
        try c.encode(category, forKey: .category)
        try c.encode(priority, forKey: .priority)
        try c.encode(layer, forKey: .layer)
        try c.encode(message, forKey: .message)
        try c.encode(path, forKey: .path)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(match, forKey: .match)
        try c.encode(lineText, forKey: .lineText)
        try c.encode(fixability, forKey: .fixability)
        try c.encodeIfPresent(replacement, forKey: .replacement)
        try c.encodeIfPresent(region, forKey: .region)
        if !via.isEmpty { try c.encode(via, forKey: .via) }
    }

    /// Report order: path, then position, then rule id; the same whatever the thread count.
    public static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.path != b.path { return a.path.utf8.lexicographicallyPrecedes(b.path.utf8) }
        if a.start != b.start { return a.start < b.start }
        if a.ruleID != b.ruleID { return a.ruleID < b.ruleID }
        return a.end < b.end
    }
}

/// A named stretch of a file that encloses a finding: a `def`, a `class`, a `function`, a
/// method, or a block the language names (a YAML section, a Markdown fence).
public struct Region: Codable, Hashable, Sendable {
    /// `function`, `class`, `method`, `section`, ...: the language data's word for it.
    public let kind: String
    /// The dotted name, outermost first (`OllamaRepo.llm_chat`).
    public let name: String
    /// First and last line, 1-based and inclusive.
    public let startLine: Int
    public let endLine: Int

    public init(kind: String, name: String, startLine: Int, endLine: Int) {
        self.kind = kind
        self.name = name
        self.startLine = startLine
        self.endLine = endLine
    }

    /// Snake case, as the JSON report's other keys (`files_with_findings`).
    package enum CodingKeys: String, CodingKey {
        case kind, name, startLine = "start_line", endLine = "end_line"
    }
}

/// One link in a derived finding's chain of evidence: where a name was bound to Ollama, where
/// it was imported, or the origin that made it Ollama's.
public struct Evidence: Codable, Hashable, Sendable {
    /// `binding`, `import`, `origin`, ...
    public let kind: String
    /// The bound or imported name (`OllamaRepo`, `self.ollama`).
    public let name: String
    public let path: String
    public let line: Int
    public let column: Int

    public init(kind: String, name: String, path: String, line: Int, column: Int) {
        self.kind = kind
        self.name = name
        self.path = path
        self.line = line
        self.column = column
    }
}

/// Something that did not stop the scan but that the user should know: an unreadable
/// file, or a rule that hit PCRE2's match limit on a file.
public struct ScanWarning: Codable, Hashable, Sendable, CustomStringConvertible {
    public let path: String
    public let ruleID: String?
    public let message: String

    package init(path: String, ruleID: String?, message: String) {
        self.path = path
        self.ruleID = ruleID
        self.message = message
    }

    package enum CodingKeys: String, CodingKey {
        case path, ruleID = "rule", message
    }

    public var description: String {
        if let ruleID { return "\(path): rule '\(ruleID)': \(message)" }
        return "\(path): \(message)"
    }
}
