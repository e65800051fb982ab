import Model

/// One kind of file the scanner reads, as data: the names that make a file this kind, its
/// layer, and its syntax. Each language family's file declares its kinds; `LanguageRegistry`
/// lists them and builds the file types from them, so adding a language is adding a value.
///
/// Comby's `Syntax` record is the model: delimiters, string literals with their escapes and
/// comment kinds are data that a matcher reads, not code that knows each language. `Lexer`
/// reads it to tell code from strings and comments, for a rule's `in:` and to make a finding
/// that starts in a comment a mention.
public struct Language: Sendable {
    /// The type's name in a rule's `files:` list.
    public let name: String
    /// The groups it belongs to (`code`, `config`, `docs`, `js`), which `files:` also accepts.
    public let groups: [String]
    /// The file names it claims.
    public let files: FileNames
    /// The service layer of its files, for rules that name none.
    public let layer: Layer
    /// The layer instead when the file sits in a deployment folder or a Helm chart
    /// (`LanguageRegistry.isDeploymentPath`): a YAML file there is a Kubernetes manifest.
    public let deploymentLayer: Layer?
    /// The layer instead when the file is server code (`ServerPaths`: `server/`, `api/`
    /// routes, `*.controller.ts`): Node's server is backend, not frontend.
    public let serverLayer: Layer?
    public let syntax: Syntax
    /// Its import statements, where a fix's `ensure:` lines go; nil when it has none.
    public let imports: Imports?
    /// How a call names its arguments, for fix templates that flatten Ollama's options.
    public let namedArguments: NamedArguments?
    /// The priority a finding keeps on a commented-out setting (`# OLLAMA_HOST=...` in an
    /// env template): whoever configures the service uncomments it, so it is more than a
    /// mention. Nil: a finding in any comment is a mention, at low.
    public let commentedSettings: Priority?
    /// A comment block that tools read as data, not a mention: its first and last lines
    /// (PEP 723's `# /// script` ... `# ///`, whose `dependencies` uv and pipx install).
    /// Nil when the language has none.
    public let metadataBlock: (open: String, close: String)?
    /// How its code uses a bound name, for the flow pass; nil when it has no such data.
    public let flow: Flow?

    public init(name: String, groups: [String], files: FileNames, layer: Layer, deploymentLayer: Layer? = nil,
                serverLayer: Layer? = nil, syntax: Syntax, imports: Imports? = nil, namedArguments: NamedArguments? = nil,
                commentedSettings: Priority? = nil, metadataBlock: (open: String, close: String)? = nil,
                flow: Flow? = nil) {
        self.flow = flow
        self.name = name
        self.groups = groups
        self.files = files
        self.layer = layer
        self.deploymentLayer = deploymentLayer
        self.serverLayer = serverLayer
        self.syntax = syntax
        self.imports = imports
        self.namedArguments = namedArguments
        self.commentedSettings = commentedSettings
        self.metadataBlock = metadataBlock
    }
}

/// The file names a language claims, matched against the lower-cased name (no folder). A
/// file has every type that claims it: `docker-compose.yml` is `yaml` by its extension and
/// `compose` by its name.
public struct FileNames: Sendable {
    /// Extensions without the dot: the text after the last dot, when the name does not start
    /// with that dot (`.py` alone is a hidden file, not Python).
    public let extensions: [String]
    /// Whole names, each with at most one `*` that stands for any text, empty included
    /// (`dockerfile*`, `requirements*.txt`, `*.env.sample`).
    public let names: [String]
    /// Names of build output, never read: a minified bundle only repeats its sources'
    /// matches, on one enormous line. Patterns as in `names`, each with its `*`.
    public let generated: [String]

    public init(extensions: [String] = [], names: [String] = [], generated: [String] = []) {
        self.extensions = extensions
        self.names = names
        self.generated = generated
    }
}

/// What a lexer needs to tell code from strings and comments, and to pair brackets.
public struct Syntax: Sendable, Equatable {
    public let comments: [CommentKind]
    public let strings: [StringLiteral]
    public let brackets: [Brackets]
    /// The named subpatterns a rule's pattern may call (`(?&args)`); nil when there are none.
    public let subpatterns: Subpatterns?
    /// A line comment starts only at a line's start or after white space: `$#` and `a#b`
    /// in shell and YAML are not comments.
    public let lineCommentsAfterSpace: Bool
    /// The shell's here-documents: `<<EOF` (or `<<-EOF`, `<<'EOF'`) to a line `EOF` is a string.
    public let heredocs: Bool
    /// YAML's block scalars: the lines more indented than `key: |` or `- >` are a string.
    public let blockScalars: Bool
    /// Markdown: prose is comment, fenced blocks code, each with its info-string language.
    public let fences: Bool
    /// The named blocks (functions, classes, methods) a finding's region names; nil when
    /// the language has none.
    public let blocks: BlockSyntax?
    /// How a configuration format nests keys into sections; nil for a format that has none.
    public let sections: SectionSyntax?

