#!/usr/bin/env python3
"""References for intervals at n = 10^12 (huge_intervals.csv), for BinomialIntervalTests.

All in mpmath (40 digits), at 95 %:
- Wilson: the closed form.
- Clopper–Pearson for k ≤ 1000: the root of the binomial tail written as a finite sum
  (P(X ≥ k) = 0.025 for the lower bound, P(X ≤ k) = 0.025 for the upper).
- Jeffreys for k ≤ 1000: the root of the Beta(k + ½, n − k + ½) lower tail, integrated by mpmath.quad.
- n − k ≤ 1000 by symmetry: the bounds at n − k are 1 minus those at k, swapped.
SciPy's beta.ppf/isf (Boost) give only the starting points of the root searches: at n = 10^12 they
are not references (1.49e-8 as the Clopper–Pearson lower bound for k = 1000, above k/n). Columns: method,count,total,confidence,lower,upper.
Run: python3 generate_huge_intervals.py > huge_intervals.csv   (about a minute)
"""
import mpmath
from scipy.stats import beta

mpmath.mp.dps = 40
N = 10**12
T = mpmath.mpf("0.025")
SMALL = [0, 1, 3, 5, 1000]


def wilson(k):
    z = mpmath.sqrt(2) * mpmath.erfinv(mpmath.mpf("0.95"))
    z2 = z * z
    centre = (k + z2 / 2) / (N + z2)
    half = z / (N + z2) * mpmath.sqrt(mpmath.mpf(k) * (N - k) / N + z2 / 4)
    return (mpmath.mpf(0) if k == 0 else centre - half), (mpmath.mpf(1) if k == N else centre + half)


def root(f, guess):
    """The root of f within 1 % of guess (a starting point only), by bracketing."""
    guess = mpmath.mpf(guess)
    return mpmath.findroot(f, (guess * mpmath.mpf("0.99"), guess * mpmath.mpf("1.01")), solver="illinois")


def guesses(k, a, b):
    """Starting points: SciPy's beta quantiles for k ≤ 5, Wilson's bounds beyond."""
    if k > 5:
        return wilson(k)
    return (beta.ppf(0.025, a, b) if k > 0 else 0), beta.isf(0.025, a + 1, b - 1 if b > 1 else b)


def binomial_cdf(k, p):
    """P(X ≤ k) for X ~ Binomial(N, p), summed term by term (k small)."""
    term = (1 - p) ** N
    total = term
    for j in range(1, k + 1):
        term *= mpmath.mpf(N - j + 1) / j * p / (1 - p)
        total += term
    return total


def clopper_pearson(k):
    low, high = guesses(k, k, N - k + 1)
    lower = mpmath.mpf(0) if k == 0 else root(lambda p: 1 - binomial_cdf(k - 1, p) - T, low)
    upper = root(lambda p: binomial_cdf(k, p) - T, high)
    return lower, upper


def jeffreys(k):
    a = k + mpmath.mpf("0.5")
    b = N - k + mpmath.mpf("0.5")
    ln_beta = mpmath.loggamma(a) + mpmath.loggamma(b) - mpmath.loggamma(a + b)

    def lower_tail(x):
        density = lambda u: mpmath.exp((a - 1) * mpmath.log(u) + (b - 1) * mpmath.log1p(-u) - ln_beta)
        return mpmath.quad(density, mpmath.linspace(0, x, 9))

    low, high = (beta.ppf(0.025, k + 0.5, N - k + 0.5) if k > 0 else 0, beta.isf(0.025, k + 0.5, N - k + 0.5)) if k <= 5 else wilson(k)
    lower = mpmath.mpf(0) if k == 0 else root(lambda x: lower_tail(x) - T, low)
    upper = root(lambda x: 1 - lower_tail(x) - T, high)
    return lower, upper


def main():
    print("method,count,total,confidence,lower,upper")
    rows = []
    for k in SMALL:
        for name, method in (("clopper-pearson", clopper_pearson), ("jeffreys", jeffreys)):
            lo, hi = method(k)
            rows.append((name, k, lo, hi))
            rows.append((name, N - k, 1 - hi, 1 - lo))
    for k in SMALL + [123456789, N // 2] + [N - k for k in SMALL]:
        lo, hi = wilson(k)
        rows.append(("wilson", k, lo, hi))
    for name, k, lo, hi in rows:
        print(f"{name},{k},{N},0.95,{mpmath.nstr(lo, 20)},{mpmath.nstr(hi, 20)}")


if __name__ == "__main__":
    main()
