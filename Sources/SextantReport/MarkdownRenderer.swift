/// Renders a ``Document`` as GitHub-flavoured Markdown: `##` headings, `-` lists, pipe tables,
/// charts skipped or shown as tables.
///
/// Every piece of text goes through ``escape(_:inTable:)`` on its way out, so text from the data
/// can neither inject HTML (`<script>` is written `&lt;script&gt;`), links or emphasis, nor break
/// a table row or start a block of its own.
public struct MarkdownRenderer: Sendable {
    /// What becomes of charts; skipped by default.
    public var charts: Chart.TextStyle

    /// A Markdown renderer.
    ///
    /// - Parameter charts: what becomes of charts; skipped by default.
    public init(charts: Chart.TextStyle = .skip) { self.charts = charts }

    /// The document as Markdown: blocks separated by a blank line, every line ending in a newline.
    ///
    /// - Parameter document: the document.
    /// - Returns: the Markdown text.
    public func render(_ document: Document) -> String {
        document.textBlocks(charts: charts).map { block in
            switch block {
            case .heading(let text): "## " + Self.escape(text) + "\n"
            case .paragraph(let text): Self.escape(text) + "\n"
            case .list(let items): items.map { "- " + Self.escape($0) }.joined(separator: "\n") + "\n"
            case .table(let table): render(table)
            }
        }
        .joined(separator: "\n")
    }

    /// A pipe table with a delimiter row that carries each column's alignment.
    ///
    /// - Parameter table: the table.
    /// - Returns: the Markdown text, every line ending in a newline.
    public func render(_ table: Table) -> String {
        func row(_ cells: [String]) -> String {
            "| " + cells.map { Self.escape($0, inTable: true) }.joined(separator: " | ") + " |"
        }
        var lines = [row(table.columns.map(\.header))]
        lines.append("|" + table.columns.map { $0.alignment == .right ? " ---: |" : " --- |" }.joined())
        lines += table.rows.map { cells in row(table.columns.indices.map { i in i < cells.count ? cells[i].display : "" }) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text that Markdown shows as it is, on one line.
    ///
    /// - Control characters are escaped as by ``TerminalRenderer/escape(_:keepingNewlines:)``: a newline is
    ///   written `\n` and cannot end a paragraph, a list item or a table row.
    /// - `&` is written `&amp;`; `<` is written `&lt;` unless a space follows it and `>` is written
    ///   `&gt;` unless a space precedes it, so no HTML tag, comment or autolink can open, while a
    ///   free-standing comparison (`upper bound < floor`) stays readable in the source.
    /// - A backslash, a backtick, `*`, `[`, `]` and `~` are escaped with a backslash, as is `_` unless it
    ///   sits inside a word (where it cannot emphasise); in a table, so is `|`.
    /// - At the start of the text, a `#`, `+`, `-` or `=` that could open a heading or a list,
    ///   and the `.` or `)` after leading digits that could open a numbered list, are escaped.
    ///
    /// - Parameters:
    ///   - text: text from a report or its data.
    ///   - inTable: whether the text is a table cell.
    /// - Returns: the escaped text.
    public static func escape(_ text: String, inTable: Bool = false) -> String {
        let scalars = Array(TerminalRenderer.escape(text).unicodeScalars)
        var out = String.UnicodeScalarView()
        let leadingDigits = scalars.prefix { ("0"..."9").contains($0) }.count
        for (i, scalar) in scalars.enumerated() {
            let before = i > 0 ? scalars[i - 1] : nil
            let after = i + 1 < scalars.count ? scalars[i + 1] : nil
            let opensBlock =
                !inTable
                && (i == 0
                    ? "#+-=".unicodeScalars.contains(scalar)
                    : i == leadingDigits && ".)".unicodeScalars.contains(scalar) && (after?.properties.isWhitespace ?? true))
            let escaped: String? =
                switch scalar {
                case _ where opensBlock: "\\" + String(scalar)
                case "&": "&amp;"
                case "<" where !(after?.properties.isWhitespace ?? true): "&lt;"
                case ">" where !(before?.properties.isWhitespace ?? false): "&gt;"
                case "\\", "`", "*", "[", "]", "~": "\\" + String(scalar)
                case "_" where !((before?.isWordCharacter ?? false) && (after?.isWordCharacter ?? false)): "\\_"
                case "|" where inTable: "\\|"
                default: nil
                }
            if let escaped {
                out.append(contentsOf: escaped.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}

extension Unicode.Scalar {
    /// A letter or digit of any script: inside a word, `_` cannot open or close emphasis.
    fileprivate var isWordCharacter: Bool { properties.isAlphabetic || properties.numericType != nil }
}
