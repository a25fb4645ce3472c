import Foundation
import SextantModel
import Testing
import Yams

@testable import SextantIngest

@Suite("Scenario files: parse → write → parse")
struct ScenarioRoundTripTests {
    static func bundledText(_ name: String) throws -> String {
        try String(contentsOf: ScenarioFileTests.scenarios.appendingPathComponent(name), encoding: .utf8)
    }

    /// Writes `file`, reads it back, and checks that nothing changed: the value, the comments, the
    /// resolved scenario, and the text when written again.
    static func roundTrip(_ file: ScenarioFile, _ label: String) throws -> ScenarioFile {
        let text = file.yaml()
        let again: ScenarioFile
        do {
            again = try ScenarioFile(yaml: text, file: label)
        } catch {
            Issue.record("\(label): the written file does not read back:\n\(error)\n---\n\(text)")
            throw error
        }
        #expect(again == file, "\(label):\n\(text)")
        #expect(again.comments == file.comments, "\(label)")
        #expect(again.yaml() == text)
        #expect(try again.scenario() == file.scenario())
        return again
    }

    @Test(
        "every bundled scenario reads back the same after it is written, comments included", arguments: ScenarioFileTests.bundled)
    func bundled(name: String) throws {
        let text = try Self.bundledText(name)
        let file = try ScenarioFile(yaml: text, file: name)
        #expect(file.comments[.root]?.above.contains { $0.contains("Where the numbers come from") } == true)
        _ = try Self.roundTrip(file, name)
        // The written file is valid for the shipped schema too.
        let instance = try #require(try Yams.load(yaml: file.yaml()))
        #expect(try ScenarioFileTests.schema().validate(instance) == [])
    }

    @Test("a scenario written out in full (no defaults) resolves to the same scenario", arguments: ScenarioFileTests.bundled)
    func fromScenario(name: String) throws {
        let scenario = try ScenarioFile.parse(Self.bundledText(name), file: name)
        let written = ScenarioFile(scenario)
        let again = try ScenarioFile(yaml: written.yaml(), file: name)
        #expect(try again.scenario() == scenario)
    }

    /// Text that plain YAML would misread or that needs escapes.
    static let awkward = [
        "a: b", "#", "a #b", "a#b", "  leading", "trailing ", "ünïcödé 名前", "🚀 launch", "yes", "no", "No", "on", "off", "null",
        "Null", "~", "true", "FALSE", "123", "-1", "1e3", ".5", "0x10", "010", "0o7", "1_000", ".inf", ".NaN", "2024-01-01",
        "12:30", "*", "*ref", "&anchor", "!tag", "- item", "? key", "[x]", "{x}", "a, b", "a,b", "say \"hi\"", "it's",
        "back\\slash", "new\nline", "carriage\rreturn", "tab\there", "\u{1B}[31mred\u{1B}[0m", "\u{7}bell", "nel\u{85}x",
        "line\u{2028}sep", "\u{FEFF}bom", "%percent", "@at", "`tick`", "|pipe", ">fold", "=", "<<", "---", "...", "a:", ":a",
        "{", "]", "\u{0}nul", "\u{9F}c1", "x\u{FFFE}",
    ]

    @Test("text that needs quoting reads back as written: names, descriptions, stage and improvement references")
    func awkwardText() throws {
        let names = Self.awkward
        let share = 1 / Double(names.count)
        var file = ScenarioFile(
            name: "a: b # not a comment", description: "", workflow: .serviceTechnology, sessionsPerWeek: 1, weeks: 3,
            reviewRate: 0,
            intents: names.enumerated().map { index, name in
                ScenarioFile.Intent(name: name, description: names[(index + 1) % names.count], share: share)
            },
            stages: [ScenarioFile.Stage(fromWeek: 1, autopilot: Array(names.prefix(30)), description: "yes")],
            improvements: names.map { ScenarioFile.Improvement(week: 2, intent: $0, changes: [.add: [.residualError: -0.001]]) })
        // Shares of 1/n sum to 1 within the checks' tolerance; the last absorbs the rounding.
        file.intents[names.count - 1].share = 1 - share * Double(names.count - 1)
        let again = try Self.roundTrip(file, "awkward")
        #expect(again.intents.map(\.name) == names)
    }

    @Test(
        "seeds across the whole UInt64 range read back exactly",
        arguments: [0, 1, UInt64(Int64.max), UInt64(Int64.max) + 1, UInt64.max])
    func seeds(seed: UInt64) throws {
        var file = Self.minimal
        file.seed = seed
        #expect(try Self.roundTrip(file, "seed").seed == seed)
        #expect(try ScenarioFile.parse(file.yaml(), file: "seed").seed == seed)
    }

