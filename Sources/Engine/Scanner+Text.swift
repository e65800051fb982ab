import Languages
import Model

/// A scanned file with a finding a fix could apply, as the scan read it: `--fix` plans from
/// these bytes and findings, so a fix run reads and matches each file once.
public struct ScannedFile: Sendable {
    /// Without index content (`content` is the bytes).
    public var file: SourceFile
    public let content: [UInt8]
    /// The file's findings in report order: after inline suppressions, before the allow
    /// file and the baseline (those are the Policy layer's, after the scan).
    public let findings: [Finding]
}

extension Scanner {
    /// The findings of `bytes` as a file of `types` at `path`, in report order: the one way
    /// to match a text that is not a file on disk (rule examples, and a fix's rewritten text,
    /// which each later pass re-scans).
    /// - Parameter everywhere: apply every rule whatever its `files:` and `paths:` say.
    public func findings(in bytes: [UInt8], path: String, types: FileTypeSet, everywhere: Bool = false) -> [Finding] {
        let worker = FileScanner(scanner: self)
        worker.ignoreRuleScopes = everywhere
        worker.match(bytes, path: path, types: types)
        return worker.result.findings.sorted(by: Finding.reportOrder)
    }

    /// Scans one in-memory text with every rule applied whatever its `files:` and `paths:`
    /// say; rule self-tests use it.
    public func scan(text: String, path: String, types: FileTypeSet) -> [Finding] {
        findings(in: Array(text.utf8), path: path, types: types, everywhere: true)
    }
}

extension Scanner {
    /// Files planned as migration units (Sources/Fix) whatever their findings' fixability: the
    /// ollama client code of Python and JavaScript (TypeScript, Vue, Svelte), the Ollama
    /// services of compose files, and the Ollama workloads of Kubernetes manifests (YAML, when
    /// `mayHoldContainerUnit`).
    public static let unitTypes = FileTypeSet(alwaysPlanned.types + [.yaml])
    private static let alwaysPlanned = FileTypeSet([.python, .javascript, .typescript, .vue, .svelte, .compose])

    /// Whether a file of `types` is planned as migration units. Any YAML file may be a
    /// Kubernetes manifest: only one that names an Ollama image is worth keeping and parsing.
    public static func plansUnits(_ types: FileTypeSet, _ content: some Collection<UInt8>) -> Bool {
        types.intersects(alwaysPlanned) || (types.contains(.yaml) && mayHoldContainerUnit(content))
    }

    /// An image path ending in `/ollama` (ollama/ollama under any registry, or a mirror), or the
    /// ollama-helm chart's top-level `ollama:` key.
    public static func mayHoldContainerUnit(_ content: some Collection<UInt8>) -> Bool {
        content.firstRange(of: Array("/ollama".utf8)) != nil || content.starts(with: Array("ollama:".utf8))
            || content.firstRange(of: Array("\nollama:".utf8)) != nil
    }
}

extension FileScanner {
    /// Keeps the file just matched when the scanner keeps fixable files and one of the
    /// findings from `first` on has a rewrite, or the file is planned as migration units
    /// (`Scanner.plansUnits`), which no rule's template stands for.
    func keepIfFixable(_ file: SourceFile, _ content: some Collection<UInt8>, from first: Int) {
        guard scanner.keepsFixable, first < result.findings.count,
              Scanner.plansUnits(file.types, content) || result.findings[first...].contains(where: { $0.fixability != .manual }) else { return }
        var kept = file
        kept.content = nil
        result.fixable.append(ScannedFile(file: kept, content: Array(content),
                                          findings: result.findings[first...].sorted(by: Finding.reportOrder)))
    }
}
