import Foundation
import Testing

@Suite("sextant interval, sample-size, targets (end to end)")
struct FoundationCommandsTests {
    @Test("interval prints the documented rate object")
    func intervalJSON() throws {
        let result = try CLI.run([
            "interval", "--count", "37", "--total", "50", "--method", "clopper-pearson", "--format", "json",
        ])
        #expect(result.status == 0)
        let json = try CLI.json(result.stdout)
        #expect(json["count"] as? Int == 37 && json["total"] as? Int == 50)
        #expect(json["method"] as? String == "clopper-pearson" && json["confidence"] as? Double == 0.95)
        #expect(json["rate"] as? Double == 0.74)
        #expect(abs((json["lower"] as? Double ?? 0) - 0.59655232127193) < 1e-13)
        #expect(abs((json["upper"] as? Double ?? 0) - 0.85369941560344) < 1e-13)
        #expect(json["schema_version"] as? Int == 2)
    }

    @Test("interval over zero sessions prints nulls, not 0 %")
    func intervalNoData() throws {
        let result = try CLI.run(["interval", "--count", "0", "--total", "0", "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"rate\": null") && result.stdout.contains("\"lower\": null"))
    }

    @Test("interval renders table, Markdown and CSV")
    func intervalFormats() throws {
        let table = try CLI.run(["interval", "--count", "37", "--total", "50"])
        #expect(table.stdout.contains("37 of 50 = 74.00%; 95% wilson interval 60.45–84.13%"))
        let markdown = try CLI.run(["interval", "--count", "37", "--total", "50", "--format", "markdown"])
        #expect(markdown.stdout.contains("| count | total |"))
        let csv = try CLI.run(["interval", "--count", "37", "--total", "50", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("count,total,rate,lower,upper,method,confidence\r\n37,50,0.74,"))
    }

    @Test(
        "bad arguments exit with status 2 and say what to fix",
        arguments: [
            (["interval", "--count", "5", "--total", "3"], "exceeds"),
            (["interval", "--count", "1", "--total", "3", "--confidence", "1.5"], "between 0 and 1"),
            (["interval", "--count", "1", "--total", "3", "--method", "bayes"], "bayes"),
            (["interval", "--count", "x", "--total", "3"], "x"),
            (["interval", "--total", "3"], "--count"),
            (["sample-size", "--rate", "0.8"], "give one question"),
            (["sample-size", "--ceiling", "2"], "ceiling"),
            (["targets", "--workflow", "retail"], "retail"),
            (["frobnicate"], "frobnicate"),
        ])
    func badArguments(arguments: [String], mention: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(mention), "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("sample-size answers its three questions")
    func sampleSize() throws {
        let wald = try CLI.json(CLI.run(["sample-size", "--rate", "0.5", "--half-width", "0.03", "--format", "json"]).stdout)
        #expect(wald["wald_sessions"] as? Int == 1068 && wald["question"] as? String == "half_width")
        let power = try CLI.json(CLI.run(["sample-size", "--rate", "0.85", "--threshold", "0.8", "--format", "json"]).stdout)
        #expect(power["direction"] as? String == "above" && (power["sessions"] as? Int ?? 0) > 100)
        let zero = try CLI.json(CLI.run(["sample-size", "--ceiling", "0.01", "--format", "json"]).stdout)
        // Wilson's upper bound at 0 / n is z²/(n + z²) ≤ c from n = ⌈z²(1 − c)/c⌉ = 381; the one-sided
        // exact bound needs ⌈ln 0.05 / ln 0.99⌉ = 299, the rule of three 300.
        #expect(zero["reviewed_sessions"] as? Int == 381)
        #expect(zero["one_sided_exact_sessions"] as? Int == 299 && zero["rule_of_three"] as? Int == 300)
    }

    /// `report`'s JSON on a counts file of one row.
    private func report(sessions: Int, humanHelp: Int, reviewed: Int, p0: Int, extra: [String] = []) throws -> [String: Any] {
        let folder = try CLI.temporaryDirectory()
        let counts = folder.appendingPathComponent("counts.csv")
        let row = [sessions, humanHelp, humanHelp, reviewed, p0, 0, 0, p0].map(String.init).joined(separator: ",")
        try ("sessions,human_help,unresolved,reviewed,p0,p1,p2,any_issue\n" + row + "\n").write(
            to: counts, atomically: true, encoding: .utf8)
        let result = try CLI.run(["report", counts.path, "--input-format", "counts", "--format", "json"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        return try CLI.json(result.stdout)
    }

    @Test(
        "the zero-issue sample size is the one that settles report's P0 verdict, for each method",
        arguments: ["wilson", "clopper-pearson", "jeffreys"])
    func zeroIssueAgreement(method: String) throws {
        let answer = try CLI.json(
            CLI.run(["sample-size", "--ceiling", "0.001", "--method", method, "--format", "json"]).stdout)
        let n = try #require(answer["reviewed_sessions"] as? Int)
        func verdict(_ reviewed: Int) throws -> String? {
            let json = try report(sessions: reviewed, humanHelp: 0, reviewed: reviewed, p0: 0, extra: ["--method", method])
            return ((json["issue_gaps"] as? [String: Any])?["P0"] as? [String: Any])?["verdict"] as? String
        }
        #expect(try verdict(n) == "met")
        #expect(try verdict(n - 1) == "inconclusive")
    }

    @Test("at the show-rate sample size, the count a true rate most often gives settles report's verdict")
    func showRateAgreement() throws {
        let answer = try CLI.json(
            CLI.run(["sample-size", "--rate", "0.85", "--threshold", "0.8", "--power", "0.5", "--format", "json"]).stdout)
        let n = try #require(answer["sessions"] as? Int)
        // With power ½ the verdict is settled at about the expected count: 0.85·n contained gives `met`
        // (allowing one session for the rounding of the median).
        let contained = Int((0.85 * Double(n)).rounded(.up)) + 1
        // service-ecommerce: a contained floor of 80 %.
        let ecommerce = ["--workflow", "service-ecommerce"]
        let json = try report(sessions: n, humanHelp: n - contained, reviewed: n, p0: 0, extra: ecommerce)
        let gap = (json["gaps"] as? [String: Any])?["contained"] as? [String: Any]
        #expect(gap?["verdict"] as? String == "met")
        let fewer = Int(Double(n) * 0.8)
        let smaller = try report(
            sessions: fewer, humanHelp: fewer - Int(0.85 * Double(fewer)), reviewed: fewer, p0: 0, extra: ecommerce)
        #expect(((smaller["gaps"] as? [String: Any])?["contained"] as? [String: Any])?["verdict"] as? String == "inconclusive")
    }

    @Test("targets lists the seed's rows, how service is split, and labels issue ceilings as the project's own")
    func targets() throws {
        let json = try CLI.json(CLI.run(["targets", "--format", "json"]).stdout)
        let workflows = json["workflows"] as? [[String: Any]] ?? []
        #expect(
            workflows.map { $0["workflow"] as? String } == [
                "sales-lead-qualification", "service", "service-ecommerce", "service-technology",
            ])
        let sales = workflows[0]["contained"] as? [String: Double]
        #expect(sales?["floor"] == 0.8 && sales?["ceiling"] == 0.9)
        let ceilings = json["issue_ceilings"] as? [String: Any]
        #expect((ceilings?["source"] as? String)?.contains("not the seed's") == true)
        let table = try CLI.run(["targets"])
        #expect(table.stdout.contains("service-ecommerce") && table.stdout.contains("80%–90%"))
    }

    @Test("-o writes the file atomically; an unwritable path leaves nothing and exits 2")
    func outputFile() throws {
        let folder = try CLI.temporaryDirectory()
        let file = folder.appendingPathComponent("interval.json")
        let ok = try CLI.run(["interval", "--count", "3", "--total", "9", "--format", "json", "-o", file.path])
        #expect(ok.status == 0 && ok.stdout.isEmpty)
        #expect(try String(contentsOf: file, encoding: .utf8).contains("\"count\": 3"))
        let missing = folder.appendingPathComponent("no/such/folder/out.json")
        let bad = try CLI.run(["interval", "--count", "3", "--total", "9", "-o", missing.path])
        #expect(bad.status == 2 && bad.stderr.contains("cannot write"))
        #expect(!FileManager.default.fileExists(atPath: missing.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["interval.json"])
    }

    @Test("every command's --help has examples")
    func help() throws {
        for command in ["report", "simulate", "validate", "interval", "sample-size", "targets"] {
            let result = try CLI.run([command, "--help"])
            #expect(result.status == 0 && result.stdout.contains("Examples:"), "\(command)")
        }
        let root = try CLI.run(["--help"])
        #expect(
            root.status == 0
                && ["report", "simulate", "validate", "interval", "sample-size", "targets"].allSatisfy(root.stdout.contains))
        let version = try CLI.run(["--version"])
        #expect(version.status == 0 && !version.stdout.isEmpty)
    }
}
