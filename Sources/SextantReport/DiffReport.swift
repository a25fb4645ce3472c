import SextantModel

/// The answer of `sextant diff`: what changed between two scenario files and what it does to the
/// exact expected rates — fit for a pull-request comment as Markdown.
public struct DiffReport: Renderable, Sendable {
    /// The comparison.
    public let diff: ScenarioDiff
    /// The files compared, as named by the user.
    public let files: (old: String, new: String)
    /// The readiness gate simulated on each scenario, when a policy was given.
    public let gate: (old: GatePlan, new: GatePlan)?

    /// The report of `diff` between the files `old` and `new`, with the gate simulated on each.
    public init(_ diff: ScenarioDiff, old: String, new: String, gate: (old: GatePlan, new: GatePlan)? = nil) {
        self.diff = diff
        files = (old, new)
        self.gate = gate
    }

    /// The changes, then the expected rates before and after, then the intents whose rates moved.
    public func document() -> Document {
        var blocks: [Document.Block] = [.heading("Scenario diff: \(files.old) → \(files.new)")]
        if diff.changes.isEmpty {
            blocks.append(.paragraph("The two scenarios are the same: nothing changes."))
            return Document(blocks, data: changesTable())
        }
        blocks.append(
            .paragraph(
                "\(Format.count(diff.changes.count, "change")). Parameters are compared as each intent resolves them, the "
                    + "scenario's defaults applied."))
        blocks.append(.table(changesTable()))
        blocks.append(.heading("Expected rates over the horizon"))
        blocks.append(.table(effectsTable()))
        blocks.append(
            .paragraph(
                "Exact model expectations at the parameters' point values (each distribution's mean), each scenario over its "
                    + "own horizon; automation is the share of all traffic the AI resolves."))
        if let gate {
            blocks.append(.heading("The readiness gate"))
            blocks.append(.table(gateTable(gate)))
            blocks.append(
                .paragraph(
                    "Each scenario simulated over its horizon (\(Format.count(gate.new.replications, "replication"))), the "
                        + "gate judged on every week's window: the first week it passes, and the share of runs in which "
                        + "it never does."))
        }
        let moved = diff.intentEffects(.resolution)
        if !moved.isEmpty {
            blocks.append(.heading("Intents whose expected rates move"))
            blocks.append(.table(intentTable()))
        }
        return Document(blocks, data: changesTable())
    }

    private func changesTable() -> Table {
        Table(
            columns: [.init("key"), .init("before"), .init("after")],
            rows: diff.changes.map { [.text($0.path), .text($0.old ?? "(absent)"), .text($0.new ?? "(absent)")] })
    }

    private func effectsTable() -> Table {
        Table(
            columns: [.init("metric"), .init("before", .right), .init("after", .right), .init("change", .right)],
            rows: Metric.allCases.map { metric in
                let (old, new) = diff.expected(metric)
                let decimals = metric.percentDecimals
                return [
                    .text(metric.label), .percent(old, decimals: decimals), .percent(new, decimals: decimals),
                    .points(Self.points(old, new), decimals: decimals),
                ]
            })
    }

    private func gateTable(_ gate: (old: GatePlan, new: GatePlan)) -> Table {
        func week(_ value: Int?) -> Cell { value.map(Cell.integer) ?? .text("–") }
        let rows: [[Cell]] = [
            [.text("first pass week, median"), week(gate.old.firstPassWeek.p50), week(gate.new.firstPassWeek.p50)],
            [.text("first pass week, 5%"), week(gate.old.firstPassWeek.p05), week(gate.new.firstPassWeek.p05)],
            [.text("first pass week, 95%"), week(gate.old.firstPassWeek.p95), week(gate.new.firstPassWeek.p95)],
            [
                .text("never passes"), .percent(gate.old.firstPassWeek.never, decimals: 1),
                .percent(gate.new.firstPassWeek.never, decimals: 1),
            ],
            [
                .text("false pass over the horizon"), .percent(gate.old.falsePassOverHorizon, decimals: 1),
                .percent(gate.new.falsePassOverHorizon, decimals: 1),
            ],
        ]
        return Table(columns: [.init(""), .init("before", .right), .init("after", .right)], rows: rows)
    }

