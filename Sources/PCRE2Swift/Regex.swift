import CPCRE2
import Synchronization

/// A PCRE2 error: a compile error (with the byte offset into the pattern) or a match-time error.
public struct PCRE2Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// PCRE2's own error number (`PCRE2_ERROR_*` for match errors, 100+ for compile errors).
    public let code: Int32
    /// For compile errors, the byte offset in the pattern where PCRE2 gave up.
    public let offset: Int?
    /// PCRE2's message for `code`.
    public let message: String

    init(code: Int32, offset: Int? = nil) {
        self.code = code
        self.offset = offset
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = buffer.withUnsafeMutableBufferPointer {
            pcre2_get_error_message_8(code, $0.baseAddress, $0.count)
        }
        message = n > 0 ? String(decoding: buffer[0..<Int(n)], as: UTF8.self) : "PCRE2 error \(code)"
    }

    /// The match limit (`PCRE2_ERROR_MATCHLIMIT`) or the depth/heap limit was hit.
    public var isResourceLimit: Bool {
        code == PCRE2_ERROR_MATCHLIMIT || code == PCRE2_ERROR_DEPTHLIMIT
            || code == PCRE2_ERROR_HEAPLIMIT || code == PCRE2_ERROR_JIT_STACKLIMIT
    }

    public var description: String {
        if let offset { return "\(message) at offset \(offset)" }
        return message
    }
}

/// A compiled PCRE2 pattern, JIT-compiled the first time it is matched. One instance is
/// shared by every worker thread: compiled code is read-only once the JIT has run
/// (pcre2jit(3)), and the JIT runs once, under a lock.
public final class Regex: @unchecked Sendable {
    public struct Options: OptionSet, Sendable, Hashable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let caseless = Options(rawValue: PCRE2_CASELESS)
        public static let multiline = Options(rawValue: PCRE2_MULTILINE)
        public static let dotAll = Options(rawValue: PCRE2_DOTALL)
        public static let extended = Options(rawValue: PCRE2_EXTENDED)
        /// UTF-8 with Unicode properties. Invalid UTF-8 in a subject never matches and never
        /// fails the call (PCRE2_MATCH_INVALID_UTF), which also removes the per-call UTF check
        /// that makes a match loop quadratic.
        public static let utf = Options(rawValue: PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF)
    }

    public let pattern: String
    public let options: Options
    public let captureCount: Int
    let code: OpaquePointer
    /// 0: the JIT has not run; 1: it has, and the code is JIT code; 2: it has, and PCRE2's
    /// interpreter runs the pattern (a pattern the JIT cannot handle still works).
    private let jitState = Atomic<UInt8>(0)
    private let jitLock = Mutex<Void>(())

    /// Whether matches run as JIT code: JIT-compiles the pattern now if it has not been.
    /// Compiling every rule's pattern at start-up was a quarter of a small scan's time, and
    /// most patterns never run on a clean tree.
    public var isJIT: Bool { jitCompiled() }

    public init(_ pattern: String, options: Options = [.utf]) throws(PCRE2Error) {
        var errorCode: Int32 = 0
        var errorOffset = 0
        var utf8 = Array(pattern.utf8)
        let compiled = utf8.withUnsafeMutableBufferPointer { buf in
            // PCRE2_USE_OFFSET_LIMIT: `match(_:from:startLimit:using:)` bounds where a match may start.
            pcre2_compile_8(buf.baseAddress, buf.count, options.rawValue | PCRE2_USE_OFFSET_LIMIT, &errorCode,
                            &errorOffset, nil)
        }
        guard let compiled else { throw PCRE2Error(code: errorCode, offset: errorOffset) }
        self.code = compiled
        self.pattern = pattern
        self.options = options
        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        self.captureCount = Int(count)
    }

    @discardableResult
    private func jitCompiled() -> Bool {
        var state = jitState.load(ordering: .acquiring)
        if state == 0 {
            state = jitLock.withLock { _ in
                let now = jitState.load(ordering: .acquiring)
                if now != 0 { return now }
                let compiled = cpcre2_jit_available() != 0 && pcre2_jit_compile_8(code, PCRE2_JIT_COMPLETE) == 0
                let done: UInt8 = compiled ? 1 : 2
                jitState.store(done, ordering: .releasing)
                return done
            }
        }
        return state == 1
    }

    deinit { pcre2_code_free_8(code) }

    /// The number of the named group `name`, or nil when the pattern has no such group.
    public func groupNumber(named name: String) -> Int? {
        let n = pcre2_substring_number_from_name_8(code, name)
        return n > 0 ? Int(n) : nil
    }

    /// `text` with every metacharacter escaped, for matching it literally.
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 128, !(CharacterSet.alnum(scalar)) { out.append("\\") }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// The span of the first match at or after index `start` of `subject`, and starting at or
    /// before index `startLimit` when one is given (the match itself may run past it); nil when
    /// there is none. Indices are the subject's own (a slice's, not counted from its start);
    /// what precedes `start` in the subject is still seen by lookbehinds and `^`. Resource
    /// limits and other match-time errors are thrown, never swallowed.
    ///
    /// One call cannot be interrupted, and over a large subject it tries every start position:
    /// a start limit splits a search into calls of bounded cost, between which a caller can
    /// look at the clock.
    public func find(
        in subject: ArraySlice<UInt8>, from start: Int, startLimit: Int? = nil, using scratch: MatchScratch
    ) throws(PCRE2Error) -> Range<Int>? {
        guard try run(subject, from: start, startLimit: startLimit, using: scratch) else { return nil }
        return scratch.range(ofGroup: 0, in: subject)
    }

    /// `find(in:from:startLimit:using:)` with the span of every group.
    public func captures(
        in subject: ArraySlice<UInt8>, from start: Int, startLimit: Int? = nil, using scratch: MatchScratch
    ) throws(PCRE2Error) -> Match? {
        guard try run(subject, from: start, startLimit: startLimit, using: scratch) else { return nil }
        return Match(groups: (0...captureCount).map { scratch.range(ofGroup: $0, in: subject) })
    }

    public func find(in subject: [UInt8], from start: Int = 0, startLimit: Int? = nil,
                     using scratch: MatchScratch) throws(PCRE2Error) -> Range<Int>? {
        try find(in: subject[...], from: start, startLimit: startLimit, using: scratch)
    }

    public func captures(in subject: [UInt8], from start: Int = 0, startLimit: Int? = nil,
                         using scratch: MatchScratch) throws(PCRE2Error) -> Match? {
        try captures(in: subject[...], from: start, startLimit: startLimit, using: scratch)
    }

    /// Whether `text` contains a match; a convenience for tests and rule self-tests.
    public func matches(_ text: String, using scratch: MatchScratch) throws(PCRE2Error) -> Bool {
        try find(in: Array(text.utf8), using: scratch) != nil
    }

    /// One pcre2_match call; its ovector is read back before the scratch is used again.
    private func run(_ subject: ArraySlice<UInt8>, from start: Int, startLimit: Int?,
                     using scratch: MatchScratch) throws(PCRE2Error) -> Bool {
        precondition(captureCount < scratch.pairs, "match data too small for this pattern")
        precondition(start >= subject.startIndex && start <= subject.endIndex, "start outside the subject")
        jitCompiled()
        let base = subject.startIndex
        pcre2_set_offset_limit_8(scratch.context, startLimit.map { $0 - base } ?? cpcre2_unset())
        let rc = subject.withUnsafeBufferPointer { buffer in
            pcre2_match_8(code, buffer.baseAddress, buffer.count, start - base, 0, scratch.matchData, scratch.context)
        }
        if rc >= 0 { return true }
        if rc == PCRE2_ERROR_NOMATCH { return false }
        throw PCRE2Error(code: rc)
    }
}

