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
}

/// The version of the JSON documents Sextant writes. It changes only when a key is removed or
/// changes meaning; added keys keep the version.
public let jsonSchemaVersion = 1

/// Something a command computed once and renders in several formats.
public protocol Renderable {
    /// The document for a terminal or Markdown.
    func document() -> Document
    /// The JSON document (its first key is `schema_version`).
    func json() -> JSON
    /// The main table, for CSV.
    func csvTable() -> Table
}

extension Renderable {
    /// The rendered text in `format`.
    public func rendered(as format: OutputFormat) -> String {
        switch format {
        case .table: document().terminal()
        case .markdown: document().markdown()
        case .json: json().serialized() + "\n"
        case .csv: csvTable().csv()
        }
    }
}
