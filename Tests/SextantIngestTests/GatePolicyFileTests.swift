import Foundation
import SextantModel
import SextantStats
import Testing
import Yams

@testable import SextantIngest

@Suite("Gate policy files")
struct GatePolicyFileTests {
    static let example = ScenarioFileTests.scenarios.appendingPathComponent("gate-policy.yaml")

    static func problems(_ yaml: String) -> [String] {
        do {
            _ = try GatePolicyFile.parse(yaml, file: "p.yaml")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test("the bundled example reads as documented and validates against the shipped JSON Schema")
    func example() throws {
        let text = try String(contentsOf: Self.example, encoding: .utf8)
        let policy = try GatePolicyFile.parse(text, file: "gate-policy.yaml")
        var expected = GatePolicy()
        expected.minSessions = 1000
        expected.minReviewed = 200
        expected.contained = .value(0.80)
        expected.resolution = .targetFloor
        expected.ceilings = [.p0: 0.001, .p1: 0.01]
        expected.windowWeeks = 4
        #expect(policy == expected)
        let schema = try JSONSchema(
            contentsOf: ScenarioFileTests.scenarios.appendingPathComponent("gate-policy.schema.json"))
        #expect(schema.validate(try #require(try Yams.load(yaml: text))) == [])
        #expect(text.contains("Where the numbers come from"))
    }

    @Test(
        "the schema refuses what the reader refuses",
        arguments: [
            "version: 1\nmin_sesions: 3\n", "version: 1\ncontained: {floor: 1.3}\n", "version: 1\nresolution: {floor: targt}\n",
            "version: 1\nissues: {P3: {ceiling: 0.1}}\n", "version: 1\nwindow_weeks: 0\n", "version: 2\n", "min_sessions: 3\n",
            "version: 1\nissues: {P0: {}}\n",
        ])
    func schemaAgrees(_ yaml: String) throws {
        let schema = try JSONSchema(
            contentsOf: ScenarioFileTests.scenarios.appendingPathComponent("gate-policy.schema.json"))
        #expect(!Self.problems(yaml).isEmpty)
        #expect(!schema.validate(try #require(try Yams.load(yaml: yaml))).isEmpty)
    }

    @Test("every value is read: method, confidence, each ceiling, a floor as a number or target")
    func values() throws {
        let policy = try GatePolicyFile.parse(
            """
            version: 1
            confidence: 0.9
            method: clopper-pearson
            contained: {floor: target}
            resolution:
              floor: 0.7
            issues: {P0: {ceiling: 0}, P1: {ceiling: 0.01}, P2: {ceiling: 0.05}, any: {ceiling: 1}}
            """, file: "p.yaml")
        #expect(policy.confidence == 0.9 && policy.method == .clopperPearson)
        #expect(policy.contained == .targetFloor && policy.resolution == .value(0.7))
        #expect(policy.ceilings == [.p0: 0, .p1: 0.01, .p2: 0.05, .any: 1])
        #expect(policy.minSessions == nil && policy.windowWeeks == nil)
    }

    @Test("every problem at once, in file order, with line, column and key path")
    func allProblems() {
        #expect(
            Self.problems(
                """
                version: 1
                confidence: 1.5
                min_reviewed: -4
                min_sessions: 12.5
                contained: 0.8
                resolution: {}
                issues:
                  P0: {ceiling: 1.3, zero_tolerance: true}
                  any: 0.1
                window_weeks: four
                """) == [
                    "p.yaml:2:13: confidence: 1.5 is not strictly between 0 and 1; expected e.g. 0.95",
                    "p.yaml:3:15: min_reviewed: -4 is negative; expected a whole number of at least 0",
                    "p.yaml:4:15: min_sessions: found \"12.5\"; expected a whole number",
                    "p.yaml:5:12: contained: found \"0.8\"; expected a mapping of floor",
                    "p.yaml:6:13: resolution.floor: missing; expected a number from 0 to 1, or target for the workflow's target floor",
                    "p.yaml:8:17: issues.P0.ceiling: 1.3 is not a probability; expected a number from 0 to 1",
                    "p.yaml:8:38: issues.P0.zero_tolerance: unknown key; expected one of ceiling",
                    "p.yaml:9:8: issues.any: found \"0.1\"; expected a mapping of ceiling",
                    "p.yaml:10:15: window_weeks: found \"four\"; expected a whole number",
                ])
    }

    @Test("the version is required and must be 1; an empty file or a list is refused")
    func shape() {
        #expect(Self.problems("min_sessions: 10\n") == ["p.yaml:1:1: version: missing; a gate policy needs version: 1"])
        #expect(Self.problems("version: 2\n") == ["p.yaml:1:10: version: found 2; this Sextant reads gate policy version 1"])
        #expect(Self.problems("") == ["p.yaml: is empty; expected a gate policy (version: 1 and criteria)"])
        #expect(Self.problems("- 1\n").first?.hasPrefix("p.yaml:1:1: found a list; expected a mapping of version") == true)
    }

    @Test("anchors and aliases are refused where they stand, as in scenario files")
    func aliases() {
        let problems = Self.problems("version: 1\ncontained: &floor {floor: 0.8}\nresolution: *floor\n")
        #expect(problems.count == 1 && problems[0].hasPrefix("p.yaml:2:12: "), "\(problems)")
        #expect(problems.first?.contains("anchor") == true)
    }
}
