import Foundation
import Testing

@Suite("sextant diff (end to end)")
struct DiffCommandTests {
    static let old = ScenarioCommandTests.scenarios.appendingPathComponent("service-ecommerce.yaml").path
    static let new = ScenarioCommandTests.scenarios.appendingPathComponent("proposals/service-ecommerce-returns-actions.yaml")
        .path

    @Test("the bundled proposal: its changes at their key paths, and the expected rates they move")
    func bundledProposal() throws {
        let result = try CLI.run(["diff", Self.old, Self.new, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try CLI.json(result.stdout)
        let changes = json["changes"] as? [[String: Any]] ?? []
        let byPath = Dictionary(changes.map { ($0["path"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byPath["intents[returns].action_coverage"]?["old"] as? String == "0.85")
        #expect(byPath["intents[returns].action_coverage"]?["new"] as? String == "0.95")
        #expect(byPath["intents[product-question].knowledge_coverage"]?["new"] as? String == "beta(28, 2)")
        // The default premature_handoff reaches every intent that does not set its own.
        #expect(changes.filter { ($0["path"] as? String)?.hasSuffix(".premature_handoff") == true }.count == 5)
        let expected = json["expected"] as? [String: [String: Any]] ?? [:]
        let resolution = try #require(expected["resolution"])
        let old = try #require(resolution["old"] as? Double)
        let new = try #require(resolution["new"] as? Double)
        #expect(new > old && abs((resolution["difference"] as? Double ?? 0) - (new - old)) < 1e-15)
        // The old side is what simulate reports as the exact expectation of the same file.
        let simulate = try CLI.json(CLI.run(["simulate", Self.old, "--replications", "10", "--format", "json"]).stdout)
        #expect((simulate["expected"] as? [String: Any])?["resolution"] as? Double == old)
    }

    @Test("Markdown fit for a pull request; the same file twice changes nothing")
    func markdownAndSame() throws {
        let markdown = try CLI.run(["diff", Self.old, Self.new, "--format", "markdown"])
        #expect(markdown.status == 0 && markdown.stdout.contains("| key | before | after |"))
        #expect(markdown.stdout.contains("| intents\\[returns\\].action_coverage | 0.85 | 0.95 |"))
        let same = try CLI.run(["diff", Self.old, Self.old])
        #expect(same.status == 0 && same.stdout.contains("nothing changes"))
    }

    @Test("with a policy, the gate's first pass week before and after: better resolution passes a resolution floor sooner")
    func gate() throws {
        let arguments = [
            "diff", Self.old, Self.new, "--resolution-floor", "0.765", "--window-weeks", "2", "--replications", "200",
            "--format", "json",
        ]
        let result = try CLI.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let gate = try #require(try CLI.json(result.stdout)["gate"] as? [String: Any])
        let before = try #require(gate["first_pass_week_old"] as? [String: Any])
        let after = try #require(gate["first_pass_week_new"] as? [String: Any])
        // The proposal's expected resolution (79.0 %) is well over the floor: the median run passes in week 1;
        // the old scenario's (76.5 %) sits just under it, so more than half the runs never clear it.
        #expect(after["p50"] as? Int == 1)
        #expect(before["p50"] is NSNull && (before["never"] as? Double ?? 0) > 0.5)
        #expect((after["never"] as? Double ?? 1) < 0.1)
        #expect(try CLI.run(arguments).stdout == result.stdout)
    }

    @Test("a bad scenario file exits 2 with its place; -o onto an input is refused")
    func badInput() throws {
        let folder = try CLI.temporaryDirectory()
        let bad = folder.appendingPathComponent("bad.yaml")
        try "version: 1\nname: x\nweeks: -3\n".write(to: bad, atomically: true, encoding: .utf8)
        let result = try CLI.run(["diff", Self.old, bad.path])
        #expect(result.status == 2 && result.stderr.contains("bad.yaml:"))
        let copy = folder.appendingPathComponent("old.yaml")
        try FileManager.default.copyItem(atPath: Self.old, toPath: copy.path)
        let overwrite = try CLI.run(["diff", copy.path, Self.new, "-o", copy.path])
        #expect(overwrite.status == 2)
        #expect(try String(contentsOf: copy, encoding: .utf8) == String(contentsOfFile: Self.old, encoding: .utf8))
    }
}

@Suite("gate and plan against absurd values (hostile pass)")
struct GatePlanAttackTests {
    static let scenario = ScenarioCommandTests.scenarios.appendingPathComponent("service-ecommerce.yaml").path
    static let policy = ScenarioCommandTests.scenarios.appendingPathComponent("gate-policy.yaml").path
    static let log = ReportTests.repository.appendingPathComponent("samples/sessions.csv").path

    @Test(
        "each absurd value is one message naming its flag or file place, exit 2",
        arguments: [
            (["plan", scenario, "--policy", policy, "--by-week", "100000"], "--by-week 100000 is beyond the 12-week horizon"),
            (["gate", log, "--contained-floor", "0.5", "--looks", "10000000000000000"], "--looks 10000000000000000"),
            (["gate", log, "--ceiling", "P0=0.1,P0=0.2"], "--ceiling P0 is given more than once"),
            (["gate", log, "--contained-floor", "0.5", "--window-weeks", "9223372036854775807"], "--window-weeks"),
            (
                ["plan", scenario, "--target", "contained=0.9", "--lever", "knowledge_coverage", "--probability", "-0.5"],
                "--probability"
            ),
        ])
    func absurd(arguments: [String], mention: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(mention), "\(arguments): \(result.stderr)")
        #expect(!result.stderr.contains("Swift runtime failure") && result.stdout.isEmpty)
    }

    @Test("plan and diff refuse a simulated gate too big for memory before allocating it", arguments: ["plan", "diff"])
    func gateMemory(command: String) throws {
        let scenarios = command == "diff" ? [Self.scenario, Self.scenario] : [Self.scenario]
        let result = try CLI.run(
            [command] + scenarios + ["--contained-floor", "0.5", "--replications", "10000000", "--weeks", "1040"])
        #expect(result.status == 2 && result.stderr.contains("10,400,000,000 bytes"), "\(result.stderr)")
    }

    @Test("a policy file's absurd looks is reported at its line and column")
    func policyLooks() throws {
        let folder = try CLI.temporaryDirectory()
        let policy = folder.appendingPathComponent("policy.yaml")
        try "version: 1\ncontained: {floor: 0.5}\nlooks: 100000000000\n".write(to: policy, atomically: true, encoding: .utf8)
        let result = try CLI.run(["gate", Self.log, "--policy", policy.path])
        #expect(result.status == 2 && result.stderr.contains("policy.yaml:3:8: looks: 100000000000"), "\(result.stderr)")
    }
}
