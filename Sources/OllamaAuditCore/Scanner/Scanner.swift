import Dispatch
import Foundation
import PCRE2Swift
import Synchronization

/// Everything a scan produced, before any formatting.
public struct ScanResult: Sendable {
    public var findings: [Finding]
    public var filesScanned: Int
    public var skipped: SkipCounts
    public var warnings: [ScanWarning]
    /// Findings an inline suppression comment silenced.
    public var suppressed: [Finding] = []
    /// Every suppression comment seen, used or not.
    public var suppressions: [Suppression] = []

    mutating func absorb(_ other: ScanResult) {
        findings += other.findings
        filesScanned += other.filesScanned
        skipped = skipped + other.skipped
        warnings += other.warnings
        suppressed += other.suppressed
        suppressions += other.suppressions
    }

    /// The order reports use, whatever order workers finished in.
    mutating func sortForReport() {
        findings.sort(by: Finding.reportOrder)
        suppressed.sort(by: Finding.reportOrder)
        suppressions.sort { ($0.path, $0.line) < ($1.path, $1.line) }
        warnings.sort { ($0.path, $0.ruleID ?? "", $0.message) < ($1.path, $1.ruleID ?? "", $1.message) }
    }
}

/// A bounded queue of files from one producer to several workers. `nil` tells a worker the
/// walk is over.
final class FileQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [SourceFile?] = []
    private var head = 0
    private let slots: DispatchSemaphore
    private let available = DispatchSemaphore(value: 0)

    init(capacity: Int) { slots = DispatchSemaphore(value: capacity) }

    func push(_ file: SourceFile) {
        slots.wait()
        append(file)
    }

    /// One end marker per worker; they need no slot.
    func finish(workers: Int) {
        for _ in 0..<workers { append(nil) }
    }

    private func append(_ item: SourceFile?) {
        lock.lock()
        items.append(item)
        lock.unlock()
        available.signal()
    }

    func pop() -> SourceFile? {
        available.wait()
        lock.lock()
        let item = items[head]
        head += 1
        if head > 1024, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        lock.unlock()
        if item != nil { slots.signal() }
        return item
    }
}

/// Runs rules over files in parallel. Each file is read once into a per-worker buffer; each
/// rule is its own JIT pass over it, gated by the rule's prefilter literals.
/// Output is sorted, so it is byte-identical whatever the thread count.
public final class Scanner: Sendable {
    public let rules: [Rule]
    public let maps: FixMaps
    public let maxFileSize: Int
    public let threads: Int
    /// Prefilter literals shared by several rules are searched once per file.
    let literals: [Regex]
    let ruleLiterals: [[Int]]
    let maxCaptureCount: Int

    public init(rules: [Rule], maps: FixMaps = FixMaps(), maxFileSize: Int = 10 << 20,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.rules = rules
        self.maps = maps
        self.maxFileSize = maxFileSize
        self.threads = max(1, threads)
        var literals: [Regex] = []
        var index: [String: Int] = [:]
        var ruleLiterals: [[Int]] = []
        for rule in rules {
            ruleLiterals.append(rule.prefilter.map { literal in
                let key = "\(literal.options.rawValue):\(literal.pattern)"
                if let i = index[key] { return i }
                literals.append(literal)
                index[key] = literals.count - 1
                return literals.count - 1
            })
        }
        self.literals = literals
        self.ruleLiterals = ruleLiterals
        let patterns = rules.flatMap { [$0.pattern] + ($0.context.map { [$0] } ?? []) } + literals + [Suppression.marker]
        self.maxCaptureCount = patterns.map(\.captureCount).max() ?? 0
    }

    /// - Parameter progress: called now and then with (files done, files in all), from any
    ///   worker thread; the CLI draws a progress line with it on a terminal.
    public func scan(_ files: [SourceFile], progress: (@Sendable (Int, Int) -> Void)? = nil) -> ScanResult {
        let next = Atomic<Int>(0)
        let merged = Locked(ScanResult(findings: [], filesScanned: 0, skipped: SkipCounts(), warnings: []))
        let workers = min(threads, max(1, files.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let worker = FileScanner(scanner: self)
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                if i >= files.count { break }
                worker.scan(files[i])
                if let progress, i % 512 == 511 { progress(i + 1, files.count) }
            }
            merged.withLock { $0.absorb(worker.result) }
        }
        var result = merged.withLock { $0 }
        result.sortForReport()
        return result
    }

