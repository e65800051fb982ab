/// Which three-byte sequences a text holds, ASCII letters folded to lower case, hashed into
/// 2^16 bits. A literal with a sequence the text lacks is not in it: the scan's prefilter asks
/// this before it spends a PCRE2 pass over the whole file on each of some fifty literals
/// (model names, tag sizes), most of which a file lacks. A hash collision only says "maybe",
/// so the answer is never wrong when it says "absent".
package struct Trigrams: Sendable {
    private var words: [UInt64]

    /// One pass over `bytes`.
    package init(_ bytes: [UInt8]) {
        var words = [UInt64](repeating: 0, count: 1 << 10)
        bytes.withUnsafeBufferPointer { text in
            words.withUnsafeMutableBufferPointer { bits in
                Self.foldTable.withUnsafeBufferPointer { fold in
                    guard text.count >= 3 else { return }
                    // The last three bytes in the low 24 bits; `hash` drops the fourth.
                    var key = UInt64(fold[Int(text[0])]) << 8 | UInt64(fold[Int(text[1])])
                    @inline(__always) func add(_ byte: UInt8) {
                        key = key << 8 | UInt64(fold[Int(byte)])
                        let h = Self.hash(key)
                        bits[Int(h &>> 6)] |= 1 &<< UInt64(h & 63)
                    }
                    // Four bytes a turn: the loop's own count and branch were a fifth of its cost.
                    var i = 2
                    while i &+ 4 <= text.count {
                        add(text[i]); add(text[i &+ 1]); add(text[i &+ 2]); add(text[i &+ 3])
                        i &+= 4
                    }
                    while i < text.count {
                        add(text[i])
                        i &+= 1
                    }
                }
            }
        }
        self.words = words
    }

    /// The hashes of `literal`'s sequences, folded as the text's are; empty when it is
    /// shorter than three bytes, which this cannot rule out.
    package static func hashes(of literal: [UInt8]) -> [UInt16] {
        guard literal.count >= 3 else { return [] }
        let folded = literal.map { foldTable[Int($0)] }
        return (2..<folded.count).map { i in hash(UInt64(folded[i - 2]) << 16 | UInt64(folded[i - 1]) << 8 | UInt64(folded[i])) }
    }

    /// False when one of the sequences (`hashes(of:)`) is surely not in the text.
    package func mayContain(_ hashes: [UInt16]) -> Bool {
        hashes.allSatisfy { h in words[Int(h >> 6)] & (1 << UInt64(h & 63)) != 0 }
    }

    /// Each byte with ASCII letters in lower case: a load per byte, not a compare and a move.
    private static let foldTable: [UInt8] = (0...255).map { byte in (0x41...0x5A).contains(byte) ? UInt8(byte | 0x20) : UInt8(byte) }

    /// Fibonacci hashing of the key's low 24 bits (the shift drops the rest): the top 16 bits
    /// of them times 2^64 / φ.
    @inline(__always)
    private static func hash(_ key: UInt64) -> UInt16 { UInt16(truncatingIfNeeded: ((key << 40) &* 0x9E37_79B9_7F4A_7C15) >> 48) }
}
