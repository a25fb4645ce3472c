#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Text values (intents, channels, reasons, tags) interned to small ids without allocating a
/// string per row: a value is hashed and compared as bytes, and decoded to a `String` only the
/// first time it is seen.
///
/// The values' bytes lie end to end in one buffer, and an open-addressing table of (hash, id)
/// pairs finds them: a lookup is one hash of the value, a probe or two, and one comparison of
/// bytes, with nothing counted (retained or released) on the way. Two values with the same hash
/// take two slots; the comparison of bytes tells them apart.
final class Interner {
    /// The values as strings, by id (empty when names are not kept).
    @exclusivity(unchecked) private(set) var names: [String] = []
    /// The values' bytes, end to end; value `id` is `storage[offsets[id]..<offsets[id + 1]]`.
    @exclusivity(unchecked) private var storage: [UInt8] = []
    @exclusivity(unchecked) private var offsets: [Int] = [0]
    /// Open addressing, linear probing: a slot holds a value's hash and id + 1 (0: empty).
    @exclusivity(unchecked) private var slots = [Slot](repeating: Slot(hash: 0, id: 0), count: 16)
    /// The most distinct values kept; further new values share the id of `overflowName`.
    let limit: Int
    let overflowName: String
    private var overflowID: Int32?

    /// Whether values must be valid UTF-8 (text); binary keys such as tag sets skip the check.
    let validatesUTF8: Bool
    /// Whether each value is also kept as a `String` (``names``): not for a chunk's own values,
    /// which are only taken into the scan's interner, by their bytes.
    let keepsNames: Bool

    private struct Slot {
        var hash: UInt64
        var id: Int32
    }

    init(limit: Int = 1 << 20, overflowName: String = "(other values)", validatesUTF8: Bool = true, keepsNames: Bool = true) {
        self.limit = limit
        self.overflowName = overflowName
        self.validatesUTF8 = validatesUTF8
        self.keepsNames = keepsNames
    }

    /// The id of `value`, or nil when the value is new and not valid UTF-8.
    @inline(__always)
    func id(_ value: UnsafeRawBufferPointer) -> Int32? {
        // Consecutive rows often repeat a value (one workflow, one channel): check the last one first.
        if lastID >= 0, same(lastID, value) { return lastID }
        let found = lookup(value)
        // (Not the overflow id: its empty bytes stand for every value past the limit.)
        if let found, found != overflowID { lastID = found }
        return found
    }

    @exclusivity(unchecked) private var lastID: Int32 = -1
    /// The most slots a new value's lookup went through before its empty slot: small, as the hash's
    /// keys are random (for tests).
    private(set) var longestProbe = 0

    private func lookup(_ value: UnsafeRawBufferPointer) -> Int32? {
        let hash = Values.hash(value)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        var probes = 1
        while true {
            let entry = slots[slot]
            if entry.id == 0 {
                longestProbe = max(longestProbe, probes)
                return insert(value, hash: hash, at: slot)
            }
            if entry.hash == hash, same(entry.id - 1, value) { return entry.id - 1 }
            slot = (slot + 1) & mask
            probes += 1
        }
    }

    /// Whether value `id` has the bytes of `value`.
    @inline(__always)
    private func same(_ id: Int32, _ value: UnsafeRawBufferPointer) -> Bool {
        let from = offsets[Int(id)]
        let count = offsets[Int(id) + 1] - from
        guard count == value.count else { return false }
        if count == 0 { return true }
        return storage.withUnsafeBytes { memcmp($0.baseAddress! + from, value.baseAddress!, count) == 0 }
    }

    /// The number of values interned (with the name of those past the limit, once there are).
    var count: Int { offsets.count - 1 }

    /// Whether `id` stands for the values past the limit.
    func isOverflow(_ id: Int32) -> Bool { id == overflowID }

    /// The id of the values past the limit, once the interner holds `limit` values (nil before).
    func overflow() -> Int32? {
        guard count >= limit else { return nil }
        return overflowID ?? addOverflow()
    }

    private func addOverflow() -> Int32 {
        let id = Int32(count)
        overflowID = id
        if keepsNames { names.append(overflowName) }
        offsets.append(storage.count)
        return id
    }

    /// Calls `body` with the bytes of the value with id `id` (empty for the name of values past the limit).
    func withBytes<R>(of id: Int32, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let from = offsets[Int(id)]
        let to = offsets[Int(id) + 1]
        return storage.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[from..<to])) }
    }

    /// The id of a value given as a string (always valid UTF-8, so the lookup cannot fail).
    func id(_ value: String) -> Int32 {
        var value = value
        return value.withUTF8 { id(UnsafeRawBufferPointer($0))! }
    }

    /// Adds `value` (with `hash`, at the empty `slot`), or gives it the overflow id past the limit.
    private func insert(_ value: UnsafeRawBufferPointer, hash: UInt64, at slot: Int) -> Int32? {
        guard !validatesUTF8 || Values.isValidUTF8(value) else { return nil }
        if count >= limit { return overflowID ?? addOverflow() }
        let id = Int32(count)
        if keepsNames { names.append(validatesUTF8 ? String(decoding: value, as: UTF8.self) : "") }
        storage.append(contentsOf: value)
        offsets.append(storage.count)
        slots[slot] = Slot(hash: hash, id: id + 1)
        if (count + 1) * 2 > slots.count { grow() }
        return id
    }

    /// Doubles the table, once it is half full.
    private func grow() {
        var larger = [Slot](repeating: Slot(hash: 0, id: 0), count: slots.count * 2)
        let mask = larger.count - 1
        for entry in slots where entry.id != 0 {
            var slot = Int(truncatingIfNeeded: entry.hash) & mask
            while larger[slot].id != 0 { slot = (slot + 1) & mask }
            larger[slot] = entry
        }
        slots = larger
    }
}
