#!/usr/bin/env python3
"""High-precision reference fixtures for the SextantStats test-suite.

Run from the repository root:

    python3 Tests/SextantStatsTests/Fixtures/generate_fixtures.py            # generate + cross-check
    python3 Tests/SextantStatsTests/Fixtures/generate_fixtures.py --no-checks

The script is deterministic (no randomness, fixed grids) and writes every CSV next to itself,
whatever the current directory. It needs mpmath (>= 1.3); the cross-checks at the end also use
numpy, scipy and statsmodels (they are only read, never used for a written number). Generating
takes about 2 minutes on one core, the cross-checks about 18 more; CI never runs it. The cross-check summary goes to stdout.

Conventions shared by every file
--------------------------------
* Reference values are computed with mpmath at (at least) 50 significant digits; internally the
  working precision is raised to 60-130+ digits wherever cancellation or huge parameters need it,
  so every written value is correct to far more than double precision before it is rounded.
* Every input that the Swift code receives as a Double (confidence, threshold, x, rate, ...) is
  taken to be EXACTLY that Double: the decimal text in the CSV is parsed to the nearest double and
  the reference is the exact mathematical function at that binary value. E.g. confidence 0.95 means
  0.9499999999999999555910790149937..., so alpha = 1 - confidence = 0.05000000000000004440892...
  (exactly what Swift's `1 - 0.95` gives). For 0.95 this changes results only at ~1e-16 relative;
  for 0.999999 (alpha ~ 1e-6) the shift is ~1e-12 relative, which is why the rule matters.
* Outputs are written as the correctly rounded (round-to-nearest) double of the high-precision
  value, printed with Python's repr (shortest string that round-trips; <= 17 significant digits,
  plain decimal or e-notation such as 3.6888794541139363e-07). Swift's Double(String) recovers the
  exact double. Values below the double range are written as their rounded double (possibly a
  subnormal, or 0.0 when the true value is below ~2.5e-324; the true value is then > 0).
  Integers (counts, totals, sessions, indices) are written as plain integers.
* z(conf) = the standard normal quantile at 1 - alpha/2, alpha = 1 - conf, i.e. the z with
  Q(z) = erfc(z/sqrt 2)/2 = alpha/2, solved by Newton's method on erfc at ~80 digits (cross-checked
  against sqrt(2)*erfinv(conf) in mpmath and scipy.special.ndtri).

The incomplete beta function (files 1, 2, 5)
-------------------------------------------
I_x(a,b) (lower tail) and 1 - I_x(a,b) (upper tail) are each computed DIRECTLY with relative
accuracy (the small tail is never obtained by subtraction from 1 unless the result keeps >= 60
digits). Primary route, valid for a, b multiples of 1/2 (all cases here):

    I_y(p,q) = y^p (1-y)^q / (p B(p,q)) * sum_{n>=0} prod_{j<n} (p+q+j) y / (p+1+j)

(DLMF 8.17.8 with 2F1(p+q,1;p+1;y)), a series of POSITIVE terms (no cancellation). The sum is done
in exact fixed-point integer arithmetic (~290-600 bits, error <= one unit per term); the prefactor
in log space with mpmath at 60 + log10(a+b) + margin digits (ln Gamma by mpmath.loggamma). The
upper tail is I_{1-x}(b,a) by the same series (1-x formed exactly). For each (a,b,x) the cheaper of
the two series is summed (cost ~ sqrt(p/(1-y)) terms near the mean, e.g. ~2e6 terms for
a = b = 5e9); the other tail is 1 - that, and the evaluation is repeated with more bits if that
subtraction would leave fewer than 60 digits. mpmath.betainc (hypergeometric 2F1(a,1-b;a+1;x)) is
NOT used for the references: for large b its series cancels catastrophically and is far too slow.

Independent second route (used only for cross-checks): tanh-sinh quadrature (mpmath.quad) of the
Beta density in log space, over break points stepped out geometrically from the bulk (or from x
when x lies in a tail) until the density has dropped by e^300; the upper tail is integrated as the
lower tail of Beta(b,a) over [0, 1-x], and the piece touching 0 is integrated in v = t^a (removes
the t^(a-1) end-point singularity). For the Clopper-Pearson bounds a third route is used: the
binomial identities 1 - I_x(k+1,n-k) = P[Bin(n,x) <= k] and I_x(k,n-k+1) = P[Bin(n,x) >= k],
summed term by term (recurrence from the first term) until the terms are negligible at 70 digits.

Quantiles B^{-1}(p; a, b): Newton's method on ln(tail) - ln(target) (the lower tail for lower
bounds, the upper tail computed directly for upper bounds, so relative accuracy is kept at both
ends), started from scipy.special.betaincinv / betainccinv, safeguarded by a bracket with
bisection, iterated to a step < 1e-56 relative.

Files
-----
1. binomial_intervals.csv  -- method,count,total,confidence,lower,upper
   k successes out of n, alpha = 1 - confidence, z = z(confidence):
   * wilson: center = (k + z^2/2)/(n + z^2), half = z/(n + z^2) * sqrt(k(n-k)/n + z^2/4);
     [center - half, center + half]; lower is exactly 0 at k = 0, upper exactly 1 at k = n.
   * clopper-pearson: lower = 0 if k = 0 else B^{-1}(alpha/2; k, n-k+1);
     upper = 1 if k = n else B^{-1}(1-alpha/2; k+1, n-k) (solved as upper tail = alpha/2).
     k = 0: upper = 1-(alpha/2)^(1/n) = -expm1(ln(alpha/2)/n); k = n: lower = (alpha/2)^(1/n)
     (closed forms written; the solver reproduces them, checked).
   * jeffreys: lower = B^{-1}(alpha/2; k+1/2, n-k+1/2), upper = B^{-1}(1-alpha/2; k+1/2, n-k+1/2),
     except lower = 0 exactly at k = 0 and upper = 1 exactly at k = n (Brown, Cai & DasGupta 2001).
   * agresti-coull: n~ = n + z^2, p~ = (k + z^2/2)/n~, p~ -/+ z sqrt(p~(1-p~)/n~), clipped to [0,1].
   * wald: p = k/n, p -/+ z sqrt(p(1-p)/n), clipped to [0,1].
   Grid: confidence 0.95, 0.9, 0.99 for n in {1,2,3,5,10,17,50,100,1000,2000,12345,1e5,1e6,1e7};
   confidence 0.5 and 0.999999 for n in {1,2,5,17,100,2000,1e5,1e7}; for each n,
   k in {0,1,2,n//3,n//2,n-2,n-1,n} (deduplicated, within [0,n]); all five methods. Also the row
   clopper-pearson 37/50 at 0.95 (0.59655232127193..., 0.85369941560344...).

2. beta_tails.csv  -- a,b,x,lower_tail,upper_tail
   lower_tail = I_x(a,b), upper_tail = 1 - I_x(a,b), both with relative accuracy, at the exact
   double x written in the file.
   * large: a+b = N in {1e3,1e5,2e6,1e7,1e8,1e10}, mean r in {0.5,0.8,0.97,0.999}; integer variant
     a = round(rN), b = N - a; half-integer variant a = floor(rN) + 1/2, b = N - a;
     x = double(mean + d sd), mean = a/N, sd = sqrt(mean(1-mean)/(N+1)),
     d in {-6,-2,-0.5,-0.1,0,0.1,0.5,2,6}; rows with x outside (0,1) are dropped.
   * small: a, b in {0.5,1,2.5,10,100}, x in {0.01,0.3,0.5,0.9}.
   * skewed: a in {0.5,1.5,3}, b in {1e7,1e12}; x = double(B^{-1}(p; a, b)), p in {0.005,0.5,0.995};
     plus the mirror images a <-> b, x = double(1 - that x) for b = 1e7.

3. newcombe_differences.csv  -- k1,n1,k2,n2,confidence,lower,upper,z_p_value
   Newcombe (1998) hybrid score interval (method 10) on Wilson intervals (l_i,u_i) at the SAME
   confidence as the row (no continuity correction): D = p1 - p2,
   lower = D - sqrt((p1-l1)^2 + (u2-p2)^2), upper = D + sqrt((u1-p1)^2 + (p2-l2)^2).
   z_p_value: pooled two-proportion z test, p = (k1+k2)/(n1+n2),
   z = (p1-p2)/sqrt(p(1-p)(1/n1+1/n2)), p_value = 2(1 - Phi(|z|)) = erfc(|z|/sqrt 2).
   Degenerate case p = 0 or 1 (z = 0/0; only 0/10 vs 0/20 here): written as 1 by convention
   (no evidence of a difference); statsmodels gives NaN there.
   newcombe_1998_table.csv -- k1,n1,k2,n2,lower,upper: the 4-decimal values printed in
   Newcombe (1998), Stat Med 17:873-890, Table II, method 10 (the script asserts that the
   50-digit values round to them).

4. goodman_intervals.csv  -- case,category,count,lower,upper,confidence
   Goodman (1965) simultaneous intervals: k categories, N total, A = z^2 with z the normal quantile
   at 1 - alpha/(2k) (= chi-square(1) quantile at 1 - alpha/k); category i (0-based index) with
   count n_i: (A + 2 n_i -/+ sqrt(A (A + 4 n_i (N - n_i)/N))) / (2 (N + A)).
   case 1 = [91,49,37,43], 2 = [553,70,17,9,4,1], 3 = [0,5,95], 4 = [1000000,3,250000];
   confidence 0.95 and 0.9.

5. beta_posterior_tails.csv  -- count,total,threshold,prob_at_least
   P(p >= threshold), p ~ Beta(count + 1/2, total - count + 1/2) (Jeffreys posterior), i.e. the
   upper tail at the exact double threshold. total in {50,1000,1e5,2e6,1e7},
   count = round(r total) for r in {0.5,0.75,0.85}; thresholds double(m + d s) with m the posterior
   mean (count+1/2)/(total+1), s the posterior sd sqrt(m(1-m)/(total+2)),
   d in {-3,-1,-0.5,-0.1,0,0.1,0.5,1,3}, plus 0.7, 0.8, 0.9; and k = 0, k = n at threshold 0.5.
   Some plain-threshold tails are far below the double range (e.g. 5e6/1e7 at 0.9); they are
   written as 0.0 (their true value is positive), others are 1.0 because the complement is below
   half an ulp of 1.

6. sample_sizes.csv  -- kind,rate,threshold,half_width,confidence,power,sessions (empty = n/a)
   * half_width_wald: n = ceil(z^2 p(1-p)/E^2), z = z(confidence) (two-sided), p = rate, E = half_width.
   * one_sided_score: n = ceil((z_{1-alpha} sqrt(p0(1-p0)) + z_{power} sqrt(p1(1-p1)))^2/(p1-p0)^2),
     p1 = rate, p0 = threshold, alpha = 1 - confidence (one-sided), z_q = Phi^{-1}(q).
   * zero_issue_exact: smallest n >= 1 with (1-c)^n <= 1 - confidence, c = threshold; found by
     exact comparison at 60+ digits around ceil(ln(1-confidence)/ln(1-c)).
   Each n is computed twice, with the exact-double inputs and with the decimal inputs; the script
   asserts both give the same integer. Exact boundaries are included deliberately
   (c = 0.5 at 0.75 -> 2, c = 0.5 at 0.875 -> 3, c = 0.9 at 0.99 -> 2, where (1-c)^n == 1-conf).
"""

