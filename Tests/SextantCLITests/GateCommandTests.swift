import Foundation
import Testing

/// `sextant gate` end to end: verdicts, figures and exit statuses against values computed
/// independently in Python (gate-expected.json, from generate_gate.py), and its bad input.
@Suite("Gate command")
struct GateCommandTests {
    static func fixture(_ name: String) -> String { ReportTests.fixture(name) }

    /// One reference case: a policy file and flags, and what the gate must find.
    struct Case: CustomTestStringConvertible, @unchecked Sendable {
        let name: String
        let policy: String?
        let flags: [String]
        let window: [String: String]?
        let sessions: Int
        let ready: Bool
        let status: Int32
        let criteria: [[String: Any]]
        let intents: [[String: Any]]
        var testDescription: String { name }

        init(_ json: [String: Any]) {
            name = json["name"] as? String ?? ""
            policy = json["policy"] as? String
            flags = json["flags"] as? [String] ?? []
            window = json["window"] as? [String: String]
            sessions = json["sessions"] as? Int ?? -1
            ready = json["ready"] as? Bool ?? false
            status = Int32(json["status"] as? Int ?? -1)
            criteria = json["criteria"] as? [[String: Any]] ?? []
            intents = json["intents"] as? [[String: Any]] ?? []
        }
    }

    static let cases: [Case] = {
        guard
            let text = try? String(
                contentsOf: ReportTests.fixtures.appendingPathComponent("gate-expected.json"), encoding: .utf8),
            let json = try? CLI.json(text), let cases = json["cases"] as? [[String: Any]]
        else { return [] }
        return cases.map(Case.init)
    }()

    /// Runs the gate on `log` for a case: its policy written to a file, its flags added.
    static func run(_ reference: Case, log: [String], extra: [String] = []) throws -> CLI.Result {
        let folder = try CLI.temporaryDirectory()
        var arguments = ["gate"] + log + reference.flags + extra
        if let policy = reference.policy {
            try policy.write(to: folder.appendingPathComponent("policy.yaml"), atomically: true, encoding: .utf8)
            arguments += ["--policy", "policy.yaml"]
        }
        return try CLI.run(arguments, in: folder)
    }

