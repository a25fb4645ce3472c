import SextantModel

/// Reads pre-aggregated counts: a CSV with one row per segment (and reason) holding the counts
/// `sessions`, `human_help`, `unresolved`, `reviewed`, `p0`, `p1`, `p2`, `any_issue`, the segment
/// columns asked for (`week`, `workflow`, `intent`, `channel`), and optionally `workflow` and
/// `handoff_reason`. With a reason column, a row's handoff sessions (`unresolved`) have that reason
/// (empty: none given). Counts add up over rows; headers are matched ignoring case and spaces.
enum CountsLog {
    private enum Count: String, CaseIterable {
        case sessions
        case humanHelp = "human_help"
        case unresolved, reviewed, p0, p1, p2
        case anyIssue = "any_issue"
    }

    /// The names of the count columns, for messages.
    private static let countNames = Count.allCases.map(\.rawValue).joined(separator: ", ")

    /// Reads every row of `reader` into `state`.
    static func read(_ reader: CSVReader, into state: ScanState) throws(IngestError) {
        let name = reader.source.name
        guard try reader.next() else {
            throw IngestError(file: name, "the file is empty; expected a header row with \(countNames)")
        }
        try LogLimits.checkColumns(reader.fieldCount, file: name, line: reader.recordLine)
        let header = (0..<reader.fieldCount).map { String(Substring(reader.string($0)).trimmingSpaces).lowercased() }
        /// The field index of a column, matched ignoring case; a column named twice is ambiguous.
        func index(of column: String) throws(IngestError) -> Int? {
            let matches = header.indices.filter { header[$0] == column }
            guard matches.count <= 1 else {
                throw IngestError(
                    file: name, line: reader.recordLine,
                    "the column \"\(column)\" appears \(Wording.count(matches.count, "time")) (columns "
                        + matches.dropLast().map { String($0 + 1) }.joined(separator: ", ") + " and \(matches.last! + 1)"
                        + ", ignoring case); expected it once")
            }
            return matches.first
        }
        var countIndex: [Int] = []
        for count in Count.allCases {
            guard let index = try index(of: count.rawValue) else {
                throw IngestError(
                    file: name, line: reader.recordLine,
                    "missing the count column \"\(count.rawValue)\"; counts need \(countNames)")
            }
            countIndex.append(index)
        }
        let dimensions = state.aggregator.dimensions
        var segmentIndex: [Int] = []
        for dimension in dimensions {
            guard dimension != .tag else {
                throw IngestError(file: name, "counts have no tags to split by; expected a session log to split by tag")
            }
            guard let index = try index(of: dimension.rawValue) else {
                throw IngestError(
                    file: name, line: reader.recordLine,
                    "splitting by \(dimension.rawValue) needs the column \"\(dimension.rawValue)\" in the counts",
                    hint: .segmentColumn(dimension))
            }
            segmentIndex.append(index)
        }
        let workflowIndex = try index(of: LogColumn.workflow.rawValue)
        let reasonIndex = try index(of: LogColumn.handoffReason.rawValue)
        if reasonIndex != nil { state.reasonsRecorded = true }
        func text(_ index: Int) -> String { String(Substring(reader.string(index)).trimmingSpaces) }
        try state.forEachRecord(reader, fields: header.count) { () throws(IngestError) in
            var numbers: [Int] = []
            for (count, index) in zip(Count.allCases, countIndex) {
                let value = text(index)
                guard let number = Int(value), number >= 0, number <= Tally.maximumCount else {
                    throw IngestError(
                        file: name, line: reader.line(ofField: index), column: reader.column(ofField: index),
                        "column \"\(count.rawValue)\": found \"\(value)\"; expected a whole number from 0 to 2^53")
                }
                numbers.append(number)
            }
            let tally = Tally(
                sessions: numbers[0], humanHelp: numbers[1], unresolved: numbers[2], reviewed: numbers[3], p0: numbers[4],
                p1: numbers[5], p2: numbers[6], anyIssue: numbers[7])
            if let problem = tally.inconsistency {
                throw IngestError(file: name, line: reader.recordLine, "the counts are inconsistent: \(problem)")
            }
            var parts: [Aggregator.SegmentValue] = []
            for (dimension, index) in zip(dimensions, segmentIndex) {
                let value = text(index)
                if value.isEmpty {
                    parts.append(.missing)
                } else if dimension == .week {
                    guard let week = weekCode(value) else {
                        throw IngestError(
                            file: name, line: reader.line(ofField: index), column: reader.column(ofField: index),
                            "column \"week\": found \"\(value)\"; expected an ISO week of a year from 0001 to 9999 "
                                + "(2026-W14; week 53 only in a year that has one) or a date in it")
                    }
                    parts.append(.week(week))
                } else {
                    parts.append(.text(value))
                }
            }
            let workflow = workflowIndex.map(text).flatMap { $0.isEmpty ? nil : $0 }
            let reason: String?? = reasonIndex.map(text).map { $0.isEmpty ? nil : $0 }
            let segment = state.aggregator.segment(parts)
            guard state.aggregator.addCounted(tally, segment: segment, workflow: workflow, reason: reason) else {
                throw IngestError(
                    file: name, line: reader.recordLine,
                    "with this row the counts add up to more than 2^53 = \(Tally.maximumCount) sessions, the most "
                        + "counted exactly; expected totals of at most 2^53 over all rows")
            }
            if state.aggregator.overflowed { throw state.aggregator.overflowError(file: name, line: reader.recordLine) }
        }
    }

    /// The week code of a counts row's `week`: an ISO week (`2026-W14`, any case) or a date in it.
    private static func weekCode(_ text: String) -> Int32? {
        var copy = text
        if let week = copy.withUTF8({ ISOWeek.week(UnsafeRawBufferPointer($0)) }) { return week }
        return ISOWeek.code(label: text)
    }
}
