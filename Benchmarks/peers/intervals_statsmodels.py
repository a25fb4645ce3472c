#!/usr/bin/env python3
"""Peer for `sextant-bench intervals`: statsmodels' proportion_confint on the same 10,000 (k, n) pairs.

Prints one JSON object per line and method, for a scalar loop (one call per interval, as Sextant
computes them) and for one vectorised call over all pairs (numpy arrays). Median of --runs runs.
"""
import json
import sys
import time

import numpy as np
from statsmodels.stats.proportion import proportion_confint

METHODS = {"wilson": "wilson", "clopper-pearson": "beta", "jeffreys": "jeffreys",
           "agresti-coull": "agresti_coull", "wald": "normal"}
MASK = (1 << 64) - 1


def inputs():
    """The same SplitMix64 mix as Benchmarks/SextantBench/main.swift."""
    state = 0x5EC7A4E7
    def nxt():
        nonlocal state
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)
    pairs = []
    for _ in range(10_000):
        u = (nxt() >> 11) / float(1 << 53)
        n = int(10 ** (1 + 6 * u))
        k = nxt() % (n + 1)
        pairs.append((k, n))
    return pairs


def main():
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
    pairs = inputs()
    ks = np.array([k for k, _ in pairs], dtype=float)
    ns = np.array([n for _, n in pairs], dtype=float)
    for name, sm in METHODS.items():
        scalar, vector = [], []
        for _ in range(runs):
            start = time.perf_counter()
            for k, n in pairs[:2000]:
                proportion_confint(k, n, alpha=0.05, method=sm)
            scalar.append(2000 / (time.perf_counter() - start))
            start = time.perf_counter()
            proportion_confint(ks, ns, alpha=0.05, method=sm)
            vector.append(len(pairs) / (time.perf_counter() - start))
        print(json.dumps({"benchmark": "intervals", "method": name, "peer": "statsmodels",
                          "scalar_per_second_median": round(float(np.median(scalar))),
                          "vector_per_second_median": round(float(np.median(vector))), "runs": runs}))


if __name__ == "__main__":
    main()
