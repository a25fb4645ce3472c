#!/usr/bin/env python3
"""Reference values for Sextant's random streams, from NumPy (not run in CI).

Sextant seeds GSL's MT19937 the way NumPy seeds its MT19937 bit generator from a SeedSequence, so
both produce the same raw 32-bit outputs. This script writes, for a few master seeds and spawn keys:

  seed_sequences.csv   seed,spawn_key,words   NumPy's SeedSequence(seed, spawn_key).generate_state(8)
  mt19937_raw.csv      seed,spawn_key,index,raw  MT19937(SeedSequence(...)).random_raw(): outputs
                                                 0-4 and 1000-1002 (the state regenerates in between)

Run from the repository root:  python3 Tests/SextantStatsTests/Fixtures/generate_random_fixtures.py
"""
import csv
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = [(0, ()), (7, ()), (7, (0,)), (7, (1,)), (7, (9999,)), (2**32 + 5, ()), (2**64 - 1, (3,)), (12345, (2, 7))]

with open(os.path.join(HERE, "seed_sequences.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["seed", "spawn_key", "words"])
    for seed, key in CASES:
        words = np.random.SeedSequence(seed, spawn_key=key).generate_state(8)
        w.writerow([seed, " ".join(map(str, key)), " ".join(str(int(v)) for v in words)])

with open(os.path.join(HERE, "mt19937_raw.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["seed", "spawn_key", "index", "raw"])
    for seed, key in CASES:
        raw = np.random.MT19937(np.random.SeedSequence(seed, spawn_key=key)).random_raw(1003)
        for i in list(range(5)) + [1000, 1001, 1002]:
            w.writerow([seed, " ".join(map(str, key)), i, int(raw[i])])
