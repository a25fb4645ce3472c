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

/// The formats a log can come in.
public enum LogFormat: String, CaseIterable, Hashable, Sendable {
    /// CSV (RFC 4180) with a header row.
    case csv
    /// JSON Lines: one object a line.
    case jsonl
    /// Pre-aggregated counts (CSV): optional `week`, `workflow`, `intent`, `channel` and
    /// `handoff_reason`, and the counts `sessions`, `human_help`, `unresolved`, `reviewed`, `p0`,
    /// `p1`, `p2`, `any_issue`.
    case counts

    /// The format a file's name implies (`.csv`, `.jsonl`, `.ndjson`, each optionally `.gz`), if any.
    public static func byExtension(_ path: String) -> LogFormat? {
        let name = LogSource.uncompressedName(path).lowercased()
        if name.hasSuffix(".csv") { return .csv }
        if name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") { return .jsonl }
        return nil
    }

    /// The format `given`, or else the one the name of a log implies.
    ///
    /// - Parameters:
    ///   - given: the format stated for the log, if any.
    ///   - name: the log's path or name.
    /// - Throws: ``IngestError`` with the ``IngestHint/stateFormat`` hint when neither tells it.
    public static func choose(_ given: LogFormat?, for name: String) throws(IngestError) -> LogFormat {
        guard let chosen = given ?? byExtension(name) else {
            throw IngestError(
                file: name, "cannot tell the format from the name; expected .csv, .jsonl or .ndjson (optionally .gz)",
                hint: .stateFormat)
        }
        return chosen
    }
}

/// Reads session logs — CSV, JSON Lines, or pre-aggregated counts, from any ``ByteSource`` — in one
/// streaming pass each, and sums them into a `LogSummary`.
///
/// CSV and JSON Lines session logs are read on every core: the input is cut into chunks at record
/// ends (in CSV line ends outside quotes, in JSON Lines every line end), each chunk is read on a
/// worker thread, and the chunks are taken into the summary in file order, so that the summary,
/// the rejected rows and the first error are those of reading the records one by one, whatever the
/// number of threads (a gzip log is inflated on the calling thread while the workers read the chunks).
///
/// Every malformed row or value is an ``IngestError`` naming the file, line and column, what was
/// found and what was expected. With `skipInvalid` such rows are counted instead (problems with a
/// whole file — a missing column, an empty or unreadable file — always stop the scan). Repeated
/// session ids are found at the end, in bounded memory (a duplicate tracker of fingerprints); with
/// `skipInvalid` the first occurrence is kept and the others taken out of the counts.
///
/// Memory is bounded whatever the input: a record (a CSV record or a JSON line) may be up to
/// ``CSVReader/recordLimit`` long — a longer one stops the scan, even when skipping invalid rows,
/// as the input is not a log or never ends — and the segments are at most ``segmentLimit``.
///
/// ```swift
/// let scanner = try LogScanner(dimensions: [.intent])
/// try scanner.read(LogSource.open("sessions.csv.gz"), format: .csv)   // any ByteSource
/// try scanner.read("more-sessions.jsonl")                             // or a path
/// let summary = try scanner.finish()
/// ```
public final class LogScanner {
    /// The dimensions the segments split by.
    public let dimensions: [SegmentDimension]
    /// The export's names of the columns.
    public let mapping: ColumnMapping
    /// The format of every input, or nil to tell each one's from its name.
    public let format: LogFormat?
    /// Whether invalid rows are counted and skipped instead of stopping the scan.
    public let skipInvalid: Bool
    /// The most segments (distinct combinations of the dimensions' values) a scan may find: the
    /// session or counts row that would add one more stops the scan with an error at its place.
    public let segmentLimit: Int
    /// The default ``segmentLimit``: 100,000 segments, which a summary holds in a few tens of MB
    /// (a front end that renders every segment may want fewer).
    public static let defaultSegmentLimit = Aggregator.defaultSegmentLimit
    /// Called every 65,536 rows.
    public var progress: ((ScanProgress) -> Void)? {
        get { state.progress }
        set { state.progress = newValue }
    }

