import PCRE2Swift

/// How a language handles errors, for the flow pass: its `try` statements as blocks, and the
/// clause that catches what the body raised. A handler of a `try` whose body calls Ollama
/// encodes what the program does when Ollama is down or the model is missing, so a migration
/// revisits it. Kept apart from the language's own `BlockSyntax`: a `try` is not a region the
/// audit names.
public struct FlowHandlers: Sendable {
    /// `try` blocks (kind `try`) and, where a handler has a body of its own that another
    /// handler may follow (Python's `except`), the handler blocks (kind `handler`).
    public let blocks: BlockFinder
    /// A handler clause, anchored where the `try` block (or the handler before it) ends,
    /// comments and blank lines skipped: `except`, `catch`.
    public let clause: String
    /// The exception name a handler binds; group `e` (`except ResponseError as e`, `catch (e)`).
    public let boundName: String

    public init(blocks: BlockSyntax, comments: [CommentKind], clause: String, boundName: String) {
        self.blocks = BlockFinder(blocks, comments: comments)
        self.clause = clause
        self.boundName = boundName
    }

    /// `try:` and each `except …:` to the end of the lines indented under it.
    public static let python = FlowHandlers(
        blocks: BlockSyntax(extent: .indentation, headers: [
            BlockHeader(#"^[ \t]*+(?<name>try)[ \t]*:"#, kind: "try"),
            BlockHeader(#"^[ \t]*+(?<name>except)\b[^\n]*:"#, kind: "handler"),
        ]),
        comments: [.hash], clause: #"except\b"#,
        boundName: #"except\b[^\n:]*?[ \t]as[ \t]+(?<e>[\p{L}_]\w*)[ \t]*:"#)

    /// `try {` to its closing brace; the `catch` follows that brace (`} catch (e) {`).
    public static let script = FlowHandlers(
        blocks: BlockSyntax(extent: .braces, identifier: #"[\p{L}_$][\p{L}\p{N}_$]*+"#, headers: [
            BlockHeader(#"^[ \t]*+(?<name>try)[ \t]*\{"#, kind: "try"),
        ]),
        comments: [.slashes, .cBlock], clause: #"catch\b"#,
        boundName: #"catch[ \t]*\([ \t]*(?<e>[\p{L}_$][\w$]*)"#)
}

/// The blocks of a syntax that is not a language's own (the flow pass's `try` statements),
/// its headers compiled once.
public struct BlockFinder: Sendable {
    let matcher: BlockMatcher

    public init(_ syntax: BlockSyntax, comments: [CommentKind]) {
        matcher = BlockMatcher(syntax, comments: comments)
    }

    /// The most capture groups a header has: `scratch` for `blocks` holds at least this many.
    public var captureCount: Int { matcher.captureCount }

    public func blocks(_ text: [UInt8], mask: SyntaxMask, lineStarts: [Int], scratch: MatchScratch) -> BlockIndex {
        matcher.blocks(text, mask: mask, lineStarts: lineStarts, scratch: scratch)
    }
}
