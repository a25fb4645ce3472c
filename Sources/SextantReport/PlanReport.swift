import SextantModel
import SextantStats

/// The answer of `sextant plan`: its sections composed — the gate inside the simulation (when a
/// policy is given), the samples its criteria need, the levers ranked and a target search.
public struct PlanReport: Renderable, Sendable {
    /// The scenario planned.
    public let scenario: Scenario
    /// Replications simulated (or to simulate).
    public let replications: Int
    /// The master seed.
    public let seed: UInt64
    /// The gate applied to every simulated week; nil when no policy was given.
    public let gate: GatePlan?
    /// The samples each criterion needs; nil when not asked for.
    public let reviews: ReviewPlan?
    /// The levers ranked by their lifts; nil when not asked for.
    public let levers: LeverRanking?
    /// The least lever value that reaches a target; nil when not asked for.
    public let targetSearch: TargetSearchResult?

    /// A plan report.
    ///
    /// - Parameters:
    ///   - scenario: the scenario planned.
    ///   - replications: replications simulated.
    ///   - seed: the master seed.
    ///   - gate: the simulated gate, if any.
    ///   - reviews: the review planning, if any.
    ///   - levers: the lever ranking, if any.
    ///   - targetSearch: the target search, if any.
    public init(
        scenario: Scenario, replications: Int, seed: UInt64, gate: GatePlan?, reviews: ReviewPlan?, levers: LeverRanking? = nil,
        targetSearch: TargetSearchResult? = nil
    ) {
        self.scenario = scenario
        self.replications = replications
        self.seed = seed
        self.gate = gate
        self.reviews = reviews
        self.levers = levers
        self.targetSearch = targetSearch
    }

    /// The weeks planned: the gate's horizon, else the review planning's, else the scenario's.
    private var weeks: Int { gate?.weeks.count ?? reviews?.horizon ?? scenario.weeks }

    private var growth: String {
        scenario.weeklyGrowth == 0 ? "" : " at first, growing \(Format.percent(scenario.weeklyGrowth)) a week"
    }

    // MARK: Document

    /// The scenario, then each section: the gate week by week with its first pass week and the
    /// risk of repeated looks, review planning, the levers and the target search. CSV's table is
    /// the gate's weeks (else the review planning's criteria).
    public func document() -> Document {
        var blocks: [Document.Block] = [
            .heading("Plan for scenario \(scenario.name)"),
            .paragraph(
                "\(scenario.workflow.rawValue), \(weeks) weeks, \(Format.count(Int(scenario.sessionsPerWeek.rounded()))) "
                    + "sessions a week\(growth), review rate \(Format.percent(scenario.reviewRate))."),
        ]
        if let gate { blocks += gateBlocks(gate) }
        if let reviews { blocks += reviewBlocks(reviews) }
        if let levers { blocks += levers.blocks() }
        if let targetSearch { blocks += targetSearch.blocks() }
        return Document(blocks, data: gate.map(gateTable) ?? reviews.map(reviewTable), guide: guide())
    }

    private func gateBlocks(_ gate: GatePlan) -> [Document.Block] {
        let policy = gate.policy
        var blocks: [Document.Block] = [
            .heading("Gate"),
            .paragraph(
                "Policy: \(Self.criteria(policy, gate.targets)); \(Self.window(policy)). Simulated "
                    + "\(Format.count(gate.replications)) times (seed \(seed)), the gate judged on each week's window."),
            .table(gateTable(gate)),
            .chart(Self.passChart(gate)),
            .paragraph(Self.firstPass(gate)),
            .paragraph(Self.looks(gate)),
            .paragraph(
                "A false pass: the gate passes while a judged metric's true rate over the window (the model's expectation at "
                    + "the run's drawn parameters) is not beyond its threshold; a false hold: it fails while every one is. "
                    + "Monte Carlo standard error of each probability: at most \(Format.percent(gate.monteCarloError, decimals: 2))."
            ),
        ]
        if policy.ceilings.isEmpty && policy.contained == nil && policy.resolution == nil {
            blocks.append(.paragraph("The policy judges no rate: no pass can be false, and every hold is."))
        }
        return blocks
    }

    /// The gate's pass probability week by week, and the probability it has passed by then.
    private static func passChart(_ gate: GatePlan) -> Chart {
        Chart(
            "Gate pass probability by week", kind: .series, axis: "week", interval: "",
            series: [
                .init("P(pass)", points: gate.weeks.map { .init(String($0.week), value: $0.passProbability) }),
                .init("P(passed by)", points: gate.weeks.map { .init(String($0.week), value: $0.passedBy) }),
            ], axisRange: 0...1)
    }

