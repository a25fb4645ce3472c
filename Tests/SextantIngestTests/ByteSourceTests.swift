import Foundation
import SextantModel
import Testing

@testable import SextantIngest

/// The scanner reads whatever source it is given: in memory, gzip over any source, or a file.
@Suite("Reading from a given source")
struct ByteSourceTests {
    static let log = "session_id,tags,reviewed,issues\na,sys_human_help,yes,P1\nb,,no,\n"
    static let expected = Tally(sessions: 2, humanHelp: 1, unresolved: 1, reviewed: 1, p0: 0, p1: 1, p2: 0, anyIssue: 1)

    /// Python's `gzip.compress(LOG.encode(), mtime=0)` of ``log``.
    static let gzipped: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x05, 0xc1, 0xc1, 0x0d, 0x80, 0x30, 0x0c, 0x03, 0xc0, 0x7f,
        0x66, 0xf1, 0x87, 0x4d, 0xd8, 0x20, 0x0a, 0xaa, 0x45, 0x23, 0x41, 0x8b, 0x30, 0x05, 0x75, 0x7b, 0xee, 0x44, 0x29, 0x7b,
        0xf3, 0x2c, 0x78, 0x62, 0x17, 0x6e, 0xbe, 0xc9, 0x8f, 0x05, 0x29, 0x0d, 0xca, 0x02, 0x9a, 0xf2, 0x3a, 0xce, 0x68, 0x5e,
        0x79, 0x5c, 0x98, 0x14, 0xd6, 0xc5, 0x36, 0xa0, 0x75, 0xd8, 0x0f, 0x56, 0x2d, 0x59, 0xfe, 0x3f, 0x00, 0x00, 0x00,
    ]

    @Test("an in-memory source, its format told from its name or given")
    func memory() throws {
        let scanner = try LogScanner(dimensions: [])
        try scanner.read(MemoryByteSource(text: Self.log, name: "upload.csv"))
        try scanner.read(
            MemoryByteSource(
                text: Self.log.replacingOccurrences(of: "\na,", with: "\nc,").replacingOccurrences(of: "\nb,", with: "\nd,"),
                name: "body"), format: .csv)
        let summary = try scanner.finish()
        #expect(summary.inputs == ["upload.csv", "body"])
        #expect(summary.overall.sessions == 4 && summary.overall.p1 == 2)
    }

    @Test("a source without a telling name and no format is refused with a hint to state it")
    func unknownFormat() throws {
        let scanner = try LogScanner(dimensions: [])
        do {
            try scanner.read(MemoryByteSource(text: Self.log, name: "body"))
            Issue.record("expected an error")
        } catch {
            #expect(error.file == "body" && error.hint == .stateFormat)
        }
    }

    @Test("gzip is recognised by its magic bytes on any source, in pieces of any size", arguments: [1, 5, 4096])
    func gzip(piece: Int) throws {
        let source = try LogSource.decompressing(MemorySource(bytes: Self.gzipped, name: "stream", piece: piece))
        let scanner = try LogScanner(dimensions: [], format: .csv)
        try scanner.read(source)
        #expect(try scanner.finish().overall == Self.expected)
        let plain = try LogSource.decompressing(MemoryByteSource(text: Self.log, name: "plain.csv"))
        let other = try LogScanner(dimensions: [])
        try other.read(plain)
        #expect(try other.finish().overall == Self.expected)
    }

    @Test("the path convenience opens the file and reads it as the source would")
    func path() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-source-\(UUID().uuidString).csv.gz")
        try Data(Self.gzipped).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let scanner = try LogScanner(dimensions: [])
        try scanner.read(url.path)
        #expect(try scanner.finish().overall == Self.expected)
    }
}
