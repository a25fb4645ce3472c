import Dispatch
import Glibc

/// Finds repeated session ids in a stream of any length, in bounded memory.
///
/// Each session id is reduced to a keyed 128-bit fingerprint (``Values/fingerprint(_:)``: two
/// different ids share one with probability about 2⁻¹²⁸). Entries are spread over 64 partitions
/// by the fingerprint's top bits and kept in memory up to a budget; past it, partitions are
/// appended to anonymous temporary files. At the end each partition is read back on its own: one
/// that fits the budget is checked in memory (a hash table); a larger one is split again by the next 6 bits,
/// streaming through temporary files, until it fits — or until every bit is used, when all its
/// entries share one fingerprint and are read twice as a stream (the first to find the first
/// occurrence, the second to report the others). Duplicates are handed out one at a time, never
/// collected. Memory stays within about twice `budget` entries of 32 bytes (the buffers, and one
/// partition read back; 32 MiB with the default budget) plus 64 write buffers of 4,096 entries,
/// whatever the number of sessions or duplicates; disk use is 32 bytes a session beyond the budget.
final class DuplicateTracker {
    /// One session: its id's fingerprint, where it was (file index and line) and what it added to
    /// the tallies (so that a rejected duplicate can be taken out again).
    struct Entry {
        var fingerprint: Fingerprint
        var location: UInt64
        var contribution: Int32
    }

    /// A repeated session: where it is, where its id was first seen, and its contribution.
    struct Duplicate {
        let location: UInt64
        let firstLocation: UInt64
        let contribution: Int32
    }

    static let partitionBits = 6
    static let partitions = 1 << partitionBits
    /// Entries buffered per sub-partition while a partition is split, before they are written out.
    private static let chunk = 4096
    private let budget: Int
    /// The entries a partition's buffer grows to hold before it relies on the array's own growth:
    /// its share of the budget and a margin.
    private let share: Int
    @exclusivity(unchecked) private var buffers: [[Entry]]
    @exclusivity(unchecked) private var spills: [Spill?]
    @exclusivity(unchecked) private var buffered = 0

    /// A tracker keeping at most `budget` entries in memory (default 524,288: 16 MiB).
    init(budget: Int = 1 << 19) {
        self.budget = max(budget, Self.partitions)
        share = self.budget / Self.partitions + self.budget / Self.partitions / 8 + 16
        // The buffers grow as entries come (a small log allocates little), doubling up to the
        // share: the budget, not the array's growth, bounds the memory.
        buffers = Array(repeating: [], count: Self.partitions)
        spills = Array(repeating: nil, count: Self.partitions)
    }

    /// Packs a file index and a line into a location.
    static func location(file: Int, line: Int) -> UInt64 { UInt64(file) << 40 | UInt64(line) }
    /// The file index and line of a location.
    static func place(_ location: UInt64) -> (file: Int, line: Int) { (Int(location >> 40), Int(location & (1 << 40 - 1))) }

    @inline(__always)
    func add(fingerprint: Fingerprint, location: UInt64, contribution: Int32) throws(IngestError) {
        let partition = Self.partition(fingerprint)
        reserve(1, in: partition)
        buffers[partition].append(Entry(fingerprint: fingerprint, location: location, contribution: contribution))
        buffered += 1
        if buffered >= budget { try spillAll() }
    }

    /// Makes room for `count` more entries in `partition`'s buffer: at least double its capacity, at
    /// most its share (past the share, the array grows on its own).
    @inline(__always)
    private func reserve(_ count: Int, in partition: Int) {
        let needed = buffers[partition].count + count
        let capacity = buffers[partition].capacity
        guard needed > capacity, capacity < share else { return }
        buffers[partition].reserveCapacity(min(share, max(needed, capacity * 2, 256)))
    }

