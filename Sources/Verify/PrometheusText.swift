import Foundation

/// One sample of Prometheus' text exposition format: `name{label="value",...} value [timestamp]`.
package struct PrometheusSample: Sendable, Equatable {
    package let name: String
    package let labels: [String: String]
    package let value: Double

    package init(name: String, labels: [String: String] = [:], value: Double) {
        self.name = name
        self.labels = labels
        self.value = value
    }
}

/// A reader of Prometheus' text format (0.0.4, and the OpenMetrics lines vLLM may send):
/// `# HELP`/`# TYPE`/`# EOF` and other comments and blank lines are skipped; label values
/// keep their escapes' meaning (`\\`, `\"`, `\n`); values may be `NaN`, `+Inf`, `-Inf`; a
/// timestamp is allowed and ignored. A line that is none of these is counted, not fatal: a
/// server's one odd line must not hide the rest. The body it reads is capped by the HTTP
/// client; what it keeps is capped by `maxSamples`.
package enum PrometheusText {
    package struct Parsed: Sendable {
        package var samples: [PrometheusSample] = []
        /// Lines that are not a comment, blank or a sample.
        package var malformed = 0
        /// Lines read, blank and comment lines included.
        package var lines = 0
        /// Samples `keep` accepted past `maxSamples`: counted, not kept.
        package var dropped = 0
    }

    /// The samples of `body` whose name `keep` accepts, at most `maxSamples` of them.
    package static func parse(_ body: Data, maxSamples: Int = 10_000, keep: (String) -> Bool = { _ in true }) -> Parsed {
        var parsed = Parsed()
        let bytes = [UInt8](body)
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != newline { end += 1 }
            var line = bytes[start..<end]
            start = end + 1
            parsed.lines += 1
            if line.last == carriageReturn { line = line.dropLast() }
            while let first = line.first, isBlank(first) { line = line.dropFirst() }
            if line.isEmpty || line.first == hash { continue }
            guard let sample = sample(line) else {
                parsed.malformed += 1
                continue
            }
            guard keep(sample.name) else { continue }
            if parsed.samples.count >= maxSamples {
                parsed.dropped += 1
                continue
            }
            parsed.samples.append(sample)
        }
        return parsed
    }

    private static let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r"), hash = UInt8(ascii: "#")
    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

    private static func isBlank(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }
    private static func isLetter(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || b == UInt8(ascii: "_")
    }
    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    /// One sample line (leading blanks already gone), or nil when it is not one.
    static func sample(_ line: ArraySlice<UInt8>) -> PrometheusSample? {
        var i = line.startIndex
        let end = line.endIndex
        func skipBlanks() { while i < end, isBlank(line[i]) { i += 1 } }
        // Metric names: [a-zA-Z_:][a-zA-Z0-9_:]*
        guard i < end, isLetter(line[i]) || line[i] == UInt8(ascii: ":") else { return nil }
        let nameStart = i
        while i < end, isLetter(line[i]) || isDigit(line[i]) || line[i] == UInt8(ascii: ":") { i += 1 }
        let name = String(decoding: line[nameStart..<i], as: UTF8.self)
        var labels: [String: String] = [:]
        skipBlanks()
        if i < end, line[i] == UInt8(ascii: "{") {
            i += 1
            while true {
                skipBlanks()
                guard i < end else { return nil }
                if line[i] == UInt8(ascii: "}") { i += 1; break }
                // Label names: [a-zA-Z_][a-zA-Z0-9_]*
                guard isLetter(line[i]) else { return nil }
                let keyStart = i
                while i < end, isLetter(line[i]) || isDigit(line[i]) { i += 1 }
                let key = String(decoding: line[keyStart..<i], as: UTF8.self)
                skipBlanks()
                guard i < end, line[i] == UInt8(ascii: "=") else { return nil }
                i += 1
                skipBlanks()
                guard i < end, line[i] == quote else { return nil }
                i += 1
                var value: [UInt8] = []
                var closed = false
                while i < end {
                    let b = line[i]
                    i += 1
                    if b == quote { closed = true; break }
                    guard b == backslash else { value.append(b); continue }
                    guard i < end else { return nil }
                    let escaped = line[i]
                    i += 1
                    switch escaped {
                    case UInt8(ascii: "n"): value.append(newline)
                    case backslash, quote: value.append(escaped)
                    default: value += [backslash, escaped]  // the format defines no other escape: kept as sent
                    }
                }
                // A label given twice makes the series ambiguous.
                guard closed, labels[key] == nil else { return nil }
                labels[key] = String(decoding: value, as: UTF8.self)
                skipBlanks()
                guard i < end else { return nil }
                if line[i] == UInt8(ascii: ",") { i += 1; continue }
                guard line[i] == UInt8(ascii: "}") else { return nil }
                i += 1
                break
            }
        }
        // The value follows a blank: `name 1`, `name{a="b"} 1`.
        skipBlanks()
        guard i < end, isBlank(line[i - 1]) else { return nil }
        let valueStart = i
        while i < end, !isBlank(line[i]) { i += 1 }
        guard let value = number(line[valueStart..<i]) else { return nil }
        skipBlanks()
        if i < end {
            let stampStart = i
            while i < end, !isBlank(line[i]) { i += 1 }
            guard let stamp = number(line[stampStart..<i]), stamp.isFinite else { return nil }
            skipBlanks()
            guard i == end else { return nil }
        }
        return PrometheusSample(name: name, labels: labels, value: value)
    }

    /// A Prometheus float: decimal digits, sign, point and exponent, or NaN, +Inf, -Inf
    /// (not Swift's own spellings, `nan`, `inf`, hex floats, which the format does not use).
    static func number(_ bytes: ArraySlice<UInt8>) -> Double? {
        let text = String(decoding: bytes, as: UTF8.self)
        switch text {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default: break
        }
        guard !text.isEmpty, text.utf8.allSatisfy({ isDigit($0) || "+-.eE".utf8.contains($0) }),
              text.utf8.contains(where: isDigit) else { return nil }
        return Double(text)
    }
}