    /// The first-pass paragraph: the weeks by which 5 %, half and 95 % of runs have passed, and the share that never do.
    private static func firstPass(_ gate: GatePlan) -> String {
        let first = gate.firstPassWeek
        let clauses = [("5% of runs", first.p05), ("half", first.p50), ("95%", first.p95)].compactMap { label, week in
            week.map { "by week \($0) in \(label)" }
        }
        let head = clauses.isEmpty ? "The gate passes in fewer than 5% of runs" : "First pass " + clauses.joined(separator: ", ")
        return head + "; never within \(gate.weeks.count) weeks in \(Format.percent(first.never)) of runs."
    }

    /// The repeated-looks paragraph: the single-look and whole-horizon false-pass risks, and the control.
    private static func looks(_ gate: GatePlan) -> String {
        let policy = gate.policy
        let weeks = gate.weeks.count
        let risk =
            gate.falsePassOverHorizon == 0
            ? "Checked every week, the gate never passed falsely in these runs."
            : "Checked every week, the gate's false-pass risks add up: at most \(Format.percent(gate.largestFalsePass)) at any "
                + "one week, \(Format.percent(gate.falsePassOverHorizon)) of runs pass falsely at some week within \(weeks)."
        guard let looks = policy.looks, looks > 1 else {
            return risk
                + " To hold the risk over all looks to one look's, spend the error over them: looks: \(weeks) in the policy "
                + "(--looks \(weeks)) judges each look at \(Format.confidence(1 - (1 - policy.confidence) / Double(weeks))) "
                + "(Bonferroni)."
        }
        let beyond = weeks > looks ? " The horizon has more weeks than looks: the bound holds for the first \(looks) only." : ""
        return risk
            + " The policy spends its \(Format.percent(1 - policy.confidence)) error over \(looks) looks (Bonferroni): each is "
            + "judged at \(Format.confidence(policy.lookConfidence)), so that over all of them a rate on the wrong side of a "
            + "threshold passes with probability at most \(Format.percent((1 - policy.confidence) / 2)).\(beyond)"
    }

    private func gateTable(_ gate: GatePlan) -> Table {
        let rows = gate.weeks.map { week -> [Cell] in
            [
                .integer(week.week), .percent(week.passProbability, decimals: 1), .percent(week.passedBy, decimals: 1),
                .percent(week.falsePassProbability, decimals: 1), .percent(week.falseHoldProbability, decimals: 1),
                .percent(week.falsePassedBy, decimals: 1),
            ]
        }
        return Table(
            columns: [
                .init("week", .right), .init("P(pass)", .right), .init("P(passed by)", .right), .init("P(false pass)", .right),
                .init("P(false hold)", .right), .init("P(false pass by)", .right),
            ], rows: rows)
    }

    private func reviewBlocks(_ reviews: ReviewPlan) -> [Document.Block] {
        [
            .heading("Review planning"),
            .paragraph(
                "The sessions each criterion needs for its \(Format.confidence(reviews.policy.lookConfidence)) "
                    + "\(reviews.policy.method.rawValue) bound to clear its threshold with \(Format.percent(reviews.power, decimals: 0)) "
                    + "probability by week \(reviews.byWeek), at the rate the scenario expects over the window judged then "
                    + "(\(Self.window(reviews.policy))): AI sessions for a floor, reviewed sessions for a ceiling."),
            .table(reviewTable(reviews)),
            .paragraph(
                "Per week: the sessions spread over the window's weeks. Reached: the first week whose window is expected to hold "
                    + "them at the scenario's volume and review rate. With zero issues: the fewest reviews that clear a ceiling, "
                    + "when no issue at all is seen. Sessions –: no number does, the expected rate not being beyond the threshold."
            ),
        ]
    }

    private func reviewTable(_ reviews: ReviewPlan) -> Table {
        let rows = reviews.rows.map { row -> [Cell] in
            let decimals = row.metric.percentDecimals
            return [
                .text(row.metric.label), .text(row.metric.isIssueRate ? "upper ≤" : "lower ≥"),
                .percent(row.threshold, decimals: decimals), .percent(row.expectedRate, decimals: decimals),
                Self.count(row.sessionsNeeded), .text(row.metric.isIssueRate ? "reviewed" : "AI"),
                Self.count(row.zeroIssueSessions), Self.count(row.perWeekNeeded), .count(Int(row.expectedPerWeek.rounded())),
                .percent(row.reviewRateNeeded, decimals: 2), row.reachedWeek.map(Cell.integer) ?? "–",
            ]
        }
        return Table(
            columns: [
                .init("metric"), .init("bound"), .init("threshold", .right), .init("expected", .right), .init("sessions", .right),
                .init("over"), .init("with zero issues", .right), .init("per week", .right),
                .init("expected per week", .right), .init("review rate", .right), .init("reached", .right),
            ], rows: rows)
    }

    private static func count(_ value: Int?) -> Cell { value.map(Cell.count) ?? "–" }

