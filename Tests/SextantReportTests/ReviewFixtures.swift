import SextantModel
import SextantReport
import SextantStats

/// Weekly reviews built from fixed tallies (no file is read), for the review's goldens.
enum ReviewFixtures {
    /// The review reports with goldens.
    static let names = ["review", "review-intents", "review-hostile"]

    /// The review report called `name`.
    static func report(_ name: String) throws -> ReviewReport {
        switch name {
        case "review": ReviewReport(try review(names: .plain, byIntent: false))
        case "review-intents": ReviewReport(try review(names: .plain, byIntent: true))
        default: ReviewReport(try review(names: .hostile, byIntent: true))
        }
    }

    /// Four weeks across a year boundary with a week without sessions (2026-W01), two intents
    /// from `names`, reasons from `names`, and two changes (one for the first intent).
    /// With `misspelt`, a third change aimed at the first intent's name with an extra letter, and
    /// a suggestion rule that proposes the first intent for it.
    static func review(names: Fixtures.Names, byIntent: Bool, misspelt: Bool = false) throws -> WeeklyReview {
        var summary = LogSummary()
        summary.inputs = [names.file]
        summary.dimensions = byIntent ? [.week, .intent] : [.week]
        summary.reasonsRecorded = true
        summary.workflows = ["service-ecommerce": 1]
        let weeks = ["2025-W51", "2025-W52", "2026-W02", "2026-W03"]
        for (w, week) in weeks.enumerated() {
            for (i, intent) in names.intents.prefix(2).enumerated() {
                let sessions = 300 + 40 * w + 100 * i
                let help = sessions / (w == 2 ? 9 : 5) + 7 * i
                let reviewed = w == 1 && i == 1 ? 0 : sessions / 10
                let segment = Fixtures.tally(
                    sessions, help: help, unresolved: help + sessions / 12, reviewed: reviewed,
                    p0: w == 0 && i == 0 ? 1 : 0, p1: reviewed == 0 ? 0 : (w + i) % 3, p2: reviewed == 0 ? 0 : 2 + w)
                let reasons: [String?: Int] = [
                    names.reasons[0]: segment.unresolved / 2, names.reasons[1]: segment.unresolved / 4 - 5 * w,
                    names.reasons[2]: segment.unresolved / 8 + 6 * w,
                ]
                let rest = segment.unresolved - reasons.values.reduce(0, +)
                let key = SegmentKey(byIntent ? [week, intent] : [week])
                summary.segments[key, default: Tally()].add(segment)
                var merged = summary.segmentReasons[key] ?? [:]
                for (reason, count) in reasons.merging([nil: rest], uniquingKeysWith: +) { merged[reason, default: 0] += count }
                summary.segmentReasons[key] = merged
                summary.overall.add(segment)
            }
        }
        var options = WeeklyReviewOptions()
        options.topReasons = 3
        options.changes = [
            RolloutChange(
                date: "2025-12-23", week: "2025-W52", area: .instructions, description: "Escalation rules " + names.reasons[1]),
            RolloutChange(
                date: "2026-01-08", week: "2026-W02", area: .routing, description: "Route " + names.channels[1],
                intent: names.intents[0]),
        ]
        if misspelt {
            let intent = names.intents[0]
            options.changes.append(
                RolloutChange(date: "2026-01-13", week: "2026-W03", area: .assets, description: "Articles", intent: intent + "s"))
            options.closestIntent = { name, _ in name == intent + "s" ? intent : nil }
        }
        return try WeeklyReview(summary, options: options)
    }
}
