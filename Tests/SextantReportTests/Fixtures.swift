import SextantModel
import SextantReport
import SextantStats

/// Reports built from fixed inputs written here (no file is read), one per golden.
enum Fixtures {
    /// Every report that has goldens, by name.
    static let names = [
        "measurement", "measurement-segments", "measurement-weeks", "simulation", "simulation-intent-weeks", "targets",
        "interval", "interval-no-data", "sample-size-half-width", "sample-size-show-rate", "sample-size-zero-issues",
        "validation", "measurement-hostile", "simulation-hostile", "validation-hostile", "gate", "gate-ready",
        "gate-hostile", "levers", "levers-hostile", "target-search", "target-search-unreachable",
        "plan", "plan-levers", "plan-hostile", "review", "review-intents", "review-hostile",
    ]

    /// The report called `name`.
    static func report(_ name: String) throws -> any Renderable {
        switch name {
        case "measurement": MeasurementReport(try measurement())
        case "measurement-segments": MeasurementReport(try segmentedMeasurement(names: .plain))
        case "measurement-weeks": MeasurementReport(try weeklyMeasurement())
        case "simulation": SimulationReport(simulation(names: .plain, perIntentWeek: false))
        case "simulation-intent-weeks": SimulationReport(simulation(names: .plain, perIntentWeek: true))
        case "targets": TargetsReport()
        case "interval": IntervalReport(rate: try Rate(count: 37, total: 50, method: .clopperPearson, confidence: 0.95))
        case "interval-no-data": IntervalReport(rate: try Rate(count: 0, total: 0, method: .wilson, confidence: 0.95))
        case "sample-size-half-width":
            SampleSizeReport.halfWidth(
                rate: 0.8, halfWidth: 0.03, method: .wilson, confidence: 0.95, sessions: 682, waldSessions: 683)
        case "sample-size-show-rate":
            SampleSizeReport.showRate(
                rate: 0.7, threshold: 0.75, power: 0.9, method: .wilson, confidence: 0.95,
                sessions: try MetricTarget.range(TargetRange(floor: 0.75, ceiling: 1)).sessionsToSettle(
                    rate: 0.7, power: 0.9, method: .wilson, confidence: 0.95)!,
                scoreTestSessions: try SampleSize.toShowRate(0.7, beyond: 0.75, power: 0.9, confidence: 0.95))
        case "sample-size-zero-issues":
            SampleSizeReport.zeroIssues(
                ceiling: 0.001, method: .wilson, confidence: 0.95,
                reviewedSessions: try MetricTarget.ceiling(0.001, zeroTolerance: true).sessionsForZeroIssues(
                    method: .wilson, confidence: 0.95)!,
                oneSidedExact: try SampleSize.zeroIssueReviews(ceiling: 0.001, confidence: 0.95),
                ruleOfThree: try SampleSize.ruleOfThree(ceiling: 0.001, confidence: 0.95))
        case "validation": validation(names: .plain)
        case "measurement-hostile": MeasurementReport(try segmentedMeasurement(names: .hostile))
        case "simulation-hostile": SimulationReport(simulation(names: .hostile, perIntentWeek: false))
        case "validation-hostile": validation(names: .hostile)
        case "gate": GateReport(try gate(names: .plain))
        case "gate-ready": GateReport(try readyGate())
        case "gate-hostile": GateReport(try gate(names: .hostile))
        case "levers", "levers-hostile", "target-search", "target-search-unreachable": try LeverSections.report(name)
        case "plan", "plan-levers", "plan-hostile": try plan(name)
        case let name where ReviewFixtures.names.contains(name): try ReviewFixtures.report(name)
        default: fatalError("no fixture named \(name)")
        }
    }

    /// The reports with an HTML golden: one of each kind of page, and the hostile ones.
    static let html = [
        "measurement", "measurement-segments", "measurement-weeks", "simulation", "interval", "gate", "gate-ready", "levers",
        "plan", "plan-levers", "measurement-hostile", "simulation-hostile", "gate-hostile", "levers-hostile", "plan-hostile",
        "review", "review-hostile",
    ]

    /// Whether the report has a form in `format` (the CLI refuses CSV for per-intent weeks) with
    /// a golden file (HTML only for ``html``).
    static func has(_ name: String, _ format: OutputFormat) -> Bool {
        switch format {
        case .csv: name != "simulation-intent-weeks"
        case .html: html.contains(name)
        default: true
        }
    }

    // MARK: Names

