#!/usr/bin/env python3
"""Runs `sextant sql` on real engines and checks that a report on its counts equals a report on the log.

    engine-check.py --sextant BIN --engine duckdb|spark|sqlglot [--repo DIR]

For each case: load a session log as a table (DuckDB in process; Spark in local mode, one JVM for
every Spark case), run the query `sextant sql` prints, write the result as counts CSV, and compare
`sextant report COUNTS --input-format counts --by … --format json` with `sextant report LOG --by …
--format json`: every key but `inputs` (and, for a case without reasons, the reason table, which
counts without a reason column do not have). The sqlglot engine parses the query of every option
combination in every dialect, checks that hostile names stay names, and runs the BigQuery,
Snowflake and PostgreSQL queries on DuckDB through sqlglot's transpiler where it can.

Prints one line per case (`ok NAME` or `FAIL NAME: why`) and a last line `verdict: …`. Exit status:
0 all passed, 1 a case failed, 3 a Python package is missing (the message names it).
Packages: scripts/engine-requirements.txt (`make engines` installs them into .build/engine-venv).
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time

# Segment splits tried on every engine: (the --by list, whether with reasons).
SPLITS = [
    ([], True),
    (["week"], True),
    (["week", "intent"], True),
    (["channel", "workflow"], True),
    (["intent", "week", "channel"], False),
]

# The edge cases of the log reader, as a CSV with CRLF line ends: trimming, both human tags,
# reviewed spellings (empty, any case, padded), issues repeated and in any case, ISO weeks at year
# ends, an offset that does not move the date, a date without a time, a space before the time,
# a reason of spaces (none), a reason on a session without a human (not counted), quoted fields
# with commas and a line break, a missing intent.
EDGE_HEADER = ["session_id", "started_at", "workflow", "intent", "channel", "tags", "issues", "reviewed", "handoff_reason"]
EDGE_ROWS = [
    ["E-1", "2026-03-02T09:15:00Z", "service-ecommerce", "returns", "chat", "sys_human_help;sys_human_follow_up", "", "", "both tags"],
    ["E-2", "2026-03-02", "service-ecommerce", "returns", "chat", " sys_human_help ; vip ;", "p1;P1; p2 ", "YES", "  "],
    ["E-3", "2021-01-01T23:59:59+14:00", "service-ecommerce", "", "email", "vip;;", "P0", " t ", ""],
    ["E-4", "2020-12-31 08:00", "service-ecommerce", "billing", "email", "sys_human_follow_up", "", "N", " user_request "],
    ["E-5", "2027-01-03T00:00:00-05:00", "service-ecommerce", "billing", "voice", "", "", "0", "not a handoff"],
    ["E-6", "2026-12-28T12:00:00.123Z", "service-ecommerce", "billing", "voice", "sys_human_help", "P2;p0", "True", "Needs agent, \"now\"\nplease"],
    [" E-7 ", "2015-12-31", "service-ecommerce", "returns", "chat", "sys_human_follow_up;sys_human_help", "", "1", "both tags"],
    ["E-8", "2026-03-08T23:00:00Z", "service-ecommerce", "returns", "chat", "x_sys_human_help;sys_human_help_x", "", "f", ""],
    ["E-9", "2026-03-09", "service-ecommerce", "returns", "chat", "\tsys_human_help\t", "", "y", "\tmissing_knowledge"],
    ["E-10", "2026-03-09", "service-ecommerce", "returns", "chat", "", "", "no", ""],
    ["E-11", "2026-03-10", "service-ecommerce", "returns", "chat", "sys_human_help", "", "FALSE", ""],
]


class Failure(Exception):
    pass


class Checker:
    def __init__(self, sextant, repo, work):
        self.sextant = sextant
        self.repo = repo
        self.work = work
        self.sample = os.path.join(repo, "samples", "sessions.csv")
        self.passed = 0
        self.failed = []

    def run(self, arguments, expect=0):
        result = subprocess.run([self.sextant] + arguments, capture_output=True, text=True, cwd=self.repo)
        if result.returncode != expect:
            raise Failure(f"sextant {' '.join(arguments)} exited {result.returncode}: {result.stderr.strip()}")
        return result.stdout

    def sql(self, dialect, table, by=(), reasons=True, extra=()):
        arguments = ["sql", "--dialect", dialect, "--table", table] + [f"--by={d}" for d in by]
        return self.run(arguments + (["--with-reasons"] if reasons else []) + list(extra))

    def report(self, path, by, counts):
        arguments = ["report", path, "--format", "json"] + [f"--by={d}" for d in by]
        return json.loads(self.run(arguments + (["--input-format", "counts"] if counts else [])))

    def compare(self, name, columns, rows, log, by, reasons, ignore=()):
        """Writes the result as counts and compares the two reports."""
        path = os.path.join(self.work, name.replace(" ", "_").replace("/", "_") + ".csv")
        with open(path, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in rows:
                if None in row:
                    raise Failure(f"a NULL in the result (expected empty text): {row}")
                writer.writerow(row)
        self.compare_file(path, log, by, reasons, ignore)

    def compare_file(self, path, log, by, reasons, ignore=()):
        """Compares the report on the counts file `path` with the report on the log."""
        expected = self.report(log, by, counts=False)
        found = self.report(path, by, counts=True)
        skipped = {"inputs"} | set(ignore) | (set() if reasons else {"handoff_reasons"})
        differences = [key for key in sorted(set(expected) | set(found)) if key not in skipped and expected.get(key) != found.get(key)]
        if differences:
            key = differences[0]
            raise Failure(f"reports differ in {differences}; {key}: log {json.dumps(expected.get(key))[:300]} "
                          f"vs counts {json.dumps(found.get(key))[:300]}")
        if expected["sessions"] == 0:
            raise Failure("the log has no sessions; the comparison shows nothing")

    def case(self, name, body):
        started = time.monotonic()
        try:
            body()
        except Failure as failure:
            self.failed.append(name)
            print(f"FAIL {name}: {failure}", flush=True)
        except Exception as error:  # an engine's error is a failure of the case, with its message
            self.failed.append(name)
            print(f"FAIL {name}: {type(error).__name__}: {str(error)[:600]}", flush=True)
        else:
            self.passed += 1
            print(f"ok {name} ({time.monotonic() - started:.1f} s)", flush=True)

    def check(self, name, engine, run, table, by, reasons=True, extra=(), log=None, ignore=()):
        """A case: `sextant sql` for `table` run by `run` (which returns columns and rows), compared on `log`."""
        self.case(name, lambda: self.compare(
            name, *run(self.sql(engine, table, by, reasons, extra)), log or self.sample, by, reasons, ignore))

    def write_edge_log(self, path, rows=EDGE_ROWS, header=EDGE_HEADER):
        with open(path, "w", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(header)
            writer.writerows(rows)
        return path


def duckdb_cases(checker):
    import duckdb

    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")

    def load(table, path):
        connection.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_csv(?, header = true, all_varchar = true)", [path])

    def run(sql):
        result = connection.execute(sql)
        return [column[0] for column in result.description], result.fetchall()

    load("sessions", checker.sample)
    for by, reasons in SPLITS:
        name = f"duckdb sample by {','.join(by) or 'nothing'}{' with reasons' if reasons else ''}"
        checker.check(name, "duckdb", run, "sessions", by, reasons)

    # Native arrays, a boolean reviewed and a time stamp started_at.
    connection.execute("""CREATE TABLE typed AS SELECT * REPLACE (
        string_split(tags, ';') AS tags, string_split(issues, ';') AS issues,
        CAST(reviewed AS BOOLEAN) AS reviewed, CAST(started_at AS TIMESTAMPTZ) AS started_at) FROM sessions""")
    checker.check("duckdb native arrays, boolean reviewed, timestamptz", "duckdb", run, "typed", ["week", "intent"],
                  extra=["--native-arrays"])

    # A session loaded twice counts once; unique ids may skip that step.
    connection.execute("CREATE TABLE doubled AS SELECT * FROM sessions UNION ALL SELECT * FROM sessions WHERE intent = 'returns'")
    checker.check("duckdb repeated session ids count once", "duckdb", run, "doubled", ["week"])
    checker.check("duckdb --assume-unique-ids", "duckdb", run, "sessions", ["week", "channel"], extra=["--assume-unique-ids"])

    # Hostile names are names: a schema and table with spaces, ;, -- and a reserved word; columns likewise.
    mapping = {"session_id": "select", "tags": "Labels; DROP TABLE sessions; --", "started_at": "created at",
               "issues": "order", "handoff_reason": "why/*x*/"}
    connection.execute('CREATE SCHEMA "odd schema"')
    renamed = ", ".join(f'"{column}" AS "{mapping.get(column, column)}"' for column in EDGE_HEADER)
    connection.execute(f'CREATE TABLE "odd schema"."t; DROP TABLE sessions; --" AS SELECT {renamed} FROM sessions')
    pairs = ",".join(f"{ours}={theirs}" for ours, theirs in mapping.items() if "," not in theirs)

    def hostile():
        sql = checker.sql("duckdb", "odd schema.t; DROP TABLE sessions; --", ["week"], extra=["--map", pairs])
        columns, rows = run(sql)
        if run("SELECT COUNT(*) FROM sessions")[1][0][0] == 0:
            raise Failure("the sessions table changed")
        checker.compare("duckdb hostile names", columns, rows, checker.sample, ["week"], True)

    checker.case("duckdb names with spaces, ;, --, comments and reserved words", hostile)

    # The guide's way to save the result, as the duckdb command line would run it.
    def guide():
        path = os.path.join(checker.work, "guide-duckdb.csv")
        sql = checker.sql("duckdb", "sessions", ["week", "channel"])
        connection.execute(f"CREATE TEMP TABLE counts AS {sql} COPY counts TO '{path}' (HEADER);")
        checker.compare_file(path, checker.sample, ["week", "channel"], True)

    checker.case("duckdb: the guide's CREATE TABLE … COPY … (HEADER) export", guide)

    # The reader's edge cases, CRLF line ends included.
    edge = checker.write_edge_log(os.path.join(checker.work, "edge.csv"))
    load("edge", edge)
    for by in (["week"], ["intent", "channel"]):
        checker.check(f"duckdb edge cases by {','.join(by)}", "duckdb", run, "edge", by, log=edge)

    # Without reviewed and issues columns: every session reviewed, no issues (the counts cannot say
    # that review was assumed, so that key is not compared).
    bare_header = [c for c in EDGE_HEADER if c not in ("reviewed", "issues")]
    bare_rows = [[value for column, value in zip(EDGE_HEADER, row) if column in bare_header] for row in EDGE_ROWS]
    bare = checker.write_edge_log(os.path.join(checker.work, "bare.csv"), bare_rows, bare_header)
    load("bare", bare)
    checker.check("duckdb --absent issues,reviewed", "duckdb", run, "bare", ["week"], extra=["--absent", "issues,reviewed"],
                  log=bare, ignore=["review_assumed"])


def spark_cases(checker):
    from pyspark.sql import SparkSession

    started = time.monotonic()
    spark = (SparkSession.builder.master("local[1]").appName("sextant-sql")
             .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.shuffle.partitions", "1").config("spark.default.parallelism", "1")
             .config("spark.sql.adaptive.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.driver.extraJavaOptions", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    print(f"spark {spark.version} started in {time.monotonic() - started:.1f} s", flush=True)
    try:
        def load(view, path):
            spark.read.csv(path, header=True, multiLine=True, escape='"').cache().createOrReplaceTempView(view)

        def run(sql):
            frame = spark.sql(sql)
            return frame.columns, [tuple(row) for row in frame.collect()]

        load("sessions", checker.sample)
        for by, reasons in SPLITS:
            name = f"spark sample by {','.join(by) or 'nothing'}{' with reasons' if reasons else ''}"
            checker.check(name, "spark", run, "sessions", by, reasons)

        spark.sql("""CREATE OR REPLACE TEMP VIEW typed AS SELECT session_id, workflow, intent, channel, handoff_reason,
            split(tags, ';') AS tags, split(issues, ';') AS issues, CAST(reviewed AS BOOLEAN) AS reviewed,
            to_timestamp(started_at) AS started_at FROM sessions""")
        checker.check("spark native arrays, boolean reviewed, timestamp", "spark", run, "typed", ["week", "channel"],
                      extra=["--native-arrays"])

        spark.sql("CREATE OR REPLACE TEMP VIEW doubled AS SELECT * FROM sessions UNION ALL SELECT * FROM sessions WHERE channel = 'chat'")
        checker.check("spark repeated session ids count once", "spark", run, "doubled", ["intent"])

        spark.sql("CREATE OR REPLACE TEMP VIEW `odd view` AS SELECT session_id AS `select`, tags AS `labels; --`, "
                  "started_at, issues, reviewed, workflow, intent, channel, handoff_reason FROM sessions")
        checker.check("spark names with spaces, ;, -- and reserved words", "spark", run, "odd view", ["week"],
                      extra=["--map", "session_id=select,tags=labels; --"])

        # The guide's way to save the result: one CSV part with a header row.
        def guide():
            folder = os.path.join(checker.work, "guide-spark")
            sql = checker.sql("spark", "sessions", ["week", "intent"])
            spark.sql(sql).coalesce(1).write.csv(folder, header=True, escape='"', mode="overwrite")
            parts = [name for name in os.listdir(folder) if name.startswith("part-") and name.endswith(".csv")]
            if len(parts) != 1:
                raise Failure(f"expected one part file, found {parts}")
            checker.compare_file(os.path.join(folder, parts[0]), checker.sample, ["week", "intent"], True)

        checker.case("spark: the guide's coalesce(1).write.csv(header=True, escape='\"') export", guide)

        edge = checker.write_edge_log(os.path.join(checker.work, "edge.csv"))
        load("edge", edge)
        checker.check("spark edge cases by week", "spark", run, "edge", ["week"], log=edge)
    finally:
        spark.stop()


def sqlglot_cases(checker):
    import sqlglot
    from sqlglot import exp

    dialects = {"duckdb": "duckdb", "spark": "spark", "bigquery": "bigquery", "snowflake": "snowflake", "postgres": "postgres"}
    variants = [
        ([], []),
        (["week", "intent", "channel", "workflow"], []),
        (["week"], ["--native-arrays"]),
        (["channel"], ["--absent", "issues,reviewed,workflow", "--assume-unique-ids"]),
        (["intent"], ["--map", "tags=Labels With Space,session_id=select,started_at=created-at"]),
    ]
    for dialect, name in dialects.items():
        def parse(dialect=dialect, name=name):
            for by, extra in variants:
                for reasons in (True, False):
                    sql = checker.sql(dialect, "project-1.dataset.sessions", by, reasons, extra)
                    statements = sqlglot.parse(sql, read=name)
                    if len(statements) != 1:
                        raise Failure(f"{len(statements)} statements for {by} {extra}")
                    tables = {table.name for table in statements[0].find_all(exp.Table)}
                    if "sessions" not in tables:
                        raise Failure(f"the table is not read: tables {tables}")
                    outputs = [select.alias_or_name for select in statements[0].selects]
                    expected = by + (["workflow"] if "workflow" not in by and "workflow" not in " ".join(extra) else [])
                    expected += (["handoff_reason"] if reasons else []) + [
                        "sessions", "human_help", "unresolved", "reviewed", "p0", "p1", "p2", "any_issue"]
                    if outputs != expected:
                        raise Failure(f"columns {outputs}; expected {expected}")
        checker.case(f"sqlglot parses the {dialect} queries", parse)

    # Hostile names stay one identifier each: the only tables and columns read are the given ones.
    def hostile(dialect):
        table = "db.t; DROP TABLE x; --.y /* z */"
        sql = checker.sql(dialect, table, ["intent"], True, ["--map", "intent=a) FROM x; --,tags=b' OR '1'='1"])
        statements = sqlglot.parse(sql, read=dialects[dialect])
        if len(statements) != 1:
            raise Failure(f"{len(statements)} statements")
        names = [table.name for table in statements[0].find_all(exp.Table) if table.name not in ("cleaned", "flagged", "per_session")]
        if names != ["y /* z */"]:
            raise Failure(f"tables read: {names}")
        columns = {column.name for column in statements[0].find_all(exp.Column)}
        for expected in ("a) FROM x; --", "b' OR '1'='1"):
            if expected not in columns:
                raise Failure(f"the column {expected!r} is not read as one name: {sorted(columns)[:12]}")

    for dialect in dialects:
        checker.case(f"sqlglot: hostile names stay names in {dialect}", lambda dialect=dialect: hostile(dialect))

    # The other dialects' queries, transpiled to DuckDB by sqlglot and run on the sample.
    import duckdb

    connection = duckdb.connect()
    connection.execute("CREATE TABLE sessions AS SELECT * FROM read_csv(?, header = true, all_varchar = true)", [checker.sample])
    # BigQuery's CODE_POINTS_TO_STRING, which sqlglot passes through as it is.
    connection.execute("CREATE MACRO code_points_to_string(codes) AS array_to_string(list_transform(codes, lambda c: chr(c)), '')")
    for dialect in ("bigquery", "snowflake", "postgres"):
        def transpiled(dialect=dialect):
            by = ["week", "intent"]
            sql = sqlglot.transpile(checker.sql(dialect, "sessions", by), read=dialect, write="duckdb")[0]
            result = connection.execute(sql)
            checker.compare(f"transpiled {dialect}", [c[0] for c in result.description], result.fetchall(), checker.sample, by, True)
        checker.case(f"the {dialect} query, transpiled to DuckDB by sqlglot, counts as the log reader", transpiled)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sextant", required=True)
    parser.add_argument("--engine", required=True, choices=["duckdb", "spark", "sqlglot"])
    parser.add_argument("--repo", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    arguments = parser.parse_args()
    module = {"duckdb": "duckdb", "spark": "pyspark", "sqlglot": "sqlglot"}[arguments.engine]
    try:
        __import__(module)
        if arguments.engine == "sqlglot":
            __import__("duckdb")
    except ImportError as error:
        print(f"verdict: missing the Python package {error.name} (install scripts/engine-requirements.txt: make engines)")
        return 3
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="sextant-engines-") as work:
        checker = Checker(os.path.abspath(arguments.sextant), os.path.abspath(arguments.repo), work)
        {"duckdb": duckdb_cases, "spark": spark_cases, "sqlglot": sqlglot_cases}[arguments.engine](checker)
    elapsed = time.monotonic() - started
    if checker.failed:
        print(f"verdict: {len(checker.failed)} of {checker.passed + len(checker.failed)} {arguments.engine} cases failed "
              f"({elapsed:.1f} s): {', '.join(checker.failed)}")
        return 1
    print(f"verdict: all {checker.passed} {arguments.engine} cases passed ({elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
