import Foundation
import SextantModel
import SextantStats

/// The answer of `sextant review`: the weekly review of a log, for all sessions and, asked for,
/// for each intent — per week the rates against their targets, the change against the previous
/// week and whether it is real, the p-chart limits, the top handoff reasons with their trend and
/// the improvement each calls for, and the team's changes against the trend.
public struct ReviewReport: Renderable, Sendable {
    /// What was reviewed.
    public let review: WeeklyReview

    /// The report of a review.
    ///
    /// - Parameter review: the weekly review.
    public init(_ review: WeeklyReview) { self.review = review }

    var r: WeeklyReview { review }
    var level: String { Format.confidence(r.confidence) }
    var intervalName: String { "\(level) \(r.method.rawValue) interval" }

    // MARK: Document

    /// A summary, then for all sessions and each intent: the weeks with their rates, the changes
    /// against the previous week, the p-chart limits, the reasons; the team's changes; notes.
    public func document() -> Document {
        var blocks: [Document.Block] = [.heading("Weekly review")]
        let weeks = r.all.weeks
        guard let first = weeks.first, let last = weeks.last else {
            blocks.append(.paragraph("No sessions in " + r.inputs.joined(separator: ", ") + ": there is no week to review."))
            blocks.append(.heading("Notes"))
            blocks.append(.list(notes()))
            return Document(blocks, data: dataTable())
        }
        let shown = weeks.reduce(into: Tally()) { $0.add($1.tally) }
        blocks.append(
            .paragraph(
                "\(Format.count(shown.sessions, "session")) (\(Format.count(shown.reviewed)) reviewed) in "
                    + "\(Format.count(weeks.count, "ISO week")), \(first.week) to \(last.week), from "
                    + r.inputs.joined(separator: ", ") + ". Targets: \(r.targets.workflow.rawValue) (\(r.workflowChoice)); "
                    + "\(level) \(r.method.rawValue) intervals; a change counts as real when its two-sided p-value is "
                    + "below \(Format.confidence(r.significanceLevel))."))
        blocks.append(.list(highlights(r.all)))
        blocks += scopeBlocks(r.all, title: nil)
        if !r.changes.isEmpty {
            blocks.append(.heading("Changes against the trend"))
            blocks.append(
                .paragraph(
                    "Each change's rates after it (its own week up to the next change) against before it (from the previous "
                        + "change's week); a mid-week change acts on part of its week, which pulls the difference towards zero."))
            blocks.append(.table(changeTable(r.all)))
            blocks.append(.table(effectTable(r.all)))
        }
        for scope in r.intents {
            blocks += scopeBlocks(scope, title: scope.intent)
        }
        blocks.append(.heading("Notes"))
        blocks.append(.list(notes()))
        return Document(blocks, data: dataTable(), guide: guide())
    }

    /// What a reader should see first: the latest week's verdicts, its real changes, and signals.
    func highlights(_ scope: WeeklyReview.Scope) -> [String] {
        guard let latest = scope.weeks.last(where: \.hasData) else { return ["No sessions in the weeks shown."] }
        var items: [String] = []
        let verdicts = [Metric.contained, .resolution].map { metric in
            "\(metric.label) \(Format.percent(latest.metrics[metric]?.value, decimals: 1)) "
                + "(\(latest.gaps.verdict(metric)?.rawValue ?? "not judged"))"
        }
        items.append("Latest week \(latest.week): " + verdicts.joined(separator: ", ") + ".")
        if let previous = latest.comparedWith {
            let real = Metric.measured.compactMap { metric -> String? in
                guard let change = latest.change[metric], change.significant else { return nil }
                return "\(metric.label) \(change.reading.rawValue) (\(Format.points(change.difference * 100)), "
                    + "p \(Self.pValue(change.pValue).hasPrefix("<") ? "" : "= ")\(Self.pValue(change.pValue)))"
            }
            items.append(
                "Against \(previous): "
                    + (real.isEmpty ? "no real change; every move is within noise." : real.joined(separator: "; ") + "."))
        }
        let signals = scope.weeks.flatMap { week in
            Metric.measured.compactMap { metric -> String? in
                guard let limits = week.control[metric], let side = limits.side else { return nil }
                return "\(week.week) \(metric.label) \(side.rawValue) its control limits"
            }
        }
        items.append(
            signals.isEmpty
                ? "Control charts: every week within its limits (no move beyond week-to-week noise)."
                : "Control charts: " + signals.joined(separator: "; ") + ".")
        if let top = scope.reasonTrends.first {
            items.append(
                "Top handoff reason in \(scope.latestWeek ?? latest.week): \(top.reason) (\(Format.percent(top.latest.share)) "
                    + "of handoffs); "
                    + (top.action.map { "improvement: \($0)." } ?? "map it to a reason code to get an improvement."))
        }
        return items
    }

