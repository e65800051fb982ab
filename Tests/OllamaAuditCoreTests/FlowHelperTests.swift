import AuditTestSupport
import Engine
import Foundation
import Model
@testable import OllamaAuditCore
import Rules
import Testing

/// Code that depends on Ollama through local functions and error handling: helpers (a
/// function whose body makes a request) and their callers, handlers of a `try` around a
/// request, caught Ollama errors, the model passed to a client factory, and a client used
/// only for administration.
@Suite struct FlowHelperTests: FlowSuite {
    @Test func aFunctionThatCallsOllamaIsAHelperAndItsCallsAreFindings() throws {
        let result = try scan(["models.py": """
            import ollama
            def fetch(name):
                for part in ollama.pull(name, stream=True):
                    print(part)
            def ask(text):
                return ollama.chat(model="m", messages=[{"role": "user", "content": text}])
            def serve():
                fetch("m")
                print(ask("hi"))
            if __name__ == "__main__":
                serve()
            """])
        let found = best(result)
        #expect(found["models.py:2"] == .medium, "def of a function that pulls")
        #expect(found["models.py:5"] == .medium, "def of a function that chats")
        #expect(found["models.py:7"] == .medium, "a function that calls helpers (depth 2)")
        #expect(found["models.py:8"] == .medium, "a call of the pull helper")
        #expect(found["models.py:9"] == .medium, "a call of the chat helper")
        #expect(found["models.py:11"] == .medium, "a call of the depth-2 helper")
        let via = try #require(result.findings.first { $0.start.line == 8 && $0.message.contains("fetch") }?.via)
        #expect(via.first?.kind == "definition" && via.first?.line == 2)
        #expect(via.dropFirst().first?.kind == "request" && via.dropFirst().first?.line == 3)
    }

    @Test func aMentionMakesNoHelper() throws {
        let result = try scan(["app.py": """
            import ollama
            def banner():
                # Ollama answers; ollama.chat is not called here.
                print("Served by Ollama: ollama.chat(model)")
            def main():
                banner()
            client = ollama.Client()
            """])
        let found = best(result)
        #expect((found["app.py:2"] ?? .low) == .low, "a comment and a string are no request")
        #expect((found["app.py:6"] ?? .low) == .low)
    }

    @Test func aRequestToTheRestAPIMakesAHelperAndAHostURLDoesNot() throws {
        let result = try scan(["rest.py": """
            import requests
            def generate(prompt):
                return requests.post(f"{OLLAMA_URL}/api/generate", json={"prompt": prompt})
            def service_url():
                return "http://ollama:8080"
            def run():
                generate("hi")
                service_url()
            """])
        let found = best(result)
        #expect(found["rest.py:2"] == .medium)
        #expect(found["rest.py:7"] == .medium)
        #expect(found["rest.py:4"] == nil, "a host URL is no request")
        #expect(found["rest.py:8"] == nil)
    }

    @Test func anEntryPointIsNoHelper() throws {
        let result = try scan(["run.py": """
            import ollama
            def main():
                print(ollama.chat(model="m", messages=[]))
            main()
            """])
        let found = best(result)
        #expect(found["run.py:2"] == nil, "main is the program")
        #expect(found["run.py:4"] == nil)
    }

    @Test func helpersAreFollowedTwoDeep() throws {
        let result = try scan(["chain.py": """
            from ollama import Client
            c = Client()
            def one():
                return c.chat(model="m", messages=[])
            def two():
                return one()
            def three():
                return two()
            def four():
                return three()
            """])
        let found = best(result)
        #expect(found["chain.py:3"] == .medium)
        #expect(found["chain.py:5"] == .medium, "calls a helper")
        #expect(found["chain.py:8"] == .medium, "a call of the depth-2 helper")
        #expect(found["chain.py:7"] == nil, "three calls Ollama only through two helpers")
        #expect(found["chain.py:10"] == nil)
    }

    @Test func methodsAreCalledThroughTheirReceiver() throws {
        let result = try scan(["repo.py": """
            from ollama import Client
            class Repo:
                def __init__(self):
                    self.client = Client()
                def models(self):
                    return self.client.list()
                def names(self):
                    return [m.model for m in self.models()]
            def models():
                return []
            """])
        let found = best(result)
        #expect(found["repo.py:5"] == .medium, "a method that lists models")
        #expect(found["repo.py:8"] == .medium, "self.models() is the helper")
        #expect(found["repo.py:9"] == nil, "a module function of the same name is another function")
    }

    @Test func handlersOfATryAroundAnOllamaCallAreFindings() throws {
        let result = try scan(["probe.py": """
            import json
            from langchain_ollama import ChatOllama
            def build(**kw):
                try:
                    return ChatOllama(**kw)
                except ConnectionError:
                    return None
                except (ValueError, TypeError) as exc:
                    raise exc
                finally:
                    pass
            def settings(path):
                try:
                    return json.load(open(path))
                except OSError:
                    return {}
            """])
        let found = best(result)
        #expect(found["probe.py:6"] == .medium, "Ollama down")
        #expect(found["probe.py:8"] == .medium, "the next handler of the same try")
        #expect(found["probe.py:10"] == nil)
        #expect(found["probe.py:15"] == nil, "no Ollama call in that try")
    }

