/// Comparisons of two independent proportions k₁/n₁ and k₂/n₂, e.g. this week's contained rate
/// against last week's.
public enum TwoProportions {
    /// Newcombe's hybrid score interval for p₁ − p₂ (his method 10).
    ///
    /// With Wilson intervals (l₁, u₁) and (l₂, u₂) at the same confidence and D = p̂₁ − p̂₂:
    /// lower = D − √((p̂₁ − l₁)² + (u₂ − p̂₂)²), upper = D + √((u₁ − p̂₁)² + (p̂₂ − l₂)²).
    /// It inherits the Wilson interval's good coverage, stays within [−1, 1], and is defined at
    /// k = 0 and k = n. R. G. Newcombe (1998), "Interval estimation for the difference between
    /// independent proportions: comparison of eleven methods", Statistics in Medicine 17, 873–890.
    ///
    /// - Throws: ``StatsError/invalidArgument(_:)`` for invalid counts, an empty sample or a
    ///   confidence outside (0, 1).
    /// - Complexity: O(1).
    public static func newcombeInterval(
        count1: Int, total1: Int, count2: Int, total2: Int, confidence: Double = 0.95
    ) throws(StatsError) -> Interval {
        let w1 = try IntervalMethod.wilson.interval(count: count1, total: total1, confidence: confidence)
        let w2 = try IntervalMethod.wilson.interval(count: count2, total: total2, confidence: confidence)
        let p1 = Double(count1) / Double(total1)
        let p2 = Double(count2) / Double(total2)
        let d = p1 - p2
        let down = ((p1 - w1.lower) * (p1 - w1.lower) + (w2.upper - p2) * (w2.upper - p2)).squareRoot()
        let up = ((w1.upper - p1) * (w1.upper - p1) + (p2 - w2.lower) * (p2 - w2.lower)).squareRoot()
        return Interval(lower: max(d - down, -1), upper: min(d + up, 1))
    }

    /// The two-sided p-value of the pooled two-proportion z test of p₁ = p₂.
    ///
    /// z = (p̂₁ − p̂₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)) with the pooled p̂ = (k₁ + k₂)/(n₁ + n₂);
    /// p = 2·Q(|z|) (GSL's `gsl_cdf_ugaussian_Q`). When p̂ is 0 or 1 both samples agree exactly and
    /// the p-value is 1. The test is the score test; its square is Pearson's χ² for the 2×2 table.
    ///
    /// - Complexity: O(1).
    public static func zTestPValue(count1: Int, total1: Int, count2: Int, total2: Int) throws(StatsError) -> Double {
        try validateCounts(count: count1, total: total1)
        try validateCounts(count: count2, total: total2)
        guard total1 > 0, total2 > 0 else {
            throw .invalidArgument("a two-proportion test needs sessions in both samples; found totals \(total1) and \(total2)")
        }
        let n1 = Double(total1)
        let n2 = Double(total2)
        let pooled = (Double(count1) + Double(count2)) / (n1 + n2)
        let variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
        guard variance > 0 else { return 1 }
        let z = (Double(count1) / n1 - Double(count2) / n2) / variance.squareRoot()
        return min(1, 2 * GSL.normalUpperTail(abs(z)))
    }
}

/// Bayesian statements about a rate from its count, under the Jeffreys prior Beta(½, ½).
public enum RatePosterior {
    /// The probability that the true rate is at least `threshold`, given `count` successes in `total`
    /// trials: the upper tail of the Jeffreys posterior Beta(k + ½, n − k + ½) at the threshold.
    ///
    /// This is the "probability that the rate reaches its floor" of a target verdict. Near the
    /// posterior mean — exactly the inconclusive cases — GSL's incomplete beta function fails for
    /// large n; ``BetaDistribution`` switches to Temme's expansion there, so the value stays accurate
    /// for every n up to 2^53.
    ///
    /// - Throws: ``StatsError/invalidArgument(_:)`` for invalid counts or a threshold outside [0, 1].
    /// - Complexity: O(1).
    public static func probabilityAtLeast(_ threshold: Double, count: Int, total: Int) throws(StatsError) -> Double {
        try validateCounts(count: count, total: total)
        guard threshold >= 0, threshold <= 1 else {
            throw .invalidArgument("threshold \(threshold) is not a rate in [0, 1]")
        }
        let posterior = try BetaDistribution(alpha: Double(count) + 0.5, beta: Double(total - count) + 0.5)
        return try posterior.upperTail(threshold)
    }
}
