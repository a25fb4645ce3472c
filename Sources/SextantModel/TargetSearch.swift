/// The answer of a target search: the least change of one lever that brings a metric over the
/// horizon to its target with a given probability, or why no value does.
public struct TargetSearchResult: Hashable, Sendable {
    /// The metric searched for.
    public let metric: Metric
    /// Its target: the expectation over the horizon must be at least it (at most it for an issue rate).
    public let target: Double
    /// The lever parameter searched over.
    public let lever: Parameter
    /// The intent whose parameter is set; nil for every intent at once (uniform).
    public let intent: String?
    /// The probability over parameter uncertainty with which the target must be reached.
    public let probability: Double
    /// The least demanding value that reaches the target: the smallest when ``goal`` is 1, the
    /// largest when it is 0; nil when no value does.
    public let value: Double?
    /// Whether a value in [0, 1] reaches the target.
    public let reachable: Bool
    /// The end of [0, 1] toward which the lever improves the metric: the parameter must be at
    /// least ``value`` when it is 1, at most ``value`` when it is 0.
    public let goal: Double
    /// Why the target cannot be reached; nil when it can.
    public let reason: String?
    /// The metric's exact expectation over the horizon at the scenario's point values, as it is.
    public let current: Double?
    /// The lever's point value now (its distribution's mean, before planned improvements): the
    /// intent's, or every intent's when they share it; nil when the intents' values differ.
    public let leverCurrent: Double?
    /// Parameter draws evaluated (1 when no other parameter is uncertain: the answer is exact).
    public let draws: Int
    /// The horizon, in weeks.
    public let weeks: Int
}

/// Target search: the least value of a lever (for one intent, or every intent at once) with
/// which a metric's exact expectation over the scenario's horizon reaches a target — at least
/// the target for the contained and resolution rates and automation, at most it for issue
/// rates — with a given probability over the scenario's parameter uncertainty.
///
/// The lever's value replaces the parameter in every week of the horizon (planned improvements
/// of that parameter are superseded; every other improvement applies as planned), and its own
/// distribution, if any, no longer matters. Each parameter draw j (drawn as replication j of a
/// ``Simulation`` with the same seed draws it) gives the least value x_j that reaches the target
/// at that draw, by bisection on [0, 1]; the answer is the smallest x with
/// P̂(x) = #{j : x_j reaches} / draws ≥ probability, that is the ⌈probability × draws⌉-th
/// smallest x_j (probability 0.5 is the median). With no uncertain parameter there is one draw and
/// the answer is exact.
///
/// Bisection needs the metric to improve steadily as the lever moves toward its goal: this is
/// checked at every draw on a grid of 17 values and at every bisection step, and a search in
/// which it fails is answered `reachable: false` with the reason (raising knowledge coverage can
/// raise the issue rate when gaps are escalated and answered sessions meet conflicting assets).
public enum TargetSearch {
    /// Grid points of the monotonicity check.
    static let gridPoints = 17
    /// Bisection stops when the bracket is this narrow.
    static let tolerance = 1e-10

    /// The end of [0, 1] toward which `lever` improves `metric`: the lever's goal
    /// (``Parameter/neutral``: coverage, success, escalation 1; error and handoff rates 0), but for
    /// `gap_escalation` and the contained and resolution rates and automation, which it improves
    /// toward 0 (escalating less contains more, at the cost of issues).
    ///
    /// - Parameters:
    ///   - lever: The lever parameter.
    ///   - metric: The metric to improve.
    /// - Returns: 1 or 0.
    public static func goal(of lever: Parameter, for metric: Metric) -> Double {
        lever == .gapEscalation && !metric.isIssueRate ? 0 : lever.neutral
    }

