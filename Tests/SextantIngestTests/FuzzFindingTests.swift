import Foundation
import SextantModel
import Testing

@testable import SextantIngest

/// Regression tests of what fuzzing found (docs/fuzzing.md), one per finding.
@Suite("fuzz findings")
struct FuzzFindingTests {
    /// The problems `parse` reports (none when it succeeds), and how long it took.
    static func problems(_ parse: () throws(IngestErrors) -> Void) -> (problems: [IngestError], elapsed: Duration) {
        var problems: [IngestError] = []
        let elapsed = ContinuousClock().measure {
            do throws(IngestErrors) { try parse() } catch { problems = error.errors }
        }
        return (problems, elapsed)
    }

    /// Found by the gate-policy target (a timeout): every unknown key was compared with every
    /// allowed key by edit distance for its "did you mean", at |key| × |allowed key| steps and an
    /// allocation per step's row, so a file of long unknown keys took minutes. Keys whose length
    /// alone rules them out are no longer compared.
    @Test("a policy of 3,000 unknown keys of 1,000 characters: each refused with its error, in well under a second each")
    func longUnknownKeys() throws {
        var text = "version: 1\n"
        for index in 0..<3000 { text += "? " + String(repeating: "k", count: 1000) + "\(index)\n: 1\n" }
        let (problems, elapsed) = Self.problems { () throws(IngestErrors) in _ = try GatePolicyFile.parse(text, file: "p.yaml") }
        #expect(problems.filter { $0.description.contains("unknown key; expected one of") }.count == 3000)
        #expect(elapsed < .seconds(10), "took \(elapsed)")
    }

    @Test("did you mean: the closest allowed key within a third of the word's length, none for a word far from all")
    func closest() {
        let keys = GatePolicyFile.keys
        #expect(YAMLReader.closest("confidance", in: keys) == "confidence")
        #expect(YAMLReader.closest("CONFIDENCE ", in: keys) == "confidence")
        #expect(YAMLReader.closest("xyz", in: keys) == nil)
        #expect(YAMLReader.closest(String(repeating: "confidence", count: 100_000), in: keys) == nil)
        #expect(YAMLReader.editDistance("kitten", "sitting") == 3)
        #expect(YAMLReader.editDistance("", "abc") == 3 && YAMLReader.editDistance("flaw", "lawn") == 2)
    }

    /// Found by timing JSON lines of several shapes after a timeout of the JSON Lines target: the
    /// check for a repeated key keeps the line's keys in an array and searches it for each new key
    /// (`JSONLine.swift`, `keys.contains(key)`), so a line of n keys takes n²/2 comparisons: 5,000
    /// keys take 3 s, 20,000 keys (a 200 KB line) 52 s in a debug build, and a 16 MiB line of a
    /// million keys would take hours. Past 16 keys the parser now keeps them in a set. The bound is
    /// generous (the quadratic check took about 20 s here), so a loaded machine does not fail it.
    @Test("a JSON line of 12,000 keys reads in seconds, not minutes (linear repeated-key check)")
    func manyKeys() throws {
        let line =
            "{\"session_id\": \"s\", \"tags\": [], " + (0..<12000).map { "\"k\($0)\": 1" }.joined(separator: ", ") + "}\n"
        let clock = ContinuousClock()
        var sessions = 0
        let elapsed = try clock.measure {
            let scanner = try LogScanner(dimensions: [], format: .jsonl)
            try scanner.read(MemoryByteSource(Array(line.utf8), name: "wide.jsonl"))
            sessions = try scanner.finish().overall.sessions
        }
        #expect(sessions == 1)
        #expect(elapsed < .seconds(5), "took \(elapsed)")
    }

    @Test("a key repeated past the sixteenth key of a JSON line is still refused, at its place")
    func repeatedKeyPastTheList() throws {
        let keys = (0..<20).map { "\"k\($0)\": 1" } + ["\"k3\": 2"]
        let line = "{\"session_id\": \"s\", \"tags\": [], " + keys.joined(separator: ", ") + "}\n"
        let scanner = try LogScanner(dimensions: [], format: .jsonl)
        do {
            try scanner.read(MemoryByteSource(Array(line.utf8), name: "repeat.jsonl"))
            _ = try scanner.finish()
            Issue.record("a repeated key was read")
        } catch {
            #expect("\(error)".contains("k3"), "\(error)")
        }
    }

    /// Found while looking for what else grows faster than its input (after the JSON finding): a
    /// scenario's model checks were filtered against every path the YAML reader had refused, for
    /// every problem (`reported.contains { hasPrefix }`), so a file of n improvements took n² steps:
    /// 4,000 improvements took 15 s in a debug build. The refused paths are now a set, looked up
    /// once per level of a problem's path.
    @Test("a scenario of 4,000 faulty improvements: every problem reported, in well under a second")
    func manyImprovements() throws {
        var text = "version: 1\nname: x\nsessions_per_week: 10\nweeks: 2\nreview_rate: 0.1\n"
        text += "intents:\n  - name: a\n    share: 1\nimprovements:\n"
        // Each entry: an unknown key (refused by the reader) and no change (found by the model's checks).
        for _ in 0..<4000 { text += "  - {week: 1, intent: a, knowledge_coverage: 0.1}\n" }
        let (problems, elapsed) = Self.problems { () throws(IngestErrors) in _ = try ScenarioFile.parse(text, file: "s.yaml") }
        #expect(problems.count == 8000)
        #expect(problems.filter { $0.description.contains("changes nothing") }.count == 4000)
        #expect(elapsed < .seconds(5), "took \(elapsed)")
    }

    @Test("a value the reader refused is reported once: not again as missing by the model's checks")
    func refusedOnce() {
        let text =
            "version: 1\nname: x\nsessions_per_week: ten\nweeks: 2\nreview_rate: 0.1\nintents:\n  - name: a\n    share: 1\n"
        #expect(throws: IngestErrors.self) { try ScenarioFile.parse(text, file: "s.yaml") }
        do {
            _ = try ScenarioFile.parse(text, file: "s.yaml")
        } catch {
            #expect(error.errors.count == 1, "\(error)")
            #expect(error.errors.first?.description.contains("sessions_per_week") == true)
        }
    }
}
