import AuditTestSupport
import Foundation
import Model
import OllamaAuditCore
import Platform
import Testing
import Verify


/// Fix safety under faults: `--fix` killed at random moments, files edited between
/// the scan and the write, writes that fail (a full disk), and writes that would land outside
/// the scan root. Each test checks bytes on disk, never only what the tool says.
@Suite(.serialized) struct FixSafetyTests {
    // MARK: - Crash consistency

    /// 2,000 fixable files; `--fix` is SIGKILLed 50 times at seeded random moments spread over
    /// the run: while rules load, while files are scanned and planned, while they are written
    /// (20 kills), and during the re-scan after. After every kill each file is byte-identical
    /// to its original or to its fixed version, and nothing but our temporary files is left
    /// over; the next complete run removes and names those. `OLLAMA_AUDIT_KILL_SEED` replays a
    /// failing schedule.
    /// ThreadSanitizer's runtime dies at start-up under `ulimit -f` (DEADLYSIGNAL, exit 66), so
    /// the file-size-limit tests cannot run the instrumented binary; `make sanitize-thread` skips them.
    static let underThreadSanitizer = ProcessInfo.processInfo.environment["OLLAMA_AUDIT_SANITIZER"] == "thread"
    static let fileSizeLimitReason: Comment = "ThreadSanitizer's runtime cannot start under a file-size limit"

