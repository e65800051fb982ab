import Model
import PCRE2Swift

/// The languages the tool knows, in one list; a language's position is its `FileType`.
/// Everything that asks what a file is reads this: the walker (which files to read), the
/// rule loader (`files:` names, import statements), the scanner (layers, comment lines).
public struct LanguageRegistry: Sendable {
    /// The order is the order `types` and the accepted-names message list them in.
    public static let standard = LanguageRegistry([
        .python, .javascript, .typescript, .vue, .svelte, .html, .shell, .go, .java, .kotlin, .makefile,
        .json, .yaml, .toml, .ini, .conf, .properties, .xml, .gradle, .gomod, .env, .dockerfile, .compose,
        .requirements, .pipfile, .lockfile, .markdown, .notebook, .text, .ignoreFile, .modelfile,
    ])

    /// A file of types in several layers belongs to the first of them here: a Compose file
    /// is container, not configuration, and a Vue component frontend.
    public static let layerPrecedence: [Layer] = [.documentation, .container, .frontend, .backend, .configuration]

    public let languages: [Language]
    /// The group names (`code`, `config`, `docs`, `js`) and their types.
    public let groups: [String: FileTypeSet]
    /// The fix-template calls that flatten options (`options-py`), by name and in order.
    public let namedArguments: [String: NamedArguments]
    public let namedArgumentCalls: [String]
    private let typeNamed: [String: FileType]
    private let extensions: [String: FileTypeSet]
    private let names: [String: FileTypeSet]
    private let patterns: [(NamePattern, FileTypeSet)]
    private let generated: [NamePattern]
    private let lexers: [Lexer]
    private let blockMatchers: [BlockMatcher?]
    /// The most capture groups a block header has: a `MatchScratch` for `blocks` needs this many.
    public let blockCaptureCount: Int

    /// Stops the program when two languages share a name or there are more than a
    /// `FileTypeSet` holds: the list is the program's own data, and a type with no bit of
    /// its own would make a rule scoped to it apply to every file.
    public init(_ languages: [Language]) {
        precondition(languages.count <= FileTypeSet.capacity,
                     "\(languages.count) languages, but a FileTypeSet holds \(FileTypeSet.capacity): widen it")
        self.languages = languages
        var typeNamed: [String: FileType] = [:]
        var groups: [String: FileTypeSet] = [:]
        var extensions: [String: FileTypeSet] = [:]
        var names: [String: FileTypeSet] = [:]
        var patterns: [(NamePattern, FileTypeSet)] = []
        var generated: [NamePattern] = []
        var namedArguments: [String: NamedArguments] = [:]
        var namedArgumentCalls: [String] = []
        for (index, language) in languages.enumerated() {
            let type = FileType(index: index)
            let one = FileTypeSet([type])
            precondition(typeNamed.updateValue(type, forKey: language.name) == nil, "two languages named \(language.name)")
            if let form = language.namedArguments {
                if let other = namedArguments.updateValue(form, forKey: form.templateCall) {
                    precondition(other == form, "two forms for ${\(form.templateCall):…}")
                } else {
                    namedArgumentCalls.append(form.templateCall)
                }
            }
            for group in language.groups { groups[group, default: FileTypeSet()].insert(type) }
            for ext in language.files.extensions { extensions[ext, default: FileTypeSet()].insert(type) }
            for name in language.files.names {
                if let pattern = NamePattern(name) {
                    patterns.append((pattern, one))
                } else {
                    names[name, default: FileTypeSet()].insert(type)
                }
            }
            for name in language.files.generated {
                guard let pattern = NamePattern(name) else { preconditionFailure("'\(name)': a generated-file name needs a *") }
                generated.append(pattern)
            }
        }
        for group in groups.keys { precondition(typeNamed[group] == nil, "\(group) is both a group and a type") }
        self.typeNamed = typeNamed
        self.groups = groups
        self.extensions = extensions
        self.names = names
        self.patterns = patterns
        self.generated = generated
        self.namedArguments = namedArguments
        self.namedArgumentCalls = namedArgumentCalls
        lexers = languages.map { Lexer($0.syntax) }
        // Languages that share a syntax share its compiled headers.
        var matchers: [BlockMatcher] = []
        blockMatchers = languages.map { language in
            guard let blocks = language.syntax.blocks else { return nil }
            if let known = matchers.first(where: { $0.syntax == blocks }) { return known }
            matchers.append(BlockMatcher(blocks, comments: language.syntax.comments))
            return matchers.last
        }
        blockCaptureCount = matchers.map(\.captureCount).max() ?? 0
    }

