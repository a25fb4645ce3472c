#!/usr/bin/env python3
"""Reference logs and their expected report, for the end-to-end tests (not run in CI).

Writes a 400-session log that uses every CSV feature Sextant must read — UTF-8 byte-order mark,
CRLF line ends, quoted fields holding commas, doubled quotes and line breaks, several tags and
issues per session, sessions not reviewed, empty reasons — in four forms: features.csv,
features.jsonl, features.csv.gz and features.jsonl.gz. expected.json holds the counts computed
here with Python's csv module (independently of Sextant's parser) and 95 % Wilson intervals from
statsmodels, overall and per intent and per ISO week, and the handoff-reason counts.

    python3 Tests/SextantCLITests/Fixtures/generate_logs.py
"""
import csv
import datetime as dt
import gzip
import io
import json
import os
import random

from statsmodels.stats.proportion import proportion_confint

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(42)
INTENTS = ["order-status", "returns, exchanges", 'the "refund" desk', "multi\nline intent"]
REASONS = ["missing_knowledge", "user_request", "action_failed", 'Customer said "call me", twice', "", "line one\r\nline two"]


def sessions():
    out = []
    start = dt.datetime(2026, 3, 2, 9, 0, 0)
    for i in range(400):
        tags = []
        u = rng.random()
        if u < 0.2:
            tags.append("sys_human_help")
        if 0.15 < u < 0.4:
            tags.append("sys_human_follow_up")
        if rng.random() < 0.3:
            tags.append(rng.choice(["vip", "priority", "promo, spring"]))
        reviewed = rng.random() < 0.4
        issues = []
        if reviewed:
            for severity, p in (("P0", 0.03), ("P1", 0.08), ("P2", 0.15)):
                if rng.random() < p:
                    issues.append(severity)
        handoff = bool(set(tags) & {"sys_human_help", "sys_human_follow_up"})
        out.append({
            "session_id": f"sess-{i:04d}",
            "started_at": (start + dt.timedelta(hours=rng.randint(0, 24 * 20))).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "intent": rng.choice(INTENTS),
            "channel": rng.choice(["chat", "email"]),
            "tags": tags,
            "issues": issues,
            "reviewed": reviewed,
            "handoff_reason": rng.choice(REASONS) if handoff else "",
        })
    return out


def write_csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(["session_id", "started_at", "intent", "channel", "tags", "issues", "reviewed", "handoff_reason", "ignored, extra"])
    for r in rows:
        writer.writerow([r["session_id"], r["started_at"], r["intent"], r["channel"], ";".join(r["tags"]), ";".join(r["issues"]),
                         "yes" if r["reviewed"] else "no", r["handoff_reason"], "x,y"])
    data = "\ufeff" + buffer.getvalue()
    with open(os.path.join(HERE, "features.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(data)
    with open(os.path.join(HERE, "features.csv.gz"), "wb") as f:
        f.write(gzip.compress(data.encode("utf-8"), mtime=0))


def write_jsonl(rows):
    lines = []
    for r in rows:
        record = dict(r)
        record["handoff_reason"] = r["handoff_reason"] or None
        record["extra"] = {"nested": [1, 2, {"deep": True}]}
        lines.append(json.dumps(record, ensure_ascii=(len(lines) % 2 == 0)))
    data = "\n".join(lines) + "\n"
    with open(os.path.join(HERE, "features.jsonl"), "w", encoding="utf-8") as f:
        f.write(data)
    # Two gzip members, as `cat a.gz b.gz` makes.
    half = len(data) // 2
    cut = data.index("\n", half) + 1
    with open(os.path.join(HERE, "features.jsonl.gz"), "wb") as f:
        f.write(gzip.compress(data[:cut].encode("utf-8"), mtime=0) + gzip.compress(data[cut:].encode("utf-8"), mtime=0))


def rate(count, total):
    lo, hi = proportion_confint(count, total, alpha=0.05, method="wilson")
    return {"count": count, "total": total, "lower": lo, "upper": hi}


def tally(rows):
    n = len(rows)
    help_ = sum("sys_human_help" in r["tags"] for r in rows)
    unresolved = sum(bool({"sys_human_help", "sys_human_follow_up"} & set(r["tags"])) for r in rows)
    reviewed = [r for r in rows if r["reviewed"]]
    out = {"sessions": n, "reviewed": len(reviewed), "contained": rate(n - help_, n), "resolution": rate(n - unresolved, n)}
    for s in ("P0", "P1", "P2"):
        out[s] = rate(sum(s in r["issues"] for r in reviewed), len(reviewed))
    out["any"] = rate(sum(bool(r["issues"]) for r in reviewed), len(reviewed))
    return out


def main():
    rows = sessions()
    write_csv(rows)
    write_jsonl(rows)
    # The expected values come from re-reading the CSV with Python's csv module.
    with open(os.path.join(HERE, "features.csv"), encoding="utf-8-sig", newline="") as f:
        parsed = list(csv.DictReader(f))
    reread = [{"tags": [t for t in p["tags"].split(";") if t], "issues": [t for t in p["issues"].split(";") if t],
               "reviewed": p["reviewed"] == "yes", "intent": p["intent"], "started_at": p["started_at"],
               "handoff_reason": p["handoff_reason"]} for p in parsed]
    assert len(reread) == len(rows)
    weeks = {}
    for r in reread:
        y, w, _ = dt.date.fromisoformat(r["started_at"][:10]).isocalendar()
        weeks.setdefault(f"{y}-W{w:02d}", []).append(r)
    intents = {}
    for r in reread:
        intents.setdefault(r["intent"], []).append(r)
    reasons = {}
    for r in reread:
        if {"sys_human_help", "sys_human_follow_up"} & set(r["tags"]):
            key = r["handoff_reason"] or "(no reason given)"
            reasons[key] = reasons.get(key, 0) + 1
    expected = {"overall": tally(reread), "by_week": {k: tally(v) for k, v in sorted(weeks.items())},
                "by_intent": {k: tally(v) for k, v in sorted(intents.items())}, "reasons": reasons}
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
    print("wrote", len(rows), "sessions")


if __name__ == "__main__":
    main()
