import SextantModel
import SextantStats

/// The answer of `sextant report`: a log's metrics with intervals, their gaps to target, the top
/// handoff reasons and the segments.
public struct MeasurementReport: Renderable, Sendable {
    /// What was measured.
    public let measurement: Measurement

    /// The report of a measurement.
    ///
    /// - Parameter measurement: the log's metrics, gaps, reasons and segments.
    public init(_ measurement: Measurement) { self.measurement = measurement }

    private var m: Measurement { measurement }
    private var level: String { Format.confidence(m.confidence) }

    // MARK: Document

    /// The summary, the rate and issue tables with their charts, the reasons, the segments and
    /// notes; CSV's table has one row per scope and metric.
    public func document() -> Document {
        var blocks: [Document.Block] = []
        let tally = m.overall.tally
        blocks.append(.heading("Session report"))
        blocks.append(
            .paragraph(
                "\(Format.count(tally.sessions, "session")) (\(Format.count(tally.reviewed)) reviewed) from "
                    + m.inputs.joined(separator: ", ") + ". Targets: \(m.targets.workflow.rawValue) (\(m.workflowChoice)); "
                    + "\(level) \(m.method.rawValue) intervals."))
        blocks.append(.table(metricTable()))
        let charts = charts()
        blocks.append(.chart(charts[0]))
        if byWeek, !m.segments.isEmpty { blocks.append(.chart(weeklyTrend())) }
        blocks.append(.heading("Issue rates (over reviewed sessions)"))
        blocks.append(.table(issueTable(m.overall)))
        blocks.append(.chart(charts[1]))
        if !m.reasons.isEmpty {
            blocks.append(.heading("Top handoff reasons"))
            blocks.append(
                .paragraph(
                    "\(Format.count(m.handoffSessions, "session")) involved a human (sys_human_help or sys_human_follow_up); "
                        + "shares with \(level) simultaneous (Goodman) intervals."))
            blocks.append(.table(reasonTable()))
            blocks.append(.chart(reasonChart()))
        } else if !m.reasonsRecorded, m.handoffSessions > 0 {
            blocks.append(.paragraph("The log has no handoff_reason column, so there are no handoff reasons to rank."))
        }
        if !m.dimensions.isEmpty {
            blocks.append(.heading("Segments by " + m.dimensions.map(\.rawValue).joined(separator: " × ")))
            blocks.append(.table(segmentTable()))
        }
        blocks.append(.heading("Notes"))
        blocks.append(.list(notes()))
        return Document(blocks, data: dataTable(), guide: guide())
    }

    private func metricTable() -> Table {
        let rows = [
            ("contained", m.overall.metrics.contained, m.overall.gaps.contained),
            ("resolution", m.overall.metrics.resolution, m.overall.gaps.resolution),
        ].map { name, rate, gap -> [Cell] in
            [
                .text(name), .percent(rate.value, decimals: 1), Self.interval(rate, decimals: 1),
                .fraction(count: rate.count, total: rate.total), .targetRange(gap.target), .verdict(gap.verdict),
                .points(gap.gapPoints), .percent(gap.probabilityReachesFloor, decimals: 1),
                Self.more(gap.sessionsToConclude, gap.verdict, over: rate.total),
            ]
        }
        return Table(
            columns: [
                .init("metric"), .init("rate", .right), .init("\(level) interval", .right), .init("sessions", .right),
                .init("target", .right), .init("verdict"), .init("gap", .right), .init("P(≥ floor)", .right),
                .init("more sessions", .right),
            ], rows: rows)
    }

    private func issueTable(_ segment: SegmentMeasurement) -> Table {
        var rows: [[Cell]] = []
        for metric in Metric.issueRates {
            rows.append(issueRow(metric.rawValue, segment.metrics[metric]!, Self.issueGap(segment.gaps, metric)))
        }
        return Table(
            columns: [
                .init("severity"), .init("rate", .right), .init("\(level) interval", .right), .init("issues", .right),
                .init("ceiling", .right), .init("verdict"), .init("P(≤ ceiling)", .right), .init("more reviews", .right),
            ], rows: rows)
    }

    private func issueRow(_ name: String, _ rate: Rate, _ gap: IssueGap) -> [Cell] {
        let ceiling: Cell =
            gap.ceiling.map {
                gap.zeroTolerance ? .noted(.percent($0, decimals: 2), "zero tolerance") : .percent($0, decimals: 2)
            }
            ?? "not judged"
        return [
            .text(name), .percent(rate.value, decimals: 2), Self.interval(rate, decimals: 2),
            .fraction(count: rate.count, total: rate.total), ceiling, .verdict(gap.verdict),
            .percent(gap.probabilityWithinCeiling, decimals: 1), Self.more(gap.sessionsToConclude, gap.verdict, over: rate.total),
        ]
    }

