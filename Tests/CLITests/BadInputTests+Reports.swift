import AuditTestSupport
import Foundation
import Testing

/// Reports on hostile and very large input. Every format is
/// run through the real binary; what the repository wrote must never be obeyed by a terminal,
/// GitHub's runner, a Markdown renderer or a spreadsheet, and memory must not grow with the
/// report.
extension BadInputTests {
    static let allFormats = ["text", "json", "markdown", "sarif", "github", "gitlab", "junit", "csv"]

    /// Whether GitHub's runner would read `line` as a workflow command: after leading white
    /// space, `::`, or a legacy `##[` anywhere (actions/runner, ActionCommand.TryParseV2 and
    /// TryParse).
    static func isWorkflowCommand(_ line: Substring) -> Bool {
        line.drop(while: \.isWhitespace).hasPrefix("::") || line.contains("##[")
    }

    /// The github format's own commands: an annotation of a file, or the closing notice.
    static func isOurAnnotation(_ line: Substring) -> Bool {
        ["::error file=", "::warning file=", "::notice file=", "::notice title=ollama-audit::"].contains { line.hasPrefix($0) }
    }

    // MARK: Item 8: terminal and workflow-command injection

    /// A file name with line breaks forges a line `::error title=PWNED::forged` in no output:
    /// stdout in each format, and the warnings on stderr (a 5,000-byte line makes one that
    /// names the file). Line text that is itself a workflow command is neutralised too.
    @Test func forgedWorkflowCommandInAFileNameStartsNoLine() throws {
        let name = "x\n::error title=PWNED::forged\ny.js"
        let long = "// " + String(repeating: "a", count: 5000) + " ollama\n"
        let files = [name: "import ollama from 'ollama'\n" + long,
                     "docs.md": "::error title=PWNED::ollama in a line\n\n##[error]ollama legacy form\n"]
        for format in Self.allFormats {
            let result = try scan(files, ["--format", format])
            #expect(result.status == 3, "\(format): the long line makes the scan incomplete")
            #expect(result.stdout.contains("PWNED"), "\(format): the file and the line are reported")
            if format != "text" { #expect(result.stderr.contains("warning: x"), "\(format): \(result.stderr)") }
            for (stream, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
                let forged = text.split(separator: "\n", omittingEmptySubsequences: false).filter(Self.isWorkflowCommand)
                    .filter { format != "github" || !Self.isOurAnnotation($0) }
                #expect(forged.isEmpty, "\(format) \(stream): \(forged)")
            }
            if format == "github" {
                // Our own commands: each names the real file, its line breaks as GitHub escapes them.
                #expect(result.stdout.contains("::error file=x%0A%3A%3Aerror title=PWNED%3A%3Aforged%0Ay.js,line=1,"))
            }
        }
    }

    /// Escape sequences (colours, OSC 8 links, cursor moves), CR and other controls in a line or
    /// a file name are shown as `\x1b`, `\r`, never written raw to the terminal.
    @Test func terminalEscapesAreShownNotObeyed() throws {
        let line = "OLLAMA_HOST=1 \u{1B}]8;;http://evil\u{7}click\u{1B}]8;;\u{7}\r\u{1B}[2Kforged\u{7F}\u{9B}31m\u{202E}"
        let result = try scan(["a\u{1B}[31mred\r.env": line + "\n"])
        #expect(result.status == 1)
        let raw = result.stdout.unicodeScalars.filter {
            ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0 == "\u{202E}"
        }
        #expect(raw.isEmpty, "raw control characters: \(raw.map(\.value))")
        #expect(result.stdout.contains("a\\x1b[31mred\\r.env\n"))
        #expect(result.stdout.contains("OLLAMA_HOST=1 \\x1b]8;;http://evil\\x07click\\x1b]8;;\\x07\\r\\x1b[2Kforged\\x7f\\u{9b}31m\\u{202e}\n"))
    }

    // MARK: Item 9: Markdown, HTML and CSV injection

    /// A backslash before a pipe once doubled into `\\|`, which uses itself up: the row split
    /// and a raw `<img onerror>` followed. The row keeps its five cells and no tag gets out,
    /// checked on the text and by a real renderer (markdown-it-py, GitHub's table rules).
    @Test func markdownCellsSurviveABackslashPipeAndHTML() throws {
        let name = "c\\|<img src=x onerror=alert(2)>|d.py"
        let result = try scan([name: "import ollama\n"], ["--format", "markdown"])
        #expect(result.status == 1)
        #expect(!result.stdout.contains("<img"), "a raw tag: \(result.stdout)")
        // The effort table's row (seven cells), then the layer table's (five).
        let rows = result.stdout.split(separator: "\n").filter { $0.hasPrefix("| ") && $0.contains("d.py") }
        #expect(rows.count == 2)
        for (row, expected) in zip(rows, [8, 6]) {
            // A pipe splits the row unless an odd number of backslashes precedes it.
            var cells = 0, backslashes = 0
            for c in row {
                if c == "|", backslashes % 2 == 0 { cells += 1 }
                backslashes = c == "\\" ? backslashes + 1 : 0
            }
            #expect(cells == expected, "\(row) has \(cells - 1) cells")
        }

        let folder = try TestSupport.makeTemporaryDirectory("markdown")
        defer { TestSupport.removeTree(folder) }
        try result.stdout.write(toFile: folder + "/audit.md", atomically: true, encoding: .utf8)
        let script = """
            import sys
            try:
                from markdown_it import MarkdownIt
            except ImportError:
                sys.exit("markdown-it-py is missing: run `make test-deps`")
            html = MarkdownIt("commonmark").enable("table").render(open(sys.argv[1], encoding="utf-8").read())
            for row in html.split("<tr>")[1:]:
                row = row.split("</tr>")[0]
                if "d.py" in row:
                    print(row.count("<td>"))
            print("<img" in html)
            """
        let rendered = try TestSupport.run(["python3", "-c", script, folder + "/audit.md"], executable: "/usr/bin/env")
        #expect(rendered.status == 0, "\(rendered.stderr)")
        // The file's rows keep their tables' cell counts (effort: seven, layer: five), the
        // sequence step lists it in no table, and no tag.
        #expect(rendered.stdout == "7\n5\nFalse\n", "\(rendered.stdout)")
    }

    /// CSV cells a spreadsheet would run as formulas (`=`, `+`, `-`, `@`) get OWASP's leading `'`.
    @Test func csvFormulaCellsAreNeutralised() throws {
        let result = try scan(["=HYPERLINK(\"x\",\"y\").py": "import ollama\n",
                               "notes.md": "@ollama here\n-ollama there\n+ollama too\n"], ["--format", "csv"])
        #expect(result.status == 1)
        #expect(result.stdout.contains(",\"'=HYPERLINK(\"\"x\"\",\"\"y\"\").py\","))
        #expect(result.stdout.contains(",'@ollama here,"))
        #expect(result.stdout.contains(",'-ollama there,"))
        #expect(result.stdout.contains(",'+ollama too,"))
        for start in ["=", "+", "-", "@"] {
            #expect(!result.stdout.contains("," + start) && !result.stdout.contains(",\"" + start), "a cell starts with \(start)")
        }
    }

    // MARK: Item 16: counts

    /// One finding in one file is "1 finding in 1 file", in every place a count is printed.
    @Test func countsOfOneAreSingular() throws {
        let files = ["a.py": "import ollama\n"]
        let github = try scan(files, ["--format", "github"])
        #expect(github.stdout.hasSuffix("ollama-audit: 1 finding in 1 file\n"), "\(github.stdout)")
        let text = try scan(files)
        #expect(text.stdout.contains("1 finding in 1 file (1 file scanned)\n"), "\(text.stdout)")
        let markdown = try scan(files, ["--format", "markdown"])
        #expect(markdown.stdout.contains("(1 file × 1 layer × 1 priority level = 1 point)"), "\(markdown.stdout)")
        #expect(markdown.stdout.contains("1 finding in 1 file: `a.py`."))
        for output in [github.stdout, text.stdout, markdown.stdout] {
            #expect(!output.contains(" 1 files") && !output.contains(" 1 findings") && !output.contains(" 1 layers"))
        }
    }

    // MARK: Item 5: memory

    /// One 9.8 MB file of 700,000 `OLLAMA_HOST=1` lines took 336 MB for text, 1.95 GB for JSON
    /// and 4.66 GB for SARIF. One scan writes every format (each report is written after the
    /// one before, so the peak is the largest format's); the peak RSS, measured by GNU time,
    /// stays under 300 MB. SARIF stops at GitHub's 25,000 results and says so.
    /// Not under a sanitizer: AddressSanitizer's shadow memory and quarantine put the same run
    /// at 1.45 GB and 5 minutes, which says nothing about the plain binary.
    @Test(.disabled(if: ProcessInfo.processInfo.environment["OLLAMA_AUDIT_SANITIZER"] != nil,
                    "peak memory is a property of the plain build"))
    func reportsOf700000FindingsStayUnder300MB() throws {
        let time = "/usr/bin/time"
        try #require(FileManager.default.isExecutableFile(atPath: time), "GNU time is missing: run `make test-deps`")
        let root = try TestSupport.makeTemporaryDirectory("big-report")
        defer { TestSupport.removeTree(root) }
        try Data(String(repeating: "OLLAMA_HOST=1\n", count: 700_000).utf8).write(to: URL(fileURLWithPath: root + "/big.env"))
        let out = try TestSupport.makeTemporaryDirectory("big-report-out")
        defer { TestSupport.removeTree(out) }
        let reports = Self.allFormats.dropFirst().flatMap { ["--report", "\($0)=\(out)/report.\($0)"] }
        let result = try TestSupport.run(
            ["-f", "%M", "-o", out + "/rss", TestSupport.binary, "scan", ".", "-o", out + "/report.text"] + reports,
            executable: time, in: root, timeout: 1800)
        #expect(!result.timedOut)
        #expect(result.status == 1, "\(result.stderr)")
        let kilobytes = try #require(Int(String(contentsOfFile: out + "/rss", encoding: .utf8)
            .split(separator: "\n").last.map(String.init) ?? ""))
        #expect(kilobytes < 300 * 1024, "peak RSS \(kilobytes / 1024) MB")

