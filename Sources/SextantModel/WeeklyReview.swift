import SextantStats

/// How a weekly review is asked for.
public struct WeeklyReviewOptions: Sendable {
    /// The interval method of every rate (default Wilson).
    public var method: IntervalMethod = .wilson
    /// The confidence level of every interval; the significance level of the week-on-week tests
    /// is 1 − confidence (default 0.95, so 5 %).
    public var confidence = 0.95
    /// The workflow whose targets apply; nil picks the log's only workflow, else `service`.
    public var workflow: Workflow?
    /// Overrides from a targets file.
    public var overrides = TargetOverrides()
    /// How many handoff reasons each week lists, and how many the trend follows (default 5).
    public var topReasons = 5
    /// Review only the last this many calendar weeks, ending with the latest week in the log; nil
    /// for every week from the first to the latest.
    public var weeks: Int?
    /// The changes the team made, to show against the trend.
    public var changes: [RolloutChange] = []
    /// Proposes, for a change's intent that no intent of the log has, the log's intent it likely
    /// means (a "did you mean"); nil proposes none.
    public var closestIntent: (@Sendable (_ name: String, _ intents: [String]) -> String?)?

    /// The defaults: Wilson at 95 %, the targets chosen from the log, the top 5 reasons, every week.
    public init() {}

    /// The most weeks a review spans: 520 (ten years), so that one stray date cannot make a
    /// review of thousands of empty weeks.
    public static let maximumWeeks = 520
}

/// The weekly review the seed recommends during a rollout, for all sessions and, when the log is
/// split by intent, for each intent: per ISO week the rates with their intervals and target
/// verdicts, the change against the previous week with its significance, a p-chart of each rate,
/// the top handoff reasons with their trend and the improvement each calls for, and the team's
/// changes shown against the trend.
///
/// Weeks are calendar ISO weeks (Monday to Sunday) from the first week shown to the latest week in
/// the log: a week without sessions in between is listed without data, and the week after it is
/// compared with the last week that had data (``WeeklyReview/Week/comparedWith`` names it). The
/// first week shown is compared with the week before it in the log, when there is one.
public struct WeeklyReview: Sendable {
    /// One ISO week of one scope.
    public struct Week: Hashable, Sendable {
        /// The ISO week label, `2026-W37`.
        public let week: String
        /// The week's counts (all zero for a week without sessions).
        public let tally: Tally
        /// The rates with their intervals.
        public let metrics: Metrics
        /// The rates judged against their targets.
        public let gaps: Gaps
        /// The week this one is compared with: the latest earlier week with sessions; nil when
        /// there is none, or this week has no sessions.
        public let comparedWith: String?
        /// This week's rate minus that week's, for each measured metric with data in both.
        public let change: [Metric: RateDifference]
        /// The p-chart limits at this week's sessions, for each measured metric with data.
        public let control: [Metric: ControlLimits]
        /// Sessions that involved a human (tagged help or follow-up).
        public let handoffSessions: Int
        /// The week's top handoff reasons with Goodman intervals, the rest grouped; empty when
        /// the log records no reasons or the week had no handoff.
        public let reasons: [ReasonShare]
        /// The team's changes dated in this week.
        public let changes: [RolloutChange]

        /// Whether the week had sessions.
        public var hasData: Bool { tally.sessions > 0 }
    }

    /// A handoff reason among the latest week's top ones, followed over the weeks shown.
    public struct ReasonTrend: Hashable, Sendable {
        /// The reason as the log writes it, or `(no reason given)`.
        public let reason: String
        /// The reason code it names, if any.
        public let code: HandoffReason?
        /// Its share of the latest week's handoffs, with the Goodman interval of that week's table.
        public let latest: ReasonShare
        /// Sessions handed off for this reason, one per week shown (0 for a week without sessions).
        public let counts: [Int]
        /// Those sessions over all sessions of the week, one per week shown; nil without sessions.
        public let rates: [Double?]
        /// The latest week's rate minus the previous week with sessions; nil when there is none.
        public let change: RateDifference?

        /// The improvement the seed recommends for it, when its code is known.
        public var action: String? { code?.action }
    }

    /// The review of one set of sessions: all of them, or one intent's.
    public struct Scope: Hashable, Sendable {
        /// The intent; nil for all sessions.
        public let intent: String?
        /// The weeks shown, oldest first.
        public let weeks: [Week]
        /// The latest week with sessions, whose reasons the trend follows; nil when none has.
        public let latestWeek: String?
        /// The latest week's top reasons over the weeks shown.
        public let reasonTrends: [ReasonTrend]
        /// The changes that apply to this scope (every change for all sessions; those without an
        /// intent or for this intent otherwise), with the rates before and after each.
        public let changeEffects: [ChangeEffect]
        /// The pooled rate of each metric over the weeks shown: the p-charts' centre lines.
        public let centers: [Metric: Double]
    }

    /// The inputs read.
    public let inputs: [String]
    /// The interval method.
    public let method: IntervalMethod
    /// The confidence level of every interval.
    public let confidence: Double
    /// The targets judged against.
    public let targets: Targets
    /// How the workflow was chosen, for the report's notes.
    public let workflowChoice: String
    /// True when the log had no review information, so every session counted as reviewed.
    public let reviewAssumed: Bool
    /// Whether the inputs had a handoff-reason column.
    public let reasonsRecorded: Bool
    /// Rejected rows.
    public let invalidRows: InvalidRows
    /// The weeks asked for (`--weeks`); nil for all.
    public let weeksAsked: Int?
    /// Sessions of the log in weeks before the ones shown.
    public let sessionsBefore: Int
    /// All sessions.
    public let all: Scope
    /// Each intent, in name order; empty unless the log was split by intent.
    public let intents: [Scope]
    /// Every change given, in date order.
    public let changes: [RolloutChange]
    /// In a review by intent, the changes aimed at an intent the log has none of, in date order:
    /// shown for all sessions and in no intent's review.
    public let unmatchedChanges: [UnmatchedChange]
    /// How many reasons each week lists.
    public let topReasons: Int

    /// The significance level of the week-on-week tests: 1 − confidence.
    public var significanceLevel: Double { 1 - confidence }
}
