import SextantStats

/// Every lever of a scenario, per intent and scenario-wide, with the lift of each metric over the
/// horizon from a standard step, its uncertainty, and a ranking.
///
/// For each lever (``Lever/parameterLevers`` and the Auto-Pilot switch) and each scope — one
/// intent, or every intent at once — the lift of a metric is its exact expectation over the
/// scenario's horizon with the lever's standard step (``Lever/stepShare``) minus without it.
/// Uncertainty comes from the scenario's parameter distributions and is **paired**: parameter
/// draw j (drawn as replication j of a ``Simulation`` with the same seed draws it) gives the
/// metric with and without the step, and the lift is their difference at that draw; the draws'
/// lifts are summarised by their mean, 5th and 95th percentiles and the share above 0. Pairing
/// removes the spread of the metric itself, which both sides share, and leaves the spread of the
/// lift.
///
/// Lifts are differences of proportions: for the contained and resolution rates and automation a
/// positive lift is better; for issue rates (``Metric/isIssueRate``) a negative one is.
///
/// The Auto-Pilot switch takes an intent that reaches the AI off Auto-Pilot in every week (its
/// sessions go to humans: automation falls, and so do the issues the AI makes), or puts an intent
/// that never reaches the AI on it in every stage (the stage's AI share of its traffic).
/// Scenario-wide, it takes every sensitive intent off. The contained, resolution and issue rates
/// are per AI session, so taking an intent off moves them toward the other intents' rates: the
/// issue rate falls when the intent is riskier than the rest of the mix, and rises when it is safer.
public struct LeverRanking: Hashable, Sendable {
    /// The distribution of one metric's lift over the parameter draws.
    public struct Lift: Hashable, Sendable {
        /// Mean, standard deviation and percentiles of the paired lift.
        public let distribution: SampleSummary
        /// The share of draws in which the lift is above 0.
        public let probabilityPositive: Double

        /// The mean lift.
        public var mean: Double { distribution.mean }
        /// The 5th percentile of the lift.
        public var p05: Double { distribution.p05 }
        /// The 95th percentile of the lift.
        public var p95: Double { distribution.p95 }
    }

    /// One lever in one scope.
    public struct Row: Hashable, Sendable {
        /// The lever.
        public let lever: Lever
        /// The intent it is pulled for; nil for every intent at once.
        public let intent: String?
        /// The intents the lever changes: one, every intent, or the sensitive ones for the
        /// scenario-wide Auto-Pilot switch.
        public let intents: [String]
        /// The lift of each metric; a metric is absent when it has no value after the lever (no
        /// session left on the AI).
        public let lifts: [Metric: Lift]

        /// The row's place in the order of computation, which breaks ties in a ranking.
        let position: Int

        /// What the seed recommends doing to pull the lever.
        public var action: String { lever.action }
    }

    /// The scenario's name.
    public let scenario: String
    /// The horizon, in weeks.
    public let weeks: Int
    /// Parameter draws evaluated: 1 when no parameter is uncertain (the lifts are then exact).
    public let draws: Int
    /// The master seed of the draws.
    public let seed: UInt64
    /// The metric ``rows`` are ranked by.
    public let rankedBy: Metric
    /// Each metric over the horizon without any lever, over the same draws.
    public let baseline: [Metric: SampleSummary]
    /// Every lever in every scope, ranked by ``rankedBy`` (``ranked(by:)``).
    public let rows: [Row]

    /// Below this size a lift is rounding (the same rates summed in another order), and is 0.
    static let rounding = 1e-14

    /// The parameters that are not levers, with the reason (``Parameter/notALever``).
    public static let notLevers: [Parameter] = Parameter.allCases.filter { !$0.isLever }

    /// The rows ranked by `metric`'s mean lift, best first: highest first for the contained and
    /// resolution rates and automation, lowest (most negative) first for issue rates. Rows
    /// without a lift of `metric` come last. Ties keep the order of computation: scenario-wide
    /// rows, then each intent in the scenario's order, levers in ``Lever/parameterLevers`` order
    /// with the Auto-Pilot switch last.
    ///
    /// - Parameter metric: The metric to rank by.
    /// - Returns: The rows, best first.
    public func ranked(by metric: Metric) -> [Row] {
        Self.rank(rows, by: metric)
    }

