/// An SQL engine that ``WarehouseQuery`` writes for: how it spells casts, trimming, regular
/// expressions, ISO weeks, arrays and quoted names.
public enum SQLDialect: String, CaseIterable, Hashable, Sendable {
    /// DuckDB.
    case duckdb
    /// Spark SQL (Databricks included).
    case spark
    /// Google BigQuery (GoogleSQL).
    case bigquery
    /// Snowflake.
    case snowflake
    /// PostgreSQL (and engines that speak it, such as Redshift for most of the query).
    case postgres

    /// The engine's name, for comments and messages.
    public var name: String {
        switch self {
        case .duckdb: "DuckDB"
        case .spark: "Spark SQL"
        case .bigquery: "BigQuery"
        case .snowflake: "Snowflake"
        case .postgres: "PostgreSQL"
        }
    }
}

/// The spellings a query is assembled from, one per dialect. Every literal here is fixed text:
/// the only text a user gives — the table's and columns' names — goes through ``identifier(_:)``.
extension SQLDialect {
    /// The text type of a cast.
    private var textType: String {
        switch self {
        case .duckdb, .snowflake: "VARCHAR"
        case .spark, .bigquery: "STRING"
        case .postgres: "TEXT"
        }
    }

    /// `expression` as text: a number, a boolean, a date or a time stamp as the engine writes it.
    func text(_ expression: String) -> String { "CAST(\(expression) AS \(textType))" }

    /// The characters the log reader trims — space, tab, line feed, vertical tab, form feed and
    /// carriage return — as a text expression (written with character codes, so that the query
    /// holds no invisible characters).
    private var whitespace: String {
        switch self {
        case .bigquery: "CODE_POINTS_TO_STRING([32, 9, 10, 11, 12, 13])"
        case .duckdb, .spark, .snowflake, .postgres: "(' ' || CHR(9) || CHR(10) || CHR(11) || CHR(12) || CHR(13))"
        }
    }

    /// `expression` without leading and trailing white space, by the reader's rule.
    func trimmed(_ expression: String) -> String {
        switch self {
        case .spark: "TRIM(BOTH \(whitespace) FROM \(expression))"
        case .postgres: "BTRIM(\(expression), \(whitespace))"
        case .duckdb, .bigquery, .snowflake: "TRIM(\(expression), \(whitespace))"
        }
    }

    /// A `;`-separated list with the white space around each `;` removed, so that every item
    /// stands between two `;` exactly as it reads once trimmed.
    func squeezed(_ expression: String) -> String {
        let pattern = "'[' || \(whitespace) || ']*;[' || \(whitespace) || ']*'"
        return switch self {
        case .duckdb, .postgres: "REGEXP_REPLACE(\(expression), \(pattern), ';', 'g')"
        case .spark, .bigquery, .snowflake: "REGEXP_REPLACE(\(expression), \(pattern), ';')"
        }
    }

    /// Whether the text `expression` contains `literal` (fixed text without quotes), as a condition.
    func contains(_ expression: String, _ literal: String) -> String {
        switch self {
        case .duckdb, .snowflake: "CONTAINS(\(expression), '\(literal)')"
        case .spark: "INSTR(\(expression), '\(literal)') > 0"
        case .bigquery, .postgres: "STRPOS(\(expression), '\(literal)') > 0"
        }
    }

    /// A native array of strings joined by `;`.
    func joined(_ expression: String) -> String {
        switch self {
        case .spark: "ARRAY_JOIN(\(expression), ';')"
        case .duckdb, .bigquery, .snowflake, .postgres: "ARRAY_TO_STRING(\(expression), ';')"
        }
    }

    /// The ISO week label `YYYY-Www` of a date, the year in four digits as the log reader writes it.
    func isoWeek(_ date: String) -> String {
        func label(year: String, week: String) -> String {
            "LPAD(\(year), 4, '0') || '-W' || LPAD(\(week), 2, '0')"
        }
        return switch self {
        case .duckdb: label(year: text("ISOYEAR(\(date))"), week: text("WEEK(\(date))"))
        case .spark: label(year: text("EXTRACT(YEAROFWEEK FROM \(date))"), week: text("WEEKOFYEAR(\(date))"))
        case .bigquery: label(year: "FORMAT_DATE('%G', \(date))", week: "FORMAT_DATE('%V', \(date))")
        case .snowflake: label(year: text("YEAROFWEEKISO(\(date))"), week: text("WEEKISO(\(date))"))
        case .postgres:
            label(
                year: text("CAST(EXTRACT(ISOYEAR FROM \(date)) AS INTEGER)"),
                week: text("CAST(EXTRACT(WEEK FROM \(date)) AS INTEGER)"))
        }
    }

    /// A name as the engine should read it: a plain name (ASCII letters, digits and `_`, not
    /// starting with a digit, not a reserved word) as it is, so that the engine's usual rules for
    /// unquoted names apply (Snowflake and PostgreSQL fold their case); any other name quoted, and
    /// matched exactly — except a reserved word, quoted in the case the engine stores unquoted
    /// names in. The name has been checked by ``WarehouseQuery/checkName(_:what:)``: it holds no
    /// quote, backtick, backslash or control character, so quoting cannot be escaped.
    func identifier(_ name: String) -> String {
        let plain =
            name.utf8.first.map { !(0x30...0x39).contains($0) } ?? false
            && name.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F
            }
        if plain && !Self.reserved.contains(name.lowercased()) { return name }
        let stored =
            switch self {
            case .snowflake where plain: name.uppercased()
            case .postgres where plain: name.lowercased()
            default: name
            }
        return switch self {
        case .spark, .bigquery: "`\(stored)`"
        case .duckdb, .snowflake, .postgres: "\"\(stored)\""
        }
    }

    /// Words reserved in at least one of the dialects (SQL:2016's core words and each engine's
    /// own), which a plain name must not be written as.
    private static let reserved: Set<String> = [
        "all", "alter", "and", "any", "array", "as", "asc", "assert_rows_modified", "at", "between", "both", "by", "case",
        "cast", "check", "collate", "column", "connect", "constraint", "contains", "create", "cross", "cube", "current",
        "current_date", "current_time", "current_timestamp", "current_user", "default", "define", "delete", "desc",
        "distinct", "drop", "else", "end", "enum", "escape", "except", "exclude", "exists", "extract", "false", "fetch",
        "following", "for", "foreign", "from", "full", "grant", "group", "grouping", "groups", "hash", "having", "if",
        "ignore", "ilike", "in", "increment", "inner", "insert", "intersect", "interval", "into", "is", "join", "lateral",
        "leading", "left", "like", "limit", "localtime", "localtimestamp", "lookup", "merge", "minus", "natural", "new",
        "no", "not", "null", "nulls", "of", "offset", "on", "only", "or", "order", "outer", "over", "partition",
        "preceding", "primary", "proto", "qualify", "range", "recursive", "references", "regexp", "respect", "revoke",
        "right", "rlike", "rollup", "row", "rows", "sample", "select", "session_user", "set", "some", "start", "struct",
        "table", "tablesample", "then", "to", "trailing", "treat", "trigger", "true", "try_cast", "union", "unique",
        "unknown", "unnest", "update", "user", "using", "values", "when", "where", "window", "with", "within",
    ]
}
