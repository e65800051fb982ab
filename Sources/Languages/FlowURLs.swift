/// How a language's code builds URLs on a base, for the flow pass: what it follows from a name
/// bound to an Ollama base URL (`bind: {kind: base-url}`). Templates as in `Flow`: `NAME` is
/// the bound name, spliced in escaped.
public struct FlowURLs: Sendable {
    /// A path put after the name; group `path` is the path (`${NAME}/api/tags`,
    /// `NAME + "/chat"`, `NAME.post("/api/generate")` on an HTTP client built on a base,
    /// `NAME('/chat')` for a URL helper another module exports).
    public let pathUses: [String]
    /// Right-hand sides, after `Flow.assignment`, that make the target a base too: the name
    /// with `/api` after it, or the name as the port of a URL (then group `port` matches).
    public let derivedBases: [String]
    /// Whole statements that build an HTTP client on the name; group `lhs` is the client
    /// (`c = httpx.AsyncClient(base_url=NAME)`, `axios.create({ baseURL: NAME })`, `with … as c`).
    public let clients: [String]
    /// The name and a parameter joined into one URL (`${NAME}/api/${endpoint}`); group
    /// `param` is the parameter: the function around it is a URL helper.
    public let joins: [String]
    /// A parameter's use inside a URL: interpolated or concatenated.
    public let parameterUses: [String]
    /// A call of a function, the match ending at its `(` (type arguments allowed before it).
    public let call: String
    /// A function with an expression body on one line (`const url = (p) => \`…\``): groups
    /// `fn` and `params`.
    public let inlineFunction: String?
    /// Parameters that are the receiver (`self`), which a call does not pass.
    public let receiverParameters: [String]

    public init(pathUses: [String], derivedBases: [String], clients: [String], joins: [String], parameterUses: [String],
                call: String, inlineFunction: String?, receiverParameters: [String]) {
        self.pathUses = pathUses
        self.derivedBases = derivedBases
        self.clients = clients
        self.joins = joins
        self.parameterUses = parameterUses
        self.call = call
        self.inlineFunction = inlineFunction
        self.receiverParameters = receiverParameters
    }
}

extension FlowURLs {
    /// The HTTP verbs of a client (httpx, requests, axios, ky, got) that take a path first.
    static let verbs = #"(?:get|post|put|patch|delete|head|request|stream)"#

