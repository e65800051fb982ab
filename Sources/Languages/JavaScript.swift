
extension Language {
    /// JavaScript, and the family that shares its statements: TypeScript and the Vue and
    /// Svelte single-file components (scanned as script, with HTML comments around it).
    public static let javascript = Language(
        name: "javascript", groups: ["code", "js"],
        files: FileNames(extensions: ["js", "jsx", "mjs", "cjs"],
                         generated: ["*.min.js", "*.min.mjs", "*.min.cjs", "*.bundle.js", "*.chunk.js"]),
        layer: .frontend, syntax: script, imports: moduleImports, namedArguments: objectFields, flow: .script)

    public static let typescript = Language(
        name: "typescript", groups: ["code", "js"],
        files: FileNames(extensions: ["ts", "tsx", "mts", "cts"]),
        layer: .frontend, syntax: script, imports: moduleImports, namedArguments: objectFields, flow: .script)

    public static let vue = Language(
        name: "vue", groups: ["code", "js"],
        files: FileNames(extensions: ["vue"]),
        layer: .frontend, syntax: component, imports: moduleImports, namedArguments: objectFields, flow: .script)

    public static let svelte = Language(
        name: "svelte", groups: ["code", "js"],
        files: FileNames(extensions: ["svelte"]),
        layer: .frontend, syntax: component, imports: moduleImports, namedArguments: objectFields, flow: .script)

    static let script = Syntax(
        comments: [.slashes, .cBlock],
        strings: [.double, .single, StringLiteral("`", multiline: true, interpolation: .template)],
        brackets: Brackets.code,
        subpatterns: .script)

    static let component = Syntax(
        comments: [.slashes, .cBlock, .markup],
        strings: script.strings,
        brackets: Brackets.code + [Brackets("<", ">")],
        subpatterns: script.subpatterns)

    /// `import x from 'y';` and `import { a,\n b } from "y"`: an ES module import with a `from`.
    static let moduleImports = Imports(statement: #"^[ \t]*import\b[^;]*?\bfrom[ \t]*['"][^'"\n]+['"];?"#)

    /// Options go into the request object as fields: `{ model, temperature: 0.2 }`.
    static let objectFields = NamedArguments(templateCall: "options-js", separator: ": ")
}

extension FileType {
    public static let javascript = FileType(.javascript)
    public static let typescript = FileType(.typescript)
    public static let vue = FileType(.vue)
    public static let svelte = FileType(.svelte)
}
