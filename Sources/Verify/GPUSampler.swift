import Foundation
import Platform

/// Samples `nvidia-smi` every `interval` seconds on its own thread while the requests run,
/// keeping the peaks: utilisation and memory used as a share of the total, over every GPU.
package final class GPUSampler: @unchecked Sendable {
    package enum Outcome: Equatable {
        /// Peak utilisation %, peak memory %, samples taken.
        case peak(Double, Double, Int)
        case failed(String)
    }

    package static let arguments = ["--query-gpu=utilization.gpu,memory.used,memory.total", "--format=csv,noheader,nounits"]

    package let executable: String
    package let interval: Double
    private let state = Locked(State())
    private let finished = DispatchSemaphore(value: 0)

    private struct State {
        var stop = false
        var utilisation = 0.0
        var memory = 0.0
        var samples = 0
        var error: String?
    }

    /// nil when no `nvidia-smi` is on `searchPath`: the check is skipped.
    package init?(searchPath: String, interval: Double) {
        guard let found = Self.find("nvidia-smi", in: searchPath) else { return nil }
        executable = found
        self.interval = interval
    }

    package static func find(_ name: String, in searchPath: String) -> String? {
        ProcessRunner.find(name, in: searchPath)
    }

    package func start() {
        let thread = Thread { [self] in
            while true {
                sample()
                if state.withLock({ $0.stop || $0.error != nil }) { break }
                Thread.sleep(forTimeInterval: interval)
                if state.withLock({ $0.stop }) { break }
            }
            finished.signal()
        }
        thread.start()
    }

    /// Stops sampling (after one last sample) and returns the peaks.
    package func stop() -> Outcome {
        state.withLock { $0.stop = true }
        finished.wait()
        sample()
        return state.withLock { s in
            if let error = s.error { return .failed(error) }
            return .peak(s.utilisation, s.memory, s.samples)
        }
    }

    private func sample() {
        if state.withLock({ $0.error != nil }) { return }
        let output: ProcessRunner.Output
        do {
            // A hung driver must not hold verify past its own timeouts.
            output = try ProcessRunner.run(executable, Self.arguments, timeout: 30)
        } catch {
            state.withLock { $0.error = "\(executable) could not be run: \(error.description)" }
            return
        }
        let text = String(decoding: output.stdout, as: UTF8.self)
        guard output.status == 0 else {
            let first = text.split(separator: "\n").first.map(String.init) ?? ""
            let ending = output.status.map { "exited with status \($0)" } ?? output.ending
            state.withLock { $0.error = "\(executable) \(ending) \(first)" }
            return
        }
        guard let readings = Self.parse(text) else {
            state.withLock { $0.error = "unexpected output from \(executable): \(text.prefix(120))" }
            return
        }
        state.withLock { s in
            for (utilisation, memory) in readings {
                s.utilisation = max(s.utilisation, utilisation)
                s.memory = max(s.memory, memory)
            }
            s.samples += 1
        }
    }

    /// One (utilisation %, memory %) per GPU line, `45, 8000, 16000`; nil when a line is not that.
    package static func parse(_ text: String) -> [(Double, Double)]? {
        var readings: [(Double, Double)] = []
        for line in text.split(whereSeparator: \.isNewline) where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let fields = line.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard fields.count == 3, let u = fields[0], let used = fields[1], let total = fields[2], total > 0 else { return nil }
            readings.append((u, used / total * 100))
        }
        return readings.isEmpty ? nil : readings
    }
}
