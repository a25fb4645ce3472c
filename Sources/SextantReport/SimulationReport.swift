import SextantModel
import SextantStats

/// The answer of `sextant simulate`: exact expectations beside simulated distributions, per week
/// and per intent, with the verdict against the scenario's workflow targets.
public struct SimulationReport: Renderable, Sendable {
    public let result: SimulationResult
    public let targets: Targets

    public init(_ result: SimulationResult, targets: Targets? = nil) {
        self.result = result
        self.targets = targets ?? .recommended(for: result.scenario.workflow)
    }

    private var expectation: Expectation { result.expectation }

    /// A verdict from the simulated distribution: the rules of a measured rate, applied to its
    /// 5–95 % band instead of a confidence interval.
    public static func verdict(_ summary: SampleSummary?, _ range: TargetRange) -> Verdict? {
        summary.map { .rate(Interval(lower: $0.p05, upper: $0.p95), against: range) }
    }

    /// An issue rate's verdict from its simulated 5–95 % band.
    public static func issueVerdict(_ summary: SampleSummary?, ceiling: Double?) -> Verdict? {
        guard let summary, let ceiling else { return nil }
        return .issue(Interval(lower: summary.p05, upper: summary.p95), ceiling: ceiling)
    }

    private func expected(_ rates: ModelRates?, _ metric: SimulatedMetric, automation: Double? = nil) -> Double? {
        guard let rates else { return metric == .automation ? automation : nil }
        switch metric {
        case .contained: return rates.contained
        case .resolution: return rates.resolution
        case .p0: return rates.issues[.p0]
        case .p1: return rates.issues[.p1]
        case .p2: return rates.issues[.p2]
        case .any: return rates.anyIssue
        case .automation: return automation
        }
    }

    private func target(_ metric: SimulatedMetric) -> (String, Verdict?) {
        let summary = result.overall[metric]
        switch metric {
        case .contained: return (TargetsReport.range(targets.contained), Self.verdict(summary, targets.contained))
        case .resolution: return (TargetsReport.range(targets.resolution), Self.verdict(summary, targets.resolution))
        case .p0, .p1, .p2:
            let severity = Severity(rawValue: metric.rawValue)!
            let ceiling = targets.issues.ceilings[severity]
            return (ceiling.map { "≤ " + Format.percent($0, decimals: 2) } ?? "–", Self.issueVerdict(summary, ceiling: ceiling))
        case .any:
            return (
                targets.issues.any.map { "≤ " + Format.percent($0, decimals: 2) } ?? "–",
                Self.issueVerdict(summary, ceiling: targets.issues.any)
            )
        case .automation: return ("–", nil)
        }
    }

    // MARK: Document

    public func document() -> Document {
        let scenario = result.scenario
        var blocks: [Document.Block] = [
            .heading("Scenario \(scenario.name)"),
            .paragraph(
                "\(scenario.workflow.rawValue), \(result.weeks) weeks, \(Format.count(expectation.sessions)) sessions "
                    + "(\(Format.count(Int(expectation.aiSessions.rounded()))) expected on the AI), review rate "
                    + "\(Format.percent(scenario.reviewRate)); \(Format.count(result.replications)) replications, seed \(result.seed)."
            ),
            .table(overallTable()),
            .paragraph(
                "Expected: exact model rates at the parameters' point values. Simulated: over \(Format.count(result.replications)) "
                    + "replications (uncertain parameters drawn anew in each). Verdicts judge the simulated 5%–95% band against "
                    + "the \(scenario.workflow.rawValue) targets; issue ceilings are Sextant's defaults, not the seed's."),
            .heading("Weeks"),
            .table(weekTable()),
            .heading("Intents"),
            .table(intentTable()),
        ]
        if let intentWeeks = result.intentWeeks {
            blocks.append(.heading("Intents by week (simulated resolution, mean)"))
            blocks.append(.table(intentWeekTable(intentWeeks)))
        }
        blocks.append(.heading("Handoff reasons (share of handoff sessions)"))
        blocks.append(.table(reasonTable()))
        return Document(blocks)
    }

    private func overallTable() -> Table {
        let rows = SimulatedMetric.allCases.map { metric -> [String] in
            let summary = result.overall[metric]
            let (target, verdict) = target(metric)
            let decimals = metric.isIssue ? 2 : 1
            let reached = result.reachedThreshold[metric].map { Format.percent($0) } ?? "–"
            return [
                metric.label,
                Format.percent(expected(expectation.overall, metric, automation: expectation.automation), decimals: decimals),
                Format.percent(summary?.mean, decimals: decimals), Format.percent(summary?.sd, decimals: decimals),
                Format.percentRange(summary?.p05, summary?.p95, decimals: decimals), target, verdict?.rawValue ?? "–", reached,
            ]
        }
        return Table(
            columns: [
                .init("metric"), .init("expected", .right), .init("simulated", .right), .init("sd", .right),
                .init("5%–95%", .right),
                .init("target", .right), .init("verdict"), .init("P(≥ floor)", .right),
            ], rows: rows)
    }

