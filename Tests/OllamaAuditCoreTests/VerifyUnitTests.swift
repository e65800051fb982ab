import Foundation
import Model
import Platform
import Policy
import Testing
import Verify

/// SSE framing, redaction and percentiles, without a server.
@Suite struct VerifyUnitTests {
    @Test func sseEventsSurviveAnySplit() throws {
        let stream = ": comment\r\n\r\ndata: {\"a\":1}\r\n\r\nevent: x\nid: 7\ndata: line one\ndata:line two\n\n"
            + "data\n\ndata: [DONE]\r\r"
        let expected = ["{\"a\":1}", "line one\nline two", "", "[DONE]"]
        let bytes = Array(stream.utf8)
        for size in [1, 2, 3, 7, bytes.count] {
            var parser = SSEParser()
            var events: [String] = []
            var i = 0
            while i < bytes.count {
                events += try parser.feed(Data(bytes[i..<min(i + size, bytes.count)]))
                i += size
            }
            #expect(events == expected, "chunks of \(size)")
        }
    }

    @Test func sseDropsAnUnterminatedEvent() throws {
        var parser = SSEParser()
        #expect(try parser.feed(Data("data: partial".utf8)).isEmpty)
        parser.finish()
        #expect(try parser.feed(Data("\n".utf8)).isEmpty)
    }

    @Test func urlPasswordsAndKeysAreRedacted() throws {
        #expect(Redactor.url("https://me:s3cret@host:8000/v1") == "https://me:***@host:8000/v1")
        #expect(Redactor.url("http://host:8000/v1?x=a:b@c") == "http://host:8000/v1?x=a:b@c")
        #expect(Redactor.url("http://me@host/v1") == "http://me@host/v1")
        let redact = Redactor(apiKey: "sk-123", endpoint: URL(string: "http://u:p%40ss@h/v1"))
        #expect(redact("key sk-123, pass p@ss and p%40ss") == "key [REDACTED], pass [REDACTED] and [REDACTED]")
    }

    @Test func percentilesAreNearestRank() {
        let values = [0.1, 0.2, 0.3, 0.4]
        #expect(Verifier.percentile(values, 50) == 0.2)
        #expect(Verifier.percentile(values, 95) == 0.4)
        #expect(Verifier.percentile([0.5], 95) == 0.5)
    }

    @Test func gpuOutputIsParsedPerGPU() throws {
        let readings = try #require(GPUSampler.parse("75, 4000, 16000\n 5 , 8000 , 16000 \n"))
        #expect(readings.map(\.0) == [75, 5] && readings.map(\.1) == [25, 50])
        #expect(GPUSampler.parse("[N/A], 1, 2\n") == nil)
        #expect(GPUSampler.parse("") == nil)
    }

    @Test func verifySettingsAreReadFromTheConfig() throws {
        let config = try AuditConfig.parse("verify:\n  simple-seconds: 2.5\n  concurrency: 5\n  gpu-min-utilisation: 40\n",
                                           path: "c.yml")
        let settings = try VerifySettings(config)
        #expect(settings.simpleSeconds == 2.5 && settings.concurrency == 5 && settings.gpuMinUtilisation == 40)
        #expect(settings.complexSeconds == 10 && settings.concurrentSeconds == 15 && settings.gpuMaxMemory == 90)
        for bad in ["concurrency: 0", "simple-seconds: -1", "simple-seconds: fast"] {
            #expect(throws: AuditError.self) { try VerifySettings(AuditConfig.parse("verify:\n  \(bad)\n", path: "c.yml")) }
        }
    }

    /// A transport answering from a table, so checks run without a server.
    struct TableTransport: HTTPTransport {
        let answers: [String: (Int, String)]
        var contentType = "application/json"
        func send(_ request: HTTPRequest, onData: (@Sendable (Data) -> Bool)?) throws(HTTPFailure) -> HTTPResponse {
            guard let (status, body) = answers[request.url.path] else { throw .connectionRefused }
            _ = onData?(Data(body.utf8))
            return HTTPResponse(status: status, headers: ["content-type": contentType], body: Data(body.utf8),
                                url: request.url)
        }
    }

    @Test func aCompletion404NamesTheModelAndTheServedList() {
        let transport = TableTransport(answers: [
            "/v1/models": (200, #"{"object":"list","data":[{"id":"a/served","object":"model"}]}"#),
            "/v1/chat/completions": (404, #"{"object":"error","message":"The model `x/gone` does not exist.","code":404}"#),
        ])
        let verifier = Verifier(VerifyRequest(endpoint: URL(string: "http://h:8000/v1")!), transport: transport)
        let result = verifier.completion(model: "x/gone")
        #expect(result.status == .fail)
        #expect(result.summary == "POST http://h:8000/v1/chat/completions: 404: the model 'x/gone' is not served; the "
            + "server serves: a/served. Pass --model with one of them, or start vLLM with `vllm serve x/gone`")
    }

    @Test func aStreamWithoutDoneIsMalformed() {
        var transport = TableTransport(answers: [
            "/v1/chat/completions": (200, "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\n"),
        ])
        transport.contentType = "text/event-stream"
        let verifier = Verifier(VerifyRequest(endpoint: URL(string: "http://h:8000/v1")!), transport: transport)
        guard case let .failure(failure) = verifier.stream(model: "m", prompt: "p") else {
            Issue.record("a stream without [DONE] passed")
            return
        }
        #expect(failure.message.contains("malformed response: the stream ended without `data: [DONE]`"), "\(failure.message)")
        transport.contentType = "application/json"
        let verifier2 = Verifier(VerifyRequest(endpoint: URL(string: "http://h:8000/v1")!), transport: transport)
        guard case let .failure(wrongType) = verifier2.stream(model: "m", prompt: "p") else {
            Issue.record("a stream sent as JSON passed")
            return
        }
        #expect(wrongType.message.contains("a streamed completion must be text/event-stream, got 'application/json'"))
    }
}

/// The SSE parser holds at most `maxEventBytes` of one event.
@Suite struct SSELimitTests {
    @Test func aLineThatNeverEndsStopsAtTheCap() {
        var parser = SSEParser(maxEventBytes: 1024)
        #expect(throws: SSEParser.Overflow(limit: 1024)) {
            for _ in 0..<100 { _ = try parser.feed(Data("data: ".utf8) + Data(repeating: 0x78, count: 100)) }
        }
    }

    @Test func anEventThatNeverEndsStopsAtTheCap() {
        var parser = SSEParser(maxEventBytes: 1024)
        #expect(throws: SSEParser.Overflow(limit: 1024)) {
            for _ in 0..<100 { _ = try parser.feed(Data("data: \(String(repeating: "x", count: 50))\n".utf8)) }
        }
    }

    @Test func theCapIsPerEvent() throws {
        var parser = SSEParser(maxEventBytes: 1024)
        let event = "data: \(String(repeating: "x", count: 900))\n\n"
        var count = 0
        for _ in 0..<100 { count += try parser.feed(Data(event.utf8)).count }
        #expect(count == 100)
    }
}