        let json = try FileHandle(forReadingFrom: URL(fileURLWithPath: out + "/report.json"))
        defer { try? json.close() }
        let size = try json.seekToEnd()
        try json.seek(toOffset: size - 2000)
        let tail = String(decoding: json.readDataToEndOfFile(), as: UTF8.self)
        #expect(tail.contains("\"findings\" : 700000,") && tail.hasSuffix("\"warnings\" : [\n\n  ]\n}\n"), "\(tail)")

        let sarif = try String(contentsOfFile: out + "/report.sarif", encoding: .utf8)
        #expect(sarif.components(separatedBy: "\"ruleId\" : ").count - 1 == 25_000)
        let note = "SARIF: 25000 of 700000 results written, the most urgent first"
        #expect(sarif.contains("\"text\" : \"\(note)"))
        #expect(result.stderr.contains("warning: \(note)"))
        #expect(try String(contentsOfFile: out + "/report.text", encoding: .utf8).hasSuffix(
            "700000 findings in 1 file (1 file scanned)\n  by priority: critical 0, high 700000, medium 0, low 0\n"
                + "  by layer:    backend 0, frontend 0, configuration 700000, container 0, documentation 0, test 0\n"))
    }

    /// The `--fix --dry-run` diff must stay byte-exact for `git apply`, so its lines cannot be
    /// escaped; a repository line `::error …` next to a fix was obeyed by GitHub's runner,
    /// which trims the diff's leading space. Under GitHub Actions the diff is framed by
    /// `::stop-commands::` and its resume token, and `git apply` still takes stdout as it is.
    @Test func dryRunDiffObeysNoWorkflowCommandUnderGitHubActions() throws {
        let root = try TestSupport.gitRepository([
            "app.env": "::error title=PWNED::forged\nOLLAMA_HOST=http://localhost:11434\n",
        ], name: "dry-run-commands")
        defer { TestSupport.removeTree(root) }
        let result = try TestSupport.run(["scan", ".", "--fix", "--dry-run"], in: root,
                                         environment: ["GITHUB_ACTIONS": "true"], timeout: 120)
        #expect(result.status == 1, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let first = try #require(lines.first)
        #expect(first.hasPrefix("::stop-commands::"), "\(result.stdout)")
        let token = first.dropFirst("::stop-commands::".count)
        let resume = try #require(lines.lastIndex { $0 == "::\(token)::" }, "\(result.stdout)")
        let forged = try #require(lines.firstIndex { $0.contains("PWNED") }, "the context line is in the diff")
        #expect(forged > 0 && forged < resume)
        #expect(!lines[(resume + 1)...].contains(where: Self.isWorkflowCommand))

        let scratch = try TestSupport.makeTemporaryDirectory("dry-run-diff")
        defer { TestSupport.removeTree(scratch) }
        try result.stdout.write(toFile: scratch + "/fix.diff", atomically: true, encoding: .utf8)
        let check = try TestSupport.git(["apply", "--check", scratch + "/fix.diff"], in: root)
        #expect(check.status == 0, "\(check.stderr)")
    }
}
