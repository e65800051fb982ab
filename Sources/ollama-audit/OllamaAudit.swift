import ArgumentParser
import Foundation
import Model
import Platform
import Report

@main
struct OllamaAudit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ollama-audit",
        abstract: "Find every Ollama dependency in a repository, for the move to vLLM.",
        discussion: """
            Exit codes: 0 clean, 1 findings at or above --fail-on remain, 2 usage, rule or \
            config error, 3 incomplete scan (unreadable files, match limits).

            Examples:
              ollama-audit scan                      scan the current folder
              ollama-audit scan --format json -o audit.json backend frontend
              ollama-audit rules test my-rules/      run a rule file's own examples
              ollama-audit verify --endpoint http://localhost:8000/v1
                                                     prove the vLLM deployment works
            """,
        version: Tool.version,
        subcommands: [Scan.self, Rules.self, BaselineCommand.self, Init.self, Verify.self]
    )

    /// Maps every way out to the documented exit codes: argument-parser's usage errors
    /// become 2 (not its default 64), and our own errors print with a hint.
    static func main() {
        ProcessSignals.ignoreBrokenPipe()  // a closed pipe is handled where we write, quietly
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as AuditError {
            // Escaped: an error can name a file of the repository, whose name may hold a line break.
            FileHandle.standardError.write(Data("error: \(Escaping.visible("\(error)"))\nhint: \(Escaping.visible(error.hint))\n".utf8))
            ProcessSignals.exit(ExitStatus.error.rawValue)
        } catch let code as ExitCode {
            ProcessSignals.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                StandardOutput.write(message + "\n")
                ProcessSignals.exit(0)
            }
            FileHandle.standardError.write(Data("\(message)\n".utf8))
            ProcessSignals.exit(ExitStatus.error.rawValue)
        }
    }
}

/// `--color auto|always|never`.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    /// auto: colour only on a terminal, and never when NO_COLOR is set (no-color.org).
    func enabled(fileDescriptor: Int32) -> Bool {
        switch self {
        case .always: true
        case .never: false
        case .auto:
            Terminal.isTerminal(fileDescriptor) && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}

/// `--fail-on`: a priority, or `none` to never fail on findings.
enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case critical, high, medium, low, none

    var priority: Priority? { Priority(rawValue: rawValue) }
}

/// Parses sizes such as `10M`, `512K`, `1G` or plain bytes.
struct ByteSize: ExpressibleByArgument {
    let bytes: Int
    let text: String
    /// The size does not fit in 64 bits.
    let tooLarge: Bool

    var defaultValueDescription: String { text }

    init?(argument: String) {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        var text = argument.uppercased()
        if text.hasSuffix("B"), text.count > 1, units[text.dropLast().last ?? " "] != nil { text.removeLast() }
        var multiplier = 1
        if let last = text.last, let unit = units[last] { multiplier = unit; text.removeLast() }
        guard let value = Int(text), value >= 0 else { return nil }
        // 99999999999G does not fit in 64 bits: kept as too large for `validate` to name,
        // instead of trapping on the multiplication.
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        bytes = overflow ? Int.max : product
        tooLarge = overflow
        self.text = argument
    }
}
