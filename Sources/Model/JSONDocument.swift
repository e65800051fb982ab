import Foundation

/// How every JSON document the tool encodes whole is written (reports' small parts, baselines,
/// `rules list --format json`, verify's report): indented, keys sorted so that the same input
/// gives the same bytes, and `/` left unescaped so that paths and URLs read as they are.
/// `JSONWriter` writes the large reports in this same format, piece by piece.
public enum JSONDocument {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `value` as such a document, without a final newline.
    public static func text(_ value: some Encodable) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self)
    }
}
