import Foundation
import Platform

/// What one read of vLLM's `/metrics` says, for the series of the model verify queries (or
/// every series, when none names a model). nil where the server sent no such metric.
package struct EngineSnapshot: Sendable, Equatable {
    /// The KV cache's share in use, 0 to 1 (`vllm:kv_cache_usage_perc`; before vLLM 0.10,
    /// `vllm:gpu_cache_usage_perc`); the fullest engine's.
    package var kvCache: Double?
    /// `vllm:num_requests_running` and `vllm:num_requests_waiting`, summed over engines.
    package var running: Double?
    package var waiting: Double?
    /// Counters, summed over their series: `vllm:generation_tokens_total`,
    /// `vllm:prompt_tokens_total`, `vllm:request_success_total`.
    package var generationTokens: Double?
    package var promptTokens: Double?
    package var finishedRequests: Double?

    package static let kvCacheNames: Set<String> = ["vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc"]

    package init(kvCache: Double? = nil, running: Double? = nil, waiting: Double? = nil, generationTokens: Double? = nil,
                 promptTokens: Double? = nil, finishedRequests: Double? = nil) {
        self.kvCache = kvCache
        self.running = running
        self.waiting = waiting
        self.generationTokens = generationTokens
        self.promptTokens = promptTokens
        self.finishedRequests = finishedRequests
    }

    /// nil when `samples` hold none of vLLM's scheduler, cache or token metrics. A series
    /// labelled with another model's `model_name` is not this model's work; a value that is
    /// NaN, infinite or negative is no reading.
    package init?(_ samples: [PrometheusSample], model: String?) {
        let known = Self.kvCacheNames.union(["vllm:num_requests_running", "vllm:num_requests_waiting",
                                             "vllm:generation_tokens_total", "vllm:prompt_tokens_total",
                                             "vllm:request_success_total"])
        let ours = samples.filter { s in
            known.contains(s.name) && (model == nil || s.labels["model_name"].map { $0 == model } ?? true)
        }
        guard !ours.isEmpty else { return nil }
        func values(_ names: Set<String>) -> [Double] {
            ours.filter { names.contains($0.name) && $0.value.isFinite && $0.value >= 0 }.map(\.value)
        }
        func sum(_ name: String) -> Double? {
            let found = values([name])
            return found.isEmpty ? nil : found.reduce(0, +)
        }
        self.init(kvCache: values(Self.kvCacheNames).max(), running: sum("vllm:num_requests_running"),
                  waiting: sum("vllm:num_requests_waiting"), generationTokens: sum("vllm:generation_tokens_total"),
                  promptTokens: sum("vllm:prompt_tokens_total"), finishedRequests: sum("vllm:request_success_total"))
    }
}

/// What the server's metrics showed across the load: the gauges' peaks in the reads taken
/// while it ran and just after, and how far the counters grew from the read before it.
package struct EngineEvidence: Sendable, Equatable {
    package var reads = 0
    /// Reads that failed while the load ran (a timeout under load); the others still count.
    package var failedReads = 0
    package var peakKVCache: Double?
    package var peakRunning: Double?
    package var peakWaiting: Double?
    package var generatedTokens: Double?
    package var promptTokens: Double?
    package var finishedRequests: Double?

    package init() {}

    /// The engine scheduled or finished work: a request ran, the KV cache held blocks, or a
    /// counter grew.
    package var showsWork: Bool {
        [peakKVCache, peakRunning, generatedTokens, promptTokens, finishedRequests].contains { ($0 ?? 0) > 0 }
    }

    /// The peaks and growth, as one clause: what was seen, nothing inferred.
    package var described: String {
        var parts: [String] = []
        if let kv = peakKVCache { parts.append("KV cache up to \(Verifier.percent(kv * 100)) used") }
        if let running = peakRunning { parts.append("up to \(Self.count(running)) requests running") }
        if let waiting = peakWaiting { parts.append("\(Self.count(waiting)) waiting") }
        if let tokens = generatedTokens { parts.append("\(Self.count(tokens)) tokens generated") }
        if let requests = finishedRequests { parts.append("\(Self.count(requests)) requests finished") }
        return parts.isEmpty ? "no scheduler, cache or token metric" : parts.joined(separator: ", ")
    }

    static func count(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? "\(Int(value))" : String(format: "%.1f", value)
    }

    /// The evidence from the read before the load and the reads during and after it.
    package static func from(before: EngineSnapshot, during: [EngineSnapshot], failedReads: Int) -> EngineEvidence {
        var evidence = EngineEvidence()
        evidence.reads = 1 + during.count
        evidence.failedReads = failedReads
        evidence.peakKVCache = during.compactMap(\.kvCache).max()
        evidence.peakRunning = during.compactMap(\.running).max()
        evidence.peakWaiting = during.compactMap(\.waiting).max()
        // A counter that went down was reset (the server restarted): no growth can be told.
        func growth(_ value: KeyPath<EngineSnapshot, Double?>) -> Double? {
            guard let start = before[keyPath: value], let end = during.last(where: { $0[keyPath: value] != nil })?[keyPath: value],
                  end >= start else { return nil }
            return end - start
        }
        evidence.generatedTokens = growth(\.generationTokens)
        evidence.promptTokens = growth(\.promptTokens)
        evidence.finishedRequests = growth(\.finishedRequests)
        return evidence
    }
}

/// Reads vLLM's `/metrics` once before the load, then every `interval` seconds on its own
/// thread while it runs, and once after: the server's own account of the work, wherever the
/// server runs (nvidia-smi sees only the machine verify runs on).
package final class MetricsSampler: @unchecked Sendable {
    package enum Outcome: Sendable, Equatable {
        /// Why the metrics could not be had: the message names the URL and what to do.
        case unavailable(String)
        case observed(EngineEvidence)
    }

    package typealias Fetch = @Sendable () -> Result<EngineSnapshot, Verifier.Failure>

    private let fetch: Fetch
    private let interval: Double
    private let state = Locked(State())
    private let finished = DispatchSemaphore(value: 0)

    private struct State {
        var before: EngineSnapshot?
        var unavailable: String?
        var during: [EngineSnapshot] = []
        var failed = 0
        var stop = false
        var running = false
    }

    package init(interval: Double, fetch: @escaping Fetch) {
        self.interval = interval
        self.fetch = fetch
    }

    /// Reads the baseline; when it answers, samples on until `stop()`. A /metrics that cannot
    /// be read before the load is not polled during it.
    package func start() {
        switch fetch() {
        case let .failure(failure):
            state.withLock { $0.unavailable = failure.message }
            return
        case let .success(snapshot):
            state.withLock {
                $0.before = snapshot
                $0.running = true
            }
        }
        let thread = Thread { [self] in
            while !state.withLock({ $0.stop }) {
                Thread.sleep(forTimeInterval: interval)
                if state.withLock({ $0.stop }) { break }
                sample()
            }
            finished.signal()
        }
        thread.start()
    }

    private func sample() {
        let result = fetch()
        state.withLock { s in
            switch result {
            case let .success(snapshot): s.during.append(snapshot)
            case .failure: s.failed += 1
            }
        }
    }

    /// Stops sampling, reads once more (the counters after the last answer) and returns
    /// what was seen.
    package func stop() -> Outcome {
        let running = state.withLock { s in
            s.stop = true
            return s.running
        }
        if running {
            finished.wait()
            sample()
        }
        return state.withLock { s in
            guard let before = s.before else { return .unavailable(s.unavailable ?? "/metrics was not read") }
            return .observed(EngineEvidence.from(before: before, during: s.during, failedReads: s.failed))
        }
    }
}
