// This file is longer than 400 lines on purpose: the record parser's parts (line-end detection,
// the 64-byte fast path, the general parse, limits and skipping) share the reader's private state,
// which another file's extension could reach only if that state were opened to the whole module.
// Field access and positions for messages are apart, in CSVReaderFields.swift.
import CByteScan

/// Reads RFC 4180 records from a byte stream, one at a time, in bounded memory.
///
/// Fields may be quoted (`"…"`), and quoted fields may hold commas, doubled quotes and line
/// breaks; records end with LF, CRLF, or — in a file whose first line ends so, as old Mac and some
/// spreadsheet exports write — a bare CR; a UTF-8 byte-order mark is skipped; completely empty
/// lines are skipped. A record's fields are views into the reader's buffer, valid until the next
/// call of ``next()``. The buffer holds at least one record and grows only for a record larger than
/// it, up to ``recordLimit``.
public final class CSVReader {
    /// The bytes being read.
    public var source: ByteSource { stream.source }
    private let stream: StreamBuffer
    var bytes: UnsafeMutablePointer<UInt8> { stream.bytes }
    private var start: Int {
        get { stream.start }
        set { stream.start = newValue }
    }
    var end: Int { stream.end }
    private var atEnd: Bool { stream.atEnd }
    @exclusivity(unchecked) private var checkedStart = false
    /// The byte that ends a line: LF (for LF and CRLF files), or CR for a file of bare CR line ends.
    @exclusivity(unchecked) private(set) var lineEnd = newline
    /// The line of the next unconsumed byte.
    @exclusivity(unchecked) private var line = 1

    // Hot state: exclusivity is checked statically (the reader is used by one thread, and no
    // access overlaps), not at every byte.
    /// The line on which the current record starts.
    @exclusivity(unchecked) public private(set) var recordLine = 1
    /// Whether every byte of the current record is ASCII (so every field is valid UTF-8).
    @exclusivity(unchecked) public private(set) var recordIsASCII = false
    /// The number of fields of the current record.
    @exclusivity(unchecked) public private(set) var fieldCount = 0
    /// Field bounds: start and end offsets into the buffer, and whether the field has doubled quotes.
    @exclusivity(unchecked) private var fieldCapacity = 64
    @exclusivity(unchecked) private(set) var fieldStart = UnsafeMutablePointer<Int>.allocate(capacity: 64)
    @exclusivity(unchecked) private(set) var fieldEnd = UnsafeMutablePointer<Int>.allocate(capacity: 64)
    @exclusivity(unchecked) private(set) var fieldEscaped = UnsafeMutablePointer<Bool>.allocate(capacity: 64)
    @exclusivity(unchecked) private(set) var recordStart = 0
    @exclusivity(unchecked) var scratch: [UInt8] = []

    /// A reader over `source`, with an initial buffer of `capacity` bytes.
    public init(_ source: ByteSource, capacity: Int = 1 << 16) {
        stream = StreamBuffer(source, capacity: capacity)
    }

    /// Where a reader takes up an input that another reader began: after the header, at a record
    /// start (or with the rest of a bad line still to skip), with the input's line ends known.
    struct Resume {
        /// The line of the first byte.
        var line: Int
        /// The byte that ends a line (LF, or CR for a file of bare CR line ends).
        var lineEnd: UInt8
        /// Whether the rest of a line after an invalid record is still to be skipped.
        var skipPending: Bool
    }

    /// A reader that takes up `source` in the state `resume` (no byte-order mark or line ends to detect).
    init(_ source: ByteSource, capacity: Int = 1 << 16, resume: Resume) {
        stream = StreamBuffer(source, capacity: capacity)
        take(resume)
    }

    /// A reader over `count` bytes at `region` (see ``StreamBuffer/init(region:count:final:source:)``),
    /// starting in the state `resume`. Unless `final`, it stops where it would need bytes past the
    /// region: ``next()`` returns false with ``stoppedShort`` set, at a record start (``consumed``).
    init(region: UnsafeMutablePointer<UInt8>, count: Int, final: Bool, source: ByteSource, resume: Resume) {
        stream = StreamBuffer(region: region, count: count, final: final, source: source)
        take(resume)
    }

    private func take(_ resume: Resume) {
        checkedStart = true
        line = resume.line
        lineEnd = resume.lineEnd
        skipPending = resume.skipPending
    }

    /// The state to take the input up in after the bytes consumed so far.
    var resumeState: Resume { Resume(line: line, lineEnd: lineEnd, skipPending: skipPending) }

