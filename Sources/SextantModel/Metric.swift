import SextantStats

/// A metric of Sextant's session model: the one vocabulary that measurement, simulation and every
/// report share.
///
/// The raw values are the keys of the JSON output (`contained`, `resolution`, `P0`, `P1`, `P2`,
/// `any`, `automation`).
///
/// | metric | counts | over |
/// | --- | --- | --- |
/// | ``contained`` | sessions not tagged `sys_human_help` | AI sessions |
/// | ``resolution`` | sessions tagged neither `sys_human_help` nor `sys_human_follow_up` | AI sessions |
/// | ``p0``, ``p1``, ``p2`` | reviewed sessions with at least one issue of that severity | reviewed AI sessions |
/// | ``any`` | reviewed sessions with at least one issue | reviewed AI sessions |
/// | ``automation`` | sessions the AI resolved | all traffic, AI and human |
///
/// A log holds AI sessions only, so ``automation`` is a simulation metric: measuring a log gives no
/// value for it.
public enum Metric: String, CaseIterable, Hashable, Sendable, Codable {
    /// Contained rate: 1 − the share of AI sessions tagged `sys_human_help`.
    case contained
    /// Resolution rate: 1 − the share of AI sessions tagged `sys_human_help` or `sys_human_follow_up`.
    case resolution
    /// The share of reviewed sessions with at least one P0 issue.
    case p0 = "P0"
    /// The share of reviewed sessions with at least one P1 issue.
    case p1 = "P1"
    /// The share of reviewed sessions with at least one P2 issue.
    case p2 = "P2"
    /// The share of reviewed sessions with at least one issue of any severity.
    case any
    /// Total automation: the share of all traffic (AI and human) that the AI resolved.
    case automation

    /// The metrics a log measures, in report order (every metric but ``automation``).
    public static let measured: [Metric] = [.contained, .resolution, .p0, .p1, .p2, .any]

    /// The issue-rate metrics, in report order: P0, P1, P2, any.
    public static let issueRates: [Metric] = [.p0, .p1, .p2, .any]

    /// The issue rate of one severity.
    public init(_ severity: Severity) {
        switch severity {
        case .p0: self = .p0
        case .p1: self = .p1
        case .p2: self = .p2
        }
    }

    /// The severity of a per-severity issue rate; nil for every other metric.
    public var severity: Severity? {
        switch self {
        case .p0: .p0
        case .p1: .p1
        case .p2: .p2
        case .contained, .resolution, .any, .automation: nil
        }
    }

    /// Whether the metric is an issue rate (per severity or any): lower is better, and its
    /// denominator is the reviewed sessions.
    public var isIssueRate: Bool {
        switch self {
        case .p0, .p1, .p2, .any: true
        case .contained, .resolution, .automation: false
        }
    }

    /// A label for tables: `contained`, `resolution`, `P0 issues`, `any issue`, `automation`.
    public var label: String {
        switch self {
        case .contained, .resolution, .automation: rawValue
        case .p0, .p1, .p2: rawValue + " issues"
        case .any: "any issue"
        }
    }

    /// The decimals a percentage of this metric is shown with: issue rates are small, so two.
    public var percentDecimals: Int { isIssueRate ? 2 : 1 }
}

extension Tally {
    /// The sessions that satisfy `metric` (contained, resolved, with an issue); nil for
    /// ``Metric/automation``, which needs the human traffic a tally does not hold.
    public func count(_ metric: Metric) -> Int? {
        switch metric {
        case .contained: contained
        case .resolution: resolved
        case .p0: p0
        case .p1: p1
        case .p2: p2
        case .any: anyIssue
        case .automation: nil
        }
    }

    /// The sessions `metric` is computed over: AI sessions for the contained and resolution rates,
    /// reviewed sessions for issue rates; nil for ``Metric/automation``.
    public func total(_ metric: Metric) -> Int? {
        switch metric {
        case .contained, .resolution: sessions
        case .p0, .p1, .p2, .any: reviewed
        case .automation: nil
        }
    }

    /// The point estimate of `metric`; nil without data (zero trials) and for ``Metric/automation``.
    public func value(_ metric: Metric) -> Double? {
        guard let count = count(metric), let total = total(metric), total > 0 else { return nil }
        return Double(count) / Double(total)
    }
}

/// A value for each measured metric in the layout reports use: the contained and resolution rates,
/// one issue rate per severity, the any-issue rate. ``Metrics`` (rates with intervals) and
/// ``ModelRates`` (exact expectations) share it, and with it one mapping from ``Metric``.
protocol MeasuredMetricValues {
    /// What each metric holds.
    associatedtype Value
    /// The contained rate's value.
    var contained: Value { get }
    /// The resolution rate's value.
    var resolution: Value { get }
    /// Each severity's issue rate's value.
    var issues: [Severity: Value] { get }
    /// The any-issue rate's value.
    var anyIssue: Value { get }
}

extension MeasuredMetricValues {
    /// The value of `metric`; nil for ``Metric/automation``, which is not among them.
    func value(_ metric: Metric) -> Value? {
        switch metric {
        case .contained: contained
        case .resolution: resolution
        case .p0: issues[.p0]
        case .p1: issues[.p1]
        case .p2: issues[.p2]
        case .any: anyIssue
        case .automation: nil
        }
    }
}

extension ModelRates: MeasuredMetricValues {
    /// The exact expectation of `metric` for one AI session; nil for ``Metric/automation``, which
    /// depends on how much traffic reaches the AI.
    public subscript(metric: Metric) -> Double? { value(metric) }
}
