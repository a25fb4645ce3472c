import SextantStats
import Testing

@testable import SextantModel

@Suite("Simulation")
struct SimulationTests {
    /// A scenario built in code: three intents, a stage, an improvement, fixed parameters.
    static func fixedScenario() -> Scenario {
        let severity = SeveritySplit(p0: 0.1, p1: 0.3, p2: 0.6)
        return Scenario(
            name: "fixed", workflow: .serviceEcommerce, sessionsPerWeek: 4000, weeklyGrowth: 0.05, weeks: 6, reviewRate: 0.2,
            seed: 3,
            intents: [
                IntentSpec(
                    name: "a", share: 0.5,
                    parameters: [
                        .humanRequest: .fixed(0.05), .knowledgeCoverage: .fixed(0.9), .gapEscalation: .fixed(0.8),
                        .residualError: .fixed(0.02),
                    ],
                    severity: severity),
                IntentSpec(
                    name: "b", share: 0.3,
                    parameters: [
                        .actionNeed: .fixed(0.7), .actionCoverage: .fixed(0.8), .actionSuccess: .fixed(0.9),
                        .conflictingAssets: .fixed(0.05),
                    ],
                    severity: severity),
                IntentSpec(name: "c", share: 0.2, autopilot: false),
            ],
            stages: [Stage(fromWeek: 1, aiShare: 0.5), Stage(fromWeek: 3, aiShare: 1)],
            improvements: [Improvement(week: 5, intent: "b", parameter: .actionCoverage, change: .set(0.95))])
    }

