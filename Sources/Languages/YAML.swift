
extension Language {
    /// YAML. In a deployment folder or a Helm chart it is a Kubernetes manifest: container layer.
    public static let yaml = Language(
        name: "yaml", groups: ["config"],
        files: FileNames(extensions: ["yml", "yaml"]),
        layer: .configuration, deploymentLayer: .container,
        syntax: Syntax(comments: [.hash], strings: [.double, StringLiteral("'", escape: .doubled)],
                       brackets: [Brackets("[", "]"), Brackets("{", "}")], lineCommentsAfterSpace: true,
                       blockScalars: true, sections: .indentation))

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
