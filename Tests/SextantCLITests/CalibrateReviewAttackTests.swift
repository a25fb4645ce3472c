import Foundation
import Testing

/// `sextant calibrate` and `sextant review` under hostile input: each case exits 2 with a clear
/// message and leaves no output file, or succeeds with output that stays valid.
@Suite("calibrate and review under attack")
struct CalibrateReviewAttackTests {
    static let header = "session_id,started_at,workflow,intent,channel,tags,issues,reviewed,handoff_reason\n"

    /// A log file in a fresh folder, and the path of an output beside it.
    static func log(_ rows: String, name: String = "log.csv") throws -> (log: String, folder: URL) {
        let folder = try CLI.temporaryDirectory()
        let file = folder.appendingPathComponent(name)
        try (header + rows).write(to: file, atomically: true, encoding: .utf8)
        return (file.path, folder)
    }

    @Test("a log spanning more weeks than a scenario simulates is refused with its span, not 'please report this'")
    func spanBeyondHorizon() throws {
        let (log, folder) = try Self.log(
            "1,1996-03-02T10:00:00Z,service,a,chat,,,false,\n2,2026-03-02T10:00:00Z,service,a,chat,,,false,\n")
        let output = folder.appendingPathComponent("fitted.yaml").path
        let result = try CLI.run(["calibrate", log, "-o", output])
        #expect(result.status == 2)
        #expect(result.stderr.contains("the log spans 1567 weeks, from 1996-W09 to 2026-W10"), "\(result.stderr)")
        #expect(!result.stderr.contains("please report"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test("a fitted scenario too large for a scenario file is refused with its size, and no file is written")
    func tooLarge() throws {
        let rows = (0..<30).map { index in
            "\(index),2026-03-02T10:00:00Z,service,\(String(repeating: "x", count: 100_000))\(index),chat,,,false,\n"
        }
        let (log, folder) = try Self.log(rows.joined())
        let output = folder.appendingPathComponent("fitted.yaml").path
        let result = try CLI.run(["calibrate", log, "-o", output])
        #expect(result.status == 2)
        #expect(result.stderr.contains("the fitted scenario of 30 intents would be"), "\(result.stderr)")
        #expect(result.stderr.contains("a scenario file may hold"))
        #expect(!result.stderr.contains("please report"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}

extension CalibrateReviewAttackTests {
    @Test(
        "-o naming a report format is refused: the file would get YAML, not the report",
        arguments: ["report.html", "r.JSON", "x.md"])
    func reportExtension(name: String) throws {
        let (log, folder) = try Self.log("1,2026-03-02T10:00:00Z,service,a,chat,,,false,\n")
        let output = folder.appendingPathComponent(name).path
        let result = try CLI.run(["calibrate", log, "-o", output])
        #expect(result.status == 2)
        #expect(result.stderr.contains("is where the fitted scenario goes, as YAML"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}

extension CalibrateReviewAttackTests {
    @Test("seven nearly equal intents calibrate to shares of six digits that validate, without a rounding remainder")
    func sevenShares() throws {
        let counts = [817, 872, 897, 808, 832, 815, 863]
        var rows = ""
        var id = 0
        for (index, count) in counts.enumerated() {
            for _ in 0..<count {
                id += 1
                rows += "\(id),2026-03-02T10:00:00Z,service,intent-\(index),chat,\(id % 4 == 0 ? "sys_human_help" : ""),,false,\n"
            }
        }
        let (log, folder) = try Self.log(rows)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("fitted.yaml").path
        let result = try CLI.run(["calibrate", log, "-o", output])
        #expect(result.status == 0, "\(result.stderr)")
        let yaml = try String(contentsOfFile: output, encoding: .utf8)
        let shares = yaml.split(separator: "\n").compactMap { line -> String? in
            let text = line.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("share: ") else { return nil }
            return String(text.dropFirst("share: ".count).prefix { $0 != " " })
        }
        #expect(shares == ["0.138381", "0.147696", "0.151932", "0.136856", "0.140921", "0.138042", "0.146172"])
        let validated = try CLI.run(["validate", output])
        #expect(validated.status == 0, "\(validated.stdout)\(validated.stderr)")
    }
}
