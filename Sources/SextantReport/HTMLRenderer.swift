/// Renders a ``Document`` as one self-contained HTML page — a confidence report to share: its
/// guide (what the intervals and verdicts mean, what to do next), headings, paragraphs, lists and
/// tables, and each chart drawn as inline SVG above the table of its figures.
///
/// The page needs nothing else: its style is inline, it has no script, and its
/// Content-Security-Policy (`default-src 'none'; style-src 'unsafe-inline'; img-src data:`) forbids
/// any request a browser could make for it. It reads on a phone (the charts scale with their
/// `viewBox`, wide tables scroll) and prints to PDF (print styles). Colours are the Okabe–Ito
/// palette, and every colour comes with a pattern, a dash, a shape or a word, so that the page
/// survives colour blindness and greyscale printing.
///
/// Every text from the report or its data goes through ``escape(_:)`` on its way out, in HTML
/// text and attributes and in SVG `<text>` and `<title>` alike, so that no name from a log or a
/// scenario can add markup, an attribute, a style or a URL.
public struct HTMLRenderer: Sendable {
    /// An HTML renderer.
    public init() {}

    /// The Content-Security-Policy of every page: nothing may be fetched or run; only the page's
    /// own inline style applies.
    public static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

    /// The document as a page.
    ///
    /// The first heading is the page's title (`<h1>`, and `<title>` in the head); the guide
    /// follows it, then the other blocks in order.
    ///
    /// - Parameter document: the document.
    /// - Returns: the HTML text, ending in a line break.
    public func render(_ document: Document) -> String {
        var blocks = document.blocks[...]
        var title = "Sextant report"
        if case .heading(let first)? = blocks.first {
            title = first
            blocks = blocks.dropFirst()
        }
        var lead: [String] = []
        while case .paragraph(let text)? = blocks.first {
            lead.append(text)
            blocks = blocks.dropFirst()
        }
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(Self.contentSecurityPolicy)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="Sextant">
            <title>\(Self.escape(title))</title>
            <style>
            \(HTMLStyle.sheet)</style>
            </head>
            <body>
            <main>
            <header>
            <h1>\(Self.escape(title))</h1>

            """
        for paragraph in lead { out += "<p class=\"lead\">\(Self.escape(paragraph))</p>\n" }
        out += "</header>\n"
        if let guide = document.guide { out += Self.guide(guide) }
        var chartIndex = 0
        for block in blocks {
            switch block {
            case .heading(let text): out += "<h2>\(Self.escape(text))</h2>\n"
            case .paragraph(let text): out += "<p>\(Self.escape(text))</p>\n"
            case .list(let items): out += "<ul>\n" + items.map { "<li>\(Self.escape($0))</li>\n" }.joined() + "</ul>\n"
            case .table(let table): out += Self.table(table)
            case .chart(let chart):
                chartIndex += 1
                out += Self.figure(chart, id: "chart\(chartIndex)")
            }
        }
        out += """
            <footer><p>Made by Sextant. A self-contained page: no script, no request; every number drawn is also in a table.</p></footer>
            </main>
            </body>
            </html>

            """
        return out
    }

    /// The guide box: the interval, the verdict and the next steps in plain words.
    private static func guide(_ guide: Document.Guide) -> String {
        var out = "<section class=\"guide\">\n<h2>How to read this page</h2>\n<dl>\n"
        out += "<dt>The interval</dt>\n<dd>\(escape(guide.interval))</dd>\n"
        out += "<dt>The verdict</dt>\n<dd>\(escape(guide.verdict))</dd>\n"
        if !guide.next.isEmpty {
            out += "<dt>What to do next</dt>\n<dd><ul>\n" + guide.next.map { "<li>\(escape($0))</li>\n" }.joined()
            out += "</ul></dd>\n"
        }
        return out + "</dl>\n</section>\n"
    }

    /// A table in a box that scrolls sideways on a narrow screen; numeric columns right-aligned,
    /// verdicts marked by word and by style.
    ///
    /// - Parameters:
    ///   - table: the table.
    ///   - caption: a caption, nil for none.
    /// - Returns: the HTML text.
    static func table(_ table: Table, caption: String? = nil) -> String {
        var out = "<div class=\"table\">\n<table>\n"
        if let caption { out += "<caption>\(escape(caption))</caption>\n" }
        out += "<thead><tr>"
        for column in table.columns {
            out += "<th scope=\"col\"\(column.alignment == .right ? " class=\"num\"" : "")>\(escape(column.header))</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            out += "<tr>"
            for (i, column) in table.columns.enumerated() {
                let cell = i < row.count ? row[i] : Cell.text("")
                var classes: [String] = []
                if column.alignment == .right { classes.append("num") }
                if let verdict = cell.verdictClass { classes.append("verdict " + verdict) }
                let text = cell.display
                if text.count > 40 { classes.append("long") }
                let attribute = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                out += "<td\(attribute)>\(escape(text))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n</div>\n"
    }

    /// A chart: its title, its SVG drawing, a line on how to read it, and the table of its figures.
    private static func figure(_ chart: Chart, id: String) -> String {
        var out = "<figure class=\"chart\">\n<figcaption>\(escape(chart.title))</figcaption>\n"
        let drawing = SVGChart(chart, id: id).render()
        out += chart.kind == .series && chart.series.count > 1 ? "<div class=\"panels\">\n\(drawing)</div>\n" : drawing
        out += table(chart.table, caption: "Figures of the chart")
        return out + "</figure>\n"
    }

    /// Text that HTML and SVG show as it is, in an element's content or in a quoted attribute
    /// value: the one escape of the HTML medium.
    ///
    /// Control characters and Unicode bidirectional controls are first written as by
    /// ``TerminalRenderer/escape(_:keepingNewlines:)`` (a newline as `\n`, ESC as `\u{1B}`, U+202E
    /// as `\u{202E}`), so that nothing is hidden or reordered; then `&`, `<`, `>`, `"` and `'`
    /// become `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&#39;`. No tag, attribute, entity or end of
    /// a quoted value can then open or close: `"><img src=x onerror=alert(1)>` is shown as
    /// written, and `</style>` or `javascript:` is only text.
    ///
    /// - Parameter text: text from a report or its data.
    /// - Returns: the escaped text.
    public static func escape(_ text: String) -> String {
        let text = TerminalRenderer.escape(text)
        guard text.unicodeScalars.contains(where: { "&<>\"'".unicodeScalars.contains($0) }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}

extension Cell {
    /// The style class of a verdict cell (`met`, `below`…), nil for any other cell.
    fileprivate var verdictClass: String? {
        switch self {
        case .verdict(let verdict?): verdict.rawValue
        case .noted(let cell, _): cell.verdictClass
        case .text("pass"): "met"
        case .text("fail"), .text("fail (no data)"): "below"
        default: nil
        }
    }
}
