import SextantModel

/// The SQL query that turns a table of sessions — one row per session, with a session log's
/// columns — into the counts format that ``LogFormat/counts`` reads, in a warehouse's dialect.
///
/// The query follows the log reader's rules, so that a report on its result equals a report on
/// the same sessions read as a log:
///
/// - Text is trimmed of the ASCII white space the reader trims; empty and NULL are the same.
/// - `tags` and `issues` are lists split on `;` (or native arrays, joined by `;` first), each item
///   trimmed, empty items skipped. `sys_human_help` and `sys_human_follow_up` are matched exactly;
///   a session with both counts once in `unresolved`. Severities are `P0`, `P1`, `P2` in any case,
///   a severity listed twice counts once.
/// - `reviewed` is true for `true`, `1`, `yes`, `t`, `y` (any case, a boolean or a number as text);
///   anything else, empty or NULL is false. A table without the column counts every session as
///   reviewed (``absentColumns``).
/// - `week` is the ISO week (`2026-W14`) of the calendar date the first ten characters of
///   `started_at` write: a date, a date-time or a time stamp, its offset not moving it. A time
///   stamp column with a time zone is written as text in the session's time zone, so set that to
///   the zone the log reader should see (UTC, usually).
/// - Handoff reasons count only for sessions with a human (help or follow-up).
///
/// Where the log reader refuses a value the query does not stop: rows without a session id are
/// left out; a session id on several rows counts once, with the union of its rows' tags and
/// issues, reviewed if any row is, and the least of its rows' segment values and reasons (unless
/// ``assumeUniqueIDs``); issues on a session not reviewed, and items that are no severity, are
/// not counted; a `reviewed` value that is not one of the words above counts as false.
public struct WarehouseQuery: Hashable, Sendable {
    /// How a table holds the lists `tags` and `issues`.
    public enum ListEncoding: Hashable, Sendable {
        /// Text with items separated by `;`, as in a CSV log.
        case separatedText
        /// Native arrays of strings (`VARCHAR[]`, `ARRAY<STRING>`, `ARRAY`, `text[]`).
        case nativeArray
    }

    /// The engine the query is written for.
    public let dialect: SQLDialect
    /// The table's name, its parts separated by `.` (`analytics.sessions`, `project.dataset.sessions`).
    public let table: String
    /// The segment columns of the result, in order: `week`, `intent`, `channel`, `workflow`.
    public let segments: [SegmentDimension]
    /// Whether the result has a `handoff_reason` column (each row one reason of its segment).
    public let withReasons: Bool
    /// The table's names for the log's columns.
    public let mapping: ColumnMapping
    /// How the table holds `tags` and `issues`.
    public let lists: ListEncoding
    /// Optional columns the table does not have: `issues` (no issues), `reviewed` (every session
    /// reviewed, as in a log without the column), `workflow` (the counts carry none).
    public let absentColumns: Set<LogColumn>
    /// Whether to trust the table's session ids to be unique, skipping the step that counts an id
    /// on several rows once (faster on a very large table).
    public let assumeUniqueIDs: Bool

    /// The columns a table may lack.
    public static let optionalColumns: [LogColumn] = [.issues, .reviewed, .workflow]

