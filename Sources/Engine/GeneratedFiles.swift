import Languages
import Model

extension GeneratedMarker {
    /// The file types ollama-audit writes that a scan reads. A file with any other type as
    /// well (`docker-compose.yml` is compose and YAML) is never taken for the tool's own.
    static let writtenTypes = FileTypeSet([.json, .markdown, .xml, .yaml])

    /// Whether a file of `types` whose content starts with `prefix` was written by ollama-audit.
    public static func isMarked(_ prefix: [UInt8], types: FileTypeSet) -> Bool {
        guard !types.isEmpty, types.isSubset(of: writtenTypes) else { return false }
        let head = prefix.prefix(window)
        if head.starts(with: csvHeader) { return true }
        let needle = Array(token.utf8)
        guard head.count >= needle.count else { return false }
        for i in head.startIndex...(head.endIndex - needle.count) where head[i] == needle[0] {
            if head[i..<i + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }
}
