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

extension SegmentDimension {
    /// How a segment of sessions without a value for this dimension is shown: `(no tags)` for
    /// tags, `(none)` otherwise. It is only shown so: such a segment stays apart from a value
    /// that a log spells the same way (see ``SegmentKey``).
    public var noValue: String { self == .tag ? "(no tags)" : "(none)" }
}

/// The values of the requested dimensions that name one segment, e.g. `["2026-W14", "returns"]`.
///
/// A session without a value for a dimension (no intent, no tags…) is in the segment whose value
/// is *missing* there: ``value(at:)`` is nil and ``values`` shows the placeholder
/// ``SegmentDimension/noValue`` (`(none)`). A missing value is never equal to a value that a log
/// writes, even one spelled `(none)`.
public struct SegmentKey: Hashable, Sendable, Comparable {
    /// One value per dimension, in the order the dimensions were requested, as shown: a missing
    /// value as its dimension's placeholder.
    public private(set) var values: [String]
    /// Whether each value is missing (the sessions had none).
    private var missing: [Bool]

    /// The segment with these values, one per dimension (none missing).
    public init(_ values: [String]) {
        self.values = values
        missing = values.map { _ in false }
    }

    /// The segment with these values, one per dimension; nil where the sessions have no value.
    ///
    /// - Parameters:
    ///   - values: one value per dimension, nil for a missing one.
    ///   - dimensions: the dimensions, one per value, whose placeholders show missing values.
    public init(_ values: [String?], dimensions: [SegmentDimension]) {
        self.values = zip(values, dimensions).map { value, dimension in value ?? dimension.noValue }
        missing = values.map { $0 == nil }
    }

    /// The value for dimension `index`, or nil when the segment's sessions have none.
    public func value(at index: Int) -> String? { missing[index] ? nil : values[index] }

    /// Orders segments by their values, dimension by dimension, as shown; a missing value comes
    /// just before a value spelled like its placeholder.
    public static func < (lhs: SegmentKey, rhs: SegmentKey) -> Bool {
        for index in 0..<min(lhs.values.count, rhs.values.count) {
            if lhs.values[index] != rhs.values[index] { return lhs.values[index] < rhs.values[index] }
            if lhs.missing[index] != rhs.missing[index] { return lhs.missing[index] }
        }
        return lhs.values.count < rhs.values.count
    }
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
    /// Handoff sessions (tagged help or follow-up) per reason, over the whole log; nil for those
    /// without a reason (empty or null), shown as ``noReason``, apart from any reason a log writes.
    /// When ``reasonsRecorded``, the counts add up to `overall.unresolved` (handoffs of an input
    /// without reasons count as without a reason); otherwise it is empty.
    public var reasons: [String?: Int] = [:]
    /// Handoff sessions per reason within each segment, as ``reasons`` is for the whole log: the
    /// counts of a segment add up to its `unresolved` when ``reasonsRecorded``. Empty without segments.
    public var segmentReasons: [SegmentKey: [String?: Int]] = [:]
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

    /// How a handoff without a reason is shown: `(no reason given)`.
    public static let noReason = "(no reason given)"
}
