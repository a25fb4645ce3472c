/// The counts behind the metrics of a set of AI sessions (see <doc:MetricsAndTargets>).
///
/// Contained and resolution rates are over all sessions; issue rates are over reviewed sessions.
public struct Tally: Hashable, Sendable {
    /// AI sessions.
    public var sessions = 0
    /// Sessions tagged `sys_human_help`.
    public var humanHelp = 0
    /// Sessions tagged `sys_human_help` or `sys_human_follow_up` (a union: counted once).
    public var unresolved = 0
    /// Sessions reviewed for issues.
    public var reviewed = 0
    /// Reviewed sessions with at least one P0 issue.
    public var p0 = 0
    /// Reviewed sessions with at least one P1 issue.
    public var p1 = 0
    /// Reviewed sessions with at least one P2 issue.
    public var p2 = 0
    /// Reviewed sessions with at least one issue.
    public var anyIssue = 0

    /// An empty tally.
    public init() {}

    /// A tally from its counts.
    public init(sessions: Int, humanHelp: Int, unresolved: Int, reviewed: Int, p0: Int, p1: Int, p2: Int, anyIssue: Int) {
        self.sessions = sessions
        self.humanHelp = humanHelp
        self.unresolved = unresolved
        self.reviewed = reviewed
        self.p0 = p0
        self.p1 = p1
        self.p2 = p2
        self.anyIssue = anyIssue
    }

    /// Adds `count` sessions with the given outcome.
    public mutating func add(_ outcome: SessionOutcome, count: Int = 1) {
        sessions += count
        if outcome.contains(.humanHelp) { humanHelp += count }
        if outcome.contains(.humanHelp) || outcome.contains(.followUp) { unresolved += count }
        if outcome.contains(.reviewed) {
            reviewed += count
            if outcome.contains(.p0) { p0 += count }
            if outcome.contains(.p1) { p1 += count }
            if outcome.contains(.p2) { p2 += count }
            if !outcome.isDisjoint(with: [.p0, .p1, .p2]) { anyIssue += count }
        }
    }

    /// The largest count a tally may hold: 2^53, the largest whole number every count and rate
    /// computation holds exactly as a `Double`.
    public static let maximumCount = 1 << 53

    /// Whether every count is at most ``maximumCount``.
    public var withinMaximum: Bool {
        [sessions, humanHelp, unresolved, reviewed, p0, p1, p2, anyIssue].allSatisfy { $0 <= Self.maximumCount }
    }

    /// This tally's counts plus `other`'s, or nil when a count would pass ``maximumCount`` (the
    /// counts of both must be from 0 to ``maximumCount``, so the sum cannot overflow).
    ///
    /// - Parameter other: the counts to add.
    /// - Returns: the sums, or nil when one is beyond ``maximumCount``.
    public func adding(_ other: Tally) -> Tally? {
        var sum = self
        sum.add(other)
        return sum.withinMaximum ? sum : nil
    }

    /// Adds another tally's counts.
    ///
    /// Counts must stay far from `Int.max`: a reader of untrusted counts uses ``adding(_:)``,
    /// which refuses totals beyond ``maximumCount`` before they could overflow.
    public mutating func add(_ other: Tally) {
        sessions += other.sessions
        humanHelp += other.humanHelp
        unresolved += other.unresolved
        reviewed += other.reviewed
        p0 += other.p0
        p1 += other.p1
        p2 += other.p2
        anyIssue += other.anyIssue
    }

    /// Sessions the AI contained (not tagged `sys_human_help`).
    public var contained: Int { sessions - humanHelp }
    /// Sessions the AI resolved (tagged neither `sys_human_help` nor `sys_human_follow_up`).
    public var resolved: Int { sessions - unresolved }

    /// Reviewed sessions with an issue of `severity`.
    public func issues(_ severity: Severity) -> Int {
        switch severity {
        case .p0: p0
        case .p1: p1
        case .p2: p2
        }
    }

    /// Why the counts cannot come from real sessions, or nil when they are consistent:
    /// help ≤ unresolved ≤ sessions, reviewed ≤ sessions, each severity ≤ any ≤ reviewed, and any ≤ P0 + P1 + P2.
    public var inconsistency: String? {
        if [sessions, humanHelp, unresolved, reviewed, p0, p1, p2, anyIssue].contains(where: { $0 < 0 }) {
            return "a count is negative"
        }
        if humanHelp > unresolved {
            return "human_help \(humanHelp) exceeds unresolved \(unresolved) (help sessions are unresolved too)"
        }
        if unresolved > sessions { return "unresolved \(unresolved) exceeds sessions \(sessions)" }
        if reviewed > sessions { return "reviewed \(reviewed) exceeds sessions \(sessions)" }
        if anyIssue > reviewed { return "any_issue \(anyIssue) exceeds reviewed \(reviewed)" }
        for (name, count) in [("p0", p0), ("p1", p1), ("p2", p2)] where count > anyIssue {
            return "\(name) \(count) exceeds any_issue \(anyIssue)"
        }
        if anyIssue > p0 + p1 + p2 { return "any_issue \(anyIssue) exceeds p0 + p1 + p2 = \(p0 + p1 + p2)" }
        return nil
    }
}

/// What happened in one session: its human-involvement tags, whether it was reviewed, and the
/// severities of the issues found.
public struct SessionOutcome: OptionSet, Hashable, Sendable {
    /// The flags as bits.
    public let rawValue: UInt8
    /// The outcome with the flags of `rawValue`.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Tagged `sys_human_help`.
    public static let humanHelp = SessionOutcome(rawValue: 1 << 0)
    /// Tagged `sys_human_follow_up`.
    public static let followUp = SessionOutcome(rawValue: 1 << 1)
    /// Reviewed for issues.
    public static let reviewed = SessionOutcome(rawValue: 1 << 2)
    /// At least one P0 issue found in review.
    public static let p0 = SessionOutcome(rawValue: 1 << 3)
    /// At least one P1 issue found in review.
    public static let p1 = SessionOutcome(rawValue: 1 << 4)
    /// At least one P2 issue found in review.
    public static let p2 = SessionOutcome(rawValue: 1 << 5)

    /// The flag for an issue of `severity`.
    public static func issue(_ severity: Severity) -> SessionOutcome {
        switch severity {
        case .p0: .p0
        case .p1: .p1
        case .p2: .p2
        }
    }

    /// Whether a human was involved: tagged help or follow-up.
    public var isHandoff: Bool { !isDisjoint(with: [.humanHelp, .followUp]) }
}
