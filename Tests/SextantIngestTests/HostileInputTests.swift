import Foundation
import SextantModel
import Testing

@testable import SextantIngest

/// Regression tests for inputs built to break the log readers: totals past 2^53, endless segments,
/// colliding ids, masses of duplicates, endless lines, ambiguous columns, odd JSON and dates, and
/// values spelled like the placeholders of missing ones.

/// `prefix`, then zero bytes for ever; counts what it hands out.
final class EndlessSource: ByteSource {
    let name: String
    private let prefix: [UInt8]
    private(set) var bytesConsumed = 0

    init(_ prefix: String, name: String) {
        self.prefix = Array(prefix.utf8)
        self.name = name
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int {
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        let fromPrefix = max(0, min(buffer.count, prefix.count - bytesConsumed))
        for i in 0..<fromPrefix { buffer[i] = prefix[bytesConsumed + i] }
        bytesConsumed += buffer.count
        return buffer.count
    }
}

/// A source that counts the bytes read from the one it wraps.
final class CountingSource: ByteSource {
    private let inner: ByteSource
    private(set) var bytesConsumed = 0
    init(_ inner: ByteSource) { self.inner = inner }
    var name: String { inner.name }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int {
        let count = try inner.read(into: buffer)
        bytesConsumed += count
        return count
    }
}

/// Scans with a scanner built as the test needs; the error it stops with, or the summary.
private func scan(
    _ logs: [(text: String, name: String)], by dimensions: [SegmentDimension] = [], mapping: ColumnMapping = ColumnMapping(),
    format: LogFormat? = nil, skipInvalid: Bool = false, segmentLimit: Int = LogScanner.defaultSegmentLimit
) -> Result<LogSummary, IngestError> {
    Result { () throws(IngestError) -> LogSummary in
        let scanner = try LogScanner(
            dimensions: dimensions, mapping: mapping, format: format, skipInvalid: skipInvalid, segmentLimit: segmentLimit)
        for log in logs { try scanner.read(MemoryByteSource(text: log.text, name: log.name)) }
        return try scanner.finish()
    }
}

/// A new empty folder for a test's files.
private func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-hostile-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

extension Result {
    fileprivate var error: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

@Suite("Hostile input: counts past 2^53")
struct CountOverflowTests {
    static let header = "sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue\n"

    static func counts(_ rows: Int, _ row: String = "9007199254740992,0,0,0,0,0,0,0") -> String {
        header + String(repeating: row + "\n", count: rows)
    }

    @Test(
        "the row that takes a total past 2^53 is refused at its line, whatever the number of rows",
        arguments: [2, 1023, 1024, 1025])
    func refused(rows: Int) throws {
        let error = try #require(Scan.error(Self.counts(rows), name: "c.csv", format: .counts))
        #expect(error.file == "c.csv" && error.line == 3 && !error.fatal, "\(error)")
        #expect(error.message.contains("more than 2^53 = 9007199254740992"), "\(error)")
    }

    @Test("skipping invalid rows keeps every row up to the bound and counts the others")
    func skipped() throws {
        let summary = try Scan.summary(Self.counts(1024), name: "c.csv", format: .counts, skipInvalid: true)
        #expect(summary.overall.sessions == Tally.maximumCount && summary.invalidRows.count == 1023)
    }

    @Test("segments and reasons add up exactly to 2^53; one more session past it is refused")
    func exactBound() throws {
        let text =
            "intent,handoff_reason,sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue\n"
            + "a,x,4503599627370496,4503599627370496,4503599627370496,0,0,0,0,0\n"
            + "a,x,4503599627370496,4503599627370496,4503599627370496,0,0,0,0,0\n"
        let summary = try Scan.summary(text, name: "c.csv", by: [.intent], format: .counts)
        #expect(summary.overall.sessions == 1 << 53 && summary.segments[SegmentKey(["a"])]?.unresolved == 1 << 53)
        #expect(summary.reasons["x"] == 1 << 53 && summary.segmentReasons[SegmentKey(["a"])]?["x"] == 1 << 53)
        let error = try #require(Scan.error(text + "b,y,1,0,0,0,0,0,0,0\n", name: "c.csv", by: [.intent], format: .counts))
        #expect(error.line == 4 && error.message.contains("2^53"))
    }

