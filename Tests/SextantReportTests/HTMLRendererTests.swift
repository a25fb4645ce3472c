import Foundation
import SextantModel
import Testing

@testable import SextantReport

@Suite("HTML confidence report")
struct HTMLRendererTests {
    /// The names a log or a scenario could carry to attack a shared page: markup, attributes,
    /// the end of the style sheet, a script URL, a spreadsheet formula, terminal escapes.
    static let hostile = [
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "' onmouseover='alert(1)", "</style><b>bold</b>",
        "javascript:alert(1)", "=cmd|' /C calc'!A0", "\u{1B}]0;pwned\u{07}\u{1B}[2J", "a & b &amp; c", "<!-- x -->",
        "<![CDATA[x]]>", "\u{202E}fdp.exe", "</svg><svg onload=alert(1)>", "url(https://example.com/x)",
    ]

    /// A document that puts every hostile name in every place a renderer writes text: headings,
    /// paragraphs, lists, table headers and cells, chart titles, series, labels and intervals, and
    /// the guide.
    static func hostileDocument() -> Document {
        let target = MetricTarget.range(TargetRange(floor: 0.8, ceiling: 0.9))
        let points = hostile.enumerated().map { index, name in
            Chart.Point(
                name, value: 0.7 + Double(index) / 100, lower: 0.65, upper: 0.9, target: target, controlLower: 0.72,
                controlUpper: 0.88)
        }
        let charts = [Chart.Kind.estimates, .series, .bars, .shares].map { kind in
            Chart(
                hostile[0] + " chart", kind: kind, axis: hostile[1], interval: hostile[3],
                series: hostile.prefix(2).map { Chart.Series($0, points: points, centre: 0.8) })
        }
        return Document(
            [.heading(hostile[0]), .paragraph(hostile.joined(separator: " ")), .heading(hostile[3]), .list(hostile)]
                + [.table(Table(columns: hostile.map { Table.Column($0) }, rows: [hostile.map(Cell.text)]))]
                + charts.map(Document.Block.chart),
            guide: .init(interval: hostile[1], verdict: hostile[2], next: hostile))
    }

