import Foundation
import Testing

/// End-to-end regression tests for the YAML and scenario defects of issue 7.
@Suite("sextant validate, simulate and report --targets on hostile YAML (end to end)")
struct ScenarioDefectTests {
    /// Nine levels of nine aliases: 9⁹ ≈ 387 million strings once expanded, in a few hundred bytes.
    static let laughs = ReportTests.fixtures.appendingPathComponent("billion-laughs.yaml")

    static func write(_ text: String, _ name: String) throws -> (folder: URL, path: String) {
        let folder = try CLI.temporaryDirectory()
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return (folder, name)
    }

    @Test("a billion laughs ends validate, simulate and report --targets with status 2 and FILE:LINE:COL, at once")
    func billionLaughs() throws {
        let (folder, name) = try Self.write(String(contentsOf: Self.laughs, encoding: .utf8), "lol.yaml")
        let sessions = ReportTests.repository.appendingPathComponent("samples/sessions.csv").path
        for arguments in [["validate", name], ["simulate", name, "--quiet"], ["report", sessions, "--targets", name]] {
            let start = ContinuousClock.now
            let result = try CLI.run(arguments, in: folder)
            #expect(result.status == 2, "\(arguments)")
            #expect(
                result.stderr.contains("sextant: error: lol.yaml:4:4: YAML anchors (&a) are not supported; write the value out"),
                "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack"), "\(arguments)")
            #expect(ContinuousClock.now - start < .seconds(20), "\(arguments)")
        }
    }

    @Test("a YAML syntax error reads FILE:LINE:COL: message")
    func syntaxError() throws {
        let (folder, name) = try Self.write("version: 1\nname: a\u{1}b\n", "bad.yaml")
        let result = try CLI.run(["validate", name], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr == "sextant: error: bad.yaml:2:8: is not valid YAML: control characters are not allowed (U+0001)\n")
    }

    static let base = """
        version: 1
        name: edge
        sessions_per_week: 1000
        weeks: 4
        review_rate: 0.05
        seed: 18446744073709551615
        intents:
          - {name: a, share: 1}

        """

    @Test("sessions_per_week: 0.4 is refused with its key path instead of simulating 0 sessions")
    func fractionalVolume() throws {
        let (folder, name) = try Self.write(Self.base.replacingOccurrences(of: ": 1000", with: ": 0.4"), "frac.yaml")
        for command in ["validate", "simulate"] {
            let result = try CLI.run([command, name], in: folder)
            #expect(result.status == 2, "\(command)")
            #expect(
                result.stderr.contains(
                    "frac.yaml:3:20: sessions_per_week: 0.4 is not a whole number of sessions; expected a whole number, at least 1"
                ),
                "\(command): \(result.stderr)")
        }
    }

    @Test("a YAML seed up to 2^64 − 1 validates and simulates; a negative one is a clear error")
    func seeds() throws {
        let (folder, name) = try Self.write(Self.base, "seed.yaml")
        #expect(try CLI.run(["validate", name], in: folder).status == 0)
        let simulated = try CLI.run(["simulate", name, "--replications", "10", "--quiet"], in: folder)
        #expect(simulated.status == 0, "\(simulated.stderr)")
        let (negativeFolder, negative) = try Self.write(
            Self.base.replacingOccurrences(of: "18446744073709551615", with: "-1"), "negative.yaml")
        let refused = try CLI.run(["validate", negative], in: negativeFolder)
        #expect(refused.status == 2)
        #expect(
            refused.stderr.contains(
                "negative.yaml:6:7: seed: -1 is negative; expected a whole number from 0 to 18446744073709551615"))
    }

    @Test("validate --format json keeps each problem's line, column and key path")
    func jsonProblems() throws {
        let broken = ReportTests.repository.appendingPathComponent("samples/broken-scenario.yaml").path
        let result = try CLI.run(["validate", broken, "--format", "json"])
        #expect(result.status == 2)
        let json = try CLI.json(result.stdout)
        let file = try #require((json["files"] as? [[String: Any]])?.first)
        let problems = try #require(file["problems"] as? [[String: Any]])
        #expect(problems.count == 5)
        let first = try #require(problems.first)
        #expect(first["line"] as? Int == 4 && first["column"] as? Int == 20)
        #expect(first["key_path"] as? String == "sessions_per_week")
        #expect(first["message"] as? String == "-5 is not a positive volume; expected sessions per week > 0")
        let beta = try #require(problems.last)
        #expect(
            beta["line"] as? Int == 14 && beta["column"] as? Int == 28
                && beta["key_path"] as? String == "intents[1].action_success.beta")
        // A file that cannot be read has a problem without a place.
        let missing = try CLI.json(CLI.run(["validate", "no-such.yaml", "--format", "json"]).stdout)
        let unread = try #require(((missing["files"] as? [[String: Any]])?.first?["problems"] as? [[String: Any]])?.first)
        #expect(unread["line"] is NSNull && unread["key_path"] is NSNull)
        #expect(unread["message"] as? String == "cannot read the scenario file; check the path")
    }

    @Test("an endless or oversized YAML input is refused before it is read into memory")
    func endless() throws {
        let result = try CLI.run(["validate", "/dev/zero"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/dev/zero: is over 4 MiB; expected a YAML file of at most 4 MiB (4194304 bytes)"))
        let targets = try CLI.run([
            "report", ReportTests.repository.appendingPathComponent("samples/sessions.csv").path, "--targets", "/dev/zero",
        ])
        #expect(targets.status == 2 && targets.stderr.contains("/dev/zero: is over 4 MiB"))
    }
}