    @Test("Tally.adding refuses a sum past 2^53 in any count, and adds otherwise")
    func adding() throws {
        let full = Tally(
            sessions: 1 << 53, humanHelp: 1 << 53, unresolved: 1 << 53, reviewed: 1 << 53, p0: 0, p1: 0, p2: 0, anyIssue: 0)
        #expect(full.adding(Tally()) == full)
        #expect(
            full.adding(Tally(sessions: 1, humanHelp: 0, unresolved: 0, reviewed: 0, p0: 0, p1: 0, p2: 0, anyIssue: 0)) == nil)
        let half = Tally(
            sessions: 1 << 52, humanHelp: 0, unresolved: 0, reviewed: 1 << 52, p0: 1 << 52, p1: 0, p2: 0, anyIssue: 1 << 52)
        #expect(
            half.adding(half)
                == Tally(
                    sessions: 1 << 53, humanHelp: 0, unresolved: 0, reviewed: 1 << 53, p0: 1 << 53, p1: 0, p2: 0,
                    anyIssue: 1 << 53))
        var p2 = Tally()
        p2.p2 = 1 << 53
        #expect(p2.adding(Tally(sessions: 1, humanHelp: 0, unresolved: 0, reviewed: 1, p0: 0, p1: 0, p2: 1, anyIssue: 1)) == nil)
    }

    @Test("sessions of a log on top of counts at the bound are refused at the end, not trapped")
    func logOnTop() throws {
        let counts = (Self.counts(1), "c.csv")
        let log = ("session_id,tags\ns1,\n", "log.csv")
        let scanner = try LogScanner(dimensions: [])
        try scanner.read(MemoryByteSource(text: counts.0, name: counts.1), format: .counts)
        try scanner.read(MemoryByteSource(text: log.0, name: log.1))
        #expect(throws: IngestError.self) { try scanner.finish() }
    }
}

@Suite("Hostile input: the segment limit")
struct SegmentLimitTests {
    /// A log whose sessions each bring a new value of `dimension` (a new week, tag…).
    static func log(_ sessions: Int, distinct dimension: SegmentDimension) -> String {
        var lines = ["session_id,tags,intent,channel,workflow,started_at"]
        for i in 0..<sessions {
            let value = (0..<4).map { column -> String in
                let mine = [SegmentDimension.tag, .intent, .channel, .workflow][column] == dimension
                return mine ? "v\(i)" : "same"
            }
            let day = ISOWeek.civilFromDays(ISOWeek.daysFromCivil(2026, 1, 5) + (dimension == .week ? 7 * i : 0))
            let date = String(format: "%04d-%02d-%02d", day.0, day.1, day.2)
            lines.append("s\(i),\(value[0]),\(value[1]),\(value[2]),\(value[3]),\(date)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test(
        "every dimension stops at the session of the first segment past the limit, with its value and place",
        arguments: SegmentDimension.allCases)
    func limit(dimension: SegmentDimension) throws {
        let exact = try scan([(Self.log(10, distinct: dimension), "log.csv")], by: [dimension], segmentLimit: 10).get()
        #expect(exact.segments.count == 10 && exact.overall.sessions == 10)
        for skipInvalid in [false, true] {
            let error = try #require(
                scan(
                    [(Self.log(11, distinct: dimension), "log.csv")], by: [dimension], skipInvalid: skipInvalid, segmentLimit: 10
                )
                .error)
            #expect(error.file == "log.csv" && error.line == 12 && error.fatal, "\(error)")
            #expect(error.message.contains("more than 10 segments") && error.message.contains("would be segment 11"), "\(error)")
            let value = dimension == .week ? "\"2026-W12\"" : "\"v10\""
            #expect(error.message.contains("\(dimension.rawValue) \(value)"), "\(error)")
        }
    }

    @Test("a split by two dimensions counts their combinations, in JSON Lines too")
    func combinations() throws {
        var lines: [String] = []
        for i in 0..<12 {
            lines.append("{\"session_id\": \"s\(i)\", \"tags\": [], \"intent\": \"i\(i % 4)\", \"channel\": \"c\(i % 3)\"}")
        }
        let text = lines.joined(separator: "\n") + "\n"
        let all = try scan([(text, "a.jsonl")], by: [.intent, .channel], segmentLimit: 12).get()
        #expect(all.segments.count == 12)
        let error = try #require(scan([(text, "a.jsonl")], by: [.intent, .channel], segmentLimit: 11).error)
        #expect(error.line == 12 && error.message.contains("intent × channel"), "\(error)")
    }

    @Test("rows of counts are held to the same limit")
    func counts() throws {
        var text = "intent,sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue\n"
        for i in 0..<6 { text += "i\(i),1,0,0,0,0,0,0,0\n" }
        #expect(try scan([(text, "c.csv")], by: [.intent], format: .counts, segmentLimit: 6).get().segments.count == 6)
        let error = try #require(scan([(text, "c.csv")], by: [.intent], format: .counts, segmentLimit: 5).error)
        #expect(error.line == 7 && error.fatal && error.message.contains("intent \"i5\""), "\(error)")
    }

    @Test("sessions in segments already seen never count against the limit")
    func repeatsAreFree() throws {
        var text = "session_id,tags,intent\n"
        for i in 0..<500 { text += "s\(i),x;y,i\(i % 3)\n" }
        let summary = try scan([(text, "log.csv")], by: [.intent, .tag], segmentLimit: 6).get()
        #expect(summary.segments.count == 6 && summary.overall.sessions == 500)
    }

    @Test("tag sets are stored once each, in any order, and refused past their limit")
    func tagSets() {
        let sets = TagSets(limit: 3)
        let a = sets.id(of: [3, 1, 3])
        #expect(a == sets.id(of: [1, 3]) && a != nil)
        var members: [Int32] = []
        sets.forEachMember(of: a!) { members.append($0) }
        #expect(members == [1, 3])
        let empty = sets.id(of: [])
        #expect(empty.map(sets.isEmpty) == true)
        #expect(sets.id(of: [2]) != nil && sets.id(of: [4]) == nil && sets.id(of: [3, 1]) == a)
    }
}

@Suite("Hostile input: repeated session ids")
struct DuplicateAttackTests {
    @Test("two ids that collided under the old unkeyed 64-bit fingerprint are two sessions")
    func collidingPair() throws {
        let summary = try Scan.summary("session_id,tags\nsessAAAA00D00000,\nqJomTEI1iXXJQB2f,sys_human_help\n")
        #expect(summary.overall.sessions == 2 && summary.overall.humanHelp == 1 && summary.invalidRows.count == 0)
    }

