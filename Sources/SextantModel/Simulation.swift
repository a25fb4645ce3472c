import Dispatch
import SextantStats
import Synchronization

/// A metric a simulation reports.
public enum SimulatedMetric: String, CaseIterable, Hashable, Sendable {
    case contained
    case resolution
    case p0 = "P0"
    case p1 = "P1"
    case p2 = "P2"
    case any
    /// Share of all traffic (AI and human) resolved by the AI.
    case automation
}

/// What to simulate.
public struct SimulationOptions: Sendable {
    /// Replications (independent runs of the whole horizon).
    public var replications = 1000
    /// The master seed; nil uses the scenario's.
    public var seed: UInt64?
    /// The horizon in weeks; nil uses the scenario's.
    public var weeks: Int?
    /// Also simulate each intent over the whole horizon.
    public var perIntent = false
    /// Also simulate each intent in each week (the most expensive output).
    public var perIntentWeek = false
    /// Worker threads; nil uses every core. The results do not depend on it.
    public var threads: Int?
    /// Thresholds whose exceedance to count over the horizon: for each metric given, the share of
    /// replications in which it is at least the threshold (e.g. a target floor).
    public var thresholds: [SimulatedMetric: Double] = [:]

    public init() {}
}

/// A simulation's results: exact expectations beside the distribution of every metric over replications.
public struct SimulationResult: Sendable {
    public let scenario: Scenario
    public let replications: Int
    public let seed: UInt64
    public let weeks: Int
    /// Exact expectations at the parameters' point values.
    public let expectation: Expectation
    /// Each metric over the whole horizon (a metric with no data in any replication is absent).
    public let overall: [SimulatedMetric: SampleSummary]
    /// Each metric per week.
    public let weekly: [[SimulatedMetric: SampleSummary]]
    /// Each metric per intent over the horizon, when asked for.
    public let intents: [[SimulatedMetric: SampleSummary]]?
    /// Each metric per intent and week (`[intent][week]`), when asked for.
    public let intentWeeks: [[[SimulatedMetric: SampleSummary]]]?
    /// Each handoff reason's share of the handoff sessions over the horizon, in `HandoffReason.allCases` order.
    public let reasons: [SampleSummary?]
    /// For each threshold asked for, the share of replications (with data) in which the metric over
    /// the horizon reached it.
    public let reachedThreshold: [SimulatedMetric: Double]
}

/// Monte Carlo simulation of a scenario's session population with GSL's random variates.
///
/// Per replication, the uncertain parameters are drawn once (each from its distribution), then
/// each week's sessions are one multinomial draw over (human, AI tag class × severity set)
/// categories — the margin of the multinomial over (intent, leaf) pairs that the weekly metrics
/// need — never one draw per session. Reviewed sessions are a binomial thinning of each severity
/// set; handoff reasons split the help and follow-up counts multinomially. Per-intent outputs are
/// drawn from the (intent, leaf) multinomial itself, on streams of their own, so asking for them
/// leaves the weekly results unchanged.
///
/// Replication i draws from `SeedSequence(seed).child(i)` (parameters from its child 0, weekly
/// outcomes from child 1, per-intent outcomes from children 2 and 3), so the results are the same
/// for any number of threads.
public enum Simulation {
    /// Runs the simulation.
    ///
    /// - Parameters:
    ///   - scenario: the session population to simulate.
    ///   - options: replications, seed, horizon, outputs and threads.
    ///   - progress: called with the number of replications done, from worker threads.
    /// - Complexity: O(replications · (weeks · 25 + intents · epochs · 20)) random draws and tree
    ///   evaluations; per-intent outputs add O(intents · 32) draws per epoch (per week for
    ///   `perIntentWeek`).
    public static func run(
        _ scenario: Scenario, options: SimulationOptions = SimulationOptions(), progress: (@Sendable (Int) -> Void)? = nil
    ) -> SimulationResult {
        let plan = Plan(scenario, options)
        let replications = max(1, options.replications)
        let buffers = Buffers(plan: plan, replications: replications)
        let threads = max(1, options.threads ?? System.coreCount)
        let chunks = min(replications, threads * 8)
        let done = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = replications * chunk / chunks
            let end = replications * (chunk + 1) / chunks
            var worker = Worker(plan: plan)
            for replication in start..<end {
                worker.run(replication: replication, into: buffers)
            }
            let total = done.add(end - start, ordering: .relaxed).newValue
            progress?(total)
        }
        return buffers.result(plan: plan)
    }
}

