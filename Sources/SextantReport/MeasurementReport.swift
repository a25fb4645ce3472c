import SextantModel
import SextantStats

/// The answer of `sextant report`: a log's metrics with intervals, their gaps to target, the top
/// handoff reasons and the segments.
public struct MeasurementReport: Renderable, Sendable {
    public let measurement: Measurement

    public init(_ measurement: Measurement) { self.measurement = measurement }

    private var m: Measurement { measurement }
    private var level: String { Format.confidence(m.confidence) }

    // MARK: Document

    public func document() -> Document {
        var blocks: [Document.Block] = []
        let tally = m.overall.tally
        blocks.append(.heading("Session report"))
        blocks.append(
            .paragraph(
                "\(Format.count(tally.sessions)) sessions (\(Format.count(tally.reviewed)) reviewed) from "
                    + m.inputs.joined(separator: ", ") + ". Targets: \(m.targets.workflow.rawValue) (\(m.workflowChoice)); "
                    + "\(level) \(m.method.rawValue) intervals."))
        blocks.append(.table(metricTable()))
        blocks.append(.heading("Issue rates (over reviewed sessions)"))
        blocks.append(.table(issueTable(m.overall)))
        if !m.reasons.isEmpty {
            blocks.append(.heading("Top handoff reasons"))
            blocks.append(
                .paragraph(
                    "\(Format.count(m.handoffSessions)) sessions involved a human (sys_human_help or sys_human_follow_up); "
                        + "shares with \(level) simultaneous (Goodman) intervals."))
            blocks.append(.table(reasonTable()))
        } else if !m.reasonsRecorded, m.handoffSessions > 0 {
            blocks.append(.paragraph("The log has no handoff_reason column, so there are no handoff reasons to rank."))
        }
        if !m.dimensions.isEmpty {
            blocks.append(.heading("Segments by " + m.dimensions.map(\.rawValue).joined(separator: " × ")))
            blocks.append(.table(segmentTable()))
        }
        blocks.append(.heading("Notes"))
        blocks.append(.list(notes()))
        return Document(blocks)
    }

