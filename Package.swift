// swift-tools-version: 6.0
import PackageDescription

/// The library targets, bottom to top; the front ends and the tests may use any of them.
let layers: [Target.Dependency] = [
    "Model", "Platform", "Languages", "Rules", "Engine", "Policy", "Report", "Fix", "Verify", "OllamaAuditCore",
]

let package = Package(
    name: "ollama-audit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ollama-audit", targets: ["ollama-audit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The after-edit parse check of `--fix` for TOML files (pyproject.toml, Pipfile).
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // PCRE2 from the system (Debian: libpcre2-dev). Only PCRE2Swift imports it.
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"]), .brew(["pcre2"])]
        ),
        // The only reader of PCRE2 results.
        .target(name: "PCRE2Swift", dependencies: ["CPCRE2"]),
        // libcurl from the system (Debian: libcurl4-openssl-dev), for verify's HTTP: its write
        // callback can stop a body at a size cap, which URLSession on Linux cannot.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]
        ),
        // The layers, bottom to top (docs/architecture.md). Each depends only on layers below
        // it, so the compiler rejects a back edge.
        // The nouns every layer shares: findings, priorities, layers, errors, exit codes.
        .target(name: "Model"),
        // Every syscall and C call outside PCRE2: files, directories, atomic output, processes,
        // git, HTTP (libcurl), and the byte-level path and glob matching the walker runs on.
        .target(name: "Platform", dependencies: ["Model", "CCurl"]),
        // What each kind of file is, and what the tool knows about its language.
        .target(name: "Languages", dependencies: ["Model", "PCRE2Swift"]),
        // Rule files: decoding, compiling, the embedded defaults, fix templates.
        .target(
            name: "Rules",
            dependencies: ["Model", "Platform", "Languages", "PCRE2Swift", .product(name: "Yams", package: "Yams")]
        ),
        // Walking the tree and searching each file: raw findings.
        .target(name: "Engine", dependencies: ["Model", "Platform", "Languages", "Rules", "PCRE2Swift"]),
        // What counts after the search: configuration, allow file, baseline, fingerprints.
        .target(
            name: "Policy",
            dependencies: ["Model", "Platform", "Rules", "Engine", .product(name: "Yams", package: "Yams")]
        ),
        // The report printers.
        .target(name: "Report", dependencies: ["Model", "Platform", "Rules", "Engine", "Policy"]),
        // The fix planner, its checks, and unified diffs.
        .target(
            name: "Fix",
            dependencies: ["Model", "Languages", "Rules", "Engine", "PCRE2Swift",
                           .product(name: "TOMLKit", package: "TOMLKit"), .product(name: "Yams", package: "Yams")]
        ),
        // `ollama-audit verify`: probes an OpenAI-compatible deployment.
        .target(name: "Verify", dependencies: ["Model", "Platform", "Policy", "Report", "Rules"]),
        // The facade the command line and the tests call: scan, plan and apply a fix, self-test rules.
        .target(
            name: "OllamaAuditCore",
            dependencies: ["Model", "Platform", "Languages", "Rules", "Engine", "Policy", "Report", "Fix", "Verify"]
        ),
        // Thin command-line front end.
        .executableTarget(
            name: "ollama-audit",
            dependencies: layers + [.product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Regenerates Sources/Rules/DefaultRules+Generated.swift and docs/rules.md from rules/.
        .executableTarget(name: "generate-default-rules", dependencies: ["Platform", "Rules", "Report"]),
        // Paths, process runs, temporary trees and golden files for the test suites.
        .target(name: "AuditTestSupport", dependencies: ["Platform"]),
        // The invariants the fuzz targets check per input; the tests replay them too.
        .target(name: "FuzzChecks", dependencies: layers),
        // One libFuzzer executable per check (`make fuzz`); built plainly, each replays files.
        .executableTarget(name: "fuzz-rule-loader", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "fuzz-scanner", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "fuzz-fix-planner", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "fuzz-unified-diff", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "fuzz-glob", dependencies: ["FuzzChecks"]),
        .testTarget(name: "PCRE2SwiftTests", dependencies: ["PCRE2Swift"]),
        .testTarget(name: "OllamaAuditCoreTests", dependencies: layers + ["AuditTestSupport"]),
        .testTarget(name: "FuzzCheckTests", dependencies: layers + ["FuzzChecks", "AuditTestSupport"]),
        .testTarget(name: "CLITests", dependencies: layers + ["ollama-audit", "AuditTestSupport"]),
    ]
)
