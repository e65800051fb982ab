import Model

/// One kind of file the scanner reads: a position in a `LanguageRegistry`, whose `Language`
/// says what the kind is. The named ones (`.python`, `.yaml`) are the standard registry's,
/// declared beside their languages. A file can have several types (`docker-compose.yml` is
/// `compose` and `yaml`); a rule's `files:` list names the types (or groups) it applies to.
public struct FileType: Hashable, Sendable, CustomStringConvertible {
    /// Below `FileTypeSet.capacity`: the registry refuses more languages than a set holds.
    @usableFromInline package let index: Int

    package init(index: Int) { self.index = index }

    /// The standard registry's type for `language`.
    public init(_ language: Language) {
        guard let type = LanguageRegistry.standard.type(named: language.name) else {
            preconditionFailure("\(language.name) is not in LanguageRegistry.standard")
        }
        self = type
    }

    /// The standard registry's language of this type.
    public var language: Language { LanguageRegistry.standard.languages[index] }
    public var name: String { language.name }
    public var description: String { name }

    /// The standard types of a file called `name` (no folder); empty when it is not scanned.
    public static func types(ofFileNamed name: String) -> FileTypeSet {
        LanguageRegistry.standard.types(ofFileNamed: name)
    }

    /// Whether a file called `name` is build output that the scan skips (`app.min.js`).
    public static func isGenerated(_ name: String) -> Bool { LanguageRegistry.standard.isGenerated(name) }
}

/// A set of file types as a fixed-size bit set, so the per-file rule filter is two ANDs and
/// no allocation. It holds `capacity` types; `LanguageRegistry` refuses more languages than
/// that, so a type never gets a bit it shares with another or no bit at all (a rule scoped
/// to a type without a bit would have an empty set, and apply to every file).
public struct FileTypeSet: Hashable, Sendable {
    public static let capacity = 128

    @usableFromInline var low: UInt64 = 0
    @usableFromInline var high: UInt64 = 0

    @inlinable public init() {}
    public init(_ types: some Sequence<FileType>) { for type in types { insert(type) } }

    @inlinable public mutating func insert(_ type: FileType) {
        if type.index < 64 { low |= 1 << UInt64(type.index) } else { high |= 1 << UInt64(type.index - 64) }
    }

    @inlinable public func contains(_ type: FileType) -> Bool {
        type.index < 64 ? low & 1 << UInt64(type.index) != 0 : high & 1 << UInt64(type.index - 64) != 0
    }

    @inlinable public func intersects(_ other: FileTypeSet) -> Bool { (low & other.low) | (high & other.high) != 0 }
    @inlinable public func isSubset(of other: FileTypeSet) -> Bool { (low & ~other.low) | (high & ~other.high) == 0 }
    @inlinable public var isEmpty: Bool { low | high == 0 }

    public mutating func formUnion(_ other: FileTypeSet) {
        low |= other.low
        high |= other.high
    }

    /// The types in registry order.
    public var types: [FileType] {
        var result: [FileType] = []
        for (word, base) in [(low, 0), (high, 64)] {
            var rest = word
            while rest != 0 {
                result.append(FileType(index: base + rest.trailingZeroBitCount))
                rest &= rest - 1
            }
        }
        return result
    }
}

extension FileTypeSet {
    /// The service layer of a file with these (standard) types, at `path`, for rules that name none.
    public func layer(path: String) -> Layer { LanguageRegistry.standard.layer(of: self, path: path) }

    public func mask(_ text: [UInt8]) -> SyntaxMask { LanguageRegistry.standard.mask(text, types: self) }
    public func sections(_ text: [UInt8]) -> ConfigSections? { LanguageRegistry.standard.sections(text, types: self) }

    /// The first `Language.metadataBlock` of these types; nil when none has one.
    public var metadataBlock: (open: String, close: String)? {
        types.lazy.compactMap { LanguageRegistry.standard[$0].metadataBlock }.first
    }

    /// The highest `Language.commentedSettings` of these types; nil when none has one.
    public var commentedSettings: Priority? {
        types.compactMap { LanguageRegistry.standard[$0].commentedSettings }.max()
    }
}
