import SextantModel

/// What one chunk of a CSV session log adds to a scan, gathered apart from the scan so that chunks
/// can be read in parallel, and then taken into the scan in file order by ``ScanState/merge(_:file:source:)``.
///
/// A chunk is read by the same reader and decoder as the whole log, from a record start (a
/// region of the input: ``CSVReader/init(region:count:final:source:resume:)``), into an aggregator
/// of its own without limits. Lines are counted from 1 at the chunk's start. What depends on the
/// rest of the log — ids of values, the limits on segments, values and tag sets, repeated session
/// ids — is settled by the merge, which replays the chunk's first appearances in their order, so
/// that the scan ends in the same state as if it had read the records one by one.
final class CSVChunk {
    /// The chunk's own values, contributions and counts.
    let aggregator: Aggregator
    /// The line (from 1 at the chunk's start) where each contribution first appears, by id.
    private(set) var firstLines: [Int] = []
    /// For `tag` segments: the error a tag set would be past the scan's limit, by the chunk's set id.
    private(set) var tagSetErrors: [IngestError] = []
    /// Each session read: its id's fingerprint, its line (from 1) and its contribution's id —
    /// grouped by duplicate-check partition once the chunk is read (see ``partitionStarts``).
    var sessions: [DuplicateTracker.Entry] = []
    /// Where each partition's sessions start in ``sessions`` (and where the last ends).
    private(set) var partitionStarts: [Int] = []
    /// The rejected records, in order (lines from 1 at the chunk's start).
    private(set) var errors: [IngestError] = []
    /// The records read, valid or not.
    private(set) var rows = 0
    /// The bytes of the chunk consumed: every whole record.
    private(set) var consumed = 0
    /// The state after them (the line relative to the chunk: 1 + the line ends consumed).
    private(set) var end = CSVReader.Resume(line: 1, lineEnd: 10, skipPending: false)
    /// Whether the chunk ended inside a record, which needs the bytes after it.
    private(set) var stoppedShort = false
    /// Whether reading stopped at a rejected record that stops the scan (not skipping invalid rows, or fatal).
    private(set) var stopped = false

    /// How a log's chunks are read: what its header said, and how invalid rows are treated.
    struct Layout {
        let layout: ColumnLayout
        let mapping: ColumnMapping
        let fields: Int
        let reviewRecorded: Bool
        let skipInvalid: Bool
        let dimensions: [SegmentDimension]
    }

    /// Reads the records of `count` bytes at `bytes` (see the type's description).
    ///
    /// - Parameters:
    ///   - bytes: the chunk, starting at a record start; kept alive and unchanged by the caller.
    ///   - count: its length.
    ///   - final: whether the input ends with it.
    ///   - start: the state it starts in (its line is the line of the chunk's first byte).
    ///   - source: the input, for its name in messages.
    ///   - layout: the log's layout and options.
    init(
        bytes: UnsafeMutablePointer<UInt8>, count: Int, final: Bool, start: CSVReader.Resume, source: ByteSource,
        layout: Layout
    ) {
        aggregator = Aggregator(dimensions: layout.dimensions, unbounded: true)
        let reader = CSVReader(region: bytes, count: count, final: final, source: source, resume: start)
        let names = CSVColumnNames(layout.mapping)
        defer { withExtendedLifetime((names, reader)) {} }
        let row = CSVSessionRow(reader: reader, layout: layout.layout, names: names)
        let decoder = SessionDecoder(aggregator: aggregator)
        let tagSlot = layout.dimensions.firstIndex(of: .tag)
        // Locals in the loop: no exclusivity checks on the object's properties at every row.
        var firstLines: [Int] = []
        var tagSetErrors: [IngestError] = []
        var sessions: [DuplicateTracker.Entry] = []
        var errors: [IngestError] = []
        var rows = 0
        sessions.reserveCapacity(count / 64)
        while true {
            do throws(IngestError) {
                guard try reader.next() else { break }
                rows += 1
                guard reader.fieldCount == layout.fields else {
                    throw ScanState.fieldCountError(reader, expected: layout.fields)
                }
                let session = try decoder.decode(row, reviewRecorded: layout.reviewRecorded)
                let id = aggregator.add(session.contribution)
                if Int(id) == firstLines.count {
                    firstLines.append(reader.recordLine)
                    // A new tag set comes with a new contribution: keep the error it would be past the scan's limit.
                    if let tagSlot, Int(session.contribution.values[tagSlot]) == tagSetErrors.count {
                        tagSetErrors.append(SessionDecoder.tagSetLimitError(row, limit: TagSets.defaultLimit))
                    }
                }
                sessions.append(
                    DuplicateTracker.Entry(
                        fingerprint: session.fingerprint, location: UInt64(reader.recordLine), contribution: id))
            } catch {
                errors.append(error)
                if !layout.skipInvalid || error.fatal {
                    stopped = true
                    break
                }
            }
        }
        self.firstLines = firstLines
        self.tagSetErrors = tagSetErrors
        self.sessions = sessions
        self.errors = errors
        self.rows = rows
        consumed = reader.consumed
        end = reader.resumeState
        stoppedShort = reader.stoppedShort
        partitionSessions()
    }

