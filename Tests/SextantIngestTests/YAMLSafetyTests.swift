import Foundation
import SextantModel
import Testing

@testable import SextantIngest

/// Regression tests for the YAML defects of issue 7: alias expansion, unbounded documents, syntax
/// errors that put the place last, fractional volumes and seeds above 2⁶³ − 1.
@Suite("YAML inputs that a hostile or careless user writes")
struct YAMLSafetyTests {
    /// Nine levels of nine aliases: 9⁹ ≈ 387 million strings once expanded, in a few hundred bytes
    /// (the fixture the end-to-end tests run the commands on).
    static let laughs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SextantCLITests/Fixtures/billion-laughs.yaml")

    /// The first error of parsing `text` as a scenario (and as a targets file, which must agree).
    static func errors(_ text: String) -> (scenario: [String], targets: [String]) {
        var scenario: [String] = []
        var targets: [String] = []
        do { _ = try ScenarioFile.parse(text, file: "s.yaml") } catch { scenario = error.errors.map(\.description) }
        do { _ = try TargetsFile.parse(text, file: "s.yaml") } catch { targets = error.errors.map(\.description) }
        return (scenario, targets)
    }

    @Test("a billion laughs is refused at its first anchor, before anything is expanded, in scenario and targets files")
    func billionLaughs() throws {
        let start = ContinuousClock.now
        let (scenario, targets) = Self.errors(try String(contentsOf: Self.laughs, encoding: .utf8))
        #expect(scenario == ["s.yaml:4:4: YAML anchors (&a) are not supported; write the value out"])
        #expect(targets == scenario)
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let kind: String
        let yaml: String
        let error: String
        var testDescription: String { kind }
    }

    static let refused: [Case] = [
        Case(
            kind: "an alias with no anchor", yaml: "version: 1\nname: *x\n",
            error: "s.yaml:2:7: YAML aliases (*x) are not supported"),
        Case(
            kind: "a merge key", yaml: "base: &base {weeks: 4}\nother:\n  <<: *base\n",
            error: "s.yaml:1:7: YAML anchors (&base) are not supported"),
        Case(kind: "an anchor on a key", yaml: "&k version: 1\n", error: "s.yaml:1:1: YAML anchors (&k) are not supported"),
        Case(
            kind: "a tag", yaml: "version: !!int 1\n", error: "s.yaml:1:10: YAML tags (tag:yaml.org,2002:int) are not supported"),
        Case(kind: "a custom tag", yaml: "version: !mine 1\n", error: "s.yaml:1:10: YAML tags (!mine) are not supported"),
        Case(
            kind: "nesting 40 deep", yaml: "a: " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "\n",
            error: "s.yaml:1:35: nests lists and mappings more than 32 deep; expected a shallow document"),
        Case(
            kind: "two documents", yaml: "version: 1\n---\nversion: 1\n", error: "s.yaml:2:1: holds a second YAML document (---)"),
        Case(
            kind: "a repeated key", yaml: "version: 1\nname: a\nversion: 1\n",
            error: "s.yaml:3:1: the key \"version\" appears twice (first on line 1); expected each key once"),
        Case(kind: "a list as a key", yaml: "? [a, b]\n: 1\n", error: "s.yaml:1:3: has a list as a key; expected a plain key"),
    ]

    @Test("anchors, aliases, tags, deep nesting and repeated documents or keys are refused with their place", arguments: refused)
    func refusedConstructs(_ c: Case) {
        let (scenario, targets) = Self.errors(c.yaml)
        #expect(scenario.count == 1 && scenario[0].hasPrefix(c.error), "\(scenario)")
        #expect(targets == scenario)
    }

