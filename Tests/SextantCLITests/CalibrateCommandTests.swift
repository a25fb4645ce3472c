import Foundation
import Testing

@Suite("sextant calibrate (end to end)")
struct CalibrateCommandTests {
    static let samples = ScenarioCommandTests.scenarios.deletingLastPathComponent().appendingPathComponent("samples")
    static let log = samples.appendingPathComponent("sessions.csv").path
    static let mapping = samples.appendingPathComponent("reason-mapping.yaml").path

    @Test(
        "--check shows its replications on a terminal's standard error, as every long command does, and nothing with --quiet",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")), arguments: [false, true])
    func checkProgress(quiet: Bool) throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let command =
            [CLI.binary.path, "calibrate", Self.log, "-o", "fitted.yaml", "--check", "--replications", "2000"]
            + (quiet ? ["--quiet"] : [])
        // script(1) runs the command on a pseudo-terminal: standard error is a terminal there.
        let script = command.map(OutputTests.quoted).joined(separator: " ") + " > report.txt"
        let result = try CLI.shell("script -qec \(OutputTests.quoted(script)) /dev/null", in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\r\u{1B}[Ksimulated ") == !quiet, "\(result.stdout)")
        #expect(result.stdout.contains(" of 2,000 replications (") == !quiet)
        let report = try String(contentsOf: folder.appendingPathComponent("report.txt"), encoding: .utf8)
        #expect(!report.contains("\u{1B}[K"), "the progress line never reaches standard output")
    }

    @Test("the sample log calibrates to a scenario that validates, and plan takes it")
    func sample() throws {
        let folder = try CLI.temporaryDirectory()
        let output = folder.appendingPathComponent("fitted.yaml").path
        let result = try CLI.run(["calibrate", Self.log, "--reasons", Self.mapping, "-o", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Calibration: fitted → \(output)"))
        #expect(!result.stdout.contains("had no reason code"))
        let validate = try CLI.run(["validate", output])
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.contains("workflow: service-ecommerce  # from the log's workflow column"))
        #expect(text.contains("weeks: 6"))
        let plan = try CLI.run(["plan", output, "--replications", "50", "--contained-floor", "0.8", "--format", "json"])
        #expect(plan.status == 0, "\(plan.stderr)")
    }

    @Test("without a mapping the free-text reasons are counted as unexplained, and the output says how many")
    func unexplained() throws {
        let folder = try CLI.temporaryDirectory()
        let output = folder.appendingPathComponent("fitted.yaml").path
        let result = try CLI.run(["calibrate", Self.log, "-o", output, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try CLI.json(result.stdout)
        #expect(json["unexplained_handoffs"] as? Int == 113)
        #expect((json["unexplained_reasons"] as? [[String: Any]])?.count == 2)
        #expect(json["reasons_recorded"] as? Bool == true)
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.contains("113 handoff sessions had no reason code"))
    }

    @Test("--check reports each intent and week with its p-value and flags the intents that changed")
    func check() throws {
        let folder = try CLI.temporaryDirectory()
        let output = folder.appendingPathComponent("fitted.yaml").path
        let arguments = [
            "calibrate", Self.log, "--reasons", Self.mapping, "-o", output, "--check", "--replications", "200", "--format",
            "json",
        ]
        let result = try CLI.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try CLI.json(result.stdout)
        let check = try #require(json["check"] as? [String: Any])
        #expect(check["replications"] as? Int == 200)
        let cells = try #require(check["cells"] as? [[String: Any]])
        #expect(cells.count == 6 * 6 * 2)
        #expect(
            Set(cells[0].keys) == ["intent", "week", "metric", "sessions", "observed", "simulated", "p_value", "implausible"])
        let changed = try #require(check["homogeneity"] as? [[String: Any]]).filter { $0["changed"] as? Bool == true }
        // The sample log's knowledge fix of week 12 moves returns.
        #expect(changed.contains { $0["intent"] as? String == "returns" && $0["metric"] as? String == "contained" })
        let again = try CLI.run(arguments)
        #expect(again.stdout == result.stdout)
        for format in ["table", "markdown", "csv"] {
            let rendered = try CLI.run(Array(arguments.dropLast(2)) + ["--format", format])
            #expect(rendered.status == 0 && !rendered.stdout.isEmpty, "\(format): \(rendered.stderr)")
        }
    }

    @Test("a log without reasons: only shares and rates are identified, and the output says so")
    func withoutReasons() throws {
        let folder = try CLI.temporaryDirectory()
        let log = folder.appendingPathComponent("log.csv")
        try
            "session_id,started_at,intent,tags\n1,2026-03-02,a,sys_human_help\n2,2026-03-03,a,\n3,2026-03-10,b,sys_human_follow_up\n4,2026-03-11,b,\n"
            .write(to: log, atomically: true, encoding: .utf8)
        let result = try CLI.run(["calibrate", log.path, "-o", "-"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("# Fitted to 4 AI sessions"))
        #expect(result.stdout.contains("The log has no handoff_reason column"))
        #expect(
            result.stderr.contains(
                "The log has no handoff reasons: only the shares and the contained, resolution and issue rates"))
        #expect(result.stdout.contains("weeks: 2"))
    }

    @Test(
        "bad input exits 2 with the file, line and column or key path",
        arguments: [
            (
                "mapping.yaml", "version: 1\nreasons:\n  user_requests: [x]\n",
                "mapping.yaml:3:18: reasons.user_requests: unknown reason code"
            ),
            (
                "prior.yaml", "version: 1\nname: p\nsessions_per_week: 10\nweeks: 2\nreview_rate: 2\nintents: []\n",
                "prior.yaml:5:14: review_rate"
            ),
            ("empty.csv", "session_id,tags\n", "has no sessions"),
        ])
    func badInput(name: String, content: String, expected: String) throws {
        let folder = try CLI.temporaryDirectory()
        let file = folder.appendingPathComponent(name)
        try content.write(to: file, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("out.yaml").path
        var arguments = ["calibrate", Self.log, "-o", output]
        switch name {
        case "mapping.yaml": arguments += ["--reasons", file.path]
        case "prior.yaml": arguments += ["--prior", file.path]
        default: arguments[1] = file.path
        }
        let result = try CLI.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test("writing the scenario over an input is refused")
    func overwrite() throws {
        let folder = try CLI.temporaryDirectory()
        let copy = folder.appendingPathComponent("sessions.csv")
        try FileManager.default.copyItem(atPath: Self.log, toPath: copy.path)
        let result = try CLI.run(["calibrate", copy.path, "-o", copy.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("is an input"), "\(result.stderr)")
    }

    @Test("--help has examples")
    func help() throws {
        let result = try CLI.run(["calibrate", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Examples:") && result.stdout.contains("sextant calibrate samples/sessions.csv"))
    }
}
