import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A session log's format as ``LogPipeline`` reads it: where a chunk of its bytes may be cut, how
/// a chunk is read apart, and how the input is read one record at a time when a cut was wrong.
/// A value holds what the start of the log told (a CSV header, a JSON Lines log's first session).
protocol ChunkedFormat: Sendable {
    /// The offset just after the last record end in `count` bytes (which start at a record start),
    /// or nil when there is none; `lineEnd` is the byte that ends a line.
    func lastRecordEnd(_ bytes: UnsafePointer<UInt8>, count: Int, lineEnd: UInt8) -> Int?

    /// Reads the records of a chunk into a ``LogChunk`` of its own.
    ///
    /// - Parameters:
    ///   - bytes: the chunk, starting at a record start; kept alive and unchanged by the caller.
    ///   - count: its length.
    ///   - final: whether the input ends with it.
    ///   - start: the state it starts in (its line is the line of the chunk's first byte).
    ///   - source: the input, for its name in messages.
    func readChunk(
        _ bytes: UnsafeMutablePointer<UInt8>, count: Int, final: Bool, start: CSVReader.Resume, source: ByteSource
    ) -> LogChunk

    /// Reads the rest of `source`, from a record start in the state `resume`, one record at a time
    /// into `state` (`file` is the input's index).
    func readOneByOne(_ source: ByteSource, resume: CSVReader.Resume, file: Int, into state: ScanState) throws(IngestError)
}

/// Reads the records of a session log (CSV after its header, JSON Lines after its first session)
/// on every core, with the result of reading them one by one: the same counts, the same first
/// error, the same rejected rows.
///
/// The calling thread reads the input in chunks of ``Options/chunkSize`` bytes, each cut after the
/// last record end the format finds in it (``ChunkedFormat/lastRecordEnd(_:count:lineEnd:)``: in
/// CSV the last line end outside quotes, by the parity of the quotes before it; in JSON Lines the
/// last line end, as a JSON string holds no raw line break), and hands them to worker threads,
/// which read each chunk into a ``LogChunk`` of its own. The calling thread then takes the chunks
/// into the scan in file order (``ScanState/merge(_:file:source:line:)``), at most
/// ``Options/window`` chunks ahead.
///
/// A chunk is read on the guess that it starts at a record start. The guess is checked when it is
/// merged: the chunk before it must have ended exactly at its start, outside a record. Only an
/// invalid file (in CSV a stray quote, which makes the quote parity lie) or a record longer than a
/// chunk can make the guess wrong; from there on the input is read one record at a time, on this
/// thread, from where the last whole record ended — so the result never depends on where chunks
/// were cut, nor on the number of threads.
enum LogPipeline {
    /// How the input is cut and read.
    struct Options {
        /// The worker threads; 0 reads every record on the calling thread, one at a time.
        var workers: Int
        /// The bytes of a chunk (at least 2).
        var chunkSize: Int
        /// For tests: cut each chunk where its bytes end, record end or not (only the check of
        /// each chunk's start against the end of the one before keeps the result right).
        var cutAnywhere = false

        /// One worker per core; chunks of 4 MiB, smaller on a machine of many cores so that the
        /// chunks in flight hold at most 32 MiB (but at least 1 MiB each).
        static var standard: Options {
            var options = Options(workers: max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))), chunkSize: 4 << 20)
            options.chunkSize = min(4 << 20, max(1 << 20, (32 << 20) / options.window))
            return options
        }

        /// The chunks read or waiting to be merged at once.
        var window: Int { workers + 2 }
    }

    /// Reads every record of `source` after those a reader has read already.
    ///
    /// - Parameters:
    ///   - format: the log's format, with what its start told.
    ///   - source: the input.
    ///   - buffered: the bytes the reader read but did not consume, and whether the input has ended.
    ///   - resume: the state the reader stopped in (at a record start).
    ///   - file: the input's index.
    ///   - state: the scan.
    ///   - options: how to cut and read the input.
    static func read<Format: ChunkedFormat>(
        _ format: Format, source: ByteSource, buffered: (bytes: [UInt8], atEnd: Bool), resume: CSVReader.Resume,
        file: Int, into state: ScanState, options: Options = .standard
    ) throws(IngestError) {
        guard options.workers > 0 else {
            return try format.readOneByOne(
                ReplayingSource(source, replaying: buffered.bytes), resume: resume, file: file, into: state)
        }
        let pipeline = Pipeline(
            format: format, source: source, buffered: buffered, resume: resume, file: file, state: state, options: options)
        defer { pipeline.drain() }
        try pipeline.run()
    }
}

/// The source's name, for messages from chunks read on other threads (it holds no bytes).
private final class NameOnly: ByteSource, @unchecked Sendable {
    let name: String
    init(_ name: String) { self.name = name }
    var bytesConsumed: Int { 0 }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int { 0 }
}

/// One chunk: its bytes, and what a worker read from them.
private final class Job: @unchecked Sendable {
    let bytes: UnsafeMutablePointer<UInt8>
    let capacity: Int
    var count = 0
    var final = false
    /// Whether no record end was found in it (a record longer than a chunk, or in CSV bad quotes).
    var unsplit = false
    var chunk: LogChunk?
    private let done = DispatchSemaphore(value: 0)
    private var waited = true

