import SextantStats

/// The metrics (<doc:MetricsAndTargets>) of one set of sessions, each a rate with its interval.
public struct Metrics: Hashable, Sendable {
    /// Contained sessions over all sessions.
    public let contained: Rate
    /// Resolved sessions over all sessions.
    public let resolution: Rate
    /// Reviewed sessions with an issue of each severity, over reviewed sessions.
    public let issues: [Severity: Rate]
    /// Reviewed sessions with any issue, over reviewed sessions.
    public let anyIssue: Rate

    /// The metrics of `tally`.
    public init(_ tally: Tally, method: IntervalMethod, confidence: Double) throws(StatsError) {
        func rate(_ metric: Metric) throws(StatsError) -> Rate {
            try Rate(count: tally.count(metric) ?? 0, total: tally.total(metric) ?? 0, method: method, confidence: confidence)
        }
        contained = try rate(.contained)
        resolution = try rate(.resolution)
        issues = [.p0: try rate(.p0), .p1: try rate(.p1), .p2: try rate(.p2)]
        anyIssue = try rate(.any)
    }

    /// The rate of `metric`; nil for ``Metric/automation``, which a log cannot measure.
    public subscript(metric: Metric) -> Rate? { value(metric) }
}

extension Metrics: MeasuredMetricValues {}

/// Every rate of a set of sessions judged against its targets.
public struct Gaps: Hashable, Sendable {
    /// The contained rate against its target range.
    public let contained: Gap
    /// The resolution rate against its target range.
    public let resolution: Gap
    /// Each severity's issue rate against its ceiling.
    public let issues: [Severity: IssueGap]
    /// The any-issue rate against its ceiling (judged only when one is set).
    public let anyIssue: IssueGap

    /// The verdict on `metric`; nil when it is not judged.
    public func verdict(_ metric: Metric) -> Verdict? {
        switch metric {
        case .contained: contained.verdict
        case .resolution: resolution.verdict
        case .p0: issues[.p0]?.verdict
        case .p1: issues[.p1]?.verdict
        case .p2: issues[.p2]?.verdict
        case .any: anyIssue.verdict
        case .automation: nil
        }
    }

    /// Judges `metrics` against `targets`.
    public init(_ metrics: Metrics, targets: Targets) throws(StatsError) {
        contained = try Gap(rate: metrics.contained, target: targets.contained)
        resolution = try Gap(rate: metrics.resolution, target: targets.resolution)
        var issues: [Severity: IssueGap] = [:]
        for severity in Severity.allCases {
            issues[severity] = try IssueGap(
                rate: metrics.issues[severity]!, ceiling: targets.issues.ceilings[severity],
                zeroTolerance: targets.issues.zeroTolerance.contains(severity))
        }
        self.issues = issues
        anyIssue = try IssueGap(rate: metrics.anyIssue, ceiling: targets.issues.any, zeroTolerance: false)
    }
}

/// One set of sessions — all of them, or a segment — measured and judged.
public struct SegmentMeasurement: Hashable, Sendable {
    /// The segment's values (empty for all sessions).
    public let key: SegmentKey
    /// The counts.
    public let tally: Tally
    /// The rates with their intervals.
    public let metrics: Metrics
    /// The verdicts against the targets.
    public let gaps: Gaps
    /// The targets judged against (a workflow segment uses its own workflow's row).
    public let targets: Targets
    /// Fewer sessions than the small-segment threshold: shown, but flagged.
    public let small: Bool
}

/// A handoff reason's share of the handoff sessions, with Goodman's simultaneous interval.
public struct ReasonShare: Hashable, Sendable {
    /// The reason as written in the log, or `(other reasons)` for those beyond the top ones.
    public let reason: String
    /// Handoff sessions with this reason.
    public let count: Int
    /// count / handoff sessions.
    public let share: Double
    /// Goodman's simultaneous interval for the share (all listed reasons hold together).
    public let interval: Interval
    /// The reason code it names, if any.
    public let code: HandoffReason?
    /// The improvement the seed recommends for it, if its code is known.
    public var action: String? { code?.action }
}

/// How the measurement was asked for.
public struct MeasurementOptions: Sendable {
    /// The interval method (default Wilson).
    public var method: IntervalMethod = .wilson
    /// The confidence level of every interval (default 0.95).
    public var confidence = 0.95
    /// The workflow whose targets apply; nil picks the log's only workflow, else `service`.
    public var workflow: Workflow?
    /// Overrides from a targets file.
    public var overrides = TargetOverrides()
    /// How many handoff reasons to list before grouping the rest.
    public var topReasons = 10
    /// Segments with fewer sessions are flagged as small.
    public var smallSegment = 100

    /// The defaults: Wilson at 95 %, the targets chosen from the log, the top 10 reasons, small under 100 sessions.
    public init() {}
}