    @Test func sigkillLeavesEveryFileOriginalOrFixed() throws {
        let seed = ProcessInfo.processInfo.environment["OLLAMA_AUDIT_KILL_SEED"].flatMap { UInt64($0) } ?? 0x0A11_A5EE_D008
        var rng = SplitMix64(seed: seed)
        let clock = ContinuousClock()
        let testStart = clock.now
        let base = try Self.fastTemporaryDirectory("sigkill")
        defer { TestSupport.removeTree(base) }
        let root = base + "/tree"
        let originals = Self.fixableTree(files: 2000)
        let paths = originals.keys.sorted()
        for path in paths { try Self.put(originals[path]!, at: root + "/" + path) }

        // Learn each file's fixed bytes, and when the writes happen, from one complete run.
        let started = Date()
        let calibration = try Self.spawn(["scan", root, "--fix", "--allow-dirty"])
        let calibrationEnding = Self.wait(calibration)
        let duration = Date().timeIntervalSince(started)
        #expect(calibrationEnding == .exited(0), "the complete run: \(calibrationEnding)")
        var fixed: [String: [UInt8]] = [:]
        var firstWrite = Double.infinity, lastWrite = 0.0
        var firstWritten = paths[0]
        for path in paths {
            fixed[path] = try Self.bytes(root + "/" + path)
            let written = Self.modificationTime(root + "/" + path).timeIntervalSince(started)
            if written < firstWrite { firstWrite = written; firstWritten = path }
            lastWrite = max(lastWrite, written)
        }
        let unchanged = paths.filter { fixed[$0] == originals[$0] }
        try #require(unchanged.isEmpty, "the default rules must rewrite every generated file: \(unchanged.prefix(3))")
        try #require(Self.temporaryFiles(under: root).isEmpty)
        let writing = max(0.005, lastWrite - firstWrite)
        let rescan = max(0.01, duration - lastWrite)

        // The schedule. Kills timed from the start land while rules load or files are scanned
        // and planned (5 within 50 ms); the rest are timed from the moment the first file is
        // replaced (seen by polling it), so 20 hit the writes however loaded the machine is,
        // and 6 the re-scan after. Each kill during the writes costs a whole scan and plan
        // first: 20 of them keep the test near a minute and a half on a busy machine.
        enum Moment { case fromStart(Double), fromFirstWrite(Double) }
        var schedule: [Moment] = []
        for _ in 0..<5 { schedule.append(.fromStart(Double.random(in: 0...0.05, using: &rng))) }
        for _ in 0..<19 { schedule.append(.fromStart(Double.random(in: 0.05...max(0.06, firstWrite), using: &rng))) }
        // (0.9: the writes are often quicker than in the calibration run, which started cold.)
        for _ in 0..<20 { schedule.append(.fromFirstWrite(Double.random(in: 0...(writing * 0.9), using: &rng))) }
        for _ in 0..<6 { schedule.append(.fromFirstWrite(writing + Double.random(in: 0...rescan, using: &rng))) }
        schedule.shuffle(using: &rng)

        var problems: [String] = []
        var badRounds = Set<Int>()
        var cleanedUp = 0
        var midWrite = 0, roundsWithNewLeftovers = 0, newLeftovers = 0, finishedFirst = 0
        var current = fixed  // what the tree holds now
        var present: [String] = []  // our temporary files in the tree now
        var checking = Duration.zero
        for (round, moment) in schedule.enumerated() {
            let checkStart = clock.now
            // Restore the originals (only the files that differ).
            for path in paths where current[path] != originals[path] {
                try Self.put(originals[path]!, at: root + "/" + path)
                current[path] = originals[path]
            }
            let leftoversBefore = Set(present)
            checking += clock.now - checkStart
            let watched = Self.identity(root + "/" + firstWritten)
            let pid = try Self.spawn(["scan", root, "--fix", "--allow-dirty"])
            let spawned = clock.now
            switch moment {
            case let .fromStart(delay):
                Self.sleep(until: spawned + .seconds(delay))
            case let .fromFirstWrite(delay):
                // Replacing the first file gives it a new inode (or, written in place, a new
                // size or mtime).
                while Self.identity(root + "/" + firstWritten) == watched, !Self.hasExited(pid),
                      clock.now - spawned < .seconds(60) {
                    Thread.sleep(forTimeInterval: 0.0005)
                }
                // Leftovers go before the first write: this run has removed the earlier ones.
                let stale = leftoversBefore.filter { FileManager.default.fileExists(atPath: root + "/" + $0) }
                if !stale.isEmpty, !Self.hasExited(pid) {
                    problems.append("round \(round): leftovers of earlier rounds survived the start of the writes: \(stale.sorted())")
                    badRounds.insert(round)
                }
                cleanedUp += leftoversBefore.count - stale.count
                Self.sleep(until: clock.now + .seconds(delay))
            }
            pid.kill()
            if Self.wait(pid) != .killed { finishedFirst += 1 }
            let checkEnd = clock.now
            defer { checking += clock.now - checkEnd }

            var fixedCount = 0
            for path in paths {
                let now = try Self.bytes(root + "/" + path)
                current[path] = now
                if now == fixed[path] {
                    fixedCount += 1
                } else if now != originals[path] {
                    problems.append("round \(round) (\(moment), seed \(seed)): \(path) is neither original nor fixed")
                    badRounds.insert(round)
                }
            }
            if fixedCount > 0, fixedCount < paths.count { midWrite += 1 }
            let entries = Self.allFiles(under: root)
            let temporary = entries.filter(Self.isTemporary)
            present = temporary
            let fresh = Set(temporary).subtracting(leftoversBefore)
            if !fresh.isEmpty { roundsWithNewLeftovers += 1; newLeftovers += fresh.count }
            let strays = entries.filter { originals[$0] == nil && !temporary.contains($0) }
            if !strays.isEmpty {
                problems.append("round \(round): unexpected files \(strays.prefix(5))")
                badRounds.insert(round)
            }
        }
        #expect(problems.isEmpty, "\(problems.count) problems, first: \(problems.prefix(5))")
        // The schedule must really have hit the writes, or the test proves nothing.
        #expect(midWrite >= 8, "only \(midWrite) of the 20 kills aimed at the writes landed between the first and the last")

        // The next complete run removes the leftovers, names each, and finishes the job.
        let leftovers = Self.temporaryFiles(under: root)
        let final = try TestSupport.run(["scan", root, "--fix", "--allow-dirty"])
        #expect(final.status == 0, "\(final.stderr)")
        #expect(Self.temporaryFiles(under: root).isEmpty, "no temporary file survives a complete run")
        for leftover in leftovers {
            #expect(final.stderr.contains("leftover: \(leftover): temporary file of an interrupted run; removed"),
                    "\(leftover) is reported: \(final.stderr.prefix(500))")
        }
        for path in paths { #expect(try Self.bytes(root + "/" + path) == fixed[path], "\(path) is fixed") }
        let f = { (x: Double) in String(format: "%.2f", x) }
        print("""
            FixSafetyTests.sigkill: seed \(seed); complete run \(f(duration)) s, writes from \(f(firstWrite)) s for \
            \(f(writing)) s; \(schedule.count - badRounds.count) of \(schedule.count) rounds consistent; \(midWrite) \
            killed mid-write; \(roundsWithNewLeftovers) left new temporary files (\(newLeftovers) in all), \(cleanedUp) \
            removed by the next round's run, \(leftovers.count) by the final run; \(finishedFirst) finished before the \
            kill; \(clock.now - testStart) in all, \(checking) of it restoring and checking files
            """)
    }

