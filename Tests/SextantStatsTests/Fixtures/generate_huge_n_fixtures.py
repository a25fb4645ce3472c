#!/usr/bin/env python3
"""Reference intervals at very large n (2^32 + 1 and 10^12), for logs of billions of sessions.

Run from the repository root:

    python3 Tests/SextantStatsTests/Fixtures/generate_huge_n_fixtures.py

Writes huge_n_intervals.csv next to itself, at 95 %:
- wilson: the closed formula (p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n), evaluated with
  mpmath at 50 digits, z = Φ⁻¹(0.975) at 50 digits;
- clopper-pearson: the Beta(α/2; k, n−k+1) and Beta(1−α/2; k+1, n−k) quantiles; 0 at k = 0 and 1
  at k = n;
- jeffreys: the Beta(α/2; k+½, n−k+½) and Beta(1−α/2; k+½, n−k+½) quantiles, with the same
  conventions at the ends.
mpmath's incomplete beta series do not converge at these parameters, so each quantile starts from
scipy.stats.beta.ppf (Boost) and is refined by Newton steps on the beta tail computed at 50 digits
by mpmath.quad of the density (in log space, split around its mode; closed forms when a or b is
1), until the step is below 1e-25
of the quantile's distance to 0 or 1: the reference does not rest on Boost's accuracy
(whose quantiles drift from these by up to 1e-8 at n = 10^15, which is left out).
"""
import os

import mpmath
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
mpmath.mp.dps = 50
Z = mpmath.sqrt(2) * mpmath.erfinv(mpmath.mpf("0.95"))


def wilson(k, n):
    k, n = mpmath.mpf(k), mpmath.mpf(n)
    p = k / n
    d = 1 + Z**2 / n
    c = (p + Z**2 / (2 * n)) / d
    h = Z * mpmath.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2)) / d
    return (0.0 if k == 0 else float(c - h)), (1.0 if k == n else float(c + h))


def tail(x, a, b, upper):
    """P(X <= x) (or P(X >= x) when `upper`) for X ~ Beta(a, b), and the density at x, at 50 digits."""
    ln_beta = mpmath.loggamma(a) + mpmath.loggamma(b) - mpmath.loggamma(a + b)

    def density(t):
        return mpmath.exp((a - 1) * mpmath.log(t) + (b - 1) * mpmath.log1p(-t) - ln_beta)

    mean = a / (a + b)
    sd = mpmath.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    marks = [mean + j * sd for j in (-60, -20, -8, -3, 0, 3, 8, 20, 60)]
    if upper:
        points = [x] + [m for m in marks if x < m < 1] + [min(mpmath.mpf(1), marks[-1])]
    else:
        points = [max(mpmath.mpf(0), marks[0])] + [m for m in marks if 0 < m < x] + [x]
    if points[0] >= points[-1]:
        return mpmath.mpf(0), density(x)
    return mpmath.quad(density, points), density(x)


def quantile(p, a, b):
    """The p-quantile of Beta(a, b): Boost's, refined by Newton steps at 50 digits."""
    a, b = mpmath.mpf(a), mpmath.mpf(b)
    if b == 1:  # F(x) = x^a
        return float(mpmath.mpf(p) ** (1 / a))
    if a == 1:  # F(x) = 1 - (1 - x)^b
        return float(-mpmath.expm1(mpmath.log1p(-mpmath.mpf(p)) / b))
    upper = p > 0.5
    x = mpmath.mpf(stats.beta.ppf(p, float(a), float(b)))
    target = mpmath.mpf(1) - mpmath.mpf(p) if upper else mpmath.mpf(p)
    for _ in range(20):
        value, density = tail(x, a, b, upper)
        step = (value - target) / density * (-1 if upper else 1)
        new = x - step
        x = new if 0 < new < 1 else (x / 2 if new <= 0 else (1 + x) / 2)  # stay inside (0, 1)
        if abs(step) <= min(x, 1 - x) * mpmath.mpf(10) ** -25:
            return float(x)
    raise RuntimeError(f"no convergence for Beta({a}, {b}) at {p}")


def clopper_pearson(k, n):
    lower = 0.0 if k == 0 else quantile(0.025, k, n - k + 1)
    upper = 1.0 if k == n else quantile(0.975, k + 1, n - k)
    return lower, upper


def jeffreys(k, n):
    lower = 0.0 if k == 0 else quantile(0.025, k + 0.5, n - k + 0.5)
    upper = 1.0 if k == n else quantile(0.975, k + 0.5, n - k + 0.5)
    return lower, upper


rows = []
for n in [2**32 + 1, 10**12]:
    for k in sorted({0, 1, 7, 1000, n // 1000, n // 5, n // 2, n - n // 5, n - 1000, n - 1, n}):
        p = mpmath.mpf(k) / n
        wald_half = float(Z * mpmath.sqrt(p * (1 - p) / n))
        for name, method in (("wilson", wilson), ("clopper-pearson", clopper_pearson), ("jeffreys", jeffreys)):
            lower, upper = method(k, n)
            if 10**6 <= k <= n - 10**6:
                for got, want in ((lower, float(p) - wald_half), (upper, float(p) + wald_half)):
                    assert abs(got - want) <= 20 / n + 1e-6 * wald_half, (name, n, k, got, want)
            rows.append((name, k, n, lower, upper))

with open(os.path.join(HERE, "huge_n_intervals.csv"), "w") as out:
    out.write("# 95 % intervals at n = 2^32 + 1 and 10^12 (generate_huge_n_fixtures.py)\n")
    out.write("method,count,total,confidence,lower,upper\n")
    for name, k, n, lower, upper in rows:
        out.write(f"{name},{k},{n},0.95,{lower!r},{upper!r}\n")
print(f"{len(rows)} rows")
