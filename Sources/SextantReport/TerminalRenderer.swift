/// Renders a ``Document`` as plain text for a terminal: headings underlined, tables in aligned
/// columns, charts skipped or shown as tables.
///
/// Every piece of text goes through ``escape(_:keepingNewlines:)`` on its way out, so text from the data (an
/// intent, a channel, a reason, a file name) cannot move the cursor, recolour or retitle the
/// terminal, or break a table's lines.
public struct TerminalRenderer: Sendable {
    /// What becomes of a chart.
    public var charts: Chart.TextStyle

    /// A terminal renderer.
    ///
    /// - Parameter charts: what becomes of charts; skipped by default.
    public init(charts: Chart.TextStyle = .skip) { self.charts = charts }

    /// The document as text: blocks separated by a blank line, every line ending in a newline.
    ///
    /// - Parameter document: the document.
    /// - Returns: the text.
    public func render(_ document: Document) -> String {
        document.textBlocks(charts: charts).map { block in
            switch block {
            case .heading(let text): heading(text)
            case .paragraph(let text): Self.escape(text) + "\n"
            case .list(let items): items.map { "  • " + Self.escape($0) }.joined(separator: "\n") + "\n"
            case .table(let table): render(table)
            }
        }
        .joined(separator: "\n")
    }

    /// A table in aligned columns separated by two spaces, with a rule under the header.
    ///
    /// - Parameter table: the table.
    /// - Returns: the text, every line ending in a newline and without trailing spaces.
    public func render(_ table: Table) -> String {
        let columns = table.columns
        let header = columns.map { Self.escape($0.header) }
        let rows = table.rows.map { row in columns.indices.map { i in i < row.count ? Self.escape(row[i].display) : "" } }
        let widths = columns.indices.map { i in rows.reduce(header[i].count) { max($0, $1[i].count) } }
        func line(_ cells: [String]) -> String {
            columns.indices.map { i in
                let pad = String(repeating: " ", count: widths[i] - cells[i].count)
                return columns[i].alignment == .right ? pad + cells[i] : cells[i] + pad
            }
            .joined(separator: "  ").trailingSpacesRemoved
        }
        var lines = [line(header)]
        lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        lines += rows.map(line)
        return lines.joined(separator: "\n") + "\n"
    }

    private func heading(_ text: String) -> String {
        let text = Self.escape(text)
        return text + "\n" + String(repeating: "═", count: text.count) + "\n"
    }

    /// Text that is safe to print on a terminal: every control character written as an escape,
    /// so that text from the data (an intent, a reason, a file name echoed in a message) cannot
    /// move the cursor, recolour or retitle the terminal, hide text behind a carriage return, or
    /// reorder what is shown.
    ///
    /// Line feed, carriage return and tab become `\n`, `\r` and `\t`; every other C0 control
    /// (U+0000–U+001F, among them ESC and BEL), DEL (U+007F), every C1 control (U+0080–U+009F)
    /// and every Unicode bidirectional control (U+061C, U+200E, U+200F, U+202A–U+202E,
    /// U+2066–U+2069, which reorder the text around them) becomes `\u{…}` with its hexadecimal
    /// code, e.g. ESC as `\u{1B}` and the right-to-left override as `\u{202E}`. Other text,
    /// backslashes included, is unchanged, so text without such characters prints as it is. This
    /// is the one escape of the terminal medium: the command line's messages use it too.
    ///
    /// - Parameters:
    ///   - text: text from a report or its data.
    ///   - keepingNewlines: whether a line feed stays a line feed (for multi-line messages).
    /// - Returns: the text with its control characters escaped.
    public static func escape(_ text: String, keepingNewlines: Bool = false) -> String {
        func needsEscape(_ scalar: Unicode.Scalar) -> Bool { scalar.needsEscape && !(keepingNewlines && scalar == "\n") }
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                out.append(scalar)
                continue
            }
            let escaped =
                switch scalar {
                case "\n": "\\n"
                case "\r": "\\r"
                case "\t": "\\t"
                default: "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                }
            out.append(contentsOf: escaped.unicodeScalars)
        }
        return String(out)
    }
}

extension Unicode.Scalar {
    /// Whether the scalar is a C0 control, DEL or a C1 control: what a terminal acts on instead of showing.
    var isControl: Bool { value < 0x20 || (0x7F...0x9F).contains(value) }

    /// Whether the scalar is a Unicode bidirectional formatting character (the Arabic letter
    /// mark, the left-to-right and right-to-left marks, embeddings, overrides and isolates),
    /// which reorders the text around it: `a\u{202E}fdp.exe` shows as `aexe.pdf`.
    var isBidiControl: Bool {
        switch value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Whether every medium writes the scalar as an escape: a control or a bidirectional control.
    var needsEscape: Bool { isControl || isBidiControl }
}

extension String {
    fileprivate var trailingSpacesRemoved: String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