    @Test("the fingerprint has two independent keyed halves, equal for equal ids only")
    func fingerprint() {
        func print(_ text: String) -> Fingerprint {
            var copy = text
            return copy.withUTF8 { Values.fingerprint(UnsafeRawBufferPointer($0)) }
        }
        #expect(print("session-1") == print("session-1"))
        let ids = (0..<20_000).map { "s\($0)" }
        let fingerprints = ids.map(print)
        #expect(Set(fingerprints).count == ids.count)
        #expect(Set(fingerprints.map(\.high)).count == ids.count && Set(fingerprints.map(\.low)).count == ids.count)
        #expect(fingerprints.allSatisfy { $0.high != $0.low })
    }

    @Test("one id repeated far past the memory budget: each repeat reported once, against the earliest")
    func oneIdManyTimes() throws {
        let tracker = DuplicateTracker(budget: 64)
        let same = Fingerprint(high: 0xDEAD_BEEF, low: 42)
        for line in (2...3001).reversed() {
            try tracker.add(
                fingerprint: same, location: DuplicateTracker.location(file: 0, line: line), contribution: Int32(line))
        }
        var found: [DuplicateTracker.Duplicate] = []
        try tracker.forEachDuplicate { found.append($0) }
        #expect(found.count == 2999)
        #expect(found.allSatisfy { DuplicateTracker.place($0.firstLocation).line == 2 })
        #expect(Set(found.map { DuplicateTracker.place($0.location).line }) == Set(3...3001))
        #expect(Set(found.map(\.contribution)) == Set((3...3001).map(Int32.init)))
    }