    private let state: ScanState
    private var files: [String] = []
    /// How session logs (CSV and JSON Lines) are cut into chunks and read in parallel (tests read
    /// them otherwise).
    var pipelineOptions = LogPipeline.Options.standard
    /// For fuzzing: the bytes of the chunks a session log (CSV or JSON Lines) is cut into (at least
    /// 2; 4 MiB by default), so that a small input is read in many chunks, as a large log is.
    @_spi(Fuzzing) public var chunkSize: Int {
        get { pipelineOptions.chunkSize }
        set { pipelineOptions.chunkSize = max(2, newValue) }
    }

    /// A scanner splitting by `dimensions`.
    ///
    /// - Parameters:
    ///   - dimensions: at most three, each once.
    ///   - mapping: the export's names of the columns.
    ///   - format: the format of every input; nil tells each one's from its name.
    ///   - skipInvalid: count and skip invalid rows instead of stopping at the first.
    ///   - segmentLimit: the most segments the scan may find (at least 1).
    /// - Throws: ``IngestError`` (with the ``IngestHint/segmentDimensions`` hint) for more than three
    ///   dimensions or a repeated one; for a mapping that reads one export column as two of ours.
    public init(
        dimensions: [SegmentDimension], mapping: ColumnMapping = ColumnMapping(), format: LogFormat? = nil,
        skipInvalid: Bool = false, segmentLimit: Int = LogScanner.defaultSegmentLimit
    )
        throws(IngestError)
    {
        guard dimensions.count <= 3 else {
            throw IngestError(
                file: "", "found \(Wording.count(dimensions.count, "segment dimension")); expected at most three",
                hint: .segmentDimensions)
        }
        if let repeated = dimensions.first(where: { dimension in dimensions.filter { $0 == dimension }.count > 1 }) {
            throw IngestError(
                file: "", "the segment dimension \(repeated.rawValue) is repeated; expected each at most once",
                hint: .segmentDimensions)
        }
        try mapping.checkDistinct()
        self.dimensions = dimensions
        self.mapping = mapping
        self.format = format
        self.skipInvalid = skipInvalid
        self.segmentLimit = max(1, segmentLimit)
        state = ScanState(dimensions: dimensions, skipInvalid: skipInvalid, segmentLimit: self.segmentLimit)
    }

    /// Reads one log from `source`, to its end.
    ///
    /// - Parameters:
    ///   - source: the bytes (see ``LogSource`` for files, standard input and gzip); its name is the
    ///     file in messages.
    ///   - format: the log's format; nil takes the scanner's, or else tells it from the source's name.
    /// - Throws: ``IngestError`` for an invalid row (unless skipped) or an unreadable input.
    public func read(_ source: ByteSource, format: LogFormat? = nil) throws(IngestError) {
        let chosen = try LogFormat.choose(format ?? self.format, for: source.name)
        let fileIndex = files.count
        files.append(source.name)
        switch chosen {
        case .csv:
            try CSVSessionLog.read(CSVReader(source), mapping: mapping, file: fileIndex, into: state, options: pipelineOptions)
        case .jsonl:
            try JSONLinesSessionLog.read(
                LineReader(source), mapping: mapping, file: fileIndex, into: state, options: pipelineOptions)
        case .counts: try CountsLog.read(CSVReader(source), into: state)
        }
    }

    /// Reads one log from a path (`-` for standard input), gzip-compressed or not: a convenience
    /// for ``read(_:format:)`` with ``LogSource/open(_:)``.
    ///
    /// - Throws: ``IngestError`` when the file cannot be opened, its format cannot be told from its
    ///   name (and the scanner has none), or a row is invalid (unless skipped).
    public func read(_ path: String) throws(IngestError) {
        let chosen = try LogFormat.choose(format, for: path)
        try read(LogSource.open(path), format: chosen)
    }

