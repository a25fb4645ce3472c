import SextantModel

/// How far a scan has come, for progress on a terminal.
public struct ScanProgress: Sendable {
    /// The file being read.
    public let file: String
    /// Rows read so far, over all files.
    public let rows: Int
    /// Bytes read from the current file (compressed bytes for gzip).
    public let bytes: Int
}

/// Reads session logs — CSV, JSON Lines, gzip of either, or pre-aggregated counts — in one
/// streaming pass each, and sums them into a `LogSummary`.
///
/// Every malformed row or value is an ``IngestError`` naming the file, line and column, what was
/// found and what was expected. With `skipInvalid` such rows are counted instead (problems with a
/// whole file — a missing column, an empty or unreadable file — always stop the scan). Repeated
/// session ids are found at the end, in bounded memory (a duplicate tracker of fingerprints); with `skipInvalid`
/// the first occurrence is kept and the others taken out of the counts.
public final class LogScanner {
    public let dimensions: [SegmentDimension]
    public let mapping: ColumnMapping
    public let format: LogFormat?
    public let skipInvalid: Bool
    /// Called every 65,536 rows.
    public var progress: ((ScanProgress) -> Void)?

    private let aggregator: Aggregator
    private let duplicates = DuplicateTracker()
    private var files: [String] = []
    private var invalid = InvalidRows()
    private var reviewRecorded = true
    private var reasonsRecorded = false
    private var rows = 0
    @exclusivity(unchecked) private var weekCache = WeekCache()

    /// A scanner splitting by `dimensions` (at most three, each once).
    public init(
        dimensions: [SegmentDimension], mapping: ColumnMapping = ColumnMapping(), format: LogFormat? = nil,
        skipInvalid: Bool = false
    )
        throws(IngestError)
    {
        guard dimensions.count <= 3 else {
            throw IngestError(file: "--by", "found \(dimensions.count) dimensions; expected at most three")
        }
        guard Set(dimensions).count == dimensions.count else {
            throw IngestError(file: "--by", "a dimension is repeated; expected each at most once")
        }
        self.dimensions = dimensions
        self.mapping = mapping
        self.format = format
        self.skipInvalid = skipInvalid
        aggregator = Aggregator(dimensions: dimensions)
    }

    /// Reads one log (`-` for standard input).
    public func read(_ path: String) throws(IngestError) {
        let fileIndex = files.count
        files.append(path)
        let chosen = format ?? LogFormat.byExtension(path)
        guard let chosen else {
            throw IngestError(
                file: path,
                "cannot tell the format from the name; expected .csv, .jsonl or .ndjson (optionally .gz), or pass --input-format")
        }
        let source = try LogSource.open(path)
        switch chosen {
        case .csv: try readCSV(CSVReader(source), fileIndex: fileIndex)
        case .jsonl: try readJSONLines(LineReader(source), fileIndex: fileIndex)
        case .counts: try readCounts(CSVReader(source))
        }
    }

    /// The summary of every log read; checks for repeated session ids first.
    public func finish() throws(IngestError) -> LogSummary {
        for duplicate in try duplicates.duplicates() {
            let (file, line) = DuplicateTracker.place(duplicate.location)
            let (firstFile, firstLine) = DuplicateTracker.place(duplicate.firstLocation)
            let error = IngestError(
                file: files[file], line: line,
                "session_id repeats the session at \(files[firstFile]):\(firstLine); expected each session once (--skip-invalid keeps the first)"
            )
            try reject(error)
            aggregator.remove(duplicate.contribution)
        }
        var summary = aggregator.summary()
        summary.inputs = files
        summary.invalidRows = invalid
        summary.reviewRecorded = reviewRecorded
        summary.reasonsRecorded = reasonsRecorded
        return summary
    }

    /// A row-level problem: counted with `skipInvalid`, thrown otherwise (and always thrown when the
    /// input cannot be read on).
    private func reject(_ error: IngestError) throws(IngestError) {
        guard skipInvalid, !error.fatal else { throw error }
        invalid.record(error.description)
    }

