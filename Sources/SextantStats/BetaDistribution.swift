/// The Beta(α, β) distribution: both tails and quantiles, accurate where GSL's own routines fail.
///
/// GSL's `gsl_sf_beta_inc_e` evaluates I_x(α, β) with a continued fraction capped at 512
/// iterations. Near the mean of a distribution with α + β beyond about 2·10⁶ it runs out of
/// iterations (and `gsl_cdf_beta_P/Q` then return NaN silently); its accuracy also degrades with
/// α + β because ln B(α, β) is a difference of large log-gammas. `gsl_cdf_beta_Pinv` fails to
/// converge from about n = 1,000 and can loop forever. This type therefore:
///
/// - evaluates the tails with GSL's continued fraction where it is reliable (for a very skewed
///   distribution near its mass, with GSL's ₂F₁, a positive series that keeps x exact), and with
///   Temme's
///   uniform asymptotic expansion (the algorithm BASYM of DiDonato & Morris 1992, ACM TOMS 708) when
///   both parameters exceed 100 and x lies within 3 % of the mean in the sense of TOMS 708
///   (|λ| ≤ 0.03·min(α, β), λ = α − (α + β)x), or whenever GSL reports a failure and both parameters
///   are at least 15. The expansion is built from GSL's `log_erfc`, `log_1plusx_mx` and `gammastar`;
/// - always returns the *smaller* tail with full relative accuracy (the larger one is 1 minus it);
/// - finds quantiles by a bracketed Newton iteration on the tail function that keeps a bracket,
///   bisects geometrically when Newton leaves it, and stops after a fixed number of steps, so no
///   call can hang.
///
/// References: N. M. Temme (1987), "Incomplete Laplace integrals: uniform asymptotic expansion
/// with application to the incomplete beta function", SIAM J. Math. Anal. 18, 1638–1663;
/// A. R. DiDonato and A. H. Morris (1992), "Algorithm 708: Significant digit computation of the
/// incomplete beta function ratios", ACM TOMS 18, 360–373.
public struct BetaDistribution: Hashable, Sendable {
    /// The first shape parameter α > 0.
    public let alpha: Double
    /// The second shape parameter β > 0.
    public let beta: Double

    /// Creates Beta(α, β); both parameters must be positive and finite.
    public init(alpha: Double, beta: Double) throws(StatsError) {
        guard alpha > 0, alpha.isFinite, beta > 0, beta.isFinite else {
            throw .invalidArgument("Beta parameters must be positive and finite; found α = \(alpha), β = \(beta)")
        }
        self.alpha = alpha
        self.beta = beta
    }

    /// The mean α / (α + β).
    public var mean: Double { alpha / (alpha + beta) }

    /// The standard deviation √(αβ / ((α + β)²(α + β + 1))).
    public var standardDeviation: Double {
        let s = alpha + beta
        return (alpha / s * (beta / s) / (s + 1)).squareRoot()
    }

    /// P(X ≤ x) = I_x(α, β).
    public func lowerTail(_ x: Double) throws(StatsError) -> Double { try tails(at: x).lower }

    /// P(X > x) = 1 − I_x(α, β), computed directly (not as a difference) where it is the smaller tail.
    public func upperTail(_ x: Double) throws(StatsError) -> Double { try tails(at: x).upper }

