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

/// Reads a JSON Lines session log: each line is parsed, its keys matched to columns, and the
/// session decoded by the ``SessionDecoder``. The file's first session decides whether sessions
/// carry `reviewed`; blank lines are skipped.
enum JSONLinesSessionLog {
    /// Reads every line of `reader` into `state`.
    ///
    /// - Parameters:
    ///   - reader: the log's lines.
    ///   - mapping: the export's names of the keys.
    ///   - file: the input's index, for the duplicate check.
    ///   - state: the scan it adds to.
    static func read(_ reader: LineReader, mapping: ColumnMapping, file: Int, into state: ScanState) throws(IngestError) {
        let name = reader.source.name
        let keyColumns = mapping.columnsByName
        let fields = JSONLineFields()
        let decoder = state.decoder
        var reviewKey: Bool?  // whether this file's sessions carry "reviewed", from its first session
        var sawReason = false
        var sawLine = false
        while true {
            var decoded: DecodedSession?
            var lineError: IngestError?
            let more: Bool
            do throws(IngestError) {
                more = try reader.next { (line) throws(IngestError) in
                    sawLine = true
                    if Values.trimmed(line).isEmpty { return }
                    state.tick(reader.source)
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
                        lineError = IngestError(
                            file: name, line: reader.line, column: column(line, error.offset), "not valid JSON: \(error.message)")
                        return
                    } catch let error as JSONLineParser.RepeatedKey {
                        lineError = IngestError(
                            file: name, line: reader.line, column: column(line, error.offset),
                            "the key \"\(error.key)\" appears more than once; expected each key once")
                        return
                    } catch {
                        lineError = IngestError(file: name, line: reader.line, "\(error)")
                        return
                    }
                    let row = JSONLineRow(fields: fields, line: line, lineNumber: reader.line, file: name, mapping: mapping)
                    if row.has(.handoffReason) { sawReason = true }
                    let recorded = reviewKey ?? row.has(.reviewed)
                    do throws(IngestError) {
                        decoded = try decoder.decode(row, reviewRecorded: recorded)
                        if reviewKey == nil { reviewKey = recorded }
                    } catch {
                        lineError = error
                    }
                }
            } catch {
                try state.reject(error)  // a line too long to read
                continue
            }
            guard more else { break }
            if let lineError {
                try state.reject(lineError)
                continue
            }
            if let decoded { try state.add(decoded, source: reader.source, file: file, line: reader.line) }
        }
        if !sawLine { throw IngestError(file: name, "the file is empty; expected one JSON object per line") }
        if reviewKey == false { state.reviewRecorded = false }
        if sawReason { state.reasonsRecorded = true }
    }

    /// The 1-based column, in characters, of a byte offset in a line.
    static func column(_ line: UnsafeRawBufferPointer, _ offset: Int) -> Int {
        var characters = 1
        for i in 0..<min(offset, line.count) where line[i] & 0xC0 != 0x80 { characters += 1 }
        return characters
    }
}