    /// A leftover temporary file (`.ollama-audit-tmp-` plus six letters and digits) is never
    /// scanned; a scan and a dry run name it and leave it; `--fix` removes it, only if it is a
    /// regular file, and says so. Look-alikes and links are left alone.
    @Test func leftoverTemporaryFilesAreReportedAndRemovedByFix() throws {
        let outside = try TestSupport.makeTemporaryDirectory("outside")
        defer { TestSupport.removeTree(outside) }
        try TestSupport.writeTree(["target": "keep me\n"], under: outside)
        let root = try TestSupport.makeTemporaryDirectory("leftovers")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree([
            "a.env": "OLLAMA_URL=http://localhost:11434\n",
            ".ollama-audit-tmp-Ab12Cd": "OLLAMA_URL=http://localhost:11434\n",  // half a fixed .env
            "sub/.ollama-audit-tmp-XyZ987": "import ollama\n",
            "sub/.ollama-audit-tmp-toolong1": "not ours\n",
            "sub/.ollama-audit-tmp-AB12C": "not ours either\n",
        ], under: root)
        try FileManager.default.createSymbolicLink(atPath: root + "/.ollama-audit-tmp-LnK123", withDestinationPath: outside + "/target")
        let ours = [".ollama-audit-tmp-Ab12Cd", "sub/.ollama-audit-tmp-XyZ987"]
        let kept = ["sub/.ollama-audit-tmp-toolong1", "sub/.ollama-audit-tmp-AB12C", ".ollama-audit-tmp-LnK123"]

        let scan = try TestSupport.run(["scan", ".", "--format", "json"], in: root)
        #expect(scan.status == 1, "one finding, in a.env: \(scan.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(scan.stdout.utf8)) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(Set(findings.compactMap { $0["path"] as? String }) == ["a.env"], "leftovers are never scanned")
        for name in ours {
            #expect(scan.stderr.contains("warning: \(name): temporary file of an interrupted run"), "\(scan.stderr)")
            #expect(FileManager.default.fileExists(atPath: root + "/" + name), "a scan removes nothing")
        }

        let dry = try TestSupport.run(["scan", ".", "--fix", "--dry-run"], in: root)
        #expect(dry.status == 1)
        for name in ours {
            #expect(dry.stderr.contains("leftover: \(name): temporary file of an interrupted run; --fix removes it"), "\(dry.stderr)")
            #expect(FileManager.default.fileExists(atPath: root + "/" + name), "a dry run removes nothing")
        }

        let fix = try TestSupport.run(["scan", ".", "--fix", "--allow-dirty"], in: root)
        #expect(fix.status == 0, "\(fix.stderr)")
        for name in ours {
            #expect(fix.stderr.contains("leftover: \(name): temporary file of an interrupted run; removed"), "\(fix.stderr)")
            #expect(!FileManager.default.fileExists(atPath: root + "/" + name))
        }
        #expect(fix.stderr.contains("2 leftover temporary files removed"))
        for name in kept {
            #expect(FileStatus.at(root + "/" + name, followLink: false) != nil, "\(name) is not ours and stays")
            #expect(!fix.stderr.contains(name))
        }
        #expect(try String(contentsOfFile: outside + "/target", encoding: .utf8) == "keep me\n")
        #expect(try String(contentsOfFile: root + "/a.env", encoding: .utf8) == "OPENAI_BASE_URL=http://localhost:8000/v1\n")
    }

    // MARK: - Concurrent modification

