import SextantModel

/// The columns (JSON keys) of a session log.
public enum LogColumn: String, CaseIterable, Hashable, Sendable {
    /// A unique id per session.
    case sessionID = "session_id"
    /// When the session started (ISO 8601), for weekly segments.
    case startedAt = "started_at"
    /// The session's tags: `sys_human_help` and `sys_human_follow_up` drive the metrics.
    case tags
    /// The severities of the issues found in review (`P0`, `P1`, `P2`).
    case issues
    /// Whether the session was reviewed for issues.
    case reviewed
    /// The workflow, which picks the target row.
    case workflow
    /// The session's intent (topic).
    case intent
    /// The channel (chat, email, voice…).
    case channel
    /// Why a human was involved.
    case handoffReason = "handoff_reason"

    /// Columns a log must have.
    static let required: [LogColumn] = [.sessionID, .tags]

    /// The position in `allCases`, to index per-column tables without hashing.
    @inline(__always)
    var ordinal: Int {
        switch self {
        case .sessionID: 0
        case .startedAt: 1
        case .tags: 2
        case .issues: 3
        case .reviewed: 4
        case .workflow: 5
        case .intent: 6
        case .channel: 7
        case .handoffReason: 8
        }
    }
}

extension SegmentDimension {
    /// The log column a dimension reads (weeks from `started_at`); nil for tags, which come from `tags`.
    var column: LogColumn? {
        switch self {
        case .week: .startedAt
        case .intent: .intent
        case .channel: .channel
        case .workflow: .workflow
        case .tag: nil
        }
    }
}

/// How an export's column names map onto Sextant's: `tags=labels` reads the `labels` column as `tags`.
public struct ColumnMapping: Hashable, Sendable {
    /// The export's name for each renamed column.
    public private(set) var names: [LogColumn: String] = [:]

    /// No renamed columns: every column under its own name.
    public init() {}

    /// The export's name of `column`.
    public func name(of column: LogColumn) -> String { names[column] ?? column.rawValue }

    /// The column each export name stands for (JSON keys are matched exactly).
    var columnsByName: [String: LogColumn] {
        var columns: [String: LogColumn] = [:]
        for column in LogColumn.allCases { columns[name(of: column)] = column }
        return columns
    }

    /// Adds `ours=theirs` pairs separated by commas or line breaks; `#` starts a comment.
    ///
    /// - Parameters:
    ///   - text: the pairs, e.g. `tags=labels,started_at=created_at`.
    ///   - origin: where the text comes from, for messages (a file's path, or how the pairs were given).
    ///   - numberedLines: whether messages give the line of a bad pair (true for a file).
    /// - Throws: ``IngestError`` for a pair that is not `COLUMN=EXPORT_NAME`, an unknown column, or
    ///   a column given two different export names.
    public mutating func add(_ text: String, origin: String, numberedLines: Bool = true) throws(IngestError) {
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            for pair in line.split(separator: ",") {
                let trimmedPair = pair.trimmingSpaces
                if trimmedPair.isEmpty { continue }
                let parts = trimmedPair.split(separator: "=", maxSplits: 1).map { String($0.trimmingSpaces) }
                let lineNumber = numberedLines ? index + 1 : nil
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                    throw IngestError(
                        file: origin, line: lineNumber, "found \"\(trimmedPair)\"; expected COLUMN=EXPORT_NAME, e.g. tags=labels")
                }
                guard let column = LogColumn(rawValue: parts[0]) else {
                    let known = LogColumn.allCases.map(\.rawValue).joined(separator: ", ")
                    throw IngestError(file: origin, line: lineNumber, "unknown column \"\(parts[0])\"; expected one of \(known)")
                }
                if let earlier = names[column], earlier != parts[1] {
                    throw IngestError(
                        file: origin, line: lineNumber,
                        "\(column.rawValue) is mapped twice, to \"\(earlier)\" and to \"\(parts[1])\"; expected one export name per column"
                    )
                }
                names[column] = parts[1]
            }
        }
    }
}

extension ColumnMapping {
    /// The longest mapping file read: 1 MiB.
    public static let fileLimit = 1 << 20