    func scopeBlocks(_ scope: WeeklyReview.Scope, title: String?) -> [Document.Block] {
        let prefix = title.map { "Intent \($0): " } ?? ""
        var blocks: [Document.Block] = []
        if let title {
            blocks.append(.heading("Intent \(title)"))
            blocks.append(.list(highlights(scope)))
        }
        blocks.append(.heading(prefix + "Rates by week"))
        blocks.append(.table(weekTable(scope)))
        let charts = charts(scope, prefix: prefix)
        blocks.append(.chart(charts.rates))
        blocks.append(.heading(prefix + "Issue rates by week (over reviewed sessions)"))
        blocks.append(.table(issueTable(scope)))
        blocks.append(.chart(charts.issues))
        blocks.append(.heading(prefix + "Change against the previous week"))
        blocks.append(
            .paragraph(
                "Difference of rates (this week minus the week compared with), Newcombe's hybrid score interval, and the "
                    + "two-sided pooled z-test p-value; \"noise\" means the rates may well be the same."))
        blocks.append(.table(changeAgainstPreviousTable(scope)))
        if let bars = charts.latestChange { blocks.append(.chart(bars)) }
        blocks.append(.heading(prefix + "Control limits (p-charts)"))
        blocks.append(
            .paragraph(
                "Centre: each rate pooled over the weeks shown; limits: centre ± 3 standard errors at the week's sessions "
                    + "(reviewed sessions for issue rates), within 0–100%. A week outside its limits moved more than "
                    + "week-to-week noise explains."))
        blocks.append(.table(controlTable(scope)))
        if !scope.reasonTrends.isEmpty {
            blocks.append(.heading(prefix + "Top handoff reasons of \(scope.latestWeek ?? "the latest week")"))
            blocks.append(
                .paragraph(
                    "Share of the week's handoffs with \(level) simultaneous (Goodman) intervals; by week, the sessions handed "
                        + "off for the reason as a share of all the week's sessions; the change is the latest week's against "
                        + "the previous one."))
            blocks.append(.table(reasonTable(scope)))
            blocks.append(.chart(charts.reasons))
        } else if !r.reasonsRecorded {
            blocks.append(.paragraph("The log has no handoff_reason column, so there are no handoff reasons to rank."))
        }
        if title != nil, !scope.changeEffects.isEmpty {
            blocks.append(.heading(prefix + "Changes against the trend"))
            blocks.append(.table(effectTable(scope)))
        }
        return blocks
    }

    // MARK: Tables

    func weekTable(_ scope: WeeklyReview.Scope) -> Table {
        var table = Table(
            columns: [
                .init("week"), .init("sessions", .right), .init("contained", .right), .init(level + " interval", .right),
                .init("verdict"), .init("resolution", .right), .init(level + " interval", .right), .init("verdict"),
                .init("changes"),
            ],
            rows: scope.weeks.map { week -> [Cell] in
                guard week.hasData else {
                    return [.text(week.week), .count(0), "no data", "–", "–", "no data", "–", "–", Self.changesCell(week)]
                }
                let m = week.metrics
                return [
                    .text(week.week), .count(week.tally.sessions), .percent(m.contained.value, decimals: 1),
                    Self.interval(m.contained, decimals: 1), .verdict(week.gaps.contained.verdict),
                    .percent(m.resolution.value, decimals: 1), Self.interval(m.resolution, decimals: 1),
                    .verdict(week.gaps.resolution.verdict), Self.changesCell(week),
                ]
            })
        if r.changes.isEmpty {
            table.columns.removeLast()
            table.rows = table.rows.map { Array($0.dropLast()) }
        }
        return table
    }

