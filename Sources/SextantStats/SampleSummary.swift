import CGSL

/// The distribution of a sample, summarised: mean, standard deviation and the 5th, 50th and 95th
/// percentiles — what a simulation reports for each metric.
public struct SampleSummary: Hashable, Sendable {
    /// The number of values summarised.
    public let count: Int
    /// The arithmetic mean (`gsl_stats_mean`).
    public let mean: Double
    /// The sample standard deviation, n − 1 in the denominator (`gsl_stats_sd`); 0 for one value.
    public let sd: Double
    /// The 5th percentile.
    public let p05: Double
    /// The median.
    public let p50: Double
    /// The 95th percentile.
    public let p95: Double

    /// Summarises `values`, ignoring NaNs (no data); nil when nothing is left. Reorders the buffer.
    ///
    /// Percentiles interpolate linearly between order statistics: with h = f·(n − 1), the value is
    /// x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎) — the definition of `gsl_stats_quantile_from_sorted_data`,
    /// NumPy's default and R's type 7. The order statistics come from GSL's quickselect
    /// (`gsl_stats_select`), without a full sort.
    ///
    /// - Complexity: O(n).
    public init?(sorting values: UnsafeMutableBufferPointer<Double>) {
        GSL.configure()
        guard let base = values.baseAddress else { return nil }
        // Move the NaNs to the end.
        var count = 0
        for i in 0..<values.count where !values[i].isNaN {
            values.swapAt(i, count)
            count += 1
        }
        guard count > 0 else { return nil }
        self.count = count
        mean = gsl_stats_mean(base, 1, count)
        sd = count > 1 ? gsl_stats_sd_m(base, 1, count, mean) : 0
        p05 = Self.quantile(base, count, 0.05)
        p50 = Self.quantile(base, count, 0.5)
        p95 = Self.quantile(base, count, 0.95)
    }

    /// The f-quantile of `count` values, partially reordering them.
    private static func quantile(_ base: UnsafeMutablePointer<Double>, _ count: Int, _ f: Double) -> Double {
        let index = f * Double(count - 1)
        let lower = Int(index)
        let delta = index - Double(lower)
        let low = gsl_stats_select(base, 1, count, lower)
        guard lower + 1 < count, delta > 0 else { return low }
        // After selection every value past `lower` is at least x₍lower₎: the next order statistic is their minimum.
        var high = Double.infinity
        for i in (lower + 1)..<count { high = min(high, base[i]) }
        return (1 - delta) * low + delta * high
    }

    /// A summary from figures computed elsewhere, as by ``RateSketches`` without keeping the values.
    ///
    /// - Parameters:
    ///   - count: the number of values summarised, at least 1.
    ///   - mean: their mean.
    ///   - sd: their sample standard deviation.
    ///   - p05: their 5th percentile.
    ///   - p50: their median.
    ///   - p95: their 95th percentile.
    public init(count: Int, mean: Double, sd: Double, p05: Double, p50: Double, p95: Double) {
        self.count = count
        self.mean = mean
        self.sd = sd
        self.p05 = p05
        self.p50 = p50
        self.p95 = p95
    }

    /// Summarises an array of values (NaNs ignored).
    public init?(_ values: [Double]) {
        var copy = values
        guard let summary = copy.withUnsafeMutableBufferPointer({ SampleSummary(sorting: $0) }) else { return nil }
        self = summary
    }
}
