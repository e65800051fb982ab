import AuditTestSupport
import Foundation
import Model
@testable import OllamaAuditCore
import Policy
import Testing

/// The corpus under fixtures/corpus: small projects in the styles real ones use, with
/// hand-written expectations (expectations.tsv) for recall (`find`) and precision (`trap`),
/// plus a golden listing per project that pins every finding.
@Suite struct CorpusTests {
    struct Expectation: Sendable, CustomStringConvertible {
        let project, path: String
        let line: Int
        let kind, category, note: String
        var description: String { "\(project)/\(path):\(line) \(kind) \(category) (\(note))" }
    }

    static let expectations: [Expectation] = {
        let file = TestSupport.fixture("corpus/expectations.tsv")
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { row in
            let cells = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cells.count >= 5, let line = Int(cells[2]) else { return nil }
            return Expectation(project: cells[0], path: cells[1], line: line, kind: cells[3], category: cells[4],
                               note: cells.count > 5 ? cells[5] : "")
        }
    }()

    static let projects: [String] = Array(Set(expectations.map(\.project))).sorted()

    static func scan(_ project: String) throws -> ScanReport {
        var request = ScanRequest()
        request.paths = [TestSupport.fixture("corpus/" + project)]
        return try Pipeline.scan(request)
    }

    /// One line per finding: stable, readable in a diff.
    static func listing(_ report: ScanReport) -> String {
        var out = report.findings.map {
            "\($0.path):\($0.start.line):\($0.start.column)\t\($0.priority.rawValue)\t\($0.category.rawValue)\t\($0.ruleID)\t\($0.match)"
        }.joined(separator: "\n") + "\n"
        for warning in report.warnings { out += "warning\t\(warning)\n" }
        return out
    }

    static func describe(_ region: Region?) -> String {
        region.map { "\($0.kind) \($0.name) \($0.startLine)-\($0.endLine)" } ?? "none"
    }

    @Test func expectationsAreLoaded() {
        #expect(Self.expectations.count > 100)
        #expect(Self.projects.count >= 10)
    }

    @Test(arguments: projects)
    func projectMeetsItsExpectations(project: String) throws {
        let report = try Self.scan(project)
        for expectation in Self.expectations where expectation.project == project {
            let here = report.findings.filter { $0.path == expectation.path && $0.start.line == expectation.line }
            if expectation.kind == "find" {
                #expect(here.contains { $0.category.rawValue == expectation.category },
                        "missed: \(expectation); found \(here.map { "\($0.ruleID)/\($0.category.rawValue)" })")
            } else if expectation.kind == "region" {
                // The category cell holds the region: `method OllamaRepo.llm_chat 14-23`, or `none`.
                #expect(!here.isEmpty, "no finding for \(expectation)")
                #expect(here.allSatisfy { Self.describe($0.region) == expectation.category },
                        "\(expectation): regions \(here.map { Self.describe($0.region) })")
            } else {
                #expect(here.allSatisfy { $0.priority == .low },
                        "trap flagged: \(expectation) by \(here.map { "\($0.ruleID) \($0.priority.rawValue)" })")
            }
        }
        #expect(TestSupport.golden(Self.listing(report), "corpus/\(project).tsv") == nil)
    }

    /// Tests, mocks and fixtures (tests/, *.test.ts, conftest.py, mocks/) are the test layer at
    /// most medium; the same calls in the application keep their layer and priority.
    @Test func testsLayerProject() throws {
        let report = try Self.scan("tests-layer")
        let inTests = report.findings.filter { !$0.path.hasPrefix("app/") && !$0.path.hasPrefix("web/") }
        #expect(Set(inTests.map(\.path)) == ["tests/test_client.py", "src/chat.test.ts", "mocks/handlers.js", "conftest.py"])
        #expect(inTests.allSatisfy { $0.layer == .test && $0.priority <= .medium })
        let app = report.findings.filter { $0.path.hasPrefix("app/") || $0.path.hasPrefix("web/") }
        #expect(app.allSatisfy { $0.layer != .test })
        #expect(app.contains { $0.priority == .critical })
    }

    /// The priority classes the labelled corpus calibrated: the highest priority on each line.
    @Test func prioritiesProject() throws {
        let report = try Self.scan("priorities")
        func top(_ path: String, _ line: Int) -> Priority? {
            report.findings.filter { $0.path == path && $0.start.line == line }.map(\.priority).max()
        }
        #expect(top("package.json", 2) == .low, "the project's own name")
        #expect(top("src/types.ts", 1) == .medium, "a type-only import")
        #expect(top("src/constants.ts", 2) == .medium, "a JS constant named like an env var")
        #expect(top("src/api.ts", 4) == .medium, "model listing relative to the Ollama base")
        #expect(top("src/api.ts", 9) == .critical, "chat relative to the Ollama base")
        #expect(top("src/chat.ts", 8) == .high, "numPredict in an ollama.chat object")
        #expect(top("src/chat.ts", 15) == nil, "the keep-alive header")
        #expect(top("app/models.py", 7) == .medium, "client.list()")
        #expect(top("app/models.py", 9) == .medium, "client.pull()")
        #expect(top("app/models.py", 13) == .critical, "client.chat()")
        #expect(top("app/types_only.py", 1) == .medium, "a types-only import")
        #expect(top("app/llm.py", 10) == .high, "num_predict= through a wrapper")
        #expect(top(".env.example", 1) == .low, "a prose comment")
        #expect(top(".env.example", 4) == .medium, "a commented-out setting")
    }

    /// Every category the rule pack promises shows up somewhere in the corpus.
    @Test func everyCategoryIsFound() throws {
        var found = Set<Category>()
        for project in Self.projects { found.formUnion(try Self.scan(project).findings.map(\.category)) }
        let missing = Set(Category.allCases).subtracting(found)
        #expect(missing.isEmpty, "no corpus finding of: \(missing.map(\.rawValue).sorted())")
    }
}

