import Foundation
import SextantModel
import SextantReport
import Testing

@Suite("Weekly review report")
struct ReviewReportTests {
    static func hostile() throws -> ReviewReport { try ReviewFixtures.report("review-hostile") }
    static func plain() throws -> ReviewReport { ReviewReport(try ReviewFixtures.review(names: .plain, byIntent: true)) }

    @Test("a change aimed at an intent the log has none of is a warning and the first note, with the intents and a suggestion")
    func unmatchedChange() throws {
        let report = ReviewReport(try ReviewFixtures.review(names: .plain, byIntent: true, misspelt: true))
        let intents = Fixtures.Names.plain.intents.prefix(2)
        let expected =
            "The change \"Articles\" (2026-01-13) is aimed at the intent \"\(intents[0])s\", which the log has none of: it is "
            + "shown for all sessions only. The log's 2 intents: \"\(intents[0])\", \"\(intents[1])\"; did you mean \"\(intents[0])\"?"
        #expect(report.warnings() == [expected])
        let markdown = report.rendered(as: .markdown)
        let notes = try #require(markdown.range(of: "## Notes\n"))
        #expect(markdown[notes.upperBound...].contains("is aimed at the intent"))
        #expect(ReviewReport(try ReviewFixtures.review(names: .plain, byIntent: true)).warnings().isEmpty)
    }

    @Test("hostile intents, reasons and changes cannot drive a terminal or add lines")
    func terminal() throws {
        let hostile = try Self.hostile().rendered(as: .table)
        let plain = try Self.plain().rendered(as: .table)
        #expect(!hostile.unicodeScalars.contains { EscapingTests.isControl($0) && $0 != "\n" })
        #expect(
            hostile.split(separator: "\n", omittingEmptySubsequences: false).count
                == plain.split(separator: "\n", omittingEmptySubsequences: false).count)
        #expect(hostile.contains("\\u{1B}]0;pwned\\u{7}"))
        #expect(hostile.contains("Intent <script>alert(1)</script>"))
    }

    @Test("hostile names cannot open a tag in Markdown or break its tables")
    func markdown() throws {
        let hostile = try Self.hostile().rendered(as: .markdown)
        let plain = try Self.plain().rendered(as: .markdown)
        #expect(!hostile.unicodeScalars.contains { EscapingTests.isControl($0) && $0 != "\n" })
        #expect(
            hostile.split(separator: "\n", omittingEmptySubsequences: false).count
                == plain.split(separator: "\n", omittingEmptySubsequences: false).count)
        #expect(!hostile.contains("<script") && !hostile.contains("<img"))
        #expect(hostile.contains("&lt;script&gt;"))
        for block in hostile.components(separatedBy: "\n\n") {
            let rows = block.split(separator: "\n").filter { $0.hasPrefix("|") }
            #expect(Set(rows.map(EscapingTests.unescapedPipes)).count <= 1, "a table row has extra cells: \(block)")
        }
    }

    @Test("hostile intents reach CSV as text a spreadsheet will not run")
    func csv() throws {
        let text = try Self.hostile().rendered(as: .csv)
        let records = EscapingTests.parseCSV(text)
        #expect(records.count == EscapingTests.parseCSV(try Self.plain().rendered(as: .csv)).count)
        #expect(Set(records.map(\.count)) == [records[0].count])
        for field in records.joined() where ["=", "+", "-", "@", "\t", "\r"].contains(field.unicodeScalars.first) {
            #expect(Double(field) != nil, "a formula reaches the spreadsheet: \(field.debugDescription)")
        }
        #expect(Set(records.joined()).contains(Fixtures.Names.hostile.intents[0]))
    }

    @Test("hostile names reach JSON intact")
    func json() throws {
        let text = try Self.hostile().rendered(as: .json)
        #expect(!text.unicodeScalars.contains { EscapingTests.isControl($0) && $0 != "\n" })
        var strings: Set<String> = []
        EscapingTests.collectStrings(try JSONSerialization.jsonObject(with: Data(text.utf8)), into: &strings)
        for value in Array(Fixtures.Names.hostile.intents.prefix(2)) + Fixtures.Names.hostile.reasons {
            #expect(strings.contains(value), "\(value.debugDescription) is not in the JSON")
        }
    }

    @Test("the JSON has the documented keys for every week, with a week without sessions as no data")
    func jsonKeys() throws {
        let text = try ReviewFixtures.report("review").rendered(as: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["schema_version"] as? Int == jsonSchemaVersion)
        let weeks = try #require(object["weeks"] as? [[String: Any]])
        #expect(weeks.map { $0["week"] as? String } == ["2025-W51", "2025-W52", "2026-W01", "2026-W02", "2026-W03"])
        for week in weeks {
            for key in ["week", "sessions", "reviewed", "metrics", "change", "control", "top_reasons"] {
                #expect(week[key] != nil, "\(week["week"] ?? "?") has no \(key)")
            }
            let change = try #require(week["change"] as? [String: Any])
            let control = try #require(week["control"] as? [String: Any])
            #expect(Set(change.keys) == Set(Metric.measured.map(\.rawValue)))
            #expect(Set(control.keys) == Set(Metric.measured.map(\.rawValue)))
        }
        let empty = weeks[2]
        #expect(empty["has_data"] as? Bool == false && empty["sessions"] as? Int == 0)
        #expect(empty["compared_with"] is NSNull)
        #expect(weeks[3]["compared_with"] as? String == "2025-W52")
        let contained = try #require((weeks[3]["change"] as? [String: Any])?["contained"] as? [String: Any])
        for key in ["difference", "lower", "upper", "p_value", "significant"] { #expect(contained[key] != nil) }
        let limits = try #require((weeks[3]["control"] as? [String: Any])?["contained"] as? [String: Any])
        for key in ["center", "lower_limit", "upper_limit", "signal"] { #expect(limits[key] != nil) }
    }

    @Test("every chart's points are figures of the tables: rates by week, the latest change, reasons by week")
    func charts() throws {
        let report = try ReviewFixtures.report("review")
        let charts = report.document().charts
        #expect(charts.map(\.kind) == [.series, .series, .bars, .series])
        let weeks = report.review.all.weeks
        let contained = try #require(charts[0].series.first)
        #expect(contained.points.map(\.label) == weeks.map(\.week))
        #expect(contained.points.map(\.value) == weeks.map(\.metrics.contained.value))
        let latest = try #require(weeks.last)
        #expect(charts[2].series[0].points[0].value == latest.change[.contained]?.difference)
    }
}
