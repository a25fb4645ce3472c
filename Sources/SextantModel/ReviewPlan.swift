import SextantStats

/// How many sessions each rate criterion of a gate needs — AI sessions to show a contained or
/// resolution rate at or above its floor, reviewed sessions to bound an issue rate under its
/// ceiling — from the scenario's own expected rates, and when the scenario's expected volume and
/// review rate supply them.
///
/// For each criterion, at the target week W: the rate expected over the window the gate would judge
/// at W (the policy's last ``GatePolicy/windowWeeks`` weeks, else weeks 1…W; exact expectations at
/// the parameters' point values, weighted by expected AI sessions); the sessions at which the
/// gate's own interval (method, per-look confidence) clears the threshold with probability `power`
/// when the rate is that (``MetricTarget/sessionsToSettle(rate:power:method:confidence:)``, exact
/// binomial power); for a ceiling, also the reviews that clear it when no issue at all is seen
/// (``MetricTarget/sessionsForZeroIssues(method:confidence:)``, the fewest that can ever do); those
/// sessions spread over the window's weeks; and the first week whose window is expected to hold
/// them.
public struct ReviewPlan: Hashable, Sendable {
    /// One criterion's sample.
    public struct Row: Hashable, Sendable {
        /// The metric judged.
        public let metric: Metric
        /// Its floor or ceiling.
        public let threshold: Double
        /// The rate expected over the window judged at the target week; nil without AI traffic.
        public let expectedRate: Double?
        /// The sessions (AI sessions for a floor, reviewed sessions for a ceiling) the window needs
        /// for the gate's bound to clear the threshold with the plan's power; nil when no number
        /// does (the expected rate is on the wrong side of the threshold, or on it).
        public let sessionsNeeded: Int?
        /// For a ceiling: the reviewed sessions that clear it with no issue seen; nil for a floor.
        public let zeroIssueSessions: Int?
        /// ``sessionsNeeded`` spread evenly over the window's weeks at the target week.
        public let perWeekNeeded: Int?
        /// What the scenario is expected to supply per week over that window: AI sessions for a
        /// floor, reviews (AI sessions × review rate) for a ceiling.
        public let expectedPerWeek: Double
        /// For a ceiling: the review rate that would supply ``perWeekNeeded``; nil for a floor.
        public let reviewRateNeeded: Double?
        /// The first week whose window is expected to hold ``sessionsNeeded`` at the scenario's
        /// volume and review rate; nil when none within the horizon does.
        public let reachedWeek: Int?
    }

    /// The week by which the criteria are to be shown.
    public let byWeek: Int
    /// The probability with which each criterion is to clear its threshold.
    public let power: Double
    /// The policy whose criteria are planned.
    public let policy: GatePolicy
    /// The horizon searched for ``Row/reachedWeek``: the weeks planned (the scenario's by default),
    /// or the target week if later.
    public let horizon: Int
    /// One row per rate criterion, in policy order.
    public let rows: [Row]