    static func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    @Test("the reference cases pass, fail each criterion in turn, are too small, and have intents both ready and not")
    func coverage() {
        #expect(Self.cases.count >= 12)
        #expect(Self.cases.contains { $0.status == 0 } && Self.cases.contains { $0.status == 1 })
        let failedAlone = Set(
            Self.cases.compactMap { reference -> String? in
                let failing = reference.criteria.filter { $0["passed"] as? Bool == false }
                return failing.count == 1 ? failing[0]["name"] as? String : nil
            })
        #expect(failedAlone.isSuperset(of: ["min_sessions", "min_reviewed", "contained", "resolution", "P0", "P1", "P2", "any"]))
        #expect(
            Self.cases.contains {
                $0.name.hasPrefix("too small") && $0.criteria.filter { $0["passed"] as? Bool == false }.count > 1
            })
        #expect(Self.cases.contains { $0.intents.contains { $0["ready"] as? Bool == true } })
        #expect(Self.cases.contains { $0.ready && $0.intents.contains { $0["ready"] as? Bool == false } })
    }

    @Test(
        "figures, thresholds, results, window, intents and exit status match the reference, from a log and from counts",
        arguments: cases)
    func reference(_ reference: Case) throws {
        for log in [[Self.fixture("gate.csv")], [Self.fixture("gate-counts.csv"), "--input-format", "counts"]] {
            let result = try Self.run(reference, log: log, extra: ["--format", "json"])
            #expect(result.status == reference.status, "\(log[0]): \(result.stderr)")
            let json = try CLI.json(result.stdout)
            #expect(json["ready"] as? Bool == reference.ready)
            #expect(json["sessions"] as? Int == reference.sessions)
            let window = json["window"] as? [String: Any]
            #expect(window?["first"] as? String == reference.window?["first"])
            #expect(window?["last"] as? String == reference.window?["last"])
            let criteria = json["criteria"] as? [[String: Any]] ?? []
            #expect(criteria.map { $0["name"] as? String } == reference.criteria.map { $0["name"] as? String })
            for (got, want) in zip(criteria, reference.criteria) {
                let name = want["name"] as? String ?? ""
                #expect(got["passed"] as? Bool == want["passed"] as? Bool, "\(name) passed")
                #expect(Self.number(got["threshold"]) == Self.number(want["threshold"]), "\(name) threshold")
                let figure = Self.number(got["figure"]) ?? .nan
                let expected = Self.number(want["figure"]) ?? .infinity
                #expect(abs(figure - expected) <= 1e-9 * max(1, expected), "\(name) figure \(figure) vs reference \(expected)")
            }
            let intents = json["intents"] as? [[String: Any]] ?? []
            #expect(intents.map { $0["intent"] as? String } == reference.intents.map { $0["intent"] as? String })
            for (got, want) in zip(intents, reference.intents) {
                #expect(got["ready"] as? Bool == want["ready"] as? Bool, "\(want["intent"] ?? "")")
                let failing = (got["criteria"] as? [[String: Any]] ?? []).filter { $0["passed"] as? Bool == false }
                #expect(failing.map { $0["name"] as? String ?? "" } == want["failing"] as? [String], "\(want["intent"] ?? "")")
            }
        }
    }

    @Test("the table names each criterion with its result; exit 1 still writes the whole report to -o")
    func table() throws {
        let reference = try #require(Self.cases.first { $0.name.hasPrefix("fails P0") })
        let folder = try CLI.temporaryDirectory()
        let result = try Self.run(
            reference, log: [Self.fixture("gate.csv")],
            extra: ["-o", folder.appendingPathComponent("gate.md").path, "--format", "markdown"])
        #expect(result.status == 1 && result.stdout.isEmpty && result.stderr.isEmpty)
        let text = try String(contentsOf: folder.appendingPathComponent("gate.md"), encoding: .utf8)
        #expect(text.hasPrefix("## Auto-Pilot gate: not ready"))
        #expect(text.contains("Not ready: 1 of 7 criteria fails (P0)."))
        // The upper bound 1.0002% would show as the ceiling, 1.00%, at two decimals: it gets four.
        #expect(text.contains("| P0 | upper bound ≤ | 1.0002% | 1.00% | fail |"))
        #expect(text.contains("| P0 | upper bound ≤ |"))
        #expect(text.contains("| alpha |"))
        let csv = try Self.run(reference, log: [Self.fixture("gate.csv")], extra: ["--format", "csv"])
        #expect(csv.status == 1)
        #expect(csv.stdout.hasPrefix("scope,intent,ready,criterion,bound,figure,threshold,passed,count,total,rate,lower,upper"))
        #expect(csv.stdout.contains("all,,false,P0,upper,"))
    }

    @Test("the JSON has the documented keys, and its policy, saved as a file, is the same policy")
    func jsonPolicyRoundTrip() throws {
        let reference = try #require(Self.cases.first { $0.name.hasPrefix("a window across") })
        let first = try Self.run(reference, log: [Self.fixture("gate.csv")], extra: ["--format", "json"])
        let json = try CLI.json(first.stdout)
        for key in ["schema_version", "ready", "policy", "window", "criteria", "intents", "sessions", "reviewed", "workflow"] {
            #expect(json[key] != nil, "\(key)")
        }
        let criterion = try #require((json["criteria"] as? [[String: Any]])?.last)
        #expect(Set(criterion.keys) == ["name", "metric", "bound", "figure", "threshold", "passed", "rate"])
        #expect(criterion["bound"] as? String == "upper" && criterion["metric"] as? String == "P2")
        let rate = try #require(criterion["rate"] as? [String: Any])
        #expect(rate["method"] as? String == "jeffreys" && rate["total"] as? Int == 545)
        let policy = try JSONSerialization.data(withJSONObject: try #require(json["policy"]))
        let folder = try CLI.temporaryDirectory()
        try policy.write(to: folder.appendingPathComponent("saved.yaml"))
        let again = try CLI.run(["gate", Self.fixture("gate.csv"), "--policy", "saved.yaml", "--format", "json"], in: folder)
        #expect(again.status == first.status, "\(again.stderr)")
        #expect(try CLI.json(again.stdout)["criteria"] as? NSArray == json["criteria"] as? NSArray)
    }

    @Test("the bundled example policy reads, and judges the bundled sample log: not ready, exit 1")
    func bundledPolicy() throws {
        let result = try CLI.run(
            ["gate", "samples/sessions.csv", "--policy", "scenarios/gate-policy.yaml"], in: ReportTests.repository)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Auto-Pilot gate: not ready"))
        #expect(result.stdout.contains("2026-W12 to 2026-W15"))
    }

    @Test("--no-intents judges the whole log only, so counts without an intent column can be gated")
    func noIntents() throws {
        let folder = try CLI.temporaryDirectory()
        let counts = "sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue\n5000,500,900,4000,0,10,30,40\n"
        try counts.write(to: folder.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        let refused = try CLI.run(["gate", "c.csv", "--input-format", "counts", "--min-sessions", "100"], in: folder)
        #expect(refused.status == 2)
        #expect(
            refused.stderr.contains(
                "c.csv:1: splitting by intent needs the column \"intent\" in the counts; or pass --no-intents"))
        let ready = try CLI.run(
            ["gate", "c.csv", "--input-format", "counts", "--no-intents", "--min-sessions", "100", "--ceiling", "P0=0.001"],
            in: folder)
        #expect(ready.status == 0, "\(ready.stderr)")
        #expect(ready.stdout.hasPrefix("Auto-Pilot gate: ready") && !ready.stdout.contains("Intents"))
        let window = try CLI.run(
            ["gate", "c.csv", "--input-format", "counts", "--no-intents", "--min-sessions", "100", "--window-weeks", "2"],
            in: folder)
        #expect(window.status == 2)
        #expect(window.stderr.contains("needs the column \"week\" in the counts, which a window of weeks (window_weeks) needs"))
    }

    @Test("counts rows without a week refuse a window, naming the log; a log on standard input is judged")
    func sessionsWithoutWeek() throws {
        let folder = try CLI.temporaryDirectory()
        let counts = """
            week,intent,sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue
            2026-W10,a,100,5,10,100,0,0,0,0
            ,a,5,0,0,5,0,0,0,0

            """
        try counts.write(to: folder.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        let refused = try CLI.run(
            ["gate", "c.csv", "--input-format", "counts", "--window-weeks", "2", "--min-sessions", "1"], in: folder)
        #expect(refused.status == 2 && refused.stdout.isEmpty)
        #expect(
            refused.stderr
                == "sextant: error: c.csv: found 5 sessions without a week; a window of weeks needs the week of every session\n")
        let piped = try CLI.run(
            ["gate", "-", "--input-format", "counts", "--min-sessions", "105", "--format", "json"], stdin: counts, in: folder)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(try CLI.json(piped.stdout)["inputs"] as? [String] == ["-"])
    }

    @Test("bad policies exit 2 with every problem at once: file:line:column, key path, did you mean")
    func badPolicy() throws {
        let folder = try CLI.temporaryDirectory()
        let policy = """
            version: 1
            min_sesions: 100
            method: wilsn
            contained: {floor: targt}
            issues:
              P0: {ceiling: 1.3}
              p1: {ceiling: 0.01}
            window_weeks: 0

            """
        try policy.write(to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["gate", Self.fixture("gate.csv"), "--policy", "bad.yaml"], in: folder)
        #expect(result.status == 2 && result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "sextant: error: bad.yaml:2:14: min_sesions: unknown key; did you mean \"min_sessions\"?",
                "sextant: error: bad.yaml:3:9: method: found \"wilsn\"; expected one of wilson, clopper-pearson, jeffreys, agresti-coull, wald; did you mean \"wilson\"?",
                "sextant: error: bad.yaml:4:20: contained.floor: found \"targt\"; expected a number from 0 to 1, or target for the workflow's target floor; did you mean \"target\"?",
                "sextant: error: bad.yaml:6:17: issues.P0.ceiling: 1.3 is not a probability; expected a number from 0 to 1",
                "sextant: error: bad.yaml:7:7: issues.p1: unknown key; did you mean \"P1\"?",
                "sextant: error: bad.yaml:8:15: window_weeks: 0 is not a number of weeks; expected 1 to 1040",
            ], "\(result.stderr)")
    }

    @Test(
        "bad flags, no criteria, and a policy with an alias exit 2 without output",
        arguments: [
            (["--ceiling", "P3=0.1"], "--ceiling P3=0.1: expected RATE=CEILING with RATE one of P0, P1, P2, any"),
            (["--ceiling", "P0=2"], "--ceiling P0=2: the ceiling is not a probability"),
            (["--contained-floor", "high"], "--contained-floor high: expected a number from 0 to 1, or target"),
            (["--window-weeks", "0"], "--window-weeks 0 is not a number of weeks"),
            (["--confidence", "1"], "--confidence 1.0 is not strictly between 0 and 1"),
            (["--min-reviewed=-1"], "--min-reviewed -1 is negative"),
            ([], "no criteria; give a policy file (--policy FILE) or criteria"),
            (["--policy", "missing.yaml"], "missing.yaml: cannot read the gate policy; check the path"),
        ])
    func badFlags(_ flags: [String], _ message: String) throws {
        let result = try CLI.run(["gate", Self.fixture("gate.csv")] + flags)
        #expect(result.status == 2 && result.stdout.isEmpty)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("a policy file with an anchor and alias is refused where it stands")
    func alias() throws {
        let folder = try CLI.temporaryDirectory()
        try "version: 1\ncontained: &f {floor: 0.8}\nresolution: *f\n".write(
            to: folder.appendingPathComponent("alias.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["gate", Self.fixture("gate.csv"), "--policy", "alias.yaml"], in: folder)
        #expect(result.status == 2 && result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("sextant: error: alias.yaml:2:"), "\(result.stderr)")
    }

    @Test("-o refuses to overwrite the policy it reads")
    func outputIsPolicy() throws {
        let folder = try CLI.temporaryDirectory()
        try "version: 1\nmin_sessions: 1\n".write(to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["gate", Self.fixture("gate.csv"), "--policy", "p.yaml", "-o", "p.yaml"], in: folder)
        #expect(result.status == 2 && result.stderr.contains("-o p.yaml: is an input"))
        #expect(
            try String(contentsOf: folder.appendingPathComponent("p.yaml"), encoding: .utf8) == "version: 1\nmin_sessions: 1\n")
    }
}
