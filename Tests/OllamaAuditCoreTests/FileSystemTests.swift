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
