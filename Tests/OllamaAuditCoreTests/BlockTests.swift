import AuditTestSupport
import Languages
import Model
import Testing

@Suite struct BlockTests {
    /// Each block of `text` lexed as a file called `name`: "kind qualified.name start-end".
    func blocks(_ text: String, _ name: String) -> [String] {
        BlockIndex(Array(text.utf8), types: FileType.types(ofFileNamed: name)).blocks.map {
            "\($0.kind) \($0.qualifiedName) \($0.startLine)-\($0.endLine)"
        }
    }

    /// The region around the first occurrence of `needle`: "kind name start-end", or nil.
    func region(of needle: String, in text: String, _ name: String) -> String? {
        let bytes = Array(text.utf8), word = Array(needle.utf8)
        guard let at = (0...(bytes.count - word.count)).first(where: { bytes[$0..<($0 + word.count)].elementsEqual(word) })
        else { return "no \(needle)" }
        return BlockIndex(bytes, types: FileType.types(ofFileNamed: name)).enclosing(offset: at).map {
            "\($0.kind) \($0.qualifiedName) \($0.startLine)-\($0.endLine)"
        }
    }

    @Test func pythonBlocksFollowIndentation() {
        let text = """
            import ollama

            class OllamaRepo:
                \"\"\"Wraps the client.

            def not_a_def(): a docstring line
                \"\"\"

                @retry(
                    times=3,
                )
                async def llm_chat(self, prompt):
                    s = "def fake(): {"
                    return await ollama.chat(
                model="x",
                    )

            # a comment at the margin
                def embed(self, text): return ollama.embed(text)

                class Inner:
                    def deep(self):
                        pass

            def helper(a,
                       b):
                x = 1  # trailing

            y = helper(1, 2)

            """
        #expect(blocks(text, "repo.py") == [
            "class OllamaRepo 3-23",
            "method OllamaRepo.llm_chat 9-16",
            "method OllamaRepo.embed 19-19",
            "class OllamaRepo.Inner 21-23",
            "method OllamaRepo.Inner.deep 22-23",
            "function helper 25-27",
        ])
        #expect(region(of: "model=", in: text, "repo.py") == "method OllamaRepo.llm_chat 9-16")
        #expect(region(of: "times=3", in: text, "repo.py") == "method OllamaRepo.llm_chat 9-16")
        #expect(region(of: "ollama.embed", in: text, "repo.py") == "method OllamaRepo.embed 19-19")
        #expect(region(of: "y = helper", in: text, "repo.py") == nil)
        #expect(region(of: "import", in: text, "repo.py") == nil)
    }

    @Test func pythonOneLineDefsAndTabs() {
        let text = "def a(): return 1\n# b's doc\ndef b():\n\tif x:\n\t\tpass\n\treturn 2\nclass C: pass\nz = 3\n"
            + "MODELS = {\n    \"chat\": \"llama3\",\n}\nONE = {\"a\": 1}\n"
        #expect(blocks(text, "m.py") == ["function a 1-1", "function b 2-6", "class C 7-7", "variable MODELS 9-11"])
    }

    @Test func scriptBlocksFollowBraces() {
        let text = """
            import { Ollama } from "ollama";
            const s = "function fake() {";
            // function commented() {
            export class ChatService extends Base {
              private client = new Ollama({ host: "x" });
              async chat(prompt: string): Promise<string> {
                if (prompt) {
                  return this.client.chat({ model: "m" });
                }
              }
              handle = async (req) => {
                return req;
              };
            }
            export async function generate(a, b = f("(")) {
              return `${a} { ${b}`;
            }
            export const stream = async (x: string): Promise<void> => {
              await fetch("/api/chat");
            };
            const api = {
              list: function () {
                return 1;
              },
              show(name) {
                return name;
              },
            };
            describe("x", () => {
              it("y", async () => {});
            });
            export const PROVIDERS = [
              { name: "ollama", url: "http://localhost:11434" },
            ];
            class Agent {
              #provider(config) {
                return "ollama";
              }
            }
            export interface Options<T> extends Base {
              num_ctx?: number;
            }
            type Reply = { done: boolean };
            const one = { a: 1 };
            """
        #expect(blocks(text, "a.ts") == [
            "class ChatService 3-14",
            "method ChatService.chat 6-10",
            "method ChatService.handle 11-13",
            "function generate 15-17",
            "function stream 18-20",
            "variable api 21-28",
            "function api.list 22-24",
            "method api.show 25-27",
            "variable PROVIDERS 32-34",
            "class Agent 35-39",
            "method Agent.#provider 36-38",
            "type Options 40-42",
            "type Reply 43-43",
        ])
        #expect(region(of: "this.client.chat", in: text, "a.ts") == "method ChatService.chat 6-10")
        // The comment line just above the class is its doc: the class starts there.
        #expect(region(of: "new Ollama", in: text, "a.ts") == "class ChatService 3-14")
        #expect(region(of: "/api/chat", in: text, "a.ts") == "function stream 18-20")
        #expect(region(of: "it(", in: text, "a.ts") == nil)
    }

    @Test func goFunctionsMethodsAndTypes() {
        let text = """
            package main

            type Client struct {
            \tURL string
            }

            func (c *Client) Chat(ctx context.Context, m []Msg) (map[string]interface{}, error) {
            \tif c == nil {
            \t\treturn nil, errors.New("}")
            \t}
            \treturn post(c.URL + "/api/chat")
            }

            func main() {
            \tgo func() {
            \t\tserve()
            \t}()
            }
            """
        #expect(blocks(text, "main.go") == ["type Client 3-5", "method Client.Chat 7-12", "function main 14-18"])
        #expect(region(of: "/api/chat", in: text, "main.go") == "method Client.Chat 7-12")
        #expect(region(of: "serve()", in: text, "main.go") == "function main 14-18")
    }

    @Test func javaAndKotlinMethods() {
        let java = """
            public class OllamaService {
                @Value("${ollama.url}")
                private String url;

                @Override
                public List<String> chat(String prompt) throws IOException {
                    if (prompt == null) {
                        return new ArrayList<>() { };
                    }
                    return client.post(url);
                }
            }
            """
        #expect(blocks(java, "A.java") == ["class OllamaService 1-12", "method OllamaService.chat 5-11"])
        let kotlin = """
            class OllamaClient(private val url: String) {
                suspend fun chat(prompt: String): String {
                    return post(url)
                }
            }
            fun main() = run { }
            """
        #expect(blocks(kotlin, "a.kt") == ["class OllamaClient 1-5", "method OllamaClient.chat 2-4"])
    }

    @Test func shellFunctions() {
        let text = "start_ollama() {\n  ollama serve &\n}\nfunction pull {\n  ollama pull x\n}\necho '{'\n"
        #expect(blocks(text, "run.sh") == ["function start_ollama 1-3", "function pull 4-6"])
    }

    @Test func yamlSectionsAreKeyPathsTwoDeep() {
        let text = """
            # stack: a comment just above a key opens its section
            services:
              ollama: &ollama-base
                image: ollama/ollama
                environment:
                  - OLLAMA_HOST=0.0.0.0
                command: |
                  serve:
              web:
                depends_on:
                - ollama
            volumes:
              ollama_data: {}
            ---
            jobs:
            - name: x
            """
        #expect(blocks(text, "docker-compose.yml") == [
            "section services 1-11", "section services.ollama 3-8", "section services.web 9-11",
            "section volumes 12-13", "section jobs 15-16",
        ])
        #expect(region(of: "OLLAMA_HOST", in: text, "docker-compose.yml") == "section services.ollama 3-8")
        #expect(region(of: "- ollama", in: text, "docker-compose.yml") == "section services.web 9-11")
    }

    @Test func markdownSectionsAreHeadings() {
        let text = "# Guide\n\nIntro.\n\n## [Install](https://x.y/(a)) ##\n\n```sh\n# not a heading\nollama pull x\n```\n\n## Use\nollama run\n\n# Other\n"
        #expect(blocks(text, "README.md") == ["section Guide 1-13", "section Install 5-10", "section Use 12-13", "section Other 15-15"])
        #expect(region(of: "ollama pull", in: text, "README.md") == "section Install 5-10")
    }

    @Test func languagesWithoutBlocksHaveNone() {
        #expect(blocks("[ollama]\nhost = \"x\"\n", "a.toml") == [])
        #expect(blocks("{\"a\": {\"b\": 1}}", "a.json") == [])
        // A lockfile is YAML too, but its sections name nothing a migration edits.
        #expect(blocks("packages:\n  ollama@0.5.0:\n    resolution: x\n", "pnpm-lock.yaml") == [])
        #expect(blocks("packages:\n  ollama@0.5.0:\n    resolution: x\n", "other.yaml") == ["section packages 1-3", "section packages.ollama@0.5.0 2-3"])
    }

    /// Whatever the text, every language's blocks are well formed: sorted by start, each
    /// inside its parent, lines in order, and `enclosing` gives the innermost block holding
    /// an offset, as a scan over all of them does.
    @Test(arguments: LanguageRegistry.standard.languages.filter { $0.syntax.blocks != nil }.map(\.name))
    func blocksAreWellFormedOnAnyText(language: String) throws {
        let type = try #require(LanguageRegistry.standard.type(named: language))
        let pieces = ["def f(x):", "class C:", "function g(a) {", "x => {", "const h = () => {", "func (r *T) M() {",
                      "fun k() {", "void m() {", "\nfunc F() {", "\ns() {", "a:", "- b", "# H", "## I", "@d", "\"", "'", "`", "{", "}", "(", ")",
                      "\n", "\n", "\n    ", "\n  ", " ", "#", "//", "/*", "*/", "\"\"\"", "```"]
        var random = SplitMix64(seed: 15)
        var found = 0
        for _ in 0..<150 {
            let text = Array((0..<Int.random(in: 0...40, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined().utf8)
            let index = BlockIndex(text, types: FileTypeSet([type]))
            found += index.blocks.count
            for (i, block) in index.blocks.enumerated() {
                #expect(block.bytes.lowerBound >= 0 && block.bytes.upperBound <= text.count)
                #expect(block.startLine <= block.endLine)
                if i > 0 { #expect(index.blocks[i - 1].bytes.lowerBound <= block.bytes.lowerBound) }
                if let parent = block.parent {
                    #expect(parent < i)
                    #expect(index.blocks[parent].bytes.lowerBound <= block.bytes.lowerBound
                            && block.bytes.upperBound <= index.blocks[parent].bytes.upperBound, "\(language): \(String(decoding: text, as: UTF8.self))")
                }
            }
            for offset in 0..<text.count {
                let innermost = index.blocks.filter { $0.bytes.contains(offset) }.max { $0.bytes.count > $1.bytes.count }
                #expect(index.enclosing(offset: offset) == innermost, "\(language) at \(offset): \(String(decoding: text, as: UTF8.self))")
            }
        }
        #expect(found > 0, "no \(language) text made a block: the check saw nothing")
    }
}
