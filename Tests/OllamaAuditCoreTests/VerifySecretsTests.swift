import AuditTestSupport
import Foundation
@testable import OllamaAuditCore
import Testing
import Verify

/// No secret, nor any part of one, leaves `verify`. A server can echo the
/// credentials it was sent; what it echoes is redacted whole before any excerpt is cut.
@Suite struct VerifySecretsTests {
    static let key = "sk-SECRET-0123456789abcdef"

    func verifier(_ answers: [String: (Int, String)], endpoint: String = "http://h:8000/v1", key: String? = key)
        -> Verifier {
        var request = VerifyRequest(endpoint: URL(string: endpoint)!)
        request.apiKey = key
        return Verifier(request, transport: VerifyUnitTests.TableTransport(answers: answers))
    }

    /// No six-character prefix of any of `secrets` is in `text` (longer prefixes hold it).
    func expectNoPrefix(of secrets: [String], in text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in secrets {
            #expect(!text.contains(secret.prefix(6)), "'\(secret.prefix(6))' printed: \(text)", sourceLocation: sourceLocation)
        }
    }

    @Test func theBasicHeaderValueOfTheURLCredentialsIsASecret() {
        let redact = Redactor(apiKey: nil, endpoint: URL(string: "http://alice:p%40ss%2Fw@h/v1"))
        let basic = Data("alice:p@ss/w".utf8).base64EncodedString()
        let encoded = Data("alice:p%40ss%2Fw".utf8).base64EncodedString()
        #expect(redact.secrets.contains(basic) && redact.secrets.contains(encoded))
        #expect(redact("Authorization: Basic \(basic)") == "Authorization: Basic [REDACTED]")
        // As a JSON writer that escapes '/' would send it back.
        let slashed = Data("alice:p??".utf8).base64EncodedString()
        let withSlash = Redactor(apiKey: nil, endpoint: URL(string: "http://alice:p%3F%3F@h/v1"))
        #expect(slashed == "YWxpY2U6cD8/")
        #expect(withSlash(slashed.replacingOccurrences(of: "/", with: "\\/")) == "[REDACTED]")
    }

    /// 0.1.0 cut the message at 120 characters and then redacted, leaving `Bearer sk-SECRE`.
    @Test func anErrorMessageIsRedactedBeforeItIsCut() {
        let echoed = String(repeating: ".", count: 90) + "Authorization: Bearer \(Self.key)"
        let document = try! JSONSerialization.data(withJSONObject: ["message": echoed])
        let check = verifier(["/v1/models": (200, #"{"object":"list","data":[{"id":"m"}]}"#),
                              "/v1/chat/completions": (500, String(decoding: document, as: UTF8.self))])
            .completion(model: "m")
        #expect(check.summary.contains("Authorization: Bearer [REDAC"), "\(check.summary)")
        expectNoPrefix(of: [Self.key], in: check.summary)
    }

    @Test func aMalformedBodyIsRedactedBeforeItIsCut() {
        let body = String(repeating: "x", count: 100) + " Bearer \(Self.key)"
        let check = verifier(["/v1/models": (200, #"{"object":"list","data":[{"id":"m"}]}"#),
                              "/v1/chat/completions": (200, body)])
            .completion(model: "m")
        #expect(check.summary.contains("malformed response"), "\(check.summary)")
        expectNoPrefix(of: [Self.key], in: check.summary)
    }

    @Test func aStreamEventThatIsNotAChunkIsRedactedBeforeItIsCut() {
        var transport = VerifyUnitTests.TableTransport(answers: [
            "/v1/chat/completions": (200, "data: " + String(repeating: "y", count: 110) + Self.key + "\n\n"),
        ])
        transport.contentType = "text/event-stream"
        var request = VerifyRequest(endpoint: URL(string: "http://h:8000/v1")!)
        request.apiKey = Self.key
        guard case let .failure(failure) = Verifier(request, transport: transport).stream(model: "m", prompt: "p") else {
            Issue.record("a stream of a non-chunk event passed")
            return
        }
        #expect(failure.message.contains("an event is not a chat.completion.chunk"), "\(failure.message)")
        expectNoPrefix(of: [Self.key], in: failure.message)
    }

    /// Without --model the report names the server's first model, which a hostile server can
    /// make the key itself.
    @Test func aModelIdFromTheServerIsRedacted() throws {
        var scan = ScanRequest()
        scan.paths = [TestSupport.fixture("clean-project")]
        var request = try Pipeline.verifyRequest(endpoint: URL(string: "http://h:8000/v1")!, scan: scan)
        request.apiKey = Self.key
        request.searchPath = ""
        let transport = VerifyUnitTests.TableTransport(answers: [
            "/health": (200, ""),
            "/v1/models": (200, #"{"object":"list","data":[{"id":"Bearer \#(Self.key)"}]}"#),
        ])
        let report = try Verifier(request, transport: transport).run()
        for format in VerifyFormat.allCases {
            let text = format.render(report)
            #expect(text.contains("[REDACTED]"), "\(format): \(text)")
            expectNoPrefix(of: [Self.key], in: text)
        }
    }
}
