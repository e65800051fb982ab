import AuditTestSupport
import Foundation
import Platform
import Testing

/// Platform's file and folder reading, which the scanner and the walker stand on.
@Suite struct FileSystemTests {
    func tree(_ files: [String: String]) throws -> String {
        let root = try TestSupport.makeTemporaryDirectory("platform-fs")
        try TestSupport.writeTree(files, under: root)
        return root
    }

    func read(_ path: String, maxSize: Int = 1 << 20) -> FileContent {
        FileSystem.readFile(path: Array(path.utf8), maxSize: maxSize)
    }

    /// A word search agrees with the naive one on every text: at the start and the very end,
    /// after a false start on its first byte, longer than the text, and empty.
    @Test func aWordIsFoundWhereverTheNaiveSearchFindsIt() {
        var random = SplitMix64(seed: 0xB17E)
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...24, using: &random)).map { _ in UInt8.random(in: 0x61...0x63, using: &random) }
            let word = (0..<Int.random(in: 0...4, using: &random)).map { _ in UInt8.random(in: 0x61...0x63, using: &random) }
            let naive = word.isEmpty || (0..<max(0, text.count - word.count + 1)).contains { text[$0..<$0 + word.count].elementsEqual(word) }
            #expect(ByteSearch.contains(word, in: text) == naive, "\(text) \(word)")
        }
    }

    @Test func aFileIsReadWholeUpToTheCap() throws {
        let root = try tree(["a.txt": String(repeating: "x", count: 100)])
        defer { TestSupport.removeTree(root) }
        guard case let .bytes(bytes) = read(root + "/a.txt", maxSize: 100) else {
            Issue.record("a file of exactly the cap is read")
            return
        }
        #expect(bytes == Array(repeating: UInt8(ascii: "x"), count: 100))
        guard case .tooLarge = read(root + "/a.txt", maxSize: 99) else {
            Issue.record("one byte over the cap is too large")
            return
        }
    }

    @Test func linksFifosAndMissingFilesAreNotRead() throws {
        let root = try tree(["a.txt": "text\n"])
        defer { TestSupport.removeTree(root) }
        let made = try TestSupport.run(["-c", "mkfifo fifo && ln -s a.txt link"], executable: "/bin/sh", in: root)
        try #require(made.status == 0, "\(made.stderr)")
        guard case .notRegular = read(root + "/fifo") else {
            Issue.record("a FIFO is not a regular file, and reading it does not block")
            return
        }
        guard case let .failed(code) = read(root + "/link") else {
            Issue.record("a link is not followed")
            return
        }
        #expect(code == ELOOP)
        guard case let .failed(missing) = read(root + "/gone") else {
            Issue.record("a missing file is an error")
            return
        }
        #expect(SystemError(missing).isNotFound)
        #expect(SystemError(missing).description == "No such file or directory")
    }

    @Test func aFolderListsItsEntriesByKindAndOpensChildrenButNotLinks() throws {
        let root = try tree(["sub/a.py": "x\n", "b.txt": "y\n"])
        defer { TestSupport.removeTree(root) }
        let made = try TestSupport.run(["-c", "ln -s sub linked"], executable: "/bin/sh", in: root)
        try #require(made.status == 0, "\(made.stderr)")
        let folder = try Directory.open(Array(root.utf8), followLink: true).get()
        let listing = folder.entries()
        #expect(listing.failure == nil)
        let kinds = Dictionary(uniqueKeysWithValues: listing.entries.map { (String(decoding: $0.name, as: UTF8.self), $0.kind) })
        #expect(kinds == ["sub": .directory, "b.txt": .regular, "linked": .symlink])
        let sub = try folder.open(child: Array("sub".utf8)).get()
        #expect(sub.entries().entries.map(\.name) == [Array("a.py".utf8)])
        #expect(sub.readFile(named: "a.py") == Array("x\n".utf8))
        guard case let .failure(error) = folder.open(child: Array("linked".utf8)) else {
            Issue.record("a link to a folder is not followed")
            return
        }
        // With O_DIRECTORY, Linux says "not a directory"; other systems say "too many links".
        #expect([ENOTDIR, ELOOP].contains(error.code))
    }
}