    /// Scans files while `producer` is still finding them: the producer runs on this thread
    /// and hands files through a bounded queue to one worker per thread. Memory stays flat
    /// however large the tree, and the walk overlaps the scan.
    public func scan(
        producer: (_ emit: (SourceFile) -> Void) throws(AuditError) -> Void,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(AuditError) -> ScanResult {
        let queue = FileQueue(capacity: 4096)
        let done = Atomic<Int>(0)
        let merged = Locked(ScanResult(findings: [], filesScanned: 0, skipped: SkipCounts(), warnings: []))
        let group = DispatchGroup()
        for _ in 0..<threads {
            group.enter()
            DispatchQueue.global().async {
                let worker = FileScanner(scanner: self)
                while let file = queue.pop() {
                    worker.scan(file)
                    let count = done.add(1, ordering: .relaxed).newValue
                    if let progress, count % 512 == 0 { progress(count) }
                }
                merged.withLock { $0.absorb(worker.result) }
                group.leave()
            }
        }
        var failure: AuditError?
        do { try producer { queue.push($0) } } catch { failure = error }
        queue.finish(workers: threads)
        group.wait()
        if let failure { throw failure }
        var result = merged.withLock { $0 }
        result.sortForReport()
        return result
    }

    /// Scans one in-memory text as a file of `types` at `path`, with every rule applied
    /// whatever its `files:` and `paths:` say; rule self-tests use it.
    public func scan(text: String, path: String, types: FileTypeSet) -> [Finding] {
        let worker = FileScanner(scanner: self)
        worker.ignoreRuleScopes = true
        var bytes = Array(text.utf8)
        let count = bytes.count
        bytes.withUnsafeMutableBytes { raw in
            worker.match(UnsafeRawBufferPointer(start: raw.baseAddress, count: count), path: path, types: types)
        }
        return worker.result.findings.sorted(by: Finding.reportOrder)
    }
}

/// One worker's state: never shared between threads.
final class FileScanner {
    let scanner: Scanner
    let scratch: MatchScratch
    var buffer: UnsafeMutableRawBufferPointer
    var result = ScanResult(findings: [], filesScanned: 0, skipped: SkipCounts(), warnings: [])
    var ignoreRuleScopes = false

    init(scanner: Scanner) {
        self.scanner = scanner
        self.scratch = MatchScratch(maxCaptureCount: scanner.maxCaptureCount)
        self.buffer = .allocate(byteCount: 1 << 16, alignment: 16)
    }

    deinit { buffer.deallocate() }

