import Foundation
import SextantReport
import Testing

@Suite("Escaping for each medium")
struct EscapingTests {
    // MARK: One escape function per medium

    @Test(
        "the terminal sees control characters escaped and everything else as it is",
        arguments: [
            ("plain text, ≥ 95%", "plain text, ≥ 95%"),
            ("\u{1B}]0;pwned\u{07}", "\\u{1B}]0;pwned\\u{7}"),
            ("\u{1B}[31mred\u{1B}[0m", "\\u{1B}[31mred\\u{1B}[0m"),
            ("a\r\nb\tc", "a\\r\\nb\\tc"),
            ("nul\u{0}del\u{7F}csi\u{9B}nel\u{85}", "nul\\u{0}del\\u{7F}csi\\u{9B}nel\\u{85}"),
            ("back\\slash", "back\\slash"),
        ])
    func terminal(_ text: String, _ expected: String) {
        #expect(TerminalRenderer.escape(text) == expected)
    }

    @Test(
        "Markdown sees HTML as entities, active characters escaped, and one line",
        arguments: [
            ("<script>alert(1)</script>", false, "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("\"><img src=x onerror=alert(1)>", false, "\"&gt;&lt;img src=x onerror=alert(1)&gt;"),
            ("upper bound < floor, lower bound > ceiling", false, "upper bound < floor, lower bound > ceiling"),
            ("small (< 100)", true, "small (< 100)"),
            ("a & b", false, "a &amp; b"),
            ("x | y", true, "x \\| y"),
            ("x | y", false, "x | y"),
            ("line\nbreak", false, "line\\\\nbreak"),
            ("*bold* _em_ `code` [link](u) ~s~", false, "\\*bold\\* \\_em\\_ \\`code\\` \\[link\\](u) \\~s\\~"),
            ("sys_human_help", false, "sys_human_help"),
            ("# heading", false, "\\# heading"),
            ("- item", false, "\\- item"),
            ("+2.4 pp", true, "+2.4 pp"),
            ("1. first", false, "1\\. first"),
            ("74.0% contained", false, "74.0% contained"),
            ("> quote", false, "&gt; quote"),
            ("\u{1B}[31m", false, "\\\\u{1B}\\[31m"),
        ])
    func markdown(_ text: String, _ inTable: Bool, _ expected: String) {
        #expect(MarkdownRenderer.escape(text, inTable: inTable) == expected)
    }

    @Test(
        "CSV neutralises formulas in text, keeps numbers as numbers, and quotes per RFC 4180",
        arguments: [
            ("=cmd|' /C calc'!A0", false, "'=cmd|' /C calc'!A0"),
            ("+1", false, "'+1"),
            ("-2+3", false, "'-2+3"),
            ("@SUM(1)", false, "'@SUM(1)"),
            ("\tx", false, "\\tx"),
            ("\rx", false, "\\rx"),
            ("-0.5", true, "-0.5"),
            ("-0.5", false, "'-0.5"),
            ("a,b", false, "\"a,b\""),
            ("say \"hi\"", false, "\"say \"\"hi\"\"\""),
            ("line\r\nbreak", false, "line\\r\\nbreak"),
            ("\u{1B}]0;t\u{07}", false, "\\u{1B}]0;t\\u{7}"),
            ("order-status", false, "order-status"),
        ])
    func csv(_ field: String, _ numeric: Bool, _ expected: String) {
        #expect(CSVRenderer.escape(field, numeric: numeric) == expected)
    }

    @Test("a negative number stays a number in CSV while the same text is neutralised")
    func negativeNumbers() {
        let table = Table(
            columns: [.init("name"), .init("gap"), .init("rate")],
            rows: [[.text("-0.5"), .points(-2.5), .percent(-0.5, decimals: 1)]])
        #expect(CSVRenderer().render(table) == "name,gap,rate\r\n'-0.5,-2.5,-0.5\r\n")
    }

    // MARK: Hostile names in whole reports

    static let reports = ["measurement", "simulation", "validation", "gate"]

    static func report(_ name: String, _ names: Fixtures.Names) throws -> any Renderable {
        switch name {
        case "measurement": MeasurementReport(try Fixtures.segmentedMeasurement(names: names))
        case "simulation": SimulationReport(Fixtures.simulation(names: names, perIntentWeek: false))
        case "gate": GateReport(try Fixtures.gate(names: names))
        default: Fixtures.validation(names: names)
        }
    }

