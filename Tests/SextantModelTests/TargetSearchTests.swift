import SextantStats
import Testing

@testable import SextantModel

@Suite("Target search")
struct TargetSearchTests {
    /// The reference: the metric over the horizon with `lever` set to `x` for the intents
    /// `changed` in every week (their planned improvements of it dropped), from ``Expectation``.
    static func metric(
        _ scenario: Scenario, _ metric: Metric, lever: Parameter, changed: [Int], x: Double, at base: [IntentPoint]? = nil
    ) -> Double {
        var scenario = scenario
        let names = Set(changed.map { scenario.intents[$0].name })
        scenario.improvements.removeAll { $0.parameter == lever && ($0.intent.map(names.contains) ?? true) }
        var points = base ?? scenario.intents.map(IntentPoint.init(means:))
        for i in changed { points[i][lever] = x }
        return LeverRankingTests.metrics(scenario, at: points)[metric]!
    }

    /// An independent bisection on the exact expectation: the least demanding x in [0, 1] (the
    /// smallest when the goal is 1, the largest when it is 0) whose metric reaches the target; nil
    /// when the goal itself does not.
    static func bisect(goal: Double, meets: (Double) -> Bool) -> Double? {
        guard meets(goal) else { return nil }
        if meets(1 - goal) { return 1 - goal }
        var (reaching, short) = (goal, 1 - goal)
        for _ in 0..<80 {
            let mid = (reaching + short) / 2
            if meets(mid) { reaching = mid } else { short = mid }
        }
        return reaching
    }

    static func meets(_ metric: Metric, _ value: Double, _ target: Double) -> Bool {
        metric.isIssueRate ? value <= target : value >= target
    }