    /// The bytes consumed: every record returned, and the lines skipped.
    var consumed: Int { start }

    /// Hands out the bytes read but not consumed, and whether the input has ended: for another
    /// reader to take the input up from here.
    func takeBuffered() -> (bytes: [UInt8], atEnd: Bool) {
        let bytes = Array(UnsafeBufferPointer(start: self.bytes + start, count: end - start))
        start = end
        return (bytes, atEnd)
    }

    /// Whether a region reader stopped because the region ended inside a record.
    @exclusivity(unchecked) private(set) var stoppedShort = false

    deinit {
        fieldStart.deallocate()
        fieldEnd.deallocate()
        fieldEscaped.deallocate()
    }

    /// The longest record read (16 MiB): a longer quoted field means a quote was left open; a
    /// longer line is invalid, reported as soon as it passes the limit.
    public static let recordLimit = 16 << 20

    /// How far past an invalid record the reader looks for the line end to go on from (256 MiB): a
    /// line that has not ended by then stops the reading, as an input without line breaks (a binary
    /// file, `/dev/zero`) would otherwise be read to its end, or forever.
    public static let skipLimit = 256 << 20

    /// Whether the rest of the current line must be skipped before the next record: after an
    /// invalid record, skipped only when reading goes on.
    @exclusivity(unchecked) private var skipPending = false

    /// Whether the file's lines end with a bare CR (decided from its first line end).
    public var crLineEnds: Bool { lineEnd == Self.carriageReturn }

    private static let comma = UInt8(ascii: ",")
    static let quote = UInt8(ascii: "\"")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    private enum Step {
        case record
        /// More input is needed; the offset of the opening quote when inside a quoted field.
        case needMore(quote: Int?)
        case error(Int, String)
        case unterminated(Int)
    }

    /// Advances to the next record. Returns false at the end of the input.
    ///
    /// On a malformed record (a quote inside an unquoted field, text after a closing quote, a line
    /// longer than ``recordLimit``) it throws an ``IngestError`` with the line and column; the next
    /// call goes on after the line end (a fatal error when none comes within ``skipLimit``). A
    /// quoted field that never closes (or runs past the limit) is a fatal error, as nothing after it
    /// can be read.
    public func next() throws(IngestError) -> Bool {
        if !checkedStart {
            checkedStart = true
            try skipByteOrderMark()
            try detectLineEnds()
        }
        if skipPending {
            skipPending = false
            try skipRestOfLine()
            if skipPending { return false }  // a region ended before the line did
        }
        while true {
            // Skip empty lines.
            while true {
                if start == end {
                    if !stream.canFill { return false }
                    try fill()
                    continue
                }
                if bytes[start] == lineEnd {
                    start += 1
                    line += 1
                } else if lineEnd == Self.newline, bytes[start] == Self.carriageReturn, start + 1 < end,
                    bytes[start + 1] == Self.newline
                {
                    start += 2
                    line += 1
                } else if bytes[start] == Self.carriageReturn, start + 1 == end, !atEnd {
                    if stream.isRegion { return stop() }
                    try fill()
                } else {
                    break
                }
            }
            switch parseRecord() {
            case .record:
                return true
            case .needMore(let quote):
                if stream.isRegion { return stop() }
                if end - start >= Self.recordLimit { try tooLong(quote: quote) }
                try fill()
            case .error(let offset, let message):
                let column = self.column(of: offset)
                line += newlines(from: recordStart, to: offset)
                start = offset
                skipPending = true
                throw IngestError(file: source.name, line: line, column: column, message)
            case .unterminated(let offset):
                // Everything after the opening quote is inside the field: nothing more can be read.
                let column = self.column(of: offset)
                let errorLine = line + newlines(from: recordStart, to: offset)
                start = end
                throw IngestError(
                    file: source.name, line: errorLine, column: column,
                    "a quoted field is never closed; expected a closing quote (\") before the end of the file", fatal: true)
            }
        }
    }

    /// A region reader's end inside a record: the record is left for a reader with more bytes.
    private func stop() -> Bool {
        stoppedShort = true
        return false
    }

    /// Skips a UTF-8 byte-order mark at the start of the input.
    private func skipByteOrderMark() throws(IngestError) {
        while end - start < 3, !atEnd { try fill() }
        if end - start >= 3, bytes[start] == 0xEF, bytes[start + 1] == 0xBB, bytes[start + 2] == 0xBF { start += 3 }
    }