/// One match: the span of each group, as indices of the subject searched. Group 0 is the
/// whole match; a group that did not take part has no span.
public struct Match: Sendable, Equatable {
    public let groups: [Range<Int>?]

    /// The whole match.
    public var range: Range<Int> { groups[0]! }

    /// The span of group `n`; nil when it did not take part or the pattern has no such group.
    public subscript(group n: Int) -> Range<Int>? { n >= 0 && n < groups.count ? groups[n] : nil }
}

/// Per-thread match state: match data sized for the largest pattern, a match context with
/// limits, and a private JIT stack. Never shared between threads.
public final class MatchScratch {
    public let pairs: Int
    let matchData: OpaquePointer
    let context: OpaquePointer
    let jitStack: OpaquePointer?

    /// - Parameters:
    ///   - maxCaptureCount: the largest capture count of any pattern used with this scratch.
    ///   - matchLimit: PCRE2's match limit; it bounds backtracking per start position.
    public init(maxCaptureCount: Int, matchLimit: UInt32 = 5_000_000, depthLimit: UInt32 = 250_000) {
        pairs = maxCaptureCount + 1
        matchData = pcre2_match_data_create_8(UInt32(pairs), nil)!
        context = pcre2_match_context_create_8(nil)!
        pcre2_set_match_limit_8(context, matchLimit)
        pcre2_set_depth_limit_8(context, depthLimit)
        // The default 32 KiB JIT stack fails on ordinary alternations over long lines.
        jitStack = pcre2_jit_stack_create_8(32 * 1024, 8 << 20, nil)
        if let jitStack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(jitStack)) }
    }

    deinit {
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
        pcre2_match_context_free_8(context)
        pcre2_match_data_free_8(matchData)
    }

    /// The span of group `n` of the last successful match over `subject`, or nil if it did
    /// not take part.
    fileprivate func range(ofGroup n: Int, in subject: ArraySlice<UInt8>) -> Range<Int>? {
        guard n < pairs, let ov = pcre2_get_ovector_pointer_8(matchData) else { return nil }
        let lo = ov[2 * n], hi = ov[2 * n + 1]
        if lo == cpcre2_unset() || hi == cpcre2_unset() || hi < lo { return nil }
        return subject.startIndex + Int(lo)..<subject.startIndex + Int(hi)
    }
}

private enum CharacterSet {
    static func alnum(_ s: Unicode.Scalar) -> Bool {
        (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "_"
    }
}
