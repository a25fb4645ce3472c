import Foundation

/// Renders a ``Document``'s data table as RFC 4180 CSV: a header row, CRLF line ends, numbers in
/// their exact form (``Cell/exact``).
///
/// Every text cell goes through ``escape(_:numeric:)`` on its way out, so that a spreadsheet
/// opening the file never runs a formula from the data (the OWASP advice on CSV injection), and a
/// file printed on a terminal cannot drive it.
public struct CSVRenderer: Sendable {
    /// A CSV renderer.
    public init() {}

    /// The document's ``Document/dataTable`` as CSV.
    ///
    /// - Parameter document: the document.
    /// - Returns: the CSV text, every line ending in CRLF.
    public func render(_ document: Document) -> String { render(document.dataTable) }

    /// A table as CSV: its headers, then one line per row.
    ///
    /// - Parameter table: the table.
    /// - Returns: the CSV text, every line ending in CRLF.
    public func render(_ table: Table) -> String {
        let header = table.columns.map { Self.escape($0.header, numeric: false) }
        let rows = table.rows.map { row in
            table.columns.indices.map { i in i < row.count ? Self.escape(row[i].exact, numeric: row[i].isNumeric) : "" }
        }
        return ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// One field, made safe for a spreadsheet and a terminal, and quoted when RFC 4180 needs it.
    ///
    /// - Every control character — line feed, carriage return and tab included — and every Unicode
    ///   bidirectional control is written as by ``TerminalRenderer/escape(_:keepingNewlines:)``
    ///   (`\n`, `\r`, `\t`, ESC as `\u{1B}`, U+202E as `\u{202E}`): a record is one line, and a
    ///   file printed on a terminal cannot drive it.
    /// - A text field that then starts with `=`, `+`, `-` or `@` gets a leading `'`, so that a
    ///   spreadsheet shows it as text instead of running it as a formula (`=cmd|' /C calc'!A0` is
    ///   written `'=cmd|' /C calc'!A0`). A number (`-0.5`) is written as it is: it is a value, not
    ///   text.
    /// - A field holding a comma or a double quote is enclosed in double quotes, its double quotes
    ///   doubled.
    ///
    /// - Parameters:
    ///   - field: the field's text.
    ///   - numeric: whether the field is a number, whose sign is not a formula.
    /// - Returns: the field as it goes in the file.
    public static func escape(_ field: String, numeric: Bool) -> String {
        var field = TerminalRenderer.escape(field)
        if !numeric, let first = field.unicodeScalars.first, ["=", "+", "-", "@"].contains(first) {
            field = "'" + field
        }
        guard field.unicodeScalars.contains(where: { [",", "\""].contains($0) }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
