import Foundation
import SextantModel
import Testing

@testable import SextantIngest

/// Scenario-file messages that misled: libyaml's own words, blank names accepted, huge week
/// numbers judged against the range of `UInt64` rather than the horizon, a decline to no traffic.
@Suite("Scenario file messages")
struct ScenarioMessageTests {
    /// Every problem of parsing `text` as a scenario, as printed.
    static func problems(_ text: String) -> [String] {
        do {
            _ = try ScenarioFile.parse(text, file: "s.yaml")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    static func scenario(name: String = "test", intent: String = "a", weeks: String = "4", growth: String = "0") -> String {
        """
        version: 1
        name: \(name)
        sessions_per_week: 1000
        weekly_growth: \(growth)
        weeks: \(weeks)
        review_rate: 0.05
        intents:
          - name: \(intent)
            share: 1
        """
    }

    @Test(
        "nesting deeper than libyaml's own limit says how deep, not libyaml's words",
        arguments: [2000, 1100, 40])
    func deepNesting(_ depth: Int) {
        let yaml = "a: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let problems = Self.problems(yaml)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("s.yaml:1:") == true)
        #expect(problems.first?.hasSuffix("nests lists and mappings more than 32 deep; expected a shallow document") == true)
        #expect(!(problems.first ?? "").contains("yaml_set_max_nest_level"))
    }

    @Test(
        "a name of only white space is refused, for the scenario and for an intent",
        arguments: [("\"   \"", "a", "s.yaml:2:7: name:"), ("test", "\" \\t \"", "s.yaml:8:11: intents[0].name:")])
    func blankNames(_ name: String, _ intent: String, _ place: String) {
        let problems = Self.problems(Self.scenario(name: name, intent: intent))
        #expect(problems == ["\(place) is only white space; expected a name with a letter or digit"])
    }

    @Test("an empty name still says it is empty")
    func emptyName() {
        #expect(Self.problems(Self.scenario(name: "\"\"")) == ["s.yaml:2:7: name: is empty; expected a name"])
    }

    @Test(
        "a number of weeks beyond any integer is judged against the horizon, as one beyond the horizon is",
        arguments: ["99999999999999999999", "9223372036854775808", "2000"])
    func hugeWeeks(_ weeks: String) {
        #expect(
            Self.problems(Self.scenario(weeks: weeks)) == [
                "s.yaml:5:8: weeks: \(weeks) weeks is beyond the 1040-week horizon Sextant simulates"
            ])
    }

    @Test("a week number of a stage or an improvement beyond any integer names the horizon")
    func hugeWeekNumbers() {
        let yaml =
            Self.scenario() + """

                stages:
                  - from_week: 99999999999999999999
                    ai_share: 1
                improvements:
                  - week: 18446744073709551616
                    intent: a
                    set: {knowledge_coverage: 0.9}
                """
        let problems = Self.problems(yaml)
        #expect(
            problems.contains(
                "s.yaml:11:16: stages[0].from_week: week 99999999999999999999 is beyond the 1040-week horizon Sextant simulates"))
        #expect(
            problems.contains(
                "s.yaml:14:11: improvements[0].week: week 18446744073709551616 is beyond the 1040-week horizon Sextant simulates")
        )
    }

    @Test("a growth that empties a week of the horizon is refused at weekly_growth, with the week")
    func decline() {
        #expect(
            Self.problems(Self.scenario(weeks: "10", growth: "-0.99")) == [
                "s.yaml:4:16: weekly_growth: -0.99 leaves week 3 with 0.1 sessions, which rounds to 0; expected at least 1 "
                    + "session in every week of the 10-week horizon, as sessions_per_week must be"
            ])
        #expect(Self.problems(Self.scenario(weeks: "2", growth: "-0.99")).isEmpty)
    }

    @Test("other integers keep the range of Int, and seeds the range of UInt64")
    func otherIntegers() {
        let version = Self.problems(Self.scenario().replacingOccurrences(of: "version: 1", with: "version: 99999999999999999999"))
        #expect(version.first?.contains("99999999999999999999 is too large; expected a whole number from") == true)
    }
}
