import SextantStats

/// What a calibration takes besides the log: the scenario's name and workflow, the prior for what
/// the log cannot identify, how free-text reasons map to codes, and the seed of its draws.
public struct CalibrationOptions: Sendable {
    /// The fitted scenario's name.
    public var name = "calibrated"
    /// The workflow; nil takes the log's only workflow, else `service`.
    public var workflow: Workflow?
    /// The prior for the parameters the log cannot identify; nil uses the calibration defaults
    /// (``CalibrationPrior/defaultValue(_:)``).
    public var prior: CalibrationPrior?
    /// The code a handoff reason's text stands for, or nil for an unexplained reason. By default
    /// only the codes themselves (``HandoffReason/init(text:)``).
    public var reasonCode: @Sendable (String) -> HandoffReason? = { HandoffReason(text: $0) }
    /// The seed of the draws that propagate the posteriors through the tree, and the fitted
    /// scenario's seed.
    public var seed: UInt64 = 1
    /// Draws per intent for the parameters derived from several posteriors (moment-matched to a Beta).
    public var draws = 4000

    /// The defaults: Jeffreys posteriors, the calibration defaults, codes only, seed 1, 4,000 draws.
    public init() {}
}

/// The prior of a calibration: per intent, the distributions of the parameters the log cannot
/// tell apart (and, where a log has no reason codes, the split of its handoffs over the reasons).
public struct CalibrationPrior: Sendable {
    /// Where the prior comes from (a file's name), for the written comments.
    public var source: String
    /// The prior of each intent, by name.
    public var intents: [String: IntentSpec]
    /// The prior of an intent the prior does not name (e.g. a scenario's defaults); nil: none.
    public var fallback: IntentSpec?

    /// A prior from its intents and the one for intents it does not name.
    ///
    /// - Parameters:
    ///   - source: where it comes from, for comments.
    ///   - intents: the prior's intents (by their names).
    ///   - fallback: the prior of other intents.
    public init(source: String, intents: [IntentSpec], fallback: IntentSpec? = nil) {
        self.source = source
        self.intents = Dictionary(intents.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.fallback = fallback
    }

    /// The prior of intent `name`: its own, or the fallback.
    public func spec(for name: String) -> IntentSpec? { intents[name] ?? fallback }

    /// The value a parameter the log cannot identify takes without a prior: `gap_escalation` 1
    /// (every gap escalates; none is improvised), `action_need` 1 (every session is counted as
    /// needing an action, so coverage and success are read from all sessions reaching step 4),
    /// `conflicting_assets` 0 (every issue that is not improvised is residual).
    public static func defaultValue(_ parameter: Parameter) -> Double {
        parameter == .actionNeed ? 1 : parameter.neutral
    }
}

/// A scenario fitted to a log: each intent's parameters as posteriors with where each came from.
///
/// Every stage of the session tree (<doc:SessionModel>) that a log sees is a Bernoulli count given
/// the sessions that reached it; its posterior under the Jeffreys prior Beta(½, ½) is
/// Beta(½ + k, ½ + n − k). Parameters the log sees only jointly take the rest from the prior (see
/// <doc:CalibratingFromLogs>).
public struct Calibration: Sendable {
    /// The fitted scenario.
    public let scenario: Scenario
    /// Each intent's fit, in the scenario's order.
    public let intents: [CalibratedIntent]
    /// Whether the log had handoff reasons at all.
    public let reasonsRecorded: Bool
    /// Handoff sessions whose reason is no code, by text (nil: none given).
    public let unexplainedReasons: [String?: Int]
    /// The ISO weeks from the first to the last seen, and all sessions in each.
    public let weeks: [(label: String, sessions: Int)]
    /// Sessions without a week (no `started_at`): in the rates, not in the weekly volume.
    public let sessionsWithoutWeek: Int
    /// How the workflow was chosen.
    public let workflowChoice: String
    /// Whether the log said which sessions were reviewed.
    public let reviewRecorded: Bool
    /// The prior's source, if any.
    public let priorSource: String?

