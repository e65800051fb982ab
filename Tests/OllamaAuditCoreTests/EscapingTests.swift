import AuditTestSupport
import Engine
import Foundation
import Model
import Platform
import Report
import Testing
import Verify

/// Escaping and the streaming writers, without the binary.
@Suite struct EscapingTests {
    static let awkward = ["", "plain", "quote \" back \\ slash / ", "\u{0}\u{1}\u{8}\t\n\u{B}\u{C}\r\u{1B}\u{1F}",
                          "\u{7F}\u{80}\u{9B}\u{2028}\u{202E}", "ünïcødé 🦙 \u{FFFD}", "tab\tend", "[x] ## ok"]

    func encoded(_ value: some Encodable) throws -> String {
        try JSONDocument.text(value)
    }

    @Test func jsonStringsAreJSONEncodersOwn() throws {
        for text in Self.awkward {
            #expect(Escaping.jsonString(text) == (try encoded([text])).dropFirst(4).dropLast(2).description, "\(text.debugDescription)")
        }
        // The one difference, on purpose: a legacy workflow command cannot be spelled.
        #expect(Escaping.jsonString("##[error]x") == "\"##\\u005b" + "error]x\"")
    }

    struct Nested: Encodable {
        let b: [Int]
        let a: [String: [String]]
        let c: Bool
    }

    @Test func streamedJSONIsJSONEncodersOwn() throws {
        let value = Nested(b: [], a: ["z": [], "y": ["1", "2"]], c: true)
        let out = ReportOutput()
        var json = JSONWriter(out)
        json.open("[")
        json.value(.object([("c", .bool(true)), ("b", .array([])), ("a", .object([("z", .array([])), ("y", .array([.string("1"), .string("2")]))]))]))
        json.encoded(value)
        json.open("{")
        json.value("k", .int(3))
        json.close("}")
        json.close("]")
        let inner = try encoded(value)
        let expected = try encoded([AnyEncodable(value), AnyEncodable(value), AnyEncodable(["k": 3])])
        #expect(out.text == expected, "\(out.text)\n---\n\(expected)\n(inner: \(inner))")
    }

    struct AnyEncodable: Encodable {
        let value: any Encodable
        init(_ value: any Encodable) { self.value = value }
        func encode(to encoder: Encoder) throws { try value.encode(to: encoder) }
    }

    static func finding(_ path: String, line: Int, rule: String = "r", replacement: String? = nil) -> Finding {
        Finding(ruleID: rule, category: .envVar, priority: .high, layer: .configuration, message: "m \"q\"",
                path: path, start: Position(line: line, column: 1), end: Position(line: line, column: 4),
                match: "abc\u{1B}", lineText: "abc ##[x]", fixability: .manual, replacement: replacement,
                byteRange: 0..<3)
    }

    /// A finding with a region and a chain of evidence, names awkward as a repository's can be.
    static var derived: Finding {
        var f = finding("c", line: 3, replacement: "r")
        f.region = Region(kind: "method", name: "A.b \"q\" \u{1B}", startLine: 1, endLine: 9)
        f.via = [Evidence(kind: "binding", name: "self.x", path: "c", line: 2, column: 5),
                 Evidence(kind: "origin", name: "Repo ##[x]", path: "d/ü.py", line: 29, column: 7)]
        return f
    }

    /// The JSON report writes findings directly, for speed: byte for byte what the tree writes.
    @Test func directFindingTextEqualsTheTree() {
        for f in [Self.finding("a", line: 1), Self.finding("b/ü", line: 2, replacement: "x\ny"), Self.derived] {
            for depth in [0, 2] {
                let out = ReportOutput()
                JSONReporter.value(f, fingerprint: "0123").write(to: out, depth: depth)
                #expect(JSONReporter.text(f, fingerprint: "0123", depth: depth) == out.text)
            }
        }
    }

    /// The tree is the finding as Model encodes it (region and via included), fingerprint aside.
    @Test func findingTreeIsTheModelsEncoding() throws {
        for f in [Self.finding("a", line: 1), Self.derived] {
            let out = ReportOutput()
            JSONReporter.value(f).write(to: out, depth: 0)
            #expect(Escaping.jsonUnforgeable(try encoded(f)) == out.text)
        }
    }

    /// The scanner sorts findings in place through indices: the order `sort` gives (stably).
    @Test func inPlaceSortIsTheStableSort() {
        var generator = SplitMix64(seed: 13)
        for _ in 0..<50 {
            let findings = (0..<Int(generator.next() % 40)).map { i in
                Self.finding(["a", "b", "c"][Int(generator.next() % 3)], line: Int(generator.next() % 5),
                             rule: ["r1", "r2"][Int(generator.next() % 2)], replacement: String(i))
            }
            var sorted = findings
            ScanResult.sortInPlace(&sorted)
            let expected = findings.enumerated().sorted {
                Finding.reportOrder($0.1, $1.1) || (!Finding.reportOrder($1.1, $0.1) && $0.0 < $1.0)
            }.map(\.1)
            #expect(sorted == expected)
        }
    }

