import Model
import Policy

/// What the vLLM deployment needs, from what the scan found: the models and their memory,
/// the server's flags, and how to prove the migration works.
extension MarkdownReporter {
    // MARK: vLLM infrastructure

    func infrastructure(_ report: ScanReport, _ inventory: ModelInventory) -> String {
        var out = "\n## vLLM infrastructure requirements\n\n"
        out += "- **GPU access in containers:** the NVIDIA container runtime (`nvidia-container-toolkit`, then "
            + "`nvidia-ctk runtime configure --runtime=docker` and a Docker restart), and a GPU reservation in the "
            + "service (`deploy.resources.reservations.devices` with `driver: nvidia` in Compose, or `--gpus all`). "
            + "Check with `docker run --rm --gpus all ubuntu nvidia-smi`.\n"
        out += "- **Image:** `\(ModelTags.vllmImage)`, pinned (the tag `ollama-audit scan --fix` writes), never `latest`; "
            + "its entrypoint is `vllm serve`.\n"
        let served = inventory.entries.filter(\.inCode)
        let gated = served.compactMap(\.repository).filter(ModelTags.isGated)
        let unmapped = served.filter { $0.repository == nil }
        if !gated.isEmpty {
            out += "- **`HF_TOKEN`:** required: " + Self.folded(Array(Set(gated)).sorted().map { Escaping.markdownCode($0) })
                + (gated.count == 1 ? " is" : " are") + " gated on Hugging Face; accept the licence with the token's account "
                + "and pass the token to the server (`-e HF_TOKEN`).\n"
        } else {
            out += "- **`HF_TOKEN`:** not needed for the models found (none is gated)"
                + (unmapped.isEmpty ? "" : "; check the models the map does not name") + ". A private or gated model needs it.\n"
        }
        if let context = Self.largest(report, names: ["num_ctx", "OLLAMA_CONTEXT_LENGTH"]) {
            out += "- **`--max-model-len \(context.value)`:** the largest `num_ctx` (or `OLLAMA_CONTEXT_LENGTH`) seen, in "
                + "\(code(report, context.path)) line \(context.line). vLLM sets the context per server, not per request; "
                + "without the flag it reserves the model's full context, which may not fit.\n"
        } else {
            out += "- **`--max-model-len`:** no `num_ctx` seen: vLLM uses the model's full context; set it when the KV cache does not fit.\n"
        }
        if let parallel = Self.largest(report, names: ["OLLAMA_NUM_PARALLEL"]) {
            out += "- **`--max-num-seqs \(parallel.value)`:** from `OLLAMA_NUM_PARALLEL`, in \(code(report, parallel.path)) "
                + "line \(parallel.line) (approximate: vLLM batches continuously, so it can be raised).\n"
        } else {
            out += "- **`--max-num-seqs`:** no `OLLAMA_NUM_PARALLEL` seen: vLLM's default applies.\n"
        }
        if served.contains(where: { ModelTags.isEmbedding($0.tag) }) {
            out += "- **Embedding models:** each needs a vLLM server of its own in pooling mode (`--runner pooling`), "
                + "beside the chat model's.\n"
        }
        out += "- **Model names:** vLLM serves Hugging Face repositories; `--served-model-name <tag>` keeps the names "
            + "the code sends. Weights download to the Hugging Face cache (mount `/root/.cache/huggingface`), "
            + "not Ollama's `/root/.ollama`.\n"
        return out
    }

    /// The largest whole number after any of `names` on a finding's line (`"num_ctx": 4096`,
    /// `OLLAMA_NUM_PARALLEL=2`), with where it is; the first of equals in report order.
    static func largest(_ report: ScanReport, names: [String]) -> (value: Int, path: String, line: Int)? {
        var best: (value: Int, path: String, line: Int)?
        // No set of lines seen: a report of 700,000 findings is not copied (a line with two
        // findings is read twice, and gives the same numbers).
        for f in report.findings {
            for name in names where f.lineText.contains(name) {
                for value in numbers(after: name, in: f.lineText) where value > (best?.value ?? 0) {
                    best = (value, f.path, f.start.line)
                }
            }
        }
        return best
    }

    /// The numbers that follow `name` on `line`, past quotes, spaces, `:` and `=`; a name
    /// inside a longer word (`MY_num_ctx_x`) does not count.
    package static func numbers(after name: String, in line: String) -> [Int] {
        var out: [Int] = []
        var rest = Substring(line)
        while let range = rest.range(of: name) {
            let before = range.lowerBound > line.startIndex ? line[line.index(before: range.lowerBound)] : " "
            var tail = rest[range.upperBound...]
            rest = tail
            guard !(before.isLetter || before.isNumber || before == "_") else { continue }
            tail = tail.drop { " \t\"':=".contains($0) }
            let digits = tail.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 9, let value = Int(digits),
                  !(tail.dropFirst(digits.count).first.map { $0.isLetter || $0 == "_" || $0 == "." } ?? false) else { continue }
            out.append(value)
        }
        return out
    }

