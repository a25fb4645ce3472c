import Foundation
import Testing

/// Reading logs end to end: CR line ends, repeated JSON keys, and the options the CLI names when
/// the library reports a problem.
@Suite("log ingest (end to end)")
struct IngestCLITests {
    /// The JSON report of `arguments`, without the inputs (which name the files).
    private func report(_ arguments: [String]) throws -> NSDictionary {
        let result = try CLI.run(["report"] + arguments + ["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        var json = try CLI.json(result.stdout)
        json["inputs"] = nil
        return json as NSDictionary
    }

    @Test(
        "a log with bare CR line ends (features-cr.csv) reports exactly as its CRLF original",
        arguments: [[], ["--by", "intent"], ["--by", "week", "--by", "channel"]])
    func crLineEnds(split: [String]) throws {
        let cr = try report([ReportTests.fixture("features-cr.csv")] + split)
        let original = try report([ReportTests.fixture("features.csv")] + split)
        #expect(cr == original)
        // And the reasons, with their commas, quotes and line breaks, are Python's.
        let reasons = (cr["handoff_reasons"] as? [[String: Any]] ?? []).reduce(into: [String: Int]()) {
            $0[$1["reason"] as? String ?? ""] = $1["count"] as? Int
        }
        let expected = try ReportTests.expected()["reasons"] as? [String: Int]
        #expect(reasons == expected)
    }

    @Test("a JSON line with a repeated key exits 2 naming the line and the key, or is counted with --skip-invalid")
    func repeatedKey() throws {
        let folder = try CLI.temporaryDirectory()
        let text =
            "{\"session_id\": \"s1\", \"tags\": []}\n{\"session_id\": \"s2\", \"tags\": [], \"tags\": [\"sys_human_help\"]}\n"
        try text.write(to: folder.appendingPathComponent("a.jsonl"), atomically: true, encoding: .utf8)
        let strict = try CLI.run(["report", "a.jsonl"], in: folder)
        #expect(
            strict.status == 2 && strict.stderr.contains("a.jsonl:2:34: the key \"tags\" appears more than once"),
            "\(strict.stderr)")
        let skipping = try CLI.run(["report", "a.jsonl", "--skip-invalid", "--format", "json"], in: folder)
        let sessions = try CLI.json(skipping.stdout)["sessions"] as? Int
        #expect(skipping.status == 0 && sessions == 1)
    }

    @Test("the library's hints come back as this command line's options")
    func hints() throws {
        let folder = try CLI.temporaryDirectory()
        try "session_id,labels\ns1,x\n".write(to: folder.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        try "session_id,tags\ns1,x\ns1,y\n".write(to: folder.appendingPathComponent("b.csv"), atomically: true, encoding: .utf8)
        let missing = try CLI.run(["report", "a.csv"], in: folder)
        #expect(
            missing.status == 2
                && missing.stderr.contains(
                    "missing the required column \"tags\"; columns found: session_id, labels (rename with --map tags=COLUMN)")
        )
        let noIntent = try CLI.run(["report", "b.csv", "--by", "intent"], in: folder)
        #expect(
            noIntent.status == 2 && noIntent.stderr.contains("splitting by intent needs the column \"intent\"")
                && noIntent.stderr.contains("--map intent=COLUMN"))
        let repeated = try CLI.run(["report", "b.csv"], in: folder)
        #expect(
            repeated.status == 2 && repeated.stderr.contains("b.csv:3: session_id repeats the session at b.csv:2")
                && repeated.stderr.contains("--skip-invalid"))
        let dimensions = try CLI.run(["report", "b.csv", "--by", "week", "--by", "week"], in: folder)
        #expect(
            dimensions.status == 2 && dimensions.stderr.contains("--by: the segment dimension week is repeated"),
            "\(dimensions.stderr)")
    }

    @Test("a JSON Lines log without handoff_reason keys has no reasons to rank, as a CSV log without the column")
    func noReasonKeys() throws {
        let result = try CLI.run(
            ["report", "-", "--input-format", "jsonl"], stdin: "{\"session_id\": 1, \"tags\": [\"sys_human_help\"]}\n")
        #expect(
            result.status == 0 && result.stdout.contains("no handoff_reason column")
                && !result.stdout.contains("(no reason given)"))
    }
}
