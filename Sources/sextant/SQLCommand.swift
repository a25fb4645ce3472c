import ArgumentParser
import Foundation
import SextantIngest
import SextantModel

extension SQLDialect: ExpressibleByArgument {}

struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "The warehouse query that turns a table of sessions into counts for --input-format counts.",
        discussion: """
            Prints one SQL statement for DuckDB, Spark SQL, BigQuery, Snowflake or PostgreSQL. It reads a table with \
            a session log's columns (session_id, tags; started_at for --by week; issues, reviewed, workflow; intent, \
            channel for --by; handoff_reason for --with-reasons) and returns the counts format: the segment columns, \
            workflow, and sessions, human_help, unresolved, reviewed, p0, p1, p2, any_issue. Save its result as CSV \
            and read it with sextant report FILE --input-format counts (every command that reads logs reads it): the numbers \
            are those of the same sessions read as a log — values trimmed, empty and NULL alike, a session with \
            both human tags counted once, reviewed spelled as in a log, weeks as ISO weeks (2026-W14) of the date \
            started_at writes.

            Rows without a session id are left out, and a session id on several rows counts once (its tags and \
            issues merged) unless --assume-unique-ids. Names are checked and quoted where needed, so the table and \
            column names cannot change the query.

            Examples:
              sextant sql --dialect duckdb --table sessions --by week --with-reasons
              sextant sql --dialect spark --table crm.sessions --by intent --native-arrays
              sextant sql --dialect bigquery --table proj.crm.sessions --map tags=labels
              sextant sql --dialect snowflake --table CRM.PUBLIC.SESSIONS --absent reviewed
              sextant sql --dialect postgres --table sessions --by week -o counts.sql
            """
    )

    @Option(help: "The engine the query is for.")
    var dialect: SQLDialect

    @Option(help: ArgumentHelp("The table of sessions, its parts separated by . (schema.table).", valueName: "NAME"))
    var table: String

    @Option(
        help: ArgumentHelp(
            "Segment columns: week, intent, channel, workflow (comma-separated or repeated).", valueName: "SEGMENTS"))
    var by: [String] = []

    @Flag(name: .customLong("with-reasons"), help: "Add a handoff_reason column: each row counts one reason of its segment.")
    var withReasons = false

    @Option(
        name: .customLong("map"),
        help: ArgumentHelp("The table's column names: OURS=THEIRS pairs, e.g. tags=labels (repeatable).", valueName: "PAIRS"))
    var map: [String] = []

    @Option(name: .customLong("map-file"), help: ArgumentHelp("A file of OURS=THEIRS lines (# comments).", valueName: "FILE"))
    var mapFile: String?

    @Flag(
        name: .customLong("native-arrays"),
        help: "tags and issues are arrays of strings (VARCHAR[], ARRAY<STRING>, ARRAY, text[]), not text separated by ;.")
    var nativeArrays = false

    @Option(
        help: ArgumentHelp(
            "Columns the table lacks: issues (none found), reviewed (every session reviewed), workflow (comma-separated).",
            valueName: "COLUMNS"))
    var absent: [String] = []

    @Flag(
        name: .customLong("assume-unique-ids"),
        help: "Trust session ids to be unique: skip counting an id on several rows once (faster on huge tables).")
    var assumeUniqueIDs = false

    @Option(
        name: [.customShort("o"), .long],
        help: ArgumentHelp("Write the query to FILE instead of standard output, atomically.", valueName: "FILE"))
    var destination: String?

    /// `--by` and `--absent` values: comma-separated, repeatable.
    private static func items(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { String($0.trimmingCharacters(in: .whitespaces)) }
    }

    func validate() throws {
        for item in Self.items(by) where SegmentDimension(rawValue: item) == nil {
            throw ValidationError("--by \(item): unknown segment; expected week, intent, channel or workflow")
        }
        for item in Self.items(absent) {
            guard let column = LogColumn(rawValue: item), WarehouseQuery.optionalColumns.contains(column) else {
                throw ValidationError("--absent \(item): expected issues, reviewed or workflow")
            }
        }
    }

    func run() throws {
        var mapping = ColumnMapping()
        for pairs in map { try mapping.add(pairs, origin: "--map", numberedLines: false) }
        if let mapFile { try mapping.add(contentsOf: mapFile) }
        let query: WarehouseQuery
        do throws(IngestError) {
            query = try WarehouseQuery(
                dialect: dialect, table: table, segments: Self.items(by).compactMap(SegmentDimension.init(rawValue:)),
                withReasons: withReasons, mapping: mapping, lists: nativeArrays ? .nativeArray : .separatedText,
                absentColumns: Set(Self.items(absent).compactMap(LogColumn.init(rawValue:))), assumeUniqueIDs: assumeUniqueIDs)
        } catch {
            throw CLIError(message: (error.hint == .segmentDimensions ? "--by: " : "") + error.description)
        }
        try output.write(query.sql)
    }
}

extension SQLCommand: WritesOutput {
    static var outputKind: OutputKind { .query }

    var output: OutputOptions { OutputOptions(writingTo: destination) }

    var inputFiles: [String] { mapFile.map { [$0] } ?? [] }
}