    /// Groups ``sessions`` by duplicate-check partition, keeping their order within each.
    private func partitionSessions() {
        var starts = [Int](repeating: 0, count: DuplicateTracker.partitions + 1)
        for entry in sessions { starts[DuplicateTracker.partition(entry.fingerprint) + 1] += 1 }
        for p in 0..<DuplicateTracker.partitions { starts[p + 1] += starts[p] }
        partitionStarts = starts
        guard sessions.count > 1 else { return }
        sessions = [DuplicateTracker.Entry](unsafeUninitializedCapacity: sessions.count) { grouped, initialized in
            starts.withUnsafeMutableBufferPointer { starts in
                for entry in sessions {
                    let p = DuplicateTracker.partition(entry.fingerprint)
                    (grouped.baseAddress! + starts[p]).initialize(to: entry)
                    starts[p] += 1
                }
            }
            initialized = sessions.count
        }
    }
}

extension ScanState {
    /// Takes in a chunk read apart (see ``CSVChunk``), as if its records were read here one by one:
    /// its new values are interned in the order they first appear, its contributions added in that
    /// order (each stopping the scan at its first line if it passes a limit), its rejected records
    /// rejected in line order among them, and its sessions handed to the duplicate check in order.
    ///
    /// - Parameters:
    ///   - chunk: the chunk.
    ///   - file: the input's index.
    ///   - source: the input.
    ///   - line: the line of the chunk's first byte.
    /// - Throws: the first rejected record or passed limit that stops the scan.
    func merge(_ chunk: CSVChunk, file: Int, source: ByteSource, line: Int) throws(IngestError) {
        let shift = line - 1
        let local = chunk.aggregator
        let workflows = Self.map(local.workflows, into: aggregator.workflows)
        let reasons = Self.map(local.reasons, into: aggregator.reasons)
        let tags = Self.map(local.tags, into: aggregator.tags)
        let values = zip(local.values, aggregator.values).map { Self.map($0, into: $1) }
        var tagSets = [Int32](repeating: SegmentIDs.missing, count: local.tagSets.count)
        let tagSlot = aggregator.dimensions.firstIndex(of: .tag)
        var ids = [Int32](repeating: 0, count: local.contributionCount)
        var nextError = 0
        for index in 0..<local.contributionCount {
            let firstLine = chunk.firstLines[index]
            while nextError < chunk.errors.count, chunk.errors[nextError].line ?? 0 < firstLine {
                try reject(Self.shifted(chunk.errors[nextError], by: shift))
                nextError += 1
            }
            let (contribution, count) = local.contribution(Int32(index))
            var segment = contribution.values
            for slot in aggregator.dimensions.indices where segment[slot] != SegmentIDs.missing {
                if slot == tagSlot {
                    let set = Int(segment[slot])
                    if tagSets[set] == SegmentIDs.missing {
                        var members: [Int32] = []
                        local.tagSets.forEachMember(of: Int32(set)) { members.append(tags[Int($0)]) }
                        guard let id = aggregator.tagSets.id(of: members) else {
                            throw Self.shifted(chunk.tagSetErrors[set], by: shift)
                        }
                        tagSets[set] = id
                    }
                    segment[slot] = tagSets[set]
                } else if aggregator.dimensions[slot] != .week {
                    segment[slot] = values[slot][Int(segment[slot])]
                }
            }
            let workflow = contribution.workflow < 0 ? contribution.workflow : workflows[Int(contribution.workflow)]
            let reason = contribution.reason < 0 ? contribution.reason : reasons[Int(contribution.reason)]
            let global = Contribution(values: segment, workflow: workflow, reason: reason, outcome: contribution.outcome)
            ids[index] = aggregator.add(global, count: count)
            if aggregator.overflowed { throw aggregator.overflowError(file: source.name, line: firstLine + shift) }
        }
        while nextError < chunk.errors.count {
            try reject(Self.shifted(chunk.errors[nextError], by: shift))
            nextError += 1
        }
        let base = DuplicateTracker.location(file: file, line: shift)
        try duplicates.add(partitioned: &chunk.sessions, starts: chunk.partitionStarts, base: base, ids: ids)
        tick(source, rows: chunk.rows)
    }

    /// The global id of each of `local`'s values, interned into `global` in the order they came.
    private static func map(_ local: Interner, into global: Interner) -> [Int32] {
        (0..<Int32(local.count)).map { id in local.withBytes(of: id) { global.id($0) ?? SegmentIDs.missing } }
    }

    private static func shifted(_ error: IngestError, by lines: Int) -> IngestError {
        var error = error
        if let line = error.line { error.line = line + lines }
        return error
    }
}
