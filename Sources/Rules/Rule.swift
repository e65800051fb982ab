import Languages
import Model
import PCRE2Swift
import Platform

/// One compiled rule: what it finds, where it looks, and how it explains itself.
/// Rules are data: every field comes from a YAML rule file (docs/rule-authoring.md).
public struct Rule: Sendable {
    public let id: String
    public let message: String
    public let category: Category
    public package(set) var priority: Priority
    /// The layer every finding of this rule belongs to; nil derives it from the file.
    public let layer: Layer?
    /// The file types the rule applies to; empty means every scanned type.
    public let fileTypes: FileTypeSet
    /// The `files:` entries as written (types and groups), for listings.
    public let fileTypeNames: [String]
    /// `paths:` globs a file must match (any), and `exclude-paths:` globs it must not.
    public let paths: [Glob]
    public let excludePaths: [Glob]
    public let pattern: Regex
    /// The capture group whose span is reported (0: the whole match). The search still
    /// resumes after the whole match, so a pattern can consume a block and report one word.
    public let reportGroup: Int
    /// The file must also match this pattern somewhere before the rule reports in it.
    public let context: Regex?
    /// In a configuration file, the rule reports only on lines inside a section whose name,
    /// or a section around it, matches `section` (or what one selects: `provider: ollama`
    /// makes its section an `ollama` one), and none of whose names matches `outsideSection`.
    /// A line that opens a section is not inside it. Files that have no sections (code, or a
    /// lockfile) never match a rule with `section`, and always pass `outsideSection`.
    public let section: Regex?
    public let outsideSection: Regex?
    /// Literal strings of which at least one must occur in a file before the rule's pattern
    /// runs over it. Each is its own byte-mode JIT regex, shared between the rules that list it.
    public let prefilter: [Regex]
    /// Mention rules (categories `naming` and `comment`) give way to any other finding on the
    /// same line or text, so `from langchain_ollama import ChatOllama` is a framework import,
    /// not also two names.
    package var yieldsToOverlaps: Bool { category == .naming || category == .comment || binding != nil }

    /// In Markdown, where a match counts: in prose only, or in fenced code blocks only.
    public let markdown: MarkdownScope?

    public enum MarkdownScope: String, CaseIterable, Sendable {
        case prose, code
    }

    /// `in:`, where the reported span may start: in code, strings or comments as the file's
    /// `Lexer` tells them apart. Nil matches everywhere and never lexes the file.
    public let textClasses: Set<TextClass>?

    /// Report only the first match in a file (lockfiles: "regenerate", not one line each).
    public let oncePerFile: Bool
    public let guidance: String
    public let docs: [String]
    public let examples: Examples
    /// The rule file it came from (`rules/env-vars.yml`, or the embedded path).
    public let source: String
    /// The line of the rule's `id` in that file, for messages.
    public let line: Int?

    /// The rewrite, if the rule has one: replaces the reported span.
    public let fix: FixTemplate?
    /// `safe` fixes are applied by `--fix`; `unsafe` ones only with `--unsafe-fixes`.
    public let fixSafety: FixSafety
    /// Lines a fixed file must contain once (an import, a client), inserted when absent.
    public let ensures: [Ensure]

    public enum FixSafety: String, CaseIterable, Sendable { case safe, unsafe }

    /// `bind:`: the capture that names a symbol, and what the symbol is. The flow pass finds
    /// the symbol's uses in its scope (docs/rule-authoring.md).
    public let binding: Binding?
    /// `replaces:`: the ids of rules this one was split from or renamed from. An inline
    /// `ignore[old-id]` and a configuration's `disable:`/`priority:` for an old id still
    /// apply to it, so upgrading does not bring back what a project had silenced.
    public let replaces: [String]

    public struct Binding: Sendable, Equatable {
        /// The capture group holding the bound name (`self.client`, `llm`).
        public let group: Int
        public let kind: BindingKind

        public init(group: Int, kind: BindingKind) {
            self.group = group
            self.kind = kind
        }
    }

    public struct Ensure: Sendable {
        /// The line to insert.
        public let line: String
        /// When the file already matches this, the line is not needed.
        public let unless: Regex?
        /// Insert after the last match of this (e.g. the last import statement).
        public let after: Regex
    }

    public struct Examples: Sendable {
        public var match: [String]
        /// For each `match` text, the bytes the rule must report there (an example's `«…»`),
        /// or nil when any finding will do.
        public var spans: [Range<Int>?] = []
        public var noMatch: [String]
        /// Whole-file texts before and after `--fix`.
        public var fixes: [(before: String, after: String)] = []
    }

    /// Whether the rule looks at a file of these types at this path.
    package func applies(to types: FileTypeSet, path: String) -> Bool {
        if !fileTypes.isEmpty, !fileTypes.intersects(types) { return false }
        if paths.isEmpty, excludePaths.isEmpty { return true }
        // The path's bytes once for every glob: the String form converted each parent folder
        // of the path again for each glob.
        let bytes = Array(path.utf8)
        if !paths.isEmpty, !paths.contains(where: { $0.matchesPathOrParent(bytes: bytes, isDirectory: false) }) { return false }
        if excludePaths.contains(where: { $0.matchesPathOrParent(bytes: bytes, isDirectory: false) }) { return false }
        return true
    }

    /// Flags a rule may set; `^` and `$` always anchor at line ends (MULTILINE).
    static let flagOptions: [String: Regex.Options] = [
        "caseless": .caseless, "dotall": .dotAll, "extended": .extended,
    ]
}

/// What a bound name stands for, which decides the uses the flow pass reports on it.
public enum BindingKind: String, CaseIterable, Sendable {
    /// An Ollama client or framework model object: its method calls are requests.
    case client
    /// What a request returned: its field reads follow Ollama's response shape.
    case response
    /// A streamed reply: iterating it yields responses.
    case stream
    /// A local module, class or function that builds a client: its importers and callers
    /// depend on Ollama through it.
    case wrapperModule = "wrapper-module"
    case wrapperClass = "wrapper-class"
    case wrapperFunction = "wrapper-function"
    /// An instance of a wrapper class: its method calls go through the wrapper.
    case wrapperInstance = "wrapper-instance"
    /// An HTTP client or helper built on an Ollama base URL.
    case baseURL = "base-url"
    case configSection = "config-section"
    /// A local function whose body makes an Ollama request (and returns no client): its
    /// callers and importers depend on Ollama through it.
    case helperFunction = "helper-function"
    /// An Ollama error caught by a handler (`except ResponseError as e`): its fields are
    /// Ollama's (`e.status_code`, `e.error`).
    case error
}
