import SextantModel

/// A value of one column of one session, as a log format gives it. CSV gives only text (or
/// nothing, for a column the file does not have); JSON gives its kinds.
enum FieldValue {
    /// The column is not in the file (CSV) or the key not on the line (JSON).
    case absent
    /// JSON `null`: read as an empty cell.
    case null
    /// A CSV field or a JSON string (quotes removed, escapes resolved).
    case text(UnsafeRawBufferPointer)
    /// A JSON number, as written.
    case number(UnsafeRawBufferPointer)
    /// A JSON boolean.
    case boolean(Bool)
    /// A JSON array or object where a single value was expected; the kind, for messages.
    case other(String)

    /// The kind, for messages ("found a number; expected a string").
    var kind: String {
        switch self {
        case .absent: "nothing"
        case .null: "null"
        case .text: "a string"
        case .number: "a number"
        case .boolean: "a boolean"
        case .other(let kind): kind
        }
    }
}

/// One session's values by column, in whatever format they came: what ``SessionDecoder`` reads.
///
/// A row only *encodes* (where a column's bytes are, how a list is written, where an error points);
/// every rule about what a value means is the decoder's.
protocol SessionRow {
    /// A note for messages about list values ("several separated by ;" in CSV), or empty.
    static var listNote: String { get }
    /// Whether every value of the session is known to be ASCII, and so valid UTF-8 (false when unknown).
    var isASCII: Bool { get }
    /// Whether this session has `column` at all (even empty or null).
    func has(_ column: LogColumn) -> Bool
    /// Calls `body` with the value of `column`.
    func withValue<R>(_ column: LogColumn, _ body: (FieldValue) throws(IngestError) -> R) throws(IngestError) -> R
    /// Calls `body` with each item of the list in `column`, untrimmed; false when the column is absent.
    func forEachItem(_ column: LogColumn, _ body: (UnsafeRawBufferPointer) throws(IngestError) -> Void) throws(IngestError)
        -> Bool
    /// An error about the value of `column`, at its place, with `message` saying what was found and expected.
    func error(_ column: LogColumn, _ message: String) -> IngestError
    /// An error for a session without `column`, which was expected to be `expected`.
    func missing(_ column: LogColumn, expected: String) -> IngestError
}

/// What one session contributes to the tallies, and the fingerprint of its id for the duplicate check.
struct DecodedSession {
    /// The session id's 128-bit fingerprint.
    let fingerprint: Fingerprint
    /// The session's outcome, segment values, workflow and reason, as interned ids.
    let contribution: Contribution
}

/// Turns the values of one session — from a CSV record or a JSON line alike — into its outcome,
/// its segment values and its handoff reason, by one set of rules:
///
/// - `session_id`: text or a number, trimmed, not empty, UTF-8.
/// - `tags`: a list, required (an empty list, an empty CSV field or JSON `null` for none); items
///   trimmed, empty items skipped; `sys_human_help` and `sys_human_follow_up` set the outcome, the
///   others are kept for `tag` segments.
/// - `reviewed`: `true`/`false`, `1`/`0`, `yes`/`no`, `t`/`f`, `y`/`n` (any case), as text, a number
///   or a boolean; empty or null is false. Without the column every session counts as reviewed; a
///   log either has it for every session or for none.
/// - `issues`: a list of `P0`, `P1`, `P2` (any case), only on reviewed sessions.
/// - `started_at`: an ISO 8601 date or date-time, years 0001 to 9999, or empty (required to split
///   by week).
/// - `workflow`, `intent`, `channel`, `handoff_reason`: text, trimmed; empty or null is none — a
///   value apart from any text, even text spelled like the placeholder that shows it. The reason
///   counts only for sessions with a human (help or follow-up), but is checked on every session.
final class SessionDecoder {
    private let aggregator: Aggregator
    private let byWeek: Bool
    private let byTag: Bool
    /// The segment columns read only to check them (UTF-8 text), as they are not split by.
    private let checkedOnly: [LogColumn]
    @exclusivity(unchecked) private var weekCache = WeekCache()
    /// The segment slot of the week, when split by week.
    private let weekSlot: Int?

    /// Reason id of a session without a human (its reason does not count).
    static let notHandoff: Int32 = -1
    /// Reason id of a handoff whose input has no reason column: counted as without a reason only
    /// when some input records reasons.
    static let unrecordedReason: Int32 = -2
    /// Reason id of a handoff whose reason is empty or null.
    static let noReason: Int32 = -3

