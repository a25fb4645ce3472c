import SextantStats

extension GatePolicy {
    /// Whether the policy judges anything: a policy without criteria passes every log.
    public var judgesSomething: Bool {
        minSessions != nil || minReviewed != nil || contained != nil || resolution != nil || !ceilings.isEmpty
    }

    /// Every value outside its range, each at the key path a policy file writes it under
    /// (`issues.P0.ceiling: 1.3 is not a probability; expected a number from 0 to 1`).
    ///
    /// - Returns: the problems, in policy order; empty when the policy can be applied.
    public func problems() -> [ModelError] {
        var problems: [ModelError] = []
        if !(confidence > 0 && confidence < 1) {
            problems.append(
                ModelError(.root.key("confidence"), "\(confidence.shown) is not strictly between 0 and 1; expected e.g. 0.95"))
        }
        for (key, minimum) in [("min_sessions", minSessions), ("min_reviewed", minReviewed)] {
            if let minimum, minimum < 0 {
                problems.append(ModelError(.root.key(key), "\(minimum) is negative; expected a whole number of at least 0"))
            }
        }
        for (key, floor) in [("contained", contained), ("resolution", resolution)] {
            if case .value(let value)? = floor, !(value >= 0 && value <= 1) {
                problems.append(
                    ModelError(.root.key(key).key("floor"), "\(value.shown) is not a probability; expected a number from 0 to 1"))
            }
        }
        for (metric, ceiling) in ceilings.sorted(by: { $0.key.order < $1.key.order }) {
            let path = FieldPath.root.key("issues").key(metric.rawValue)
            if !metric.isIssueRate {
                problems.append(ModelError(path, "\(metric.rawValue) is not an issue rate; expected P0, P1, P2 or any"))
            } else if !(ceiling >= 0 && ceiling <= 1) {
                problems.append(
                    ModelError(path.key("ceiling"), "\(ceiling.shown) is not a probability; expected a number from 0 to 1"))
            }
        }
        // Weekly windows and looks over at most the longest horizon Sextant knows (20 years).
        let most = Scenario.maximumWeeks
        if let windowWeeks, !(1...most).contains(windowWeeks) {
            problems.append(
                ModelError(.root.key("window_weeks"), "\(windowWeeks) is not a number of weeks; expected 1 to \(most)"))
        }
        if let looks, !(1...most).contains(looks) {
            problems.append(ModelError(.root.key("looks"), "\(looks) is not a number of looks; expected 1 to \(most)"))
        }
        return problems
    }
}

extension Metric {
    /// The position in ``Metric/allCases``, for sorting.
    fileprivate var order: Int { Metric.allCases.firstIndex(of: self) ?? 0 }
}

/// The calendar weeks a gate judges: the last ``weeks`` ISO weeks (Monday to Sunday) ending with
/// the latest week in the data.
///
/// The weeks are calendar weeks, not weeks with data: a week without sessions still takes its
/// place, so a four-week window over a log with a quiet week judges three weeks of sessions
/// (``weeksWithData`` says how many).
public struct GateWindow: Hashable, Sendable {
    /// The number of weeks asked for.
    public let weeks: Int
    /// The first week of the window (`2026-W12`); nil when the data has no weeks.
    public let first: String?
    /// The last week: the latest week in the data; nil when the data has none.
    public let last: String?
    /// The weeks of the window with at least one session.
    public let weeksWithData: Int

    /// A window of `weeks` calendar weeks ending with `last`.
    ///
    /// - Parameters:
    ///   - weeks: the number of weeks, at least 1.
    ///   - last: the last week as an ISO week label (`2026-W15`), or nil for data without weeks.
    ///   - weeksWithData: how many of its weeks hold sessions.
    /// - Throws: ``ModelError`` for a label that is not an ISO week.
    public init(weeks: Int, last: String?, weeksWithData: Int = 0) throws(ModelError) {
        self.weeks = weeks
        self.last = last
        self.weeksWithData = weeksWithData
        if let last {
            let end = try ISOWeekOrdinal.ordinal(last)
            first = ISOWeekOrdinal.label(max(0, end - (weeks - 1)))
        } else {
            first = nil
        }
    }

    /// Whether `week` (an ISO week label) is one of the window's weeks.
    ///
    /// - Throws: ``ModelError`` for a label that is not an ISO week.
    public func contains(_ week: String) throws(ModelError) -> Bool {
        guard let last else { return false }
        let distance = try ISOWeekOrdinal.ordinal(last) - ISOWeekOrdinal.ordinal(week)
        return distance >= 0 && distance < weeks
    }
}

