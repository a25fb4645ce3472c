/// A JSON value of one line of a JSON Lines log, as where its bytes are: nothing is copied or
/// allocated for it. What a session's keys can hold.
struct JSONLineValue: Equatable {
    /// The kinds of values.
    enum Kind: UInt8 {
        /// No value: the key is not on the line.
        case absent, string, number, bool, null, array, object
    }

    /// The value's kind.
    var kind: Kind
    /// For a boolean, its value.
    var bool = false
    /// For a string, whether its bytes were decoded into the ``JSONScratch`` (it had escapes)
    /// rather than being the line's own.
    var inScratch = false
    /// The byte offset of the value in the line (a string's opening quote, an array's bracket).
    var offset = 0
    /// Where its bytes start: a string's content without its quotes (in the line, or in the
    /// scratch buffer), a number's text, an array's text from `[` to `]`.
    var start = 0
    /// How many bytes it has.
    var count = 0

    /// No value.
    static let absent = JSONLineValue(kind: .absent)

    /// The kind, for messages ("found a number, expected a string").
    var description: String {
        switch kind {
        case .absent: "nothing"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// What parsing a line needs beyond the line: the bytes of strings with escapes, decoded, and the
/// keys of the objects being parsed (to refuse a repeated key). Reused for every line read on one
/// thread, so that parsing allocates nothing once it has grown to the longest line.
///
/// A handle: copies share one buffer, reached through a pointer (no reference is counted while
/// parsing), which its owner frees with ``deallocate()``.
struct JSONScratch {
    private struct Storage {
        var base: UnsafeMutablePointer<UInt8>
        var capacity: Int
        var count = 0
        /// The keys of the objects being parsed, innermost last: at most 16 an object (past 16 a
        /// set takes over), 65 objects deep.
        let keys = UnsafeMutablePointer<JSONLineValue>.allocate(capacity: 16 * 65)
        var keyCount = 0
    }

    private let storage: UnsafeMutablePointer<Storage>

    /// A buffer of `capacity` bytes to start with.
    init(capacity: Int = 256) {
        storage = .allocate(capacity: 1)
        let capacity = max(1, capacity)
        storage.initialize(to: Storage(base: .allocate(capacity: capacity), capacity: capacity))
    }

    /// Frees the buffer (no copy may be used after).
    func deallocate() {
        storage.pointee.base.deallocate()
        storage.pointee.keys.deallocate()
        storage.deallocate()
    }

    /// The decoded bytes.
    var base: UnsafeMutablePointer<UInt8> { storage.pointee.base }
    /// How many bytes are in use.
    var count: Int { storage.pointee.count }

    /// The keys of the objects being parsed.
    var keys: UnsafeMutablePointer<JSONLineValue> { storage.pointee.keys }
    /// How many ``keys`` are in use.
    var keyCount: Int {
        get { storage.pointee.keyCount }
        nonmutating set { storage.pointee.keyCount = newValue }
    }

    /// Empties the buffer for the next line.
    func reset() {
        storage.pointee.count = 0
        storage.pointee.keyCount = 0
    }

    /// Drops the bytes past the first `count`.
    func truncate(to count: Int) { storage.pointee.count = min(storage.pointee.count, count) }

    @inline(__always)
    func append(_ byte: UInt8) {
        if storage.pointee.count == storage.pointee.capacity { grow(to: storage.pointee.count + 1) }
        storage.pointee.base[storage.pointee.count] = byte
        storage.pointee.count += 1
    }

    @inline(__always)
    func append(_ bytes: UnsafePointer<UInt8>, count n: Int) {
        guard n > 0 else { return }
        if storage.pointee.count + n > storage.pointee.capacity { grow(to: storage.pointee.count + n) }
        (storage.pointee.base + storage.pointee.count).update(from: bytes, count: n)
        storage.pointee.count += n
    }

    private func grow(to needed: Int) {
        var larger = storage.pointee.capacity * 2
        while larger < needed { larger *= 2 }
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        bytes.update(from: storage.pointee.base, count: storage.pointee.count)
        storage.pointee.base.deallocate()
        storage.pointee.base = bytes
        storage.pointee.capacity = larger
    }
}

/// The keys a reader wants from the top-level objects of a log's lines, by index, matched byte
/// for byte. A handle: its owner frees it with ``deallocate()``.
struct JSONKeyTable {
    /// The UTF-8 of each key, one after the other.
    private let names: UnsafeMutablePointer<UInt8>
    /// Where each key starts in ``names``.
    private let starts: UnsafeMutablePointer<Int>
    /// The length of each key; -1 for one that a later key repeats (the later one is matched).
    private let lengths: UnsafeMutablePointer<Int>
    /// The index the key at each position of an object matched last (a log's lines list their
    /// keys in the same order): tried first.
    private let predicted: UnsafeMutablePointer<Int>
    private static let positions = 32
    /// The number of keys (at most 64).
    let count: Int

    /// A table of `keys`.
    init(_ keys: [[UInt8]]) {
        precondition(keys.count <= 64, "at most 64 keys")
        count = keys.count
        let all = keys.flatMap { $0 }
        names = .allocate(capacity: max(1, all.count))
        names.initialize(from: all, count: all.count)
        starts = .allocate(capacity: max(1, keys.count))
        lengths = .allocate(capacity: max(1, keys.count))
        var start = 0
        for (i, key) in keys.enumerated() {
            starts[i] = start
            lengths[i] = keys[(i + 1)...].contains(key) ? -1 : key.count
            start += key.count
        }
        predicted = .allocate(capacity: Self.positions)
        predicted.initialize(repeating: -1, count: Self.positions)
    }

    /// Frees the table (no copy may be used after).
    func deallocate() {
        names.deallocate()
        starts.deallocate()
        lengths.deallocate()
        predicted.deallocate()
    }

    /// The index of the `count` bytes at `key`, the `position`th key of its object; nil when not a key of the table.
    @inline(__always)
    func index(of key: UnsafePointer<UInt8>, count: Int, position: Int) -> Int? {
        if position < Self.positions {
            let guess = predicted[position]
            if guess >= 0, matches(guess, key, count) { return guess }
        }
        for i in 0..<self.count where matches(i, key, count) {
            if position < Self.positions { predicted[position] = i }
            return i
        }
        return nil
    }

    @inline(__always)
    private func matches(_ index: Int, _ key: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard lengths[index] == count else { return false }
        let start = starts[index]
        for i in 0..<count where names[start + i] != key[i] { return false }
        return true
    }
}
