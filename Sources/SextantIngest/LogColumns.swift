import SextantModel

/// The columns (JSON keys) of a session log, as `interfaces.md` names them.
public enum LogColumn: String, CaseIterable, Hashable, Sendable {
    case sessionID = "session_id"
    case startedAt = "started_at"
    case tags
    case issues
    case reviewed
    case workflow
    case intent
    case channel
    case handoffReason = "handoff_reason"

    /// Columns a log must have.
    static let required: [LogColumn] = [.sessionID, .tags]
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

/// The formats a log can come in.
public enum LogFormat: String, CaseIterable, Hashable, Sendable {
    /// CSV (RFC 4180) with a header row.
    case csv
    /// JSON Lines: one object a line.
    case jsonl
    /// Pre-aggregated counts (CSV): optional `week`, `workflow`, `intent`, `channel` and the counts
    /// `sessions`, `human_help`, `unresolved`, `reviewed`, `p0`, `p1`, `p2`, `any_issue`.
    case counts

    /// The format a file's name implies (`.csv`, `.jsonl`, `.ndjson`, each optionally `.gz`).
    public static func byExtension(_ path: String) -> LogFormat? {
        let name = LogSource.uncompressedName(path).lowercased()
        if name.hasSuffix(".csv") { return .csv }
        if name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") { return .jsonl }
        return nil
    }
}

/// How an export's column names map onto Sextant's: `tags=labels` reads the `labels` column as `tags`.
public struct ColumnMapping: Hashable, Sendable {
    /// The export's name for each renamed column.
    public private(set) var names: [LogColumn: String] = [:]

    public init() {}

    /// The export's name of `column`.
    public func name(of column: LogColumn) -> String { names[column] ?? column.rawValue }

    /// Adds `ours=theirs` pairs separated by commas or line breaks; `#` starts a comment.
    ///
    /// - Parameters:
    ///   - text: the pairs, e.g. `tags=labels,started_at=created_at`.
    ///   - origin: where the text comes from, for messages (`--map` or a file's path).
    public mutating func add(_ text: String, origin: String) throws(IngestError) {
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            for pair in line.split(separator: ",") {
                let trimmedPair = pair.trimmingSpaces
                if trimmedPair.isEmpty { continue }
                let parts = trimmedPair.split(separator: "=", maxSplits: 1).map { String($0.trimmingSpaces) }
                let lineNumber = origin == "--map" ? nil : index + 1
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                    throw IngestError(
                        file: origin, line: lineNumber, "found \"\(trimmedPair)\"; expected COLUMN=EXPORT_NAME, e.g. tags=labels")
                }
                guard let column = LogColumn(rawValue: parts[0]) else {
                    let known = LogColumn.allCases.map(\.rawValue).joined(separator: ", ")
                    throw IngestError(file: origin, line: lineNumber, "unknown column \"\(parts[0])\"; expected one of \(known)")
                }
                names[column] = parts[1]
            }
        }
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let first = s.first, first.isWhitespace { s.removeFirst() }
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return s
    }
}