    private func reasonTable() -> Table {
        Table(
            columns: [
                .init("reason"), .init("sessions", .right), .init("share", .right), .init("\(level) interval", .right),
                .init("action"),
            ],
            rows: m.reasons.map { reason -> [Cell] in
                [
                    .text(reason.reason), .count(reason.count), .percent(reason.share, decimals: 1),
                    .interval(lower: reason.interval.lower, upper: reason.interval.upper, decimals: 1),
                    .text(
                        reason.action
                            ?? (reason.reason.hasPrefix("(") ? "–" : "free text: map it to a reason code to get an action")),
                ]
            })
    }

    private func segmentTable() -> Table {
        var columns = m.dimensions.map { Table.Column($0.rawValue) }
        columns += [
            .init("sessions", .right), .init("contained", .right), .init("interval", .right), .init("verdict"),
            .init("resolution", .right), .init("interval", .right), .init("verdict"), .init("P0", .right), .init("P1", .right),
            .init("P2", .right), .init("note"),
        ]
        let rows = m.segments.map { segment -> [Cell] in
            let metrics = segment.metrics
            var note: [String] = []
            if segment.small { note.append("small (< \(Format.count(m.smallSegment)))") }
            if segment.targets.workflow != m.targets.workflow { note.append("targets: \(segment.targets.workflow.rawValue)") }
            return segment.key.values.map(Cell.text) + [
                .count(segment.tally.sessions), .percent(metrics.contained.value, decimals: 1),
                Self.interval(metrics.contained, decimals: 1), .verdict(segment.gaps.contained.verdict),
                .percent(metrics.resolution.value, decimals: 1), Self.interval(metrics.resolution, decimals: 1),
                .verdict(segment.gaps.resolution.verdict), .count(segment.tally.p0), .count(segment.tally.p1),
                .count(segment.tally.p2), .text(note.joined(separator: "; ")),
            ]
        }
        return Table(columns: columns, rows: rows)
    }

    /// Contained and resolution against their target ranges (overall, then each segment against
    /// its own targets; by week, the overall only), and the issue rates against their ceilings.
    private func charts() -> [Chart] {
        let scopes = [("all", m.overall)] + (byWeek ? [] : m.segments.map { ($0.key.values.joined(separator: " × "), $0) })
        let rates = Chart(
            "Rates against their targets", kind: .estimates,
            axis: m.dimensions.isEmpty || byWeek ? "scope" : m.dimensions.map(\.rawValue).joined(separator: " × "),
            interval: chartInterval,
            series: [Metric.contained, .resolution].map { metric in
                .init(metric.label, points: scopes.map { point($0, $1, metric) })
            })
        let issues = Chart(
            "Issue rates against their ceilings", kind: .estimates, axis: "scope", interval: chartInterval, decimals: 2,
            series: Metric.issueRates.map { metric in .init(metric.rawValue, points: [point("all", m.overall, metric)]) })
        return [rates, issues]
    }

    private var byWeek: Bool { m.dimensions == [.week] }
    private var chartInterval: String { "\(level) \(m.method.rawValue) interval" }

    private func point(_ label: String, _ segment: SegmentMeasurement, _ metric: Metric) -> Chart.Point {
        let rate = segment.metrics[metric]!
        return .init(
            label, value: rate.value, lower: rate.interval?.lower, upper: rate.interval?.upper,
            target: segment.targets.target(for: metric))
    }

    /// Contained and resolution week by week, each with its interval, its target and the
    /// control limits of a p-chart over the weeks shown (`ControlLimits.pChart`).
    func weeklyTrend() -> Chart {
        Chart(
            "Weekly trend with control limits", kind: .series, axis: "week", interval: chartInterval,
            series: [Metric.contained, .resolution].map { metric in
                let rates = m.segments.map { $0.metrics[metric]! }
                let control = ControlLimits.pChart(rates.map { ($0.count, $0.total) })
                return .init(
                    metric.label,
                    points: m.segments.indices.map { index in
                        var point = self.point(m.segments[index].key.values.joined(separator: " × "), m.segments[index], metric)
                        point.controlLower = control.limits[index]?.lowerLimit
                        point.controlUpper = control.limits[index]?.upperLimit
                        return point
                    }, centre: control.center)
            })
    }

    /// The handoff reasons ranked by share, with their simultaneous intervals: a Pareto chart.
    func reasonChart() -> Chart {
        Chart(
            "Top handoff reasons", kind: .shares, axis: "reason", interval: "\(level) Goodman interval",
            series: [
                .init(
                    "share of handoff sessions",
                    points: m.reasons.map {
                        .init($0.reason, value: $0.share, lower: $0.interval.lower, upper: $0.interval.upper)
                    })
            ])
    }

