#!/usr/bin/env python3
"""Valid session logs and what Python's own readers make of them, for the differential tests.

    python3 scripts/differential.py [--seed S] [--cases N] OUT.json

Writes N CSV logs and N JSON Lines logs (deterministic for a seed) with what makes a reader slip:
quoted fields holding commas, doubled quotes and line breaks; CRLF, LF and bare-CR line ends; a
byte-order mark; every JSON escape (\\n, \\", \\/, \\uXXXX, surrogate pairs for characters beyond
the Basic Multilingual Plane); keys in any order and extra keys holding nested values; Unicode
text (accents, combining marks, CJK, right-to-left, emoji, NUL in JSON).

Each log is read back with Python's `csv` module (newline='') or `json` module, line by line,
and the records turned into what Sextant's scanner reports when it splits by intent, channel and
tag: per segment the sessions, handoffs, unresolved, reviewed and issue counts, the handoff reasons
per segment and overall, and the sessions per workflow. The rules applied to the records are the
documented rules of the log format (values trimmed of ASCII spaces, tabs and line breaks; an empty
value is none; tags and issues `;`-separated in CSV; `sys_human_help` and `sys_human_follow_up`
set the outcome; without a reviewed column every session counts as reviewed).

The test (Tests/SextantIngestTests/DifferentialTests.swift) runs this script and checks that
Sextant's scanner reports exactly the same for every log.
"""

import argparse
import base64
import csv
import io
import json
import random

SPACE = " \t\n\v\f\r"  # what Sextant trims: ASCII space and 0x09-0x0D
# Pieces of text: every kind of character a reader can get wrong.
PIECES = [
    "returns", "billing", "a,b", 'say "hi"', "x\ny", "x\r\ny", "semi;colon", "back\\slash", "tab\there",
    "it's", "  inner  spaces", "café", "ke\u0301x", "日本語", "عربي", "עברית", "😀", "👩\u200d💻", "🇫🇷",
    "\u00a0nbsp", "𝔘𝔫𝔦", "€", "ß", "ǅ", "\u2028line", "'", '"', ",", "{", "}", "[", "]", ":", "/", "#", "=",
]
BOOLEANS = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False, "T": True, "n": False}
SEVERITIES = ["P0", "P1", "P2", "p0", "p1", "p2"]
HUMAN = ["sys_human_help", "sys_human_follow_up"]


def text(rng: random.Random, unique: str = "") -> str:
    """A value made of pieces, mostly between two letters."""
    parts = [rng.choice(PIECES) for _ in range(rng.randint(0, 3))]
    if rng.random() < 0.3:
        return "".join(parts) + unique
    return "v" + "".join(parts) + unique + "w"


def maybe(rng: random.Random, value: str, none_rate: float = 0.15) -> str:
    """The value, or sometimes empty (none), or surrounded by spaces Sextant trims."""
    roll = rng.random()
    if roll < none_rate:
        return ""
    if roll < none_rate + 0.1:
        return rng.choice([" ", "\t", "  ", "\n", "\r\n "]) + value + rng.choice([" ", "\t", "", "\n", "\v\f"])
    return value


def session(rng: random.Random, index: int, reviewed_recorded: bool) -> dict:
    """One session's intended values, as text (CSV) or JSON values."""
    tags = [text(rng, f"t{j}") for j in range(rng.choice([0, 0, 1, 2, 3]))]
    if rng.random() < 0.35:
        tags.insert(rng.randint(0, len(tags)), rng.choice(HUMAN))
    reviewed = rng.choice(list(BOOLEANS)) if reviewed_recorded else None
    is_reviewed = BOOLEANS[reviewed] if reviewed is not None else True
    issues = rng.sample(SEVERITIES[:3], rng.randint(0, 2)) if is_reviewed and rng.random() < 0.5 else []
    issues = [rng.choice([s, s.lower()]) for s in issues]
    return {
        "session_id": f"id{index}" + rng.choice(["", "-é", ",x", '"q"']),
        "intent": maybe(rng, text(rng, str(index))),
        # A few channels often repeated, two of them with combining marks. (Never two spellings of one
        # text, such as "café" and "cafe\u0301": see knownIssues in the test.)
        "channel": maybe(rng, text(rng) if rng.random() < 0.7 else rng.choice(["café", "chat", "A\u030a", "voice"])),
        "workflow": maybe(rng, rng.choice(["wf-a", "wf, b", 'wf "c"', "wf\nd", "wörk"])),
        "tags": tags,
        "reviewed": reviewed,
        "issues": issues,
        "handoff_reason": maybe(rng, text(rng), none_rate=0.3),
        "started_at": rng.choice(["", "2026-03-02", "2026-03-09T10:00:00Z"]),
    }


