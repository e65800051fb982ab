/// How a language's code uses a name, for the flow pass: PCRE2 templates in which `NAME`
/// stands for the bound name, spliced in escaped (`self\.client`). Kept here as data, beside
/// the language's syntax, so the pass in Engine knows no language.
public struct Flow: Sendable {
    /// A method call on the name; group `m` is the method.
    public let methodCall: String
    /// A field read on the name: subscript with a string key, attribute, or `.get("key")`;
    /// group 1 is the field (a branch reset).
    public let fieldRead: String
    /// The start of an assignment statement up to its right-hand side; group `lhs` is the
    /// target. The pass appends the escaped name and what follows it (`(`, `.m(`, the end).
    public let assignment: String
    /// A loop over the name; group `item` is the loop variable.
    public let iteration: String
    /// A plain call of the name (a wrapper function).
    public let call: String
    /// The head of a loop up to its iterable; group `item` is the loop variable. The pass
    /// anchors it just before a call (`for part in client.chat(`).
    public let loopHead: String
    /// A named argument inside a call's brackets; group `k` is its name.
    public let keywordArgument: String
    /// Import statements: group `mod` the module as written, `names` the imported names
    /// (`a, b as c`, `{ a, b as c }`, `D, { a }`, `* as ns`), `alias` the module's own alias.
    public let imports: [ImportForm]
    /// Names of the current object; a member bound on one (`cls.__client`) is the same member
    /// on the others (`self.__client`).
    public let receivers: [String]
    /// Blocks are indentation (Python), not braces.
    public let indentBlocks: Bool
    /// A receiver a plain name may be read through: a class field `client = new Ollama()`
    /// is used as `this.client`.
    public let implicitReceiver: String?
    /// An assignment to the name: where a local binding's scope ends.
    public let rebinding: String
    /// The argument that makes a call's result a stream (`stream=True`).
    public let streamArgument: String
    /// How an import's module names a file.
    public let modules: ModuleResolution
    /// Its `try` statements and their handlers; nil when the flow pass does not read them.
    public let handlers: FlowHandlers?
    /// Functions that are a program's entry point (`main`): the program itself, not a helper
    /// its callers depend on Ollama through.
    public let entryPoints: Set<String>
    /// How it builds URLs on a base, for names bound to an Ollama base URL.
    public let urls: FlowURLs?
    /// A module's default export, its name in group 1 (`module.exports = Provider`,
    /// `export default class Repo`): a default import gets that name, not whatever else the
    /// module defines. Nil where modules have no default export.
    public let defaultExport: String?

    public init(methodCall: String, fieldRead: String, assignment: String, iteration: String, call: String,
                loopHead: String, keywordArgument: String, imports: [ImportForm], receivers: [String], indentBlocks: Bool, implicitReceiver: String?, rebinding: String,
                streamArgument: String, modules: ModuleResolution, handlers: FlowHandlers? = nil,
                entryPoints: Set<String> = [], urls: FlowURLs? = nil, defaultExport: String? = nil) {
        self.methodCall = methodCall
        self.fieldRead = fieldRead
        self.assignment = assignment
        self.iteration = iteration
        self.call = call
        self.loopHead = loopHead
        self.keywordArgument = keywordArgument
        self.imports = imports
        self.receivers = receivers
        self.indentBlocks = indentBlocks
        self.implicitReceiver = implicitReceiver
        self.rebinding = rebinding
        self.streamArgument = streamArgument
        self.modules = modules
        self.handlers = handlers
        self.entryPoints = entryPoints
        self.urls = urls
        self.defaultExport = defaultExport
    }

    /// One form of import statement.
    public struct ImportForm: Sendable {
        public let pattern: String
        /// A word every statement of the form holds: a file without it is not searched for
        /// the form. ES modules seldom say `require`, and the require form's search stops at
        /// every `const x =`.
        public let word: String
        /// Whether the word is on the first line of every statement of the form (`import x`,
        /// `from x import (\n a)`, not `const {\n a } = require(...)`): then only the lines
        /// holding it are tried.
        public let wordOnFirstLine: Bool

        public init(_ pattern: String, word: String, wordOnFirstLine: Bool) {
            self.pattern = pattern
            self.word = word
            self.wordOnFirstLine = wordOnFirstLine
        }
    }

    /// The placeholder for the bound name in every template.
    public static let placeholder = "NAME"

    public enum ModuleResolution: Sendable, Equatable {
        /// Dotted modules (`repos.ollama_repo`, `.ollama_repo`): a file `X.py` or a package
        /// `X/__init__.py`, under the importer's folder or any folder above it.
        case dotted(extensions: [String], package: String)
        /// Paths relative to the importer (`./ollama`), or through tsconfig `paths`/`baseUrl`;
        /// the extension may be left off, and a folder means its `index` file.
        case path(extensions: [String], index: String)
    }
}

