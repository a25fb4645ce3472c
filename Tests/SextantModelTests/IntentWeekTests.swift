import SextantStats
import Synchronization
import Testing

@testable import SextantModel

/// Keeps every replication's per-intent weekly counts, per replication index.
final class IntentWeekCollector: SimulationObserver, Sendable {
    let runs = Mutex<[Int: [SimulatedCounts]]>([:])

    func observe(_ run: ReplicationRun) {
        runs.withLock { $0[run.replication] = run.intentWeeks }
    }

    /// The exact summary of each (intent, week, metric) over the replications collected.
    func exact(intents: Int, weeks: Int) -> [[[Metric: SampleSummary]]] {
        let runs = self.runs.withLock { $0 }
        let order = runs.keys.sorted()
        return (0..<intents).map { intent in
            (0..<weeks).map { week in
                var summary: [Metric: SampleSummary] = [:]
                for metric in Metric.allCases {
                    summary[metric] = SampleSummary(order.map { runs[$0]![intent * weeks + week].value(metric) ?? .nan })
                }
                return summary
            }
        }
    }
}

@Suite("Per-intent weekly outputs in bounded memory")
struct IntentWeekTests {
    static func options(replications: Int, threads: Int? = nil) -> SimulationOptions {
        var options = SimulationOptions()
        options.replications = replications
        options.perIntentWeek = true
        options.threads = threads
        return options
    }

    /// Runs the simulation as `Simulation.run` does, pilot first, with a collector of the exact values.
    static func run(replications: Int) -> (result: SimulationResult, errors: [Double], exact: [[[Metric: SampleSummary]]]) {
        let setup = SimulationSetup(ObserverTests.uncertainScenario(), options: options(replications: replications))
        let summaries = SummaryObserver(setup)
        let collector = IntentWeekCollector()
        let pilot = summaries.pilotReplications
        Simulation.run(setup, range: 0..<pilot, observers: [summaries, collector])
        Simulation.run(setup, range: pilot..<replications, observers: [summaries, collector])
        return (
            summaries.result(), summaries.intentWeekErrors ?? [], collector.exact(intents: setup.intentCount, weeks: setup.weeks)
        )
    }

    @Test("beyond the pilot, every percentile is within its stated bound of the exact one; means and sds are exact")
    func withinBound() throws {
        let (result, errors, exact) = Self.run(replications: 1500)
        let estimated = try #require(result.intentWeeks)
        let metrics = Metric.allCases
        var compared = 0
        for intent in exact.indices {
            for week in exact[intent].indices {
                for (index, metric) in metrics.enumerated() {
                    let bound = errors[(intent * result.weeks + week) * metrics.count + index]
                    guard let want = exact[intent][week][metric] else {
                        #expect(estimated[intent][week][metric] == nil)
                        continue
                    }
                    let got = try #require(estimated[intent][week][metric])
                    #expect(got.count == want.count)
                    #expect(abs(got.mean - want.mean) <= 1e-12 * abs(want.mean) + 1e-17)
                    #expect(abs(got.sd - want.sd) <= 1e-9 * want.sd + 1e-12)
                    for (a, b) in [(got.p05, want.p05), (got.p50, want.p50), (got.p95, want.p95)] {
                        #expect(abs(a - b) <= bound * (1 + 1e-9), "intent \(intent) week \(week + 1) \(metric): \(a) vs \(b)")
                    }
                    // The bound in the terms of the documentation: well under a tenth of the cell's spread.
                    if want.sd > 0 && got.p05 != got.p95 { #expect(bound <= 0.1 * want.sd + 0.5 / 256) }
                    compared += 1
                }
            }
        }
        #expect(compared > 50)
    }

    @Test("a run within the pilot (≤ 256 replications) is exact")
    func exactWithinPilot() throws {
        let (result, errors, exact) = Self.run(replications: 200)
        #expect(result.intentWeeks! == exact)
        #expect(errors.allSatisfy { $0 == 0 })
    }

    @Test("the per-intent weekly summaries are identical for 1, 2 and 5 threads", arguments: [300, 1000])
    func threadIndependent(replications: Int) {
        let scenario = ObserverTests.uncertainScenario()
        let one = Simulation.run(scenario, options: Self.options(replications: replications, threads: 1))
        let two = Simulation.run(scenario, options: Self.options(replications: replications, threads: 2))
        let five = Simulation.run(scenario, options: Self.options(replications: replications, threads: 5))
        #expect(one.intentWeeks! == two.intentWeeks! && two.intentWeeks! == five.intentWeeks!)
        #expect(one.overall == two.overall && one.weekly == five.weekly)
    }

    @Test("replications handed over in one pass, pilot and others mixed, give the same summaries as pilot first")
    func onePass() {
        let setup = SimulationSetup(ObserverTests.uncertainScenario(), options: Self.options(replications: 700, threads: 2))
        let mixed = SummaryObserver(setup)
        Simulation.run(setup, observers: [mixed])
        let ordered = Simulation.run(ObserverTests.uncertainScenario(), options: Self.options(replications: 700, threads: 2))
        #expect(mixed.result().intentWeeks! == ordered.intentWeeks!)
    }
}
