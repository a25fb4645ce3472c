/// A window onto a byte stream: bytes [start, end) are read but not yet consumed. `fill()` moves
/// them to the front and reads more after them, growing the window only when it is full — so
/// memory stays at the size of the largest record, not of the input.
final class StreamBuffer {
    let source: ByteSource
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
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(capacity, 16), alignment: 64)
        bytes = storage.baseAddress!.assumingMemoryBound(to: UInt8.self)
    }

    deinit { storage.deallocate() }

    /// Moves the unconsumed bytes to the front and reads more. Returns how far the bytes moved
    /// (offsets into the buffer must be reduced by it).
    @discardableResult
    func fill() throws(IngestError) -> Int {
        if atEnd { return 0 }
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
}

/// Reads lines (LF or CRLF) from a byte stream, for JSON Lines.
final class LineReader {
    private let stream: StreamBuffer
    /// The number of the line last returned.
    private(set) var line = 0

    init(_ source: ByteSource, capacity: Int = 1 << 20) {
        stream = StreamBuffer(source, capacity: capacity)
    }

    var source: ByteSource { stream.source }

    /// Calls `body` with the next line (without its line break); false at the end of the input.
    ///
    /// A line longer than ``CSVReader/recordLimit`` is skipped to its end and reported as an
    /// ``IngestError`` (not fatal: reading can go on).
    func next(_ body: (UnsafeRawBufferPointer) throws(IngestError) -> Void) throws(IngestError) -> Bool {
        var scanned = stream.start
        while true {
            var p = scanned
            while p < stream.end, stream.bytes[p] != UInt8(ascii: "\n") { p += 1 }
            if p < stream.end || (stream.atEnd && p > stream.start) {
                var stop = p
                if stop > stream.start, stream.bytes[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
                line += 1
                let from = stream.start
                stream.start = min(p + 1, stream.end)
                try body(UnsafeRawBufferPointer(start: stream.bytes + from, count: stop - from))
                return true
            }
            if stream.atEnd { return false }
            if stream.end - stream.start >= CSVReader.recordLimit { try skipLongLine() }
            scanned = p - (try stream.fill())
        }
    }

    /// Drops the rest of a line too long to hold, then reports it.
    private func skipLongLine() throws(IngestError) -> Never {
        line += 1
        while true {
            var p = stream.start
            while p < stream.end, stream.bytes[p] != UInt8(ascii: "\n") { p += 1 }
            if p < stream.end || stream.atEnd {
                stream.start = min(p + 1, stream.end)
                break
            }
            stream.start = stream.end
            try stream.fill()
        }
        throw IngestError(
            file: stream.source.name, line: line,
            "the line runs past \(CSVReader.recordLimit >> 20) MiB, the longest a record may be; expected one JSON object per line"
        )
    }
}
