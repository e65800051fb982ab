
extension Language {
    /// HTML pages. Their module scripts import as JavaScript does, so the `js` group holds them,
    /// and a rule's `(?&args)` there means a script's call, as in the rest of the group.
    public static let html = Language(
        name: "html", groups: ["code", "js"],
        files: FileNames(extensions: ["html", "htm"]),
        layer: .frontend,
        syntax: Syntax(comments: [.markup], strings: [.double, .single], brackets: [Brackets("<", ">")],
                       subpatterns: javascript.syntax.subpatterns),
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
