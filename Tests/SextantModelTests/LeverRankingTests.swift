import Foundation
import SextantStats
import Testing

@testable import SextantModel

@Suite("Lever ranking")
struct LeverRankingTests {
    // MARK: References

    /// One intent with fixed parameters on full Auto-Pilot, no instruction gap and nothing after
    /// the knowledge step but an action and premature handoffs: the closed forms below hold.
    static func oneIntent(
        h: Double = 0.05, a: Double = 0.8, g: Double = 0.9, n: Double = 0.4, k: Double = 0.7, e: Double = 0.9, f: Double = 0.06
    ) -> Scenario {
        Scenario(
            name: "one", workflow: .service, sessionsPerWeek: 1000, weeks: 4, reviewRate: 0.1,
            intents: [
                IntentSpec(
                    name: "only", share: 1,
                    parameters: [
                        .humanRequest: .fixed(h), .knowledgeCoverage: .fixed(a), .instructionCoverage: .fixed(1),
                        .gapEscalation: .fixed(g), .actionNeed: .fixed(n), .actionCoverage: .fixed(k), .actionSuccess: .fixed(e),
                        .prematureHandoff: .fixed(f),
                    ])
            ])
    }

    /// Every metric over the horizon, exactly, from ``Expectation``.
    static func metrics(_ scenario: Scenario, at points: [IntentPoint]? = nil) -> [Metric: Double] {
        let expectation = Expectation(scenario, at: points)
        var values: [Metric: Double] = [.automation: expectation.automation]
        for metric in Metric.measured { values[metric] = expectation.overall?[metric] }
        return values
    }

    /// `scenario` with `lever`'s step applied to the intents `changed` by editing the scenario
    /// itself: each parameter's point value stepped, and each planned `set` of it stepped too (the
    /// value in force in every week moves half way to the goal); the Auto-Pilot switch flips the
    /// intents' `autopilot`.
    static func stepped(_ scenario: Scenario, _ lever: Lever, intents changed: [Int]) -> Scenario {
        var result = scenario
        for i in changed {
            guard let parameter = lever.parameter else {
                result.intents[i].autopilot = lever == .autopilot(on: true)
                continue
            }
            result.intents[i].parameters[parameter] = .fixed(lever.stepped(scenario.intents[i].parameter(parameter).mean))
        }
        result.improvements = scenario.improvements.map { improvement in
            guard let parameter = lever.parameter, improvement.parameter == parameter,
                let intent = improvement.intent, changed.contains(where: { scenario.intents[$0].name == intent }),
                case .set(let value) = improvement.change
            else { return improvement }
            var copy = improvement
            copy.change = .set(lever.stepped(value))
            return copy
        }
        return result
    }

    // MARK: Closed forms