    /// Handoff sessions with no code, over all intents.
    public var unexplained: Int { unexplainedReasons.values.reduce(0, +) }

    /// Fits a scenario to a log's summary.
    ///
    /// - Parameters:
    ///   - summary: the log, scanned with the dimensions `[.intent, .week]` (either may be absent:
    ///     one intent, or one week).
    ///   - options: name, workflow, prior, reason mapping, seed.
    /// - Returns: the fitted scenario and its provenance.
    /// - Throws: ``ModelError`` for a log without sessions, or one whose weeks or weekly volumes
    ///   a scenario cannot simulate (beyond ``Scenario/maximumWeeks`` or
    ///   ``Scenario/maximumWeeklySessions``).
    /// - Complexity: O(segments + intents · draws).
    public static func fit(_ summary: LogSummary, options: CalibrationOptions = CalibrationOptions()) throws(ModelError)
        -> Calibration
    {
        guard summary.overall.sessions > 0 else {
            throw ModelError(.root, "the log has no sessions; expected at least one AI session to calibrate from")
        }
        let observations = IntentObservation.collect(summary, reasonCode: options.reasonCode)
        let total = observations.reduce(0) { $0 + $1.tally.sessions }
        let shares = roundedShares(observations.map { Double($0.tally.sessions) / Double(total) })
        let pooled = CalibratedIntent.pooledSeverity(observations)
        var fitted: [CalibratedIntent] = []
        for (index, observation) in observations.enumerated() {
            var stream = RandomStream(seed: SeedSequence(entropy: options.seed).child(UInt32(truncatingIfNeeded: index)))
            fitted.append(
                CalibratedIntent(
                    observation, prior: options.prior, pooledSeverity: pooled, draws: max(100, options.draws),
                    stream: &stream))
        }
        let weeks = try weeklyVolumes(summary)
        let volume = volumeFit(weeks.map(\.sessions))
        let (targets, choice) = summary.targets(workflow: options.workflow, overrides: TargetOverrides())
        let specs = zip(fitted, shares).map { intent, share in
            let prior = options.prior?.spec(for: intent.observation.name)
            return IntentSpec(
                name: intent.observation.name, share: share, autopilot: true, sensitive: prior?.sensitive ?? false,
                parameters: intent.parameters.mapValues(\.distribution), severity: intent.severity)
        }
        let reviewed = summary.overall.reviewed
        let scenario = Scenario(
            name: options.name, workflow: targets.workflow,
            sessionsPerWeek: weeks.isEmpty ? Double(total) : volume.sessionsPerWeek, weeklyGrowth: volume.growth,
            weeks: max(1, weeks.count), reviewRate: (Double(reviewed) / Double(summary.overall.sessions) * 1e6).rounded() / 1e6,
            seed: options.seed,
            intents: specs)
        if let problem = scenario.volumeProblem(weeks: scenario.weeks) {
            let reason = problem.message.split(separator: ";").first.map(String.init) ?? problem.message
            throw ModelError(
                .root,
                "the log's weekly volumes fit sessions_per_week \(scenario.sessionsPerWeek.shown) and weekly_growth "
                    + "\(scenario.weeklyGrowth.shown) over \(scenario.weeks) weeks, which a scenario cannot simulate: \(reason); "
                    + "expected volumes a scenario can hold: calibrate from a part of the log")
        }
        var unexplained: [String?: Int] = [:]
        for (text, count) in summary.reasons where text.flatMap(options.reasonCode) == nil { unexplained[text] = count }
        return Calibration(
            scenario: scenario, intents: fitted, reasonsRecorded: summary.reasonsRecorded, unexplainedReasons: unexplained,
            weeks: weeks, sessionsWithoutWeek: total - weeks.reduce(0) { $0 + $1.sessions }, workflowChoice: choice,
            reviewRecorded: summary.reviewRecorded, priorSource: options.prior?.source)
    }