    private func notes() -> [String] {
        var notes: [String] = []
        notes.append("Targets: \(m.targets.source). Issue ceilings: \(m.targets.issues.source).")
        notes += Self.inputNotes(reviewAssumed: m.reviewAssumed, invalidRows: m.invalidRows)
        let small = m.segments.filter(\.small).count
        if small > 0 {
            notes.append(
                "\(Format.count(small, "segment")) with fewer than \(Format.count(m.smallSegment, "session")): "
                    + "\(small == 1 ? "its interval is" : "their intervals are") wide; read \(small == 1 ? "it" : "them") with care."
            )
        }
        notes.append(
            "Verdicts: below (upper bound < floor), met (lower bound ≥ floor), above (lower bound > ceiling), inconclusive otherwise; "
                + "\"more sessions\" is how many further sessions at the current rate would settle an inconclusive verdict.")
        return notes
    }

    /// The notes on how a log was read: every session counted as reviewed, rows skipped.
    static func inputNotes(reviewAssumed: Bool, invalidRows: InvalidRows) -> [String] {
        var notes: [String] = []
        if reviewAssumed {
            notes.append(
                "The log does not say which sessions were reviewed, so every session counts as reviewed for issue rates.")
        }
        if invalidRows.count > 0 {
            notes.append(
                "\(Format.count(invalidRows.count, "invalid row")) \(invalidRows.count == 1 ? "was" : "were") skipped (--skip-invalid); the first: "
                    + invalidRows.examples.joined(separator: " | "))
        }
        return notes
    }

    /// The further sessions that would settle an inconclusive verdict; "no data" when there is no
    /// rate to extrapolate from (0 of 0), "never at this rate" when none would.
    private static func more(_ count: Int?, _ verdict: Verdict?, over total: Int) -> Cell {
        guard let verdict, verdict == .inconclusive else { return "–" }
        if total == 0 { return "no data" }
        return count.map(Cell.count) ?? "never at this rate"
    }

    /// The judgement of an issue-rate metric (a severity's, or any issue).
    static func issueGap(_ gaps: Gaps, _ metric: Metric) -> IssueGap {
        metric.severity.map { gaps.issues[$0]! } ?? gaps.anyIssue
    }

    private static func interval(_ rate: Rate, decimals: Int) -> Cell {
        .interval(lower: rate.interval?.lower, upper: rate.interval?.upper, decimals: decimals)
    }

    // MARK: JSON

    /// Every figure under stable snake_case keys.
    public func json() -> JSON {
        .object([
            ("schema_version", .int(jsonSchemaVersion)),
            ("inputs", .array(m.inputs.map(JSON.string))),
            ("sessions", .int(m.overall.tally.sessions)),
            ("reviewed", .int(m.overall.tally.reviewed)),
            ("review_assumed", .bool(m.reviewAssumed)),
            ("method", .string(m.method.rawValue)),
            ("confidence", .number(m.confidence)),
            ("workflow", .string(m.targets.workflow.rawValue)),
            ("workflow_choice", .string(m.workflowChoice)),
            ("targets", m.targets.json),
            ("metrics", Self.metricsJSON(m.overall.metrics)),
            ("gaps", Self.gapsJSON(m.overall.gaps)),
            ("issue_gaps", Self.issueGapsJSON(m.overall.gaps)),
            ("handoff_sessions", .int(m.handoffSessions)),
            ("handoff_reasons", .array(m.reasons.map(Self.reasonJSON))),
            ("dimensions", .array(m.dimensions.map { .string($0.rawValue) })),
            ("segments", .array(m.segments.map(segmentJSON))),
            ("invalid_rows", .int(m.invalidRows.count)),
            ("invalid_row_examples", .array(m.invalidRows.examples.map(JSON.string))),
        ])
    }

    private func segmentJSON(_ segment: SegmentMeasurement) -> JSON {
        .object([
            (
                "key",
                .object(
                    m.dimensions.indices.map { (m.dimensions[$0].rawValue, segment.key.value(at: $0).map(JSON.string) ?? .null) })
            ),
            ("sessions", .int(segment.tally.sessions)),
            ("reviewed", .int(segment.tally.reviewed)),
            ("small", .bool(segment.small)),
            ("workflow", .string(segment.targets.workflow.rawValue)),
            ("metrics", Self.metricsJSON(segment.metrics)),
            ("gaps", Self.gapsJSON(segment.gaps)),
            ("issue_gaps", Self.issueGapsJSON(segment.gaps)),
        ])
    }

