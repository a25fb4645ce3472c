import SextantModel

/// What one session contributes: its outcome and the ids of its segment values, packed so that
/// hashing it is cheap.
struct Contribution: Hashable {
    /// A 64-bit mix of the three words, for ``ContributionTable``, keyed by ``Values/tableKey``.
    @inline(__always)
    var mixed: UInt64 {
        var h = (values01 ^ Values.tableKey) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ (h >> 29) ^ values2Workflow) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 31) ^ reasonOutcome) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 32)
    }

    /// SegmentDimension values 0 and 1 (ids, or week codes).
    var values01: UInt64
    /// SegmentDimension value 2 and the workflow id.
    var values2Workflow: UInt64
    /// The reason id and the outcome bits.
    var reasonOutcome: UInt64

    init(values: SegmentIDs, workflow: Int32, reason: Int32, outcome: SessionOutcome) {
        values01 = UInt64(UInt32(bitPattern: values[0])) << 32 | UInt64(UInt32(bitPattern: values[1]))
        values2Workflow = UInt64(UInt32(bitPattern: values[2])) << 32 | UInt64(UInt32(bitPattern: workflow))
        reasonOutcome = UInt64(UInt32(bitPattern: reason)) << 8 | UInt64(outcome.rawValue)
    }

    /// The segment value ids (for `tag` segments, the id of the session's set of tags).
    var values: SegmentIDs {
        SegmentIDs(
            ids: SIMD3(
                Int32(bitPattern: UInt32(truncatingIfNeeded: values01 >> 32)),
                Int32(bitPattern: UInt32(truncatingIfNeeded: values01)),
                Int32(bitPattern: UInt32(truncatingIfNeeded: values2Workflow >> 32))))
    }

    var workflow: Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: values2Workflow)) }
    var reason: Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: reasonOutcome >> 8)) }
    var outcome: SessionOutcome { SessionOutcome(rawValue: UInt8(truncatingIfNeeded: reasonOutcome)) }
}

/// A segment as ids, one per dimension: a week's code, the interned id of a text value or a tag,
/// or ``SegmentIDs/missing`` for a session without a value. Unused dimensions are `missing` too.
struct SegmentIDs: Hashable {
    /// The id of a missing value.
    static let missing: Int32 = -1

    var ids = SIMD3<Int32>(repeating: missing)

    subscript(index: Int) -> Int32 {
        get { ids[index] }
        set { ids[index] = newValue }
    }
}

/// Counts sessions by their contribution — a histogram over the few distinct (segment values,
/// workflow, reason, outcome) combinations — and turns it into a ``LogSummary`` at the end.
///
/// Memory is bounded: at most ``segmentLimit`` distinct segments, and at most
/// ``combinationLimit`` distinct contributions (about 40 bytes each), are kept; the session (or
/// counts row) that would add one more sets ``overflowed``, for the scan to stop with
/// ``overflowError(file:line:)`` where it is.
final class Aggregator {
    let dimensions: [SegmentDimension]
    /// The most segments a summary may hold.
    let segmentLimit: Int
    /// One interner per dimension (weeks use their code, tags the tag interner).
    let values: [Interner]
    let workflows: Interner
    let reasons: Interner
    let tags: Interner
    /// Tag sets (for `tag` segments).
    let tagSets: TagSets

    @exclusivity(unchecked) private var table = ContributionTable()
    @exclusivity(unchecked) private var contributions: [Contribution] = []
    @exclusivity(unchecked) private var counts: [Int] = []
    /// Every segment seen, to hold them to ``segmentLimit``.
    private var segments = Set<SegmentIDs>()
    /// Whether a limit was passed: the scan must stop with ``overflowError(file:line:)``.
    @exclusivity(unchecked) private(set) var overflowed = false
    /// The segment that went past ``segmentLimit``, if one did.
    private var excessSegment: SegmentIDs?
    /// What pre-aggregated counts added, kept apart from the session histogram.
    private var counted = Counted()
    /// The (segment, reason) pairs counts added, held to ``combinationLimit``.
    private var countedPairs = 0

