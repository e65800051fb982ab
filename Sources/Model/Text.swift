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