    private func expectNear(_ summary: SampleSummary?, _ expected: Double?, _ label: String) {
        guard let summary, let expected else {
            Issue.record("\(label): missing")
            return
        }
        let standardError = summary.sd / Double(summary.count).squareRoot()
        #expect(
            abs(summary.mean - expected) <= 4 * standardError + 1e-12,
            "\(label): mean \(summary.mean), exact \(expected), SE \(standardError)")
    }

    @Test("Monte Carlo means are within four standard errors of the exact expectations, per week, per intent and overall")
    func meansMatchExact() {
        let scenario = Self.fixedScenario()
        var options = SimulationOptions()
        options.replications = 600
        options.perIntent = true
        let result = Simulation.run(scenario, options: options)
        let exact = result.expectation
        for (index, week) in exact.weeks.enumerated() {
            let simulated = result.weekly[index]
            expectNear(simulated[.contained], week.rates?.contained, "week \(week.week) contained")
            expectNear(simulated[.resolution], week.rates?.resolution, "week \(week.week) resolution")
            expectNear(simulated[.p1], week.rates?.issues[.p1], "week \(week.week) P1")
            expectNear(simulated[.any], week.rates?.anyIssue, "week \(week.week) any")
            expectNear(simulated[.automation], week.automation, "week \(week.week) automation")
        }
        expectNear(result.overall[.resolution], exact.overall?.resolution, "overall resolution")
        expectNear(result.overall[.p2], exact.overall?.issues[.p2], "overall P2")
        for (index, intent) in exact.intents.enumerated() where intent.rates != nil {
            expectNear(result.intents?[index][.contained], intent.rates?.contained, "intent \(intent.name) contained")
            expectNear(result.intents?[index][.any], intent.rates?.anyIssue, "intent \(intent.name) any")
        }
        // Intent c is kept off Auto-Pilot: no AI sessions, no data.
        #expect(exact.intents[2].aiSessions == 0 && result.intents?[2][.contained] == nil)
        // Stages and improvements move the exact rates: half the traffic in weeks 1–2, better coverage from week 5.
        #expect(exact.weeks[0].aiSessions < exact.weeks[2].aiSessions / 1.5)
        #expect(exact.weeks[4].rates!.resolution > exact.weeks[3].rates!.resolution)
    }

    @Test("with fixed parameters the weekly rate varies as a binomial proportion: sd ≈ √(p(1 − p)/n)")
    func binomialSpread() {
        var scenario = Self.fixedScenario()
        scenario.stages = []
        scenario.improvements = []
        scenario.intents[2].autopilot = true
        scenario.weeklyGrowth = 0
        var options = SimulationOptions()
        options.replications = 2000
        let result = Simulation.run(scenario, options: options)
        let p = result.expectation.weeks[0].rates!.contained
        let n = Double(scenario.sessions(inWeek: 1))
        let sd = result.weekly[0][.contained]!.sd
        #expect(abs(sd / (p * (1 - p) / n).squareRoot() - 1) < 0.1, "sd \(sd)")
    }

    @Test("uncertain parameters widen the distribution by exactly their own spread")
    func parameterUncertainty() {
        // Contained = 1 − h − (1 − h)(1 − a)g: with a ~ Beta(20, 5), sd(contained) = (1 − h)·g·sd(a), plus binomial noise.
        let intent = IntentSpec(
            name: "x", share: 1,
            parameters: [.humanRequest: .fixed(0.05), .knowledgeCoverage: .beta(20, 5), .gapEscalation: .fixed(0.9)])
        let scenario = Scenario(
            name: "u", workflow: .service, sessionsPerWeek: 1_000_000, weeks: 1, reviewRate: 0.05, intents: [intent])
        var options = SimulationOptions()
        options.replications = 3000
        let result = Simulation.run(scenario, options: options)
        let betaSD = (20.0 * 5 / (25 * 25 * 26)).squareRoot()
        let p = result.expectation.overall!.contained
        let expected = ((0.95 * 0.9 * betaSD) * (0.95 * 0.9 * betaSD) + p * (1 - p) / 1_000_000).squareRoot()
        let summary = result.overall[.contained]!
        #expect(abs(summary.sd / expected - 1) < 0.08, "sd \(summary.sd) vs \(expected)")
        // The mean is E[1 − h − (1 − h)(1 − a)g] with E[a] = 0.8: linear in a, so equal to the exact point value.
        #expect(abs(summary.mean - p) < 4 * summary.sd / Double(summary.count).squareRoot())
    }

    @Test("the same seed gives identical results whatever the number of threads")
    func deterministic() {
        let scenario = Self.fixedScenario()
        var options = SimulationOptions()
        options.replications = 97
        options.perIntent = true
        options.threads = 1
        let one = Simulation.run(scenario, options: options)
        options.threads = 2
        let two = Simulation.run(scenario, options: options)
        options.threads = 7
        let seven = Simulation.run(scenario, options: options)
        #expect(one.overall == two.overall && two.overall == seven.overall)
        #expect(one.weekly == two.weekly && one.intents! == seven.intents!)
        #expect(one.reasons == seven.reasons)
        options.seed = 4
        let other = Simulation.run(scenario, options: options)
        #expect(other.overall != one.overall)
    }

    @Test("asking for per-intent outputs leaves the weekly results unchanged")
    func independentOutputs() {
        let scenario = Self.fixedScenario()
        var options = SimulationOptions()
        options.replications = 50
        let plain = Simulation.run(scenario, options: options)
        options.perIntent = true
        options.perIntentWeek = true
        let detailed = Simulation.run(scenario, options: options)
        #expect(plain.weekly == detailed.weekly && plain.overall == detailed.overall)
        #expect(detailed.intentWeeks?.count == 3 && detailed.intentWeeks?[0].count == 6)
    }

    @Test("handoff reason shares are consistent with the tree")
    func reasons() {
        let result = Simulation.run(Self.fixedScenario(), options: SimulationOptions())
        let means = result.reasons.compactMap { $0?.mean }
        #expect(means.count == HandoffReason.allCases.count)
        #expect(abs(means.reduce(0, +) - 1) < 1e-9)
    }
}

