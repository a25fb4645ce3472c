import Foundation
import Testing

@Suite("sextant interval, sample-size, targets (end to end)")
struct FoundationCommandsTests {
    @Test("interval prints the rate object of interfaces.md")
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
        #expect(json["schema_version"] as? Int == 1)
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
        #expect(zero["reviewed_sessions"] as? Int == 299 && zero["rule_of_three"] as? Int == 300)
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