    /// The policy's criteria in words: `contained ≥ 80% (lower bound), P0 ≤ 0.10% (upper bound), …`.
    static func criteria(_ policy: GatePolicy, _ targets: Targets) -> String {
        var parts: [String] = []
        if let minSessions = policy.minSessions { parts.append("at least \(Format.count(minSessions)) AI sessions") }
        if let minReviewed = policy.minReviewed { parts.append("at least \(Format.count(minReviewed)) reviewed") }
        for (kind, threshold) in policy.thresholds(targets) {
            guard case .rate(let metric) = kind else { continue }
            let target =
                (metric == .contained && policy.contained == .targetFloor)
                || (metric == .resolution && policy.resolution == .targetFloor)
            parts.append(
                metric.isIssueRate
                    ? "\(metric.rawValue) upper bound ≤ \(Format.percent(threshold, decimals: 2))"
                    : "\(metric.rawValue) lower bound ≥ \(Format.compactPercent(threshold))\(target ? " (target floor)" : "")")
        }
        let judged = parts.isEmpty ? "no criterion" : parts.joined(separator: ", ")
        return judged + " at \(Format.confidence(policy.confidence)) (\(policy.method.rawValue))"
    }

    private static func window(_ policy: GatePolicy) -> String {
        policy.windowWeeks.map { "window: the last \($0) week\($0 == 1 ? "" : "s")" } ?? "window: every week so far"
    }

    // MARK: JSON

    /// `{"schema_version", "scenario", "workflow", "replications", "seed", "weeks_simulated", "gate",
    /// "review_planning", "levers", "levers_settings", "target_search"}`; a section not computed is null.
    public func json() -> JSON {
        .object([
            ("schema_version", .int(jsonSchemaVersion)),
            ("scenario", .string(scenario.name)),
            ("workflow", .string(scenario.workflow.rawValue)),
            ("replications", .int(replications)),
            ("seed", .unsigned(seed)),
            ("weeks_simulated", gate.map { .int($0.weeks.count) } ?? .null),
            ("gate", gate.map(gateJSON) ?? .null),
            ("review_planning", reviews.map(reviewJSON) ?? .null),
            ("levers", levers?.json() ?? .null),
            ("levers_settings", levers?.settingsJSON() ?? .null),
            ("target_search", targetSearch?.json() ?? .null),
        ])
    }

    private func gateJSON(_ gate: GatePlan) -> JSON {
        let first = gate.firstPassWeek
        func week(_ value: Int?) -> JSON { value.map { .int($0) } ?? .null }
        return .object([
            ("policy", gate.policy.json),
            ("look_confidence", .number(gate.policy.lookConfidence)),
            (
                "weeks",
                .array(
                    gate.weeks.map { week in
                        .object([
                            ("week", .int(week.week)),
                            ("pass_probability", .number(week.passProbability)),
                            ("passed_by", .number(week.passedBy)),
                            ("false_pass_probability", .number(week.falsePassProbability)),
                            ("false_hold_probability", .number(week.falseHoldProbability)),
                            ("false_passed_by", .number(week.falsePassedBy)),
                        ])
                    })
            ),
            (
                "first_pass_week",
                .object([
                    ("p05", week(first.p05)), ("p50", week(first.p50)), ("p95", week(first.p95)), ("never", .number(first.never)),
                ])
            ),
            (
                "repeated_looks",
                .object([
                    ("looks", gate.policy.looks.map { .int($0) } ?? .null),
                    ("largest_false_pass", .number(gate.largestFalsePass)),
                    ("false_pass_over_horizon", .number(gate.falsePassOverHorizon)),
                ])
            ),
            ("monte_carlo_error", .number(gate.monteCarloError)),
        ])
    }

    private func reviewJSON(_ reviews: ReviewPlan) -> JSON {
        func count(_ value: Int?) -> JSON { value.map { .int($0) } ?? .null }
        return .object([
            ("by_week", .int(reviews.byWeek)),
            ("power", .number(reviews.power)),
            ("method", .string(reviews.policy.method.rawValue)),
            ("confidence", .number(reviews.policy.lookConfidence)),
            ("window_weeks", reviews.policy.windowWeeks.map { .int($0) } ?? .null),
            (
                "criteria",
                .array(
                    reviews.rows.map { row in
                        .object([
                            ("metric", .string(row.metric.rawValue)),
                            ("bound", .string(row.metric.isIssueRate ? "upper" : "lower")),
                            ("threshold", .number(row.threshold)),
                            ("expected_rate", .number(row.expectedRate)),
                            ("sessions_needed", count(row.sessionsNeeded)),
                            ("over", .string(row.metric.isIssueRate ? "reviewed_sessions" : "ai_sessions")),
                            ("zero_issue_sessions", count(row.zeroIssueSessions)),
                            ("per_week_needed", count(row.perWeekNeeded)),
                            ("expected_per_week", .number(row.expectedPerWeek)),
                            ("review_rate_needed", .number(row.reviewRateNeeded)),
                            ("reached_week", count(row.reachedWeek)),
                        ])
                    })
            ),
        ])
    }
}
