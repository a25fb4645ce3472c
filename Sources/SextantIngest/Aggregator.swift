import SextantModel

/// What one session contributes: its outcome and the ids of its segment values, packed so that
/// hashing it is cheap.
struct Contribution: Hashable {
    /// A 64-bit mix of the three words, for ``ContributionTable``.
    @inline(__always)
    var mixed: UInt64 {
        var h = values01 &* 0x9E37_79B9_7F4A_7C15
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

    init(values: (Int32, Int32, Int32), workflow: Int32, reason: Int32, outcome: SessionOutcome) {
        values01 = UInt64(UInt32(bitPattern: values.0)) << 32 | UInt64(UInt32(bitPattern: values.1))
        values2Workflow = UInt64(UInt32(bitPattern: values.2)) << 32 | UInt64(UInt32(bitPattern: workflow))
        reasonOutcome = UInt64(UInt32(bitPattern: reason)) << 8 | UInt64(outcome.rawValue)
    }

    func value(_ index: Int) -> Int32 {
        switch index {
        case 0: Int32(bitPattern: UInt32(truncatingIfNeeded: values01 >> 32))
        case 1: Int32(bitPattern: UInt32(truncatingIfNeeded: values01))
        default: Int32(bitPattern: UInt32(truncatingIfNeeded: values2Workflow >> 32))
        }
    }

    var workflow: Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: values2Workflow)) }
    var reason: Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: reasonOutcome >> 8)) }
    var outcome: SessionOutcome { SessionOutcome(rawValue: UInt8(truncatingIfNeeded: reasonOutcome)) }
}

/// Counts sessions by their contribution — a histogram over the few distinct (segment values,
/// workflow, reason, outcome) combinations — and turns it into a ``LogSummary`` at the end.
final class Aggregator {
    let dimensions: [SegmentDimension]
    /// One interner per dimension (weeks use their code instead).
    let values: [Interner]
    let workflows = Interner(limit: 100_000)
    let reasons = Interner(limit: 50_000, overflowName: "(other reasons, beyond 50,000 distinct)")
    let tags = Interner(limit: 100_000)
    /// Tag sets (for `tag` segments), as sorted tag ids.
    let tagSets = Interner(limit: 1 << 20, validatesUTF8: false)
    private(set) var tagSetMembers: [[Int32]] = []

    @exclusivity(unchecked) private var table = ContributionTable()
    @exclusivity(unchecked) private var contributions: [Contribution] = []
    @exclusivity(unchecked) private var counts: [Int] = []
    /// What pre-aggregated counts added, kept apart from the session histogram.
    private var counted = LogSummary()

    static let none = "(none)"
    static let noReason = "(no reason given)"
    static let noTags = "(no tags)"

    init(dimensions: [SegmentDimension]) {
        self.dimensions = dimensions
        values = dimensions.map { _ in Interner(limit: 1 << 20) }
    }

    /// Adds one session; returns the id of its contribution, to take it out again if it turns out
    /// to be a duplicate.
    @inline(__always)
    func add(_ contribution: Contribution) -> Int32 {
        let id = table.id(of: contribution, next: Int32(contributions.count)) { contributions[Int($0)] }
        if Int(id) == contributions.count {
            contributions.append(contribution)
            counts.append(1)
            table.growIfFull { contributions[Int($0)] }
        } else {
            counts[Int(id)] += 1
        }
        return id
    }

    /// Takes one session out again.
    func remove(_ id: Int32) { counts[Int(id)] -= 1 }

