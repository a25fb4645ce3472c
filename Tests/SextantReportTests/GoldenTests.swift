import Foundation
import SextantReport
import Testing

/// Golden files: what every report prints in every format, byte for byte.
///
/// Re-record them all after an intended change with
/// `SEXTANT_RECORD_GOLDENS=1 swift test --filter SextantReportTests`, then read the diff.
enum Golden {
    /// The folder of the golden files, next to this source file.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

    /// Whether this run records the goldens instead of checking them.
    static var recording: Bool { ProcessInfo.processInfo.environment["SEXTANT_RECORD_GOLDENS"] == "1" }

    /// The file name of a report's golden in `format`.
    static func file(_ name: String, _ format: OutputFormat) -> String {
        let ext =
            switch format {
            case .table: "txt"
            case .markdown: "md"
            case .json: "json"
            case .csv: "csv"
            case .html: "html"
            }
        return "\(name).\(ext)"
    }

    /// Checks `text` against the golden file `name` (or records it when recording).
    static func check(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name)
        if recording {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return
        }
        guard let data = try? Data(contentsOf: url) else {
            Issue.record(
                "no golden file \(name); record it with SEXTANT_RECORD_GOLDENS=1 swift test --filter SextantReportTests",
                sourceLocation: sourceLocation)
            return
        }
        let golden = String(decoding: data, as: UTF8.self)
        guard golden != text else { return }
        let got = text.components(separatedBy: "\n")
        let want = golden.components(separatedBy: "\n")
        let line = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
        Issue.record(
            """
            \(name) differs from its golden at line \(line + 1):
              golden: \(line < want.count ? want[line].debugDescription : "(end)")
              output: \(line < got.count ? got[line].debugDescription : "(end)")
            Re-record with SEXTANT_RECORD_GOLDENS=1 swift test --filter SextantReportTests if the change is intended.
            """, sourceLocation: sourceLocation)
    }
}

@Suite("Golden files")
struct GoldenTests {
    @Test("every report prints its golden file in every format", arguments: Fixtures.names, OutputFormat.allCases)
    func golden(_ name: String, _ format: OutputFormat) throws {
        guard Fixtures.has(name, format) else { return }
        try Golden.check(try Fixtures.report(name).rendered(as: format), Golden.file(name, format))
    }

    /// The reports whose charts are also shown as tables.
    static let charted = ["measurement-weeks", "simulation", "interval", "levers", "review"]

    @Test("charts shown as tables print their golden files", arguments: charted)
    func charts(_ name: String) throws {
        let document = try Fixtures.report(name).document()
        #expect(!document.charts.isEmpty)
        try Golden.check(TerminalRenderer(charts: .table).render(document), "\(name).charts.txt")
        try Golden.check(MarkdownRenderer(charts: .table).render(document), "\(name).charts.md")
    }

    @Test("no golden file is left over from a report or format that no longer exists")
    func noStrayGoldens() throws {
        guard !Golden.recording else { return }
        let expected = Set(
            Fixtures.names.flatMap { name in OutputFormat.allCases.filter { Fixtures.has(name, $0) }.map { Golden.file(name, $0) }
            }
                + Self.charted.flatMap { ["\($0).charts.txt", "\($0).charts.md"] })
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: Golden.folder.path).filter { !$0.hasPrefix(".") })
        #expect(
            present == expected,
            "stray: \(present.subtracting(expected).sorted()), missing: \(expected.subtracting(present).sorted())")
    }

    @Test("charts skipped by the text renderers leave the rest of the document as it is")
    func chartsSkipped() throws {
        var document = try Fixtures.report("measurement-weeks").document()
        let withCharts = TerminalRenderer().render(document)
        document.blocks.removeAll { if case .chart = $0 { true } else { false } }
        #expect(TerminalRenderer().render(document) == withCharts)
        #expect(MarkdownRenderer().render(document) == (try Fixtures.report("measurement-weeks").rendered(as: .markdown)))
    }
}
