import SextantModel
import Testing

@testable import SextantIngest

@Suite("CSV logs read on several threads")
struct ParallelCSVTests {
    /// A small log with everything that makes cutting CSV hard: a byte-order mark, CRLF line ends,
    /// quoted line breaks (LF and CRLF), doubled quotes, quoted commas, blank lines, non-ASCII text,
    /// a repeated session id, invalid rows (a bad boolean, a field too many, issues on a session not
    /// reviewed, a stray quote in an unquoted field) and no line break at the end.
    static let tricky =
        "\u{FEFF}session_id,started_at,tags,issues,reviewed,intent,handoff_reason\r\n"
        + "s1,2026-03-02T10:00:00Z,sys_human_help,,false,returns,\"line one\r\nline two\"\r\n"
        + "s2,2026-03-03,sys_human_follow_up;vip,P1,true,refund,\"says \"\"hi\"\", then \"\"bye\"\"\"\r\n"
        + "\r\n"
        + "s3,2026-03-09T08:00:00+02:00,,P2;P2,yes,\"été, hiver\",\r\n"
        + "s4,2026-03-10,sys_human_help;sys_human_follow_up,,maybe,returns,user_request\r\n"
        + "s5,2026-03-11,sys_human_help,,0,returns,user_request,extra\r\n"
        + "s6,2026-03-12,vip,P0,false,refund,\r\n"
        + "s7,2026-03-16,sys_human_help,,n,returns,\"multi\nline\nreason\"\r\n"
        + "s8,2026-03-17,sys_hu\"man_help,,n,returns,\r\n"
        + "s2,2026-03-18,,,false,refund,\r\n"
        + "\r\n\r\n"
        + "s9,2026-03-23,sys_human_follow_up,,t,\"returns\",\"a, b\""

    /// The comparable parts of a scan's result: its summary, or the error it stopped with.
    static func outcome(
        _ text: String, options: LogPipeline.Options, skipInvalid: Bool, by dimensions: [SegmentDimension],
        format: LogFormat = .csv
    ) -> String {
        do {
            let scanner = try LogScanner(dimensions: dimensions, skipInvalid: skipInvalid)
            scanner.pipelineOptions = options
            try scanner.read(MemoryByteSource(text: text, name: "tricky.\(format.rawValue)"), format: format)
            let summary = try scanner.finish()
            let segments = summary.segments.map { "\($0.key.values)=\($0.value)" }.sorted()
            let segmentReasons = summary.segmentReasons.map { "\($0.key.values)=\($0.value.sorted { "\($0)" < "\($1)" })" }
            return [
                "\(summary.overall)", "\(summary.workflows.sorted { $0.key < $1.key })",
                "\(summary.reasons.sorted { "\($0)" < "\($1)" })", "\(segments)", "\(segmentReasons.sorted())",
                "\(summary.invalidRows)", "\(summary.reviewRecorded) \(summary.reasonsRecorded)",
            ].joined(separator: "\n")
        } catch {
            return "error: \(error)"
        }
    }

    @Test(
        "1 and 2 workers, chunks cut at every position: the same summary, rejected rows and first error as one record at a time",
        arguments: [false, true])
    func everyCut(skipInvalid: Bool) {
        let bytes = Self.tricky.utf8.count
        for dimensions in [[], [SegmentDimension.week, .tag, .intent]] {
            let reference = Self.outcome(
                Self.tricky, options: .init(workers: 0, chunkSize: 1 << 20), skipInvalid: skipInvalid, by: dimensions)
            #expect(reference.contains(skipInvalid ? "count: 5" : "error: tricky.csv:7:51: column \"reviewed\""), "\(reference)")
            for workers in [1, 2] {
                for chunkSize in 2...(bytes + 1) {
                    for cutAnywhere in [false, true] {
                        let options = LogPipeline.Options(workers: workers, chunkSize: chunkSize, cutAnywhere: cutAnywhere)
                        let got = Self.outcome(Self.tricky, options: options, skipInvalid: skipInvalid, by: dimensions)
                        #expect(got == reference, "workers \(workers), chunk \(chunkSize), anywhere \(cutAnywhere)")
                    }
                }
            }
        }
    }

    @Test("a valid log of many chunks: the counts, reasons and segments of one record at a time, for 1 to 3 workers")
    func manyChunks() {
        var text = "session_id,started_at,tags,issues,reviewed,intent,handoff_reason\n"
        let reasons = ["user_request", "\"VIP\"\" customer, escalated\"", "\"two\nlines\"", ""]
        for i in 0..<3000 {
            let tags = i % 5 == 0 ? "sys_human_help" : i % 7 == 0 ? "sys_human_follow_up;vip" : "resolved"
            let issues = i % 11 == 0 ? "P2" : ""
            text += "s\(i),2026-0\(1 + i % 9)-1\(i % 10)T10:00:00Z,\(tags),\(issues),\(i % 11 == 0 || i % 3 == 0),"
            text += "intent-\(i % 13),\(reasons[i % 4])\n"
        }
        Self.expectChunkingChangesNothing(text, format: .csv, sessions: 3000)
    }

    /// Expects a valid log of `sessions` sessions to read the same on 1 to 3 workers, in chunks
    /// of 64 bytes to 64 KiB, as one record at a time.
    static func expectChunkingChangesNothing(_ text: String, format: LogFormat, sessions: Int) {
        let reference = outcome(
            text, options: .init(workers: 0, chunkSize: 1 << 20), skipInvalid: false, by: [.week, .intent], format: format)
        #expect(reference.contains("sessions: \(sessions)"), "\(reference)")
        for workers in 1...3 {
            for chunkSize in [64, 1000, 4096, 65536] {
                let got = outcome(
                    text, options: .init(workers: workers, chunkSize: chunkSize), skipInvalid: false, by: [.week, .intent],
                    format: format)
                #expect(got == reference, "workers \(workers), chunk \(chunkSize)")
            }
        }
    }

    @Test("quote parity finds the last line end outside quotes, or none")
    func quoteParity() {
        func cut(_ text: String) -> Int? {
            var bytes = Array(text.utf8)
            return bytes.withUnsafeMutableBufferPointer { QuoteParity.lastLineEnd($0.baseAddress!, count: $0.count, lineEnd: 10) }
        }
        #expect(cut("a,b\nc,d\ne") == 8)
        #expect(cut("a,\"x\ny\"\nc,\"open\nmore") == 8)  // the last line break is inside an open quote
        #expect(cut("\"only\nquoted") == nil)
        #expect(cut(String(repeating: "x,\"\"\"\"", count: 20) + "\n" + String(repeating: "y", count: 40)) == 121)
    }
}