    @Test("many repeats across partitions, spilled and re-split, match a reference", arguments: [1 << 20, 100, 64])
    func reference(budget: Int) throws {
        let tracker = DuplicateTracker(budget: budget)
        var state: UInt64 = 7
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
        let ids = (0..<2000).map { _ in Fingerprint(high: next(), low: next()) }
        var first: [Fingerprint: Int] = [:]
        var expected: Set<[Int]> = []
        for line in 1...8000 {
            let id = ids[Int(next() >> 33) % ids.count]
            try tracker.add(fingerprint: id, location: DuplicateTracker.location(file: 0, line: line), contribution: 0)
            if let earlier = first[id] { expected.insert([line, earlier]) } else { first[id] = line }
        }
        var found: Set<[Int]> = []
        var count = 0
        try tracker.forEachDuplicate { duplicate in
            count += 1
            found.insert([DuplicateTracker.place(duplicate.location).line, DuplicateTracker.place(duplicate.firstLocation).line])
        }
        #expect(found == expected && count == expected.count)
    }

    @Test("skipped repeats: the count is exact and the examples are the earliest, in order")
    func examples() throws {
        var text = "session_id,tags\n"
        for i in 0..<300 { text += "s\(i % 100),\n" }  // lines 102… repeat
        let summary = try Scan.summary(text, skipInvalid: true)
        #expect(summary.overall.sessions == 100 && summary.invalidRows.count == 200)
        #expect(summary.invalidRows.examples.map { $0.split(separator: ":")[1] } == ["102", "103", "104", "105", "106"])
        let error = try #require(Scan.error(text))
        #expect(error.line == 102 && error.message.contains("repeats the session at log.csv:2"), "\(error)")
    }
}

@Suite("Hostile input: endless lines")
struct EndlessLineTests {
    @Test(
        "a line that never ends is reported once it passes 16 MiB, without reading on",
        arguments: [(LogFormat.csv, "session_id,tags\n"), (.jsonl, ""), (.counts, "")])
    func reported(format: LogFormat, prefix: String) throws {
        let source = EndlessSource(prefix, name: "zero")
        let scanner = try LogScanner(dimensions: [], format: format)
        let error = try #require(throws: IngestError.self) { try scanner.read(source, format: format) }
        #expect(error.message.contains("runs past 16 MiB") && error.line == (prefix.isEmpty ? 1 : 2), "\(error)")
        #expect(source.bytesConsumed <= CSVReader.recordLimit + (1 << 20))
    }

    @Test(
        "skipping invalid rows, a line that never ends stops the scan once it passes the skip limit",
        arguments: [(LogFormat.csv, "session_id,tags\n"), (.jsonl, "{\"session_id\": 1, \"tags\": []}\n")])
    func stopsWhenSkipping(format: LogFormat, prefix: String) throws {
        let source = EndlessSource(prefix, name: "zero")
        let scanner = try LogScanner(dimensions: [], format: format, skipInvalid: true)
        let error = try #require(throws: IngestError.self) { try scanner.read(source, format: format) }
        #expect(error.fatal && error.line == 2 && error.message.contains("256 MiB without a line break"), "\(error)")
        #expect(source.bytesConsumed <= CSVReader.recordLimit + CSVReader.skipLimit + (64 << 20))
    }

    @Test("a line past 16 MiB that does end is skipped, and reading goes on after it")
    func skippedWhenItEnds() throws {
        let long = String(repeating: "x", count: CSVReader.recordLimit + 100)
        let text = "session_id,tags\ns1,\ns2,\(long)\"\ns3,\n"
        let summary = try Scan.summary(text, skipInvalid: true)
        #expect(summary.overall.sessions == 2 && summary.invalidRows.count == 1)
    }

    @Test("a gzip bomb is inflated only as far as the limit")
    func gzipBomb() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("bomb.csv.gz").path
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "(printf 'session_id,tags\\n'; head -c 268435456 /dev/zero) | gzip -1 > '\(path)'"]
        try gzip.run()
        gzip.waitUntilExit()
        let compressed = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        // What the reader gets: the inflated bytes.
        let inflated = CountingSource(try LogSource.decompressing(MemoryByteSource(compressed, name: "bomb.csv.gz")))
        let scanner = try LogScanner(dimensions: [])
        let error = try #require(throws: IngestError.self) { try scanner.read(inflated, format: .csv) }
        #expect(error.message.contains("16 MiB"), "\(error)")
        #expect(inflated.bytesConsumed <= CSVReader.recordLimit + (1 << 20), "inflated \(inflated.bytesConsumed) bytes")
    }
}