    public init(comments: [CommentKind] = [], strings: [StringLiteral] = [], brackets: [Brackets] = [],
                subpatterns: Subpatterns? = nil, lineCommentsAfterSpace: Bool = false, heredocs: Bool = false,
                blockScalars: Bool = false, fences: Bool = false, blocks: BlockSyntax? = nil,
                sections: SectionSyntax? = nil) {
        self.comments = comments
        self.strings = strings
        self.brackets = brackets
        self.subpatterns = subpatterns
        self.lineCommentsAfterSpace = lineCommentsAfterSpace
        self.heredocs = heredocs
        self.blockScalars = blockScalars
        self.fences = fences
        self.blocks = blocks
        self.sections = sections
    }
}

public enum CommentKind: Sendable, Equatable {
    /// From the prefix to the end of the line. A line that starts with one of `except` is
    /// not a comment (`#!` is an interpreter line).
    case line(String, except: [String] = [])
    /// From `open` to `close`, over lines if need be.
    case block(open: String, close: String)

    /// `#` to the end of the line, the shell's and most configuration formats' comment.
    public static let hash = CommentKind.line("#", except: ["#!"])
    public static let slashes = CommentKind.line("//")
    public static let cBlock = CommentKind.block(open: "/*", close: "*/")
    public static let markup = CommentKind.block(open: "<!--", close: "-->")
}

/// A string literal's delimiters and how a delimiter is written inside it.
public struct StringLiteral: Sendable, Equatable {
    public let open: String
    public let close: String
    /// Nil for a raw literal, whose text ends at the first `close`.
    public let escape: Escape?
    public let multiline: Bool
    /// A literal that opens a line documents the code around it (Python's docstrings), so
    /// such a line counts as a comment.
    public let documentation: Bool
    /// Code inside the literal (`${…}` in a template literal, `{…}` in an f-string).
    public let interpolation: Interpolation?

    public init(_ delimiter: String, close: String? = nil, escape: Escape? = .backslash, multiline: Bool = false,
                documentation: Bool = false, interpolation: Interpolation? = nil) {
        open = delimiter
        self.close = close ?? delimiter
        self.escape = escape
        self.multiline = multiline
        self.documentation = documentation
        self.interpolation = interpolation
    }

    /// Code inside a string: from `open`, which ends in `{`, to the brace that balances it.
    public struct Interpolation: Sendable, Equatable {
        public let open: String
        /// Only a literal whose prefix (the letters just before its delimiter) holds one of
        /// these interpolates: Python's `f"…"`, `rf'…'`; nil when every one does.
        public let prefixLetters: String?

        public init(open: String, prefixLetters: String? = nil) {
            precondition(open.hasSuffix("{"), "an interpolation opens with a brace")
            self.open = open
            self.prefixLetters = prefixLetters
        }

        public static let template = Interpolation(open: "${")
        public static let fString = Interpolation(open: "{", prefixLetters: "fF")
    }

    public enum Escape: Sendable, Equatable {
        /// `\"`, `\\`.
        case backslash
        /// The delimiter written twice (`''` in YAML's single-quoted strings).
        case doubled
    }

    public static let double = StringLiteral("\"")
    public static let single = StringLiteral("'")
    /// Single quotes with no escapes: the shell's, TOML's literal strings.
    public static let singleRaw = StringLiteral("'", escape: nil)
}

public struct Brackets: Sendable, Equatable {
    public let open: String
    public let close: String

    public init(_ open: String, _ close: String) {
        self.open = open
        self.close = close
    }

    public static let code = [Brackets("(", ")"), Brackets("[", "]"), Brackets("{", "}")]
}

/// A language's import statements.
public struct Imports: Sendable, Equatable {
    /// A PCRE2 pattern (UTF, multi-line) that matches one import statement. An `ensure:`
    /// entry without `after` inserts its line after the last match in the file.
    public let statement: String

    public init(statement: String) { self.statement = statement }
}

/// How a call passes arguments by name: the form `${options-…:G}` flattens Ollama's options into.
public struct NamedArguments: Sendable, Equatable {
    /// The fix-template call that writes this form (`options-py`).
    public let templateCall: String
    /// What separates a name from its value: `=` for keyword arguments, `: ` for object fields.
    public let separator: String

    public init(templateCall: String, separator: String) {
        self.templateCall = templateCall
        self.separator = separator
    }
}
