#!/usr/bin/env python3
"""Writes the JSON Lines twin of a CSV session log: the same sessions, one object a line.

    python3 Benchmarks/csv_to_jsonl.py LOG.csv OUT.jsonl

Lists (`tags`, `issues`) become arrays of strings, `reviewed` a boolean, empty values null; the
twin gives `sextant report` the same counts as the CSV.
"""
import csv
import json
import sys


def main():
    with open(sys.argv[1], newline="") as source, open(sys.argv[2], "w") as out:
        for row in csv.DictReader(source):
            record = {}
            for key, value in row.items():
                if key in ("tags", "issues"):
                    record[key] = [item.strip() for item in value.split(";") if item.strip()]
                elif key == "reviewed":
                    record[key] = value.strip().lower() in ("true", "1", "yes", "t", "y")
                else:
                    record[key] = value if value != "" else None
            out.write(json.dumps(record, separators=(",", ":")))
            out.write("\n")


if __name__ == "__main__":
    main()
