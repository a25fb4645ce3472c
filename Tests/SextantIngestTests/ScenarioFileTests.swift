import Foundation
import SextantModel
import Testing
import Yams

@testable import SextantIngest

@Suite("Scenario files")
struct ScenarioFileTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let scenarios = repository.appendingPathComponent("scenarios")
    static let bundled: [String] =
        (try? FileManager.default.contentsOfDirectory(atPath: scenarios.path))?.filter {
            $0.hasSuffix(".yaml") && !$0.hasSuffix("-policy.yaml")  // gate policies live beside the scenarios
        }.sorted() ?? []

    static func schema() throws -> JSONSchema {
        try JSONSchema(contentsOf: scenarios.appendingPathComponent("scenario.schema.json"))
    }

    @Test("the four bundled scenarios exist: one per workflow row of the seed and a staged rollout")
    func bundledSet() {
        #expect(
            Self.bundled == [
                "sales-lead-qualification.yaml", "service-ecommerce.yaml", "service-technology.yaml",
                "staged-autopilot-rollout.yaml",
            ])
    }

    @Test("every bundled scenario parses and validates against the shipped JSON Schema", arguments: bundled)
    func bundledValid(name: String) throws {
        let text = try String(contentsOf: Self.scenarios.appendingPathComponent(name), encoding: .utf8)
        let scenario = try ScenarioFile.parse(text, file: name)
        #expect(!scenario.intents.isEmpty && abs(scenario.intents.reduce(0) { $0 + $1.share } - 1) < 1e-9)
        let instance = try #require(try Yams.load(yaml: text))
        #expect(try Self.schema().validate(instance) == [])
        #expect(text.contains("# Where the numbers come from") || text.contains("Where the numbers come from"))
    }

    @Test("the staged rollout keeps its sensitive intent off Auto-Pilot and lands improvements mid-way")
    func stagedRollout() throws {
        let text = try String(contentsOf: Self.scenarios.appendingPathComponent("staged-autopilot-rollout.yaml"), encoding: .utf8)
        let scenario = try ScenarioFile.parse(text, file: "staged")
        let sensitive = try #require(scenario.intents.firstIndex { $0.sensitive })
        #expect(!scenario.intents[sensitive].autopilot)
        #expect((1...scenario.weeks).allSatisfy { scenario.aiFraction(intent: sensitive, week: $0) == 0 })
        #expect(scenario.stages.count >= 2 && scenario.improvements.contains { $0.week > 1 && $0.week < scenario.weeks })
    }

    struct Invalid: CustomTestStringConvertible, Sendable {
        let kind: String
        let yaml: String
        let messages: [String]
        /// Whether the JSON Schema catches it too (sums and cross-references it cannot).
        let schemaCatches: Bool
        var testDescription: String { kind }
    }

    static let base = """
        version: 1
        name: test
        sessions_per_week: 1000
        weeks: 4
        review_rate: 0.05
        intents:
        """

    static let invalid: [Invalid] = [
        Invalid(
            kind: "shares that do not sum to 1",
            yaml: base + "\n  - {name: a, share: 0.5}\n  - {name: b, share: 0.3}\n",
            messages: [":7:", "intents: shares sum to 0.8; expected 1"],
            schemaCatches: false),
        Invalid(
            kind: "a probability outside [0, 1]",
            yaml: base + "\n  - name: a\n    share: 1\n  - name: b\n    share: 0\n    knowledge_coverage: 1.3\n",
            messages: [":11:", "intents[1].knowledge_coverage: 1.3 is not a probability"], schemaCatches: true),
        Invalid(
            kind: "a severity split that does not sum to 1",
            yaml: base + "\n  - name: a\n    share: 1\n    severity: {P0: 0.1, P1: 0.2, P2: 0.3}\n",
            messages: [":9:", "intents[0].severity: P0 + P1 + P2 = 0.6; expected the split to sum to 1"], schemaCatches: false),
        Invalid(
            kind: "an unknown key, with a suggestion",
            yaml: base + "\n  - name: a\n    share: 1\n    knowlege_coverage: 0.9\n",
            messages: [":9:", "intents[0].knowlege_coverage: unknown key; did you mean \"knowledge_coverage\"?"],
            schemaCatches: true),
        Invalid(
            kind: "a wrong type",
            yaml: base.replacingOccurrences(of: "weeks: 4", with: "weeks: four") + "\n  - {name: a, share: 1}\n",
            messages: [":4:", "weeks: found \"four\"; expected a whole number"], schemaCatches: true),
        Invalid(
            kind: "invalid distribution parameters",
            yaml: base
                + "\n  - name: a\n    share: 1\n    knowledge_coverage: {beta: [0, 2]}\n    action_success: {uniform: [0.9, 0.8]}\n",
            messages: [
                "intents[0].knowledge_coverage.beta: [0, 2] are not valid Beta parameters", "intents[0].action_success.uniform",
            ],
            schemaCatches: true),
        Invalid(
            kind: "a non-positive volume",
            yaml: base.replacingOccurrences(of: "sessions_per_week: 1000", with: "sessions_per_week: 0")
                + "\n  - {name: a, share: 1}\n",
            messages: [":3:", "sessions_per_week: 0 is not a positive volume"], schemaCatches: true),
        Invalid(
            kind: "no intents", yaml: base + " []\n", messages: [":6:", "intents: no intents; expected at least one"],
            schemaCatches: true),
        Invalid(
            kind: "a YAML syntax error", yaml: base + "\n  - name: a\n    share: [1\n", messages: ["is not valid YAML"],
            schemaCatches: false),
        Invalid(
            kind: "a stage naming an unknown intent",
            yaml: base + "\n  - {name: returns, share: 1}\nstages:\n  - {from_week: 2, autopilot: [retuns]}\n",
            messages: ["stages[0].autopilot[0]: \"retuns\" is not an intent; did you mean \"returns\"?"], schemaCatches: false),
        Invalid(
            kind: "traffic that grows beyond what can be simulated",
            yaml: base.replacingOccurrences(of: "weeks: 4", with: "weeks: 52\nweekly_growth: 2") + "\n  - {name: a, share: 1}\n",
            messages: ["sessions_per_week: week", "is the growth a fraction"], schemaCatches: false),
        Invalid(
            kind: "a first stage after week 1",
            yaml: base + "\n  - {name: a, share: 1}\nstages:\n  - {from_week: 3, ai_share: 0.1}\n",
            messages: ["stages[0].from_week: the first stage starts in week 3; expected week 1"], schemaCatches: false),
        Invalid(
            kind: "an unknown distribution",
            yaml: base + "\n  - name: a\n    share: 1\n    knowledge_coverage: {normal: [0.9, 0.1]}\n",
            messages: ["intents[0].knowledge_coverage: found {normal}"], schemaCatches: true),
    ]

    @Test("every kind of invalid scenario is reported with its line and key path", arguments: invalid)
    func invalidScenario(_ c: Invalid) throws {
        do {
            _ = try ScenarioFile.parse(c.yaml, file: "s.yaml")
            Issue.record("\(c.kind): no error")
        } catch {
            let text = error.description
            for message in c.messages { #expect(text.contains(message), "\(c.kind): \(text)") }
            #expect(text.hasPrefix("s.yaml:"))
        }
        if c.schemaCatches {
            let instance = try #require(try Yams.load(yaml: c.yaml))
            let problems = try Self.schema().validate(instance)
            #expect(!problems.isEmpty, "the schema should reject: \(c.kind); \(type(of: instance))")
        }
    }

    @Test("the schema checker rejects what it should (a check of the checker)")
    func schemaChecker() throws {
        let schema = try Self.schema()
        #expect(!schema.root.isEmpty)
        let bad = try #require(try Yams.load(yaml: "version: 2\nname: x\nweeks: 0\n"))
        let problems = schema.validate(bad)
        #expect(problems.contains { $0.contains("/version") } && problems.contains { $0.contains("/weeks") }, "\(problems)")
        let nested = try #require(try Yams.load(yaml: Self.base + "\n  - name: a\n    share: 1\n    knowledge_coverage: 1.3\n"))
        let nestedProblems = schema.validate(nested)
        #expect(nestedProblems.contains { $0.contains("/intents/0/knowledge_coverage") }, "\(nestedProblems) \(type(of: nested))")
    }

    /// Documents on the edge of what the format allows, each with whether it is valid. For each,
    /// the parser and the JSON Schema must agree (`schemaCan`: the schema can express the rule).
    static let edges: [(String, String, valid: Bool, schemaCan: Bool)] = [
        ("a fractional volume", base.replacingOccurrences(of: "1000", with: "0.4") + " [{name: a, share: 1}]", false, true),
        (
            "a volume of 10^9 sessions", base.replacingOccurrences(of: "1000", with: "1000000000") + " [{name: a, share: 1}]",
            true, true
        ),
        (
            "a volume above 10^9", base.replacingOccurrences(of: "1000", with: "1000000001") + " [{name: a, share: 1}]", false,
            true
        ),
        ("a quoted number", base + "\n  - {name: a, share: \"1\"}", false, true),
        ("an unquoted yes as a name", base + "\n  - {name: yes, share: 1}", false, true),
        ("a quoted yes as a name", base + "\n  - {name: \"yes\", share: 1}", true, true),
        ("an empty name", base + "\n  - {name: \"\", share: 1}", false, true),
        ("yes as a boolean", base + "\n  - {name: a, share: 1, autopilot: yes}", true, true),
        ("a quoted boolean", base + "\n  - {name: a, share: 1, autopilot: \"true\"}", false, true),
        (
            "a negative seed", base.replacingOccurrences(of: "weeks: 4", with: "weeks: 4\nseed: -1") + " [{name: a, share: 1}]",
            false, true
        ),
        (
            "weeks beyond 1040", base.replacingOccurrences(of: "weeks: 4", with: "weeks: 1041") + " [{name: a, share: 1}]", false,
            true
        ),
        ("weeks of 1040", base.replacingOccurrences(of: "weeks: 4", with: "weeks: 1040") + " [{name: a, share: 1}]", true, true),
        ("a fixed distribution", base + "\n  - {name: a, share: 1, knowledge_coverage: {fixed: 0.5}}", true, true),
        ("a set above 1", base + " [{name: a, share: 1}]\nimprovements:\n  - {week: 2, set: {action_need: 1.5}}", false, true),
        ("an add below -1", base + " [{name: a, share: 1}]\nimprovements:\n  - {week: 2, add: {action_need: -1.5}}", false, true),
        ("an add of -1", base + " [{name: a, share: 1}]\nimprovements:\n  - {week: 2, add: {action_need: -1}}", true, true),
        ("an empty set", base + " [{name: a, share: 1}]\nimprovements:\n  - {week: 2, set: {}}", false, true),
        ("no change", base + " [{name: a, share: 1}]\nimprovements:\n  - {week: 2}", false, true),
        (
            "an unknown workflow",
            base.replacingOccurrences(of: "name: test", with: "name: test\nworkflow: retail") + " [{name: a, share: 1}]", false,
            true
        ),
        ("version 2", base.replacingOccurrences(of: "version: 1", with: "version: 2") + " [{name: a, share: 1}]", false, true),
        ("a Beta of three numbers", base + "\n  - {name: a, share: 1, knowledge_coverage: {beta: [1, 2, 3]}}", false, true),
        ("a reversed uniform range", base + "\n  - {name: a, share: 1, knowledge_coverage: {uniform: [0.9, 0.8]}}", false, false),
        ("a stage in week 0", base + " [{name: a, share: 1}]\nstages:\n  - {from_week: 0}", false, true),
    ]

    @Test("the parser and the shipped JSON Schema agree on what is valid", arguments: edges.indices)
    func schemaAgrees(index: Int) throws {
        let (kind, yaml, valid, schemaCan) = Self.edges[index]
        var parsed = true
        do { _ = try ScenarioFile.parse(yaml, file: "edge.yaml") } catch { parsed = false }
        #expect(parsed == valid, "\(kind): parser")
        let instance = try #require(try Yams.load(yaml: yaml))
        let schemaValid = try Self.schema().validate(instance).isEmpty
        #expect(schemaValid == (valid || !schemaCan), "\(kind): schema")
    }

    @Test("every problem of a file is reported at once")
    func allAtOnce() {
        let yaml =
            Self.base
            + "\n  - name: a\n    share: 0.5\n    knowledge_coverage: 2\n  - name: a\n    share: 0.2\n    severty: {P0: 1}\n"
        do {
            _ = try ScenarioFile.parse(yaml, file: "s.yaml")
        } catch {
            #expect(error.errors.count >= 4, "\(error)")  // probability, duplicate name, unknown key, shares
        }
    }
}
