/// A rate with its evidence: successes, trials, point estimate and confidence interval.
///
/// This is the "rate object" of Sextant's JSON output. Over zero trials a rate is "no data": its
/// ``value`` and ``interval`` are nil, never 0 % or 100 %.
public struct Rate: Hashable, Sendable {
    /// The sessions that satisfy the metric (contained, resolved, with an issue…).
    public let count: Int
    /// The sessions the metric is computed over.
    public let total: Int
    /// The interval method.
    public let method: IntervalMethod
    /// The confidence level of the interval.
    public let confidence: Double
    /// The confidence interval, or nil over zero trials.
    public let interval: Interval?

    /// Computes the rate count/total and its interval.
    ///
    /// - Throws: ``StatsError/invalidArgument(_:)`` for invalid counts or confidence.
    public init(count: Int, total: Int, method: IntervalMethod = .wilson, confidence: Double = 0.95) throws(StatsError) {
        try validateCounts(count: count, total: total)
        try validateConfidence(confidence)
        self.count = count
        self.total = total
        self.method = method
        self.confidence = confidence
        self.interval = total == 0 ? nil : try method.interval(count: count, total: total, confidence: confidence)
    }

    /// The point estimate count/total, or nil over zero trials.
    public var value: Double? { total == 0 ? nil : Double(count) / Double(total) }
}