@Suite("Hostile input: ambiguous columns and mapping files")
struct AmbiguousColumnTests {
    @Test("a counts column named twice, in any case, is an error naming both")
    func countsHeader() throws {
        let text = "Sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue,sessions\n1,0,0,0,0,0,0,0,2\n"
        let error = try #require(Scan.error(text, name: "c.csv", format: .counts))
        #expect(error.line == 1 && error.message.contains("\"sessions\" appears 2 times (columns 1 and 9"), "\(error)")
    }

    @Test("a column mapped to two names is an error; the same pair twice is not")
    func mappedTwice() throws {
        var mapping = ColumnMapping()
        #expect(throws: IngestError.self) { try mapping.add("tags=labels,tags=other", origin: "--map", numberedLines: false) }
        var same = ColumnMapping()
        try same.add("tags=labels\ntags=labels", origin: "m.txt")
        #expect(same.name(of: .tags) == "labels")
        var lines = ColumnMapping()
        let error = try #require(throws: IngestError.self) { try lines.add("tags=labels\n\ntags=other", origin: "m.txt") }
        #expect(
            error.description
                == "m.txt:3: tags is mapped twice, to \"labels\" and to \"other\"; expected one export name per column")
    }

    @Test("one export column read as two of ours is an error, by name or ignoring case")
    func oneForTwo() throws {
        var mapping = ColumnMapping()
        try mapping.add("tags=session_id", origin: "--map", numberedLines: false)
        let error = try #require(scan([("session_id,labels\na,x\n", "log.csv")], mapping: mapping).error)
        #expect(
            error.message.contains("\"session_id\" would be read as both session_id and tags") && error.hint == .mapColumn(.tags))
        var swapped = ColumnMapping()
        try swapped.add("session_id=labels,tags=session_id", origin: "--map", numberedLines: false)
        let summary = try scan([("session_id,labels\nsys_human_help,a\n", "log.csv")], mapping: swapped).get()
        #expect(summary.overall.humanHelp == 1)
        var cased = ColumnMapping()
        try cased.add("tags=Session_ID", origin: "--map", numberedLines: false)
        let header = try #require(scan([("session_id,labels\na,x\n", "log.csv")], mapping: cased).error)
        #expect(header.line == 1 && header.message.contains("would be read as both session_id"), "\(header)")
    }

    @Test("a mapping file is read from a FIFO, and refused past 1 MiB or when not UTF-8")
    func mappingFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("map.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            let handle = FileHandle(forWritingAtPath: fifo)
            handle?.write(Data("tags=labels # the export's name\n".utf8))
            try? handle?.close()
        }
        writer.start()
        var mapping = ColumnMapping()
        try mapping.add(contentsOf: fifo)
        #expect(mapping.name(of: .tags) == "labels")

        let big = folder.appendingPathComponent("big.txt")
        try Data(repeating: UInt8(ascii: "#"), count: ColumnMapping.fileLimit + 1).write(to: big)
        let tooBig = try #require(throws: IngestError.self) { try mapping.add(contentsOf: big.path) }
        #expect(tooBig.message.contains("longer than 1 MiB"))
        let exact = folder.appendingPathComponent("exact.txt")
        try Data(repeating: UInt8(ascii: "#"), count: ColumnMapping.fileLimit).write(to: exact)
        try mapping.add(contentsOf: exact.path)
        let binary = folder.appendingPathComponent("binary.txt")
        try Data([0x74, 0xFF, 0x3D]).write(to: binary)
        #expect(throws: IngestError.self) { try mapping.add(contentsOf: binary.path) }
    }
}

@Suite("Hostile input: JSON Lines values")
struct JSONValueTests {
    @Test("a byte-order mark before the first line is skipped, as in CSV")
    func byteOrderMark() throws {
        let line = "{\"session_id\": \"a\", \"tags\": [\"sys_human_help\"]}\n"
        let summary = try Scan.summary("\u{FEFF}" + line + line.replacingOccurrences(of: "\"a\"", with: "\"b\""), name: "a.jsonl")
        #expect(summary.overall.sessions == 2 && summary.overall.humanHelp == 2)
    }