    /// The partition of a fingerprint: its top bits.
    @inline(__always)
    static func partition(_ fingerprint: Fingerprint) -> Int { Int(fingerprint.high >> UInt64(64 - partitionBits)) }

    /// Adds a chunk's sessions, grouped by partition (those of partition `p` are
    /// `entries[starts[p]..<starts[p + 1]]`, in their order): each entry's location is added to
    /// `base`, and its contribution is an index into `ids`, the scan's ids of the chunk's contributions.
    func add(partitioned entries: inout [Entry], starts: [Int], base: UInt64, ids: [Int32]) throws(IngestError) {
        ids.withUnsafeBufferPointer { ids in
            entries.withUnsafeMutableBufferPointer { entries in
                for i in entries.indices {
                    entries[i].location &+= base
                    entries[i].contribution = ids[Int(entries[i].contribution)]
                }
                for partition in 0..<Self.partitions where starts[partition] < starts[partition + 1] {
                    reserve(starts[partition + 1] - starts[partition], in: partition)
                    buffers[partition].append(contentsOf: entries[starts[partition]..<starts[partition + 1]])
                }
            }
        }
        buffered += entries.count
        if buffered >= budget { try spillAll() }
    }

    private func spillAll() throws(IngestError) {
        for partition in buffers.indices where !buffers[partition].isEmpty {
            if spills[partition] == nil { spills[partition] = try Spill() }
            try spills[partition]!.append(buffers[partition])
            buffers[partition].removeAll(keepingCapacity: true)
        }
        buffered = 0
    }

    /// Calls `body` with every repeated session (each occurrence after the first of its id), in no
    /// particular order; the tracker is empty afterwards.
    func forEachDuplicate(_ body: (Duplicate) throws(IngestError) -> Void) throws(IngestError) {
        for partition in buffers.indices {
            let entries = buffers[partition]
            buffers[partition] = []
            if let spill = spills[partition] {
                spills[partition] = nil
                try spill.append(entries)
                try collect(spill, bits: Self.partitionBits, body)
            } else {
                var entries = entries
                try Self.collect(&entries, body)
            }
        }
        buffered = 0
    }

    /// What the repeated sessions add up to: how many there are, how many each contribution made
    /// (to take them out of the tallies), and the `kept` earliest (by location).
    struct Repeats {
        var count = 0
        var contributions: [Int32: Int] = [:]
        var earliest: [Duplicate] = []

        mutating func add(_ duplicate: Duplicate, keeping kept: Int) {
            count += 1
            contributions[duplicate.contribution, default: 0] += 1
            keep(duplicate, kept)
        }

        /// Keeps `duplicate` among the `kept` earliest.
        mutating func keep(_ duplicate: Duplicate, _ kept: Int) {
            guard earliest.count < kept || duplicate.location < earliest[earliest.count - 1].location else { return }
            let at = earliest.firstIndex { duplicate.location < $0.location } ?? earliest.count
            earliest.insert(duplicate, at: at)
            if earliest.count > kept { earliest.removeLast() }
        }
    }

