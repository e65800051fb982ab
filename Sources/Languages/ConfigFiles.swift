
extension Language {
    /// TOML (`pyproject.toml`, and `Pipfile`, which is TOML without the extension).
    public static let toml = Language(
        name: "toml", groups: ["config"],
        files: FileNames(extensions: ["toml"], names: ["pipfile"]),
        layer: .configuration, syntax: tomlSyntax)

    /// `Pipfile` as its own type, for the manifest rules.
    public static let pipfile = Language(
        name: "pipfile", groups: ["config"],
        files: FileNames(names: ["pipfile"]),
        layer: .configuration, syntax: tomlSyntax)

    /// INI files (`setup.cfg`, `tox.ini`).
    public static let ini = Language(
        name: "ini", groups: ["config"],
        files: FileNames(extensions: ["ini", "cfg"]),
        layer: .configuration, syntax: keyValue)

    public static let conf = Language(
        name: "conf", groups: ["config"],
        files: FileNames(extensions: ["conf"]),
        layer: .configuration, syntax: keyValue)

    /// Java properties (`application.properties`).
    public static let properties = Language(
        name: "properties", groups: ["config"],
        files: FileNames(extensions: ["properties"]),
        layer: .configuration, syntax: Syntax(comments: [.hash], sections: .headers))

    /// Environment files: `.env`, `.env.production`, `prod.env` and their committed templates.
    public static let env = Language(
        name: "env", groups: ["config"],
        files: FileNames(extensions: ["env"],
                         names: [".env", ".env.*", "env.example", "env.sample", "*.env.sample", "*.env.example",
                                 "*.env.template", "*.env.dist"]),
        layer: .configuration,
        syntax: Syntax(comments: [.hash], strings: [.double, .singleRaw], sections: .variables(delimiter: "__")),
        // `.env.example` templates list the optional settings commented out; the labelled
        // corpus puts those lines at medium, prose comments (`## Ollama`) at low.
        commentedSettings: .medium)

    static let tomlSyntax = Syntax(
        comments: [.hash],
        strings: [StringLiteral("\"\"\"", multiline: true), StringLiteral("'''", escape: nil, multiline: true),
                  .double, .singleRaw],
        brackets: [Brackets("[", "]"), Brackets("{", "}")], sections: .headers)

    static let keyValue = Syntax(comments: [.hash], strings: [.double, .single], sections: .headers)
}

extension FileType {
    public static let toml = FileType(.toml)
    public static let pipfile = FileType(.pipfile)
    public static let ini = FileType(.ini)
    public static let conf = FileType(.conf)
    public static let properties = FileType(.properties)
    public static let env = FileType(.env)
}
