import SextantModel
import SextantStats

// The sections of lever ranking and target search: blocks a report (such as `plan`'s) places in
// its document, and the JSON members it places under `levers` and `target_search`.

extension LeverRanking {
    /// The metrics whose lifts a lever table shows beside the one it ranks by, so that every
    /// trade-off is in view: contained, resolution, any issue, P0 issues and automation.
    public static let tradeOffMetrics: [Metric] = [.contained, .resolution, .any, .p0, .automation]

    /// The ranked tables shown by default: by `LeverRanking.rankedBy`, then by each of
    /// contained, resolution and any issue.
    public var defaultMetrics: [Metric] {
        [rankedBy] + [Metric.contained, .resolution, .any].filter { $0 != rankedBy }
    }

    /// The section: what a lever and a lift are, the metrics without a lever, then per metric the
    /// levers ranked by its lift (the best `top`), the first with its tornado chart.
    ///
    /// - Parameters:
    ///   - metrics: The metrics to rank by, one table each; nil for ``defaultMetrics``.
    ///   - top: The rows of each table.
    /// - Returns: The blocks, a heading first.
    public func blocks(metrics: [Metric]? = nil, top: Int = 10) -> [Document.Block] {
        let share = Format.compactPercent(Lever.stepShare)
        var blocks: [Document.Block] = [
            .heading("Levers"),
            .paragraph(
                "Each lever closes \(share) of the remaining gap between a parameter and its goal in every week: knowledge and "
                    + "instruction coverage, action coverage and success and gap escalation toward 100%, premature handoffs, "
                    + "conflicting assets and residual errors toward 0% (gap escalation also toward 0%, which trades issues for "
                    + "containment). The Auto-Pilot switch takes an intent off Auto-Pilot in every week, or puts one on; for all "
                    + "intents it takes the sensitive ones off. A lift is the change of a metric's exact expectation over the "
                    + "\(weeks)-week horizon; for issue rates a negative lift is better."),
            .paragraph(
                draws == 1
                    ? "No parameter is uncertain: every lift is exact."
                    : "Lifts are paired over \(Format.count(draws)) parameter draws (seed \(seed)): each draw gives the metric with "
                        + "and without the lever, and the table shows the mean change, its 5%–95% band and the share of draws in "
                        + "which it is above zero."),
            .paragraph("Not levers:"),
            .list(Self.notLevers.map { "\($0.rawValue): \($0.notALever ?? "")" }),
            .paragraph(
                "Without a lever: "
                    + Metric.allCases.compactMap { metric in
                        baseline[metric].map { "\(metric.label) \(Self.band($0, metric))" }
                    }
                    .joined(separator: ", ") + "."),
        ]
        for (index, metric) in (metrics ?? defaultMetrics).enumerated() {
            blocks.append(.heading("Levers ranked by \(metric.label) lift"))
            blocks.append(.table(table(by: metric, top: top)))
            if index == 0 { blocks.append(.chart(chart(by: metric, top: top))) }
        }
        return blocks
    }

    /// The best `top` levers by `metric`'s lift: rank, intent, lever, the lift's mean, 5%–95% band
    /// and P(lift > 0), the mean lifts of the ``tradeOffMetrics``, and the action.
    ///
    /// - Parameters:
    ///   - metric: The metric to rank by.
    ///   - top: The rows.
    /// - Returns: The table.
    public func table(by metric: Metric, top: Int = 10) -> Table {
        let others = Self.tradeOffMetrics.filter { $0 != metric }
        let rows = ranked(by: metric).prefix(top).enumerated().map { index, row -> [Cell] in
            let lift = row.lifts[metric]
            return [.integer(index + 1), .text(Self.scope(row)), .text(row.lever.label)]
                + [
                    Self.points(lift?.mean, metric),
                    .pointsRange(
                        lower: lift.map { $0.p05 * 100 }, upper: lift.map { $0.p95 * 100 }, decimals: Self.decimals(metric)),
                    .percent(lift?.probabilityPositive, decimals: 1),
                ]
                + others.map { Self.points(row.lifts[$0]?.mean, $0) } + [.text(row.action)]
        }
        return Table(
            columns: [.init("rank", .right), .init("intent"), .init("lever"), .init("\(metric.label) lift", .right)]
                + [.init("5%–95%", .right), .init("P(lift > 0)", .right)] + others.map { .init($0.label, .right) }
                + [.init("action")],
            rows: rows)
    }