    /// Searches for the least value of `lever` that reaches `target`.
    ///
    /// - Parameters:
    ///   - scenario: The scenario.
    ///   - metric: The metric over the horizon.
    ///   - target: Its target, in [0, 1].
    ///   - lever: The parameter to set (``Parameter/isLever``).
    ///   - intent: The intent whose parameter is set; nil sets it for every intent.
    ///   - probability: The probability, in (0, 1], with which the target must be reached.
    ///   - draws: Parameter draws (at least 1).
    ///   - seed: The master seed of the draws.
    ///   - threads: Worker threads; nil uses every core. The result does not depend on it.
    /// - Returns: The least value, or `reachable: false` with the reason.
    /// - Throws: ``ModelError`` naming the request's field (`lever`, `intent`, `target`,
    ///   `probability`, `draws`) when it is not a valid request.
    /// - Complexity: O(draws × (17 + log₂ 10¹⁰) × changed intents × epochs) session-tree evaluations.
    public static func run(
        _ scenario: Scenario, metric: Metric, target: Double, lever: Parameter, intent: String?, probability: Double,
        draws: Int, seed: UInt64, threads: Int? = nil
    ) throws -> TargetSearchResult {
        if let reason = lever.notALever {
            let levers = Parameter.allCases.filter(\.isLever).map(\.rawValue).joined(separator: ", ")
            throw ModelError(
                FieldPath.root.key("lever"), "\(lever.rawValue) is not a lever (\(reason)); expected one of \(levers)")
        }
        guard target.isFinite, (0...1).contains(target) else {
            throw ModelError(FieldPath.root.key("target"), "\(target.shown) is not a rate; expected a number from 0 to 1")
        }
        guard probability.isFinite, probability > 0, probability <= 1 else {
            throw ModelError(
                FieldPath.root.key("probability"),
                "\(probability.shown) is not a probability; expected a number above 0, at most 1")
        }
        guard draws >= 1 else {
            throw ModelError(FieldPath.root.key("draws"), "\(draws) draws; expected at least 1")
        }
        var changed = Array(scenario.intents.indices)
        if let intent {
            guard let index = scenario.intents.firstIndex(where: { $0.name == intent }) else {
                let names = scenario.intents.map(\.name).joined(separator: ", ")
                throw ModelError(
                    FieldPath.root.key("intent"), "\(intent) is not an intent of \(scenario.name); expected one of \(names)")
            }
            changed = [index]
        }
        var search = Search(
            scenario, metric: metric, target: target, lever: lever, changed: changed, seed: seed, threads: threads)
        search.drawCount = search.isUncertain ? draws : 1
        return search.run(intent: intent, probability: probability)
    }
}

/// One target search: the model, the changed intents and the per-draw thresholds.
private struct Search: Sendable {
    let model: HorizonModel
    let metric: Metric
    let target: Double
    let lever: Parameter
    let goal: Double
    /// Whether the changed intents' parameter is set (by index).
    let changes: [Bool]
    var drawCount = 1

    init(_ scenario: Scenario, metric: Metric, target: Double, lever: Parameter, changed: [Int], seed: UInt64, threads: Int?) {
        model = HorizonModel(scenario, seed: seed, threads: threads)
        self.metric = metric
        self.target = target
        self.lever = lever
        goal = TargetSearch.goal(of: lever, for: metric)
        changes = scenario.intents.indices.map { changed.contains($0) }
    }

    /// Whether a parameter other than the one set is uncertain.
    var isUncertain: Bool {
        model.setup.uncertain.enumerated().contains { intent, parameters in
            parameters.contains { !changes[intent] || $0.0 != Parameter.index(lever) }
        }
    }

    /// The improvement of the metric toward its target: the value for rates, minus it for issue rates.
    private func signed(_ value: Double) -> Double { metric.isIssueRate ? -value : value }

    /// A draw's metric as a function of t, the distance of the lever's value from the far end
    /// (the value is t when the goal is 1, 1 − t when it is 0).
    private func curve(draw: Int) -> (Double) -> Double {
        let n = model.intentCount
        let pCount = HorizonModel.parameterCount
        let p = Parameter.index(lever)
        let values = model.inForce(model.parameters(draw: draw))
        var fixed = SIMD8<Double>.zero
        var moving: [Int] = []
        for cell in 0..<(model.epochCount * n) where model.aiSessions[cell] > 0 {
            if changes[cell % n] {
                moving.append(cell)
            } else {
                fixed += model.aiSessions[cell] * model.rates(intent: cell % n, values: values, offset: cell * pCount)
            }
        }
        return { [model, metric, goal] t in
            var sums = fixed
            var scratch = [Double](repeating: 0, count: pCount)
            for cell in moving {
                for k in 0..<pCount { scratch[k] = values[cell * pCount + k] }
                scratch[p] = goal == 1 ? t : 1 - t
                sums += model.aiSessions[cell] * model.rates(intent: cell % n, values: scratch, offset: 0)
            }
            return model.value(metric, sums: sums, ai: model.totalAI)
        }
    }

