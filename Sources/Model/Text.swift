/// Small text helpers every layer uses.

extension Int {
    /// The count and its noun, singular for 1: "1 file", "2 files".
    public func counting(_ singular: String, _ plural: String? = nil) -> String {
        "\(self) \(self == 1 ? singular : plural ?? singular + "s")"
    }
}

extension String {
    /// The string with each Unicode scalar that `replacement` answers for replaced by its
    /// answer, and every other scalar kept. The one loop behind each of
    /// the reports' escapings (Report/Escaping.swift) and git's quoted paths.
    public func escapingScalars(_ replacement: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        for scalar in unicodeScalars {
            if let text = replacement(scalar) { out += text } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}

extension Array where Element == UInt8 {
    /// The byte offset of a 1-based `column` counted in Unicode scalars (as YAML parsers and
    /// editors count it) on the line starting at `lineStart`; the line's end bounds nothing, so
    /// a column past it walks on.
    public func offset(ofColumn column: Int, fromLineStart lineStart: Int) -> Int {
        var i = lineStart
        var at = 1
        while at < column, i < count {
            i += 1
            while i < count, self[i] & 0xC0 == 0x80 { i += 1 }
            at += 1
        }
        return i
    }
}
