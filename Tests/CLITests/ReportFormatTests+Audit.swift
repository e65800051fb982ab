import AuditTestSupport
import Foundation
import Languages
import Model
import Report
import Testing

/// The Markdown audit as a document to hand on (issue 18): provenance, a chart, effort by file,
/// every region and unit without a cut-short list, the models and the memory they need, what
/// the vLLM deployment needs, how to validate it, permalinks, and Node servers as backend.
/// Rendered by a real renderer (markdown-it-py), and pinned by golden files.
extension ReportFormatTests {
    static let renderer = TestSupport.packageRoot.appendingPathComponent("Tests/validators/render_markdown.py").path

    /// What markdown-it-py made of `markdown`: headings, tables' cell counts per row, code
    /// blocks, `<details>`, lists cut short and tags the audit never writes.
    struct Rendered: Decodable {
        let headings: [String]
        let tables: [[Int]]
        let code: [String]
        let details: Int
        let cut_short: [String]
        let foreign_tags: [String]
    }

    static func render(_ markdown: String) throws -> (Rendered, String) {
        let folder = try TestSupport.makeTemporaryDirectory("render")
        defer { TestSupport.removeTree(folder) }
        try markdown.write(toFile: folder + "/audit.md", atomically: true, encoding: .utf8)
        let result = try TestSupport.run(["python3", renderer, folder + "/audit.md"], executable: "/usr/bin/env")
        #expect(result.status == 0, "\(result.stderr)")
        return (try JSONDecoder().decode(Rendered.self, from: Data(result.stdout.utf8)), result.stdout)
    }

    /// The seed's audit, rendered to HTML, has every section the issue asks for, each table
    /// keeps its header's cell count on every row, nothing is cut short, and no tag but the
    /// audit's own. The rendered shape is pinned too.
    @Test func theSeedAuditRendersEverySection() throws {
        let copy = try Self.copyOutsideGit("seed-project")
        defer { TestSupport.removeTree(copy) }
        let result = try scan(["fixtures/seed-project", "--format", "markdown"], in: copy)
        #expect(result.status == 1)
        let (rendered, json) = try Self.render(result.stdout)
        for heading in ["h2 Provenance", "h2 Summary", "h2 At a glance", "h3 Effort by file", "h2 Backend",
                        "h2 Model inventory", "h2 vLLM infrastructure requirements", "h2 Migration units",
                        "h2 Validation", "h2 Manual follow-ups"] {
            #expect(rendered.headings.contains(heading), "missing \(heading)")
        }
        #expect(rendered.code == ["mermaid", "sh"], "the chart and the verify command")
        for table in rendered.tables {
            #expect(Set(table).count == 1, "a row with another cell count than its header: \(table)")
        }
        #expect(rendered.tables.count >= 12)
        #expect(rendered.cut_short.isEmpty, "\(rendered.cut_short)")
        #expect(rendered.foreign_tags.isEmpty, "\(rendered.foreign_tags)")
        #expect(rendered.details > 0, "long lists fold instead of being cut")
        #expect(TestSupport.golden(json, "seed-project.md.rendered.json") == nil)
    }