    /// Calls `body` for each record with the expected number of fields. A malformed record, or an
    /// error `body` throws, is rejected: counted with `skipInvalid`, thrown otherwise.
    private func forEachRecord(_ reader: CSVReader, fields: Int, _ body: () throws(IngestError) -> Void) throws(IngestError) {
        while true {
            do throws(IngestError) {
                guard try reader.next() else { return }
                tick(reader.source)
                guard reader.fieldCount == fields else {
                    throw IngestError(
                        file: reader.source.name, line: reader.recordLine,
                        "found \(reader.fieldCount) fields; expected \(fields), as in the header (quote fields that contain commas)"
                    )
                }
                try body()
            } catch {
                try reject(error)
            }
        }
    }

    private func tick(_ source: ByteSource) {
        rows += 1
        if rows & 0xFFFF == 0, let progress { progress(ScanProgress(file: source.name, rows: rows, bytes: source.bytesConsumed)) }
    }

    // MARK: CSV sessions

    private func readCSV(_ reader: CSVReader, fileIndex: Int) throws(IngestError) {
        let name = reader.source.name
        guard try reader.next() else {
            throw IngestError(file: name, "the file is empty; expected a header row naming at least session_id and tags")
        }
        let header = (0..<reader.fieldCount).map { String(Substring(reader.string($0)).trimmingSpaces) }
        let columns = try resolve(header, file: name, line: reader.recordLine)
        let layout = try SessionLayout(columns: columns, dimensions: dimensions, file: name)
        if columns[.reviewed] == nil { reviewRecorded = false }
        if columns[.handoffReason] != nil { reasonsRecorded = true }
        try forEachRecord(reader, fields: header.count) { () throws(IngestError) in
            let (fingerprint, contribution) = try decode(reader, layout)
            let id = aggregator.add(contribution)
            try duplicates.add(
                fingerprint: fingerprint, location: DuplicateTracker.location(file: fileIndex, line: reader.recordLine),
                contribution: id)
        }
    }

    /// Column indices by name: exact first, then ignoring case and surrounding spaces.
    private func resolve(_ header: [String], file: String, line: Int) throws(IngestError) -> [LogColumn: Int] {
        var columns: [LogColumn: Int] = [:]
        for column in LogColumn.allCases {
            let wanted = mapping.name(of: column)
            let matches = header.indices.filter { header[$0] == wanted }
            let loose = matches.isEmpty ? header.indices.filter { header[$0].lowercased() == wanted.lowercased() } : matches
            if loose.count > 1 {
                throw IngestError(
                    file: file, line: line, "the column \"\(wanted)\" appears \(loose.count) times; expected it once")
            }
            if let index = loose.first {
                columns[column] = index
            } else if mapping.names[column] != nil {
                throw IngestError(
                    file: file, line: line,
                    "the mapped column \"\(wanted)\" (for \(column.rawValue)) is not in the header; columns found: \(header.joined(separator: ", "))"
                )
            }
        }
        for column in LogColumn.required where columns[column] == nil {
            throw IngestError(
                file: file, line: line,
                "missing the required column \"\(column.rawValue)\"; columns found: \(header.joined(separator: ", ")) "
                    + "(rename with --map \(column.rawValue)=COLUMN)")
        }
        return columns
    }

