import Foundation
import Testing

/// Arguments and inputs as a hostile tester gave them: negative numbers, scenarios on standard
/// input or as folders, declining traffic, hostile names, edge answers.
@Suite("arguments and inputs under attack (end to end)")
struct InputAttackTests {
    static let scenario = ScenarioCommandTests.scenarios.appendingPathComponent("service-ecommerce.yaml").path
    static let log = ReportTests.fixture("features.csv")

    // MARK: Negative numbers and the argument parser's messages

    @Test(
        "a negative number is read as the option's value and refused with its range, in the sextant: error: form",
        arguments: [
            (["simulate", scenario, "--replications", "-1"], "--replications -1 must be from 1 to 10,000,000"),
            (["simulate", scenario, "--threads", "-1"], "--threads -1 must be from 1 to 1,024"),
            (["simulate", scenario, "--weeks", "-1"], "--weeks -1 must be at least 1"),
            (["report", log, "--top", "-5"], "--top -5 must be at least 1"),
            (["report", log, "--small-segment", "-5"], "--small-segment -5 must be at least 0"),
            (["interval", "--count", "-1", "--total", "3"], "--count -1 is negative; expected 0 ≤ count ≤ total"),
            (
                ["interval", "--count", "1", "--total", "3", "--confidence", "-0.5"],
                "--confidence -0.5 is not strictly between 0 and 1"
            ),
            (["gate", log, "--min-sessions", "-1"], "--min-sessions -1 is negative"),
            (["gate", log, "--window-weeks", "-2"], "--window-weeks -2 is not a number of weeks"),
        ])
    func negativeNumbers(_ arguments: [String], _ message: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("sextant: error: " + message), "\(result.stderr)")
        #expect(result.stderr.contains("\nUsage: sextant "), "the usage hint is kept")
        #expect(!result.stderr.contains("Missing value") && !result.stderr.contains("Error: "))
        #expect(result.stdout.isEmpty)
    }

    @Test(
        "every argument error starts with sextant: error: and keeps its hint",
        arguments: [
            ["interval", "--count", "x", "--total", "3"], ["simulate"], ["simulate", scenario, "--weeks"], ["report"],
            ["interval", "--count", "1", "--total", "3", "--nonsense"],
        ])
    func parserErrors(_ arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("sextant: error: "), "\(result.stderr)")
        #expect(result.stderr.contains("sextant \(arguments[0]) --help") || result.stderr.contains("Usage:"))
    }

    @Test("--weeks beyond the horizon is blamed on --weeks, not on the scenario file")
    func weeksFlag() throws {
        let result = try CLI.run(["simulate", Self.scenario, "--weeks", "1041"])
        #expect(result.status == 2)
        #expect(
            result.stderr.hasPrefix(
                "sextant: error: --weeks 1041: 1041 weeks is beyond the 1040-week horizon Sextant simulates\n"))
        #expect(!result.stderr.contains("service-ecommerce.yaml"))
    }

    // MARK: Scenarios from standard input and folders

    @Test("- reads a scenario from standard input for validate, simulate and diff")
    func standardInput() throws {
        let text = try String(contentsOfFile: Self.scenario, encoding: .utf8)
        let validated = try CLI.run(["validate", "-", "--format", "json"], stdin: text)
        #expect(validated.status == 0, "\(validated.stderr)")
        let json = try CLI.json(validated.stdout)
        #expect(json["valid"] as? Bool == true)
        let fromFile = try CLI.run(["simulate", Self.scenario, "--replications", "20", "--quiet", "--format", "json"])
        let fromInput = try CLI.run(["simulate", "-", "--replications", "20", "--quiet", "--format", "json"], stdin: text)
        #expect(fromInput.status == 0 && fromInput.stdout == fromFile.stdout)
        let diff = try CLI.run(["diff", "-", Self.scenario], stdin: text)
        #expect(diff.status == 0, "\(diff.stderr)")
    }

    @Test("standard input named twice is refused before anything is read")
    func standardInputTwice() throws {
        let text = try String(contentsOfFile: Self.scenario, encoding: .utf8)
        for arguments in [
            ["diff", "-", "-"], ["validate", "-", "-"], ["report", "-", "--input-format", "csv", "--targets", "-"],
        ] {
            let result = try CLI.run(arguments, stdin: text)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains("standard input (-)"), "\(arguments): \(result.stderr)")
        }
    }

    @Test("a scenario on standard input is bounded like a file")
    func standardInputBounded() throws {
        let result = try CLI.shell("head -c 5000000 /dev/zero | \"$SEXTANT\" validate -")
        #expect(result.stderr.contains("sextant: error: -: is over 4 MiB; expected a YAML file of at most 4 MiB"))
    }

    @Test("a folder given as a scenario says it is a folder", arguments: ["validate", "simulate"])
    func folder(_ command: String) throws {
        let folder = try CLI.temporaryDirectory()
        let result = try CLI.run([command, folder.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("sextant: error: \(folder.path): is a folder; expected a scenario file (YAML)"))
    }

    // MARK: Scenarios that decline to nothing

    static let declining = """
        version: 1
        name: decline
        sessions_per_week: 1000
        weekly_growth: GROWTH
        weeks: 10
        review_rate: 0.1
        intents:
          - name: a
            share: 1
        """

    @Test("a growth that leaves a week with no session is refused by validate and simulate, with the week")
    func decline() throws {
        let (folder, name) = try ScenarioDefectTests.write(
            Self.declining.replacingOccurrences(of: "GROWTH", with: "-0.99"), "d.yaml")
        for arguments in [["validate", name], ["simulate", name, "--quiet"]] {
            let result = try CLI.run(arguments, in: folder)
            #expect(result.status == 2)
            #expect(
                result.stderr.contains("d.yaml:4:16: weekly_growth: -0.99 leaves week 3 with 0.1 sessions, which rounds to 0"))
        }
        let (gentle, file) = try ScenarioDefectTests.write(
            Self.declining.replacingOccurrences(of: "GROWTH", with: "-0.2"), "g.yaml")
        #expect(try CLI.run(["simulate", file, "--quiet", "--replications", "5"], in: gentle).status == 0)
        let longer = try CLI.run(["simulate", file, "--quiet", "--weeks", "40"], in: gentle)
        #expect(longer.status == 2)
        #expect(
            longer.stderr.hasPrefix("sextant: error: --weeks 40: with the scenario g.yaml, weekly_growth: -0.2 leaves week 36"))
    }

    // MARK: Hostile names and edge answers

    @Test("an intent with a right-to-left override is shown escaped in the table and Markdown, and as \\u202e in JSON")
    func bidiIntent() throws {
        let folder = try CLI.temporaryDirectory()
        try "session_id,intent,tags\ns1,a\u{202E}fdp.exe,\ns2,b\u{2066}x,sys_human_help\n".write(
            to: folder.appendingPathComponent("b.csv"), atomically: true, encoding: .utf8)
        for format in ["table", "markdown", "csv"] {
            let result = try CLI.run(
                ["report", "b.csv", "--by", "intent", "--format", format, "--small-segment", "0"], in: folder)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stdout.contains("\u{202E}") && !result.stdout.contains("\u{2066}"), "\(format)")
            #expect(result.stdout.contains("u{202E}fdp.exe"), "\(format)")
        }
        let json = try CLI.run(["report", "b.csv", "--by", "intent", "--format", "json"], in: folder)
        #expect(json.stdout.contains("a\\u202efdp.exe") && !json.stdout.contains("\u{202E}"))
    }

    @Test("an intent with carriage returns stays on one CSV line in simulate and validate")
    func carriageReturnIntent() throws {
        var text = try String(contentsOfFile: Self.scenario, encoding: .utf8)
        text = text.replacingOccurrences(of: "name: order-status", with: "name: \"\\r\\rCR\"")
        let (folder, name) = try ScenarioDefectTests.write(text, "cr.yaml")
        let simulated = try CLI.run(
            ["simulate", name, "--quiet", "--replications", "5", "--intents", "--format", "csv"], in: folder)
        #expect(simulated.status == 0, "\(simulated.stderr)")
        #expect(simulated.stdout.contains("\\r\\rCR"))
        #expect(!simulated.stdout.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
    }

    @Test("a report of a log with no session says no data, not never at this rate")
    func headerOnly() throws {
        let folder = try CLI.temporaryDirectory()
        try "session_id,tags\n".write(to: folder.appendingPathComponent("h.csv"), atomically: true, encoding: .utf8)
        for format in ["table", "markdown"] {
            let result = try CLI.run(["report", "h.csv", "--format", format], in: folder)
            #expect(result.status == 0)
            #expect(result.stdout.contains("no data") && !result.stdout.contains("never at this rate"), "\(result.stdout)")
        }
    }

    @Test(
        "Wald's degenerate sample sizes come with a note recommending wilson",
        arguments: [["--rate", "0.8", "--threshold", "0.75"], ["--ceiling", "0.001"]])
    func wald(_ question: [String]) throws {
        let result = try CLI.run(["sample-size"] + question + ["--method", "wald"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("With 1 session, ") || result.stdout.hasPrefix("1 reviewed session with no issue gives"))
        #expect(result.stdout.contains("collapses") && result.stdout.contains("use --method wilson"))
    }

    @Test(
        "no sentence rounds an uncertain level to 0 % or 100 %",
        arguments: [
            (["interval", "--count", "1", "--total", "10", "--confidence", "0.9999999999"], "99.99999999% wilson interval"),
            (["interval", "--count", "1", "--total", "10", "--confidence", "1e-300"], "1e-298% wilson interval"),
            (["sample-size", "--rate", "0.8", "--threshold", "0.75", "--power", "0.9999999"], "with 99.99999% probability"),
            (["sample-size", "--ceiling", "1e-12"], "at most 0.0000000001%"),
        ])
    func rounding(_ arguments: [String], _ expected: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 0)
        #expect(result.stdout.contains(expected), "\(result.stdout)")
        #expect(!result.stdout.contains(" 100% ") && !result.stdout.contains(" 0% ") && !result.stdout.contains("0.00%:"))
    }
}
