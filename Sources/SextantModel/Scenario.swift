import SextantStats

/// A probability that may be uncertain: a number, or a distribution expressing what is known about it.
public enum UncertainProbability: Hashable, Sendable {
    /// A known value.
    case fixed(Double)
    /// Beta(a, b), a, b > 0: e.g. `beta: [18, 4]` for "about 82 %, from 18 successes in 22".
    case beta(Double, Double)
    /// Uniform on [lower, upper].
    case uniform(Double, Double)
    /// Triangular on [lower, upper] with the given mode.
    case triangular(lower: Double, mode: Double, upper: Double)

    /// The mean: the point value used for exact expectations.
    public var mean: Double {
        switch self {
        case .fixed(let x): x
        case .beta(let a, let b): a / (a + b)
        case .uniform(let lo, let hi): (lo + hi) / 2
        case .triangular(let lo, let mode, let hi): (lo + mode + hi) / 3
        }
    }

    /// Whether draws vary.
    public var isUncertain: Bool {
        switch self {
        case .fixed: false
        case .uniform(let lo, let hi): lo != hi
        case .triangular(let lo, _, let hi): lo != hi
        case .beta: true
        }
    }

    /// One draw (GSL's variates).
    public func draw(_ stream: inout RandomStream) -> Double {
        switch self {
        case .fixed(let x): x
        case .beta(let a, let b): stream.beta(a, b)
        case .uniform(let lo, let hi): lo == hi ? lo : stream.uniform(lo, hi)
        case .triangular(let lo, let mode, let hi): stream.triangular(lower: lo, mode: mode, upper: hi)
        }
    }
}

/// The per-intent parameters of the session model.
public enum Parameter: String, CaseIterable, Hashable, Sendable, Codable {
    case humanRequest = "human_request"
    case knowledgeCoverage = "knowledge_coverage"
    case instructionCoverage = "instruction_coverage"
    case gapEscalation = "gap_escalation"
    case actionNeed = "action_need"
    case actionCoverage = "action_coverage"
    case actionSuccess = "action_success"
    case prematureHandoff = "premature_handoff"
    case conflictingAssets = "conflicting_assets"
    case residualError = "residual_error"

    /// The value an intent takes when neither it nor the scenario's defaults set the parameter:
    /// the one that changes nothing (no request, full coverage, no need, no error).
    public var neutral: Double {
        switch self {
        case .knowledgeCoverage, .instructionCoverage, .gapEscalation, .actionCoverage, .actionSuccess: 1
        case .humanRequest, .actionNeed, .prematureHandoff, .conflictingAssets, .residualError: 0
        }
    }

    /// The lever of the seed's "How to improve results" that moves this parameter.
    public var lever: String {
        switch self {
        case .humanRequest: "users asking for a human (not a lever: review why they ask)"
        case .knowledgeCoverage: "add missing knowledge"
        case .instructionCoverage: "tighten instructions, refine sub agents"
        case .gapEscalation: "escalate rather than improvise on a gap (trust vs automation)"
        case .actionNeed: "sessions needing an action (not a lever)"
        case .actionCoverage: "improve action coverage"
        case .actionSuccess: "improve action execution"
        case .prematureHandoff: "refine replies that hand work to humans too early"
        case .conflictingAssets: "remove conflicting assets"
        case .residualError: "tighten instructions"
        }
    }
}

/// How an issue's severity splits over P0, P1 and P2 (sums to 1).
public struct SeveritySplit: Hashable, Sendable {
    /// The share of issues that are P0.
    public var p0: Double
    /// The share of issues that are P1.
    public var p1: Double
    /// The share of issues that are P2.
    public var p2: Double

    /// Creates a split from its three shares (see ``problems`` for the checks).
    public init(p0: Double, p1: Double, p2: Double) {
        self.p0 = p0
        self.p1 = p1
        self.p2 = p2
    }

    /// The share of `severity`.
    public subscript(severity: Severity) -> Double {
        switch severity {
        case .p0: p0
        case .p1: p1
        case .p2: p2
        }
    }

    /// Every issue is P2 unless a scenario says otherwise.
    public static let minor = SeveritySplit(p0: 0, p1: 0, p2: 1)
}

