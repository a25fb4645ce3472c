import Foundation
import Testing

/// `sextant sql` as a user runs it: the query on standard output or in a file, examples that run,
/// and every bad request refused with exit status 2 and a message saying what to give instead.
@Suite("sextant sql")
struct SQLCommandTests {
    @Test("--help shows examples, and each runs")
    func helpExamples() throws {
        let help = try CLI.run(["sql", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Examples:"))
        let examples = help.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("sextant sql ") }
        #expect(examples.count >= 4)
        let folder = try CLI.temporaryDirectory()
        for example in examples {
            let arguments = example.dropFirst("sextant ".count).split(separator: " ").map(String.init)
            let result = try CLI.run(arguments, in: folder)
            #expect(result.status == 0, "\(example): \(result.stderr)")
        }
    }

    @Test("--by takes a comma-separated list or repeats, alike; -o writes what standard output shows")
    func byAndOutput() throws {
        let base = ["sql", "--dialect", "duckdb", "--table", "sessions", "--with-reasons"]
        let listed = try CLI.run(base + ["--by", "week,intent"])
        let repeated = try CLI.run(base + ["--by", "week", "--by", "intent"])
        #expect(listed.status == 0 && listed.stdout == repeated.stdout)
        #expect(listed.stdout.contains("--input-format counts --by week --by intent"))
        let folder = try CLI.temporaryDirectory()
        let file = folder.appendingPathComponent("counts.sql")
        let written = try CLI.run(base + ["--by", "week,intent", "-o", file.path])
        #expect(written.status == 0 && written.stdout.isEmpty)
        #expect(try String(contentsOf: file, encoding: .utf8) == listed.stdout)
    }

    /// Bad requests, each with words its message must hold.
    static let refusals: [([String], String)] = [
        (["--table", "t"], "Missing expected argument '--dialect <dialect>'"),
        (["--dialect", "oracle", "--table", "t"], "oracle"),
        (["--dialect", "duckdb"], "Missing expected argument '--table <NAME>'"),
        (["--dialect", "duckdb", "--table", "a\"b"], "the table name \"a\"b\" holds the character \""),
        (["--dialect", "spark", "--table", "a`b"], "holds the character `"),
        (["--dialect", "spark", "--table", "a\nb; DROP TABLE t"], "holds a control character"),
        (["--dialect", "duckdb", "--table", "a..b"], "empty or over-long part"),
        (["--dialect", "duckdb", "--table", "t", "--by", "tag"], "--by: counts have no tags"),
        (["--dialect", "duckdb", "--table", "t", "--by", "week,month"], "--by month: unknown segment"),
        (["--dialect", "duckdb", "--table", "t", "--by", "week", "--by", "week"], "--by: week is named twice"),
        (
            ["--dialect", "duckdb", "--table", "t", "--absent", "intent"],
            "--absent intent: expected issues, reviewed or workflow"
        ),
        (["--dialect", "duckdb", "--table", "t", "--by", "workflow", "--absent", "workflow"], "splitting by workflow needs"),
        (["--dialect", "duckdb", "--table", "t", "--map", "tags"], "--map: found \"tags\"; expected COLUMN=EXPORT_NAME"),
        (["--dialect", "duckdb", "--table", "t", "--map", "labels=tags"], "unknown column \"labels\""),
        (["--dialect", "duckdb", "--table", "t", "--map", "tags=x`y\\"], "the column name \"x`y\\\" (for tags)"),
        (["--dialect", "duckdb", "--table", "t", "-o", "/"], "-o /: is a directory"),
    ]

    @Test("a bad request exits 2 with a message and prints no query", arguments: refusals)
    func refused(_ arguments: [String], _ expected: String) throws {
        let result = try CLI.run(["sql"] + arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("sextant: error: "), "\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
    }

    @Test("-o naming the mapping file is refused before anything is written")
    func outputOverMapFile() throws {
        let folder = try CLI.temporaryDirectory()
        let map = folder.appendingPathComponent("map.txt")
        try "tags=labels\n".write(to: map, atomically: true, encoding: .utf8)
        let result = try CLI.run(["sql", "--dialect", "postgres", "--table", "t", "--map-file", map.path, "-o", map.path])
        #expect(result.status == 2 && result.stderr.contains("is an input"), "\(result.stderr)")
        #expect(try String(contentsOf: map, encoding: .utf8) == "tags=labels\n")
    }
}

/// The queries on real engines (scripts/engine-check.py): DuckDB and Spark (local mode, one JVM)
/// run them over the sample log and edge-case logs loaded as tables, and a report on the counts
/// must equal the report on the log in every metric, segment and reason; sqlglot parses every
/// dialect's queries and runs BigQuery's, Snowflake's and PostgreSQL's on DuckDB, transpiled.
/// `make test` installs the engines (`make engines`); without them the tests are skipped, except
/// in CI (`CI` set), where they must run.
@Suite("sextant sql on real engines")
struct EngineTests {
    /// The Python of the engines' virtual environment: `SEXTANT_ENGINE_PYTHON`, else `.build/engine-venv`.
    static let python: String? = {
        let environment = ProcessInfo.processInfo.environment
        let path =
            environment["SEXTANT_ENGINE_PYTHON"]
            ?? ReportTests.repository.appendingPathComponent(".build/engine-venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    /// Whether this is a CI run, where the engines must be there.
    static let inCI = ["true", "1", "yes"].contains(ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? "")

    @Test(
        "a report on the engine's counts equals the report on the log",
        .enabled(if: python != nil || inCI, "the engines are not installed (make engines installs them; CI requires them)"),
        arguments: ["duckdb", "spark", "sqlglot"])
    func engine(_ engine: String) throws {
        let python = try #require(Self.python, "CI is set but .build/engine-venv is missing: run make engines (make test does)")
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let script = ReportTests.repository.appendingPathComponent("scripts/engine-check.py").path
        let result = try CLI.shell(
            "\(quoted(python)) \(quoted(script)) --sextant \"$SEXTANT\" --engine \(engine) 2>&1", in: ReportTests.repository)
        let verdict = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(
            result.status == 0,
            "\(verdict)\n\(result.stdout.split(separator: "\n").filter { $0.hasPrefix("FAIL") }.joined(separator: "\n"))")
        #expect(verdict.hasPrefix("verdict: all "), "\(result.stdout.suffix(2000))")
    }
}
