import SextantStats

/// A ``GatePolicy`` prepared for judging many windows — every week of every replication of a
/// simulation — with the same verdict as ``GatePolicy/judge(_:targets:)`` but without computing
/// intervals: each rate criterion is a SextantStats `BoundComparison` — a closed form for Wilson,
/// Agresti–Coull and Wald; one binomial or Beta tail for Clopper–Pearson and Jeffreys.
public struct FastGate: Sendable {
    /// The policy judged.
    public let policy: GatePolicy
    /// The rate criteria in policy order: each metric with its threshold and comparison.
    public let rates: [(metric: Metric, threshold: Double, comparison: BoundComparison)]

    /// Prepares `policy` for windows judged against `targets`, at the policy's per-look confidence
    /// (``GatePolicy/lookConfidence``).
    ///
    /// - Throws: `StatsError` for an invalid confidence or a threshold that is not finite.
    public init(_ policy: GatePolicy, targets: Targets) throws(StatsError) {
        self.policy = policy
        var rates: [(Metric, Double, BoundComparison)] = []
        for (kind, threshold) in policy.thresholds(targets) {
            guard case .rate(let metric) = kind else { continue }
            let comparison =
                metric.isIssueRate
                ? try BoundComparison.upperBound(atMost: threshold, method: policy.method, confidence: policy.lookConfidence)
                : try BoundComparison.lowerBound(atLeast: threshold, method: policy.method, confidence: policy.lookConfidence)
            rates.append((metric, threshold, comparison))
        }
        self.rates = rates
    }

    /// Whether a window of sessions passes every criterion: ``GatePolicy/judge(_:targets:)``'s
    /// ``GateDecision/ready``.
    ///
    /// - Parameter tally: the window's counts.
    /// - Throws: `StatsError` for inconsistent counts or a tail that cannot be evaluated.
    /// - Complexity: O(criteria); at most one Beta tail per rate criterion.
    public func passes(_ tally: Tally) throws(StatsError) -> Bool {
        if let minSessions = policy.minSessions, tally.sessions < minSessions { return false }
        if let minReviewed = policy.minReviewed, tally.reviewed < minReviewed { return false }
        for rate in rates {
            guard try rate.comparison.holds(count: tally.count(rate.metric) ?? 0, total: tally.total(rate.metric) ?? 0)
            else { return false }
        }
        return true
    }
}
