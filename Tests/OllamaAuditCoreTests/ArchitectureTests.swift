import AuditTestSupport
import Foundation
import Testing

/// The layer table in docs/architecture.md is the one a new engineer reads; the compiler
/// enforces Package.swift. These keep the two the same, and the layers in one order.
@Suite struct ArchitectureTests {
    /// Each library target's direct dependencies, as Package.swift declares them.
    static func packageDependencies() throws -> [String: Set<String>] {
        let text = try String(contentsOfFile: TestSupport.packageRoot.appendingPathComponent("Package.swift").path, encoding: .utf8)
        var result: [String: Set<String>] = [:]
        let target = /\.target\(\s*name:\s*"(\w+)"(?:,\s*dependencies:\s*\[([^\]]*)\])?/
        for match in text.matches(of: target) {
            var names: Set<String> = []
            for dependency in (match.output.2.map(String.init) ?? "").matches(of: /(package:\s*)?"(\w+)"/)
            where dependency.output.1 == nil {
                names.insert(String(dependency.output.2))
            }
            result[String(match.output.1)] = names
        }
        return result
    }

    /// The rows of the table under "| target |": target name → its "depends on" cell.
    static func documentedLayers() throws -> [(name: String, dependencies: Set<String>)] {
        let text = try String(contentsOfFile: TestSupport.packageRoot.appendingPathComponent("docs/architecture.md").path, encoding: .utf8)
        var rows: [(String, Set<String>)] = []
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3 else { continue }
            let name = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let dependencies = cells[cells.count - 1] == "—" ? [] : cells[cells.count - 1]
                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            rows.append((name, Set(dependencies)))
        }
        return rows
    }

    @Test func theLayerTableMatchesPackageSwift() throws {
        let declared = try Self.packageDependencies()
        let documented = try Self.documentedLayers()
        #expect(documented.count >= 8, "docs/architecture.md lists \(documented.count) layers")
        for row in documented {
            #expect(declared[row.name] == row.dependencies,
                    "\(row.name): Package.swift says \(declared[row.name]?.sorted() ?? []), the docs \(row.dependencies.sorted())")
        }
    }

    /// Listed bottom to top, each layer uses only rows above it in the table (and outside
    /// libraries), so the order the docs give is one the compiler could build in.
    @Test func layersDependOnlyOnLayersBelowThem() throws {
        let documented = try Self.documentedLayers()
        let names = documented.map(\.name)
        for (index, row) in documented.enumerated() {
            for dependency in row.dependencies where names.contains(dependency) {
                #expect(names.firstIndex(of: dependency)! < index, "\(row.name) depends on \(dependency), listed after it")
            }
        }
    }

    /// SwiftPM lets a target import a module it does not declare when that module happens to
    /// be built already (a dependency's dependency, or a stale one in an incremental build),
    /// so the compiler alone does not hold the line: every import must be a declared
    /// dependency or a system module.
    @Test func everyImportIsADeclaredDependency() throws {
        let declared = try Self.packageDependencies()
        let system: Set<String> = ["Foundation", "Dispatch", "Synchronization", "Glibc", "Darwin"]
        let sources = TestSupport.packageRoot.appendingPathComponent("Sources")
        for row in try Self.documentedLayers() {
            let folder = sources.appendingPathComponent(row.name)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                for line in text.split(separator: "\n") where line.hasPrefix("import ") {
                    let module = String(line.dropFirst("import ".count))
                    #expect(system.contains(module) || declared[row.name, default: []].contains(module),
                            "Sources/\(row.name)/\(name) imports \(module), which Package.swift does not give \(row.name)")
                }
            }
        }
    }
}
