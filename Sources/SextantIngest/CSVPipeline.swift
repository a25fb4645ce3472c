import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the records of a CSV session log after its header on every core, with the result of
/// reading them one by one: the same counts, the same first error, the same rejected rows.
///
/// The calling thread reads the input in chunks of ``Options/chunkSize`` bytes, each cut after the
/// last line end outside quotes (by the parity of the quotes before it: a quoted line break has an
/// odd number of quotes before it in valid CSV), and hands them to worker threads, which read each
/// chunk into a ``CSVChunk`` of its own. The calling thread then takes the chunks into the scan in
/// file order (``ScanState/merge(_:file:source:line:)``), at most ``Options/window`` chunks ahead.
///
/// A chunk is read on the guess that it starts at a record start. The guess is checked when it is
/// merged: the chunk before it must have ended exactly at its start, outside a record. Only an
/// invalid file (a stray quote, which makes the quote parity lie) or a record longer than a chunk
/// can the guess be wrong; from there on the input is read one record at a time, on this thread,
/// from where the last whole record ended — so the result never depends on where chunks were cut,
/// nor on the number of threads.
enum CSVPipeline {
    /// How the input is cut and read.
    struct Options {
        /// The worker threads; 0 reads every record on the calling thread, one at a time.
        var workers: Int
        /// The bytes of a chunk (at least 2).
        var chunkSize: Int
        /// For tests: cut each chunk where its bytes end, line end or not (only the check of
        /// each chunk's start against the end of the one before keeps the result right).
        var cutAnywhere = false

        /// One worker per core, chunks of 4 MiB.
        static var standard: Options {
            Options(workers: max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))), chunkSize: 4 << 20)
        }

        /// The chunks read or waiting to be merged at once.
        var window: Int { workers * 2 + 1 }
    }

    /// Reads every record after the header that `reader` has just read.
    ///
    /// - Parameters:
    ///   - reader: the log's reader, past its header.
    ///   - layout: the log's layout and options.
    ///   - file: the input's index.
    ///   - state: the scan.
    ///   - options: how to cut and read the input.
    static func read(
        _ reader: CSVReader, layout: CSVChunk.Layout, file: Int, into state: ScanState, options: Options = .standard
    ) throws(IngestError) {
        guard options.workers > 0 else {
            return try CSVSessionLog.readOneByOne(reader, layout: layout, file: file, into: state)
        }
        let pipeline = Pipeline(reader: reader, layout: layout, file: file, state: state, options: options)
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
    /// Whether no line end outside quotes was found in it (a record longer than a chunk, or bad quotes).
    var unsplit = false
    var chunk: CSVChunk?
    private let done = DispatchSemaphore(value: 0)
    private var waited = true

    init(capacity: Int) {
        self.capacity = capacity
        bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    }

    deinit { bytes.deallocate() }

    func start(name: NameOnly, lineEnd: UInt8, layout: CSVChunk.Layout) {
        chunk = nil
        waited = false
        let start = CSVReader.Resume(line: 1, lineEnd: lineEnd, skipPending: false)
        DispatchQueue.global().async {
            self.chunk = CSVChunk(
                bytes: self.bytes, count: self.count, final: self.final, start: start, source: name, layout: layout)
            self.done.signal()
        }
    }

    func wait() {
        if waited { return }
        done.wait()
        waited = true
    }
}

private final class Pipeline {
    let reader: CSVReader
    let layout: CSVChunk.Layout
    let file: Int
    let state: ScanState
    let options: Options
    let source: ByteSource
    let name: NameOnly
    typealias Options = CSVPipeline.Options

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

    init(reader: CSVReader, layout: CSVChunk.Layout, file: Int, state: ScanState, options: Options) {
        self.reader = reader
        self.layout = layout
        self.file = file
        self.state = state
        self.options = options
        source = reader.source
        name = NameOnly(reader.source.name)
        (carry, sourceEnded) = reader.takeBuffered()
        resume = reader.resumeState
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
                if job.unsplit { reading = false } else { job.start(name: name, lineEnd: resume.lineEnd, layout: layout) }
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

    /// The next chunk, cut after its last line end outside quotes; nil at the end of the input.
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
                ? job.count : QuoteParity.lastLineEnd(job.bytes, count: job.count, lineEnd: resume.lineEnd)
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
        let rest = CSVReader(ReplayingSource(source, replaying: bytes), resume: resume)
        try CSVSessionLog.readOneByOne(rest, layout: layout, file: file, into: state)
    }

    /// Waits for the chunks still being read (they read memory this pipeline owns).
    func drain() {
        for job in queue { job.wait() }
        queue.removeAll()
    }
}

/// Finding where to cut a chunk of CSV: the last line end outside quotes, by quote parity.
enum QuoteParity {
    /// The offset just after the last `lineEnd` byte with an even number of quotes before it in
    /// the `count` bytes at `bytes`; nil when there is none.
    static func lastLineEnd(_ bytes: UnsafePointer<UInt8>, count: Int, lineEnd: UInt8) -> Int? {
        var odd = parity(bytes, count: count)
        var p = count - 1
        while p >= 0 {
            let c = bytes[p]
            if c == UInt8(ascii: "\"") {
                odd.toggle()
            } else if c == lineEnd, !odd {
                return p + 1
            }
            p -= 1
        }
        return nil
    }

    /// Whether `count` bytes hold an odd number of quotes: 16 bytes at a time, each lane of the
    /// accumulator toggled by the quotes in its position.
    static func parity(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        let quote = SIMD16<UInt8>(repeating: UInt8(ascii: "\""))
        var lanes = SIMD16<UInt8>(repeating: 0)
        var i = 0
        let raw = UnsafeRawPointer(bytes)
        while i + 16 <= count {
            let v = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            lanes ^= SIMD16<UInt8>(repeating: 0).replacing(with: 1, where: v .== quote)
            i += 16
        }
        var odd = lanes.wrappedSum() & 1 == 1
        while i < count {
            if bytes[i] == UInt8(ascii: "\"") { odd.toggle() }
            i += 1
        }
        return odd
    }
}
