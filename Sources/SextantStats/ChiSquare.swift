import CGSL

/// Pearson's chi-square test of homogeneity: whether several groups share one proportion.
///
/// For groups i with xᵢ successes in nᵢ trials, the pooled p̂ = Σxᵢ / Σnᵢ gives expected counts
/// Eᵢ = nᵢ·p̂ and nᵢ·(1 − p̂); X² = Σ (O − E)² / E over the 2 × G table is referred to χ² with
/// G − 1 degrees of freedom (K. Pearson (1900), Phil. Mag. 50, 157–175; A. Agresti, *Categorical
/// Data Analysis*, 3rd ed. (2013), §3.2). The approximation wants expected counts of about 5 or
/// more in most cells.
public enum ChiSquare {
    /// P(X ≥ x) for X ~ χ²(k): the regularized upper incomplete gamma Q(k/2, x/2)
    /// (`gsl_sf_gamma_inc_Q_e`).
    ///
    /// - Parameters:
    ///   - x: the statistic, at least 0.
    ///   - degreesOfFreedom: k > 0.
    /// - Returns: the upper tail probability.
    /// - Throws: ``StatsError`` for arguments GSL refuses.
    public static func upperTail(_ x: Double, degreesOfFreedom: Double) throws(StatsError) -> Double {
        guard degreesOfFreedom > 0, x >= 0, x.isFinite else {
            throw .invalidArgument("chi-square needs x ≥ 0 and degrees of freedom > 0; found x = \(x), k = \(degreesOfFreedom)")
        }
        return try GSL.call("gsl_sf_gamma_inc_Q_e") { gsl_sf_gamma_inc_Q_e(degreesOfFreedom / 2, x / 2, $0) }
    }

    /// The test of homogeneity of the proportions `successes[i] / totals[i]` over the groups with
    /// at least one trial.
    ///
    /// - Parameters:
    ///   - successes: successes per group.
    ///   - totals: trials per group (each at least its successes).
    /// - Returns: X², its degrees of freedom and its p-value; nil with fewer than two groups with
    ///   trials. When every trial is a success (or none is), X² = 0 and the p-value is 1.
    /// - Throws: ``StatsError`` for counts that are negative or beyond their totals.
    public static func homogeneity(successes: [Int], totals: [Int]) throws(StatsError) -> (
        statistic: Double, degreesOfFreedom: Int, pValue: Double
    )? {
        guard successes.count == totals.count else { throw .invalidArgument("one success count per group is needed") }
        let groups = zip(successes, totals).filter { $0.1 > 0 }
        for (x, n) in groups where x < 0 || x > n {
            throw .invalidArgument("successes must be from 0 to their group's trials; found \(x) of \(n)")
        }
        guard groups.count >= 2 else { return nil }
        let trials = Double(groups.reduce(0) { $0 + $1.1 })
        let pooled = Double(groups.reduce(0) { $0 + $1.0 }) / trials
        let df = groups.count - 1
        guard pooled > 0, pooled < 1 else { return (0, df, 1) }
        var statistic = 0.0
        for (x, n) in groups {
            let expected = Double(n) * pooled
            let other = Double(n) - expected
            statistic += (Double(x) - expected) * (Double(x) - expected) / expected
            statistic += (Double(n - x) - other) * (Double(n - x) - other) / other
        }
        return (statistic, df, try upperTail(statistic, degreesOfFreedom: Double(df)))
    }
}
