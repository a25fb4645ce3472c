import SextantStats
import Synchronization
import Testing

@testable import SextantModel

/// Keeps every replication's totals, per replication index.
final class CollectingObserver: SimulationObserver, Sendable {
    let runs = Mutex<[Int: (weeks: [SimulatedCounts], total: SimulatedCounts, intents: [SimulatedCounts]?, draw: [Double])]>([:])

    func observe(_ run: ReplicationRun) {
        runs.withLock { $0[run.replication] = (run.weeks, run.total, run.intents, run.parameters.values) }
    }
}

@Suite("Simulation observers")
struct ObserverTests {
    static func uncertainScenario() -> Scenario {
        var scenario = SimulationTests.fixedScenario()
        scenario.intents[0].parameters[.knowledgeCoverage] = .beta(18, 4)
        return scenario
    }

    @Test("each replication is handed over once, its weeks add up to its total, and the summaries are of those runs")
    func runsAddUp() throws {
        var options = SimulationOptions()
        options.replications = 64
        options.perIntent = true
        options.perIntentReasons = true
        let setup = SimulationSetup(Self.uncertainScenario(), options: options)
        let collector = CollectingObserver()
        let summaries = SummaryObserver(setup)
        Simulation.run(setup, observers: [collector, summaries])
        let runs = collector.runs.withLock { $0 }
        #expect(Set(runs.keys) == Set(0..<64))
        for run in runs.values {
            var sum = SimulatedCounts()
            for week in run.weeks { sum.add(week) }
            #expect(sum == run.total)
            #expect(
                run.total.reasons[.userRequest] + run.total.reasons[.missingKnowledge] + run.total.reasons[.unknownScenario]
                    == run.total.tally.humanHelp)
            #expect(run.total.reasons.total == run.total.tally.unresolved)
            // Per-intent counts partition the same traffic, and each intent's reasons its own handoffs.
            let intents = try #require(run.intents)
            #expect(intents.reduce(0) { $0 + $1.traffic } == run.total.traffic)
            for intent in intents { #expect(intent.reasons.total == intent.tally.unresolved) }
        }
        let result = summaries.result()
        let contained = runs.keys.sorted().map { runs[$0]!.total.value(.contained)! }
        let mean = contained.reduce(0, +) / Double(contained.count)
        #expect(abs(result.overall[.contained]!.mean - mean) < 1e-12)
    }

    @Test("observers see the same draws whatever the number of threads")
    func deterministic() {
        func collect(threads: Int) -> [Int: [Double]] {
            var options = SimulationOptions()
            options.replications = 40
            options.threads = threads
            let collector = CollectingObserver()
            Simulation.run(SimulationSetup(Self.uncertainScenario(), options: options), observers: [collector])
            return collector.runs.withLock { $0.mapValues { $0.draw + $0.weeks.map { Double($0.tally.resolved) } } }
        }
        #expect(collect(threads: 1) == collect(threads: 3))
    }

    @Test("a replication's drawn parameters give exact expectations at that draw")
    func drawnParameters() throws {
        var options = SimulationOptions()
        options.replications = 5
        let scenario = Self.uncertainScenario()
        let collector = CollectingObserver()
        Simulation.run(SimulationSetup(scenario, options: options), observers: [collector])
        let draw = try #require(collector.runs.withLock { $0[3]?.draw })
        let parameters = ParameterDraw(values: draw)
        let coverage = parameters[0, .knowledgeCoverage]
        #expect(coverage > 0 && coverage < 1 && coverage != 18.0 / 22)
        #expect(parameters[1, .actionCoverage] == 0.8)
        let exact = Expectation(scenario, at: parameters.points(of: scenario))
        let atMean = Expectation(scenario)
        // Contained rises with knowledge coverage: the draw moves intent a's expectation with it.
        #expect((exact.intents[0].rates!.contained > atMean.intents[0].rates!.contained) == (coverage > 18.0 / 22))
    }

    @Test("each week's expected rates at a replication's draw are the exact expectation at that draw")
    func expectedRates() throws {
        let scenario = Self.uncertainScenario()
        var options = SimulationOptions()
        options.replications = 3
        final class Keep: SimulationObserver, @unchecked Sendable {
            let runs = Mutex<[Int: ([ExpectedRates], [Double])]>([:])
            func observe(_ run: ReplicationRun) { runs.withLock { $0[run.replication] = (run.expected, run.parameters.values) } }
        }
        let keep = Keep()
        Simulation.run(SimulationSetup(scenario, options: options), observers: [keep])
        let (expected, draw) = try #require(keep.runs.withLock { $0[1] })
        let exact = Expectation(scenario, at: ParameterDraw(values: draw).points(of: scenario))
        for (week, rates) in zip(exact.weeks, expected) {
            let reference = try #require(week.rates)
            for metric in Metric.measured {
                #expect(abs(rates.value(metric)! - reference[metric]!) < 1e-12, "week \(week.week) \(metric)")
            }
            #expect(abs(rates.value(.automation)! - week.automation) < 1e-12)
            #expect(abs(rates.aiShare * Double(week.sessions) - week.aiSessions) < 1e-6)
        }
    }

    @Test("simulated handoff-reason shares agree with the exact shares within four standard errors")
    func reasonShares() throws {
        var options = SimulationOptions()
        options.replications = 1000
        let result = Simulation.run(SimulationTests.fixedScenario(), options: options)
        for reason in HandoffReason.allCases {
            let exact = try #require(result.expectation.reasonShares[reason.index])
            let simulated = try #require(result.reasons[reason.index])
            let standardError = simulated.sd / Double(simulated.count).squareRoot()
            #expect(abs(simulated.mean - exact) <= 4 * standardError + 1e-12, "\(reason): \(simulated.mean) vs \(exact)")
        }
    }

    @Test("improvements reach the exact expectation and the simulation through one rule")
    func improvementSteps() {
        let scenario = SimulationTests.fixedScenario()
        #expect(scenario.improvementSteps(inWeek: 4).isEmpty)
        let steps = scenario.improvementSteps(inWeek: 5)
        #expect(steps.map(\.intent) == [1] && steps.map(\.parameter) == [.actionCoverage])
        let all = Scenario(
            name: "all", workflow: .service, sessionsPerWeek: 10, weeks: 2, reviewRate: 0.1,
            intents: [IntentSpec(name: "a", share: 0.5), IntentSpec(name: "b", share: 0.5)],
            improvements: [Improvement(week: 2, intent: nil, parameter: .residualError, change: .add(0.01))])
        #expect(all.improvementSteps(inWeek: 2).map(\.intent) == [0, 1])
    }

    @Test("verdicts and target shares are the model's, judged on the simulated 5–95 % band")
    func verdicts() throws {
        var options = SimulationOptions()
        options.replications = 400
        let result = Simulation.run(SimulationTests.fixedScenario(), options: options)
        #expect(result.targets == Targets.recommended(for: .serviceEcommerce))
        for metric in Metric.allCases {
            guard let target = result.target(for: metric) else {
                #expect(result.verdicts[metric] == nil)
                continue
            }
            let summary = try #require(result.overall[metric])
            #expect(result.verdicts[metric] == target.verdict(Interval(lower: summary.p05, upper: summary.p95)))
            let share = try #require(result.probabilityMeetingTarget[metric])
            #expect(share >= 0 && share <= 1)
        }
        var custom = options
        custom.targets = Targets.recommended(for: .salesLeadQualification)
        #expect(Simulation.run(SimulationTests.fixedScenario(), options: custom).targets.workflow == .salesLeadQualification)
    }
}
