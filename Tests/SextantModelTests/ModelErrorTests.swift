import SextantModel
import Testing

@Suite("Model errors: distributions, severity splits, changes and volumes checked with key paths")
struct ModelErrorTests {
    @Test("a key path reads as files write it")
    func paths() {
        let path = FieldPath.root.key("intents").index(2).key("knowledge_coverage").key("beta")
        #expect(path.description == "intents[2].knowledge_coverage.beta")
        #expect(path.parent.description == "intents[2].knowledge_coverage")
        #expect(path.hasPrefix(.root.key("intents").index(2)) && !path.hasPrefix(.root.key("intents").index(1)))
        #expect(FieldPath.root.description == "" && FieldPath.root.parent == .root)
        let error = ModelError(.root.key("beta"), "is wrong").prefixed(by: .root.key("defaults").key("action_success"))
        #expect(error.description == "defaults.action_success.beta: is wrong")
        #expect(ModelError(.root, "alone").description == "alone")
    }

    struct DistributionCase: CustomTestStringConvertible, Sendable {
        let value: UncertainProbability
        let problem: String?
        var testDescription: String { "\(value)" }
    }

    static let distributions: [DistributionCase] = [
        .init(value: .fixed(0), problem: nil), .init(value: .fixed(1), problem: nil),
        .init(value: .fixed(1.3), problem: "1.3 is not a probability; expected a number from 0 to 1"),
        .init(value: .fixed(-0.1), problem: "-0.1 is not a probability; expected a number from 0 to 1"),
        .init(value: .beta(18, 4), problem: nil),
        .init(value: .beta(0, 2), problem: "beta: [0, 2] are not valid Beta parameters; expected a > 0 and b > 0"),
        .init(value: .beta(2, .infinity), problem: "beta: [2, inf] are not valid Beta parameters; expected a > 0 and b > 0"),
        .init(value: .uniform(0.2, 0.2), problem: nil),
        .init(
            value: .uniform(0.9, 0.8), problem: "uniform: [0.9, 0.8] is not a range of probabilities; expected 0 ≤ lo ≤ hi ≤ 1"),
        .init(
            value: .uniform(0.5, 1.5), problem: "uniform: [0.5, 1.5] is not a range of probabilities; expected 0 ≤ lo ≤ hi ≤ 1"),
        .init(value: .triangular(lower: 0, mode: 0, upper: 1), problem: nil),
        .init(
            value: .triangular(lower: 0.5, mode: 0.4, upper: 0.6),
            problem:
                "triangular: [0.5, 0.4, 0.6] is not a triangular distribution of probabilities; expected 0 ≤ lo ≤ mode ≤ hi ≤ 1"),
    ]

    @Test("each distribution is checked, the problem at the kind's key", arguments: distributions)
    func distribution(_ c: DistributionCase) {
        #expect(c.value.problem?.description == c.problem)
    }

    @Test("a distribution is built from its kind and numbers, and gives them back", arguments: UncertainProbability.Kind.allCases)
    func kinds(kind: UncertainProbability.Kind) throws {
        let numbers = [0.1, 0.2, 0.3].prefix(kind.parameterCount)
        let value = try #require(UncertainProbability(kind, Array(numbers)))
        #expect(value.kind == kind && value.parameters == Array(numbers))
        #expect(UncertainProbability(kind, [0.1, 0.2, 0.3, 0.4]) == nil)
    }

    @Test("a severity split is checked share by share, then for its sum")
    func severity() {
        #expect(SeveritySplit(p0: 0.02, p1: 0.18, p2: 0.8).problems.isEmpty)
        #expect(
            SeveritySplit(p0: 0.1, p1: 0.2, p2: 0.3).problems.map(\.description) == [
                "P0 + P1 + P2 = 0.6; expected the split to sum to 1"
            ])
        #expect(
            SeveritySplit(p0: 1.5, p1: -0.5, p2: 0).problems.map(\.description) == [
                "P0: 1.5 is not a probability; expected a number from 0 to 1",
                "P1: -0.5 is not a probability; expected a number from 0 to 1",
            ])
    }

    @Test("a change is set or add, each with its own range")
    func changes() {
        for kind in Improvement.Change.Kind.allCases {
            let change = Improvement.Change(kind, 0.25)
            #expect(change.kind == kind && change.amount == 0.25 && change.problem == nil)
        }
        #expect(Improvement.Change.set(1.2).problem?.message == "1.2 is not a probability; expected a number from 0 to 1")
        #expect(Improvement.Change.add(-0.9).problem == nil)
        #expect(
            Improvement.Change.add(-1.5).problem?.message
                == "-1.5 is not a change of a probability; expected an amount from -1 to 1")
    }

    @Test("the volume check names the key to change: weeks beyond the horizon, or the volume that grows too far")
    func volume() {
        let scenario = Scenario(
            name: "big", workflow: .service, sessionsPerWeek: 12000, weeklyGrowth: 2, weeks: 52, reviewRate: 0.1,
            intents: [IntentSpec(name: "a", share: 1)])
        // 12,000 · 3^(w − 1) first exceeds 10⁹ in week 12 (12,000 · 3^11 ≈ 2.1·10⁹).
        #expect(scenario.volumeProblem(weeks: 52)?.path == .root.key("sessions_per_week"))
        #expect(scenario.volumeProblem(weeks: 52)?.message.hasPrefix("week 12 would have 2125764000 sessions") == true)
        #expect(scenario.volumeProblem(weeks: 11) == nil)
        #expect(
            scenario.volumeProblem(weeks: 1041)?.description
                == "weeks: 1041 weeks is beyond the 1040-week horizon Sextant simulates")
    }
}
