import SextantModel
import Testing

@testable import SextantIngest

/// The warehouse query as a value: names quoted so that nothing a user gives can change the
/// query, bad requests refused with a message, and the result's columns in the order asked for.
/// (What the query computes is checked on DuckDB and Spark by scripts/engine-check.py.)
@Suite("Warehouse query")
struct WarehouseQueryTests {
    struct Quoting: CustomTestStringConvertible, Sendable {
        let name: String
        let expected: [SQLDialect: String]
        var testDescription: String { name }
    }

    /// How each dialect writes a name: plain names as they are, reserved words quoted in the case
    /// the engine stores unquoted names, other names quoted exactly.
    static let quotings: [Quoting] = [
        Quoting(
            name: "tags",
            expected: [.duckdb: "tags", .spark: "tags", .bigquery: "tags", .snowflake: "tags", .postgres: "tags"]),
        Quoting(
            name: "Created_At2",
            expected: [
                .duckdb: "Created_At2", .spark: "Created_At2", .bigquery: "Created_At2", .snowflake: "Created_At2",
                .postgres: "Created_At2",
            ]),
        Quoting(
            name: "Order",
            expected: [
                .duckdb: "\"Order\"", .spark: "`Order`", .bigquery: "`Order`", .snowflake: "\"ORDER\"", .postgres: "\"order\"",
            ]),
        Quoting(
            name: "my-project",
            expected: [
                .duckdb: "\"my-project\"", .spark: "`my-project`", .bigquery: "`my-project`", .snowflake: "\"my-project\"",
                .postgres: "\"my-project\"",
            ]),
        Quoting(
            name: "9lives",
            expected: [
                .duckdb: "\"9lives\"", .spark: "`9lives`", .bigquery: "`9lives`", .snowflake: "\"9lives\"",
                .postgres: "\"9lives\"",
            ]
        ),
        Quoting(
            name: "x'); DROP TABLE t; --",
            expected: [
                .duckdb: "\"x'); DROP TABLE t; --\"", .spark: "`x'); DROP TABLE t; --`", .bigquery: "`x'); DROP TABLE t; --`",
                .snowflake: "\"x'); DROP TABLE t; --\"", .postgres: "\"x'); DROP TABLE t; --\"",
            ]),
        Quoting(
            name: "étiquettes",
            expected: [
                .duckdb: "\"étiquettes\"", .spark: "`étiquettes`", .bigquery: "`étiquettes`", .snowflake: "\"étiquettes\"",
                .postgres: "\"étiquettes\"",
            ]),
    ]

    @Test("each dialect quotes a name only where it must, and in the case it stores", arguments: quotings)
    func quoting(_ quoting: Quoting) {
        for dialect in SQLDialect.allCases {
            #expect(dialect.identifier(quoting.name) == quoting.expected[dialect], "\(dialect)")
        }
    }

    /// Names that quoting could not hold, and what the message must say.
    static let refusedTables: [(String, String)] = [
        ("a\"b", "the character \""), ("a`b", "the character `"), ("a\\b", "the character \\"), ("a\nb", "a control character"),
        ("a\u{85}b", "a control character"), ("a\tb", "a control character"), ("", "empty or over-long"),
        ("a..b", "empty or over-long"), ("a.b.c.d.e", "has 5 parts"), (String(repeating: "x", count: 256), "empty or over-long"),
    ]

