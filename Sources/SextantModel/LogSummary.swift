/// A way to split sessions into segments.
public enum SegmentDimension: String, CaseIterable, Hashable, Sendable, Codable {
    /// ISO week of `started_at` (Monday start), e.g. `2026-W14`.
    case week
    /// The session's intent (topic).
    case intent
    /// The channel (chat, email, voice…).
    case channel
    /// The workflow.
    case workflow
    /// Each tag other than `sys_human_help` and `sys_human_follow_up`; a session with several tags
    /// is in several segments.
    case tag
}

/// The values of the requested dimensions that name one segment, e.g. `["2026-W14", "returns"]`.
public struct SegmentKey: Hashable, Sendable, Comparable {
    /// One value per dimension, in the order the dimensions were requested.
    public var values: [String]

    /// The segment with these values, one per dimension.
    public init(_ values: [String]) { self.values = values }

    /// Orders segments by their values, dimension by dimension.
    public static func < (lhs: SegmentKey, rhs: SegmentKey) -> Bool { lhs.values.lexicographicallyPrecedes(rhs.values) }
}

/// Rows of a log that were rejected (when invalid rows are skipped), so that none disappears silently.
public struct InvalidRows: Hashable, Sendable {
    /// How many rows were rejected.
    public var count = 0
    /// The first few problems, as `file:line: message`.
    public var examples: [String] = []
    /// How many examples are kept.
    public static let exampleLimit = 5

    /// No rejected rows.
    public init() {}

    /// Records a rejected row.
    public mutating func record(_ message: String) {
        count += 1
        if examples.count < Self.exampleLimit { examples.append(message) }
    }

    /// Adds another file's rejected rows.
    public mutating func add(_ other: InvalidRows) {
        count += other.count
        examples += other.examples.prefix(max(0, Self.exampleLimit - examples.count))
    }
}

/// What one pass over a log (or pre-aggregated counts) found: the tallies a report is built from.
public struct LogSummary: Sendable {
    /// The inputs, as named by the user.
    public var inputs: [String] = []
    /// The dimensions the segments split by.
    public var dimensions: [SegmentDimension] = []
    /// All sessions.
    public var overall = Tally()
    /// Sessions per segment.
    public var segments: [SegmentKey: Tally] = [:]
    /// Handoff sessions (tagged help or follow-up) per reason, over the whole log; empty reasons are
    /// `(no reason given)`. When ``reasonsRecorded``, the counts add up to `overall.unresolved`
    /// (handoffs of an input without reasons count as `(no reason given)`); otherwise it is empty.
    public var reasons: [String: Int] = [:]
    /// Handoff sessions per reason within each segment, as ``reasons`` is for the whole log: the
    /// counts of a segment add up to its `unresolved` when ``reasonsRecorded``. Empty without segments.
    public var segmentReasons: [SegmentKey: [String: Int]] = [:]
    /// Whether any input had a handoff-reason column.
    public var reasonsRecorded = false
    /// Sessions per workflow value, to pick the target row when the log holds one workflow.
    public var workflows: [String: Int] = [:]
    /// Whether the inputs said which sessions were reviewed; without it every session counts as
    /// reviewed, and reports say so.
    public var reviewRecorded = true
    /// Rejected rows.
    public var invalidRows = InvalidRows()

    /// An empty summary, as of no input.
    public init() {}
}
