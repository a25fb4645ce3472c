import Foundation
import SextantModel
import Testing

@testable import SextantIngest

/// CSV records and JSON Lines objects go through one row decoder: the same sessions written in
/// either format give the same summary, and the same bad value the same message.
@Suite("Row decoder")
struct RowDecoderTests {
    /// One session, as written in each format, with what it means (the reference).
    struct Session {
        let id: String
        let tags: [String]
        let reviewedCSV: String
        /// A JSON literal: a boolean, a number, a string or null.
        let reviewedJSON: String
        let reviewed: Bool
        let issues: [String]
        let startedAt: String
        let intent: String
        let reason: String
    }

    static let sessions: [Session] = [
        Session(
            id: "a", tags: ["sys_human_help", "vip"], reviewedCSV: "yes", reviewedJSON: "true", reviewed: true, issues: ["P0"],
            startedAt: "2026-03-30T10:00:00Z", intent: "returns", reason: "missing_knowledge"),
        Session(
            id: "b", tags: [" sys_human_follow_up "], reviewedCSV: "0", reviewedJSON: "0", reviewed: false, issues: [],
            startedAt: "2026-03-31", intent: " returns ", reason: " action_failed "),
        Session(
            id: "c", tags: [], reviewedCSV: "TRUE", reviewedJSON: "\"TRUE\"", reviewed: true, issues: ["p1", " P2 "],
            startedAt: "2026-04-06T08:00:00+02:00", intent: "refund", reason: "ignored: no human involved"),
        Session(
            id: "d", tags: ["sys_human_help"], reviewedCSV: "", reviewedJSON: "null", reviewed: false, issues: [],
            startedAt: "2026-04-07", intent: "", reason: ""),
        Session(
            id: "e", tags: ["sys_human_help", "sys_human_follow_up"], reviewedCSV: "t", reviewedJSON: "1", reviewed: true,
            issues: ["P1", "p1"], startedAt: "2026-04-08 09:30", intent: "refund", reason: "user_request, urgent"),
        Session(
            id: "f", tags: ["other"], reviewedCSV: "No", reviewedJSON: "false", reviewed: false, issues: [],
            startedAt: "2026-04-13", intent: "refund", reason: ""),
    ]

