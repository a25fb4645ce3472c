import SextantModel
import SextantStats

/// The answer of `sextant gate`: whether a log passes an Auto-Pilot readiness policy — each
/// criterion with its figure, threshold and result, for the whole log and for each intent.
public struct GateReport: Renderable, Sendable {
    /// The gate applied to the log.
    public let evaluation: GateEvaluation

    /// The report of a gate applied to a log.
    ///
    /// - Parameter evaluation: the policy's criteria judged, overall and per intent.
    public init(_ evaluation: GateEvaluation) { self.evaluation = evaluation }

    private var e: GateEvaluation { evaluation }
    private var level: String { Format.confidence(e.policy.lookConfidence) }

    // MARK: Document

    /// The verdict, the criteria table, the intents table and notes; CSV's table has one row per
    /// scope (the whole log, each intent) and criterion.
    public func document() -> Document {
        var blocks: [Document.Block] =
            [
                .heading("Auto-Pilot gate: " + (e.ready ? "ready" : "not ready")),
                .paragraph(summary()),
                .paragraph(verdict(e.decision)),
                .table(criteriaTable()),
            ] + charts().map(Document.Block.chart)
        if !e.intents.isEmpty {
            let ready = e.intents.filter(\.ready).map(\.intent)
            blocks.append(.heading("Intents"))
            blocks.append(
                .paragraph(
                    "\(Format.count(ready.count)) of \(Format.count(e.intents.count, "intent")) ready"
                        + (ready.isEmpty ? "." : ": " + ready.joined(separator: ", ") + ".")
                        + " Each is judged on its own sessions by the same criteria; figures are the bounds compared."))
            blocks.append(.table(intentTable()))
        }
        blocks.append(.heading("Notes"))
        blocks.append(.list(notes()))
        return Document(blocks, data: dataTable(), guide: guide())
    }

    private func summary() -> String {
        var text = "\(Format.count(e.tally.sessions, "session")) (\(Format.count(e.tally.reviewed)) reviewed)"
        if let window = e.window {
            text += " in the last \(Format.count(window.weeks, "week"))"
            if let first = window.first, let last = window.last {
                text +=
                    " (" + (first == last ? last : "\(first) to \(last)")
                    + ", \(Format.count(window.weeksWithData)) with sessions)"
            }
        }
        text += " from " + e.inputs.joined(separator: ", ") + "."
        if e.policy.contained == .targetFloor || e.policy.resolution == .targetFloor {
            text += " Target floors: \(e.targets.workflow.rawValue) (\(e.workflowChoice))."
        }
        return text + " \(level) \(e.policy.method.rawValue) intervals."
    }

    private func verdict(_ decision: GateDecision) -> String {
        let failed = decision.criteria.filter { !$0.passed }.map(\.name)
        let count = decision.criteria.count
        if !e.policy.judgesSomething { return "The policy judges nothing, so the gate passes." }
        if failed.isEmpty {
            return count == 1
                ? "Ready: the one criterion passes." : "Ready: all \(Format.count(count, "criterion", plural: "criteria")) pass."
        }
        return "Not ready: \(failed.count) of \(Format.count(count, "criterion", plural: "criteria")) "
            + (failed.count == 1 ? "fails" : "fail") + " (" + failed.joined(separator: ", ") + ")."
    }

    private func criteriaTable() -> Table {
        let rows = e.decision.criteria.map { criterion -> [Cell] in
            let rate = criterion.rate
            return [
                .text(criterion.name), .text(Self.compared(criterion)), Self.figure(criterion), .text(threshold(criterion)),
                .text(Self.result(criterion)), .percent(rate?.value, decimals: criterion.metric?.percentDecimals ?? 1),
                .interval(
                    lower: rate?.interval?.lower, upper: rate?.interval?.upper, decimals: criterion.metric?.percentDecimals ?? 1),
                rate.map { .fraction(count: $0.count, total: $0.total) } ?? "–",
            ]
        }
        return Table(
            columns: [
                .init("criterion"), .init("compared"), .init("figure", .right), .init("threshold", .right), .init("result"),
                .init("rate", .right), .init("\(level) interval", .right), .init("of", .right),
            ], rows: rows)
    }

