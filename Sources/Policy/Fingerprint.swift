import Model

/// Identities for findings that survive edits elsewhere in a file: the rule, the file, the
/// matched text with white space folded, and which occurrence of that text it is. No line
/// numbers, no absolute paths. SARIF's partialFingerprints use them (and baselines will).
public enum Fingerprint {
    /// One fingerprint per finding, in the findings' order.
    public static func all(_ report: ScanReport) -> [String] {
        of(report.findings, in: report)
    }

    public static func of(_ findings: [Finding], in report: ScanReport) -> [String] {
        var fingerprints = Fingerprinter(report)
        return findings.map { fingerprints.next($0) }
    }

    /// 64-bit FNV-1a: small, fast and stable across platforms and runs (unlike Hasher).
    package static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    package static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// Fingerprints one finding at a time, in the findings' order, for reports written as they
/// are made: only the occurrence counts are kept, not 700,000 fingerprints.
package struct Fingerprinter {
    package let report: ScanReport
    private var seen: [String: Int] = [:]

    package init(_ report: ScanReport) { self.report = report }

    package mutating func next(_ finding: Finding) -> String {
        let text = finding.match.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let key = "\(finding.ruleID)\u{0}\(report.repositoryPath(of: finding.path))\u{0}\(text)"
        let occurrence = seen[key, default: 0]
        seen[key] = occurrence + 1
        return Fingerprint.hex(Fingerprint.fnv1a(key + "\u{0}\(occurrence)"))
    }
}
