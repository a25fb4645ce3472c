// swift-tools-version: 6.0
//
// libFuzzer targets for every reader of Sextant's inputs, one executable each. Built and run by
// scripts/fuzz.sh (see docs/fuzzing.md), never by the main package: every module here, Sextant's
// own included, is compiled with `-sanitize=fuzzer,address`; each target's main hands libFuzzer's
// driver (LLVMFuzzerRunDriver) the function that tests one input.
//
// Sextant is the package one folder up, reached through the link `Root/Sextant` that scripts/fuzz.sh
// makes (so that its identity is "Sextant", whatever the folder of the clone is called).
import PackageDescription

let readers = ["CSV", "JSONLines", "Counts", "Scenario", "GatePolicy", "Targets"]

let package = Package(
    name: "SextantFuzz",
    dependencies: [.package(name: "Sextant", path: "Root/Sextant")],
    targets: [
        .target(name: "CFuzzer"),
        .target(
            name: "FuzzSupport",
            dependencies: ["CFuzzer", .product(name: "SextantIngest", package: "Sextant")]),
    ]
        + readers.map { reader in
            .executableTarget(
                name: "Fuzz\(reader)",
                dependencies: ["FuzzSupport", .product(name: "SextantIngest", package: "Sextant")])
        }
)