    /// The rates judged, each with its interval against its threshold: contained and resolution
    /// against their floors, then the issue rates against their ceilings (an axis of their own).
    private func charts() -> [Chart] {
        let interval = "\(level) \(e.policy.method.rawValue) interval"
        func chart(_ title: String, upper: Bool, decimals: Int) -> Chart? {
            let criteria = e.decision.criteria.filter { $0.rate != nil && ($0.bound == .upper) == upper }
            guard !criteria.isEmpty else { return nil }
            return Chart(
                title, kind: .estimates, axis: "criterion", interval: interval, decimals: decimals,
                series: criteria.map { criterion in
                    let rate = criterion.rate
                    let target: MetricTarget =
                        upper
                        ? .ceiling(criterion.threshold, zeroTolerance: false)
                        : .range(TargetRange(floor: criterion.threshold, ceiling: 1))
                    return .init(
                        criterion.name,
                        points: [
                            .init(
                                "all", value: rate?.value, lower: rate?.interval?.lower, upper: rate?.interval?.upper,
                                target: target)
                        ])
                })
        }
        return [
            chart("Rates against their floors", upper: false, decimals: 1),
            chart("Issue rates against their ceilings", upper: true, decimals: 2),
        ].compactMap { $0 }
    }

    private func intentTable() -> Table {
        let rateCriteria = e.decision.criteria.filter { $0.rate != nil }
        var columns: [Table.Column] = [.init("intent"), .init("sessions", .right), .init("reviewed", .right), .init("ready")]
        columns += rateCriteria.map { Table.Column($0.name, .right) }
        columns.append(.init("failing"))
        let rows = e.intents.map { intent -> [Cell] in
            var row: [Cell] = [
                .text(intent.intent), .count(intent.tally.sessions), .count(intent.tally.reviewed),
                .text(intent.ready ? "yes" : "no"),
            ]
            row += intent.decision.criteria.filter { $0.rate != nil }.map { Self.figure($0) }
            let failing = intent.decision.criteria.filter { !$0.passed }.map(\.name)
            row.append(.text(failing.isEmpty ? "–" : failing.joined(separator: ", ")))
            return row
        }
        return Table(columns: columns, rows: rows)
    }

    private func notes() -> [String] {
        var notes = [
            "Rates are judged by a bound of their \(level) \(e.policy.method.rawValue) interval: contained and resolution "
                + "pass when the lower bound is at least the floor, issue rates when the upper bound is at most the ceiling — "
                + "P0 too when no P0 issue was seen, so a small sample cannot pass by luck. A rate without data fails."
        ]
        if let window = e.window {
            notes.append(
                "The window is the last \(Format.count(window.weeks, "calendar week")) (ISO weeks, Monday to Sunday) ending "
                    + "with the latest week in the log; a week without sessions still counts as one of them.")
        } else {
            notes.append("The policy sets no window (window_weeks), so every session in the log is judged.")
        }
        if !e.intents.isEmpty {
            notes.append(
                "The verdict and the exit status are the whole log's; the intents show which could go on Auto-Pilot now.")
        }
        if e.policy.contained == .targetFloor || e.policy.resolution == .targetFloor {
            notes.append("Target floors: \(e.targets.source).")
        }
        if e.reviewAssumed {
            notes.append(
                "The log does not say which sessions were reviewed, so every session counts as reviewed for min_reviewed "
                    + "and the issue rates.")
        }
        if e.invalidRows.count > 0 {
            notes.append(
                Format.count(e.invalidRows.count, "invalid row") + " skipped (--skip-invalid); the first: "
                    + e.invalidRows.examples.joined(separator: " | "))
        }
        return notes
    }

    // MARK: Cells

    /// What the figure is: a count of sessions, or an interval bound, with the comparison made.
    private static func compared(_ criterion: GateCriterion) -> String {
        switch criterion.kind {
        case .minSessions: "AI sessions ≥"
        case .minReviewed: "reviewed ≥"
        case .rate: criterion.bound == .upper ? "upper bound ≤" : "lower bound ≥"
        }
    }