    private struct Counted {
        var overall = Tally()
        var workflows: [String: Int] = [:]
        var reasons: [String?: Int] = [:]
        var segments: [SegmentIDs: Tally] = [:]
        var segmentReasons: [SegmentIDs: [String?: Int]] = [:]
    }

    /// The workflow of a session without one, in ``LogSummary/workflows``.
    static let none = "(none)"

    /// A scanner's default ``segmentLimit``.
    static let defaultSegmentLimit = 100_000
    /// The most distinct contributions (combinations of segment, workflow, reason and outcome)
    /// kept: 2,097,152, about 85 MB. Real logs have thousands; more means a column holds ids.
    static let combinationLimit = 1 << 21

    /// An aggregator splitting by `dimensions`, holding at most `segmentLimit` segments.
    ///
    /// - Parameter unbounded: for one chunk of a log, whose values the scan's own aggregator takes
    ///   in afterwards, in order, under its limits: no limit on tag sets or segments, values kept
    ///   as bytes only. Its interners keep the scan's limits on distinct values (the values of a
    ///   chunk past a limit are past the scan's too), so that a column of free text holds a chunk
    ///   to the same memory as the scan.
    init(dimensions: [SegmentDimension], segmentLimit: Int = defaultSegmentLimit, unbounded: Bool = false) {
        self.dimensions = dimensions
        self.segmentLimit = unbounded ? Int.max : segmentLimit
        let names = !unbounded
        values = dimensions.map { _ in Interner(limit: 1 << 20, keepsNames: names) }
        workflows = Interner(limit: 10_000, keepsNames: names)
        reasons = Interner(limit: 50_000, overflowName: "(other reasons, beyond 50,000 distinct)", keepsNames: names)
        tags = Interner(limit: 100_000, keepsNames: names)
        tagSets = TagSets(limit: unbounded ? Int.max : TagSets.defaultLimit)
    }

    /// Adds one session; returns the id of its contribution, to take it out again if it turns out
    /// to be a duplicate. A session beyond a limit sets ``overflowed``.
    @inline(__always)
    func add(_ contribution: Contribution, count: Int = 1) -> Int32 {
        let id = table.id(of: contribution, next: Int32(contributions.count)) { contributions[Int($0)] }
        if Int(id) == contributions.count {
            contributions.append(contribution)
            counts.append(count)
            table.growIfFull { contributions[Int($0)] }
            if !dimensions.isEmpty { forEachSegment(contribution.values) { register($0) } }
            if contributions.count > Self.combinationLimit { overflowed = true }
        } else {
            counts[Int(id)] += count
        }
        return id
    }

    /// The number of distinct contributions added.
    var contributionCount: Int { contributions.count }

    /// The contribution with id `id`, and how many sessions made it.
    func contribution(_ id: Int32) -> (contribution: Contribution, count: Int) { (contributions[Int(id)], counts[Int(id)]) }

    /// Takes `count` sessions of contribution `id` out again.
    func remove(_ id: Int32, count: Int = 1) { counts[Int(id)] -= count }

    private func register(_ segment: SegmentIDs) {
        guard excessSegment == nil, segments.insert(segment).inserted, segments.count > segmentLimit else { return }
        excessSegment = segment
        overflowed = true
    }

    /// A session's contribution: its segment value per requested dimension — the week's code, the
    /// id of the set of its tags, or the id of a text column's value, which `text(column, interner)`
    /// reads from the row — with its workflow, reason and outcome.
    func contribution(
        week: Int32, tagSet: Int32, workflow: Int32, reason: Int32, outcome: SessionOutcome,
        text: (LogColumn, Interner) throws(IngestError) -> Int32
    ) throws(IngestError) -> Contribution {
        var slots = SegmentIDs()
        for (slot, dimension) in dimensions.enumerated() {
            switch dimension {
            case .week: slots[slot] = week
            case .tag: slots[slot] = tagSet
            case .workflow, .intent, .channel: slots[slot] = try text(dimension.column!, values[slot])
            }
        }
        return Contribution(values: slots, workflow: workflow, reason: reason, outcome: outcome)
    }

