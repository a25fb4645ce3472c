import SextantStats

/// What one metric is judged against: a range a rate should reach, or a ceiling an issue rate
/// should stay under.
public enum MetricTarget: Hashable, Sendable {
    /// A range [floor, ceiling] for the contained and resolution rates: `met` from the floor on,
    /// `above` past the top of the recommended range.
    case range(TargetRange)
    /// A ceiling for an issue rate. With zero tolerance a single observed issue fails it, whatever
    /// the interval says.
    case ceiling(Double, zeroTolerance: Bool)

    /// The value a rate is compared with: the floor of a range, or the ceiling.
    public var threshold: Double {
        switch self {
        case .range(let range): range.floor
        case .ceiling(let ceiling, _): ceiling
        }
    }

    /// Whether a true (or expected) value of the metric is on the right side of the threshold:
    /// at least the floor, or at most the ceiling.
    public func isSatisfied(by value: Double) -> Bool {
        switch self {
        case .range(let range): value >= range.floor
        case .ceiling(let ceiling, _): value <= ceiling
        }
    }

    /// The verdict for a band of plausible values — a confidence interval, or a simulation's
    /// 5 %–95 % band — given how many sessions with an issue were seen (for zero tolerance).
    ///
    /// - Parameters:
    ///   - band: the interval judged.
    ///   - observed: sessions with an issue of this severity, when known; with zero tolerance any
    ///     observed issue makes the verdict `above`.
    public func verdict(_ band: Interval, observed: Int? = nil) -> Verdict {
        switch self {
        case .range(let range): .rate(band, against: range)
        case .ceiling(let ceiling, let zeroTolerance):
            .issue(band, ceiling: ceiling, toleranceBroken: zeroTolerance && (observed ?? 0) > 0)
        }
    }
}

extension Targets {
    /// The target `metric` is judged against; nil for a metric these targets do not judge (total
    /// automation, and the any-issue rate unless a ceiling is set for it).
    public func target(for metric: Metric) -> MetricTarget? {
        switch metric {
        case .contained: .range(contained)
        case .resolution: .range(resolution)
        case .p0, .p1, .p2:
            metric.severity.flatMap { severity in
                issues.ceilings[severity].map { .ceiling($0, zeroTolerance: issues.zeroTolerance.contains(severity)) }
            }
        case .any: issues.any.map { .ceiling($0, zeroTolerance: false) }
        case .automation: nil
        }
    }
}

extension MetricTarget {
    /// The sessions (reviewed sessions, for a ceiling) that settle this target's verdict, as the
    /// reports give it — the same interval method, confidence and two-sided interval — with
    /// probability `power` when the true rate is `rate`: `met` for a rate on the right side of the
    /// threshold, `below` (under a floor) or `above` (over a ceiling) for one on the wrong side.
    ///
    /// - Returns: the number of sessions, or nil when the rate sits on the threshold (no sample
    ///   settles it) or no sample up to 2^53 does.
    /// - Throws: `StatsError` for a rate or power outside (0, 1) or an invalid confidence.
    /// - Complexity: O(log² n) interval evaluations (SextantStats' `SampleSize.toConclude(rate:power:method:confidence:conclusiveAbove:where:)`).
    public func sessionsToSettle(
        rate: Double, power: Double, method: IntervalMethod, confidence: Double
    ) throws(StatsError) -> Int? {
        guard rate != threshold else { return nil }
        let above = rate > threshold
        let wanted: Set<Verdict> =
            switch self {
            case .range: above ? [.met, .above] : [.below]
            case .ceiling: above ? [.above] : [.met]
            }
        return try SampleSize.toConclude(
            rate: rate, power: power, method: method, confidence: confidence, conclusiveAbove: above
        ) { wanted.contains(verdict($0)) }
    }

    /// The reviewed sessions that, with no issue seen among them, make an issue rate `met` under
    /// this ceiling in the reports: the smallest n whose interval of `method` at 0 / n has an upper
    /// bound at most the ceiling. For Wilson at 95 % and a 0.1 % ceiling that is 3,838 — more than
    /// the 2,995 of a one-sided exact bound (SextantStats' `SampleSize.zeroIssueReviews(ceiling:confidence:)`),
    /// because the reports' interval is two-sided.
    ///
    /// - Returns: the number of reviewed sessions; nil for a range target, or when no sample up to
    ///   2^53 is enough.
    public func sessionsForZeroIssues(method: IntervalMethod, confidence: Double) throws(StatsError) -> Int? {
        guard case .ceiling(let ceiling, _) = self else { return nil }
        return try SampleSize.smallestTrials { (n: Double) throws(StatsError) -> Bool in
            try method.interval(successes: 0, trials: n, confidence: confidence).upper <= ceiling
        }
    }
}
