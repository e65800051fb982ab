
extension Language {
    public static let go = Language(
        name: "go", groups: ["code"],
        files: FileNames(extensions: ["go"]),
        layer: .backend,
        syntax: Syntax(
            comments: [.slashes, .cBlock],
            strings: [.double, .single, StringLiteral("`", escape: nil, multiline: true)],
            brackets: Brackets.code))

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