    init(aggregator: Aggregator) {
        self.aggregator = aggregator
        weekSlot = aggregator.dimensions.firstIndex(of: .week)
        byWeek = aggregator.dimensions.contains(.week)
        byTag = aggregator.dimensions.contains(.tag)
        checkedOnly = [LogColumn.intent, .channel].filter { column in !aggregator.dimensions.contains { $0.column == column } }
    }

    /// Decodes one session.
    ///
    /// - Parameters:
    ///   - row: the session's values by column.
    ///   - reviewRecorded: whether the input says which sessions were reviewed (a CSV header with the
    ///     column; the first session of a JSON Lines file with the key).
    /// - Returns: the session's fingerprint and contribution.
    /// - Throws: ``IngestError`` at the offending value.
    @inline(__always)
    func decode<Row: SessionRow>(_ row: Row, reviewRecorded: Bool) throws(IngestError) -> DecodedSession {
        let fingerprint = try sessionID(row)
        var outcome = SessionOutcome()
        var tagIDs: [Int32] = []
        let hasTags = try row.forEachItem(.tags) { (raw) throws(IngestError) in
            let tag = Values.trimmed(raw)
            if tag.isEmpty { return }
            if Values.equals(tag, "sys_human_help") {
                outcome.insert(.humanHelp)
            } else if Values.equals(tag, "sys_human_follow_up") {
                outcome.insert(.followUp)
            } else if byTag {
                guard let id = aggregator.tags.id(tag) else { throw row.error(.tags, "is not valid UTF-8 text") }
                tagIDs.append(id)
            } else if !row.isASCII, !Values.isValidUTF8(tag) {
                throw row.error(.tags, "is not valid UTF-8 text")
            }
        }
        guard hasTags else { throw row.missing(.tags, expected: "the session's tags (an empty list for none)") }
        let reviewed = try self.reviewed(row, recorded: reviewRecorded)
        if reviewed { outcome.insert(.reviewed) }
        _ = try row.forEachItem(.issues) { (raw) throws(IngestError) in
            let item = Values.trimmed(raw)
            if item.isEmpty { return }
            guard let severity = Values.severity(item) else {
                throw row.error(.issues, "found \(Values.quoted(item)); expected P0, P1 or P2\(Row.listNote)")
            }
            guard reviewed else {
                throw row.error(
                    .issues, "lists \(severity.rawValue) on a session not reviewed; expected issues only where reviewed is true")
            }
            outcome.insert(.issue(severity))
        }
        let week = try self.week(row)
        let workflow = try text(row, .workflow, aggregator.workflows)
        // Segment columns and reasons are checked even when not read, so bad text never passes unnoticed.
        for column in checkedOnly { try check(row, column) }
        var reason = Self.notHandoff
        if outcome.isHandoff { reason = try self.reason(row) } else { try check(row, .handoffReason) }
        let tagSet = byTag ? try self.tagSet(row, tagIDs) : SegmentIDs.missing
        let contribution = try aggregator.contribution(
            week: week, tagSet: tagSet, workflow: workflow, reason: reason, outcome: outcome
        ) { (column, interner) throws(IngestError) -> Int32 in
            try text(row, column, interner)
        }
        return DecodedSession(fingerprint: fingerprint, contribution: contribution)
    }

    /// Decodes a session whose columns other than the id and the start are, byte for byte, those
    /// of a session decoded before into `earlier`: only its id and its week are read, in the order
    /// ``decode(_:reviewRecorded:)`` reads them (the columns between them are valid, as they were
    /// before), so that the result and the first error are those of decoding the whole row.
    @inline(__always)
    func decode<Row: SessionRow>(_ row: Row, repeating earlier: Contribution) throws(IngestError) -> DecodedSession {
        let fingerprint = try sessionID(row)
        let week = try self.week(row)
        guard let weekSlot else { return DecodedSession(fingerprint: fingerprint, contribution: earlier) }
        var values = earlier.values
        values[weekSlot] = week
        return DecodedSession(
            fingerprint: fingerprint,
            contribution: Contribution(
                values: values, workflow: earlier.workflow, reason: earlier.reason, outcome: earlier.outcome))
    }

    @inline(__always)
    private func sessionID<Row: SessionRow>(_ row: Row) throws(IngestError) -> Fingerprint {
        try row.withValue(.sessionID) { (value) throws(IngestError) -> Fingerprint in
            switch value {
            case .text(let raw), .number(let raw):
                let id = Values.trimmed(raw)
                if id.isEmpty { throw row.error(.sessionID, "is empty; expected a unique id for each session") }
                guard row.isASCII || Values.isValidUTF8(id) else { throw row.error(.sessionID, "is not valid UTF-8 text") }
                return Values.fingerprint(id)
            case .absent: throw row.missing(.sessionID, expected: "a unique id for each session")
            case .null, .boolean, .other: throw row.error(.sessionID, "found \(value.kind); expected a string or a number")
            }
        }
    }