    /// The syntax facts of `text`, a file of `types`, by its first type's syntax (a file's
    /// several types share one: `yaml` and `compose`, `toml` and `pipfile`). A text of no
    /// type is all code.
    public func mask(_ text: [UInt8], types: FileTypeSet) -> SyntaxMask {
        guard let first = types.types.first else { return SyntaxMask(runs: [], brackets: [], fences: []) }
        return lexers[first.index].mask(text)
    }

    /// The named blocks of `text`, a file of `types`, by its first type's block syntax, from
    /// the file's mask and line starts (which a scan has already built): one search per header
    /// pattern, and one pass over the brackets or the lines. `scratch` holds at least
    /// `blockCaptureCount` groups.
    public func blocks(_ text: [UInt8], types: FileTypeSet, mask: SyntaxMask, lineStarts: [Int],
                       scratch: MatchScratch) -> BlockIndex {
        guard let matcher = blockMatcher(types) else { return .empty }
        return matcher.blocks(text, mask: mask, lineStarts: lineStarts, scratch: scratch)
    }

    /// The block syntax of the first of `types`, as for the mask; nil for a lockfile (a
    /// `pnpm-lock.yaml` is YAML too, but it is generated: its sections name nothing a
    /// migration edits).
    private func blockMatcher(_ types: FileTypeSet) -> BlockMatcher? {
        guard let first = types.types.first else { return nil }
        if let lockfile = typeNamed["lockfile"], types.contains(lockfile) { return nil }
        return blockMatchers[first.index]
    }

    /// Whether files of `types` have named blocks: `blocks` finds none otherwise.
    public func hasBlocks(_ types: FileTypeSet) -> Bool { blockMatcher(types) != nil }

    /// The key paths of `text`, a configuration file of `types`, by the first of its types
    /// that nests keys; nil when none does. A lockfile has none whatever its format: its keys
    /// are package names a tool wrote, not settings.
    public func sections(_ text: [UInt8], types: FileTypeSet) -> ConfigSections? {
        var candidates: [SectionSyntax] = []
        for type in types.types {
            if let syntax = self[type].syntax.sections, !candidates.contains(syntax) { candidates.append(syntax) }
        }
        guard let first = candidates.first else { return nil }
        // A real file's types agree (`yaml` and `compose`, `json` and `lockfile`); only a
        // rule's examples, read as every type of its `files:`, leave the choice to the text.
        if candidates.count > 1 { return ConfigSections(text, syntax: SectionSyntax.guess(text, among: candidates)) }
        return types.contains(.lockfile) ? nil : ConfigSections(text, syntax: first)
    }

    public subscript(type: FileType) -> Language { languages[type.index] }

    public func type(named name: String) -> FileType? { typeNamed[name] }

    /// The types of a file called `name` (no folder): every type that claims its name, its
    /// extension or a pattern it matches. Empty when no language claims it: not scanned.
    public func types(ofFileNamed name: String) -> FileTypeSet {
        let lower = name.lowercased()
        var result = names[lower] ?? FileTypeSet()
        for (pattern, types) in patterns where pattern.matches(lower) { result.formUnion(types) }
        if let dot = lower.lastIndex(of: "."), dot != lower.startIndex,
           let types = extensions[String(lower[lower.index(after: dot)...])] {
            result.formUnion(types)
        }
        return result
    }

    /// Whether a file called `name` is build output (`FileNames.generated`).
    public func isGenerated(_ name: String) -> Bool {
        let lower = name.lowercased()
        return generated.contains { $0.matches(lower) }
    }