/// Everything the replications share, computed once.
struct Plan: Sendable {
    let scenario: Scenario
    let seed: SeedSequence
    let weeks: Int
    let intentCount: Int
    let perIntent: Bool
    let perIntentWeek: Bool
    /// Sessions per week.
    let sessions: [Int]
    /// Epochs: ranges of weeks with the same parameters, as (first week, last week), 1-based.
    let epochs: [(Int, Int)]
    /// Per epoch and intent: the AI fraction of the intent's traffic times its share.
    let weights: [[Double]]
    /// Per intent: the flattened severity-set table of its split.
    let severitySets: [[Double]]
    /// Per intent: base parameter values (means) and which are uncertain.
    let means: [[Double]]
    let uncertain: [[(Int, UncertainProbability)]]
    let reviewRate: Double
    let expectation: Expectation
    let thresholds: [SimulatedMetric: Double]

    init(_ scenario: Scenario, _ options: SimulationOptions) {
        self.scenario = scenario
        seed = SeedSequence(entropy: options.seed ?? scenario.seed)
        weeks = max(1, options.weeks ?? scenario.weeks)
        intentCount = scenario.intents.count
        perIntent = options.perIntent
        perIntentWeek = options.perIntentWeek
        let horizon = max(1, options.weeks ?? scenario.weeks)
        sessions = (1...horizon).map(scenario.sessions(inWeek:))
        let starts = scenario.changeWeeks(horizon: horizon)
        let epochs = starts.enumerated().map { index, start in (start, index + 1 < starts.count ? starts[index + 1] - 1 : horizon)
        }
        self.epochs = epochs
        weights = epochs.map { epoch in
            scenario.intents.indices.map { scenario.intents[$0].share * scenario.aiFraction(intent: $0, week: epoch.0) }
        }
        severitySets = scenario.intents.map { LeafDistribution.severitySets($0.severity) }
        means = scenario.intents.map { intent in Parameter.allCases.map { intent.parameter($0).mean } }
        uncertain = scenario.intents.map { intent in
            Parameter.allCases.enumerated().compactMap { index, parameter in
                intent.parameter(parameter).isUncertain ? (index, intent.parameter(parameter)) : nil
            }
        }
        reviewRate = scenario.reviewRate
        expectation = Expectation(scenario, weeks: horizon)
        thresholds = options.thresholds
    }

    /// The number of (human + AI) categories of the compiled mixture.
    static let categories = 1 + LeafDistribution.categoryCount
    /// An AI session's categories in a draw: three unreviewed tag classes, then reviewed (tag, set) pairs.
    static let drawCategories = TagClass.allCases.count + LeafDistribution.categoryCount
}

/// Shared result storage: each replication writes its own slots, so workers never touch the same
/// memory. Layout: `[slot][replication]`.
final class Buffers: @unchecked Sendable {
    let replications: Int
    let metrics = SimulatedMetric.allCases.count
    let overall: UnsafeMutablePointer<Double>
    let weekly: UnsafeMutablePointer<Double>
    let reasons: UnsafeMutablePointer<Double>
    let intents: UnsafeMutablePointer<Double>?
    let intentWeeks: UnsafeMutablePointer<Double>?
    let weeks: Int
    let intentCount: Int

    init(plan: Plan, replications: Int) {
        self.replications = replications
        weeks = plan.weeks
        intentCount = plan.intentCount
        overall = .allocate(capacity: metrics * replications)
        weekly = .allocate(capacity: metrics * plan.weeks * replications)
        reasons = .allocate(capacity: HandoffReason.allCases.count * replications)
        intents = plan.perIntent ? .allocate(capacity: metrics * plan.intentCount * replications) : nil
        intentWeeks = plan.perIntentWeek ? .allocate(capacity: metrics * plan.intentCount * plan.weeks * replications) : nil
    }