    func issueTable(_ scope: WeeklyReview.Scope) -> Table {
        var columns: [Table.Column] = [.init("week"), .init("reviewed", .right)]
        for metric in Metric.issueRates { columns += [.init(metric.rawValue, .right), .init("verdict")] }
        return Table(
            columns: columns,
            rows: scope.weeks.map { week -> [Cell] in
                var row: [Cell] = [.text(week.week), .count(week.tally.reviewed)]
                for metric in Metric.issueRates {
                    let rate = week.metrics[metric]!
                    row += [
                        rate.total == 0
                            ? "no data" : .text(Format.percent(rate.value, decimals: 2) + " (\(Format.count(rate.count)))"),
                        rate.total == 0 ? "–" : .verdict(week.gaps.verdict(metric)),
                    ]
                }
                return row
            })
    }

    func changeAgainstPreviousTable(_ scope: WeeklyReview.Scope) -> Table {
        var rows: [[Cell]] = []
        for metric in Metric.measured {
            for week in scope.weeks {
                guard let previous = week.comparedWith else { continue }
                rows.append([.text(metric.label), .text(week.week), .text(previous)] + Self.differenceCells(week.change[metric]))
            }
        }
        return Table(
            columns: [
                .init("metric"), .init("week"), .init("against"), .init("difference", .right),
                .init("\(level) interval", .right), .init("p-value", .right), .init("reading"),
            ], rows: rows)
    }

    func controlTable(_ scope: WeeklyReview.Scope) -> Table {
        var rows: [[Cell]] = []
        for metric in Metric.measured {
            let decimals = metric.percentDecimals
            for week in scope.weeks {
                let rate = week.metrics[metric]!
                guard let limits = week.control[metric] else {
                    rows.append([
                        .text(metric.label), .text(week.week), "no data", .percent(scope.centers[metric], decimals: decimals),
                        "–", "",
                    ])
                    continue
                }
                rows.append([
                    .text(metric.label), .text(week.week), .percent(rate.value, decimals: decimals),
                    .percent(limits.center, decimals: decimals),
                    .interval(lower: limits.lowerLimit, upper: limits.upperLimit, decimals: decimals),
                    .text(limits.side.map { "\($0.rawValue) the limits" } ?? ""),
                ])
            }
        }
        return Table(
            columns: [
                .init("metric"), .init("week"), .init("rate", .right), .init("centre", .right), .init("limits", .right),
                .init("signal"),
            ], rows: rows)
    }

    func reasonTable(_ scope: WeeklyReview.Scope) -> Table {
        let weeks = scope.weeks.map(\.week)
        var columns: [Table.Column] = [
            .init("reason"), .init("sessions", .right), .init("share", .right), .init("\(level) interval", .right),
        ]
        columns += weeks.map { Table.Column($0, .right) }
        columns += [.init("change", .right), .init("p-value", .right), .init("improvement")]
        return Table(
            columns: columns,
            rows: scope.reasonTrends.map { trend -> [Cell] in
                var row: [Cell] = [
                    .text(trend.reason), .count(trend.latest.count), .percent(trend.latest.share, decimals: 1),
                    .interval(lower: trend.latest.interval.lower, upper: trend.latest.interval.upper, decimals: 1),
                ]
                row += trend.rates.map { Cell.percent($0, decimals: 1) }
                row += [
                    .points(trend.change.map { $0.difference * 100 }),
                    .text(trend.change.map { Self.pValue($0.pValue) } ?? "–"),
                    .text(trend.action ?? (trend.code == nil && trend.reason.hasPrefix("(") ? "–" : Self.freeText)),
                ]
                return row
            })
    }

    func changeTable(_ scope: WeeklyReview.Scope) -> Table {
        Table(
            columns: [
                .init("date"), .init("week"), .init("area"), .init("intent"), .init("what"), .init("before"), .init("after"),
            ],
            rows: scope.changeEffects.map { effect -> [Cell] in
                let change = effect.change
                return [
                    .text(change.date), .text(change.week), .text(change.area.rawValue), .text(change.intent ?? "all"),
                    .text(change.description), .text(Self.weekRange(effect.beforeWeeks)),
                    .text(Self.weekRange(effect.afterWeeks)),
                ]
            })
    }

