
extension Language {
    /// Shell scripts.
    public static let shell = Language(
        name: "shell", groups: ["code"],
        files: FileNames(extensions: ["sh", "bash", "zsh"]),
        layer: .container,
        syntax: Syntax(comments: [.hash], strings: [.double, .singleRaw], brackets: Brackets.code,
                       lineCommentsAfterSpace: true, heredocs: true, blocks: .shell))

    /// Makefiles: their recipes are shell lines, and they start and build containers.
    public static let makefile = Language(
        name: "makefile", groups: ["code"],
        files: FileNames(extensions: ["mk"], names: ["makefile", "gnumakefile"]),
        layer: .container,
        syntax: Syntax(comments: [.hash], strings: [.double, .singleRaw], brackets: [Brackets("(", ")"), Brackets("{", "}")]))
}

extension FileType {
    public static let shell = FileType(.shell)
    public static let makefile = FileType(.makefile)
}

extension BlockSyntax {
    /// `name() {` and `function name {`.
    public static let shell = BlockSyntax(
        extent: .braces, identifier: #"[\w.:-]+"#,
        headers: [
            BlockHeader(#"^[ \t]*+(?:function[ \t]+)?(?<name>(?&ident))[ \t]*\([ \t]*\)[ \t\r\n]*\{"#, kind: "function"),
            BlockHeader(#"^[ \t]*+function[ \t]+(?<name>(?&ident))[ \t\r\n]*\{"#, kind: "function"),
        ])
}
