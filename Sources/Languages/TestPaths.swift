import Model

/// Where tests, mocks and fixtures live, by the conventions of the common test runners
/// (pytest, Jest and Vitest, Mocha, Go, JUnit's `src/test`). A finding there is in the
/// `test` layer whatever the file's type: a migration updates these files last, after the
/// code they exercise.
public struct TestPaths: Sendable {
    /// Folder names (any depth, compared lowercased) whose contents are tests.
    public let folders: Set<String>
    /// File names (lowercased) that are tests wherever they sit: exact, or with one `*`.
    let exactNames: Set<String>
    let patterns: [NamePattern]
    /// The highest priority a finding in a test file keeps. The hand labels of the development
    /// corpus put every labelled test line (a mock-server route, a test's client construction,
    /// an integration-test fixture) at medium, none at low: a test breaks when the code it
    /// exercises migrates, so it is work, but never on the inference path.
    public let ceiling: Priority

    public init(folders: [String], names: [String], ceiling: Priority) {
        self.folders = Set(folders)
        (exactNames, patterns) = NamePattern.split(names)
        self.ceiling = ceiling
    }

    public static let standard = TestPaths(
        folders: ["test", "tests", "__tests__", "spec", "specs", "e2e", "testdata", "test-data", "test_data",
                  "mocks", "__mocks__", "mock", "mock-server", "mock_server", "mockserver",
                  "fixtures", "__fixtures__"],
        names: ["conftest.py", "test_*.py", "*_test.py", "*_tests.py", "*_test.go",
                "*.test.ts", "*.test.tsx", "*.test.js", "*.test.jsx", "*.test.mjs", "*.test.cjs",
                "*.spec.ts", "*.spec.tsx", "*.spec.js", "*.spec.jsx", "*.spec.mjs", "*.spec.cjs",
                "mock_server.py", "mock-server.js", "mock-server.ts", "mockserver.js", "mockserver.ts"],
        ceiling: .medium)

    /// Whether the file at `path` (relative to the scanned root, `/`-separated) is a test,
    /// a mock or a fixture.
    public func contains(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        guard let name = parts.last?.lowercased() else { return false }
        if exactNames.contains(name) || patterns.contains(where: { $0.matches(name) }) { return true }
        return parts.dropLast().contains { folders.contains($0.lowercased()) }
    }

    /// `priority` as a finding in the file at `path` keeps it: at most the ceiling in a test.
    public func capped(_ priority: Priority, path: String) -> Priority {
        priority > ceiling && contains(path) ? ceiling : priority
    }
}
