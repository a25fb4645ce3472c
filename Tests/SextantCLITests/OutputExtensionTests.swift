import Foundation
import Testing

/// `-o`'s extension: every command refuses one that names nothing it writes, by one rule.
@Suite("-o file extensions (end to end)")
struct OutputExtensionTests {
    static let root = ReportTests.repository
    static let sample = root.appendingPathComponent("samples/sessions.csv").path
    static let scenario = root.appendingPathComponent("scenarios/service-ecommerce.yaml").path
    static let policy = root.appendingPathComponent("scenarios/gate-policy.yaml").path

    /// Every command that takes `-o`, with the arguments it needs besides.
    static let commands: [[String]] = [
        ["report", sample], ["review", sample], ["gate", sample, "--policy", policy],
        ["simulate", scenario, "--replications", "20", "--quiet"],
        ["plan", scenario, "--contained-floor", "0.8", "--replications", "20", "--quiet"],
        ["diff", scenario, scenario, "--replications", "20", "--quiet"], ["calibrate", sample],
        ["interval", "--count", "3", "--total", "9"], ["sample-size", "--ceiling", "0.001"], ["targets"],
        ["sql", "--dialect", "duckdb", "--table", "sessions"], ["validate", scenario],
    ]

    @Test(
        "an extension a command cannot write is refused with exit status 2, the extension and the ones it writes",
        arguments: commands)
    func refused(arguments: [String]) throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLI.run(arguments + ["-o", "out.svg"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("sextant: error: -o out.svg: \(arguments[0]) writes no .svg file; "), "\(result.stderr)")
        let written = arguments[0] == "calibrate" ? ".yaml" : arguments[0] == "sql" ? ".sql" : ".json"
        #expect(result.stderr.contains(written), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stdout.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "nothing is written")
    }

    @Test(
        "the extension's case does not matter, and a name without one is written as before",
        arguments: [("report.JSON", 0), ("report.Svg", 2), ("report", 0), ("report.", 0), ("dir.d/report", 0)])
    func names(name: String, status: Int32) throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("dir.d"), withIntermediateDirectories: true)
        let result = try CLI.run(["targets", "-o", name], in: folder)
        #expect(result.status == status, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) == (status == 0))
    }

    @Test("--format says what to write, whatever the file is named")
    func explicitFormat() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLI.run(["review", Self.sample, "--format", "json", "-o", "review.out"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let written = try String(contentsOf: folder.appendingPathComponent("review.out"), encoding: .utf8)
        #expect(written.hasPrefix("{"))
    }

    @Test("-o - and -o /dev/stdout still write standard output", arguments: ["-", "/dev/stdout"])
    func standardOutput(path: String) throws {
        let review = try CLI.run(["review", Self.sample, "--format", "csv", "-o", path])
        #expect(review.status == 0, "\(review.stderr)")
        #expect(!review.stdout.isEmpty)
        let query = try CLI.run(["sql", "--dialect", "duckdb", "--table", "sessions", "-o", path])
        #expect(query.status == 0, "\(query.stderr)")
        #expect(query.stdout.hasPrefix("-- Sextant counts"))
    }

    @Test(
        "calibrate and sql write their own kinds of file: YAML, and SQL",
        arguments: [
            ["calibrate", sample, "-o", "fitted.yml"], ["sql", "--dialect", "duckdb", "--table", "sessions", "-o", "counts.SQL"],
        ])
    func ownKinds(arguments: [String]) throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLI.run(arguments, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(arguments.last ?? "").path))
    }
}
