import SextantModel

/// The answer of `sextant calibrate`: what was fitted, each parameter with its 95 % interval and
/// where it came from, the stages the log identifies, and (with `--check`) the posterior predictive
/// check per intent and week.
public struct CalibrationReport: Renderable, Sendable {
    /// The fit.
    public let calibration: Calibration
    /// Where the scenario was written.
    public let output: String
    /// The posterior predictive check, when asked for.
    public let check: PredictiveCheck?
    /// The level of the intervals shown.
    public static let level = 0.95

    /// The report of a calibration written to `output`, with its check.
    public init(_ calibration: Calibration, output: String, check: PredictiveCheck? = nil) {
        self.calibration = calibration
        self.output = output
        self.check = check
    }

    /// What the log identified, in words: a line each.
    public var notes: [String] {
        var notes: [String] = []
        let intents = calibration.intents.count
        let sessions = calibration.intents.reduce(0) { $0 + $1.observation.tally.sessions }
        notes.append(
            "\(Format.count(sessions, "AI session")) over \(Format.count(max(1, calibration.weeks.count), "week")), "
                + "\(Format.count(intents, "intent")); workflow \(calibration.scenario.workflow.rawValue) (\(calibration.workflowChoice))."
        )
        if !calibration.reasonsRecorded {
            notes.append(
                "The log has no handoff reasons: only the shares and the contained, resolution and issue rates are identified; "
                    + "help is put on human_request and follow-ups on premature_handoff (or split as --prior's tree does).")
        }
        if calibration.unexplained > 0 {
            notes.append(
                "\(Format.count(calibration.unexplained, "handoff session")) had no reason code (no reason, or text no mapping "
                    + "matched, \(Format.count(calibration.unexplainedReasons.count, "distinct text"))): counted in the rates, "
                    + "split as each intent's coded reasons.")
        }
        if calibration.weeks.isEmpty {
            notes.append("The log has no weeks (no started_at, or no week column in counts): one week, no growth.")
        } else if calibration.sessionsWithoutWeek > 0 {
            notes.append(
                "\(Format.count(calibration.sessionsWithoutWeek, "session")) without started_at: in the rates, not in the weekly volume."
            )
        }
        if !calibration.reviewRecorded { notes.append("The log has no reviewed column: every session counted as reviewed.") }
        return notes
    }

    /// The notes, the parameters, the identified stages, then the check.
    public func document() -> Document {
        var blocks: [Document.Block] = [
            .heading("Calibration: \(calibration.scenario.name) → \(output)"), .list(notes),
            .heading("Parameters"), .table(parameterTable()),
            .paragraph(
                "Intervals are central 95 % intervals of each written distribution. counts: an exact Beta posterior (Jeffreys "
                    + "prior); joint: counts with the prior or defaults for what they cannot separate, moment-matched to a Beta; "
                    + "prior / defaults: not identified by the log."),
            .heading("Stages the log identifies"), .table(stageTable()),
        ]
        if let check {
            blocks += [.heading("Posterior predictive check"), .paragraph(checkSummary(check)), .table(cellTable(check))]
            if !check.homogeneity.isEmpty {
                blocks += [.heading("Did the weekly rates change?"), .table(homogeneityTable(check))]
            }
        }
        return Document(blocks, data: parameterTable(exact: true))
    }

    private func parameterTable(exact: Bool = false) -> Table {
        var rows: [[Cell]] = []
        for intent in calibration.intents {
            for parameter in Parameter.allCases {
                guard let fit = intent.parameters[parameter] else { continue }
                let (lower, upper) = fit.distribution.centralInterval(Self.level)
                rows.append(
                    [
                        .text(intent.observation.name), .text(parameter.rawValue), .text(Self.written(fit.distribution)),
                        .percent(fit.distribution.mean, decimals: 2), .interval(lower: lower, upper: upper, decimals: 2),
                        .text(fit.origin.rawValue),
                    ] + (exact ? [.text(fit.note)] : []))
            }
        }
        return Table(
            columns: [
                .init("intent"), .init("parameter"), .init("distribution"), .init("mean", .right), .init("95% interval", .right),
                .init("from"),
            ] + (exact ? [.init("note")] : []), rows: rows)
    }