extension Flow {
    public static let python = Flow(
        methodCall: #"(?<![\w.])NAME\s*\.\s*(?<m>[\p{L}_]\w*)\s*\("#,
        fieldRead: #"(?<![\w.])NAME(?|\s*\[\s*["'](\w+)["']\s*\]|\s*\.\s*(?!get\b)([\p{L}_]\w*)\b(?!\s*\()|\s*\.\s*get\s*\(\s*["'](\w+)["'])"#,
        assignment: #"^[ \t]*+(?<lhs>[\p{L}_][\w.]*)[ \t]*(?::[^=\n]*)?=[ \t]*(?:await[ \t]+)?"#,
        iteration: #"\bfor[ \t]+(?<item>[\p{L}_]\w*)[ \t]+in[ \t]+(?:await[ \t]+)?NAME\b(?![ \t]*[.\[(])"#,
        call: #"(?<![\w.])(?<!def )(?<!class )NAME\s*\("#,
        loopHead: #"\bfor[ \t]+(?<item>[\p{L}_]\w*)[ \t]+in[ \t]+(?:await[ \t]+)?"#,
        keywordArgument: #"(?<![\w.])(?<k>[\p{L}_]\w*)[ \t]*=(?!=)"#,
        imports: [
            ImportForm(#"^[ \t]*+from[ \t]+(?<mod>\.*[\w.]*)[ \t]+import[ \t]+(?<names>\([^)]*\)|[^\n#;]+)"#, word: "import", wordOnFirstLine: true),
            ImportForm(#"^[ \t]*+import[ \t]+(?<mod>[\w.]+)(?:[ \t]+as[ \t]+(?<alias>\w+))?[ \t]*(?:#|$)"#, word: "import", wordOnFirstLine: true),
        ],
        receivers: ["self", "cls"], indentBlocks: true, implicitReceiver: nil,
        rebinding: #"^[ \t]*+NAME[ \t]*(?::[^=\n]*)?=(?!=)"#,
        streamArgument: #"\bstream\s*=\s*True\b"#,
        modules: .dotted(extensions: ["py"], package: "__init__.py"), handlers: .python,
        entryPoints: ["main"], urls: .python)

    public static let script = Flow(
        methodCall: #"(?<![\w.$])NAME\s*\.\s*(?<m>[\p{L}_$][\w$]*)\s*\("#,
        fieldRead: #"(?<![\w.$])NAME(?|\s*\[\s*["'](\w+)["']\s*\]|\s*\??\.\s*([\p{L}_$][\w$]*)\b(?!\s*\())"#,
        assignment: #"^[ \t]*+(?:(?:export[ \t]+)?(?:const|let|var)[ \t]+)?(?<lhs>[\p{L}_$][\w.$]*)[ \t]*(?::[^=\n]*)?=[ \t]*(?:await[ \t]+)?(?:new[ \t]+)?"#,
        iteration: #"\bfor[ \t]*(?:await[ \t]*)?\([ \t]*(?:const|let|var)[ \t]+(?<item>[\p{L}_$][\w$]*)[ \t]+of[ \t]+(?:await[ \t]+)?NAME\b(?![ \t]*[.\[(])"#,
        call: #"(?<![\w.$])(?<!function )(?<!class )NAME\s*\("#,
        loopHead: #"\bfor[ \t]*(?:await[ \t]*)?\([ \t]*(?:const|let|var)[ \t]+(?<item>[\p{L}_$][\w$]*)[ \t]+of[ \t]+(?:await[ \t]+)?"#,
        keywordArgument: #"(?<![\w.$])(?<k>[\p{L}_$][\w$]*)[ \t]*:(?!:)"#,
        imports: [
            ImportForm(#"^[ \t]*+import[ \t]+(?:type[ \t]+)?(?<names>[^;'"]*?)[ \t]*from[ \t]*['"](?<mod>[^'"\n]+)['"]"#, word: "import", wordOnFirstLine: true),
            ImportForm(#"\b(?:const|let|var)[ \t]+(?<names>\{[^}]*\}|[\p{L}_$][\w$]*)[ \t]*=[ \t]*require[ \t]*\([ \t]*['"](?<mod>[^'"\n]+)['"]"#,
                       word: "require", wordOnFirstLine: false),
        ],
        receivers: ["this"], indentBlocks: false, implicitReceiver: "this",
        rebinding: #"^[ \t]*+(?:(?:const|let|var)[ \t]+)?(?:\{[^}=\n]*?(?<![\w$]))?NAME\b(?:[^}=\n]*\})?[ \t]*(?::[^=\n]*)?=(?![=>])"#,
        streamArgument: #"\bstream\s*:\s*true\b"#,
        modules: .path(extensions: ["ts", "tsx", "js", "jsx", "mjs", "cjs", "mts", "cts", "vue", "svelte"], index: "index"),
        handlers: .script, entryPoints: ["main"], urls: .script,
        defaultExport: #"^[ \t]*+(?:module\.exports[ \t]*=[ \t]*|export[ \t]+default[ \t]+(?:(?:abstract[ \t]+)?class[ \t]+|(?:async[ \t]+)?function\*?[ \t]*)?)([A-Za-z_$][\w$]*)[ \t]*(?:;|$|\{|\(|extends\b)"#)
}
