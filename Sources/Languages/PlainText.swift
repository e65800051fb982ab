
extension Language {
    /// Licence and notice files: prose with no extension a docs type claims. A project that
    /// names Ollama there (its licence holder, a notice of the model server it bundles) keeps
    /// a low mention, so a scan that says "no references left" has read them too.
    public static let text = Language(
        name: "notice", groups: ["text"],
        files: FileNames(names: ["license", "license.txt", "licence", "licence.txt", "copying", "notice",
                                 "notice.txt", "authors"]),
        layer: .documentation, syntax: Syntax())

    /// Ignore files: a rule for an Ollama model volume or cache folder is renamed with it.
    public static let ignoreFile = Language(
        name: "ignore", groups: ["config"],
        files: FileNames(names: [".gitignore", ".dockerignore", ".npmignore", ".helmignore", ".prettierignore",
                                 ".eslintignore"]),
        layer: .configuration, syntax: Syntax(comments: [.hash]))
}

extension FileType {
    public static let text = FileType(.text)
    public static let ignoreFile = FileType(.ignoreFile)
}
