// swift-tools-version: 6.0
//
// Sextant: honest measurement, simulation and planning for AI customer-service rollouts.
//
// Layers run one way:  CGSL → SextantStats → SextantModel → SextantIngest / SextantReport → sextant
// Only SextantStats imports the C module; only the `sextant` executable reads files, prints and
// sets exit codes.
import PackageDescription

let package = Package(
    name: "Sextant",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sextant", targets: ["sextant"]),
        .library(name: "SextantStats", targets: ["SextantStats"]),
        .library(name: "SextantModel", targets: ["SextantModel"]),
        .library(name: "SextantIngest", targets: ["SextantIngest"]),
        .library(name: "SextantReport", targets: ["SextantReport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", exact: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    ],
    targets: [
        // GNU GSL, found through pkg-config (Debian: libgsl-dev). Nothing but SextantStats imports it.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"]), .brew(["gsl"])]
        ),
        .target(name: "SextantStats", dependencies: ["CGSL"]),
        .target(name: "SextantModel", dependencies: ["SextantStats"]),
        // zlib, for gzip-compressed logs (Debian: zlib1g-dev). Only SextantIngest imports it.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // SIMD byte classes (bit masks of 64 bytes) for the CSV reader. Only SextantIngest imports it.
        .target(name: "CByteScan"),
        .target(
            name: "SextantIngest",
            dependencies: ["SextantModel", "CZlib", "CByteScan", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "SextantReport", dependencies: ["SextantModel", "SextantStats"]),
        .executableTarget(
            name: "sextant",
            dependencies: [
                "SextantStats", "SextantModel", "SextantIngest", "SextantReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fixtures are read from the source tree (#filePath), next to the script that made them.
        // Release-build micro benchmarks, driven by Benchmarks/run (see BENCHMARKS.md).
        .executableTarget(
            name: "sextant-bench", dependencies: ["SextantStats", "SextantModel", "SextantIngest"],
            path: "Benchmarks/SextantBench"),
        .testTarget(name: "SextantStatsTests", dependencies: ["SextantStats"], exclude: ["Fixtures"]),
        .testTarget(name: "SextantModelTests", dependencies: ["SextantModel", "SextantStats"]),
        // Golden files of every report in every format (re-record: SEXTANT_RECORD_GOLDENS=1).
        .testTarget(
            name: "SextantReportTests", dependencies: ["SextantReport", "SextantModel", "SextantStats"], exclude: ["Goldens"]),
        .testTarget(name: "SextantIngestTests", dependencies: ["SextantIngest", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "SextantCLITests", dependencies: ["sextant"], exclude: ["Fixtures"]),
    ]
)
