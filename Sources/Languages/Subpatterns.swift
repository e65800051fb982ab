/// Named PCRE2 subpatterns a rule of a language can call, `(?&args)` for a balanced argument
/// list across lines: the rule loader appends the ones a pattern calls as a `(?(DEFINE)…)`
/// block. Each is data beside its language's `Syntax`, written so that `extended` cannot
/// change it (no literal spaces, `\#` for a hash) and with possessive repeats, so a failed
/// match gives up in one pass instead of backtracking through every split of the text.
public struct Subpatterns: Sendable, Equatable {
    /// Name and body, in the order a `(?(DEFINE)…)` block lists them.
    public let definitions: [Definition]

    public struct Definition: Sendable, Equatable {
        public let name: String
        public let body: String

        public init(_ name: String, _ body: String) {
            self.name = name
            self.body = body
        }
    }

    public init(_ definitions: [Definition]) { self.definitions = definitions }

    public var names: [String] { definitions.map(\.name) }

    /// The names `pattern` calls with `(?&name)`, and the ones those call in turn, in
    /// definition order; empty when it calls none of them.
    public func closure(calledBy pattern: String) -> [String] {
        var needed = Set<String>()
        var pending = calls(in: pattern)
        while let name = pending.popLast() {
            guard needed.insert(name).inserted, let definition = definitions.first(where: { $0.name == name }) else { continue }
            pending += calls(in: definition.body)
        }
        return names.filter(needed.contains)
    }

    /// The `(?(DEFINE)…)` block for `names`, to append after a pattern: groups after the
    /// pattern's own keep the numbers it gives them.
    public func defineBlock(_ names: [String]) -> String {
        let groups = definitions.filter { names.contains($0.name) }.map { "(?<\($0.name)>\($0.body))" }
        return groups.isEmpty ? "" : "(?(DEFINE)" + groups.joined() + ")"
    }

    private func calls(in text: String) -> [String] {
        names.filter { text.contains("(?&\($0))") }
    }
}

extension Subpatterns {
    /// Python: strings with their prefixes (`f"…"`, `rb'…'`) and triple quotes, `#` comments.
    public static let python = Subpatterns([
        Definition("string", #"(?i:[rbuf]{0,2})(?:"""(?:[^"\\]++|\\[\s\S]|"(?!""))*+"""|'''(?:[^'\\]++|\\[\s\S]|'(?!''))*+'''|"(?:[^"\\\n]++|\\[\s\S])*+"|'(?:[^'\\\n]++|\\[\s\S])*+')"#),
        Definition("comment", ##"\#[^\n]*+"##),
        Definition("ident", #"[\p{L}_][\p{L}\p{N}_]*+"#),
        Definition("balanced", ##"[^()\[\]{}"'\#]++|(?&string)|(?&comment)|\((?&balanced)*+\)|\[(?&balanced)*+\]|\{(?&balanced)*+\}"##),
        Definition("args", #"\((?&balanced)*+\)"#),
        Definition("object", #"\{(?&balanced)*+\}"#),
    ])

    /// JavaScript and TypeScript: template literals with `${…}` read as code, `//` and `/* */`
    /// comments. A regular-expression literal is read as code, so a bracket in one can unbalance.
    public static let script = Subpatterns([
        Definition("string", #""(?:[^"\\\n]++|\\[\s\S])*+"|'(?:[^'\\\n]++|\\[\s\S])*+'|`(?:[^`\\$]++|\\[\s\S]|\$(?!\{)|\$\{(?&balanced)*+\})*+`"#),
        Definition("comment", #"//[^\n]*+|/\*(?:[^*]++|\*(?!/))*+\*/"#),
        Definition("ident", #"[\p{L}_$][\p{L}\p{N}_$]*+"#),
        Definition("balanced", #"[^()\[\]{}"'`/]++|(?&string)|(?&comment)|/|\((?&balanced)*+\)|\[(?&balanced)*+\]|\{(?&balanced)*+\}"#),
        Definition("args", #"\((?&balanced)*+\)"#),
        Definition("object", #"\{(?&balanced)*+\}"#),
    ])
}