    /// Decodes one CSV row into its id's fingerprint and its contribution.
    @inline(__always)
    private func decode(_ reader: CSVReader, _ layout: SessionLayout) throws(IngestError) -> (UInt64, Contribution) {
        func fail(_ column: LogColumn, _ index: Int, _ message: String) -> IngestError {
            IngestError(
                file: reader.source.name, line: reader.line(ofField: index), column: reader.column(ofField: index),
                "column \"\(mapping.name(of: column))\": \(message)")
        }
        // session_id
        let fingerprint = try reader.withField(layout.sessionID) { (raw) throws(IngestError) -> UInt64 in
            let id = Values.trimmed(raw)
            if id.isEmpty { throw fail(.sessionID, layout.sessionID, "is empty; expected a unique id for each session") }
            guard Values.isValidUTF8(id) else { throw fail(.sessionID, layout.sessionID, "is not valid UTF-8 text") }
            return Values.hash(id)
        }
        // tags
        var outcome = SessionOutcome()
        var tagIDs: [Int32] = []
        try reader.withField(layout.tags) { (raw) throws(IngestError) in
            guard Values.isValidUTF8(raw) else { throw fail(.tags, layout.tags, "is not valid UTF-8 text") }
            try Values.forEachItem(raw) { (tag) throws(IngestError) in
                if Values.equals(tag, "sys_human_help") {
                    outcome.insert(.humanHelp)
                } else if Values.equals(tag, "sys_human_follow_up") {
                    outcome.insert(.followUp)
                } else if layout.byTag {
                    guard let id = aggregator.tags.id(tag) else { throw fail(.tags, layout.tags, "is not valid UTF-8 text") }
                    tagIDs.append(id)
                }
            }
        }
        // reviewed and issues
        var reviewed = true
        if let index = layout.reviewed {
            reviewed = try reader.withField(index) { (raw) throws(IngestError) -> Bool in
                guard let value = Values.boolean(raw) else {
                    throw fail(.reviewed, index, "found \(Values.quoted(raw)); expected true/false, 1/0 or yes/no")
                }
                return value
            }
        }
        if reviewed { outcome.insert(.reviewed) }
        if let index = layout.issues {
            try reader.withField(index) { (raw) throws(IngestError) in
                try Values.forEachItem(raw) { (item) throws(IngestError) in
                    guard let severity = Values.severity(item) else {
                        throw fail(.issues, index, "found \(Values.quoted(item)); expected P0, P1 or P2 (several separated by ;)")
                    }
                    guard reviewed else {
                        throw fail(
                            .issues, index,
                            "lists \(severity.rawValue) on a session not reviewed; expected issues only where reviewed is true")
                    }
                    outcome.insert(.issue(severity))
                }
            }
        }
        // started_at
        var week: Int32 = -1
        if let index = layout.startedAt {
            week = try reader.withField(index) { (raw) throws(IngestError) -> Int32 in
                if Values.trimmed(raw).isEmpty {
                    if layout.byWeek { throw fail(.startedAt, index, "is empty; expected an ISO 8601 date for --by week") }
                    return -1
                }
                guard let week = ISOWeek.week(raw, cache: &weekCache) else {
                    throw fail(
                        .startedAt, index,
                        "found \(Values.quoted(raw)); expected an ISO 8601 date or date-time, e.g. 2026-03-30 or 2026-03-30T14:05:00Z"
                    )
                }
                return week
            }
        }
        // text segments
        func text(_ column: LogColumn, _ index: Int?, _ interner: Interner, empty: String) throws(IngestError) -> Int32 {
            guard let index else { return interner.id(empty) }
            return try reader.withField(index) { (raw) throws(IngestError) -> Int32 in
                let value = Values.trimmed(raw)
                if value.isEmpty { return interner.id(empty) }
                guard let id = interner.id(value) else { throw fail(column, index, "is not valid UTF-8 text") }
                return id
            }
        }
        let workflow = try text(.workflow, layout.workflow, aggregator.workflows, empty: Aggregator.none)
        // Segment columns are checked even when not split by, so bad text never passes unnoticed.
        if let index = layout.intent {
            try reader.withField(index) { (raw) throws(IngestError) in
                guard Values.isValidUTF8(raw) else { throw fail(.intent, index, "is not valid UTF-8 text") }
            }
        }
        if let index = layout.channel {
            try reader.withField(index) { (raw) throws(IngestError) in
                guard Values.isValidUTF8(raw) else { throw fail(.channel, index, "is not valid UTF-8 text") }
            }
        }
        let reason =
            outcome.isHandoff && layout.handoffReason != nil
            ? try text(.handoffReason, layout.handoffReason, aggregator.reasons, empty: Aggregator.noReason) : -1
        let contribution = try aggregator.contribution(
            week: week, tags: tagIDs, workflow: workflow, reason: reason, outcome: outcome
        ) {
            (column, interner) throws(IngestError) -> Int32 in
            try text(column, layout.index(of: column), interner, empty: Aggregator.none)
        }
        return (fingerprint, contribution)
    }

    // MARK: JSON Lines sessions

