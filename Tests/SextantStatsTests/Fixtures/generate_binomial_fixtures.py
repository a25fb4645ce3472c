#!/usr/bin/env python3
"""Reference binomial tails for `Binomial` (SextantStats), from scipy.

Run from the repository root:

    python3 Tests/SextantStatsTests/Fixtures/generate_binomial_fixtures.py

Writes binomial_tails.csv next to itself: for X ~ Bin(n, p), `upper` = P(X >= k) =
scipy.stats.binom.sf(k - 1, n, p) and `lower` = P(X <= k) = scipy.stats.binom.cdf(k, n, p) (Boost's
regularised incomplete beta function underneath). For n <= 200 both are cross-checked against the
exact sum of binomial terms in rational arithmetic (p taken as the exact binary value of the double).
The grid is fixed (no randomness); tails below 1e-300 are left out.
"""
import math
import os
from fractions import Fraction

from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))


def exact_tails(n, k, p):
    q = Fraction(p)
    terms = [math.comb(n, j) * q**j * (1 - q) ** (n - j) for j in range(n + 1)]
    return float(sum(terms[k:])), float(sum(terms[: k + 1]))


rows = []
for n in [1, 2, 5, 10, 37, 100, 200, 1000, 12345, 100000, 1000000, 10000000, 1000000000]:
    for p in [1e-6, 0.001, 0.01, 0.2, 0.5, 0.8, 0.999]:
        mean = n * p
        sd = math.sqrt(n * p * (1 - p))
        ks = {0, 1, n - 1, n}
        for t in [-4, -2, -1, 0, 1, 1.96, 2, 3, 5]:
            ks.add(int(round(mean + t * sd)))
        for k in sorted(k for k in ks if 0 <= k <= n):
            upper = float(stats.binom.sf(k - 1, n, p))
            lower = float(stats.binom.cdf(k, n, p))
            if min(upper, lower) < 1e-300:
                continue
            if n <= 200:
                exact_upper, exact_lower = exact_tails(n, k, p)
                for got, want in [(upper, exact_upper), (lower, exact_lower)]:
                    assert abs(got - want) <= 1e-12 * want, (n, k, p, got, want)
            rows.append((n, k, p, upper, lower))

with open(os.path.join(HERE, "binomial_tails.csv"), "w") as out:
    out.write("# X ~ Bin(n, p): upper = P(X >= k), lower = P(X <= k); scipy.stats.binom (generate_binomial_fixtures.py)\n")
    out.write("n,k,p,upper,lower\n")
    for n, k, p, upper, lower in rows:
        out.write(f"{n},{k},{p!r},{upper!r},{lower!r}\n")
print(f"{len(rows)} rows")
