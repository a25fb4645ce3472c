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

    /// One field, made safe for a spreadsheet and quoted when RFC 4180 needs it.
    ///
    /// - A text field that starts with `=`, `+`, `-` or `@`, or with a tab or carriage return,
    ///   gets a leading `'`, so that a spreadsheet shows it as text instead of running it as a
    ///   formula (`=cmd|' /C calc'!A0` is written `'=cmd|' /C calc'!A0`). A number (`-0.5`) is
    ///   written as it is: it is a value, not text.
    /// - Control characters other than tab, line feed and carriage return, which no spreadsheet
    ///   shows, are written as by ``TerminalRenderer/escape(_:)`` (ESC as `\u{1B}`).
    /// - A field holding a comma, a double quote, a line feed or a carriage return is enclosed in
    ///   double quotes, its double quotes doubled.
    ///
    /// - Parameters:
    ///   - field: the field's text.
    ///   - numeric: whether the field is a number, whose sign is not a formula.
    /// - Returns: the field as it goes in the file.
    public static func escape(_ field: String, numeric: Bool) -> String {
        var field = field
        if field.unicodeScalars.contains(where: { $0.isControl && !["\t", "\n", "\r"].contains($0) }) {
            field = String(
                String.UnicodeScalarView(
                    field.unicodeScalars.flatMap { scalar -> [Unicode.Scalar] in
                        guard scalar.isControl, !["\t", "\n", "\r"].contains(scalar) else { return [scalar] }
                        return Array(TerminalRenderer.escape(String(scalar)).unicodeScalars)
                    }))
        }
        if !numeric, let first = field.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            field = "'" + field
        }
        guard field.unicodeScalars.contains(where: { [",", "\"", "\n", "\r"].contains($0) }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