    /// The bytes a ranking's per-draw values take while it runs — one `Double` per draw for each
    /// metric of each row and of the baseline, with at most (levers + 1) × (intents + 1) rows:
    ///
    ///     8 · D · 7 · ((L + 1) · (I + 1) + 1)
    ///
    /// with D draws, I intents and L = 9 parameter levers — so that a caller can refuse a run
    /// before it allocates (``SimulationLimits/memoryLimit(physicalMemory:)`` is a fair bound).
    ///
    /// - Parameters:
    ///   - draws: Parameter draws (D).
    ///   - intents: Intents of the scenario (I).
    /// - Returns: The bytes, or `Int.max` when they would overflow it.
    public static func resultBytes(draws: Int, intents: Int) -> Int {
        let rows = (Lever.parameterLevers.count + 1) * (max(0, intents) + 1) + 1
        let factors = [max(0, draws), Metric.allCases.count, rows, MemoryLayout<Double>.size]
        return factors.reduce(1) { total, factor in
            let (product, overflow) = total.multipliedReportingOverflow(by: factor)
            return overflow ? .max : product
        }
    }

    /// Computes every lever's lifts for `scenario` over its horizon.
    ///
    /// - Parameters:
    ///   - scenario: The scenario.
    ///   - draws: Parameter draws (at least 1); one is evaluated when no parameter is uncertain.
    ///   - seed: The master seed of the draws (draw j is replication j of a simulation with this seed).
    ///   - threads: Worker threads; nil uses every core. The result does not depend on it.
    ///   - metric: The metric to rank by; resolution by default.
    /// - Returns: The ranking.
    /// - Complexity: O(draws × intents × epochs × levers) evaluations of a session tree (about
    ///   0.5 µs each), on `threads` threads.
    public static func compute(
        _ scenario: Scenario, draws: Int, seed: UInt64, threads: Int? = nil, rankedBy metric: Metric = .resolution
    ) -> LeverRanking {
        let model = HorizonModel(scenario, seed: seed, threads: threads)
        let drawCount = model.isUncertain ? max(1, draws) : 1
        let layout = Layout(model)
        let table = DrawTable(slots: (layout.rows.count + 1) * Metric.allCases.count, draws: drawCount)
        HorizonModel.forEachChunk(count: drawCount, threads: model.setup.threads) { range in
            for draw in range { evaluate(model, layout: layout, draw: draw, into: table) }
        }
        let metrics = Metric.allCases
        let summaries = table.summaries(threads: model.setup.threads)
        let baseline = Dictionary(
            uniqueKeysWithValues: metrics.enumerated().compactMap { index, metric in
                summaries[layout.rows.count * metrics.count + index].map { (metric, $0.0) }
            })
        let rows = layout.rows.enumerated().map { index, row in
            let lifts = metrics.enumerated().compactMap { m, metric -> (Metric, Lift)? in
                summaries[index * metrics.count + m].map { (metric, Lift(distribution: $0.0, probabilityPositive: $0.positive)) }
            }
            return Row(
                lever: row.lever, intent: row.intent.map { scenario.intents[$0].name },
                intents: row.changes.map { scenario.intents[$0].name }, lifts: Dictionary(uniqueKeysWithValues: lifts),
                position: index)
        }
        return LeverRanking(
            scenario: scenario.name, weeks: model.setup.weeks, draws: drawCount, seed: seed, rankedBy: metric,
            baseline: baseline, rows: rank(rows, by: metric))
    }

    // MARK: Ranking

    private static func rank(_ rows: [Row], by metric: Metric) -> [Row] {
        let sign = metric.isIssueRate ? -1.0 : 1.0
        return rows.sorted { left, right in
            switch (left.lifts[metric]?.mean, right.lifts[metric]?.mean) {
            case (let l?, let r?) where l != r: sign * l > sign * r
            case (.some, nil): true
            case (nil, .some): false
            default: left.position < right.position
            }
        }
    }

    // MARK: Computation

    /// The rows to compute, in the order of computation.
    struct Layout: Sendable {
        struct Entry: Sendable {
            let lever: Lever
            /// The intent's index; nil scenario-wide.
            let intent: Int?
            /// The intents changed.
            let changes: [Int]
        }

        let rows: [Entry]
        /// Per intent: its row of each parameter lever, in ``Lever/parameterLevers`` order.
        let intentRows: [[Int]]
        /// Per parameter lever: its scenario-wide row.
        let wideRows: [Int]
        /// Per intent: its Auto-Pilot row.
        let autopilotRows: [Int]
        /// The scenario-wide Auto-Pilot row (sensitive intents off), if any sensitive intent reaches the AI.
        let wideAutopilot: Int?

