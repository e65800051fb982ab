import Model

extension Language {
    /// Jupyter notebooks. The scanner reads the cells, not the JSON: code cells as their
    /// kernel's language (`NotebookKernels`) and markdown cells as Markdown, so this type's
    /// own syntax is JSON's, for a notebook that does not parse and is read as plain JSON.
    public static let notebook = Language(
        name: "notebook", groups: ["code"],
        files: FileNames(extensions: ["ipynb"]),
        layer: .backend,
        syntax: Syntax(strings: [.double], brackets: [Brackets("[", "]"), Brackets("{", "}")]))
}

extension FileType {
    public static let notebook = FileType(.notebook)
}

/// Which language a notebook's code cells are in, from the kernel names its metadata gives
/// (`kernelspec.language`, `language_info.name`), lower-cased. A notebook that names none is
/// Python, Jupyter's default; one whose kernel is not listed (R, Julia) has its code cells
/// read with the notebook type alone, so only rules for every code file see them.
public enum NotebookKernels {
    public static let languages: [String: String] = [
        "python": "python", "python3": "python", "python2": "python", "ipython": "python",
        "javascript": "javascript", "node": "javascript", "nodejs": "javascript",
        "typescript": "typescript",
        "bash": "shell", "sh": "shell", "shell": "shell", "zsh": "shell",
        "go": "go", "java": "java", "kotlin": "kotlin",
    ]

    public static let defaultLanguage = "python"

    /// The standard types of a code cell in a notebook whose kernel says `kernel` (nil: none).
    public static func codeTypes(kernel: String?) -> FileTypeSet {
        var types = FileTypeSet([.notebook])
        let name = kernel.map { languages[$0.lowercased()] } ?? defaultLanguage
        if let name, let type = LanguageRegistry.standard.type(named: name) { types.insert(type) }
        return types
    }
}