    /// Both tails at x; the smaller of the two carries full relative accuracy.
    ///
    /// - Complexity: O(1): at most 512 continued-fraction terms in GSL or 20 terms of the expansion.
    public func tails(at x: Double) throws(StatsError) -> (lower: Double, upper: Double) {
        guard !x.isNaN else { throw .invalidArgument("Beta tail requested at x = nan") }
        if x <= 0 { return (0, 1) }
        if x >= 1 { return (1, 0) }
        let a = alpha
        let b = beta
        // λ = a − (a + b)x, ≥ 0 exactly when x ≤ the mean; one rounding (fused multiply-add), since
        // near the mean a and (a + b)x cancel.
        let lambda = a.addingProduct(-(a + b), x)
        let smaller = min(a, b)
        if smaller > 100, abs(lambda) <= 0.03 * smaller {
            return try Self.temmeTails(a, b, lambda)
        }
        // A very skewed distribution (one parameter beyond 10⁶) near the end where its mass lies:
        // GSL's continued fraction cancels catastrophically there (its first denominator is
        // 1 − (a + b)x/(a + 1)), so use the positive series in x (or in 1 − x, exact for x ≥ ½).
        // Far above the mean, where the upper tail is below 10⁻⁶, 1 − (lower tail) would lose more
        // than GSL's reflection does, so that case goes on to GSL.
        if b > 1e6, x < 0.25, (a + b) * x <= 1000, let lower = try? Self.hypergeometricLowerTail(a, b, x),
            1 - lower >= 1e-6
        {
            return (lower, 1 - lower)
        }
        if a > 1e6, x > 0.75, (a + b) * (1 - x) <= 1000, let upper = try? Self.hypergeometricLowerTail(b, a, 1 - x),
            1 - upper >= 1e-6
        {
            return (1 - upper, upper)
        }
        do {
            if x < (a + 1) / (a + b + 2) {
                let lower = try GSL.betaInc(a, b, x)
                return (lower, 1 - lower)
            }
            // Above the mean GSL evaluates the reflection I_{1−x}(b, a) at the rounded 1 − x, which is
            // the upper tail at x′ = 1 − fl(1 − x) rather than at x; the shift δ = x − x′ is exact.
            let y = 1 - x
            let shift = x - (1 - y)
            var upper = try GSL.betaInc(b, a, y)
            if shift != 0 {
                // Q(x) = Q(x′) − f(x)·δ + O(δ²): removes the relative error b·ε of the rounding.
                upper -= try density(at: x) * shift
            }
            return (1 - upper, upper)
        } catch {
            guard smaller >= 15 else { throw error }
            return try Self.temmeTails(a, b, lambda)
        }
    }

    /// The density x^{α−1}(1 − x)^{β−1} / B(α, β), evaluated in logarithms.
    public func density(at x: Double) throws(StatsError) -> Double {
        guard x > 0, x < 1 else { return 0 }
        let lnDensity = (alpha - 1) * (try GSL.log(x)) + (beta - 1) * (try GSL.log1p(-x)) - (try GSL.lnBeta(alpha, beta))
        return try GSL.exp(lnDensity)
    }

    /// I_x(a, b) = x^a (1 − x)^b / (a B(a, b)) · ₂F₁(a + b, 1; a + 1; x), a series of positive terms
    /// (Abramowitz & Stegun 26.5.23 with Euler's transformation).
    ///
    /// For a huge b GSL's `beta_inc` loses accuracy near the mean (its continued fraction starts
    /// with 1 − (a + b)x/(a + 1), which cancels) and above it (it reflects to I_{1−x}(b, a) and
    /// rounds 1 − x: 3 % at b = 2^53). This form keeps x exact and sums positive terms; it needs
    /// about (a + b)x terms, so it is used only where that is at most 1,000.
    private static func hypergeometricLowerTail(_ a: Double, _ b: Double, _ x: Double) throws(StatsError) -> Double {
        let lnPrefactor = a * (try GSL.log(x)) + b * (try GSL.log1p(-x)) - (try GSL.log(a)) - (try GSL.lnBeta(a, b))
        return try GSL.exp(lnPrefactor) * GSL.hypergeometric2F1(a + b, 1, a + 1, x)
    }

    /// The x with P(X ≤ x) = p.
    ///
    /// - Complexity: at most 200 tail evaluations.
    public func quantile(lowerTail p: Double) throws(StatsError) -> Double {
        try validateProbability(p)
        if p == 0 { return 0 }
        if p == 1 { return 1 }
        // Solve in the variable whose distribution has its mean at or below ½, so that small
        // quantiles keep their relative precision.
        if alpha <= beta {
            return try Self.solve(a: alpha, b: beta, target: p, onUpperTail: false)
        }
        return 1 - (try Self.solve(a: beta, b: alpha, target: p, onUpperTail: true))
    }

    /// The x with P(X > x) = q.
    ///
    /// - Complexity: at most 200 tail evaluations.
    public func quantile(upperTail q: Double) throws(StatsError) -> Double {
        try validateProbability(q)
        if q == 0 { return 1 }
        if q == 1 { return 0 }
        if alpha <= beta {
            return try Self.solve(a: alpha, b: beta, target: q, onUpperTail: true)
        }
        return 1 - (try Self.solve(a: beta, b: alpha, target: q, onUpperTail: false))
    }

    private func validateProbability(_ p: Double) throws(StatsError) {
        guard p >= 0, p <= 1 else {
            throw .invalidArgument("tail probability \(p) is not in [0, 1]")
        }
    }

    // MARK: Quantile search