    /// The plan/apply split gives a deterministic race: files are planned, two are edited (one
    /// grows, one keeps its size and gets its old mtime back), then the plan is applied. The
    /// edits survive, the other file is fixed, and the skips are reported.
    @Test func fileEditedBetweenScanAndWriteIsSkippedAndReported() throws {
        let root = try TestSupport.makeTemporaryDirectory("concurrent")
        defer { TestSupport.removeTree(root) }
        let line = "OLLAMA_URL=http://localhost:11434\n"
        try TestSupport.writeTree(["a.env": line, "b.env": line, "c.env": line], under: root)
        var request = FixRequest()
        request.scan.paths = [root]
        request.allowDirty = true
        let plan = try Pipeline.planFix(request)
        #expect(plan.plans.filter(\.changed).count == 3)

        let grown = line + "# my edit\n"
        try Data(grown.utf8).write(to: URL(fileURLWithPath: root + "/b.env"))
        let before = try #require(FileStatus.at(root + "/c.env"))
        let sameSize = line.replacingOccurrences(of: "11434", with: "11435")
        try Data(sameSize.utf8).write(to: URL(fileURLWithPath: root + "/c.env"))
        try FileSystem.setTimes(root + "/c.env", accessed: before.accessed, modified: before.modified).get()

        let run = try Pipeline.applyFix(plan)
        #expect(try String(contentsOfFile: root + "/a.env", encoding: .utf8) == "OPENAI_BASE_URL=http://localhost:8000/v1\n")
        #expect(try String(contentsOfFile: root + "/b.env", encoding: .utf8) == grown, "the user's edit is kept")
        #expect(try String(contentsOfFile: root + "/c.env", encoding: .utf8) == sameSize, "the user's edit is kept")
        #expect(run.written == ["a.env"])
        #expect(run.skipped.map(\.path).sorted() == ["b.env", "c.env"])
        #expect(run.summary.contains("skipped: b.env: changed since the scan; left alone, run the fix again"), "\(run.summary)")
        #expect(run.summary.contains("skipped: c.env: changed since the scan"))
        #expect(run.summary.contains("fix: changed 1 file with 2 edits; 2 refused"), "\(run.summary)")
        // The edited files still hold their findings: the run exits 1, as README's contract says.
        #expect(ExitStatus.of(run.report, failOn: .low, strict: false, allowIncomplete: false) == .findings)
        #expect(Self.temporaryFiles(under: root).isEmpty)
    }

    // MARK: - Disk full

    /// Every write fails (RLIMIT_FSIZE 0, SIGXFSZ ignored so the write gets EFBIG): every file
    /// keeps its bytes, no temporary file stays, stderr names each file, and the exit is 2.
    @Test(.disabled(if: FixSafetyTests.underThreadSanitizer, FixSafetyTests.fileSizeLimitReason))
    func failedWritesLeaveOriginalsIntact() throws {
        let root = try TestSupport.makeTemporaryDirectory("diskfull")
        defer { TestSupport.removeTree(root) }
        let files = [
            "a.env": "OLLAMA_URL=http://localhost:11434\n",
            "sub/run.sh": "#!/bin/sh\ncurl http://localhost:11434/api/tags\n",
        ]
        try TestSupport.writeTree(files, under: root)
        let result = try Self.runLimited(fileSizeBlocks: 0, ["scan", ".", "--fix", "--allow-dirty"], in: root)
        #expect(result.status == 2, "a write that fails is an error: \(result.stderr)")
        for (path, text) in files {
            #expect(try String(contentsOfFile: root + "/" + path, encoding: .utf8) == text, "\(path) is intact")
        }
        #expect(result.stderr.contains("error: cannot write a.env: File too large; the file is unchanged"), "\(result.stderr)")
        #expect(result.stderr.contains("error: cannot write sub/run.sh: File too large; the file is unchanged"))
        #expect(result.stderr.contains("fix: changed 0 files with 0 edits"))
        #expect(result.stderr.contains("2 not written"))
        #expect(Self.temporaryFiles(under: root).isEmpty)
        // The findings are still there, and the report says so.
        #expect(result.stdout.contains("a.env"))
    }

    /// A limit that small files fit under and a large one does not: the small ones are fixed,
    /// the large one keeps every byte, and only it is named.
    @Test(.disabled(if: FixSafetyTests.underThreadSanitizer, FixSafetyTests.fileSizeLimitReason))
    func aWriteThatFailsMidwayLeavesThatFileIntact() throws {
        let root = try TestSupport.makeTemporaryDirectory("diskfull-partial")
        defer { TestSupport.removeTree(root) }
        let padding = String(repeating: "# padding line to make this file larger than the limit\n", count: 40)
        let big = "OLLAMA_URL=http://localhost:11434\n" + padding
        try TestSupport.writeTree(["big.env": big, "small.env": "OLLAMA_URL=http://localhost:11434\n"], under: root)
        // 1 block of 512 bytes: write() gets the first 512 bytes in, then EFBIG.
        let result = try Self.runLimited(fileSizeBlocks: 1, ["scan", ".", "--fix", "--allow-dirty"], in: root)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(try String(contentsOfFile: root + "/big.env", encoding: .utf8) == big)
        #expect(try String(contentsOfFile: root + "/small.env", encoding: .utf8) == "OPENAI_BASE_URL=http://localhost:8000/v1\n")
        #expect(result.stderr.contains("error: cannot write big.env: File too large"), "\(result.stderr)")
        #expect(!result.stderr.contains("cannot write small.env"))
        #expect(result.stderr.contains("fix: changed 1 file with 2 edits"))
        #expect(Self.temporaryFiles(under: root).isEmpty)
    }