    @Test("hostile names cannot drive a terminal or break a table's lines", arguments: reports)
    func hostileTerminal(_ name: String) throws {
        let hostile = try Self.report(name, .hostile).rendered(as: .table)
        let plain = try Self.report(name, .plain).rendered(as: .table)
        #expect(!hostile.unicodeScalars.contains { Self.isControl($0) && $0 != "\n" })
        #expect(
            hostile.split(separator: "\n", omittingEmptySubsequences: false).count
                == plain.split(separator: "\n", omittingEmptySubsequences: false).count)
        let shown = [
            "measurement": "\\u{1B}]0;pwned\\u{7}", "simulation": "\\u{1B}[2J", "validation": "evil\\n## heading",
            "gate": "\\u{1B}[2J",
        ]
        #expect(hostile.contains(shown[name]!))
    }

    @Test("hostile names cannot inject HTML into Markdown or break its tables", arguments: reports)
    func hostileMarkdown(_ name: String) throws {
        let hostile = try Self.report(name, .hostile).rendered(as: .markdown)
        let plain = try Self.report(name, .plain).rendered(as: .markdown)
        #expect(!hostile.unicodeScalars.contains { Self.isControl($0) && $0 != "\n" })
        #expect(
            hostile.split(separator: "\n", omittingEmptySubsequences: false).count
                == plain.split(separator: "\n", omittingEmptySubsequences: false).count)
        let scalars = Array(hostile.unicodeScalars)
        for (i, scalar) in scalars.enumerated() where scalar == "<" && i + 1 < scalars.count {
            #expect(scalars[i + 1].properties.isWhitespace, "a tag could open at \(i)")
        }
        #expect(!hostile.contains("<script") && !hostile.contains("<img"))
        // Every line of a table has as many cell separators (unescaped pipes) as its header.
        for block in hostile.components(separatedBy: "\n\n") {
            let rows = block.split(separator: "\n").filter { $0.hasPrefix("|") }
            let counts = Set(rows.map(Self.unescapedPipes))
            #expect(counts.count <= 1, "a table row has extra cells: \(block)")
        }
    }

    @Test("hostile names reach CSV as text a spreadsheet will not run, one record per row", arguments: reports)
    func hostileCSV(_ name: String) throws {
        let text = try Self.report(name, .hostile).rendered(as: .csv)
        #expect(!text.unicodeScalars.contains { Self.isControl($0) && !["\n", "\r", "\t"].contains($0) })
        let records = Self.parseCSV(text)
        let plainRecords = Self.parseCSV(try Self.report(name, .plain).rendered(as: .csv))
        #expect(records.count == plainRecords.count)
        #expect(Set(records.map(\.count)) == [records[0].count])
        for field in records.joined() where ["=", "+", "-", "@", "\t", "\r"].contains(field.unicodeScalars.first) {
            #expect(Double(field) != nil, "a formula reaches the spreadsheet: \(field.debugDescription)")
        }
        let fields = Set(records.joined())
        let expected: [String] =
            switch name {
            case "validation":
                ["'" + TerminalRenderer.escape(Fixtures.Names.hostile.file), "golden " + Fixtures.Names.hostile.intents[0]]
            case "measurement": ["'=cmd|' /C calc'!A0", "'+1", "'@SUM(1)", Fixtures.Names.hostile.intents[0]]
            default: ["'=cmd|' /C calc'!A0", Fixtures.Names.hostile.intents[0]]
            }
        for value in expected { #expect(fields.contains(value), "\(value.debugDescription) is missing") }
    }

    @Test("hostile names reach JSON intact and escaped", arguments: reports)
    func hostileJSON(_ name: String) throws {
        let text = try Self.report(name, .hostile).rendered(as: .json)
        #expect(!text.unicodeScalars.contains { Self.isControl($0) && $0 != "\n" })
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        var strings: Set<String> = []
        Self.collectStrings(object, into: &strings)
        let expected =
            switch name {
            case "measurement": Fixtures.Names.hostile.all
            case "simulation": Fixtures.Names.hostile.intents
            default: [Fixtures.Names.hostile.file]
            }
        for value in expected { #expect(strings.contains(value), "\(value.debugDescription) is not in the JSON") }
    }

    // MARK: Helpers

    static func isControl(_ scalar: Unicode.Scalar) -> Bool { scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) }

    static func unescapedPipes(_ line: Substring) -> Int {
        var count = 0
        var escaped = false
        for character in line {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                count += 1
            }
        }
        return count
    }

    /// An RFC 4180 reader, written here so the check does not share code with the writer.
    static func parseCSV(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let scalar = pending ?? scalars.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    let next = scalars.next()
                    if next == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"": quoted = true
            case ",":
                record.append(field)
                field = ""
            case "\r":
                let next = scalars.next()
                if next != "\n" { pending = next }
                record.append(field)
                records.append(record)
                record = []
                field = ""
            default: field.unicodeScalars.append(scalar)
            }
        }
        return records
    }

    static func collectStrings(_ value: Any, into strings: inout Set<String>) {
        switch value {
        case let string as String: strings.insert(string)
        case let array as [Any]: for item in array { collectStrings(item, into: &strings) }
        case let object as [String: Any]:
            for (key, item) in object {
                strings.insert(key)
                collectStrings(item, into: &strings)
            }
        default: break
        }
    }
}
