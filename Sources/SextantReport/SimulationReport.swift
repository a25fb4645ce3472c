import SextantModel
import SextantStats

/// The answer of `sextant simulate`: exact expectations beside simulated distributions, per week
/// and per intent, with the verdict against the scenario's workflow targets.
public struct SimulationReport: Renderable, Sendable {
    /// The simulation rendered, with the targets and verdicts it carries.
    public let result: SimulationResult

    /// A report of `result`, judged against the targets it carries.
    ///
    /// - Parameter result: the simulation's results.
    public init(_ result: SimulationResult) {
        self.result = result
    }

    private var expectation: Expectation { result.expectation }

    private func expected(_ rates: ModelRates?, _ metric: Metric, automation: Double? = nil) -> Double? {
        metric == .automation ? automation : rates?[metric]
    }

    /// The share of replications reaching the floor, for a metric judged against a range (the
    /// column is `P(≥ floor)`).
    private func reachesFloor(_ metric: Metric) -> Double? {
        guard case .range = result.target(for: metric) else { return nil }
        return result.probabilityMeetingTarget[metric]
    }

    // MARK: Document

    /// The scenario, the overall table with its chart, weeks, intents and handoff reasons; CSV's
    /// table has one row per scope and metric.
    public func document() -> Document {
        let scenario = result.scenario
        let charts = charts()
        var blocks: [Document.Block] = [
            .heading("Scenario \(scenario.name)"),
            .paragraph(
                "\(scenario.workflow.rawValue), \(Format.count(result.weeks, "week")), \(Format.count(expectation.sessions, "session")) "
                    + "(\(Format.count(Int(expectation.aiSessions.rounded()))) expected on the AI), review rate "
                    + "\(Format.percent(scenario.reviewRate)); \(Format.count(result.replications, "replication")), seed \(result.seed)."
            ),
            .table(overallTable()),
            .chart(charts[0]),
            .chart(charts[1]),
            .paragraph(
                "Expected: exact model rates at the parameters' point values. Simulated: over "
                    + "\(Format.count(result.replications, "replication")) (uncertain parameters drawn anew in each). Verdicts judge the simulated 5%–95% band against "
                    + "the \(scenario.workflow.rawValue) targets; issue ceilings are Sextant's defaults, not the seed's."),
            .heading("Weeks"),
            .table(weekTable()),
            .chart(charts[2]),
            .heading("Intents"),
            .table(intentTable()),
        ]
        if let intentWeeks = result.intentWeeks {
            blocks.append(.heading("Intents by week (simulated resolution, mean)"))
            blocks.append(.table(intentWeekTable(intentWeeks)))
        }
        blocks.append(.heading("Handoff reasons (share of handoff sessions)"))
        blocks.append(.table(reasonTable()))
        return Document(blocks, data: dataTable(), guide: guide())
    }

    private func overallTable() -> Table {
        let rows = Metric.allCases.map { metric -> [Cell] in
            let summary = result.overall[metric]
            let decimals = metric.percentDecimals
            return [
                .text(metric.label),
                .percent(expected(expectation.overall, metric, automation: expectation.automation), decimals: decimals),
                .percent(summary?.mean, decimals: decimals), .percent(summary?.sd, decimals: decimals),
                Self.band(summary, decimals: decimals), Cell(result.target(for: metric)), .verdict(result.verdicts[metric]),
                .percent(reachesFloor(metric), decimals: 1),
            ]
        }
        return Table(
            columns: [
                .init("metric"), .init("expected", .right), .init("simulated", .right), .init("sd", .right),
                .init("5%–95%", .right), .init("target", .right), .init("verdict"), .init("P(≥ floor)", .right),
            ], rows: rows)
    }

    private static func band(_ summary: SampleSummary?, decimals: Int = 1) -> Cell {
        .interval(lower: summary?.p05, upper: summary?.p95, decimals: decimals)
    }

    private func weekTable() -> Table {
        let rows = expectation.weeks.enumerated().map { index, week -> [Cell] in
            let simulated = result.weekly[index]
            return [
                .integer(week.week), .count(week.sessions), .count(Int(week.aiSessions.rounded())),
                .percent(week.rates?.contained, decimals: 1), Self.band(simulated[.contained]),
                .percent(week.rates?.resolution, decimals: 1), Self.band(simulated[.resolution]),
                .percent(week.rates?.anyIssue, decimals: 2), .percent(week.automation, decimals: 1),
            ]
        }
        return Table(
            columns: [
                .init("week", .right), .init("sessions", .right), .init("AI", .right), .init("contained", .right),
                .init("5%–95%", .right), .init("resolution", .right), .init("5%–95%", .right), .init("any issue", .right),
                .init("automation", .right),
            ], rows: rows)
    }

