import Foundation
import Testing

@Suite("sextant simulate and validate (end to end)")
struct ScenarioCommandTests {
    static let scenarios = ReportTests.repository.appendingPathComponent("scenarios")
    static let names = ["sales-lead-qualification", "service-ecommerce", "service-technology", "staged-autopilot-rollout"]

    @Test("every bundled scenario is valid", arguments: names)
    func validScenarios(name: String) throws {
        let result = try CLI.run(["validate", Self.scenarios.appendingPathComponent("\(name).yaml").path])
        #expect(result.status == 0 && result.stdout.contains("valid"), "\(result.stderr)")
    }

    @Test("simulate prints the documented JSON keys, expected beside simulated", arguments: names)
    func simulateKeys(name: String) throws {
        let result = try CLI.run([
            "simulate", Self.scenarios.appendingPathComponent("\(name).yaml").path, "--replications", "50", "--format", "json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try CLI.json(result.stdout)
        for key in ["scenario", "replications", "seed", "expected", "simulated", "weeks", "intents", "schema_version"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        let expected = json["expected"] as? [String: Any] ?? [:]
        #expect(expected["contained"] is Double && expected["resolution"] is Double)
        #expect((expected["issues"] as? [String: Any])?.keys.sorted() == ["P0", "P1", "P2", "any"])
        let simulated = json["simulated"] as? [String: [String: Any]] ?? [:]
        for metric in ["contained", "resolution", "P0", "P1", "P2", "any"] {
            #expect(simulated[metric]?.keys.sorted() == ["mean", "p05", "p50", "p95", "sd"], "\(metric)")
        }
        #expect(json["replications"] as? Int == 50)
    }

    @Test("the same seed gives byte-identical output across runs and thread counts")
    func byteIdentical() throws {
        let path = Self.scenarios.appendingPathComponent("staged-autopilot-rollout.yaml").path
        let base = ["simulate", path, "--replications", "300", "--intents", "--format", "json"]
        let one = try CLI.run(base + ["--threads", "1"])
        let two = try CLI.run(base + ["--threads", "2"])
        let again = try CLI.run(base + ["--threads", "2"])
        let many = try CLI.run(base + ["--threads", "5"])
        #expect(one.status == 0 && !one.stdout.isEmpty)
        #expect(one.stdout == two.stdout && two.stdout == again.stdout && again.stdout == many.stdout)
        let reseeded = try CLI.run(base + ["--seed", "99"])
        #expect(reseeded.stdout != one.stdout)
    }

    @Test("--weeks changes the horizon and --intent-weeks adds per-intent weekly results")
    func options() throws {
        let path = Self.scenarios.appendingPathComponent("service-ecommerce.yaml").path
        let json = try CLI.json(
            CLI.run(["simulate", path, "--replications", "20", "--weeks", "3", "--intent-weeks", "--format", "json"]).stdout)
        #expect((json["weeks"] as? [Any])?.count == 3 && json["weeks_simulated"] as? Int == 3)
        let intents = json["intents"] as? [[String: Any]] ?? []
        #expect((intents.first?["weeks"] as? [Any])?.count == 3)
        for format in ["table", "markdown", "csv"] {
            let result = try CLI.run(["simulate", path, "--replications", "20", "--format", format])
            #expect(result.status == 0 && !result.stdout.isEmpty, "\(format)")
        }
    }

    @Test("validate reports every problem with file, line and key path, and exits 2")
    func invalid() throws {
        let folder = try CLI.temporaryDirectory()
        let file = folder.appendingPathComponent("bad.yaml")
        try """
        version: 1
        name: bad
        sessions_per_week: -5
        weeks: 4
        review_rate: 0.05
        intents:
          - name: a
            share: 0.6
            knowledge_coverage: 1.3
          - name: b
            share: 0.3
            instrucion_coverage: 0.9
        """.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["validate", file.path, Self.scenarios.appendingPathComponent("service-ecommerce.yaml").path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.yaml:3:") && result.stderr.contains("sessions_per_week: -5 is not a positive volume"))
        #expect(
            result.stderr.contains("bad.yaml:9:")
                && result.stderr.contains("intents[0].knowledge_coverage: 1.3 is not a probability"))
        #expect(result.stderr.contains("intents[1].instrucion_coverage: unknown key; did you mean \"instruction_coverage\"?"))
        #expect(result.stderr.contains("intents: shares sum to 0.9; expected 1"))
        #expect(result.stdout.contains("service-ecommerce") && result.stdout.contains("valid"))
        let simulate = try CLI.run(["simulate", file.path])
        #expect(simulate.status == 2 && simulate.stderr.contains("bad.yaml:9:"))
        let json = try CLI.json(CLI.run(["validate", file.path, "--format", "json"]).stdout)
        #expect(json["valid"] as? Bool == false)
    }
}

@Suite("simulate: bounds and seeds (end to end)")
struct SimulateBoundsTests {
    static let scenario = ScenarioCommandTests.scenarios.appendingPathComponent("service-ecommerce.yaml").path

    @Test(
        "--replications and --threads beyond their bounds are refused with the bound, before anything runs",
        arguments: [
            (["--replications", "9223372036854775807"], "--replications 9223372036854775807 must be from 1 to 10,000,000"),
            (["--replications", "10000001"], "--replications 10000001 must be from 1 to 10,000,000"),
            (["--replications", "0"], "--replications 0 must be from 1 to 10,000,000"),
            (["--threads", "9223372036854775807"], "--threads 9223372036854775807 must be from 1 to 1,024"),
            (["--threads", "1025"], "--threads 1025 must be from 1 to 1,024"),
        ])
    func bounds(arguments: [String], message: String) throws {
        let result = try CLI.run(["simulate", Self.scenario] + arguments)
        #expect(result.status == 2 && result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty && !result.stderr.contains("Fatal"))
    }

    /// The bytes of results: replications × (7 metrics × (overall + weeks + intents) + 6 reasons) × 8, plus
    /// for each metric of each intent in each week a histogram of 10,368 bytes and 256 pilot values of 8.
    static func resultBytes(replications: Int, weeks: Int, intents: Int = 0, intentWeeks: Int = 0) -> Int {
        replications * (7 * (1 + weeks + intents) + 6) * 8 + 7 * intentWeeks * (10_368 + 8 * min(replications, 256))
    }

    @Test("a run whose results would not fit in memory is refused up front, with the figure")
    func memory() throws {
        let started = Date()
        let big = try CLI.run(["simulate", Self.scenario, "--replications", "10000000"])
        #expect(big.status == 2)
        // service-ecommerce: 12 weeks, 5 intents.
        #expect(Self.resultBytes(replications: 10_000_000, weeks: 12) == 7_760_000_000)
        #expect(big.stderr.contains("the results of 10,000,000 replications would take 7.76 GB (7,760,000,000 bytes) of memory"))
        #expect(big.stderr.contains("97 values of 8 bytes per replication over 12 weeks"))
        #expect(big.stderr.contains("4 GiB (4,294,967,296 bytes)"))
        let perIntent = try CLI.run([
            "simulate", Self.scenario, "--replications", "100000", "--weeks", "1000", "--intents", "--intent-weeks",
        ])
        let bytes = Self.resultBytes(replications: 100_000, weeks: 1000, intents: 5, intentWeeks: 5 * 1000)
        #expect(bytes == 6_072_960_000)
        #expect(perIntent.status == 2 && perIntent.stderr.contains("6.07 GB (6,072,960,000 bytes)"), "\(perIntent.stderr)")
        #expect(perIntent.stderr.contains("plus 434.6 MB (434,560,000 bytes) for the per-intent weekly histograms"))
        #expect(Date().timeIntervalSince(started) < 30, "refused before allocating or simulating")
    }

    @Test("the largest seed, 2^64 − 1, is printed as it is and replays byte for byte")
    func largestSeed() throws {
        let base = ["simulate", Self.scenario, "--replications", "50", "--format", "json"]
        let first = try CLI.run(base + ["--seed", "18446744073709551615"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("\n  \"seed\": 18446744073709551615,\n"))
        let seed = try #require(first.stdout.split(separator: "\n").first { $0.hasPrefix("  \"seed\": ") })
        let printed = String(seed.dropFirst("  \"seed\": ".count).dropLast())
        let replay = try CLI.run(base + ["--seed", printed])
        #expect(replay.stdout == first.stdout)
        #expect(
            try CLI.run(["simulate", Self.scenario, "--replications", "50", "--seed", printed]).stdout.contains(
                "seed 18446744073709551615."))
        let other = try CLI.run(base + ["--seed", "9223372036854775808"])
        #expect(other.stdout.contains("\"seed\": 9223372036854775808,") && other.stdout != first.stdout)
    }

    @Test("a seed outside 0…2^64 − 1 is refused with the range", arguments: ["-1", "18446744073709551616", "1.5", "x", "٣"])
    func badSeed(seed: String) throws {
        let result = try CLI.run(["simulate", Self.scenario, "--seed", seed])
        #expect(result.status == 2)
        #expect(result.stderr.contains("seed must be a whole number from 0 to 18446744073709551615"), "\(result.stderr)")
    }
}
