import PCRE2Swift

/// The literals a pattern's every match is anchored on: each match holds one of them, and
/// nothing the match consumes before it can hold a line break. So a match starts on a line
/// where one of them is, at or before it, and the scanner tries only those lines' start
/// positions (`SearchWindows`) rather than every byte of the file.
///
/// Worked out from the pattern's text by a conservative reading of PCRE2's syntax: any
/// construct it does not know, or whose reach it cannot bound (`\s`, a negated class without
/// `\n`, a back-reference, a subroutine call, a backtracking verb, `\G`), gives no anchor
/// before it; a pattern it cannot read at all has none, and is searched whole as before.
/// Rule self-tests check each example's findings are the same either way
/// (`RuleSelfTest`), and ScannerTests compare both searches over every fixture.
package enum LineAnchors {
    /// One literal, as the pattern spells it: bytes, and whether it matches caselessly.
    package struct Literal: Hashable, Sendable {
        package let bytes: [UInt8]
        package let caseless: Bool

        package init(_ text: String, caseless: Bool) {
            bytes = Array(text.utf8)
            self.caseless = caseless
        }

        init(bytes: [UInt8], caseless: Bool) {
            self.bytes = bytes
            self.caseless = caseless
        }

        /// The search that finds exactly the texts the pattern's literal matches. Bytes mode
        /// when that is exact (ASCII, and no `k` or `s`, which caseless UTF matching also
        /// finds as U+212A and U+017F); UTF mode otherwise, slower but the pattern's own rule.
        package func regex() -> Regex? {
            guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
            let folds = caseless && bytes.contains { byte in byte >= 0x80 || "kKsS".utf8.contains(byte) }
            let options: Regex.Options = folds ? [.utf, .caseless] : caseless ? [.caseless] : []
            return try? Regex(Regex.escape(text), options: options)
        }
    }

    /// Shorter literals are everywhere: a search around them would try most lines.
    static let shortest = 3

    /// The literals of `pattern` compiled with `options`, or nil when the pattern has none
    /// this reading can prove.
    package static func of(_ pattern: String, options: Regex.Options) -> [Literal]? {
        if options.contains(.extended) { return nil }
        var parser = Parser(bytes: Array(pattern.utf8), dotAll: options.contains(.dotAll))
        let summary = parser.alternation(caseless: options.contains(.caseless))
        guard !parser.failed, parser.index == parser.bytes.count, let anchors = summary.anchors,
              anchors.allSatisfy({ $0.bytes.count >= shortest }) else { return nil }
        return anchors
    }

    /// What a piece of a pattern can match: whether never a line break, and the literals one
    /// of which each of its matches holds after a part without line breaks.
    struct Summary {
        var free: Bool
        var anchors: [Literal]?
        /// One literal character (bytes of one code point), not yet quantified.
        var character: (bytes: [UInt8], caseless: Bool)?

        static let opaque = Summary(free: false, anchors: nil)
        static let freeItem = Summary(free: true, anchors: nil)
        /// Matches an empty string only (assertions, `\K`, comments, `(?(DEFINE)...)`).
        static let assertion = Summary(free: true, anchors: nil)
    }

    struct Parser {
        let bytes: [UInt8]
        var index = 0
        var failed = false
        var dotAll: Bool

        init(bytes: [UInt8], dotAll: Bool) {
            self.bytes = bytes
            self.dotAll = dotAll
        }

        var atEnd: Bool { index >= bytes.count }
        func peek(_ offset: Int = 0) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
        mutating func fail() -> Summary {
            failed = true
            index = bytes.count
            return .opaque
        }

        /// Alternatives up to the `)` that closes the group (not consumed) or the end.
        mutating func alternation(caseless: Bool) -> Summary {
            var caseless = caseless
            var summary = sequence(caseless: &caseless)
            while !failed, peek() == UInt8(ascii: "|") {
                index += 1
                // An inline flag's reach runs on past `|` to the group's end.
                let next = sequence(caseless: &caseless)
                summary.free = summary.free && next.free
                if let mine = summary.anchors, let theirs = next.anchors { summary.anchors = mine + theirs } else { summary.anchors = nil }
            }
            return summary
        }

        /// One alternative: its best anchor is the longest literal (the later on a tie, as
        /// `import[ \t]+ollama` picks `ollama`) that only line-free parts precede.
        mutating func sequence(caseless: inout Bool) -> Summary {
            var free = true
            var best: [Literal]?
            var run: [UInt8] = []
            var runCaseless = false
            var runAnchored = false
            func consider(_ candidate: [Literal]) {
                let strength = candidate.map(\.bytes.count).min() ?? 0
                if strength >= (best?.map(\.bytes.count).min() ?? 0) { best = candidate }
            }
            func endRun() {
                if !run.isEmpty, runAnchored { consider([Literal(bytes: run, caseless: runCaseless)]) }
                run = []
            }
            while !failed, let byte = peek(), byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")") {
                let item = self.item(caseless: &caseless)
                if failed { break }
                let (minimum, maximum) = quantifier()
                if failed { break }
                if let character = item.character, minimum >= 1 {
                    if !run.isEmpty, runCaseless != character.caseless { endRun() }
                    if run.isEmpty {
                        runAnchored = free
                        runCaseless = character.caseless
                    }
                    run += character.bytes
                    // `ab+`: what follows the first `b` is not a fixed text.
                    if maximum != 1 { endRun() }
                } else {
                    endRun()
                    if minimum >= 1, free, let anchors = item.anchors { consider(anchors) }
                }
                free = free && item.free
            }
            endRun()
            return Summary(free: free, anchors: best)
        }

        /// `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`, `{,m}` and their lazy and possessive forms:
        /// (minimum, maximum); (1, 1) when none follows. A `{` that starts no quantifier is a
        /// literal, as PCRE2 reads it.
        mutating func quantifier() -> (Int, Int?) {
            var bounds: (Int, Int?)
            switch peek() {
            case UInt8(ascii: "?"): bounds = (0, 1); index += 1
            case UInt8(ascii: "*"): bounds = (0, nil); index += 1
            case UInt8(ascii: "+"): bounds = (1, nil); index += 1
            case UInt8(ascii: "{"):
                guard let counted = counted() else { return (1, 1) }
                bounds = counted
            default: return (1, 1)
            }
            if peek() == UInt8(ascii: "?") || peek() == UInt8(ascii: "+") { index += 1 }
            return bounds
        }

        /// `{n}`, `{n,}`, `{n,m}` or `{,m}` at the index, consumed; nil (nothing consumed) if not one.
        mutating func counted() -> (Int, Int?)? {
            var i = index + 1
            func number() -> Int? {
                let start = i
                while i < bytes.count, (0x30...0x39).contains(bytes[i]) { i += 1 }
                return i > start ? Int(String(decoding: bytes[start..<i], as: UTF8.self)) : nil
            }
            let low = number()
            var high = low
            if i < bytes.count, bytes[i] == UInt8(ascii: ",") {
                i += 1
                high = number()
                guard low != nil || high != nil else { return nil }
            } else if low == nil {
                return nil
            }
            guard i < bytes.count, bytes[i] == UInt8(ascii: "}") else { return nil }
            index = i + 1
            return (low ?? 0, high)
        }

        mutating func item(caseless: inout Bool) -> Summary {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\\"): return escape(caseless: caseless)
            case UInt8(ascii: "["): return characterClass()
            case UInt8(ascii: "("): return group(caseless: &caseless)
            case UInt8(ascii: "."):
                index += 1
                return dotAll ? .opaque : .freeItem
            case UInt8(ascii: "^"), UInt8(ascii: "$"):
                index += 1
                return .assertion
            case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
                return fail()  // a quantifier with nothing to repeat
            case 0x0A:
                index += 1
                return .opaque
            default:
                // One code point: a quantifier after it repeats all of its bytes.
                var length = 1
                if byte >= 0xC0 { length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2 }
                guard index + length <= bytes.count else { return fail() }
                let character = Array(bytes[index..<index + length])
                index += length
                return Summary(free: true, anchors: nil, character: (character, caseless))
            }
        }

        mutating func escape(caseless: Bool) -> Summary {
            guard let next = peek(1) else { return fail() }
            index += 2
            switch next {
            case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "A"), UInt8(ascii: "Z"), UInt8(ascii: "z"),
                 UInt8(ascii: "K"):
                return .assertion
            case UInt8(ascii: "w"), UInt8(ascii: "d"), UInt8(ascii: "h"), UInt8(ascii: "S"), UInt8(ascii: "N"),
                 UInt8(ascii: "V"), UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "f"), UInt8(ascii: "e"),
                 UInt8(ascii: "a"):
                return .freeItem
            case UInt8(ascii: "s"), UInt8(ascii: "W"), UInt8(ascii: "D"), UInt8(ascii: "H"), UInt8(ascii: "v"),
                 UInt8(ascii: "R"), UInt8(ascii: "X"), UInt8(ascii: "n"):
                return .opaque
            case UInt8(ascii: "p"), UInt8(ascii: "P"):
                if peek() == UInt8(ascii: "{") { skip(past: UInt8(ascii: "}")) } else { index += 1 }
                return .opaque
            case UInt8(ascii: "x"):
                if peek() == UInt8(ascii: "{") { skip(past: UInt8(ascii: "}")) } else {
                    var digits = 0
                    while digits < 2, let d = peek(), isHex(d) { index += 1; digits += 1 }
                }
                // Whatever it is, never a line break unless it is one: be safe, say it might be.
                return .opaque
            case UInt8(ascii: "Q"):
                return quoted()
            case UInt8(ascii: "E"):
                return .assertion
            case UInt8(ascii: "k"), UInt8(ascii: "g"):
                // A back-reference or subroutine call: it can match anything its group did.
                if let open = peek(), let close = [UInt8(ascii: "<"): UInt8(ascii: ">"), UInt8(ascii: "'"): UInt8(ascii: "'"),
                                                   UInt8(ascii: "{"): UInt8(ascii: "}")][open] {
                    index += 1
                    skip(past: close)
                } else {
                    if peek() == UInt8(ascii: "-") || peek() == UInt8(ascii: "+") { index += 1 }
                    while let d = peek(), (0x30...0x39).contains(d) { index += 1 }
                }
                return .opaque
            case 0x30...0x39, UInt8(ascii: "o"), UInt8(ascii: "c"), UInt8(ascii: "G"), UInt8(ascii: "C"):
                // Back-references and octal (`\1`, `\0`, `\o{}`), control characters, and
                // `\G`, which ties a match to where the previous one ended: not readable here.
                return fail()
            default:
                // An escaped punctuation character stands for itself (`\.`, `\(`, `\/`).
                guard next < 0x80, !isWordByte(next) else { return fail() }
                return Summary(free: true, anchors: nil, character: ([next], caseless))
            }
        }

        /// `\Q...\E`: its bytes stand for themselves. Read as a piece with no anchor of its own
        /// (line-free unless it holds a line break), which only gives up an anchor.
        mutating func quoted() -> Summary {
            let start = index
            while index < bytes.count, !(bytes[index] == UInt8(ascii: "\\") && peek(1) == UInt8(ascii: "E")) { index += 1 }
            let text = bytes[start..<index]
            if index < bytes.count { index += 2 }
            let free = !text.contains(0x0A)
            return Summary(free: free, anchors: nil)
        }

        /// A character class: line-free when it cannot match `\n`. Never a literal.
        mutating func characterClass() -> Summary {
            index += 1
            let negated = peek() == UInt8(ascii: "^")
            if negated { index += 1 }
            // `covers`: a member surely is `\n`; `mayMatch`: a member might be.
            var covers = false
            var mayMatch = false
            var first = true
            var previous: UInt8?
            while true {
                guard let byte = peek() else { return fail() }
                if byte == UInt8(ascii: "]"), !first {
                    index += 1
                    break
                }
                first = false
                if byte == UInt8(ascii: "["), peek(1) == UInt8(ascii: ":") {
                    let start = index + 2
                    skip(past: UInt8(ascii: "]"))
                    let name = String(decoding: bytes[start..<max(start, index - 2)], as: UTF8.self)
                    if ["space", "cntrl"].contains(name) { covers = true }
                    if !["alpha", "alnum", "digit", "word", "upper", "lower", "xdigit", "punct", "graph"].contains(name) { mayMatch = true }
                    previous = nil
                    continue
                }
                if byte == UInt8(ascii: "\\") {
                    guard let next = peek(1) else { return fail() }
                    index += 2
                    previous = nil
                    switch next {
                    case UInt8(ascii: "n"), UInt8(ascii: "s"), UInt8(ascii: "v"), UInt8(ascii: "W"), UInt8(ascii: "D"),
                         UInt8(ascii: "H"):
                        covers = true
                        mayMatch = true
                    case UInt8(ascii: "w"), UInt8(ascii: "d"), UInt8(ascii: "h"), UInt8(ascii: "S"), UInt8(ascii: "V"),
                         UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "f"), UInt8(ascii: "e"), UInt8(ascii: "a"),
                         UInt8(ascii: "b"), UInt8(ascii: "E"):
                        break
                    case UInt8(ascii: "p"), UInt8(ascii: "P"), UInt8(ascii: "x"), UInt8(ascii: "o"):
                        // A property or a code point by number: it may be `\n`.
                        if peek() == UInt8(ascii: "{") { skip(past: UInt8(ascii: "}")) } else if next != UInt8(ascii: "x") {
                            index += 1
                        } else {
                            var digits = 0
                            while digits < 2, let d = peek(), isHex(d) { index += 1; digits += 1 }
                        }
                        mayMatch = true
                    default:
                        guard next < 0x80, !isWordByte(next) else { return fail() }
                        previous = next
                    }
                    continue
                }
                if byte == UInt8(ascii: "-"), let low = previous, let high = peek(1), high != UInt8(ascii: "]") {
                    // A range; one with an escaped end is not read here.
                    guard high != UInt8(ascii: "\\"), high != UInt8(ascii: "[") else { return fail() }
                    if low <= 0x0A, high >= 0x0A {
                        covers = true
                        mayMatch = true
                    }
                    index += 2
                    previous = nil
                    continue
                }
                if byte == 0x0A {
                    covers = true
                    mayMatch = true
                }
                previous = byte < 0x80 ? byte : nil
                index += 1
            }
            if negated { return covers ? .freeItem : .opaque }
            return mayMatch ? .opaque : .freeItem
        }

        mutating func group(caseless: inout Bool) -> Summary {
            index += 1
            guard peek() == UInt8(ascii: "?") else {
                if peek() == UInt8(ascii: "*") { return fail() }  // (*VERB): moves where matches may start
                return inner(caseless: caseless)
            }
            index += 1
            guard let kind = peek() else { return fail() }
            switch kind {
            case UInt8(ascii: ":"), UInt8(ascii: "|"), UInt8(ascii: ">"):
                index += 1
                return inner(caseless: caseless)
            case UInt8(ascii: "#"):
                skip(past: UInt8(ascii: ")"))
                return .assertion
            case UInt8(ascii: "="), UInt8(ascii: "!"):
                index += 1
                return lookaround(caseless: caseless)
            case UInt8(ascii: "<"):
                if peek(1) == UInt8(ascii: "=") || peek(1) == UInt8(ascii: "!") {
                    index += 2
                    return lookaround(caseless: caseless)
                }
                skip(past: UInt8(ascii: ">"))
                return inner(caseless: caseless)
            case UInt8(ascii: "P"):
                if peek(1) == UInt8(ascii: "<") {
                    skip(past: UInt8(ascii: ">"))
                    return inner(caseless: caseless)
                }
                skip(past: UInt8(ascii: ")"))
                return .opaque  // (?P>name) calls, (?P=name) refers back
            case UInt8(ascii: "'"):
                index += 1
                skip(past: UInt8(ascii: "'"))
                return inner(caseless: caseless)
            case UInt8(ascii: "&"), UInt8(ascii: "R"), 0x30...0x39, UInt8(ascii: "+"):
                skip(past: UInt8(ascii: ")"))
                return .opaque  // a subroutine call
            case UInt8(ascii: "("):
                // Only the DEFINE block the rule loader appends: it matches nothing.
                let define = Array("(DEFINE)".utf8)
                guard bytes[index...].starts(with: define) else { return fail() }
                index += define.count
                _ = alternation(caseless: caseless)
                guard peek() == UInt8(ascii: ")") else { return fail() }
                index += 1
                return .assertion
            default:
                return flags(caseless: &caseless)
            }
        }

        /// `(?i)`, `(?-i)`, `(?^)`, `(?i:...)` and the like. `x` changes what whitespace means, so
        /// such a pattern is not read.
        mutating func flags(caseless: inout Bool) -> Summary {
            var on = true
            var setCaseless = caseless
            var setDotAll = dotAll
            while let byte = peek() {
                index += 1
                switch byte {
                case UInt8(ascii: "-"): on = false
                case UInt8(ascii: "^"): setCaseless = false; setDotAll = false
                case UInt8(ascii: "i"): setCaseless = on
                case UInt8(ascii: "s"): setDotAll = on
                case UInt8(ascii: "m"), UInt8(ascii: "n"), UInt8(ascii: "U"), UInt8(ascii: "J"): break
                case UInt8(ascii: ")"):
                    caseless = setCaseless
                    dotAll = setDotAll
                    return .assertion
                case UInt8(ascii: ":"):
                    let saved = dotAll
                    dotAll = setDotAll
                    defer { dotAll = saved }
                    return inner(caseless: setCaseless)
                default: return fail()
                }
            }
            return fail()
        }

        /// A group's alternatives and its closing `)`.
        mutating func inner(caseless: Bool) -> Summary {
            let saved = dotAll
            let summary = alternation(caseless: caseless)
            dotAll = saved
            guard !failed, peek() == UInt8(ascii: ")") else { return fail() }
            index += 1
            return Summary(free: summary.free, anchors: summary.anchors)
        }

        /// A lookahead or lookbehind: it consumes nothing, so what it holds does not matter.
        mutating func lookaround(caseless: Bool) -> Summary {
            let inside = inner(caseless: caseless)
            return failed ? inside : .assertion
        }

        mutating func skip(past close: UInt8) {
            while let byte = peek(), byte != close { index += 1 }
            if peek() == close { index += 1 } else { failed = true }
        }

        func isHex(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
        }

        func isWordByte(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F
        }
    }
}
