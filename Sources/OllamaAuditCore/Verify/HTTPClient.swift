import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP request as `verify` sends it.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: [String: String]
    public var body: Data?
    /// Seconds the whole exchange may take, headers and body.
    public var timeout: Double

    public init(method: String = "GET", url: URL, headers: [String: String] = [:], body: Data? = nil, timeout: Double) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: Data
    /// The URL that answered, after redirects.
    public var url: URL
    /// Seconds from sending to the first body bytes (nil: an empty body).
    public var firstByte: Double?
    /// Seconds from sending to the end of the body.
    public var total: Double

    public init(status: Int, headers: [String: String] = [:], body: Data, url: URL, firstByte: Double? = nil, total: Double = 0) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
        self.firstByte = firstByte
        self.total = total
    }
}

/// Why a request got no HTTP answer at all.
public enum HTTPFailure: Error, Sendable, Equatable {
    case connectionRefused
    case hostNotFound
    case tls(String)
    case timeout(Double)
    case tooManyRedirects
    case other(String)
}

/// What the checks send requests through: URLSession in the tool, a stub in unit tests.
/// `onData` sees each piece of the body as it arrives (for SSE); it runs on the transport's
/// own thread.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest, onData: (@Sendable (Data) -> Void)?) throws(HTTPFailure) -> HTTPResponse
}

/// Foundation's URLSession (libcurl underneath on Linux). One session per request, so a
/// request's delegate state is its own. Redirects are followed here (at most 5): 307 and 308
/// keep the method and body, 303 (and 301/302 after a POST) become a GET, and the
/// Authorization header goes only to the same scheme, host and port.
public struct URLSessionTransport: HTTPTransport {
    public static let maxRedirects = 5

    public init() {}

    public func send(_ request: HTTPRequest, onData: (@Sendable (Data) -> Void)?) throws(HTTPFailure) -> HTTPResponse {
        var current = request
        for _ in 0...Self.maxRedirects {
            let response = try once(current, onData: onData)
            guard [301, 302, 303, 307, 308].contains(response.status), let location = response.headers["location"],
                  let next = URL(string: location, relativeTo: current.url)?.absoluteURL else { return response }
            let sameOrigin = next.scheme == current.url.scheme && next.host == current.url.host && next.port == current.url.port
            if !sameOrigin { current.headers = current.headers.filter { $0.key.lowercased() != "authorization" } }
            if response.status == 303 || ([301, 302].contains(response.status) && current.method == "POST") {
                current.method = "GET"
                current.body = nil
            }
            current.url = next
        }
        throw .tooManyRedirects
    }

    private func once(_ request: HTTPRequest, onData: (@Sendable (Data) -> Void)?) throws(HTTPFailure) -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = request.body
        urlRequest.timeoutInterval = request.timeout
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = request.timeout
        configuration.timeoutIntervalForResource = request.timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalAndRemoteCacheData
        let state = TaskState(original: request, onData: onData)
        let session = URLSession(configuration: configuration, delegate: state, delegateQueue: nil)
        let task = session.dataTask(with: urlRequest)
        state.start = DispatchTime.now()
        task.resume()
        // URLSession's own timeouts answer first; this bound only guards against a lost callback.
        let finished = state.done.wait(timeout: .now() + request.timeout + 2)
        if finished == .timedOut {
            task.cancel()
            session.invalidateAndCancel()
            throw .timeout(request.timeout)
        }
        session.finishTasksAndInvalidate()
        return try state.result(timeout: request.timeout)
    }
}

private final class TaskState: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let original: HTTPRequest
    let onData: (@Sendable (Data) -> Void)?
    let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    var start = DispatchTime.now()
    private var body = Data()
    private var response: HTTPURLResponse?
    private var error: Error?
    private var firstByte: Double?
    private var end: Double = 0

    init(original: HTTPRequest, onData: (@Sendable (Data) -> Void)?) {
        self.original = original
        self.onData = onData
    }

    private func elapsed() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        lock.withLock { self.response = response as? HTTPURLResponse }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let now = elapsed()
        let redirect: Bool = lock.withLock {
            if firstByte == nil, !data.isEmpty { firstByte = now }
            body.append(data)
            return (300..<400).contains(response?.statusCode ?? 0)
        }
        if !redirect { onData?(data) }
    }

    /// Redirects come back to `send` as responses, which follows them itself: libcurl's
    /// URLSession drops a POST body on a 307, and the Authorization rule is ours to keep.
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        let now = elapsed()
        lock.withLock {
            self.error = error
            end = now
        }
        done.signal()
    }

    func result(timeout: Double) throws(HTTPFailure) -> HTTPResponse {
        lock.lock()
        defer { lock.unlock() }
        if let error { throw Self.failure(error, timeout: timeout) }
        guard let response else { throw .other("no HTTP response") }
        var headers: [String: String] = [:]
        for (key, value) in response.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        return HTTPResponse(status: response.statusCode, headers: headers, body: body,
                            url: response.url ?? original.url, firstByte: firstByte, total: end)
    }

    static func failure(_ error: Error, timeout: Double) -> HTTPFailure {
        let ns = error as NSError
        guard ns.domain == NSURLErrorDomain else { return .other(ns.localizedDescription) }
        switch URLError.Code(rawValue: ns.code) {
        case .cannotConnectToHost:
            return .connectionRefused
        case .cannotFindHost, .dnsLookupFailed:
            return .hostNotFound
        case .timedOut:
            return .timeout(timeout)
        case .httpTooManyRedirects:
            return .tooManyRedirects
        case .secureConnectionFailed, .serverCertificateHasBadDate, .serverCertificateUntrusted,
             .serverCertificateHasUnknownRoot, .serverCertificateNotYetValid, .clientCertificateRejected,
             .clientCertificateRequired:
            return .tls(ns.localizedDescription)
        default:
            // libcurl's TLS errors arrive as an unknown URLError carrying OpenSSL's text.
            let text = ns.localizedDescription
            if ["SSL", "TLS", "certificate"].contains(where: { text.contains($0) }) { return .tls(text) }
            return .other("\(text) (URLError \(ns.code))")
        }
    }
}
