import Foundation

/// Where a report goes, piece by piece. A scan of one 9.8 MB file can have 700,000 findings:
/// reports are written as they are made, in 64 KB chunks, never held whole in memory.
public final class ReportOutput {
    private var buffer: [UInt8] = []
    /// Takes each full chunk; returns the error text when it could not write it.
    private let sink: (([UInt8]) -> String?)?
    /// The first write that failed; later writes are dropped.
    public private(set) var failure: String?

    package static let chunk = 1 << 16

    /// Collects everything in memory (`text`): for tests, goldens and small documents.
    public init() { sink = nil }

    /// Hands every 64 KB, and the rest on `finish`, to `sink`.
    public init(sink: @escaping ([UInt8]) -> String?) {
        self.sink = sink
        buffer.reserveCapacity(Self.chunk * 2)
    }

    public func write(_ text: String) {
        guard failure == nil else { return }
        buffer.append(contentsOf: text.utf8)
        if sink != nil, buffer.count >= Self.chunk { drain() }
    }

    /// Writes what is buffered; the first failure, or nil.
    @discardableResult
    public func finish() -> String? {
        drain()
        return failure
    }

    private func drain() {
        guard let sink, failure == nil, !buffer.isEmpty else { return }
        failure = sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Everything written, when collecting.
    public var text: String { String(decoding: buffer, as: UTF8.self) }
}