@Suite("Documentation examples")
struct DocumentationExampleTests {
    @Test("the library example of the README and the DocC article runs and gives sensible results")
    func libraryExample() throws {
        let scenario = PlanningArticleTests.pilot()  // the scenario of both articles
        let exact = Expectation(scenario)
        let overall = try #require(exact.overall)
        #expect(overall.resolution > 0.5 && overall.resolution < overall.contained)
        #expect(exact.weeks[6].rates!.resolution > exact.weeks[4].rates!.resolution)
        #expect(exact.automation < overall.resolution)  // the first stage leaves 70 % of the traffic with humans
        var options = SimulationOptions()
        options.replications = 2000
        options.perIntent = true
        let result = Simulation.run(scenario, options: options)
        let resolution = try #require(result.overall[.resolution])
        #expect(resolution.p05 < overall.resolution && overall.resolution < resolution.p95)
        #expect(result.intents?[1][.contained] != nil)
        // The article's target, verdict and share: the range's verdict applied by hand to the 5–95 % band.
        #expect(result.target(for: .resolution) == .range(TargetRange(floor: 0.725, ceiling: 0.85)))
        let byHand: Verdict =
            resolution.p95 < 0.725 ? .below : resolution.p05 > 0.85 ? .above : resolution.p05 >= 0.725 ? .met : .inconclusive
        #expect(result.verdicts[.resolution] == byHand)
        let share = try #require(result.probabilityMeetingTarget[.resolution])
        #expect(share >= 0 && share <= 1)
        // At least 95 % of the 2,000 replications lie at or above p05, at most 5 % above p95.
        if byHand == .met || byHand == .above { #expect(share >= 0.95) }
        if byHand == .below { #expect(share <= 0.05) }
    }
}

@Suite("Scenario semantics")
struct ScenarioSemanticsTests {
    @Test("improvements apply in week order, those of one week in the order given")
    func improvementOrder() {
        let scenario = Scenario(
            name: "order", workflow: .service, sessionsPerWeek: 100, weeks: 8, reviewRate: 0.1,
            intents: [IntentSpec(name: "a", share: 1)],
            improvements: [
                Improvement(week: 6, intent: "a", parameter: .knowledgeCoverage, change: .add(0.05)),
                Improvement(week: 3, intent: "a", parameter: .knowledgeCoverage, change: .set(0.85)),
            ])
        let base = [IntentPoint(means: scenario.intents[0])]
        #expect(abs(scenario.points(base, inWeek: 4)[0][.knowledgeCoverage] - 0.85) < 1e-15)
        #expect(abs(scenario.points(base, inWeek: 7)[0][.knowledgeCoverage] - 0.90) < 1e-15)
    }

    @Test("per-intent automation is over the intent's whole traffic: a kept-off intent automates nothing")
    func intentAutomation() throws {
        var scenario = SimulationTests.fixedScenario()
        scenario.stages = [Stage(fromWeek: 1, aiShare: 0.4)]
        var options = SimulationOptions()
        options.replications = 300
        options.perIntent = true
        let result = Simulation.run(scenario, options: options)
        let exact = result.expectation.intents
        #expect(exact[2].automation == 0)
        #expect(abs(exact[0].automation - 0.4 * exact[0].rates!.resolution) < 1e-12)
        let simulated = try #require(result.intents)
        #expect(simulated[2][.automation]?.mean == 0)
        let a = try #require(simulated[0][.automation])
        #expect(abs(a.mean - exact[0].automation) <= 4 * a.sd / Double(a.count).squareRoot())
    }

    @Test("a traffic volume beyond 10^9 sessions a week is reported, not trapped")
    func volume() {
        let scenario = Scenario(
            name: "big", workflow: .service, sessionsPerWeek: 12000, weeklyGrowth: 2, weeks: 52, reviewRate: 0.1,
            intents: [IntentSpec(name: "a", share: 1)])
        #expect(scenario.volumeProblem(weeks: 52) != nil && scenario.volumeProblem(weeks: 5) == nil)
    }
}
