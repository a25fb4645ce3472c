#!/usr/bin/env python3
"""Peer for `sextant report LOG --format json`: the same counts with lazy polars, on all cores.

    python3 Benchmarks/peers/report_polars.py LOG.csv|LOG.jsonl|LOG.csv.gz [--explain]

The same work as `sextant report`, written the way polars is fastest: one lazy query over
`pl.scan_csv` (or `pl.scan_ndjson`) collected once, so the file is scanned once, in parallel on
every core, reading only the columns it needs:

- sessions, contained (no `sys_human_help` tag), resolution (neither `sys_human_help` nor
  `sys_human_follow_up`: a session with both tags counts once), reviewed, and P0/P1/P2/any issue
  among reviewed sessions;
- a duplicate-id check (`session_id` unique: the number of distinct ids equals the rows);
- the handoff-reason counts of sessions with a human (help or follow-up).

Tags and issues are matched as substrings (`str.contains(literal=True)`), which is cheaper than
splitting the lists as Sextant does and gives the same counts on the benchmark's logs. Wilson 95 %
intervals are computed from the counts with the closed formula (importing statsmodels would add
a second of start-up to polars' time). Gzip: polars' lazy CSV scan does not read compressed files,
so the file is decompressed in memory (`gzip.decompress`, the stream as one buffer) and the same
lazy query runs over `pl.scan_csv` of the bytes — what polars' `read_csv` does with a gzip file.
Prints the counts, reasons and intervals as JSON, and the seconds of the query (`query_seconds`).
"""
import gzip
import io
import json
import math
import sys
import time

import polars as pl

Z = 1.959963984540054  # the 97.5 % quantile of the standard normal


def wilson(k, n):
    """Wilson's score interval at 95 %: (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)."""
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    denominator = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / denominator
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / denominator
    return (centre - half, centre + half)


def scan(path):
    if path.endswith(".jsonl") or path.endswith(".ndjson"):
        return pl.scan_ndjson(path, schema={"session_id": pl.String, "started_at": pl.String, "workflow": pl.String,
                                            "intent": pl.String, "channel": pl.String, "tags": pl.List(pl.String),
                                            "issues": pl.List(pl.String), "reviewed": pl.Boolean,
                                            "handoff_reason": pl.String})
    schema = {"session_id": pl.String, "started_at": pl.String, "workflow": pl.String, "intent": pl.String,
              "channel": pl.String, "tags": pl.String, "issues": pl.String, "reviewed": pl.Boolean,
              "handoff_reason": pl.String}
    source = path
    if path.endswith(".gz"):
        with open(path, "rb") as f:
            source = io.BytesIO(gzip.decompress(f.read()))
    return pl.scan_csv(source, schema=schema)


def query(lf, jsonl):
    if jsonl:
        tags, issues = pl.col("tags").list.join(";").fill_null(""), pl.col("issues").list.join(";").fill_null("")
    else:
        tags, issues = pl.col("tags").fill_null(""), pl.col("issues").fill_null("")
    help_ = tags.str.contains("sys_human_help", literal=True)
    handoff = help_ | tags.str.contains("sys_human_follow_up", literal=True)
    reviewed = pl.col("reviewed").fill_null(False)
    return lf.select(
        pl.len().alias("sessions"),
        pl.col("session_id").n_unique().alias("distinct_ids"),
        help_.sum().alias("human_help"),
        handoff.sum().alias("unresolved"),
        reviewed.sum().alias("reviewed"),
        *[(reviewed & issues.str.contains(s, literal=True)).sum().alias(s) for s in ("P0", "P1", "P2")],
        (reviewed & (issues.str.len_bytes() > 0)).sum().alias("any"),
        pl.col("handoff_reason").filter(handoff).value_counts(sort=True, name="n").implode().alias("reasons"),
    )


def main():
    path = sys.argv[1]
    jsonl = path.endswith(".jsonl") or path.endswith(".ndjson")
    started = time.perf_counter()
    plan = query(scan(path), jsonl)
    if "--explain" in sys.argv:
        print(plan.explain(), file=sys.stderr)
    row = plan.collect().row(0, named=True)
    seconds = time.perf_counter() - started
    if row["distinct_ids"] != row["sessions"]:
        raise SystemExit("duplicate session_id")
    counts = {name: int(row[name]) for name in ("sessions", "human_help", "unresolved", "reviewed", "P0", "P1", "P2", "any")}
    reasons = {str(r["handoff_reason"]): int(r["n"]) for r in row["reasons"]}
    out = {"counts": counts, "reasons": reasons, "query_seconds": seconds}
    n = counts["sessions"]
    for name, k, total in (("contained", n - counts["human_help"], n), ("resolution", n - counts["unresolved"], n),
                           ("P0", counts["P0"], counts["reviewed"]), ("any", counts["any"], counts["reviewed"])):
        lower, upper = wilson(k, total)
        out[name] = {"count": k, "total": total, "lower": lower, "upper": upper}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