    // MARK: Validation

    /// The `verify` command for this repository and the budgets it holds the deployment to.
    func validation(_ report: ScanReport, _ inventory: ModelInventory) -> String {
        var out = "\n## Validation\n\n"
        out += "When the vLLM server runs, prove the migration from the repository (no Ollama reference left, "
            + "the server answering, within budget, on the GPU):\n\n"
        let root = roots(report).first ?? "."
        // The chat model found in the most files (ties: the first tag).
        let model = inventory.entries.filter { $0.inCode && !ModelTags.isEmbedding($0.tag) && $0.repository != nil }
            .max { ($0.places.count, $1.tag) < ($1.places.count, $0.tag) }?.repository
        out += "```sh\nollama-audit verify \(Self.shellWord(root, or: "PATH")) --endpoint http://VLLM_HOST:8000/v1 --model "
            + (model.map { Self.shellWord($0, or: "MODEL") } ?? "MODEL") + "\n```\n\n"
        out += "It passes when every check does:\n\n| Check | Passes when |\n|---|---|\n"
        out += "| references | `ollama-audit scan` of the repository finds nothing |\n"
        out += "| liveness | `GET /health` answers and `GET /v1/models` lists the model |\n"
        if let b = context.budgets {
            out += "| simple prompt | the streamed reply is complete within \(Self.number(b.simpleSeconds)) s |\n"
            out += "| complex prompt | the reply is complete within \(Self.number(b.complexSeconds)) s |\n"
            out += "| concurrency | the slowest of \(b.concurrency) requests at once is within \(Self.number(b.concurrentSeconds)) s |\n"
            out += "| GPU | utilisation peaks above \(Self.number(b.gpuMinUtilisation))% and VRAM stays below \(Self.number(b.gpuMaxMemory))% |\n"
            out += "\nThe budgets come from `verify:` in `.ollama-audit.yml` (the defaults where it sets none).\n"
        } else {
            out += "| budgets | the response-time and GPU budgets of `verify:` in `.ollama-audit.yml` |\n"
        }
        return out
    }

    /// `text` as one shell word: as it is when it is plain, else single-quoted. A word no
    /// quoting keeps on one line of a code block (a line break, a backtick) is not printed:
    /// `placeholder` stands for it.
    package static func shellWord(_ text: String, or placeholder: String) -> String {
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._/:@%+=,-".contains($0)) }) { return text }
        guard !text.contains(where: { $0.isNewline || $0 == "`" || ($0.asciiValue.map { $0 < 0x20 || $0 == 0x7f } ?? false) }) else { return placeholder }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// 5 → "5", 2.5 → "2.5".
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }
}

/// The model tags the scan found, each with the repository the model map gives it and the
/// memory it needs: the GPU question of the hand-written audit, answered from the code.
struct ModelInventory {
    struct Entry {
        let tag: String
        /// From the model map; nil when it has none.
        let repository: String?
        /// Billions, from the tag or else the repository's name; nil when neither states it.
        let parameters: Double?
        /// Files, in report order, with the first line in each.
        let places: [(path: String, line: Int)]
        /// Found in code or configuration, not only in documentation and tests.
        let inCode: Bool
    }

    let entries: [Entry]

    /// The share added to the weights for the KV cache and activations.
    static let overhead = 0.2

    init(_ report: ScanReport) {
        var byTag: [String: (places: [(path: String, line: Int)], inCode: Bool)] = [:]
        var order: [String] = []
        for f in report.findings where ModelTags.isTag(f) {
            if byTag[f.match] == nil { order.append(f.match) }
            var entry = byTag[f.match] ?? ([], false)
            if !entry.places.contains(where: { $0.path == f.path }) { entry.places.append((f.path, f.start.line)) }
            entry.inCode = entry.inCode || (f.layer != .documentation && f.layer != .test)
            byTag[f.match] = entry
        }
        entries = order.sorted().map { tag in
            let repository = report.modelMap[tag]
            return Entry(tag: tag, repository: repository,
                         parameters: ModelTags.parameters(tag) ?? repository.flatMap(ModelTags.parameters),
                         places: byTag[tag]!.places, inCode: byTag[tag]!.inCode)
        }
    }

    /// Gigabytes (10⁹ bytes) for `parameters` billion at `bytes` each, with the overhead.
    static func memory(_ parameters: Double, bytes: Double) -> Double { parameters * bytes * (1 + overhead) }

    /// The share of a GPU's memory vLLM takes by default (`--gpu-memory-utilization 0.9`).
    static let utilisation = 0.9
    /// Common GPU memory sizes, GB.
    static let gpuSizes = [8, 12, 16, 24, 32, 48, 80, 141]

