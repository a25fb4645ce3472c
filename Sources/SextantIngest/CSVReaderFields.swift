/// A CSV record's fields and places: their bytes, and the line and column of a byte, for messages.
extension CSVReader {
    func newlines(from: Int, to: Int) -> Int {
        var count = 0
        var p = from
        while p < min(to, end) {
            if bytes[p] == lineEnd { count += 1 }
            p += 1
        }
        return count
    }

    /// The 1-based column, in characters, of the byte at `offset` within its line.
    func column(of offset: Int) -> Int {
        var lineStart = offset
        while lineStart > recordStart, bytes[lineStart - 1] != lineEnd { lineStart -= 1 }
        var characters = 1
        var p = lineStart
        while p < offset {
            if bytes[p] & 0xC0 != 0x80 { characters += 1 }
            p += 1
        }
        return characters
    }

    /// The 1-based column of field `index` of the current record.
    public func column(ofField index: Int) -> Int {
        column(of: fieldStart[index] - (isQuoted(index) ? 1 : 0))
    }

    func isQuoted(_ index: Int) -> Bool {
        let from = fieldStart[index]
        return from > recordStart && bytes[from - 1] == Self.quote
    }

    /// The line on which field `index` of the current record starts.
    public func line(ofField index: Int) -> Int {
        recordLine + newlines(from: recordStart, to: fieldStart[index])
    }

    /// Calls `body` with the bytes of field `index` (quotes removed, doubled quotes undoubled).
    @inline(__always)
    public func withField<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws(IngestError) -> R) throws(IngestError) -> R {
        let from = fieldStart[index]
        let to = fieldEnd[index]
        if !fieldEscaped[index] {
            return try body(UnsafeRawBufferPointer(start: bytes + from, count: to - from))
        }
        scratch.removeAll(keepingCapacity: true)
        var p = from
        while p < to {
            scratch.append(bytes[p])
            p += bytes[p] == Self.quote ? 2 : 1
        }
        return try scratch.withUnsafeBytes { raw in Result { () throws(IngestError) -> R in try body(raw) } }.get()
    }

    /// Fields `first` through `last` of the current record as they are in the input: from the
    /// first one's start (its opening quote) to the last one's end (its closing quote), the commas
    /// between them included.
    @inline(__always)
    func rawFields(_ first: Int, _ last: Int) -> UnsafeRawBufferPointer {
        let from = fieldStart[first] - (isQuoted(first) ? 1 : 0)
        let to = fieldEnd[last] + (isQuoted(last) ? 1 : 0)
        return UnsafeRawBufferPointer(start: bytes + from, count: to - from)
    }

    /// Field `index` as a string (invalid UTF-8 replaced), for headers and messages.
    public func string(_ index: Int) -> String {
        (try? withField(index) { String(decoding: $0, as: UTF8.self) }) ?? ""
    }

    static func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }
}
