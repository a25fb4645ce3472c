#!/usr/bin/env python3
"""Writes the seed inputs of the fuzz targets: scripts/fuzz.sh runs it before every run.

    python3 Fuzz/seeds.py OUT      writes OUT/csv, OUT/jsonl, OUT/counts (logs) and
                                   OUT/scenario, OUT/policy, OUT/targets (YAML)

The seeds are drawn from what the repository already holds: the bundled samples and scenarios,
the test fixtures, and every multi-line string literal in the tests (the hand-made valid and
invalid inputs). Every seed goes to every target of its kind: libFuzzer keeps what adds coverage.
A log target reads its input's first byte as its options (segment dimensions, the size of the CSV
chunks, skipping invalid rows), so each log seed is written with a few such bytes in front.
"""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
LOG_TARGETS = ["csv", "jsonl", "counts"]
YAML_TARGETS = ["scenario", "policy", "targets"]
# Option bytes: no dimensions; week; intent and channel; tags; workflow, week and tags (skipping).
# (dimensions in the low 3 bits, chunks of 8 << (bits 3-6 % 9) bytes when not 0, skip in the top bit)
OPTIONS = [0x00, 0x01, 0x0A, 0x23, 0x84, 0xBC]
# Seeds are kept small: a fuzz input is at most 64 KiB, and small ones run fast.
MAX_LINES = 40


def head(text: str) -> str:
    return "".join(text.splitlines(keepends=True)[:MAX_LINES])


def literals(swift: str):
    """Swift multi-line string literals, their indentation removed as Swift does."""
    for match in re.finditer(r'"""\n(.*?)\n([ \t]*)"""', swift, re.S):
        body, indent = match.group(1), match.group(2)
        lines = [line[len(indent):] if line.startswith(indent) else line.lstrip() for line in body.split("\n")]
        text = "\n".join(lines) + "\n"
        if "\\(" not in text:  # interpolations are not inputs
            yield unescape(text)
    # One-line literals holding line breaks: most hand-made inputs are written so.
    for match in re.finditer(r'"((?:[^"\\\n]|\\.)*\\n(?:[^"\\\n]|\\.)*)"', swift):
        if "\\(" not in match.group(1):
            yield unescape(match.group(1))


def unescape(text: str) -> str:
    """Resolves Swift's escapes: \\n, \\r, \\t, \\0, \\", \\\\ and \\u{…}."""
    simple = {"n": "\n", "r": "\r", "t": "\t", "0": "\0", '"': '"', "'": "'", "\\": "\\"}

    def one(match: re.Match) -> str:
        escape = match.group(1)
        if escape.startswith("u{"):
            code = int(escape[2:-1], 16)
            return chr(code) if not 0xD800 <= code < 0xE000 else ""
        return simple.get(escape, escape)

    return re.sub(r"\\(u\{[0-9A-Fa-f]+\}|.)", one, text)


def main() -> None:
    out = pathlib.Path(sys.argv[1])
    logs, yamls = [], []
    for folder in ["samples", "scenarios", "Tests/SextantCLITests/Fixtures"]:
        for path in sorted((ROOT / folder).rglob("*")):
            if not path.is_file() or path.suffix in {".gz", ".py", ".json"}:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            (yamls if path.suffix == ".yaml" else logs).append(head(text) if path.suffix != ".yaml" else text)
    for path in sorted((ROOT / "Tests").rglob("*.swift")):
        for text in literals(path.read_text(encoding="utf-8")):
            first = text.lstrip().split("\n", 1)[0]
            if "," in first or first.startswith("{"):
                logs.append(text)
            if ":" in text:
                yamls.append(text)
    for target in LOG_TARGETS:
        folder = out / target
        folder.mkdir(parents=True, exist_ok=True)
        for index, text in enumerate(logs):
            option = OPTIONS[index % len(OPTIONS)]
            (folder / f"seed-{index:04d}").write_bytes(bytes([option]) + text.encode("utf-8"))
    for target in YAML_TARGETS:
        folder = out / target
        folder.mkdir(parents=True, exist_ok=True)
        for index, text in enumerate(yamls):
            (folder / f"seed-{index:04d}").write_bytes(text.encode("utf-8"))


if __name__ == "__main__":
    main()
