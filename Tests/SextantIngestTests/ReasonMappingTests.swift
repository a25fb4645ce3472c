import Foundation
import SextantModel
import Testing

@testable import SextantIngest

@Suite("Reason mapping files")
struct ReasonMappingTests {
    static func problems(_ yaml: String) -> [String] {
        do {
            _ = try ReasonMapping.parse(yaml, file: "m.yaml")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test("the bundled sample maps both free-text reasons of the sample log, and codes stay codes")
    func sample() throws {
        let url = ScenarioFileTests.scenarios.deletingLastPathComponent().appendingPathComponent("samples/reason-mapping.yaml")
        let mapping = try ReasonMapping.parse(String(contentsOf: url, encoding: .utf8), file: "reason-mapping.yaml")
        #expect(mapping.code(for: "Customer asked about a product we don't stock, \"discontinued\" line") == .missingKnowledge)
        #expect(mapping.code(for: "Identity check failed, needs agent") == .unknownScenario)
        #expect(mapping.code(for: "  IDENTITY CHECK FAILED, NEEDS AGENT ") == .unknownScenario)
        #expect(mapping.code(for: "Missing knowledge") == .missingKnowledge)
        #expect(mapping.code(for: "something else") == nil)
    }

    @Test("an exact text wins over a contains rule, and contains rules apply in file order")
    func precedence() throws {
        let mapping = try ReasonMapping.parse(
            """
            version: 1
            reasons:
              user_request:
                - contains: agent
              unknown_scenario:
                - contains: agent please
                - Agent please now
            """, file: "m.yaml")
        #expect(mapping.code(for: "agent please now") == .unknownScenario)
        #expect(mapping.code(for: "an agent please") == .userRequest)
        #expect(mapping.rules.count == 3)
    }

    @Test(
        "every problem is reported at its line, column and key path",
        arguments: [
            ("reasons: {}", "m.yaml:1:1: version: missing; a reason mapping needs version: 1"),
            ("version: 2\nreasons: {}", "m.yaml:1:10: version: found 2; this Sextant reads reason mapping version 1"),
            (
                "version: 1\nreasons:\n  missing_knowlege: [x]",
                "m.yaml:3:21: reasons.missing_knowlege: unknown reason code; did you mean \"missing_knowledge\"?"
            ),
            ("version: 1\nreasons:\n  user_request: x", "m.yaml:3:17: reasons.user_request: found \"x\"; expected a list"),
            (
                "version: 1\nreasons:\n  user_request: [\"  \"]",
                "m.yaml:3:18: reasons.user_request[0]: is empty; expected a reason's text"
            ),
            (
                "version: 1\nreasons:\n  user_request: [{contain: x}]",
                "m.yaml:3:28: reasons.user_request[0].contain: unknown key; did you mean \"contains\"?"
            ),
            (
                "version: 1\nreasons:\n  user_request: [Agent]\n  unknown_scenario: [agent]",
                "m.yaml:4:22: reasons.unknown_scenario[0]: this text already maps to user_request (line 3); expected each text under one code"
            ),
            (
                "version: 1\nreasons: [a]",
                "m.yaml:2:10: reasons: found a list; expected a mapping of reason codes to lists of texts"
            ),
            (
                "version: 1\nreasons:\n  user_request: [[a]]",
                "m.yaml:3:18: reasons.user_request[0]: found a list; expected a reason's text, or {contains: text}"
            ),
            ("", "m.yaml: is empty; expected a reason mapping (version: 1 and reasons)"),
        ])
    func problems(yaml: String, expected: String) {
        #expect(Self.problems(yaml).contains(expected), "\(Self.problems(yaml))")
    }

    @Test("all problems at once, in file order")
    func allAtOnce() {
        let found = Self.problems("version: 3\nreasons:\n  nope: [a]\n  user_request: [1]")
        #expect(found.count == 3)
    }

    @Test("contains rules find the first rule in file order that a reason holds, as trying each rule in turn does")
    func containsMatchesNaive() {
        var generator = SplitMix64(seed: 7)
        let alphabet: [Character] = ["a", "b", "é", "e\u{301}", "ab"].flatMap { Array($0) } + [" "]
        func word(_ most: Int) -> String {
            String((0..<Int.random(in: 1...most, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
        }
        let codes = HandoffReason.allCases
        for _ in 0..<50 {
            let rules = (0..<Int.random(in: 1...12, using: &generator)).map { _ in
                ReasonMapping.Rule(code: codes.randomElement(using: &generator)!, text: word(3), contains: true)
            }
            let mapping = ReasonMapping(rules: rules)
            for _ in 0..<40 {
                let reason = word(10)
                let naive = rules.first { ReasonMapping.normalised(reason).contains($0.text) }?.code
                #expect(mapping.code(for: reason) == naive, "\(rules) on \(reason)")
            }
        }
        let nested = ReasonMapping(rules: [
            .init(code: .userRequest, text: "abcd", contains: true), .init(code: .actionFailed, text: "bc", contains: true),
        ])
        #expect(nested.code(for: "zabcdz") == .userRequest)
        #expect(nested.code(for: "zabcz") == .actionFailed)
        let reversed = ReasonMapping(rules: nested.rules.reversed())
        #expect(reversed.code(for: "zabcdz") == .actionFailed)
    }

    @Test("a mapping of 100,000 contains rules codes 20,000 distinct reasons in seconds, not hours")
    func manyRules() {
        let rules = (0..<100_000).map { ReasonMapping.Rule(code: .userRequest, text: "zz\($0)x", contains: true) }
        let mapping = ReasonMapping(rules: rules)
        let clock = ContinuousClock()
        let start = clock.now
        var matched = 0
        for index in 0..<20_000 where mapping.code(for: "reason \(index) zz\(index * 5)x") != nil { matched += 1 }
        #expect(matched == 20_000)
        #expect(mapping.code(for: "zz7") == nil)
        #expect(clock.now - start < .seconds(20))
    }
}