    func scan(_ file: SourceFile) {
        if let bytes = file.content {
            if bytes.count > scanner.maxFileSize { result.skipped.tooLarge += 1; return }
            if bytes.prefix(8192).contains(0) { result.skipped.binary += 1; return }
            result.filesScanned += 1
            bytes.withUnsafeBytes { match($0, path: file.path, types: file.types) }
            return
        }
        // O_NOFOLLOW: the file may have become a link since the walk. O_NONBLOCK: a FIFO
        // that replaced it must not hang the scan.
        let fd = open(file.absolutePath, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return unreadable(file, errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return unreadable(file, errno) }
        guard st.st_mode & S_IFMT == S_IFREG else { result.skipped.unreadable += 1; return }
        let size = Int(st.st_size)
        if size > scanner.maxFileSize { result.skipped.tooLarge += 1; return }
        if buffer.count < size + 1 {
            buffer.deallocate()
            buffer = .allocate(byteCount: max(size + 1, buffer.count * 2), alignment: 16)
        }
        // Read to EOF rather than trusting st_size: the file may be growing.
        var length = 0
        while true {
            if length == buffer.count {
                let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
                bigger.copyMemory(from: UnsafeRawBufferPointer(buffer))
                buffer.deallocate()
                buffer = bigger
            }
            let n = read(fd, buffer.baseAddress! + length, buffer.count - length)
            if n < 0 {
                if errno == EINTR { continue }
                return unreadable(file, errno)
            }
            if n == 0 { break }
            length += n
            if length > scanner.maxFileSize { result.skipped.tooLarge += 1; return }
        }
        let content = UnsafeRawBufferPointer(start: buffer.baseAddress, count: length)
        if content.prefix(8192).contains(0) { result.skipped.binary += 1; return }
        result.filesScanned += 1
        match(content, path: file.path, types: file.types)
    }

    private func unreadable(_ file: SourceFile, _ code: Int32) {
        result.skipped.unreadable += 1
        result.warnings.append(ScanWarning(path: file.path, ruleID: nil,
                                           message: "cannot read: \(systemErrorMessage(code))"))
    }

    /// Runs every applicable rule over `content`.
    func match(_ content: UnsafeRawBufferPointer, path: String, types: FileTypeSet) {
        var literalHits = [Int8](repeating: -1, count: scanner.literals.count)  // -1 unknown, 0 no, 1 yes
        var lines: LineIndex?
        var longLineMatches = 0
        // Spans and lines of this file's findings, so mention rules can give way (Rule.yieldsToOverlaps).
        var spans: [(range: Range<Int>, line: Int, yields: Bool)] = []
        let firstFinding = result.findings.count
        var fences: [Range<Int>]?
        for (ruleIndex, rule) in scanner.rules.enumerated()
        where ignoreRuleScopes || rule.applies(to: types, path: path) {
            let gates = scanner.ruleLiterals[ruleIndex]
            if !gates.isEmpty {
                var open = false
                for g in gates {
                    if literalHits[g] < 0 {
                        literalHits[g] = (try? scanner.literals[g].match(content, from: 0, using: scratch)) == true ? 1 : 0
                    }
                    if literalHits[g] == 1 { open = true; break }
                }
                if !open { continue }
            }
            do {
                if let context = rule.context, try !context.match(content, from: 0, using: scratch) { continue }
                var start = 0
                var reportedLine: Int?
                while start <= content.count, try rule.pattern.match(content, from: start, using: scratch) {
                    guard let whole = scratch.range(ofGroup: 0) else { break }
                    if whole.isEmpty { start = whole.upperBound + 1; continue }
                    start = whole.upperBound
                    guard let range = scratch.range(ofGroup: rule.reportGroup), !range.isEmpty else { continue }
                    if lines == nil { lines = LineIndex(content) }
                    if let scope = rule.markdown, types.contains(.markdown) {
                        if fences == nil { fences = lines!.fencedBlocks() }
                        let inCode = fences!.contains { $0.contains(range.lowerBound) }
                        if inCode != (scope == .code) { continue }
                    }
                    if lines!.lineLength(at: range.lowerBound) > LineIndex.maxLineLength {
                        longLineMatches += 1
                    } else if let last = reportedLine, last == lines!.lineIndex(of: range.lowerBound) {
                        // One finding per rule and line: the line is what a person edits.
                    } else {
                        reportedLine = lines!.lineIndex(of: range.lowerBound)
                        let replacement = rule.fix?.expand(group: { n in
                            self.scratch.range(ofGroup: n).map { LineIndex.decode(content, $0, limit: false) }
                        }, maps: scanner.maps)
                        let finding = lines!.finding(rule: rule, range: range, path: path, types: types,
                                                     replacement: replacement)
                        result.findings.append(finding)
                        spans.append((range, finding.start.line, rule.yieldsToOverlaps))
                    }
                    if rule.oncePerFile { break }
                }
            } catch {
                let what = error.isResourceLimit
                    ? "PCRE2 stopped matching (\(error.message)); the rest of this file was not checked by this rule"
                    : "PCRE2 match error: \(error.message)"
                result.warnings.append(ScanWarning(path: path, ruleID: rule.id, message: what))
            }
        }
        if spans.contains(where: \.yields) {
            let firm = spans.filter { !$0.yields }
            let firmLines = Set(firm.map(\.line))
            var keep: [Finding] = []
            for (offset, finding) in result.findings[firstFinding...].enumerated() {
                let span = spans[offset]
                if span.yields, firmLines.contains(span.line) || firm.contains(where: { $0.range.overlaps(span.range) }) {
                    continue
                }
                keep.append(finding)
            }
            result.findings.replaceSubrange(firstFinding..., with: keep)
        }
        applySuppressions(content, path: path, from: firstFinding, lines: lines)
        if longLineMatches > 0 {
            result.warnings.append(ScanWarning(path: path, ruleID: nil, message:
                "\(longLineMatches) \(longLineMatches == 1 ? "match" : "matches") on lines longer than "
                + "\(LineIndex.maxLineLength) bytes not reported (minified or generated code?); "
                + "migrate its source and rebuild it"))
        }
    }
}

/// Line starts of one file, built only when the file has a finding.
struct LineIndex {
    let content: UnsafeRawBufferPointer
    let starts: [Int]