def expected(records: list, reviewed_recorded: bool, reasons_recorded: bool) -> dict:
    """What Sextant reports for these records, split by intent, channel and tag."""
    segments, segment_reasons, reasons, workflows = {}, {}, {}, {}
    for record in records:
        def value(key):
            raw = record.get(key)
            raw = "" if raw is None else raw
            raw = raw.strip(SPACE)
            return raw or None

        tags = [t.strip(SPACE) for t in record["tags"]]
        tags = [t for t in tags if t]
        help_ = "sys_human_help" in tags
        follow = "sys_human_follow_up" in tags
        kept = sorted(set(t for t in tags if t not in HUMAN)) or [None]
        reviewed = True
        if reviewed_recorded:
            raw = record.get("reviewed")
            if isinstance(raw, bool):
                reviewed = raw
            elif raw is None or raw.strip(SPACE) == "":
                reviewed = False
            else:
                reviewed = {k.lower(): v for k, v in BOOLEANS.items()}[raw.strip(SPACE).lower()]
        issues = {i.strip(SPACE).upper() for i in record["issues"] if i.strip(SPACE)}
        handoff = help_ or follow
        reason = value("handoff_reason") if reasons_recorded else None
        workflow = value("workflow") or "(none)"
        workflows[workflow] = workflows.get(workflow, 0) + 1
        if handoff and reasons_recorded:
            reasons[reason] = reasons.get(reason, 0) + 1
        for tag in kept:
            key = (value("intent"), value("channel"), tag)
            tally = segments.setdefault(key, [0] * 8)
            tally[0] += 1
            tally[1] += help_
            tally[2] += handoff
            if reviewed:
                tally[3] += 1
                tally[4] += "P0" in issues
                tally[5] += "P1" in issues
                tally[6] += "P2" in issues
                tally[7] += bool(issues)
            if handoff and reasons_recorded:
                per = segment_reasons.setdefault(key, {})
                per[reason] = per.get(reason, 0) + 1
    return {
        "segments": [[*key, *tally] for key, tally in segments.items()],
        "segment_reasons": [[*key, reason, count] for key, per in segment_reasons.items() for reason, count in per.items()],
        "reasons": [[reason, count] for reason, count in reasons.items()],
        "workflows": [[name, count] for name, count in workflows.items()],
        "sessions": len(records),
    }


def csv_case(rng: random.Random, number: int) -> dict:
    reviewed_recorded = rng.random() < 0.7
    reasons_recorded = rng.random() < 0.7
    columns = ["session_id", "tags", "intent", "channel", "workflow", "started_at", "issues"]
    columns += ["reviewed"] if reviewed_recorded else []
    columns += ["handoff_reason"] if reasons_recorded else []
    columns += rng.sample(["notes", "extra", "score"], rng.randint(0, 2))
    rng.shuffle(columns)
    sessions = [session(rng, number * 100 + i, reviewed_recorded) for i in range(rng.randint(1, 12))]
    terminator = rng.choice(["\n", "\r\n", "\r"])
    quote_all = rng.random() < 0.3

    def field(value: str) -> str:
        # Quoted when it must be (a comma, a quote, a line break) and sometimes when it need not.
        if quote_all or any(c in value for c in ',"\r\n') or rng.random() < 0.1:
            return '"' + value.replace('"', '""') + '"'
        return value

    buffer = io.StringIO(newline="")
    buffer.write(",".join(field(c) for c in columns) + terminator)
    for s in sessions:
        row = []
        for column in columns:
            if column in ("tags", "issues"):
                row.append(";".join(maybe(rng, t, none_rate=0) for t in s[column]))
            elif column in s:
                row.append(s[column] or "")
            else:
                row.append(text(rng))
        buffer.write(",".join(field(value) for value in row) + terminator)
    body = buffer.getvalue()
    if rng.random() < 0.3:
        body = body[: -len(terminator)]  # no line end after the last record
    data = ("\ufeff" if rng.random() < 0.3 else "") + body
    # The oracle: Python's csv module reads the text back.
    rows = [r for r in csv.reader(io.StringIO(data.removeprefix("\ufeff"), newline=""), strict=True) if r]
    header, rows = rows[0], rows[1:]
    records = []
    for row in rows:
        assert len(row) == len(header), (row, header)
        record = dict(zip(header, row))
        record["tags"] = record["tags"].split(";") if record["tags"] else []
        record["issues"] = record["issues"].split(";") if record["issues"] else []
        records.append(record)
    return {"format": "csv", "input": base64.b64encode(data.encode("utf-8")).decode("ascii"),
            **expected(records, reviewed_recorded, reasons_recorded)}