    /// The summary of every log read; checks for repeated session ids first.
    ///
    /// - Throws: ``IngestError`` for a repeated session id (the earliest, unless invalid rows are
    ///   skipped), or for inputs whose sessions add up to more than `Tally.maximumCount`.
    public func finish() throws(IngestError) -> LogSummary {
        // Duplicates come in no particular order: keep only the earliest few, for messages.
        let kept = skipInvalid ? InvalidRows.exampleLimit : 1
        let repeats = try state.duplicates.repeats(keeping: kept, threads: max(1, pipelineOptions.workers))
        for (contribution, count) in repeats.contributions { state.aggregator.remove(contribution, count: count) }
        let earliest = repeats.earliest
        let count = repeats.count
        for duplicate in earliest {
            let (file, line) = DuplicateTracker.place(duplicate.location)
            let (firstFile, firstLine) = DuplicateTracker.place(duplicate.firstLocation)
            try state.reject(
                IngestError(
                    file: files[file], line: line,
                    "\(mapping.name(of: .sessionID)) repeats the session at \(files[firstFile]):\(firstLine); expected each session once",
                    hint: .skipInvalid))
        }
        state.skipped(count - earliest.count)
        var summary = state.aggregator.summary(reasonsRecorded: state.reasonsRecorded)
        guard summary.overall.withinMaximum else {
            throw IngestError(
                file: "",
                "the inputs add up to \(summary.overall.sessions) sessions, more than 2^53 = \(Tally.maximumCount), the most "
                    + "counted exactly; expected totals of at most 2^53", fatal: true)
        }
        summary.inputs = files
        summary.invalidRows = state.invalid
        summary.reviewRecorded = state.reviewRecorded
        summary.reasonsRecorded = state.reasonsRecorded
        return summary
    }
}

/// What every format's reader adds to: the tallies, the duplicate check, the rejected rows and
/// the progress, and what the inputs recorded.
final class ScanState {
    let aggregator: Aggregator
    let decoder: SessionDecoder
    let duplicates = DuplicateTracker()
    let skipInvalid: Bool
    var progress: ((ScanProgress) -> Void)?
    private(set) var invalid = InvalidRows()
    /// Whether every input said which sessions were reviewed.
    var reviewRecorded = true
    /// Whether any input had a handoff-reason column.
    var reasonsRecorded = false
    @exclusivity(unchecked) private var rows = 0

    init(dimensions: [SegmentDimension], skipInvalid: Bool, segmentLimit: Int) {
        aggregator = Aggregator(dimensions: dimensions, segmentLimit: segmentLimit)
        decoder = SessionDecoder(aggregator: aggregator)
        self.skipInvalid = skipInvalid
    }

    /// A row-level problem: counted when skipping invalid rows, thrown otherwise (and always thrown
    /// when the input cannot be read on).
    func reject(_ error: IngestError) throws(IngestError) {
        guard skipInvalid, !error.fatal else { throw error }
        invalid.record(error.description)
    }

    /// Counts `count` more rejected rows without examples (only reached when skipping).
    func skipped(_ count: Int) { invalid.count += count }

    /// Adds a decoded session found on `line` of the `file`th input.
    @inline(__always)
    func add(_ session: DecodedSession, source: ByteSource, file: Int, line: Int) throws(IngestError) {
        let id = aggregator.add(session.contribution)
        if aggregator.overflowed { throw aggregator.overflowError(file: source.name, line: line) }
        try duplicates.add(
            fingerprint: session.fingerprint, location: DuplicateTracker.location(file: file, line: line), contribution: id)
    }

    /// Counts a row, reporting progress every 65,536.
    @inline(__always)
    func tick(_ source: ByteSource) {
        rows += 1
        if rows & 0xFFFF == 0, let progress { progress(ScanProgress(file: source.name, rows: rows, bytes: source.bytesConsumed)) }
    }

    /// Counts `count` rows read at once, reporting progress when they pass a multiple of 65,536.
    func tick(_ source: ByteSource, rows count: Int) {
        let before = rows
        rows += count
        if rows >> 16 != before >> 16, let progress {
            progress(ScanProgress(file: source.name, rows: rows, bytes: source.bytesConsumed))
        }
    }

    /// The error of a CSV record whose number of fields is not the header's `expected`.
    static func fieldCountError(_ reader: CSVReader, expected: Int) -> IngestError {
        IngestError(
            file: reader.source.name, line: reader.recordLine,
            "found \(Wording.count(reader.fieldCount, "field")); expected \(expected), as in the header "
                + "(quote fields that contain commas)")
    }

    /// Calls `body` for each CSV record with the header's number of fields. A malformed record, or
    /// an error `body` throws, is rejected (see ``reject(_:)``).
    func forEachRecord(_ reader: CSVReader, fields: Int, _ body: () throws(IngestError) -> Void) throws(IngestError) {
        while true {
            do throws(IngestError) {
                guard try reader.next() else { return }
                tick(reader.source)
                guard reader.fieldCount == fields else { throw Self.fieldCountError(reader, expected: fields) }
                try body()
            } catch {
                try reject(error)
            }
        }
    }
}
