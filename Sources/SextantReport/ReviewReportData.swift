import SextantModel
import SextantStats

// The review's charts, JSON and CSV.
extension ReviewReport {
    /// The charts of one scope, drawn from the same figures as its tables.
    struct ScopeCharts {
        /// Contained and resolution by week with their intervals and target bands.
        var rates: Chart
        /// P0, P1, P2 and any-issue rates by week with their intervals and ceilings.
        var issues: Chart
        /// The latest week's change against the previous week, per metric (bars); nil without one.
        var latestChange: Chart?
        /// The latest week's top reasons by week, as a share of each week's sessions.
        var reasons: Chart
    }

    func charts(_ scope: WeeklyReview.Scope, prefix: String) -> ScopeCharts {
        func series(_ metric: Metric) -> Chart.Series {
            .init(
                metric.label,
                points: scope.weeks.map { week in
                    let rate = week.metrics[metric]!
                    var point = Chart.Point(
                        week.week, value: rate.value, lower: rate.interval?.lower, upper: rate.interval?.upper,
                        target: r.targets.target(for: metric))
                    point.controlLower = week.control[metric]?.lowerLimit
                    point.controlUpper = week.control[metric]?.upperLimit
                    return point
                }, centre: scope.centers[metric])
        }
        let rates = Chart(
            prefix + "Rates by week against their targets, with control limits", kind: .series, axis: "week",
            interval: intervalName,
            series: [series(.contained), series(.resolution)])
        let issues = Chart(
            prefix + "Issue rates by week against their ceilings, with control limits", kind: .series, axis: "week",
            interval: intervalName,
            decimals: 2, series: Metric.issueRates.map(series))
        var latestChange: Chart?
        if let latest = scope.weeks.last(where: \.hasData), let previous = latest.comparedWith {
            latestChange = Chart(
                prefix + "Change in \(latest.week) against \(previous)", kind: .bars, axis: "metric",
                interval: "\(level) Newcombe interval",
                series: [
                    .init(
                        "difference",
                        points: Metric.measured.map { metric in
                            let change = latest.change[metric]
                            return .init(
                                metric.label, value: change?.difference, lower: change?.interval.lower,
                                upper: change?.interval.upper)
                        })
                ])
        }
        let reasons = Chart(
            prefix + "Top handoff reasons by week (share of sessions)", kind: .series, axis: "week", interval: "no interval",
            series: scope.reasonTrends.map { trend in
                .init(trend.reason, points: zip(scope.weeks, trend.rates).map { .init($0.week, value: $1) })
            })
        return ScopeCharts(rates: rates, issues: issues, latestChange: latestChange, reasons: reasons)
    }

    // MARK: JSON

    /// Every figure under stable snake_case keys: the weeks of all sessions at the top, each
    /// intent's under `intents`.
    public func json() -> JSON {
        let shown = r.all.weeks.reduce(into: Tally()) { $0.add($1.tally) }
        var fields: [(String, JSON)] = [
            ("schema_version", .int(jsonSchemaVersion)),
            ("inputs", .array(r.inputs.map(JSON.string))),
            ("sessions", .int(shown.sessions)),
            ("reviewed", .int(shown.reviewed)),
            ("review_assumed", .bool(r.reviewAssumed)),
            ("method", .string(r.method.rawValue)),
            ("confidence", .number(r.confidence)),
            ("significance_level", .number(r.significanceLevel)),
            ("workflow", .string(r.targets.workflow.rawValue)),
            ("workflow_choice", .string(r.workflowChoice)),
            ("targets", r.targets.json),
            ("weeks_requested", r.weeksAsked.map(JSON.int) ?? .null),
            ("sessions_before", .int(r.sessionsBefore)),
        ]
        fields += scopeFields(r.all)
        fields += [
            ("intents", .array(r.intents.map { .object([("intent", .string($0.intent ?? ""))] + scopeFields($0)) })),
            ("invalid_rows", .int(r.invalidRows.count)),
            ("invalid_row_examples", .array(r.invalidRows.examples.map(JSON.string))),
        ]
        return .object(fields)
    }

    private func scopeFields(_ scope: WeeklyReview.Scope) -> [(String, JSON)] {
        [
            ("latest_week", scope.latestWeek.map(JSON.string) ?? .null),
            ("weeks", .array(scope.weeks.map(weekJSON))),
            ("centers", .object(Metric.measured.map { ($0.rawValue, .number(scope.centers[$0])) })),
            ("reason_trends", .array(scope.reasonTrends.map { trendJSON($0, weeks: scope.weeks) })),
            ("changes", .array(scope.changeEffects.map(effectJSON))),
        ]
    }

