import Model

/// The kinds of file the scanner reads, recognised by name, like ripgrep's type table.
/// A file can have several (`docker-compose.yml` is `compose` and `yaml`); a rule's
/// `files:` list names the types (or groups of types) it applies to.
public enum FileType: String, CaseIterable, Sendable {
    case python, javascript, typescript, vue, svelte, html, shell, go, java, kotlin, makefile
    case json, yaml, toml, ini, conf, properties, xml, gradle, gomod, env, dockerfile, compose, requirements, pipfile, lockfile
    case markdown

    /// Type names that stand for several types in a rule's `files:` list.
    public static let groups: [String: [FileType]] = [
        "code": [.python, .javascript, .typescript, .vue, .svelte, .html, .shell, .go, .java, .kotlin, .makefile],
        "config": [.json, .yaml, .toml, .ini, .conf, .properties, .xml, .gradle, .gomod, .env, .dockerfile, .compose,
                   .requirements, .pipfile, .lockfile],
        "docs": [.markdown],
        // Everything that carries JavaScript: Vue and Svelte single-file components are scanned as script.
        "js": [.javascript, .typescript, .vue, .svelte, .html],
    ]

    /// The extension table (lower-cased, without the dot).
    package static let byExtension: [String: [FileType]] = [
        "py": [.python], "pyi": [.python],
        "js": [.javascript], "jsx": [.javascript], "mjs": [.javascript], "cjs": [.javascript],
        "ts": [.typescript], "tsx": [.typescript], "mts": [.typescript], "cts": [.typescript],
        "vue": [.vue], "svelte": [.svelte], "html": [.html], "htm": [.html],
        "sh": [.shell], "bash": [.shell], "zsh": [.shell],
        "go": [.go], "java": [.java], "kt": [.kotlin], "kts": [.kotlin], "mk": [.makefile],
        "json": [.json], "jsonc": [.json], "yml": [.yaml], "yaml": [.yaml], "toml": [.toml],
        "ini": [.ini], "cfg": [.ini], "conf": [.conf], "properties": [.properties], "env": [.env],
        "xml": [.xml], "gradle": [.gradle],
        "dockerfile": [.dockerfile],
        "md": [.markdown], "mdx": [.markdown], "markdown": [.markdown],
    ]

    /// Exact file names (lower-cased) that carry a type of their own.
    package static let byName: [String: [FileType]] = [
        "makefile": [.makefile], "gnumakefile": [.makefile],
        "pipfile": [.pipfile, .toml],
        "pipfile.lock": [.lockfile, .json],
        "package-lock.json": [.lockfile, .json], "npm-shrinkwrap.json": [.lockfile, .json],
        "yarn.lock": [.lockfile], "pnpm-lock.yaml": [.lockfile, .yaml], "bun.lock": [.lockfile],
        "poetry.lock": [.lockfile], "uv.lock": [.lockfile], "pdm.lock": [.lockfile],
        "containerfile": [.dockerfile],
        "go.mod": [.gomod], "go.sum": [.lockfile],
    ]

    /// The types of a file called `name` (no folder), or an empty set when it is not scanned.
    public static func types(ofFileNamed name: String) -> FileTypeSet {
        let lower = name.lowercased()
        if let named = byName[lower] { return FileTypeSet(named) }
        var result = FileTypeSet()
        if lower == ".env" || lower.hasPrefix(".env.") || lower == "env.example" || lower == "env.sample"
            || [".env.sample", ".env.example", ".env.template", ".env.dist"].contains(where: lower.hasSuffix) {
            result.insert(.env)
        }
        if lower.hasPrefix("dockerfile") { result.insert(.dockerfile) }
        if lower.hasPrefix("requirements"), lower.hasSuffix(".txt") { result.insert(.requirements) }
        if let dot = lower.lastIndex(of: "."), dot != lower.startIndex {
            let ext = String(lower[lower.index(after: dot)...])
            for type in byExtension[ext] ?? [] { result.insert(type) }
            if ext == "yml" || ext == "yaml", lower.hasPrefix("compose") || lower.hasPrefix("docker-compose") {
                result.insert(.compose)
            }
        }
        return result
    }

    /// Minified and bundled JavaScript: built from sources the scan also sees, so its
    /// matches would only repeat theirs, on one enormous line.
    public static func isGenerated(_ name: String) -> Bool {
        let lower = name.lowercased()
        return [".min.js", ".min.mjs", ".min.cjs", ".bundle.js", ".chunk.js"].contains { lower.hasSuffix($0) }
    }

