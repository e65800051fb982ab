
extension Language {
    /// JSON (and JSON with comments, whose comments are not read as such).
    public static let json = Language(
        name: "json", groups: ["config"],
        files: FileNames(extensions: ["json", "jsonc"], names: ["pipfile.lock"]),
        layer: .configuration,
        syntax: Syntax(strings: [.double], brackets: [Brackets("[", "]"), Brackets("{", "}")],
                       sections: .brackets))
}

extension FileType {
    public static let json = FileType(.json)
}