    private func readJSONLines(_ reader: LineReader, fileIndex: Int) throws(IngestError) {
        let name = reader.source.name
        var keyColumns: [String: LogColumn] = [:]
        for column in LogColumn.allCases { keyColumns[mapping.name(of: column)] = column }
        var reviewKey: Bool?  // whether this file's sessions carry "reviewed", from its first session
        var sawReason = false
        var sawLine = false
        while true {
            var parsed: (UInt64, Contribution)?
            var lineError: IngestError?
            let more = try reader.next { (line) throws(IngestError) in
                sawLine = true
                if Values.trimmed(line).isEmpty { return }
                tick(reader.source)
                do {
                    var values: [LogColumn: (Int, JSONLineValue)] = [:]
                    var parser = JSONLineParser(line)
                    do {
                        try parser.parseObject { key, offset, value in
                            if let column = keyColumns[key] { values[column] = (offset, value) }
                        }
                    } catch let error as JSONLineParser.SyntaxError {
                        throw IngestError(
                            file: name, line: reader.line, column: Self.column(line, error.offset),
                            "not valid JSON: \(error.message)")
                    } catch {
                        throw IngestError(file: name, line: reader.line, "\(error)")
                    }
                    let hasReview = values[.reviewed] != nil
                    // The file's first accepted session decides whether sessions carry "reviewed".
                    if values[.handoffReason] != nil { sawReason = true }
                    parsed = try decodeJSON(
                        values, line: line, lineNumber: reader.line, file: name, reviewKey: reviewKey ?? hasReview)
                    if reviewKey == nil { reviewKey = hasReview }
                } catch let error as IngestError {
                    lineError = error
                } catch {
                    lineError = IngestError(file: name, line: reader.line, "\(error)")
                }
            }
            guard more else { break }
            if let lineError {
                try reject(lineError)
                continue
            }
            guard let (fingerprint, contribution) = parsed else { continue }
            let id = aggregator.add(contribution)
            try duplicates.add(
                fingerprint: fingerprint, location: DuplicateTracker.location(file: fileIndex, line: reader.line),
                contribution: id)
        }
        if !sawLine { throw IngestError(file: name, "the file is empty; expected one JSON object per line") }
        if reviewKey == false { reviewRecorded = false }
        if sawReason { reasonsRecorded = true }
    }

    private static func column(_ line: UnsafeRawBufferPointer, _ offset: Int) -> Int {
        var characters = 1
        for i in 0..<min(offset, line.count) where line[i] & 0xC0 != 0x80 { characters += 1 }
        return characters
    }