    /// Every region with a finding has its row, named and spanned, in its layer's table.
    @Test func everyRegionOfTheSeedHasItsRow() throws {
        let json = try scan(["fixtures/seed-project", "--format", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        let regions = Set(findings.compactMap { f -> String? in
            guard let r = f["region"] as? [String: Any], let name = r["name"] as? String,
                  let start = r["start_line"] as? Int ?? r["startLine"] as? Int,
                  let end = r["end_line"] as? Int ?? r["endLine"] as? Int else { return nil }
            let span = start == end ? "L\(start)" : "L\(start)–\(end)"
            return "| \(Escaping.markdownCode("fixtures/seed-project/" + (f["path"] as! String))) | \(Escaping.markdownCode(name)) | \(span) |"
        })
        #expect(regions.count > 20)
        let md = try scan(["fixtures/seed-project", "--format", "markdown"]).stdout
        for row in regions { #expect(md.contains("\n" + row + " "), "no row \(row)") }
    }

    /// The chart holds layer and priority names and counts only: a file name or a model tag
    /// that tries to close the block and start another stays out of it.
    @Test func theChartHoldsNothingFromTheRepository() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(root) }
        let hostile = "```\nclick Backend call alert(1)\n```\n<script>x</script>"
        try TestSupport.writeTree(["evil\n```\ngraph.py": "import ollama\nMODEL = \"llama3.1:8b\"\n# \(hostile)\n",
                                   "server/index.js": "import ollama from 'ollama'\n// \(hostile)\n"], under: root)
        let md = try scan([".", "--format", "markdown"], in: root).stdout
        let chart = try #require(md.components(separatedBy: "```mermaid\n").dropFirst().first?.components(separatedBy: "\n```\n").first)
        let lines = chart.split(separator: "\n")
        #expect(lines.first == "sankey-beta")
        let layers = Set(MarkdownReporter.chartLayerNames.values), priorities = Set(Priority.allCases.map(\.rawValue))
        for line in lines.dropFirst() {
            let parts = line.split(separator: ",").map(String.init)
            #expect(parts.count == 3 && layers.contains(parts[0]) && priorities.contains(parts[1]) && Int(parts[2]) != nil, "\(line)")
        }
        let (rendered, _) = try Self.render(md)
        #expect(rendered.code == ["mermaid", "sh"], "\(rendered.code)")
        #expect(rendered.foreign_tags.isEmpty, "\(rendered.foreign_tags)")
        for table in rendered.tables { #expect(Set(table).count == 1, "\(table)") }
    }

    // MARK: Provenance and links

    /// A repository on GitHub at a commit made reproducible (fixed identities and dates), with
    /// `verify:` budgets, an exclusion, a Node server and a model: the whole audit is pinned,
    /// and its links point at that commit.
    @Test func anAuditOfAGitHubRepositoryIsPinnedWithPermalinks() throws {
        let root = try Self.reproducibleRepository(remote: "git@github.com:acme/chat-app.git")
        defer { TestSupport.removeTree(root) }
        let commit = try TestSupport.git(["rev-parse", "HEAD"], in: root).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let result = try TestSupport.run(["scan", ".", "--format", "markdown", "--timestamps", "--exclude", "vendor/**"],
                                         in: root, environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        #expect(result.status == 1, "\(result.stderr)")
        let md = result.stdout
        #expect(TestSupport.golden(md, "github-repository.md") == nil)
        #expect(md.contains("| Date | `2023-11-14T22:13:20.000Z` |"))
        #expect(md.contains("| Commit | [`\(commit)`](https://github.com/acme/chat-app/commit/\(commit)) |"))
        #expect(md.contains("[`server/routes/chat.js`](https://github.com/acme/chat-app/blob/\(commit)/server/routes/chat.js)"))
        #expect(md.contains("(https://github.com/acme/chat-app/blob/\(commit)/app.py#L1-L2)"), "a range's link")
        #expect(md.contains("globs `vendor/**`"))
        #expect(md.contains("| simple prompt | the streamed reply is complete within 3 s |"), "verify: budgets")
        #expect(md.contains("- **`--max-model-len 16384`:**") && md.contains("- **`--max-num-seqs 8`:**"))
        #expect(!md.contains(root), "no absolute path of this machine")
        // A scan of a folder of the repository links to the file's place in the repository.
        let sub = try TestSupport.run(["scan", "server", "--format", "markdown"], in: root).stdout
        #expect(sub.contains("(https://github.com/acme/chat-app/blob/\(commit)/server/routes/chat.js)"), "\(sub)")
        // Without --timestamps nothing varies: two runs are one report.
        let plain = try TestSupport.run(["scan", ".", "--format", "markdown"], in: root).stdout
        #expect(plain == (try TestSupport.run(["scan", ".", "--format", "markdown"], in: root).stdout))
        #expect(plain.contains("| Date | not recorded"))
    }

    /// GitLab's links (subgroups, `-/blob/`, `#L5-9`); a token in the remote never shows.
    @Test func gitLabLinksDropTheRemotesCredentials() throws {
        let root = try Self.reproducibleRepository(remote: "https://oauth2:s3cret-token@gitlab.com/acme/ml/chat-app.git")
        defer { TestSupport.removeTree(root) }
        let commit = try TestSupport.git(["rev-parse", "HEAD"], in: root).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let md = try TestSupport.run(["scan", ".", "--format", "markdown"], in: root).stdout
        #expect(!md.contains("s3cret") && !md.contains("oauth2"))
        #expect(md.contains("(https://gitlab.com/acme/ml/chat-app/-/blob/\(commit)/server/routes/chat.js)"), "\(md)")
        #expect(md.contains("/-/blob/\(commit)/server/routes/chat.js#L1-2)"), "GitLab's range anchor")
    }

    /// No remote, or not a repository: no links, and the commit says so.
    @Test func outsideGitThereIsNoCommitAndNoLink() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree(["app.py": "import ollama\n"], under: root)
        // An absolute root, scanned from elsewhere: named by its last part, never by its path.
        let md = try scan([root, "--format", "markdown"]).stdout
        #expect(md.contains("| Commit | none: not a git repository |"))
        #expect(!md.contains("https://"), "no link")
        #expect(!md.contains(root), "no absolute path of this machine: \(md.prefix(400))")
        #expect(md.contains("from `\((root as NSString).lastPathComponent)`."))
    }

    /// A git repository at a commit whose hash is the same on every run: fixed names, emails
    /// and dates, the files below, and `remote` as its origin.
    static func reproducibleRepository(remote: String) throws -> String {
        let root = try TestSupport.makeTemporaryDirectory("audit-repo")
        try TestSupport.writeTree([
            "app.py": "import ollama\nreply = ollama.chat(model=\"llama3.1:8b\", messages=[], options={\"num_ctx\": 16384})\n",
            "server/routes/chat.js": "import ollama from 'ollama'\nconst r = await ollama.chat({ model: 'qwen2.5:7b', messages })\nexport default r\n",
            ".env.example": "OLLAMA_NUM_PARALLEL=8\nOLLAMA_MODEL=nomic-embed-text\n",
            ".ollama-audit.yml": "verify:\n  simple-seconds: 3\n  concurrency: 8\n",
            "vendor/lib.py": "import ollama\n",
        ], under: root)
        let identity = ["GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.com", "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z",
                        "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.com",
                        "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z"]
        for arguments in [["init", "-q", "-b", "main"], ["add", "-A"], ["-c", "commit.gpgsign=false", "commit", "-qm", "base"],
                          ["remote", "add", "origin", remote]] {
            let result = try TestSupport.run(["git"] + arguments, executable: "/usr/bin/env", in: root, environment: identity)
            #expect(result.status == 0, "git \(arguments): \(result.stderr)")
        }
        return root
    }

    // MARK: Layers

    /// Node server code is backend: a monorepo's `server/`, Next.js API routes, Nest
    /// controllers; a browser application's `src/api/` fetch wrappers stay frontend.
    @Test(arguments: [
        ("server/index.js", Layer.backend), ("packages/api-server/server.ts", .backend), ("pages/api/chat.ts", .backend),
        ("src/app/api/chat/route.ts", .backend), ("api/chat.js", .backend), ("src/chat/chat.controller.ts", .backend),
        ("app/routes/chat.server.ts", .backend), ("src/routes/api/+server.ts", .backend), ("backend/src/llm.ts", .backend),
        ("routes/chat.js", .backend), ("functions/index.ts", .backend), ("src/routes/Home.tsx", .frontend),
        ("web/src/api/client.ts", .frontend), ("src/App.tsx", .frontend), ("frontend/src/main.ts", .frontend),
        ("src/components/Chat.vue", .frontend), ("server/views/page.vue", .frontend), ("tests/server/x.test.ts", .test),
    ])
    func nodeServerCodeIsBackend(path: String, layer: Layer) {
        let types = LanguageRegistry.standard.types(ofFileNamed: String(path.split(separator: "/").last!))
        #expect(types.layer(path: path) == layer, "\(path)")
    }

    /// A large Node monorepo no longer reads "Backend: No findings".
    @Test func aNodeMonoreposServerIsItsBackend() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree(["server/utils/AiProviders/ollama/index.js": "const { Ollama } = require('ollama')\n",
                                   "frontend/src/models/system.js": "fetch('http://localhost:11434/api/tags')\n"], under: root)
        let md = try scan([".", "--format", "markdown"], in: root).stdout
        let backend = try #require(md.components(separatedBy: "\n## Backend\n").dropFirst().first?.components(separatedBy: "\n## ").first)
        #expect(backend.contains("`server/utils/AiProviders/ollama/index.js`"), "\(backend)")
        let frontend = try #require(md.components(separatedBy: "\n## Frontend and TypeScript service layer\n").dropFirst().first?
            .components(separatedBy: "\n## ").first)
        #expect(frontend.contains("`frontend/src/models/system.js`"))
    }