    @Test func nestedTriesKeepTheirHandlers() throws {
        let result = try scan(["nested.py": """
            import ollama
            def go():
                try:
                    try:
                        ollama.list()
                    except KeyError:
                        pass
                    print("x")
                except OSError:
                    pass
            """])
        let found = best(result)
        #expect(found["nested.py:6"] == .medium, "the inner try holds the call")
        #expect(found["nested.py:9"] == .medium, "the outer try holds it too")
    }

    @Test func aCaughtOllamaErrorIsReadInOllamasShape() throws {
        let result = try scan(["err.py": """
            from ollama import ResponseError, pull
            def ensure(m):
                try:
                    pull(m)
                except ResponseError as e:
                    if e.status_code == 404:
                        print(e.error)
            """, "other.py": """
            from requests import ResponseError
            def get(u):
                try:
                    return fetch(u)
                except ResponseError as e:
                    return e.status_code
            """])
        let found = best(result)
        #expect(found["err.py:5"] == .medium)
        #expect(found["err.py:6"] == .medium)
        #expect(found["err.py:7"] == .medium)
        #expect(found["other.py:5"] == nil, "requests' ResponseError")
        #expect(found["other.py:6"] == nil)
    }

    @Test func theModelPassedToAClientFactoryIsAFinding() throws {
        let result = try scan(["llm.py": """
            from langchain_ollama import ChatOllama
            def make(**kw):
                return ChatOllama(**kw)
            def plain(**kw):
                return dict(**kw)
            A = make(
                model=NAME,
                other=dict(model="x"),
            )
            B = plain(
                model=NAME,
            )
            """])
        let found = best(result)
        #expect(found["llm.py:3"] == .critical)
        #expect(found["llm.py:2"] == .high, "a function that returns a client")
        #expect(found["llm.py:7"] == .medium)
        #expect(found["llm.py:8"] == nil, "a model= of a nested call")
        #expect(found["llm.py:11"] == nil, "not a client factory")
    }

    @Test func theModelFieldPassedToAJavaScriptClientFactoryIsAFinding() throws {
        let result = try scan(["llm.ts": """
            import { ChatOllama } from '@langchain/ollama'
            export function make(opts: object) {
              return new ChatOllama(opts)
            }
            export const llm = make({
              model: process.env.MODEL,
              extra: { model: 'x' },
            })
            """])
        let found = best(result)
        #expect(found["llm.ts:6"] == .medium)
        #expect(found["llm.ts:7"] == nil, "a field of a nested object")
    }

    @Test func aClientUsedOnlyForAdministrationIsMedium() throws {
        let admin = try scan(["admin.py": """
            from ollama import Client, chat
            c = Client(host=url)
            def check(m):
                c.list()
                chat(m)
            """])
        let found = best(admin)
        #expect(found["admin.py:1"] == .medium, "the import")
        #expect(found["admin.py:2"] == .medium, "the construction")
        #expect(found["admin.py:5"] == .medium, "chat with only the model is a probe")
        let inference = try scan(["chat.py": """
            from ollama import Client
            c = Client(host=url)
            def check(m):
                c.list()
                return c.chat(model=m, messages=[])
            """])
        let other = best(inference)
        #expect(other["chat.py:1"] == .critical)
        #expect(other["chat.py:2"] == .critical)
    }

    @Test func javaScriptHelpersAndCatches() throws {
        let result = try scan(["src/ollama.ts": """
            import { Ollama } from 'ollama'
            const ollama = new Ollama()
            export async function pullModel(name: string) {
              try {
                await ollama.pull({ model: name })
              } catch (e) {
                console.error(e)
              }
            }
            export function greet(u: string) {
              try {
                return u.trim()
              } catch (e) {
                return ''
              }
            }
            """, "src/page.ts": """
            import { pullModel, greet } from './ollama'
            export async function render() {
              await pullModel('m')
              greet('x')
            }
            """])
        let found = best(result)
        #expect(found["src/ollama.ts:3"] == .medium)
        #expect(found["src/ollama.ts:6"] == .medium)
        #expect(found["src/ollama.ts:10"] == nil)
        #expect(found["src/ollama.ts:13"] == nil)
        #expect(found["src/page.ts:1"] == .medium)
        #expect(found["src/page.ts:3"] == .medium)
        #expect(found["src/page.ts:4"] == nil)
    }

    @Test func derivedFindingsDoNotDependOnTheThreadCount() throws {
        var files: [String: String] = [:]
        for i in 0..<12 {
            files["pkg/m\(i).py"] = """
                from ollama import ResponseError, chat, pull
                def get\(i)(m):
                    try:
                        chat(m)
                    except ResponseError as e:
                        if e.status_code == 404:
                            pull(m)
                """
            files["pkg/use\(i).py"] = "from pkg.m\(i) import get\(i)\ndef run():\n    get\(i)('x')\n"
        }
        let one = try scan(files, threads: 1).findings.sorted(by: Finding.reportOrder)
        let four = try scan(files, threads: 4).findings.sorted(by: Finding.reportOrder)
        #expect(one == four)
        #expect(one.contains { $0.path == "pkg/use3.py" && $0.start.line == 3 && $0.priority == .medium })
    }
}
