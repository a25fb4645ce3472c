#!/usr/bin/env python3
"""Writes features-cr.csv: the rows of features.csv with bare CR line ends (as old Mac software and
some spreadsheet exports write them), for the test that CR-only logs read as their LF original.

    python3 Tests/SextantCLITests/Fixtures/generate_cr_log.py

The columns are reordered so that handoff_reason comes last: the last field is then sometimes
quoted (reasons with commas, quotes or line breaks) and sometimes not, so both kinds of field end a
CR line. Fields are quoted when they hold a comma, a quote, a CR or an LF (Python's writer would
leave an LF unquoted); Python's csv module reads the file back to check it.
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    with open(os.path.join(HERE, "features.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    columns = ["ignored, extra", "session_id", "started_at", "intent", "channel", "tags", "issues", "reviewed",
               "handoff_reason"]
    out = os.path.join(HERE, "features-cr.csv")
    def field(value):
        if any(c in value for c in ',"\r\n'):
            return '"' + value.replace('"', '""') + '"'
        return value

    with open(out, "w", encoding="utf-8", newline="") as f:
        for row in [dict(zip(columns, columns))] + rows:
            f.write(",".join(field(row[c]) for c in columns) + "\r")
    data = open(out, "rb").read()
    assert b"\r\n" not in data.replace(b"line one\r\nline two", b""), "only quoted fields may hold CRLF"
    with open(out, encoding="utf-8", newline="") as f:
        assert list(csv.DictReader(f)) == rows
    last = [line.rsplit(b",", 1)[-1] for line in data.split(b"\r")]
    assert any(field.startswith(b'"') for field in last) and any(field and not field.startswith(b'"') for field in last)
    print("wrote", len(rows), "sessions with CR line ends")


if __name__ == "__main__":
    main()
