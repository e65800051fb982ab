import AuditTestSupport
@testable import Engine
import Foundation
import Model
import Policy
import Report
import Rules
import Testing

/// Regions (`Finding.region`) and chains of evidence (`Finding.via`) in every format, on a
/// report built by hand: a wrapper module (`repos/ollama_repo.py`) whose class the services
/// import and call, as the flow pass reports it.
extension ReportFormatTests {
    static let flowRules = """
        rules:
          - id: flow-client
            message: builds the ollama client
            category: client-call
            priority: critical
            files: [python]
            pattern: 'ollama\\.Client\\('
            guidance: Build an OpenAI client on vLLM's base URL instead.
            examples: { match: ["ollama.Client("], no-match: ["Client("] }
          - id: flow-wrapper
            message: uses a local wrapper of the ollama client
            category: client-call
            priority: high
            files: [python]
            pattern: 'OllamaRepo'
            guidance: Migrate the wrapper; its importers follow.
            examples: { match: ["OllamaRepo"], no-match: ["Repo"] }
          - id: flow-response
            message: reads a field of an Ollama response
            category: response-field
            priority: medium
            files: [python]
            pattern: '\\["message"\\]'
            guidance: Read `choices[0].message` instead.
            examples: { match: ["r[\\"message\\"]"], no-match: ["message"] }
          - id: flow-config
            message: sets an option of the Ollama section
            category: setting
            priority: high
            files: [config]
            pattern: 'num_ctx'
            guidance: Give vLLM `--max-model-len` instead.
            examples: { match: ["num_ctx: 8192"], no-match: ["ctx"] }

        """

    static func flowFinding(
        _ rule: String, _ category: Model.Category, _ priority: Priority, _ message: String, _ path: String,
        _ line: Int, _ column: Int, _ match: String, _ lineText: String, layer: Layer = .backend,
        region: Region? = nil, via: [Evidence] = []
    ) -> Finding {
        Finding(ruleID: rule, category: category, priority: priority, layer: layer, message: message, path: path,
                start: Position(line: line, column: column), end: Position(line: line, column: column + match.count),
                match: match, lineText: lineText, fixability: .manual, replacement: nil, byteRange: 0..<match.utf8.count,
                region: region, via: via)
    }

    /// The report every flow golden file is rendered from, in report order.
    static func flowReport() throws -> ScanReport {
        let origin = Evidence(kind: "origin", name: "OllamaRepo", path: "repos/ollama_repo.py", line: 29, column: 7)
        let imported = Evidence(kind: "import", name: "OllamaRepo", path: "services/chat_service.py", line: 3, column: 31)
        let bound = Evidence(kind: "binding", name: "self.ollama", path: "services/chat_service.py", line: 12, column: 9)
        let reply = Evidence(kind: "binding", name: "reply", path: "services/chat_service.py", line: 18, column: 9)
        let client = Evidence(kind: "binding", name: "self.client", path: "repos/ollama_repo.py", line: 31, column: 9)
        let repoInit = Region(kind: "method", name: "OllamaRepo.__init__", startLine: 30, endLine: 32)
        let repoChat = Region(kind: "method", name: "OllamaRepo.llm_chat", startLine: 34, endLine: 40)
        let serviceInit = Region(kind: "method", name: "ChatService.__init__", startLine: 11, endLine: 13)
        let answer = Region(kind: "method", name: "ChatService.answer", startLine: 16, endLine: 25)
        // A name as a repository may spell it: a pipe and backticks must not break a table.
        let awkward = Region(kind: "function", name: "odd|`name`", startLine: 2, endLine: 4)
        let findings = [
            flowFinding("flow-config", .setting, .high, "sets an option of the Ollama section", "config.yaml", 3, 5,
                        "num_ctx", "    num_ctx: 8192", layer: .configuration,
                        region: Region(kind: "section", name: "ollama.options", startLine: 2, endLine: 3)),
            flowFinding("flow-client", .clientCall, .critical, "builds the ollama client", "repos/ollama_repo.py", 31, 23,
                        "ollama.Client(", "        self.client = ollama.Client(host=OLLAMA_URL)", region: repoInit),
            flowFinding("flow-response", .responseField, .medium, "reads a field of an Ollama response",
                        "repos/ollama_repo.py", 37, 16, "[\"message\"]", "        return r[\"message\"][\"content\"]",
                        region: repoChat, via: [client]),
            flowFinding("flow-wrapper", .clientCall, .high, "uses a local wrapper of the ollama client",
                        "services/chat_service.py", 3, 31, "OllamaRepo", "from repos.ollama_repo import OllamaRepo",
                        via: [origin]),
            flowFinding("flow-wrapper", .clientCall, .high, "uses a local wrapper of the ollama client",
                        "services/chat_service.py", 12, 23, "OllamaRepo", "        self.ollama = OllamaRepo()",
                        region: serviceInit, via: [imported, origin]),
            flowFinding("flow-wrapper", .clientCall, .high, "calls a method of the wrapper", "services/chat_service.py",
                        18, 17, "self.ollama.llm_chat", "        reply = self.ollama.llm_chat(messages)",
                        region: answer, via: [bound, imported, origin]),
            flowFinding("flow-response", .responseField, .medium, "reads a field of an Ollama response",
                        "services/chat_service.py", 21, 21, "[\"message\"]", "        text = reply[\"message\"][\"content\"]",
                        region: answer, via: [reply, bound, imported, origin]),
            flowFinding("flow-wrapper", .clientCall, .high, "uses a local wrapper of the ollama client",
                        "web/odd.py", 3, 5, "OllamaRepo", "    OllamaRepo()", region: awkward, via: [origin]),
        ]
        let rules = try RuleSet.assemble(RuleRequest(defaults: false, userFiles: [
            RuleFileText(path: "flow-rules.yml", text: flowRules),
        ])).rules
        return ScanReport(roots: ["flow-project"], result: ScanResult(findings: findings, filesScanned: 5,
                                                                      skipped: SkipCounts(), warnings: []),
                          walkSkipped: SkipCounts(), rules: rules, locationPrefix: "")
    }

