// swift-tools-version: 6.0
import PackageDescription

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
        // All of the tool's logic: rules, walking, scanning, reports.
        .target(
            name: "OllamaAuditCore",
            dependencies: [
                "PCRE2Swift",
                "CCurl",
                .product(name: "Yams", package: "Yams"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // Thin command-line front end.
        .executableTarget(
            name: "ollama-audit",
            dependencies: [
                "OllamaAuditCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Regenerates Sources/OllamaAuditCore/Rules/DefaultRules+Generated.swift from rules/.
        .executableTarget(name: "generate-default-rules", dependencies: ["OllamaAuditCore"]),
        // Paths, process runs, temporary trees and golden files for the test suites.
        .target(name: "AuditTestSupport"),
        // The invariants the fuzz targets check per input; the tests replay them too.
        .target(name: "FuzzChecks", dependencies: ["OllamaAuditCore"]),
        // One libFuzzer executable per check (`make fuzz`); built plainly, each replays files.
        .executableTarget(name: "fuzz-rule-loader", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "fuzz-scanner", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "fuzz-fix-planner", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "fuzz-unified-diff", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "fuzz-glob", dependencies: ["FuzzChecks"]),
        .testTarget(name: "PCRE2SwiftTests", dependencies: ["PCRE2Swift"]),
        .testTarget(name: "OllamaAuditCoreTests", dependencies: ["OllamaAuditCore", "AuditTestSupport"]),
        .testTarget(name: "FuzzCheckTests", dependencies: ["FuzzChecks", "OllamaAuditCore", "AuditTestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["ollama-audit", "OllamaAuditCore", "AuditTestSupport"]),
    ]
)