    /// Checks and keeps a query's parts.
    ///
    /// - Parameters:
    ///   - dialect: the engine.
    ///   - table: the table's name, its parts separated by `.`: each part holds no quote, backtick,
    ///     backslash or control character, and is quoted when it is not a plain name.
    ///   - segments: segment columns (`week`, `intent`, `channel`, `workflow`), each at most once.
    ///   - withReasons: whether to add `handoff_reason`.
    ///   - mapping: the table's names for the log's columns (checked as table name parts are, and
    ///     unambiguous as in a log).
    ///   - lists: how `tags` and `issues` are held.
    ///   - absentColumns: columns among ``optionalColumns`` that the table lacks.
    ///   - assumeUniqueIDs: whether to skip merging rows of one session id.
    /// - Throws: ``IngestError`` (no file) naming the bad part, what was found and what was expected.
    public init(
        dialect: SQLDialect, table: String, segments: [SegmentDimension] = [], withReasons: Bool = false,
        mapping: ColumnMapping = ColumnMapping(), lists: ListEncoding = .separatedText, absentColumns: Set<LogColumn> = [],
        assumeUniqueIDs: Bool = false
    ) throws(IngestError) {
        let parts = table.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count) else {
            throw IngestError(
                file: "", "the table name \"\(table)\" has \(parts.count) parts; expected 1 to 4 separated by . (schema.table)")
        }
        for part in parts { try Self.checkName(String(part), what: "the table name \"\(table)\"") }
        var seen: Set<SegmentDimension> = []
        for segment in segments {
            guard segment != .tag else {
                throw IngestError(
                    file: "", "counts have no tags, so they cannot be split by tag; expected week, intent, channel or workflow",
                    hint: .segmentDimensions)
            }
            guard seen.insert(segment).inserted else {
                throw IngestError(
                    file: "", "\(segment.rawValue) is named twice; expected each segment once", hint: .segmentDimensions)
            }
        }
        for column in absentColumns where !Self.optionalColumns.contains(column) {
            throw IngestError(
                file: "",
                "\(column.rawValue) cannot be absent; expected \(Self.optionalColumns.map(\.rawValue).joined(separator: ", ")) "
                    + "(intent, channel and started_at are read only to split by them, handoff_reason only with reasons)")
        }
        if absentColumns.contains(.workflow), segments.contains(.workflow) {
            throw IngestError(file: "", "splitting by workflow needs the column workflow, which is given as absent")
        }
        try mapping.checkDistinct()
        for (column, name) in mapping.names.sorted(by: { $0.key.ordinal < $1.key.ordinal }) {
            try Self.checkName(name, what: "the column name \"\(name)\" (for \(column.rawValue))")
        }
        self.dialect = dialect
        self.table = table
        self.segments = segments
        self.withReasons = withReasons
        self.mapping = mapping
        self.lists = lists
        self.absentColumns = absentColumns
        self.assumeUniqueIDs = assumeUniqueIDs
    }

    /// Refuses a name that quoting could not hold: empty, longer than 255 characters, or with a
    /// quote, a backtick, a backslash or a control character.
    static func checkName(_ name: String, what: String) throws(IngestError) {
        guard !name.isEmpty, name.count <= 255 else {
            throw IngestError(file: "", "\(what) has an empty or over-long part; expected names of 1 to 255 characters")
        }
        if let bad = name.unicodeScalars.first(where: {
            "\"`\\".unicodeScalars.contains($0) || $0.properties.generalCategory == .control
        }) {
            let shown = bad.properties.generalCategory == .control ? "a control character" : "the character \(bad)"
            throw IngestError(
                file: "",
                "\(what) holds \(shown); expected a name without quotes, backticks, backslashes or control characters "
                    + "(Sextant quotes the names that need it)")
        }
    }
}

