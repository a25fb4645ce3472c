import SextantStats

/// One thread's engine: draws replications one after another, reusing its scratch space.
///
/// Per replication it draws the uncertain parameters, then per epoch (a run of weeks with the same
/// parameters) compiles every intent's session tree into one mixture of (tag class × severity set)
/// categories, and per week draws the week's sessions as one multinomial over them.
///
/// A worker belongs to one thread, so its scratch properties opt out of the run-time exclusivity
/// checks (`@exclusivity(unchecked)`), which would otherwise cost a thread-local look-up per access
/// on the hot path.
final class SimulationWorker {
    private let setup: SimulationSetup
    private let intentCount: Int
    /// Per intent: P(severity set | m issues), rows of 8 for m = 0…4.
    private let severitySets: UnsafeMutableBufferPointer<Double>
    /// Per intent: its own leaf probabilities (24), for per-intent outputs.
    private let leaves: UnsafeMutableBufferPointer<Double>
    /// Per intent: P(reason) of one of its AI sessions (6), for per-intent outputs.
    private let intentReasons: UnsafeMutableBufferPointer<Double>
    /// This epoch's parameters: the draw with the improvements in force applied.
    private let epochValues: UnsafeMutableBufferPointer<Double>
    /// The AI mixture's leaf probabilities (24).
    private let mixture: UnsafeMutableBufferPointer<Double>
    /// The AI mixture's P(reason) (6).
    private let reasons: UnsafeMutableBufferPointer<Double>
    /// The weekly draw's weights: human, then ``drawCategories`` AI categories.
    @exclusivity(unchecked) private var drawWeights: [Double]
    @exclusivity(unchecked) private var helpReasons = [Double](repeating: 0, count: 3)
    @exclusivity(unchecked) private var followUpReasons = [Double](repeating: 0, count: 3)
    @exclusivity(unchecked) private var intentWeights: [Double]
    /// Per intent: the reason weights of its help and follow-up sessions (3 each).
    @exclusivity(unchecked) private var intentHelpReasons: [[Double]]
    @exclusivity(unchecked) private var intentFollowUpReasons: [[Double]]
    @exclusivity(unchecked) private var counts: [UInt32] = []
    @exclusivity(unchecked) private var intentCounts: [Int] = []
    @exclusivity(unchecked) private var split: [UInt32] = []
    @exclusivity(unchecked) private var weeks: [SimulatedCounts]
    @exclusivity(unchecked) private var expected: [ExpectedRates]
    @exclusivity(unchecked) private var intentTotals: [SimulatedCounts]
    @exclusivity(unchecked) private var intentWeeks: [SimulatedCounts]

    /// An AI session's categories in a draw: three unreviewed tag classes, then reviewed (tag, set) pairs.
    static let drawCategories = TagClass.allCases.count + LeafDistribution.categoryCount
    private static let setRows = 5 * LeafDistribution.setCount
    private static let reasonCount = HandoffReason.allCases.count
    private static let parameterCount = Parameter.allCases.count

    init(_ setup: SimulationSetup) {
        self.setup = setup
        intentCount = setup.intentCount
        severitySets = .allocate(capacity: intentCount * Self.setRows)
        for (intent, spec) in setup.scenario.intents.enumerated() {
            let sets = LeafDistribution.severitySets(spec.severity)
            for i in 0..<Self.setRows { severitySets[intent * Self.setRows + i] = sets[i] }
        }
        leaves = .allocate(capacity: intentCount * LeafDistribution.categoryCount)
        epochValues = .allocate(capacity: intentCount * Self.parameterCount)
        intentReasons = .allocate(capacity: intentCount * Self.reasonCount)
        mixture = .allocate(capacity: LeafDistribution.categoryCount)
        reasons = .allocate(capacity: Self.reasonCount)
        drawWeights = [Double](repeating: 0, count: 1 + Self.drawCategories)
        intentWeights = [Double](repeating: 0, count: intentCount * (1 + Self.drawCategories))
        intentHelpReasons = [[Double]](repeating: [0, 0, 0], count: intentCount)
        intentFollowUpReasons = intentHelpReasons
        weeks = [SimulatedCounts](repeating: SimulatedCounts(), count: setup.weeks)
        expected = [ExpectedRates](repeating: ExpectedRates(), count: setup.weeks)
        intentTotals = [SimulatedCounts](repeating: SimulatedCounts(), count: setup.perIntent ? intentCount : 0)
        intentWeeks = [SimulatedCounts](repeating: SimulatedCounts(), count: setup.perIntentWeek ? intentCount * setup.weeks : 0)
    }

    deinit {
        severitySets.deallocate()
        leaves.deallocate()
        epochValues.deallocate()
        intentReasons.deallocate()
        mixture.deallocate()
        reasons.deallocate()
    }