    @Test(
        "escape writes markup characters as entities after escaping control characters",
        arguments: [
            ("plain ≥ 95%", "plain ≥ 95%"),
            ("<script>", "&lt;script&gt;"),
            ("\"><img src=x onerror=alert(1)>", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
            ("' onmouseover='x", "&#39; onmouseover=&#39;x"),
            ("a & b", "a &amp; b"),
            ("&amp;", "&amp;amp;"),
            ("\u{1B}[2J", "\\u{1B}[2J"),
            ("line\nbreak", "line\\nbreak"),
            ("\u{202E}fdp", "\\u{202E}fdp"),
        ])
    func escape(_ text: String, _ expected: String) {
        #expect(HTMLRenderer.escape(text) == expected)
    }

    @Test("hostile names come out inert: no tag, attribute, style or URL beyond the renderer's own")
    func hostileDocumentIsInert() throws {
        let html = HTMLRenderer().render(Self.hostileDocument())
        let page = try HTMLMarkup(html)
        #expect(page.problems() == [])
        for name in Self.hostile where name.contains(where: { "<>\"'&".contains($0) }) {
            #expect(!html.contains(name), "\(name.debugDescription) is written raw")
        }
        #expect(!html.contains("\u{1B}"))
        #expect(!html.contains("\u{202E}"))
        // Every name is still shown, escaped, in the text of the page.
        let text = page.texts.joined()
        for name in Self.hostile { #expect(text.contains(HTMLRenderer.escape(name)), "\(name.debugDescription) is missing") }
        #expect(page.styles == ["\n" + HTMLStyle.sheet])
    }

    @Test(
        "the hostile fixtures' pages hold only the allowed tags and attributes",
        arguments: ["measurement-hostile", "simulation-hostile", "gate-hostile", "plan-hostile", "levers-hostile"])
    func hostileFixtures(_ name: String) throws {
        let html = try Fixtures.report(name).rendered(as: .html)
        #expect(try HTMLMarkup(html).problems() == [])
        for hostile in Fixtures.Names.hostile.all where hostile.contains(where: { "<>\"&".contains($0) }) {
            #expect(!html.contains(hostile))
        }
    }

    @Test("a page is self-contained: its policy forbids requests, and it has no script, link or URL", arguments: Fixtures.html)
    func selfContained(_ name: String) throws {
        let html = try Fixtures.report(name).rendered(as: .html)
        let page = try HTMLMarkup(html)
        let policy = page.tags.first {
            $0.name == "meta" && $0.attributes.contains { $0 == ("http-equiv", "Content-Security-Policy") }
        }
        #expect(policy?.attributes.last?.value == "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
        #expect(page.problems() == [])
        for forbidden in ["<script", "<link", "<img", "<iframe", "http:", "https:", "@import"] {
            #expect(!html.lowercased().contains(forbidden), "\(forbidden) in \(name)")
        }
        #expect(page.tags.filter { $0.name == "h1" && !$0.closing }.count == 1)
        // Every drawing scales with the page and has an accessible name.
        let drawings = page.tags.filter { $0.name == "svg" && !$0.closing }
        #expect(drawings.allSatisfy { $0.attributes.map(\.name) == ["viewBox", "role", "font-family"] })
    }

    @Test("every number a chart draws is also in a table of the page", arguments: Fixtures.html)
    func chartNumbersInTables(_ name: String) throws {
        let document = try Fixtures.report(name).document()
        let html = HTMLRenderer().render(document)
        let cells = Set(try HTMLMarkup(html).cellTexts())
        for chart in document.charts {
            let written = Set(chart.table.rows.flatMap { $0.map { HTMLRenderer.escape($0.display) } })
            #expect(written.isSubset(of: cells))
            for series in chart.series {
                for point in series.points {
                    guard let value = point.value else { continue }
                    let shown =
                        chart.kind == .bars
                        ? Format.points(value * 100, decimals: chart.decimals) : Format.percent(value, decimals: chart.decimals)
                    #expect(cells.contains(HTMLRenderer.escape(shown)), "\(shown) of \(chart.title) is in no table")
                }
            }
        }
    }

    @Test("the page shows the guide's plain words first", arguments: ["measurement", "simulation", "gate", "plan"])
    func guide(_ name: String) throws {
        let document = try Fixtures.report(name).document()
        let guide = try #require(document.guide)
        #expect(!guide.next.isEmpty)
        let html = HTMLRenderer().render(document)
        let section = try #require(html.range(of: "<section class=\"guide\">"))
        let firstTable = try #require(html.range(of: "<table>"))
        #expect(section.lowerBound < firstTable.lowerBound)
        for text in [guide.interval, guide.verdict] + guide.next { #expect(html.contains(HTMLRenderer.escape(text))) }
    }

    @Test("the text renderers leave the guide out: terminal and Markdown output is as before")
    func guideLeftOutOfText() throws {
        var document = try Fixtures.report("measurement").document()
        let terminal = TerminalRenderer().render(document)
        let markdown = MarkdownRenderer().render(document)
        document.guide = nil
        #expect(TerminalRenderer().render(document) == terminal)
        #expect(MarkdownRenderer().render(document) == markdown)
    }
}

@Suite("Control limits of a p-chart")
struct ControlLimitTests {
    @Test("centre is the pooled rate and each limit is centre ± 3 standard errors at the sample's size")
    func limits() throws {
        // Reference: Python, p = 50/400; p ± 3·sqrt(p(1−p)/n) for n = 100 and 200.
        let (centre, limits) = ControlLimits.pChart([(8, 100), (12, 100), (30, 200), (0, 0)])
        #expect(centre == 0.125)
        let first = try #require(limits[0])
        #expect(abs(first.lowerLimit - 0.025784325835077837) < 1e-15)
        #expect(abs(first.upperLimit - 0.22421567416492216) < 1e-15)
        let third = try #require(limits[2])
        #expect(abs(third.lowerLimit - 0.0548439239979886) < 1e-15)
        #expect(abs(third.upperLimit - 0.1951560760020114) < 1e-15)
        #expect(limits[3] == nil)
    }

    @Test("limits are cut to [0, 1], and no sessions give no centre")
    func cut() throws {
        let (_, limits) = ControlLimits.pChart([(3, 980), (0, 20)])
        let small = try #require(limits[1])
        #expect(small.lowerLimit == 0)
        #expect(abs(small.upperLimit - 0.03968719122527643) < 1e-15)
        #expect(ControlLimits.pChart([(0, 0)]).center == nil)
    }

    @Test("a point outside its limits is flagged, and the chart's table says so with the centre and limits")
    func signal() {
        let chart = Chart(
            "trend", kind: .series, axis: "week", interval: "95% wilson interval",
            series: [
                .init(
                    "contained",
                    points: [
                        .init("2026-W10", value: 0.80, controlLower: 0.75, controlUpper: 0.85),
                        .init("2026-W11", value: 0.70, controlLower: 0.75, controlUpper: 0.85),
                    ], centre: 0.8)
            ])
        #expect(chart.series[0].points.map(\.outsideControlLimits) == [false, true])
        let table = chart.table
        #expect(table.columns.map(\.header) == ["series", "week", "value", "centre", "control limits", "signal"])
        #expect(table.rows[1].map(\.display) == ["contained", "2026-W11", "70.0%", "80.0%", "75.0–85.0%", "outside the limits"])
    }
}

extension HTMLMarkup {
    /// The text of every table cell (`<td>`), entities as written.
    func cellTexts() throws -> [String] {
        // texts[i] is the text before tags[i]; a cell's text follows its <td> and precedes </td>.
        tags.indices.compactMap { index in
            guard tags[index].name == "td", tags[index].closing else { return nil }
            return texts[index]
        }
    }
}
