#!/usr/bin/env python3
"""Peer for `sextant report LOG.csv --format json`: the same counts and Wilson intervals with polars.

    python3 Benchmarks/peers/report_polars.py LOG.csv

What an analyst would write: read the CSV (polars' multi-threaded reader), check session_id is
unique, count sessions, sys_human_help, help-or-follow-up, reviewed, P0/P1/P2/any among reviewed
and the handoff reasons, then Wilson 95 % intervals with statsmodels. Prints the counts as JSON.
"""
import json
import sys

import polars as pl
from statsmodels.stats.proportion import proportion_confint


def main():
    df = pl.read_csv(sys.argv[1], schema_overrides={"issues": pl.Utf8, "handoff_reason": pl.Utf8, "tags": pl.Utf8})
    if df["session_id"].is_duplicated().any():
        raise SystemExit("duplicate session_id")
    tags = df["tags"].fill_null("")
    help_ = tags.str.contains("sys_human_help", literal=True)
    follow = tags.str.contains("sys_human_follow_up", literal=True)
    reviewed = df["reviewed"].cast(pl.Boolean) if df["reviewed"].dtype != pl.Boolean else df["reviewed"]
    issues = df["issues"].fill_null("")
    counts = {
        "sessions": df.height,
        "human_help": int(help_.sum()),
        "unresolved": int((help_ | follow).sum()),
        "reviewed": int(reviewed.sum()),
    }
    for s in ("P0", "P1", "P2"):
        counts[s] = int((reviewed & issues.str.contains(s, literal=True)).sum())
    counts["any"] = int((reviewed & (issues.str.len_bytes() > 0)).sum())
    reasons = (df.filter(help_ | follow).group_by("handoff_reason").len().sort("len", descending=True))
    n = counts["sessions"]
    out = {"counts": counts, "reasons": {str(r): int(c) for r, c in reasons.iter_rows()}}
    for name, k, total in (("contained", n - counts["human_help"], n), ("resolution", n - counts["unresolved"], n),
                           ("P0", counts["P0"], counts["reviewed"]), ("any", counts["any"], counts["reviewed"])):
        lo, hi = proportion_confint(k, total, alpha=0.05, method="wilson")
        out[name] = {"count": k, "total": total, "lower": lo, "upper": hi}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