    /// The tornado chart of the best `top` levers by `metric`'s lift: one bar per lever from zero to
    /// its mean lift, whiskers from the 5th to the 95th percentile.
    ///
    /// - Parameters:
    ///   - metric: The metric to rank by.
    ///   - top: The bars.
    /// - Returns: The chart.
    public func chart(by metric: Metric, top: Int = 10) -> Chart {
        Chart(
            "\(metric.label) lift of the top levers", kind: .bars, axis: "lever", interval: "5%–95%",
            decimals: Self.decimals(metric),
            series: [
                .init(
                    metric.label,
                    points: ranked(by: metric).prefix(top).map { row in
                        let lift = row.lifts[metric]
                        return .init(
                            "\(Self.scope(row)): \(row.lever.label)", value: lift?.mean, lower: lift?.p05, upper: lift?.p95)
                    })
            ])
    }

    /// The `levers` member: every row ranked by `LeverRanking.rankedBy`, each with its rank,
    /// intent (null for all intents), the intents it changes, the lever (`lever`, `direction`,
    /// `label`, `goal`), the action and the lift of every metric (`mean`, `sd`, `p05`, `p50`,
    /// `p95`, `probability_positive`; null when the metric has no value after the lever).
    ///
    /// - Returns: A JSON array.
    public func json() -> JSON {
        .array(
            rows.enumerated().map { index, row in
                .object([
                    ("rank", .int(index + 1)),
                    ("intent", row.intent.map(JSON.string) ?? .null),
                    ("intents", .array(row.intents.map(JSON.string))),
                    ("lever", .string(row.lever.key)),
                    ("direction", .string(row.lever.direction)),
                    ("label", .string(row.lever.label)),
                    ("goal", .number(row.lever.goal)),
                    ("action", .string(row.action)),
                    (
                        "lifts",
                        .object(
                            Metric.allCases.map { metric in
                                (metric.rawValue, row.lifts[metric].map(Self.liftJSON) ?? .null)
                            })
                    ),
                ])
            })
    }

    /// How the ranking was made: `ranked_by`, `draws`, `seed`, `weeks`, `step_share`, the
    /// parameters that are `not_levers` (with the reason) and each metric's `baseline`
    /// distribution over the draws — for a report to place beside ``json()``.
    ///
    /// - Returns: A JSON object.
    public func settingsJSON() -> JSON {
        .object([
            ("ranked_by", .string(rankedBy.rawValue)),
            ("draws", .int(draws)),
            ("seed", .unsigned(seed)),
            ("weeks", .int(weeks)),
            ("step_share", .number(Lever.stepShare)),
            (
                "not_levers",
                .array(
                    Self.notLevers.map {
                        .object([("parameter", .string($0.rawValue)), ("reason", .string($0.notALever ?? ""))])
                    })
            ),
            ("baseline", .object(Metric.allCases.map { ($0.rawValue, SimulationReport.summaryJSON(baseline[$0])) })),
        ])
    }

    private static func liftJSON(_ lift: Lift) -> JSON {
        let d = lift.distribution
        return .object([
            ("mean", .number(d.mean)), ("sd", .number(d.sd)), ("p05", .number(d.p05)), ("p50", .number(d.p50)),
            ("p95", .number(d.p95)), ("probability_positive", .number(lift.probabilityPositive)),
        ])
    }

    /// Where a row's lever is pulled: an intent, all intents, or the sensitive ones.
    private static func scope(_ row: Row) -> String {
        if let intent = row.intent { return intent }
        if case .autopilot = row.lever { return "sensitive intents (" + row.intents.joined(separator: ", ") + ")" }
        return "all intents"
    }

    /// Lifts are small: two decimals of a point for rates, three for issue rates.
    private static func decimals(_ metric: Metric) -> Int { metric.isIssueRate ? 3 : 2 }