    private func decodeJSON(
        _ values: [LogColumn: (Int, JSONLineValue)], line: UnsafeRawBufferPointer, lineNumber: Int, file: String, reviewKey: Bool
    ) throws(IngestError) -> (UInt64, Contribution) {
        func fail(_ column: LogColumn, _ message: String) -> IngestError {
            let at = values[column].map { Self.column(line, $0.0) }
            return IngestError(file: file, line: lineNumber, column: at, "key \"\(mapping.name(of: column))\": \(message)")
        }
        func string(_ column: LogColumn) throws(IngestError) -> String? {
            guard let (_, value) = values[column] else { return nil }
            switch value {
            case .string(let text): return text
            case .null: return nil
            default: throw fail(column, "found \(value.kind); expected a string")
            }
        }
        func strings(_ column: LogColumn) throws(IngestError) -> [String] {
            guard let (_, value) = values[column] else { return [] }
            switch value {
            case .null: return []
            case .array(let items):
                var out: [String] = []
                for item in items {
                    guard case .string(let text) = item else {
                        throw fail(column, "holds \(item.kind); expected an array of strings")
                    }
                    out.append(text)
                }
                return out
            default: throw fail(column, "found \(value.kind); expected an array of strings")
            }
        }
        // session_id: a string or an integer.
        var idText: String
        switch values[.sessionID]?.1 {
        case .string(let text)?: idText = text
        case .number(let text)?: idText = text
        case nil:
            throw IngestError(
                file: file, line: lineNumber, "missing the key \"\(mapping.name(of: .sessionID))\"; expected a session id")
        case let other?: throw fail(.sessionID, "found \(other.kind); expected a string or a number")
        }
        idText = String(Substring(idText).trimmingSpaces)
        if idText.isEmpty { throw fail(.sessionID, "is empty; expected a unique id for each session") }
        let fingerprint = idText.utf8.withContiguousStorageIfAvailable { Values.hash(UnsafeRawBufferPointer($0)) } ?? 0

        guard values[.tags] != nil else {
            throw IngestError(
                file: file, line: lineNumber, "missing the key \"\(mapping.name(of: .tags))\"; expected an array of tags")
        }
        var outcome = SessionOutcome()
        var tagIDs: [Int32] = []
        for tag in try strings(.tags) {
            let trimmed = String(Substring(tag).trimmingSpaces)
            if trimmed == "sys_human_help" {
                outcome.insert(.humanHelp)
            } else if trimmed == "sys_human_follow_up" {
                outcome.insert(.followUp)
            } else if dimensions.contains(.tag), !trimmed.isEmpty {
                tagIDs.append(aggregator.tags.id(trimmed))
            }
        }
        var reviewed = true
        switch (reviewKey, values[.reviewed]?.1) {
        case (true, .bool(let value)?): reviewed = value
        case (true, .null?): reviewed = false  // as an empty CSV cell
        case (true, .number(let text)?) where text == "0" || text == "1": reviewed = text == "1"
        case (true, .string(let text)?):
            var copy = text
            guard let value = copy.withUTF8({ Values.boolean(UnsafeRawBufferPointer($0)) }) else {
                throw fail(.reviewed, "found \"\(text)\"; expected true/false, 1/0 or yes/no")
            }
            reviewed = value
        case (true, nil):
            throw IngestError(
                file: file, line: lineNumber,
                "missing the key \"\(mapping.name(of: .reviewed))\"; expected it on every line, as on the first")
        case (true, let other?): throw fail(.reviewed, "found \(other.kind); expected true/false, 1/0 or yes/no")
        case (false, nil): reviewed = true
        case (false, _?):
            throw fail(.reviewed, "appears, but not on the file's first session; expected it on every line or on none")
        }
        if reviewed { outcome.insert(.reviewed) }
        for item in try strings(.issues) {
            let trimmed = Substring(item).trimmingSpaces
            if trimmed.isEmpty { continue }
            guard let severity = Severity(rawValue: trimmed.uppercased()) else {
                throw fail(.issues, "holds \"\(item)\"; expected P0, P1 or P2")
            }
            guard reviewed else {
                throw fail(
                    .issues, "lists \(severity.rawValue) on a session not reviewed; expected issues only where reviewed is true")
            }
            outcome.insert(.issue(severity))
        }
        var week: Int32 = -1
        if let started = try string(.startedAt), !started.isEmpty {
            var copy = started
            guard let parsed = copy.withUTF8({ ISOWeek.week(UnsafeRawBufferPointer($0)) }) else {
                throw fail(.startedAt, "found \"\(started)\"; expected an ISO 8601 date or date-time, e.g. 2026-03-30T14:05:00Z")
            }
            week = parsed
        } else if dimensions.contains(.week) {
            throw IngestError(
                file: file, line: lineNumber, "no \"\(mapping.name(of: .startedAt))\"; expected an ISO 8601 date for --by week")
        }
        func text(_ column: LogColumn, _ interner: Interner, empty: String) throws(IngestError) -> Int32 {
            let value = try string(column).map { String(Substring($0).trimmingSpaces) } ?? ""
            return interner.id(value.isEmpty ? empty : value)
        }
        let workflow = try text(.workflow, aggregator.workflows, empty: Aggregator.none)
        let reason = outcome.isHandoff ? try text(.handoffReason, aggregator.reasons, empty: Aggregator.noReason) : -1
        let contribution = try aggregator.contribution(
            week: week, tags: tagIDs, workflow: workflow, reason: reason, outcome: outcome
        ) {
            (column, interner) throws(IngestError) -> Int32 in try text(column, interner, empty: Aggregator.none)
        }
        return (
            fingerprint,
            contribution
        )
    }

    // MARK: Counts

    private enum CountColumn: String, CaseIterable {
        case sessions
        case humanHelp = "human_help"
        case unresolved, reviewed, p0, p1, p2
        case anyIssue = "any_issue"
    }