    @Test("a file over 4 MiB and a file of more than a million values are refused with a clear message")
    func bounds() {
        let big = "name: \"" + String(repeating: "x", count: YAMLLimits.maximumBytes) + "\"\n"
        #expect(
            Self.errors(big).scenario == [
                "s.yaml: is \(big.utf8.count) bytes; expected a YAML file of at most 4 MiB (4194304 bytes)"
            ])
        let many = "a: [" + String(repeating: "1,", count: YAMLLimits.maximumNodes) + "1]\n"
        #expect(Self.errors(many).scenario.first?.contains("holds more than 1000000 values") == true)
    }

    static let syntax: [Case] = [
        Case(
            kind: "an unclosed flow list", yaml: "version: 1\nname: a\nintents:\n  - name: a\n    share: [1\n",
            error:
                "s.yaml:6:1: is not valid YAML: did not find expected ',' or ']' (while parsing a flow sequence that starts at line 5, column 12)"
        ),
        Case(
            kind: "an unclosed quote", yaml: "version: 1\nname: \"a\n",
            error:
                "s.yaml:3:1: is not valid YAML: found unexpected end of stream (while scanning a quoted scalar that starts at line 2, column 7)"
        ),
        Case(
            kind: "a control character", yaml: "version: 1\nname: a\u{1}b\n",
            error: "s.yaml:2:8: is not valid YAML: control characters are not allowed (U+0001)"),
        Case(
            kind: "a stray indentation", yaml: "a: 1\n b: 2\n",
            error: "s.yaml:2:3: is not valid YAML: mapping values are not allowed in this context"),
    ]

    @Test("YAML syntax errors put the place first: FILE:LINE:COL: message", arguments: syntax)
    func syntaxErrors(_ c: Case) {
        let (scenario, targets) = Self.errors(c.yaml)
        #expect(scenario == [c.error])
        #expect(targets == scenario)
    }

    static func scenario(_ replacing: String, with line: String) -> String {
        """
        version: 1
        name: test
        sessions_per_week: 1000
        weeks: 4
        review_rate: 0.05
        seed: 1
        intents:
          - {name: a, share: 1}
        """.replacingOccurrences(of: replacing, with: line)
    }

    @Test(
        "sessions_per_week must be a whole number of at least 1",
        arguments: [
            ("0.4", "s.yaml:3:20: sessions_per_week: 0.4 is not a whole number of sessions; expected a whole number, at least 1"),
            (
                "1000.5",
                "s.yaml:3:20: sessions_per_week: 1000.5 is not a whole number of sessions; expected a whole number, at least 1"
            ),
            ("0", "s.yaml:3:20: sessions_per_week: 0 is not a positive volume; expected sessions per week > 0"),
            ("\"1000\"", "s.yaml:3:20: sessions_per_week: found \"1000\"; expected a number"),
        ])
    func fractionalSessions(value: String, error: String) {
        let yaml = Self.scenario("sessions_per_week: 1000", with: "sessions_per_week: \(value)")
        #expect(Self.errors(yaml).scenario == [error])
    }

    @Test("a whole number of sessions may be written as a decimal: 1000.0 and 1e3 read as 1000")
    func wholeDecimals() throws {
        for value in ["1000.0", "1e3", "1"] {
            let yaml = Self.scenario("sessions_per_week: 1000", with: "sessions_per_week: \(value)")
            #expect(try ScenarioFile.parse(yaml, file: "s.yaml").sessionsPerWeek == (value == "1" ? 1 : 1000))
        }
    }

    @Test(
        "a seed takes the whole UInt64 range; a negative or larger one is a clear error",
        arguments: [
            ("0", "0"), ("9223372036854775807", "9223372036854775807"), ("9223372036854775808", "9223372036854775808"),
            ("18446744073709551615", "18446744073709551615"), ("+7", "7"),
            ("-1", "s.yaml:6:7: seed: -1 is negative; expected a whole number from 0 to 18446744073709551615"),
            (
                "18446744073709551616",
                "s.yaml:6:7: seed: 18446744073709551616 is beyond 18446744073709551615; expected a smaller whole number"
            ),
            ("1.5", "s.yaml:6:7: seed: found \"1.5\"; expected a whole number"),
            ("0x10", "s.yaml:6:7: seed: found \"0x10\"; expected a whole number"),
            ("010", "s.yaml:6:7: seed: found \"010\"; expected a whole number"),
        ])
    func seeds(value: String, expected: String) {
        let yaml = Self.scenario("seed: 1", with: "seed: \(value)")
        do {
            let scenario = try ScenarioFile.parse(yaml, file: "s.yaml")
            #expect(String(scenario.seed) == expected)
        } catch {
            #expect(error.errors.map(\.description) == [expected])
        }
    }

    @Test("text that YAML reads as something else must be quoted, as the schema requires")
    func typedText() throws {
        let errors = Self.errors(Self.scenario("name: test", with: "name: yes")).scenario
        #expect(
            errors == ["s.yaml:2:7: name: found yes, which YAML reads as a boolean; expected text: put it in quotes (\"yes\")"])
        #expect(try ScenarioFile.parse(Self.scenario("name: test", with: "name: \"yes\""), file: "s.yaml").name == "yes")
        let number = Self.errors(Self.scenario("{name: a, share: 1}", with: "{name: 2024, share: 1}")).scenario
        #expect(number.first?.contains("intents[0].name: found 2024, which YAML reads as a number") == true, "\(number)")
    }

    @Test("problems keep their key path apart from the message, for validate --format json")
    func keyPaths() {
        do {
            _ = try ScenarioFile.parse(Self.scenario("review_rate: 0.05", with: "review_rate: 1.5"), file: "s.yaml")
            Issue.record("no error")
        } catch {
            let problem = error.errors[0]
            #expect(problem.line == 5 && problem.column == 14 && problem.keyPath == "review_rate")
            #expect(problem.message == "1.5 is not a probability; expected a number from 0 to 1")
        }
    }
}