    /// The ids of a counts row's segment values, one per dimension.
    func segment(_ parts: [SegmentValue]) -> SegmentIDs {
        var ids = SegmentIDs()
        for (slot, part) in parts.enumerated() {
            switch part {
            case .missing: ids[slot] = SegmentIDs.missing
            case .week(let code): ids[slot] = code
            case .text(let text): ids[slot] = values[slot].id(text)
            }
        }
        return ids
    }

    /// A counts row's value of one dimension.
    enum SegmentValue {
        case missing
        case week(Int32)
        case text(String)
    }

    /// Adds one row of pre-aggregated counts, unless a total would pass `Tally.maximumCount`.
    ///
    /// - Parameters:
    ///   - tally: the row's counts (each at most `Tally.maximumCount`).
    ///   - segment: its segment (one value per dimension).
    ///   - workflow: its workflow, or nil for none.
    ///   - reason: the reason of its handoff sessions (`unresolved`): `.some(nil)` for none given,
    ///     nil when the counts have no reason column.
    /// - Returns: false, adding nothing, when the log's total of a count would pass the maximum.
    ///   A new segment beyond ``segmentLimit`` sets ``overflowed``.
    func addCounted(_ tally: Tally, segment: SegmentIDs, workflow: String?, reason: String??) -> Bool {
        // Every other sum below is part of the overall one, so it cannot pass the maximum either.
        guard let overall = counted.overall.adding(tally) else { return false }
        counted.overall = overall
        counted.workflows[workflow.map { Self.kept($0, workflows) } ?? Self.none, default: 0] += tally.sessions
        if !dimensions.isEmpty {
            register(segment)
            counted.segments[segment, default: Tally()].add(tally)
        }
        guard let reason, tally.unresolved > 0 else { return true }
        // Reasons as interned for sessions: past the most distinct reasons kept, one grouped name.
        let kept = reason.map { Self.kept($0, reasons) }
        counted.reasons[kept, default: 0] += tally.unresolved
        guard !dimensions.isEmpty else { return true }
        if counted.segmentReasons[segment]?[kept] == nil {
            countedPairs += 1
            if countedPairs > Self.combinationLimit { overflowed = true }
        }
        counted.segmentReasons[segment, default: [:]][kept, default: 0] += tally.unresolved
        return true
    }

    /// The name `interner` keeps for `text`: itself, or the name of the values past its limit.
    private static func kept(_ text: String, _ interner: Interner) -> String {
        let id = interner.id(text)
        return interner.names[Int(id)]
    }

    /// The summary of everything added.
    ///
    /// - Parameter reasonsRecorded: whether any input records handoff reasons; if so, handoffs from
    ///   inputs without them count as without a reason, so that reasons cover every handoff.
    func summary(reasonsRecorded: Bool) -> LogSummary {
        var summary = LogSummary()
        summary.dimensions = dimensions
        summary.overall = counted.overall
        summary.workflows = counted.workflows
        summary.reasons = counted.reasons
        var segments = counted.segments
        var segmentReasons = counted.segmentReasons
        for (index, contribution) in contributions.enumerated() {
            let count = counts[index]
            guard count > 0 else { continue }
            let outcome = contribution.outcome
            summary.overall.add(outcome, count: count)
            let workflow = contribution.workflow
            summary.workflows[workflow < 0 ? Self.none : workflows.names[Int(workflow)], default: 0] += count
            var reason: String??
            if outcome.isHandoff {
                switch contribution.reason {
                case 0...: reason = .some(reasons.names[Int(contribution.reason)])
                case SessionDecoder.unrecordedReason: if reasonsRecorded { reason = .some(nil) }
                default: reason = .some(nil)
                }
            }
            if let reason { summary.reasons[reason, default: 0] += count }
            guard !dimensions.isEmpty else { continue }
            forEachSegment(contribution.values) { segment in
                segments[segment, default: Tally()].add(outcome, count: count)
                if let reason { segmentReasons[segment, default: [:]][reason, default: 0] += count }
            }
        }
        // Two byte spellings of one text (a precomposed "é" and "e" + U+0301) are two interned
        // values but one `SegmentKey` (Swift compares strings canonically): join their counts.
        for (segment, tally) in segments { summary.segments[key(segment), default: Tally()].add(tally) }
        for (segment, reasons) in segmentReasons {
            summary.segmentReasons[key(segment), default: [:]].merge(reasons, uniquingKeysWith: +)
        }
        return summary
    }