    // MARK: Models

    @Test(arguments: [
        ("llama3.1:8b", 8.0), ("qwen2.5:0.5b", 0.5), ("mixtral:8x7b", 56.0), ("phi3:3.8b", 3.8), ("all-minilm:22m", 0.022),
        ("meta-llama/Llama-3.1-70B-Instruct", 70.0), ("Qwen/Qwen3-30B-A3B", 30.0), ("deepseek-r1:1.5b", 1.5),
        ("mistral:7b-instruct-v0.2-q4_K_M", 7.0), ("gemma2:27b", 27.0),
    ])
    func parametersAreReadFromTheName(name: String, billions: Double) {
        #expect(ModelTags.parameters(name) == billions, "\(name)")
    }

    /// No size in the name is unknown, never a guess.
    @Test(arguments: ["llama3.1", "nomic-embed-text", "nomic-ai/nomic-embed-text-v1.5", "qwen2.5", "llama3.1:latest",
                      "codellama:7b-x", "gpt:b", "x:.5b", "m:1.2.3b", "128k", "q4_0"])
    func aNameWithoutASizeIsUnknown(name: String) {
        if name == "codellama:7b-x" { #expect(ModelTags.parameters(name) == 7); return }
        #expect(ModelTags.parameters(name) == nil, "\(name)")
    }

    /// Each tag with its repository, size class and memory (parameters × 2 and × 1 bytes,
    /// plus 20%), worked out here from the figures, not copied from the report.
    @Test func theInventoryAnswersTheGPUQuestion() throws {
        let md = try scan(["fixtures/seed-project", "--format", "markdown"]).stdout
        for (tag, repo, billions) in [("llama2:7b", "meta-llama/Llama-2-7b-chat-hf", 7.0), ("deepseek-r1:7b", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", 7.0)] {
            let fp16 = billions * 2 * 1.2, int8 = billions * 1 * 1.2
            let row = "| `\(tag)` | `\(repo)`"
            #expect(md.contains(row), "\(row)")
            #expect(md.contains(String(format: "| %.1f GB | %.1f GB |", fp16, int8)))
        }
        #expect(md.contains("| `nomic-embed-text` | `nomic-ai/nomic-embed-text-v1.5` | unknown | unknown | unknown | unknown |"))
        #expect(md.contains("estimate for the weights plus KV cache headroom"))
        #expect(md.contains("**GPU memory:** the largest model the code and configuration use"))
        // 16.8 GB is over 90% of 16 GB, under 90% of 24 GB; 8.4 GB over 90% of 8 GB, under 90% of 12 GB.
        #expect(md.contains("it fits a 24 GB GPU at FP16 and a 12 GB GPU at INT8"))
        #expect(md.contains("- **`HF_TOKEN`:** required: `meta-llama/Llama-2-7b-chat-hf`"))
        #expect(md.contains("- **Image:** `vllm/vllm-openai:"))
        #expect(md.contains("NVIDIA container runtime"))
        #expect(md.contains("- **`--max-model-len 4096`:**") && md.contains("- **`--max-num-seqs 2`:**"))
        #expect(md.contains("```sh\nollama-audit verify fixtures/seed-project --endpoint http://VLLM_HOST:8000/v1 "
            + "--model meta-llama/Llama-2-7b-chat-hf\n```"))
    }