    /// The types a rule's `files:` entry names (a type or a group); nil when it names none.
    public func resolve(_ name: String) -> FileTypeSet? {
        if let group = groups[name] { return group }
        return typeNamed[name].map { FileTypeSet([$0]) }
    }

    /// The names a rule's `files:` list accepts, for error messages: the groups, then the types.
    public var acceptedNames: [String] { groups.keys.sorted() + languages.map(\.name) }

    /// The import statement pattern every one of `types` shares; nil when one has none, or
    /// two differ (an `ensure:` line would have no one place to go).
    public func importStatement(of types: FileTypeSet) -> String? {
        let statements = types.types.map { self[$0].imports?.statement }
        guard let first = statements.first, let statement = first, statements.allSatisfy({ $0 == statement }) else {
            return nil
        }
        return statement
    }

    /// The subpattern library every one of `types` shares; nil when one has none, or two
    /// differ (a pattern's `(?&args)` would mean two things).
    public func subpatterns(of types: FileTypeSet) -> Subpatterns? {
        let libraries = types.types.map { self[$0].syntax.subpatterns }
        guard let first = libraries.first, let library = first, libraries.allSatisfy({ $0 == library }) else { return nil }
        return library
    }

    /// Every type.
    public var all: FileTypeSet { FileTypeSet(languages.indices.map(FileType.init(index:))) }

    /// The layer of a file of `types` at `path`: `test` for a test, mock or fixture file
    /// (`TestPaths`), else its types' layers, the first by `layerPrecedence`.
    public func layer(of types: FileTypeSet, path: String) -> Layer {
        if TestPaths.standard.contains(path) { return .test }
        var best: Int?
        for type in types.types {
            let language = self[type]
            var layer = language.layer
            if let deployment = language.deploymentLayer, Self.isDeploymentPath(path) || Self.isHelmFile(path) {
                layer = deployment
            }
            if let server = language.serverLayer, ServerPaths.standard.contains(path) { layer = server }
            if let rank = Self.layerPrecedence.firstIndex(of: layer), rank < best ?? .max { best = rank }
        }
        // No type: a text with no file (a rule's example); configuration, the least specific.
        return best.map { Self.layerPrecedence[$0] } ?? .configuration
    }

    /// A Helm chart's own files, wherever the chart sits (often at the repository root).
    static func isHelmFile(_ path: String) -> Bool {
        let parts = path.lowercased().split(separator: "/")
        guard let name = parts.last else { return false }
        if name == "chart.yaml" || name.hasPrefix("values") { return true }
        return parts.dropLast().contains("templates")
    }

    /// Kubernetes manifests and Helm charts live in folders with names like these.
    static func isDeploymentPath(_ path: String) -> Bool {
        let folders = ["k8s", "kubernetes", "helm", "charts", "chart", "deploy", "deployment", "deployments",
                       "manifests", "kustomize", "overlays"]
        return path.split(separator: "/").dropLast().contains { folders.contains($0.lowercased()) }
    }
}

/// A file-name pattern with one `*`: the name starts with `prefix` and ends with `suffix`,
/// which do not overlap.
struct NamePattern: Sendable {
    let prefix: String
    let suffix: String

    init(prefix: String, suffix: String) {
        self.prefix = prefix
        self.suffix = suffix
    }

    /// Nil for a name without `*`.
    init?(_ text: String) {
        let parts = text.split(separator: "*", omittingEmptySubsequences: false)
        guard parts.count > 1 else { return nil }
        precondition(parts.count == 2, "'\(text)': a file-name pattern has one *")
        self.init(prefix: String(parts[0]), suffix: String(parts[1]))
    }

    func matches(_ name: String) -> Bool {
        name.utf8.count >= prefix.utf8.count + suffix.utf8.count && name.hasPrefix(prefix) && name.hasSuffix(suffix)
    }

    /// A list of file names split into the exact ones and the patterns (one `*` each).
    static func split(_ names: [String]) -> (exact: Set<String>, patterns: [NamePattern]) {
        var exact = Set<String>()
        var patterns: [NamePattern] = []
        for name in names {
            if let pattern = NamePattern(name) { patterns.append(pattern) } else { exact.insert(name) }
        }
        return (exact, patterns)
    }
}