    /// Shares rounded to six significant digits, the largest taking the rest so that they sum to 1.
    ///
    /// The rest is counted in whole units of the finest decimal place a share is rounded to, so
    /// that it is a short decimal too (0.151932, not the binary remainder 0.15193200000000007 of
    /// subtracting six shares from 1), and the shares, read as the decimals the file writes, sum to
    /// exactly 1 (the scenario check allows 10⁻⁶). A share below 10⁻¹³ keeps fewer digits (18
    /// decimal places at most).
    static func roundedShares(_ shares: [Double]) -> [Double] {
        guard let largest = shares.indices.max(by: { shares[$0] < shares[$1] }) else { return [] }
        let places = shares.map { share in share > 0 ? min(18, 5 - Int(log10(share).rounded(.down))) : 0 }
        let finest = places.max() ?? 0
        var units = zip(shares, places).map { share, places in
            Int64((share * pow10(places)).rounded()) * power(finest - places)
        }
        units[largest] = 0
        units[largest] = power(finest) - units.reduce(0, +)
        // The decimal units · 10^−finest, correctly rounded: the shortest text of the value is that decimal.
        return units.map { Double("\($0)e-\(finest)") ?? Double($0) / pow10(finest) }
    }

    /// 10^exponent as an integer, for 0 ≤ exponent ≤ 18.
    private static func power(_ exponent: Int) -> Int64 {
        (0..<exponent).reduce(1) { value, _ in value * 10 }
    }

    private static func pow10(_ exponent: Int) -> Double {
        var value = 1.0
        for _ in 0..<abs(exponent) { value *= 10 }
        return exponent >= 0 ? value : 1 / value
    }

    /// All sessions in each ISO week from the first seen to the last (weeks without sessions as 0).
    ///
    /// - Throws: ``ModelError`` when the weeks span more than ``Scenario/maximumWeeks``, the
    ///   horizon a scenario can simulate (checked before the weeks are listed).
    static func weeklyVolumes(_ summary: LogSummary) throws(ModelError) -> [(label: String, sessions: Int)] {
        guard let slot = summary.dimensions.firstIndex(of: .week) else { return [] }
        var byWeek: [Int: (label: String, sessions: Int)] = [:]
        for (key, tally) in summary.segments {
            guard let label = key.value(at: slot), let ordinal = try? ISOWeekOrdinal.ordinal(label) else { continue }
            byWeek[ordinal, default: (label, 0)].sessions += tally.sessions
        }
        guard let first = byWeek.keys.min(), let last = byWeek.keys.max() else { return [] }
        guard last - first < Scenario.maximumWeeks else {
            throw ModelError(
                .root,
                "the log spans \(last - first + 1) weeks, from \(byWeek[first]!.label) to \(byWeek[last]!.label); a scenario "
                    + "simulates at most \(Scenario.maximumWeeks): calibrate from the recent sessions only")
        }
        return (first...last).map { byWeek[$0] ?? (ISOWeekOrdinal.label($0), 0) }
    }

    /// The weekly volume's log-linear trend: ln V_w = α + β·(w − 1) by least squares over the weeks
    /// with sessions; week 1's volume is e^α (rounded, at least 1) and the growth e^β − 1.
    static func volumeFit(_ volumes: [Int]) -> (sessionsPerWeek: Double, growth: Double) {
        let points = volumes.enumerated().filter { $0.element > 0 }.map { (Double($0.offset), log(Double($0.element))) }
        guard points.count >= 2 else { return (Double(max(1, volumes.first { $0 > 0 } ?? 1)), 0) }
        let n = Double(points.count)
        let meanX = points.reduce(0) { $0 + $1.0 } / n
        let meanY = points.reduce(0) { $0 + $1.1 } / n
        let sxx = points.reduce(0) { $0 + ($1.0 - meanX) * ($1.0 - meanX) }
        let sxy = points.reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanY) }
        let slope = sxy / sxx
        let intercept = meanY - slope * meanX
        let growth = (expm1(slope) * 1e6).rounded() / 1e6
        return (max(1, exp(intercept).rounded()), growth)
    }
}

#if canImport(Glibc)
    import Glibc
#endif
