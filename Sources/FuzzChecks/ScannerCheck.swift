import Engine
import Fix
import Languages
import Model
import Rules

/// Arbitrary bytes scanned with the default rules as one of several kinds of file (the first
/// byte picks which), then planned for `--fix`. Findings must point inside the content at the
/// line and column they name, and a fix plan must be a change the diff writer can express.
public enum ScannerCheck {
    /// One path per file type family the default rules scope to; the first input byte
    /// indexes this list, so seeds under fixtures/fuzz/scanner start with that index.
    public static let paths = [
        "app.py", "src/client.ts", "web/App.vue", "docker-compose.yml", "Dockerfile", "README.md", ".env",
        "package.json", "package-lock.json", "go.mod", "deploy/k8s/values.yaml", "Makefile", "requirements.txt",
        "index.html", "pyproject.toml", "Main.java", "scripts/run.sh", "src/app.js", "config.ini", "main.go",
    ]

    static let scanner: Scanner = {
        do {
            let builtins = try RuleSet.assemble(RuleRequest())
            return Scanner(rules: builtins.rules, maps: builtins.maps, threads: 1)
        } catch {
            fatalError("the default rules do not load: \(error)")
        }
    }()

    /// The same rules searched over whole files: the search around literals must agree.
    static let wholeScanner: Scanner = {
        Scanner(rules: scanner.rules, maps: scanner.maps, threads: 1, searchesAroundAnchors: false)
    }()

    public static func check(_ data: [UInt8]) throws(FuzzFailure) {
        guard let first = data.first else { return }
        let path = paths[Int(first & 0x7F) % paths.count]
        let unsafe = first & 0x80 != 0
        let content = Array(data.dropFirst())
        let name = String(path.split(separator: "/").last!)
        let types = FileType.types(ofFileNamed: name)
        // Content in memory goes through the same worker as a file read from disk (--staged).
        let file = SourceFile(absolutePath: path, path: path, types: types, content: content)
        let result = scanner.scan([file])
        // UTF-16 with a byte-order mark is text (transcoded; its findings are manual and carry
        // the transcoded offsets, so only their fixability is checked here).
        if content.starts(with: [0xFF, 0xFE]) || content.starts(with: [0xFE, 0xFF]) {
            guard result.skipped.binary == 0, result.findings.allSatisfy({ $0.fixability == .manual }) else {
                throw FuzzFailure("scanner", "a UTF-16 file was skipped or made fixable")
            }
            return
        }
        if content.prefix(8192).contains(0) {
            guard result.findings.isEmpty, result.skipped.binary == 1 else {
                throw FuzzFailure("scanner", "a binary file was scanned")
            }
            return
        }
        if wholeScanner.scan([file]).findings != result.findings {
            throw FuzzFailure("scanner", "the search around literals found other findings than the search of the whole file")
        }
        try findingsAreInside(result.findings, content: content, path: path)
        try planIsADiff(file, content: content, unsafe: unsafe)
    }

    static func findingsAreInside(_ findings: [Finding], content: [UInt8], path: String) throws(FuzzFailure) {
        var lineStarts = [0]
        for (i, b) in content.enumerated() where b == 0x0A { lineStarts.append(i + 1) }
        func position(_ offset: Int) -> Position {
            let line = lineStarts.lastIndex { $0 <= offset }!
            let column = 1 + content[lineStarts[line]..<offset].filter { $0 & 0xC0 != 0x80 }.count
            return Position(line: line + 1, column: column)
        }
        for (index, f) in findings.enumerated() {
            let range = f.byteRange
            guard f.path == path, !range.isEmpty, range.lowerBound >= 0, range.upperBound <= content.count else {
                throw FuzzFailure("scanner", "rule '\(f.ruleID)': range \(range) outside \(content.count) bytes of \(f.path)")
            }
            guard f.start == position(range.lowerBound), f.end == position(range.upperBound), f.start.line >= 1 else {
                throw FuzzFailure("scanner", "rule '\(f.ruleID)': \(f.start)-\(f.end) is not where bytes \(range) are")
            }
            if range.count <= 1000, f.match != String(decoding: content[range], as: UTF8.self) {
                throw FuzzFailure("scanner", "rule '\(f.ruleID)': match \(f.match.debugDescription) is not the bytes \(range)")
            }
            guard !f.lineText.contains("\n") else {
                throw FuzzFailure("scanner", "rule '\(f.ruleID)': line text spans lines")
            }
            guard f.fixability == .manual || f.replacement != nil else {
                throw FuzzFailure("scanner", "rule '\(f.ruleID)': fixable without a replacement")
            }
            if index > 0, Finding.reportOrder(f, findings[index - 1]) {
                throw FuzzFailure("scanner", "findings are not in report order")
            }
        }
    }

    static func planIsADiff(_ file: SourceFile, content: [UInt8], unsafe: Bool) throws(FuzzFailure) {
        let plan = Fixer.plan(file, content: content, scanner: scanner, unsafe: unsafe)
        guard plan.original == content else { throw FuzzFailure("scanner", "the plan changed its original") }
        if plan.refusal != nil {
            guard plan.fixed == content, !plan.changed else { throw FuzzFailure("scanner", "a refused plan changes the file") }
            return
        }
        guard plan.changed == (plan.fixed != content) else {
            throw FuzzFailure("scanner", "the plan's 'changed' does not match its bytes")
        }
        guard plan.changed else { return }
        do {
            try UnifiedDiffCheck.roundTrip(path: file.path, old: content, new: plan.fixed)
        } catch {
            throw FuzzFailure("scanner", "the fix's diff: \(error.message)")
        }
    }
}
