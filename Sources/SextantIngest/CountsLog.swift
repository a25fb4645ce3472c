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
        let header = (0..<reader.fieldCount).map { String(Substring(reader.string($0)).trimmingSpaces).lowercased() }
        var countIndex: [Int] = []
        for count in Count.allCases {
            guard let index = header.firstIndex(of: count.rawValue) else {
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
            guard let index = header.firstIndex(of: dimension.rawValue) else {
                throw IngestError(
                    file: name, line: reader.recordLine,
                    "splitting by \(dimension.rawValue) needs the column \"\(dimension.rawValue)\" in the counts",
                    hint: .segmentColumn(dimension))
            }
            segmentIndex.append(index)
        }
        let workflowIndex = header.firstIndex(of: LogColumn.workflow.rawValue)
        let reasonIndex = header.firstIndex(of: LogColumn.handoffReason.rawValue)
        if reasonIndex != nil { state.reasonsRecorded = true }
        func text(_ index: Int) -> String { String(Substring(reader.string(index)).trimmingSpaces) }
        try state.forEachRecord(reader, fields: header.count) { () throws(IngestError) in
            var numbers: [Int] = []
            for (count, index) in zip(Count.allCases, countIndex) {
                let value = text(index)
                guard let number = Int(value), number >= 0, number <= 1 << 53 else {
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
            var key: [String] = []
            for (dimension, index) in zip(dimensions, segmentIndex) {
                let value = text(index)
                if dimension == .week, !value.isEmpty {
                    guard let week = weekLabel(value) else {
                        throw IngestError(
                            file: name, line: reader.line(ofField: index), column: reader.column(ofField: index),
                            "column \"week\": found \"\(value)\"; expected an ISO week (2026-W14) or a date")
                    }
                    key.append(week)
                } else {
                    key.append(value.isEmpty ? Aggregator.none : value)
                }
            }
            let workflow = workflowIndex.map(text) ?? ""
            let reason = reasonIndex.map(text).map { $0.isEmpty ? Aggregator.noReason : $0 }
            state.aggregator.addCounted(
                tally, key: SegmentKey(key), workflow: workflow.isEmpty ? Aggregator.none : workflow, reason: reason)
        }
    }

    /// The week label of a counts row's `week`: an ISO week (`2026-W14`, any case) or a date in it.
    private static func weekLabel(_ text: String) -> String? {
        var copy = text
        if let week = copy.withUTF8({ ISOWeek.week(UnsafeRawBufferPointer($0)) }) { return ISOWeek.label(week) }
        let parts = text.uppercased().split(separator: "-W")
        guard parts.count == 2, parts[0].count == 4, Int(parts[0]) != nil, parts[1].count == 2, let week = Int(parts[1]),
            (1...53).contains(week)
        else { return nil }
        return text.uppercased()
    }
}