    /// Resolves a rule's `files:` entry to types; nil when the name is unknown.
    public static func resolve(_ name: String) -> [FileType]? {
        if let group = groups[name] { return group }
        return FileType(rawValue: name).map { [$0] }
    }

    /// The names a rule's `files:` list accepts, for error messages.
    public static var acceptedNames: [String] { groups.keys.sorted() + allCases.map(\.rawValue) }

    // The case's declaration index (what `allCases.firstIndex` gave), by a switch the
    // compiler makes a table: that call built an array, and the scanner asks several times per
    // finding (a quarter of `--fix` on a 32,000-line `.env`). A test checks the two agree.
    package var bit: UInt32 {
        let index: UInt32 = switch self {
        case .python: 0
        case .javascript: 1
        case .typescript: 2
        case .vue: 3
        case .svelte: 4
        case .html: 5
        case .shell: 6
        case .go: 7
        case .java: 8
        case .kotlin: 9
        case .makefile: 10
        case .json: 11
        case .yaml: 12
        case .toml: 13
        case .ini: 14
        case .conf: 15
        case .properties: 16
        case .xml: 17
        case .gradle: 18
        case .gomod: 19
        case .env: 20
        case .dockerfile: 21
        case .compose: 22
        case .requirements: 23
        case .pipfile: 24
        case .lockfile: 25
        case .markdown: 26
        }
        return 1 << index
    }
}

/// A set of file types as a bit mask, so the per-file rule filter is one AND.
public struct FileTypeSet: Hashable, Sendable {
    public private(set) var bits: UInt32 = 0

    public init() {}
    public init(_ types: [FileType]) { for t in types { insert(t) } }

    public mutating func insert(_ type: FileType) { bits |= type.bit }
    public func contains(_ type: FileType) -> Bool { bits & type.bit != 0 }
    public func intersects(_ other: FileTypeSet) -> Bool { bits & other.bits != 0 }
    public var isEmpty: Bool { bits == 0 }
    public var types: [FileType] { FileType.allCases.filter(contains) }
}

extension FileTypeSet {
    /// The service layer of a file with these types, at `path`, for rules that name none.
    public func layer(path: String) -> Layer {
        if contains(.markdown) { return .documentation }
        if contains(.dockerfile) || contains(.compose) { return .container }
        if contains(.yaml), Self.isDeploymentPath(path) || Self.isHelmFile(path) { return .container }
        if contains(.shell) || contains(.makefile) { return .container }
        let frontend: [FileType] = [.javascript, .typescript, .vue, .svelte, .html]
        if frontend.contains(where: contains) { return .frontend }
        let backend: [FileType] = [.python, .go, .java, .kotlin]
        if backend.contains(where: contains) { return .backend }
        return .configuration
    }

    /// A Helm chart's own files, wherever the chart sits (often at the repository root).
    package static func isHelmFile(_ path: String) -> Bool {
        let parts = path.lowercased().split(separator: "/")
        guard let name = parts.last else { return false }
        if name == "chart.yaml" || name.hasPrefix("values") { return true }
        return parts.dropLast().contains("templates")
    }

    /// Whether `line` is a whole-line comment in a file of these types (`#`, `//`, `/*`, `*`,
    /// `<!--`), after leading white space.
    public func isCommentLine(_ line: String) -> Bool {
        let text = line.drop { $0 == " " || $0 == "\t" }
        let hash: [FileType] = [.python, .shell, .makefile, .yaml, .toml, .ini, .conf, .properties, .env,
                                .dockerfile, .compose, .requirements, .pipfile, .gradle]
        if hash.contains(where: contains), text.hasPrefix("#"), !text.hasPrefix("#!") { return true }
        if contains(.python), text.hasPrefix("\"\"\"") || text.hasPrefix("'''") { return true }
        let slashes: [FileType] = [.javascript, .typescript, .vue, .svelte, .go, .java, .kotlin, .gradle]
        if slashes.contains(where: contains), text.hasPrefix("//") || text.hasPrefix("/*")
            || text.hasPrefix("* ") || text == "*" || text.hasPrefix("*/") { return true }
        let markup: [FileType] = [.html, .vue, .svelte, .xml]
        if markup.contains(where: contains), text.hasPrefix("<!--") { return true }
        return false
    }

    /// Kubernetes manifests and Helm charts live in folders with names like these.
    package static func isDeploymentPath(_ path: String) -> Bool {
        let folders = ["k8s", "kubernetes", "helm", "charts", "chart", "deploy", "deployment", "deployments",
                       "manifests", "kustomize", "overlays"]
        return path.split(separator: "/").dropLast().contains { folders.contains($0.lowercased()) }
    }
}