    private static func result(_ criterion: GateCriterion) -> String {
        criterion.passed ? "pass" : criterion.rate != nil && criterion.figure == nil ? "fail (no data)" : "fail"
    }

    /// The decimals a threshold shows with: the metric's, or more (up to 4) to show it as it is.
    private static func thresholdDecimals(_ criterion: GateCriterion) -> Int {
        var decimals = criterion.metric?.percentDecimals ?? 0
        while decimals < 4,
            abs((Double(Format.percentDigits(criterion.threshold, decimals: decimals)) ?? 0) / 100 - criterion.threshold)
                > 1e-12
        {
            decimals += 1
        }
        return decimals
    }

    /// The decimals a figure shows with: at least its threshold's, and more (up to 6) so that it
    /// never shows equal to the threshold when it is not — a failing 1.0002% is not "1.00%".
    private static func figureDecimals(_ criterion: GateCriterion) -> Int {
        var decimals = thresholdDecimals(criterion)
        guard let figure = criterion.figure, figure != criterion.threshold else { return decimals }
        while decimals < 6, Format.percent(figure, decimals: decimals) == Format.percent(criterion.threshold, decimals: decimals)
        {
            decimals += 1
        }
        return decimals
    }

    /// A count of sessions held as a `Double` (a criterion's figure or threshold); one beyond the
    /// integers a `Double` holds exactly (a minimum near `Int.max`) is shown as a number.
    private static func count(_ value: Double) -> Cell {
        Int(exactly: value).map(Cell.count) ?? .number(value, .significant)
    }

    private static func figure(_ criterion: GateCriterion) -> Cell {
        guard criterion.rate != nil else { return count(criterion.figure ?? 0) }
        return .percent(criterion.figure, decimals: figureDecimals(criterion))
    }

    private func threshold(_ criterion: GateCriterion) -> String {
        guard let metric = criterion.metric else { return Self.count(criterion.threshold).display }
        let text = Format.percent(criterion.threshold, decimals: Self.thresholdDecimals(criterion))
        let fromTarget =
            (metric == .contained && e.policy.contained == .targetFloor)
            || (metric == .resolution && e.policy.resolution == .targetFloor)
        return fromTarget ? text + " (target floor)" : text
    }

    // MARK: JSON

    /// `{"schema_version", "ready", "policy", "window", "inputs", "sessions", "reviewed",
    /// "review_assumed", "workflow", "workflow_choice", "target_floors", "criteria", "intents",
    /// "invalid_rows", "invalid_row_examples"}`.
    public func json() -> JSON {
        let window: JSON =
            e.window.map { window in
                .object([
                    ("weeks", .int(window.weeks)), ("first", window.first.map(JSON.string) ?? .null),
                    ("last", window.last.map(JSON.string) ?? .null), ("weeks_with_data", .int(window.weeksWithData)),
                ])
            } ?? .null
        return .object([
            ("schema_version", .int(jsonSchemaVersion)),
            ("ready", .bool(e.ready)),
            ("policy", e.policy.json),
            ("window", window),
            ("inputs", .array(e.inputs.map(JSON.string))),
            ("sessions", .int(e.tally.sessions)),
            ("reviewed", .int(e.tally.reviewed)),
            ("review_assumed", .bool(e.reviewAssumed)),
            ("workflow", .string(e.targets.workflow.rawValue)),
            ("workflow_choice", .string(e.workflowChoice)),
            (
                "target_floors",
                .object([
                    ("contained", .number(e.targets.contained.floor)), ("resolution", .number(e.targets.resolution.floor)),
                    ("source", .string(e.targets.source)),
                ])
            ),
            ("criteria", e.decision.json),
            (
                "intents",
                .array(
                    e.intents.map { intent in
                        .object([
                            ("intent", .string(intent.intent)), ("ready", .bool(intent.ready)),
                            ("sessions", .int(intent.tally.sessions)), ("reviewed", .int(intent.tally.reviewed)),
                            ("criteria", intent.decision.json),
                        ])
                    })
            ),
            ("invalid_rows", .int(e.invalidRows.count)),
            ("invalid_row_examples", .array(e.invalidRows.examples.map(JSON.string))),
        ])
    }

