import SextantModel
import Testing

@testable import SextantIngest

@Suite("JSON Lines logs read on several threads")
struct ParallelJSONLinesTests {
    /// A long reason with escapes (quotes, backslashes, an escaped line break, a surrogate pair),
    /// longer than most of the chunks the log is cut into.
    static let longReason = String(repeating: #"\ud83d\ude00 \"multi\"\nline\\reason\t"#, count: 3)

    /// A small log with everything that makes cutting JSON Lines hard: a byte-order mark, CRLF line
    /// ends, blank and white-space lines, escapes, non-ASCII text, a long line, a repeated session
    /// id, invalid lines (not JSON, a bad boolean, a repeated key, a session without `reviewed`
    /// when the first had it), a handoff-reason key only after the first line, and no line break
    /// at the end.
    static let tricky =
        "\u{FEFF}"
        + #"{"session_id": "j1", "started_at": "2026-03-02T10:00:00Z", "tags": ["sys_human_help"], "issues": [], "reviewed": false, "intent": "returns"}"#
        + "\r\n"
        + #"{"session_id":"j2","started_at":"2026-03-03","tags":["sys_human_follow_up","vip"],"issues":["P1"],"reviewed":true,"intent":"refund","handoff_reason":"says \"hi\", then \\ bye"}"#
        + "\r\n\r\n   \t\r\n"
        + #"{"session_id":"j3","started_at":"2026-03-09T08:00:00+02:00","tags":[],"issues":["P2","P2"],"reviewed":"yes","intent":"\u00e9t\u00e9, hiver","handoff_reason":null}"#
        + "\n"
        + #"{"session_id":"j4","tags":["sys_human_help"],"reviewed":true,"intent":"returns",}"#
        + "\n"
        + #"{"session_id":"j5","started_at":"2026-03-10","tags":["sys_human_help"],"issues":[],"reviewed":"maybe","intent":"été","handoff_reason":"user_request"}"#
        + "\n"
        + #"{"session_id":"j6","session_id":"j6b","tags":[],"reviewed":false}"#
        + "\n"
        + #"{"session_id":"j7","started_at":"2026-03-12","tags":["vip"],"issues":["P0"],"intent":"refund"}"#
        + "\n"
        + #"{"session_id":"j8","started_at":"2026-03-16","tags":["sys_human_help"],"issues":[],"reviewed":0,"intent":"returns","handoff_reason":""#
        + longReason + #""}"# + "\r\n"
        + #"{"session_id":"j2","started_at":"2026-03-18","tags":[],"issues":[],"reviewed":false,"intent":"refund"}"#
        + "\n\n"
        + #"{"session_id":9,"started_at":"2026-03-23","tags":["sys_human_follow_up"],"issues":[],"reviewed":"t","intent":"returns","handoff_reason":"a, b"}"#

    /// The same log after a first line that is not JSON (so the first session comes on line 2).
    static let badStart = "\u{FEFF}{\"session_id\": \"j0\", oops}\r\n" + tricky.dropFirst()

    private static func outcome(
        _ text: String, options: LogPipeline.Options, skipInvalid: Bool, by dimensions: [SegmentDimension]
    ) -> String {
        ParallelCSVTests.outcome(text, options: options, skipInvalid: skipInvalid, by: dimensions, format: .jsonl)
    }

    @Test(
        "0 to 3 workers, chunks cut at every position: the same summary, rejected rows and first error as one line at a time",
        arguments: [false, true], [false, true])
    func everyCut(skipInvalid: Bool, badFirstLine: Bool) {
        let text = badFirstLine ? Self.badStart : Self.tricky
        let bytes = text.utf8.count
        for dimensions in [[], [SegmentDimension.week, .tag, .intent]] {
            let reference = Self.outcome(
                text, options: .init(workers: 0, chunkSize: 1 << 20), skipInvalid: skipInvalid, by: dimensions)
            let expected =
                switch (skipInvalid, badFirstLine) {
                case (false, false): "error: tricky.jsonl:6:81: not valid JSON"
                case (false, true): "error: tricky.jsonl:1:22: not valid JSON"
                case (true, false): "count: 5"
                case (true, true): "count: 6"
                }
            #expect(reference.contains(expected), "\(reference)")
            if skipInvalid { #expect(reference.contains("sessions: 5") && reference.contains("true true"), "\(reference)") }
            for workers in dimensions.isEmpty ? 2...2 : 1...3 {
                for chunkSize in 2...(bytes + 1) {
                    for cutAnywhere in [false, true] {
                        let options = LogPipeline.Options(workers: workers, chunkSize: chunkSize, cutAnywhere: cutAnywhere)
                        let got = Self.outcome(text, options: options, skipInvalid: skipInvalid, by: dimensions)
                        #expect(got == reference, "workers \(workers), chunk \(chunkSize), anywhere \(cutAnywhere)")
                    }
                }
            }
        }
    }

    @Test("a valid log of many chunks: the counts, reasons and segments of one line at a time, for 1 to 3 workers")
    func manyChunks() {
        var text = ""
        let reasons = [#""user_request""#, #""\"VIP\" customer, escalated""#, #""two\nlines""#, "null"]
        for i in 0..<3000 {
            let tags = i % 5 == 0 ? #"["sys_human_help"]"# : i % 7 == 0 ? #"["sys_human_follow_up","vip"]"# : #"["resolved"]"#
            let issues = i % 11 == 0 ? #"["P2"]"# : "[]"
            text += #"{"session_id":"s\#(i)","started_at":"2026-0\#(1 + i % 9)-1\#(i % 10)T10:00:00Z","tags":\#(tags),"#
            text += #""issues":\#(issues),"reviewed":\#(i % 11 == 0 || i % 3 == 0),"intent":"intent-\#(i % 13)","#
            text += #""handoff_reason":\#(reasons[i % 4])}"# + (i % 2 == 0 ? "\n" : "\r\n")
        }
        ParallelCSVTests.expectChunkingChangesNothing(text, format: .jsonl, sessions: 3000)
    }

    @Test("a line past the record limit is rejected (and skipped) as when read one line at a time", arguments: [false, true])
    func lineTooLong(skipInvalid: Bool) {
        let first = #"{"session_id":"a","tags":[],"reviewed":true}"#
        let last = #"{"session_id":"b","tags":["sys_human_help"],"reviewed":false}"#
        let text = first + "\n" + String(repeating: "x", count: CSVReader.recordLimit + 100) + "\n" + last + "\n"
        let reference = Self.outcome(text, options: .init(workers: 0, chunkSize: 1 << 20), skipInvalid: skipInvalid, by: [])
        #expect(reference.contains(skipInvalid ? "sessions: 2" : "error: tricky.jsonl:2: the line runs past 16 MiB"))
        let got = Self.outcome(text, options: .init(workers: 2, chunkSize: 1 << 20), skipInvalid: skipInvalid, by: [])
        #expect(got == reference)
    }

    @Test("progress is reported every 65,536 lines whatever the number of threads")
    func progress() throws {
        var text = ""
        for i in 0..<70_000 { text += #"{"session_id":"s\#(i)","tags":[]}"# + "\n" }
        for workers in 0...2 {
            let scanner = try LogScanner(dimensions: [])
            scanner.pipelineOptions = .init(workers: workers, chunkSize: 64 << 10)
            nonisolated(unsafe) var rows: [Int] = []
            scanner.progress = { rows.append($0.rows) }
            try scanner.read(MemoryByteSource(text: text, name: "p.jsonl"))
            #expect(try scanner.finish().overall.sessions == 70_000)
            #expect(rows.count == 1 && (65_536..<70_000).contains(rows[0]), "workers \(workers): \(rows)")
        }
    }

    @Test("a line reader over a region stops at its last whole line and says where to take up", arguments: [false, true])
    func regionReader(final: Bool) throws {
        var bytes = Array("{\"a\":1}\r\n\n{\"b\":2}\n{\"c\"".utf8)
        try bytes.withUnsafeMutableBufferPointer { buffer in
            let reader = LineReader(
                region: buffer.baseAddress!, count: buffer.count, final: final, source: MemoryByteSource([], name: "r"),
                resume: .init(line: 5, lineEnd: 10, skipPending: false))
            var lines: [String] = []
            while let line = try reader.next() { lines.append(String(decoding: line, as: UTF8.self)) }
            #expect(lines == ["{\"a\":1}", "", "{\"b\":2}"] + (final ? ["{\"c\""] : []))
            #expect(reader.line == (final ? 8 : 7) && reader.resumeState.line == reader.line + 1)
            #expect(reader.consumed == (final ? buffer.count : 18) && reader.stoppedShort == !final)
            let whole = LineReader(
                region: buffer.baseAddress!, count: 18, final: false, source: MemoryByteSource([], name: "r"),
                resume: .init(line: 1, lineEnd: 10, skipPending: false))
            while try whole.next() != nil {}
            #expect(whole.consumed == 18 && !whole.stoppedShort && whole.resumeState.line == 4)
        }
    }

    @Test("the cut is after the last line end, or none")
    func lastLineEnd() {
        let layout = JSONLinesLayout(mapping: ColumnMapping(), reviewRecorded: true, skipInvalid: false, dimensions: [])
        func cut(_ text: String) -> Int? {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { layout.lastRecordEnd($0.baseAddress!, count: $0.count, lineEnd: 10) }
        }
        #expect(cut("{}\n{}\r\n{\"a\"") == 7)
        #expect(cut("{\"open") == nil)
        #expect(cut("\n") == 1)
    }
}