    @Test func everyFormatOfAFlowReportIsPinnedAndValid() throws {
        let report = try Self.flowReport()
        let folder = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(folder) }
        for (format, ext) in Self.formats {
            let text = ReportFormat(rawValue: format)!.reporter().render(report)
            #expect(TestSupport.golden(text, "flow-report.\(ext)") == nil, "\(format)")
            if format != "text", format != "concise", format != "json" {
                let file = folder + "/report." + ext
                try text.write(toFile: file, atomically: true, encoding: .utf8)
                _ = try validate(format, file)
            }
        }
    }

    @Test func jsonCarriesRegionAndViaUnderSchemaVersionTwo() throws {
        let text = ReportFormat.json.reporter().render(try Self.flowReport())
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(document["version"] as? Int == 2)
        let findings = try #require(document["findings"] as? [[String: Any]])
        let read = try #require(findings.first { ($0["line"] as? String)?.contains("reply[") == true })
        let region = try #require(read["region"] as? [String: Any])
        #expect(region["name"] as? String == "ChatService.answer" && region["kind"] as? String == "method")
        #expect(region["start_line"] as? Int == 16 && region["end_line"] as? Int == 25)
        let via = try #require(read["via"] as? [[String: Any]])
        #expect(via.map { $0["name"] as? String } == ["reply", "self.ollama", "OllamaRepo", "OllamaRepo"])
        #expect(via.last?["path"] as? String == "repos/ollama_repo.py" && via.last?["line"] as? Int == 29)
        #expect(via.last?["kind"] as? String == "origin" && via.last?["column"] as? Int == 7)
        // Absent, not empty, where a finding has neither.
        let plain = try #require(findings.first { $0["rule"] as? String == "flow-client" })
        #expect(plain["via"] == nil && plain["region"] != nil)
        #expect(findings.first { $0["path"] as? String == "services/chat_service.py" }?["region"] == nil)
    }

    @Test func sarifCarriesViaAsRelatedLocationsAndRegionsAsLogicalLocations() throws {
        let folder = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(folder) }
        let text = ReportFormat.sarif.reporter().render(try Self.flowReport())
        try text.write(toFile: folder + "/flow.sarif", atomically: true, encoding: .utf8)
        // The OASIS schema, plus the validator's checks of related locations (unique ids, relative URIs).
        let parsed = try #require(try validate("sarif", folder + "/flow.sarif") as? [[String: Any]])
        #expect(parsed.map { $0["related"] as? Int } == [0, 0, 1, 1, 2, 3, 4, 1])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let run = try #require((document["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        let call = try #require(results.first { ($0["message"] as? [String: Any])?["text"] as? String
            == "calls a method of the wrapper: self.ollama.llm_chat (via [OllamaRepo](3))" })
        let related = try #require(call["relatedLocations"] as? [[String: Any]])
        #expect(related.map { $0["id"] as? Int } == [1, 2, 3])
        #expect(related.map { ($0["message"] as? [String: Any])?["text"] as? String }
                == ["via `self.ollama` (binding)", "via `OllamaRepo` (import)", "via `OllamaRepo` (origin)"])
        let origin = try #require(related.last?["physicalLocation"] as? [String: Any])
        #expect((origin["artifactLocation"] as? [String: Any])?["uri"] as? String == "repos/ollama_repo.py")
        #expect((origin["artifactLocation"] as? [String: Any])?["uriBaseId"] as? String == "%SRCROOT%")
        #expect((origin["region"] as? [String: Int]) == ["startLine": 29, "startColumn": 7])
        let location = try #require((call["locations"] as? [[String: Any]])?.first)
        let logical = try #require((location["logicalLocations"] as? [[String: Any]])?.first)
        #expect(logical["name"] as? String == "answer" && logical["fullyQualifiedName"] as? String == "ChatService.answer")
        #expect(logical["kind"] as? String == "member")
        // A section has no SARIF kind: the name alone.
        let config = try #require(results.first { $0["ruleId"] as? String == "flow-config" })
        let section = try #require(((config["locations"] as? [[String: Any]])?.first?["logicalLocations"] as? [[String: Any]])?.first)
        #expect(section["kind"] == nil && section["name"] as? String == "options")
        // A name with a bracket cannot end the message's link early.
        #expect(SARIFReporter.linkText("a]b[c\\") == "a\\]b\\[c\\\\")
    }

    @Test func markdownListsRegionsPerFileWithTheirEvidence() throws {
        let whole = ReportFormat.markdown.reporter().render(try Self.flowReport())
        // The layers' tables, after the effort table that names the files too.
        let md = try #require(whole.components(separatedBy: "\n## Backend\n").dropFirst().first)
        #expect(md.contains("| File | Region | Lines | Integration | What it does there | Priority |\n|---|---|---|---|---|---|\n"))
        let rows = md.split(separator: "\n").filter { $0.hasPrefix("| `services/chat_service.py`") }
        #expect(rows == [
            "| `services/chat_service.py` | — | 3 | client-call | uses a local wrapper of the ollama client via `OllamaRepo` (`repos/ollama_repo.py:29`) | high |",
            "| `services/chat_service.py` | `ChatService.__init__` | L11–13 | client-call | uses a local wrapper of the ollama client via `OllamaRepo` (`repos/ollama_repo.py:29`) | high |",
            "| `services/chat_service.py` | `ChatService.answer` | L16–25 | client-call, response-field | calls a method of the wrapper via `OllamaRepo` (`repos/ollama_repo.py:29`); reads a field of an Ollama response via `OllamaRepo` (`repos/ollama_repo.py:29`) | high |",
        ], "\(md)")
        // Evidence within one file names its nearest link.
        #expect(md.contains("| `repos/ollama_repo.py` | `OllamaRepo.llm_chat` | L34–40 | response-field | reads a field of an Ollama response via `self.client` (`repos/ollama_repo.py:31`) | medium |"))
        #expect(md.contains("| `config.yaml` | `ollama.options` | L2–3 | setting |"))
        // The pipe is escaped in a code span wide enough for the backtick: still six cells.
        let odd = try #require(md.split(separator: "\n").first { $0.hasPrefix("| `web/odd.py`") })
        #expect(odd.hasPrefix("| `web/odd.py` | `` odd\\|`name` `` | L2–4 |"), "\(odd)")
        var pipes = 0, backslashes = 0
        for c in odd {
            if c == "|", backslashes % 2 == 0 { pipes += 1 }
            backslashes = c == "\\" ? backslashes + 1 : 0
        }
        #expect(pipes == 7, "\(odd)")
    }

    /// A region's row lists every message it has: the audit says what the code there does.
    @Test func aRegionRowListsEveryMessage() throws {
        let region = Region(kind: "function", name: "busy", startLine: 1, endLine: 20)
        let findings = (1...6).map { i in
            Self.flowFinding("flow-wrapper", .clientCall, .high, "message \(i)", "a.py", i, 1, "OllamaRepo", "OllamaRepo",
                             region: i == 6 ? nil : region)
        } + (7...12).map { i in
            Self.flowFinding("flow-wrapper", .clientCall, .high, "loose \(i)", "a.py", 20 + i, 1, "OllamaRepo", "OllamaRepo")
        }
        let report = ScanReport(roots: ["."], result: ScanResult(findings: findings, filesScanned: 1, skipped: SkipCounts(),
                                                                  warnings: []),
                                walkSkipped: SkipCounts(), rules: [], locationPrefix: "")
        let md = ReportFormat.markdown.reporter().render(report)
        #expect(md.contains("| `a.py` | `busy` | L1–20 | client-call | message 1; message 2; message 3; message 4; message 5 | high |"), "\(md)")
        // Findings outside any region keep the file row they had; past the first four, the
        // rest fold under <details> (inline HTML, so the row stays one line), never cut.
        #expect(md.contains("| `a.py` | — | 6, 27-32 | client-call | message 6; loose 7; loose 8; loose 9; "
            + "<details><summary>3 more</summary>loose 10; loose 11; loose 12</details> | high |"), "\(md)")
    }

    @Test func oneLineFormatsNameTheEvidence() throws {
        let report = try Self.flowReport()
        let text = ReportFormat.text.reporter().render(report)
        #expect(text.contains("calls a method of the wrapper via OllamaRepo (repos/ollama_repo.py:29)\n"), "\(text)")
        #expect(text.contains("builds the ollama client\n"))
        let github = ReportFormat.github.reporter().render(report)
        #expect(github.contains("::calls a method of the wrapper: self.ollama.llm_chat via OllamaRepo (repos/ollama_repo.py:29)\n"),
                "\(github)")
        let junit = ReportFormat.junit.reporter().render(report)
        #expect(junit.contains("[high, client-call, backend] via OllamaRepo (repos/ollama_repo.py:29)\n"), "\(junit)")
        // CSV keeps its columns: its header is also the marker scans skip a saved report by.
        let csv = ReportFormat.csv.reporter().render(report)
        #expect(csv.hasPrefix(CSVReporter.row(CSVReporter.header)) && !csv.contains("via "))
    }
}
