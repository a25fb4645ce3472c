import Foundation
import SextantReport
import Testing

/// Unicode bidirectional controls (which reorder what a terminal or a browser shows:
/// `a\u{202E}fdp.exe` shows as `aexe.pdf`) and raw line ends inside CSV cells, in every medium.
@Suite("Bidirectional controls and line ends in every medium")
struct BidiEscapingTests {
    /// Every Unicode bidirectional control.
    static let bidi: [Unicode.Scalar] = [
        0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
    ]
    .map { Unicode.Scalar($0)! }

    static func isBidi(_ scalar: Unicode.Scalar) -> Bool { bidi.contains(scalar) }

    /// Names carrying a right-to-left override, every other bidi control, and carriage returns.
    static let names = Fixtures.Names(
        intents: ["a\u{202E}fdp.exe", "\r\rCR", "iso\u{2066}late\u{2069}"],
        channels: ["ch\u{200F}at", "\u{061C}mail"],
        reasons: ["re\u{202A}\u{202B}\u{202C}\u{202D}ason", "\u{200E}\u{2067}\u{2068}x", "plain"],
        file: "log\u{202E}vsc.csv")

    static func report(_ name: String) throws -> any Renderable {
        switch name {
        case "measurement": MeasurementReport(try Fixtures.segmentedMeasurement(names: names))
        case "simulation": SimulationReport(Fixtures.simulation(names: names, perIntentWeek: false))
        case "gate": GateReport(try Fixtures.gate(names: names))
        default: Fixtures.validation(names: names)
        }
    }

    @Test(
        "the terminal escaper shows each bidirectional control as \\u{…} and keeps other non-ASCII text",
        arguments: bidi)
    func terminalEscape(_ scalar: Unicode.Scalar) {
        let text = "a" + String(Character(scalar)) + "é≥"
        #expect(TerminalRenderer.escape(text) == "a\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}é≥")
        #expect(MarkdownRenderer.escape(text).contains("\\\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"))
        #expect(CSVRenderer.escape(text, numeric: false) == TerminalRenderer.escape(text))
    }

    @Test("a message keeps its line breaks only when asked, and escapes everything else")
    func keepingNewlines() {
        #expect(TerminalRenderer.escape("a\nb\u{202E}\r", keepingNewlines: true) == "a\nb\\u{202E}\\r")
        #expect(TerminalRenderer.escape("a\nb", keepingNewlines: false) == "a\\nb")
    }

    @Test("JSON writes bidirectional controls as \\u escapes that read back as the same string")
    func json() throws {
        let value = JSON.object([("name", .string("a\u{202E}fdp.exe\u{2066}"))])
        let text = value.serialized(pretty: false)
        #expect(text == "{\"name\":\"a\\u202efdp.exe\\u2066\"}")
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
        #expect(object?["name"] == "a\u{202E}fdp.exe\u{2066}")
    }

    @Test(
        "no report carries a raw bidirectional control, in any format",
        arguments: ["measurement", "simulation", "gate", "validation"], OutputFormat.allCases)
    func reports(_ name: String, _ format: OutputFormat) throws {
        let text = try Self.report(name).rendered(as: format)
        #expect(!text.unicodeScalars.contains(where: Self.isBidi), "\(name) \(format)")
        if format != .json { #expect(text.contains("\\u{202E}") || text.contains("\\\\u{202E}"), "\(name) \(format)") }
    }

    @Test(
        "CSV carries no raw carriage return or line feed inside a cell: one physical line per record",
        arguments: ["measurement", "simulation", "gate", "validation"])
    func csvLines(_ name: String) throws {
        let text = try Self.report(name).rendered(as: .csv)
        let lines = text.components(separatedBy: "\r\n").dropLast()
        #expect(lines.allSatisfy { !$0.contains("\r") && !$0.contains("\n") })
        let records = EscapingTests.parseCSV(text)
        #expect(records.count == lines.count)
        #expect(Set(records.map(\.count)).count == 1)
        if name == "simulation" { #expect(records.joined().contains("\\r\\rCR")) }
    }
}
