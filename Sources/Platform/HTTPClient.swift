import CCurl
import Foundation

/// One HTTP request as `verify` sends it.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: [String: String]
    public var body: Data?
    /// Seconds the whole exchange may take, headers and body.
    public var timeout: Double
    /// Bytes of response body read at most: past it the transfer is aborted with
    /// `.bodyTooLarge`, so a hostile or misdirected server cannot fill memory.
    public var maxBody: Int

    /// No answer `verify` reads comes near this (a model list of hundreds of ids is some KiB;
    /// a 32-token stream, some KiB), and holding it costs little.
    public static let defaultMaxBody = 4 << 20

    public init(method: String = "GET", url: URL, headers: [String: String] = [:], body: Data? = nil, timeout: Double,
                maxBody: Int = HTTPRequest.defaultMaxBody) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maxBody = maxBody
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
    /// The body passed `HTTPRequest.maxBody` (the cap, in bytes); reading stopped there.
    case bodyTooLarge(Int)
    case other(String)
}

/// What the checks send requests through: libcurl in the tool, a stub in unit tests.
/// `onData` sees each piece of the body as it arrives (for SSE), on the calling thread. When
/// it returns false the transport stops reading and returns the answer so far, so a reader
/// that has seen enough (or too much) need not wait for the timeout.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest, onData: (@Sendable (Data) -> Bool)?) throws(HTTPFailure) -> HTTPResponse
}

/// libcurl's easy interface, one handle per request, blocking the calling thread.
///
/// Not URLSession: on Linux it hands each piece of a body to the delegate through an
/// operation queue and handles `cancel()` on the queue that is busy reading, so a fast
/// server's body piles up in memory past any cap before the cancellation lands (a 256 MB
/// /health body peaked at 280 MB). libcurl's write callback runs in line with the read, and
/// returning short from it ends the transfer there.
///
/// Redirects are followed here (at most 5, http and https only): 307 and 308 keep the method
/// and body, 303 (and 301/302 after a POST) become a GET, and the Authorization header goes
/// only to the same scheme, host and port. No Accept-Encoding is sent, so the cap counts the
/// bytes as they are read, not what they would inflate to.
public struct CurlTransport: HTTPTransport {
    public static let maxRedirects = 5

    /// curl_global_init, once, before any handle; Swift runs a static's initialiser once.
    private static let initialised: Bool = ccurl_global_init() == CURLE_OK

    public init() {}