    /// Draws replication `replication` from its own streams.
    func run(replication: Int) -> ReplicationRun {
        let seeds = setup.seed.child(UInt32(truncatingIfNeeded: replication))
        var parameterStream = RandomStream(seed: seeds.child(0))
        let drawn = drawParameters(&parameterStream)
        var weekly = RandomStream(seed: seeds.child(1))
        var total = SimulatedCounts()
        var intentStream = setup.perIntent ? RandomStream(seed: seeds.child(2)) : nil
        var intentWeekStream = setup.perIntentWeek ? RandomStream(seed: seeds.child(3)) : nil
        var intentReasonStream = setup.perIntent && setup.perIntentReasons ? RandomStream(seed: seeds.child(4)) : nil
        var intentWeekReasonStream = setup.perIntentWeek && setup.perIntentReasons ? RandomStream(seed: seeds.child(5)) : nil
        for i in intentTotals.indices { intentTotals[i] = SimulatedCounts() }

        for (epochIndex, epoch) in setup.epochs.enumerated() {
            applyImprovements(drawn, epoch: epochIndex)
            compileMixture(epoch: epochIndex)
            let rates = ExpectedRates(mixture: UnsafeBufferPointer(mixture))
            for week in epoch.first...epoch.last {
                expected[week - 1] = rates
                let counts = drawWeek(sessions: setup.sessions[week - 1], stream: &weekly)
                weeks[week - 1] = counts
                total.add(counts)
                if intentWeekStream != nil {
                    drawIntents(
                        sessions: setup.sessions[week - 1], epoch: epochIndex, stream: &intentWeekStream!,
                        reasonStream: &intentWeekReasonStream
                    ) { intent, counts in
                        self.intentWeeks[intent * self.setup.weeks + week - 1] = counts
                    }
                }
            }
            if intentStream != nil {
                let sessions = setup.sessions[(epoch.first - 1)..<epoch.last].reduce(0, +)
                drawIntents(sessions: sessions, epoch: epochIndex, stream: &intentStream!, reasonStream: &intentReasonStream) {
                    intent, counts in self.intentTotals[intent].add(counts)
                }
            }
        }
        return ReplicationRun(
            replication: replication, parameters: ParameterDraw(values: drawn), weeks: weeks, expected: expected, total: total,
            intents: setup.perIntent ? intentTotals : nil, intentWeeks: setup.perIntentWeek ? intentWeeks : nil)
    }

    /// This replication's parameters: the means, with every uncertain one drawn (intent by intent,
    /// in `Parameter.allCases` order).
    private func drawParameters(_ stream: inout RandomStream) -> [Double] {
        var values = setup.means
        for intent in 0..<intentCount {
            for (parameter, distribution) in setup.uncertain[intent] {
                values[intent * Self.parameterCount + parameter] = distribution.draw(&stream)
            }
        }
        return values
    }

    /// Sets ``epochValues`` to `drawn` with the epoch's improvements applied
    /// (``Scenario/improvementSteps(inWeek:)``).
    private func applyImprovements(_ drawn: [Double], epoch: Int) {
        _ = epochValues.update(fromContentsOf: drawn)
        for step in setup.steps[epoch] {
            let index = step.intent * Self.parameterCount + Parameter.index(step.parameter)
            epochValues[index] = step.improvement.applied(to: epochValues[index])
        }
    }