    private static func csvField(_ text: String) -> String {
        text.contains(where: { ",\"\n".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    private static func jsonString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static var csv: String {
        "session_id,tags,reviewed,issues,started_at,intent,handoff_reason\n"
            + sessions.map { s in
                [
                    s.id, s.tags.joined(separator: ";"), s.reviewedCSV, s.issues.joined(separator: ";"), s.startedAt, s.intent,
                    s.reason,
                ]
                .map(csvField).joined(separator: ",") + "\n"
            }.joined()
    }

    static var jsonLines: String {
        sessions.map { s in
            "{\"session_id\": \(jsonString(s.id)), \"tags\": [\(s.tags.map(jsonString).joined(separator: ", "))], "
                + "\"reviewed\": \(s.reviewedJSON), \"issues\": [\(s.issues.map(jsonString).joined(separator: ", "))], "
                + "\"started_at\": \(jsonString(s.startedAt)), \"intent\": \(jsonString(s.intent)), "
                + "\"handoff_reason\": \(jsonString(s.reason))}\n"
        }.joined()
    }

    /// The counts of some sessions, counted here by the rules as written in the interface, not by the decoder.
    static func reference(_ sessions: [Session]) -> Tally {
        var tally = Tally()
        for s in sessions {
            let tags = Set(s.tags.map { $0.trimmingCharacters(in: .whitespaces) })
            let severities = Set(s.issues.map { $0.trimmingCharacters(in: .whitespaces).uppercased() })
            tally.sessions += 1
            if tags.contains("sys_human_help") { tally.humanHelp += 1 }
            if tags.contains("sys_human_help") || tags.contains("sys_human_follow_up") { tally.unresolved += 1 }
            if s.reviewed {
                tally.reviewed += 1
                if severities.contains("P0") { tally.p0 += 1 }
                if severities.contains("P1") { tally.p1 += 1 }
                if severities.contains("P2") { tally.p2 += 1 }
                if !severities.isEmpty { tally.anyIssue += 1 }
            }
        }
        return tally
    }

    static func isHandoff(_ s: Session) -> Bool {
        s.tags.contains { ["sys_human_help", "sys_human_follow_up"].contains($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// The reason a session counts under: nil for none given.
    static func reasonName(_ s: Session) -> String? {
        let reason = s.reason.trimmingCharacters(in: .whitespaces)
        return reason.isEmpty ? nil : reason
    }

    @Test("the same sessions in CSV and in JSON Lines give the same summary, and the reference counts")
    func sameSummary() throws {
        let fromCSV = try Scan.summary(Self.csv, name: "log.csv", by: [.intent, .week])
        let fromJSON = try Scan.summary(Self.jsonLines, name: "log.jsonl", by: [.intent, .week])
        #expect(fromCSV.overall == fromJSON.overall)
        #expect(fromCSV.segments == fromJSON.segments)
        #expect(fromCSV.reasons == fromJSON.reasons)
        #expect(fromCSV.segmentReasons == fromJSON.segmentReasons)
        #expect(fromCSV.reviewRecorded && fromJSON.reviewRecorded && fromCSV.reasonsRecorded && fromJSON.reasonsRecorded)

        #expect(fromCSV.overall == Self.reference(Self.sessions))
        let byIntent = Dictionary(grouping: Self.sessions) { s -> String in
            let intent = s.intent.trimmingCharacters(in: .whitespaces)
            return intent.isEmpty ? "(none)" : intent
        }
        for (intent, sessions) in byIntent {
            let tallies = fromCSV.segments.filter { $0.key.values[0] == intent }.values
            let summed = tallies.reduce(into: Tally()) { $0.add($1) }
            #expect(summed == Self.reference(sessions), "\(intent)")
        }
        let weeks = Set(fromCSV.segments.keys.map { $0.values[1] })
        #expect(weeks == ["2026-W14", "2026-W15", "2026-W16"])
        let reasons = Dictionary(Self.sessions.filter(Self.isHandoff).map { (Self.reasonName($0), 1) }, uniquingKeysWith: +)
        #expect(fromCSV.reasons == reasons)
    }

    /// A bad value in one column, written for each format, and what the message must say.
    struct BadValue: Sendable, CustomTestStringConvertible {
        let column: String
        let csv: String
        /// A JSON literal.
        let json: String
        let says: String
        var testDescription: String { "\(column) \(csv)" }
    }

    static let badValues: [BadValue] = [
        BadValue(
            column: "reviewed", csv: "perhaps", json: "\"perhaps\"", says: "found \"perhaps\"; expected true/false, 1/0 or yes/no"
        ),
        BadValue(column: "reviewed", csv: "2", json: "2", says: "found \"2\"; expected true/false, 1/0 or yes/no"),
        BadValue(column: "issues", csv: "P4", json: "[\"P4\"]", says: "found \"P4\"; expected P0, P1 or P2"),
        BadValue(
            column: "started_at", csv: "31/12/2026", json: "\"31/12/2026\"",
            says: "found \"31/12/2026\"; expected an ISO 8601 date"),
        BadValue(column: "session_id", csv: " ", json: "\" \"", says: "is empty; expected a unique id for each session"),
    ]

    @Test("the same bad value gets the same message, at its place, in CSV and in JSON Lines", arguments: badValues)
    func sameMessage(_ bad: BadValue) throws {
        var csvValues = ["session_id": "s1", "tags": "x", "reviewed": "true", "issues": "", "started_at": "2026-03-30"]
        var jsonValues = [
            "session_id": "\"s1\"", "tags": "[\"x\"]", "reviewed": "true", "issues": "[]", "started_at": "\"2026-03-30\"",
        ]
        csvValues[bad.column] = bad.csv
        jsonValues[bad.column] = bad.json
        let order = ["session_id", "tags", "reviewed", "issues", "started_at"]
        let csv = order.joined(separator: ",") + "\n" + order.map { csvValues[$0]! }.joined(separator: ",") + "\n"
        let json = "{" + order.map { "\"\($0)\": \(jsonValues[$0]!)" }.joined(separator: ", ") + "}\n"
        let csvError = try #require(Scan.error(csv, name: "a.csv"))
        let jsonError = try #require(Scan.error(json, name: "a.jsonl"))
        #expect(csvError.message.hasPrefix("column \"\(bad.column)\": \(bad.says)"), "\(csvError)")
        #expect(jsonError.message.hasPrefix("key \"\(bad.column)\": \(bad.says)"), "\(jsonError)")
        #expect(csvError.line == 2 && jsonError.line == 1)
        // Both point at the value: CSV at its field, JSON at its first character.
        let csvColumn = order.prefix { $0 != bad.column }.reduce(1) { $0 + csvValues[$1]!.count + 1 }
        #expect(csvError.column == csvColumn)
        #expect(
            jsonError.column == json.distance(from: json.startIndex, to: json.range(of: "\"\(bad.column)\": ")!.upperBound) + 1)
    }

    @Test("issues on a session not reviewed are refused in both formats")
    func issuesWithoutReview() throws {
        let csv = try #require(Scan.error("session_id,tags,reviewed,issues\ns1,x,no,P0\n"))
        let json = try #require(
            Scan.error("{\"session_id\": \"s1\", \"tags\": [], \"reviewed\": false, \"issues\": [\"P0\"]}\n", name: "a.jsonl"))
        for error in [csv, json] {
            #expect(error.message.hasSuffix("lists P0 on a session not reviewed; expected issues only where reviewed is true"))
        }
    }

    @Test("values are trimmed of ASCII whitespace (spaces, tabs, line breaks) in every format")
    func trimming() {
        var text = Array(" \t\r\nreturns \n\u{0B}\u{0C}".utf8)
        let trimmed = text.withUnsafeMutableBytes { String(decoding: Values.trimmed(UnsafeRawBufferPointer($0)), as: UTF8.self) }
        #expect(trimmed == "returns")
    }
}
