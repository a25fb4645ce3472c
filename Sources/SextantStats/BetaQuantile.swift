// The quantile search of `BetaDistribution`: a starting point from Abramowitz & Stegun 26.5.22,
// then Halley steps on the tail function inside a bracket that is kept throughout.
extension BetaTerms {
    /// Solves P(T ≤ t) = target (or P(T > t) = target) for T ~ Beta(a, b) with a ≤ b.
    ///
    /// f(t) = lower(t) − target, or target − upper(t), increases in t; a bracket [lo, hi] with
    /// f(lo) < 0 < f(hi) is kept throughout. Each step tries Halley's method — f′ is the density
    /// g, and f″/f′ = (a − 1)/t − (b − 1)/(1 − t) costs nothing more — and falls back to bisection
    /// (geometric while the bracket spans orders of magnitude) when the step leaves the bracket
    /// or stalls.
    ///
    /// It stops when the bracket or the step is within 4 ulps of t, or after a Halley step δ at
    /// most 10⁻⁵ of the local scale s = min(σ, t, 1/|f″/f′|): Halley's error is then about
    /// K·δ³/s² ≤ 10⁻¹⁵·K·s with K ≈ z²/12 + 1/6 near a normal z-quantile, within a few ulps of t,
    /// so the tail is not evaluated again to confirm it.
    func solve(target: Double, onUpperTail: Bool) throws(StatsError) -> Double {
        func f(_ t: Double) throws(StatsError) -> Double {
            let tails = try tails(at: t)
            return onUpperTail ? target - tails.upper : tails.lower - target
        }
        // f at the bracket's ends: f(0) = −P(T > 0)… so that the closer end can be returned.
        var lo = 0.0
        var hi = 1.0
        var fLo = onUpperTail ? target - 1 : -target
        var fHi = onUpperTail ? target : 1 - target
        func closer() -> Double { abs(fLo) <= abs(fHi) ? lo : hi }

        let sd = (a / (a + b) * (b / (a + b)) / (a + b + 1)).squareRoot()
        var t = try initialGuess(target: target, onUpperTail: onUpperTail)
        var previousStep = Double.infinity
        let tolerance = 4 * Double.ulpOfOne
        for _ in 0..<200 {
            let value = try f(t)
            if value == 0 { return t }
            if value < 0 { (lo, fLo) = (t, value) } else { (hi, fHi) = (t, value) }
            if hi - lo <= tolerance * hi { return closer() }

            let slope = (try? density(at: t)) ?? 0
            let newton = slope > 0 ? value / slope : .nan
            // f″/f′ = g′/g; Halley's step u/(1 − u·c/2), Newton's where the correction is large.
            let curvature = (a - 1) / t - (b - 1) / (1 - t)
            let correction = newton * curvature / 2
            let halley = abs(correction) < 0.5
            var next = halley ? t - newton / (1 - correction) : t - newton
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
                if step <= tolerance * next { return next }
                if halley, step <= 1e-5 * min(sd, next, 1 / abs(curvature)) { return next }
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

    /// A starting point. For a, b ≥ 1, Abramowitz & Stegun 26.5.22 (as in Numerical Recipes'
    /// `invbetai`): with y the normal quantile of the same lower tail, λ = (y² − 3)/6,
    /// h = 2/(1/(2a − 1) + 1/(2b − 1)) and
    /// w = y√(h + λ)/h − (1/(2b − 1) − 1/(2a − 1))(λ + 5/6 − 2/(3h)), the quantile is about
    /// a/(a + b·e^{2w}) — within 10⁻⁵ standard deviations for most intervals, so that one or two
    /// Halley steps finish. Otherwise the leading term of the lower-tail series
    /// I_t ≈ t^a / (a B(a, b)), or the normal approximation.
    private func initialGuess(target: Double, onUpperTail: Bool) throws(StatsError) -> Double {
        let z = GSL.normalUpperQuantile(target)  // Q⁻¹(target)
        if a >= 1 {
            // y: the upper normal quantile of the lower tail P(T ≤ t), i.e. Q⁻¹(1 − target) on the upper tail.
            let y = onUpperTail ? -z : z
            let lambda = (y * y - 3) / 6
            let h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1))
            let w = y * (h + lambda).squareRoot() / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (lambda + 5.0 / 6 - 2 / (3 * h))
            let guess = a / (a + b * (try GSL.exp(2 * w)))
            if guess > 0, guess < 1 { return guess }
        }
        if !onUpperTail, let lnTarget = try? GSL.log(target), let lnA = try? GSL.log(a),
            let value = try? GSL.exp((lnTarget + lnA + (try lnBeta())) / a), value > 0, value < 1
        {
            return value
        }
        let s = a + b
        let guess = a / s + (onUpperTail ? z : -z) * (a / s * (b / s) / (s + 1)).squareRoot()
        return guess > 0 && guess < 1 ? guess : a / s
    }
}