    // MARK: CSV

    /// One row per scope (the whole log, then each intent) and criterion.
    private func dataTable() -> Table {
        let columns = [
            "scope", "intent", "ready", "criterion", "bound", "figure", "threshold", "passed", "count", "total", "rate", "lower",
            "upper", "method", "confidence",
        ].map { Table.Column($0) }
        let scopes: [(scope: String, intent: String, decision: GateDecision)] =
            [("all", "", e.decision)] + e.intents.map { ("intent", $0.intent, $0.decision) }
        var rows: [[Cell]] = []
        for (scope, intent, decision) in scopes {
            for criterion in decision.criteria {
                let rate = criterion.rate
                rows.append([
                    .text(scope), .text(intent), .text(decision.ready ? "true" : "false"), .text(criterion.name),
                    .text(criterion.bound?.rawValue ?? ""),
                    rate == nil ? .integer(Int(exactly: criterion.figure ?? 0) ?? 0) : .number(criterion.figure, .shortest),
                    rate == nil
                        ? Int(exactly: criterion.threshold).map(Cell.integer) ?? .number(criterion.threshold, .shortest)
                        : .number(criterion.threshold, .shortest),
                    .text(criterion.passed ? "true" : "false"),
                    rate.map { .integer($0.count) } ?? "", rate.map { .integer($0.total) } ?? "",
                    .number(rate?.value, .shortest), .number(rate?.interval?.lower, .shortest),
                    .number(rate?.interval?.upper, .shortest), .text(rate?.method.rawValue ?? ""),
                    .number(rate?.confidence, .shortest),
                ])
            }
        }
        return Table(columns: columns, rows: rows)
    }
}

extension GatePolicy {
    /// The policy as a policy file writes it — `{"version", "confidence", "method", "min_sessions",
    /// "min_reviewed", "contained": {"floor"}, "resolution": {"floor"}, "issues": {"P0": {"ceiling"},
    /// …}, "window_weeks", "looks"}`, with the criteria it does not judge left out — so that the JSON, saved
    /// as a file, is the same policy. A target floor is `"target"`.
    public var json: JSON {
        func floor(_ floor: GateFloor) -> JSON {
            switch floor {
            case .value(let value): .object([("floor", .number(value))])
            case .targetFloor: .object([("floor", .string("target"))])
            }
        }
        var members: [(String, JSON)] = [
            ("version", .int(1)), ("confidence", .number(confidence)), ("method", .string(method.rawValue)),
        ]
        if let minSessions { members.append(("min_sessions", .int(minSessions))) }
        if let minReviewed { members.append(("min_reviewed", .int(minReviewed))) }
        if let contained { members.append(("contained", floor(contained))) }
        if let resolution { members.append(("resolution", floor(resolution))) }
        let issues = Metric.issueRates.compactMap { metric in
            ceilings[metric].map { (metric.rawValue, JSON.object([("ceiling", .number($0))])) }
        }
        if !issues.isEmpty { members.append(("issues", .object(issues))) }
        if let windowWeeks { members.append(("window_weeks", .int(windowWeeks))) }
        if let looks { members.append(("looks", .int(looks))) }
        return .object(members)
    }
}

extension GateCriterion {
    /// `{"name", "metric", "bound", "figure", "threshold", "passed", "rate"}`: `metric`, `bound` and
    /// `rate` are null for a count criterion; `figure` is null for a rate without data.
    public var json: JSON {
        .object([
            ("name", .string(name)),
            ("metric", metric.map { .string($0.rawValue) } ?? .null),
            ("bound", bound.map { .string($0.rawValue) } ?? .null),
            ("figure", .number(figure)),
            ("threshold", .number(threshold)),
            ("passed", .bool(passed)),
            ("rate", rate?.json ?? .null),
        ])
    }
}

extension GateDecision {
    /// The criteria, each as ``GateCriterion/json``, in policy order.
    public var json: JSON { .array(criteria.map(\.json)) }
}