    /// The names data can carry: ordinary ones, or hostile ones that try to reach a terminal,
    /// a Markdown page or a spreadsheet.
    struct Names: Sendable {
        let intents: [String]
        let channels: [String]
        let reasons: [String]
        let file: String

        static let plain = Names(
            intents: ["order-status", "returns", "billing"], channels: ["chat", "email"],
            reasons: ["missing_knowledge", "Customer wanted a refund", "user_request"], file: "logs/march.csv")

        static let hostile = Names(
            intents: [
                "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>\u{1B}[2J", "=cmd|' /C calc'!A0",
            ],
            channels: ["+1", "@SUM(1)"],
            reasons: [
                "\u{1B}]0;pwned\u{07}", "\u{1B}[31mred\u{1B}[0m & \"quoted\"", "line\r\nbreak\tand\u{7F}\u{9B}2J",
            ],
            file: "-2+3|evil\n## heading.csv")

        /// Every hostile string, to check that each one comes out inert.
        var all: [String] { intents + channels + reasons + [file] }
    }

    // MARK: Measurement

    static func tally(_ sessions: Int, help: Int, unresolved: Int, reviewed: Int, p0: Int = 0, p1: Int = 0, p2: Int = 0)
        -> Tally
    {
        Tally(
            sessions: sessions, humanHelp: help, unresolved: unresolved, reviewed: reviewed, p0: p0, p1: p1, p2: p2,
            anyIssue: p0 + p1 + p2)
    }

    static func measurement() throws -> Measurement {
        var summary = LogSummary()
        summary.inputs = [Names.plain.file]
        summary.overall = tally(5830, help: 1402, unresolved: 1755, reviewed: 590, p1: 3, p2: 11)
        summary.reasons = [
            "missing_knowledge": 610, "user_request": 402, "action_failed": 301, "Customer wanted a refund": 12,
            "": 430,
        ]
        summary.reasonsRecorded = true
        summary.workflows = ["service-ecommerce": 5830]
        return try Measurement(summary, options: MeasurementOptions())
    }

    static func segmentedMeasurement(names: Names) throws -> Measurement {
        var summary = LogSummary()
        summary.inputs = [names.file, "logs/april.csv.gz"]
        summary.dimensions = [.intent, .channel]
        var overall = Tally()
        for (i, intent) in names.intents.enumerated() {
            for (j, channel) in names.channels.enumerated() {
                let sessions = 60 + 400 * i + 150 * j
                let segment = tally(
                    sessions, help: sessions / (4 + i), unresolved: sessions / (3 + j), reviewed: sessions / 5,
                    p0: i == 2 ? 1 : 0,
                    p1: j, p2: i + j)
                summary.segments[SegmentKey([intent, channel])] = segment
                overall.add(segment)
            }
        }
        summary.overall = overall
        summary.reasons = Dictionary(uniqueKeysWithValues: names.reasons.enumerated().map { ($1, 90 - 20 * $0) })
        summary.reasonsRecorded = true
        summary.workflows = ["service-technology": 10, "service-ecommerce": 20]
        summary.reviewRecorded = false
        summary.invalidRows.record(names.file + ":7: intent \(names.intents[0]) has no session_id")
        summary.invalidRows.record(names.file + ":9: reviewed is \(names.reasons[0]); expected true or false")
        var options = MeasurementOptions()
        options.method = .jeffreys
        options.confidence = 0.9
        return try Measurement(summary, options: options)
    }

    static func weeklyMeasurement() throws -> Measurement {
        var summary = LogSummary()
        summary.inputs = ["logs/q1.jsonl"]
        summary.dimensions = [.week]
        var overall = Tally()
        for week in 10...13 {
            let sessions = 900 + 120 * (week - 10)
            let segment = tally(
                sessions, help: sessions / 5 - 10 * (week - 10), unresolved: sessions / 4, reviewed: sessions / 10, p2: 2)
            summary.segments[SegmentKey(["2026-W\(week)"])] = segment
            overall.add(segment)
        }
        summary.overall = overall
        summary.workflows = ["sales-lead-qualification": overall.sessions]
        var options = MeasurementOptions()
        options.overrides.issueCeilings = [.p2: 0.02]
        options.overrides.source = "targets.yaml"
        return try Measurement(summary, options: options)
    }

    // MARK: Simulation

