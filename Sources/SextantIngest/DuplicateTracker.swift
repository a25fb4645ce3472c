import Glibc

/// Finds repeated session ids in a stream of any length, in bounded memory.
///
/// Each session id is reduced to a 64-bit fingerprint (two different ids share one with
/// probability about n²/2⁶⁵: 3·10⁻⁶ for ten million sessions). Entries are spread over 64
/// partitions by the fingerprint's top bits and kept in memory up to a budget; past it, partitions
/// are appended to anonymous temporary files. At the end each partition is sorted on its own (one
/// partition in memory at a time, re-split by the next bits if it is still too large), and equal
/// fingerprints are the duplicates. Memory stays within about `budget` entries of 24 bytes whatever
/// the number of sessions; disk use is 24 bytes a session beyond the budget.
final class DuplicateTracker {
    /// One session: its id's fingerprint, where it was (file index and line) and what it added to
    /// the tallies (so that a rejected duplicate can be taken out again).
    struct Entry {
        var fingerprint: UInt64
        var location: UInt64
        var contribution: Int32
    }

    /// A repeated session: where it is, where its id was first seen, and its contribution.
    struct Duplicate {
        let location: UInt64
        let firstLocation: UInt64
        let contribution: Int32
    }

    private static let partitionBits = 6
    private let budget: Int
    @exclusivity(unchecked) private var buffers: [[Entry]]
    @exclusivity(unchecked) private var spills: [Int32?]
    @exclusivity(unchecked) private var spilled: [Int]
    @exclusivity(unchecked) private var buffered = 0

    /// A tracker keeping at most `budget` entries in memory (default 1,048,576: 24 MiB).
    init(budget: Int = 1 << 20) {
        self.budget = budget
        let count = 1 << Self.partitionBits
        buffers = Array(repeating: [], count: count)
        spills = Array(repeating: nil, count: count)
        spilled = Array(repeating: 0, count: count)
    }

    deinit {
        for case let fd? in spills { close(fd) }
    }

    /// Packs a file index and a line into a location.
    static func location(file: Int, line: Int) -> UInt64 { UInt64(file) << 40 | UInt64(line) }
    /// The file index and line of a location.
    static func place(_ location: UInt64) -> (file: Int, line: Int) { (Int(location >> 40), Int(location & (1 << 40 - 1))) }

    @inline(__always)
    func add(fingerprint: UInt64, location: UInt64, contribution: Int32) throws(IngestError) {
        let partition = Int(fingerprint >> UInt64(64 - Self.partitionBits))
        buffers[partition].append(Entry(fingerprint: fingerprint, location: location, contribution: contribution))
        buffered += 1
        if buffered >= budget { try spillAll() }
    }

    private func spillAll() throws(IngestError) {
        for partition in buffers.indices where !buffers[partition].isEmpty {
            let fd: Int32
            if let existing = spills[partition] {
                fd = existing
            } else {
                fd = try Self.temporaryFile()
                spills[partition] = fd
            }
            try Self.write(buffers[partition], to: fd)
            spilled[partition] += buffers[partition].count
            buffers[partition].removeAll(keepingCapacity: true)
        }
        buffered = 0
    }

    /// Every repeated session, in the order of their locations.
    func duplicates() throws(IngestError) -> [Duplicate] {
        var found: [Duplicate] = []
        for partition in buffers.indices {
            var entries = buffers[partition]
            buffers[partition] = []
            if let fd = spills[partition] {
                entries = try Self.read(count: spilled[partition], from: fd) + entries
            }
            try collect(&entries, bits: Self.partitionBits, into: &found)
        }
        return found.sorted { $0.location < $1.location }
    }

    /// Sorts a partition and collects its repeats; a partition too large for the budget is split
    /// again by the next bits of the fingerprint, through temporary files.
    private func collect(_ entries: inout [Entry], bits: Int, into found: inout [Duplicate]) throws(IngestError) {
        if entries.count > budget, bits < 60 {
            let shift = UInt64(64 - bits - Self.partitionBits)
            var files: [Int32] = []
            var counts = Array(repeating: 0, count: 1 << Self.partitionBits)
            var parts = Array(repeating: [Entry](), count: 1 << Self.partitionBits)
            for _ in 0..<(1 << Self.partitionBits) { files.append(try Self.temporaryFile()) }
            defer { for fd in files { close(fd) } }
            for entry in entries {
                let part = Int((entry.fingerprint >> shift) & UInt64((1 << Self.partitionBits) - 1))
                parts[part].append(entry)
                if parts[part].count >= 1 << 14 {
                    try Self.write(parts[part], to: files[part])
                    counts[part] += parts[part].count
                    parts[part].removeAll(keepingCapacity: true)
                }
            }
            entries = []
            for part in parts.indices {
                var sub = try Self.read(count: counts[part], from: files[part]) + parts[part]
                parts[part] = []
                try collect(&sub, bits: bits + Self.partitionBits, into: &found)
            }
            return
        }
        // Equal fingerprints share every bit: bucket the partition by the 16 bits below those
        // already used (one counting pass), then compare within each small bucket.
        let shift = UInt64(max(0, 64 - bits - 16))
        let bucketCount = 1 << 16
        var starts = [Int](repeating: 0, count: bucketCount + 1)
        for entry in entries { starts[Int((entry.fingerprint >> shift) & 0xFFFF) + 1] += 1 }
        for b in 0..<bucketCount { starts[b + 1] += starts[b] }
        var order = [Int32](repeating: 0, count: entries.count)
        var fill = starts
        for (index, entry) in entries.enumerated() {
            let b = Int((entry.fingerprint >> shift) & 0xFFFF)
            order[fill[b]] = Int32(index)
            fill[b] += 1
        }
        for b in 0..<bucketCount where starts[b + 1] - starts[b] > 1 {
            var bucket = order[starts[b]..<starts[b + 1]].map { entries[Int($0)] }
            bucket.sort { $0.fingerprint != $1.fingerprint ? $0.fingerprint < $1.fingerprint : $0.location < $1.location }
            var i = 0
            while i < bucket.count {
                var j = i + 1
                while j < bucket.count, bucket[j].fingerprint == bucket[i].fingerprint {
                    found.append(
                        Duplicate(
                            location: bucket[j].location, firstLocation: bucket[i].location, contribution: bucket[j].contribution)
                    )
                    j += 1
                }
                i = j
            }
        }
    }

    private static func temporaryFile() throws(IngestError) -> Int32 {
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
        return fd
    }

    private static func write(_ entries: [Entry], to fd: Int32) throws(IngestError) {
        let ok = entries.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let count = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += count
            }
            return true
        }
        guard ok else {
            throw IngestError(
                file: "(temporary file)",
                "cannot write duplicate-check data (\(String(cString: strerror(errno)))); is the temporary folder full?",
                fatal: true)
        }
    }

    private static func read(count: Int, from fd: Int32) throws(IngestError) -> [Entry] {
        guard count > 0 else { return [] }
        var entries = [Entry](repeating: Entry(fingerprint: 0, location: 0, contribution: 0), count: count)
        let ok = entries.withUnsafeMutableBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let got = pread(fd, raw.baseAddress! + offset, raw.count - offset, off_t(offset))
                if got < 0, errno == EINTR { continue }
                if got <= 0 { return false }
                offset += got
            }
            return true
        }
        guard ok else { throw IngestError(file: "(temporary file)", "cannot read duplicate-check data back", fatal: true) }
        return entries
    }
}