    private func stageTable() -> Table {
        Table(
            columns: [
                .init("intent"), .init("quantity"), .init("counted"), .init("count", .right), .init("of", .right),
                .init("mean", .right), .init("95% interval", .right),
            ],
            rows: calibration.intents.flatMap { intent in
                intent.stages.map { stage in
                    let (lower, upper) = stage.interval(Self.level)
                    return [
                        .text(intent.observation.name), .text(stage.quantity), .text(stage.reason?.rawValue ?? "issues"),
                        .number(stage.count, .decimals(stage.count == stage.count.rounded() ? 0 : 1)),
                        .number(stage.total, .decimals(stage.total == stage.total.rounded() ? 0 : 1)),
                        .percent(stage.mean, decimals: 2), .interval(lower: lower, upper: upper, decimals: 2),
                    ]
                }
            })
    }

    private func checkSummary(_ check: PredictiveCheck) -> String {
        let flagged = check.cells.filter(\.implausible).count
        let changed = Set(check.homogeneity.filter(\.changed).map(\.intent)).sorted()
        var text =
            "\(Format.count(check.replications, "replication")) of the fitted scenario (seed \(check.seed)). Each cell's observed "
            + "rate against the simulated ones: a two-sided posterior predictive p-value; below \(Format.exact(check.level)) "
            + "it is flagged (\(Format.count(flagged, "cell")) of \(check.cells.count); about \(Format.exact(check.level * 100)) % "
            + "are flagged by chance alone)."
        if !changed.isEmpty {
            text += " Changed over the weeks: \(changed.joined(separator: ", ")) — one scenario does not fit all of their weeks."
        }
        return text
    }

    private func cellTable(_ check: PredictiveCheck) -> Table {
        Table(
            columns: [
                .init("intent"), .init("week"), .init("metric"), .init("sessions", .right), .init("observed", .right),
                .init("simulated 5–95%", .right), .init("p-value", .right), .init("flag"),
            ],
            rows: check.cells.map { cell in
                [
                    .text(cell.intent), .text(cell.week), .text(cell.metric.rawValue), .count(cell.sessions),
                    .percent(cell.observed, decimals: 1),
                    .interval(lower: cell.simulated.p05, upper: cell.simulated.p95, decimals: 1),
                    .number(cell.pValue, .decimals(3)), .text(cell.implausible ? "implausible" : ""),
                ]
            })
    }

    private func homogeneityTable(_ check: PredictiveCheck) -> Table {
        Table(
            columns: [
                .init("intent"), .init("metric"), .init("chi-square", .right), .init("df", .right), .init("p-value", .right),
                .init("verdict"),
            ],
            rows: check.homogeneity.map { test in
                [
                    .text(test.intent), .text(test.metric.rawValue), .number(test.statistic, .decimals(2)),
                    .integer(test.degreesOfFreedom), .number(test.pValue, .significant),
                    .text(test.changed ? "changed over the weeks" : "steady"),
                ]
            })
    }

    /// `beta(37.5, 783.5)`, `fixed 1`.
    static func written(_ distribution: UncertainProbability) -> String {
        if case .fixed(let x) = distribution { return "fixed \(Format.exact(x))" }
        return "\(distribution.kind.rawValue)(\(distribution.parameters.map { Format.exact($0) }.joined(separator: ", ")))"
    }