/// One intent (topic) of a workflow's traffic.
public struct IntentSpec: Hashable, Sendable {
    /// The intent's name, unique in its scenario.
    public var name: String
    /// Fraction of the workflow's traffic.
    public var share: Double
    /// Whether the AI may handle it on Auto-Pilot; `false` keeps it with humans whatever the stage.
    public var autopilot: Bool
    /// Marks intents whose issues are more likely to be severe (they take `sensitive_severity`).
    public var sensitive: Bool
    /// Each parameter of the session model, as given or from the defaults.
    public var parameters: [Parameter: UncertainProbability]
    /// The severity split of its issues.
    public var severity: SeveritySplit

    /// Creates an intent; parameters it does not set take their ``Parameter/neutral`` value.
    public init(
        name: String, share: Double, autopilot: Bool = true, sensitive: Bool = false,
        parameters: [Parameter: UncertainProbability] = [:], severity: SeveritySplit = .minor
    ) {
        self.name = name
        self.share = share
        self.autopilot = autopilot
        self.sensitive = sensitive
        self.parameters = parameters
        self.severity = severity
    }

    /// The parameter's distribution (neutral when unset).
    public func parameter(_ parameter: Parameter) -> UncertainProbability {
        parameters[parameter] ?? .fixed(parameter.neutral)
    }
}

/// A rollout stage: from a week on, the share of traffic given to the AI and which intents are on Auto-Pilot.
public struct Stage: Hashable, Sendable {
    /// The first week (1-based) of the stage.
    public var fromWeek: Int
    /// The share of each intent's traffic routed to the AI.
    public var aiShare: Double
    /// The intents on Auto-Pilot, or nil for every intent allowed on it.
    public var autopilot: Set<String>?

    /// Creates a stage: by default all traffic of every intent allowed on Auto-Pilot.
    public init(fromWeek: Int, aiShare: Double = 1, autopilot: Set<String>? = nil) {
        self.fromWeek = fromWeek
        self.aiShare = aiShare
        self.autopilot = autopilot
    }
}

/// A planned improvement: from a week on, set or add to an intent's parameter.
public struct Improvement: Hashable, Sendable {
    /// How the parameter changes.
    public enum Change: Hashable, Sendable {
        /// Replace the parameter with this value.
        case set(Double)
        /// Add this amount to the parameter (the result clamped to [0, 1]).
        case add(Double)
    }

    /// The first week (1-based) it applies.
    public var week: Int
    /// The intent it applies to, or nil for every intent.
    public var intent: String?
    /// The parameter it changes.
    public var parameter: Parameter
    /// The new value, or the amount added.
    public var change: Change

    /// Creates an improvement.
    public init(week: Int, intent: String?, parameter: Parameter, change: Change) {
        self.week = week
        self.intent = intent
        self.parameter = parameter
        self.change = change
    }

    /// The parameter after the change.
    public func applied(to value: Double) -> Double {
        switch change {
        case .set(let x): x
        case .add(let d): min(1, max(0, value + d))
        }
    }
}

/// A scenario: one workflow's traffic as a mixture of intents, over weeks of a rollout.
public struct Scenario: Hashable, Sendable {
    /// The scenario's name.
    public var name: String
    /// The workflow, which picks the row of targets.
    public var workflow: Workflow
    /// Sessions in week 1 (all traffic, AI and human).
    public var sessionsPerWeek: Double
    /// Weekly growth of the traffic: week w has sessionsPerWeek·(1 + growth)^(w − 1) sessions.
    public var weeklyGrowth: Double
    /// The horizon, in weeks.
    public var weeks: Int
    /// The share of AI sessions reviewed for issues.
    public var reviewRate: Double
    /// The master seed of the simulation.
    public var seed: UInt64
    /// The intents, whose shares sum to 1.
    public var intents: [IntentSpec]
    /// The rollout stages, in week order.
    public var stages: [Stage]
    /// The improvements, in week order (those of one week in the order given).
    public var improvements: [Improvement]

    /// Creates a scenario; stages and improvements are put in week order.
    public init(
        name: String, workflow: Workflow, sessionsPerWeek: Double, weeklyGrowth: Double = 0, weeks: Int, reviewRate: Double,
        seed: UInt64 = 1, intents: [IntentSpec], stages: [Stage] = [], improvements: [Improvement] = []
    ) {
        self.name = name
        self.workflow = workflow
        self.sessionsPerWeek = sessionsPerWeek
        self.weeklyGrowth = weeklyGrowth
        self.weeks = weeks
        self.reviewRate = reviewRate
        self.seed = seed
        self.intents = intents
        self.stages = stages.sorted { $0.fromWeek < $1.fromWeek }
        // Applied in week order; improvements of the same week in the order given.
        self.improvements = improvements.enumerated().sorted { ($0.element.week, $0.offset) < ($1.element.week, $1.offset) }.map(
            \.element)
    }

