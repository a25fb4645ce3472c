import Dispatch
import SextantStats

/// A scenario laid out for exact expectations over its whole horizon at many parameter points:
/// the engine behind ``LeverRanking`` and ``TargetSearch``.
///
/// Every metric over the horizon is a weighted sum, over epochs (runs of weeks with the same
/// stage and improvements) and intents, of the intent's exact rates in that epoch: the contained,
/// resolution and issue rates weight each term by its expected AI sessions and divide by all AI
/// sessions of the horizon; automation divides the same resolved sessions by all traffic. This is
/// ``Expectation``'s pooling, written as sums: changing one intent's parameter changes only that
/// intent's terms, and the denominators do not depend on the parameters (only on the Auto-Pilot
/// switch).
struct HorizonModel: Sendable {
    /// The scenario's horizon, epochs, weights, means and uncertain parameters.
    let setup: SimulationSetup
    /// The number of intents.
    let intentCount: Int
    /// The number of epochs.
    let epochCount: Int
    /// Expected AI sessions of intent i in epoch e, at `[e * intentCount + i]`.
    let aiSessions: [Double]
    /// The same were the intent on Auto-Pilot in every stage: its share of the traffic times the
    /// stage's AI share.
    let autopilotSessions: [Double]
    /// Expected AI sessions over the horizon: the denominator of every rate but automation.
    let totalAI: Double
    /// All sessions over the horizon: automation's denominator.
    let totalSessions: Double
    /// Per epoch and intent (`[e * intentCount + i]`): the planned improvements in force, as
    /// (parameter index, improvement), in the order they apply.
    let improvements: [[(Int, Improvement)]]
    /// Per intent: P(severity set | m issues), rows of 8 for m = 0…4 (40 values an intent).
    let severitySets: [Double]
    /// Whether any parameter of any intent is uncertain.
    let isUncertain: Bool

    static let parameterCount = Parameter.allCases.count
    static let setRows = 5 * LeafDistribution.setCount

    /// Lays out `scenario` over its own horizon, with draws from `seed`.
    init(_ scenario: Scenario, seed: UInt64, threads: Int?) {
        var options = SimulationOptions()
        options.seed = seed
        options.threads = threads
        setup = SimulationSetup(scenario, options: options)
        intentCount = scenario.intents.count
        epochCount = setup.epochs.count
        var ai: [Double] = []
        var on: [Double] = []
        var improvements: [[(Int, Improvement)]] = []
        for (e, epoch) in setup.epochs.enumerated() {
            let sessions = Double(setup.sessions[(epoch.first - 1)..<epoch.last].reduce(0, +))
            let stageShare = scenario.stage(inWeek: epoch.first)?.aiShare ?? 1
            for (i, intent) in scenario.intents.enumerated() {
                ai.append(sessions * setup.weights[e][i])
                on.append(sessions * intent.share * stageShare)
                improvements.append(
                    setup.steps[e].filter { $0.intent == i }.map { (Parameter.index($0.parameter), $0.improvement) })
            }
        }
        aiSessions = ai
        autopilotSessions = on
        self.improvements = improvements
        totalAI = ai.reduce(0, +)
        totalSessions = Double(setup.sessions.reduce(0, +))
        severitySets = scenario.intents.flatMap { LeafDistribution.severitySets($0.severity) }
        isUncertain = setup.uncertain.contains { !$0.isEmpty }
    }

    /// Whether intent `intent` reaches the AI in some week of the horizon.
    func reachesAI(_ intent: Int) -> Bool {
        (0..<epochCount).contains { aiSessions[$0 * intentCount + intent] > 0 }
    }

    /// The parameters of draw `index`, `[intent * parameterCount + parameter]`: each distribution's
    /// mean, every uncertain parameter drawn from `SeedSequence(seed).child(index).child(0)` intent
    /// by intent in `Parameter.allCases` order — the draws of replication `index` of a
    /// ``Simulation`` with the same seed.
    func parameters(draw index: Int) -> [Double] {
        var values = setup.means
        guard isUncertain else { return values }
        var stream = RandomStream(seed: setup.seed.child(UInt32(truncatingIfNeeded: index)).child(0))
        for intent in 0..<intentCount {
            for (parameter, distribution) in setup.uncertain[intent] {
                values[intent * Self.parameterCount + parameter] = distribution.draw(&stream)
            }
        }
        return values
    }

    /// The parameters in force for every (epoch, intent), `[(e * intentCount + i) * parameterCount + p]`:
    /// `base` with each epoch's planned improvements applied.
    func inForce(_ base: [Double]) -> [Double] {
        var values = [Double](repeating: 0, count: epochCount * intentCount * Self.parameterCount)
        for e in 0..<epochCount {
            for i in 0..<intentCount {
                let offset = (e * intentCount + i) * Self.parameterCount
                for p in 0..<Self.parameterCount { values[offset + p] = base[i * Self.parameterCount + p] }
                for (p, improvement) in improvements[e * intentCount + i] {
                    values[offset + p] = improvement.applied(to: values[offset + p])
                }
            }
        }
        return values
    }

