import Foundation

/// Every output format's escaping, in one place, so that no format is escaped by a copy that
/// drifted. Repository content (paths, matched text, lines) and server content (verify's model
/// ids and error bodies) are hostile input: each function here makes it inert for one reader.
public enum Escaping {
    // MARK: Terminals and CI logs

    /// Text for a terminal or a CI log, on one line: control characters are shown, not
    /// obeyed. ESC (the start of every colour, cursor and OSC hyperlink sequence), CR (which
    /// returns to the line's start and overwrites it), LF (which would start a forged line),
    /// the other C0 and C1 controls, DEL, the Unicode line and paragraph separators and the
    /// bidirectional overrides (which reorder what a reader sees) are written as `\x1b`, `\n`,
    /// `\r`, `\u{202e}`. Tab stays: it only moves along the line, and source lines are full of it.
    ///
    /// GitHub's runner also obeys workflow commands in any log line: one whose first non-blank
    /// characters are `::` and a legacy `##[command]` anywhere in a line. So a leading `::` is
    /// written `\x3a:` and every `##[` as `##\x5b`: what the repository wrote can annotate nothing.
    public static func visible(_ text: String) -> String {
        if isPlain(text) { return text }
        var out = text.unicodeScalars.contains { visibleScalar($0) != nil } ? text.escapingScalars(visibleScalar) : text
        if out.drop(while: \.isWhitespace).hasPrefix("::"), let colon = out.firstIndex(of: ":") {
            out.replaceSubrange(colon...colon, with: "\\x3a")
        }
        if out.contains("##[") { out = out.replacingOccurrences(of: "##[", with: "##\\x5b") }
        return out
    }

