import AuditTestSupport
import Engine
import Foundation
import Model
@testable import OllamaAuditCore
import Rules
import Testing

/// Names bound to an Ollama base URL (`bind: {kind: base-url}`): the paths put after them,
/// HTTP clients built on them, URL helpers that join them with a parameter, and bases built
/// from a port constant.
@Suite struct BaseURLFlowTests: FlowSuite {
    @Test func pathsAfterABaseAreItsEndpoints() throws {
        // No "ollama" and no /api/ on the lines that call it: only the binding tells.
        let result = try scan(["models.ts": """
            let server = import.meta.env.VITE_OLLAMA_URL ?? 'http://localhost:11434/api'
            const other = 'https://helpdesk.example.com'
            export const pull = (name: string) => fetch(`${server}/pull`, { method: 'POST', body: name })
            export const help = (q: string) => fetch(`${other}/chat`, { method: 'POST', body: q })
            export const health = () => fetch(`${server}/health`)
            """])
        let found = derived(result)
        #expect(found["models.ts:3"] == .medium, "pull is model administration")
        #expect(found["models.ts:4"] == nil, "a helpdesk's /chat is not Ollama's")
        #expect(found["models.ts:5"] == nil, "not an Ollama endpoint")
    }

    @Test func anHTTPClientOnTheBaseCallsItsEndpoints() throws {
        let result = try scan(["svc.py": """
            import os
            import httpx
            BASE = os.getenv("OLLAMA_BASE_URL")
            SEARCH = "https://search.example.com"
            def go(prompt):
                with httpx.Client(base_url=BASE) as c:
                    c.post("/api/generate", json={"prompt": prompt})
                    c.get("/api/tags")
            def other():
                s = httpx.Client(base_url=SEARCH)
                return s.post("/api/chat")
            """, "web.ts": """
            import axios from 'axios'
            const api = axios.create({ baseURL: 'http://127.0.0.1:11434/api' })
            export const models = () => api.get('/tags')
            export const embed = (input: string) => api.post<Reply>('/embed', { input })
            """])
        let found = derived(result)
        #expect(found["svc.py:7"] == .critical)
        #expect(best(result)["svc.py:8"] == .medium, "found by ollama-api-management too: the file names OLLAMA_")
        #expect(found["svc.py:11"] == nil, "a client on another service's base")
        #expect(found["web.ts:3"] == .medium)
        #expect(found["web.ts:4"] == .critical)
    }

    @Test func aURLHelperMakesItsCallsEndpointCalls() throws {
        let result = try scan(["api.ts": """
            const getUrl = (path: string) => {
              if (import.meta.env.DEV) {
                return `/api${path}`
              }
              return `${base.value || 'http://localhost:11434/api'}${path}`
            }
            export const chat = (b: string) => fetch(getUrl('/chat'), { method: 'POST', body: b })
            export const tags = () => fetch(getUrl('/tags'))
            export const health = () => fetch(getUrl('/health'))
            """, "routes.ts": """
            const appUrl = (path: string) => `/api${path}`
            export const tags = () => fetch(appUrl('/tags'))
            """])
        let found = derived(result)
        #expect(found["api.ts:3"] == .critical, "the dev-mode branch goes to Ollama through the proxy")
        #expect(found["api.ts:5"] == .critical)
        #expect(found["api.ts:7"] == .critical)
        #expect(found["api.ts:8"] == .medium)
        #expect(found["api.ts:9"] == nil)
        #expect(found["routes.ts:1"] == nil && found["routes.ts:2"] == nil, "the app's own routes")
    }

    @Test func aSplitPathTakesItsEndpointFromTheCallers() throws {
        let result = try scan(["client.ts": """
            // Ollama
            export class Api {
              protected async request<T>(endpoint: string, body: object): Promise<T> {
                const url = `${this.config.host}/api/${endpoint}`
                return (await fetch(url, { method: 'POST', body: JSON.stringify(body) })).json()
              }
              chat(body: object) { return this.request<ChatReply>('chat', body) }
              pull(body: object) { return this.request('pull', body) }
              stats(body: object) { return this.request('stats', body) }
            }
            """, "raw.py": """
            # ollama
            import requests
            def call(base, endpoint, body):
                return requests.post(f"{base}/api/{endpoint}", json=body)
            def embed(text):
                return call(HOST, "embeddings", {"prompt": text})
            """])
        let found = derived(result)
        #expect(found["client.ts:4"] == .critical, "the URL line, at its callers' highest endpoint")
        #expect(found["client.ts:7"] == .critical)
        #expect(found["client.ts:8"] == .medium)
        #expect(found["client.ts:9"] == nil)
        #expect(found["raw.py:6"] == .critical, "the endpoint is the second argument")
    }

    @Test func aPortConstantBuildsABaseAcrossFiles() throws {
        let result = try scan([
            "src/constant.ts": "export const defaultPort = '11434'\nexport const defaultHost = `http://127.0.0.1:${defaultPort}`\n",
            "src/status.ts": "import { defaultHost } from './constant'\nexport const ps = () => fetch(`${defaultHost}/api/ps`)\n",
        ])
        let found = derived(result)
        #expect(found["src/constant.ts:2"] == .high, "a default base URL with no 11434 on its line")
        #expect(found["src/status.ts:1"] == .medium)
        #expect(found["src/status.ts:2"] == .medium)
    }

    @Test func aURLHelperIsFollowedIntoItsImporters() throws {
        let result = try scan([
            "src/urls.ts": "export const serverUrl = (path: string) => `http://localhost:11434/api${path}`\n",
            "src/chat.ts": "import { serverUrl } from './urls'\nexport const send = (b: string) => fetch(serverUrl('/chat'), { body: b })\n",
            "src/other.ts": "import Urls from './urls'\nexport const send = (b: string) => fetch(Urls('/chat'), { body: b })\n",
        ])
        let found = derived(result)
        #expect(found["src/chat.ts:1"] == .medium)
        #expect(found["src/chat.ts:2"] == .critical)
        #expect(found["src/other.ts:2"] == nil, "a default import is the module's default export, not its helper")
    }

    @Test func baseURLFindingsDoNotDependOnTheThreadCount() throws {
        var files: [String: String] = ["src/constant.ts": "export const API = 'http://127.0.0.1:11434/api'\n"]
        for i in 0..<16 {
            files["src/s\(i).ts"] = "import { API } from './constant'\nexport const c = () => fetch(`${API}/chat`)\n"
        }
        let one = try scan(files, threads: 1)
        let four = try scan(files, threads: 4)
        #expect(one.findings == four.findings)
        #expect(one.findings.filter { !$0.via.isEmpty }.count >= 32)
    }
}
