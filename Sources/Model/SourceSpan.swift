/// A stretch of a file: its bytes, and the positions an editor shows for them. One span may
/// cover several lines (a call with its arguments), so a finding, a suppression's reach or an
/// edit can be one span rather than a line.
public struct SourceSpan: Hashable, Sendable {
    /// The bytes in the file (a byte-order mark included), for the fixer.
    public let bytes: Range<Int>
    public let start: Position
    /// The position just after the last byte (exclusive, as in SARIF).
    public let end: Position

    public init(bytes: Range<Int>, start: Position, end: Position) {
        self.bytes = bytes
        self.start = start
        self.end = end
    }

}
