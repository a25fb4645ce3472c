/// A table of value cells, with a header and an alignment per column.
public struct Table: Hashable, Sendable {
    /// How a column's cells line up.
    public enum Alignment: Hashable, Sendable {
        /// Text starts at the column's left edge.
        case left
        /// Text ends at the column's right edge, as numbers line up.
        case right
    }

    /// A column: its header and alignment.
    public struct Column: Hashable, Sendable {
        /// The column's name, shown above its cells.
        public var header: String
        /// How the column's cells line up in a terminal and in Markdown.
        public var alignment: Alignment

        /// A column.
        ///
        /// - Parameters:
        ///   - header: the column's name.
        ///   - alignment: how its cells line up; left by default.
        public init(_ header: String, _ alignment: Alignment = .left) {
            self.header = header
            self.alignment = alignment
        }
    }

    /// The columns, left to right.
    public var columns: [Column]
    /// The rows, each one cell per column (a short row is padded with empty cells).
    public var rows: [[Cell]]

    /// A table of value cells.
    ///
    /// - Parameters:
    ///   - columns: the columns, left to right.
    ///   - rows: the rows, each one cell per column.
    public init(columns: [Column], rows: [[Cell]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// A table whose every cell is text.
    ///
    /// - Parameters:
    ///   - columns: the columns, left to right.
    ///   - rows: the rows, each one text per column.
    public init(columns: [Column], rows: [[String]]) {
        self.init(columns: columns, rows: rows.map { $0.map(Cell.text) })
    }
}

/// What a command shows a person: headings, paragraphs, lists, tables and charts, with the table
/// that programs read.
///
/// One document feeds every renderer: ``TerminalRenderer`` and ``MarkdownRenderer`` show its
/// blocks, ``CSVRenderer`` writes its ``data`` table, and ``HTMLRenderer`` shows its ``guide`` and
/// blocks and draws its charts.
public struct Document: Hashable, Sendable {
    /// One block of a document.
    public enum Block: Hashable, Sendable {
        /// A section title.
        case heading(String)
        /// A paragraph of text (no line breaks of its own).
        case paragraph(String)
        /// A bulleted list.
        case list([String])
        /// A table.
        case table(Table)
        /// A chart: drawn by a renderer that can, shown as a table or skipped by text renderers.
        case chart(Chart)
    }

    /// Plain words for a reader who is not a statistician: what the page's intervals and
    /// verdicts mean, and what to do next.
    public struct Guide: Hashable, Sendable {
        /// What the intervals (or bands) on the page mean.
        public var interval: String
        /// What the verdicts on the page mean.
        public var verdict: String
        /// What to do next, most pressing first.
        public var next: [String]

        /// A guide.
        ///
        /// - Parameters:
        ///   - interval: what the intervals mean.
        ///   - verdict: what the verdicts mean.
        ///   - next: what to do next, most pressing first.
        public init(interval: String, verdict: String, next: [String]) {
            self.interval = interval
            self.verdict = verdict
            self.next = next
        }
    }

    /// The blocks, top to bottom.
    public var blocks: [Block]
    /// The table that programs read (CSV): the report's figures, one row each. Without it, the
    /// document's first table.
    public var data: Table?
    /// Plain words on what the page means and what to do next, shown by ``HTMLRenderer`` at the
    /// top of the page (the text renderers leave it out); nil for none.
    public var guide: Guide?

    /// A document.
    ///
    /// - Parameters:
    ///   - blocks: the blocks, top to bottom.
    ///   - data: the table CSV writes; nil for the first table among the blocks.
    ///   - guide: plain words on what the page means, nil for none.
    public init(_ blocks: [Block] = [], data: Table? = nil, guide: Guide? = nil) {
        self.blocks = blocks
        self.data = data
        self.guide = guide
    }

    /// The table CSV writes: ``data`` or else the first table block (an empty table when there is none).
    public var dataTable: Table {
        if let data { return data }
        for case .table(let table) in blocks { return table }
        return Table(columns: [])
    }

    /// The charts among the blocks, top to bottom.
    public var charts: [Chart] {
        blocks.compactMap { block in
            guard case .chart(let chart) = block else { return nil }
            return chart
        }
    }
}

/// A block as a text renderer shows it: charts have become tables or are gone.
enum TextBlock {
    case heading(String)
    case paragraph(String)
    case list([String])
    case table(Table)
}

extension Document {
    /// The blocks a text renderer shows, top to bottom: each chart skipped, or replaced by its
    /// title as a heading and its ``Chart/table``.
    func textBlocks(charts: Chart.TextStyle) -> [TextBlock] {
        blocks.flatMap { block -> [TextBlock] in
            switch block {
            case .heading(let text): [.heading(text)]
            case .paragraph(let text): [.paragraph(text)]
            case .list(let items): [.list(items)]
            case .table(let table): [.table(table)]
            case .chart(let chart): charts == .table ? [.heading(chart.title), .table(chart.table)] : []
            }
        }
    }
}
