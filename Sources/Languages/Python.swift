
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
            subpatterns: .python),
        // Top-level `import x` and `from x import (a,\n b)`: a parenthesised list may span lines.
        imports: Imports(statement: #"^(?:import|from)[ \t][^\n(]*(?:\([^)]*\))?[^\n]*"#),
        namedArguments: NamedArguments(templateCall: "options-py", separator: "="),
        metadataBlock: (open: "# /// script", close: "# ///"))

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