    /// A draw's least t that reaches the target: 0…1, infinity when even the goal does not,
    /// NaN when the metric does not improve steadily toward the goal.
    private func threshold(draw: Int) -> Double {
        let f = curve(draw: draw)
        let goalValue = signed(target)
        let grid = (0..<TargetSearch.gridPoints).map { Double($0) / Double(TargetSearch.gridPoints - 1) }
        let values = grid.map { signed(f($0)) }
        let slack = 1e-12
        for k in 1..<values.count where values[k] < values[k - 1] - slack { return .nan }
        guard values.last! >= goalValue else { return .infinity }
        guard values[0] < goalValue else { return 0 }
        let first = values.firstIndex { $0 >= goalValue }!
        var (lo, hi) = (grid[first - 1], grid[first])
        var (fLo, fHi) = (values[first - 1], values[first])
        while hi - lo > TargetSearch.tolerance {
            let mid = (lo + hi) / 2
            let fMid = signed(f(mid))
            if fMid < fLo - slack || fMid > fHi + slack { return .nan }
            if fMid >= goalValue {
                (hi, fHi) = (mid, fMid)
            } else {
                (lo, fLo) = (mid, fMid)
            }
        }
        return hi
    }

    func run(intent: String?, probability: Double) -> TargetSearchResult {
        let n = drawCount
        // As `simulate` reports it: the exact expectation at the point values.
        let expectation = model.setup.expectation
        let current = metric == .automation ? expectation.automation : expectation.overall?[metric]
        let values = Set(
            model.setup.scenario.intents.indices.filter { changes[$0] }.map {
                model.setup.scenario.intents[$0].parameter(lever).mean
            })
        let leverCurrent = values.count == 1 ? values.first : nil
        func result(_ value: Double?, reason: String?) -> TargetSearchResult {
            TargetSearchResult(
                metric: metric, target: target, lever: lever, intent: intent, probability: probability,
                value: value.map { goal == 1 ? $0 : 1 - $0 }, reachable: value != nil, goal: goal, reason: reason,
                current: current, leverCurrent: leverCurrent, draws: n, weeks: model.setup.weeks)
        }
        let scope = intent.map { "intent \($0)" } ?? "every intent"
        guard changes.indices.contains(where: { changes[$0] && model.reachesAI($0) }) else {
            return result(
                nil,
                reason: "\(scope) never reaches the AI in this scenario (off Auto-Pilot in every week), so its "
                    + "\(lever.rawValue) cannot move \(metric.label)")
        }
        let found = DrawTable(slots: 1, draws: n)
        HorizonModel.forEachChunk(count: n, threads: model.setup.threads) { range in
            for draw in range { found[0, draw] = threshold(draw: draw) }
        }
        let thresholds = (0..<n).map { found[0, $0] }
        if thresholds.contains(where: \.isNaN) {
            let way = goal == 1 ? "rises toward 100%" : "falls toward 0%"
            return result(
                nil,
                reason: "\(metric.label) does not \(metric.isIssueRate ? "fall" : "rise") steadily as \(lever.rawValue) \(way) "
                    + "(in at least one parameter draw it moves the wrong way), so there is no least value to search for; "
                    + "pull another lever")
        }
        // The smallest t reached in at least ⌈probability × draws⌉ draws.
        let needed = min(n, max(1, Int((probability * Double(n) - 1e-9).rounded(.up))))
        let ordered = thresholds.sorted()
        guard ordered[needed - 1].isFinite else {
            return result(nil, reason: unreachable(scope: scope, reaching: ordered.filter(\.isFinite).count, needed: needed))
        }
        return result(ordered[needed - 1], reason: nil)
    }

    /// Why the goal value does not reach the target often enough.
    private func unreachable(scope: String, reaching: Int, needed: Int) -> String {
        let setting = "even with \(lever.rawValue) at \(Int(goal * 100))% for \(scope)"
        let wanted = "\(metric.label) \(metric.isIssueRate ? "≤" : "≥") \(percent(target))"
        if drawCount == 1 {
            let atGoal = curve(draw: 0)(1)
            return "\(setting), \(metric.label) over the horizon is \(percent(atGoal)), short of \(wanted): "
                + "the target exceeds what the other parameters allow"
        }
        return "\(setting), \(wanted) over the horizon holds in \(reaching) of \(drawCount) parameter draws, fewer than "
            + "the \(needed) the probability asks for: the target exceeds what the other parameters allow"
    }

    private func percent(_ value: Double) -> String {
        let digits = metric.percentDecimals
        let scaled = (value * 100 * pow10(digits)).rounded() / pow10(digits)
        return "\(scaled.shown)%"
    }

    private func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { value, _ in value * 10 } }
}