        init(_ model: HorizonModel) {
            let intents = model.setup.scenario.intents
            let all = Array(intents.indices)
            var rows = Lever.parameterLevers.map { Entry(lever: $0, intent: nil, changes: all) }
            wideRows = Array(rows.indices)
            let sensitive = all.filter { intents[$0].sensitive && model.reachesAI($0) }
            if sensitive.isEmpty {
                wideAutopilot = nil
            } else {
                wideAutopilot = rows.count
                rows.append(Entry(lever: .autopilot(on: false), intent: nil, changes: sensitive))
            }
            var intentRows: [[Int]] = []
            var autopilotRows: [Int] = []
            for intent in all {
                intentRows.append(Array(rows.count..<(rows.count + Lever.parameterLevers.count)))
                rows += Lever.parameterLevers.map { Entry(lever: $0, intent: intent, changes: [intent]) }
                autopilotRows.append(rows.count)
                rows.append(Entry(lever: .autopilot(on: !model.reachesAI(intent)), intent: intent, changes: [intent]))
            }
            self.rows = rows
            self.intentRows = intentRows
            self.autopilotRows = autopilotRows
        }
    }

    /// Writes draw `draw`'s lifts of every row, then its baseline, into `table` (slot: row × metric).
    private static func evaluate(_ model: HorizonModel, layout: Layout, draw: Int, into table: DrawTable) {
        let n = model.intentCount
        let pCount = HorizonModel.parameterCount
        let metrics = Metric.allCases
        let values = model.inForce(model.parameters(draw: draw))
        // Each (epoch, intent)'s rates, and their session-weighted sum.
        var rates = [SIMD8<Double>](repeating: .zero, count: model.epochCount * n)
        var sums = SIMD8<Double>.zero
        for cell in rates.indices {
            rates[cell] = model.rates(intent: cell % n, values: values, offset: cell * pCount)
            sums += model.aiSessions[cell] * rates[cell]
        }
        let baseline = metrics.map { model.value($0, sums: sums, ai: model.totalAI) }
        func store(_ row: Int, sums changed: SIMD8<Double>, ai: Double) {
            for (m, metric) in metrics.enumerated() {
                let lift = model.value(metric, sums: changed, ai: ai) - baseline[m]
                // A lever that leaves a metric alone differs from it by rounding only: no lift.
                table[row * metrics.count + m, draw] = abs(lift) < LeverRanking.rounding ? 0 : lift
            }
        }
        for (m, _) in metrics.enumerated() { table[layout.rows.count * metrics.count + m, draw] = baseline[m] }

        // Parameter levers: only the intent's own terms change; scenario-wide, every intent's.
        var scratch = [Double](repeating: 0, count: pCount)
        for (l, lever) in Lever.parameterLevers.enumerated() {
            let p = Parameter.index(lever.parameter!)
            var wide = SIMD8<Double>.zero
            for i in 0..<n {
                var delta = SIMD8<Double>.zero
                for e in 0..<model.epochCount where model.aiSessions[e * n + i] > 0 {
                    let cell = e * n + i
                    for k in 0..<pCount { scratch[k] = values[cell * pCount + k] }
                    scratch[p] = lever.stepped(scratch[p])
                    delta += model.aiSessions[cell] * (model.rates(intent: i, values: scratch, offset: 0) - rates[cell])
                }
                store(layout.intentRows[i][l], sums: sums + delta, ai: model.totalAI)
                wide += delta
            }
            store(layout.wideRows[l], sums: sums + wide, ai: model.totalAI)
        }

        // The Auto-Pilot switch: the intent's AI sessions change, and with them the denominators.
        var wideSums = SIMD8<Double>.zero
        var wideAI = 0.0
        let sensitive = Set(layout.wideAutopilot.map { layout.rows[$0].changes } ?? [])
        for i in 0..<n {
            var delta = SIMD8<Double>.zero
            var ai = 0.0
            let on = layout.rows[layout.autopilotRows[i]].lever == .autopilot(on: true)
            for e in 0..<model.epochCount {
                let cell = e * n + i
                let change = (on ? model.autopilotSessions[cell] : 0) - model.aiSessions[cell]
                delta += change * rates[cell]
                ai += change
            }
            store(layout.autopilotRows[i], sums: sums + delta, ai: model.totalAI + ai)
            if sensitive.contains(i) {
                wideSums += delta
                wideAI += ai
            }
        }
        if let row = layout.wideAutopilot { store(row, sums: sums + wideSums, ai: model.totalAI + wideAI) }
    }
}