    /// Solves P(T ≤ t) = target (or P(T > t) = target) for T ~ Beta(a, b) with a ≤ b.
    ///
    /// f(t) = lower(t) − target, or target − upper(t), increases in t; a bracket [lo, hi] with
    /// f(lo) < 0 < f(hi) is kept throughout. Each step tries Newton (f′ is the density) and falls
    /// back to bisection — geometric while the bracket spans orders of magnitude — when Newton leaves
    /// the bracket or stalls.
    private static func solve(a: Double, b: Double, target: Double, onUpperTail: Bool) throws(StatsError) -> Double {
        let distribution = try BetaDistribution(alpha: a, beta: b)
        func f(_ t: Double) throws(StatsError) -> Double {
            let tails = try distribution.tails(at: t)
            return onUpperTail ? target - tails.upper : tails.lower - target
        }
        // f at the bracket's ends: f(0) = −P(T > 0)… so that the closer end can be returned.
        var lo = 0.0
        var hi = 1.0
        var fLo = onUpperTail ? target - 1 : -target
        var fHi = onUpperTail ? target : 1 - target
        func closer() -> Double { abs(fLo) <= abs(fHi) ? lo : hi }

        var t = initialGuess(distribution, target: target, onUpperTail: onUpperTail)
        var previousStep = Double.infinity
        let tolerance = 4 * Double.ulpOfOne
        for _ in 0..<200 {
            let value = try f(t)
            if value == 0 { return t }
            if value < 0 { (lo, fLo) = (t, value) } else { (hi, fHi) = (t, value) }
            if hi - lo <= tolerance * hi { return closer() }

            let slope = (try? distribution.density(at: t)) ?? 0
            var next = slope > 0 ? t - value / slope : .nan
            let step = abs(next - t)
            if !(next > lo && next < hi) || step > previousStep / 2 {
                // Bisect: geometrically while the bracket spans more than a factor of 8.
                if lo == 0 {
                    next = hi * 0x1p-32  // towards 0 fast: the root may be far below any guess
                } else if hi > 8 * lo {
                    next = (lo * hi).squareRoot()
                } else {
                    next = lo + (hi - lo) / 2
                }
                previousStep = .infinity
            } else {
                if step <= tolerance * t { return next }
                previousStep = step
            }
            if next <= lo || next >= hi { return closer() }  // no double left strictly inside
            t = next
        }
        // A quantile below the smallest normal double: 0 and its neighbours are as close as doubles get.
        if hi < Double.leastNormalMagnitude { return closer() }
        guard hi - lo <= 1e-12 * hi else {
            throw .noConvergence("Beta(\(a), \(b)) quantile at tail \(target): bracket [\(lo), \(hi)] after 200 steps")
        }
        return closer()
    }

    /// A starting point: the normal approximation, or for a skewed distribution whose normal guess
    /// falls outside (0, 1), the leading term of the lower-tail series I_t ≈ t^a / (a B(a, b)).
    private static func initialGuess(_ d: BetaDistribution, target: Double, onUpperTail: Bool) -> Double {
        let z = GSL.normalUpperQuantile(target)  // Q⁻¹(target)
        let guess = d.mean + (onUpperTail ? z : -z) * d.standardDeviation
        if guess > 0, guess < 1 { return guess }
        if !onUpperTail, let lnTarget = try? GSL.log(target), let lnAlpha = try? GSL.log(d.alpha),
            let lnBeta = try? GSL.lnBeta(d.alpha, d.beta),
            let value = try? GSL.exp((lnTarget + lnAlpha + lnBeta) / d.alpha), value > 0, value < 1
        {
            return value
        }
        return d.mean
    }

    // MARK: Temme's uniform asymptotic expansion (TOMS 708's BASYM)

    /// Both tails from the expansion: it gives I_x(a, b) for λ ≥ 0 (x at or below the mean); the
    /// upper tail for λ < 0 comes from the reflection I_{1−x}(b, a), whose λ is −λ.
    private static func temmeTails(_ a: Double, _ b: Double, _ lambda: Double) throws(StatsError) -> (
        lower: Double, upper: Double
    ) {
        if lambda >= 0 {
            let lower = try temme(a, b, lambda)
            return (lower, 1 - lower)
        }
        let upper = try temme(b, a, -lambda)
        return (1 - upper, upper)
    }