    private func metricTable() -> Table {
        let rows = [
            ("contained", m.overall.metrics.contained, m.overall.gaps.contained),
            ("resolution", m.overall.metrics.resolution, m.overall.gaps.resolution),
        ].map { name, rate, gap in
            [
                name, Format.percent(rate.value), Format.percentRange(rate.interval?.lower, rate.interval?.upper),
                "\(Format.count(rate.count)) / \(Format.count(rate.total))",
                TargetsReport.range(gap.target), gap.verdict.rawValue, Format.points(gap.gapPoints),
                Format.percent(gap.probabilityReachesFloor), Self.more(gap.sessionsToConclude, gap.verdict),
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
        var rows: [[String]] = []
        for severity in Severity.allCases {
            rows.append(issueRow(severity.rawValue, segment.metrics.issues[severity]!, segment.gaps.issues[severity]!))
        }
        rows.append(issueRow("any", segment.metrics.anyIssue, segment.gaps.anyIssue))
        return Table(
            columns: [
                .init("severity"), .init("rate", .right), .init("\(level) interval", .right), .init("issues", .right),
                .init("ceiling", .right), .init("verdict"), .init("P(≤ ceiling)", .right), .init("more reviews", .right),
            ], rows: rows)
    }

    private func issueRow(_ name: String, _ rate: Rate, _ gap: IssueGap) -> [String] {
        [
            name, Format.percent(rate.value, decimals: 2),
            Format.percentRange(rate.interval?.lower, rate.interval?.upper, decimals: 2),
            "\(Format.count(rate.count)) / \(Format.count(rate.total))",
            gap.ceiling.map { Format.percent($0, decimals: 2) + (gap.zeroTolerance ? ", zero tolerance" : "") } ?? "not judged",
            gap.verdict?.rawValue ?? "–", Format.percent(gap.probabilityWithinCeiling),
            Self.more(gap.sessionsToConclude, gap.verdict),
        ]
    }

    private func reasonTable() -> Table {
        Table(
            columns: [
                .init("reason"), .init("sessions", .right), .init("share", .right), .init("\(level) interval", .right),
                .init("action"),
            ],
            rows: m.reasons.map { reason in
                [
                    reason.reason, Format.count(reason.count), Format.percent(reason.share),
                    Format.percentRange(reason.interval.lower, reason.interval.upper),
                    reason.action ?? (reason.reason.hasPrefix("(") ? "–" : "free text: map it to a reason code to get an action"),
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
        let rows = m.segments.map { segment -> [String] in
            let metrics = segment.metrics
            var note: [String] = []
            if segment.small { note.append("small (< \(m.smallSegment))") }
            if segment.targets.workflow != m.targets.workflow { note.append("targets: \(segment.targets.workflow.rawValue)") }
            return segment.key.values + [
                Format.count(segment.tally.sessions), Format.percent(metrics.contained.value),
                Format.percentRange(metrics.contained.interval?.lower, metrics.contained.interval?.upper),
                segment.gaps.contained.verdict.rawValue, Format.percent(metrics.resolution.value),
                Format.percentRange(metrics.resolution.interval?.lower, metrics.resolution.interval?.upper),
                segment.gaps.resolution.verdict.rawValue, Format.count(segment.tally.p0), Format.count(segment.tally.p1),
                Format.count(segment.tally.p2), note.joined(separator: "; "),
            ]
        }
        return Table(columns: columns, rows: rows)
    }

    private func notes() -> [String] {
        var notes: [String] = []
        notes.append("Targets: \(m.targets.source). Issue ceilings: \(m.targets.issues.source).")
        if m.reviewAssumed {
            notes.append(
                "The log does not say which sessions were reviewed, so every session counts as reviewed for issue rates.")
        }
        if m.invalidRows.count > 0 {
            notes.append(
                "\(Format.count(m.invalidRows.count)) invalid rows were skipped (--skip-invalid); the first: "
                    + m.invalidRows.examples.joined(separator: " | "))
        }
        let small = m.segments.filter(\.small).count
        if small > 0 {
            notes.append(
                "\(small) segment\(small == 1 ? "" : "s") with fewer than \(m.smallSegment) sessions: their intervals are wide; read them with care."
            )
        }
        notes.append(
            "Verdicts: below (upper bound < floor), met (lower bound ≥ floor), above (lower bound > ceiling), inconclusive otherwise; "
                + "\"more sessions\" is how many further sessions at the current rate would settle an inconclusive verdict.")
        return notes
    }

    private static func more(_ count: Int?, _ verdict: Verdict?) -> String {
        guard let verdict, verdict == .inconclusive else { return "–" }
        return count.map(Format.count) ?? "never at this rate"
    }

    // MARK: JSON

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
            ("key", .object(zip(m.dimensions, segment.key.values).map { ($0.rawValue, .string($1)) })),
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
                .object(Severity.allCases.map { ($0.rawValue, metrics.issues[$0]!.json) } + [("any", metrics.anyIssue.json)])
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
        .object(Severity.allCases.map { ($0.rawValue, issueGapJSON(gaps.issues[$0]!)) } + [("any", issueGapJSON(gaps.anyIssue))])
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
    public func csvTable() -> Table {
        var columns = [Table.Column("scope")] + m.dimensions.map { Table.Column($0.rawValue) }
        columns += [
            "metric", "count", "total", "rate", "lower", "upper", "method", "confidence", "target_floor", "target_ceiling",
            "verdict",
            "gap_points", "probability", "sessions_to_conclude",
        ].map { Table.Column($0) }
        var rows: [[String]] = []
        for segment in [m.overall] + m.segments {
            let scope = segment.key.values.isEmpty ? ["all"] + m.dimensions.map { _ in "" } : ["segment"] + segment.key.values
            for (name, rate, gap) in [
                ("contained", segment.metrics.contained, segment.gaps.contained),
                ("resolution", segment.metrics.resolution, segment.gaps.resolution),
            ] {
                rows.append(
                    scope + Self.rateCells(name, rate) + [
                        Format.exact(gap.target.floor), Format.exact(gap.target.ceiling), gap.verdict.rawValue,
                        Format.exact(gap.gapPoints),
                        Format.exact(gap.probabilityReachesFloor), gap.sessionsToConclude.map(String.init) ?? "",
                    ])
            }
            let issues =
                Severity.allCases.map { ($0.rawValue, segment.metrics.issues[$0]!, segment.gaps.issues[$0]!) }
                + [("any", segment.metrics.anyIssue, segment.gaps.anyIssue)]
            for (name, rate, gap) in issues {
                rows.append(
                    scope + Self.rateCells("issues_\(name)", rate) + [
                        "", Format.exact(gap.ceiling), gap.verdict?.rawValue ?? "", "",
                        Format.exact(gap.probabilityWithinCeiling),
                        gap.sessionsToConclude.map(String.init) ?? "",
                    ])
            }
        }
        return Table(columns: columns, rows: rows)
    }

    private static func rateCells(_ name: String, _ rate: Rate) -> [String] {
        [
            name, String(rate.count), String(rate.total), Format.exact(rate.value), Format.exact(rate.interval?.lower),
            Format.exact(rate.interval?.upper), rate.method.rawValue, Format.exact(rate.confidence),
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
