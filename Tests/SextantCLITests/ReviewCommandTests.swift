import Foundation
import Testing

/// `sextant review` end to end: the built binary on the sample log and on a log whose weekly
/// figures were computed with statsmodels (Fixtures/generate_review.py).
@Suite("sextant review (end to end)")
struct ReviewCommandTests {
    static let log = ReportTests.fixture("review.csv")
    static let changes = ReportTests.fixture("review-changes.yaml")
    static let sample = ReportTests.repository.appendingPathComponent("samples/sessions.csv").path
    static let sampleChanges = ReportTests.repository.appendingPathComponent("samples/changes.yaml").path

    static var expected: [String: Any] {
        guard
            let text = try? String(
                contentsOf: ReportTests.fixtures.appendingPathComponent("review-expected.json"), encoding: .utf8)
        else { return [:] }
        return (try? CLI.json(text)) ?? [:]
    }

    static var cases: [[String: Any]] { expected["cases"] as? [[String: Any]] ?? [] }

    static func review(_ arguments: [String]) throws -> [String: Any] {
        let result = try CLI.run(["review", log, "--changes", changes, "--format", "json"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return try CLI.json(result.stdout)
    }

    private func expectClose(_ got: Any?, _ want: Any?, _ label: String, tolerance: Double = 1e-12) {
        if want == nil || want is NSNull {
            #expect(got == nil || got is NSNull, "\(label): expected null, got \(String(describing: got))")
            return
        }
        let g = (got as? Double) ?? .nan
        let w = (want as? Double) ?? .nan
        #expect(abs(g - w) <= tolerance * max(1, abs(w)), "\(label): \(g) vs statsmodels \(w)")
    }

    @Test("change, p-value and control limits of every week match statsmodels and the p-chart formula", arguments: [0, 1])
    func statsmodels(_ index: Int) throws {
        let reference = try #require(Self.cases.count > index ? Self.cases[index] : nil)
        let json = try Self.review(reference["args"] as? [String] ?? [])
        let weeks = try #require(json["weeks"] as? [[String: Any]])
        let want = try #require(reference["weeks"] as? [[String: Any]])
        #expect(weeks.map { $0["week"] as? String } == want.map { $0["week"] as? String })
        for (week, expected) in zip(weeks, want) {
            let label = week["week"] as? String ?? "?"
            #expect(week["has_data"] as? Bool == expected["has_data"] as? Bool, "\(label)")
            #expect((week["compared_with"] as? String) == (expected["compared_with"] as? String), "\(label)")
            let change = week["change"] as? [String: Any] ?? [:]
            let control = week["control"] as? [String: Any] ?? [:]
            for metric in ["contained", "resolution", "P0", "P1", "P2", "any"] {
                let gotChange = change[metric] as? [String: Any]
                let wantChange = (expected["change"] as? [String: Any])?[metric] as? [String: Any]
                #expect((gotChange == nil) == (wantChange == nil), "\(label) \(metric) change")
                if let gotChange, let wantChange {
                    for key in ["difference", "lower", "upper"] {
                        expectClose(gotChange[key], wantChange[key], "\(label) \(metric) change \(key)", tolerance: 1e-11)
                    }
                    expectClose(gotChange["p_value"], wantChange["p_value"], "\(label) \(metric) p", tolerance: 1e-9)
                    #expect(gotChange["significant"] as? Bool == wantChange["significant"] as? Bool, "\(label) \(metric)")
                }
                let gotLimits = control[metric] as? [String: Any]
                let wantLimits = (expected["control"] as? [String: Any])?[metric] as? [String: Any]
                #expect((gotLimits == nil) == (wantLimits == nil), "\(label) \(metric) control")
                if let gotLimits, let wantLimits {
                    for key in ["center", "lower_limit", "upper_limit"] {
                        expectClose(gotLimits[key], wantLimits[key], "\(label) \(metric) \(key)")
                    }
                    #expect(gotLimits["signal"] as? Bool == wantLimits["signal"] as? Bool, "\(label) \(metric) signal")
                }
            }
        }
        // The change's effect: its weeks on against the weeks before it.
        let effect = try #require((json["changes"] as? [[String: Any]])?.first)
        let wantEffect = try #require(reference["change_effect"] as? [String: Any])
        #expect(effect["before_weeks"] as? [String] == wantEffect["before_weeks"] as? [String])
        #expect(effect["after_weeks"] as? [String] == wantEffect["after_weeks"] as? [String])
        for metric in ["contained", "resolution", "any"] {
            let got = (effect["difference"] as? [String: Any])?[metric] as? [String: Any]
            let want = (wantEffect["difference"] as? [String: Any])?[metric] as? [String: Any]
            #expect((got == nil) == (want == nil), "effect \(metric)")
            if let got, let want {
                for key in ["difference", "lower", "upper"] {
                    expectClose(got[key], want[key], "effect \(metric) \(key)", tolerance: 1e-11)
                }
                expectClose(got["p_value"], want["p_value"], "effect \(metric) p", tolerance: 1e-9)
            }
        }
    }

    @Test("the reference log covers a signal, a real change, noise, a week without sessions and one without reviews")
    func coverage() throws {
        let weeks = (Self.cases.first?["weeks"] as? [[String: Any]]) ?? []
        let changes = weeks.flatMap { ($0["change"] as? [String: Any] ?? [:]).values.compactMap { $0 as? [String: Any] } }
        let limits = weeks.flatMap { ($0["control"] as? [String: Any] ?? [:]).values.compactMap { $0 as? [String: Any] } }
        #expect(changes.contains { $0["significant"] as? Bool == true })
        #expect(changes.contains { $0["significant"] as? Bool == false })
        #expect(limits.contains { $0["signal"] as? Bool == true })
        #expect(weeks.contains { $0["has_data"] as? Bool == false })
        #expect(weeks.contains { ($0["control"] as? [String: Any])?["P0"] is NSNull && $0["has_data"] as? Bool == true })
    }

    @Test(
        "the sample log: six weeks, the knowledge added in W12 a real improvement, every format",
        arguments: ["table", "markdown", "json", "csv"])
    func sample(_ format: String) throws {
        let result = try CLI.run(["review", Self.sample, "--changes", Self.sampleChanges, "--by", "intent", "--format", format])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        switch format {
        case "json":
            let json = try CLI.json(result.stdout)
            let weeks = try #require(json["weeks"] as? [[String: Any]])
            #expect(weeks.map { $0["week"] as? String } == (10...15).map { "2026-W\($0)" })
            #expect(weeks.map { $0["sessions"] as? Int ?? 0 }.reduce(0, +) == 5830)
            let w12 = try #require((weeks[2]["change"] as? [String: Any])?["contained"] as? [String: Any])
            #expect(w12["significant"] as? Bool == true && w12["reading"] as? String == "improved")
            #expect((weeks[2]["changes"] as? [[String: Any]])?.first?["area"] as? String == "assets")
            let intents = try #require(json["intents"] as? [[String: Any]])
            #expect(intents.count == 6)
            for (index, week) in weeks.enumerated() {
                let sum = intents.compactMap { (($0["weeks"] as? [[String: Any]])?[index]["sessions"]) as? Int }.reduce(0, +)
                #expect(sum == week["sessions"] as? Int)
            }
            let trends = try #require(json["reason_trends"] as? [[String: Any]])
            #expect(trends.count == 5 && trends.first?["action"] is String)
        case "csv":
            let lines = result.stdout.split(separator: "\r\n")
            #expect(lines.first?.hasPrefix("scope,intent,week,metric,count,total,rate") == true)
            #expect(lines.count == 1 + 7 * 6 * 6)
        case "markdown":
            #expect(result.stdout.hasPrefix("## Weekly review"))
            #expect(result.stdout.contains("| contained | 2026-W12 | 2026-W11 |"))
        default:
            #expect(result.stdout.contains("Change against the previous week"))
            #expect(result.stdout.contains("Intent refund: Rates by week"))
        }
    }

    @Test("the sample's review is the same with -o, read from standard input, and run twice")
    func deterministic() throws {
        let first = try CLI.run(["review", Self.sample, "--format", "json"])
        let again = try CLI.run(
            ["review", "-", "--input-format", "csv", "--format", "json", "--quiet"],
            stdin: try String(contentsOfFile: Self.sample, encoding: .utf8))
        #expect(first.status == 0 && again.status == 0)
        #expect(first.stdout.replacingOccurrences(of: Self.sample, with: "-") == again.stdout)
    }

    @Test(
        "bad input ends with a message naming the place and exit status 2",
        arguments: [
            ("session_id,tags\n1,\n", [String](), "needs the column \"started_at\""),
            ("session_id,tags,started_at\n1,,\n", [], "started_at"),
            ("session_id,tags,started_at\n1,,2026-03-02\n", ["--weeks", "0"], "--weeks 0 must be from 1 to 520"),
            ("session_id,tags,started_at\n1,,2026-03-02\n", ["--top", "0"], "--top 0"),
            ("session_id,tags,started_at\n1,,2026-03-02\n", ["--by", "channel"], "channel"),
            ("session_id,tags,started_at\n1,,2001-01-01\n2,,2026-01-01\n", [], "expected at most 520"),
        ])
    func badInput(_ log: String, _ arguments: [String], _ message: String) throws {
        let result = try CLI.run(["review", "-", "--input-format", "csv"] + arguments, stdin: log)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test(
        "a bad changes file ends with file:line:column, the key path and exit status 2, and writes no output",
        arguments: [
            ("changes:\n  - date: 2026-13-01\n    area: assets\n    what: x\n", ":2:11: changes[0].date"),
            ("changes:\n  - date: 2026-03-02\n    area: prompts\n    what: x\n", ":3:11: changes[0].area"),
            ("changes:\n  - date: 2026-03-02\n    what: x\n", ":2:5: changes[0].area: is missing"),
            ("changes: [\n", ":2:1: is not valid YAML"),
        ])
    func badChanges(_ yaml: String, _ message: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("review-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("changes.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("out.json")
        let result = try CLI.run(["review", Self.sample, "--changes", file.path, "-o", output.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains(file.path + message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test(
        "a change aimed at an intent the log has none of is a warning on standard error and a note, by intent only",
        arguments: [
            ("refunds", ["--by", "intent"], "; did you mean \"refund\"?"),
            ("billing", ["--by", "intent"], "."),
            ("billing", [], nil),
        ] as [(String, [String], String?)])
    func unmatchedIntent(_ intent: String, _ split: [String], _ ending: String?) throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("changes.yaml")
        let yaml = "version: 1\nchanges:\n  - date: 2026-03-30\n    area: actions\n    what: Refunds\n    intent: \(intent)\n"
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["review", Self.sample, "--changes", file.path, "--quiet"] + split)
        #expect(result.status == 0, "\(result.stderr)")
        guard let ending else {
            #expect(result.stderr.isEmpty)
            return
        }
        let warning =
            "sextant: warning: The change \"Refunds\" (2026-03-30) is aimed at the intent \"\(intent)\", which the log has none "
            + "of: it is shown for all sessions only. The log's 6 intents: \"account-access\", \"order-status\", "
            + "\"product-question\", \"refund\", \"returns\", \"shipping-delay\"\(ending)\n"
        #expect(result.stderr == warning)
        #expect(result.stdout.contains("is aimed at the intent \"\(intent)\""))
    }

    @Test("hostile intents and reasons in a log come out inert in the terminal and in Markdown")
    func hostile() throws {
        let log = """
            session_id,started_at,intent,tags,handoff_reason
            1,2026-03-02,"<script>alert(1)</script>",sys_human_help,"\u{1B}]0;pwned\u{07}"
            2,2026-03-09,"=cmd|' /C calc'!A0",sys_human_help,"\"\"><img src=x onerror=alert(1)>"

            """
        let table = try CLI.run(["review", "-", "--input-format", "csv", "--by", "intent"], stdin: log)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(!table.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        #expect(table.stdout.contains("\\u{1B}]0;pwned\\u{7}"))
        let markdown = try CLI.run(
            ["review", "-", "--input-format", "csv", "--by", "intent", "--format", "markdown"], stdin: log)
        #expect(!markdown.stdout.contains("<script") && !markdown.stdout.contains("<img"))
        let csv = try CLI.run(["review", "-", "--input-format", "csv", "--by", "intent", "--format", "csv"], stdin: log)
        #expect(csv.stdout.contains("'=cmd|' /C calc'!A0"))
    }

    @Test("pre-aggregated counts with a week column review like a log; without one, exit 2 naming the column")
    func counts() throws {
        let result = try CLI.run([
            "review", ReportTests.fixture("gate-counts.csv"), "--input-format", "counts", "--by", "intent", "--format", "json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try CLI.json(result.stdout)
        let weeks = try #require(json["weeks"] as? [[String: Any]])
        #expect(weeks.map { $0["week"] as? String } == ["2025-W51", "2025-W52", "2026-W01", "2026-W02", "2026-W03"])
        #expect(weeks[3]["has_data"] as? Bool == false && weeks[4]["compared_with"] as? String == "2026-W01")
        let noWeek = try CLI.run(
            ["review", "-", "--input-format", "counts"],
            stdin: "intent,sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue\na,10,1,2,5,0,0,0,0\n")
        #expect(noWeek.status == 2)
        #expect(noWeek.stderr.contains("needs the column \"week\"") && noWeek.stderr.contains("weekly review"))
    }

    @Test("--help explains the review and gives examples")
    func help() throws {
        let result = try CLI.run(["review", "--help"])
        #expect(result.status == 0)
        for text in [
            "Newcombe", "pooled z-test", "p-chart", "--weeks", "--changes", "Examples:", "sextant review samples/sessions.csv",
        ] {
            #expect(result.stdout.contains(text), "\(text)")
        }
    }
}
