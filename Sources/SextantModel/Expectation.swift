/// The exact expected rates of a scenario at its parameters' point values (each distribution's
/// mean): per week (stages and improvements applied), per intent and over the whole horizon.
///
/// They come from summing the compiled leaves of each intent's session tree — no sampling. Rates
/// pooled over weeks or intents weight each part by its expected AI sessions; total automation is
/// the share of *all* traffic (AI and human) that the AI resolved.
public struct Expectation: Hashable, Sendable {
    /// One week's expectations.
    public struct Week: Hashable, Sendable {
        /// The week (1-based).
        public let week: Int
        /// All sessions of the week.
        public let sessions: Int
        /// Expected AI sessions.
        public let aiSessions: Double
        /// The rates of an AI session; nil when no traffic goes to the AI.
        public let rates: ModelRates?
        /// Share of all the week's sessions resolved by the AI.
        public let automation: Double
        /// P(reason) for an AI session, per handoff reason.
        public let reasons: [Double]
    }

    /// One intent's expectations over the horizon.
    public struct Intent: Hashable, Sendable {
        /// The intent's name.
        public let name: String
        /// Expected AI sessions over the horizon.
        public let aiSessions: Double
        /// The rates of its AI sessions; nil when it never reaches the AI.
        public let rates: ModelRates?
        /// Share of all its sessions (AI and human) resolved by the AI.
        public let automation: Double
    }

    /// Each week's expectations, week 1 first.
    public let weeks: [Week]
    /// Each intent's expectations over the horizon, in the scenario's order.
    public let intents: [Intent]
    /// The rates of an AI session over the whole horizon; nil when no traffic reaches the AI.
    public let overall: ModelRates?
    /// Share of all sessions over the horizon resolved by the AI.
    public let automation: Double
    /// Expected AI sessions over the horizon.
    public let aiSessions: Double
    /// All sessions over the horizon.
    public let sessions: Int
    /// Each handoff reason's expected share of the handoff sessions over the horizon, in
    /// `HandoffReason.allCases` order; nil when no session is handed off.
    public let reasonShares: [Double?]

    /// The expectations of `scenario` over `weeks` weeks (default: the scenario's), at each
    /// intent's parameters `base` before improvements (default: every distribution's mean) — for
    /// instance the parameters one replication of a simulation drew (``ReplicationRun/parameters``).
    public init(_ scenario: Scenario, weeks: Int? = nil, at base: [IntentPoint]? = nil) {
        let horizon = weeks ?? scenario.weeks
        let base = base ?? scenario.intents.map(IntentPoint.init(means:))
        var weekResults: [Week] = []
        var intentWeighted = scenario.intents.map { _ in [(Double, ModelRates)]() }
        var intentSessions = [Double](repeating: 0, count: scenario.intents.count)
        var pooled: [(Double, ModelRates)] = []
        var resolvedAll = 0.0
        var sessionsAll = 0
        for week in 1...max(1, horizon) where week <= horizon {
            let points = scenario.points(base, inWeek: week)
            let distributions = points.map(LeafDistribution.init)
            let sessions = scenario.sessions(inWeek: week)
            var parts: [(weight: Double, distribution: LeafDistribution)] = []
            for (index, distribution) in distributions.enumerated() {
                let weight = scenario.intents[index].share * scenario.aiFraction(intent: index, week: week)
                parts.append((weight, distribution))
                intentSessions[index] += Double(sessions) * scenario.intents[index].share
                if weight > 0 { intentWeighted[index].append((Double(sessions) * weight, distribution.rates)) }
            }
            let aiFraction = parts.reduce(0) { $0 + $1.weight }
            let mixture = LeafDistribution.mixture(parts)
            let aiSessions = Double(sessions) * aiFraction
            let rates = mixture?.rates
            let automation = aiFraction * (rates?.resolution ?? 0)
            if let rates { pooled.append((aiSessions, rates)) }
            resolvedAll += Double(sessions) * automation
            sessionsAll += sessions
            weekResults.append(
                Week(
                    week: week, sessions: sessions, aiSessions: aiSessions, rates: rates, automation: automation,
                    reasons: mixture?.reasons ?? [Double](repeating: 0, count: HandoffReason.allCases.count)))
        }
        self.weeks = weekResults
        self.intents = scenario.intents.indices.map { index in
            let parts = intentWeighted[index]
            let resolved = parts.reduce(0) { $0 + $1.0 * $1.1.resolution }
            return Intent(
                name: scenario.intents[index].name, aiSessions: parts.reduce(0) { $0 + $1.0 }, rates: ModelRates.pooled(parts),
                automation: intentSessions[index] > 0 ? resolved / intentSessions[index] : 0)
        }
        overall = ModelRates.pooled(pooled)
        aiSessions = pooled.reduce(0) { $0 + $1.0 }
        sessions = sessionsAll
        automation = sessionsAll > 0 ? resolvedAll / Double(sessionsAll) : 0
        let reasonSessions = HandoffReason.allCases.map { reason in
            weekResults.reduce(0.0) { $0 + $1.aiSessions * $1.reasons[reason.index] }
        }
        let handoffs = reasonSessions.reduce(0, +)
        reasonShares = reasonSessions.map { handoffs > 0 ? $0 / handoffs : nil }
    }
}

extension ModelRates {
    /// The weighted average of several parts' rates; nil when the weights sum to 0.
    static func pooled(_ parts: [(Double, ModelRates)]) -> ModelRates? {
        let total = parts.reduce(0) { $0 + $1.0 }
        guard total > 0 else { return nil }
        func mean(_ value: (ModelRates) -> Double) -> Double { parts.reduce(0) { $0 + $1.0 * value($1.1) } / total }
        var issues: [Severity: Double] = [:]
        for severity in Severity.allCases { issues[severity] = mean { $0.issues[severity] ?? 0 } }
        return ModelRates(
            contained: mean(\.contained), resolution: mean(\.resolution), issues: issues, anyIssue: mean(\.anyIssue))
    }
}

/// One application of a planned improvement: the change to make to one intent's parameter.
public struct ImprovementStep: Hashable, Sendable {
    /// The intent's index in the scenario.
    public let intent: Int
    /// The parameter changed.
    public let parameter: Parameter
    /// The improvement that makes the change.
    public let improvement: Improvement
}

extension Scenario {
    /// The changes in force in `week`: every improvement of a week up to it, each applied to every
    /// intent it names (all intents when it names none), in the order they apply — by week, then as
    /// listed. The one rule for improvements that exact expectations and simulations share.
    public func improvementSteps(inWeek week: Int) -> [ImprovementStep] {
        improvements.filter { $0.week <= week }.flatMap { improvement in
            intents.indices.filter { improvement.intent == nil || improvement.intent == intents[$0].name }.map {
                ImprovementStep(intent: $0, parameter: improvement.parameter, improvement: improvement)
            }
        }
    }

    /// Each intent's point in `week`: `base` with the ``improvementSteps(inWeek:)`` applied.
    public func points(_ base: [IntentPoint], inWeek week: Int) -> [IntentPoint] {
        var points = base
        for step in improvementSteps(inWeek: week) {
            points[step.intent][step.parameter] = step.improvement.applied(to: points[step.intent][step.parameter])
        }
        return points
    }
}
