import Foundation
import SextantModel
import Testing

@testable import SextantIngest

@Suite("Changes files")
struct ChangesFileTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples/changes.yaml")

    static func problems(_ yaml: String) -> [String] {
        do {
            _ = try ChangesFile.parse(yaml, file: "c.yaml")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test("the bundled sample reads as documented, each change placed in its ISO week")
    func sample() throws {
        let changes = try ChangesFile.parse(String(contentsOf: Self.sample, encoding: .utf8), file: "changes.yaml")
        #expect(changes.map(\.date) == ["2026-03-16", "2026-03-30"])
        #expect(changes.map(\.week) == ["2026-W12", "2026-W14"])
        #expect(changes.map(\.area) == [.assets, .actions])
        #expect(changes.map(\.intent) == [nil, "refund"])
    }

    @Test("quoted dates, dates at a year boundary and free text with colons read as written")
    func values() throws {
        let changes = try ChangesFile.parse(
            """
            changes:
              - {date: "2025-12-29", area: routing, what: "Voice: AI first"}
              - date: 2027-01-03
                area: instructions
                what: 'Tone: shorter replies'
            """, file: "c.yaml")
        #expect(changes.map(\.week) == ["2026-W01", "2026-W53"])
        #expect(changes.map(\.description) == ["Voice: AI first", "Tone: shorter replies"])
    }

    @Test(
        "every problem is reported at its line and column with its key path",
        arguments: [
            (
                "changes:\n  - date: 2026-02-30\n    area: assets\n    what: x\n",
                "c.yaml:2:11: changes[0].date: found \"2026-02-30\"; expected a date YYYY-MM-DD"
            ),
            ("changes:\n  - date: 2026-03-02T10:00\n    area: assets\n    what: x\n", "c.yaml:2:11: changes[0].date"),
            (
                "changes:\n  - date: 2026-03-02\n    area: asset\n    what: x\n",
                "c.yaml:3:11: changes[0].area: found \"asset\"; expected one of instructions, assets, actions, routing; did you mean \"assets\"?"
            ),
            ("changes:\n  - date: 2026-03-02\n    area: assets\n", "c.yaml:2:5: changes[0].what: is missing"),
            ("changes:\n  - date: 2026-03-02\n    area: assets\n    what: \"  \"\n", "c.yaml:4:11: changes[0].what: is empty"),
            (
                "changes:\n  - date: 2026-03-02\n    area: assets\n    what: x\n    when: now\n",
                "c.yaml:5:11: changes[0].when: unknown key"
            ),
            ("version: 2\nchanges: []\n", "c.yaml:1:10: version: found 2; this Sextant reads version 1"),
            ("version: 1\n", "c.yaml:1:1: changes: is missing"),
            ("changes: {date: 1}\n", "c.yaml:1:10: changes: found a mapping; expected a list"),
            ("changes:\n  - date: [2026\n", "c.yaml:"),
            ("", "c.yaml: is empty"),
        ])
    func problems(_ yaml: String, _ expected: String) {
        let problems = Self.problems(yaml)
        #expect(problems.contains { $0.hasPrefix(expected) }, "\(problems)")
    }

    @Test("all problems of a file come together, in file order")
    func together() {
        let problems = Self.problems("changes:\n  - date: x\n    area: y\n    what: z\n  - what: 3\n")
        #expect(problems.count == 5, "\(problems)")
        #expect(problems.first?.hasPrefix("c.yaml:2:11") == true)
    }
}
