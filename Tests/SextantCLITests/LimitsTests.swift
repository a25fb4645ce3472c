import Foundation
import Testing

/// The bounds on inputs added with the hardening work, at the bound and one past it: the widest CSV
/// header and the most intents a scenario lists. (The others — 16 MiB lines, YAML size, depth,
/// values and aliases, weeks, replications, memory, segments — have their tests beside their
/// readers and commands.)
@Suite("limits on inputs: at the bound, and one past it (end to end)")
struct LimitsTests {
    /// A CSV session log whose header names `columns` columns (session_id, tags and fillers).
    static func wideLog(columns: Int) -> String {
        let header = ["session_id", "tags"] + (2..<columns).map { "c\($0)" }
        return header.joined(separator: ",") + "\ns1," + String(repeating: ",", count: columns - 2) + "\n"
    }

    @Test("a CSV header of 10,000 columns reads; of 10,001 it is an error at line 1, exit 2", arguments: ["csv", "counts"])
    func columns(format: String) throws {
        let folder = try CLI.temporaryDirectory()
        for columns in [10_000, 10_001] {
            let counts = ["sessions", "human_help", "unresolved", "reviewed", "p0", "p1", "p2", "any_issue"]
            let log =
                format == "csv"
                ? Self.wideLog(columns: columns)
                : (counts + (counts.count..<columns).map { "c\($0)" }).joined(separator: ",") + "\n"
                    + "3,1,1,3,0,0,0,0" + String(repeating: ",", count: columns - counts.count) + "\n"
            let file = folder.appendingPathComponent("wide-\(columns).csv")
            try log.write(to: file, atomically: true, encoding: .utf8)
            let result = try CLI.run(["report", file.path, "--input-format", format, "--format", "json"])
            if columns == 10_000 {
                #expect(result.status == 0, "\(result.stderr)")
            } else {
                #expect(result.status == 2)
                #expect(
                    result.stderr
                        == "sextant: error: \(file.path):1: the header has 10,001 columns; expected at most 10,000 "
                        + "(is the first line a header row?)\n")
            }
        }
    }

    /// A scenario of `intents` intents of equal share.
    static func scenario(intents: Int) -> String {
        var text = "version: 1\nname: many\nsessions_per_week: 1000\nweeks: 4\nreview_rate: 0.05\nintents:\n"
        for index in 0..<intents {
            let share = index == 0 ? 1 - Double(intents - 1) / Double(intents) : 1 / Double(intents)
            text += "  - name: intent-\(index)\n    share: \(share)\n"
        }
        return text
    }

    @Test("a scenario of 1,000 intents is valid; of 1,001 it is an error at intents, exit 2")
    func intents() throws {
        let folder = try CLI.temporaryDirectory()
        let most = folder.appendingPathComponent("most.yaml")
        try Self.scenario(intents: 1000).write(to: most, atomically: true, encoding: .utf8)
        let valid = try CLI.run(["validate", most.path])
        #expect(valid.status == 0, "\(valid.stdout)\(valid.stderr)")
        let over = folder.appendingPathComponent("over.yaml")
        try Self.scenario(intents: 1001).write(to: over, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["simulate", over.path])
        #expect(refused.status == 2)
        #expect(refused.stderr == "sextant: error: \(over.path):7:3: intents: lists 1,001 intents; expected at most 1,000\n")
    }
}
