/// A CSV session log's current record as a ``SessionRow``: each column's field, by the header's layout.
///
/// The row holds no counted references (it is passed to every step of decoding a record): the
/// reader and the mapping are kept alive by whoever makes the row, and the field index of each
/// column is held in place.
struct CSVSessionRow: SessionRow {
    let reader: CSVReader
    let names: CSVColumnNames
    /// The field index of each column by ``LogColumn/ordinal`` (-1 for a column the log does not have).
    let indices: SIMD16<Int32>

    /// A row of `reader`'s records; `reader` and `names` must outlive it.
    init(reader: CSVReader, layout: ColumnLayout, names: CSVColumnNames) {
        self.reader = reader
        self.names = names
        var indices = SIMD16<Int32>(repeating: -1)
        for column in LogColumn.allCases { indices[column.ordinal] = Int32(layout.index(of: column)) }
        self.indices = indices
    }

    static let listNote = " (several separated by ;)"

    @inline(__always)
    var isASCII: Bool { reader.recordIsASCII }

    @inline(__always)
    func has(_ column: LogColumn) -> Bool { indices[column.ordinal] >= 0 }

    @inline(__always)
    func withValue<R>(_ column: LogColumn, _ body: (FieldValue) throws(IngestError) -> R) throws(IngestError) -> R {
        let index = Int(indices[column.ordinal])
        guard index >= 0 else { return try body(.absent) }
        return try reader.withField(index) { (raw) throws(IngestError) -> R in try body(.text(raw)) }
    }

    /// Lists are `;`-separated text.
    @inline(__always)
    func forEachItem(_ column: LogColumn, _ body: (UnsafeRawBufferPointer) throws(IngestError) -> Void) throws(IngestError)
        -> Bool
    {
        let index = Int(indices[column.ordinal])
        guard index >= 0 else { return false }
        try reader.withField(index) { (raw) throws(IngestError) in try Values.forEachPart(raw, body) }
        return true
    }

    func error(_ column: LogColumn, _ message: String) -> IngestError {
        let index = Int(indices[column.ordinal])
        return IngestError(
            file: reader.source.name, line: reader.line(ofField: index), column: reader.column(ofField: index),
            "column \"\(names.mapping.name(of: column))\": \(message)")
    }

    func missing(_ column: LogColumn, expected: String) -> IngestError {
        IngestError(
            file: reader.source.name, line: reader.recordLine,
            "missing the column \"\(names.mapping.name(of: column))\"; expected \(expected)", hint: .mapColumn(column))
    }
}

/// The export's names of the columns, for the messages of ``CSVSessionRow``.
final class CSVColumnNames {
    let mapping: ColumnMapping
    init(_ mapping: ColumnMapping) { self.mapping = mapping }
}

/// Reads a CSV session log: the header row gives the layout, and each record is decoded by the
/// ``SessionDecoder`` — on every core, through ``LogPipeline``.
enum CSVSessionLog {
    /// Reads every record of `reader` into `state`.
    ///
    /// - Parameters:
    ///   - reader: the log's records.
    ///   - mapping: the export's names of the columns.
    ///   - file: the input's index, for the duplicate check.
    ///   - state: the scan it adds to.
    ///   - options: how the records after the header are cut into chunks and read in parallel.
    static func read(
        _ reader: CSVReader, mapping: ColumnMapping, file: Int, into state: ScanState,
        options: LogPipeline.Options = .standard
    ) throws(IngestError) {
        let name = reader.source.name
        guard try reader.next() else {
            throw IngestError(file: name, "the file is empty; expected a header row naming at least session_id and tags")
        }
        let header = (0..<reader.fieldCount).map { String(Substring(reader.string($0)).trimmingSpaces) }
        let columns = try ColumnLayout(
            header: header, mapping: mapping, dimensions: state.aggregator.dimensions, file: name, line: reader.recordLine)
        let layout = CSVLayout(
            layout: columns, mapping: mapping, fields: header.count, reviewRecorded: columns.has(.reviewed),
            skipInvalid: state.skipInvalid, dimensions: state.aggregator.dimensions)
        if !layout.reviewRecorded { state.reviewRecorded = false }
        if columns.has(.handoffReason) { state.reasonsRecorded = true }
        try LogPipeline.read(
            layout, source: reader.source, buffered: reader.takeBuffered(), resume: reader.resumeState, file: file, into: state,
            options: options)
    }

    /// Reads the rest of `reader`'s records into `state` one at a time, on this thread.
    static func readOneByOne(_ reader: CSVReader, layout: CSVLayout, file: Int, into state: ScanState)
        throws(IngestError)
    {
        let names = CSVColumnNames(layout.mapping)
        let row = CSVSessionRow(reader: reader, layout: layout.layout, names: names)
        let decoder = state.decoder
        try withExtendedLifetime(names) { () throws(IngestError) in
            try state.forEachRecord(reader, fields: layout.fields) { () throws(IngestError) in
                let session = try decoder.decode(row, reviewRecorded: layout.reviewRecorded)
                try state.add(session, source: reader.source, file: file, line: reader.recordLine)
            }
        }
    }
}
