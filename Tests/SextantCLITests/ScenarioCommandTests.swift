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

    @Test("simulate prints the interfaces.md keys, expected beside simulated", arguments: names)
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
