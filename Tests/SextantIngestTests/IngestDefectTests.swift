import SextantModel
import Testing

@testable import SextantIngest

/// Regression tests for inputs that used to be misread or misreported.
@Suite("CSV with bare CR line ends")
struct CRLineEndTests {
    /// Records with an unquoted last field, a quoted one, a CRLF inside quotes, an empty last
    /// field, an empty line and no final line end.
    static func text(_ end: String) -> String {
        ["session_id,tags", "s1,x", "s2,\"a, b\"", "s3,\"two\r\nlines\"", "s4,", "", "s5,end"].joined(separator: end)
    }

    static let records = [
        ["session_id", "tags"], ["s1", "x"], ["s2", "a, b"], ["s3", "two\r\nlines"], ["s4", ""], ["s5", "end"],
    ]

    private func read(_ text: String, capacity: Int, piece: Int) throws -> (records: [[String]], lines: [Int], cr: Bool) {
        let reader = CSVReader(MemorySource(text, piece: piece), capacity: capacity)
        var records: [[String]] = []
        var lines: [Int] = []
        while try reader.next() {
            records.append((0..<reader.fieldCount).map { reader.string($0) })
            lines.append(reader.recordLine)
        }
        return (records, lines, reader.crLineEnds)
    }

    @Test(
        "CR line ends read as line ends, for quoted and unquoted last fields, across buffer boundaries",
        arguments: [(16, 1), (16, 3), (64, 5), (1 << 20, 1 << 20)])
    func records(capacity: Int, piece: Int) throws {
        let cr = try read(Self.text("\r"), capacity: capacity, piece: piece)
        let lf = try read(Self.text("\n"), capacity: capacity, piece: piece)
        #expect(cr.records == Self.records && lf.records == Self.records)
        #expect(cr.lines == [1, 2, 3, 4, 6, 8] && cr.lines == lf.lines)
        #expect(cr.cr && !lf.cr)
    }

    @Test("a line break inside a quoted header field does not hide the CR line ends after it", arguments: [1, 4, 64])
    func quotedHeader(piece: Int) throws {
        let got = try read("\"a\nb\",c\rx,y\r", capacity: 16, piece: piece)
        #expect(got.records == [["a\nb", "c"], ["x", "y"]] && got.cr)
    }

    @Test("a CR-only log gives the same counts, segments and reasons as its LF original")
    func sameSummary() throws {
        let rows = [
            "session_id,intent,tags,reviewed,issues,handoff_reason", "a,returns,sys_human_help,yes,P1,\"missing, knowledge\"",
            "b,refund,,no,,", "c,returns,sys_human_follow_up,yes,,action_failed", "d,\"multi\r\nline\",sys_human_help,yes,P0;P2,",
        ]
        let lf = try Scan.summary(rows.joined(separator: "\n") + "\n", by: [.intent])
        let cr = try Scan.summary(rows.joined(separator: "\r") + "\r", by: [.intent])
        #expect(cr.overall == lf.overall && cr.segments == lf.segments && cr.reasons == lf.reasons)
        #expect(cr.overall == Tally(sessions: 4, humanHelp: 2, unresolved: 3, reviewed: 3, p0: 1, p1: 1, p2: 1, anyIssue: 2))
    }

    @Test("a bare CR after a closing quote in a file of LF lines is named as such")
    func strayCR() throws {
        let error = try #require(Scan.error("session_id,tags\ns1,\"x\"\rs2,y\n"))
        #expect(error.line == 2 && error.column == 7 && error.message.contains("carriage return (CR)"), "\(error)")
    }
}

@Suite("Lines past the record limit")
struct LongLineTests {
    static let long = String(repeating: "x", count: CSVReader.recordLimit + 10)

    @Test("an unquoted field past 16 MiB is a line too long, not a missing quote; the line is skipped")
    func unquoted() throws {
        let text = "session_id,tags\ns1,a\ns2,\(Self.long)\ns3,b\n"
        let error = try #require(Scan.error(text))
        #expect(error.line == 3 && !error.fatal, "\(error)")
        #expect(error.message.contains("16 MiB") && error.message.contains("line break") && !error.message.contains("quote"))
        let summary = try Scan.summary(text, skipInvalid: true)
        #expect(summary.overall.sessions == 2 && summary.invalidRows.count == 1)
        #expect(summary.invalidRows.examples.first?.hasPrefix("log.csv:3: ") == true)
    }

    @Test("a quoted field past 16 MiB is a quote left open, at the quote, and stops the scan")
    func quoted() throws {
        let text = "session_id,tags\ns1,a\ns2,\"\(Self.long)\"\ns3,b\n"
        let error = try #require(Scan.error(text))
        #expect(error.line == 3 && error.column == 4 && error.fatal && error.message.contains("closing quote"), "\(error)")
    }

