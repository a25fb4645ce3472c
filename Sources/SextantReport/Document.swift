import Foundation

/// A table of text cells, rendered for a terminal, as Markdown or as CSV.
public struct Table: Hashable, Sendable {
    /// How a column's cells line up.
    public enum Alignment: Hashable, Sendable { case left, right }

    /// A column: its header and alignment.
    public struct Column: Hashable, Sendable {
        public var header: String
        public var alignment: Alignment
        public init(_ header: String, _ alignment: Alignment = .left) {
            self.header = header
            self.alignment = alignment
        }
    }

    public var columns: [Column]
    public var rows: [[String]]

    public init(columns: [Column], rows: [[String]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// Aligned columns separated by two spaces, a rule under the header.
    public func terminal() -> String {
        let widths = columns.indices.map { i in
            rows.reduce(columns[i].header.count) { max($0, i < $1.count ? $1[i].count : 0) }
        }
        func line(_ cells: [String]) -> String {
            columns.indices.map { i in
                let cell = i < cells.count ? cells[i] : ""
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return columns[i].alignment == .right ? pad + cell : cell + pad
            }
            .joined(separator: "  ").trailingSpacesRemoved
        }
        var lines = [line(columns.map(\.header))]
        lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        lines += rows.map(line)
        return lines.joined(separator: "\n") + "\n"
    }

    /// A GitHub-flavoured Markdown table.
    public func markdown() -> String {
        func escape(_ cell: String) -> String { cell.replacingOccurrences(of: "|", with: "\\|") }
        var lines = ["| " + columns.map { escape($0.header) }.joined(separator: " | ") + " |"]
        lines.append("|" + columns.map { $0.alignment == .right ? " ---: |" : " --- |" }.joined())
        lines += rows.map { "| " + $0.map(escape).joined(separator: " | ") + " |" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// RFC 4180 CSV with a header row and CRLF line ends.
    public func csv() -> String {
        func quote(_ cell: String) -> String {
            guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
            return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        let lines = [columns.map { quote($0.header) }] + rows.map { $0.map(quote) }
        return lines.map { $0.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}

/// A document of headings, paragraphs, lists and tables: what a command shows a person.
public struct Document: Hashable, Sendable {
    /// One block of a document.
    public enum Block: Hashable, Sendable {
        case heading(String)
        case paragraph(String)
        case list([String])
        case table(Table)
    }

    public var blocks: [Block]

    public init(_ blocks: [Block] = []) { self.blocks = blocks }

    /// Plain text for a terminal.
    public func terminal() -> String {
        blocks.map { block in
            switch block {
            case .heading(let text): text + "\n" + String(repeating: "═", count: text.count) + "\n"
            case .paragraph(let text): text + "\n"
            case .list(let items): items.map { "  • " + $0 }.joined(separator: "\n") + "\n"
            case .table(let table): table.terminal()
            }
        }
        .joined(separator: "\n")
    }

    /// GitHub-flavoured Markdown.
    public func markdown() -> String {
        blocks.map { block in
            switch block {
            case .heading(let text): "## " + text + "\n"
            case .paragraph(let text): text + "\n"
            case .list(let items): items.map { "- " + $0 }.joined(separator: "\n") + "\n"
            case .table(let table): table.markdown()
            }
        }
        .joined(separator: "\n")
    }
}

extension String {
    fileprivate var trailingSpacesRemoved: String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

/// Number formatting shared by every renderer.
public enum Format {
    /// A rate as a percentage, e.g. `74.0%`; `–` for no data.
    public static func percent(_ value: Double?, decimals: Int = 1) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.\(decimals)f%%", value * 100)
    }

    /// A rate as a percentage with at most one decimal and no trailing `.0`, e.g. `80%` or `72.5%`.
    public static func compactPercent(_ value: Double) -> String {
        let text = String(format: "%.1f", value * 100)
        return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + "%"
    }

    /// An interval as percentages, e.g. `59.7–85.4%`; `–` for no data.
    public static func percentRange(_ lower: Double?, _ upper: Double?, decimals: Int = 1) -> String {
        guard let lower, let upper, lower.isFinite, upper.isFinite else { return "–" }
        return String(format: "%.\(decimals)f–%.\(decimals)f%%", lower * 100, upper * 100)
    }

    /// A confidence level, e.g. `95%` or `99.9%`.
    public static func confidence(_ value: Double) -> String {
        let percent = value * 100
        let rounded = (percent * 1000).rounded() / 1000
        if rounded == rounded.rounded() { return String(format: "%.0f%%", rounded) }
        var text = String(format: "%.3f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text + "%"
    }

    /// A number with a fixed count of decimals.
    public static func decimal(_ value: Double?, _ decimals: Int) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.\(decimals)f", value)
    }

    /// A number with 6 significant digits, e.g. `0.596552` or `3.68888e-07`; `–` for none.
    public static func significant(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.6g", value)
    }

    /// A number in its shortest round-tripping form, for machine-read outputs; empty for none.
    public static func exact(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return "\(value)"
    }

    /// An integer with thousands separators, e.g. `12,345`.
    public static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    /// A number of percentage points with a sign, e.g. `+2.4 pp`.
    public static func points(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%+.1f pp", value)
    }
}
