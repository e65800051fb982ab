
extension Language {
    /// Python sources and type stubs.
    public static let python = Language(
        name: "python", groups: ["code"],
        files: FileNames(extensions: ["py", "pyi"]),
        layer: .backend,
        syntax: Syntax(
            comments: [.hash],
            strings: [
                StringLiteral("\"\"\"", multiline: true, documentation: true, interpolation: .fString),
                StringLiteral("'''", multiline: true, documentation: true, interpolation: .fString),
                StringLiteral("\"", interpolation: .fString), StringLiteral("'", interpolation: .fString),
            ],
            brackets: Brackets.code,
            subpatterns: .python,
            blocks: .python),
        // Top-level `import x` and `from x import (a,\n b)`: a parenthesised list may span lines.
        imports: Imports(statement: #"^(?:import|from)[ \t][^\n(]*(?:\([^)]*\))?[^\n]*"#),
        namedArguments: NamedArguments(templateCall: "options-py", separator: "="),
        metadataBlock: (open: "# /// script", close: "# ///"), flow: .python)

    /// pip's requirement files (`requirements.txt`, `requirements-dev.txt`).
    public static let requirements = Language(
        name: "requirements", groups: ["config"],
        files: FileNames(names: ["requirements*.txt"]),
        layer: .configuration,
        syntax: Syntax(comments: [.hash]))
}

extension FileType {
    public static let python = FileType(.python)
    public static let requirements = FileType(.requirements)
}

extension BlockSyntax {
    /// `def`, `async def` and `class`, each to the end of the lines indented under it; a
    /// decorator line above belongs to the block it decorates.
    public static let python = BlockSyntax(
        extent: .indentation, decorator: "@",
        headers: [
            BlockHeader(#"^[ \t]*+(?:async[ \t]+)?def[ \t]+(?<name>(?&ident))"#, kind: "function", inside: ["class": "method"]),
            BlockHeader(#"^[ \t]*+class[ \t]+(?<name>(?&ident))"#, kind: "class"),
            // A module's own table over lines (`PROVIDERS = {` at the margin): its lines are
            // inside its brackets, so the block is the whole literal.
            BlockHeader(#"^(?<name>(?&ident))[ \t]*(?::[^=\n]*)?=[ \t]*[\[{(][ \t]*(?:#[^\n]*)?\r?$"#, kind: "variable"),
        ])
}