    public func send(_ request: HTTPRequest, onData: (@Sendable (Data) -> Bool)?) throws(HTTPFailure) -> HTTPResponse {
        var current = request
        for _ in 0...Self.maxRedirects {
            let response = try once(current, onData: onData)
            guard [301, 302, 303, 307, 308].contains(response.status), let location = response.headers["location"],
                  let next = URL(string: location, relativeTo: current.url)?.absoluteURL,
                  let scheme = next.scheme?.lowercased(), ["http", "https"].contains(scheme) else { return response }
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

    private func once(_ request: HTTPRequest, onData: (@Sendable (Data) -> Bool)?) throws(HTTPFailure) -> HTTPResponse {
        // libcurl speaks many protocols; a redirect's Location is checked in `send`, and this
        // holds for every request (CURLOPT_PROTOCOLS_STR is newer than some supported libcurls).
        guard let scheme = request.url.scheme?.lowercased(), ["http", "https"].contains(scheme) else {
            throw .other("'\(request.url.scheme ?? "")' is not http or https")
        }
        guard Self.initialised, let handle = curl_easy_init() else { throw .other("libcurl could not start a transfer") }
        defer { curl_easy_cleanup(handle) }
        let transfer = Transfer(request: request, onData: onData)
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        var errorText = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        // No `Expect: 100-continue` round trip before a POST body.
        headerList = curl_slist_append(headerList, "Expect:")

        let code: CURLcode = withExtendedLifetime(transfer) {
            errorText.withUnsafeMutableBufferPointer { errorBuffer in
                ccurl_setopt_string(handle, CURLOPT_URL, request.url.absoluteString)
                ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)  // no SIGALRM: the checks run on several threads
                ccurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
                // At least 1 ms: 0 would mean no timeout at all.
                ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(min(max(request.timeout * 1000, 1), Double(Int32.max))))
                ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)
                ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer.baseAddress)
                ccurl_setopt_callback(handle, CURLOPT_WRITEFUNCTION, { pointer, size, count, context in
                    Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue().receive(pointer, size * count)
                })
                ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
                ccurl_setopt_callback(handle, CURLOPT_HEADERFUNCTION, { pointer, size, count, context in
                    Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue().header(pointer, size * count)
                })
                ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
                if let body = request.body {
                    ccurl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count)
                    // COPYPOSTFIELDS copies, so the bytes need not outlive this call.
                    if body.isEmpty {
                        ccurl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, "")
                    } else {
                        _ = body.withUnsafeBytes { bytes in
                            ccurl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                        }
                    }
                }
                if request.method != (request.body == nil ? "GET" : "POST") {
                    ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
                }
                transfer.start = DispatchTime.now()
                return curl_easy_perform(handle)
            }
        }
        let end = transfer.elapsed()
        if transfer.tooLarge { throw .bodyTooLarge(request.maxBody) }
        if code != CURLE_OK, !(code == CURLE_WRITE_ERROR && transfer.stopped) {
            let detail = errorText.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw Self.failure(code, detail: detail, timeout: request.timeout)
        }
        return HTTPResponse(status: ccurl_response_code(handle), headers: transfer.headers, body: transfer.body,
                            url: request.url, firstByte: transfer.firstByte, total: end)
    }

    package static func failure(_ code: CURLcode, detail: String, timeout: Double) -> HTTPFailure {
        let text = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        switch code {
        case CURLE_COULDNT_CONNECT:
            return .connectionRefused
        case CURLE_COULDNT_RESOLVE_HOST:
            return .hostNotFound
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout(timeout)
        case CURLE_TOO_MANY_REDIRECTS:
            return .tooManyRedirects
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_ENGINE_NOTFOUND,
             CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_USE_SSL_FAILED, CURLE_SSL_CLIENTCERT:
            return .tls(text)
        default:
            return .other("\(text) (curl error \(code.rawValue))")
        }
    }
}

/// One transfer's state, which libcurl's callbacks reach through their context pointer. Only
/// the thread in `curl_easy_perform` touches it until that returns.
private final class Transfer {
    let request: HTTPRequest
    let onData: (@Sendable (Data) -> Bool)?
    var start = DispatchTime.now()
    var body = Data()
    var headers: [String: String] = [:]
    var firstByte: Double?
    /// The body passed the cap: the transfer was ended for it.
    var tooLarge = false
    /// The reader asked to stop: the write error that follows is the answer's end.
    var stopped = false
    private var status = 0

    init(request: HTTPRequest, onData: (@Sendable (Data) -> Bool)?) {
        self.request = request
        self.onData = onData
    }

    func elapsed() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// A header line. A status line starts a response (an interim 1xx, or a redirect's).
    func header(_ pointer: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
        guard let pointer else { return count }
        let line = String(decoding: UnsafeRawBufferPointer(start: pointer, count: count), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            headers = [:]
            status = Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
            // A body over the cap that says so is refused before a byte of it is read.
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = value
            if name == "content-length", let length = Int(value), length > request.maxBody {
                tooLarge = true
                return 0
            }
        }
        return count
    }

    /// A piece of the body; returning less than `count` ends the transfer.
    func receive(_ pointer: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
        guard let pointer, count > 0 else { return count }
        if body.count + count > request.maxBody {
            tooLarge = true
            return 0
        }
        if firstByte == nil { firstByte = elapsed() }
        let data = Data(bytes: pointer, count: count)
        body.append(data)
        if (300..<400).contains(status) { return count }
        if let onData, !onData(data) {
            stopped = true
            return 0
        }
        return count
    }
}