extension LogSummary {
    /// The targets these sessions are judged against, and how their workflow was chosen: the
    /// workflow given, else the log's only workflow, else `service` (the seed's full range); a
    /// targets file's overrides applied on top.
    ///
    /// - Parameters:
    ///   - workflow: the workflow asked for (`--workflow`); nil chooses from the log.
    ///   - overrides: values from a targets file.
    /// - Returns: the targets, and the choice in words for a report's notes.
    public func targets(workflow: Workflow?, overrides: TargetOverrides) -> (targets: Targets, choice: String) {
        let known = workflows.keys.compactMap(Workflow.init(rawValue:))
        let chosen: Workflow
        let choice: String
        if let workflow {
            (chosen, choice) = (workflow, "from --workflow")
        } else if workflows.count == 1, let only = known.first {
            (chosen, choice) = (only, "from the log's workflow column")
        } else {
            (chosen, choice) = (.service, "the default, the seed's full service range; pass --workflow to choose a row")
        }
        return (overrides.applied(to: .recommended(for: chosen)), choice)
    }
}

/// The measurement of a log: the report's content before any rendering.
public struct Measurement: Sendable {
    /// The inputs read.
    public let inputs: [String]
    /// The segment dimensions.
    public let dimensions: [SegmentDimension]
    /// All sessions.
    public let overall: SegmentMeasurement
    /// The segments, in key order.
    public let segments: [SegmentMeasurement]
    /// Handoff sessions (tagged help or follow-up).
    public let handoffSessions: Int
    /// The top handoff reasons and the rest grouped; empty when the log records no reasons.
    public let reasons: [ReasonShare]
    /// Whether the inputs had a handoff-reason column.
    public let reasonsRecorded: Bool
    /// True when the log had no review information, so every session counted as reviewed.
    public let reviewAssumed: Bool
    /// The targets for all sessions.
    public let targets: Targets
    /// How the workflow was chosen, for the report's notes.
    public let workflowChoice: String
    /// Rejected rows.
    public let invalidRows: InvalidRows
    /// The options used.
    public let method: IntervalMethod
    /// The confidence level of the intervals.
    public let confidence: Double
    /// Segments with fewer sessions are flagged as small.
    public let smallSegment: Int

    /// Measures `summary` and judges it against targets.
    ///
    /// - Complexity: O(segments · log sessions) interval evaluations.
    public init(_ summary: LogSummary, options: MeasurementOptions) throws(StatsError) {
        inputs = summary.inputs
        dimensions = summary.dimensions
        method = options.method
        confidence = options.confidence
        smallSegment = options.smallSegment
        invalidRows = summary.invalidRows
        reviewAssumed = !summary.reviewRecorded
        reasonsRecorded = summary.reasonsRecorded

        let (targets, workflowChoice) = summary.targets(workflow: options.workflow, overrides: options.overrides)
        self.targets = targets
        self.workflowChoice = workflowChoice

        func measure(_ key: SegmentKey, _ tally: Tally, _ targets: Targets) throws(StatsError) -> SegmentMeasurement {
            let metrics = try Metrics(tally, method: options.method, confidence: options.confidence)
            return SegmentMeasurement(
                key: key, tally: tally, metrics: metrics, gaps: try Gaps(metrics, targets: targets), targets: targets,
                small: tally.sessions < options.smallSegment)
        }
        overall = try measure(SegmentKey([]), summary.overall, targets)
        let workflowIndex = summary.dimensions.firstIndex(of: .workflow)
        var segments: [SegmentMeasurement] = []
        for (key, tally) in summary.segments.sorted(by: { $0.key < $1.key }) {
            // A workflow segment is judged against its own row, when it names a known workflow.
            var segmentTargets = targets
            if options.workflow == nil, let index = workflowIndex, let own = Workflow(rawValue: key.values[index]) {
                segmentTargets = options.overrides.applied(to: .recommended(for: own))
            }
            segments.append(try measure(key, tally, segmentTargets))
        }
        self.segments = segments

        handoffSessions = summary.overall.unresolved
        reasons = try Self.reasonShares(summary.reasons, top: options.topReasons, confidence: options.confidence)
    }

    /// The top reasons by count (ties by name; handoffs without a reason, shown as
    /// ``LogSummary/noReason``, before a reason spelled the same), the rest grouped as
    /// `(other reasons)`, with Goodman intervals over the listed categories.
    static func reasonShares(_ reasons: [String?: Int], top: Int, confidence: Double) throws(StatsError) -> [ReasonShare] {
        let sorted = reasons.filter { $0.value > 0 }.map {
            (name: $0.key ?? LogSummary.noReason, given: $0.key != nil, count: $0.value)
        }
        .sorted { ($1.count, $0.name, $0.given ? 1 : 0) < ($0.count, $1.name, $1.given ? 1 : 0) }
        guard !sorted.isEmpty else { return [] }
        var listed = sorted.prefix(max(1, top)).map { ($0.name, $0.count, $0.given ? HandoffReason(text: $0.name) : nil) }
        let rest = sorted.dropFirst(max(1, top)).reduce(0) { $0 + $1.count }
        if rest > 0 { listed.append(("(other reasons)", rest, nil)) }
        let total = listed.reduce(0) { $0 + $1.1 }
        let intervals =
            listed.count > 1
            ? try MultinomialIntervals.goodman(counts: listed.map(\.1), confidence: confidence)
            : [Interval(lower: 1, upper: 1)]
        return zip(listed, intervals).map { entry, interval in
            ReasonShare(
                reason: entry.0, count: entry.1, share: Double(entry.1) / Double(total), interval: interval, code: entry.2)
        }
    }
}