    /// Adds the pairs of a mapping file (one `OURS=THEIRS` pair a line, `#` comments; see
    /// ``add(_:origin:numberedLines:)``), read from `path` — a regular file, a pipe or a FIFO, or `-`
    /// for standard input — up to ``fileLimit`` bytes.
    ///
    /// - Parameter path: the file.
    /// - Throws: ``IngestError`` when the file cannot be read, is longer than ``fileLimit``, is not
    ///   UTF-8 text, or holds a bad pair.
    public mutating func add(contentsOf path: String) throws(IngestError) {
        let bytes = try FileByteSource(path: path).read(upTo: Self.fileLimit + 1)
        guard bytes.count <= Self.fileLimit else {
            throw IngestError(
                file: path,
                "the mapping file is longer than \(Self.fileLimit >> 20) MiB; expected a short list of OURS=THEIRS lines")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw IngestError(file: path, "the mapping file is not UTF-8 text; expected OURS=THEIRS lines")
        }
        try add(text, origin: path)
    }

    /// Checks that no export name stands for two of our columns (as `tags=session_id` would make
    /// `session_id` both the id and the tags).
    ///
    /// - Throws: ``IngestError`` naming the export column and both columns.
    func checkDistinct() throws(IngestError) {
        var seen: [String: LogColumn] = [:]
        for column in LogColumn.allCases {
            let name = name(of: column)
            if let other = seen[name] {
                let renamed = names[column] != nil ? column : other
                throw IngestError(
                    file: "",
                    "the export column \"\(name)\" would be read as both \(other.rawValue) and \(column.rawValue); "
                        + "expected each export column to stand for one column",
                    hint: .mapColumn(renamed))
            }
            seen[name] = column
        }
    }
}

/// Where each column of a CSV session log is: its field index, from the header row.
struct ColumnLayout {
    /// Field indices by ``LogColumn/ordinal``; -1 for a column the log does not have.
    private let indices: [Int]

    /// The field index of `column`, or -1 when the log does not have it.
    @inline(__always)
    func index(of column: LogColumn) -> Int { indices[column.ordinal] }

    /// Whether the log has `column`.
    func has(_ column: LogColumn) -> Bool { index(of: column) >= 0 }

    /// The layout of a header row: columns found by their mapped names, exactly first, then ignoring
    /// case and surrounding spaces.
    ///
    /// - Throws: ``IngestError`` (at `file`:`line`) for more than ``LogLimits/maximumColumns``
    ///   columns, a column named twice, a mapped column that is not there, a missing required
    ///   column, or a missing column that a segment dimension reads.
    init(header: [String], mapping: ColumnMapping, dimensions: [SegmentDimension], file: String, line: Int)
        throws(IngestError)
    {
        try LogLimits.checkColumns(header.count, file: file, line: line)
        var indices = [Int](repeating: -1, count: LogColumn.allCases.count)
        let found = header.joined(separator: ", ")
        for column in LogColumn.allCases {
            let wanted = mapping.name(of: column)
            let exact = header.indices.filter { header[$0] == wanted }
            let matches = exact.isEmpty ? header.indices.filter { header[$0].lowercased() == wanted.lowercased() } : exact
            if matches.count > 1 {
                throw IngestError(
                    file: file, line: line,
                    "the column \"\(wanted)\" appears \(Wording.count(matches.count, "time")); expected it once")
            }
            if let index = matches.first {
                if let other = LogColumn.allCases.first(where: { indices[$0.ordinal] == index }) {
                    throw IngestError(
                        file: file, line: line,
                        "the column \"\(header[index])\" would be read as both \(other.rawValue) "
                            + "(as \"\(mapping.name(of: other))\") and \(column.rawValue) (as \"\(wanted)\", ignoring case); "
                            + "expected each column of the header to stand for one column")
                }
                indices[column.ordinal] = index
            } else if mapping.names[column] != nil {
                throw IngestError(
                    file: file, line: line,
                    "the mapped column \"\(wanted)\" (for \(column.rawValue)) is not in the header; columns found: \(found)")
            }
        }
        for column in LogColumn.required where indices[column.ordinal] < 0 {
            throw IngestError(
                file: file, line: line, "missing the required column \"\(column.rawValue)\"; columns found: \(found)",
                hint: .mapColumn(column))
        }
        for dimension in dimensions {
            if let column = dimension.column, indices[column.ordinal] < 0 {
                throw IngestError(
                    file: file, line: line,
                    "splitting by \(dimension.rawValue) needs the column \"\(column.rawValue)\"; columns found: \(found)",
                    hint: .mapColumn(column))
            }
        }
        self.indices = indices
    }
}

extension Substring {
    /// Without leading and trailing whitespace.
    var trimmingSpaces: Substring {
        var s = self
        while let first = s.first, first.isWhitespace { s.removeFirst() }
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return s
    }
}
