/// Intervals for the shares of several categories observed together, e.g. handoff reasons.
public enum MultinomialIntervals {
    /// Goodman's simultaneous intervals for the shares of k categories with counts nᵢ, N = Σ nᵢ.
    ///
    /// With A the χ²₁ quantile at 1 − α/k (A = z², z = Φ⁻¹(1 − α/(2k))):
    /// (A + 2nᵢ ± √(A(A + 4nᵢ(N − nᵢ)/N))) / (2(N + A)).
    /// The Bonferroni split makes all k intervals hold together with probability at least about C.
    /// L. A. Goodman (1965), "On simultaneous confidence intervals for multinomial proportions",
    /// Technometrics 7, 247–254; as statsmodels' `multinomial_proportions_confint(method="goodman")`.
    ///
    /// - Throws: ``StatsError/invalidArgument(_:)`` for no categories, a negative count, an empty
    ///   total or a confidence outside (0, 1).
    /// - Complexity: O(k).
    public static func goodman(counts: [Int], confidence: Double = 0.95) throws(StatsError) -> [Interval] {
        try validateConfidence(confidence)
        guard !counts.isEmpty else { throw .invalidArgument("no categories to give intervals for") }
        var total = 0
        for count in counts {
            guard count >= 0 else { throw .invalidArgument("category count \(count) is negative") }
            total += count
        }
        try validateCounts(count: 0, total: total)
        guard total > 0 else { throw .invalidArgument("all category counts are 0; intervals need at least one observation") }
        let z = GSL.normalUpperQuantile((1 - confidence) / (2 * Double(counts.count)))
        let a = z * z
        let n = Double(total)
        return counts.map { count in
            let ni = Double(count)
            let centre = a + 2 * ni
            let spread = (a * (a + 4 * ni * ((n - ni) / n))).squareRoot()
            let denominator = 2 * (n + a)
            return Interval(lower: max(0, (centre - spread) / denominator), upper: min(1, (centre + spread) / denominator))
        }
    }
}