    /// A valid file with one intent, to vary.
    static let minimal = ScenarioFile(
        name: "minimal", sessionsPerWeek: 1000, weeks: 4, reviewRate: 0.05, intents: [.init(name: "a", share: 1)])

    /// Numbers whose shortest decimal form has every digit (or an exponent).
    static let probabilities: [Double] = [
        0, 1, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 0.1 + 0.2, 1.0.nextDown, 0.5.nextUp, 0.5.nextDown, .leastNonzeroMagnitude,
        .leastNormalMagnitude, 1e-300, 1e-7, 0.000123456789012345678, .pi / 10, 0.9999999999999999, 1e-16,
    ]

    @Test("probabilities, distribution parameters and amounts keep every bit", arguments: probabilities)
    func numbers(x: Double) throws {
        var file = Self.minimal
        file.reviewRate = x
        file.weeklyGrowth = -x / 2
        file.sessionsPerWeek = 999_999_937
        file.defaults = .init(parameters: [.humanRequest: .fixed(x), .gapEscalation: .uniform(x / 2, x)])
        file.intents[0].parameters = [
            .knowledgeCoverage: .beta(x + 1e-300, 1e300), .instructionCoverage: .triangular(lower: x / 3, mode: x / 2, upper: x),
        ]
        file.intents[0].severity = SeveritySplit(p0: x / 4, p1: x / 4, p2: 1 - x / 2)
        file.stages = [.init(fromWeek: 1, aiShare: x)]
        file.improvements = [.init(week: 2, intent: "*", changes: [.set: [.actionSuccess: x], .add: [.actionNeed: -x]])]
        let again = try Self.roundTrip(file, "numbers")
        #expect(again.reviewRate?.bitPattern == x.bitPattern)
        #expect(again.intents[0].parameters[.knowledgeCoverage] == .beta(x + 1e-300, 1e300))
    }

    @Test("a comment at any key reads back where it was written: header, above a key, after a value")
    func comments() throws {
        var file = Self.minimal
        file.defaults = .init(parameters: [.humanRequest: .fixed(0.04)], severity: .minor)
        file.intents.append(.init(name: "b", share: 0.5, parameters: [.knowledgeCoverage: .beta(36, 4)]))
        file.intents[0].share = 0.5
        file.improvements = [.init(week: 2, intent: "b", changes: [.set: [.knowledgeCoverage: 0.95, .actionSuccess: 0.9]])]
        let intent = FieldPath.root.key("intents").index(1)
        file.comments = [
            .root: .init(above: ["A header,", "", "  indented: and # hashes", "ünïcödé"]),
            .root.key("seed"): .init(above: ["no seed: the default"]),
            .root.key("sessions_per_week"): .init(above: ["from the log's last 4 weeks"], trailing: "a week"),
            .root.key("defaults"): .init(trailing: "every intent"),
            .root.key("defaults").key("human_request"): .init(trailing: "from 40 of 1,000 sessions"),
            .root.key("intents"): .init(above: ["The mix"]),
            intent: .init(above: ["the second intent"]),
            intent.key("knowledge_coverage"): .init(above: ["36 of 40 reviewed"], trailing: "Beta(36, 4)"),
            intent.key("share"): .init(trailing: "half"),
            .root.key("improvements").index(0).key("set").key("actionSuccess"): .init(trailing: "not a parameter's key"),
            .root.key("improvements").index(0).key("set").key("action_success"): .init(trailing: "after the fix"),
        ]
        file.seed = 9
        let text = file.yaml()
        #expect(text.contains("knowledge_coverage: {beta: [36, 4]}  # Beta(36, 4)"), "\(text)")
        #expect(text.contains("      action_success: 0.9  # after the fix"), "\(text)")
        var expected = file
        expected.comments[.root.key("improvements").index(0).key("set").key("actionSuccess")] = nil
        let again = try ScenarioFile(yaml: text, file: "comments")
        #expect(again.comments == expected.comments, "\(text)")
        #expect(again == expected)
    }

