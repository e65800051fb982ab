import Model

extension GeneratedMarker {
    /// `text` as written to a file in `format`: the formats without a marker of their own get
    /// `hashLine` first.
    public static func stamped(_ text: String, _ format: ReportFormat) -> String {
        switch format {
        case .text, .concise, .github: hashLine + text
        case .json, .gitlab, .markdown, .sarif, .junit, .csv: text
        }
    }
}