    static func metricsJSON(_ metrics: Metrics) -> JSON {
        .object([
            ("contained", metrics.contained.json),
            ("resolution", metrics.resolution.json),
            (
                "issues",
                .object(Metric.issueRates.map { ($0.rawValue, metrics[$0]!.json) })
            ),
        ])
    }

    static func gapsJSON(_ gaps: Gaps) -> JSON {
        .object([("contained", gapJSON(gaps.contained)), ("resolution", gapJSON(gaps.resolution))])
    }

    static func gapJSON(_ gap: Gap) -> JSON {
        .object([
            ("floor", .number(gap.target.floor)),
            ("ceiling", .number(gap.target.ceiling)),
            ("verdict", .string(gap.verdict.rawValue)),
            ("gap_points", .number(gap.gapPoints)),
            ("probability_reaches_floor", .number(gap.probabilityReachesFloor)),
            ("sessions_to_conclude", gap.sessionsToConclude.map(JSON.int) ?? .null),
        ])
    }

    static func issueGapsJSON(_ gaps: Gaps) -> JSON {
        .object(Metric.issueRates.map { ($0.rawValue, issueGapJSON(issueGap(gaps, $0))) })
    }

    static func issueGapJSON(_ gap: IssueGap) -> JSON {
        .object([
            ("ceiling", .number(gap.ceiling)),
            ("zero_tolerance", .bool(gap.zeroTolerance)),
            ("verdict", gap.verdict.map { .string($0.rawValue) } ?? .null),
            ("probability_within_ceiling", .number(gap.probabilityWithinCeiling)),
            ("sessions_to_conclude", gap.sessionsToConclude.map(JSON.int) ?? .null),
        ])
    }

    static func reasonJSON(_ reason: ReasonShare) -> JSON {
        .object([
            ("reason", .string(reason.reason)),
            ("count", .int(reason.count)),
            ("share", .number(reason.share)),
            ("lower", .number(reason.interval.lower)),
            ("upper", .number(reason.interval.upper)),
            ("code", reason.code.map { .string($0.rawValue) } ?? .null),
            ("action", reason.action.map(JSON.string) ?? .null),
        ])
    }

    // MARK: CSV

    /// One row per (scope, metric): the overall rates, then every segment's.
    private func dataTable() -> Table {
        var columns = [Table.Column("scope")] + m.dimensions.map { Table.Column($0.rawValue) }
        columns += [
            "metric", "count", "total", "rate", "lower", "upper", "method", "confidence", "target_floor", "target_ceiling",
            "verdict", "gap_points", "probability", "sessions_to_conclude",
        ].map { Table.Column($0) }
        var rows: [[Cell]] = []
        for segment in [m.overall] + m.segments {
            let scope: [Cell] =
                segment.key.values.isEmpty
                ? ["all"] + m.dimensions.map { _ in "" } : ["segment"] + segment.key.values.map(Cell.text)
            for (name, rate, gap) in [
                ("contained", segment.metrics.contained, segment.gaps.contained),
                ("resolution", segment.metrics.resolution, segment.gaps.resolution),
            ] {
                rows.append(
                    scope + Self.rateCells(name, rate) + [
                        .number(gap.target.floor, .shortest), .number(gap.target.ceiling, .shortest), .verdict(gap.verdict),
                        .points(gap.gapPoints), .percent(gap.probabilityReachesFloor, decimals: 1),
                        gap.sessionsToConclude.map(Cell.integer) ?? "",
                    ])
            }
            let issues =
                Metric.issueRates.map { ($0.rawValue, segment.metrics[$0]!, Self.issueGap(segment.gaps, $0)) }
            for (name, rate, gap) in issues {
                rows.append(
                    scope + Self.rateCells("issues_\(name)", rate) + [
                        "", .number(gap.ceiling, .shortest), .verdict(gap.verdict), "",
                        .percent(gap.probabilityWithinCeiling, decimals: 1), gap.sessionsToConclude.map(Cell.integer) ?? "",
                    ])
            }
        }
        return Table(columns: columns, rows: rows)
    }

    private static func rateCells(_ name: String, _ rate: Rate) -> [Cell] {
        [
            .text(name), .integer(rate.count), .integer(rate.total), .percent(rate.value, decimals: 1),
            .percent(rate.interval?.lower, decimals: 1), .percent(rate.interval?.upper, decimals: 1),
            .text(rate.method.rawValue), .number(rate.confidence, .shortest),
        ]
    }
}

extension Targets {
    /// `{"contained", "resolution", "source", "issue_ceilings"}`.
    public var json: JSON {
        .object([
            ("contained", contained.json), ("resolution", resolution.json), ("source", .string(source)),
            ("issue_ceilings", issues.json),
        ])
    }
}
