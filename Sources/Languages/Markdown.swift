
extension Language {
    /// Markdown and MDX. Rules choose prose or fenced code with `markdown:`.
    public static let markdown = Language(
        name: "markdown", groups: ["docs"],
        files: FileNames(extensions: ["md", "mdx", "markdown"]),
        layer: .documentation,
        syntax: Syntax(strings: [StringLiteral("`", escape: nil)], fences: true, blocks: .markdown))
}

extension FileType {
    public static let markdown = FileType(.markdown)
}

extension BlockSyntax {
    /// An ATX heading (`## Install`) opens a section named by its text, to the next heading
    /// of its level or a higher one.
    public static let markdown = BlockSyntax(
        extent: .headings,
        headers: [
            BlockHeader(#"^ {0,3}(?<level>#{1,6})[ \t]+(?<name>[^\n]*?)(?:[ \t]+#+)?[ \t]*\r?$"#, kind: "section"),
        ],
        qualified: false)
}
