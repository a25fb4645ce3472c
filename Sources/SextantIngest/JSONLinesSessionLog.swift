import SextantModel

/// The keys of one JSON line that name columns: their values and where each value starts.
/// One instance is reused for every line of a file.
final class JSONLineFields {
    /// Values by ``LogColumn/ordinal``; nil for a key not on the line.
    var values = [JSONLineValue?](repeating: nil, count: LogColumn.allCases.count)
    /// The byte offset of each value in the line.
    var offsets = [Int](repeating: 0, count: LogColumn.allCases.count)

    func clear() {
        for i in values.indices { values[i] = nil }
    }
}

/// One line of a JSON Lines session log as a ``SessionRow``: each column's value by its key.
struct JSONLineRow: SessionRow {
    let fields: JSONLineFields
    let line: UnsafeRawBufferPointer
    let lineNumber: Int
    let file: String
    let mapping: ColumnMapping

    static let listNote = ""

    /// JSON strings are decoded to Swift strings, valid UTF-8 already; not checked as ASCII here.
    var isASCII: Bool { false }

    func has(_ column: LogColumn) -> Bool { fields.values[column.ordinal] != nil }

    func withValue<R>(_ column: LogColumn, _ body: (FieldValue) throws(IngestError) -> R) throws(IngestError) -> R {
        switch fields.values[column.ordinal] {
        case nil: try body(.absent)
        case .string(let text)?: try Self.withBytes(text) { (raw) throws(IngestError) -> R in try body(.text(raw)) }
        case .number(let text)?: try Self.withBytes(text) { (raw) throws(IngestError) -> R in try body(.number(raw)) }
        case .bool(let value)?: try body(.boolean(value))
        case .null?: try body(.null)
        case let other?: try body(.other(other.kind))
        }
    }

    /// Lists are arrays of strings; null is an empty list.
    func forEachItem(_ column: LogColumn, _ body: (UnsafeRawBufferPointer) throws(IngestError) -> Void) throws(IngestError)
        -> Bool
    {
        switch fields.values[column.ordinal] {
        case nil: return false
        case .null?: return true
        case .array(let items)?:
            for item in items {
                guard case .string(let text) = item else {
                    throw error(column, "holds \(item.kind); expected an array of strings")
                }
                try Self.withBytes(text, body)
            }
            return true
        case let other?: throw error(column, "found \(other.kind); expected an array of strings")
        }
    }

    func error(_ column: LogColumn, _ message: String) -> IngestError {
        let at = fields.values[column.ordinal] == nil ? nil : JSONLinesSessionLog.column(line, fields.offsets[column.ordinal])
        return IngestError(file: file, line: lineNumber, column: at, "key \"\(mapping.name(of: column))\": \(message)")
    }

    func missing(_ column: LogColumn, expected: String) -> IngestError {
        IngestError(
            file: file, line: lineNumber, "missing the key \"\(mapping.name(of: column))\"; expected \(expected)",
            hint: .mapColumn(column))
    }

    private static func withBytes<R>(_ text: String, _ body: (UnsafeRawBufferPointer) throws(IngestError) -> R)
        throws(IngestError) -> R
    {
        var text = text
        return try text.withUTF8 { utf8 in
            Result { () throws(IngestError) -> R in try body(UnsafeRawBufferPointer(utf8)) }
        }.get()
    }
}

/// Turns the lines of one JSON Lines log into rows: parses each line and matches its keys to
/// columns. One instance is reused for every line read on one thread.
final class JSONLineRows {
    private let fields = JSONLineFields()
    private let keyColumns: [String: LogColumn]
    private let mapping: ColumnMapping
    private let name: String

    /// Rows of the log named `name` (for messages), whose keys `mapping` names.
    init(mapping: ColumnMapping, name: String) {
        self.mapping = mapping
        self.name = name
        keyColumns = mapping.columnsByName
    }

    /// The row of a line that is not blank, the `number`th of the log.
    ///
    /// - Throws: ``IngestError`` when the line is not one valid JSON object with each key once.
    func row(_ line: UnsafeRawBufferPointer, number: Int) throws(IngestError) -> JSONLineRow {
        fields.clear()
        do {
            var parser = JSONLineParser(line)
            try parser.parseObject { key, offset, value in
                if let column = keyColumns[key] {
                    fields.values[column.ordinal] = value
                    fields.offsets[column.ordinal] = offset
                }
            }
        } catch let error as JSONLineParser.SyntaxError {
            throw IngestError(
                file: name, line: number, column: JSONLinesSessionLog.column(line, error.offset),
                "not valid JSON: \(error.message)")
        } catch let error as JSONLineParser.RepeatedKey {
            throw IngestError(
                file: name, line: number, column: JSONLinesSessionLog.column(line, error.offset),
                "the key \"\(error.key)\" appears more than once; expected each key once")
        } catch {
            throw IngestError(file: name, line: number, "\(error)")
        }
        return JSONLineRow(fields: fields, line: line, lineNumber: number, file: name, mapping: mapping)
    }
}

