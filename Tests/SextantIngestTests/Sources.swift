import SextantModel

@testable import SextantIngest

/// A byte source over bytes in memory that hands them out in small pieces, to exercise records
/// that cross buffer boundaries.
final class MemorySource: ByteSource {
    let name: String
    private let bytes: [UInt8]
    private let piece: Int
    private var offset = 0

    init(_ text: String, name: String = "memory.csv", piece: Int = 7) {
        self.bytes = Array(text.utf8)
        self.name = name
        self.piece = piece
    }

    init(bytes: [UInt8], name: String = "memory.csv", piece: Int = 7) {
        self.bytes = bytes
        self.name = name
        self.piece = piece
    }

    var bytesConsumed: Int { offset }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int {
        let count = min(piece, buffer.count, bytes.count - offset)
        for i in 0..<count { buffer[i] = bytes[offset + i] }
        offset += count
        return count
    }
}

/// Scans logs held in memory, as a library user with bytes in hand would.
enum Scan {
    /// The summary of `logs` (text and name each; the name gives the format unless `format` is set).
    static func summary(
        _ logs: [(text: String, name: String)], by dimensions: [SegmentDimension] = [], format: LogFormat? = nil,
        skipInvalid: Bool = false
    ) throws(IngestError) -> LogSummary {
        let scanner = try LogScanner(dimensions: dimensions, format: format, skipInvalid: skipInvalid)
        for log in logs { try scanner.read(MemoryByteSource(text: log.text, name: log.name)) }
        return try scanner.finish()
    }

    /// The summary of one log.
    static func summary(
        _ text: String, name: String = "log.csv", by dimensions: [SegmentDimension] = [], format: LogFormat? = nil,
        skipInvalid: Bool = false
    ) throws(IngestError) -> LogSummary {
        try summary([(text, name)], by: dimensions, format: format, skipInvalid: skipInvalid)
    }

    /// The error scanning one log stops with, or nil when it reads.
    static func error(
        _ text: String, name: String = "log.csv", by dimensions: [SegmentDimension] = [], format: LogFormat? = nil
    ) -> IngestError? {
        do {
            _ = try summary(text, name: name, by: dimensions, format: format)
            return nil
        } catch {
            return error
        }
    }
}
