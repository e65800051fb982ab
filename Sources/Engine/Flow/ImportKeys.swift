import Languages

/// The names by which a file's imports could reach another module, as a Bloom filter: what
/// the project pass keeps of each file between the scan and its own run. The statements
/// themselves (a module, names and a span each, 89 per file in the generated corpus) held
/// 75 MB of 88 until then; this holds 1.5 bytes per distinct name. The project pass reads a file
/// again only when a key of an exporter may be in its filter, and resolves the statements
/// it finds then, so a false positive costs a read and never a finding.
///
/// The keys are what `ProjectFlow.resolve` looks at before any path arithmetic: the last
/// part of a module (`repos.ollama_repo` → `ollama_repo`, `../lib/ollama.js` → `ollama`)
/// and, for dotted modules, each word of the imported names (`from repos import
/// ollama_repo`). A JS module that is not relative (`@/lib/llm`, `react`) reaches a file only
/// through a `tsconfig.json` alias, found after the scan: its whole text is a key of its
/// own kind, and the module is kept once per scan (`ScanResult.bareModules`).
package struct ImportKeys: Sendable {
    private var bits: [UInt64]

    /// The filter of no import.
    package static let none = ImportKeys(bits: [])

    private init(bits: [UInt64]) { self.bits = bits }

    /// Bits per key and probes per lookup: about one false positive in 150 lookups.
    static let bitsPerKey = 12
    static let probes = 4

    /// The filter of `statements`, which a file of `flow`'s language holds; the modules that
    /// only an alias can resolve are added to `bare`.
    package init(_ statements: [ImportFact], flow: Flow, bare: inout Set<String>) {
        var hashes: [UInt64] = []
        hashes.reserveCapacity(statements.count * 2)
        let dotted: Bool
        if case .dotted = flow.modules { dotted = true } else { dotted = false }
        for statement in statements {
            if dotted || statement.module.hasPrefix(".") {
                hashes.append(Self.hash(Self.lastPart(statement.module, dotted: dotted)))
                if dotted { Self.words(statement.namesText) { hashes.append(Self.hash($0)) } }
            } else {
                hashes.append(Self.bareHash(statement.module))
                bare.insert(statement.module)
            }
        }
        guard !hashes.isEmpty else { self.bits = []; return }
        // Sized by distinct keys: files import the same module under several names, and
        // many modules' last parts are alike (`utils`, `models`).
        hashes.sort()
        var distinct = 1
        for i in 1..<hashes.count where hashes[i] != hashes[distinct - 1] {
            hashes[distinct] = hashes[i]
            distinct += 1
        }
        hashes.removeLast(hashes.count - distinct)
        var bits = [UInt64](repeating: 0, count: (hashes.count * Self.bitsPerKey + 63) / 64)
        let count = UInt64(bits.count * 64)
        for hash in hashes {
            Self.probe(hash, count: count) { bits[Int($0 >> 6)] |= 1 << ($0 & 63) }
        }
        self.bits = bits
    }

    package var isEmpty: Bool { bits.isEmpty }

    /// Whether a key with this hash may be in the filter (false: it surely is not).
    package func mayContain(_ hash: UInt64) -> Bool {
        guard !bits.isEmpty else { return false }
        var all = true
        Self.probe(hash, count: UInt64(bits.count * 64)) { if bits[Int($0 >> 6)] & (1 << ($0 & 63)) == 0 { all = false } }
        return all
    }

    /// Double hashing: probe i is h1 + i·h2, h2 odd.
    private static func probe(_ hash: UInt64, count: UInt64, _ body: (UInt64) -> Void) {
        let h1 = hash, h2 = (hash >> 29 | hash << 35) | 1
        for i in 0..<UInt64(probes) { body((h1 &+ i &* h2) % count) }
    }

    /// A key's hash: FNV-1a, then SplitMix64's finaliser so that the probes' bits are
    /// independent. Keys are compared as bytes here and as `String`s (canonical equivalence)
    /// by `ProjectFlow`, which agree on ASCII only: every key with another byte has one hash.
    package static func hash(_ bytes: some Collection<UInt8>, seed: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
        var hash = seed
        for byte in bytes {
            if byte >= 0x80 { hash = seed ^ 0x5555_5555_5555_5555; break }
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        hash = (hash ^ (hash >> 30)) &* 0xBF58_476D_1CE4_E5B9
        hash = (hash ^ (hash >> 27)) &* 0x94D0_49BB_1331_11EB
        return hash ^ (hash >> 31)
    }

    /// A non-relative module's key: another seed, so that `react` the module and `react` the
    /// last part of `./react` are different keys.
    package static func bareHash(_ module: String) -> UInt64 { hash(module.utf8, seed: 0x8422_2325_CBF2_9CE4) }

    /// The last part of a module as written (`repos.ollama_repo`, `../lib/ollama.js`).
    static func lastPart(_ module: String, dotted: Bool) -> Substring.UTF8View {
        let bytes = module.utf8
        if dotted {
            guard let dot = bytes.lastIndex(of: 0x2E) else { return bytes[...] }
            return bytes[bytes.index(after: dot)...]
        }
        let start = bytes.lastIndex(of: 0x2F).map { bytes.index(after: $0) } ?? bytes.startIndex
        let end = bytes[start...].firstIndex(of: 0x2E) ?? bytes.endIndex
        return bytes[start..<end]
    }

    /// Each identifier of an import's names text, split on bytes as `ProjectFlow.words`.
    static func words(_ text: String, _ body: (Substring.UTF8View) -> Void) {
        let bytes = text.utf8
        var start: String.Index?
        var i = bytes.startIndex
        while i != bytes.endIndex {
            let byte = bytes[i]
            if ProjectFlow.isWordByte(byte) {
                if start == nil { start = i }
            } else if let first = start {
                body(bytes[first..<i])
                start = nil
            }
            i = bytes.index(after: i)
        }
        if let first = start { body(bytes[first...]) }
    }
}