    /// Reads CR as the line end when the first line break of the input outside quotes is a CR not
    /// followed by LF.
    private func detectLineEnds() throws(IngestError) {
        var p = start
        var quoted = false
        while true {
            while p < end {
                let c = bytes[p]
                if c == Self.quote {
                    quoted.toggle()
                } else if !quoted, c == Self.newline || c == Self.carriageReturn {
                    break
                }
                p += 1
            }
            if p < end, bytes[p] == Self.newline { return }
            if p + 1 < end {
                if bytes[p + 1] != Self.newline { lineEnd = Self.carriageReturn }
                return
            }
            if atEnd || end - start >= Self.recordLimit {
                if p < end { lineEnd = Self.carriageReturn }  // a CR ends the input
                return
            }
            p -= try stream.fill()
        }
    }

    /// A record that has run past ``recordLimit``: inside a quoted field, a quote left open (fatal,
    /// rather than buffer the whole input); otherwise a line too long, reported at once (and skipped
    /// to its end only if reading goes on).
    private func tooLong(quote: Int?) throws(IngestError) -> Never {
        let limit = "\(Self.recordLimit >> 20) MiB"
        if let quote {
            let column = self.column(of: quote)
            let errorLine = line + newlines(from: recordStart, to: quote)
            start = end
            throw IngestError(
                file: source.name, line: errorLine, column: column,
                "a quoted field runs past \(limit), the longest a record may be; expected a closing quote (\") earlier",
                fatal: true)
        }
        line += newlines(from: recordStart, to: end)
        start = end
        skipPending = true
        throw IngestError(
            file: source.name, line: line,
            "the line runs past \(limit), the longest a record may be; expected a line break earlier")
    }

    /// Parses one record from `start`; on success consumes it.
    private func parseRecord() -> Step {
        // Locals: the buffer does not move while a record is parsed.
        let bytes = self.bytes
        let end = self.end
        let atEnd = self.atEnd
        let newline = lineEnd
        let newlines = UInt64(newline) &* 0x0101_0101_0101_0101
        recordStart = start
        fieldCount = 0
        var p = start
        if scanUnquoted(from: &p) { return .record }
        var lines = 0
        while true {
            let fieldBegin = p
            if p < end, bytes[p] == Self.quote {
                p += 1
                let contentStart = p
                var escaped = false
                while true {
                    while p < end, bytes[p] != Self.quote {
                        if bytes[p] == newline { lines += 1 }
                        p += 1
                    }
                    if p + 1 >= end {
                        if !atEnd { return .needMore(quote: fieldBegin) }
                        if p >= end { return .unterminated(fieldBegin) }
                    }
                    if p + 1 < end, bytes[p + 1] == Self.quote {
                        escaped = true
                        p += 2
                        continue
                    }
                    break
                }
                store(contentStart, p, escaped)
                p += 1
                if p >= end {
                    if !atEnd { return .needMore(quote: nil) }
                    return finish(p, lines)
                }
                let c = bytes[p]
                if c == Self.comma {
                    p += 1
                    continue
                }
                if c == newline { return finish(p + 1, lines + 1) }
                if c == Self.carriageReturn {
                    if p + 1 >= end, !atEnd { return .needMore(quote: nil) }
                    if p + 1 < end, bytes[p + 1] == Self.newline { return finish(p + 2, lines + 1) }
                    return .error(
                        p,
                        "found a carriage return (CR) without a line feed after a closing quote; expected a comma or the end "
                            + "of the line (this file's first line ends with LF, so lines end with LF or CRLF)")
                }
                return .error(p, "found \(Self.describe(c)) after a closing quote; expected a comma or the end of the line")
            }
            // Eight bytes at a time to the first comma, line end or quote (SWAR: a byte of
            // x ^ pattern is zero exactly where x holds that character, and the lowest flagged
            // byte of ``special(_:_:)`` is the first such byte).
            while p + 8 <= end {
                let word = UnsafeRawPointer(bytes + p).loadUnaligned(as: UInt64.self)
                let flags = Self.special(word, newlines)
                if flags != 0 {
                    p += flags.trailingZeroBitCount >> 3
                    break
                }
                p += 8
            }
            while p < end {
                let c = bytes[p]
                if c == Self.comma || c == newline || c == Self.quote { break }
                p += 1
            }
            if p >= end {
                if !atEnd { return .needMore(quote: nil) }
                store(fieldBegin, p, false)
                return finish(p, lines)
            }
            let c = bytes[p]
            if c == Self.quote {
                return .error(
                    p,
                    "found a quote (\") inside an unquoted field; expected the whole field in quotes, with inner quotes doubled (\"\")"
                )
            }
            var fieldStop = p
            if c == Self.newline, fieldStop > fieldBegin, bytes[fieldStop - 1] == Self.carriageReturn { fieldStop -= 1 }
            store(fieldBegin, fieldStop, false)
            p += 1
            if c == newline { return finish(p, lines + 1) }
        }
    }

