import SextantStats
import Testing

@testable import SextantModel

@Suite("Weekly review")
struct WeeklyReviewTests {
    /// Weeks 2026-W10, W11, (no W12), W13 and W14 of two intents; W13 has no reviews.
    static func summary(byIntent: Bool = true) -> LogSummary {
        var summary = LogSummary()
        summary.inputs = ["log.csv"]
        summary.dimensions = byIntent ? [.intent, .week] : [.week]
        summary.reasonsRecorded = true
        let weeks = [("2026-W10", 0), ("2026-W11", 1), ("2026-W13", 3), ("2026-W14", 4)]
        for (week, w) in weeks {
            for (i, intent) in ["billing", "returns"].enumerated() {
                let sessions = 200 + 20 * w + 50 * i
                let reviewed = w == 3 ? 0 : 40
                let tally = Tally(
                    sessions: sessions, humanHelp: 40 - 5 * w + 10 * i, unresolved: 60 - 5 * w + 10 * i, reviewed: reviewed,
                    p0: 0, p1: reviewed > 0 ? 1 : 0, p2: reviewed > 0 ? w % 2 : 0, anyIssue: reviewed > 0 ? 1 + w % 2 : 0)
                let key = SegmentKey(byIntent ? [intent, week] : [week])
                summary.segments[key, default: Tally()].add(tally)
                let reasons: [String?: Int] = [
                    "missing_knowledge": 30 - 5 * w, "action_failed": 20 + 10 * i, nil: tally.unresolved - 50 - 10 * i + 5 * w,
                ]
                summary.segmentReasons[key, default: [:]].merge(reasons, uniquingKeysWith: +)
                summary.overall.add(tally)
            }
        }
        return summary
    }

    @Test("weeks run from the first to the latest, a week without sessions listed without data")
    func weeks() throws {
        let review = try WeeklyReview(Self.summary(), options: WeeklyReviewOptions())
        #expect(review.all.weeks.map(\.week) == ["2026-W10", "2026-W11", "2026-W12", "2026-W13", "2026-W14"])
        #expect(review.all.weeks.map(\.hasData) == [true, true, false, true, true])
        #expect(review.all.weeks.map(\.comparedWith) == [nil, "2026-W10", nil, "2026-W11", "2026-W13"])
        #expect(review.all.weeks[2].change.isEmpty && review.all.weeks[2].control.isEmpty)
        // W13 has no reviews: no issue change against W11, no issue limits; W14 has no issue change against W13.
        #expect(review.all.weeks[3].change.keys.sorted { $0.rawValue < $1.rawValue } == [.contained, .resolution])
        #expect(review.all.weeks[3].control[.p1] == nil && review.all.weeks[3].control[.contained] != nil)
        #expect(review.all.weeks[4].change[.p1] == nil && review.all.weeks[4].change[.contained] != nil)
        #expect(review.intents.map(\.intent) == ["billing", "returns"])
    }

    @Test("every week of all sessions adds up its intents' weeks")
    func intentsAddUp() throws {
        let review = try WeeklyReview(Self.summary(), options: WeeklyReviewOptions())
        for (index, week) in review.all.weeks.enumerated() {
            var sum = Tally()
            for intent in review.intents { sum.add(intent.weeks[index].tally) }
            #expect(sum == week.tally)
        }
        let unsplit = try WeeklyReview(Self.summary(byIntent: false), options: WeeklyReviewOptions())
        #expect(unsplit.all.weeks == review.all.weeks)
        #expect(unsplit.intents.isEmpty)
    }

