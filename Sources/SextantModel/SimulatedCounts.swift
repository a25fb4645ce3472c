/// Handoff sessions per reason: how many sessions of a set ended with each reason code.
public struct ReasonCounts: Hashable, Sendable {
    private var counts: (Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0)

    /// No sessions.
    public init() {}

    /// The sessions with `reason`.
    public subscript(reason: HandoffReason) -> Int {
        get { self[reason.index] }
        set { self[reason.index] = newValue }
    }

    /// The sessions with the reason at `index` in `HandoffReason.allCases`.
    @inline(__always)
    subscript(index: Int) -> Int {
        get {
            switch index {
            case 0: counts.0
            case 1: counts.1
            case 2: counts.2
            case 3: counts.3
            case 4: counts.4
            default: counts.5
            }
        }
        set {
            switch index {
            case 0: counts.0 = newValue
            case 1: counts.1 = newValue
            case 2: counts.2 = newValue
            case 3: counts.3 = newValue
            case 4: counts.4 = newValue
            default: counts.5 = newValue
            }
        }
    }

    /// Every handoff session with a reason.
    public var total: Int { counts.0 + counts.1 + counts.2 + counts.3 + counts.4 + counts.5 }

    /// Adds another set's counts.
    public mutating func add(_ other: ReasonCounts) {
        for index in 0..<HandoffReason.allCases.count { self[index] += other[index] }
    }

    /// Hashes the six counts.
    public func hash(into hasher: inout Hasher) {
        for index in 0..<HandoffReason.allCases.count { hasher.combine(self[index]) }
    }

    /// Whether every count is equal.
    public static func == (lhs: ReasonCounts, rhs: ReasonCounts) -> Bool {
        (0..<HandoffReason.allCases.count).allSatisfy { lhs[$0] == rhs[$0] }
    }
}

/// The counts of one set of simulated sessions — a week, an intent, a whole horizon — in the same
/// terms as a measured log: a ``Tally`` of the AI sessions, the handoff reasons, and the traffic
/// that total automation is over.
public struct SimulatedCounts: Hashable, Sendable {
    /// All sessions, AI and human.
    public var traffic = 0
    /// The AI sessions: help, unresolved, reviewed and issue counts.
    public var tally = Tally()
    /// Handoff sessions per reason.
    public var reasons = ReasonCounts()

    /// No sessions.
    public init() {}

    /// Adds another set's counts.
    public mutating func add(_ other: SimulatedCounts) {
        traffic += other.traffic
        tally.add(other.tally)
        reasons.add(other.reasons)
    }

    /// The observed value of `metric`: a rate over the AI (or reviewed) sessions, or total
    /// automation — resolved AI sessions over all traffic; nil without data.
    @inline(__always)
    public func value(_ metric: Metric) -> Double? {
        guard metric == .automation else { return tally.value(metric) }
        return traffic > 0 ? Double(tally.resolved) / Double(traffic) : nil
    }
}

/// What one replication of a simulation produced, handed to every ``SimulationObserver``: the
/// parameters it drew and its counts, week by week and (when asked for) intent by intent.
///
/// The arrays belong to the worker that filled them and are reused for its next replication:
/// an observer reads what it needs during ``SimulationObserver/observe(_:)`` and keeps no reference.
public struct ReplicationRun: Sendable {
    /// The replication's index, 0-based: its random streams derive from the master seed and this
    /// index only.
    public let replication: Int
    /// Each intent's parameters as drawn for this replication (before any planned improvement).
    public let parameters: ParameterDraw
    /// Each week's counts, week 1 first.
    public let weeks: [SimulatedCounts]
    /// Each week's exact expectation at this replication's parameters (improvements in force
    /// applied): the true rates behind its counts, week 1 first.
    public let expected: [ExpectedRates]
    /// The whole horizon's counts: the sum of ``weeks``.
    public let total: SimulatedCounts
    /// Each intent's counts over the horizon, when per-intent outputs were asked for (their
    /// reasons only with ``SimulationOptions/perIntentReasons``).
    public let intents: [SimulatedCounts]?
    /// Each intent's counts per week, when per-intent weekly outputs were asked for, flattened as
    /// `[intent * weekCount + week − 1]`; read them with ``intent(_:week:)``.
    public let intentWeeks: [SimulatedCounts]?