    private func weekJSON(_ week: WeeklyReview.Week) -> JSON {
        .object([
            ("week", .string(week.week)),
            ("has_data", .bool(week.hasData)),
            ("sessions", .int(week.tally.sessions)),
            ("reviewed", .int(week.tally.reviewed)),
            ("handoff_sessions", .int(week.handoffSessions)),
            ("metrics", MeasurementReport.metricsJSON(week.metrics)),
            (
                "verdicts",
                .object(Metric.measured.map { ($0.rawValue, week.gaps.verdict($0).map { .string($0.rawValue) } ?? .null) })
            ),
            ("gaps", MeasurementReport.gapsJSON(week.gaps)),
            ("issue_gaps", MeasurementReport.issueGapsJSON(week.gaps)),
            ("compared_with", week.comparedWith.map(JSON.string) ?? .null),
            ("change", .object(Metric.measured.map { ($0.rawValue, week.change[$0].map(Self.differenceJSON) ?? .null) })),
            ("control", .object(Metric.measured.map { ($0.rawValue, week.control[$0].map(Self.controlJSON) ?? .null) })),
            ("top_reasons", .array(week.reasons.map(MeasurementReport.reasonJSON))),
            ("changes", .array(week.changes.map(Self.changeJSON))),
        ])
    }

    static func differenceJSON(_ difference: RateDifference) -> JSON {
        .object([
            ("difference", .number(difference.difference)),
            ("lower", .number(difference.interval.lower)),
            ("upper", .number(difference.interval.upper)),
            ("p_value", .number(difference.pValue)),
            ("significant", .bool(difference.significant)),
            ("reading", .string(difference.reading.rawValue)),
        ])
    }

    static func controlJSON(_ limits: ControlLimits) -> JSON {
        .object([
            ("center", .number(limits.center)),
            ("lower_limit", .number(limits.lowerLimit)),
            ("upper_limit", .number(limits.upperLimit)),
            ("signal", .bool(limits.signal)),
            ("side", limits.side.map { .string($0.rawValue) } ?? .null),
        ])
    }

    static func changeJSON(_ change: RolloutChange) -> JSON { .object(changeFields(change)) }

    static func changeFields(_ change: RolloutChange) -> [(String, JSON)] {
        [
            ("date", .string(change.date)),
            ("week", .string(change.week)),
            ("area", .string(change.area.rawValue)),
            ("what", .string(change.description)),
            ("intent", change.intent.map(JSON.string) ?? .null),
        ]
    }

    private func trendJSON(_ trend: WeeklyReview.ReasonTrend, weeks: [WeeklyReview.Week]) -> JSON {
        .object([
            ("reason", .string(trend.reason)),
            ("code", trend.code.map { .string($0.rawValue) } ?? .null),
            ("action", trend.action.map(JSON.string) ?? .null),
            ("latest", MeasurementReport.reasonJSON(trend.latest)),
            (
                "weeks",
                .array(
                    zip(weeks, zip(trend.counts, trend.rates)).map { week, value in
                        .object([("week", .string(week.week)), ("count", .int(value.0)), ("rate", .number(value.1))])
                    })
            ),
            ("change", trend.change.map(Self.differenceJSON) ?? .null),
        ])
    }

    private func effectJSON(_ effect: ChangeEffect) -> JSON {
        .object(
            Self.changeFields(effect.change) + [
                ("before_weeks", .array(effect.beforeWeeks.map(JSON.string))),
                ("after_weeks", .array(effect.afterWeeks.map(JSON.string))),
                ("before", MeasurementReport.metricsJSON(effect.beforeMetrics)),
                ("after", MeasurementReport.metricsJSON(effect.afterMetrics)),
                (
                    "difference",
                    .object(Metric.measured.map { ($0.rawValue, effect.differences[$0].map(Self.differenceJSON) ?? .null) })
                ),
            ])
    }

    // MARK: CSV

    /// One row per (scope, week, metric): the rate, its verdict, its change against the previous
    /// week and its control limits.
    func dataTable() -> Table {
        let columns = [
            "scope", "intent", "week", "metric", "count", "total", "rate", "lower", "upper", "method", "confidence", "verdict",
            "compared_with", "difference", "difference_lower", "difference_upper", "p_value", "significant", "reading",
            "center", "lower_limit", "upper_limit", "signal",
        ].map { Table.Column($0) }
        var rows: [[Cell]] = []
        for scope in [r.all] + r.intents {
            for week in scope.weeks {
                for metric in Metric.measured {
                    let rate = week.metrics[metric]!
                    let change = week.change[metric]
                    let limits = week.control[metric]
                    rows.append([
                        .text(scope.intent == nil ? "all" : "intent"), .text(scope.intent ?? ""), .text(week.week),
                        .text(metric.rawValue), .integer(rate.count), .integer(rate.total), .number(rate.value, .shortest),
                        .number(rate.interval?.lower, .shortest), .number(rate.interval?.upper, .shortest),
                        .text(rate.method.rawValue), .number(rate.confidence, .shortest), .verdict(week.gaps.verdict(metric)),
                        .text(change == nil ? "" : week.comparedWith ?? ""), .number(change?.difference, .shortest),
                        .number(change?.interval.lower, .shortest), .number(change?.interval.upper, .shortest),
                        .number(change?.pValue, .shortest), .text(change.map { String($0.significant) } ?? ""),
                        .text(change?.reading.rawValue ?? ""), .number(limits?.center, .shortest),
                        .number(limits?.lowerLimit, .shortest), .number(limits?.upperLimit, .shortest),
                        .text(limits.map { String($0.signal) } ?? ""),
                    ])
                }
            }
        }
        return Table(columns: columns, rows: rows)
    }
}