    /// The exact rates of one AI session of intent `intent` at parameter values `values` (in
    /// `Parameter.allCases` order), as lanes 0–5 of a vector: contained, resolution, P0, P1, P2,
    /// any issue (lanes 6 and 7 are 0).
    func rates(intent: Int, values: UnsafePointer<Double>) -> SIMD8<Double> {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 32) { buffer in
            let leaves = buffer.baseAddress!
            leaves.update(repeating: 0, count: 32)
            severitySets.withUnsafeBufferPointer { sets in
                LeafDistribution.accumulate(
                    values, sets: sets.baseAddress! + intent * Self.setRows, weight: 1, categories: leaves,
                    reasons: leaves + LeafDistribution.categoryCount)
            }
            let setCount = LeafDistribution.setCount
            var help = 0.0
            var followUp = 0.0
            var severities = SIMD8<Double>()
            for set in 0..<setCount {
                let followUpLeaf = leaves[TagClass.followUp.rawValue * setCount + set]
                let helpLeaf = leaves[TagClass.help.rawValue * setCount + set]
                help += helpLeaf
                followUp += followUpLeaf
                let p = leaves[set] + followUpLeaf + helpLeaf
                // Lanes 2, 3, 4 hold P0, P1, P2: the set's bits 1, 2, 4 (LeafDistribution.bit).
                for bit in 0..<3 where set & (1 << bit) != 0 { severities[2 + bit] += p }
                if set == 0 { severities[5] = 1 - p }
            }
            severities[0] = 1 - help
            severities[1] = 1 - help - followUp
            return severities
        }
    }

    /// The rates of intent `intent` at `values[offset..<offset + parameterCount]`.
    func rates(intent: Int, values: [Double], offset: Int) -> SIMD8<Double> {
        values.withUnsafeBufferPointer { rates(intent: intent, values: $0.baseAddress! + offset) }
    }

    /// The lane of a metric's numerator (automation shares the resolution lane).
    static func lane(_ metric: Metric) -> Int {
        switch metric {
        case .contained: 0
        case .resolution, .automation: 1
        case .p0: 2
        case .p1: 3
        case .p2: 4
        case .any: 5
        }
    }

    /// A metric over the horizon from the session-weighted sums of rates `sums` and the AI sessions
    /// `ai` they are over: NaN when no session reaches the AI.
    func value(_ metric: Metric, sums: SIMD8<Double>, ai: Double) -> Double {
        if metric == .automation { return totalSessions > 0 ? sums[1] / totalSessions : .nan }
        return ai > 0 ? sums[Self.lane(metric)] / ai : .nan
    }

    /// Runs `body` over `0..<count` split into fixed chunks, on `threads` threads (one: in order on
    /// this thread). Each index must write only its own results, so the outcome does not depend
    /// on the number of threads.
    static func forEachChunk(count: Int, threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
        guard threads > 1, count > 1 else {
            body(0..<count)
            return
        }
        let chunks = min(count, threads * 8)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            body((count * chunk / chunks)..<(count * (chunk + 1) / chunks))
        }
    }
}

/// Doubles stored per (slot, draw) by concurrent workers, each writing only its own draws:
/// `[slot * draws + draw]`.
final class DrawTable: @unchecked Sendable {
    let slots: Int
    let draws: Int
    private let storage: UnsafeMutableBufferPointer<Double>

    init(slots: Int, draws: Int) {
        self.slots = slots
        self.draws = draws
        storage = .allocate(capacity: max(1, slots * draws))
        storage.initialize(repeating: .nan)
    }

    deinit { storage.deallocate() }

    subscript(slot: Int, draw: Int) -> Double {
        get { storage[slot * draws + draw] }
        set { storage[slot * draws + draw] = newValue }
    }

    /// Every slot's ``summary(_:)``, slots split over `threads` threads.
    func summaries(threads: Int) -> [(SampleSummary, positive: Double)?] {
        let results = UnsafeMutableBufferPointer<(SampleSummary, positive: Double)?>.allocate(capacity: slots)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        nonisolated(unsafe) let shared = results
        HorizonModel.forEachChunk(count: slots, threads: threads) { range in
            for slot in range { shared[slot] = self.summary(slot) }
        }
        return Array(results)
    }

    /// The distribution of a slot's values over the draws (NaNs ignored), with the share of them
    /// above 0; nil when every value is NaN. Reorders the slot's values.
    func summary(_ slot: Int) -> (SampleSummary, positive: Double)? {
        let values = UnsafeMutableBufferPointer(rebasing: storage[(slot * draws)..<((slot + 1) * draws)])
        var positive = 0
        var count = 0
        for value in values where !value.isNaN {
            count += 1
            if value > 0 { positive += 1 }
        }
        guard count > 0, let summary = SampleSummary(sorting: values) else { return nil }
        return (summary, Double(positive) / Double(count))
    }
}