import argparse
import csv
import math
import os
import sys
import time

import mpmath as mp
from mpmath import mpf
from mpmath.libmp import libmpf

mp.mp.dps = 50
HERE = os.path.dirname(os.path.abspath(__file__))
LN2 = math.log(2)


def log(*args):
    print(*args, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Output formatting
# ---------------------------------------------------------------------------------------------

def to_double(v):
    """Correctly rounded (nearest) double of an mpf, including the subnormal range."""
    v = mpf(v)
    if v == 0:
        return 0.0
    with mp.workprec(max(mp.mp.prec, 400)):
        if abs(v) < mpf(2) ** -1022:
            man = int(mp.nint(mp.ldexp(v, 1074)))
            return math.ldexp(man, -1074)
    d = libmpf.to_float(v._mpf_, rnd='n')
    if math.isinf(d):
        raise OverflowError(v)
    return d


def fmt(v):
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        raise TypeError(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    return repr(to_double(v))


def exact(v):
    """The exact binary value of the double nearest to v (v: str / float / int)."""
    return mpf(float(v))


def write_csv(name, header, rows):
    path = os.path.join(HERE, name)
    with open(path, 'w', newline='') as fh:
        fh.write(','.join(header) + '\n')
        for r in rows:
            fh.write(','.join(fmt(c) for c in r) + '\n')
    log('wrote %s (%d rows)' % (name, len(rows)))
    return path


# ---------------------------------------------------------------------------------------------
# Normal quantile
# ---------------------------------------------------------------------------------------------

def norm_isf(q, digits=80):
    """z with Q(z) = 1 - Phi(z) = q, by Newton's method on erfc at `digits` digits."""
    import scipy.special as sc
    with mp.workdps(digits + 10):
        q = mpf(q)
        qf = float(q)
        z = mpf(-sc.ndtri(qf)) if 0 < qf < 1 else mpf(0)
        s2 = mp.sqrt(2)
        for _ in range(100):
            Q = mp.erfc(z / s2) / 2
            phi = mp.exp(-z * z / 2) / mp.sqrt(2 * mp.pi)
            step = (Q - q) / phi
            z = z + step
            if abs(step) < mpf(10) ** (-digits) * (1 + abs(z)):
                break
        else:
            raise RuntimeError('norm_isf did not converge')
        return +z


def z_two_sided(conf):
    """z at 1 - alpha/2 with alpha = 1 - conf (conf an mpf, exact)."""
    with mp.workdps(90):
        return norm_isf((1 - conf) / 2)


# ---------------------------------------------------------------------------------------------
# Regularized incomplete beta: positive-term series in fixed point (primary route)
# ---------------------------------------------------------------------------------------------

def _series_sum(P2, Q2, y, bits):
    """sum_{n>=0} prod_{j<n} (p+q+j) y/(p+1+j), p = P2/2, q = Q2/2, as an integer scaled by 2^bits.
    Each step truncates by < 1 unit; stops when the remaining terms (bounded geometrically) are
    below 2^-(bits-40) of the sum."""
    Y = int(mp.floor(mp.ldexp(y, bits)))
    S = 1 << bits
    t = S
    s = S
    num = P2 + Q2
    den = P2 + 2
    yf = float(y)
    G = bits - 40
    n = 0
    while True:
        t = (t * num * Y >> bits) // den
        s += t
        n += 1
        if num * yf < den:  # ratio < 1 from here on
            rb = num * yf / den if Q2 >= 2 else yf  # ratio decreasing (q >= 1) or bounded by y
            if rb < 1 - 1e-300:
                K = int(1.0 / (1.0 - rb)) + 2
                if t * K < (s >> G):
                    break
        if t == 0:
            break
        num += 2
        den += 2
    return s, n


def _cost(p, q, y, yc):
    """Rough number of series terms for I_y(p,q)."""
    y = float(y)
    yc = float(yc)
    if y <= 0:
        return 0.0
    if yc <= 0:
        return float('inf')
    npk = max(0.0, (q * y - 1 - p * yc) / yc)  # terms grow until here
    L = 300 * LN2
    m1 = math.sqrt(2 * L * (p + 1 + npk) / yc)  # Gaussian-like decay
    m2 = L / -math.log(y) if y < 1 else float('inf')  # geometric decay
    return npk + min(m1, p + 1 + npk + m2)


def lnbeta(a, b):
    return mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b)


def _series_tail(p, q, y, yc, bits, dps):
    P2 = int(2 * p)
    Q2 = int(2 * q)
    if P2 != 2 * p or Q2 != 2 * q:
        raise ValueError('parameters must be multiples of 1/2')
    s, n = _series_sum(P2, Q2, y, bits)
    with mp.workdps(dps):
        lp = p * mp.log(y) + q * mp.log(yc) - mp.log(p) - lnbeta(mpf(p), mpf(q))
        v = mp.exp(lp) * mp.ldexp(mpf(s), -bits)
    return v, n


STATS = {'terms': 0, 'evals': 0}


_TAILS_CACHE = {}


def beta_tails(a, b, x, digits=60):
    key = (mpf(a), mpf(b), x if isinstance(x, mp.mpf) else mpf(x), digits)
    if key not in _TAILS_CACHE:
        _TAILS_CACHE[key] = _beta_tails(*key)
    return _TAILS_CACHE[key]


def _beta_tails(a, b, x, digits=60):
    """(I_x(a,b), 1 - I_x(a,b)), each with >= `digits` significant digits.
    a, b: multiples of 1/2; x: mpf/float in [0,1], taken exactly."""
    a = mpf(a)
    b = mpf(b)
    x = x if isinstance(x, mp.mpf) else mpf(x)
    if x <= 0:
        return mpf(0), mpf(1)
    if x >= 1:
        return mpf(1), mpf(0)
    xc = mp.fsub(1, x, exact=True)
    cL = _cost(float(a), float(b), x, xc)
    cU = _cost(float(b), float(a), xc, x)
    lost = 0
    STATS['evals'] += 1
    for _ in range(6):
        bits = int(40 + 3.33 * (digits + lost + 15))
        dps = digits + lost + 25 + int(math.log10(float(a + b) + 10))
        if cL <= cU:
            T, n = _series_tail(a, b, x, xc, bits, dps)
            lower_direct = True
        else:
            T, n = _series_tail(b, a, xc, x, bits, dps)
            lower_direct = False
        STATS['terms'] += n
        with mp.workdps(dps):
            C = 1 - T
        if C <= 0:
            need = lost + digits + 40
        else:
            need = max(0, -int(mp.floor(mp.log10(C))))
        if need <= lost + 12:
            break
        lost = need + 2
    else:
        raise RuntimeError('cancellation not resolved for %s %s %s' % (a, b, x))
    return (T, C) if lower_direct else (C, T)


def log_density(a, b, x, dps=None):
    a = mpf(a)
    b = mpf(b)
    dps = dps or 60 + int(math.log10(float(a + b) + 10))
    with mp.workdps(dps):
        xc = mp.fsub(1, x, exact=True)
        return (a - 1) * mp.log(x) + (b - 1) * mp.log(xc) - lnbeta(a, b)


_Q_CACHE = {}


def beta_quantile(a, b, q, upper=False, digits=60):
    key = (mpf(a), mpf(b), mpf(q), upper, digits)
    if key not in _Q_CACHE:
        _Q_CACHE[key] = _beta_quantile(*key)
    return _Q_CACHE[key]


def _beta_quantile(a, b, q, upper=False, digits=60):
    """x with I_x(a,b) = q (upper=False) or 1 - I_x(a,b) = q (upper=True), 0 < q < 1."""
    import scipy.special as sc
    a = mpf(a)
    b = mpf(b)
    with mp.workdps(digits + 10):
        q = mpf(q)
        lnq = mp.log(q)
        try:
            x0 = float((sc.betainccinv if upper else sc.betaincinv)(float(a), float(b), float(q)))
        except Exception:
            x0 = float('nan')
        if not (0 < x0 < 1):
            x0 = float(a / (a + b))
        lo, hi = mpf(0), mpf(1)
        x = mpf(x0)
        for _ in range(400):
            L, U = beta_tails(a, b, x, digits)
            T = U if upper else L
            if (T < q) != upper:
                lo = x
            else:
                hi = x
            if T == 0:
                xn = (lo + hi) / 2
            else:
                g = mp.log(T) - lnq
                f = mp.exp(log_density(a, b, x, digits + 10 + int(math.log10(float(a + b) + 10))))
                dg = (-f if upper else f) / T
                step = g / dg
                if abs(step) <= abs(x) * mpf(10) ** (-(digits - 4)):
                    x = x - step
                    break
                xn = x - step
                if not (lo < xn < hi):
                    xn = (lo + hi) / 2
            x = xn
        else:
            raise RuntimeError('quantile did not converge %s %s %s' % (a, b, q))
        return +x


# ---------------------------------------------------------------------------------------------
# Independent routes (cross-checks only)
# ---------------------------------------------------------------------------------------------

def tail_quad(a, b, x, upper, digits=60):
    """Tail of Beta(a,b) by tanh-sinh quadrature of the density in log space (see header)."""
    a = mpf(a)
    b = mpf(b)
    if upper:
        return tail_quad(b, a, mp.fsub(1, mpf(x), exact=True), False, digits)
    dps = digits + 15 + int(math.log10(float(a + b) + 10))
    with mp.workdps(dps):
        x = mpf(x)
        lnB = lnbeta(a, b)

        def logf(t):
            return (a - 1) * mp.log(t) + (b - 1) * mp.log(mp.fsub(1, t, exact=True)) - lnB

        # mpmath.quad stops on an ABSOLUTE error estimate (< eps), so the integrand is scaled by
        # exp(-ref), ref = ln f at the reference point c below, making the integral O(1).
        def f(t):
            return mp.exp(logf(t) - ref)

        def g(v):  # density in v = t^a times dt/dv (scaled likewise)
            if v == 0:
                return mp.exp(-lnB - ref) / a
            t = v ** (1 / a)
            return mp.exp((b - 1) * mp.log1p(-t) - lnB - ref) / a

        lo, hi = mpf(0), x
        mean = a / (a + b)
        sd = mp.sqrt(mean * (1 - mean) / (a + b + 1))
        c = min(mean, hi)

        def slope(t):  # |d ln f / dt|
            return abs((a - 1) / t - (b - 1) / (1 - t))

        if c == hi:
            s0 = slope(c)
            scale = min(sd, 1 / s0) if s0 else sd
        else:
            scale = sd
        ref = logf(c)
        pts = [c]

        for direction in (-1, 1):
            t = c
            h = scale / 2
            while True:
                t = t + direction * h
                if t <= lo or t >= hi:
                    break
                pts.append(t)
                if logf(t) < ref - 300:
                    break
                # next piece: grow geometrically, but let ln f change by at most ~2 across it
                s_ = slope(t)
                h = min(h * mpf('1.15'), 2 / s_) if s_ else h * mpf('1.15')
        pts = sorted(set([lo, hi] + [p for p in pts if lo <= p <= hi]))
        v0, e0 = mp.quad(g, [0, pts[1] ** a], error=True)
        v1, e1 = (mp.quad(f, pts[1:], error=True) if len(pts) > 2 else (0, 0))
        scale_back = mp.exp(ref)
        return (v0 + v1) * scale_back, (e0 + e1) * scale_back


def binom_tail(n, k, x, le=True, digits=70):
    """P[Bin(n,x) <= k] (le) or P[Bin(n,x) >= k], summed term by term from j = k outward."""
    with mp.workdps(digits + 15 + int(math.log10(n + 10))):
        x = mpf(x)
        xc = mp.fsub(1, x, exact=True)
        lt = (mp.loggamma(n + 1) - mp.loggamma(k + 1) - mp.loggamma(n - k + 1)
              + k * mp.log(x) + (n - k) * mp.log(xc))
        t = mp.exp(lt)
        s = t
        eps = mpf(10) ** (-digits - 5)
        j = k
        r_down = xc / x
        r_up = x / xc
        while True:
            if le:
                if j == 0:
                    break
                t = t * j / (n - j + 1) * r_down
                j -= 1
            else:
                if j == n:
                    break
                t = t * (n - j) / (j + 1) * r_up
                j += 1
            s += t
            if t < s * eps and (le and j * xc < (n - j + 1) * x or (not le) and (n - j) * x < (j + 1) * xc):
                break
        return s


def rel(a, b):
    """Relative difference, evaluated at 150 digits (inputs keep their own precision)."""
    with mp.workdps(150):
        a = +a if isinstance(a, mp.mpf) else mpf(a)
        b = +b if isinstance(b, mp.mpf) else mpf(b)
        if a == b:
            return mpf(0)
        return abs(a - b) / max(abs(a), abs(b))


# ---------------------------------------------------------------------------------------------
# File 1: binomial intervals
# ---------------------------------------------------------------------------------------------

METHODS = ['wilson', 'clopper-pearson', 'jeffreys', 'agresti-coull', 'wald']
N_MAIN = [1, 2, 3, 5, 10, 17, 50, 100, 1000, 2000, 12345, 100000, 1000000, 10000000]
N_EXTRA = [1, 2, 5, 17, 100, 2000, 100000, 10000000]


def k_values(n):
    ks = [0, 1, 2, n // 3, n // 2, n - 2, n - 1, n]
    return sorted(set(k for k in ks if 0 <= k <= n))


def wilson(k, n, z):
    with mp.workdps(70):
        z2 = z * z
        center = (k + z2 / 2) / (n + z2)
        half = z / (n + z2) * mp.sqrt(mpf(k) * (n - k) / n + z2 / 4)
        lo = mpf(0) if k == 0 else max(mpf(0), center - half)
        hi = mpf(1) if k == n else min(mpf(1), center + half)
        return +lo, +hi


def agresti_coull(k, n, z):
    with mp.workdps(70):
        z2 = z * z
        nt = n + z2
        pt = (k + z2 / 2) / nt
        half = z * mp.sqrt(pt * (1 - pt) / nt)
        return max(mpf(0), pt - half), min(mpf(1), pt + half)


def wald(k, n, z):
    with mp.workdps(70):
        p = mpf(k) / n
        half = z * mp.sqrt(p * (1 - p) / n)
        return max(mpf(0), p - half), min(mpf(1), p + half)


def clopper_pearson(k, n, alpha):
    with mp.workdps(70):
        h = alpha / 2
        if k == 0:
            lo = mpf(0)
        elif k == n:
            lo = mp.exp(mp.log(h) / n)
        else:
            lo = beta_quantile(k, n - k + 1, h)
        if k == n:
            hi = mpf(1)
        elif k == 0:
            hi = -mp.expm1(mp.log(h) / n)
        else:
            hi = beta_quantile(k + 1, n - k, h, upper=True)
        return lo, hi


def jeffreys(k, n, alpha):
    with mp.workdps(70):
        h = alpha / 2
        lo = mpf(0) if k == 0 else beta_quantile(k + mpf(0.5), n - k + mpf(0.5), h)
        hi = mpf(1) if k == n else beta_quantile(k + mpf(0.5), n - k + mpf(0.5), h, upper=True)
        return lo, hi


def interval(method, k, n, conf):
    C = exact(conf)
    alpha = 1 - C
    if method == 'wilson':
        return wilson(k, n, z_two_sided(C))
    if method == 'agresti-coull':
        return agresti_coull(k, n, z_two_sided(C))
    if method == 'wald':
        return wald(k, n, z_two_sided(C))
    if method == 'clopper-pearson':
        return clopper_pearson(k, n, alpha)
    if method == 'jeffreys':
        return jeffreys(k, n, alpha)
    raise ValueError(method)


def build_binomial():
    grid = []
    for conf in ['0.95', '0.9', '0.99']:
        for n in N_MAIN:
            for k in k_values(n):
                grid.append((conf, n, k))
    for conf in ['0.5', '0.999999']:
        for n in N_EXTRA:
            for k in k_values(n):
                grid.append((conf, n, k))
    rows = []
    t0 = time.time()
    for conf, n, k in grid:
        for m in METHODS:
            lo, hi = interval(m, k, n, conf)
            rows.append([m, k, n, float(conf), lo, hi])
        if n >= 1000000 and k == n:
            log('  binomial: conf %s n %d done (%.0fs)' % (conf, n, time.time() - t0))
    # the textbook Clopper-Pearson example, kept on its own row
    if ('0.95', 50, 37) not in grid:
        lo, hi = interval('clopper-pearson', 37, 50, '0.95')
        rows.append(['clopper-pearson', 37, 50, 0.95, lo, hi])
    return rows


# ---------------------------------------------------------------------------------------------
# File 2: beta tails
# ---------------------------------------------------------------------------------------------

def beta_tail_cases():
    cases = []  # (group, a, b, x(double))
    D = [-6, -2, -0.5, -0.1, 0, 0.1, 0.5, 2, 6]
    for N in [10 ** 3, 10 ** 5, 2 * 10 ** 6, 10 ** 7, 10 ** 8, 10 ** 10]:
        for r in ['0.5', '0.8', '0.97', '0.999']:
            rN = mpf(r) * N
            variants = [(int(mp.nint(rN)), None), (int(mp.floor(rN)), 'half')]
            for ai, kind in variants:
                a = mpf(ai) if kind is None else ai + mpf(0.5)
                b = N - a
                if a <= 0 or b <= 0:
                    continue
                with mp.workdps(60):
                    mean = a / N
                    sd = mp.sqrt(mean * (1 - mean) / (N + 1))
                    for d in D:
                        x = to_double(mean + d * sd)
                        if 0 < x < 1:
                            cases.append(('large N=%g' % N, a, b, x))
    for a in ['0.5', '1', '2.5', '10', '100']:
        for b in ['0.5', '1', '2.5', '10', '100']:
            for x in [0.01, 0.3, 0.5, 0.9]:
                cases.append(('small', mpf(a), mpf(b), x))
    for a in ['0.5', '1.5', '3']:
        for b in [10 ** 7, 10 ** 12]:
            for p in ['0.005', '0.5', '0.995']:
                xq = beta_quantile(mpf(a), mpf(b), mpf(p))
                x = to_double(xq)
                cases.append(('skewed', mpf(a), mpf(b), x))
                if b == 10 ** 7:
                    xm = to_double(1 - mpf(x))
                    cases.append(('skewed', mpf(b), mpf(a), xm))
    # de-duplicate, keep order
    seen = set()
    out = []
    for c in cases:
        key = (c[1], c[2], c[3])
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def build_beta_tails():
    rows = []
    groups = []
    t0 = time.time()
    for i, (g, a, b, x) in enumerate(beta_tail_cases()):
        L, U = beta_tails(a, b, mpf(x))
        rows.append([float(a), float(b), x, L, U])
        groups.append(g)
        if i % 50 == 0:
            log('  beta_tails: %d rows (%.0fs)' % (i, time.time() - t0))
    return rows, groups


# ---------------------------------------------------------------------------------------------
# File 3: Newcombe differences
# ---------------------------------------------------------------------------------------------

NEWCOMBE_TABLE = [  # Newcombe 1998, Table II, method 10 (as printed, 4 decimals)
    (56, 70, 48, 80, '0.0524', '0.3339'),
    (9, 10, 3, 10, '0.1705', '0.8090'),
    (6, 7, 2, 7, '0.0582', '0.8062'),
    (5, 56, 0, 29, '-0.0381', '0.1926'),
    (0, 10, 0, 20, '-0.1611', '0.2775'),
    (10, 10, 0, 20, '0.6791', '1.0000'),
]

NEWCOMBE_EXTRA = [
    (7, 34, 1, 34),          # Fagerland et al. 2015 (Perondi 2004): 0.019 to 0.340
    (1, 1, 0, 1),
    (37, 50, 25, 50),
    (150, 200, 120, 210),
    (0, 100, 3, 100),
    (100, 100, 97, 100),
    (500, 1000, 450, 1000),
    (4500, 10000, 4400, 10000),
    (12, 13, 1000, 2000),
    (1, 1000000, 0, 1000000),
    (500000, 1000000, 500000, 1000000),
    (520000, 1000000, 519000, 1000000),
    (850000, 1000000, 3, 10),
    (999999, 1000000, 999000, 1000000),
]


def newcombe(k1, n1, k2, n2, conf):
    C = exact(conf)
    z = z_two_sided(C)
    with mp.workdps(70):
        l1, u1 = wilson(k1, n1, z)
        l2, u2 = wilson(k2, n2, z)
        p1 = mpf(k1) / n1
        p2 = mpf(k2) / n2
        D = p1 - p2
        lo = D - mp.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
        hi = D + mp.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
        p = mpf(k1 + k2) / (n1 + n2)
        if p == 0 or p == 1:
            pv = mpf(1)
        else:
            zz = (p1 - p2) / mp.sqrt(p * (1 - p) * (mpf(1) / n1 + mpf(1) / n2))
            pv = mp.erfc(abs(zz) / mp.sqrt(2))
        return lo, hi, pv


def build_newcombe():
    rows = []
    cases = [c[:4] for c in NEWCOMBE_TABLE] + NEWCOMBE_EXTRA
    for conf in ['0.95', '0.9', '0.99']:
        for k1, n1, k2, n2 in cases:
            lo, hi, pv = newcombe(k1, n1, k2, n2, conf)
            rows.append([k1, n1, k2, n2, float(conf), lo, hi, pv])
    table = []
    for k1, n1, k2, n2, plo, phi in NEWCOMBE_TABLE:
        lo, hi, _ = newcombe(k1, n1, k2, n2, '0.95')
        for v, printed in ((lo, plo), (hi, phi)):
            if abs(mpf(printed) - v) > mpf('0.00005'):
                raise AssertionError('Newcombe table mismatch %s: %s vs %s' % ((k1, n1, k2, n2), printed, v))
        table.append([k1, n1, k2, n2, plo, phi])
    return rows, table


# ---------------------------------------------------------------------------------------------
# File 4: Goodman
# ---------------------------------------------------------------------------------------------

GOODMAN_CASES = [[91, 49, 37, 43], [553, 70, 17, 9, 4, 1], [0, 5, 95], [1000000, 3, 250000]]


def goodman(counts, conf):
    C = exact(conf)
    k = len(counts)
    N = sum(counts)
    with mp.workdps(90):
        z = norm_isf((1 - C) / (2 * k))
        A = z * z
        out = []
        for ni in counts:
            root = mp.sqrt(A * (A + 4 * mpf(ni) * (N - ni) / N))
            lo = (A + 2 * ni - root) / (2 * (N + A))
            hi = (A + 2 * ni + root) / (2 * (N + A))
            if ni == 0:
                lo = mpf(0)
            if ni == N:
                hi = mpf(1)
            out.append((lo, hi))
        return out


def build_goodman():
    rows = []
    for ci, counts in enumerate(GOODMAN_CASES, start=1):
        for conf in ['0.95', '0.9']:
            for j, (lo, hi) in enumerate(goodman(counts, conf)):
                rows.append([ci, j, counts[j], lo, hi, float(conf)])
    return rows


# ---------------------------------------------------------------------------------------------
# File 5: Jeffreys posterior tails
# ---------------------------------------------------------------------------------------------

def posterior_cases():
    cases = []
    for n in [50, 1000, 100000, 2000000, 10000000]:
        for r in ['0.5', '0.75', '0.85']:
            k = int(round(float(r) * n))
            with mp.workdps(60):
                m = (k + mpf(0.5)) / (n + 1)
                s = mp.sqrt(m * (1 - m) / (n + 2))
                ths = [to_double(m + mpf(d) * s) for d in ['-3', '-1', '-0.5', '-0.1', '0', '0.1', '0.5', '1', '3']]
            ths += [0.7, 0.8, 0.9]
            for t in ths:
                cases.append((k, n, t))
        cases.append((0, n, 0.5))
        cases.append((n, n, 0.5))
    return cases


def build_posterior():
    rows = []
    for k, n, t in posterior_cases():
        L, U = beta_tails(k + mpf(0.5), n - k + mpf(0.5), mpf(t))
        rows.append([k, n, t, U])
    return rows


# ---------------------------------------------------------------------------------------------
# File 6: sample sizes
# ---------------------------------------------------------------------------------------------

def ceil_checked(v, what):
    n = int(mp.ceil(v))
    frac = v - mp.floor(v)
    if frac < mpf(10) ** -30 or 1 - frac < mpf(10) ** -30:
        raise AssertionError('%s: value %s is (nearly) an integer' % (what, v))
    return n


def n_half_width(p, E, conf, conv):
    with mp.workdps(80):
        p, E, C = conv(p), conv(E), conv(conf)
        z = norm_isf((1 - C) / 2)
        v = z * z * p * (1 - p) / (E * E)
        return ceil_checked(v, 'half_width'), v


def n_one_sided(p1, p0, conf, power, conv):
    with mp.workdps(80):
        p1, p0, C, P = conv(p1), conv(p0), conv(conf), conv(power)
        za = norm_isf(1 - C)
        zb = norm_isf(1 - P)
        v = (za * mp.sqrt(p0 * (1 - p0)) + zb * mp.sqrt(p1 * (1 - p1))) ** 2 / (p1 - p0) ** 2
        return ceil_checked(v, 'one_sided'), v


def n_zero_issue(c, conf, conv):
    with mp.workdps(80):
        c_s, conf_s = c, conf
        c, C = conv(c), conv(conf)
        target = 1 - C
        base = 1 - c
        guess = int(mp.ceil(mp.log(target) / mp.log(base)))
        n = max(1, guess - 2)
        while _gt(base, n, target, c_s, conf_s, conv):
            n += 1
        assert n == 1 or _gt(base, n - 1, target, c_s, conf_s, conv)
        return n, mp.log(target) / mp.log(base)


def _gt(base, n, target, c, conf, conv):
    """(1-c)^n > 1-conf, decided at 80 digits, or exactly with fractions when too close to call."""
    lhs = base ** n
    if abs(lhs - target) > target * mpf(10) ** -60:
        return lhs > target
    from fractions import Fraction
    if n > 5000:
        raise AssertionError('boundary too close to call for large n')
    F = (lambda s: Fraction(float(s))) if conv is exact else Fraction
    return (1 - F(c)) ** n > 1 - F(conf)


SS_HALF = [('0.5', '0.03', '0.95'), ('0.5', '0.05', '0.95'), ('0.5', '0.01', '0.95'),
           ('0.3', '0.02', '0.9'), ('0.1', '0.01', '0.99'), ('0.9', '0.005', '0.95'),
           ('0.05', '0.01', '0.95'), ('0.2', '0.04', '0.99'), ('0.75', '0.02', '0.95'),
           ('0.01', '0.001', '0.999'), ('0.5', '0.1', '0.5')]
SS_ONE = [('0.6', '0.5', '0.95', '0.8'), ('0.85', '0.8', '0.95', '0.8'), ('0.75', '0.7', '0.95', '0.9'),
          ('0.05', '0.1', '0.95', '0.8'), ('0.9', '0.8', '0.99', '0.8'), ('0.52', '0.5', '0.95', '0.8'),
          ('0.999', '0.99', '0.95', '0.8'), ('0.3', '0.25', '0.9', '0.9'), ('0.02', '0.01', '0.95', '0.95'),
          ('0.5', '0.45', '0.975', '0.8'), ('0.2', '0.3', '0.99', '0.99')]
SS_ZERO = [('0.01', '0.95'), ('0.05', '0.95'), ('0.001', '0.95'), ('0.01', '0.99'), ('0.1', '0.9'),
           ('0.5', '0.75'), ('0.5', '0.875'), ('0.9', '0.99'), ('0.001', '0.999999'), ('0.000001', '0.95'),
           ('0.02', '0.8'), ('0.3', '0.5')]


def build_sample_sizes():
    rows = []
    dist = []  # distance of the unrounded value to the nearest integer (for the report)
    dec = lambda s: mpf(s)
    dbl = exact
    for p, E, conf in SS_HALF:
        n1, v = n_half_width(p, E, conf, dbl)
        n2, _ = n_half_width(p, E, conf, dec)
        assert n1 == n2, (p, E, conf, n1, n2)
        dist.append(('half_width_wald', p, E, conf, v))
        rows.append(['half_width_wald', float(p), '', float(E), float(conf), '', n1])
    for p1, p0, conf, pw in SS_ONE:
        n1, v = n_one_sided(p1, p0, conf, pw, dbl)
        n2, _ = n_one_sided(p1, p0, conf, pw, dec)
        assert n1 == n2, (p1, p0, conf, pw, n1, n2)
        dist.append(('one_sided_score', p1, p0, conf, v))
        rows.append(['one_sided_score', float(p1), float(p0), '', float(conf), float(pw), n1])
    for c, conf in SS_ZERO:
        n1, v = n_zero_issue(c, conf, dbl)
        n2, _ = n_zero_issue(c, conf, dec)
        assert n1 == n2, (c, conf, n1, n2)
        dist.append(('zero_issue_exact', c, '', conf, v))
        rows.append(['zero_issue_exact', '', float(c), '', float(conf), '', n1])
    return rows, dist


# ---------------------------------------------------------------------------------------------
# Cross-checks
# ---------------------------------------------------------------------------------------------

def read_csv(name):
    with open(os.path.join(HERE, name)) as fh:
        return list(csv.DictReader(fh))


def check_parse(name, required):
    rows = read_csv(name)
    bad = 0
    for r in rows:
        for c in required:
            v = r[c]
            if v == '' or v.lower() in ('nan', 'inf', '-inf'):
                bad += 1
            elif c not in ('method', 'kind'):
                if not math.isfinite(float(v)):
                    bad += 1
    print('%-28s %5d rows, %d empty/NaN required fields' % (name, len(rows), bad))
    assert bad == 0
    return rows


class Max:
    """Running maximum of a disagreement measure, remembering where it occurred."""

    def __init__(self):
        self.v = 0.0
        self.where = None
        self.n = 0
        self.zero = 0.0  # max |other| where the reference is exactly 0 (relative error undefined)
        self.nzero = 0

    def add(self, v, where):
        v = float(v)
        self.n += 1
        if self.where is None or v > self.v:
            self.v, self.where = v, where

    def cmp(self, ref, other, where):
        ref, other = float(ref), float(other)
        if ref == 0:
            self.nzero += 1
            self.zero = max(self.zero, abs(other))
        else:
            self.add(abs(ref - other) / abs(ref), where)

    def __str__(self):
        s = '%.3e over %d values (worst: %s)' % (self.v, self.n, self.where)
        if self.nzero:
            s += '; %d zero references, max |other| %.3e' % (self.nzero, self.zero)
        return s


def crosscheck_binomial(rows, quad_all_large=True):
    import numpy as np
    import scipy.special as sc
    import scipy.stats as st
    from statsmodels.stats.proportion import proportion_confint
    print('\n== binomial_intervals.csv ==')
    r = rows
    # CP 37/50
    cp = [x for x in r if x['method'] == 'clopper-pearson' and x['count'] == '37' and x['total'] == '50'
          and float(x['confidence']) == 0.95][0]
    print('CP 37/50 @0.95: lower %s upper %s' % (cp['lower'], cp['upper']))
    assert cp['lower'].startswith('0.59655232127193') and cp['upper'].startswith('0.85369941560344')
    # z
    zs = Max()
    for conf in ['0.95', '0.9', '0.99', '0.5', '0.999999']:
        C = exact(conf)
        z = z_two_sided(C)
        with mp.workdps(80):
            z2 = mp.sqrt(2) * mp.erfinv(C)
        zs.add(rel(z, z2), conf)
        zs.add(abs(float(z) + sc.ndtri(float((1 - C) / 2))) / float(z), 'scipy ' + conf)
    print('z quantile: Newton-erfc vs sqrt(2)*erfinv (80 digits) and scipy.ndtri: max rel', zs)
    sm_names = {'wilson': 'wilson', 'clopper-pearson': 'beta', 'jeffreys': 'jeffreys',
                'agresti-coull': 'agresti_coull', 'wald': 'normal'}
    sm = {m: Max() for m in METHODS}
    nan_sm = []
    sp = {'clopper-pearson': Max(), 'jeffreys': Max()}
    spp = {'clopper-pearson': Max(), 'jeffreys': Max()}
    binm = Max()
    quadm = Max()
    closed = Max()
    nquad = 0
    for i, x in enumerate(r):
        m = x['method']
        k = int(x['count'])
        n = int(x['total'])
        conf = float(x['confidence'])
        lo = float(x['lower'])
        hi = float(x['upper'])
        alpha = 1 - conf
        # statsmodels
        slo, shi = proportion_confint(k, n, alpha=alpha, method=sm_names[m])
        slo, shi = min(max(slo, 0.0), 1.0), min(max(shi, 0.0), 1.0)
        if m == 'jeffreys':
            if k == 0:
                slo = 0.0
            if k == n:
                shi = 1.0
        for a_, b_, side in ((lo, slo, 'lower'), (hi, shi, 'upper')):
            if math.isnan(b_):
                nan_sm.append((m, k, n, conf, side))
            else:
                sm[m].cmp(a_, b_, (m, k, n, conf, side))
        if m in ('clopper-pearson', 'jeffreys'):
            if m == 'clopper-pearson':
                pl = (k, n - k + 1)
                pu = (k + 1, n - k)
            else:
                pl = pu = (k + 0.5, n - k + 0.5)
            h = alpha / 2
            if k > 0:
                v = sc.betaincinv(pl[0], pl[1], h)
                sp[m].add(abs(v - lo) / lo, (k, n, conf, 'lower'))
                v = st.beta.ppf(h, pl[0], pl[1])
                spp[m].add(abs(v - lo) / lo, (k, n, conf, 'lower'))
            if k < n:
                v = sc.betainccinv(pu[0], pu[1], h)
                sp[m].add(abs(v - hi) / hi, (k, n, conf, 'upper'))
                v = st.beta.ppf(1 - h, pu[0], pu[1])
                spp[m].add(abs(v - hi) / hi, (k, n, conf, 'upper'))
        # independent high-precision checks of the beta quantiles (recomputed at full precision)
        if m in ('clopper-pearson', 'jeffreys') and 0 < k < n:
            C = exact(x['confidence'])
            h = (1 - C) / 2
            big = n >= 10000000
            doquad = (big and quad_all_large) or i % 11 == 0
            if m == 'clopper-pearson':
                xl = beta_quantile(k, n - k + 1, h)
                xu = beta_quantile(k + 1, n - k, h, upper=True)
                # binomial identities (third route), every CP row
                tl = binom_tail(n, k, xl, le=False)
                tu = binom_tail(n, k, xu, le=True)
                assert fmt(xl) == x['lower'] and fmt(xu) == x['upper'], x
                with mp.workdps(100):
                    for xx, tt, (aa, bb) in ((xl, tl, (k, n - k + 1)), (xu, tu, (k + 1, n - k))):
                        f = mp.exp(log_density(aa, bb, xx))
                        binm.add(abs(tt - h) / (f * xx), (k, n, x['confidence']))
                if doquad:
                    ql, _ = tail_quad(k, n - k + 1, xl, False)
                    qu, _ = tail_quad(k + 1, n - k, xu, True)
                    with mp.workdps(100):
                        for xx, tt, (aa, bb) in ((xl, ql, (k, n - k + 1)), (xu, qu, (k + 1, n - k))):
                            f = mp.exp(log_density(aa, bb, xx))
                            quadm.add(abs(tt - h) / (f * xx), (m, k, n, x['confidence']))
                    nquad += 2
            else:
                aa, bb = k + mpf(0.5), n - k + mpf(0.5)
                if doquad:
                    xl = beta_quantile(aa, bb, h)
                    xu = beta_quantile(aa, bb, h, upper=True)
                    assert fmt(xl) == x['lower'] and fmt(xu) == x['upper'], x
                    ql, _ = tail_quad(aa, bb, xl, False)
                    qu, _ = tail_quad(aa, bb, xu, True)
                    with mp.workdps(100):
                        for xx, tt in ((xl, ql), (xu, qu)):
                            f = mp.exp(log_density(aa, bb, xx))
                            quadm.add(abs(tt - h) / (f * xx), (m, k, n, x['confidence']))
                    nquad += 2
        if m == 'clopper-pearson' and (k == 0 or k == n):
            C = exact(x['confidence'])
            h = (1 - C) / 2
            with mp.workdps(70):
                if k == 0:
                    closed.add(rel(beta_quantile(1, n, h, upper=True), -mp.expm1(mp.log(h) / n)), (k, n))
                else:
                    closed.add(rel(beta_quantile(n, 1, h), mp.exp(mp.log(h) / n)), (k, n))
        if i % 500 == 0:
            log('  checking binomial row %d/%d' % (i, len(r)))
    for m in METHODS:
        print('statsmodels proportion_confint %-16s max rel diff %s' % (m, sm[m]))
    if nan_sm:
        print('  (statsmodels returned NaN for %d bounds, e.g. %s; not compared)' % (len(nan_sm), nan_sm[:3]))
    for m in sp:
        print('scipy betaincinv/betainccinv   %-16s max rel diff %s' % (m, sp[m]))
        print('scipy stats.beta.ppf           %-16s max rel diff %s' % (m, spp[m]))
    print('CP bounds: binomial-sum identity, implied relative x error: max %s' % binm)
    print('CP/Jeffreys bounds: tanh-sinh quadrature (%d bounds, all n = 1e7 + every 11th row), '
          'implied relative x error: max %s' % (nquad, quadm))
    print('CP closed forms (k=0 upper, k=n lower) vs root finder: max rel %s' % closed)
    # exact-double vs decimal semantics of the confidence (report only)
    dd = Max()
    for n in [100, 100000, 10000000]:
        k = n // 3
        for conf in ['0.999999', '0.99', '0.95']:
            with mp.workdps(70):
                a1 = beta_quantile(k, n - k + 1, (1 - exact(conf)) / 2)
                a2 = beta_quantile(k, n - k + 1, (1 - mpf(conf)) / 2)
            dd.add(rel(a1, a2), (k, n, conf))
    print('(info) CP lower bound, exact-double vs decimal confidence: max rel difference %s' % dd)


def crosscheck_beta_tails(rows, groups):
    import scipy.special as sc
    print('\n== beta_tails.csv ==')
    by = {}
    for x, g in zip(rows, groups):
        a, b, xx = float(x['a']), float(x['b']), float(x['x'])
        L, U = float(x['lower_tail']), float(x['upper_tail'])
        sl = sc.betainc(a, b, xx)
        su = sc.betaincc(a, b, xx)
        m = by.setdefault(g, Max())
        if L > 0:
            m.add(abs(sl - L) / L, (a, b, xx, 'lower'))
        if U > 0:
            m.add(abs(su - U) / U, (a, b, xx, 'upper'))
    for g in sorted(by, key=lambda s: (s.split('=')[0], float(s.split('=')[1]) if '=' in s else 0)):
        print('scipy betainc/betaincc %-16s max rel diff %s' % (g, by[g]))
    # independent routes, at full precision
    qm = Max()
    mpm = Max()
    comp = Max()
    written_mismatch = []
    nq = 0
    for i, (x, g) in enumerate(zip(rows, groups)):
        a, b, xx = exact(x['a']), exact(x['b']), exact(x['x'])
        L, U = beta_tails(a, b, xx)
        if fmt(L) != x['lower_tail'] or fmt(U) != x['upper_tail']:
            written_mismatch.append((x['a'], x['b'], x['x']))
        with mp.workdps(150):
            comp.add(abs(L + U - 1), (float(a), float(b), float(xx)))
        if g == 'small':
            with mp.workdps(80):
                rl = mp.betainc(a, b, 0, xx, regularized=True)
                ru = mp.betainc(b, a, 0, mp.fsub(1, xx, exact=True), regularized=True)
            mpm.add(max(rel(rl, L), rel(ru, U)), (float(a), float(b), float(xx)))
        if g in ('skewed', 'large N=1e+10') or i % 5 == 0:
            ql, _ = tail_quad(a, b, xx, False)
            qu, _ = tail_quad(a, b, xx, True)
            qm.add(max(rel(ql, L), rel(qu, U)), (float(a), float(b), float(xx)))
            nq += 1
        if i % 50 == 0:
            log('  checking beta_tails row %d/%d' % (i, len(rows)))
    print('tanh-sinh quadrature vs series (%d rows: all N=1e10, all skewed, every 5th other): max rel %s'
          % (nq, qm))
    print('mpmath.betainc (80 digits; upper tail as I_(1-x)(b,a)) vs series, small-parameter rows: max rel %s' % mpm)
    print('|lower + upper - 1| (each tail computed directly or to >= 60 digits): max %s' % comp)
    print('written value != rounded reference: %d rows' % len(written_mismatch))
    assert not written_mismatch


def crosscheck_newcombe(rows):
    import numpy as np
    from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest
    import warnings
    print('\n== newcombe_differences.csv ==')
    ci = Max()
    pz = Max()
    for x in rows:
        k1, n1, k2, n2 = (int(x[c]) for c in ('k1', 'n1', 'k2', 'n2'))
        conf = float(x['confidence'])
        lo, hi, pv = float(x['lower']), float(x['upper']), float(x['z_p_value'])
        slo, shi = confint_proportions_2indep(k1, n1, k2, n2, method='newcomb', compare='diff', alpha=1 - conf)
        for a_, b_ in ((lo, slo), (hi, shi)):
            ci.cmp(a_, b_, (k1, n1, k2, n2, conf))
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            _, spv = proportions_ztest(np.array([k1, k2]), np.array([n1, n2]))
        if math.isnan(spv):
            print('  statsmodels z test p-value NaN for %d/%d vs %d/%d (file: %s)' % (k1, n1, k2, n2, pv))
        elif conf == 0.95:
            pz.add(abs(spv - pv) / pv, (k1, n1, k2, n2))
    print('statsmodels confint_proportions_2indep(newcomb, diff): max rel diff %s' % ci)
    print('statsmodels proportions_ztest p-value: max rel diff %s' % pz)
    tab = read_csv('newcombe_1998_table.csv')
    for t in tab:
        k1, n1, k2, n2 = (int(t[c]) for c in ('k1', 'n1', 'k2', 'n2'))
        lo, hi, _ = newcombe(k1, n1, k2, n2, '0.95')
        print('  Newcombe Table II %d/%d - %d/%d: printed %s, %s; computed %s, %s'
              % (k1, n1, k2, n2, t['lower'], t['upper'], mp.nstr(lo, 8), mp.nstr(hi, 8)))


def crosscheck_goodman(rows):
    import numpy as np
    from statsmodels.stats.proportion import multinomial_proportions_confint
    print('\n== goodman_intervals.csv ==')
    m = Max()
    for ci, counts in enumerate(GOODMAN_CASES, start=1):
        for conf in (0.95, 0.9):
            res = multinomial_proportions_confint(np.array(counts), alpha=1 - conf, method='goodman')
            mine = [x for x in rows if int(x['case']) == ci and float(x['confidence']) == conf]
            for x in mine:
                j = int(x['category'])
                for a_, b_ in ((float(x['lower']), res[j][0]), (float(x['upper']), res[j][1])):
                    m.cmp(a_, b_, (ci, conf, j))
    print('statsmodels multinomial_proportions_confint(goodman): max rel diff %s' % m)


def crosscheck_posterior(rows):
    import scipy.special as sc
    print('\n== beta_posterior_tails.csv ==')
    m = Max()
    qm = Max()
    nq = 0
    tiny = 0
    for i, x in enumerate(rows):
        k, n, t, P = int(x['count']), int(x['total']), float(x['threshold']), float(x['prob_at_least'])
        s = sc.betaincc(k + 0.5, n - k + 0.5, t)
        if 1e-300 < P:
            m.add(abs(s - P) / P, (k, n, t))
        else:
            tiny += 1
        aa, bb = k + mpf(0.5), n - k + mpf(0.5)
        L, U = beta_tails(aa, bb, mpf(t))
        assert fmt(U) == x['prob_at_least'], x
        if U > mpf(10) ** -250 and (n >= 2000000 or i % 4 == 0):
            qu, _ = tail_quad(aa, bb, mpf(t), True)
            qm.add(rel(qu, U), (k, n, t))
            nq += 1
    print('scipy betaincc: max rel diff %s (%d rows below 1e-300 not compared)' % (m, tiny))
    print('tanh-sinh quadrature vs series (%d rows incl. all n >= 2e6 with tail > 1e-250): max rel %s' % (nq, qm))


def crosscheck_sample_sizes(rows, dist):
    import scipy.stats as st
    print('\n== sample_sizes.csv ==')
    bad = 0
    for x in rows:
        kind = x['kind']
        conf = float(x['confidence'])
        n = int(x['sessions'])
        if kind == 'half_width_wald':
            p, E = float(x['rate']), float(x['half_width'])
            z = st.norm.isf((1 - conf) / 2)
            v = math.ceil(z * z * p * (1 - p) / (E * E))
        elif kind == 'one_sided_score':
            p1, p0, pw = float(x['rate']), float(x['threshold']), float(x['power'])
            za, zb = st.norm.isf(1 - conf), st.norm.ppf(pw)
            v = math.ceil((za * math.sqrt(p0 * (1 - p0)) + zb * math.sqrt(p1 * (1 - p1))) ** 2 / (p1 - p0) ** 2)
        else:
            c = float(x['threshold'])
            v = math.ceil(math.log(1 - conf) / math.log(1 - c))
        if v != n:
            bad += 1
            print('  double-precision recomputation differs: %s -> %d (file %d)' % (dict(x), v, n))
    print('double-precision (scipy) recomputation disagrees on %d of %d rows' % (bad, len(rows)))
    near = sorted(dist, key=lambda d: float(min(d[4] - mp.floor(d[4]), mp.ceil(d[4]) - d[4])))
    for d in near[:5]:
        gap = min(d[4] - mp.floor(d[4]), mp.ceil(d[4]) - d[4])
        print('  closest to an integer: %s %s %s %s value %s (gap %s)' % (d[0], d[1], d[2], d[3], mp.nstr(d[4], 20), mp.nstr(gap, 3)))
    req = {'1068': ('half_width_wald', '0.5', '', '0.03', '0.95'), '299': ('zero_issue_exact', '', '0.01', '', '0.95')}
    for want, key in req.items():
        got = [x['sessions'] for x in rows if (x['kind'], x['rate'], x['threshold'], x['half_width'], x['confidence']) == key]
        print('  textbook %s: %s' % (key, got))
        assert got == [want]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--no-checks', action='store_true', help='skip the cross-checks')
    ap.add_argument('--only', help='comma-separated subset: binomial,beta,newcombe,goodman,posterior,sizes')
    args = ap.parse_args()
    only = set(args.only.split(',')) if args.only else {'binomial', 'beta', 'newcombe', 'goodman', 'posterior', 'sizes'}
    t0 = time.time()
    if 'sizes' in only:
        ss_rows, ss_dist = build_sample_sizes()
        write_csv('sample_sizes.csv', ['kind', 'rate', 'threshold', 'half_width', 'confidence', 'power', 'sessions'], ss_rows)
    if 'goodman' in only:
        write_csv('goodman_intervals.csv', ['case', 'category', 'count', 'lower', 'upper', 'confidence'], build_goodman())
    if 'newcombe' in only:
        nrows, table = build_newcombe()
        write_csv('newcombe_differences.csv', ['k1', 'n1', 'k2', 'n2', 'confidence', 'lower', 'upper', 'z_p_value'], nrows)
        path = os.path.join(HERE, 'newcombe_1998_table.csv')
        with open(path, 'w') as fh:  # printed values are kept verbatim (4 decimals)
            fh.write('k1,n1,k2,n2,lower,upper\n')
            for r in table:
                fh.write(','.join(str(c) for c in r) + '\n')
        log('wrote newcombe_1998_table.csv (%d rows)' % len(table))
    if 'posterior' in only:
        write_csv('beta_posterior_tails.csv', ['count', 'total', 'threshold', 'prob_at_least'], build_posterior())
    if 'binomial' in only:
        write_csv('binomial_intervals.csv', ['method', 'count', 'total', 'confidence', 'lower', 'upper'], build_binomial())
    if 'beta' in only:
        brows, bgroups = build_beta_tails()
        write_csv('beta_tails.csv', ['a', 'b', 'x', 'lower_tail', 'upper_tail'], brows)
    log('generation done in %.0fs' % (time.time() - t0))
    if args.no_checks:
        return
    print('== parse-back ==')
    if 'binomial' in only:
        r1 = check_parse('binomial_intervals.csv', ['method', 'count', 'total', 'confidence', 'lower', 'upper'])
    if 'beta' in only:
        r2 = check_parse('beta_tails.csv', ['a', 'b', 'x', 'lower_tail', 'upper_tail'])
    if 'newcombe' in only:
        r3 = check_parse('newcombe_differences.csv', ['k1', 'n1', 'k2', 'n2', 'confidence', 'lower', 'upper', 'z_p_value'])
        check_parse('newcombe_1998_table.csv', ['k1', 'n1', 'k2', 'n2', 'lower', 'upper'])
    if 'goodman' in only:
        r4 = check_parse('goodman_intervals.csv', ['case', 'category', 'count', 'lower', 'upper', 'confidence'])
    if 'posterior' in only:
        r5 = check_parse('beta_posterior_tails.csv', ['count', 'total', 'threshold', 'prob_at_least'])
    if 'sizes' in only:
        r6 = check_parse('sample_sizes.csv', ['kind', 'confidence', 'sessions'])
        need = {'half_width_wald': ['rate', 'half_width'], 'one_sided_score': ['rate', 'threshold', 'power'],
                'zero_issue_exact': ['threshold']}
        for x in r6:
            for c in need[x['kind']]:
                assert x[c] != '' and math.isfinite(float(x[c])), x
    if 'sizes' in only:
        crosscheck_sample_sizes(r6, ss_dist)
    if 'goodman' in only:
        crosscheck_goodman(r4)
    if 'newcombe' in only:
        crosscheck_newcombe(r3)
    if 'posterior' in only:
        crosscheck_posterior(r5)
    if 'beta' in only:
        crosscheck_beta_tails(r2, bgroups)
    if 'binomial' in only:
        crosscheck_binomial(r1)
    log('all done in %.0fs' % (time.time() - t0))


if __name__ == '__main__':
    main()