    @Test("null tags are no tags, as an empty list and an empty CSV field are")
    func nullTags() throws {
        let json = try Scan.summary(
            "{\"session_id\": \"a\", \"tags\": null, \"intent\": \"x\"}\n{\"session_id\": \"b\", \"tags\": [], \"intent\": \"x\"}\n",
            name: "a.jsonl", by: [.tag])
        let csv = try Scan.summary("session_id,tags,intent\na,,x\nb,,x\n", by: [.tag])
        #expect(json.overall == csv.overall && json.segments == csv.segments)
        #expect(json.segments[SegmentKey([nil], dimensions: [.tag])]?.sessions == 2)
        let missing = try #require(Scan.error("{\"session_id\": \"a\"}\n", name: "a.jsonl"))
        #expect(missing.message.contains("missing the key \"tags\""))
    }

    @Test(
        "a handoff reason that is not a string is an error at its key, on any session",
        arguments: ["5", "true", "[\"x\"]", "{}"])
    func reasonNotText(value: String) throws {
        for tags in ["[]", "[\"sys_human_help\"]"] {
            let line = "{\"session_id\": \"a\", \"tags\": \(tags), \"handoff_reason\": \(value)}"
            let error = try #require(Scan.error(line + "\n", name: "a.jsonl"))
            let column = line.distance(from: line.startIndex, to: line.range(of: value, options: .backwards)!.lowerBound) + 1
            #expect(error.line == 1 && error.column == column, "\(error)")
            #expect(error.message.hasPrefix("key \"handoff_reason\": found ") && error.message.hasSuffix("expected a string"))
        }
        let null = try Scan.summary(
            "{\"session_id\": \"a\", \"tags\": [\"sys_human_help\"], \"handoff_reason\": null}\n", name: "a.jsonl")
        #expect(null.reasons == [nil: 1])
    }

    @Test("numbers with leading zeros are not JSON", arguments: ["01", "-01", "00", "00.5"])
    func leadingZeros(number: String) throws {
        let line = "{\"session_id\": \(number), \"tags\": []}"
        let error = try #require(Scan.error(line + "\n", name: "a.jsonl"))
        #expect(error.message.contains("leading zeros") && error.column == 16 + (number.hasPrefix("-") ? 1 : 0), "\(error)")
        for fine in ["0", "-0", "0.5", "10", "0e3"] {
            #expect(Scan.error("{\"session_id\": \(fine), \"tags\": []}\n", name: "a.jsonl") == nil, "\(fine)")
        }
    }
}

@Suite("Hostile input: dates and ISO weeks")
struct DateAttackTests {
    @Test("year 0000 is an error at its place, in started_at and in counts")
    func yearZero() throws {
        let error = try #require(Scan.error("session_id,tags,started_at\na,,2026-01-01\nb,,0000-01-01\n", by: [.week]))
        #expect(error.line == 3 && error.column == 4 && error.message.contains("from year 0001 to 9999"), "\(error)")
        #expect(Scan.error("session_id,tags,started_at\nb,,0000-01-01\n") != nil)
        for week in ["0000-01-01", "0000-W01"] {
            let counts = "week,sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue\n\(week),1,0,0,0,0,0,0,0\n"
            let error = try #require(Scan.error(counts, name: "c.csv", by: [.week], format: .counts))
            #expect(error.line == 2 && error.column == 1, "\(error)")
        }
    }

    @Test("week labels have four-digit years and sort as the weeks do, from year 1")
    func labels() throws {
        #expect(ISOWeek.label(101) == "0001-W01" && ISOWeek.label(99922) == "0999-W22" && ISOWeek.label(202614) == "2026-W14")
        var text = "session_id,tags,started_at\n"
        let dates = ["0001-01-01", "0009-06-01", "0099-06-01", "0999-06-01", "1000-06-01", "9999-12-31"]
        for (i, date) in dates.enumerated() { text += "s\(i),,\(date)\n" }
        let weeks = try Scan.summary(text, by: [.week]).segments.keys.sorted().map { $0.values[0] }
        // From Python's datetime.date(y, m, d).isocalendar().
        #expect(weeks == ["0001-W01", "0009-W23", "0099-W23", "0999-W22", "1000-W22", "9999-W52"])
    }

    /// The weekday of January 1st of a proleptic Gregorian year (0 = Monday), by Gauss's formula.
    static func januaryFirst(_ year: Int) -> Int {
        let y = year - 1
        let sundayFirst = (1 + 5 * (y % 4) + 4 * (y % 100) + 6 * (y % 400)) % 7  // 0 = Sunday
        return (sundayFirst + 6) % 7
    }

