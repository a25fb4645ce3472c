import Glibc

/// Text values (intents, channels, reasons, tags) interned to small ids without allocating a
/// string per row: a value is hashed and compared as bytes, and decoded to a `String` only the
/// first time it is seen.
final class Interner {
    @exclusivity(unchecked) private(set) var names: [String] = []
    @exclusivity(unchecked) private var bytes: [[UInt8]] = []
    @exclusivity(unchecked) private var index: [UInt64: Int32] = [:]
    @exclusivity(unchecked) private var collisions: [[UInt8]: Int32] = [:]
    /// The most distinct values kept; further new values share the id of `overflowName`.
    let limit: Int
    let overflowName: String
    private var overflowID: Int32?

    /// Whether values must be valid UTF-8 (text); binary keys such as tag sets skip the check.
    let validatesUTF8: Bool

    init(limit: Int = 1 << 20, overflowName: String = "(other values)", validatesUTF8: Bool = true) {
        self.limit = limit
        self.overflowName = overflowName
        self.validatesUTF8 = validatesUTF8
    }

    /// The id of `value`, or nil when the value is new and not valid UTF-8.
    @inline(__always)
    func id(_ value: UnsafeRawBufferPointer) -> Int32? {
        // Consecutive rows often repeat a value (one workflow, one channel): check the last one first.
        if lastID >= 0, Self.same(bytes[Int(lastID)], value) { return lastID }
        let found = lookup(value)
        if let found { lastID = found }
        return found
    }

    @exclusivity(unchecked) private var lastID: Int32 = -1

    private func lookup(_ value: UnsafeRawBufferPointer) -> Int32? {
        let key = Values.hash(value)
        if let id = index[key] {
            if Self.same(bytes[Int(id)], value) { return id }
            if let id = collisions[Array(value)] { return id }
            return insert(value, key: nil)
        }
        return insert(value, key: key)
    }

    @inline(__always)
    private static func same(_ stored: [UInt8], _ value: UnsafeRawBufferPointer) -> Bool {
        stored.count == value.count
            && stored.withUnsafeBytes { memcmp($0.baseAddress!, value.baseAddress!, value.count) == 0 || value.count == 0 }
    }

    /// The number of values interned (with the name of those past the limit, once there are).
    var count: Int { names.count }

    /// Calls `body` with the bytes of the value with id `id` (empty for the name of values past the limit).
    func withBytes<R>(of id: Int32, _ body: (UnsafeRawBufferPointer) -> R) -> R { bytes[Int(id)].withUnsafeBytes(body) }

    /// The id of a value given as a string (always valid UTF-8, so the lookup cannot fail).
    func id(_ value: String) -> Int32 {
        var value = value
        return value.withUTF8 { id(UnsafeRawBufferPointer($0))! }
    }

    private func insert(_ value: UnsafeRawBufferPointer, key: UInt64?) -> Int32? {
        guard !validatesUTF8 || Values.isValidUTF8(value) else { return nil }
        if names.count >= limit {
            if let overflowID { return overflowID }
            overflowID = Int32(names.count)
            names.append(overflowName)
            bytes.append([])
            return overflowID
        }
        let id = Int32(names.count)
        names.append(validatesUTF8 ? String(decoding: value, as: UTF8.self) : "")
        bytes.append(Array(value))
        if let key { index[key] = id } else { collisions[Array(value)] = id }
        return id
    }
}