    private func intentTable() -> Table {
        let contained = Dictionary(
            diff.intentEffects(.contained).map { ($0.intent, $0) }, uniquingKeysWith: { first, _ in first })
        let automation = Dictionary(
            diff.intentEffects(.automation).map { ($0.intent, $0) }, uniquingKeysWith: { first, _ in first })
        return Table(
            columns: [
                .init("intent"), .init("contained", .right), .init("resolution before", .right),
                .init("resolution after", .right), .init("resolution", .right), .init("automation", .right),
            ],
            rows: diff.intentEffects(.resolution).map { effect in
                [
                    .text(effect.intent), .points(contained[effect.intent].flatMap { Self.points($0.old, $0.new) }),
                    .percent(effect.old, decimals: 1), .percent(effect.new, decimals: 1),
                    .points(Self.points(effect.old, effect.new)),
                    .points(automation[effect.intent].flatMap { Self.points($0.old, $0.new) }),
                ]
            })
    }

    /// The change in percentage points; nil when either side has no value.
    private static func points(_ old: Double?, _ new: Double?) -> Double? {
        guard let old, let new else { return nil }
        return (new - old) * 100
    }

    /// `{"schema_version", "old", "new", "changes": [{"path", "old", "new"}], "expected": {metric:
    /// {"old", "new", "difference"}}, "intents": [{"intent", metric: {...}}]}`.
    public func json() -> JSON {
        func effect(_ old: Double?, _ new: Double?) -> JSON {
            .object([
                ("old", .number(old)), ("new", .number(new)),
                ("difference", .number(old.flatMap { a in new.map { $0 - a } })),
            ])
        }
        let intents = Set(Metric.allCases.flatMap { diff.intentEffects($0).map(\.intent) })
        var gateMembers: [(String, JSON)] = []
        if let gate {
            func first(_ plan: GatePlan) -> JSON {
                .object([
                    ("p05", plan.firstPassWeek.p05.map(JSON.int) ?? .null),
                    ("p50", plan.firstPassWeek.p50.map(JSON.int) ?? .null),
                    ("p95", plan.firstPassWeek.p95.map(JSON.int) ?? .null), ("never", .number(plan.firstPassWeek.never)),
                ])
            }
            gateMembers = [
                (
                    "gate",
                    .object([
                        ("replications", .int(gate.new.replications)), ("first_pass_week_old", first(gate.old)),
                        ("first_pass_week_new", first(gate.new)),
                    ])
                )
            ]
        }
        return .object(
            [
                ("schema_version", .int(jsonSchemaVersion)),
                ("old", .object([("file", .string(files.old)), ("scenario", .string(diff.old.name))])),
                ("new", .object([("file", .string(files.new)), ("scenario", .string(diff.new.name))])),
                (
                    "changes",
                    .array(
                        diff.changes.map {
                            .object([
                                ("path", .string($0.path)), ("old", $0.old.map(JSON.string) ?? .null),
                                ("new", $0.new.map(JSON.string) ?? .null),
                            ])
                        })
                ),
                (
                    "expected",
                    .object(
                        Metric.allCases.map { metric in
                            let (old, new) = diff.expected(metric)
                            return (metric.rawValue, effect(old, new))
                        })
                ),
                (
                    "intents",
                    .array(
                        diff.new.intents.map(\.name).filter(intents.contains).map { name in
                            .object(
                                [("intent", .string(name))]
                                    + Metric.allCases.compactMap { metric in
                                        diff.intentEffects(metric).first { $0.intent == name }.map {
                                            (metric.rawValue, effect($0.old, $0.new))
                                        }
                                    })
                        })
                ),
            ] + gateMembers)
    }
}