    /// The repeated sessions (as ``forEachDuplicate(_:)`` finds them), the partitions checked on
    /// `threads` threads at once: the same result whatever the number of threads. The tracker is
    /// empty afterwards.
    func repeats(keeping kept: Int, threads: Int) throws(IngestError) -> Repeats {
        let parts = (0..<Self.partitions).map { partition in (entries: buffers[partition], spill: spills[partition]) }
        buffers = Array(repeating: [], count: Self.partitions)
        spills = Array(repeating: nil, count: Self.partitions)
        buffered = 0
        let lanes = max(1, min(threads, Self.partitions))
        let results = UnsafeMutableBufferPointer<Result<Repeats, IngestError>>.allocate(capacity: lanes)
        results.initialize(repeating: .success(Repeats()))
        defer {
            results.deinitialize()
            results.deallocate()
        }
        let work = { (lane: Int) in
            var found = Repeats()
            do throws(IngestError) {
                for partition in stride(from: lane, to: Self.partitions, by: lanes) {
                    var (entries, spill) = parts[partition]
                    if let spill {
                        try spill.append(entries)
                        try self.collect(spill, bits: Self.partitionBits) { found.add($0, keeping: kept) }
                    } else {
                        try Self.collect(&entries) { found.add($0, keeping: kept) }
                    }
                }
                results[lane] = .success(found)
            } catch {
                results[lane] = .failure(error)
            }
        }
        if lanes == 1 {
            work(0)
        } else {
            let shared = SharedWork(work)  // each lane writes only its own result
            DispatchQueue.concurrentPerform(iterations: lanes) { shared.run($0) }
        }
        var total = Repeats()
        for lane in 0..<lanes {
            let found = try results[lane].get()
            total.count += found.count
            total.contributions.merge(found.contributions, uniquingKeysWith: +)
            for duplicate in found.earliest { total.keep(duplicate, kept) }
        }
        return total
    }

    /// The repeats among a spilled run of entries that share their first `bits` bits.
    private func collect(_ run: Spill, bits: Int, _ body: (Duplicate) throws(IngestError) -> Void) throws(IngestError) {
        if run.count <= budget {
            var entries = try run.readAll()
            run.close()
            try Self.collect(&entries, body)
            return
        }
        if bits >= 128 {
            // Every entry has the same fingerprint: the first occurrence is the earliest location.
            var first: (location: UInt64, index: Int)?
            try run.forEach(chunk: Self.chunk) { index, entry in
                if first.map({ entry.location < $0.location }) ?? true { first = (entry.location, index) }
            }
            guard let first else { return }
            try run.forEach(chunk: Self.chunk) { (index, entry) throws(IngestError) in
                if index != first.index {
                    try body(Duplicate(location: entry.location, firstLocation: first.location, contribution: entry.contribution))
                }
            }
            return
        }
        var parts: [Spill?] = Array(repeating: nil, count: Self.partitions)
        var pending = Array(repeating: [Entry](), count: Self.partitions)
        try run.forEach(chunk: Self.chunk) { (_, entry) throws(IngestError) in
            let part = Self.bits(entry.fingerprint, from: bits, count: Self.partitionBits)
            pending[part].append(entry)
            if pending[part].count >= Self.chunk {
                if parts[part] == nil { parts[part] = try Spill() }
                try parts[part]!.append(pending[part])
                pending[part].removeAll(keepingCapacity: true)
            }
        }
        run.close()
        for part in 0..<Self.partitions {
            if parts[part] == nil, pending[part].isEmpty { continue }
            if parts[part] == nil { parts[part] = try Spill() }
            try parts[part]!.append(pending[part])
            pending[part] = []
            try collect(parts[part]!, bits: bits + Self.partitionBits, body)
            parts[part]!.close()
            parts[part] = nil
        }
    }

    /// `count` bits of a fingerprint starting `from` bits below its top (high word first; bits
    /// past the 128th read as 0).
    private static func bits(_ fingerprint: Fingerprint, from: Int, count: Int) -> Int {
        var value = 0
        for bit in from..<(from + count) {
            let word = bit < 64 ? fingerprint.high : fingerprint.low
            value = value << 1 | (bit < 128 ? Int((word >> UInt64(63 - bit % 64)) & 1) : 0)
        }
        return value
    }