    @inline(__always)
    private func reviewed<Row: SessionRow>(_ row: Row, recorded: Bool) throws(IngestError) -> Bool {
        try row.withValue(.reviewed) { (value) throws(IngestError) -> Bool in
            if case .absent = value {
                if recorded { throw row.missing(.reviewed, expected: "it on every session, as on the first") }
                return true  // not recorded: every session counts as reviewed
            }
            guard recorded else {
                throw row.error(.reviewed, "appears, but not on the first session; expected it on every session or on none")
            }
            switch value {
            case .text(let raw), .number(let raw):
                guard let reviewed = Values.boolean(raw) else {
                    throw row.error(.reviewed, "found \(Values.quoted(raw)); expected true/false, 1/0 or yes/no")
                }
                return reviewed
            case .boolean(let reviewed): return reviewed
            case .null, .absent: return false  // as an empty cell
            case .other: throw row.error(.reviewed, "found \(value.kind); expected true/false, 1/0 or yes/no")
            }
        }
    }

    @inline(__always)
    private func week<Row: SessionRow>(_ row: Row) throws(IngestError) -> Int32 {
        try row.withValue(.startedAt) { (value) throws(IngestError) -> Int32 in
            switch value {
            case .text(let raw) where !Values.trimmed(raw).isEmpty:
                guard let week = ISOWeek.week(raw, cache: &weekCache) else {
                    throw row.error(
                        .startedAt,
                        "found \(Values.quoted(raw)); expected an ISO 8601 date or date-time from year 0001 to 9999, "
                            + "e.g. 2026-03-30 or 2026-03-30T14:05:00Z")
                }
                return week
            case .text, .null:
                if byWeek { throw row.error(.startedAt, "is empty; expected an ISO 8601 date to split by week") }
                return -1
            case .absent:
                if byWeek { throw row.missing(.startedAt, expected: "an ISO 8601 date to split by week") }
                return -1
            case .number, .boolean, .other:
                throw row.error(.startedAt, "found \(value.kind); expected an ISO 8601 date as a string")
            }
        }
    }

    /// The interned id of a text column's value; ``SegmentIDs/missing`` for an empty, null or absent value.
    @inline(__always)
    private func text<Row: SessionRow>(_ row: Row, _ column: LogColumn, _ interner: Interner) throws(IngestError) -> Int32 {
        try row.withValue(column) { (value) throws(IngestError) -> Int32 in
            switch value {
            case .text(let raw):
                let text = Values.trimmed(raw)
                if text.isEmpty { return SegmentIDs.missing }
                guard let id = interner.id(text) else { throw row.error(column, "is not valid UTF-8 text") }
                return id
            case .absent, .null: return SegmentIDs.missing
            case .number, .boolean, .other: throw row.error(column, "found \(value.kind); expected a string")
            }
        }
    }

    /// Checks a text column that is not interned.
    @inline(__always)
    private func check<Row: SessionRow>(_ row: Row, _ column: LogColumn) throws(IngestError) {
        try row.withValue(column) { (value) throws(IngestError) in
            switch value {
            case .text(let raw):
                guard row.isASCII || Values.isValidUTF8(raw) else { throw row.error(column, "is not valid UTF-8 text") }
            case .absent, .null: return
            case .number, .boolean, .other: throw row.error(column, "found \(value.kind); expected a string")
            }
        }
    }

    /// A handoff's reason id: ``noReason`` when empty or null, ``unrecordedReason`` when the input has no reason.
    @inline(__always)
    private func reason<Row: SessionRow>(_ row: Row) throws(IngestError) -> Int32 {
        guard row.has(.handoffReason) else { return Self.unrecordedReason }
        let id = try text(row, .handoffReason, aggregator.reasons)
        return id == SegmentIDs.missing ? Self.noReason : id
    }

    /// The id of the session's set of tags, for `tag` segments.
    private func tagSet<Row: SessionRow>(_ row: Row, _ tags: [Int32]) throws(IngestError) -> Int32 {
        guard let id = aggregator.tagSets.id(of: tags) else { throw Self.tagSetLimitError(row, limit: aggregator.tagSets.limit) }
        return id
    }

    /// The fatal error of a session whose set of tags is new past the `limit` distinct sets kept.
    static func tagSetLimitError<Row: SessionRow>(_ row: Row, limit: Int) -> IngestError {
        var error = row.error(
            .tags,
            "holds a new set of tags past the \(Wording.thousands(limit)) distinct sets that "
                + "splitting by tag keeps; expected tags that label sessions, not ids")
        error.fatal = true
        return error
    }
}