    deinit {
        overall.deallocate()
        weekly.deallocate()
        reasons.deallocate()
        intents?.deallocate()
        intentWeeks?.deallocate()
    }

    /// Writes the metrics of one set of counts into `slot` (a slot holds all seven metrics).
    @inline(__always)
    func store(_ counts: Counts, in buffer: UnsafeMutablePointer<Double>, slot: Int, replication: Int) {
        for metric in 0..<metrics {
            buffer[(slot * metrics + metric) * replications + replication] = counts.rate(metric)
        }
    }

    func result(plan: Plan) -> SimulationResult {
        func summaries(_ buffer: UnsafeMutablePointer<Double>, slots: Int) -> [[SimulatedMetric: SampleSummary]] {
            let out = SummaryTable(slots: slots)
            let source = SendablePointer(buffer)
            DispatchQueue.concurrentPerform(iterations: slots) { slot in
                var summary: [SimulatedMetric: SampleSummary] = [:]
                for (index, metric) in SimulatedMetric.allCases.enumerated() {
                    let start = source.pointer + (slot * SimulatedMetric.allCases.count + index) * self.replications
                    summary[metric] = SampleSummary(sorting: UnsafeMutableBufferPointer(start: start, count: self.replications))
                }
                out.set(slot, summary)
            }
            return out.values
        }
        // Threshold shares first: summarising sorts the buffers.
        var reached: [SimulatedMetric: Double] = [:]
        for (metric, threshold) in plan.thresholds {
            guard let index = SimulatedMetric.allCases.firstIndex(of: metric) else { continue }
            let values = UnsafeBufferPointer(start: overall + index * replications, count: replications).filter { !$0.isNaN }
            if !values.isEmpty { reached[metric] = Double(values.filter { $0 >= threshold }.count) / Double(values.count) }
        }
        let reasonSummaries = HandoffReason.allCases.indices.map {
            SampleSummary(sorting: UnsafeMutableBufferPointer(start: reasons + $0 * replications, count: replications))
        }
        var intentWeekSummaries: [[[SimulatedMetric: SampleSummary]]]?
        if let intentWeeks {
            let flat = summaries(intentWeeks, slots: intentCount * weeks)
            intentWeekSummaries = (0..<intentCount).map { Array(flat[($0 * weeks)..<(($0 + 1) * weeks)]) }
        }
        return SimulationResult(
            scenario: plan.scenario, replications: replications, seed: plan.seed.entropy, weeks: weeks,
            expectation: plan.expectation, overall: summaries(overall, slots: 1)[0], weekly: summaries(weekly, slots: weeks),
            intents: intents.map { summaries($0, slots: intentCount) }, intentWeeks: intentWeekSummaries,
            reasons: reasonSummaries,
            reachedThreshold: reached)
    }
}

/// A pointer that worker threads share, each touching its own part of the memory.
struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>
    init(_ pointer: UnsafeMutablePointer<Double>) { self.pointer = pointer }
}

/// Summaries filled in by several threads, one slot each.
final class SummaryTable: Sendable {
    private let storage: Mutex<[[SimulatedMetric: SampleSummary]]>

    init(slots: Int) { storage = Mutex(Array(repeating: [:], count: slots)) }

    func set(_ slot: Int, _ summary: [SimulatedMetric: SampleSummary]) { storage.withLock { $0[slot] = summary } }

    var values: [[SimulatedMetric: SampleSummary]] { storage.withLock { $0 } }
}

/// Counts of one set of sessions in one replication.
struct Counts {
    var sessions = 0
    var ai = 0
    var help = 0
    var followUp = 0
    var reviewed = 0
    var issues = (0, 0, 0, 0)  // P0, P1, P2, any

    mutating func add(_ other: Counts) {
        sessions += other.sessions
        ai += other.ai
        help += other.help
        followUp += other.followUp
        reviewed += other.reviewed
        issues = (issues.0 + other.issues.0, issues.1 + other.issues.1, issues.2 + other.issues.2, issues.3 + other.issues.3)
    }

