#!/usr/bin/env python3
"""Peer for `sextant-bench bulk-intervals`: SciPy's vectorised beta quantiles, the peer at its best.

Clopper–Pearson and Jeffreys intervals for every (k, n) pair of a workload in one call each of
`scipy.stats.beta.ppf` / `beta.isf` over NumPy arrays (what statsmodels' `proportion_confint`
does, without its wrapping), with the conventions at k = 0 and k = n. The workloads are the same
SplitMix64 sequences as Benchmarks/SextantBench/main.swift:

  mixed   10,000 pairs, n log-uniform over 10 … 10^7, k uniform over 0 … n (the `intervals` mix)
  large   100,000 pairs, n uniform over 1 … 10^6, k uniform over 0 … n
  small   100,000 pairs, n uniform over 1 … 100, k uniform over 0 … n

Usage: intervals_scipy.py [--runs 7] [--check FILE]   FILE: Sextant's bounds (k n method lower upper
per line) to compare with. Prints one JSON object per line and (workload, method): the median
intervals per second over the runs, and with --check the largest relative difference.
"""
import json
import sys
import time

import numpy as np
from scipy.stats import beta

MASK = (1 << 64) - 1
CONFIDENCE = 0.95


def splitmix(seed):
    state = seed
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def workload(name):
    """The (k, n) pairs of a workload, as NumPy arrays of floats."""
    rng = splitmix(0x5EC7A4E7)
    pairs = []
    if name == "mixed":
        for _ in range(10_000):
            u = (next(rng) >> 11) / float(1 << 53)
            n = int(10 ** (1 + 6 * u))
            pairs.append((next(rng) % (n + 1), n))
    else:
        top = 1_000_000 if name == "large" else 100
        for _ in range(100_000):
            n = 1 + next(rng) % top
            pairs.append((next(rng) % (n + 1), n))
    return np.array([k for k, _ in pairs], dtype=float), np.array([n for _, n in pairs], dtype=float)


def intervals(method, k, n):
    half = (1 - CONFIDENCE) / 2
    with np.errstate(all="ignore"):
        if method == "clopper-pearson":
            lower = beta.ppf(half, k, n - k + 1)
            upper = beta.isf(half, k + 1, n - k)
        else:
            lower = beta.ppf(half, k + 0.5, n - k + 0.5)
            upper = beta.isf(half, k + 0.5, n - k + 0.5)
    return np.where(k == 0, 0.0, lower), np.where(k == n, 1.0, upper)


def main():
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 7
    check = sys.argv[sys.argv.index("--check") + 1] if "--check" in sys.argv else None
    ours = {}
    if check:
        for line in open(check):
            w, m, i, lo, hi = line.split()
            ours.setdefault((w, m), []).append((int(i), float(lo), float(hi)))
    for name in ("mixed", "large", "small"):
        k, n = workload(name)
        for method in ("clopper-pearson", "jeffreys"):
            rates = []
            for _ in range(runs):
                start = time.perf_counter()
                lower, upper = intervals(method, k, n)
                rates.append(len(k) / (time.perf_counter() - start))
            row = {"benchmark": "bulk-intervals", "workload": name, "method": method, "peer": "scipy",
                   "pairs": len(k), "per_second_median": round(float(np.median(rates))), "runs": runs}
            if (name, method) in ours:
                worst = 0.0
                for i, lo, hi in ours[(name, method)]:
                    for got, want in ((lo, lower[i]), (hi, upper[i])):
                        if got != want:
                            worst = max(worst, abs(got - want) / max(abs(want), 1e-300))
                row["max_relative_difference"] = worst
            print(json.dumps(row))


if __name__ == "__main__":
    main()