    private func readCounts(_ reader: CSVReader) throws(IngestError) {
        let name = reader.source.name
        guard try reader.next() else {
            throw IngestError(
                file: name,
                "the file is empty; expected a header row with sessions, human_help, unresolved, reviewed, p0, p1, p2, any_issue")
        }
        let header = (0..<reader.fieldCount).map { String(Substring(reader.string($0)).trimmingSpaces).lowercased() }
        var countIndex: [CountColumn: Int] = [:]
        for column in CountColumn.allCases {
            guard let index = header.firstIndex(of: column.rawValue) else {
                throw IngestError(
                    file: name, line: reader.recordLine,
                    "missing the count column \"\(column.rawValue)\"; counts need sessions, human_help, unresolved, reviewed, p0, p1, p2 and any_issue"
                )
            }
            countIndex[column] = index
        }
        var segmentIndex: [Int] = []
        for dimension in dimensions {
            guard dimension != .tag else { throw IngestError(file: name, "--by tag needs a session log; counts have no tags") }
            guard let index = header.firstIndex(of: dimension.rawValue) else {
                throw IngestError(
                    file: name, line: reader.recordLine,
                    "--by \(dimension.rawValue) needs a \(dimension.rawValue) column in the counts")
            }
            segmentIndex.append(index)
        }
        let workflowIndex = header.firstIndex(of: "workflow")
        try forEachRecord(reader, fields: header.count) { () throws(IngestError) in
            var numbers: [CountColumn: Int] = [:]
            for column in CountColumn.allCases {
                let index = countIndex[column]!
                let text = String(Substring(reader.string(index)).trimmingSpaces)
                guard let value = Int(text), value >= 0, value <= 1 << 53 else {
                    throw IngestError(
                        file: name, line: reader.line(ofField: index), column: reader.column(ofField: index),
                        "column \"\(column.rawValue)\": found \"\(text)\"; expected a whole number from 0 to 2^53")
                }
                numbers[column] = value
            }
            let tally = Tally(
                sessions: numbers[.sessions]!, humanHelp: numbers[.humanHelp]!, unresolved: numbers[.unresolved]!,
                reviewed: numbers[.reviewed]!, p0: numbers[.p0]!, p1: numbers[.p1]!, p2: numbers[.p2]!,
                anyIssue: numbers[.anyIssue]!)
            if let problem = tally.inconsistency {
                throw IngestError(file: name, line: reader.recordLine, "the counts are inconsistent: \(problem)")
            }
            var key: [String] = []
            for (dimension, index) in zip(dimensions, segmentIndex) {
                let value = String(Substring(reader.string(index)).trimmingSpaces)
                if dimension == .week, !value.isEmpty {
                    var copy = value
                    if let week = copy.withUTF8({ ISOWeek.week(UnsafeRawBufferPointer($0)) }) {
                        key.append(ISOWeek.label(week))
                    } else if Self.isWeekLabel(value) {
                        key.append(value.uppercased())
                    } else {
                        throw IngestError(
                            file: name, line: reader.line(ofField: index), column: reader.column(ofField: index),
                            "column \"week\": found \"\(value)\"; expected an ISO week (2026-W14) or a date")
                    }
                } else {
                    key.append(value.isEmpty ? Aggregator.none : value)
                }
            }
            aggregator.countedOverall.add(tally)
            if !dimensions.isEmpty { aggregator.countedSegments[SegmentKey(key), default: Tally()].add(tally) }
            let workflow = workflowIndex.map { String(Substring(reader.string($0)).trimmingSpaces) } ?? ""
            aggregator.countedWorkflows[workflow.isEmpty ? Aggregator.none : workflow, default: 0] += tally.sessions
        }
    }

    private static func isWeekLabel(_ text: String) -> Bool {
        let parts = text.uppercased().split(separator: "-W")
        guard parts.count == 2, parts[0].count == 4, Int(parts[0]) != nil, let week = Int(parts[1]), parts[1].count == 2 else {
            return false
        }
        return (1...53).contains(week)
    }
}

/// Where a CSV log's columns are, and which ones the requested segments need.
struct SessionLayout {
    let sessionID: Int
    let tags: Int
    let issues: Int?
    let reviewed: Int?
    let startedAt: Int?
    let workflow: Int?
    let intent: Int?
    let channel: Int?
    let handoffReason: Int?
    let byWeek: Bool
    let byTag: Bool
    private let columns: [LogColumn: Int]

    /// The field index of `column`, if the log has it.
    func index(of column: LogColumn) -> Int? { columns[column] }

    init(columns: [LogColumn: Int], dimensions: [SegmentDimension], file: String) throws(IngestError) {
        sessionID = columns[.sessionID]!
        tags = columns[.tags]!
        issues = columns[.issues]
        reviewed = columns[.reviewed]
        startedAt = columns[.startedAt]
        workflow = columns[.workflow]
        intent = columns[.intent]
        channel = columns[.channel]
        handoffReason = columns[.handoffReason]
        byWeek = dimensions.contains(.week)
        self.columns = columns
        byTag = dimensions.contains(.tag)
        for dimension in dimensions {
            if let column = dimension.column, columns[column] == nil {
                throw IngestError(
                    file: file,
                    "--by \(dimension.rawValue) needs a \(column.rawValue) column (rename with --map \(column.rawValue)=COLUMN)")
            }
        }
    }
}