    static func scenario(names: Names) -> Scenario {
        Scenario(
            name: "golden " + names.intents[0], workflow: .serviceEcommerce, sessionsPerWeek: 3000, weeklyGrowth: 0.02, weeks: 3,
            reviewRate: 0.1, seed: 42,
            intents: [
                IntentSpec(
                    name: names.intents[0], share: 0.5,
                    parameters: [
                        .humanRequest: .beta(2, 38), .knowledgeCoverage: .uniform(0.8, 0.95), .gapEscalation: .fixed(0.7),
                        .residualError: .triangular(lower: 0.01, mode: 0.02, upper: 0.05),
                    ],
                    severity: SeveritySplit(p0: 0.05, p1: 0.25, p2: 0.7)),
                IntentSpec(
                    name: names.intents[1], share: 0.3, sensitive: true,
                    parameters: [.actionNeed: .fixed(0.6), .actionCoverage: .fixed(0.8), .actionSuccess: .beta(45, 5)],
                    severity: SeveritySplit(p0: 0.2, p1: 0.3, p2: 0.5)),
                IntentSpec(name: names.intents[2], share: 0.2, autopilot: false),
            ],
            stages: [Stage(fromWeek: 1, aiShare: 0.5), Stage(fromWeek: 2, aiShare: 1)],
            improvements: [Improvement(week: 3, intent: names.intents[1], parameter: .actionCoverage, change: .set(0.95))])
    }

    static func simulation(names: Names, perIntentWeek: Bool) -> SimulationResult {
        let scenario = scenario(names: names)
        var options = SimulationOptions()
        options.replications = 200
        options.perIntent = true
        options.perIntentWeek = perIntentWeek
        options.threads = 2
        return Simulation.run(scenario, options: options)
    }

    // MARK: Gate

    /// A gate with a window of four weeks over a log with a quiet week, judged per intent: not
    /// ready. The third intent has sessions only before the window, so its rates have no data.
    static func gate(names: Names) throws -> GateEvaluation {
        var summary = LogSummary()
        summary.inputs = [names.file]
        summary.dimensions = [.week, .intent]
        for (w, week) in ["2026-W08", "2026-W09", "2026-W11", "2026-W12"].enumerated() {
            for (i, intent) in names.intents.enumerated() where i < 2 || week == "2026-W08" {
                let sessions = 700 - 300 * i + 40 * w
                let segment = tally(
                    sessions, help: sessions / (8 - 3 * i), unresolved: sessions / (5 - i), reviewed: sessions / 8,
                    p0: i == 1 && w == 3 ? 1 : 0, p1: i, p2: 1 + i)
                summary.segments[SegmentKey([week, intent])] = segment
                summary.overall.add(segment)
            }
        }
        summary.workflows = ["service-ecommerce": summary.overall.sessions]
        var policy = GatePolicy()
        policy.minSessions = 1500
        policy.minReviewed = 200
        policy.contained = .value(0.8)
        policy.resolution = .targetFloor
        policy.ceilings = [.p0: 0.01, .p1: 0.02]
        policy.windowWeeks = 4
        return try GateEvaluation(summary, policy: policy)
    }

    /// A ready gate on all the data, without intents: Clopper–Pearson at 90 %, reviews assumed,
    /// an invalid row skipped.
    static func readyGate() throws -> GateEvaluation {
        var summary = LogSummary()
        summary.inputs = ["logs/q2.csv", "logs/q3.csv"]
        summary.overall = tally(24000, help: 2400, unresolved: 4100, reviewed: 24000, p1: 30, p2: 250)
        summary.reviewRecorded = false
        summary.invalidRows.record("logs/q2.csv:17: tags: missing; expected the session's tags")
        summary.workflows = ["service-technology": 24000]
        var policy = GatePolicy()
        policy.method = .clopperPearson
        policy.confidence = 0.9
        policy.minSessions = 20000
        policy.contained = .targetFloor
        policy.resolution = .value(0.8)
        policy.ceilings = [.p0: 0.0002, .p1: 0.002, .any: 0.02]
        return try GateEvaluation(summary, policy: policy)
    }

    // MARK: Validation

    static func validation(names: Names) -> ValidationReport {
        ValidationReport(files: [
            .init(path: "scenarios/golden.yaml", scenario: scenario(names: names), problems: []),
            .init(
                path: names.file, scenario: nil,
                problems: [
                    .init(
                        line: 4, column: 20, keyPath: "sessions_per_week",
                        message: "-5 is not a positive volume; expected sessions per week > 0"),
                    .init(line: 8, column: 3, keyPath: "intents[0].name", message: "\(names.intents[1]) is not unique"),
                ]),
        ])
    }
}