    @Test("on one fixed intent, each lever's lift is the closed-form change of the tree's rates")
    func closedForm() throws {
        let (h, a, g, n, k, e, f) = (0.05, 0.8, 0.9, 0.4, 0.7, 0.9, 0.06)
        let ranking = LeverRanking.compute(Self.oneIntent(), draws: 50, seed: 1)
        #expect(ranking.draws == 1)
        func lift(_ lever: Lever, _ metric: Metric) throws -> Double {
            let row = try #require(ranking.rows.first { $0.lever == lever && $0.intent == "only" })
            let lift = try #require(row.lifts[metric])
            #expect(lift.p05 == lift.mean && lift.p95 == lift.mean)
            return lift.mean
        }
        let answered = (1 - h) * (1 - (1 - a) * g)
        let actionFine = 1 - n * (1 - k) - n * k * (1 - e)
        // contained = 1 − h − (1 − h)(1 − a)g: a → a + Δ lifts it by (1 − h)·g·Δ.
        let deltaA = (1 - a) / 2
        #expect(abs(try lift(.raise(.knowledgeCoverage), .contained) - (1 - h) * g * deltaA) < 1e-13)
        // resolution = answered × actionFine × (1 − f).
        #expect(abs(try lift(.raise(.knowledgeCoverage), .resolution) - (1 - h) * g * deltaA * actionFine * (1 - f)) < 1e-13)
        // any issue = (1 − h)(1 − a)(1 − g): the improvised replies.
        #expect(abs(try lift(.raise(.knowledgeCoverage), .any) + (1 - h) * (1 - g) * deltaA) < 1e-13)
        // e → e + (1 − e)/2 removes failed actions: answered × n·k·(1 − e)/2 × (1 − f).
        #expect(abs(try lift(.raise(.actionSuccess), .resolution) - answered * n * k * (1 - e) / 2 * (1 - f)) < 1e-13)
        #expect(try lift(.raise(.actionSuccess), .contained) == 0)
        // k → k + (1 − k)/2: unavailable n(1 − k) becomes n·k'·… : actionFine rises by n·e·(1 − k)/2.
        #expect(abs(try lift(.raise(.actionCoverage), .resolution) - answered * n * e * (1 - k) / 2 * (1 - f)) < 1e-13)
        // f → f/2.
        #expect(abs(try lift(.lower(.prematureHandoff), .resolution) - answered * actionFine * f / 2) < 1e-13)
        // g → g/2 contains (1 − h)(1 − a)·g/2 more sessions, each an improvised reply: the issue rate rises with it.
        #expect(abs(try lift(.lower(.gapEscalation), .contained) - (1 - h) * (1 - a) * g / 2) < 1e-13)
        #expect(abs(try lift(.lower(.gapEscalation), .any) - (1 - h) * (1 - a) * g / 2) < 1e-13)
        // All traffic is on the AI: automation moves with resolution.
        #expect(abs(try lift(.raise(.actionSuccess), .automation) - (try lift(.raise(.actionSuccess), .resolution))) < 1e-13)
        // Levers at their goal (no conflicting assets, no residual error) do nothing.
        #expect(try lift(.lower(.conflictingAssets), .any) == 0 && (try lift(.lower(.residualError), .resolution)) == 0)
    }

    @Test("gap escalation's trade-off: lowering it raises containment and the issue rate together; raising it lowers both")
    func gapEscalationTradeOff() throws {
        let ranking = LeverRanking.compute(SimulationTests.fixedScenario(), draws: 1, seed: 1)
        for intent in [nil, "a"] as [String?] {
            let lower = try #require(ranking.rows.first { $0.lever == .lower(.gapEscalation) && $0.intent == intent })
            let raise = try #require(ranking.rows.first { $0.lever == .raise(.gapEscalation) && $0.intent == intent })
            #expect(lower.lifts[.contained]!.mean > 0 && lower.lifts[.any]!.mean > 0 && lower.lifts[.p0]!.mean > 0)
            #expect(raise.lifts[.contained]!.mean < 0 && raise.lifts[.any]!.mean < 0)
        }
    }

    @Test("off Auto-Pilot: automation falls, the issue rate too when the intent's is above the mix's; all: sensitive intents off")
    func autopilotSwitch() throws {
        var scenario = SimulationTests.fixedScenario()
        scenario.intents[1].sensitive = true
        let ranking = LeverRanking.compute(scenario, draws: 1, seed: 1)
        let expectation = Expectation(scenario)
        for (index, name) in ["a", "b"].enumerated() {
            let off = try #require(ranking.rows.first { $0.lever == .autopilot(on: false) && $0.intent == name })
            #expect(off.lifts[.automation]!.mean < 0)
            // Rates are per AI session: the mix gets safer exactly when the intent taken off is riskier than the mix.
            let riskier = expectation.intents[index].rates!.anyIssue > expectation.overall!.anyIssue
            #expect((off.lifts[.any]!.mean < 0) == riskier)
        }
        // Intent c is kept off Auto-Pilot: its switch puts it on.
        #expect(ranking.rows.contains { $0.lever == .autopilot(on: true) && $0.intent == "c" })
        let wide = try #require(ranking.rows.first { $0.lever == .autopilot(on: false) && $0.intent == nil })
        #expect(wide.intents == ["b"])
        // With every AI session gone, the AI's rates have no value; automation still does.
        var single = Self.oneIntent()
        single.intents[0].sensitive = true
        let alone = LeverRanking.compute(single, draws: 1, seed: 1)
        let gone = try #require(alone.rows.first { $0.lever == .autopilot(on: false) && $0.intent == "only" })
        #expect(gone.lifts[.contained] == nil && gone.lifts[.automation] != nil)
    }