    public static let python = FlowURLs(
        pathUses: [
            #"(?<=\{)NAME\}(?<path>/[\w/.-]*)"#,
            #"(?<![\w.])NAME[ \t]*\+[ \t]*[fr]?["'](?<path>/[\w/.-]*)"#,
            #"(?<![\w.])NAME[ \t]*\.[ \t]*"# + verbs + #"[ \t]*\([ \t]*(?:["'][A-Za-z]+["'][ \t]*,[ \t]*)?[fr]?["'](?<path>/?[\w/.-]*)["']"#,
            #"\burljoin[ \t]*\([ \t]*NAME[ \t]*,[ \t]*[fr]?["'](?<path>/?[\w/.-]*)["']"#,
            // A URL helper imported from another module: its path is its first argument.
            #"(?<![\w.])(?<!def )NAME[ \t]*\([ \t]*[fr]?["'](?<path>/?[\w/.-]*)["'][ \t]*[,)]"#,
        ],
        derivedBases: [
            #"[fr]?["']\{NAME\}(?:/api)?/?["'][ \t]*(?:#[^\n]*)?$"#,
            #"NAME[ \t]*\+[ \t]*["']/api/?["'][ \t]*(?:#[^\n]*)?$"#,
            #"f["']https?://[^"'{}\n]*:\{NAME(?<port>)\}(?:/api)?/?["'][ \t]*(?:#[^\n]*)?$"#,
        ],
        clients: [
            #"^[ \t]*+(?<lhs>[\p{L}_][\w.]*)[ \t]*(?::[^=\n]*)?=[ \t]*(?:await[ \t]+)?(?:[\w.]+\.)?\w*(?:Client|Session)[ \t]*\([^)]*?\bbase_url[ \t]*=[ \t]*NAME\b"#,
            #"^[ \t]*+(?:async[ \t]+)?with[ \t]+(?:[\w.]+\.)?\w*Client[ \t]*\([^)]*?\bbase_url[ \t]*=[ \t]*NAME\b[^)]*\)[ \t]+as[ \t]+(?<lhs>[\p{L}_]\w*)"#,
        ],
        joins: [
            #"(?<=\{)NAME\}(?:/api)?/?\{(?<param>[\p{L}_]\w*)\}"#,
            #"(?<![\w.])NAME[ \t]*\+[ \t]*(?:["']/(?:api/)?["'][ \t]*\+[ \t]*)?(?<param>[\p{L}_]\w*)\b(?![ \t]*[.(\[])"#,
        ],
        parameterUses: [#"(?<=\{)NAME[!:}]"#, #"(?<=["'])[ \t]*\+[ \t]*NAME\b"#],
        call: #"(?<![\w.])(?<!def )NAME[ \t]*\("#,
        inlineFunction: nil,
        receiverParameters: ["self", "cls"])

    public static let script = FlowURLs(
        pathUses: [
            #"(?<=\$\{)NAME\}(?<path>/[\w/.-]*)"#,
            #"(?<![\w.$])NAME[ \t]*\+[ \t]*['"`](?<path>/[\w/.-]*)"#,
            #"(?<![\w.$])NAME[ \t]*\.[ \t]*"# + verbs + #"[ \t]*(?:<[^>\n]*>)?[ \t]*\([ \t]*['"`](?<path>/?[\w/.-]*)['"`]"#,
            #"\bURL[ \t]*\([ \t]*['"`](?<path>/[\w/.-]*)['"`][ \t]*,[ \t]*NAME\b"#,
            #"(?<![\w.$])(?<!function )NAME[ \t]*\([ \t]*['"`](?<path>/?[\w/.-]*)['"`][ \t]*[,)]"#,
        ],
        derivedBases: [
            #"`\$\{NAME\}(?:/api)?/?`[ \t]*;?[ \t]*(?://[^\n]*)?$"#,
            #"NAME[ \t]*\+[ \t]*['"`]/api/?['"`][ \t]*;?[ \t]*(?://[^\n]*)?$"#,
            #"`https?://[^`$\n]*:\$\{NAME(?<port>)\}(?:/api)?/?`[ \t]*;?[ \t]*(?://[^\n]*)?$"#,
        ],
        clients: [
            #"^[ \t]*+(?:(?:export[ \t]+)?(?:const|let|var)[ \t]+)?(?<lhs>[\p{L}_$][\w.$]*)[ \t]*(?::[^=\n]*)?=[ \t]*(?:await[ \t]+)?(?:new[ \t]+)?(?:[\w$]+\.)*[\w$]+[ \t]*\([ \t]*\{[^)]*?(?:\b(?:baseURL|baseUrl|base_url|prefixUrl)[ \t]*:[ \t]*NAME\b|[{,][ \t]*(?=(?:baseURL|baseUrl|prefixUrl)\b)NAME[ \t]*[,}])"#,
        ],
        joins: [
            #"(?<=\$\{)NAME\}(?:/api)?/?\$\{(?<param>[\p{L}_$][\w$]*)\}"#,
            #"(?<![\w.$])NAME[ \t]*\+[ \t]*(?:['"`]/(?:api/)?['"`][ \t]*\+[ \t]*)?(?<param>[\p{L}_$][\w$]*)\b(?![ \t]*[.(\[])"#,
        ],
        parameterUses: [#"(?<=\$\{)NAME\}"#, #"(?<=['"`])[ \t]*\+[ \t]*NAME\b"#],
        call: #"(?<![\w.$])(?<!function )NAME[ \t]*(?:<[^<>()\n]*(?:<[^<>()\n]*>[^<>()\n]*)*>)?[ \t]*\("#,
        inlineFunction: #"^[ \t]*+(?:export[ \t]+)?(?:const|let|var)[ \t]+(?<fn>[\p{L}_$][\w$]*)[ \t]*(?::[^=\n]*)?=[ \t]*(?:async[ \t]*)?\((?<params>[^)\n]*)\)[^=\n]*=>"#,
        receiverParameters: [])
}
