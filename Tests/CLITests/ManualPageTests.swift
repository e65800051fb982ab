import AuditTestSupport
import Foundation
import Model
import Testing

/// The man page's EXIT STATUS states the exit-code contract (`make install` splices
/// docs/exit-status.mdoc over the argument parser's "0 on success, >0 if an error occurs").
@Suite struct ManualPageTests {
    static let fragment = TestSupport.packageRoot.appendingPathComponent("docs/exit-status.mdoc").path

    /// The fragment as ExitStatus says it: one tagged item per code, in order.
    static var expectedFragment: String {
        var text = "The exit status is a contract that CI pipelines may depend on:\n.Bl -tag -width Ds\n"
        for status in ExitStatus.allCases {
            text += ".It \(status.rawValue)\n" + status.meaning.prefix(1).uppercased() + status.meaning.dropFirst() + ".\n"
        }
        return text + ".El\n"
    }

    /// What the argument parser's generate-manual writes around EXIT STATUS (mdoc).
    static let generated = """
        .Dd December 7, 2026
        .Dt OLLAMA-AUDIT 1
        .Os
        .Sh NAME
        .Nm ollama-audit
        .Nd "Find every Ollama dependency in a repository, for the move to vLLM."
        .Sh "EXIT STATUS"
        .Ex -std
        .Sh "SEE ALSO"

        """

    @Test func theFragmentIsExitStatusContract() throws {
        let actual = try? String(contentsOfFile: Self.fragment, encoding: .utf8)
        if actual != Self.expectedFragment, ProcessInfo.processInfo.environment["OLLAMA_AUDIT_RECORD"] == "1" {
            try Self.expectedFragment.write(toFile: Self.fragment, atomically: true, encoding: .utf8)
        }
        #expect(actual == Self.expectedFragment, "docs/exit-status.mdoc differs from ExitStatus: record with OLLAMA_AUDIT_RECORD=1")
        // Every line is text or a macro of ours: no meaning starts a line with roff's control characters.
        for status in ExitStatus.allCases {
            #expect(!status.meaning.hasPrefix(".") && !status.meaning.hasPrefix("'") && !status.meaning.contains("\\"))
        }
    }

    func splice(_ page: String) throws -> (status: Int32, output: String?, stderr: String) {
        let folder = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(folder) }
        try page.write(toFile: folder + "/generated.1", atomically: true, encoding: .utf8)
        let result = try TestSupport.run(
            ["make", "-s", "-C", TestSupport.packageRoot.path, "man-page",
             "MAN_GENERATED=\(folder)/generated.1", "MAN_PAGE=\(folder)/ollama-audit.1"],
            executable: "/usr/bin/env")
        return (result.status, try? String(contentsOfFile: folder + "/ollama-audit.1", encoding: .utf8), result.stderr)
    }

    @Test func makeManPagePutsTheContractInExitStatus() throws {
        let result = try splice(Self.generated)
        #expect(result.status == 0, "\(result.stderr)")
        let page = try #require(result.output)
        #expect(!page.contains(".Ex -std"))
        #expect(page.contains(".Sh \"EXIT STATUS\"\n" + Self.expectedFragment + ".Sh \"SEE ALSO\"\n"), "\(page)")
        // Rendered as man would show it, where groff is installed.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/groff") else { return }
        let folder = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(folder) }
        try page.write(toFile: folder + "/ollama-audit.1", atomically: true, encoding: .utf8)
        let rendered = try TestSupport.run(["groff", "-mdoc", "-Tascii", "-P-cbou", "-rLL=1000n", folder + "/ollama-audit.1"],
                                           executable: "/usr/bin/env").stdout
        let text = rendered.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(!text.contains(">0 if an error occurs"))
        for status in ExitStatus.allCases {
            let meaning = status.meaning.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(text.contains("\(status.rawValue) " + meaning.prefix(1).uppercased() + meaning.dropFirst()), "\(text)")
        }
    }

    /// A page without the line to replace (the generator changed) fails `make install`
    /// rather than install a page that says nothing, or an old one.
    @Test func makeManPageFailsWithoutTheLineToReplace() throws {
        let result = try splice(Self.generated.replacingOccurrences(of: ".Ex -std\n", with: ""))
        #expect(result.status != 0)
        #expect(result.stderr.contains("expected one '.Ex -std' line"), "\(result.stderr)")
        #expect(result.output == nil)
    }
}
