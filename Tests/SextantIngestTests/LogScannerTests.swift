import Foundation
import SextantModel
import Testing

@testable import SextantIngest

@Suite("Log scanner")
struct LogScannerTests {
    private func write(_ text: String, name: String = "log.csv") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-scan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test("thousands of distinct segments and reasons: every session lands in exactly one segment")
    func manySegments() throws {
        var lines = ["session_id,tags,intent,channel,handoff_reason,started_at"]
        for i in 0..<20_000 {
            let tag = i % 3 == 0 ? "sys_human_help" : i % 3 == 1 ? "sys_human_follow_up" : ""
            lines.append("s\(i),\(tag),intent-\(i % 2_500),ch-\(i % 7),reason \(i % 1_300),2026-0\(1 + i % 9)-1\(i % 10)")
        }
        let path = try write(lines.joined(separator: "\n") + "\n")
        let scanner = try LogScanner(dimensions: [.intent, .channel, .week])
        try scanner.read(path)
        let summary = try scanner.finish()
        #expect(summary.overall.sessions == 20_000)
        #expect(summary.segments.values.reduce(0) { $0 + $1.sessions } == 20_000)
        #expect(Set(summary.segments.keys.map { $0.values[0] }).count == 2_500)
        #expect(summary.reasons.count == 1_300 && summary.reasons.values.reduce(0, +) == summary.overall.unresolved)
    }

    @Test("a repeated session is taken out of every tally it entered when skipped")
    func duplicateRemoval() throws {
        let path = try write("session_id,tags,intent,reviewed,issues\na,sys_human_help,x,true,P0\nb,,y,false,\na,,z,true,P1\n")
        let scanner = try LogScanner(dimensions: [.intent], skipInvalid: true)
        try scanner.read(path)
        let summary = try scanner.finish()
        #expect(summary.overall == Tally(sessions: 2, humanHelp: 1, unresolved: 1, reviewed: 1, p0: 1, p1: 0, p2: 0, anyIssue: 1))
        #expect(summary.segments[SegmentKey(["z"])] == nil || summary.segments[SegmentKey(["z"])]?.sessions == 0)
        #expect(summary.invalidRows.count == 1)
    }

    @Test("JSON Lines: the reviewed key is on every line or on none")
    func reviewedKey() throws {
        let mixed = try write(
            "{\"session_id\": 1, \"tags\": []}\n{\"session_id\": 2, \"tags\": [], \"reviewed\": true}\n", name: "log.jsonl")
        let scanner = try LogScanner(dimensions: [])
        #expect(throws: IngestError.self) { try scanner.read(mixed) }
        let none = try write(
            "{\"session_id\": 1, \"tags\": [], \"issues\": [\"P2\"]}\n{\"session_id\": \"2\", \"tags\": []}\n", name: "log.jsonl")
        let other = try LogScanner(dimensions: [])
        try other.read(none)
        let summary = try other.finish()
        #expect(!summary.reviewRecorded && summary.overall.reviewed == 2 && summary.overall.p2 == 1)
    }
}

@Suite("Log scanner: inputs that cannot be read on")
struct FatalInputTests {
    private func write(_ bytes: [UInt8], name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-fatal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test("a truncated gzip file stops the scan even with skipInvalid (no endless row errors)")
    func truncatedGzip() throws {
        // "session_id,tags\na,x\n" gzip-compressed by Python, cut after 15 bytes.
        let gz: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x2b, 0x4e, 0x2d, 0x2e, 0xce]
        let path = try write(gz, name: "log.csv.gz")
        let scanner = try LogScanner(dimensions: [], skipInvalid: true)
        do {
            try scanner.read(path)
            Issue.record("expected an error")
        } catch {
            #expect(error.fatal && error.message.contains("gzip"))
        }
    }

    @Test("a quote never closed stops the scan even with skipInvalid")
    func openQuote() throws {
        let path = try write(Array("session_id,tags\na,\"x\nb,y\nc,z\n".utf8), name: "log.csv")
        let scanner = try LogScanner(dimensions: [], skipInvalid: true)
        #expect(throws: IngestError.self) { try scanner.read(path) }
    }

    @Test("JSON Lines: reviewed as true/false, 1/0, yes/no or null")
    func reviewedSpellings() throws {
        let text = """
            {"session_id": "a", "tags": [], "reviewed": true, "issues": ["P1"]}
            {"session_id": "b", "tags": [], "reviewed": 1}
            {"session_id": "c", "tags": [], "reviewed": "yes"}
            {"session_id": "d", "tags": [], "reviewed": null}
            {"session_id": "e", "tags": [], "reviewed": "no"}
            """
        let path = try write(Array(text.utf8), name: "log.jsonl")
        let scanner = try LogScanner(dimensions: [])
        try scanner.read(path)
        let summary = try scanner.finish()
        #expect(summary.overall.sessions == 5 && summary.overall.reviewed == 3 && summary.overall.p1 == 1)
    }

    @Test("counts beyond 2^53 are rejected, not overflowed")
    func hugeCounts() throws {
        let big = "9223372036854775807"
        let text =
            "sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue\n"
            + Array(repeating: big, count: 8).joined(separator: ",") + "\n"
        let path = try write(Array(text.utf8), name: "counts.csv")
        let scanner = try LogScanner(dimensions: [], format: .counts)
        #expect(throws: IngestError.self) { try scanner.read(path) }
    }
}