    /// The weekly category weights (human first) and reason weights of an epoch; with
    /// per-intent outputs, each intent's own leaf and reason probabilities too.
    private func compileMixture(epoch: Int) {
        let weights = setup.weights[epoch]
        let keepLeaves = setup.perIntent || setup.perIntentWeek
        let categoryCount = LeafDistribution.categoryCount
        mixture.update(repeating: 0)
        reasons.update(repeating: 0)
        for intent in 0..<intentCount where weights[intent] > 0 || keepLeaves {
            let sets = UnsafePointer(severitySets.baseAddress! + intent * Self.setRows)
            let values = UnsafePointer(epochValues.baseAddress! + intent * Self.parameterCount)
            guard keepLeaves else {
                LeafDistribution.accumulate(
                    values, sets: sets, weight: weights[intent], categories: mixture.baseAddress!, reasons: reasons.baseAddress!)
                continue
            }
            let leaf = leaves.baseAddress! + intent * categoryCount
            let reason = intentReasons.baseAddress! + intent * Self.reasonCount
            leaf.update(repeating: 0, count: categoryCount)
            reason.update(repeating: 0, count: Self.reasonCount)
            LeafDistribution.accumulate(values, sets: sets, weight: 1, categories: leaf, reasons: reason)
            for i in 0..<categoryCount { mixture[i] += weights[intent] * leaf[i] }
            for i in 0..<Self.reasonCount { reasons[i] += weights[intent] * reason[i] }
            for i in 0..<3 {
                intentHelpReasons[intent][i] = reason[i]
                intentFollowUpReasons[intent][i] = reason[3 + i]
            }
        }
        for i in 0..<3 {
            helpReasons[i] = reasons[i]
            followUpReasons[i] = reasons[3 + i]
        }
        drawWeights[0] = max(0, 1 - weights.reduce(0, +))
        drawWeights.withUnsafeMutableBufferPointer { out in
            Self.fillDrawWeights(
                leaf: mixture.baseAddress!, weight: 1, reviewRate: setup.scenario.reviewRate, into: out.baseAddress! + 1)
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

    /// The AI counts of one block of a draw (``drawCategories`` entries from `offset`).
    @inline(__always)
    private static func tally<Count: BinaryInteger>(_ drawn: [Count], offset: Int) -> Tally {
        let setCount = LeafDistribution.setCount
        let tags = TagClass.allCases.count
        var followUp = Int(drawn[offset + TagClass.followUp.rawValue])
        var help = Int(drawn[offset + TagClass.help.rawValue])
        var result = Tally()
        result.sessions = Int(drawn[offset]) + followUp + help
        for tag in 0..<tags {
            for set in 0..<setCount {
                let count = Int(drawn[offset + tags + tag * setCount + set])
                guard count > 0 else { continue }
                result.sessions += count
                if tag == TagClass.followUp.rawValue { followUp += count }
                if tag == TagClass.help.rawValue { help += count }
                result.reviewed += count
                if set & 1 != 0 { result.p0 += count }
                if set & 2 != 0 { result.p1 += count }
                if set & 4 != 0 { result.p2 += count }
                if set != 0 { result.anyIssue += count }
            }
        }
        result.humanHelp = help
        result.unresolved = help + followUp
        return result
    }

    /// One week: one multinomial over (human, AI tag × review × severity set), then the reason splits.
    private func drawWeek(sessions: Int, stream: inout RandomStream) -> SimulatedCounts {
        stream.multinomial(trials: sessions, weights: drawWeights, into: &counts)
        var result = SimulatedCounts()
        result.traffic = sessions
        result.tally = Self.tally(counts, offset: 1)
        result.reasons = splitReasons(
            help: result.tally.humanHelp, followUp: result.tally.unresolved - result.tally.humanHelp, help: helpReasons,
            followUp: followUpReasons, stream: &stream)
        return result
    }

    /// Splits the help and follow-up sessions over their reasons.
    private func splitReasons(
        help: Int, followUp: Int, help helpWeights: [Double], followUp followUpWeights: [Double], stream: inout RandomStream
    ) -> ReasonCounts {
        var result = ReasonCounts()
        if help > 0 {
            stream.multinomial(trials: help, weights: helpWeights, into: &split)
            for i in 0..<3 { result[i] = Int(split[i]) }
        }
        if followUp > 0 {
            stream.multinomial(trials: followUp, weights: followUpWeights, into: &split)
            for i in 0..<3 { result[3 + i] = Int(split[i]) }
        }
        return result
    }

    /// Per-intent counts: the multinomial of `sessions` over (intent × (human, AI category)), so
    /// that each intent's rates are over its own AI sessions and its automation over its own
    /// traffic; with a `reasonStream`, each intent's handoffs are then split over its own reasons.
    private func drawIntents(
        sessions: Int, epoch: Int, stream: inout RandomStream, reasonStream: inout RandomStream?,
        _ body: (Int, SimulatedCounts) -> Void
    ) {
        let weights = setup.weights[epoch]
        let block = 1 + Self.drawCategories
        intentWeights.withUnsafeMutableBufferPointer { out in
            out.update(repeating: 0)
            for intent in 0..<intentCount {
                out[intent * block] = max(0, setup.scenario.intents[intent].share - weights[intent])
                guard weights[intent] > 0 else { continue }
                Self.fillDrawWeights(
                    leaf: leaves.baseAddress! + intent * LeafDistribution.categoryCount, weight: weights[intent],
                    reviewRate: setup.scenario.reviewRate, into: out.baseAddress! + intent * block + 1)
            }
        }
        stream.multinomial(trials: sessions, weights: intentWeights, into: &intentCounts)
        for intent in 0..<intentCount {
            var result = SimulatedCounts()
            result.tally = Self.tally(intentCounts, offset: intent * block + 1)
            result.traffic = intentCounts[intent * block] + result.tally.sessions
            if reasonStream != nil {
                result.reasons = splitReasons(
                    help: result.tally.humanHelp, followUp: result.tally.unresolved - result.tally.humanHelp,
                    help: intentHelpReasons[intent], followUp: intentFollowUpReasons[intent], stream: &reasonStream!)
            }
            body(intent, result)
        }
    }
}