    init(_ content: UnsafeRawBufferPointer) {
        self.content = content
        var starts = [0]
        for (i, byte) in content.enumerated() where byte == 0x0A { starts.append(i + 1) }
        self.starts = starts
    }

    /// Lines longer than this are minified or generated code, not something a person edits.
    static let maxLineLength = 4096

    /// The byte ranges inside Markdown fenced code blocks (``` or ~~~), fences excluded.
    /// An unclosed block runs to the end of the file, as CommonMark renders it.
    func fencedBlocks() -> [Range<Int>] {
        var blocks: [Range<Int>] = []
        var open: (marker: UInt8, contentStart: Int)?
        for (index, start) in starts.enumerated() {
            var i = start
            while i < content.count, content[i] == 0x20 || content[i] == 0x09 { i += 1 }
            guard i + 2 < content.count, content[i] == 0x60 || content[i] == 0x7E,
                  content[i + 1] == content[i], content[i + 2] == content[i] else { continue }
            let next = index + 1 < starts.count ? starts[index + 1] : content.count
            if let current = open {
                if current.marker == content[i] {
                    blocks.append(current.contentStart..<start)
                    open = nil
                }
            } else {
                open = (content[i], next)
            }
        }
        if let current = open { blocks.append(current.contentStart..<content.count) }
        return blocks
    }

    /// The length in bytes of the line holding byte `offset`.
    func lineLength(at offset: Int) -> Int {
        let index = lineIndex(of: offset)
        let end = index + 1 < starts.count ? starts[index + 1] - 1 : content.count
        return end - starts[index]
    }

    /// 0-based index of the line holding byte `offset`.
    func lineIndex(of offset: Int) -> Int {
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    func position(of offset: Int) -> Position {
        let line = lineIndex(of: offset)
        var column = 1
        for i in starts[line]..<offset where content[i] & 0xC0 != 0x80 { column += 1 }
        return Position(line: line + 1, column: column)
    }

    /// The text of line `index`, without `\n` or `\r\n`.
    func text(ofLine index: Int) -> String {
        var end = index + 1 < starts.count ? starts[index + 1] - 1 : content.count
        if end > starts[index], content[end - 1] == 0x0D { end -= 1 }
        return Self.decode(content, starts[index]..<end)
    }

    func finding(rule: Rule, range: Range<Int>, path: String, types: FileTypeSet, replacement: String?) -> Finding {
        let start = position(of: range.lowerBound)
        let line = text(ofLine: start.line - 1)
        // Commented-out code and doc comments are mentions, whatever the rule finds in them.
        let commented = rule.category != .comment && types.isCommentLine(line)
        return Finding(
            ruleID: rule.id, category: commented ? .comment : rule.category,
            priority: commented ? .low : rule.priority,
            layer: rule.layer ?? types.layer(path: path),
            message: commented ? rule.message + " (in a comment)" : rule.message, path: path,
            start: start, end: position(of: range.upperBound),
            match: Self.decode(content, range), lineText: line,
            fixability: Self.fixability(rule, replacement, original: Self.decode(content, range, limit: false)),
            replacement: replacement, byteRange: range)
    }

    static func fixability(_ rule: Rule, _ replacement: String?, original: String) -> Fixability {
        guard let replacement, replacement != original else { return .manual }
        return rule.fixSafety == .safe ? .auto : .suggested
    }

    /// Longest text a finding carries for a match or a line; minified lines would flood reports.
    static let maxTextBytes = 1000

    /// Lossy UTF-8 decoding (invalid bytes become U+FFFD), cut at `maxTextBytes` on a
    /// character boundary with an ellipsis.
    static func decode(_ content: UnsafeRawBufferPointer, _ range: Range<Int>, limit: Bool = true) -> String {
        var end = range.upperBound
        var truncated = false
        if limit, range.count > maxTextBytes {
            end = range.lowerBound + maxTextBytes
            while end > range.lowerBound, content[end] & 0xC0 == 0x80 { end -= 1 }
            truncated = true
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: content[range.lowerBound..<end]), as: UTF8.self)
        return truncated ? text + "…" : text
    }
}
