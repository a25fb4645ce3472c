/// The distinct sets of tags of a log split by tag, each stored once as its sorted tag ids in one
/// flat array: about 16 bytes a set plus 4 a member, up to ``limit`` sets.
final class TagSets {
    /// The most distinct tag sets kept (by default 1,048,576): more is an error, as the log's tags
    /// are then not labels but ids.
    let limit: Int

    /// The members of every set, one after another; set `i` is `members[starts[i]..<starts[i + 1]]`.
    @exclusivity(unchecked) private var members: [Int32] = []
    @exclusivity(unchecked) private var starts: [Int32] = [0]
    /// Open addressing (linear probing, at most half full) from a set's hash to its id.
    @exclusivity(unchecked) private var slots = [Int32](repeating: -1, count: 1024)
    @exclusivity(unchecked) private var sorted: [Int32] = []

    /// The number of sets.
    var count: Int { starts.count - 1 }

    /// The default ``limit``: 1,048,576 sets.
    static let defaultLimit = 1 << 20

    /// An empty table keeping at most `limit` sets.
    init(limit: Int = defaultLimit) { self.limit = limit }

    /// The id of the set of `tags` (in any order, possibly repeated), adding it when new; nil
    /// when it is new and there are ``limit`` sets already.
    func id(of tags: [Int32]) -> Int32? {
        sorted.removeAll(keepingCapacity: true)
        sorted.append(contentsOf: tags)
        sorted.sort()
        var unique = 0
        for tag in sorted where unique == 0 || sorted[unique - 1] != tag {
            sorted[unique] = tag
            unique += 1
        }
        sorted.removeLast(sorted.count - unique)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(sorted)) & mask
        while slots[slot] >= 0 {
            if isSet(slots[slot], sorted) { return slots[slot] }
            slot = (slot + 1) & mask
        }
        guard count < limit else { return nil }
        let id = Int32(count)
        members.append(contentsOf: sorted)
        starts.append(Int32(members.count))
        slots[slot] = id
        if count * 2 > slots.count { grow() }
        return id
    }

    /// Whether set `id` has no members.
    func isEmpty(_ id: Int32) -> Bool { starts[Int(id)] == starts[Int(id) + 1] }

    /// Calls `body` with each member of set `id`, in increasing order.
    func forEachMember(of id: Int32, _ body: (Int32) -> Void) {
        for index in Int(starts[Int(id)])..<Int(starts[Int(id) + 1]) { body(members[index]) }
    }

    private func isSet(_ id: Int32, _ tags: [Int32]) -> Bool {
        let from = Int(starts[Int(id)])
        let to = Int(starts[Int(id) + 1])
        guard to - from == tags.count else { return false }
        for index in 0..<tags.count where members[from + index] != tags[index] { return false }
        return true
    }

    private func grow() {
        var larger = [Int32](repeating: -1, count: slots.count * 2)
        let mask = larger.count - 1
        for id in 0..<Int32(count) {
            let set = Array(members[Int(starts[Int(id)])..<Int(starts[Int(id) + 1])])
            var slot = Int(truncatingIfNeeded: Self.hash(set)) & mask
            while larger[slot] >= 0 { slot = (slot + 1) & mask }
            larger[slot] = id
        }
        slots = larger
    }

    private static func hash(_ tags: [Int32]) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(tags.count + 1)
        for tag in tags { h = (h ^ UInt64(UInt32(bitPattern: tag))) &* 0xBF58_476D_1CE4_E5B9 ^ (h >> 29) }
        return h ^ (h >> 32)
    }
}