    private func intentTable() -> Table {
        let rows = result.scenario.intents.enumerated().map { index, intent -> [Cell] in
            let expected = expectation.intents[index]
            var row: [Cell] = [
                .text(intent.name), .percent(intent.share, decimals: 1),
                intent.autopilot ? (intent.sensitive ? "yes (sensitive)" : "yes") : "kept off",
                .count(Int(expected.aiSessions.rounded())), .percent(expected.rates?.contained, decimals: 1),
                .percent(expected.rates?.resolution, decimals: 1), .percent(expected.rates?.anyIssue, decimals: 2),
            ]
            if let simulated = result.intents?[index] { row.append(Self.band(simulated[.resolution])) }
            return row
        }
        var columns: [Table.Column] = [
            .init("intent"), .init("share", .right), .init("Auto-Pilot"), .init("AI sessions", .right),
            .init("contained", .right), .init("resolution", .right), .init("any issue", .right),
        ]
        if result.intents != nil { columns.append(.init("resolution 5%–95%", .right)) }
        return Table(columns: columns, rows: rows)
    }

    private func intentWeekTable(_ intentWeeks: [[[Metric: SampleSummary]]]) -> Table {
        let rows = result.scenario.intents.enumerated().map { index, intent in
            [.text(intent.name)] + intentWeeks[index].map { Cell.percent($0[.resolution]?.mean, decimals: 1) }
        }
        return Table(columns: [.init("intent")] + (1...result.weeks).map { .init("w\($0)", .right) }, rows: rows)
    }

    private func reasonTable() -> Table {
        let rows = HandoffReason.allCases.map { reason -> [Cell] in
            let simulated = result.reasons[reason.index]
            return [
                .text(reason.rawValue), .percent(expectation.reasonShares[reason.index], decimals: 1),
                .percent(simulated?.mean, decimals: 1), Self.band(simulated), .text(reason.action),
            ]
        }
        return Table(
            columns: [
                .init("reason"), .init("expected", .right), .init("simulated", .right), .init("5%–95%", .right), .init("action"),
            ],
            rows: rows)
    }

    /// Each metric's simulated mean and 5–95 % band against its target over the horizon (the
    /// rates, then the issue rates on an axis of their own), then contained and resolution week by
    /// week as a fan chart: the median and the 5–95 % band.
    private func charts() -> [Chart] {
        func point(_ label: String, _ summary: SampleSummary?, _ metric: Metric, median: Bool = false) -> Chart.Point {
            .init(
                label, value: median ? summary?.p50 : summary?.mean, lower: summary?.p05, upper: summary?.p95,
                target: result.target(for: metric))
        }
        func overall(_ title: String, _ metrics: [Metric], decimals: Int) -> Chart {
            Chart(
                title, kind: .estimates, axis: "scope", interval: "5%–95%", decimals: decimals,
                series: metrics.map { metric in .init(metric.label, points: [point("all", result.overall[metric], metric)]) })
        }
        let weekly = Chart(
            "Simulated rates by week: median and 5%–95% fan", kind: .series, axis: "week", interval: "5%–95%",
            series: [Metric.contained, .resolution].map { metric in
                .init(
                    metric.label,
                    points: expectation.weeks.indices.map {
                        point(String(expectation.weeks[$0].week), result.weekly[$0][metric], metric, median: true)
                    })
            })
        return [
            overall("Simulated rates against their targets", [.contained, .resolution, .automation], decimals: 1),
            overall("Simulated issue rates against their ceilings", Metric.issueRates, decimals: 2), weekly,
        ]
    }

    // MARK: JSON

