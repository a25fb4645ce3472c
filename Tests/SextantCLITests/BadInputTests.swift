import Foundation
import Testing

/// Every kind of bad input: exit status 2, the file and line in the message, no output file left.
@Suite("bad input (end to end)")
struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let kind: String
        let name: String
        let content: [UInt8]
        let place: String
        let mention: String
        var testDescription: String { kind }

        init(_ kind: String, _ name: String, _ text: String, place: String, mention: String) {
            self.init(kind, name, Array(text.utf8), place: place, mention: mention)
        }

        init(_ kind: String, _ name: String, _ bytes: [UInt8], place: String, mention: String) {
            self.kind = kind
            self.name = name
            self.content = bytes
            self.place = place
            self.mention = mention
        }
    }

    static let cases: [Case] = [
        Case(
            "a quote inside an unquoted field", "a.csv", "session_id,tags\ns1,x\ns2,ab\"c\n", place: "a.csv:3:6", mention: "quote"
        ),
        Case(
            "text after a closing quote", "a.csv", "session_id,tags\ns1,\"x\"y\n", place: "a.csv:2:7",
            mention: "after a closing quote"),
        Case("a quoted field never closed", "a.csv", "session_id,tags\ns1,\"x\n\n", place: "a.csv:2:4", mention: "never closed"),
        Case(
            "the wrong number of fields", "a.csv", "session_id,tags\ns1,x\ns2,x,y\n", place: "a.csv:3",
            mention: "found 3 fields; expected 2"),
        Case(
            "an unknown severity", "a.csv", "session_id,tags,issues\ns1,x,P4\n", place: "a.csv:2:6",
            mention: "expected P0, P1 or P2"),
        Case(
            "an unreadable boolean", "a.csv", "session_id,tags,reviewed\ns1,x,perhaps\n", place: "a.csv:2:6",
            mention: "expected true/false"),
        Case(
            "an unreadable date", "a.csv", "session_id,tags,started_at\ns1,x,31/12/2026\n", place: "a.csv:2:6",
            mention: "ISO 8601"),
        Case("an empty session_id", "a.csv", "session_id,tags\n  ,x\n", place: "a.csv:2:1", mention: "is empty"),
        Case(
            "a duplicate session_id", "a.csv", "session_id,tags\ns1,x\ns2,x\ns1,y\n", place: "a.csv:4",
            mention: "repeats the session at"),
        Case(
            "invalid UTF-8", "a.csv", Array("session_id,tags\ns1,".utf8) + [0xC3, 0x28] + Array("\n".utf8), place: "a.csv:2:4",
            mention: "UTF-8"),
        Case(
            "a JSON line that is not an object", "a.jsonl", "{\"session_id\": \"s1\", \"tags\": []}\n[1, 2]\n",
            place: "a.jsonl:2:1", mention: "expected a JSON object"),
        Case(
            "a JSON line with the wrong types", "a.jsonl", "{\"session_id\": \"s1\", \"tags\": \"sys_human_help\"}\n",
            place: "a.jsonl:1:", mention: "expected an array of strings"),
        Case(
            "a JSON line that is not JSON", "a.jsonl", "{\"session_id\": \"s1\", \"tags\": [}\n", place: "a.jsonl:1:",
            mention: "not valid JSON"),
        Case(
            "a missing required column", "a.csv", "session_id,labels\ns1,x\n", place: "a.csv:1",
            mention: "missing the required column \"tags\""),
        Case("an empty file", "a.csv", "", place: "a.csv", mention: "the file is empty"),
        Case("an empty JSON Lines file", "a.jsonl", "", place: "a.jsonl", mention: "the file is empty"),
        Case(
            "inconsistent counts", "c.csv", "sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue\n10,5,3,2,0,0,0,0\n",
            place: "c.csv:2", mention: "inconsistent"),
        Case("a corrupt gzip file", "a.csv.gz", [0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03], place: "a.csv.gz", mention: "gzip"),
    ]

    @Test("bad input exits with status 2, names the place and leaves no output file", arguments: cases)
    func badInput(_ c: Case) throws {
        let folder = try CLI.temporaryDirectory()
        try Data(c.content).write(to: folder.appendingPathComponent(c.name))
        let output = folder.appendingPathComponent("report.json")
        var arguments = ["report", c.name, "--format", "json", "-o", output.path]
        if c.name.hasPrefix("c.") { arguments += ["--input-format", "counts"] }
        let result = try CLI.run(arguments, in: folder)
        #expect(result.status == 2, "\(c.kind): status \(result.status), \(result.stderr)")
        #expect(result.stderr.contains(c.place), "\(c.kind): \(result.stderr)")
        #expect(result.stderr.contains(c.mention), "\(c.kind): \(result.stderr)")
        #expect(!result.stderr.contains("Stack") && !result.stderr.contains("Fatal"))
        #expect(!FileManager.default.fileExists(atPath: output.path), "\(c.kind): an output file was left")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [c.name])
    }

    @Test("a log that does not exist, and a format that cannot be told, are clear errors")
    func missingAndUnknown() throws {
        let missing = try CLI.run(["report", "no-such-log.csv"])
        #expect(missing.status == 2 && missing.stderr.contains("no-such-log.csv: cannot open the file"))
        let folder = try CLI.temporaryDirectory()
        try "x".write(to: folder.appendingPathComponent("log.txt"), atomically: true, encoding: .utf8)
        let unknown = try CLI.run(["report", "log.txt"], in: folder)
        #expect(unknown.status == 2 && unknown.stderr.contains("--input-format"))
        let byWeek = try CLI.run(["report", ReportTests.fixture("features.csv"), "--by", "week", "--by", "week"])
        #expect(byWeek.status == 2)
    }
}

