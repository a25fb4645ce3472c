/// A closed interval [lower, upper]: bounds for a proportion (within [0, 1]) or for a difference of
/// two proportions (within [−1, 1]).
public struct Interval: Hashable, Sendable {
    /// The lower bound.
    public var lower: Double
    /// The upper bound.
    public var upper: Double

    /// Creates [lower, upper].
    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// Half the width, (upper − lower) / 2.
    public var halfWidth: Double { (upper - lower) / 2 }

    /// Whether the interval contains `value`.
    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }

    fileprivate func clipped() -> Interval {
        Interval(lower: min(max(lower, 0), 1), upper: min(max(upper, 0), 1))
    }
}

/// A method for a confidence interval on a binomial proportion k/n.
///
/// All methods clip their bounds to [0, 1]. For the comparison of their coverage see
/// L. D. Brown, T. T. Cai and A. DasGupta (2001), "Interval estimation for a binomial proportion",
/// Statistical Science 16, 101–133, who recommend Wilson or Jeffreys for small n and Agresti–Coull
/// for n ≥ 40; Wald is offered only for comparison with naive dashboards.
public enum IntervalMethod: String, CaseIterable, Hashable, Sendable, Codable {
    /// Wilson's score interval (the default): the set of p that a two-sided score test at level
    /// 1 − C does not reject. With z = Φ⁻¹(1 − α/2):
    /// (k + z²/2)/(n + z²) ± z/(n + z²) · √(k(n − k)/n + z²/4).
    /// Lower bound exactly 0 at k = 0, upper exactly 1 at k = n. Coverage close to nominal on
    /// average, never far below it except near p = 0 or 1. E. B. Wilson (1927), JASA 22, 209–212.
    case wilson
    /// Clopper–Pearson's exact interval: inverts two one-sided binomial tests, so coverage is at
    /// least C for every p (conservative). Lower B⁻¹(α/2; k, n − k + 1), upper
    /// B⁻¹(1 − α/2; k + 1, n − k), with the closed forms 0 and 1 − (α/2)^{1/n} at k = 0 and
    /// (α/2)^{1/n} and 1 at k = n. C. J. Clopper and E. S. Pearson (1934), Biometrika 26, 404–413.
    case clopperPearson = "clopper-pearson"
    /// Jeffreys' equal-tailed interval: the α/2 and 1 − α/2 quantiles of the Beta(k + ½, n − k + ½)
    /// posterior under the Jeffreys prior, with the lower bound set to 0 at k = 0 and the upper to 1
    /// at k = n (Brown, Cai and DasGupta 2001, §4.1.2).
    case jeffreys
    /// Agresti–Coull: the Wald interval around the Wilson centre, ñ = n + z², p̃ = (k + z²/2)/ñ,
    /// p̃ ± z √(p̃(1 − p̃)/ñ). A. Agresti and B. A. Coull (1998), The American Statistician 52, 119–126.
    case agrestiCoull = "agresti-coull"
    /// Wald: p̂ ± z √(p̂(1 − p̂)/n). Poor coverage for small n or p near 0 or 1; zero width at k = 0
    /// and k = n.
    case wald

    /// The interval for `count` successes in `total` trials at the given confidence level.
    ///
    /// - Parameters:
    ///   - count: successes k, 0 ≤ k ≤ n.
    ///   - total: trials n, 1 ≤ n ≤ 2^53.
    ///   - confidence: the level C in (0, 1), e.g. 0.95.
    /// - Returns: bounds within [0, 1] with lower ≤ k/n ≤ upper.
    /// - Throws: ``StatsError/invalidArgument(_:)`` for k > n, negative counts, n = 0 or C outside (0, 1).
    /// - Complexity: O(1) for Wilson, Agresti–Coull and Wald; for Clopper–Pearson and Jeffreys
    ///   typically one to three evaluations of the incomplete beta function per bound, at most a
    ///   few hundred. ``intervals(counts:totals:confidence:threads:)`` computes many on every core.
    public func interval(count: Int, total: Int, confidence: Double = 0.95) throws(StatsError) -> Interval {
        try validateCounts(count: count, total: total)
        guard total > 0 else { throw .invalidArgument("no trials: an interval needs a total of at least 1") }
        return try interval(successes: Double(count), trials: Double(total), confidence: confidence)
    }

    /// The interval for a real-valued number of successes, as when an observed rate is projected to
    /// a larger sample (k = rate·n); `successes` in [0, trials], `trials` > 0.
    public func interval(successes k: Double, trials n: Double, confidence: Double) throws(StatsError) -> Interval {
        try validateConfidence(confidence)
        let halfAlpha = (1 - confidence) / 2
        let z = GSL.normalUpperQuantile(halfAlpha)
        switch self {
        case .wilson:
            let z2 = z * z
            let centre = (k + z2 / 2) / (n + z2)
            let half = z / (n + z2) * (k * ((n - k) / n) + z2 / 4).squareRoot()
            return Interval(
                lower: k == 0 ? 0 : centre - half,
                upper: k == n ? 1 : centre + half
            ).clipped()
        case .clopperPearson:
            // Closed forms at the ends: P(X = 0) = (1 − p)^n and P(X = n) = p^n.
            let lnHalfAlpha = try GSL.log(halfAlpha)
            let lower =
                k == 0
                ? 0
                : k == n
                    ? try GSL.exp(lnHalfAlpha / n)
                    : try BetaDistribution(alpha: k, beta: n - k + 1).quantile(lowerTail: halfAlpha)
            let upper =
                k == n
                ? 1
                : k == 0
                    ? -(try GSL.expm1(lnHalfAlpha / n))
                    : try BetaDistribution(alpha: k + 1, beta: n - k).quantile(upperTail: halfAlpha)
            return Interval(lower: lower, upper: upper).clipped()
        case .jeffreys:
            // Both bounds are quantiles of one posterior: its ln B and Stirling correction are computed once.
            let posterior = try BetaDistribution(alpha: k + 0.5, beta: n - k + 0.5)
            let terms = try BetaTerms(a: posterior.alpha, b: posterior.beta).prepared()
            return Interval(
                lower: k == 0 ? 0 : try posterior.quantile(lowerTail: halfAlpha, terms: terms),
                upper: k == n ? 1 : try posterior.quantile(upperTail: halfAlpha, terms: terms)
            ).clipped()
        case .agrestiCoull:
            let nTilde = n + z * z
            let pTilde = (k + z * z / 2) / nTilde
            let half = z * (pTilde * (1 - pTilde) / nTilde).squareRoot()
            return Interval(lower: pTilde - half, upper: pTilde + half).clipped()
        case .wald:
            let p = k / n
            let half = z * (p * (1 - p) / n).squareRoot()
            return Interval(lower: p - half, upper: p + half).clipped()
        }
    }
}