    /// Calls `body` with each segment of a contribution's values: one, or one per tag for `tag`
    /// segments (the session's tag set expanded).
    private func forEachSegment(_ values: SegmentIDs, _ body: (SegmentIDs) -> Void) {
        guard let tagSlot = dimensions.firstIndex(of: .tag) else { return body(values) }
        let set = values[tagSlot]
        if set == SegmentIDs.missing || tagSets.isEmpty(set) {
            var segment = values
            segment[tagSlot] = SegmentIDs.missing
            return body(segment)
        }
        tagSets.forEachMember(of: set) { tag in
            var segment = values
            segment[tagSlot] = tag
            body(segment)
        }
    }

    /// The segment key of segment ids: values as the log writes them, weeks as labels.
    func key(_ segment: SegmentIDs) -> SegmentKey {
        SegmentKey(
            dimensions.indices.map { slot -> String? in
                let id = segment[slot]
                guard id != SegmentIDs.missing else { return nil }
                switch dimensions[slot] {
                case .week: return ISOWeek.label(id)
                case .tag: return tags.names[Int(id)]
                default: return values[slot].names[Int(id)]
                }
            }, dimensions: dimensions)
    }

    /// The problem of the session (or counts row) at `file`:`line` that set ``overflowed``.
    func overflowError(file: String, line: Int?) -> IngestError {
        guard let segment = excessSegment else {
            return IngestError(
                file: file, line: line,
                "the logs hold more than \(Wording.thousands(Self.combinationLimit)) distinct combinations of segment, "
                    + "workflow, handoff reason and outcome; expected fewer (does a column such as handoff_reason or "
                    + "workflow hold ids rather than labels?)", fatal: true)
        }
        let key = key(segment)
        let values = dimensions.indices.map { "\(dimensions[$0].rawValue) \(Values.quoted(key.values[$0]))" }
        let limit = Wording.thousands(segmentLimit)
        return IngestError(
            file: file, line: line,
            "splitting by \(dimensions.map(\.rawValue).joined(separator: " × ")) gives more than \(limit) segments: "
                + "this one (\(values.joined(separator: ", "))) would be segment \(Wording.thousands(segmentLimit + 1)); "
                + "expected at most \(limit) — split by fewer dimensions, or by columns with fewer distinct values",
            fatal: true, hint: .segmentDimensions)
    }
}

/// An open-addressing hash table from contributions to their ids (linear probing, power-of-two
/// size, at most half full): the per-row lookup without Swift's seeded SipHash.
struct ContributionTable {
    private var slots = [Int32](repeating: -1, count: 1024)
    private var used = 0

    /// The id of `contribution`, inserting `next` when it is new; `stored(id)` gives the
    /// contribution of an existing id. After a new id, the caller stores its contribution and
    /// calls ``growIfFull(_:)``.
    @inline(__always)
    mutating func id(of contribution: Contribution, next: Int32, stored: (Int32) -> Contribution) -> Int32 {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: contribution.mixed) & mask
        while true {
            let id = slots[slot]
            if id < 0 {
                slots[slot] = next
                used += 1
                return next
            }
            if stored(id) == contribution { return id }
            slot = (slot + 1) & mask
        }
    }

    /// Doubles the table when it is half full (every id must be stored by then).
    mutating func growIfFull(_ stored: (Int32) -> Contribution) {
        guard used * 2 > slots.count else { return }
        var larger = [Int32](repeating: -1, count: slots.count * 2)
        let mask = larger.count - 1
        for id in slots where id >= 0 {
            var slot = Int(truncatingIfNeeded: stored(id).mixed) & mask
            while larger[slot] >= 0 { slot = (slot + 1) & mask }
            larger[slot] = id
        }
        slots = larger
    }
}
