import Foundation
import Testing

/// `sextant report` end to end: the built binary on files, gzip and standard input.
@Suite("sextant report (end to end)")
struct ReportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    /// expected.json: counts from Python's csv module and Wilson intervals from statsmodels.
    static func expected() throws -> [String: Any] {
        try CLI.json(String(contentsOf: fixtures.appendingPathComponent("expected.json"), encoding: .utf8))
    }

    private func expectRates(_ metrics: [String: Any], _ expected: [String: Any], _ label: String) {
        let issues = metrics["issues"] as? [String: Any] ?? [:]
        let pairs: [(String, Any?)] = [
            ("contained", metrics["contained"]), ("resolution", metrics["resolution"]), ("P0", issues["P0"]),
            ("P1", issues["P1"]),
            ("P2", issues["P2"]), ("any", issues["any"]),
        ]
        for (name, value) in pairs {
            let got = value as? [String: Any] ?? [:]
            let want = expected[name] as? [String: Any] ?? [:]
            #expect(got["count"] as? Int == want["count"] as? Int, "\(label) \(name) count")
            #expect(got["total"] as? Int == want["total"] as? Int, "\(label) \(name) total")
            for bound in ["lower", "upper"] {
                let g = got[bound] as? Double ?? -1
                let w = want[bound] as? Double ?? -2
                #expect(abs(g - w) <= 1e-12, "\(label) \(name) \(bound): \(g) vs statsmodels \(w)")
            }
        }
    }

    @Test(
        "counts and Wilson intervals match statsmodels on a log with every CSV feature, in every form",
        arguments: [
            (["features.csv"], nil as String?), (["features.jsonl"], nil), (["features.csv.gz"], nil),
            (["features.jsonl.gz"], nil),
            (["-", "--input-format", "csv"], "features.csv"), (["-", "--input-format", "jsonl"], "features.jsonl"),
            (["-", "--input-format", "csv"], "features.csv.gz"),
        ])
    func matchesReference(arguments: [String], stdinFile: String?) throws {
        let expected = try Self.expected()
        let files = arguments.map { $0.hasPrefix("features") ? Self.fixture($0) : $0 }
        var stdin: Data?
        if let stdinFile { stdin = try Data(contentsOf: Self.fixtures.appendingPathComponent(stdinFile)) }
        let result = try CLI.run(["report"] + files + ["--format", "json"], stdinData: stdin)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try CLI.json(result.stdout)
        let overall = expected["overall"] as? [String: Any] ?? [:]
        #expect(json["sessions"] as? Int == overall["sessions"] as? Int)
        #expect(json["reviewed"] as? Int == overall["reviewed"] as? Int)
        #expect(json["review_assumed"] as? Bool == false)
        expectRates(json["metrics"] as? [String: Any] ?? [:], overall, "overall")
        // Handoff reasons, including ones with commas, quotes and line breaks.
        let reasons = (json["handoff_reasons"] as? [[String: Any]] ?? []).reduce(into: [String: Int]()) {
            $0[$1["reason"] as? String ?? ""] = $1["count"] as? Int
        }
        #expect(reasons == (expected["reasons"] as? [String: Int] ?? [:]))
    }

    @Test("several files at once: two halves of a log report as the whole")
    func severalFiles() throws {
        let folder = try CLI.temporaryDirectory()
        let lines = try String(contentsOf: Self.fixtures.appendingPathComponent("features.jsonl"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let half = lines.count / 2
        try (lines[..<half].joined(separator: "\n") + "\n").write(
            to: folder.appendingPathComponent("a.jsonl"), atomically: true, encoding: .utf8)
        try (lines[half...].joined(separator: "\n") + "\n").write(
            to: folder.appendingPathComponent("b.jsonl"), atomically: true, encoding: .utf8)
        let both = try CLI.json(CLI.run(["report", "a.jsonl", "b.jsonl", "--format", "json"], in: folder).stdout)
        let whole = try CLI.json(CLI.run(["report", Self.fixture("features.jsonl"), "--format", "json"]).stdout)
        #expect(both["sessions"] as? Int == whole["sessions"] as? Int)
        #expect((both["metrics"] as? NSDictionary) == (whole["metrics"] as? NSDictionary))
        #expect((both["inputs"] as? [String]) == ["a.jsonl", "b.jsonl"])
        // The same session in two files is a repeat (the same file given twice is refused up front:
        // IngestAttackTests).
        try FileManager.default.copyItem(
            at: folder.appendingPathComponent("a.jsonl"), to: folder.appendingPathComponent("c.jsonl"))
        let twice = try CLI.run(["report", "a.jsonl", "c.jsonl"], in: folder)
        #expect(twice.status == 2 && twice.stderr.contains("repeats the session at a.jsonl:1"))
    }

    @Test("segments by week and by intent match the reference", arguments: ["week", "intent"])
    func segments(dimension: String) throws {
        let expected = try Self.expected()["by_\(dimension)"] as? [String: [String: Any]] ?? [:]
        let result = try CLI.run(["report", Self.fixture("features.csv"), "--by", dimension, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let segments = try CLI.json(result.stdout)["segments"] as? [[String: Any]] ?? []
        #expect(segments.count == expected.count)
        for segment in segments {
            let key = (segment["key"] as? [String: String])?[dimension] ?? ""
            let want = try #require(expected[key], "unexpected segment \(key)")
            #expect(segment["sessions"] as? Int == want["sessions"] as? Int)
            expectRates(segment["metrics"] as? [String: Any] ?? [:], want, "\(dimension)=\(key)")
            #expect(segment["small"] as? Bool == ((segment["sessions"] as? Int ?? 0) < 100))
        }
    }

    @Test("the same counts come from pre-aggregated counts as from the log")
    func countsInput() throws {
        let folder = try CLI.temporaryDirectory()
        let counts = folder.appendingPathComponent("counts.csv")
        let weekly = try CLI.json(CLI.run(["report", Self.fixture("features.csv"), "--by", "week", "--format", "json"]).stdout)
        var lines = ["week,sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue"]
        for segment in weekly["segments"] as? [[String: Any]] ?? [] {
            let metrics = segment["metrics"] as? [String: Any] ?? [:]
            let issues = metrics["issues"] as? [String: [String: Any]] ?? [:]
            let sessions = segment["sessions"] as? Int ?? 0
            let contained = (metrics["contained"] as? [String: Any])?["count"] as? Int ?? 0
            let resolved = (metrics["resolution"] as? [String: Any])?["count"] as? Int ?? 0
            let week = (segment["key"] as? [String: String])?["week"] ?? ""
            let counts = ["P0", "P1", "P2", "any"].map { String(issues[$0]?["count"] as? Int ?? 0) }
            lines.append(
                ([
                    week, String(sessions), String(sessions - contained), String(sessions - resolved),
                    String(segment["reviewed"] as? Int ?? 0),
                ]
                    + counts).joined(separator: ","))
        }
        try (lines.joined(separator: "\n") + "\n").write(to: counts, atomically: true, encoding: .utf8)
        let fromCounts = try CLI.run(["report", counts.path, "--input-format", "counts", "--by", "week", "--format", "json"])
        #expect(fromCounts.status == 0, "\(fromCounts.stderr)")
        let json = try CLI.json(fromCounts.stdout)
        #expect(json["sessions"] as? Int == weekly["sessions"] as? Int)
        #expect((json["metrics"] as? NSDictionary) == (weekly["metrics"] as? NSDictionary))
        #expect((json["segments"] as? [[String: Any]])?.count == (weekly["segments"] as? [[String: Any]])?.count)
    }

    /// gaps-expected.json: a log with known counts and targets files that give every verdict, with
    /// Wilson intervals, verdicts, Jeffreys probabilities and sessions to conclude computed in Python
    /// (generate_gaps.py), independently of Sextant.
    static let gapCases: [GapCase] = {
        guard let text = try? String(contentsOf: fixtures.appendingPathComponent("gaps-expected.json"), encoding: .utf8),
            let json = try? CLI.json(text), let cases = json["cases"] as? [[String: Any]]
        else { return [] }
        return cases.map(GapCase.init)
    }()

    struct GapCase: CustomTestStringConvertible, @unchecked Sendable {
        let name: String
        let targets: String
        let gaps: [String: [String: Any]]
        let issueGaps: [String: [String: Any]]
        var testDescription: String { name }

        init(_ json: [String: Any]) {
            name = json["name"] as? String ?? ""
            targets = json["targets"] as? String ?? ""
            gaps = json["gaps"] as? [String: [String: Any]] ?? [:]
            issueGaps = json["issue_gaps"] as? [String: [String: Any]] ?? [:]
        }
    }

    @Test("the reference cases cover every verdict, and P0's zero tolerance overrides a passing interval")
    func gapCoverage() {
        let rateVerdicts = Set(Self.gapCases.flatMap { $0.gaps.values.compactMap { $0["verdict"] as? String } })
        #expect(rateVerdicts == ["below", "inconclusive", "met", "above"])
        let issueVerdicts = Set(Self.gapCases.flatMap { $0.issueGaps.values.compactMap { $0["verdict"] as? String } })
        #expect(issueVerdicts == ["inconclusive", "met", "above"])
        #expect(
            Self.gapCases.contains { gapCase in
                let p0 = gapCase.issueGaps["P0"] ?? [:]
                return p0["zero_tolerance"] as? Bool == true && p0["verdict"] as? String == "above"
                    && (p0["upper"] as? Double ?? 1) <= (p0["ceiling"] as? Double ?? 0)
            })
    }

    @Test(
        "gaps: verdicts, points, probabilities and sessions to conclude match values computed independently", arguments: gapCases)
    func gaps(_ reference: GapCase) throws {
        let folder = try CLI.temporaryDirectory()
        try reference.targets.write(to: folder.appendingPathComponent("targets.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(
            ["report", Self.fixture("gaps.csv"), "--workflow", "service", "--targets", "targets.yaml", "--format", "json"],
            in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try CLI.json(result.stdout)
        let metrics = json["metrics"] as? [String: Any] ?? [:]
        let issueMetrics = metrics["issues"] as? [String: Any] ?? [:]
        let gaps = json["gaps"] as? [String: [String: Any]] ?? [:]
        let issueGaps = json["issue_gaps"] as? [String: [String: Any]] ?? [:]
        for (name, want) in reference.gaps {
            let rate = metrics[name] as? [String: Any] ?? [:]
            expectGap(gaps[name] ?? [:], rate: rate, want, name: name)
            expectClose(gaps[name]?["floor"], want["floor"], 0, "\(name) floor")
            expectClose(gaps[name]?["gap_points"], want["gap_points"], 1e-9, "\(name) gap_points")
            expectClose(gaps[name]?["probability_reaches_floor"], want["probability_reaches_floor"], 1e-9, "\(name) probability")
        }
        for (name, want) in reference.issueGaps {
            let rate = issueMetrics[name] as? [String: Any] ?? [:]
            expectGap(issueGaps[name] ?? [:], rate: rate, want, name: name)
            #expect(issueGaps[name]?["zero_tolerance"] as? Bool == want["zero_tolerance"] as? Bool, "\(name) zero_tolerance")
            expectClose(issueGaps[name]?["ceiling"], want["ceiling"], 0, "\(name) ceiling")
            expectClose(
                issueGaps[name]?["probability_within_ceiling"], want["probability_within_ceiling"], 1e-9, "\(name) probability")
        }
    }

    /// The counts, interval, verdict and sessions to conclude of one judged rate against the reference.
    private func expectGap(_ gap: [String: Any], rate: [String: Any], _ want: [String: Any], name: String) {
        #expect(rate["count"] as? Int == want["count"] as? Int && rate["total"] as? Int == want["total"] as? Int, "\(name)")
        expectClose(rate["lower"], want["lower"], 1e-12, "\(name) lower")
        expectClose(rate["upper"], want["upper"], 1e-12, "\(name) upper")
        #expect(gap["verdict"] as? String == want["verdict"] as? String, "\(name) verdict")
        #expect(gap["sessions_to_conclude"] as? Int == want["sessions_to_conclude"] as? Int, "\(name) sessions to conclude")
    }

    private func expectClose(_ got: Any?, _ want: Any?, _ tolerance: Double, _ label: String) {
        let got = got as? Double ?? .nan
        let want = want as? Double ?? -.infinity
        #expect(abs(got - want) <= tolerance, "\(label): \(got) vs reference \(want)")
    }

    @Test("the bundled sample reports in every format")
    func sampleFormats() throws {
        let sample = Self.repository.appendingPathComponent("samples/sessions.csv").path
        for format in ["table", "markdown", "json", "csv"] {
            let result = try CLI.run(["report", sample, "--by", "week", "--format", format])
            #expect(result.status == 0 && !result.stdout.isEmpty, "\(format): \(result.stderr)")
        }
        let table = try CLI.run(["report", sample, "--by", "week"]).stdout
        #expect(table.contains("Top handoff reasons") && table.contains("add missing knowledge") && table.contains("2026-W15"))
        let csv = try CLI.run(["report", sample, "--format", "csv"]).stdout
        #expect(csv.hasPrefix("scope,metric,count,total,rate,lower,upper,method,confidence,"))
    }

    @Test("a targets file overrides the built-in values and is named in the report")
    func targetsFile() throws {
        let folder = try CLI.temporaryDirectory()
        let file = folder.appendingPathComponent("targets.yaml")
        try "version: 1\ncontained: {floor: 0.5}\nissues:\n  P1: {ceiling: 0.2}\n  any: {ceiling: 0.3}\n".write(
            to: file, atomically: true, encoding: .utf8)
        let json = try CLI.json(
            CLI.run(["report", Self.fixture("features.csv"), "--targets", file.path, "--format", "json"]).stdout)
        let gaps = json["gaps"] as? [String: [String: Any]] ?? [:]
        #expect(gaps["contained"]?["floor"] as? Double == 0.5)
        #expect(gaps["contained"]?["ceiling"] as? Double == 0.9)
        let issueGaps = json["issue_gaps"] as? [String: [String: Any]] ?? [:]
        #expect(issueGaps["P1"]?["ceiling"] as? Double == 0.2 && issueGaps["any"]?["ceiling"] as? Double == 0.3)
        #expect(((json["targets"] as? [String: Any])?["source"] as? String)?.contains("targets.yaml") == true)

        try "contained: {flor: 0.5}\nresolution: {floor: 1.4}\nworkflow: servce\n".write(
            to: file, atomically: true, encoding: .utf8)
        let bad = try CLI.run(["report", Self.fixture("features.csv"), "--targets", file.path])
        #expect(bad.status == 2)
        #expect(
            bad.stderr.contains("targets.yaml:1:") && bad.stderr.contains("contained.flor: unknown key; did you mean \"floor\"?"))
        #expect(bad.stderr.contains("resolution.floor: 1.4 is not a probability"))
        #expect(bad.stderr.contains("did you mean \"service\"?"))
    }

    @Test("--skip-invalid counts rejected rows, keeps the first of repeated sessions, and reports them")
    func skipInvalid() throws {
        let folder = try CLI.temporaryDirectory()
        let log = folder.appendingPathComponent("mixed.csv")
        try "session_id,tags,issues,reviewed\na,sys_human_help,,true\nb,,P7,true\nc,x,,perhaps\na,,,true\nd,,P1,true\n"
            .write(to: log, atomically: true, encoding: .utf8)
        let result = try CLI.run(["report", log.path, "--skip-invalid", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try CLI.json(result.stdout)
        #expect(json["invalid_rows"] as? Int == 3)
        #expect(json["sessions"] as? Int == 2)
        let contained = (json["metrics"] as? [String: Any])?["contained"] as? [String: Any]
        #expect(contained?["count"] as? Int == 1)  // the first "a" (help) is kept, the repeat dropped
        let examples = json["invalid_row_examples"] as? [String] ?? []
        #expect(examples.contains { $0.contains("mixed.csv:5") && $0.contains("repeats the session at") })
        let table = try CLI.run(["report", log.path, "--skip-invalid"]).stdout
        #expect(table.contains("3 invalid rows were skipped"))
    }

    @Test("a log without review information counts every session as reviewed, and says so")
    func reviewAssumed() throws {
        let folder = try CLI.temporaryDirectory()
        let log = folder.appendingPathComponent("noreview.csv")
        try "session_id,tags,issues\na,,P2\nb,sys_human_help,\n".write(to: log, atomically: true, encoding: .utf8)
        let json = try CLI.json(CLI.run(["report", log.path, "--format", "json"]).stdout)
        #expect(json["review_assumed"] as? Bool == true && json["reviewed"] as? Int == 2)
        #expect(try CLI.run(["report", log.path]).stdout.contains("every session counts as reviewed"))
    }

    @Test("a column mapping reads exports that name columns differently")
    func mapping() throws {
        let folder = try CLI.temporaryDirectory()
        let log = folder.appendingPathComponent("export.csv")
        try "id,labels,created_at\na,sys_human_help,2026-03-02\nb,,2026-03-09\n".write(to: log, atomically: true, encoding: .utf8)
        let json = try CLI.json(
            CLI.run([
                "report", log.path, "--map", "session_id=id,tags=labels", "--map", "started_at=created_at", "--by", "week",
                "--format", "json",
            ])
            .stdout)
        #expect(json["sessions"] as? Int == 2 && (json["segments"] as? [Any])?.count == 2)
        let mapFile = folder.appendingPathComponent("map.txt")
        try "# our=theirs\nsession_id=id\ntags=labels\n".write(to: mapFile, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["report", log.path, "--map-file", mapFile.path]).status == 0)
        let bad = try CLI.run(["report", log.path, "--map", "tag=labels"])
        #expect(bad.status == 2 && bad.stderr.contains("unknown column \"tag\""))
    }
}