    func effectTable(_ scope: WeeklyReview.Scope) -> Table {
        var rows: [[Cell]] = []
        for effect in scope.changeEffects {
            for metric in Metric.measured {
                let decimals = metric.percentDecimals
                rows.append(
                    [
                        .text("\(effect.change.date) \(effect.change.area.rawValue)"), .text(metric.label),
                        .percent(effect.beforeMetrics[metric]?.value, decimals: decimals),
                        .percent(effect.afterMetrics[metric]?.value, decimals: decimals),
                    ] + Self.differenceCells(effect.differences[metric]))
            }
        }
        return Table(
            columns: [
                .init("change"), .init("metric"), .init("before", .right), .init("after", .right), .init("difference", .right),
                .init("\(level) interval", .right), .init("p-value", .right), .init("reading"),
            ], rows: rows)
    }

    // MARK: Cells

    static let freeText = "free text: map it to a reason code to get an improvement"

    static func differenceCells(_ difference: RateDifference?) -> [Cell] {
        guard let difference else { return ["–", "–", "–", "no data"] }
        return [
            .points(difference.difference * 100, decimals: 1),
            .pointsRange(lower: difference.interval.lower * 100, upper: difference.interval.upper * 100, decimals: 1),
            .text(pValue(difference.pValue)), .text(difference.reading.rawValue),
        ]
    }

    static func changesCell(_ week: WeeklyReview.Week) -> Cell {
        .text(week.changes.map { "\($0.area.rawValue) (\($0.date))" }.joined(separator: ", "))
    }

    /// A p-value for people: three decimals, `< 0.001` below that.
    static func pValue(_ value: Double) -> String {
        value < 0.001 ? "< 0.001" : Format.decimal(value, 3)
    }

    static func weekRange(_ weeks: [String]) -> String {
        guard let first = weeks.first, let last = weeks.last else { return "none shown" }
        return first == last ? first : "\(first) to \(last)"
    }

    static func interval(_ rate: Rate, decimals: Int) -> Cell {
        .interval(lower: rate.interval?.lower, upper: rate.interval?.upper, decimals: decimals)
    }

    // MARK: Notes

    /// What the reader should be warned of, also written in the notes: each change aimed at an
    /// intent the log has none of, in a review by intent.
    ///
    /// - Returns: one sentence per such change, naming it, its intent and the log's intents (a
    ///   "did you mean" when one is close).
    public func warnings() -> [String] {
        let intents = r.intents.compactMap(\.intent)
        let listed = intents.prefix(10).map { "\"\($0)\"" }.joined(separator: ", ") + (intents.count > 10 ? ", …" : "")
        return r.unmatchedChanges.map { unmatched in
            let change = unmatched.change
            return "The change \"\(change.description)\" (\(change.date)) is aimed at the intent \"\(change.intent ?? "")\", "
                + "which the log has none of: it is shown for all sessions only. The log's "
                + "\(Format.count(intents.count, "intent")): \(listed)"
                + (unmatched.suggestion.map { "; did you mean \"\($0)\"?" } ?? ".")
        }
    }

    func notes() -> [String] {
        var notes = warnings()
        notes.append("Targets: \(r.targets.source). Issue ceilings: \(r.targets.issues.source).")
        notes.append(
            "Weeks are ISO weeks (Monday to Sunday) of started_at. A week without sessions between two weeks with sessions is "
                + "listed as no data; the week after it is compared with the last week that had sessions.")
        if let asked = r.weeksAsked {
            notes.append(
                "The last \(Format.count(asked, "week")) ending with the latest week in the log (--weeks \(asked)); "
                    + "\(Format.count(r.sessionsBefore, "earlier session")) left out, except as the comparison of the first week shown."
            )
        }
        notes += MeasurementReport.inputNotes(reviewAssumed: r.reviewAssumed, invalidRows: r.invalidRows)
        let chance = 1 - pow(1 - r.significanceLevel, Double(Metric.measured.count))
        notes.append(
            "Even when nothing changed, at least one of the six rates would look like a real change in about "
                + "\(Format.percent(chance, decimals: 0)) of weeks (were they independent): read a single change together with "
                + "the control charts and the next week.")
        notes.append(
            "Verdicts: below (upper bound < floor), met (lower bound ≥ floor), above (lower bound > ceiling), inconclusive otherwise."
        )
        return notes
    }
}