extension WarehouseQuery {
    /// The query: plain SQL, one statement ending with `;`, with a comment saying what it makes.
    ///
    /// Its result has the segment columns asked for, `workflow` (unless absent), `handoff_reason`
    /// with reasons, and the counts `sessions`, `human_help`, `unresolved`, `reviewed`, `p0`, `p1`,
    /// `p2`, `any_issue`; a missing segment value or reason is empty text (never NULL).
    public var sql: String {
        let d = dialect
        func named(_ column: LogColumn) -> String { d.identifier(mapping.name(of: column)) }
        func cleaned(_ column: LogColumn) -> String { d.trimmed(d.text(named(column))) }
        func list(_ column: LogColumn) -> String {
            let text = lists == .nativeArray ? d.joined(named(column)) : d.text(named(column))
            return "';' || COALESCE(\(d.squeezed(d.trimmed(text))), '') || ';'"
        }
        let byWeek = segments.contains(.week)
        let texts = outputColumns.filter { $0 != .week }
        var cleanedColumns = ["\(cleaned(.sessionID)) AS session_id"]
        if byWeek {
            cleanedColumns.append(
                "CAST(SUBSTR(NULLIF(\(cleaned(.startedAt)), ''), 1, 10) AS DATE) AS started_on")
        }
        for dimension in texts {
            guard let logColumn = dimension.column else { continue }
            cleanedColumns.append("NULLIF(\(cleaned(logColumn)), '') AS \(dimension.rawValue)")
        }
        cleanedColumns.append("\(list(.tags)) AS tag_list")
        if !absentColumns.contains(.issues) { cleanedColumns.append("LOWER(\(list(.issues))) AS issue_list") }
        if absentColumns.contains(.reviewed) {
            cleanedColumns.append("1 AS reviewed")
        } else {
            cleanedColumns.append(
                "CASE WHEN LOWER(\(cleaned(.reviewed))) IN ('true', '1', 'yes', 'y', 't') THEN 1 ELSE 0 END AS reviewed")
        }
        if withReasons { cleanedColumns.append("NULLIF(\(cleaned(.handoffReason)), '') AS handoff_reason") }

        let help = d.contains("tag_list", ";sys_human_help;")
        let handoff = "\(help) OR \(d.contains("tag_list", ";sys_human_follow_up;"))"
        var flagColumns = ["session_id"]
        if byWeek { flagColumns.append("\(d.isoWeek("started_on")) AS week") }
        flagColumns += texts.map(\.rawValue)
        if withReasons { flagColumns.append("CASE WHEN \(handoff) THEN handoff_reason END AS handoff_reason") }
        flagColumns += [
            "CASE WHEN \(help) THEN 1 ELSE 0 END AS human_help", "CASE WHEN \(handoff) THEN 1 ELSE 0 END AS unresolved",
        ]
        flagColumns.append("reviewed")
        for severity in ["p0", "p1", "p2"] {
            flagColumns.append(
                absentColumns.contains(.issues)
                    ? "0 AS \(severity)"
                    : "CASE WHEN reviewed = 1 AND \(d.contains("issue_list", ";\(severity);")) THEN 1 ELSE 0 END AS \(severity)")
        }

        let groups = outputColumns.map(\.rawValue) + (withReasons ? ["handoff_reason"] : [])
        let flags = ["human_help", "unresolved", "reviewed", "p0", "p1", "p2"]
        var sessionColumns = ["session_id"] + groups.map { "MIN(\($0)) AS \($0)" }
        sessionColumns += flags.map { "MAX(\($0)) AS \($0)" }
        let counts =
            ["COUNT(*) AS sessions"] + flags.map { "SUM(\($0)) AS \($0)" }
            + ["SUM(CASE WHEN p0 + p1 + p2 > 0 THEN 1 ELSE 0 END) AS any_issue"]

        var lines = header
        lines.append("WITH cleaned AS (")
        lines.append(select(cleanedColumns, from: tableName))
        lines.append("),")
        lines.append("flagged AS (")
        lines.append(select(flagColumns, from: "cleaned") + "\n  WHERE session_id <> ''")
        lines.append(")" + (assumeUniqueIDs ? "" : ","))
        var source = "flagged"
        if !assumeUniqueIDs {
            lines.append("per_session AS (")
            lines.append(select(sessionColumns, from: "flagged") + "\n  GROUP BY session_id")
            lines.append(")")
            source = "per_session"
        }
        // Missing values leave as empty text, which every engine's CSV export writes as an empty field.
        let shown = groups.map { "COALESCE(\($0), '') AS \($0)" }
        var final = "SELECT\n" + (shown + counts).map { "  " + $0 }.joined(separator: ",\n") + "\nFROM \(source)"
        if !groups.isEmpty {
            let positions = groups.indices.map { String($0 + 1) }.joined(separator: ", ")
            final += "\nGROUP BY \(positions)\nORDER BY \(positions)"
        }
        lines.append(final + ";")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The segment columns of the result: those asked for, then `workflow` unless asked for or absent.
    private var outputColumns: [SegmentDimension] {
        segments + (segments.contains(.workflow) || absentColumns.contains(.workflow) ? [] : [.workflow])
    }

    /// The table's name, each part written as the dialect reads it.
    private var tableName: String {
        table.split(separator: ".", omittingEmptySubsequences: false).map { dialect.identifier(String($0)) }
            .joined(separator: ".")
    }

    /// Comment lines that say what the query makes and how to read its result.
    private var header: [String] {
        let split = segments.map { " --by \($0.rawValue)" }.joined()
        let groups = outputColumns.map(\.rawValue) + (withReasons ? ["handoff reason"] : [])
        return [
            "-- Sextant counts (\(dialect.name)): "
                + (groups.isEmpty ? "one row" : "one row per " + groups.joined(separator: ", ")) + ".",
            "-- Save the result as CSV with a header row, then: sextant report counts.csv --input-format counts\(split)",
        ]
    }

    private func select(_ columns: [String], from source: String) -> String {
        "  SELECT\n" + columns.map { "    " + $0 }.joined(separator: ",\n") + "\n  FROM \(source)"
    }
}