    /// `{"schema_version", "scenario", "output", "sessions", "workflow", "reasons_recorded",
    /// "unexplained_handoffs", "unexplained_reasons", "weeks", "intents", "check"}`.
    public func json() -> JSON {
        func interval(_ bounds: (lower: Double, upper: Double)) -> [(String, JSON)] {
            [("lower", .number(bounds.lower)), ("upper", .number(bounds.upper))]
        }
        let intents: [JSON] = calibration.intents.enumerated().map { index, intent in
            let spec = calibration.scenario.intents[index]
            let parameters: [(String, JSON)] = Parameter.allCases.compactMap { parameter in
                guard let fit = intent.parameters[parameter] else { return nil }
                return (
                    parameter.rawValue,
                    .object(
                        [
                            ("distribution", .string(fit.distribution.kind.rawValue)),
                            ("values", .array(fit.distribution.parameters.map(JSON.number))),
                            ("mean", .number(fit.distribution.mean)),
                        ] + interval(fit.distribution.centralInterval(Self.level)) + [
                            ("origin", .string(fit.origin.rawValue)), ("note", .string(fit.note)),
                        ])
                )
            }
            let stages: [JSON] = intent.stages.map { stage in
                .object(
                    [
                        ("quantity", .string(stage.quantity)), ("reason", stage.reason.map { .string($0.rawValue) } ?? .null),
                        ("count", .number(stage.count)), ("total", .number(stage.total)), ("alpha", .number(stage.alpha)),
                        ("beta", .number(stage.beta)), ("mean", .number(stage.mean)),
                    ] + interval(stage.interval(Self.level)))
            }
            return .object([
                ("intent", .string(intent.observation.name)), ("sessions", .int(intent.observation.tally.sessions)),
                ("share", .number(spec.share)), ("parameters", .object(parameters)),
                ("severity", .object(Severity.allCases.map { ($0.rawValue, .number(spec.severity[$0])) })),
                ("stages", .array(stages)), ("allocation", intent.allocationNote.map(JSON.string) ?? .null),
            ])
        }
        let unexplained = calibration.unexplainedReasons.sorted { ($0.value, $1.key ?? "") > ($1.value, $0.key ?? "") }
        return .object([
            ("schema_version", .int(jsonSchemaVersion)), ("scenario", .string(calibration.scenario.name)),
            ("output", .string(output)),
            ("sessions", .int(calibration.intents.reduce(0) { $0 + $1.observation.tally.sessions })),
            ("workflow", .string(calibration.scenario.workflow.rawValue)),
            ("reasons_recorded", .bool(calibration.reasonsRecorded)),
            ("unexplained_handoffs", .int(calibration.unexplained)),
            (
                "unexplained_reasons",
                .array(unexplained.map { .object([("reason", $0.key.map(JSON.string) ?? .null), ("sessions", .int($0.value))]) })
            ),
            (
                "weeks",
                .array(calibration.weeks.map { .object([("week", .string($0.label)), ("sessions", .int($0.sessions))]) })
            ),
            ("intents", .array(intents)), ("check", check.map(Self.json) ?? .null),
        ])
    }

    private static func json(_ check: PredictiveCheck) -> JSON {
        .object([
            ("replications", .int(check.replications)), ("seed", .unsigned(check.seed)), ("level", .number(check.level)),
            (
                "cells",
                .array(
                    check.cells.map { cell in
                        .object([
                            ("intent", .string(cell.intent)), ("week", .string(cell.week)),
                            ("metric", .string(cell.metric.rawValue)),
                            ("sessions", .int(cell.sessions)), ("observed", .number(cell.observed)),
                            (
                                "simulated",
                                .object([
                                    ("p05", .number(cell.simulated.p05)), ("p50", .number(cell.simulated.p50)),
                                    ("p95", .number(cell.simulated.p95)),
                                ])
                            ),
                            ("p_value", .number(cell.pValue)), ("implausible", .bool(cell.implausible)),
                        ])
                    })
            ),
            (
                "homogeneity",
                .array(
                    check.homogeneity.map { test in
                        .object([
                            ("intent", .string(test.intent)), ("metric", .string(test.metric.rawValue)),
                            ("chi_square", .number(test.statistic)), ("degrees_of_freedom", .int(test.degreesOfFreedom)),
                            ("p_value", .number(test.pValue)), ("changed", .bool(test.changed)),
                        ])
                    })
            ),
        ])
    }
}