    private func weekTable() -> Table {
        let rows = expectation.weeks.enumerated().map { index, week -> [String] in
            let simulated = result.weekly[index]
            return [
                String(week.week), Format.count(week.sessions), Format.count(Int(week.aiSessions.rounded())),
                Format.percent(week.rates?.contained),
                Format.percentRange(simulated[.contained]?.p05, simulated[.contained]?.p95),
                Format.percent(week.rates?.resolution),
                Format.percentRange(simulated[.resolution]?.p05, simulated[.resolution]?.p95),
                Format.percent(week.rates?.anyIssue, decimals: 2), Format.percent(week.automation),
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
        let rows = result.scenario.intents.enumerated().map { index, intent -> [String] in
            let expected = expectation.intents[index]
            let simulated = result.intents?[index]
            var row = [
                intent.name, Format.percent(intent.share),
                intent.autopilot ? (intent.sensitive ? "yes (sensitive)" : "yes") : "kept off",
                Format.count(Int(expected.aiSessions.rounded())), Format.percent(expected.rates?.contained),
                Format.percent(expected.rates?.resolution), Format.percent(expected.rates?.anyIssue, decimals: 2),
            ]
            if let simulated {
                row.append(Format.percentRange(simulated[.resolution]?.p05, simulated[.resolution]?.p95))
            }
            return row
        }
        var columns: [Table.Column] = [
            .init("intent"), .init("share", .right), .init("Auto-Pilot"), .init("AI sessions", .right),
            .init("contained", .right),
            .init("resolution", .right), .init("any issue", .right),
        ]
        if result.intents != nil { columns.append(.init("resolution 5%–95%", .right)) }
        return Table(columns: columns, rows: rows)
    }

    private func intentWeekTable(_ intentWeeks: [[[SimulatedMetric: SampleSummary]]]) -> Table {
        let rows = result.scenario.intents.enumerated().map { index, intent in
            [intent.name] + intentWeeks[index].map { Format.percent($0[.resolution]?.mean) }
        }
        return Table(columns: [.init("intent")] + (1...result.weeks).map { .init("w\($0)", .right) }, rows: rows)
    }

    private func reasonTable() -> Table {
        let rows = HandoffReason.allCases.map { reason -> [String] in
            let simulated = result.reasons[reason.index]
            return [
                reason.rawValue, Format.percent(expectation.reasonShares[reason.index]), Format.percent(simulated?.mean),
                Format.percentRange(simulated?.p05, simulated?.p95), reason.action,
            ]
        }
        return Table(
            columns: [
                .init("reason"), .init("expected", .right), .init("simulated", .right), .init("5%–95%", .right), .init("action"),
            ],
            rows: rows)
    }

    // MARK: JSON

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
            ("targets", targets.json),
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
                    Severity.allCases.map { ($0.rawValue, JSON.number(rates?.issues[$0])) } + [("any", .number(rates?.anyIssue))])
            ),
        ]
        if let automation { fields.append(("automation", .number(automation))) }
        return .object(fields)
    }

    private func simulatedJSON(_ summaries: [SimulatedMetric: SampleSummary]) -> JSON {
        .object(SimulatedMetric.allCases.map { ($0.rawValue, Self.summaryJSON(summaries[$0])) })
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
            SimulatedMetric.allCases.filter { $0 != .automation }.map { metric in
                let (_, verdict) = target(metric)
                var fields: [(String, JSON)] = [("verdict", verdict.map { .string($0.rawValue) } ?? .null)]
                if let reached = result.reachedThreshold[metric] {
                    fields.append(("probability_reaches_floor", .number(reached)))
                }
                return (metric.rawValue, .object(fields))
            })
    }

    // MARK: CSV

    /// One row per (scope, metric): overall, then each week, then each intent if simulated.
    public func csvTable() -> Table {
        var rows: [[String]] = []
        func add(
            _ scope: String, _ key: String, _ rates: ModelRates?, automation: Double?,
            _ simulated: [SimulatedMetric: SampleSummary]?
        ) {
            for metric in SimulatedMetric.allCases {
                let summary = simulated?[metric]
                rows.append(
                    [scope, key, metric.rawValue, Format.exact(expected(rates, metric, automation: automation))]
                        + [summary?.mean, summary?.sd, summary?.p05, summary?.p50, summary?.p95].map(Format.exact))
            }
        }
        add("all", "", expectation.overall, automation: expectation.automation, result.overall)
        for (index, week) in expectation.weeks.enumerated() {
            add("week", String(week.week), week.rates, automation: week.automation, result.weekly[index])
        }
        for (index, intent) in expectation.intents.enumerated() {
            add("intent", intent.name, intent.rates, automation: intent.automation, result.intents?[index])
        }
        return Table(
            columns: ["scope", "key", "metric", "expected", "mean", "sd", "p05", "p50", "p95"].map { Table.Column($0) },
            rows: rows)
    }
}

extension SimulatedMetric {
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
