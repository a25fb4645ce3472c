#!/usr/bin/env python3
"""Writes a CSV session log of any size to standard output, for `report` on huge inputs.

    python3 Benchmarks/stream_log.py BLOCKS [--block-rows ROWS] [--seed S] [--blocks-file ONE.csv] \
        | sextant report - --input-format csv --format json

One block of ROWS rows (default 1,000,000, about 100 MB) is drawn as `generate_log.py` draws its
rows, rendered once, and written BLOCKS times with new session ids (`s` and 12 digits, unique over
the whole output), so the output comes at the speed of the pipe, not of the drawing. Every block
has the same rows but for the ids: a report over BLOCKS blocks counts BLOCKS times what a report
over one block counts (`--blocks-file ONE.csv` also writes one block, with its header, to a file).
500 blocks make about 50 GB.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate_log import HEADER, lines  # noqa: E402

WIDTH = 12


def main():
    blocks = int(sys.argv[1])
    rows = int(sys.argv[sys.argv.index("--block-rows") + 1]) if "--block-rows" in sys.argv else 1_000_000
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 7
    text = ("\n".join(lines(np.random.default_rng(seed), 0, rows, id_width=WIDTH)) + "\n").encode()
    block = np.frombuffer(text, dtype=np.uint8).copy()
    starts = np.concatenate(([0], np.flatnonzero(block == ord("\n"))[:-1] + 1))
    assert len(starts) == rows and (block[starts] == ord("s")).all()
    digits = starts[:, None] + 1 + np.arange(WIDTH)[None, :]
    powers = 10 ** np.arange(WIDTH - 1, -1, -1, dtype=np.int64)
    if "--blocks-file" in sys.argv:
        with open(sys.argv[sys.argv.index("--blocks-file") + 1], "wb") as f:
            f.write(HEADER.encode())
            f.write(block.tobytes())
    out = sys.stdout.buffer
    out.write(HEADER.encode())
    for b in range(blocks):
        ids = np.arange(b * rows, (b + 1) * rows, dtype=np.int64)
        block[digits] = (ids[:, None] // powers % 10 + ord("0")).astype(np.uint8)
        out.write(memoryview(block))
    out.flush()


if __name__ == "__main__":
    main()
