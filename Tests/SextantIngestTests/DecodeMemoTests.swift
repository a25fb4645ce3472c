import SextantModel
import Testing

@testable import SextantIngest

@Suite("Rows that repeat a decoded row")
struct DecodeMemoTests {
    /// A log of `rows` sessions over a few combinations of the other columns, with an empty id, a
    /// bad date, a bad boolean and issues on a session not reviewed among them; `idColumn` is where
    /// the id goes (0 first, 3 between the others), `unique` gives every row a reason of its own.
    static func log(rows: Int, idColumn: Int = 0, unique: Bool = false) -> String {
        var columns = ["started_at", "tags", "issues", "reviewed", "intent", "handoff_reason"]
        columns.insert("session_id", at: idColumn)
        var text = columns.joined(separator: ",") + "\r\n"
        let combinations = [
            ["sys_human_help", "", "false", "returns", "user_request"],
            ["sys_human_follow_up;vip", "P1", "true", "\"refund, late\"", "\"says \"\"hi\"\"\""],
            ["resolved", "", "true", "été", ""],
            ["sys_human_help", "P0", "false", "returns", "x"],  // issues on a session not reviewed
            ["", "", "maybe", "returns", ""],  // a bad boolean
        ]
        for i in 0..<rows {
            var values = combinations[i % 7 < 5 ? i % 3 : 3 + i % 2]
            if unique { values[4] = "reason \(i)" }
            let id = i % 997 == 5 ? "" : "s\(i)"
            let date = i % 1009 == 7 ? "2026-13-01" : "2026-0\(1 + i % 9)-1\(i % 10)"
            var row = [date] + values
            row.insert(id, at: idColumn)
            text += row.joined(separator: ",") + "\r\n"
        }
        return text
    }

    @Test(
        "reading with the memo gives the summary, rejected rows and first error of reading one record at a time",
        arguments: [(0, false), (3, false), (0, true)])
    func sameResult(idColumn: Int, unique: Bool) {
        let text = Self.log(rows: 9000, idColumn: idColumn, unique: unique)
        for skipInvalid in [false, true] {
            for dimensions in [[], [SegmentDimension.week, .intent], [.tag]] {
                let reference = ParallelCSVTests.outcome(
                    text, options: .init(workers: 0, chunkSize: 1 << 20), skipInvalid: skipInvalid, by: dimensions)
                for (workers, chunkSize) in [(1, 1 << 20), (2, 4096)] {
                    let got = ParallelCSVTests.outcome(
                        text, options: .init(workers: workers, chunkSize: chunkSize), skipInvalid: skipInvalid, by: dimensions)
                    #expect(got == reference, "workers \(workers), chunk \(chunkSize), skip \(skipInvalid), \(dimensions)")
                }
            }
        }
    }

    /// The memo after reading `text`'s records with its own reader, remembering each row that decodes.
    private static func memo(after text: String) throws -> DecodeMemo {
        let reader = CSVReader(MemorySource(text))
        #expect(try reader.next())
        let header = (0..<reader.fieldCount).map { reader.string($0) }
        let layout = try ColumnLayout(header: header, mapping: ColumnMapping(), dimensions: [], file: "t.csv", line: 1)
        let memo = DecodeMemo(layout, fields: header.count)
        let decoder = SessionDecoder(aggregator: Aggregator(dimensions: [], unbounded: true))
        let row = CSVSessionRow(reader: reader, layout: layout, names: CSVColumnNames(ColumnMapping()))
        while try reader.next() {
            if memo.find(reader) != nil { continue }
            if let session = try? decoder.decode(row, reviewRecorded: true) { memo.remember(session.contribution) }
        }
        return memo
    }

    @Test("repeats are found when the id and the start are the first or last columns, and only then")
    func whenUsed() throws {
        let first = try Self.memo(after: Self.log(rows: 300))
        #expect(first.enabled && first.repeats > 150)
        let middle = try Self.memo(after: Self.log(rows: 300, idColumn: 3))
        #expect(!middle.enabled && middle.repeats == 0)
    }

    @Test("a column of text that never repeats turns the memo off after its trial")
    func trial() throws {
        let memo = try Self.memo(after: Self.log(rows: DecodeMemo.trial + 100, unique: true))
        #expect(!memo.enabled && memo.repeats == 0)
    }
}