    @Test("a table name with a quote, a backtick, a backslash or a control character is refused", arguments: refusedTables)
    func refusedTable(_ table: String, _ expected: String) {
        for dialect in SQLDialect.allCases {
            #expect {
                try WarehouseQuery(dialect: dialect, table: table)
            } throws: { error in
                (error as? IngestError).map { $0.message.contains(expected) && $0.message.contains("table name") } ?? false
            }
        }
    }

    @Test("a mapped column name is checked as a table name is, and named in the message")
    func refusedColumn() throws {
        var mapping = ColumnMapping()
        try mapping.add("tags=lab\"els", origin: "--map", numberedLines: false)
        #expect(throws: IngestError.self) { try WarehouseQuery(dialect: .postgres, table: "t", mapping: mapping) }
        do {
            _ = try WarehouseQuery(dialect: .postgres, table: "t", mapping: mapping)
        } catch {
            #expect(error.message.hasPrefix("the column name \"lab\"els\" (for tags) holds the character \""))
        }
    }

    /// A request the query cannot honour, with the words its message must hold.
    struct Refusal: CustomTestStringConvertible, Sendable {
        let segments: [SegmentDimension]
        var absent: Set<LogColumn> = []
        var map = ""
        let expected: String
        var testDescription: String { expected }
    }

    @Test(
        "a split by tag, a segment named twice, an absent column the query needs, or an ambiguous mapping is refused",
        arguments: [
            Refusal(segments: [.tag], expected: "cannot be split by tag"),
            Refusal(segments: [.week, .week], expected: "week is named twice"),
            Refusal(segments: [.intent], absent: [.intent], expected: "intent cannot be absent"),
            Refusal(segments: [.workflow], absent: [.workflow], expected: "splitting by workflow needs the column workflow"),
            Refusal(segments: [], map: "tags=session_id", expected: "would be read as both session_id and tags"),
        ])
    func refusedRequest(_ refusal: Refusal) throws {
        var mapping = ColumnMapping()
        try mapping.add(refusal.map, origin: "--map", numberedLines: false)
        #expect {
            try WarehouseQuery(
                dialect: .duckdb, table: "t", segments: refusal.segments, mapping: mapping, absentColumns: refusal.absent)
        } throws: { error in
            (error as? IngestError)?.message.contains(refusal.expected) ?? false
        }
    }

    /// Names that quoting holds, however they read: spaces, `;`, comment marks, single quotes,
    /// parentheses, reserved words and letters beyond ASCII.
    static let hostileNames = [
        "x'); DROP TABLE t; --", "a /* b */ c", "select", "1=1 OR", "--", "ünïcödé name", "a;b", "(SELECT 1)", "'",
    ]

    @Test("a user's name appears in the query only as its quoted identifier", arguments: hostileNames)
    func namesStayNames(_ name: String) throws {
        for dialect in SQLDialect.allCases {
            for column in [LogColumn.tags, .sessionID, .startedAt, .intent] {
                var mapping = ColumnMapping()
                try mapping.add("\(column.rawValue)=\(name)", origin: "--map", numberedLines: false)
                var plain = ColumnMapping()
                try plain.add("\(column.rawValue)=zz_placeholder", origin: "--map", numberedLines: false)
                func sql(_ mapping: ColumnMapping, table: String) throws -> String {
                    try WarehouseQuery(
                        dialect: dialect, table: "db.\(table)", segments: [.week, .intent], withReasons: true, mapping: mapping
                    ).sql
                }
                let hostile = try sql(mapping, table: name)
                let placeholder = try sql(plain, table: "zz_placeholder")
                // Replacing the quoted name by the placeholder gives the placeholder's query exactly:
                // the name occurs nowhere else (in a literal, a comment, or unquoted).
                let replaced = hostile.replacingOccurrences(of: dialect.identifier(name), with: "zz_placeholder")
                #expect(replaced == placeholder, "\(dialect) \(column)")
            }
        }
    }

    @Test("the result's columns: segments in the order asked, workflow, the reason, then the counts")
    func columns() throws {
        let counts = ["sessions", "human_help", "unresolved", "reviewed", "p0", "p1", "p2", "any_issue"]
        let cases: [([SegmentDimension], Bool, Set<LogColumn>, [String])] = [
            ([], false, [], ["workflow"] + counts),
            ([.channel, .week], true, [], ["channel", "week", "workflow", "handoff_reason"] + counts),
            ([.workflow, .intent], false, [], ["workflow", "intent"] + counts),
            ([.intent], true, [.workflow, .reviewed, .issues], ["intent", "handoff_reason"] + counts),
        ]
        for (segments, reasons, absent, expected) in cases {
            for dialect in SQLDialect.allCases {
                let sql = try WarehouseQuery(
                    dialect: dialect, table: "t", segments: segments, withReasons: reasons, absentColumns: absent
                ).sql
                // The last SELECT lists the result's columns, one a line, each ending with its name.
                let final = try #require(sql.components(separatedBy: "\nSELECT\n").last)
                let lines = final.split(separator: "\n").prefix { $0.hasPrefix("  ") }
                let names = lines.map { line in
                    String(line.split(separator: " ").last!.trimmingCharacters(in: [","]))
                }
                #expect(names == expected, "\(dialect) \(segments)")
                #expect(sql.hasSuffix(";\n"))
                #expect(sql.components(separatedBy: ";\n").count == 2, "one statement")
            }
        }
    }

    @Test("an absent column is not read; unique ids skip the per-session step; arrays are joined")
    func options() throws {
        let bare = try WarehouseQuery(
            dialect: .snowflake, table: "t", absentColumns: [.issues, .reviewed, .workflow], assumeUniqueIDs: true
        ).sql
        for column in ["issues", "CAST(reviewed", "workflow", "per_session"] { #expect(!bare.contains(column), "\(column)") }
        #expect(bare.contains("1 AS reviewed"))
        let arrays = try WarehouseQuery(dialect: .spark, table: "t", lists: .nativeArray).sql
        #expect(arrays.contains("ARRAY_JOIN(tags, ';')") && arrays.contains("ARRAY_JOIN(issues, ';')"))
        let text = try WarehouseQuery(dialect: .spark, table: "t").sql
        #expect(!text.contains("ARRAY_JOIN") && text.contains("GROUP BY session_id"))
    }

    @Test("the same request gives the same query, byte for byte")
    func deterministic() throws {
        var mapping = ColumnMapping()
        try mapping.add("tags=labels,intent=topic,started_at=created_at", origin: "--map", numberedLines: false)
        let make = {
            try WarehouseQuery(
                dialect: .bigquery, table: "p.d.t", segments: [.week, .intent, .channel], withReasons: true, mapping: mapping
            ).sql
        }
        #expect(try make() == make())
    }
}