    /// Metric `index` (in `SimulatedMetric.allCases` order); NaN where there is no data.
    @inline(__always)
    func rate(_ index: Int) -> Double {
        let ai = Double(self.ai)
        let reviewed = Double(self.reviewed)
        switch index {
        case 0: return ai > 0 ? (ai - Double(help)) / ai : .nan
        case 1: return ai > 0 ? Double(self.ai - help - followUp) / ai : .nan
        case 2: return reviewed > 0 ? Double(issues.0) / reviewed : .nan
        case 3: return reviewed > 0 ? Double(issues.1) / reviewed : .nan
        case 4: return reviewed > 0 ? Double(issues.2) / reviewed : .nan
        case 5: return reviewed > 0 ? Double(issues.3) / reviewed : .nan
        default: return sessions > 0 ? Double(self.ai - help - followUp) / Double(sessions) : .nan
        }
    }
}

/// One thread's scratch space, reused across its replications.
struct Worker {
    let plan: Plan
    private var values: [Double]  // [intent][parameter], this replication's draw
    private var epochValues: [Double]
    private var leaves: [Double]  // [intent][24] for per-intent outputs
    private var mixture: [Double]  // [25]: human, then the AI categories
    private var drawWeights: [Double]  // [1 + 27]: human, then Plan.drawCategories
    private var reasons: [Double]  // [6]
    private var scratchReasons: [Double]
    private var counts: [UInt32] = []
    private var split: [UInt32] = []
    private var helpReasons = [Double](repeating: 0, count: 3)
    private var followUpReasons = [Double](repeating: 0, count: 3)
    private var intentWeights: [Double] = []

    init(plan: Plan) {
        self.plan = plan
        let parameters = Parameter.allCases.count
        values = [Double](repeating: 0, count: plan.intentCount * parameters)
        epochValues = values
        leaves = [Double](repeating: 0, count: plan.intentCount * LeafDistribution.categoryCount)
        mixture = [Double](repeating: 0, count: Plan.categories)
        drawWeights = [Double](repeating: 0, count: 1 + Plan.drawCategories)
        reasons = [Double](repeating: 0, count: HandoffReason.allCases.count)
        scratchReasons = reasons
    }

    mutating func run(replication: Int, into buffers: Buffers) {
        let seeds = plan.seed.child(UInt32(truncatingIfNeeded: replication))
        var parameters = RandomStream(seed: seeds.child(0))
        drawParameters(&parameters)
        var weekly = RandomStream(seed: seeds.child(1))
        var horizon = Counts()
        var reasonTotals = [Int](repeating: 0, count: HandoffReason.allCases.count)
        var intentStream = plan.perIntent ? RandomStream(seed: seeds.child(2)) : nil
        var intentWeekStream = plan.perIntentWeek ? RandomStream(seed: seeds.child(3)) : nil
        var intentTotals = [Counts](repeating: Counts(), count: plan.perIntent ? plan.intentCount : 0)

        for (epochIndex, (first, last)) in plan.epochs.enumerated() {
            applyImprovements(week: first)
            let needLeaves = plan.perIntent || plan.perIntentWeek
            compileMixture(epoch: epochIndex, keepLeaves: needLeaves)
            for week in first...last {
                let counts = drawWeek(sessions: plan.sessions[week - 1], stream: &weekly, reasonTotals: &reasonTotals)
                buffers.store(counts, in: buffers.weekly, slot: week - 1, replication: replication)
                horizon.add(counts)
                if intentWeekStream != nil, let buffer = buffers.intentWeeks {
                    let perIntent = drawIntents(sessions: plan.sessions[week - 1], epoch: epochIndex, stream: &intentWeekStream!)
                    for (intent, counts) in perIntent.enumerated() {
                        buffers.store(counts, in: buffer, slot: intent * plan.weeks + week - 1, replication: replication)
                    }
                }
            }
            if intentStream != nil {
                let total = plan.sessions[(first - 1)..<last].reduce(0, +)
                let perIntent = drawIntents(sessions: total, epoch: epochIndex, stream: &intentStream!)
                for intent in perIntent.indices { intentTotals[intent].add(perIntent[intent]) }
            }
        }
        buffers.store(horizon, in: buffers.overall, slot: 0, replication: replication)
        let handoffs = reasonTotals.reduce(0, +)
        for index in reasonTotals.indices {
            buffers.reasons[index * buffers.replications + replication] =
                handoffs > 0 ? Double(reasonTotals[index]) / Double(handoffs) : .nan
        }
        if let buffer = buffers.intents {
            for (intent, counts) in intentTotals.enumerated() {
                buffers.store(counts, in: buffer, slot: intent, replication: replication)
            }
        }
    }