    /// Whether `visible` leaves `text` as it is, decided in one pass over its bytes: reports
    /// escape every line of 700,000 findings, and almost all are plain ASCII. Any non-ASCII
    /// byte sends the text to the full check.
    static func isPlain(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var leading = true, colons = 0, hashes = 0
            for b in bytes {
                if (b < 0x20 && b != 0x09) || b >= 0x7F { return false }
                if b == UInt8(ascii: "[") && hashes >= 2 { return false }
                hashes = b == UInt8(ascii: "#") ? hashes + 1 : 0
                if leading {
                    if b == UInt8(ascii: ":") {
                        colons += 1
                        if colons == 2 { return false }
                    } else if colons > 0 || (b != 0x20 && b != 0x09) {
                        leading = false
                    }
                }
            }
            return true
        }
    }

    static func visibleScalar(_ scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0x0A: "\\n"
        case 0x0D: "\\r"
        case 0x09: nil
        case 0x00..<0x20, 0x7F: "\\x" + hex(scalar.value, digits: 2)
        case 0x80..<0xA0, 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
            "\\u{" + hex(scalar.value, digits: 1) + "}"
        default: nil
        }
    }

    package static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    // MARK: GitHub workflow commands

    /// Text that must reach a GitHub Actions log byte for byte (the `--fix --dry-run` diff,
    /// which `git apply` reads back), between `::stop-commands::TOKEN` and `::TOKEN::`: the
    /// runner obeys no workflow command in between, so a repository line `::error::…` in the
    /// diff's context stays text. The token is random and not in `text`, so the text cannot
    /// resume commands itself. `git apply` and `patch` skip both lines, as any text around a patch.
    public static func githubVerbatim(_ text: String) -> String {
        var token: String
        repeat {
            var generator = SystemRandomNumberGenerator()
            token = String(generator.next(), radix: 16) + String(generator.next(), radix: 16)
        } while text.contains(token)
        return "::stop-commands::\(token)\n" + text + "::\(token)::\n"
    }


    /// A workflow command's message (GitHub's toolkit, escapeData): `%`, CR and LF encoded,
    /// which the runner decodes inside the annotation, then `visible` for every other control
    /// character, which would reach the log as it is.
    public static func githubData(_ text: String) -> String {
        visible(text.escapingScalars { scalar in
            switch scalar {
            case "%": "%25"
            case "\r": "%0D"
            case "\n": "%0A"
            default: nil
            }
        })
    }

    /// A workflow command's property value (escapeProperty): also `:` and `,`, which end a
    /// property.
    public static func githubProperty(_ text: String) -> String {
        githubData(text).escapingScalars { scalar in
            switch scalar {
            case ":": "%3A"
            case ",": "%2C"
            default: nil
            }
        }
    }

    // MARK: XML

    /// Text for XML content or a double-quoted attribute: markup characters escaped, line
    /// breaks as character references (`&#10;`: a parser gives them back, an attribute keeps
    /// them, and no line of the file starts with what a path or a server wrote), and
    /// characters XML 1.0 cannot carry at all (other control characters, U+FFFE and U+FFFF)
    /// replaced by U+FFFD. `lines` keeps the line breaks of the tool's own multi-line text.
    public static func xml(_ text: String, lines: Bool = false) -> String {
        text.escapingScalars { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"": "&quot;"
            case "'": "&apos;"
            case "\n": lines ? nil : "&#10;"
            case "\r": lines ? nil : "&#13;"
            case "\t": nil
            default: scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) ? "\u{FFFD}" : nil
            }
        }
    }

    // MARK: Markdown (GitHub-flavoured)

    /// The rules' and the tool's own prose on one line (messages, guidance): line breaks
    /// folded to spaces and other controls shown, while its Markdown (code spans, emphasis)
    /// still renders. Not for text from the repository or a server: that is `markdownText`.
    public static func markdownProse(_ text: String) -> String {
        visible(fold(text))
    }

    /// Text from outside (a server's error body, a model id, an awkward file name) as inert
    /// Markdown on one line: `<`, `>` and `&` as HTML entities, so no text becomes a tag, and
    /// a backslash before each character that could start a code span, emphasis, a link, an
    /// image, a heading or a table cell (`\` `` ` `` `*` `_` `[` `]` `|` `~` `#`). The
    /// backslash is escaped too: GitHub splits a table row on each pipe no backslash escapes,
    /// and `\\` is an escaped backslash, so `c\|` must become `c\\\|`, or the doubled
    /// backslash uses itself up and the pipe splits the row.
    public static func markdownText(_ text: String) -> String {
        visible(fold(text)).escapingScalars { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\\", "`", "*", "_", "[", "]", "|", "~", "#": "\\" + String(scalar)
            default: nil
            }
        }
    }

    /// The tool's or the rules' prose for a table cell: `markdownProse` with pipes escaped
    /// (backslashes before a pipe too, as `markdownText` explains), and `<`, `>`, `&` as
    /// entities outside code spans.
    public static func markdownCell(_ text: String) -> String {
        var out = ""
        var inCode = false
        for scalar in markdownProse(text).unicodeScalars {
            switch scalar {
            case "`": inCode.toggle(); out += "`"
            case "|": out += "\\|"
            case "\\" where !inCode: out += "\\\\"
            case "&" where !inCode: out += "&amp;"
            case "<" where !inCode: out += "&lt;"
            case ">" where !inCode: out += "&gt;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func fold(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ")
    }

    /// A code span that survives backticks in the text and sits safely in a table cell:
    /// nothing in a code span renders as Markdown or HTML, and its pipes are escaped (GitHub
    /// removes the backslash before a pipe even inside code). A backslash just before a pipe
    /// cannot be written in a code span in a table at all (`\\|` splits the row and `\\\|`
    /// shows two backslashes), so that rare text is written as an escaped cell instead.
    public static func markdownCode(_ text: String) -> String {
        let flat = visible(text.replacingOccurrences(of: "\r\n", with: "\n"))
        if flat.contains("\\|") { return markdownText(flat) }
        var longest = 0, run = 0
        for c in flat { run = c == "`" ? run + 1 : 0; longest = max(longest, run) }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return fence + pad + flat.replacingOccurrences(of: "|", with: "\\|") + pad + fence
    }

    // MARK: CSV

    /// An RFC 4180 field: quoted when it holds a comma or a quote (quotes doubled). A field
    /// a spreadsheet would read as a formula (it starts with `=`, `+`, `-`, `@`, tab or CR)
    /// gets a leading `'` first, OWASP's rule against CSV injection. Control characters are
    /// then shown (`visible`): a CSV is read in terminals and CI logs too, and a line break
    /// in a path would start a line of the file with the repository's text.
    public static func csvField(_ field: String) -> String {
        var text = field
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        text = visible(text)
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: JSON

    /// A JSON string literal, byte for byte as Foundation's JSONEncoder writes one with
    /// `.withoutEscapingSlashes`: quote, backslash and C0 controls escaped, the rest raw UTF-8.
    /// One difference: `##[` is written `##\u005b` (`jsonUnforgeable`).
    public static func jsonString(_ text: String) -> String {
        if isPlainJSON(text) { return "\"" + text + "\"" }
        return jsonUnforgeable(escapedJSON(text))
    }

    /// `jsonString(text)` appended to `out` as UTF-8: a string that needs no escape goes in
    /// as its own bytes, with no String built for it.
    public static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        if isPlainJSON(text) {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: text.utf8)
            out.append(UInt8(ascii: "\""))
        } else {
            out.append(contentsOf: jsonUnforgeable(escapedJSON(text)).utf8)
        }
    }

    /// No byte that JSON escapes (quote, backslash, C0 controls), and no `[` that could end
    /// a `##[`: the literal is the text between quotes.
    private static func isPlainJSON(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { bytes in
            !bytes.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "[") }
        }
    }

    /// JSON text with each `##[` written `##\u005b`, which every parser reads back as `##[`:
    /// GitHub's runner obeys a legacy `##[command]` anywhere in a log line, and reports are
    /// printed in CI logs. JSON's own syntax never holds `#`, so only strings change.
    public static func jsonUnforgeable(_ json: String) -> String {
        json.contains("##[") ? json.replacingOccurrences(of: "##[", with: "##\\u005b") : json
    }

    private static func escapedJSON(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        var plainStart = text.unicodeScalars.startIndex
        var index = plainStart
        let scalars = text.unicodeScalars
        while index != scalars.endIndex {
            let scalar = scalars[index]
            let escape: String?
            switch scalar {
            case "\"": escape = "\\\""
            case "\\": escape = "\\\\"
            case "\n": escape = "\\n"
            case "\r": escape = "\\r"
            case "\t": escape = "\\t"
            case "\u{8}": escape = "\\b"
            case "\u{C}": escape = "\\f"
            default: escape = scalar.value < 0x20 ? "\\u00" + hex(scalar.value, digits: 2) : nil
            }
            if let escape {
                out.unicodeScalars.append(contentsOf: scalars[plainStart..<index])
                out += escape
                plainStart = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        out.unicodeScalars.append(contentsOf: scalars[plainStart...])
        return out + "\""
    }
}
