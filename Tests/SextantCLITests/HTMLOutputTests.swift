import Foundation
import Testing

@testable import sextant

@Suite("HTML output and progress (end to end)")
struct HTMLOutputTests {
    static let root = ReportTests.repository

    @Test(
        "report, simulate, gate and plan write a self-contained HTML page",
        arguments: [
            ["report", "samples/sessions.csv", "--by", "week"],
            ["simulate", "scenarios/service-ecommerce.yaml", "--replications", "200"],
            ["gate", "samples/sessions.csv", "--policy", "scenarios/gate-policy.yaml"],
            ["plan", "scenarios/service-ecommerce.yaml", "--contained-floor", "0.85", "--replications", "200", "--levers"],
        ])
    func page(_ arguments: [String]) throws {
        let result = try CLI.run(arguments + ["--format", "html"], in: Self.root)
        #expect(result.status == (arguments[0] == "gate" ? 1 : 0))
        #expect(result.stdout.hasPrefix("<!DOCTYPE html>\n"))
        #expect(result.stdout.hasSuffix("</html>\n"))
        #expect(result.stdout.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""))
        #expect(result.stdout.contains("<svg viewBox="))
        #expect(!result.stdout.contains("<script"))
        #expect(result.stderr.isEmpty, "standard error is not a terminal: no note, no progress")
    }

    @Test(
        "-o infers the format from the file's extension unless --format says otherwise",
        arguments: [
            ("report.html", nil, "<!DOCTYPE html>"), ("report.HTM", nil, "<!DOCTYPE html>"), ("report.md", nil, "## "),
            ("report.json", nil, "{"), ("report.txt", nil, "Session report\n"), ("report.out", "table", "Session report\n"),
            ("report.html", "json", "{"),
        ] as [(String, String?, String)])
    func inferred(_ file: String, _ format: String?, _ start: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sample = Self.root.appendingPathComponent("samples/sessions.csv").path
        let result = try CLI.run(
            ["report", sample, "-o", file] + (format.map { ["--format", $0] } ?? []), in: folder)
        #expect(result.status == 0)
        let written = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        #expect(written.hasPrefix(start) || (start == "## " && written.contains("\n## ")))
    }

    @Test("no progress reaches standard error when it is not a terminal, even for a long read and many replications")
    func silentWhenNotATerminal() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sextant-progress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // 140,000 rows: past the scanner's progress callback (every 65,536 rows), twice.
        var log = "session_id,tags\n"
        for index in 0..<140_000 { log += "s\(index),\(index % 4 == 0 ? "sys_human_help" : "")\n" }
        try Data(log.utf8).write(to: folder.appendingPathComponent("big.csv"))
        let report = try CLI.run(["report", "big.csv", "--format", "json"], in: folder)
        #expect(report.status == 0)
        #expect(report.stderr.isEmpty)
        let simulate = try CLI.run(
            ["simulate", Self.root.appendingPathComponent("scenarios/service-ecommerce.yaml").path, "--replications", "3000"])
        #expect(simulate.status == 0)
        #expect(simulate.stderr.isEmpty)
    }

    @Test("the progress line reads bytes of the total when the size is known, else bytes and rows")
    func readingLine() {
        #expect(
            Progress.reading(file: "big.csv", rows: 1_234_567, bytes: 12_345_678, of: 45_600_000)
                == "reading big.csv: 12.3 of 45.6 MB (27%), 1,234,567 rows")
        #expect(Progress.reading(file: "-", rows: 1, bytes: 999_999, of: nil) == "reading standard input: 1.0 MB, 1 row")
        #expect(Progress.reading(file: "a.csv.gz", rows: 10, bytes: 200, of: 100).hasSuffix("(100%), 10 rows"))
    }

    @Test("the progress line counts replications done of the total")
    func replicationLine() {
        #expect(Progress.replications(1_234, of: 10_000) == "simulated 1,234 of 10,000 replications (12%)")
        #expect(Progress.replications(1, of: 1) == "simulated 1 of 1 replication (100%)")
    }

    @Test("the size of a regular file is known; standard input's and a folder's are not")
    func fileSize() throws {
        let sample = Self.root.appendingPathComponent("samples/sessions.csv").path
        let attributes = try FileManager.default.attributesOfItem(atPath: sample)
        #expect(Progress.fileSize(sample) == (attributes[.size] as? Int))
        #expect(Progress.fileSize("-") == nil)
        #expect(Progress.fileSize(FileManager.default.temporaryDirectory.path) == nil)
        #expect(Progress.fileSize("/no/such/file") == nil)
    }

    @Test("a disabled progress line writes nothing and clears nothing")
    func disabled() {
        let progress = Progress(enabled: false)
        progress.report("never shown")
        progress.clear()
        #expect(Progress.interval == .milliseconds(100))
    }
}