@Suite("bad input with --skip-invalid (end to end)")
struct SkipInvalidFatalTests {
    @Test("a truncated gzip log ends with status 2 instead of looping")
    func truncatedGzip() throws {
        let folder = try CLI.temporaryDirectory()
        let full = try Data(contentsOf: ReportTests.fixtures.appendingPathComponent("features.csv.gz"))
        try full.prefix(full.count / 2).write(to: folder.appendingPathComponent("cut.csv.gz"))
        let result = try CLI.run(["report", "cut.csv.gz", "--skip-invalid"], in: folder)
        #expect(result.status == 2 && result.stderr.contains("cut.csv.gz") && result.stderr.contains("gzip"))
    }

    @Test("--weeks beyond the volume the scenario can reach is an error")
    func hugeHorizon() throws {
        let result = try CLI.run([
            "simulate", ScenarioCommandTests.scenarios.appendingPathComponent("service-ecommerce.yaml").path, "--weeks", "5000",
        ])
        #expect(result.status == 2 && result.stderr.contains("1040-week"))
    }
}

@Suite("control characters in messages (end to end)")
struct EscapedMessageTests {
    /// Whether `text` holds a control character other than a line end.
    static func hasRawControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F..<0xA0).contains($0.value) }
    }

    @Test("a file name with escape sequences and a carriage return is shown escaped")
    func fileName() throws {
        let result = try CLI.run(["report", "no\u{1B}]0;pwned\u{07}such\r\u{9B}31m.csv"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no\\u{1B}]0;pwned\\u{7}such\\r\\u{9B}31m.csv: cannot open the file"), "\(result.stderr)")
        #expect(!Self.hasRawControl(result.stderr))
    }

    @Test("a value from a log with an escape sequence is shown escaped, with its place")
    func logValue() throws {
        let folder = try CLI.temporaryDirectory()
        try "session_id,tags,issues\ns1,x,P\u{1B}[31m4\u{202E}\n".write(
            to: folder.appendingPathComponent("e.csv"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["report", "e.csv"], in: folder)
        #expect(result.status == 2 && result.stderr.contains("e.csv:2:6:"))
        #expect(result.stderr.contains("\"P\\u{1B}[31m4\\u{202E}\""), "\(result.stderr)")
        #expect(!Self.hasRawControl(result.stderr) && !result.stderr.contains("\u{202E}"))
    }

    @Test("an argument with an escape sequence is shown escaped in the usage error")
    func argument() throws {
        let result = try CLI.run(["interval", "--count", "\u{1B}[2J", "--total", "3"])
        #expect(result.status == 2 && result.stderr.contains("'\\u{1B}[2J'"), "\(result.stderr)")
        #expect(!Self.hasRawControl(result.stderr))
    }
}