    /// Intent `intent`'s counts in week `week` (1-based), when per-intent weekly outputs were asked for.
    public func intent(_ intent: Int, week: Int) -> SimulatedCounts? {
        intentWeeks.map { $0[intent * weeks.count + week - 1] }
    }
}

/// The parameters one replication drew: a value per (intent, parameter), before any planned
/// improvement — the "true" rates behind that replication's data.
public struct ParameterDraw: Sendable {
    /// The values, `[intent * Parameter.allCases.count + parameter]`, parameters in `Parameter.allCases` order.
    public let values: [Double]

    /// The value of `parameter` for intent `intent` (its index in the scenario).
    public subscript(intent: Int, parameter: Parameter) -> Double {
        values[intent * Parameter.allCases.count + Parameter.index(parameter)]
    }

    /// The draw as one point per intent of `scenario` (with the intent's severity split): what
    /// ``Expectation/init(_:weeks:at:)`` takes for the exact expectations at these parameters.
    public func points(of scenario: Scenario) -> [IntentPoint] {
        let count = Parameter.allCases.count
        return scenario.intents.indices.map { intent in
            IntentPoint(
                values: Array(values[(intent * count)..<((intent + 1) * count)]), severity: scenario.intents[intent].severity)
        }
    }
}

/// The exact expected rates of one week of one replication, at the parameters it drew: what its
/// simulated counts estimate. Rates are per AI session (per reviewed session for issues); NaN when
/// no traffic reaches the AI.
public struct ExpectedRates: Hashable, Sendable {
    /// The share of the week's traffic that the AI handles.
    public var aiShare = 0.0
    /// P(contained).
    public var contained = Double.nan
    /// P(resolved).
    public var resolution = Double.nan
    /// P(at least one P0 issue).
    public var p0 = Double.nan
    /// P(at least one P1 issue).
    public var p1 = Double.nan
    /// P(at least one P2 issue).
    public var p2 = Double.nan
    /// P(at least one issue).
    public var any = Double.nan

    /// No traffic on the AI.
    public init() {}

    /// The rates of a mixture of AI categories whose probabilities sum to the AI share: `leaves`
    /// holds P(tag class, severity set) (``LeafDistribution/categories`` layout), unnormalised.
    init(mixture leaves: UnsafeBufferPointer<Double>) {
        // Called once per epoch of every replication: sums in place, no allocation.
        let setCount = LeafDistribution.setCount
        var total = 0.0
        var help = 0.0
        var followUp = 0.0
        var none = 0.0
        var bySeverity = (p0: 0.0, p1: 0.0, p2: 0.0)
        for tag in TagClass.allCases {
            for set in 0..<setCount {
                let p = leaves[tag.rawValue * setCount + set]
                total += p
                if tag == .help { help += p }
                if tag == .followUp { followUp += p }
                if set == 0 { none += p }
                if set & LeafDistribution.bit(.p0) != 0 { bySeverity.p0 += p }
                if set & LeafDistribution.bit(.p1) != 0 { bySeverity.p1 += p }
                if set & LeafDistribution.bit(.p2) != 0 { bySeverity.p2 += p }
            }
        }
        aiShare = total
        guard total > 0 else { return }
        contained = 1 - help / total
        resolution = 1 - (help + followUp) / total
        p0 = bySeverity.p0 / total
        p1 = bySeverity.p1 / total
        p2 = bySeverity.p2 / total
        any = 1 - none / total
    }

    /// The expectation of `metric`: total automation is the AI share times the resolution rate;
    /// nil when no traffic reaches the AI.
    public func value(_ metric: Metric) -> Double? {
        guard aiShare > 0 else { return metric == .automation ? 0 : nil }
        switch metric {
        case .contained: return contained
        case .resolution: return resolution
        case .p0: return p0
        case .p1: return p1
        case .p2: return p2
        case .any: return any
        case .automation: return aiShare * resolution
        }
    }
}