    @Test(
        "ISO years have 53 weeks when they start on a Thursday, or on a Wednesday in a leap year; counts refuse a week 53 that is not there"
    )
    func weeksInYear() throws {
        for year in 1...9999 {
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let first = Self.januaryFirst(year)
            #expect(ISOWeek.weeks(in: year) == (first == 3 || (leap && first == 2) ? 53 : 52), "\(year)")
        }
        #expect(Self.januaryFirst(2026) == 3 && Self.januaryFirst(2024) == 0 && Self.januaryFirst(1) == 0)
        let header = "week,sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue\n"
        let error = try #require(Scan.error(header + "2027-W53,1,0,0,0,0,0,0,0\n", name: "c.csv", by: [.week], format: .counts))
        #expect(error.line == 2 && error.message.contains("week 53 only in a year that has one"), "\(error)")
        let fine = try Scan.summary(
            header + "2026-w53,1,0,0,0,0,0,0,0\n0001-W01,1,0,0,0,0,0,0,0\n", name: "c.csv", by: [.week], format: .counts)
        #expect(Set(fine.segments.keys.map { $0.values[0] }) == ["2026-W53", "0001-W01"])
        for bad in ["2026-W00", "2026-W54", "226-W01", "2026-W1", "2026W01", "２０２６-W01"] {
            #expect(ISOWeek.code(label: bad) == nil, "\(bad)")
        }
    }
}

@Suite("Hostile input: values spelled like placeholders")
struct PlaceholderTests {
    static let log = """
        session_id,tags,intent,handoff_reason
        a,sys_human_help,(none),(no reason given)
        b,sys_human_help,,
        c,(no tags),x,
        d,,x,
        e,sys_human_follow_up,(none),

        """

    @Test("an intent written (none) is its own segment, apart from sessions without an intent")
    func intent() throws {
        let summary = try Scan.summary(Self.log, by: [.intent])
        let missing = SegmentKey([nil], dimensions: [.intent])
        #expect(summary.segments[SegmentKey(["(none)"])]?.sessions == 2 && summary.segments[missing]?.sessions == 1)
        #expect(missing.value(at: 0) == nil && missing.values == ["(none)"] && SegmentKey(["(none)"]).value(at: 0) == "(none)")
        #expect(summary.segments.keys.sorted() == [missing, SegmentKey(["(none)"]), SegmentKey(["x"])])
    }

    @Test("a tag written (no tags) is its own segment, apart from sessions without tags")
    func tag() throws {
        let summary = try Scan.summary(Self.log, by: [.tag])
        #expect(summary.segments[SegmentKey(["(no tags)"])]?.sessions == 1)
        #expect(summary.segments[SegmentKey([nil], dimensions: [.tag])]?.sessions == 4)
        #expect(SegmentKey([nil], dimensions: [.tag]).values == ["(no tags)"])
    }

    @Test("a reason written (no reason given) is its own reason, apart from handoffs without one, in reports too")
    func reason() throws {
        let summary = try Scan.summary(Self.log, by: [.intent])
        #expect(summary.reasons == ["(no reason given)": 1, nil: 2])
        #expect(summary.segmentReasons[SegmentKey(["(none)"])] == ["(no reason given)": 1, nil: 1])
        let measurement = try SextantModel.Measurement(summary, options: MeasurementOptions())
        #expect(measurement.reasons.map(\.reason) == ["(no reason given)", "(no reason given)"])
        #expect(measurement.reasons.map(\.count) == [2, 1])
    }

    @Test("counts keep an empty value apart from one written as the placeholder")
    func counts() throws {
        let text = """
            intent,handoff_reason,sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue
            (none),(no reason given),2,2,2,2,0,0,0,0
            ,,3,3,3,3,0,0,0,0

            """
        let summary = try Scan.summary(text, name: "c.csv", by: [.intent], format: .counts)
        #expect(summary.segments[SegmentKey(["(none)"])]?.sessions == 2)
        #expect(summary.segments[SegmentKey([nil], dimensions: [.intent])]?.sessions == 3)
        #expect(summary.reasons == ["(no reason given)": 2, nil: 3])
    }
}
