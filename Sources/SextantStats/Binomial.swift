/// The binomial distribution Bin(n, p): the number of successes in n independent trials of
/// probability p. Its tails are incomplete beta functions, evaluated by ``BetaDistribution`` (so the
/// smaller tail keeps its relative accuracy for any n up to 2^53, where GSL's own
/// `gsl_cdf_binomial_P/Q` fail near the mean of a large n).
///
/// P(X ≥ k) = I_p(k, n − k + 1) and P(X ≤ k) = I_{1−p}(n − k, k + 1) = 1 − I_p(k + 1, n − k)
/// (Abramowitz & Stegun 26.5.24). They are what the exact (Clopper–Pearson) interval inverts: its
/// lower bound at k successes is at least p exactly when P(X ≥ k | n, p) ≤ α/2, and its upper bound
/// at most p exactly when P(X ≤ k | n, p) ≤ α/2 — one tail instead of a quantile search.
public struct Binomial: Hashable, Sendable {
    /// The number of trials n.
    public let trials: Int
    /// The success probability p.
    public let probability: Double

    /// Bin(n, p).
    ///
    /// - Parameters:
    ///   - trials: n, from 0 to 2^53.
    ///   - probability: p in [0, 1].
    /// - Throws: ``StatsError/invalidArgument(_:)`` outside those ranges.
    public init(trials: Int, probability: Double) throws(StatsError) {
        try validateCounts(count: 0, total: trials)
        guard probability >= 0, probability <= 1 else {
            throw .invalidArgument("binomial probability \(probability) is not in [0, 1]")
        }
        self.trials = trials
        self.probability = probability
    }

    /// P(X ≥ k): 1 for k ≤ 0, 0 for k > n, otherwise I_p(k, n − k + 1).
    ///
    /// - Parameter count: k.
    /// - Returns: the upper tail, with full relative accuracy when it is the smaller one.
    /// - Throws: `StatsError` when the incomplete beta function cannot be evaluated.
    /// - Complexity: O(1): one ``BetaDistribution/tails(at:)``.
    public func upperTail(atLeast count: Int) throws(StatsError) -> Double {
        if count <= 0 { return 1 }
        if count > trials { return 0 }
        return try BetaDistribution(alpha: Double(count), beta: Double(trials - count + 1)).lowerTail(probability)
    }

    /// P(X ≤ k): 0 for k < 0, 1 for k ≥ n, otherwise 1 − I_p(k + 1, n − k), computed directly.
    ///
    /// - Parameter count: k.
    /// - Returns: the lower tail, with full relative accuracy when it is the smaller one.
    /// - Throws: `StatsError` when the incomplete beta function cannot be evaluated.
    /// - Complexity: O(1): one ``BetaDistribution/tails(at:)``.
    public func lowerTail(atMost count: Int) throws(StatsError) -> Double {
        if count < 0 { return 0 }
        if count >= trials { return 1 }
        return try BetaDistribution(alpha: Double(count + 1), beta: Double(trials - count)).upperTail(probability)
    }
}
