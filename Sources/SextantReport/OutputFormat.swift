/// The formats a command can render.
public enum OutputFormat: String, CaseIterable, Hashable, Sendable {
    /// Aligned text for a terminal.
    case table
    /// GitHub-flavoured Markdown.
    case markdown
    /// JSON with stable snake_case keys and a `schema_version`.
    case json
    /// RFC 4180 CSV of the command's main table.
    case csv
    /// One self-contained HTML page with inline SVG charts (a confidence report to share).
    case html
}

/// The version of the JSON documents Sextant writes. It changes only when a key is removed or
/// changes meaning; added keys keep the version.
///
/// Version 2: `validate`'s `problems` are objects (`line`, `column`, `key_path`, `message`) instead
/// of strings, and `sample-size`'s `sessions` and `reviewed_sessions` are the sessions that settle
/// the reports' verdict (same interval, two-sided) instead of a one-sided figure.
public let jsonSchemaVersion = 2

/// A report: something a command computed once and renders in several formats.
///
/// A report builds one ``Document`` for people and programs alike, and its ``JSON`` value; each
/// format is a pure function of them (``rendered(as:)``).
public protocol Renderable {
    /// The document: what the terminal, Markdown, CSV and HTML renderers work from.
    func document() -> Document
    /// The JSON document (its first key is `schema_version`).
    func json() -> JSON
    /// The table CSV writes; by default the document's ``Document/dataTable``.
    func csvTable() -> Table
}

extension Renderable {
    /// The document's ``Document/dataTable``.
    public func csvTable() -> Table { document().dataTable }

    /// The rendered text in `format`.
    ///
    /// - Parameter format: the output format.
    /// - Returns: the text, ending in a line break.
    public func rendered(as format: OutputFormat) -> String {
        switch format {
        case .table: TerminalRenderer().render(document())
        case .markdown: MarkdownRenderer().render(document())
        case .json: json().serialized() + "\n"
        case .csv: CSVRenderer().render(csvTable())
        case .html: HTMLRenderer().render(document())
        }
    }
}
