import Foundation

/// Server-sent events framing (the WHATWG HTML "event stream" rules), as much of it as an
/// OpenAI-compatible stream uses: lines end in LF, CRLF or CR; a blank line ends an event;
/// `data:` lines are joined with "\n"; lines starting with ':' are comments; other fields
/// (event, id, retry) are read and ignored. Bytes may arrive split anywhere.
///
/// An event may hold at most `maxEventBytes` (its data lines and the line being read):
/// a server that never ends a line or an event would otherwise grow the buffer without end.
public struct SSEParser: Sendable {
    /// An event or line passed `maxEventBytes`; the parser is spent.
    public struct Overflow: Error, Sendable, Equatable {
        public let limit: Int

        package init(limit: Int) { self.limit = limit }
    }

    /// A chat.completion.chunk is well under 1 KiB; 64 KiB leaves room for any real one.
    public static let defaultMaxEventBytes = 64 << 10

    public let maxEventBytes: Int
    private var buffer = Data()
    private var data: [String] = []
    /// Bytes in `data`, with the "\n" that will join them.
    private var held = 0
    private var sawCR = false

    public init(maxEventBytes: Int = SSEParser.defaultMaxEventBytes) {
        self.maxEventBytes = maxEventBytes
    }

    /// Feeds bytes; returns the data of each event they complete, or throws when an event
    /// grows past `maxEventBytes`.
    public mutating func feed(_ bytes: Data) throws(Overflow) -> [String] {
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
                // The line and the event's data so far: a data line moves from one to the other.
                if held + buffer.count >= maxEventBytes { throw Overflow(limit: maxEventBytes) }
                buffer.append(byte)
            }
        }
        return events
    }

    /// The end of the stream: an event without its closing blank line is dropped, as the spec says.
    public mutating func finish() {
        buffer.removeAll()
        data.removeAll()
        held = 0
    }

    private mutating func line(_ text: String) -> String? {
        if text.isEmpty {
            defer {
                data.removeAll()
                held = 0
            }
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
        if field == "data" {
            data.append(String(value))
            held += value.utf8.count + 1
        }
        return nil
    }
}
