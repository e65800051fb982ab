import Model
import Testing

/// "Did you mean": typos find the id they were meant to be; other words find nothing.
@Suite struct SuggestionTests {
    let ids = ["python-ollama-import", "python-ollama-client", "ollama-port", "ollama-model-tag"]

    @Test func aTypoFindsTheNameItWasMeantToBe() {
        #expect(Suggestion.closest(to: "pyhton-ollama-import", in: ids) == "python-ollama-import")
        #expect(Suggestion.closest(to: "python-ollama-clent", in: ids) == "python-ollama-client")
        #expect(Suggestion.closest(to: "OLLAMA-PORT", in: ids) == "ollama-port")
        #expect(Suggestion.closest(to: "olama-port", in: ids) == "ollama-port")
        #expect(Suggestion.hint(for: "ollama-prot", in: ids) == " (did you mean 'ollama-port'?)")
    }

    @Test func aDifferentWordFindsNothing() {
        #expect(Suggestion.closest(to: "no-such-rule", in: ids) == nil)
        #expect(Suggestion.closest(to: "x", in: ids) == nil)
        #expect(Suggestion.closest(to: "anything", in: []) == nil)
        #expect(Suggestion.hint(for: "docker-image", in: ids) == "")
    }

    @Test func theDistanceCountsASwapOfNeighboursAsOneEdit() {
        #expect(Suggestion.distance(Array("ab".utf8), Array("ba".utf8)) == 1)
        #expect(Suggestion.distance(Array("kitten".utf8), Array("sitting".utf8)) == 3)
        #expect(Suggestion.distance([], Array("abc".utf8)) == 3)
    }
}