    /// A session's contribution: its segment value per requested dimension — the week's code, the
    /// set of its tags, or the id of a text column's value, which `text(column, interner)` reads
    /// from the row — with its workflow, reason and outcome.
    func contribution(
        week: Int32, tags: [Int32], workflow: Int32, reason: Int32, outcome: SessionOutcome,
        text: (LogColumn, Interner) throws(IngestError) -> Int32
    ) throws(IngestError) -> Contribution {
        var slots: (Int32, Int32, Int32) = (-1, -1, -1)
        for (slot, dimension) in dimensions.enumerated() {
            let value: Int32
            switch dimension {
            case .week: value = week
            case .tag: value = tagSet(tags)
            case .workflow, .intent, .channel: value = try text(dimension.column!, values[slot])
            }
            switch slot {
            case 0: slots.0 = value
            case 1: slots.1 = value
            default: slots.2 = value
            }
        }
        return Contribution(values: slots, workflow: workflow, reason: reason, outcome: outcome)
    }

    /// The id of a set of tags (sorted, deduplicated).
    func tagSet(_ members: [Int32]) -> Int32 {
        let sorted = Array(Set(members)).sorted()
        let id = sorted.withUnsafeBytes { tagSets.id($0) } ?? 0
        if Int(id) == tagSetMembers.count { tagSetMembers.append(sorted) }
        return id
    }

    /// Adds one row of pre-aggregated counts.
    ///
    /// - Parameters:
    ///   - tally: the row's counts.
    ///   - key: its segment (one value per dimension).
    ///   - workflow: its workflow, or ``none``.
    ///   - reason: the reason of its handoff sessions (`unresolved`), or nil when the counts have no
    ///     reason column.
    func addCounted(_ tally: Tally, key: SegmentKey, workflow: String, reason: String?) {
        counted.overall.add(tally)
        counted.workflows[workflow, default: 0] += tally.sessions
        if !dimensions.isEmpty { counted.segments[key, default: Tally()].add(tally) }
        guard let reason, tally.unresolved > 0 else { return }
        counted.reasons[reason, default: 0] += tally.unresolved
        if !dimensions.isEmpty { counted.segmentReasons[key, default: [:]][reason, default: 0] += tally.unresolved }
    }

    /// The summary of everything added.
    ///
    /// - Parameter reasonsRecorded: whether any input records handoff reasons; if so, handoffs from
    ///   inputs without them count as `(no reason given)`, so that reasons cover every handoff.
    func summary(reasonsRecorded: Bool) -> LogSummary {
        var summary = counted
        summary.dimensions = dimensions
        for (index, contribution) in contributions.enumerated() {
            let count = counts[index]
            guard count > 0 else { continue }
            let outcome = contribution.outcome
            summary.overall.add(outcome, count: count)
            summary.workflows[workflows.names[Int(contribution.workflow)], default: 0] += count
            var reason: String?
            if outcome.isHandoff {
                if contribution.reason >= 0 {
                    reason = reasons.names[Int(contribution.reason)]
                } else if contribution.reason == SessionDecoder.unrecordedReason, reasonsRecorded {
                    reason = Self.noReason
                }
            }
            if let reason { summary.reasons[reason, default: 0] += count }
            guard !dimensions.isEmpty else { continue }
            for key in segmentKeys(contribution) {
                summary.segments[key, default: Tally()].add(outcome, count: count)
                if let reason { summary.segmentReasons[key, default: [:]][reason, default: 0] += count }
            }
        }
        return summary
    }

    /// The segment keys a contribution falls in: one, or one per tag for `tag` segments.
    private func segmentKeys(_ contribution: Contribution) -> [SegmentKey] {
        var keys: [[String]] = [[]]
        for (index, dimension) in dimensions.enumerated() {
            let id = contribution.value(index)
            let choices: [String]
            switch dimension {
            case .week:
                choices = [id < 0 ? Self.none : ISOWeek.label(id)]
            case .tag:
                let members = id >= 0 ? tagSetMembers[Int(id)] : []
                choices = members.isEmpty ? [Self.noTags] : members.map { tags.names[Int($0)] }
            default:
                choices = [id < 0 ? Self.none : values[index].names[Int(id)]]
            }
            keys = keys.flatMap { prefix in choices.map { prefix + [$0] } }
        }
        return keys.map(SegmentKey.init)
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