    /// The most sessions a week may have (10⁹): a bound that keeps every count exact and every
    /// draw within GSL's range.
    public static let maximumWeeklySessions = 1e9
    /// The longest horizon, in weeks (20 years).
    public static let maximumWeeks = 1040

    /// Why the traffic over `weeks` weeks cannot be simulated, or nil: a horizon beyond
    /// ``maximumWeeks`` (at the path `weeks`), a week beyond ``maximumWeeklySessions`` sessions,
    /// growth compounding (at `sessions_per_week`), or a growth so negative that a week of the
    /// horizon would have no session, or ``weeklyGrowth`` ≤ −1 (at `weekly_growth`): every week
    /// must have at least one session, as week 1 must.
    ///
    /// - Parameter weeks: The horizon to simulate.
    /// - Returns: The problem, or nil when every week can be simulated.
    public func volumeProblem(weeks: Int) -> ModelError? {
        if weeks > Self.maximumWeeks {
            return ModelError(FieldPath.root.key("weeks"), Self.beyondHorizon("\(weeks)"))
        }
        if weeklyGrowth <= -1 {
            return ModelError(
                FieldPath.root.key("weekly_growth"),
                "\(weeklyGrowth.shown) would leave no traffic; expected a growth above -1 (e.g. 0.02 for +2 % a week)")
        }
        for week in 1...max(1, weeks) {
            let volume = sessionsPerWeek * pow1p(weeklyGrowth, week - 1)
            if volume > Self.maximumWeeklySessions {
                return ModelError(
                    FieldPath.root.key("sessions_per_week"),
                    "week \(week) would have \(volume.rounded().shown) sessions, beyond \(Int(Self.maximumWeeklySessions)); "
                        + "is the growth a fraction (0.02 for +2 % a week)?")
            }
            if volume.rounded() < 1 {
                // Three significant digits: 0.1, not 0.10000000000000009.
                var scale = 1.0
                while volume * scale < 100, scale < 1e15 { scale *= 10 }
                let shown = (volume * scale).rounded() / scale
                return ModelError(
                    FieldPath.root.key("weekly_growth"),
                    "\(weeklyGrowth.shown) leaves week \(week) with \(shown.shown) sessions, which rounds to 0; expected "
                        + "at least 1 session in every week of the \(weeks)-week horizon, as sessions_per_week must be")
            }
        }
        return nil
    }

    /// The message for a horizon beyond ``maximumWeeks``, for a number of weeks as written.
    ///
    /// - Parameter weeks: The number of weeks, as the file or the command line wrote it.
    /// - Returns: `2000 weeks is beyond the 1040-week horizon Sextant simulates`.
    public static func beyondHorizon(_ weeks: String) -> String {
        "\(weeks) weeks is beyond the \(maximumWeeks)-week horizon Sextant simulates"
    }

    /// All sessions of week `week` (1-based), rounded to a whole number.
    public func sessions(inWeek week: Int) -> Int {
        Int((sessionsPerWeek * pow1p(weeklyGrowth, week - 1)).rounded())
    }

    /// The stage in force in `week`, if any.
    public func stage(inWeek week: Int) -> Stage? { stages.last { $0.fromWeek <= week } }

    /// The fraction of intent `index`'s traffic the AI handles in `week`.
    public func aiFraction(intent index: Int, week: Int) -> Double {
        let intent = intents[index]
        guard intent.autopilot else { return 0 }
        guard let stage = stage(inWeek: week) else { return 1 }
        if let names = stage.autopilot, !names.contains(intent.name) { return 0 }
        return stage.aiShare
    }

    /// The weeks up to `horizon` at which something changes (stages start, improvements land),
    /// sorted, with week 1: between two of them every week has the same parameters.
    public func changeWeeks(horizon: Int) -> [Int] {
        Array(Set([1] + stages.map(\.fromWeek) + improvements.map(\.week)).filter { $0 >= 1 && $0 <= horizon }).sorted()
    }

    /// (1 + g)^n by repeated multiplication (n is small).
    private func pow1p(_ g: Double, _ n: Int) -> Double {
        var value = 1.0
        for _ in 0..<max(0, n) { value *= 1 + g }
        return value
    }
}