    /// Draws this replication's uncertain parameters.
    private mutating func drawParameters(_ stream: inout RandomStream) {
        let count = Parameter.allCases.count
        for intent in 0..<plan.intentCount {
            for p in 0..<count { values[intent * count + p] = plan.means[intent][p] }
            for (p, distribution) in plan.uncertain[intent] {
                values[intent * count + p] = distribution.draw(&stream)
            }
        }
    }

    /// The parameters in force from `week`: the draw with every improvement up to it applied.
    private mutating func applyImprovements(week: Int) {
        epochValues = values
        let count = Parameter.allCases.count
        for improvement in plan.scenario.improvements where improvement.week <= week {
            let p = Parameter.index(improvement.parameter)
            for intent in 0..<plan.intentCount
            where improvement.intent == nil || improvement.intent == plan.scenario.intents[intent].name {
                epochValues[intent * count + p] = improvement.applied(to: epochValues[intent * count + p])
            }
        }
    }

    /// The weekly category weights (human first) and reason weights of an epoch; with
    /// `keepLeaves`, each intent's own leaf probabilities too.
    private mutating func compileMixture(epoch: Int, keepLeaves: Bool) {
        let weights = plan.weights[epoch]
        let count = Parameter.allCases.count
        let categoryCount = LeafDistribution.categoryCount
        for i in mixture.indices { mixture[i] = 0 }
        for i in reasons.indices { reasons[i] = 0 }
        mixture[0] = max(0, 1 - weights.reduce(0, +))
        epochValues.withUnsafeBufferPointer { values in
            mixture.withUnsafeMutableBufferPointer { mixture in
                reasons.withUnsafeMutableBufferPointer { reasons in
                    leaves.withUnsafeMutableBufferPointer { leaves in
                        scratchReasons.withUnsafeMutableBufferPointer { scratch in
                            for intent in 0..<plan.intentCount where weights[intent] > 0 || keepLeaves {
                                let point = values.baseAddress! + intent * count
                                plan.severitySets[intent].withUnsafeBufferPointer { sets in
                                    guard keepLeaves else {
                                        LeafDistribution.accumulate(
                                            point, sets: sets.baseAddress!, weight: weights[intent],
                                            categories: mixture.baseAddress! + 1,
                                            reasons: reasons.baseAddress!)
                                        return
                                    }
                                    let leaf = leaves.baseAddress! + intent * categoryCount
                                    for i in 0..<categoryCount { leaf[i] = 0 }
                                    for i in 0..<scratch.count { scratch[i] = 0 }
                                    LeafDistribution.accumulate(
                                        point, sets: sets.baseAddress!, weight: 1, categories: leaf, reasons: scratch.baseAddress!
                                    )
                                    for i in 0..<categoryCount { mixture[1 + i] += weights[intent] * leaf[i] }
                                    for i in 0..<scratch.count { reasons[i] += weights[intent] * scratch[i] }
                                }
                            }
                        }
                    }
                }
            }
        }
        for i in 0..<3 {
            helpReasons[i] = reasons[i]
            followUpReasons[i] = reasons[3 + i]
        }
        drawWeights[0] = mixture[0]
        mixture.withUnsafeBufferPointer { mixture in
            drawWeights.withUnsafeMutableBufferPointer { weights in
                Self.fillDrawWeights(
                    leaf: mixture.baseAddress! + 1, weight: 1, reviewRate: plan.reviewRate, into: weights.baseAddress! + 1)
            }
        }
    }

