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

    public var start: Position { span.start }
    /// The position just after the last matched character (exclusive, as in SARIF).
    public var end: Position { span.end }
    /// The match's bytes in the file, for the fixer.
    public var byteRange: Range<Int> { span.bytes }

    /// Public so the fuzz targets can hand the fix planner arbitrary edits.
    public init(ruleID: String, category: Category, priority: Priority, layer: Layer, message: String, path: String,
                start: Position, end: Position, match: String, lineText: String, fixability: Fixability,
                replacement: String?, byteRange: Range<Int>) {
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
    }

    package enum CodingKeys: String, CodingKey {
        case ruleID = "rule", category, priority, layer, message, path, start, end, match
        case lineText = "line", fixability = "fix", replacement
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
    }

    /// Report order: path, then position, then rule id; the same whatever the thread count.
    public static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.path != b.path { return a.path.utf8.lexicographicallyPrecedes(b.path.utf8) }
        if a.start != b.start { return a.start < b.start }
        if a.ruleID != b.ruleID { return a.ruleID < b.ruleID }
        return a.end < b.end
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