    private static func points(_ lift: Double?, _ metric: Metric) -> Cell {
        .points(lift.map { $0 * 100 }, decimals: decimals(metric))
    }

    private static func band(_ summary: SampleSummary, _ metric: Metric) -> String {
        let decimals = metric.percentDecimals
        let mean = Format.percent(summary.mean, decimals: decimals)
        guard summary.p05 != summary.p95 else { return mean }
        return mean + " (5%–95%: " + Format.percentRange(summary.p05, summary.p95, decimals: decimals) + ")"
    }
}

extension TargetSearchResult {
    /// The section: a sentence with the answer (or the reason there is none) and a one-row table.
    ///
    /// - Returns: The blocks, a heading first.
    public func blocks() -> [Document.Block] {
        [
            .heading("Target search"),
            .paragraph(sentence),
            .table(
                Table(
                    columns: [
                        .init("metric"), .init("target", .right), .init("lever"), .init("intent"),
                        .init("probability", .right), .init("value", .right), .init("reachable"),
                    ],
                    rows: [
                        [
                            .text(metric.label),
                            .text(comparison + " " + Format.percent(target, decimals: metric.percentDecimals)),
                            .text(lever.rawValue), .text(intent ?? "all intents"), .percent(probability, decimals: 0),
                            value.map { .text(bound + " " + Format.percent(shownValue($0), decimals: 2)) } ?? .text("–"),
                            .text(reachable ? "yes" : "no"),
                        ]
                    ])),
        ]
    }

    /// The `target_search` member: `metric`, `target`, `lever`, `intent` (null for every intent),
    /// `probability`, `value` (null when not reachable), `reachable`, then `direction`
    /// (`at_least` or `at_most`: how `value` bounds the lever), `reason` (null when reachable),
    /// `current` (the metric at the scenario's point values), `lever_current` (the lever's point
    /// value, null when the intents' differ) and `draws`.
    ///
    /// - Returns: A JSON object.
    public func json() -> JSON {
        .object([
            ("metric", .string(metric.rawValue)),
            ("target", .number(target)),
            ("lever", .string(lever.rawValue)),
            ("intent", intent.map(JSON.string) ?? .null),
            ("probability", .number(probability)),
            ("value", .number(value)),
            ("reachable", .bool(reachable)),
            ("direction", .string(goal == 1 ? "at_least" : "at_most")),
            ("reason", reason.map(JSON.string) ?? .null),
            ("current", .number(current)),
            ("lever_current", .number(leverCurrent)),
            ("draws", .int(draws)),
        ])
    }

    private var comparison: String { metric.isIssueRate ? "≤" : "≥" }
    private var bound: String { goal == 1 ? "at least" : "at most" }

    /// The value rounded at two decimals of a percent in the safe direction: up for a minimum,
    /// down for a maximum.
    private func shownValue(_ value: Double) -> Double {
        let scaled = value * 10_000
        return (goal == 1 ? (scaled - 1e-6).rounded(.up) : (scaled + 1e-6).rounded(.down)) / 10_000
    }

    private var sentence: String {
        let goalText = "\(metric.label) \(comparison) \(Format.percent(target, decimals: metric.percentDecimals))"
        let scope = intent.map { "for intent \($0)" } ?? "for every intent"
        let certainty =
            draws == 1
            ? "exact: no other parameter is uncertain"
            : "with probability \(Format.percent(probability, decimals: 0)) over \(Format.count(draws)) parameter draws"
        let now = current.map { " (now \(Format.percent($0, decimals: metric.percentDecimals)))" } ?? ""
        guard let value, reachable else {
            return "\(goalText)\(now) over the \(weeks)-week horizon is out of reach of \(lever.rawValue): "
                + (reason ?? "no value from 0% to 100% reaches it") + "."
        }
        let leverNow = leverCurrent.map { " (now \(Format.percent($0, decimals: 2)))" } ?? ""
        return "\(goalText)\(now) over the \(weeks)-week horizon (\(certainty)) takes \(lever.rawValue) \(bound) "
            + "\(Format.percent(shownValue(value), decimals: 2)) \(scope)\(leverNow), in every week."
    }
}
