
extension Language {
    /// Markdown and MDX. Rules choose prose or fenced code with `markdown:`.
    public static let markdown = Language(
        name: "markdown", groups: ["docs"],
        files: FileNames(extensions: ["md", "mdx", "markdown"]),
        layer: .documentation,
        syntax: Syntax(strings: [StringLiteral("`", escape: nil)], fences: true))
}

extension FileType {
    public static let markdown = FileType(.markdown)
}