    @Test("comments are read from hand-written files, and what only looks like one is not")
    func handWritten() throws {
        let text = """
            # Header
            #   second line
            version: 1  # the format
            name: "a # b"  # quoted hash
            description: |
              # not a comment: inside a block scalar
              more text
            # above sessions
            sessions_per_week: 1000
            weeks: 4
            review_rate: 0.05
            intents:
              # the only intent
              - name: it's # apostrophe, then a comment
                share: 1
                knowledge_coverage: {beta: [36, 4]}  # after a flow mapping
            stages:
              - from_week: 1
                autopilot:
                  - it's  # an entry
            # trailing lines after the last value are dropped
            """
        let file = try ScenarioFile(yaml: text, file: "hand.yaml")
        #expect(file.name == "a # b" && file.description == "# not a comment: inside a block scalar\nmore text\n")
        let intent = FieldPath.root.key("intents").index(0)
        #expect(
            file.comments == [
                .root: .init(above: ["Header", "  second line"]),
                .root.key("version"): .init(trailing: "the format"),
                .root.key("name"): .init(trailing: "quoted hash"),
                .root.key("sessions_per_week"): .init(above: ["above sessions"]),
                intent: .init(above: ["the only intent"]),
                intent.key("name"): .init(trailing: "apostrophe, then a comment"),
                intent.key("knowledge_coverage"): .init(trailing: "after a flow mapping"),
                .root.key("stages").index(0).key("autopilot").index(0): .init(trailing: "an entry"),
            ])
        #expect(file.intents[0].name == "it's")
        _ = try Self.roundTrip(file, "hand")
    }

    @Test("random scenario files read back the same (a seeded generator of values and text)")
    func randomFiles() throws {
        var generator = SplitMix64(seed: 20_261_130)
        for round in 0..<60 {
            let file = Self.randomFile(&generator)
            _ = try Self.roundTrip(file, "random \(round)")
        }
    }

    static func randomFile(_ g: inout SplitMix64) -> ScenarioFile {
        func probability() -> Double {
            switch g.next() % 4 {
            case 0: Double(g.next() % 1001) / 1000
            case 1: Double(bitPattern: g.next() % 0x3FF0_0000_0000_0000)  // any double in [0, 1)
            default: Double(g.next() >> 11) / Double(1 << 53)
            }
        }
        func text() -> String {
            let pieces = awkward + ["plain", "order-status", "x"]
            return (0..<Int(1 + g.next() % 3)).map { _ in pieces[Int(g.next() % UInt64(pieces.count))] }.joined()
        }
        func comment() -> String {
            let pieces = ["plain", "ünïcödé 名前", "a # b", "x: y", "it's", "\"quoted\"", "🚀"]
            return (0..<Int(1 + g.next() % 3)).map { _ in pieces[Int(g.next() % UInt64(pieces.count))] }.joined(separator: " ")
        }
        func distribution() -> UncertainProbability {
            let a = probability()
            let b = probability()
            switch g.next() % 4 {
            case 0: return .fixed(a)
            case 1: return .beta(a + 0.5, b * 100 + 1)
            case 2: return .uniform(min(a, b), max(a, b))
            default: return .triangular(lower: min(a, b) / 2, mode: min(a, b), upper: max(a, b))
            }
        }
        let count = Int(1 + g.next() % 6)
        var names: [String] = []
        while names.count < count {
            let name = text()
            if !name.isEmpty && !names.contains(name) && name != "*" { names.append(name) }
        }
        var intents = names.map { name in
            ScenarioFile.Intent(
                name: name, description: g.next() % 2 == 0 ? text() : nil, share: 1 / Double(count),
                autopilot: g.next() % 3 == 0 ? false : nil, sensitive: g.next() % 3 == 0 ? true : nil,
                severity: g.next() % 2 == 0 ? SeveritySplit(p0: 0.25, p1: 0.25, p2: 0.5) : nil,
                parameters: Dictionary(
                    uniqueKeysWithValues: Parameter.allCases.filter { _ in g.next() % 2 == 0 }.map { ($0, distribution()) }))
        }
        intents[count - 1].share = 1 - Double(count - 1) / Double(count)
        let allowed = intents.filter { $0.autopilot != false }.compactMap(\.name)
        return ScenarioFile(
            name: text(), description: g.next() % 2 == 0 ? text() : nil,
            workflow: g.next() % 2 == 0 ? .salesLeadQualification : nil,
            sessionsPerWeek: Double(1 + g.next() % 1_000_000), weeklyGrowth: g.next() % 2 == 0 ? probability() / 10 : nil,
            weeks: 20, reviewRate: probability(), seed: g.next() % 2 == 0 ? g.next() : nil,
            defaults: .init(parameters: [.residualError: distribution()]), intents: intents,
            stages: [
                .init(fromWeek: 1, aiShare: probability(), autopilot: Array(allowed.prefix(2))),
                .init(fromWeek: 5, description: text()),
            ],
            improvements: [
                .init(week: Int(1 + g.next() % 20), intent: names[0], changes: [.set: [.knowledgeCoverage: probability()]]),
                .init(week: 3, changes: [.add: [.prematureHandoff: -probability()]], description: text()),
            ],
            comments: [.root: .init(above: [comment()]), .root.key("weeks"): .init(trailing: comment())])
    }
}

/// SplitMix64: a small, seeded generator for reproducible random test values.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
