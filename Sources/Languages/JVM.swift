
extension Language {
    public static let java = Language(
        name: "java", groups: ["code"],
        files: FileNames(extensions: ["java"]),
        layer: .backend,
        syntax: Syntax(
            comments: [.slashes, .cBlock],
            strings: [StringLiteral("\"\"\"", multiline: true), .double, .single],
            brackets: Brackets.code))

    public static let kotlin = Language(
        name: "kotlin", groups: ["code"],
        files: FileNames(extensions: ["kt", "kts"]),
        layer: .backend,
        syntax: java.syntax)

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
