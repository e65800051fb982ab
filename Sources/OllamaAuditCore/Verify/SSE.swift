import Foundation

/// Server-sent events framing (the WHATWG HTML "event stream" rules), as much of it as an
/// OpenAI-compatible stream uses: lines end in LF, CRLF or CR; a blank line ends an event;
/// `data:` lines are joined with "\n"; lines starting with ':' are comments; other fields
/// (event, id, retry) are read and ignored. Bytes may arrive split anywhere.
public struct SSEParser: Sendable {
    private var buffer = Data()
    private var data: [String] = []
    private var sawCR = false

    public init() {}

    /// Feeds bytes; returns the data of each event they complete.
    public mutating func feed(_ bytes: Data) -> [String] {
        var events: [String] = []
        for byte in bytes {
            if sawCR {
                sawCR = false
                if byte == 0x0A { continue }  // the LF of a CRLF
            }
            if byte == 0x0A || byte == 0x0D {
                sawCR = byte == 0x0D
                if let event = line(String(decoding: buffer, as: UTF8.self)) { events.append(event) }
                buffer.removeAll(keepingCapacity: true)
            } else {
                buffer.append(byte)
            }
        }
        return events
    }

    /// The end of the stream: an event without its closing blank line is dropped, as the spec says.
    public mutating func finish() {
        buffer.removeAll()
        data.removeAll()
    }

    private mutating func line(_ text: String) -> String? {
        if text.isEmpty {
            defer { data.removeAll() }
            return data.isEmpty ? nil : data.joined(separator: "\n")
        }
        if text.hasPrefix(":") { return nil }
        let field: Substring, value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            var rest = text[text.index(after: colon)...]
            if rest.hasPrefix(" ") { rest = rest.dropFirst() }
            value = rest
        } else {
            field = Substring(text)
            value = ""
        }
        if field == "data" { data.append(String(value)) }
        return nil
    }
}
