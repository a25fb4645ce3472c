#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A window onto a byte stream: bytes [start, end) are read but not yet consumed. `fill()` moves
/// them to the front and reads more after them, growing the window only when it is full — so
/// memory stays at the size of the largest record, not of the input.
final class StreamBuffer {
    let source: ByteSource
    /// Whether the bytes are a region of memory the buffer does not own (see ``init(region:count:final:source:)``).
    let isRegion: Bool
    /// Whether more bytes can come: false for a region, which holds all it will ever hold.
    var canFill: Bool { !isRegion && !atEnd }
    @exclusivity(unchecked) private var storage: UnsafeMutableRawBufferPointer
    @exclusivity(unchecked) private(set) var bytes: UnsafeMutablePointer<UInt8>
    /// The first byte not yet consumed.
    @exclusivity(unchecked) var start = 0
    /// The end of the bytes read.
    @exclusivity(unchecked) private(set) var end = 0
    /// Whether the source has ended.
    @exclusivity(unchecked) private(set) var atEnd = false

    init(_ source: ByteSource, capacity: Int) {
        self.source = source
        isRegion = false
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(capacity, 16), alignment: 64)
        bytes = storage.baseAddress!.assumingMemoryBound(to: UInt8.self)
    }

    /// A window onto `count` bytes at `region`, which the caller keeps alive and unchanged while
    /// the buffer is used: a chunk of a larger input, read by a chunk parser. `final` says whether
    /// the input ends with the region; if not, a reader stops where it would need more bytes.
    init(region: UnsafeMutablePointer<UInt8>, count: Int, final: Bool, source: ByteSource) {
        self.source = source
        isRegion = true
        storage = UnsafeMutableRawBufferPointer(start: region, count: count)
        bytes = region
        end = count
        atEnd = final
    }

    deinit { if !isRegion { storage.deallocate() } }

    /// Moves the unconsumed bytes to the front and reads more. Returns how far the bytes moved
    /// (offsets into the buffer must be reduced by it).
    @discardableResult
    func fill() throws(IngestError) -> Int {
        if atEnd || isRegion { return 0 }
        let moved = start
        if start > 0 {
            let remaining = end - start
            if remaining > 0 { bytes.update(from: bytes + start, count: remaining) }
            end = remaining
            start = 0
        }
        if end == storage.count {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: storage.count * 2, alignment: 64)
            larger.baseAddress!.copyMemory(from: storage.baseAddress!, byteCount: end)
            storage.deallocate()
            storage = larger
            bytes = storage.baseAddress!.assumingMemoryBound(to: UInt8.self)
        }
        // Fill the free space (pipes deliver 64 KiB a read): a record that needs more is then
        // re-parsed once per doubling of the buffer, not once per read.
        while end < storage.count {
            let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: storage[end...]))
            if count == 0 {
                atEnd = true
                break
            }
            end += count
        }
        return moved
    }

    /// Moves `start` past the next `lineEnd` byte (or to the end of the input), reading on as
    /// needed; returns whether it passed a line end.
    ///
    /// - Throws: a fatal ``IngestError`` at `file`:`line` when no line end comes within
    ///   ``CSVReader/skipLimit`` bytes.
    @discardableResult
    func skipLine(_ lineEnd: UInt8, file: String, line: Int) throws(IngestError) -> Bool {
        var skipped = 0
        var p = start
        while true {
            while p < end, bytes[p] != lineEnd { p += 1 }
            if p < end {
                start = p + 1
                return true
            }
            skipped += p - start
            start = p
            if !canFill { return false }
            guard skipped <= CSVReader.skipLimit else {
                throw IngestError(
                    file: file, line: line,
                    "the line runs on past \(CSVReader.skipLimit >> 20) MiB without a line break; expected lines of at most "
                        + "\(CSVReader.recordLimit >> 20) MiB (is the input a log?)", fatal: true)
            }
            p -= try fill()
        }
    }
}

/// Reads lines (LF or CRLF) from a byte stream, for JSON Lines.
final class LineReader {
    private let stream: StreamBuffer
    /// The number of the line last returned.
    @exclusivity(unchecked) private(set) var line = 0
    /// Whether the rest of a line too long must be skipped before the next line.
    @exclusivity(unchecked) private var skipPending = false
    /// Whether the start of the input has been checked for a byte-order mark.
    @exclusivity(unchecked) private var checkedStart = false
    /// Whether a region reader stopped because the region ended inside a line.
    @exclusivity(unchecked) private(set) var stoppedShort = false

    /// A reader of `source` from its start, with an initial buffer of `capacity` bytes.
    init(_ source: ByteSource, capacity: Int = 1 << 16) {
        stream = StreamBuffer(source, capacity: capacity)
    }

