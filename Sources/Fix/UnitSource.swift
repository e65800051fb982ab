/// What the unit planners need of a tokenised file, whatever its language: its bytes, each
/// token's bytes, and operators. Line arithmetic and argument removal are the same for all.
protocol UnitSource {
    associatedtype Token: UnitToken
    var bytes: [UInt8] { get }
    var tokens: [Token] { get }
    /// The offset where each line starts, in order, the first 0.
    var lineStarts: [Int] { get }
    func isOp(_ t: Int, _ op: String) -> Bool
}

protocol UnitToken {
    var range: Range<Int> { get }
}

extension PythonSource.Token: UnitToken {}
extension PythonSource: UnitSource {}
extension JavaScriptSource.Token: UnitToken {}
extension JavaScriptSource: UnitSource {}

extension UnitSource {
    /// The byte offset where the physical line holding `offset` starts.
    func lineStart(_ offset: Int) -> Int {
        var i = min(offset, bytes.count)
        while i > 0, bytes[i - 1] != 0x0A { i -= 1 }
        return i
    }

    /// The 1-based line of a byte offset: the number of lines starting at or before it.
    func line(_ offset: Int) -> Int {
        var lo = 0, hi = lineStarts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if lineStarts[mid] <= offset { lo = mid + 1 } else { hi = mid }
        }
        return max(lo, 1)
    }

    /// The edits removing the arguments `args[i]` for each `i` in `dropped` (of the call or
    /// object opened at token `open`): each run of neighbours as one argument, so two removals
    /// never claim the comma between them.
    func removals(of args: [Range<Int>], dropped: Set<Int>, in open: Int) -> [UnitEdit] {
        var out: [UnitEdit] = []
        var i = 0
        while i < args.count {
            guard dropped.contains(i) else { i += 1; continue }
            var j = i
            while dropped.contains(j + 1) { j += 1 }
            out.append(removal(of: args[i].lowerBound..<args[j].upperBound, in: open))
            i = j + 1
        }
        return out
    }

    /// The edit removing argument `arg` (a token range) of the call or object opened at token
    /// `open`, with its comma; the whole line when it held only that.
    func removal(of arg: Range<Int>, in open: Int) -> UnitEdit {
        var start = tokens[arg.lowerBound].range.lowerBound
        var end = tokens[arg.upperBound - 1].range.upperBound
        if isOp(arg.upperBound, ",") {
            end = tokens[arg.upperBound].range.upperBound
            // Up to the next argument (or the close), so no blank run is left behind.
            let next = tokens[arg.upperBound + 1].range.lowerBound
            let between = bytes[end..<next]
            if between.contains(0x0A) {
                // One argument per line: drop the line.
                let first = lineStart(start)
                if bytes[first..<start].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                    var e = end
                    while e < bytes.count, bytes[e] != 0x0A { e += 1 }
                    if bytes[end..<e].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                        return UnitEdit(range: first..<min(e + 1, bytes.count), text: "")
                    }
                }
                // The next argument is on the next line: this one goes with the blank before it,
                // and the previous argument keeps its comma at the line's end.
                if arg.lowerBound - 1 > open, isOp(arg.lowerBound - 1, ",") {
                    start = tokens[arg.lowerBound - 1].range.upperBound
                }
            } else {
                end = next
            }
        } else if arg.lowerBound - 1 > open, isOp(arg.lowerBound - 1, ",") {
            start = tokens[arg.lowerBound - 1].range.lowerBound
        }
        return UnitEdit(range: start..<end, text: "")
    }
}
