import Dispatch
import SextantStats
import Synchronization

/// A simulation's results: exact expectations beside the distribution of every metric over
/// replications, each judged against its target.
public struct SimulationResult: Sendable {
    /// The scenario simulated.
    public let scenario: Scenario
    /// Replications of the horizon.
    public let replications: Int
    /// The master seed: the same seed gives the same result.
    public let seed: UInt64
    /// The horizon, in weeks.
    public let weeks: Int
    /// Exact expectations at the parameters' point values.
    public let expectation: Expectation
    /// The targets the verdicts judge against.
    public let targets: Targets
    /// Each metric over the whole horizon (a metric with no data in any replication is absent).
    public let overall: [Metric: SampleSummary]
    /// Each metric per week.
    public let weekly: [[Metric: SampleSummary]]
    /// Each metric per intent over the horizon, when asked for.
    public let intents: [[Metric: SampleSummary]]?
    /// Each metric per intent and week (`[intent][week]`), when asked for. Beyond
    /// ``SummaryObserver/pilotSize`` replications its percentiles come from fixed-bin histograms,
    /// within half a bin of the exact ones (about 0.004 standard deviations; see ``RateSketches``);
    /// its counts, means and standard deviations are exact.
    public let intentWeeks: [[[Metric: SampleSummary]]]?
    /// Each handoff reason's share of the handoff sessions over the horizon, in `HandoffReason.allCases` order.
    public let reasons: [SampleSummary?]
    /// Each judged metric's verdict over the horizon: the rules of a measured rate applied to the
    /// simulated 5 %–95 % band instead of a confidence interval.
    public let verdicts: [Metric: Verdict]
    /// For each judged metric, the share of replications (with data) in which its value over the
    /// horizon is on the right side of its threshold: at least the floor, at most the ceiling.
    public let probabilityMeetingTarget: [Metric: Double]

    /// The target `metric` is judged against, if any.
    public func target(for metric: Metric) -> MetricTarget? { targets.target(for: metric) }
}

/// The observer behind ``Simulation/run(_:options:progress:)``: keeps every metric's value per
/// replication (per week, intent and horizon as asked for) and summarises each distribution.
///
/// Per intent and week (``SimulationSetup/perIntentWeek``) it keeps the values of the first
/// ``pilotReplications`` replications only; beyond them each (intent, week, metric) is counted in
/// a fixed-bin histogram whose bins the pilot set (``RateSketches``): the means and standard
/// deviations stay exact, the percentiles are within half a bin of the exact ones (about 0.004
/// standard deviations; ``RateSketches`` states the bound). Runs of at most
/// ``pilotReplications`` replications are exact throughout.
///
/// Memory: 8 bytes × replications × (7 metrics × (1 + weeks + intents, the last when asked for)
/// + 6 reasons), plus, per intent and week, 7 × (``RateSketches/bytesPerCell`` + 8 × the pilot
/// replications) bytes, whatever the number of replications.
public final class SummaryObserver: SimulationObserver, @unchecked Sendable {
    private let setup: SimulationSetup
    private let replications: Int
    private let metrics = Metric.allCases
    // Layout of each buffer: [slot][metric][replication]; each replication writes its own slots.
    private let overall: UnsafeMutablePointer<Double>
    private let weekly: UnsafeMutablePointer<Double>
    private let reasons: UnsafeMutablePointer<Double>
    private let intents: UnsafeMutablePointer<Double>?
    private let intentWeeks: IntentWeekSummaries?

    /// The replications whose per-intent weekly values are kept exactly and set the histograms'
    /// bins: the first 256 (all of them in a smaller run; none without per-intent weekly outputs).
    /// Observing them before the others keeps the memory bound; others observed earlier wait,
    /// values kept, until they are all in.
    public var pilotReplications: Int { intentWeeks?.pilot ?? 0 }

    /// The pilot's size when the run is larger: 256 replications.
    public static let pilotSize = 256

    /// Prepares the storage for `setup`'s replications.
    public init(_ setup: SimulationSetup) {
        self.setup = setup
        replications = setup.replications
        let metrics = Metric.allCases.count
        overall = .allocate(capacity: metrics * replications)
        weekly = .allocate(capacity: metrics * setup.weeks * replications)
        reasons = .allocate(capacity: HandoffReason.allCases.count * replications)
        intents = setup.perIntent ? .allocate(capacity: metrics * setup.intentCount * replications) : nil
        intentWeeks =
            setup.perIntentWeek
            ? IntentWeekSummaries(
                cells: metrics * setup.intentCount * setup.weeks, stripes: setup.intentCount,
                pilot: min(replications, Self.pilotSize), replications: replications) : nil
    }

    deinit {
        overall.deallocate()
        weekly.deallocate()
        reasons.deallocate()
        intents?.deallocate()
    }

