
extension Language {
    /// JavaScript, and the family that shares its statements: TypeScript and the Vue and
    /// Svelte single-file components (scanned as script, with HTML comments around it).
    public static let javascript = Language(
        name: "javascript", groups: ["code", "js"],
        files: FileNames(extensions: ["js", "jsx", "mjs", "cjs"],
                         generated: ["*.min.js", "*.min.mjs", "*.min.cjs", "*.bundle.js", "*.chunk.js"]),
        layer: .frontend, serverLayer: .backend, syntax: script, imports: moduleImports, namedArguments: objectFields, flow: .script)

    public static let typescript = Language(
        name: "typescript", groups: ["code", "js"],
        files: FileNames(extensions: ["ts", "tsx", "mts", "cts"]),
        layer: .frontend, serverLayer: .backend, syntax: script, imports: moduleImports, namedArguments: objectFields, flow: .script)

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
        subpatterns: .script,
        blocks: .script)

    static let component = Syntax(
        comments: [.slashes, .cBlock, .markup],
        strings: script.strings,
        brackets: Brackets.code + [Brackets("<", ">")],
        subpatterns: script.subpatterns,
        blocks: script.blocks)

    /// `import x from 'y';` and `import { a,\n b } from "y"`: an ES module import with a `from`.
    static let moduleImports = Imports(statement: #"^[ \t]*+import\b[^;]*?\bfrom[ \t]*['"][^'"\n]+['"];?"#)

    /// Options go into the request object as fields: `{ model, temperature: 0.2 }`.
    static let objectFields = NamedArguments(templateCall: "options-js", separator: ": ")
}

extension FileType {
    public static let javascript = FileType(.javascript)
    public static let typescript = FileType(.typescript)
    public static let vue = FileType(.vue)
    public static let svelte = FileType(.svelte)
}

extension BlockSyntax {
    /// JavaScript and TypeScript: `function f(`, `class C`, `const f = (…) =>` and
    /// `= function`, `name: async (…) =>` in an object or a class, and methods `name(…) {`.
    /// A function's return type may sit between its parameters and its body; an object type
    /// there (`: { a: T }`) is read as the body.
    public static let script = BlockSyntax(
        extent: .braces, identifier: #"[\p{L}_$][\p{L}\p{N}_$]*+"#, decorator: "@",
        headers: [
            BlockHeader(#"^[ \t]*+"# + declaration + #"(?:abstract[ \t]+)?class[ \t]+(?<name>(?&ident))[^{;]*\{"#, kind: "class"),
            // TypeScript's object types: `interface Options {`, `type Options = {`, `enum Role {`.
            BlockHeader(#"^[ \t]*+(?:export[ \t]+)?(?:declare[ \t]+)?(?:interface|(?:const[ \t]+)?enum)[ \t]+(?<name>(?&ident))[^{;=]*\{"#,
                        kind: "type"),
            BlockHeader(#"^[ \t]*+(?:export[ \t]+)?(?:declare[ \t]+)?type[ \t]+(?<name>(?&ident))(?:<[^>=\n]*>)?[ \t]*=[ \t]*\{"#, kind: "type"),
            BlockHeader(#"^[ \t]*+"# + declaration + #"(?:async[ \t]+)?function\b[ \t]*\*?[ \t]*(?<name>(?&ident))[ \t]*(?:<[^>(]*>)?[ \t]*(?&params)"#
                        + returnType + #"[ \t\r\n]*\{"#, kind: "function", inside: ["class": "method"]),
            BlockHeader(#"^[ \t]*+(?:export[ \t]+(?:default[ \t]+)?)?(?:declare[ \t]+)?(?:const|let|var)[ \t]+(?<name>(?&ident))"#
                        + #"(?:[ \t]*:[^=\n]*)?[ \t]*="# + functionValue, kind: "function", inside: ["class": "method"]),
            // `name: async (…) => {` in an object, `name = (…) => {` as a class field, `a.b.name = function (…) {`.
            BlockHeader(#"^[ \t]*+(?:(?:public|private|protected|static|readonly|override)[ \t]+)*(?:(?&ident)\.)*(?<name>#?(?&ident))"#
                        + #"[ \t]*(?::|(?::[^=\n]*)?=(?![=>]))"# + functionValue, kind: "function", inside: ["class": "method"]),
            // A module's own table over lines, `export const KEY_MAPPING = {` or `= [`, at the
            // margin only: an object built inside a function is part of that function.
            BlockHeader(#"^(?:export[ \t]+)?(?:const|let|var)[ \t]+(?<name>(?&ident))(?:[ \t]*:[^=\n]*)?[ \t]*=[ \t]*[\[{](?=[ \t]*(?://[^\n]*)?\r?$)"#,
                        kind: "variable"),
            BlockHeader(#"^[ \t]*+(?:(?:public|private|protected|static|async|override|readonly|abstract|get|set)[ \t]+)*\*?[ \t]*"#
                        + #"(?!(?:if|for|while|switch|catch|with|function|return|do|try|await|new|typeof|void|delete|yield|throw|else|super|import|export)\b)"#
                        + #"(?<name>#?(?&ident))[ \t]*(?:<[^>(]*>)?[ \t]*(?&params)"# + returnType + #"[ \t\r\n]*\{"#,
                        kind: "method"),
        ])

    /// What may stand before `class` or `function` on its line: `export default`, `declare`,
    /// `module.exports =`.
    /// Possessive: at each line that starts with a name and no `=`, giving the name back a
    /// byte at a time could never find one.
    static let declaration = #"(?:export[ \t]+(?:default[ \t]+)?)?(?:declare[ \t]+)?(?:[\w$.]++[ \t]*=[ \t]*)?"#

    /// `: Promise<T>` after a parameter list, on its line.
    static let returnType = #"(?:[ \t]*:[^{;\n]*)?"#

    /// After `=` or `:`: a function expression or an arrow function with a block body,
    /// perhaps wrapped in a call (`useCallback(async () => {`).
    static let functionValue = #"[ \t]*(?:[\w$.]+[ \t]*\([ \t]*)?(?:async[ \t]+)?"#
        + #"(?:function\b[ \t]*\*?[ \t]*(?:(?&ident))?[ \t]*(?&params)"# + returnType
        + #"|(?:<[^>(]*>)?(?&params)(?:[ \t]*:[^=;\n]*)?[ \t]*=>|(?&ident)[ \t]*=>)[ \t\r\n]*\{"#
}
