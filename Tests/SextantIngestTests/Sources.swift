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
