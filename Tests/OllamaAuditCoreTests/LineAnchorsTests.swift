import AuditTestSupport
import Engine
import Foundation
import Languages
import Model
import PCRE2Swift
import Rules
import Testing

/// The search around literals (`LineAnchors`) must find what a search of the whole file finds:
/// the reading of patterns is checked on its own, then both searches are compared over the
/// default rules' examples mixed at random, and over every fixture.
@Suite struct LineAnchorsTests {
    func anchors(_ pattern: String, _ options: Regex.Options = [.utf, .multiline]) -> [String]? {
        LineAnchors.of(pattern, options: options)?.map { (String(decoding: $0.bytes, as: UTF8.self)) + ($0.caseless ? "/i" : "") }.sorted()
    }

    @Test func aLiteralAfterLineFreePartsAnchorsThePattern() {
        #expect(anchors(#"\b(?:[A-Za-z0-9]+_)*ollama(?![A-Za-z0-9])"#) == ["ollama"])
        #expect(anchors(#"^[ \t]*+import[ \t]+ollama\b"#) == ["ollama"])
        #expect(anchors(#"(?i)ollama|11434"#) == ["11434/i", "ollama/i"])
        #expect(anchors(#"x(?i:llama)\d"#, [.utf]) == ["llama/i"])
        #expect(anchors(#"ollama"#, [.utf, .caseless]) == ["ollama/i"])
        // A negated class that names the line break cannot cross one.
        #expect(anchors(#"\{[^}\n]*ollama"#) == ["ollama"])
        // What follows the anchor may span lines.
        #expect(anchors(#"client\s*=\s*\n"#) == ["client"])
        // Lookarounds consume nothing, whatever they hold.
        #expect(anchors(#"(?<=\s)(?=[\s\S]*x)ollama"#) == ["ollama"])
        // The DEFINE block the rule loader appends matches nothing.
        #expect(anchors(#"ollama\((?&args)\)(?(DEFINE)(?<args>[^()]*+))"#) == ["ollama("])
    }

    @Test func aPartThatMayCrossALineBreakBeforeTheLiteralLeavesNoAnchor() {
        #expect(anchors(#"model\s*=\s*"llama3""#) == ["model"])
        #expect(anchors(#"\s+ollama"#) == nil)
        #expect(anchors(#"[^"]*ollama"#) == nil)
        #expect(anchors(#"[\x00-\x7f]ollama"#) == nil)
        #expect(anchors(#"(?s).ollama"#) == nil)
        #expect(anchors(#".ollama"#, [.utf, .dotAll]) == nil)
        #expect(anchors(#"(?&args)ollama"#) == nil)
        #expect(anchors(#"(a)\1ollama"#) == nil)
        #expect(anchors(#"\p{L}ollama"#) == nil)
    }

    @Test func whatCannotBeReadOrBoundLeavesNoAnchor() {
        // Every alternative needs one.
        #expect(anchors(#"ollama|\d+"#) == nil)
        // Optional parts are no anchor; short literals are everywhere.
        #expect(anchors(#"(?:ollama)?x"#) == nil)
        #expect(anchors(#"ab"#) == nil)
        // `\G` ties a match to the previous one's end, verbs move where matches start, and
        // extended mode changes what whitespace means.
        #expect(anchors(#"\Gollama"#) == nil)
        #expect(anchors(#"(*SKIP)ollama"#) == nil)
        #expect(anchors(#"ollama"#, [.utf, .extended]) == nil)
        #expect(anchors(#"(?x) ollama"#) == nil)
        // Broken syntax.
        #expect(anchors(#"(ollama"#) == nil)
        #expect(anchors(#"[ollama"#) == nil)
    }

    @Test func aQuantifierEndsTheLiteralItRepeats() {
        #expect(anchors(#"ollamas?"#) == ["ollama"])
        #expect(anchors(#"olla+ma"#) == ["olla"])
        #expect(anchors(#"ol{2}ama"#) == ["ama"])
        #expect(anchors(#"ollama{"#) == ["ollama{"])
    }

    static let rules = try! RuleLoader.load(DefaultRules.files)

    /// Texts made of the rules' own examples, cut into lines and joined again at random with
    /// and without line breaks: each rule's findings are the same searched either way.
    @Test func everyDefaultRuleFindsTheSameAroundItsLiteralsInMixedExamples() {
        var random = SplitMix64(seed: 0xA2C4)
        let examples: [String] = Self.rules.flatMap { rule in rule.examples.match + rule.examples.noMatch }
        let pieces: [String] = examples.flatMap { text in
            text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        }
        let joins = ["\n", " ", "", "\n\n", "\t", "\r\n", " = ", "(", "\"", "\n  "]
        let everything = LanguageRegistry.standard.all
        var compared = 0
        for rule in Self.rules {
            let around = Scanner(rules: [rule], threads: 1)
            let whole = Scanner(rules: [rule], threads: 1, searchesAroundAnchors: false)
            let own = (rule.examples.match + rule.examples.noMatch).flatMap { $0.split(separator: "\n").map(String.init) }
            for _ in 0..<12 {
                var text = ""
                for _ in 0..<Int.random(in: 2...14, using: &random) {
                    let piece = own.isEmpty || Bool.random(using: &random)
                        ? pieces[Int.random(in: 0..<pieces.count, using: &random)] : own[Int.random(in: 0..<own.count, using: &random)]
                    text += piece + joins[Int.random(in: 0..<joins.count, using: &random)]
                }
                let types = rule.fileTypes.isEmpty ? everything : rule.fileTypes
                let a = around.findings(in: Array(text.utf8), path: "mixed", types: types, everywhere: true)
                let b = whole.findings(in: Array(text.utf8), path: "mixed", types: types, everywhere: true)
                #expect(a.map(\.byteRange) == b.map(\.byteRange), "\(rule.id): \(text.debugDescription)")
                compared += 1
            }
        }
        #expect(compared == Self.rules.count * 12)
    }

    /// Every fixture, with every default rule: the same findings, byte for byte.
    @Test func theFixturesGiveTheSameFindingsSearchedEitherWay() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fixtures").path
        let walk = try Walker(options: WalkOptions()).files(under: root, display: "")
        #expect(walk.files.count > 100)
        let around = Scanner(rules: Self.rules, threads: 2).scan(walk.files)
        let whole = Scanner(rules: Self.rules, threads: 2, searchesAroundAnchors: false).scan(walk.files)
        #expect(!around.findings.isEmpty)
        #expect(around.findings == whole.findings)
    }
}