    /// A real full disk where one can be made (root, and mounts allowed: a 64 KiB tmpfs filled
    /// up): writes fail with ENOSPC, every file keeps its bytes, no temporary file stays, exit 2.
    @Test(.enabled(if: FixSafetyTests.canMountTmpfs, "needs root and permission to mount a tmpfs"))
    func aFullTmpfsLeavesOriginalsIntact() throws {
        let mountPoint = try TestSupport.makeTemporaryDirectory("tmpfs")
        defer { TestSupport.removeTree(mountPoint) }
        let mounted = try TestSupport.run(["-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint], executable: "/bin/mount")
        try #require(mounted.status == 0, "\(mounted.stderr)")
        defer { _ = try? TestSupport.run([mountPoint], executable: "/bin/umount") }
        let files = ["a.env": "OLLAMA_URL=http://localhost:11434\n", "sub/b.sh": "curl http://localhost:11434/api/tags\n"]
        try TestSupport.writeTree(files, under: mountPoint)
        // Fill every block that is left (the filler has no known type: never scanned).
        let fill = try TestSupport.run(["if=/dev/zero", "of=" + mountPoint + "/filler", "bs=1024"], executable: "/bin/dd")
        try #require(fill.stderr.contains("No space left on device"), "the tmpfs is full: \(fill.stderr)")

        let result = try TestSupport.run(["scan", ".", "--fix", "--allow-dirty"], in: mountPoint)
        #expect(result.status == 2, "\(result.stderr)")
        for (path, text) in files {
            #expect(try String(contentsOfFile: mountPoint + "/" + path, encoding: .utf8) == text, "\(path) is intact")
            #expect(result.stderr.contains("error: cannot write \(path): No space left on device; the file is unchanged"),
                    "\(result.stderr)")
        }
        #expect(Self.temporaryFiles(under: mountPoint).isEmpty)
    }

    static let canMountTmpfs: Bool = {
        guard ProcessIdentity.isRoot, FileManager.default.isExecutableFile(atPath: "/bin/mount") else { return false }
        guard let probe = try? TestSupport.makeTemporaryDirectory("tmpfs-probe") else { return false }
        defer { TestSupport.removeTree(probe) }
        guard (try? TestSupport.run(["-t", "tmpfs", "-o", "size=4k", "tmpfs", probe], executable: "/bin/mount"))?.status == 0 else {
            return false
        }
        _ = try? TestSupport.run([probe], executable: "/bin/umount")
        return true
    }()

    /// Reports written to a full disk: `--output` and `--report` files keep their previous
    /// content, no temporary file stays beside them, and the run exits 2 naming the file.
    @Test(.disabled(if: FixSafetyTests.underThreadSanitizer, FixSafetyTests.fileSizeLimitReason))
    func reportsToAFullDiskKeepThePreviousReport() throws {
        let root = try TestSupport.makeTemporaryDirectory("diskfull-report")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree([
            "src/a.env": "OLLAMA_URL=http://localhost:11434\n",
            "out/report.json": "previous json\n",
            "out/report.sarif": "previous sarif\n",
        ], under: root)
        for extra in [[], ["--fix", "--allow-dirty"]] {
            let result = try Self.runLimited(fileSizeBlocks: 0,
                ["scan", "src", "--format", "json", "-o", "out/report.json", "--report", "sarif=out/report.sarif"] + extra, in: root)
            #expect(result.status == 2, "\(extra): \(result.stderr)")
            #expect(result.stderr.contains("error: cannot write out/report"), "\(extra): \(result.stderr)")
            #expect(try String(contentsOfFile: root + "/out/report.json", encoding: .utf8) == "previous json\n")
            #expect(try String(contentsOfFile: root + "/out/report.sarif", encoding: .utf8) == "previous sarif\n")
            #expect(Self.temporaryFiles(under: root).isEmpty, "\(extra)")
            #expect(try String(contentsOfFile: root + "/src/a.env", encoding: .utf8) == "OLLAMA_URL=http://localhost:11434\n")
        }
    }

    // MARK: - No escape

    /// A linked folder and a linked file lead outside the root, each to fixable files. The fix
    /// rewrites what is inside and leaves everything outside byte for byte, with no new file.
    @Test func linksOutOfTheRootAreNeverWritten() throws {
        let outside = try TestSupport.makeTemporaryDirectory("outside")
        defer { TestSupport.removeTree(outside) }
        try TestSupport.writeTree([
            "lib/x.env": "OLLAMA_URL=http://localhost:11434\n",
            "lib/y.py": "import ollama\n",
            "one.env": "OLLAMA_MODEL=llama3.1:8b\n",
        ], under: outside)
        let root = try TestSupport.makeTemporaryDirectory("inside")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree(["a.env": "OLLAMA_URL=http://localhost:11434\n"], under: root)
        try FileManager.default.createSymbolicLink(atPath: root + "/lib", withDestinationPath: outside + "/lib")
        try FileManager.default.createSymbolicLink(atPath: root + "/one.env", withDestinationPath: outside + "/one.env")
        try FileManager.default.createSymbolicLink(atPath: root + "/up", withDestinationPath: "..")
        let before = try Self.snapshot(outside)

        let result = try TestSupport.run(["scan", ".", "--fix", "--allow-dirty", "--unsafe-fixes"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.snapshot(outside) == before, "nothing outside the root changes")
        #expect(try String(contentsOfFile: root + "/a.env", encoding: .utf8) == "OPENAI_BASE_URL=http://localhost:8000/v1\n")
        // A linked file named on the command line, also by way of `..`, is not written through
        // either (it used to be: the path was resolved before the walk). A path through a linked
        // folder (`lib/x.env`) names the file behind it as the root: that is the user's choice.
        for path in ["one.env", "lib/../one.env", "./one.env"] {
            let named = try TestSupport.run(["scan", path, "--fix", "--allow-dirty"], in: root)
            #expect(named.stderr.contains("fix: changed 0 files"), "\(path): \(named.stderr)")
            #expect(try Self.snapshot(outside) == before, "\(path)")
        }
    }

    /// Scan paths with `..` components: `TREE/sub/..` is TREE, even when `sub` is a link to a
    /// folder elsewhere (the path is normalised as written, links are not resolved). Only the
    /// tree's files change.
    @Test func dotDotInTheScanPathStaysInTheRoot() throws {
        let outside = try TestSupport.makeTemporaryDirectory("outside")
        defer { TestSupport.removeTree(outside) }
        try TestSupport.writeTree(["inner/x.env": "OLLAMA_URL=http://localhost:11434\n", "y.env": "OLLAMA_URL=http://localhost:11434\n"],
                                  under: outside)
        let base = try TestSupport.makeTemporaryDirectory("dotdot")
        defer { TestSupport.removeTree(base) }
        let root = base + "/tree"
        let line = "OLLAMA_URL=http://localhost:11434\n"
        let fixedLine = "OPENAI_BASE_URL=http://localhost:8000/v1\n"
        try TestSupport.writeTree(["tree/a.env": line, "tree/sub/b.env": line, "sibling.env": line], under: base)
        try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: outside + "/inner")
        let before = try Self.snapshot(outside)

        for path in [root + "/sub/../", "tree/link/..", "tree/sub/../../tree"] {
            try TestSupport.writeTree(["tree/a.env": line, "tree/sub/b.env": line], under: base)
            let result = try TestSupport.run(["scan", path, "--fix", "--allow-dirty"], in: base)
            #expect(result.status == 0, "\(path): \(result.stderr)")
            #expect(try String(contentsOfFile: root + "/a.env", encoding: .utf8) == fixedLine, "\(path)")
            #expect(try String(contentsOfFile: root + "/sub/b.env", encoding: .utf8) == fixedLine, "\(path)")
            #expect(try String(contentsOfFile: base + "/sibling.env", encoding: .utf8) == line, "\(path): outside the root")
            #expect(try Self.snapshot(outside) == before, "\(path): nothing outside changes")
        }
    }

    /// A user rule whose rewrite and ensured line look like paths (`../` up to a file outside,
    /// an absolute path to it) only ever changes the text of the file it matched: no write goes
    /// elsewhere, and no file is created.
    @Test func pathLikeFixTemplatesOnlyChangeFileText() throws {
        let outside = try TestSupport.makeTemporaryDirectory("outside")
        defer { TestSupport.removeTree(outside) }
        try TestSupport.writeTree(["victim.env": "OLLAMA_URL=keep\n"], under: outside)
        let base = try TestSupport.makeTemporaryDirectory("templates")
        defer { TestSupport.removeTree(base) }
        let root = base + "/tree"
        let escape = "../../" + (outside as NSString).lastPathComponent + "/victim.env"
        let rules = """
            rules:
              - id: path-like
                message: m
                category: client-call
                priority: high
                pattern: |-
                  REPLACE_ME(?<rest>[^\\n]*)
                fix: '\(escape)${rest}\(outside)/victim.env'
                ensure:
                  - line: '\(outside)/victim.env'
                    after: '^x'
                guidance: g
                examples: { match: ["REPLACE_ME"], no-match: ["x"] }
            """
        try TestSupport.writeTree([
            "tree/x.py": "x = 1\nREPLACE_ME/../../victim.env\n",
            "rules.yml": rules,
        ], under: base)
        let before = try Self.snapshot(outside)
        let baseBefore = Set(Self.allFiles(under: base))

        let result = try TestSupport.run(["scan", "tree", "--fix", "--allow-dirty", "--no-default-rules", "--rules", "rules.yml"], in: base)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: root + "/x.py", encoding: .utf8)
                == "x = 1\n\(outside)/victim.env\n\(escape)/../../victim.env\(outside)/victim.env\n")
        #expect(try Self.snapshot(outside) == before, "nothing outside changes")
        #expect(Set(Self.allFiles(under: base)) == baseBefore, "no file is created")
    }

    /// A folder on a planned file's path becomes a link out of the root between the plan and
    /// the write (the same files behind it, so the content check alone would pass): the write
    /// is refused, and nothing outside changes.
    @Test func aFolderSwappedForALinkAfterThePlanIsNotWrittenThrough() throws {
        let outside = try TestSupport.makeTemporaryDirectory("outside")
        defer { TestSupport.removeTree(outside) }
        let root = try TestSupport.makeTemporaryDirectory("swap")
        defer { TestSupport.removeTree(root) }
        let line = "OLLAMA_URL=http://localhost:11434\n"
        try TestSupport.writeTree(["a.env": line, "sub/deeper/b.env": line], under: root)
        var request = FixRequest()
        request.scan.paths = [root]
        request.allowDirty = true
        let plan = try Pipeline.planFix(request)
        #expect(plan.plans.filter(\.changed).count == 2)

        try FileManager.default.moveItem(atPath: root + "/sub", toPath: outside + "/sub")
        try FileManager.default.createSymbolicLink(atPath: root + "/sub", withDestinationPath: outside + "/sub")
        let before = try Self.snapshot(outside)
        let run = try Pipeline.applyFix(plan)
        #expect(try Self.snapshot(outside) == before, "nothing outside changes")
        #expect(run.written == ["a.env"])
        #expect(run.skipped.contains { $0.path == "sub/deeper/b.env" && $0.reason.contains("not a folder any more") }, "\(run.summary)")
    }

    // MARK: - Helpers

    /// A temporary folder on tmpfs when there is one: fsync is free there, which keeps 50
    /// complete runs fast. A SIGKILL loses nothing the kernel has accepted, so what the test
    /// checks (atomic renames, temporary files) does not depend on the file system.
    static func fastTemporaryDirectory(_ name: String) throws -> String {
        let shm = "/dev/shm"
        if FileManager.default.isWritableFile(atPath: shm) {
            let path = shm + "/ollama-audit-\(name)-\(UUID().uuidString)"
            if (try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)) != nil { return path }
        }
        return try TestSupport.makeTemporaryDirectory(name)
    }

    /// `files` fixable files in 40 folders, each distinct: `.env` files (variable names, port,
    /// model), shell scripts and JavaScript (port and REST path), requirements files (the
    /// package). All rewritten by the default rules, and cheap to plan, so rounds stay short.
    static func fixableTree(files: Int) -> [String: [UInt8]] {
        var tree: [String: [UInt8]] = [:]
        for n in 0..<files {
            let (name, text): (String, String)
            switch n % 4 {
            case 0: (name, text) = ("f\(n).env", "# file \(n)\nOLLAMA_URL=http://localhost:11434\nOLLAMA_MODEL=llama3.1:8b\n")
            case 1: (name, text) = ("f\(n).sh", "#!/bin/sh\n# file \(n)\ncurl http://localhost:11434/api/tags\n")
            case 2: (name, text) = ("f\(n).js", "// file \(n)\nconst url = 'http://localhost:11434/v1/chat/completions'\n")
            default: (name, text) = ("requirements-\(n).txt", "# file \(n)\nollama==0.3.0\nrequests\n")
            }
            tree["d\(n % 40)/" + name] = Array(text.utf8)
        }
        return tree
    }

    static func put(_ bytes: [UInt8], at path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CocoaError(.fileReadUnknown) }
        return [UInt8](data)
    }

    static func modificationTime(_ path: String) -> Date {
        let time = FileStatus.at(path)?.modified ?? [0, 0]
        return Date(timeIntervalSince1970: Double(time[0]) + Double(time[1]) / 1e9)
    }

    /// Every entry under `root` but folders (files, links, ...), relative, without following
    /// links. A plain folder listing, not FileManager's enumerator: this runs 50 times over
    /// 2,000 files.
    static func allFiles(under root: String) -> [String] {
        var out: [String] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let path = relative.isEmpty ? root : root + "/" + relative
            guard let folder = try? Directory.open(Array(path.utf8), followLink: true).get() else { continue }
            for entry in folder.entries().entries {
                let name = String(decoding: entry.name, as: UTF8.self)
                let path = relative.isEmpty ? name : relative + "/" + name
                if entry.kind == .directory { pending.append(path) } else { out.append(path) }
            }
        }
        return out.sorted()
    }

    static func isTemporary(_ path: String) -> Bool {
        (path as NSString).lastPathComponent.hasPrefix(".ollama-audit-tmp-")
    }

    /// Our temporary files under `root`, relative.
    static func temporaryFiles(under root: String) -> [String] {
        allFiles(under: root).filter(isTemporary)
    }

    /// Every entry under `root` with its bytes (a link: its target), to compare before/after.
    static func snapshot(_ root: String) throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for name in allFiles(under: root) {
            let path = root + "/" + name
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                out[name] = Array(("link → " + target).utf8)
            } else {
                out[name] = try bytes(path)
            }
        }
        return out
    }

    /// Runs the binary with RLIMIT_FSIZE at `fileSizeBlocks` × 512 bytes, SIGXFSZ ignored (an
    /// ignored signal stays ignored across exec), so writes past the limit fail with EFBIG as
    /// they would on a full disk.
    static func runLimited(fileSizeBlocks: Int, _ arguments: [String], in directory: String) throws -> TestSupport.RunResult {
        try TestSupport.run(["-c", "trap '' XFSZ; ulimit -f \(fileSizeBlocks) && exec \"$0\" \"$@\"", TestSupport.binary] + arguments,
                            executable: "/bin/sh", in: directory)
    }

    typealias Ending = ChildProcess.Ending

    /// Inode, size and modification time: what changes when a file is replaced or rewritten.
    static func identity(_ path: String) -> [Int] {
        guard let status = FileStatus.at(path, followLink: false) else { return [] }
        return [Int(status.inode), status.size] + status.modified
    }

    /// Whether the child has exited, without reaping it (the pid stays ours until `wait`).
    static func hasExited(_ child: ChildProcess) -> Bool { child.hasExited() }

    static func sleep(until deadline: ContinuousClock.Instant) {
        let left = deadline - ContinuousClock().now
        guard left > .zero else { return }
        let (seconds, attoseconds) = left.components
        Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
    }

    /// Starts the binary with output to /dev/null; the pid stays ours (a zombie) until
    /// `wait`, so a kill can never hit a recycled pid.
    static func spawn(_ arguments: [String]) throws -> ChildProcess {
        try ChildProcess.start(TestSupport.binary, arguments, environment: ["NO_COLOR": "1"])
    }

    static func wait(_ child: ChildProcess) -> Ending { child.wait().ending }
}
