import SextantStats
import Synchronization

/// The posterior predictive check of a calibration: the fitted scenario simulated, and each
/// intent's observed weekly contained and resolution rates placed in the simulated distribution
/// of the same cell; with, per intent, a test of whether its weekly rates are one rate at all.
///
/// A cell's p-value is two-sided with mid-ranks: p = min(1, 2·min(P(S < o) + ½P(S = o),
/// P(S > o) + ½P(S = o))) over the replications' rates S of the cell, o the observed rate
/// (A. Gelman, X.-L. Meng and H. Stern (1996), "Posterior predictive assessment of model fitness
/// via realized discrepancies", Statistica Sinica 6, 733–807). Each replication draws the
/// uncertain parameters once, then the week's sessions: the simulated cell has the fitted weekly
/// volume, not the observed one, so rates are compared. The homogeneity test is Pearson's
/// chi-square over the intent's weeks (`ChiSquare.homogeneity(successes:totals:)` in SextantStats): a small
/// p-value says its behaviour changed over the weeks, which one scenario (constant parameters)
/// cannot reproduce.
public struct PredictiveCheck: Sendable {
    /// One intent in one week, for one rate.
    public struct Cell: Sendable {
        /// The intent.
        public var intent: String
        /// The ISO week's label.
        public var week: String
        /// `contained` or `resolution`.
        public var metric: Metric
        /// The observed sessions.
        public var sessions: Int
        /// The observed rate.
        public var observed: Double
        /// The simulated rates' 5th, 50th and 95th percentiles.
        public var simulated: (p05: Double, p50: Double, p95: Double)
        /// The two-sided posterior predictive p-value.
        public var pValue: Double
        /// Whether the p-value is below the check's level.
        public var implausible: Bool
    }

    /// One intent's test of homogeneity of a rate over its weeks.
    public struct Homogeneity: Hashable, Sendable {
        /// The intent.
        public var intent: String
        /// `contained` or `resolution`.
        public var metric: Metric
        /// Pearson's X².
        public var statistic: Double
        /// Weeks with sessions, less one.
        public var degreesOfFreedom: Int
        /// The p-value.
        public var pValue: Double
        /// Whether the p-value is below the check's level: the rate changed over the weeks.
        public var changed: Bool
    }

    /// The metrics checked.
    public static let metrics: [Metric] = [.contained, .resolution]

    /// The cells, intent by intent, week by week, contained before resolution.
    public let cells: [Cell]
    /// The tests of homogeneity, intent by intent.
    public let homogeneity: [Homogeneity]
    /// Replications simulated.
    public let replications: Int
    /// The master seed.
    public let seed: UInt64
    /// The level below which a p-value flags.
    public let level: Double

    /// The most values (replications × intents × weeks × 2) a check keeps: 2²⁶, 512 MB.
    public static let maximumValues = 1 << 26

    /// Simulates `calibration`'s scenario and places the log's weekly rates in it.
    ///
    /// - Parameters:
    ///   - calibration: the fit, with the log's weekly counts.
    ///   - replications: simulated replications.
    ///   - seed: the master seed; nil uses the scenario's.
    ///   - level: the p-value below which a cell or an intent is flagged (e.g. 0.05).
    ///   - threads: worker threads; nil uses every core. The result does not depend on it.
    ///   - progress: called with the number of replications done, from worker threads.
    /// - Returns: the check.
    public static func run(
        _ calibration: Calibration, replications: Int, seed: UInt64? = nil, level: Double = 0.05, threads: Int? = nil,
        progress: (@Sendable (Int) -> Void)? = nil
    ) -> PredictiveCheck {
        let scenario = calibration.scenario
        var options = SimulationOptions()
        options.replications = max(1, replications)
        options.seed = seed
        options.perIntentWeek = true
        options.threads = threads
        let setup = SimulationSetup(scenario, options: options)
        let observer = RateObserver(setup)
        Simulation.run(setup, observers: [observer], progress: progress)
        var cells: [Cell] = []
        var tests: [Homogeneity] = []
        for (index, intent) in calibration.intents.enumerated() {
            for metric in metrics {
                var successes: [Int] = []
                var totals: [Int] = []
                for (weekIndex, week) in calibration.weeks.enumerated() {
                    guard let tally = intent.observation.weeks[week.label], tally.sessions > 0 else { continue }
                    let count = metric == .contained ? tally.contained : tally.resolved
                    successes.append(count)
                    totals.append(tally.sessions)
                    let observed = Double(count) / Double(tally.sessions)
                    let values = observer.values(intent: index, week: weekIndex, metric: metric)
                    let (p, summary) = position(observed, in: values)
                    cells.append(
                        Cell(
                            intent: intent.observation.name, week: week.label, metric: metric, sessions: tally.sessions,
                            observed: observed, simulated: summary, pValue: p, implausible: p < level))
                }
                if let test = try? ChiSquare.homogeneity(successes: successes, totals: totals) {
                    tests.append(
                        Homogeneity(
                            intent: intent.observation.name, metric: metric, statistic: test.statistic,
                            degreesOfFreedom: test.degreesOfFreedom, pValue: test.pValue, changed: test.pValue < level))
                }
            }
        }
        return PredictiveCheck(
            cells: cells, homogeneity: tests, replications: setup.replications, seed: seed ?? scenario.seed, level: level)
    }

    /// The two-sided mid-rank p-value of `observed` among `values` (NaN values left out), and the
    /// values' 5th, 50th and 95th percentiles.
    static func position(_ observed: Double, in values: [Double]) -> (Double, (p05: Double, p50: Double, p95: Double)) {
        let kept = values.filter { !$0.isNaN }
        guard let summary = SampleSummary(kept) else { return (1, (.nan, .nan, .nan)) }
        let below = Double(kept.filter { $0 < observed }.count)
        let equal = Double(kept.filter { $0 == observed }.count)
        let count = Double(kept.count)
        let lower = (below + equal / 2) / count
        let upper = (count - below - equal + equal / 2) / count
        return (min(1, 2 * min(lower, upper)), (summary.p05, summary.p50, summary.p95))
    }
}

/// Keeps each replication's contained and resolution rates per intent and week, in its own slots.
final class RateObserver: SimulationObserver, @unchecked Sendable {
    private let replications: Int
    private let weeks: Int
    private let storage: UnsafeMutablePointer<Double>
    private let count: Int

    init(_ setup: SimulationSetup) {
        replications = setup.replications
        weeks = setup.weeks
        count = setup.intentCount * setup.weeks * 2 * replications
        storage = .allocate(capacity: count)
        storage.initialize(repeating: .nan, count: count)
    }

    deinit { storage.deallocate() }

    func observe(_ run: ReplicationRun) {
        guard let cells = run.intentWeeks else { return }
        for (slot, counts) in cells.enumerated() {
            for (index, metric) in PredictiveCheck.metrics.enumerated() {
                storage[(slot * 2 + index) * replications + run.replication] = counts.value(metric) ?? .nan
            }
        }
    }

    /// The replications' rates of one cell.
    func values(intent: Int, week: Int, metric: Metric) -> [Double] {
        let slot = intent * weeks + week
        let index = metric == .contained ? 0 : 1
        let start = (slot * 2 + index) * replications
        return Array(UnsafeBufferPointer(start: storage + start, count: replications))
    }
}
