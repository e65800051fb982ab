
extension Language {
    /// Package-manager lockfiles: generated, so rules report them once ("regenerate"). They
    /// come in several formats; those that are JSON or YAML are claimed by those types too.
    public static let lockfile = Language(
        name: "lockfile", groups: ["config"],
        files: FileNames(names: ["pipfile.lock", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock",
                                 "pnpm-lock.yaml", "bun.lock", "poetry.lock", "uv.lock", "pdm.lock", "go.sum"]),
        layer: .configuration, syntax: Syntax())
}

extension FileType {
    public static let lockfile = FileType(.lockfile)
}