    /// The repeats among entries in memory, through an open-addressing table on the fingerprints'
    /// low bits (linear probing, at most half full): a first pass keeps, for each fingerprint, the
    /// entry with the earliest location; a second reports every other entry against it.
    private static func collect(_ entries: inout [Entry], _ body: (Duplicate) throws(IngestError) -> Void)
        throws(IngestError)
    {
        guard entries.count > 1 else { return }
        let bits = Int.bitWidth - entries.count.leadingZeroBitCount + 1
        let mask = (1 << bits) - 1
        var slots = [Int32](repeating: -1, count: 1 << bits)
        try entries.withUnsafeBufferPointer { (entries) throws(IngestError) in
            try slots.withUnsafeMutableBufferPointer { (slots) throws(IngestError) in
                @inline(__always) func slot(of fingerprint: Fingerprint) -> Int {
                    var slot = Int(truncatingIfNeeded: fingerprint.low) & mask
                    while slots[slot] >= 0, entries[Int(slots[slot])].fingerprint != fingerprint { slot = (slot + 1) & mask }
                    return slot
                }
                for index in entries.indices {
                    let at = slot(of: entries[index].fingerprint)
                    if slots[at] < 0 || entries[index].location < entries[Int(slots[at])].location { slots[at] = Int32(index) }
                }
                for index in entries.indices {
                    let first = Int(slots[slot(of: entries[index].fingerprint)])
                    guard first != index else { continue }
                    try body(
                        Duplicate(
                            location: entries[index].location, firstLocation: entries[first].location,
                            contribution: entries[index].contribution))
                }
            }
        }
    }
}

/// Work handed to several threads, each calling it with its own lane (see ``DuplicateTracker/repeats(keeping:threads:)``).
private final class SharedWork: @unchecked Sendable {
    let run: (Int) -> Void
    init(_ run: @escaping (Int) -> Void) { self.run = run }
}

/// Entries appended to an anonymous temporary file (unlinked at once), read back in order.
private final class Spill {
    typealias Entry = DuplicateTracker.Entry
    private var descriptor: Int32
    private(set) var count = 0
    private static let size = MemoryLayout<Entry>.stride

    init() throws(IngestError) {
        let folder = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((folder + "/sextant-ids-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw IngestError(
                file: folder,
                "cannot create a temporary file for duplicate checks (\(String(cString: strerror(errno)))); set TMPDIR to a writable folder",
                fatal: true)
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        descriptor = fd
    }

    deinit { close() }

    func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }

    func append(_ entries: [Entry]) throws(IngestError) {
        let ok = entries.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
        guard ok else {
            throw IngestError(
                file: "(temporary file)",
                "cannot write duplicate-check data (\(String(cString: strerror(errno)))); is the temporary folder full?",
                fatal: true)
        }
        count += entries.count
    }

    /// Every entry, in memory.
    func readAll() throws(IngestError) -> [Entry] {
        var entries = [Entry](
            repeating: Entry(fingerprint: Fingerprint(high: 0, low: 0), location: 0, contribution: 0), count: count)
        try entries.withUnsafeMutableBytes { raw in Result { () throws(IngestError) in try read(into: raw, at: 0) } }.get()
        return entries
    }

    /// Calls `body` with each entry and its index, reading `chunk` entries at a time.
    func forEach(chunk: Int, _ body: (Int, Entry) throws(IngestError) -> Void) throws(IngestError) {
        var buffer = [Entry](
            repeating: Entry(fingerprint: Fingerprint(high: 0, low: 0), location: 0, contribution: 0), count: chunk)
        var index = 0
        while index < count {
            let n = min(chunk, count - index)
            try buffer.withUnsafeMutableBytes { raw in
                Result { () throws(IngestError) in
                    try read(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<(n * Self.size)]), at: index * Self.size)
                }
            }.get()
            for offset in 0..<n { try body(index + offset, buffer[offset]) }
            index += n
        }
    }

    private func read(into raw: UnsafeMutableRawBufferPointer, at position: Int) throws(IngestError) {
        var offset = 0
        while offset < raw.count {
            let got = pread(descriptor, raw.baseAddress! + offset, raw.count - offset, off_t(position + offset))
            if got < 0, errno == EINTR { continue }
            guard got > 0 else {
                throw IngestError(file: "(temporary file)", "cannot read duplicate-check data back", fatal: true)
            }
            offset += got
        }
    }
}
