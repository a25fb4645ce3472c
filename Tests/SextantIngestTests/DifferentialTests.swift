import Foundation
import SextantModel
import Testing

@testable import SextantIngest

/// Sextant's CSV and JSON Lines readers against Python's `csv` and `json` modules, on thousands
/// of generated valid logs (scripts/differential.py: quotes, embedded line breaks, CRLF and bare
/// CR, a byte-order mark, every JSON escape, surrogate pairs, Unicode): the scanner, split by
/// intent, channel and tag, must report exactly what the records Python reads add up to — every
/// segment's values byte for byte, its counts, the handoff reasons and the workflows.
@Suite("differential: the log readers against Python's csv and json modules")
struct DifferentialTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/differential.py")

    /// A value as compared: its UTF-8 bytes (so that text Swift deems equal, such as two spellings
    /// of "café", still counts as different), or nil for none.
    typealias Value = [UInt8]?

    /// What a log adds up to, from Python's reading or Sextant's.
    struct Outcome: Equatable {
        var segments: [[Value]: [Int]] = [:]
        var segmentReasons: [[Value]: Int] = [:]
        var reasons: [Value: Int] = [:]
        var workflows: [Value: Int] = [:]
        var sessions = 0

        /// The entries that differ from `expected`, as `key: Sextant's ≠ Python's`.
        func difference(from expected: Outcome) -> String {
            func shown(_ value: Value) -> String { value.map { String(decoding: $0, as: UTF8.self).debugDescription } ?? "none" }
            func lines<K: Hashable, V: Equatable>(_ name: String, _ ours: [K: V], _ theirs: [K: V], _ key: (K) -> String)
                -> [String]
            {
                Set(ours.keys).union(theirs.keys).filter { ours[$0] != theirs[$0] }.map { k in
                    "\(name) \(key(k)): Sextant \(ours[k].map { "\($0)" } ?? "-") ≠ Python \(theirs[k].map { "\($0)" } ?? "-")"
                }
            }
            let keys: ([Value]) -> String = { $0.map(shown).joined(separator: " | ") }
            return
                (lines("segment", segments, expected.segments, keys)
                + lines("segment reason", segmentReasons, expected.segmentReasons, keys)
                + lines("reason", reasons, expected.reasons, shown) + lines("workflow", workflows, expected.workflows, shown)
                + (sessions == expected.sessions ? [] : ["sessions: Sextant \(sessions) ≠ Python \(expected.sessions)"]))
                .sorted().joined(separator: "\n")
        }
    }

    /// The logs and Python's outcomes: runs the generating script (deterministic for its seed).
    static func cases(seed: Int, count: Int) throws -> [[String: Any]] {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("differential-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--seed", String(seed), "--cases", String(count), output.path]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "scripts/differential.py failed")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [[String: Any]])
    }

    static func value(_ any: Any) -> Value {
        (any as? String).map { Array($0.utf8) }
    }

    /// Python's outcome of one case.
    static func expected(_ log: [String: Any]) -> Outcome {
        var outcome = Outcome()
        for row in log["segments"] as? [[Any]] ?? [] {
            outcome.segments[row[0..<3].map(value)] = row[3...].map { $0 as? Int ?? -1 }
        }
        for row in log["segment_reasons"] as? [[Any]] ?? [] {
            outcome.segmentReasons[row[0..<4].map(value)] = row[4] as? Int ?? -1
        }
        for row in log["reasons"] as? [[Any]] ?? [] { outcome.reasons[value(row[0])] = row[1] as? Int ?? -1 }
        for row in log["workflows"] as? [[Any]] ?? [] { outcome.workflows[value(row[0])] = row[1] as? Int ?? -1 }
        outcome.sessions = log["sessions"] as? Int ?? -1
        return outcome
    }

    /// Sextant's outcome of one log, read through the public scanner.
    static func actual(_ bytes: [UInt8], format: LogFormat) throws -> Outcome {
        let scanner = try LogScanner(dimensions: [.intent, .channel, .tag], format: format)
        try scanner.read(MemoryByteSource(bytes, name: "log.\(format.rawValue)"))
        let summary = try scanner.finish()
        var outcome = Outcome()
        func values(_ key: SegmentKey) -> [Value] { (0..<3).map { key.value(at: $0).map { Array($0.utf8) } } }
        for (key, t) in summary.segments {
            outcome.segments[values(key)] = [
                t.sessions, t.humanHelp, t.unresolved, t.reviewed, t.p0, t.p1, t.p2, t.anyIssue,
            ]
        }
        for (key, reasons) in summary.segmentReasons {
            for (reason, count) in reasons { outcome.segmentReasons[values(key) + [reason.map { Array($0.utf8) }]] = count }
        }
        for (reason, count) in summary.reasons { outcome.reasons[reason.map { Array($0.utf8) }] = count }
        for (workflow, count) in summary.workflows { outcome.workflows[Array(workflow.utf8)] = count }
        outcome.sessions = summary.overall.sessions
        return outcome
    }

    @Test("2,000 CSV and 2,000 JSON Lines logs read as Python reads them: same records, same counts")
    func againstPython() throws {
        let cases = try Self.cases(seed: 20_260_412, count: 2000)
        #expect(cases.count == 4000)
        var failures = 0
        var sessions = 0
        for (index, log) in cases.enumerated() {
            let format = try #require(LogFormat(rawValue: log["format"] as? String ?? ""))
            let bytes = try #require(Data(base64Encoded: log["input"] as? String ?? "")).map { $0 }
            let expected = Self.expected(log)
            sessions += expected.sessions
            let actual: Outcome
            do {
                actual = try Self.actual(bytes, format: format)
            } catch {
                failures += 1
                if failures <= 5 {
                    Issue.record("case \(index) (\(format)): \(error)\n\(String(decoding: bytes, as: UTF8.self))")
                }
                continue
            }
            if actual != expected {
                failures += 1
                if failures <= 5 {
                    let text = String(decoding: bytes, as: UTF8.self).debugDescription
                    Issue.record("case \(index) (\(format)) differs:\n\(actual.difference(from: expected))\nlog: \(text)")
                }
            }
        }
        #expect(failures == 0, "\(failures) of \(cases.count) logs read differently")
        #expect(sessions > 20_000)
    }
}

/// What the differential tests found, fixed: two spellings of one text — "café" with a
/// precomposed é (U+00E9) and "cafe" with a combining acute accent (U+0301) — are two values to the
/// readers (which compare bytes, as Python and the SQL engines do) but one `SegmentKey` to Swift
/// (which compares canonically equivalent strings as equal). The summary used to keep only one of
/// the two tallies; it now joins them, so no session leaves the segments.
@Suite("differential: canonically equivalent values")
struct DifferentialCanonicalEquivalence {
    @Test("two spellings of one text in a segment column: every session stays in a segment, in one segment")
    func canonicallyEquivalentSegments() throws {
        let log =
            "session_id,tags,channel,handoff_reason\ns1,sys_human_help,caf\u{E9},x\ns2,,cafe\u{301},\ns3,sys_human_help,cafe\u{301},x\n"
        let scanner = try LogScanner(dimensions: [.channel], format: .csv)
        try scanner.read(MemoryByteSource(Array(log.utf8), name: "log.csv"))
        let summary = try scanner.finish()
        #expect(summary.overall.sessions == 3)
        #expect(summary.segments.count == 1)
        #expect(summary.segments.values.map(\.sessions).reduce(0, +) == 3)
        #expect(summary.segmentReasons.values.first?["x"] == 2)
    }
}