    @Test(
        "on fixed parameters the value equals an independent bisection on the exact expectation",
        arguments: [
            (Metric.contained, Parameter.knowledgeCoverage, "a"), (.resolution, .actionSuccess, "b"),
            (.resolution, .actionCoverage, nil), (.any, .residualError, nil), (.p0, .conflictingAssets, "b"),
            (.contained, .gapEscalation, "a"), (.any, .gapEscalation, nil), (.automation, .prematureHandoff, nil),
            (.resolution, .instructionCoverage, "a"),
        ] as [(Metric, Parameter, String?)])
    func matchesBisection(_ metric: Metric, _ lever: Parameter, _ intent: String?) throws {
        let scenario = SimulationTests.fixedScenario()
        let changed = intent.map { name in [scenario.intents.firstIndex { $0.name == name }!] } ?? [0, 1, 2]
        let goal = TargetSearch.goal(of: lever, for: metric)
        // A target the lever reaches 65 % of the way from its far end to its goal.
        let point = goal == 1 ? 0.65 : 0.35
        let target = Self.metric(scenario, metric, lever: lever, changed: changed, x: point)
        let result = try TargetSearch.run(
            scenario, metric: metric, target: target, lever: lever, intent: intent, probability: 0.8, draws: 500, seed: 3)
        let reference = try #require(
            Self.bisect(goal: goal) {
                Self.meets(metric, Self.metric(scenario, metric, lever: lever, changed: changed, x: $0), target)
            })
        #expect(result.reachable && result.reason == nil && result.draws == 1 && result.goal == goal)
        let value = try #require(result.value)
        #expect(abs(value - reference) < 1e-9, "\(metric) \(lever): \(value) against \(reference)")
        #expect(abs(value - point) < 1e-6)
        #expect(result.current == LeverRankingTests.metrics(scenario)[metric], "as simulate's expected figure")
    }

    @Test("with uncertain parameters the value is the probability-quantile of each draw's own bisection", arguments: [0.5, 0.8])
    func matchesPerDrawBisection(_ probability: Double) throws {
        let scenario = LeverRankingTests.uncertainScenario()
        let draws = 40
        let bases = LeverRankingTests.simulatedDraws(scenario, draws: draws, seed: 21).map { $0.points(of: scenario) }
        let target = 0.66
        let result = try TargetSearch.run(
            scenario, metric: .resolution, target: target, lever: .actionSuccess, intent: "b", probability: probability,
            draws: draws, seed: 21, threads: 2)
        let thresholds = bases.map { base in
            Self.bisect(goal: 1) {
                Self.metric(scenario, .resolution, lever: .actionSuccess, changed: [1], x: $0, at: base) >= target
            } ?? .infinity
        }
        let needed = Int((probability * Double(draws)).rounded(.up))
        let reference = thresholds.sorted()[needed - 1]
        #expect(result.draws == draws)
        let value = try #require(result.value)
        #expect(abs(value - reference) < 1e-9, "\(value) against \(reference)")
        let reached = thresholds.filter { $0 <= value }.count
        #expect(Double(reached) / Double(draws) >= probability)
        #expect(thresholds.filter { $0 < value - 1e-9 }.count < needed)
    }

    @Test("a search whose only uncertain parameter is the one it sets is exact: one draw")
    func leverOwnUncertainty() throws {
        var scenario = SimulationTests.fixedScenario()
        scenario.intents[0].parameters[.knowledgeCoverage] = .beta(18, 4)
        let result = try TargetSearch.run(
            scenario, metric: .contained, target: 0.9, lever: .knowledgeCoverage, intent: "a", probability: 0.9, draws: 300,
            seed: 1)
        #expect(result.draws == 1)
        let other = try TargetSearch.run(
            scenario, metric: .contained, target: 0.9, lever: .gapEscalation, intent: "a", probability: 0.9, draws: 300, seed: 1)
        #expect(other.draws == 300)
    }

    @Test("a target beyond what the other parameters allow is unreachable, with the reason and no value")
    func unreachable() throws {
        let result = try TargetSearch.run(
            SimulationTests.fixedScenario(), metric: .contained, target: 0.999, lever: .knowledgeCoverage, intent: "a",
            probability: 0.5, draws: 10, seed: 1)
        #expect(!result.reachable && result.value == nil)
        let reason = try #require(result.reason)
        #expect(reason.contains("the target exceeds what the other parameters allow"))
        #expect(reason.contains("knowledge_coverage at 100%"))
        let uncertain = try TargetSearch.run(
            LeverRankingTests.uncertainScenario(), metric: .resolution, target: 0.93, lever: .actionSuccess, intent: "b",
            probability: 0.95, draws: 50, seed: 1)
        #expect(!uncertain.reachable && uncertain.reason!.contains("parameter draws"))
        let away = try TargetSearch.run(
            SimulationTests.fixedScenario(), metric: .contained, target: 0.5, lever: .knowledgeCoverage, intent: "c",
            probability: 0.5, draws: 10, seed: 1)
        #expect(!away.reachable && away.reason!.contains("never reaches the AI"))
    }

    @Test("a metric that does not improve steadily toward the lever's goal has no least value")
    func notMonotone() throws {
        // Every gap is escalated (no issue) while answered sessions meet conflicting assets: more
        // knowledge coverage answers more sessions, and the issue rate rises with it.
        var scenario = LeverRankingTests.oneIntent(g: 1)
        scenario.intents[0].parameters[.conflictingAssets] = .fixed(0.3)
        let result = try TargetSearch.run(
            scenario, metric: .any, target: 0.2, lever: .knowledgeCoverage, intent: nil, probability: 0.5, draws: 10, seed: 1)
        #expect(!result.reachable && result.value == nil)
        #expect(result.reason!.contains("does not fall steadily as knowledge_coverage rises"))
    }

    @Test("a target already met at the lever's far end needs nothing from it")
    func alreadyMet() throws {
        let result = try TargetSearch.run(
            SimulationTests.fixedScenario(), metric: .contained, target: 0.4, lever: .knowledgeCoverage, intent: "a",
            probability: 1, draws: 10, seed: 1)
        #expect(result.reachable && result.value == 0, "\(result)")
    }

    @Test("requests that make no sense are refused with the field at fault")
    func badRequests() {
        let scenario = SimulationTests.fixedScenario()
        func path(_ body: () throws -> TargetSearchResult) -> String? {
            do {
                _ = try body()
                return nil
            } catch let error as ModelError {
                return error.path.description
            } catch {
                return "unexpected \(error)"
            }
        }
        func run(
            lever: Parameter = .knowledgeCoverage, intent: String? = nil, target: Double = 0.8, probability: Double = 0.5,
            draws: Int = 10
        )
            -> String?
        {
            path {
                try TargetSearch.run(
                    scenario, metric: .contained, target: target, lever: lever, intent: intent, probability: probability,
                    draws: draws, seed: 1)
            }
        }
        #expect(run(lever: .humanRequest) == "lever")
        #expect(run(lever: .actionNeed) == "lever")
        #expect(run(intent: "nobody") == "intent")
        #expect(run(target: 1.5) == "target")
        #expect(run(target: .nan) == "target")
        #expect(run(probability: 0) == "probability")
        #expect(run(probability: 1.2) == "probability")
        #expect(run(draws: 0) == "draws")
        #expect(run() == nil)
    }

    @Test("gap escalation improves rates toward 0 and issue rates toward 1")
    func gapEscalationGoal() {
        #expect(TargetSearch.goal(of: .gapEscalation, for: .contained) == 0)
        #expect(TargetSearch.goal(of: .gapEscalation, for: .automation) == 0)
        #expect(TargetSearch.goal(of: .gapEscalation, for: .p0) == 1)
        #expect(TargetSearch.goal(of: .residualError, for: .any) == 0)
        #expect(TargetSearch.goal(of: .knowledgeCoverage, for: .any) == 1)
    }
}
