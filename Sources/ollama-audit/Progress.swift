import Foundation
import Platform

/// The "scanned N of M files" line on stderr. Only on a terminal and never in CI, so pipes,
/// logs and CI output stay clean.
enum Progress {
    static var enabled: Bool {
        let env = ProcessInfo.processInfo.environment
        return Terminal.isTerminal(2) && (env["CI"] ?? "").isEmpty && (env["TERM"] ?? "") != "dumb"
    }

    static func line() -> (@Sendable (Int) -> Void)? {
        guard enabled else { return nil }
        return { done in
            FileHandle.standardError.write(Data("\rscanned \(done.counting("file"))".utf8))
        }
    }

    /// Erases the line so the report starts on a clean screen.
    static func clear() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