    /// The fast path of ``parseRecord()``, for records without quotes: 64 bytes at a time, every
    /// comma and line end taken from the block's bit masks. Returns true when it read the whole
    /// record; otherwise the fields before `fieldBegin` are stored and the general parse goes on
    /// from there (at a quote, or with fewer than 64 bytes left in the buffer).
    @inline(__always)
    private func scanUnquoted(from fieldBegin: inout Int) -> Bool {
        let bytes = self.bytes
        let end = self.end
        let newline = lineEnd
        var block = fieldBegin
        var high: UInt64 = 0
        while block + 64 <= end {
            let masks = sextant_scan64(bytes + block, newline)
            var separators = masks.commas | masks.stops
            while separators != 0 {
                let at = block + separators.trailingZeroBitCount
                let c = bytes[at]
                if c == Self.comma {
                    store(fieldBegin, at, false)
                    fieldBegin = at + 1
                } else if c == newline {
                    var fieldStop = at
                    if newline == Self.newline, fieldStop > fieldBegin, bytes[fieldStop - 1] == Self.carriageReturn {
                        fieldStop -= 1
                    }
                    store(fieldBegin, fieldStop, false)
                    recordIsASCII = high | masks.high & (UInt64(1) << UInt64(at - block) &- 1) == 0
                    recordLine = line
                    line += 1
                    start = at + 1
                    return true
                } else {
                    return false  // a quote: the general parse reads the field
                }
                separators &= separators &- 1
            }
            high |= masks.high
            block += 64
        }
        return false
    }

    /// The high bit of each byte of `word` (little-endian) that may be a comma, a quote or the line
    /// end (`newlines`: the line-end byte in every byte): zero when none is; otherwise the lowest
    /// flagged byte is the first such byte (bytes above it may be flagged falsely, by a borrow).
    @inline(__always)
    private static func special(_ word: UInt64, _ newlines: UInt64) -> UInt64 {
        @inline(__always) func zeros(_ v: UInt64) -> UInt64 { (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080 }
        return zeros(word ^ 0x2C2C_2C2C_2C2C_2C2C) | zeros(word ^ newlines) | zeros(word ^ 0x2222_2222_2222_2222)
    }

    private func finish(_ next: Int, _ lines: Int) -> Step {
        var high: UInt64 = 0
        var p = recordStart
        while p + 8 <= next {
            high |= UnsafeRawPointer(bytes + p).loadUnaligned(as: UInt64.self)
            p += 8
        }
        while p < next {
            high |= UInt64(bytes[p])
            p += 1
        }
        recordIsASCII = high & 0x8080_8080_8080_8080 == 0
        recordLine = line
        line += lines
        start = next
        return .record
    }

    @inline(__always)
    private func store(_ from: Int, _ to: Int, _ escaped: Bool) {
        if fieldCount == fieldCapacity { growFields() }
        fieldStart[fieldCount] = from
        fieldEnd[fieldCount] = to
        fieldEscaped[fieldCount] = escaped
        fieldCount += 1
    }

    private func growFields() {
        let capacity = fieldCapacity * 2
        func grow<T>(_ old: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<T> {
            let new = UnsafeMutablePointer<T>.allocate(capacity: capacity)
            new.moveInitialize(from: old, count: fieldCapacity)
            old.deallocate()
            return new
        }
        fieldStart = grow(fieldStart)
        fieldEnd = grow(fieldEnd)
        fieldEscaped = grow(fieldEscaped)
        fieldCapacity = capacity
    }

    /// Reads more input, keeping the record being parsed (its offsets move with the buffer).
    private func fill() throws(IngestError) {
        let moved = try stream.fill()
        recordStart -= moved
    }

    /// Skips to the start of the next line (or the end of the input) after an error, reading on
    /// when the line continues past the buffer — up to ``skipLimit``.
    private func skipRestOfLine() throws(IngestError) {
        if try stream.skipLine(lineEnd, file: source.name, line: line) {
            line += 1
        } else if stream.isRegion, !atEnd {
            skipPending = true
        }
    }

}