    @Test("the change is the exact difference with Newcombe's interval and the pooled z test")
    func change() throws {
        let review = try WeeklyReview(Self.summary(), options: WeeklyReviewOptions())
        let (week, previous) = (review.all.weeks[1].tally, review.all.weeks[0].tally)
        let change = try #require(review.all.weeks[1].change[.contained])
        #expect(
            change.difference == Double(week.contained) / Double(week.sessions) - Double(previous.contained)
                / Double(previous.sessions))
        let interval = try TwoProportions.newcombeInterval(
            count1: week.contained, total1: week.sessions, count2: previous.contained, total2: previous.sessions)
        #expect(change.interval == interval)
        let p = try TwoProportions.zTestPValue(
            count1: week.contained, total1: week.sessions, count2: previous.contained, total2: previous.sessions)
        #expect(change.pValue == p && change.significant == (p < 0.05))
        #expect(change.reading == (p < 0.05 ? (change.difference > 0 ? .improved : .worsened) : .noise))
    }

    @Test("a significant fall reads as improved for an issue rate and worsened for a rate that should rise")
    func readings() throws {
        let issues = try #require(
            try RateDifference(count: 2, total: 400, earlierCount: 30, earlierTotal: 400, confidence: 0.95, lowerIsBetter: true))
        #expect(issues.significant && issues.reading == .improved)
        let contained = try #require(
            try RateDifference(
                count: 300, total: 400, earlierCount: 360, earlierTotal: 400, confidence: 0.95, lowerIsBetter: false))
        #expect(contained.significant && contained.reading == .worsened)
        #expect(
            try RateDifference(count: 1, total: 0, earlierCount: 1, earlierTotal: 2, confidence: 0.95, lowerIsBetter: true) == nil
        )
    }

    @Test("p-chart limits: the pooled rate ± 3 standard errors at the week's n, clipped, a signal strictly outside")
    func controlLimits() throws {
        let review = try WeeklyReview(Self.summary(), options: WeeklyReviewOptions())
        let shown = review.all.weeks.filter(\.hasData)
        let pooled = Double(shown.map(\.tally.contained).reduce(0, +)) / Double(shown.map(\.tally.sessions).reduce(0, +))
        #expect(review.all.centers[.contained] == pooled)
        for week in shown {
            let limits = try #require(week.control[.contained])
            let sigma = (pooled * (1 - pooled) / Double(week.tally.sessions)).squareRoot()
            #expect(abs(limits.lowerLimit - max(0, pooled - 3 * sigma)) < 1e-15)
            #expect(abs(limits.upperLimit - min(1, pooled + 3 * sigma)) < 1e-15)
            let rate = Double(week.tally.contained) / Double(week.tally.sessions)
            #expect(limits.signal == (rate < limits.lowerLimit || rate > limits.upperLimit))
        }
        let clipped = try #require(ControlLimits(center: 0.01, count: 5, total: 20))
        #expect(clipped.lowerLimit == 0 && clipped.side == .above)
        #expect(ControlLimits(center: 0.5, count: 0, total: 0) == nil)
        #expect(ControlLimits(center: 0, count: 0, total: 10)?.signal == false)
    }

    @Test("--weeks keeps the last calendar weeks; the first shown is compared with the week before it")
    func lastWeeks() throws {
        var options = WeeklyReviewOptions()
        options.weeks = 3
        let review = try WeeklyReview(Self.summary(), options: options)
        #expect(review.all.weeks.map(\.week) == ["2026-W12", "2026-W13", "2026-W14"])
        #expect(review.all.weeks[1].comparedWith == "2026-W11")
        #expect(review.sessionsBefore == 450 + 490)
        let shown = review.all.weeks.map(\.tally).reduce(into: Tally()) { $0.add($1) }
        #expect(review.all.centers[.contained] == Double(shown.contained) / Double(shown.sessions))
    }

    @Test("reason trends follow the latest week's top reasons, as shares of each week's sessions")
    func reasons() throws {
        var options = WeeklyReviewOptions()
        options.topReasons = 2
        let review = try WeeklyReview(Self.summary(byIntent: false), options: options)
        #expect(review.all.latestWeek == "2026-W14")
        let trends = review.all.reasonTrends
        #expect(trends.map(\.reason) == ["action_failed", LogSummary.noReason])  // a tie with missing_knowledge, by name
        #expect(trends[0].code == .actionFailed && trends[0].action == HandoffReason.actionFailed.action)
        #expect(trends[0].counts == [50, 50, 0, 50, 50])
        #expect(trends[1].code == nil && trends[1].action == nil)
        #expect(trends[0].rates[2] == nil)
        #expect(trends[0].rates[0] == 50.0 / 450)
        #expect(review.all.weeks[0].reasons.count == 3)  // two listed, the rest grouped
    }

    @Test("a change splits the weeks into before (from the previous change) and after (to the next)")
    func changeEffects() throws {
        var options = WeeklyReviewOptions()
        options.changes = [
            RolloutChange(date: "2026-03-25", week: "2026-W13", area: .actions, description: "b"),
            RolloutChange(date: "2026-03-10", week: "2026-W11", area: .assets, description: "a", intent: "returns"),
        ]
        let review = try WeeklyReview(Self.summary(), options: options)
        #expect(review.changes.map(\.description) == ["a", "b"])
        let effects = review.all.changeEffects
        #expect(effects.map(\.beforeWeeks) == [["2026-W10"], ["2026-W11"]])
        #expect(effects.map(\.afterWeeks) == [["2026-W11"], ["2026-W13", "2026-W14"]])
        #expect(review.all.weeks[1].changes.map(\.description) == ["a"])
        let billing = try #require(review.intents.first)
        #expect(billing.changeEffects.map(\.change.description) == ["b"])
        #expect(billing.changeEffects[0].beforeWeeks == ["2026-W10", "2026-W11"])
        let after = effects[1].after
        #expect(after.sessions == review.all.weeks[3].tally.sessions + review.all.weeks[4].tally.sessions)
    }

    @Test("a change aimed at an intent the log has none of is listed as unmatched, with the suggestion asked for")
    func unmatchedChanges() throws {
        var options = WeeklyReviewOptions()
        options.changes = [
            RolloutChange(date: "2026-03-25", week: "2026-W13", area: .actions, description: "typo", intent: "retruns"),
            RolloutChange(date: "2026-03-10", week: "2026-W11", area: .assets, description: "kept", intent: "returns"),
            RolloutChange(date: "2026-03-11", week: "2026-W11", area: .routing, description: "far", intent: "shipping"),
            RolloutChange(date: "2026-03-12", week: "2026-W11", area: .routing, description: "everyone"),
        ]
        options.closestIntent = { name, intents in
            #expect(intents == ["billing", "returns"])
            return name == "retruns" ? "returns" : nil
        }
        let review = try WeeklyReview(Self.summary(), options: options)
        #expect(review.unmatchedChanges.map(\.change.description) == ["far", "typo"])
        #expect(review.unmatchedChanges.map(\.suggestion) == [nil, "returns"])
        // Still shown for all sessions, and in no intent's review.
        #expect(review.all.changeEffects.count == 4)
        #expect(
            review.intents.allSatisfy { scope in
                !scope.changeEffects.contains { ["far", "typo"].contains($0.change.description) }
            })
        // Without a review by intent, no change is unmatched: its intent is a label.
        let unsplit = try WeeklyReview(Self.summary(byIntent: false), options: options)
        #expect(unsplit.unmatchedChanges.isEmpty)
    }

    @Test("a summary without weeks, or spanning more weeks than a review shows, is refused with what to do")
    func refusals() throws {
        var summary = Self.summary()
        summary.dimensions = [.intent]
        #expect(throws: ModelError.self) { try WeeklyReview(summary, options: WeeklyReviewOptions()) }
        var long = LogSummary()
        long.dimensions = [.week]
        long.segments = [
            SegmentKey(["2001-W01"]): Tally(
                sessions: 1, humanHelp: 0, unresolved: 0, reviewed: 0, p0: 0, p1: 0, p2: 0, anyIssue: 0)
        ]
        long.segments[SegmentKey(["2026-W01"])] = long.segments[SegmentKey(["2001-W01"])]
        do {
            _ = try WeeklyReview(long, options: WeeklyReviewOptions())
            Issue.record("a 25-year log was reviewed")
        } catch {
            #expect(error.message.contains("--weeks"))
        }
        var options = WeeklyReviewOptions()
        options.weeks = 4
        #expect(try WeeklyReview(long, options: options).all.weeks.count == 4)
    }

    @Test("a log without sessions reviews no week")
    func empty() throws {
        var summary = LogSummary()
        summary.dimensions = [.week]
        let review = try WeeklyReview(summary, options: WeeklyReviewOptions())
        #expect(review.all.weeks.isEmpty && review.all.latestWeek == nil && review.all.reasonTrends.isEmpty)
    }
}
