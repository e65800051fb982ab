extension String {
    /// The string with each Unicode scalar that `replacement` answers for replaced by its
    /// answer, and every other scalar kept. The one loop behind each format's escaping
    /// (GitHub workflow commands, XML, git's quoted paths).
    func escapingScalars(_ replacement: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        for scalar in unicodeScalars {
            if let text = replacement(scalar) { out += text } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}