    /// The verify command's words come from the repository (its root) and the rules (the
    /// model): quoted for the shell, and never able to end the code block.
    @Test func theVerifyCommandQuotesItsWords() {
        #expect(MarkdownReporter.shellWord("fixtures/seed-project", or: "PATH") == "fixtures/seed-project")
        #expect(MarkdownReporter.shellWord("my app", or: "PATH") == "'my app'")
        #expect(MarkdownReporter.shellWord("it's", or: "PATH") == "'it'\\''s'")
        #expect(MarkdownReporter.shellWord("a\n```\nb", or: "PATH") == "PATH")
        #expect(MarkdownReporter.shellWord("x`y`", or: "MODEL") == "MODEL")
        #expect(MarkdownReporter.shellWord("", or: "PATH") == "''")
    }

    @Test func numbersAreReadAfterTheirNameOnly() {
        #expect(MarkdownReporter.numbers(after: "num_ctx", in: #"options={"num_ctx": 8192, "x": 1}"#) == [8192])
        #expect(MarkdownReporter.numbers(after: "num_ctx", in: "num_ctx=2048 num_ctx: 4096") == [2048, 4096])
        #expect(MarkdownReporter.numbers(after: "num_ctx", in: "my_num_ctx = 99; num_ctx = n").isEmpty)
        #expect(MarkdownReporter.numbers(after: "OLLAMA_NUM_PARALLEL", in: "OLLAMA_NUM_PARALLEL=4").isEmpty == false)
        #expect(MarkdownReporter.numbers(after: "num_ctx", in: "num_ctx: 4096.5").isEmpty)
    }