/// ISO weeks counted from the week of 0001-01-01 (a Monday in the proleptic Gregorian calendar),
/// so that consecutive weeks — across a 52- or 53-week year alike — have consecutive numbers.
enum ISOWeekOrdinal {
    /// Days from 0001-01-01 to January 1 of `year` (proleptic Gregorian).
    private static func daysBefore(_ year: Int) -> Int {
        let y = year - 1
        return 365 * y + y / 4 - y / 100 + y / 400
    }

    /// The ordinal of week 1 of `year`: the week of January 4th, whose Monday starts the ISO year.
    private static func firstWeek(_ year: Int) -> Int {
        let january4 = daysBefore(year) + 3
        return (january4 - january4 % 7) / 7
    }

    /// The number of ISO weeks of `year`: 52 or 53.
    static func weeks(in year: Int) -> Int { firstWeek(year + 1) - firstWeek(year) }

    /// The ordinal of an ISO week label `YYYY-Www`.
    ///
    /// - Throws: ``ModelError`` when the label is not a week of its year.
    static func ordinal(_ label: String) throws(ModelError) -> Int {
        let parts = label.split(separator: "-W", omittingEmptySubsequences: false)
        guard parts.count == 2, let year = Int(parts[0]), year >= 1, year <= 9999, parts[1].count == 2,
            let week = Int(parts[1]), week >= 1
        else {
            throw ModelError(.root, "week \"\(label)\" is not an ISO week; expected YYYY-Www, e.g. 2026-W14")
        }
        guard week <= weeks(in: year) else {
            throw ModelError(.root, "week \(label) does not exist: \(year) has \(weeks(in: year)) ISO weeks")
        }
        return firstWeek(year) + week - 1
    }

    /// The label of an ordinal, `2026-W03`.
    static func label(_ ordinal: Int) -> String {
        // The week belongs to the year of its Thursday.
        let thursday = ordinal * 7 + 3
        var year = max(1, Int(Double(thursday) / 365.2425) + 1)
        while year > 1, daysBefore(year) > thursday { year -= 1 }
        while daysBefore(year + 1) <= thursday { year += 1 }
        let week = ordinal - firstWeek(year) + 1
        let digits = String(year)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "-W" + (week < 10 ? "0\(week)" : "\(week)")
    }
}

/// A gate applied to a log: each criterion judged on the sessions of the window, for the whole log
/// and for each intent.
///
/// The whole log decides readiness (``ready``); each intent is judged on its own sessions by the
/// same criteria and thresholds, to show which intents could go on Auto-Pilot now.
public struct GateEvaluation: Sendable {
    /// One intent judged.
    public struct Intent: Hashable, Sendable {
        /// The intent as the log writes it (`(none)` for sessions without one).
        public let intent: String
        /// The intent's sessions in the window.
        public let tally: Tally
        /// Its criteria, judged.
        public let decision: GateDecision
        /// Whether every criterion passed for this intent.
        public var ready: Bool { decision.ready }
    }

    /// The value the log readers give a session that lacks a segment column.
    public static let noValue = "(none)"

    /// The policy applied.
    public let policy: GatePolicy
    /// The inputs read.
    public let inputs: [String]
    /// The targets a `target` floor refers to.
    public let targets: Targets
    /// How the workflow (the target row) was chosen, in words.
    public let workflowChoice: String
    /// The weeks judged; nil when the policy judges all the data.
    public let window: GateWindow?
    /// The sessions judged (those of the window).
    public let tally: Tally
    /// The criteria judged on every session of the window.
    public let decision: GateDecision
    /// Each intent judged, in name order; empty when the log records no intents (or was not split by intent).
    public let intents: [Intent]
    /// True when the log had no review information, so every session counted as reviewed.
    public let reviewAssumed: Bool
    /// Rejected rows.
    public let invalidRows: InvalidRows

    /// Whether the whole log passes the gate.
    public var ready: Bool { decision.ready }

    /// The dimensions a log must be scanned by for `policy`: the week when it has a window, and the
    /// intent for a verdict per intent.
    ///
    /// - Parameters:
    ///   - policy: the policy to apply.
    ///   - perIntent: whether to judge each intent as well.
    /// - Returns: `[.week, .intent]`, `[.week]`, `[.intent]` or `[]`.
    public static func dimensions(for policy: GatePolicy, perIntent: Bool = true) -> [SegmentDimension] {
        (policy.windowWeeks != nil ? [.week] : []) + (perIntent ? [.intent] : [])
    }

