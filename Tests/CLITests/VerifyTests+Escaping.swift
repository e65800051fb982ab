import AuditTestSupport
import Foundation
import Testing

/// For `verify`: what the server says (its model ids here) is shown,
/// never obeyed: it forges no row of the text table and no cell or tag in Markdown.
extension VerifyCLITests {
    /// A served model id holding line breaks once printed a passing `gpu` row of its own.
    @Test func modelIDFromTheServerForgesNoRow() throws {
        let forged = "evil\ngpu      pass     every check passed\n::error title=PWNED::forged"
        let server = try StubServer(["--served-model", forged])
        defer { server.stop() }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint])
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("gpu") }.count == 1, "\(result.stdout)")
        #expect(row(result.stdout, "gpu")?.status == "skipped")
        #expect(!lines.contains { $0.drop(while: \.isWhitespace).hasPrefix("::") }, "\(result.stdout)")
        #expect(result.stdout.contains("serves evil\\ngpu      pass     every check passed\\n::error title=PWNED::forged"),
                "\(result.stdout)")
    }

    /// In Markdown the model id is escaped in its cell and in the heading line: no tag, no
    /// extra cell.
    @Test func modelIDFromTheServerIsInertMarkdown() throws {
        let hostile = "<img src=x onerror=alert(1)>|x\\|y"
        let server = try StubServer(["--served-model", hostile])
        defer { server.stop() }
        let result = try verify(["fixtures/clean-project", "--endpoint", server.endpoint, "--format", "markdown"])
        #expect(!result.stdout.contains("<img"), "\(result.stdout)")
        let liveness = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("| liveness |") })
        var cells = 0, backslashes = 0
        for c in liveness {
            if c == "|", backslashes % 2 == 0 { cells += 1 }
            backslashes = c == "\\" ? backslashes + 1 : 0
        }
        #expect(cells == 4, "\(liveness)")
        #expect(liveness.contains("serves &lt;img src=x onerror=alert(1)&gt;\\|x\\\\\\|y"), "\(liveness)")
    }
}
