/// A target range [floor, ceiling] for a rate.
public struct TargetRange: Hashable, Sendable, Codable {
    /// The lowest rate that meets the target.
    public var floor: Double
    /// The top of the recommended range; a rate whose lower bound exceeds it is `above` the target.
    public var ceiling: Double

    /// Creates [floor, ceiling].
    public init(floor: Double, ceiling: Double) {
        self.floor = floor
        self.ceiling = ceiling
    }
}

/// The kind of work a workflow does, which picks its row of recommended targets.
public enum Workflow: String, CaseIterable, Hashable, Sendable, Codable {
    /// Sales lead qualification.
    case salesLeadQualification = "sales-lead-qualification"
    /// Service in general: the seed's full service range.
    case service
    /// eCommerce service: the high end of the seed's service range.
    case serviceEcommerce = "service-ecommerce"
    /// Technology service: the low end of the seed's service range.
    case serviceTechnology = "service-technology"

    /// A one-line description for tables and `--help`.
    public var summary: String {
        switch self {
        case .salesLeadQualification: "sales lead qualification"
        case .service: "service (full range: eCommerce at the high end, technology at the low end)"
        case .serviceEcommerce: "service, eCommerce (upper half of the service range)"
        case .serviceTechnology: "service, technology (lower half of the service range)"
        }
    }
}

/// The targets a workflow is judged against: contained and resolution ranges, and issue-rate ceilings.
public struct Targets: Hashable, Sendable {
    /// The workflow these targets belong to.
    public var workflow: Workflow
    /// The contained-rate range.
    public var contained: TargetRange
    /// The resolution-rate range.
    public var resolution: TargetRange
    /// Where the contained and resolution ranges come from.
    public var source: String
    /// The issue-rate ceilings.
    public var issues: IssueCeilings

    /// The recommended targets of the seed (the Success Metrics guidance, "Ideal Target"; see <doc:MetricsAndTargets>), with the
    /// project's default issue ceilings.
    ///
    /// The seed gives service as one range, 70–90 % contained and 60–85 % resolution, "eCommerce
    /// higher than technology service". Sextant splits it at its midpoint: eCommerce takes the upper
    /// half (80–90 %, 72.5–85 %), technology the lower half (70–80 %, 60–72.5 %); `service` keeps
    /// the full range.
    public static func recommended(for workflow: Workflow) -> Targets {
        let seed = "seed: Success Metrics, Ideal Target"
        let split = "derived: the seed's service range (70%–90%, 60%–85%) split at its midpoint"
        switch workflow {
        case .salesLeadQualification:
            return Targets(
                workflow: workflow, contained: TargetRange(floor: 0.80, ceiling: 0.90),
                resolution: TargetRange(floor: 0.70, ceiling: 0.80), source: seed, issues: .projectDefaults)
        case .service:
            return Targets(
                workflow: workflow, contained: TargetRange(floor: 0.70, ceiling: 0.90),
                resolution: TargetRange(floor: 0.60, ceiling: 0.85), source: seed, issues: .projectDefaults)
        case .serviceEcommerce:
            return Targets(
                workflow: workflow, contained: TargetRange(floor: 0.80, ceiling: 0.90),
                resolution: TargetRange(floor: 0.725, ceiling: 0.85), source: split + ", upper half",
                issues: .projectDefaults)
        case .serviceTechnology:
            return Targets(
                workflow: workflow, contained: TargetRange(floor: 0.70, ceiling: 0.80),
                resolution: TargetRange(floor: 0.60, ceiling: 0.725), source: split + ", lower half",
                issues: .projectDefaults)
        }
    }

    /// The seed's benchmark for teams "with strong documentation and clear workflows":
    /// 80–90 % contained and 70–80 % resolution.
    public static let strongDocumentationBenchmark = (
        contained: TargetRange(floor: 0.80, ceiling: 0.90), resolution: TargetRange(floor: 0.70, ceiling: 0.80)
    )
}

/// Severity of an issue, as the seed classifies them by business impact.
public enum Severity: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    /// Severe and unrecoverable business impact.
    case p0 = "P0"
    /// Clear business impact, but recoverable.
    case p1 = "P1"
    /// Minor impact with low urgency.
    case p2 = "P2"

    /// P0 before P1 before P2.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Ceilings for issue rates. The seed gives no numbers for issue rates: these are the project's
/// own defaults, and every report labels them so.
public struct IssueCeilings: Hashable, Sendable {
    /// The ceiling per severity; an issue rate meets it when its interval's upper bound is at most it.
    public var ceilings: [Severity: Double]
    /// The ceiling for the share of reviewed sessions with any issue, if judged.
    public var any: Double?
    /// Severities with zero tolerance: a single observed issue of that severity is a failure,
    /// whatever the interval says.
    public var zeroTolerance: Set<Severity>
    /// Where these ceilings come from.
    public var source: String

    /// Creates ceilings.
    public init(ceilings: [Severity: Double], any: Double?, zeroTolerance: Set<Severity>, source: String) {
        self.ceilings = ceilings
        self.any = any
        self.zeroTolerance = zeroTolerance
        self.source = source
    }

    /// Sextant's defaults (not the seed's): P0 zero tolerance with an upper bound of at most 0.1 %,
    /// P1 at most 1 %, P2 at most 5 %; the any-issue rate is reported but not judged.
    public static let projectDefaults = IssueCeilings(
        ceilings: [.p0: 0.001, .p1: 0.01, .p2: 0.05], any: nil, zeroTolerance: [.p0],
        source: "Sextant's defaults, not the seed's (the seed gives no issue-rate numbers)")
}