    /// Applies `policy` to a scanned log.
    ///
    /// The window is the last `windowWeeks` calendar weeks ending with the latest week in the log
    /// (see ``GateWindow``); without one, every session is judged. A rate without data fails its
    /// criterion.
    ///
    /// - Parameters:
    ///   - summary: the log, scanned by ``dimensions(for:perIntent:)``.
    ///   - policy: the criteria.
    ///   - workflow: the workflow whose target floors a `target` floor means; nil chooses as
    ///     ``LogSummary/targets(workflow:overrides:)`` does.
    ///   - overrides: values from a targets file.
    /// - Throws: ``ModelErrors`` for a policy out of range (``GatePolicy/problems()``), a window on
    ///   a log not split by week, or sessions whose week is missing or not an ISO week.
    /// - Complexity: O(segments) additions and one interval per rate criterion and scope.
    public init(
        _ summary: LogSummary, policy: GatePolicy, workflow: Workflow? = nil, overrides: TargetOverrides = TargetOverrides()
    ) throws(ModelErrors) {
        let problems = policy.problems()
        guard problems.isEmpty else { throw ModelErrors(problems) }
        self.policy = policy
        inputs = summary.inputs
        reviewAssumed = !summary.reviewRecorded
        invalidRows = summary.invalidRows
        (targets, workflowChoice) = summary.targets(workflow: workflow, overrides: overrides)

        let weekIndex = summary.dimensions.firstIndex(of: .week)
        let intentIndex = summary.dimensions.firstIndex(of: .intent)
        var window: GateWindow?
        do throws(ModelError) {
            if let weeks = policy.windowWeeks {
                guard let weekIndex else {
                    throw ModelError(.root, "the log was not split by week; a window of weeks needs a scan by week")
                }
                window = try Self.window(weeks, summary, weekIndex)
            }
        } catch {
            throw ModelErrors([error])
        }
        self.window = window

        var tally = window == nil ? summary.overall : Tally()
        var byIntent: [String: Tally] = [:]
        for (key, segment) in summary.segments {
            let inWindow = try Self.inWindow(window, key, weekIndex)
            if let intentIndex { byIntent[key.values[intentIndex], default: Tally()].add(inWindow ? segment : Tally()) }
            if window != nil, inWindow { tally.add(segment) }
        }
        self.tally = tally
        do throws(StatsError) {
            decision = try policy.judge(tally, targets: targets)
            var intents: [Intent] = []
            if byIntent.keys.contains(where: { $0 != Self.noValue }) {
                for (intent, tally) in byIntent.sorted(by: { $0.key < $1.key }) {
                    intents.append(Intent(intent: intent, tally: tally, decision: try policy.judge(tally, targets: targets)))
                }
            }
            self.intents = intents
        } catch {
            throw ModelErrors([ModelError(.root.key("confidence"), error.description)])
        }
    }

    /// The window of `weeks` ending with the latest week of the summary's segments.
    private static func window(_ weeks: Int, _ summary: LogSummary, _ weekIndex: Int) throws(ModelError) -> GateWindow {
        var latest: (ordinal: Int, label: String)?
        var sessionsByWeek: [Int: Int] = [:]
        for (key, segment) in summary.segments {
            let label = key.values[weekIndex]
            if label == noValue {
                guard segment.sessions == 0 else {
                    throw ModelError(
                        .root,
                        "found \(segment.sessions) sessions without a week; a window of weeks needs the week of every session")
                }
                continue
            }
            let ordinal = try ISOWeekOrdinal.ordinal(label)
            sessionsByWeek[ordinal, default: 0] += segment.sessions
            if latest.map({ ordinal > $0.ordinal }) ?? true { latest = (ordinal, label) }
        }
        guard let latest else { return try GateWindow(weeks: weeks, last: nil) }
        let withData = sessionsByWeek.filter { latest.ordinal - $0.key < weeks && $0.value > 0 }.count
        return try GateWindow(weeks: weeks, last: latest.label, weeksWithData: withData)
    }

    /// Whether a segment falls in the window (every segment does without one).
    private static func inWindow(_ window: GateWindow?, _ key: SegmentKey, _ weekIndex: Int?) throws(ModelErrors) -> Bool {
        guard let window, let weekIndex else { return true }
        let label = key.values[weekIndex]
        guard label != noValue else { return false }
        do {
            return try window.contains(label)
        } catch {
            throw ModelErrors([error])
        }
    }
}