    @Test func visibleShowsControlsAndDefusesWorkflowCommands() {
        #expect(Escaping.visible("a\u{1B}]8;;x\u{7}b\r\n\u{7F}\u{85}\u{202E}\tc") == "a\\x1b]8;;x\\x07b\\r\\n\\x7f\\u{85}\\u{202e}\tc")
        #expect(Escaping.visible("  ::error::x") == "  \\x3a:error::x")
        #expect(Escaping.visible("\u{A0}::error::x") == "\u{A0}\\x3a:error::x")
        #expect(Escaping.visible("a ##[error]b") == "a ##\\x5berror]b")
        #expect(Escaping.visible("a::b # [x] ## ok") == "a::b # [x] ## ok")
        #expect(Escaping.githubProperty("a,b:c%\nd") == "a%2Cb%3Ac%25%0Ad")
        #expect(Escaping.githubData("::x\r\n\u{1B}") == "\\x3a:x%0D%0A\\x1b")
    }

    @Test func markdownEscapesByGitHubsTableRules() {
        #expect(Escaping.markdownCode("a|b") == "`a\\|b`")
        #expect(Escaping.markdownCode("``x`") == "``` ``x` ```")
        // A backslash before a pipe cannot live in a code span in a table: escaped text instead.
        #expect(Escaping.markdownCode("c\\|<img>|d") == "c\\\\\\|&lt;img&gt;\\|d")
        #expect(Escaping.markdownText("*a* _b_ [c](d) <e> & #f ~g~ `h`")
                == "\\*a\\* \\_b\\_ \\[c\\](d) &lt;e&gt; &amp; \\#f \\~g\\~ \\`h\\`")
        #expect(Escaping.markdownCell("use `<host>` | not <b>") == "use `<host>` \\| not &lt;b&gt;")
    }

    @Test func csvNeutralisesFormulas() {
        #expect(Escaping.csvField("=1+2") == "'=1+2")
        #expect(Escaping.csvField("@SUM(A1)") == "'@SUM(A1)")
        #expect(Escaping.csvField("-2") == "'-2")
        #expect(Escaping.csvField("+x,y") == "\"'+x,y\"")
        #expect(Escaping.csvField("\tx") == "'\tx")
        #expect(Escaping.csvField("\rx") == "'\\rx")
        #expect(Escaping.csvField("a\"b") == "\"a\"\"b\"")
        #expect(Escaping.csvField("a=b") == "a=b")
    }

    /// A server's error body in verify's reports: no tag in Markdown, no extra cell, no forged
    /// row in text, line breaks kept inert in JUnit.
    @Test func verifyReportsEscapeServerText() {
        let body = "HTTP 500: <script>alert(1)</script> | [x](javascript:y)\ncompletion pass forged"
        let report = VerifyReport(endpoint: "http://h/v1", model: "m<b>|", checks: [
            CheckResult(id: "completion", status: .fail, summary: body, details: ["body: <img src=x onerror=a()>\n::error::x"]),
        ])
        let markdown = VerifyFormat.markdown.render(report)
        #expect(!markdown.contains("<script") && !markdown.contains("<img"), "\(markdown)")
        #expect(!markdown.contains("[x](javascript"), "\(markdown)")
        // The model id sits in a code span, where `<b>` is text; its pipe is escaped.
        #expect(markdown.contains("model `m<b>\\|`"), "\(markdown)")
        let row = markdown.split(separator: "\n").first { $0.hasPrefix("| completion") } ?? ""
        // A pipe splits the row unless an odd number of backslashes precedes it.
        var pipes = 0, backslashes = 0
        for c in row {
            if c == "|", backslashes % 2 == 0 { pipes += 1 }
            backslashes = c == "\\" ? backslashes + 1 : 0
        }
        #expect(pipes == 4, "\(row)")
        let text = VerifyFormat.text.render(report)
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("completion") }.count == 1, "\(text)")
        #expect(!text.split(separator: "\n").contains { $0.drop(while: \.isWhitespace).hasPrefix("::") })
        let junit = VerifyFormat.junit.render(report)
        #expect(!junit.split(separator: "\n").contains { $0.drop(while: \.isWhitespace).hasPrefix("::") || $0.hasPrefix("completion") })
        #expect(junit.contains("&lt;script&gt;"))
    }
}