def json_string(rng: random.Random, value: str) -> str:
    """A JSON string for `value`, each character written raw or escaped in one of the ways JSON allows."""
    out = ['"']
    short = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f", "/": "\\/"}
    for char in value:
        code = ord(char)
        roll = rng.random()
        if char in '"\\' or code < 0x20:
            out.append(short.get(char) if char in short and roll < 0.6 else f"\\u{code:04x}")
        elif roll < 0.15 and char in short:
            out.append(short[char])
        elif roll < 0.35:
            if code > 0xFFFF:
                high, low = 0xD800 + ((code - 0x10000) >> 10), 0xDC00 + ((code - 0x10000) & 0x3FF)
                out.append(rng.choice([f"\\u{high:04x}\\u{low:04x}", f"\\u{high:04X}\\u{low:04X}"]))
            else:
                out.append(rng.choice([f"\\u{code:04x}", f"\\u{code:04X}"]))
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def json_value(rng: random.Random, value) -> str:
    if isinstance(value, str):
        return json_string(rng, value)
    if isinstance(value, list):
        return "[" + rng.choice([",", ", "]).join(json_value(rng, v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{json_string(rng, k)}:{json_value(rng, v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


def jsonl_case(rng: random.Random, number: int) -> dict:
    reviewed_recorded = rng.random() < 0.7
    reasons_recorded = rng.random() < 0.7
    sessions = [session(rng, number * 100 + i, reviewed_recorded) for i in range(rng.randint(1, 12))]
    lines = []
    for s in sessions:
        fields = {"session_id": s["session_id"], "tags": [maybe(rng, t, none_rate=0) for t in s["tags"]]}
        if s["tags"] == [] and rng.random() < 0.3:
            fields["tags"] = None
        for key in ["intent", "channel", "workflow", "started_at"]:
            if s[key] or rng.random() < 0.5:
                fields[key] = s[key] if s[key] or rng.random() < 0.5 else None
        if reviewed_recorded:
            raw = s["reviewed"]
            fields["reviewed"] = rng.choice([raw, BOOLEANS[raw]])
        if s["issues"] or rng.random() < 0.5:
            fields["issues"] = s["issues"]
        if reasons_recorded:
            fields["handoff_reason"] = s["handoff_reason"] or None
        if rng.random() < 0.3:
            fields["extra"] = {"nested": [1, 2.5e3, {"deep": [True, None, "x\u0000y"]}], "s": "😀\\"}
        if rng.random() < 0.2:
            fields["intent\u00e9"] = "not a column"
        items = list(fields.items())
        rng.shuffle(items)
        space = rng.choice(["", " ", "\t"])
        lines.append(space + "{" + ("," + space).join(f"{json_string(rng, k)}:{space}{json_value(rng, v)}"
                                                       for k, v in items) + "}" + space)
    terminator = rng.choice(["\n", "\r\n"])
    body = terminator.join(lines) + (terminator if rng.random() < 0.7 else "")
    data = ("\ufeff" if rng.random() < 0.3 else "") + body
    # The oracle: Python's json module reads each line back.
    records = []
    for line in data.removeprefix("\ufeff").split("\n"):
        if line.strip(SPACE):
            record = json.loads(line)
            record["tags"] = record["tags"] or []
            record["issues"] = record.get("issues") or []
            record.setdefault("reviewed", None)
            records.append(record)
    return {"format": "jsonl", "input": base64.b64encode(data.encode("utf-8")).decode("ascii"),
            **expected(records, reviewed_recorded, reasons_recorded)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=20260412)
    parser.add_argument("--cases", type=int, default=2000, help="logs of each format")
    parser.add_argument("out")
    arguments = parser.parse_args()
    rng = random.Random(arguments.seed)
    cases = [csv_case(rng, n) for n in range(arguments.cases)] + [jsonl_case(rng, n) for n in range(arguments.cases)]
    with open(arguments.out, "w", encoding="utf-8") as out:
        json.dump(cases, out, ensure_ascii=True)


if __name__ == "__main__":
    main()
