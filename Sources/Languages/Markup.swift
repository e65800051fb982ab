
extension Language {
    /// HTML pages. Their module scripts import as JavaScript does, so the `js` group holds them.
    public static let html = Language(
        name: "html", groups: ["code", "js"],
        files: FileNames(extensions: ["html", "htm"]),
        layer: .frontend,
        syntax: Syntax(comments: [.markup], strings: [.double, .single], brackets: [Brackets("<", ">")]),
        imports: javascript.imports)

    /// XML: Maven's `pom.xml`, Spring and Android configuration.
    public static let xml = Language(
        name: "xml", groups: ["config"],
        files: FileNames(extensions: ["xml"]),
        layer: .configuration,
        syntax: Syntax(comments: [.markup], strings: [StringLiteral("\"", escape: nil), StringLiteral("'", escape: nil)],
                       brackets: [Brackets("<", ">")]))
}

extension FileType {
    public static let html = FileType(.html)
    public static let xml = FileType(.xml)
}
