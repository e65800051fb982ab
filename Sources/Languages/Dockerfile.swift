
extension Language {
    /// Dockerfiles and Containerfiles (`Dockerfile`, `Dockerfile.gpu`, `api.dockerfile`).
    public static let dockerfile = Language(
        name: "dockerfile", groups: ["config"],
        files: FileNames(extensions: ["dockerfile"], names: ["dockerfile*", "containerfile"]),
        layer: .container,
        syntax: Syntax(comments: [.hash], strings: [.double, .singleRaw], brackets: [Brackets("[", "]")]))
}

extension FileType {
    public static let dockerfile = FileType(.dockerfile)
}