    /// Stores the replication's metrics in its own slots.
    public func observe(_ run: ReplicationRun) {
        let replication = run.replication
        for (index, counts) in run.weeks.enumerated() { store(counts, in: weekly, slot: index, replication: replication) }
        store(run.total, in: overall, slot: 0, replication: replication)
        let handoffs = run.total.reasons.total
        for index in HandoffReason.allCases.indices {
            reasons[index * replications + replication] =
                handoffs > 0 ? Double(run.total.reasons[index]) / Double(handoffs) : .nan
        }
        if let intents, let counts = run.intents {
            for (intent, counts) in counts.enumerated() { store(counts, in: intents, slot: intent, replication: replication) }
        }
        if let intentWeeks, let counts = run.intentWeeks {
            withUnsafeTemporaryAllocation(of: Double.self, capacity: counts.count * metrics.count) { values in
                var cell = 0
                for slot in counts {
                    for metric in metrics {
                        values[cell] = slot.value(metric) ?? .nan
                        cell += 1
                    }
                }
                intentWeeks.observe(replication: replication, values: UnsafeBufferPointer(values))
            }
        }
    }

    /// Writes the metrics of one set of counts into `slot` (a slot holds every metric); NaN for no data.
    @inline(__always)
    private func store(_ counts: SimulatedCounts, in buffer: UnsafeMutablePointer<Double>, slot: Int, replication: Int) {
        for (index, metric) in metrics.enumerated() {
            buffer[(slot * metrics.count + index) * replications + replication] = counts.value(metric) ?? .nan
        }
    }

    /// The bound on the error of each per-intent weekly percentile, `[(intent · weeks + week − 1) · 7 + metric]`
    /// (0 where exact); nil without per-intent weekly outputs. See ``RateSketches/maximumError(cell:)``.
    var intentWeekErrors: [Double]? { intentWeeks?.maximumErrors() }

    /// The summaries of every replication observed. Call once, after the run.
    public func result() -> SimulationResult {
        let replications = self.replications
        let metrics = self.metrics
        func summaries(_ buffer: UnsafeMutablePointer<Double>, slots: Int) -> [[Metric: SampleSummary]] {
            let out = Mutex([[Metric: SampleSummary]](repeating: [:], count: slots))
            let source = SendablePointer(buffer)
            DispatchQueue.concurrentPerform(iterations: slots) { slot in
                var summary: [Metric: SampleSummary] = [:]
                for (index, metric) in metrics.enumerated() {
                    let start = source.pointer + (slot * metrics.count + index) * replications
                    summary[metric] = SampleSummary(sorting: UnsafeMutableBufferPointer(start: start, count: replications))
                }
                out.withLock { $0[slot] = summary }
            }
            return out.withLock { $0 }
        }
        // Shares meeting the targets first: summarising reorders the buffers.
        var meeting: [Metric: Double] = [:]
        for (index, metric) in metrics.enumerated() {
            guard let target = setup.targets.target(for: metric) else { continue }
            let values = UnsafeBufferPointer(start: overall + index * replications, count: replications).filter { !$0.isNaN }
            if !values.isEmpty {
                meeting[metric] = Double(values.filter(target.isSatisfied(by:)).count) / Double(values.count)
            }
        }
        let reasonSummaries = HandoffReason.allCases.indices.map {
            SampleSummary(sorting: UnsafeMutableBufferPointer(start: reasons + $0 * replications, count: replications))
        }
        var intentWeekSummaries: [[[Metric: SampleSummary]]]?
        if let intentWeeks {
            let weeks = setup.weeks
            let cells = intentWeeks.summaries()
            intentWeekSummaries = (0..<setup.intentCount).map { intent in
                (0..<weeks).map { week in
                    var summary: [Metric: SampleSummary] = [:]
                    for (index, metric) in metrics.enumerated() {
                        summary[metric] = cells[((intent * weeks) + week) * metrics.count + index]
                    }
                    return summary
                }
            }
        }
        let overallSummaries = summaries(overall, slots: 1)[0]
        var verdicts: [Metric: Verdict] = [:]
        for metric in metrics {
            guard let target = setup.targets.target(for: metric), let summary = overallSummaries[metric] else { continue }
            verdicts[metric] = target.verdict(Interval(lower: summary.p05, upper: summary.p95))
        }
        return SimulationResult(
            scenario: setup.scenario, replications: replications, seed: setup.seed.entropy, weeks: setup.weeks,
            expectation: setup.expectation, targets: setup.targets, overall: overallSummaries,
            weekly: summaries(weekly, slots: setup.weeks), intents: intents.map { summaries($0, slots: setup.intentCount) },
            intentWeeks: intentWeekSummaries, reasons: reasonSummaries, verdicts: verdicts,
            probabilityMeetingTarget: meeting)
    }
}

/// A pointer that worker threads share, each touching its own part of the memory.
struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>
    init(_ pointer: UnsafeMutablePointer<Double>) { self.pointer = pointer }
}
