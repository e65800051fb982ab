
extension Language {
    public static let java = Language(
        name: "java", groups: ["code"],
        files: FileNames(extensions: ["java"]),
        layer: .backend,
        syntax: Syntax(
            comments: [.slashes, .cBlock],
            strings: [StringLiteral("\"\"\"", multiline: true), .double, .single],
            brackets: Brackets.code,
            blocks: .java))

    public static let kotlin = Language(
        name: "kotlin", groups: ["code"],
        files: FileNames(extensions: ["kt", "kts"]),
        layer: .backend,
        syntax: Syntax(comments: java.syntax.comments, strings: java.syntax.strings, brackets: java.syntax.brackets,
                       blocks: .kotlin))

    /// Gradle build scripts (Groovy). `#` lines count as comments too, though Groovy has none:
    /// they always have here, and dropping them would unmark findings reported as commented.
    public static let gradle = Language(
        name: "gradle", groups: ["config"],
        files: FileNames(extensions: ["gradle"]),
        layer: .configuration,
        syntax: Syntax(
            comments: [.hash, .slashes, .cBlock],
            strings: [StringLiteral("\"\"\"", multiline: true), StringLiteral("'''", multiline: true), .double, .single],
            brackets: Brackets.code))
}

extension FileType {
    public static let java = FileType(.java)
    public static let kotlin = FileType(.kotlin)
    public static let gradle = FileType(.gradle)
}

extension BlockSyntax {
    /// Classes, interfaces, enums and records, and methods and constructors: a name and its
    /// parameters, after any modifiers and a return type, then `throws …` and the body.
    public static let java = BlockSyntax(
        extent: .braces, decorator: "@",
        headers: [
            BlockHeader(#"^[ \t]*+"# + annotations + #"(?:(?:public|private|protected|static|final|abstract|sealed|non-sealed|strictfp)[ \t]+)*"#
                        + #"(?:class|interface|enum|record|@interface)[ \t]+(?<name>(?&ident))[^{;]*\{"#, kind: "class"),
            BlockHeader(#"^[ \t]*+"# + annotations + #"(?:(?:public|private|protected|static|final|abstract|synchronized|native|default|strictfp)[ \t]+)*"#
                        + #"(?:<[^>\n]*>[ \t]*)?(?:[\w$.<>\[\],?]+(?:[ \t]*<[^>\n]*>)?[ \t]+)?(?<!\bnew\s)"#
                        + #"(?!(?:if|for|while|switch|catch|synchronized|return|new|else|try|do|throw|assert)\b)"#
                        + #"(?<name>(?&ident))[ \t]*(?&params)[ \t]*(?:throws[ \t]+[\w$.,< >]+)?[ \t\r\n]*\{"#, kind: "method"),
        ])

    /// Kotlin: `class`, `object`, `interface`, and `fun name(` with its return type.
    public static let kotlin = BlockSyntax(
        extent: .braces, decorator: "@",
        headers: [
            BlockHeader(#"^[ \t]*+"# + annotations + #"(?:[a-z]+[ \t]+)*(?:class|interface|object)[ \t]+(?<name>(?&ident))[^{;=]*\{"#, kind: "class"),
            BlockHeader(#"^[ \t]*+"# + annotations + #"(?:[a-z]+[ \t]+)*fun[ \t]+(?:<[^>\n]*>[ \t]*)?(?:[\w$.]+\.)?(?<name>(?&ident))[ \t]*(?&params)[^{=\n]*\{"#,
                        kind: "function", inside: ["class": "method"]),
        ])

    /// Annotations on the header's own line: `@Override public String chat(`.
    static let annotations = #"(?:@[\w.]+(?:\([^)\n]*\))?[ \t]+)*"#
}
