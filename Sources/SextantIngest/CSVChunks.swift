import CByteScan
import SextantModel

/// How a CSV session log's records are read: what its header said, and how invalid rows are
/// treated. As a ``ChunkedFormat``, it reads the log's records on every core.
struct CSVLayout: ChunkedFormat {
    let layout: ColumnLayout
    let mapping: ColumnMapping
    let fields: Int
    let reviewRecorded: Bool
    let skipInvalid: Bool
    let dimensions: [SegmentDimension]

    /// The last line end outside quotes (see ``QuoteParity``).
    func lastRecordEnd(_ bytes: UnsafePointer<UInt8>, count: Int, lineEnd: UInt8) -> Int? {
        QuoteParity.lastLineEnd(bytes, count: count, lineEnd: lineEnd)
    }

    /// Reads a chunk's records with the same reader and decoder as the whole log, from a region of
    /// the input (``CSVReader/init(region:count:final:source:resume:)``).
    func readChunk(
        _ bytes: UnsafeMutablePointer<UInt8>, count: Int, final: Bool, start: CSVReader.Resume, source: ByteSource
    ) -> LogChunk {
        var records = LogChunk.Records(dimensions: dimensions, skipInvalid: skipInvalid, bytes: count)
        let reader = CSVReader(region: bytes, count: count, final: final, source: source, resume: start)
        let names = CSVColumnNames(mapping)
        defer { withExtendedLifetime((names, reader)) {} }
        let row = CSVSessionRow(reader: reader, layout: layout, names: names)
        let decoder = SessionDecoder(aggregator: records.aggregator)
        let memo = DecodeMemo(layout, fields: fields)
        while true {
            do throws(IngestError) {
                guard try reader.next() else { break }
                records.rows += 1
                guard reader.fieldCount == fields else { throw ScanState.fieldCountError(reader, expected: fields) }
                let session: DecodedSession
                if let earlier = memo.find(reader) {
                    session = try decoder.decode(row, repeating: earlier)
                } else {
                    session = try decoder.decode(row, reviewRecorded: reviewRecorded)
                    memo.remember(session.contribution)
                }
                records.add(session, row: row, line: reader.recordLine)
            } catch {
                if records.reject(error) { break }
            }
        }
        return LogChunk(records, consumed: reader.consumed, end: reader.resumeState, stoppedShort: reader.stoppedShort)
    }

    func readOneByOne(_ source: ByteSource, resume: CSVReader.Resume, file: Int, into state: ScanState) throws(IngestError) {
        try CSVSessionLog.readOneByOne(CSVReader(source, resume: resume), layout: self, file: file, into: state)
    }
}

/// Finding where to cut a chunk of CSV: the last line end outside quotes, by quote parity.
enum QuoteParity {
    /// The offset just after the last `lineEnd` byte with an even number of quotes before it in
    /// the `count` bytes at `bytes`; nil when there is none.
    static func lastLineEnd(_ bytes: UnsafePointer<UInt8>, count: Int, lineEnd: UInt8) -> Int? {
        var odd = parity(bytes, count: count)
        var p = count - 1
        while p >= 0 {
            let c = bytes[p]
            if c == UInt8(ascii: "\"") {
                odd.toggle()
            } else if c == lineEnd, !odd {
                return p + 1
            }
            p -= 1
        }
        return nil
    }

    /// Whether `count` bytes hold an odd number of quotes: the quotes of 64 bytes at a time counted
    /// from their bit mask.
    static func parity(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        var quotes = 0
        var i = 0
        while i + 64 <= count {
            quotes &+= sextant_quotes64(bytes + i).nonzeroBitCount
            i += 64
        }
        while i < count {
            if bytes[i] == UInt8(ascii: "\"") { quotes &+= 1 }
            i += 1
        }
        return quotes & 1 == 1
    }
}
