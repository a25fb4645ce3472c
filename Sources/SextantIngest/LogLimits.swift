/// Bounds on the logs Sextant reads beyond those of the readers themselves (a line or a record of at
/// most 16 MiB, `CSVReader.recordLimit`; the segments a scan may find, `LogScanner.segmentLimit`),
/// so that no log can make a scan slow down or allocate without limit before its first session.
public enum LogLimits {
    /// The most columns a CSV header may name (10,000): far more than any export writes, and few
    /// enough that matching the header and quoting it in messages stays instant.
    public static let maximumColumns = 10_000

    /// Refuses a header row of more than ``maximumColumns`` columns.
    ///
    /// - Parameters:
    ///   - count: the number of fields of the header row.
    ///   - file: the file, for the message.
    ///   - line: the header's line.
    /// - Throws: ``IngestError`` (fatal: no later row can be read without the header) saying how
    ///   many columns were found and how many are allowed.
    static func checkColumns(_ count: Int, file: String, line: Int) throws(IngestError) {
        guard count > maximumColumns else { return }
        throw IngestError(
            file: file, line: line,
            "the header has \(Wording.thousands(count)) columns; expected at most \(Wording.thousands(maximumColumns)) "
                + "(is the first line a header row?)", fatal: true)
    }
}
