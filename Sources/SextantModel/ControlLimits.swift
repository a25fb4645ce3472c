/// The limits of a p-chart (Shewhart's chart of a proportion) at one week: the centre line is the
/// pooled rate p̄ over the weeks shown, the limits p̄ ± 3·√(p̄(1 − p̄)/nᵢ) at that week's nᵢ,
/// clipped to [0, 1]. A week whose rate lies strictly outside its limits is a signal: a move
/// larger than week-to-week sampling noise explains (Montgomery, *Introduction to Statistical
/// Quality Control*, 7th ed., §7.2).
public struct ControlLimits: Hashable, Sendable {
    /// Which side of its limits a signalling week is on.
    public enum Side: String, Hashable, Sendable {
        /// Above the upper limit.
        case above
        /// Below the lower limit.
        case below
    }

    /// The centre line p̄: all the weeks' counts over all their totals.
    public let center: Double
    /// max(0, p̄ − 3·√(p̄(1 − p̄)/n)).
    public let lowerLimit: Double
    /// min(1, p̄ + 3·√(p̄(1 − p̄)/n)).
    public let upperLimit: Double
    /// The side the week's rate is on when it is outside the limits; nil inside them.
    public let side: Side?
    /// Whether the week's rate is outside its limits.
    public var signal: Bool { side != nil }

    /// The limits at `total` trials around `center`, and where `count`/`total` falls; nil when
    /// `total` is 0 (a week without sessions or without reviews has no rate to chart).
    ///
    /// - Parameters:
    ///   - center: the pooled rate p̄, from 0 to 1.
    ///   - count: the week's sessions that satisfy the metric.
    ///   - total: the week's sessions it is computed over (n).
    public init?(center: Double, count: Int, total: Int) {
        guard total > 0 else { return nil }
        let sigma = (center * (1 - center) / Double(total)).squareRoot()
        self.center = center
        lowerLimit = max(0, center - 3 * sigma)
        upperLimit = min(1, center + 3 * sigma)
        let rate = Double(count) / Double(total)
        side = rate > upperLimit ? .above : rate < lowerLimit ? .below : nil
    }

    /// The centre line and each sample's limits of a p-chart over samples of different sizes: the
    /// pooled proportion p̄ = Σ count / Σ total, and for each sample ``init(center:count:total:)``
    /// (Montgomery, *Introduction to Statistical Quality Control*, §7.2.2, "Variable sample size").
    ///
    /// - Parameter samples: each sample's count and total, in axis order.
    /// - Returns: the centre (nil when no sample has a total) and each sample's limits (nil for a
    ///   sample of no sessions).
    public static func pChart(_ samples: [(count: Int, total: Int)]) -> (center: Double?, limits: [ControlLimits?]) {
        let total = samples.reduce(0) { $0 + $1.total }
        guard total > 0 else { return (nil, samples.map { _ in nil }) }
        let center = Double(samples.reduce(0) { $0 + $1.count }) / Double(total)
        return (center, samples.map { ControlLimits(center: center, count: $0.count, total: $0.total) })
    }
}
