import Foundation
import Model
import Platform

/// The GPU check's two sources: the server's own metrics, and nvidia-smi on this machine.
extension Verifier {
    /// The most samples one read of /metrics keeps (vLLM sends a few hundred, most of them
    /// histogram buckets, which are not kept).
    static let maxMetricSamples = 10_000

    /// One read of vLLM's /metrics (at the server root, as `vllm serve` serves it).
    package func fetchMetrics(model: String?) -> Result<EngineSnapshot, Failure> {
        let target = url("/metrics", base: serverRoot)
        var headers = self.headers
        headers["Accept"] = "text/plain"
        // A read under load must not hold the run long after the load ends.
        let sent = HTTPRequest(url: target, headers: headers, timeout: min(request.timeout, 10))
        let response: HTTPResponse
        do {
            response = try transport.send(sent, onData: nil)
        } catch {
            return .failure(Failure(message(error, "GET", target)))
        }
        if response.status == 404 {
            return .failure(Failure("GET \(shown(target)): 404: no metrics there; vLLM's API server serves them at "
                + "its root, so a proxy in front of it may not pass /metrics through"))
        }
        guard (200..<300).contains(response.status) else {
            return .failure(Failure(message(status: response, "GET", target, model: nil, served: nil)))
        }
        let parsed = PrometheusText.parse(response.body, maxSamples: Self.maxMetricSamples) { $0.hasPrefix("vllm:") }
        guard let snapshot = EngineSnapshot(parsed.samples, model: model) else {
            return .failure(Failure("GET \(shown(target)): answered \(response.status) without vLLM's scheduler, "
                + "cache or token metrics\(model.map { " for '\($0)'" } ?? "") (the body starts: "
                + "\(excerpt(bodyText(response.body)))); is it vLLM's /metrics?"))
        }
        return .success(snapshot)
    }

    /// The GPU check. `server` is nil, and `local` too, when the load did not run.
    package func gpuCheck(server: MetricsSampler.Outcome?, local: GPUSampler.Outcome?, nvidiaSMIFound: Bool,
                          notRunBecause: String? = nil) -> CheckResult {
        let s = request.settings
        var parts: [String] = [], problems: [String] = [], notes: [String] = []
        var metrics: [String: Double] = [:]
        var evidence = false
        switch server {
        case let .observed(seen)?:
            parts.append("server /metrics during the load: \(seen.described)")
            metrics["metrics_reads"] = Double(seen.reads)
            metrics["server_peak_kv_cache_percent"] = seen.peakKVCache.map { $0 * 100 }
            metrics["server_peak_requests_running"] = seen.peakRunning
            metrics["server_peak_requests_waiting"] = seen.peakWaiting
            metrics["server_generated_tokens"] = seen.generatedTokens
            metrics["server_finished_requests"] = seen.finishedRequests
            if seen.failedReads > 0 {
                notes.append("\(seen.failedReads.counting("read")) of /metrics failed while the load ran; the others count")
            }
            if seen.showsWork {
                evidence = true
                notes.append("the server's evidence is its engine's own account (scheduler, KV cache, token counters): "
                    + "the vLLM engine ran the requests; it is not a GPU utilisation percentage")
            } else {
                problems.append("vLLM's /metrics showed no work while verify's requests ran (no request running, no "
                    + "KV cache used, no token generated): the requests reached another server (a load balancer's "
                    + "other replica?) or /metrics belongs to another vLLM process")
            }
        case let .unavailable(why)?:
            parts.append("server /metrics not read")
            notes.append(why)
        case nil:
            break
        }
        switch local {
        case let .failed(message)?:
            parts.append("nvidia-smi failed")
            problems.append("nvidia-smi failed: \(message); run `nvidia-smi` by hand: the NVIDIA driver may not be loaded")
        case let .peak(utilisation, memory, count)?:
            metrics["peak_utilisation_percent"] = utilisation
            metrics["peak_memory_percent"] = memory
            metrics["samples"] = Double(count)
            parts.append("nvidia-smi: peak utilisation \(Self.percent(utilisation)) (must exceed "
                + "\(Self.percent(s.gpuMinUtilisation))), peak VRAM \(Self.percent(memory)) (must stay below "
                + "\(Self.percent(s.gpuMaxMemory))), \(count) samples")
            if utilisation > s.gpuMinUtilisation {
                evidence = true
            } else {
                problems.append("GPU utilisation peaked at \(Self.percent(utilisation)), not above "
                    + "\(Self.percent(s.gpuMinUtilisation)): the model may be running on the CPU; check vLLM's device "
                    + "and CUDA_VISIBLE_DEVICES")
            }
            if !(memory < s.gpuMaxMemory) {
                problems.append("VRAM use peaked at \(Self.percent(memory)), not below \(Self.percent(s.gpuMaxMemory)): "
                    + "lower vLLM's --gpu-memory-utilization or --max-model-len, or use a smaller model")
            }
        case nil:
            if !nvidiaSMIFound { parts.append("nvidia-smi not found on PATH") }
        }
        if let notRunBecause {
            parts.insert(notRunBecause, at: 0)
        }
        let summary = parts.joined(separator: "; ")
        if !problems.isEmpty {
            return CheckResult(id: "gpu", status: .fail, summary: summary, details: problems + notes, metrics: metrics)
        }
        if evidence {
            return CheckResult(id: "gpu", status: .pass, summary: summary, details: notes, metrics: metrics)
        }
        if request.requireGPU {
            let why = "--require-gpu: no source showed GPU use (" + (notRunBecause == nil
                ? "the server's /metrics, then nvidia-smi on this machine" : "the load did not run") + "); "
                + "check that vLLM's /metrics is reachable at the server root, or run verify on the GPU machine with "
                + "nvidia-smi on PATH"
            return CheckResult(id: "gpu", status: .fail, summary: "no GPU evidence: " + summary, details: [why] + notes,
                               metrics: metrics)
        }
        return CheckResult(id: "gpu", status: .skipped, summary: "no GPU evidence: " + summary, details: notes,
                           metrics: metrics)
    }
}
