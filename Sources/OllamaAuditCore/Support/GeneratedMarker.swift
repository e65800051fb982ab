/// The marker every file ollama-audit writes carries in its first bytes, so that a later scan
/// does not read the tool's own output as dependencies (a report quotes every match it lists,
/// and `--fix` would rewrite them).
///
/// One token, `ollama-audit:generated`, in each format's own comment form: a first JSON key
/// (`$comment`), SARIF's root property bag, an HTML/XML comment in Markdown and JUnit, a `#`
/// line in the starter configuration, and, when the tool writes them to a file, in the text
/// and github reports and in `--patch` diffs (on standard output those go to a person, the
/// Actions runner or `git apply`, and carry no marker line). A CSV report cannot hold a comment
/// without breaking its header row, so its exact header row is the marker.
///
/// A scan skips a file whose first `window` bytes hold the token, and counts it as generated,
/// but only in the formats the tool writes that a scan reads (JSON, Markdown, XML, YAML):
/// a pull request must not hide `import ollama` or an `ollama/ollama` image by adding a
/// comment to code, a compose file, a lockfile or an env file. It could still mark a JSON or
/// Markdown file; its `.ollama-audit.yml` can exclude any path already, and both show in review.
public enum GeneratedMarker {
    public static let token = "ollama-audit:generated"

    /// How far into a file the token is looked for.
    public static let window = 512

    /// The sentence each format embeds.
    public static let note = token + " (written by ollama-audit; its scans skip this file)"

    /// The first line of line-based files.
    public static let hashLine = "# " + note + "\n"

    /// The marker as an HTML or XML comment line (`note` holds no `--`).
    public static let commentLine = "<!-- " + note + " -->\n"

    /// `text` as written to a file in `format`: the formats without a marker of their own get
    /// `hashLine` first.
    public static func stamped(_ text: String, _ format: ReportFormat) -> String {
        switch format {
        case .text, .github: hashLine + text
        case .json, .markdown, .sarif, .junit, .csv: text
        }
    }

    /// The file types ollama-audit writes that a scan reads. A file with any other type as
    /// well (`docker-compose.yml` is compose and YAML) is never taken for the tool's own.
    static let writtenTypes = FileTypeSet([.json, .markdown, .xml, .yaml])

    /// Whether a file of `types` whose content starts with `prefix` was written by ollama-audit.
    public static func isMarked(_ prefix: UnsafeRawBufferPointer, types: FileTypeSet) -> Bool {
        guard !types.isEmpty, types.bits & ~writtenTypes.bits == 0 else { return false }
        let head = UnsafeRawBufferPointer(rebasing: prefix.prefix(window))
        if head.starts(with: csvHeader) { return true }
        let needle = Array(token.utf8)
        guard head.count >= needle.count else { return false }
        for i in 0...(head.count - needle.count) where head[i] == needle[0] {
            if head[i..<i + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }

    static let csvHeader = Array(CSVReporter.row(CSVReporter.header).utf8)
}