    @Test("a JSON line past 16 MiB is reported with its line and skipped")
    func jsonLine() throws {
        let text =
            "{\"session_id\": \"s1\", \"tags\": []}\n{\"session_id\": \"s2\", \"tags\": [\"\(Self.long)\"]}\n"
            + "{\"session_id\": \"s3\", \"tags\": []}\n"
        let error = try #require(Scan.error(text, name: "a.jsonl"))
        #expect(error.line == 2 && !error.fatal && error.message.contains("16 MiB"), "\(error)")
        let summary = try Scan.summary(text, name: "a.jsonl", skipInvalid: true)
        #expect(summary.overall.sessions == 2 && summary.invalidRows.count == 1)
    }
}

@Suite("JSON Lines: repeated keys")
struct RepeatedKeyTests {
    @Test(
        "a key repeated on a line is refused, with the line, the column of the repeat and the key",
        arguments: [
            (#"{"session_id": "s2", "tags": [], "tags": ["sys_human_help"]}"#, "tags"),
            (#"{"session_id": "s2", "x": 1, "tags": [], "x": 2}"#, "x"),
            (#"{"session_id": "s2", "tags": [], "meta": {"a": 1, "a": 2}}"#, "a"),
        ])
    func repeated(line: String, key: String) throws {
        let text = "{\"session_id\": \"s1\", \"tags\": []}\n" + line + "\n"
        let error = try #require(Scan.error(text, name: "a.jsonl"))
        let repeatAt = line.ranges(of: "\"\(key)\":")[1].lowerBound
        #expect(
            error.file == "a.jsonl" && error.line == 2 && error.column == line.distance(from: line.startIndex, to: repeatAt) + 1)
        #expect(error.message == "the key \"\(key)\" appears more than once; expected each key once")
        let summary = try Scan.summary(text, name: "a.jsonl", skipInvalid: true)
        #expect(summary.overall.sessions == 1 && summary.invalidRows.count == 1)
    }
}

@Suite("Ingest messages")
struct IngestMessageTests {
    @Test("counts in messages take the singular for one")
    func plurals() throws {
        let one = try #require(Scan.error("session_id,tags\ns1\n"))
        #expect(one.message.hasPrefix("found 1 field; expected 2"), "\(one)")
        let three = try #require(Scan.error("session_id,tags\ns1,a,b\n"))
        #expect(three.message.hasPrefix("found 3 fields; expected 2"))
        #expect(Wording.count(0, "session") == "0 sessions" && Wording.count(1, "session") == "1 session")
    }

    /// A way to make the library fail, and the hint a front end gets with it.
    struct Failure: Sendable, CustomTestStringConvertible {
        let kind: String
        let dimensions: [SegmentDimension]
        let name: String
        let text: String
        let format: LogFormat?
        let hint: IngestHint?
        var testDescription: String { kind }
    }

    static let failures: [Failure] = [
        Failure(
            kind: "four dimensions", dimensions: [.week, .intent, .channel, .tag], name: "a.csv", text: "", format: nil,
            hint: .segmentDimensions),
        Failure(
            kind: "a repeated dimension", dimensions: [.week, .week], name: "a.csv", text: "", format: nil,
            hint: .segmentDimensions),
        Failure(
            kind: "an unknown format", dimensions: [], name: "log.txt", text: "session_id,tags\n", format: nil, hint: .stateFormat
        ),
        Failure(
            kind: "no tags column", dimensions: [], name: "a.csv", text: "session_id,labels\ns1,x\n", format: nil,
            hint: .mapColumn(.tags)),
        Failure(
            kind: "no column to split by", dimensions: [.intent], name: "a.csv", text: "session_id,tags\ns1,x\n", format: nil,
            hint: .mapColumn(.intent)),
        Failure(
            kind: "no key to split by", dimensions: [.week], name: "a.jsonl", text: "{\"session_id\": 1, \"tags\": []}\n",
            format: nil, hint: .mapColumn(.startedAt)),
        Failure(
            kind: "a repeated session", dimensions: [], name: "a.csv", text: "session_id,tags\ns1,x\ns1,y\n", format: nil,
            hint: .skipInvalid),
        Failure(
            kind: "an empty date to split by week", dimensions: [.week], name: "a.csv",
            text: "session_id,tags,started_at\ns1,x,\n", format: nil, hint: nil),
        Failure(
            kind: "counts split by tag", dimensions: [.tag], name: "c.csv",
            text: "sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue\n1,0,0,0,0,0,0,0\n", format: .counts, hint: nil),
        Failure(
            kind: "counts without the column to split by", dimensions: [.intent], name: "c.csv",
            text: "sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue\n1,0,0,0,0,0,0,0\n", format: .counts,
            hint: .segmentColumn(.intent)),
    ]

    @Test("library messages name no command-line flag; the remedy comes as a hint", arguments: failures)
    func noFlags(_ failure: Failure) throws {
        let error = try #require(Scan.error(failure.text, name: failure.name, by: failure.dimensions, format: failure.format))
        #expect(!error.description.contains("--"), "\(error)")
        #expect(error.hint == failure.hint, "\(error)")
    }
}