    @Test("the Levers article's example: every figure it prints")
    func articleExample() throws {
        let scenario = Self.oneIntent()
        let ranking = LeverRanking.compute(scenario, draws: 1000, seed: 7)
        func lift(_ lever: Lever, _ metric: Metric) throws -> String {
            let mean = try #require(ranking.rows.first { $0.lever == lever && $0.intent == "only" }?.lifts[metric]).mean
            return String(format: "%+.2f", mean * 100)
        }
        let before = Self.metrics(scenario)
        #expect(String(format: "%.1f", before[.contained]! * 100) == "77.9")
        #expect(String(format: "%.2f", before[.any]! * 100) == "1.90")
        #expect(String(format: "%.2f", before[.resolution]! * 100) == "62.39")
        #expect(try lift(.raise(.knowledgeCoverage), .contained) == "+8.55")
        #expect(try lift(.raise(.knowledgeCoverage), .any) == "-0.95")
        #expect(try lift(.raise(.knowledgeCoverage), .resolution) == "+6.85")
        #expect(try lift(.lower(.gapEscalation), .resolution) == "+6.85")
        #expect(try lift(.lower(.gapEscalation), .any) == "+8.55")
        #expect(
            String(
                format: "%.2f",
                (before[.any]! + ranking.rows.first { $0.lever == .lower(.gapEscalation) }!.lifts[.any]!.mean) * 100) == "10.45")
        #expect(try lift(.raise(.actionCoverage), .resolution) == "+3.95")
        #expect(try lift(.lower(.prematureHandoff), .resolution) == "+1.99")
        #expect(try lift(.raise(.actionSuccess), .resolution) == "+1.03")
        let search = try TargetSearch.run(
            scenario, metric: .contained, target: 0.85, lever: .knowledgeCoverage, intent: "only", probability: 0.8, draws: 1000,
            seed: 7)
        let value = try #require(search.value)
        #expect(abs(value - (1 - 0.1 / 0.855)) < 1e-9)
        #expect(String(format: "%.2f", (value * 10_000).rounded(.up) / 100) == "88.31")
        let beyond = try TargetSearch.run(
            scenario, metric: .contained, target: 0.96, lever: .knowledgeCoverage, intent: "only", probability: 0.8, draws: 1000,
            seed: 7)
        #expect(!beyond.reachable && beyond.reason!.contains("is 95%"))
    }

    @Test("the memory of a run is counted before it allocates")
    func resultBytes() {
        #expect(LeverRanking.resultBytes(draws: 1000, intents: 50) == 8 * 1000 * 7 * (10 * 51 + 1))
        #expect(LeverRanking.resultBytes(draws: .max, intents: 50) == .max)
        let ranking = LeverRanking.compute(SimulationTests.fixedScenario(), draws: 1, seed: 1)
        #expect(ranking.rows.count + 1 <= 10 * 4 + 1)
    }

    // MARK: Against the exact expectations

    @Test("every row's lifts equal Expectation with the step written into the scenario (stages, growth and a planned set)")
    func matchesExpectation() throws {
        let scenario = SimulationTests.fixedScenario()
        let ranking = LeverRanking.compute(scenario, draws: 10, seed: 1)
        let before = Self.metrics(scenario)
        #expect(ranking.rows.count == Lever.parameterLevers.count + 3 * (Lever.parameterLevers.count + 1))
        for metric in Metric.allCases { #expect(abs(ranking.baseline[metric]!.mean - before[metric]!) < 1e-13) }
        for row in ranking.rows {
            let changed = row.intents.map { name in scenario.intents.firstIndex { $0.name == name }! }
            let after = Self.metrics(Self.stepped(scenario, row.lever, intents: changed))
            for metric in Metric.allCases {
                let lift = try #require(row.lifts[metric]).mean
                #expect(
                    abs(lift - (after[metric]! - before[metric]!)) < 1e-13, "\(row.lever.label) \(row.intent ?? "all") \(metric)")
            }
        }
    }

    /// The fixed scenario with uncertain knowledge coverage, residual error and action success.
    static func uncertainScenario() -> Scenario {
        var scenario = SimulationTests.fixedScenario()
        scenario.intents[0].parameters[.knowledgeCoverage] = .beta(18, 4)
        scenario.intents[0].parameters[.residualError] = .uniform(0.005, 0.03)
        scenario.intents[1].parameters[.actionSuccess] = .triangular(lower: 0.8, mode: 0.9, upper: 0.98)
        scenario.improvements = []
        return scenario
    }

    /// The parameters each of the first `draws` replications of a simulation with `seed` drew:
    /// the draws a ranking or a search with the same seed must make.
    static func simulatedDraws(_ scenario: Scenario, draws: Int, seed: UInt64) -> [ParameterDraw] {
        var options = SimulationOptions()
        options.replications = draws
        options.seed = seed
        let collector = CollectingObserver()
        Simulation.run(SimulationSetup(scenario, options: options), observers: [collector])
        return collector.runs.withLock { runs in (0..<draws).map { ParameterDraw(values: runs[$0]!.draw) } }
    }

    @Test("draw j is replication j's parameter draw, and the paired lifts' summaries are those of Expectation's per-draw lifts")
    func pairedSummaries() throws {
        let scenario = Self.uncertainScenario()
        let draws = 200
        let parameters = Self.simulatedDraws(scenario, draws: draws, seed: 11)
        let ranking = LeverRanking.compute(scenario, draws: draws, seed: 11, threads: 2)
        #expect(ranking.draws == draws)
        for (lever, intent) in [(Lever.raise(.knowledgeCoverage), 0), (.lower(.residualError), 0), (.raise(.actionSuccess), 1)] {
            let row = try #require(ranking.rows.first { $0.lever == lever && $0.intent == scenario.intents[intent].name })
            for metric in [Metric.resolution, .any, .automation] {
                let lifts = parameters.map { draw -> Double in
                    let points = draw.points(of: scenario)
                    var moved = points
                    let p = lever.parameter!
                    moved[intent][p] = lever.stepped(points[intent][p])
                    return Self.metrics(scenario, at: moved)[metric]! - Self.metrics(scenario, at: points)[metric]!
                }
                let reference = try #require(SampleSummary(lifts))
                let lift = try #require(row.lifts[metric])
                for (got, want) in [
                    (lift.mean, reference.mean), (lift.p05, reference.p05), (lift.p95, reference.p95),
                    (lift.distribution.sd, reference.sd),
                ] {
                    #expect(abs(got - want) < 1e-12, "\(lever.label) \(metric)")
                }
                // A metric the lever leaves alone has no lift at all, rather than rounding of either sign.
                guard lifts.contains(where: { abs($0) > 1e-12 }) else {
                    #expect(lift.mean == 0 && lift.probabilityPositive == 0, "\(lever.label) \(metric)")
                    continue
                }
                let positive = Double(lifts.filter { $0 > 0 }.count) / Double(draws)
                #expect(lift.probabilityPositive == positive, "\(lever.label) \(metric)")
            }
        }
    }

    @Test("pairing: the paired lift spreads less than the difference of independent draws with and without the step")
    func pairingNarrows() throws {
        let scenario = Self.uncertainScenario()
        let draws = 300
        let ranking = LeverRanking.compute(scenario, draws: draws, seed: 5)
        let model = HorizonModel(scenario, seed: 5, threads: 1)
        let row = try #require(ranking.rows.first { $0.lever == .raise(.knowledgeCoverage) && $0.intent == "a" })
        // Unpaired: the step at draw j against no step at draw j + draws (independent parameters).
        let unpaired = (0..<draws).map { j -> Double in
            let with = ParameterDraw(values: model.parameters(draw: j)).points(of: scenario)
            let without = ParameterDraw(values: model.parameters(draw: j + draws)).points(of: scenario)
            var moved = with
            moved[0][.knowledgeCoverage] = Lever.raise(.knowledgeCoverage).stepped(with[0][.knowledgeCoverage])
            return Self.metrics(scenario, at: moved)[.resolution]! - Self.metrics(scenario, at: without)[.resolution]!
        }
        let paired = try #require(row.lifts[.resolution]).distribution
        let independent = try #require(SampleSummary(unpaired))
        #expect(paired.sd < independent.sd / 2, "paired sd \(paired.sd), unpaired \(independent.sd)")
        #expect(paired.p95 - paired.p05 < independent.p95 - independent.p05)
        // Both estimate the same mean lift.
        #expect(abs(paired.mean - independent.mean) < 4 * independent.sd / Double(draws).squareRoot())
    }

    // MARK: Ranking and determinism

    @Test("the ranking is the same for any number of threads")
    func deterministic() {
        let scenario = Self.uncertainScenario()
        let one = LeverRanking.compute(scenario, draws: 97, seed: 9, threads: 1)
        #expect(one == LeverRanking.compute(scenario, draws: 97, seed: 9, threads: 2))
        #expect(one == LeverRanking.compute(scenario, draws: 97, seed: 9, threads: 5))
    }

    @Test("rows are ranked by the chosen metric's mean lift, issue rates lowest first, ties in the order of computation")
    func ranking() {
        let ranking = LeverRanking.compute(Self.uncertainScenario(), draws: 40, seed: 2)
        #expect(ranking.rankedBy == .resolution)
        for metric in Metric.allCases {
            let rows = ranking.ranked(by: metric)
            #expect(rows.count == ranking.rows.count)
            let sign = metric.isIssueRate ? -1.0 : 1.0
            for (left, right) in zip(rows, rows.dropFirst()) {
                guard let l = left.lifts[metric]?.mean else {
                    #expect(right.lifts[metric] == nil)
                    continue
                }
                guard let r = right.lifts[metric]?.mean else { continue }
                #expect(sign * l >= sign * r)
                if l == r { #expect(left.position < right.position) }
            }
        }
        #expect(ranking.rows == ranking.ranked(by: .resolution))
        #expect(
            LeverRanking.compute(Self.uncertainScenario(), draws: 40, seed: 2, rankedBy: .any).rows == ranking.ranked(by: .any))
    }

    @Test("human_request and action_need are not levers; the rest are, each with the seed's action")
    func notLevers() {
        #expect(LeverRanking.notLevers == [.humanRequest, .actionNeed])
        #expect(Parameter.allCases.filter(\.isLever).count == 8)
        #expect(Set(Lever.parameterLevers.compactMap(\.parameter)) == Set(Parameter.allCases.filter(\.isLever)))
        #expect(Lever.raise(.knowledgeCoverage).action == "add missing knowledge")
        #expect(Lever.lower(.conflictingAssets).action == "remove conflicting assets")
        #expect(Lever.autopilot(on: false).action.hasPrefix("keep sensitive cases out of Auto-Pilot"))
        #expect(Lever.lower(.residualError).stepped(0.004) == 0.002 && Lever.raise(.actionSuccess).stepped(0.9) == 0.95)
    }
}