    /// "a 24 GB GPU at FP16": the smallest common size whose share vLLM takes holds
    /// `gigabytes`; past the largest, no single GPU does.
    static func fits(_ gigabytes: Double, _ precision: String) -> String {
        guard let size = gpuSizes.first(where: { Double($0) * utilisation >= gigabytes }) else {
            return "no single GPU at \(precision) (split it with `--tensor-parallel-size`)"
        }
        return "a \(size) GB GPU at \(precision)"
    }

    /// "16.8 GB"; "< 0.1 GB" below that.
    static func gigabytes(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths < 1 ? "< 0.1 GB" : "\(tenths / 10).\(tenths % 10) GB"
    }

    /// 7 → "7B", 0.5 → "0.5B", 0.022 → "22M".
    static func parameterText(_ billions: Double) -> String {
        billions < 0.1 ? "\(Int((billions * 1000).rounded()))M" : MarkdownReporter.number(billions) + "B"
    }

    static func sizeClass(_ billions: Double) -> String {
        switch billions {
        case ..<1: "tiny (under 1B)"
        case ..<4: "small (1B to 4B)"
        case ..<15: "medium (4B to 15B)"
        case ..<40: "large (15B to 40B)"
        default: "very large (40B and over)"
        }
    }

    func section(_ reporter: MarkdownReporter, _ report: ScanReport) -> String {
        var out = "\n## Model inventory\n\n"
        guard !entries.isEmpty else { return out + "No Ollama model tag found.\n" }
        out += "Each Ollama model tag found, the Hugging Face repository the model map (`rules/models.yml`) gives it, "
            + "and the GPU memory it needs under vLLM. The memory is an estimate for the weights plus KV cache "
            + "headroom: parameters × 2 bytes at FP16 and × 1 byte at INT8, plus \(Int(Self.overhead * 100))% for the "
            + "KV cache and activations (1 GB = 10⁹ bytes). Parameters are read from the tag or the repository's name "
            + "(`7b`, `0.5b`, `8x7b`: experts × size, an upper bound); \"unknown\" when neither states them. "
            + "Ollama serves 4-bit builds: the same model takes 2 to 4 times the memory at FP16.\n\n"
        out += "| Tag | Hugging Face repository | Parameters | Size class | VRAM at FP16 | VRAM at INT8 | Found in |\n"
            + "|---|---|---|---|---|---|---|\n"
        for entry in entries {
            let repository = entry.repository.map { Escaping.markdownCode($0) + (ModelTags.isGated($0) ? " (gated: `HF_TOKEN`)" : "") }
                ?? "none in the model map: add it under `models:` in a rules file"
            let size = entry.parameters.map {
                [Self.parameterText($0), Self.sizeClass($0), Self.gigabytes(Self.memory($0, bytes: 2)), Self.gigabytes(Self.memory($0, bytes: 1))]
            } ?? ["unknown", "unknown", "unknown", "unknown"]
            let places = MarkdownReporter.folded(entry.places.map { place in
                reporter.fileCell(report, place.path, lines: place.line...place.line)
            }, shown: 3, more: { $0.counting("more file", "more files") })
            out += "| \(Escaping.markdownCode(entry.tag)) | \(repository) | " + size.joined(separator: " | ")
                + " | \(places)\(entry.inCode ? "" : " (documentation and tests only)") |\n"
        }
        let sized = entries.filter { $0.inCode && $0.parameters != nil }
        if let largest = sized.max(by: { ($0.parameters!, $1.tag) < ($1.parameters!, $0.tag) }), let p = largest.parameters {
            out += "\n**GPU memory:** the largest model the code and configuration use, \(Escaping.markdownCode(largest.tag)) "
                + "(\(Self.parameterText(p))), needs about \(Self.gigabytes(Self.memory(p, bytes: 2))) at FP16 and "
                + "\(Self.gigabytes(Self.memory(p, bytes: 1))) at INT8: it fits " + Self.fits(Self.memory(p, bytes: 2), "FP16")
                + " and " + Self.fits(Self.memory(p, bytes: 1), "INT8")
            let total = sized.reduce(0.0) { $0 + $1.parameters! }
            if sized.count > 1 {
                out += ". The \(sized.count) sized models together need about \(Self.gigabytes(Self.memory(total, bytes: 2))) at FP16"
                    + " and \(Self.gigabytes(Self.memory(total, bytes: 1))) at INT8 (one vLLM server each)"
            }
            out += ". vLLM takes \(Int(Self.utilisation * 100))% of a GPU's memory by default (`--gpu-memory-utilization`): "
                + "compare with `nvidia-smi --query-gpu=memory.total --format=csv`.\n"
        } else {
            out += "\n**GPU memory:** no model the code or configuration uses states its size; look it up on its model card.\n"
        }
        return out
    }
}
