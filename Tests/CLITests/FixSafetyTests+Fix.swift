import AuditTestSupport
import Foundation
import Platform
import Testing
import Verify

/// `--fix`: manifests keep their syntax and lose ollama's pin and hashes, the planner is
/// linear and stops a rule that feeds itself, and read-only files are refused. Each checks bytes on disk.
extension FixSafetyTests {
    // MARK: - Manifests (item 1)

    /// A pyproject array, a Poetry table, a setup.cfg continuation line and a hashed
    /// requirements file, each fixed: the files load with Python's own parsers (tomllib,
    /// configparser, packaging's Requirement), say openai, and keep none of ollama's version
    /// or hashes; indentation, quotes, markers and the trailing comma stay.
    @Test func manifestEditsKeepTheFileSyntaxAndDropOllamasPin() throws {
        let root = try TestSupport.makeTemporaryDirectory("manifests")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree([
            "pyproject.toml": """
                [project]
                name = "x"
                dependencies = [
                    "ollama==0.4.7",
                    "langchain-ollama>=0.2; python_version >= '3.9'",
                    "fastapi>=0.115",
                ]
                [project.optional-dependencies]
                dev = ["ollama>=0.4.1", "pytest"]

                """,
            "poetry/pyproject.toml": "[tool.poetry.dependencies]\npython = \"^3.10\"\nollama = \"^0.4\"\n",
            "setup.cfg": "[metadata]\nname = x\n\n[options]\ninstall_requires =\n    requests>=2\n    ollama>=0.4\npython_requires = >=3.9\n",
            "requirements.txt": """
                requests==2.32.3 \\
                    --hash=sha256:aaaa
                ollama==0.4.7 ; python_version >= "3.8" \\
                    --hash=sha256:bbbb \\
                    --hash=sha256:cccc
                    # via -r requirements.in
                httpx==0.27.0 --hash=sha256:dddd

                """,
        ], under: root)
        let fix = try TestSupport.run(["scan", ".", "--fix", "--allow-dirty"], in: root, timeout: 120)
        #expect(fix.status == 0, "every finding is fixed: \(fix.stdout) \(fix.stderr)")
        #expect(!fix.stderr.contains("skipped:"), "\(fix.stderr)")
        #expect(try String(contentsOfFile: root + "/pyproject.toml", encoding: .utf8).contains("""
            dependencies = [
                "openai",
                "langchain-openai; python_version >= '3.9'",
                "fastapi>=0.115",
            ]
            """))
        #expect(try String(contentsOfFile: root + "/poetry/pyproject.toml", encoding: .utf8).contains("\nopenai = \"*\"\n"))
        #expect(try String(contentsOfFile: root + "/setup.cfg", encoding: .utf8).contains("    requests>=2\n    openai\n"))
        #expect(try String(contentsOfFile: root + "/requirements.txt", encoding: .utf8) == """
            requests==2.32.3 \\
                --hash=sha256:aaaa
            openai ; python_version >= "3.8"
                # via -r requirements.in
            httpx==0.27.0 --hash=sha256:dddd

            """)

        // Python's parsers, as pip, build backends and setuptools read these files.
        let check = """
            import configparser, sys, tomllib
            from packaging.requirements import Requirement
            def requirement(text):
                r = Requirement(text)
                assert 'ollama' not in r.name, text
                if 'openai' in r.name:
                    assert not str(r.specifier) and r.url is None, text
                return r
            for path in ['pyproject.toml', 'poetry/pyproject.toml']:
                document = tomllib.load(open(path, 'rb'))
            project = tomllib.load(open('pyproject.toml', 'rb'))['project']
            for text in project['dependencies'] + project['optional-dependencies']['dev']:
                requirement(text)
            poetry = tomllib.load(open('poetry/pyproject.toml', 'rb'))['tool']['poetry']['dependencies']
            assert poetry.get('openai') == '*' and 'ollama' not in poetry, poetry
            config = configparser.ConfigParser()
            config.read('setup.cfg')
            for line in config['options']['install_requires'].split('\\n'):
                if line: requirement(line)
            # A requirements file as pip reads it: continuation lines joined, comments and
            # options (--hash) dropped; the ollama line must carry no hash.
            joined = open('requirements.txt').read().replace('\\\\\\n', ' ')
            for line in joined.splitlines():
                text = line.split(' #')[0].strip()
                if not text or text.startswith('#'): continue
                name = text.split('--hash')[0].strip()
                r = requirement(name)
                if r.name == 'openai': assert '--hash' not in text, text
            print('ok')
            """
        let python = try TestSupport.run(["python3", "-B", "-c", check], executable: "/usr/bin/env", in: root)
        #expect(python.status == 0 && python.stdout == "ok\n", "\(python.stdout)\(python.stderr)")
    }

    /// When the file already declares openai, the ollama entry goes: no second openai line,
    /// no second "openai" key in package.json (JSON parsers keep one of two duplicate keys
    /// silently), and no other pin than the project's own.
    @Test func anOpenAIAlreadyDeclaredIsKeptAndOllamaRemoved() throws {
        let root = try TestSupport.makeTemporaryDirectory("manifests-openai")
        defer { TestSupport.removeTree(root) }
        try TestSupport.writeTree([
            "requirements.txt": "ollama==0.4.7 \\\n    --hash=sha256:bbbb\nopenai==1.51.0\nhttpx==0.27.0\n",
            "pyproject.toml": "[project]\nname = \"x\"\ndependencies = [\n    \"openai>=1.40\",\n    \"ollama>=0.4\",\n]\n",
            "package.json": "{\n  \"dependencies\": {\n    \"openai\": \"^4.0.0\",\n    \"ollama\": \"^0.5.0\"\n  }\n}\n",
            "web/package.json": "{\n  \"dependencies\": {\n    \"ollama\": \"^0.5.0\",\n    \"openai\": \"^4.0.0\"\n  }\n}\n",
        ], under: root)
        let fix = try TestSupport.run(["scan", ".", "--fix", "--allow-dirty"], in: root, timeout: 120)
        #expect(fix.status == 0, "\(fix.stdout) \(fix.stderr)")
        #expect(try String(contentsOfFile: root + "/requirements.txt", encoding: .utf8) == "openai==1.51.0\nhttpx==0.27.0\n")
        #expect(try String(contentsOfFile: root + "/pyproject.toml", encoding: .utf8)
                == "[project]\nname = \"x\"\ndependencies = [\n    \"openai>=1.40\",\n]\n")
        for path in ["package.json", "web/package.json"] {
            let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
            #expect(text == "{\n  \"dependencies\": {\n    \"openai\": \"^4.0.0\"\n  }\n}\n", "\(path): \(text)")
            #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil, "\(path) parses")
        }
    }

    /// Rewrites that would break a TOML or an INI file are refused like broken JSON: the
    /// file keeps its bytes and the summary says why.
    @Test(arguments: [
        ("settings.toml", "[tool]\nendpoint = \"ollama\"\n", "the TOML no longer parses"),
        ("tox.ini", "[tool]\nendpoint = ollama\n", "the INI file no longer parses"),
    ])
    func editsThatBreakTOMLOrINIAreRefused(_ row: (String, String, String)) throws {
        let root = try TestSupport.makeTemporaryDirectory("manifests-broken")
        defer { TestSupport.removeTree(root) }
        // A user rule whose rewrite leaves a key without its `=` (TOML) or puts text at
        // column 0 that is neither a key nor a section (INI).
        let rule = TestRule(id: "breaker", pattern: "endpoint = \"?ollama\"?", files: ["toml", "ini"], fix: "endpoint",
                            match: ["endpoint = ollama"]).file
        try TestSupport.writeTree(["rules/r.yml": rule, row.0: row.1], under: root)
        let fix = try TestSupport.run(["scan", row.0, "--rules", "rules", "--no-default-rules", "--fix", "--allow-dirty"],
                                      in: root, timeout: 60)
        #expect(try String(contentsOfFile: root + "/" + row.0, encoding: .utf8) == row.1, "\(row.0) keeps its bytes")
        #expect(fix.stderr.contains("skipped: \(row.0): the rewrite would break the file: \(row.2)"), "\(fix.stderr)")
        #expect(fix.status == 1, "the finding is still there")
    }

    // MARK: - Denial of service (item 6)

    /// 32,000 edits in one `.env` (two per line): minutes when each edit was checked against
    /// every kept one and the diff ran Myers over 64,000 differences; linear now. The bound is
    /// on the run's CPU time (about 3 s for the debug binary here), not the wall clock, which
    /// the machine's other work stretches; a hang is still cut off at two minutes.
    @Test func thirtyTwoThousandEditsInOneFileAreLinear() throws {
        let root = try TestSupport.makeTemporaryDirectory("many-edits")
        defer { TestSupport.removeTree(root) }
        let lines = 32_000
        try TestSupport.writeTree([".env": String(repeating: "OLLAMA_URL=http://localhost:11434\n", count: lines)], under: root)
        let bound: Double = ProcessInfo.processInfo.environment["OLLAMA_AUDIT_SANITIZER"] == nil ? 10 : 60
        let (cpu, ending) = try Self.cpuTime(["scan", root, "--fix", "--dry-run"], limit: 120)
        #expect(ending == .exited(1), "changes pending: \(ending)")
        #expect(cpu < bound, "--fix --dry-run used \(cpu) s of CPU")
        let fix = try TestSupport.run(["scan", ".", "--fix", "--allow-dirty"], in: root, timeout: 120)
        #expect(!fix.timedOut)
        #expect(fix.status == 0, "\(fix.stderr.suffix(300))")
        #expect(fix.stderr.contains("fix: changed 1 file with 64000 edits"), "\(fix.stderr.suffix(300))")
        #expect(try String(contentsOfFile: root + "/.env", encoding: .utf8)
                == String(repeating: "OPENAI_BASE_URL=http://localhost:8000/v1\n", count: lines))
    }

    /// The user and system CPU seconds of one run of the binary, killed after `limit` seconds.
    static func cpuTime(_ arguments: [String], limit: Double) throws -> (Double, Ending) {
        let child = try spawn(arguments)
        let deadline = Date().addingTimeInterval(limit)
        while !child.hasExited(), Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if !child.hasExited() { child.kill() }
        let (ending, seconds) = child.wait()
        return (seconds, ending)
    }

    /// A user fix that re-creates its own match (`ab` → `abab`) doubled the file on each of
    /// 8 passes and ran for over 10 minutes. It is applied once, then stopped, and a warning
    /// names the rule; the dry run's diff is what --fix writes.
    @Test func aFixThatRecreatesItsMatchIsStoppedAndNamed() throws {
        let root = try TestSupport.makeTemporaryDirectory("self-reproducing")
        defer { TestSupport.removeTree(root) }
        let rule = TestRule(id: "doubler", pattern: "ab", files: ["markdown"], fix: "abab", match: ["ab"]).file
        let text = String(repeating: "ab\n", count: 2000)
        try TestSupport.writeTree(["rules/r.yml": rule, "notes.md": text], under: root)
        let arguments = ["scan", "notes.md", "--rules", "rules", "--no-default-rules", "--fix"]
        let (cpu, _) = try Self.cpuTime(["scan", root + "/notes.md", "--rules", root + "/rules", "--no-default-rules",
                                         "--fix", "--dry-run"], limit: 120)
        #expect(cpu < 5, "--fix --dry-run used \(cpu) s of CPU")
        let dry = try TestSupport.run(arguments + ["--dry-run"], in: root, timeout: 120)
        let fix = try TestSupport.run(arguments + ["--allow-dirty"], in: root, timeout: 120)
        for run in [dry, fix] {
            #expect(run.stderr.contains("warning: notes.md: rule 'doubler' keeps matching its own rewrite; stopped after 1 pass"),
                    "\(run.stderr.suffix(400))")
            #expect(!run.stderr.contains("conflict:"), "a loop is not a conflict")
        }
        #expect(dry.stderr.contains("with 2000 edits"), "\(dry.stderr.suffix(300))")
        #expect(try String(contentsOfFile: root + "/notes.md", encoding: .utf8) == String(repeating: "abab\n", count: 2000))
    }

    // MARK: - Read-only files (item 16)

    /// A rewrite replaces the file by a rename, which a 0444 mode does not stop: read-only
    /// files are refused (`skipped:`), keep their bytes and mode, and the dry run says so too.
    @Test func readOnlyFilesAreRefusedNotReplaced() throws {
        let root = try TestSupport.makeTemporaryDirectory("read-only")
        defer { TestSupport.removeTree(root) }
        let line = "OLLAMA_URL=http://localhost:11434\n"
        try TestSupport.writeTree(["locked.env": line, "open.env": line], under: root)
        try FileSystem.setPermissions(root + "/locked.env", 0o444).get()
        let dry = try TestSupport.run(["scan", ".", "--fix", "--dry-run"], in: root, timeout: 60)
        #expect(dry.stderr.contains("skipped: locked.env: read-only (mode 0444); never rewritten"), "\(dry.stderr)")
        #expect(!dry.stdout.contains("locked.env"), "no diff for a file that will not be written")
        let fix = try TestSupport.run(["scan", ".", "--fix", "--allow-dirty"], in: root, timeout: 60)
        #expect(fix.stderr.contains("skipped: locked.env: read-only (mode 0444); never rewritten, make it writable to fix it"),
                "\(fix.stderr)")
        #expect(fix.stderr.contains("fix: changed 1 file with 2 edits; 1 refused"), "\(fix.stderr)")
        #expect(fix.status == 1, "locked.env still holds its findings")
        #expect(try String(contentsOfFile: root + "/locked.env", encoding: .utf8) == line)
        #expect(try String(contentsOfFile: root + "/open.env", encoding: .utf8) == "OPENAI_BASE_URL=http://localhost:8000/v1\n")
        #expect(FileStatus.at(root + "/locked.env")?.permissions == 0o444)
    }
}
