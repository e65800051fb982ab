
extension Language {
    /// YAML. In a deployment folder or a Helm chart it is a Kubernetes manifest: container layer.
    public static let yaml = Language(
        name: "yaml", groups: ["config"],
        files: FileNames(extensions: ["yml", "yaml"]),
        layer: .configuration, deploymentLayer: .container,
        syntax: Syntax(comments: [.hash], strings: [.double, StringLiteral("'", escape: .doubled)],
                       brackets: [Brackets("[", "]"), Brackets("{", "}")], lineCommentsAfterSpace: true,
                       blockScalars: true, blocks: .yaml, sections: .indentation))

    /// Docker Compose files, which are YAML too.
    public static let compose = Language(
        name: "compose", groups: ["config"],
        files: FileNames(names: ["compose*.yml", "compose*.yaml", "docker-compose*.yml", "docker-compose*.yaml"]),
        layer: .container,
        syntax: yaml.syntax)
}

extension FileType {
    public static let yaml = FileType(.yaml)
    public static let compose = FileType(.compose)
}

extension BlockSyntax {
    /// A plain or quoted key whose value is the block below it (`services:`, `ollama: &base`,
    /// `ollama@0.5.0:`) opens a section to the end of its more indented lines; `- item` lines
    /// at the key's own indentation are still its value. Two levels deep: `services.ollama`,
    /// `jobs.test`.
    public static let yaml = BlockSyntax(
        extent: .indentation, identifier: #"[^\s\-?:,\[\]{}#&*!|>'"%@`][^\n:#]*?"#,
        headers: [
            BlockHeader(#"^[ \t]*+(?<name>(?&ident)|"[^"\n]*+"|'[^'\n]*+')[ \t]*:(?:[ \t]+&[^\s#]++)?[ \t]*(?:#[^\n]*)?\r?$"#,
                        kind: "section"),
        ],
        maxDepth: 2, listItem: "- ")
}
