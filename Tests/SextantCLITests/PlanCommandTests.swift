import Foundation
import Testing

@Suite("sextant plan (end to end)")
struct PlanCommandTests {
    static let ecommerce = ScenarioCommandTests.scenarios.appendingPathComponent("service-ecommerce.yaml").path
    static let gate = ["--contained-floor", "target", "--ceiling", "P0=0.002,any=0.05", "--min-reviewed", "300"]

    @Test("plan prints the documented gate keys week by week, the first pass week and review planning")
    func keys() throws {
        let result = try CLI.run(["plan", Self.ecommerce, "--replications", "100", "--format", "json"] + Self.gate)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try CLI.json(result.stdout)
        for key in ["schema_version", "scenario", "replications", "seed", "gate", "review_planning"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["replications"] as? Int == 100 && json["seed"] as? Int == 7)
        let gate = try #require(json["gate"] as? [String: Any])
        let weeks = try #require(gate["weeks"] as? [[String: Any]])
        #expect(weeks.count == 12)
        let keys = [
            "week", "pass_probability", "passed_by", "false_pass_probability", "false_hold_probability", "false_passed_by",
        ]
        for week in weeks { #expect(Set(week.keys) == Set(keys)) }
        let first = try #require(gate["first_pass_week"] as? [String: Any])
        #expect(Set(first.keys) == ["p05", "p50", "p95", "never"])
        let policy = try #require(gate["policy"] as? [String: Any])
        #expect((policy["contained"] as? [String: Any])?["floor"] as? String == "target")
        let criteria = try #require((json["review_planning"] as? [String: Any])?["criteria"] as? [[String: Any]])
        #expect(criteria.map { $0["metric"] as? String } == ["contained", "P0", "any"])
    }

    @Test("the same seed gives byte-identical plans across thread counts")
    func byteIdentical() throws {
        let base =
            ["plan", Self.ecommerce, "--replications", "200", "--method", "clopper-pearson", "--format", "json"] + Self.gate
        let one = try CLI.run(base + ["--threads", "1"])
        let three = try CLI.run(base + ["--threads", "3"])
        #expect(one.status == 0 && !one.stdout.isEmpty && one.stdout == three.stdout)
    }

    @Test("--looks spends the error over the looks: each judged at 1 − (1 − C)/K")
    func looks() throws {
        let result = try CLI.run(
            ["plan", Self.ecommerce, "--replications", "50", "--looks", "10", "--format", "json"] + Self.gate)
        let gate = try #require(try CLI.json(result.stdout)["gate"] as? [String: Any])
        #expect(abs((gate["look_confidence"] as? Double ?? 0) - 0.995) < 1e-12)
        #expect((gate["policy"] as? [String: Any])?["looks"] as? Int == 10)
    }

    @Test("without a policy there is no gate, the levers are ranked, and review planning judges the workflow's targets")
    func noPolicy() throws {
        let result = try CLI.run(["plan", Self.ecommerce, "--replications", "100", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try CLI.json(result.stdout)
        #expect(json["gate"] is NSNull && json["target_search"] is NSNull)
        let levers = try #require(json["levers"] as? [[String: Any]])
        #expect(levers.first?["rank"] as? Int == 1 && levers.count > 10)
        let settings = try #require(json["levers_settings"] as? [String: Any])
        #expect(
            settings["draws"] as? Int == 100 && settings["ranked_by"] as? String == "resolution"
                && settings["weeks"] as? Int == 12)
        let criteria = try #require((json["review_planning"] as? [String: Any])?["criteria"] as? [[String: Any]])
        #expect(criteria.first?["metric"] as? String == "contained" && criteria.count >= 3)
        for format in ["table", "markdown", "csv"] {
            let shown = try CLI.run(["plan", Self.ecommerce, "--replications", "20", "--format", format] + Self.gate)
            #expect(shown.status == 0 && shown.stdout.contains("week"), "\(format)")
        }
    }

    @Test("the bundled gate policy is read, flags override it, and a bad policy file is named with its line and key path")
    func policyFile() throws {
        let policy = ScenarioCommandTests.scenarios.appendingPathComponent("gate-policy.yaml").path
        let result = try CLI.run(
            ["plan", Self.ecommerce, "--policy", policy, "--replications", "50", "--window-weeks", "2", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let gate = try #require(try CLI.json(result.stdout)["gate"] as? [String: Any])
        let read = try #require(gate["policy"] as? [String: Any])
        #expect(read["min_sessions"] as? Int == 1000 && read["window_weeks"] as? Int == 2)
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("plan-bad-policy-\(UUID().uuidString).yaml")
        try Data("version: 1\ncontained: {floor: 0.8}\nlooks: 0\n".utf8).write(to: bad)
        defer { try? FileManager.default.removeItem(at: bad) }
        let refused = try CLI.run(["plan", Self.ecommerce, "--policy", bad.path])
        #expect(refused.status == 2 && refused.stdout.isEmpty)
        #expect(refused.stderr.contains("\(bad.path):3:8: looks: 0 is not a number of looks"), "\(refused.stderr)")
    }

    @Test("a target search is shown with the gate; the levers only when asked for beside a policy or a target")
    func targetSearch() throws {
        let base = ["plan", Self.ecommerce, "--replications", "100", "--format", "json"]
        let search = ["--target", "contained=0.86", "--lever", "knowledge_coverage", "--intent", "returns"]
        let json = try CLI.json(try CLI.run(base + search + Self.gate).stdout)
        #expect(json["levers"] is NSNull && json["gate"] is [String: Any])
        let found = try #require(json["target_search"] as? [String: Any])
        #expect(found["metric"] as? String == "contained" && found["lever"] as? String == "knowledge_coverage")
        #expect(
            found["intent"] as? String == "returns" && found["probability"] as? Double == 0.8 && found["draws"] as? Int == 100)
        #expect(found["reachable"] as? Bool == true && (found["value"] as? Double ?? 0) > 0.9)
        let alone = try CLI.json(try CLI.run(base + search).stdout)
        #expect(alone["levers"] is NSNull && alone["gate"] is NSNull && alone["target_search"] is [String: Any])
        let asked = try CLI.json(try CLI.run(base + Self.gate + ["--levers", "--rank-by", "contained"]).stdout)
        #expect((asked["levers_settings"] as? [String: Any])?["ranked_by"] as? String == "contained")
    }

    @Test(
        "bad target searches end with a message naming the flag and exit status 2",
        arguments: [
            ["--target", "contained=0.86"], ["--lever", "knowledge_coverage"], ["--intent", "returns"],
            ["--target", "contained=1.5", "--lever", "knowledge_coverage"],
            ["--target", "speed=0.5", "--lever", "knowledge_coverage"],
            ["--target", "contained=0.86", "--lever", "human_request"], ["--target", "contained=0.86", "--lever", "coverage"],
            ["--target", "contained=0.86", "--lever", "knowledge_coverage", "--intent", "nope"],
            ["--target", "contained=0.86", "--lever", "knowledge_coverage", "--probability", "0"],
            ["--rank-by", "speed"],
        ])
    func badSearches(_ flags: [String]) throws {
        let result = try CLI.run(["plan", Self.ecommerce, "--replications", "20"] + flags)
        #expect(result.status == 2 && result.stdout.isEmpty, "\(result.stderr)")
        #expect(result.stderr.contains("--"), "\(result.stderr)")
    }

    @Test(
        "bad flags end with a message and exit status 2",
        arguments: [
            ["--ceiling", "P9=0.1"], ["--ceiling", "P0=2"], ["--contained-floor", "high"], ["--looks", "0"], ["--power", "1"],
            ["--window-weeks", "0"], ["--by-week", "0"], ["--replications", "0"], ["--confidence", "1.5"],
            ["--policy", "/nonexistent/gate.yaml"],
        ])
    func badFlags(_ flags: [String]) throws {
        let result = try CLI.run(["plan", Self.ecommerce] + flags)
        #expect(result.status == 2 && result.stdout.isEmpty, "\(result.stderr)")
        // The message names what was wrong: the flag, or the file.
        #expect(result.stderr.lowercased().contains("error") && result.stderr.contains(flags[flags[0] == "--policy" ? 1 : 0]))
    }
}