    /// An AI category's weight in a draw: each session is reviewed independently with the review
    /// rate, so (unreviewed, tag) gets (1 − r)·P(tag) and (reviewed, tag, set) gets r·P(tag, set) —
    /// the week's multinomial with review as one more margin, drawn at once.
    @inline(__always)
    private static func fillDrawWeights(
        leaf: UnsafePointer<Double>, weight: Double, reviewRate r: Double, into out: UnsafeMutablePointer<Double>
    ) {
        let setCount = LeafDistribution.setCount
        let tags = TagClass.allCases.count
        for tag in 0..<tags {
            var total = 0.0
            for set in 0..<setCount {
                let p = leaf[tag * setCount + set]
                total += p
                out[tags + tag * setCount + set] = weight * r * p
            }
            out[tag] = weight * (1 - r) * total
        }
    }

    /// The counts of one AI block of a draw (``Plan/drawCategories`` entries from `offset`).
    @inline(__always)
    private static func counts<Count: BinaryInteger>(_ drawn: [Count], offset: Int) -> Counts {
        let setCount = LeafDistribution.setCount
        let tags = TagClass.allCases.count
        var result = Counts()
        result.followUp = Int(drawn[offset + TagClass.followUp.rawValue])
        result.help = Int(drawn[offset + TagClass.help.rawValue])
        result.ai = Int(drawn[offset]) + result.followUp + result.help
        for tag in 0..<tags {
            for set in 0..<setCount {
                let count = Int(drawn[offset + tags + tag * setCount + set])
                guard count > 0 else { continue }
                result.ai += count
                if tag == TagClass.followUp.rawValue { result.followUp += count }
                if tag == TagClass.help.rawValue { result.help += count }
                result.reviewed += count
                if set & 1 != 0 { result.issues.0 += count }
                if set & 2 != 0 { result.issues.1 += count }
                if set & 4 != 0 { result.issues.2 += count }
                if set != 0 { result.issues.3 += count }
            }
        }
        return result
    }

    /// One week: one multinomial over (human, AI tag × review × severity set), then the reason splits.
    private mutating func drawWeek(sessions: Int, stream: inout RandomStream, reasonTotals: inout [Int]) -> Counts {
        stream.multinomial(trials: sessions, weights: drawWeights, into: &counts)
        var result = Self.counts(counts, offset: 1)
        result.sessions = sessions
        splitReasons(help: result.help, followUp: result.followUp, stream: &stream, totals: &reasonTotals)
        return result
    }

    /// Splits the help and follow-up sessions over their reasons.
    private mutating func splitReasons(help: Int, followUp: Int, stream: inout RandomStream, totals: inout [Int]) {
        if help > 0 {
            stream.multinomial(trials: help, weights: helpReasons, into: &split)
            for i in 0..<3 { totals[i] += Int(split[i]) }
        }
        if followUp > 0 {
            stream.multinomial(trials: followUp, weights: followUpReasons, into: &split)
            for i in 0..<3 { totals[3 + i] += Int(split[i]) }
        }
    }

    /// Per-intent counts: the multinomial of `sessions` over (intent × (human, AI category)), so
    /// that each intent's rates are over its own AI sessions and its automation over its own traffic.
    private mutating func drawIntents(sessions: Int, epoch: Int, stream: inout RandomStream) -> [Counts] {
        let weights = plan.weights[epoch]
        let block = 1 + Plan.drawCategories
        intentWeights = [Double](repeating: 0, count: plan.intentCount * block)
        leaves.withUnsafeBufferPointer { leaves in
            intentWeights.withUnsafeMutableBufferPointer { out in
                for intent in 0..<plan.intentCount {
                    out[intent * block] = max(0, plan.scenario.intents[intent].share - weights[intent])
                    guard weights[intent] > 0 else { continue }
                    Self.fillDrawWeights(
                        leaf: leaves.baseAddress! + intent * LeafDistribution.categoryCount, weight: weights[intent],
                        reviewRate: plan.reviewRate, into: out.baseAddress! + intent * block + 1)
                }
            }
        }
        var all: [Int] = []
        stream.multinomial(trials: sessions, weights: intentWeights, into: &all)
        return (0..<plan.intentCount).map { intent in
            var result = Self.counts(all, offset: intent * block + 1)
            result.sessions = all[intent * block] + result.ai
            return result
        }
    }
}

/// The machine.
enum System {
    /// Cores available to this process.
    static var coreCount: Int {
        #if canImport(Glibc)
            return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
            return 1
        #endif
    }
}

#if canImport(Glibc)
    import Glibc
#endif