    /// Every figure under stable snake_case keys.
    public func json() -> JSON {
        let scenario = result.scenario
        var members: [(String, JSON)] = [
            ("schema_version", .int(jsonSchemaVersion)),
            ("scenario", .string(scenario.name)),
            ("workflow", .string(scenario.workflow.rawValue)),
            ("replications", .int(result.replications)),
            ("seed", .unsigned(result.seed)),
            ("weeks_simulated", .int(result.weeks)),
            ("sessions", .int(expectation.sessions)),
            ("ai_sessions", .number(expectation.aiSessions)),
            ("expected", expectedJSON(expectation.overall, automation: expectation.automation)),
            ("simulated", simulatedJSON(result.overall)),
            ("targets", result.targets.json),
            ("verdicts", verdictsJSON()),
            (
                "weeks",
                .array(
                    expectation.weeks.enumerated().map { index, week in
                        .object([
                            ("week", .int(week.week)),
                            ("sessions", .int(week.sessions)),
                            ("ai_sessions", .number(week.aiSessions)),
                            ("expected", expectedJSON(week.rates, automation: week.automation)),
                            ("simulated", simulatedJSON(result.weekly[index])),
                        ])
                    })
            ),
            (
                "intents",
                .array(
                    scenario.intents.enumerated().map { index, intent in
                        var fields: [(String, JSON)] = [
                            ("intent", .string(intent.name)),
                            ("share", .number(intent.share)),
                            ("autopilot", .bool(intent.autopilot)),
                            ("sensitive", .bool(intent.sensitive)),
                            ("ai_sessions", .number(expectation.intents[index].aiSessions)),
                            (
                                "expected",
                                expectedJSON(expectation.intents[index].rates, automation: expectation.intents[index].automation)
                            ),
                            ("simulated", result.intents.map { simulatedJSON($0[index]) } ?? .null),
                        ]
                        if let intentWeeks = result.intentWeeks {
                            fields.append(("weeks", .array(intentWeeks[index].map(simulatedJSON))))
                        }
                        return .object(fields)
                    })
            ),
        ]
        members.append(
            (
                "handoff_reasons",
                .array(
                    HandoffReason.allCases.map { reason in
                        .object([
                            ("reason", .string(reason.rawValue)),
                            ("expected_share", .number(expectation.reasonShares[reason.index])),
                            ("simulated", Self.summaryJSON(result.reasons[reason.index])),
                            ("action", .string(reason.action)),
                        ])
                    })
            ))
        return .object(members)
    }

    private func expectedJSON(_ rates: ModelRates?, automation: Double?) -> JSON {
        var fields: [(String, JSON)] = [
            ("contained", .number(rates?.contained)),
            ("resolution", .number(rates?.resolution)),
            (
                "issues",
                .object(
                    Metric.issueRates.map { ($0.rawValue, JSON.number(rates?[$0])) })
            ),
        ]
        if let automation { fields.append(("automation", .number(automation))) }
        return .object(fields)
    }

    private func simulatedJSON(_ summaries: [Metric: SampleSummary]) -> JSON {
        .object(Metric.allCases.map { ($0.rawValue, Self.summaryJSON(summaries[$0])) })
    }

    static func summaryJSON(_ summary: SampleSummary?) -> JSON {
        guard let summary else { return .null }
        return .object([
            ("mean", .number(summary.mean)), ("sd", .number(summary.sd)), ("p05", .number(summary.p05)),
            ("p50", .number(summary.p50)),
            ("p95", .number(summary.p95)),
        ])
    }

    private func verdictsJSON() -> JSON {
        .object(
            Metric.allCases.filter { $0 != .automation }.map { metric in
                var fields: [(String, JSON)] = [("verdict", result.verdicts[metric].map { .string($0.rawValue) } ?? .null)]
                if let reached = reachesFloor(metric) {
                    fields.append(("probability_reaches_floor", .number(reached)))
                }
                return (metric.rawValue, .object(fields))
            })
    }

    // MARK: CSV

    /// One row per (scope, metric): overall, then each week, then each intent if simulated.
    private func dataTable() -> Table {
        var rows: [[Cell]] = []
        func add(
            _ scope: String, _ key: Cell, _ rates: ModelRates?, automation: Double?,
            _ simulated: [Metric: SampleSummary]?
        ) {
            for metric in Metric.allCases {
                let summary = simulated?[metric]
                rows.append(
                    [
                        .text(scope), key, .text(metric.rawValue),
                        .number(expected(rates, metric, automation: automation), .shortest),
                    ]
                        + [summary?.mean, summary?.sd, summary?.p05, summary?.p50, summary?.p95].map { .number($0, .shortest) })
            }
        }
        add("all", "", expectation.overall, automation: expectation.automation, result.overall)
        for (index, week) in expectation.weeks.enumerated() {
            add("week", .integer(week.week), week.rates, automation: week.automation, result.weekly[index])
        }
        for (index, intent) in expectation.intents.enumerated() {
            add("intent", .text(intent.name), intent.rates, automation: intent.automation, result.intents?[index])
        }
        return Table(
            columns: ["scope", "key", "metric", "expected", "mean", "sd", "p05", "p50", "p95"].map { Table.Column($0) },
            rows: rows)
    }
}

extension Metric {
    var isIssue: Bool { [.p0, .p1, .p2, .any].contains(self) }

    /// The name in tables.
    var label: String {
        switch self {
        case .contained, .resolution, .automation: rawValue
        case .any: "any issue"
        case .p0, .p1, .p2: rawValue + " issues"
        }
    }
}