    // MARK: Permalinks

    @Test(arguments: [
        ("https://github.com/acme/app.git", "https://github.com/acme/app/blob/C/a%20b/%28x%29.py#L3-L5"),
        ("git@github.com:acme/app.git", "https://github.com/acme/app/blob/C/a%20b/%28x%29.py#L3-L5"),
        ("ssh://git@github.com:22/acme/app", "https://github.com/acme/app/blob/C/a%20b/%28x%29.py#L3-L5"),
        ("https://u:tok@www.github.com/acme/app/", "https://github.com/acme/app/blob/C/a%20b/%28x%29.py#L3-L5"),
        ("git@gitlab.com:g/sub/app.git", "https://gitlab.com/g/sub/app/-/blob/C/a%20b/%28x%29.py#L3-5"),
    ])
    func permalinksAreMadeFromTheRemote(remote: String, expected: String) throws {
        let commit = String(repeating: "ab", count: 20)
        let links = try #require(Permalinks(remote: remote, commit: commit))
        #expect(links.url(path: "a b/(x).py", lines: 3...5) == expected.replacingOccurrences(of: "/C/", with: "/\(commit)/"))
    }

    @Test(arguments: ["https://github.com.evil.example/acme/app", "https://example.com/acme/app", "git@github.com:acme/../app",
                      "https://github.com/acme", "https://github.com/acme/app/extra", "file:///srv/git/app.git",
                      "https://github.com/ac me/app", "/srv/git/app.git", "https://bitbucket.org/acme/app"])
    func otherRemotesMakeNoLinks(remote: String) {
        #expect(Permalinks(remote: remote, commit: String(repeating: "ab", count: 20)) == nil, "\(remote)")
    }

    // MARK: Rule set

    /// The hash is stable, and another rule set has another.
    @Test func theRuleSetHashNamesTheRulesThatRan() throws {
        let root = try TestSupport.makeTemporaryDirectory()
        defer { TestSupport.removeTree(root) }
        let rule = TestRule(id: "my-rule", pattern: "OllamaThing", files: ["python"], match: ["«OllamaThing»"], noMatch: ["x"])
        try TestSupport.writeTree(["app.py": "import ollama\n", "rules.yml": rule.file], under: root)
        func hash(_ extra: [String]) throws -> String {
            let md = try scan([".", "--format", "markdown"] + extra, in: root).stdout
            let line = try #require(md.split(separator: "\n").first { $0.hasPrefix("| Rule set |") })
            return String(line)
        }
        let plain = try hash([])
        #expect(plain == (try hash([])))
        #expect(plain != (try hash(["--rules", "rules.yml"])))
        #expect(plain.contains("hash `fnv1a64:"))
    }
}
