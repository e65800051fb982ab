/// The marker every file ollama-audit writes carries in its first bytes, so that a later scan
/// does not read the tool's own output as dependencies (a report quotes every match it lists,
/// and `--fix` would rewrite them).
///
/// One token, `ollama-audit:generated`, in each format's own comment form: a first JSON key
/// (`$comment`; in a GitLab Code Quality report, the first issue's), SARIF's root property
/// bag, an HTML/XML comment in Markdown and JUnit, a `#` line in the starter configuration,
/// and, when the tool writes them to a file, in the text
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

    /// The CSV report's columns: its header row is the marker of a CSV file.
    public static let csvColumns = ["rule", "category", "priority", "layer", "path", "start_line", "start_column",
                                    "end_line", "end_column", "message", "match", "line", "fix", "fingerprint"]

    /// The start of the CSV header row (no column name needs quoting): the columns of every
    /// version, so that a report written before `fix` and `fingerprint` is the tool's own too.
    package static let csvHeader = Array(csvColumns.prefix(12).joined(separator: ",").utf8)
}