    init(capacity: Int) {
        self.capacity = capacity
        bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    }

    deinit { bytes.deallocate() }

    /// Reads the chunk on a worker thread with `format`.
    func start<Format: ChunkedFormat>(_ format: Format, name: NameOnly, lineEnd: UInt8) {
        chunk = nil
        waited = false
        let start = CSVReader.Resume(line: 1, lineEnd: lineEnd, skipPending: false)
        DispatchQueue.global().async {
            self.chunk = format.readChunk(self.bytes, count: self.count, final: self.final, start: start, source: name)
            self.done.signal()
        }
    }

    func wait() {
        if waited { return }
        done.wait()
        waited = true
    }
}

private final class Pipeline<Format: ChunkedFormat> {
    let format: Format
    let file: Int
    let state: ScanState
    let options: Options
    let source: ByteSource
    let name: NameOnly
    typealias Options = LogPipeline.Options

    /// Chunks handed out, in file order.
    private var queue: [Job] = []
    private var spare: [Job] = []
    /// Bytes read after the last cut.
    private var carry: [UInt8]
    private var sourceEnded: Bool
    /// Where the next chunk to merge takes the input up (its line is absolute).
    private var resume: CSVReader.Resume
    /// Bytes of the last merged chunk after its last whole record.
    private var remainder: [UInt8] = []

    init(
        format: Format, source: ByteSource, buffered: (bytes: [UInt8], atEnd: Bool), resume: CSVReader.Resume, file: Int,
        state: ScanState, options: Options
    ) {
        self.format = format
        self.source = source
        self.file = file
        self.state = state
        self.options = options
        name = NameOnly(source.name)
        (carry, sourceEnded) = buffered
        self.resume = resume
    }

    func run() throws(IngestError) {
        var reading = true
        while true {
            while reading, queue.count < options.window {
                guard let job = try nextJob() else {
                    reading = false
                    break
                }
                queue.append(job)
                if job.unsplit { reading = false } else { job.start(format, name: name, lineEnd: resume.lineEnd) }
            }
            guard !queue.isEmpty else { return }
            let job = queue.removeFirst()
            job.wait()
            guard !job.unsplit, remainder.isEmpty, !resume.skipPending, let chunk = job.chunk else {
                return try readOneByOne(from: job)
            }
            try state.merge(chunk, file: file, source: source, line: resume.line)
            resume.line += chunk.end.line - 1
            resume.skipPending = chunk.end.skipPending
            remainder = Array(UnsafeBufferPointer(start: job.bytes + chunk.consumed, count: job.count - chunk.consumed))
            if job.capacity == options.chunkSize { spare.append(job) }
        }
    }

    /// The next chunk, cut after its last record end; nil at the end of the input.
    private func nextJob() throws(IngestError) -> Job? {
        // No chunk holds more than the longest record: a chunk holds whole records.
        let limit = CSVReader.recordLimit
        // An input read whole already (a small log) is one chunk of its size.
        var job =
            sourceEnded
            ? Job(capacity: max(1, carry.count))
            : carry.count < options.chunkSize / 2
                ? spare.popLast() ?? Job(capacity: options.chunkSize) : Job(capacity: min(limit, carry.count * 2))
        carry.withUnsafeBufferPointer { if let from = $0.baseAddress { job.bytes.update(from: from, count: $0.count) } }
        job.count = carry.count
        job.final = false
        job.unsplit = false
        carry = []
        while true {
            while !sourceEnded, job.count < job.capacity {
                let got = try source.read(
                    into: UnsafeMutableRawBufferPointer(start: job.bytes + job.count, count: job.capacity - job.count))
                if got == 0 { sourceEnded = true }
                job.count += got
            }
            if sourceEnded {
                job.final = true
                return job.count == 0 ? nil : job
            }
            if let cut = options.cutAnywhere
                ? job.count : format.lastRecordEnd(job.bytes, count: job.count, lineEnd: resume.lineEnd)
            {
                carry = Array(UnsafeBufferPointer(start: job.bytes + cut, count: job.count - cut))
                job.count = cut
                return job
            }
            guard job.capacity < limit else {
                job.unsplit = true
                return job
            }
            let larger = Job(capacity: min(limit, job.capacity * 2))
            larger.bytes.update(from: job.bytes, count: job.count)
            larger.count = job.count
            job = larger
        }
    }

    /// Reads the rest of the input one record at a time, from the end of the last whole record.
    private func readOneByOne(from job: Job) throws(IngestError) {
        var bytes = remainder
        bytes.append(contentsOf: UnsafeBufferPointer(start: job.bytes, count: job.count))
        for later in queue {
            later.wait()
            bytes.append(contentsOf: UnsafeBufferPointer(start: later.bytes, count: later.count))
        }
        queue.removeAll()
        bytes.append(contentsOf: carry)
        carry = []
        try format.readOneByOne(ReplayingSource(source, replaying: bytes), resume: resume, file: file, into: state)
    }

    /// Waits for the chunks still being read (they read memory this pipeline owns).
    func drain() {
        for job in queue { job.wait() }
        queue.removeAll()
    }
}