    /// Plans the samples of `policy`'s rate criteria for `scenario`.
    ///
    /// - Parameters:
    ///   - scenario: the session population, at its parameters' point values.
    ///   - policy: the gate (its method, per-look confidence, window and thresholds).
    ///   - targets: what the policy's `target` floors refer to.
    ///   - byWeek: the week by which each criterion is to be shown, at least 1.
    ///   - power: the probability of clearing each threshold, in (0, 1).
    ///   - weeks: the horizon; nil for the scenario's.
    /// - Throws: `StatsError` for an invalid power or confidence.
    /// - Complexity: O(weeks · intents) for the expectations, plus O(log² n) intervals per criterion.
    public init(
        _ scenario: Scenario, policy: GatePolicy, targets: Targets, byWeek: Int, power: Double, weeks: Int? = nil
    ) throws(StatsError) {
        guard power > 0, power < 1 else {
            throw .invalidArgument("power \(power) is not between 0 and 1 (exclusive); use e.g. 0.8")
        }
        let byWeek = max(1, byWeek)
        let horizon = max(weeks ?? scenario.weeks, byWeek)
        let expectation = Expectation(scenario, weeks: horizon)
        func window(_ week: Int) -> ArraySlice<Expectation.Week> {
            expectation.weeks[(policy.windowWeeks.map { max(0, week - $0) } ?? 0)..<week]
        }
        let judged = window(byWeek)
        let aiSessions = judged.reduce(0) { $0 + $1.aiSessions }
        var rows: [Row] = []
        for (kind, threshold) in policy.thresholds(targets) {
            guard case .rate(let metric) = kind else { continue }
            let perSession = metric.isIssueRate ? scenario.reviewRate : 1
            let weighted = judged.reduce(0.0) { $0 + $1.aiSessions * ($1.rates?[metric] ?? 0) }
            let rate = aiSessions > 0 ? weighted / aiSessions : nil
            let target: MetricTarget =
                metric.isIssueRate
                ? .ceiling(threshold, zeroTolerance: false) : .range(TargetRange(floor: threshold, ceiling: 1))
            let zeroIssues =
                metric.isIssueRate
                ? try target.sessionsForZeroIssues(method: policy.method, confidence: policy.lookConfidence) : nil
            let needed = try Self.sessions(target, rate: rate, zeroIssues: zeroIssues, power: power, policy: policy)
            let perWeek = needed.map { Int((Double($0) / Double(judged.count)).rounded(.up)) }
            let reached = needed.flatMap { needed in
                (1...horizon).first { week in window(week).reduce(0) { $0 + $1.aiSessions } * perSession >= Double(needed) }
            }
            let supplied = aiSessions * perSession / Double(judged.count)
            rows.append(
                Row(
                    metric: metric, threshold: threshold, expectedRate: rate, sessionsNeeded: needed,
                    zeroIssueSessions: zeroIssues, perWeekNeeded: perWeek, expectedPerWeek: supplied,
                    reviewRateNeeded: metric.isIssueRate && aiSessions > 0
                        ? perWeek.map { Double($0) / (aiSessions / Double(judged.count)) } : nil,
                    reachedWeek: reached))
        }
        self.byWeek = byWeek
        self.power = power
        self.policy = policy
        self.horizon = horizon
        self.rows = rows
    }

    /// The sessions that clear `target` with probability `power` at `rate`: for an issue rate
    /// expected to be 0 (or a rate expected to be 1), the sessions that clear it when every one
    /// goes the expected way; nil for a rate on the wrong side of (or on) the threshold.
    private static func sessions(
        _ target: MetricTarget, rate: Double?, zeroIssues: Int?, power: Double, policy: GatePolicy
    ) throws(StatsError) -> Int? {
        guard let rate, target.isSatisfied(by: rate), rate != target.threshold else { return nil }
        if rate <= 0 { return zeroIssues }
        if rate >= 1 {
            // All n of n: the lower bound at n/n reaches f exactly when the upper bound at 0/n is
            // within 1 − f (every method is symmetric).
            return try MetricTarget.ceiling(1 - target.threshold, zeroTolerance: false).sessionsForZeroIssues(
                method: policy.method, confidence: policy.lookConfidence)
        }
        return try target.sessionsToSettle(rate: rate, power: power, method: policy.method, confidence: policy.lookConfidence)
    }
}

extension GatePolicy {
    /// The policy a workflow's targets imply: contained and resolution at their target floors, and
    /// every issue ceiling the targets set — what planning judges when no policy is given.
    ///
    /// - Parameter targets: the targets whose ceilings are used.
    /// - Returns: a policy at 95 % with Wilson intervals, no minimum counts and no window.
    public static func targets(_ targets: Targets) -> GatePolicy {
        var policy = GatePolicy()
        policy.contained = .targetFloor
        policy.resolution = .targetFloor
        for metric in Metric.issueRates {
            if let target = targets.target(for: metric) { policy.ceilings[metric] = target.threshold }
        }
        return policy
    }
}
