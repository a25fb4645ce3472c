import SextantStats

/// The floor a gate compares a rate's lower bound with: a number, or the target floor of the
/// workflow the sessions belong to.
public enum GateFloor: Hashable, Sendable {
    /// A number in [0, 1].
    case value(Double)
    /// The floor of the workflow's target range.
    case targetFloor

    /// The floor for sessions judged against `range`.
    public func resolved(_ range: TargetRange) -> Double {
        switch self {
        case .value(let floor): floor
        case .targetFloor: range.floor
        }
    }
}

/// An Auto-Pilot readiness policy: the criteria a window of sessions must meet, at a confidence
/// level, before a workflow (or an intent) goes on Auto-Pilot.
///
/// A criterion that is not set is not judged. Rate floors are compared with the interval's lower
/// bound and issue ceilings with its upper bound — so P0 is judged by its upper bound even when no
/// P0 issue was seen, and a small sample cannot pass by luck.
public struct GatePolicy: Hashable, Sendable {
    /// The confidence level of the intervals.
    public var confidence = 0.95
    /// The interval method.
    public var method: IntervalMethod = .wilson
    /// The fewest AI sessions in the window.
    public var minSessions: Int?
    /// The fewest reviewed sessions in the window.
    public var minReviewed: Int?
    /// The contained rate's lower bound must be at least this floor.
    public var contained: GateFloor?
    /// The resolution rate's lower bound must be at least this floor.
    public var resolution: GateFloor?
    /// Issue-rate ceilings (``Metric/p0``, ``Metric/p1``, ``Metric/p2``, ``Metric/any``): the
    /// upper bound must be at most each.
    public var ceilings: [Metric: Double] = [:]
    /// Judge only the last this many weeks of data; nil judges all of it.
    public var windowWeeks: Int?

    // Repeated looks (the plan's addition to the policy).

    /// The number of times the gate is to be checked (weekly over a rollout of that many weeks);
    /// nil for a single look. With it, each look is judged at ``lookConfidence``: the error rate
    /// 1 − C is spent evenly over the looks (Bonferroni), so the chance of passing on a rate on the
    /// wrong side of its threshold at *any* look stays within a single look's.
    public var looks: Int?

    /// The confidence each look is judged at: 1 − (1 − C)/K for K ``looks``, else C. By the union
    /// (Bonferroni) bound, P(some look's bound is on the wrong side) ≤ K · (1 − C)/(2K) = (1 − C)/2
    /// per criterion, whatever the dependence between looks — the equal-spending (Pocock-style)
    /// rule of group-sequential designs in its simplest, conservative form (S. J. Pocock (1977),
    /// "Group sequential methods in the design and analysis of clinical trials", Biometrika 64,
    /// 191–199).
    public var lookConfidence: Double {
        guard let looks, looks > 1 else { return confidence }
        return 1 - (1 - confidence) / Double(looks)
    }

    /// A policy that judges nothing, at 95 % with Wilson intervals.
    public init() {}

    /// The judged criteria in report order, each with its threshold for sessions whose targets are
    /// `targets`.
    public func thresholds(_ targets: Targets) -> [(criterion: GateCriterion.Kind, threshold: Double)] {
        var list: [(GateCriterion.Kind, Double)] = []
        if let minSessions { list.append((.minSessions, Double(minSessions))) }
        if let minReviewed { list.append((.minReviewed, Double(minReviewed))) }
        if let contained { list.append((.rate(.contained), contained.resolved(targets.contained))) }
        if let resolution { list.append((.rate(.resolution), resolution.resolved(targets.resolution))) }
        for metric in Metric.issueRates {
            if let ceiling = ceilings[metric] { list.append((.rate(metric), ceiling)) }
        }
        return list
    }

    /// Judges one window of sessions.
    ///
    /// - Parameters:
    ///   - tally: the window's counts.
    ///   - targets: the targets that `targetFloor` refers to.
    /// - Returns: every criterion with its figure, and whether all passed.
    /// - Throws: `StatsError` for an invalid confidence.
    /// - Complexity: one interval per rate criterion.
    public func judge(_ tally: Tally, targets: Targets) throws(StatsError) -> GateDecision {
        var criteria: [GateCriterion] = []
        for (kind, threshold) in thresholds(targets) {
            switch kind {
            case .minSessions:
                criteria.append(
                    GateCriterion(
                        kind: kind, figure: Double(tally.sessions), threshold: threshold,
                        passed: Double(tally.sessions) >= threshold, rate: nil))
            case .minReviewed:
                criteria.append(
                    GateCriterion(
                        kind: kind, figure: Double(tally.reviewed), threshold: threshold,
                        passed: Double(tally.reviewed) >= threshold, rate: nil))
            case .rate(let metric):
                let rate = try Rate(
                    count: tally.count(metric) ?? 0, total: tally.total(metric) ?? 0, method: method, confidence: lookConfidence)
                let figure = rate.interval.map { metric.isIssueRate ? $0.upper : $0.lower }
                let passed = figure.map { metric.isIssueRate ? $0 <= threshold : $0 >= threshold } ?? false
                criteria.append(GateCriterion(kind: kind, figure: figure, threshold: threshold, passed: passed, rate: rate))
            }
        }
        return GateDecision(criteria: criteria)
    }
}

/// One criterion of a gate, judged.
public struct GateCriterion: Hashable, Sendable {
    /// What a criterion judges.
    public enum Kind: Hashable, Sendable {
        /// The number of AI sessions.
        case minSessions
        /// The number of reviewed sessions.
        case minReviewed
        /// A rate's interval bound: lower for contained and resolution, upper for issue rates.
        case rate(Metric)
    }

    /// What is judged.
    public let kind: Kind
    /// The figure compared: a count, or the interval bound; nil for a rate without data (which fails).
    public let figure: Double?
    /// The value it is compared with.
    public let threshold: Double
    /// Whether the criterion holds.
    public let passed: Bool
    /// The rate behind a rate criterion.
    public let rate: Rate?

    /// The criterion's name in reports and JSON: `min_sessions`, `min_reviewed`, or the metric's key.
    public var name: String {
        switch kind {
        case .minSessions: "min_sessions"
        case .minReviewed: "min_reviewed"
        case .rate(let metric): metric.rawValue
        }
    }

    /// The metric judged, for a rate criterion.
    public var metric: Metric? {
        guard case .rate(let metric) = kind else { return nil }
        return metric
    }

    /// Which bound of the interval is compared: `lower` for a floor, `upper` for a ceiling; nil
    /// for a count.
    public var bound: IntervalBound? {
        metric.map { $0.isIssueRate ? .upper : .lower }
    }
}

/// A side of an interval.
public enum IntervalBound: String, Hashable, Sendable {
    /// The lower bound, compared with a floor.
    case lower
    /// The upper bound, compared with a ceiling.
    case upper
}

/// A gate's verdict on one window: each criterion and whether all passed.
public struct GateDecision: Hashable, Sendable {
    /// The judged criteria, in policy order.
    public let criteria: [GateCriterion]

    /// Whether every criterion passed (a policy that judges nothing passes).
    public var ready: Bool { criteria.allSatisfy(\.passed) }
}
