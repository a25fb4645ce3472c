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