    /// I_x(a, b) for a, b ≥ 15 and λ = a − (a + b)x ≥ 0, by Temme's expansion in powers of
    /// 1/√min(a, b) (at most 20 terms).
    ///
    /// With f = a·φ(−λ/a) + b·φ(λ/b), φ(u) = u − ln(1 + u), the leading term is ½ erfc(√f) and the
    /// corrections are the series Σ dₙ wⁿ Jₙ of DiDonato & Morris (1992), eqs. (48)–(53).
    private static func temme(_ a: Double, _ b: Double, _ lambda: Double) throws(StatsError) -> Double {
        let twoOverRootPi = 1.1283791670955126  // 2/√π
        let e1 = 0.35355339059327373  // 2^(−3/2)

        // f = a·(u − ln(1+u))|_{u=−λ/a} + b·(u − ln(1+u))|_{u=λ/b}
        let f = -a * (try GSL.log1pMinusX(-lambda / a)) - b * (try GSL.log1pMinusX(lambda / b))
        let expMinusF = try GSL.exp(-f)
        if expMinusF == 0 { return 0 }
        let z0 = f.squareRoot()
        let z = z0 / e1 * 0.5
        let z2 = f + f

        let h: Double
        let r0: Double
        let r1: Double
        let w0: Double
        if a < b {
            h = a / b
            r0 = 1 / (h + 1)
            r1 = (b - a) / b
            w0 = 1 / (a * (h + 1)).squareRoot()
        } else {
            h = b / a
            r0 = 1 / (h + 1)
            r1 = (b - a) / a
            w0 = 1 / (b * (h + 1)).squareRoot()
        }

        // j0 = ½·(√π/2)·e^{z0²} erfc(z0), the scaled complementary error function.
        let j0 = 0.5 / twoOverRootPi * (try GSL.exp(f + (try GSL.logErfc(z0))))
        let sum = temmeSeries(h: h, r0: r0, r1: r1, w0: w0, z: z, z2: z2, j0: j0)
        // bcorr(a, b) = δ(a) + δ(b) − δ(a + b), δ the Stirling correction ln Γ*.
        let bcorr = try GSL.lnGammaStar(a) + GSL.lnGammaStar(b) - GSL.lnGammaStar(a + b)
        return twoOverRootPi * expMinusF * (try GSL.exp(-bcorr)) * sum
    }

    /// The sum j0 + Σ dₙ wⁿ Jₙ of Temme's expansion (at most 20 terms), its coefficients computed by
    /// the recurrences of DiDonato & Morris (1992) in one stack allocation.
    private static func temmeSeries(h: Double, r0: Double, r1: Double, w0: Double, z: Double, z2: Double, j0: Double) -> Double {
        let terms = 20
        let e1 = 0.35355339059327373  // 2^(−3/2)
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 4 * (terms + 1)) { buffer in
            buffer.initialize(repeating: 0)
            let a0 = buffer.baseAddress!
            let b0 = a0 + (terms + 1)
            let c = b0 + (terms + 1)
            let d = c + (terms + 1)
            a0[0] = r1 * 2 / 3
            c[0] = -0.5 * a0[0]
            d[0] = -c[0]
            var j0 = j0
            var j1 = e1
            var sum = j0 + d[0] * w0 * j1
            var s = 1.0
            var hn = 1.0
            var w = w0
            var znm1 = z
            var zn = z2
            let h2 = h * h
            var n = 2
            while n <= terms {
                hn *= h2
                a0[n - 1] = 2 * r0 * (h * hn + 1) / (Double(n) + 2)
                s += hn
                a0[n] = 2 * r1 * s / (Double(n) + 3)
                for i in n...(n + 1) {
                    let r = -0.5 * (Double(i) + 1)
                    b0[0] = r * a0[0]
                    for m in 2...i {
                        var bsum = 0.0
                        for j in 1..<m {
                            bsum += (Double(j) * r - Double(m - j)) * a0[j - 1] * b0[m - j - 1]
                        }
                        b0[m - 1] = r * a0[m - 1] + bsum / Double(m)
                    }
                    c[i - 1] = b0[i - 1] / (Double(i) + 1)
                    var dsum = 0.0
                    for j in 1..<i {
                        dsum += d[i - j - 1] * c[j - 1]
                    }
                    d[i - 1] = -(dsum + c[i - 1])
                }
                j0 = e1 * znm1 + (Double(n) - 1) * j0
                j1 = e1 * zn + Double(n) * j1
                znm1 *= z2
                zn *= z2
                w *= w0
                let t0 = d[n - 1] * w * j0
                w *= w0
                let t1 = d[n] * w * j1
                sum += t0 + t1
                if abs(t0) + abs(t1) <= 1e-15 * sum { break }
                n += 2
            }
            return sum
        }
    }
}
