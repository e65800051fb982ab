
extension Language {
    public static let go = Language(
        name: "go", groups: ["code"],
        files: FileNames(extensions: ["go"]),
        layer: .backend,
        syntax: Syntax(
            comments: [.slashes, .cBlock],
            strings: [.double, .single, StringLiteral("`", escape: nil, multiline: true)],
            brackets: Brackets.code,
            blocks: .go))

    /// `go.mod`. Its `//` comments have never been read as comments here (a finding on such a
    /// line is not marked commented); adding them would change reports, so they wait.
    public static let gomod = Language(
        name: "gomod", groups: ["config"],
        files: FileNames(names: ["go.mod"]),
        layer: .configuration,
        syntax: Syntax(strings: [.double, StringLiteral("`", escape: nil)], brackets: [Brackets("(", ")")]))
}

extension FileType {
    public static let go = FileType(.go)
    public static let gomod = FileType(.gomod)
}

extension BlockSyntax {
    /// `func Name(`, `func (r *Repo) Name(` (named `Repo.Name`), and `type T struct {`. The
    /// results may hold `interface{}` before the body's brace.
    public static let go = BlockSyntax(
        extent: .braces,
        headers: [
            BlockHeader(#"^func[ \t]*\([ \t]*(?:(?&ident)[ \t]+)?\*?[ \t]*(?<owner>(?&ident))(?:\[[^\]\n]*\])?[ \t]*\)"#
                        + #"[ \t]*(?<name>(?&ident))"# + signature, kind: "method"),
            BlockHeader(#"^func[ \t]+(?<name>(?&ident))"# + signature, kind: "function"),
            BlockHeader(#"^[ \t]*+type[ \t]+(?<name>(?&ident))(?:\[[^\]\n]*\])?[ \t]+(?:struct|interface)[ \t]*\{"#, kind: "type"),
        ])

    static let signature = #"[ \t]*(?:\[[^\]\n]*\])?[ \t]*(?&params)(?:[^{}\n]|\{\})*+\{"#
}
