import SextantModel

/// One line of a JSON Lines session log as a ``SessionRow``: each column's value by its key, as
/// bytes of the line (or of the scratch buffer, for strings with escapes).
///
/// The row holds no counted references (it is passed to every step of decoding a line): the
/// ``JSONLineRows`` it comes from is kept alive by whoever reads the lines.
struct JSONLineRow: SessionRow {
    /// Where the values are (reached without counting references), and the names for messages.
    let rows: Unmanaged<JSONLineRows>
    let values: UnsafeMutablePointer<JSONLineValue>
    let scratch: JSONScratch
    let line: UnsafeRawBufferPointer
    let lineNumber: Int

    static let listNote = ""

    /// Not known to be ASCII: text values are checked as UTF-8 by the decoder.
    var isASCII: Bool { false }

    @inline(__always)
    func has(_ column: LogColumn) -> Bool { values[column.ordinal].kind != .absent }

    @inline(__always)
    func withValue<R>(_ column: LogColumn, _ body: (FieldValue) throws(IngestError) -> R) throws(IngestError) -> R {
        let value = values[column.ordinal]
        switch value.kind {
        case .absent: return try body(.absent)
        case .string: return try body(.text(JSONLineRows.bytes(of: value, in: line, scratch: scratch)))
        case .number: return try body(.number(JSONLineRows.bytes(of: value, in: line, scratch: scratch)))
        case .bool: return try body(.boolean(value.bool))
        case .null: return try body(.null)
        case .array, .object: return try body(.other(value.description))
        }
    }

    /// Lists are arrays of strings; null is an empty list.
    func forEachItem(_ column: LogColumn, _ body: (UnsafeRawBufferPointer) throws(IngestError) -> Void) throws(IngestError)
        -> Bool
    {
        let value = values[column.ordinal]
        switch value.kind {
        case .absent: return false
        case .null: return true
        case .array:
            try JSONLineParser.forEachItem(of: value, in: line, scratch: scratch) { (text, item) throws(IngestError) in
                guard let text else { throw error(column, "holds \(item.description); expected an array of strings") }
                try body(text)
            }
            return true
        default: throw error(column, "found \(value.description); expected an array of strings")
        }
    }

    func error(_ column: LogColumn, _ message: String) -> IngestError {
        let rows = rows.takeUnretainedValue()
        let value = values[column.ordinal]
        let at = value.kind == .absent ? nil : JSONLinesSessionLog.column(line, value.offset)
        return IngestError(
            file: rows.name, line: lineNumber, column: at, "key \"\(rows.mapping.name(of: column))\": \(message)")
    }

    func missing(_ column: LogColumn, expected: String) -> IngestError {
        let rows = rows.takeUnretainedValue()
        return IngestError(
            file: rows.name, line: lineNumber, "missing the key \"\(rows.mapping.name(of: column))\"; expected \(expected)",
            hint: .mapColumn(column))
    }
}

/// Turns the lines of one JSON Lines log into rows: parses each line and matches its keys to
/// columns, byte for byte. One instance is reused for every line read on one thread, and
/// allocates nothing per line once its buffers have grown.
final class JSONLineRows {
    /// The value of each column on the current line, by ``LogColumn/ordinal`` (absent when its key is not there).
    let values: UnsafeMutablePointer<JSONLineValue>
    /// The decoded strings with escapes of the current line.
    let scratch = JSONScratch()
    let mapping: ColumnMapping
    /// The log's name, for messages.
    let name: String
    /// The number of columns.
    private let columns = LogColumn.allCases.count
    /// The columns' keys, by ``LogColumn/ordinal``.
    private let keys: JSONKeyTable

    /// Rows of the log named `name` (for messages), whose keys `mapping` names.
    init(mapping: ColumnMapping, name: String) {
        self.mapping = mapping
        self.name = name
        values = .allocate(capacity: columns)
        values.initialize(repeating: .absent, count: columns)
        keys = JSONKeyTable(
            LogColumn.allCases.sorted { $0.ordinal < $1.ordinal }.map { Array(mapping.name(of: $0).utf8) })
    }

    deinit {
        scratch.deallocate()
        values.deallocate()
        keys.deallocate()
    }

    /// The bytes of a string or number value of `line`, whose strings with escapes are decoded in `scratch`.
    @inline(__always)
    static func bytes(of value: JSONLineValue, in line: UnsafeRawBufferPointer, scratch: JSONScratch)
        -> UnsafeRawBufferPointer
    {
        value.inScratch
            ? UnsafeRawBufferPointer(start: scratch.base + value.start, count: value.count)
            : UnsafeRawBufferPointer(rebasing: line[value.start..<(value.start + value.count)])
    }

    /// The row of a line that is not blank, the `number`th of the log.
    ///
    /// - Throws: ``IngestError`` when the line is not one valid JSON object with each key once.
    func row(_ line: UnsafeRawBufferPointer, number: Int) throws(IngestError) -> JSONLineRow {
        values.update(repeating: .absent, count: columns)
        do {
            var parser = JSONLineParser(line, scratch: scratch)
            try parser.parseObject(keys: keys) { ordinal, value in values[ordinal] = value }
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
        return JSONLineRow(
            rows: Unmanaged.passUnretained(self), values: values, scratch: scratch, line: line, lineNumber: number)
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
