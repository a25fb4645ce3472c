import SextantStats

/// What a team changed during a rollout: the four areas the seed's "How to improve results" names.
public enum ChangeArea: String, CaseIterable, Hashable, Sendable, Codable {
    /// The instructions and sub agents (prompts, scenarios, escalation rules).
    case instructions
    /// The knowledge assets (articles, policies, product data).
    case assets
    /// The actions the AI can take (refunds, bookings, CRM updates) and how well they run.
    case actions
    /// Which sessions reach the AI, and where it hands them.
    case routing
}

/// One change a team made during a rollout, as a changes file records it, placed in its ISO week.
public struct RolloutChange: Hashable, Sendable {
    /// The day it took effect, `YYYY-MM-DD`.
    public let date: String
    /// The ISO week of ``date`` (`2026-W12`).
    public let week: String
    /// What kind of thing changed.
    public let area: ChangeArea
    /// What changed, in the team's words.
    public let description: String
    /// The intent it was aimed at; nil for a change to every intent.
    public let intent: String?

    /// A change.
    ///
    /// - Parameters:
    ///   - date: the day it took effect, `YYYY-MM-DD`.
    ///   - week: the ISO week of that day (`2026-W12`).
    ///   - area: what kind of thing changed.
    ///   - description: what changed, in the team's words.
    ///   - intent: the intent it was aimed at; nil for every intent.
    public init(date: String, week: String, area: ChangeArea, description: String, intent: String? = nil) {
        self.date = date
        self.week = week
        self.area = area
        self.description = description
        self.intent = intent
    }
}

/// A change aimed at an intent the log has none of, in a review by intent: it is shown for all
/// sessions, in no intent's review.
public struct UnmatchedChange: Hashable, Sendable {
    /// The change; its ``RolloutChange/intent`` is the name no intent of the log has.
    public let change: RolloutChange
    /// The log's intent whose name is close to that one (a likely misspelling); nil when none is.
    public let suggestion: String?

    /// A change aimed at no intent of the log.
    ///
    /// - Parameters:
    ///   - change: the change.
    ///   - suggestion: the log's intent closest to the one it names, if any is close.
    public init(change: RolloutChange, suggestion: String?) {
        self.change = change
        self.suggestion = suggestion
    }
}

/// The rates before and after a change: the weeks shown from the previous change's week (or the
/// first week shown) up to the change's week, against the weeks from the change's week up to the
/// next change's week (or the last week shown).
///
/// The change's own week counts as after: a change made mid-week already acts on part of it,
/// which pulls the measured move towards zero rather than inventing one. Changes in the same week
/// share their periods. Weeks without sessions add nothing.
public struct ChangeEffect: Hashable, Sendable {
    /// The change.
    public let change: RolloutChange
    /// The weeks with sessions pooled as "before", in order; empty when none is shown.
    public let beforeWeeks: [String]
    /// The weeks with sessions pooled as "after", in order; empty when none is shown.
    public let afterWeeks: [String]
    /// The counts before.
    public let before: Tally
    /// The counts after.
    public let after: Tally
    /// The rates before (with their intervals).
    public let beforeMetrics: Metrics
    /// The rates after (with their intervals).
    public let afterMetrics: Metrics
    /// After minus before, for each measured metric that has data on both sides.
    public let differences: [Metric: RateDifference]
}

/// How a difference of two rates reads: a real move (better or worse for the metric) or noise.
public enum ChangeReading: String, CaseIterable, Hashable, Sendable {
    /// A significant move in the good direction (up for contained and resolution, down for issues).
    case improved
    /// A significant move in the bad direction.
    case worsened
    /// Not significant: the rates may well be the same.
    case noise
}

/// The difference of two independent rates — this week minus the week compared with, or after a
/// change minus before it — with Newcombe's hybrid score interval and the two-sided pooled z-test
/// p-value (`TwoProportions` in SextantStats).
public struct RateDifference: Hashable, Sendable {
    /// p̂ − p̂₀, the later rate minus the earlier one.
    public let difference: Double
    /// Newcombe's hybrid score interval for the difference, at the review's confidence.
    public let interval: Interval
    /// The two-sided p-value of the pooled two-proportion z test of equal rates.
    public let pValue: Double
    /// Whether the p-value is below the significance level, 1 − confidence.
    public let significant: Bool
    /// How the move reads for its metric.
    public let reading: ChangeReading

    /// The difference of `count`/`total` and `earlierCount`/`earlierTotal`; nil when either has
    /// no trials.
    ///
    /// - Parameters:
    ///   - count: the later sessions that satisfy the metric.
    ///   - total: the later sessions it is computed over.
    ///   - earlierCount: the earlier sessions that satisfy it.
    ///   - earlierTotal: the earlier sessions it is computed over.
    ///   - confidence: the interval's confidence; the test's level is 1 − confidence.
    ///   - lowerIsBetter: whether a fall is an improvement (issue rates, reasons).
    /// - Throws: `StatsError` for invalid counts or confidence.
    public init?(
        count: Int, total: Int, earlierCount: Int, earlierTotal: Int, confidence: Double, lowerIsBetter: Bool
    ) throws(StatsError) {
        guard total > 0, earlierTotal > 0 else { return nil }
        difference = Double(count) / Double(total) - Double(earlierCount) / Double(earlierTotal)
        interval = try TwoProportions.newcombeInterval(
            count1: count, total1: total, count2: earlierCount, total2: earlierTotal, confidence: confidence)
        pValue = try TwoProportions.zTestPValue(count1: count, total1: total, count2: earlierCount, total2: earlierTotal)
        significant = pValue < 1 - confidence
        if !significant {
            reading = .noise
        } else {
            reading = (difference < 0) == lowerIsBetter ? .improved : .worsened
        }
    }

    /// The difference of `metric` between two tallies; nil when either has no trials for it.
    static func of(_ metric: Metric, _ later: Tally, against earlier: Tally, confidence: Double) throws(StatsError)
        -> RateDifference?
    {
        try RateDifference(
            count: later.count(metric) ?? 0, total: later.total(metric) ?? 0, earlierCount: earlier.count(metric) ?? 0,
            earlierTotal: earlier.total(metric) ?? 0, confidence: confidence, lowerIsBetter: metric.isIssueRate)
    }
}