    /// A reader that takes up `source` in the state `resume` (its line end is LF; no byte-order mark to skip).
    init(_ source: ByteSource, capacity: Int = 1 << 16, resume: CSVReader.Resume) {
        stream = StreamBuffer(source, capacity: capacity)
        take(resume)
    }

    /// A reader over `count` bytes at `region` (see ``StreamBuffer/init(region:count:final:source:)``),
    /// starting in the state `resume`. Unless `final`, it stops where a line would need bytes past
    /// the region: ``next()`` returns nil with ``stoppedShort`` set, at a line start (``consumed``).
    init(region: UnsafeMutablePointer<UInt8>, count: Int, final: Bool, source: ByteSource, resume: CSVReader.Resume) {
        stream = StreamBuffer(region: region, count: count, final: final, source: source)
        take(resume)
    }

    private func take(_ resume: CSVReader.Resume) {
        checkedStart = true
        line = resume.line - 1
        skipPending = resume.skipPending
    }

    var source: ByteSource { stream.source }

    /// The state to take the input up in after the lines consumed so far (the line of the next byte).
    var resumeState: CSVReader.Resume {
        CSVReader.Resume(line: line + 1, lineEnd: UInt8(ascii: "\n"), skipPending: skipPending)
    }

    /// The bytes consumed: every line returned, and the lines skipped.
    var consumed: Int { stream.start }

    /// Hands out the bytes read but not consumed, and whether the input has ended: for another
    /// reader to take the input up from here.
    func takeBuffered() -> (bytes: [UInt8], atEnd: Bool) {
        let bytes = Array(UnsafeBufferPointer(start: stream.bytes + stream.start, count: stream.end - stream.start))
        stream.start = stream.end
        return (bytes, stream.atEnd)
    }

    /// The next line (without its line break), valid until the next call; nil at the end of the
    /// input (or of a region, see ``init(region:count:final:source:resume:)``). A UTF-8 byte-order
    /// mark at the start of the input is skipped.
    ///
    /// A line longer than ``CSVReader/recordLimit`` is reported as an ``IngestError`` as soon as it
    /// passes the limit (not fatal: the next call goes on after its end, a fatal error when none
    /// comes within ``CSVReader/skipLimit``).
    func next() throws(IngestError) -> UnsafeRawBufferPointer? {
        if !checkedStart {
            checkedStart = true
            while stream.end - stream.start < 3, !stream.atEnd { try stream.fill() }
            if stream.end - stream.start >= 3, stream.bytes[stream.start] == 0xEF, stream.bytes[stream.start + 1] == 0xBB,
                stream.bytes[stream.start + 2] == 0xBF
            {
                stream.start += 3
            }
        }
        if skipPending {
            let passed = try stream.skipLine(UInt8(ascii: "\n"), file: stream.source.name, line: line)
            if !passed, stream.isRegion, !stream.atEnd {
                stoppedShort = true  // a region ended before the line did
                return nil
            }
            skipPending = false
        }
        var scanned = stream.start
        while true {
            let p = Self.lineEnd(stream.bytes, from: scanned, to: stream.end)
            if p < stream.end || (stream.atEnd && p > stream.start) {
                var stop = p
                if stop > stream.start, stream.bytes[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
                line += 1
                let from = stream.start
                stream.start = min(p + 1, stream.end)
                return UnsafeRawBufferPointer(start: stream.bytes + from, count: stop - from)
            }
            if stream.atEnd { return nil }
            if stream.isRegion {
                stoppedShort = p > stream.start  // inside a line, not at the start of the next
                return nil
            }
            if stream.end - stream.start >= CSVReader.recordLimit { try reportLongLine() }
            scanned = p - (try stream.fill())
        }
    }

    /// The offset of the first LF in `bytes[from..<to]`, or `to` (memchr: vectorised).
    @inline(__always)
    static func lineEnd(_ bytes: UnsafeMutablePointer<UInt8>, from: Int, to: Int) -> Int {
        guard from < to, let found = memchr(bytes + from, Int32(UInt8(ascii: "\n")), to - from) else { return to }
        return found.assumingMemoryBound(to: UInt8.self) - bytes
    }

    /// Reports a line too long to hold; its rest is skipped if reading goes on.
    private func reportLongLine() throws(IngestError) -> Never {
        line += 1
        stream.start = stream.end
        skipPending = true
        throw IngestError(
            file: stream.source.name, line: line,
            "the line runs past \(CSVReader.recordLimit >> 20) MiB, the longest a record may be; expected one JSON object per line"
        )
    }
}