/// Reads a JSON Lines session log: each line is parsed, its keys matched to columns, and the
/// session decoded by the ``SessionDecoder``. The file's first session decides whether sessions
/// carry `reviewed`; blank lines are skipped.
///
/// The lines up to the first session are read one by one; the rest on every core, through
/// ``LogPipeline`` (every line break ends a record: a JSON string holds no raw line break).
enum JSONLinesSessionLog {
    /// Reads every line of `reader` into `state`.
    ///
    /// - Parameters:
    ///   - reader: the log's lines.
    ///   - mapping: the export's names of the keys.
    ///   - file: the input's index, for the duplicate check.
    ///   - state: the scan it adds to.
    ///   - options: how the lines after the first session are cut into chunks and read in parallel.
    static func read(
        _ reader: LineReader, mapping: ColumnMapping, file: Int, into state: ScanState,
        options: LogPipeline.Options = .standard
    ) throws(IngestError) {
        let rows = JSONLineRows(mapping: mapping, name: reader.source.name)
        var reviewKey: Bool?
        var sawLine = false
        // The first session tells whether sessions carry "reviewed": up to it, one line at a time.
        let decided = try readOneByOne(
            reader, rows: rows, reviewKey: &reviewKey, sawLine: &sawLine, file: file, into: state, untilDecided: true)
        if !sawLine { throw IngestError(file: reader.source.name, "the file is empty; expected one JSON object per line") }
        guard decided, let reviewKey else { return }
        let layout = JSONLinesLayout(
            mapping: mapping, reviewRecorded: reviewKey, skipInvalid: state.skipInvalid,
            dimensions: state.aggregator.dimensions)
        try LogPipeline.read(
            layout, source: reader.source, buffered: reader.takeBuffered(), resume: reader.resumeState, file: file,
            into: state, options: options)
    }

    /// Reads the lines of `reader` one at a time into `state`, to the end of the input — or, with
    /// `untilDecided`, up to the first session decoded.
    ///
    /// - Parameters:
    ///   - reviewKey: whether sessions carry "reviewed", once the first session has told.
    ///   - sawLine: set when a line is read.
    /// - Returns: whether it stopped at the first session (false: at the end of the input).
    @discardableResult
    static func readOneByOne(
        _ reader: LineReader, rows: JSONLineRows, reviewKey: inout Bool?, sawLine: inout Bool, file: Int,
        into state: ScanState, untilDecided: Bool
    ) throws(IngestError) -> Bool {
        let decoder = state.decoder
        while true {
            let line: UnsafeRawBufferPointer
            do throws(IngestError) {
                guard let next = try reader.next() else { return false }
                line = next
            } catch {
                try state.reject(error)  // a line too long to read
                continue
            }
            sawLine = true
            if Values.trimmed(line).isEmpty { continue }
            state.tick(reader.source)
            let session: DecodedSession
            do throws(IngestError) {
                let row = try rows.row(line, number: reader.line)
                if row.has(.handoffReason) { state.reasonsRecorded = true }
                let recorded = reviewKey ?? row.has(.reviewed)
                session = try decoder.decode(row, reviewRecorded: recorded)
                if reviewKey == nil {
                    reviewKey = recorded
                    if !recorded { state.reviewRecorded = false }
                }
            } catch {
                try state.reject(error)
                continue
            }
            try state.add(session, source: reader.source, file: file, line: reader.line)
            if untilDecided { return true }
        }
    }

    /// The 1-based column, in characters, of a byte offset in a line.
    static func column(_ line: UnsafeRawBufferPointer, _ offset: Int) -> Int {
        var characters = 1
        for i in 0..<min(offset, line.count) where line[i] & 0xC0 != 0x80 { characters += 1 }
        return characters
    }
}

/// How a JSON Lines session log's lines after its first session are read: the names of its keys,
/// whether its sessions carry `reviewed`, how invalid lines are treated. As a ``ChunkedFormat``,
/// it reads them on every core.
struct JSONLinesLayout: ChunkedFormat {
    let mapping: ColumnMapping
    let reviewRecorded: Bool
    let skipInvalid: Bool
    let dimensions: [SegmentDimension]

    /// The last line end: every LF ends a line, as a JSON string holds no raw line break.
    func lastRecordEnd(_ bytes: UnsafePointer<UInt8>, count: Int, lineEnd: UInt8) -> Int? {
        var p = count - 1
        while p >= 0 {
            if bytes[p] == UInt8(ascii: "\n") { return p + 1 }
            p -= 1
        }
        return nil
    }

    func readChunk(
        _ bytes: UnsafeMutablePointer<UInt8>, count: Int, final: Bool, start: CSVReader.Resume, source: ByteSource
    ) -> LogChunk {
        var records = LogChunk.Records(dimensions: dimensions, skipInvalid: skipInvalid, bytes: count)
        let reader = LineReader(region: bytes, count: count, final: final, source: source, resume: start)
        let rows = JSONLineRows(mapping: mapping, name: source.name)
        let decoder = SessionDecoder(aggregator: records.aggregator)
        while true {
            do throws(IngestError) {
                guard let line = try reader.next() else { break }
                if Values.trimmed(line).isEmpty { continue }
                records.rows += 1
                let row = try rows.row(line, number: reader.line)
                if row.has(.handoffReason) { records.sawReason = true }
                let session = try decoder.decode(row, reviewRecorded: reviewRecorded)
                records.add(session, row: row, line: reader.line)
            } catch {
                if records.reject(error) { break }
            }
        }
        return LogChunk(records, consumed: reader.consumed, end: reader.resumeState, stoppedShort: reader.stoppedShort)
    }

    func readOneByOne(_ source: ByteSource, resume: CSVReader.Resume, file: Int, into state: ScanState) throws(IngestError) {
        var reviewKey: Bool? = reviewRecorded
        var sawLine = true
        try JSONLinesSessionLog.readOneByOne(
            LineReader(source, resume: resume), rows: JSONLineRows(mapping: mapping, name: source.name),
            reviewKey: &reviewKey, sawLine: &sawLine, file: file, into: state, untilDecided: false)
    }
}
