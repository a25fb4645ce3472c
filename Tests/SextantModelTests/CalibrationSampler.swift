@testable import SextantModel

/// Logs sampled session by session from a known truth, independently of the library's simulation:
/// a SplitMix64 generator of its own and a literal walk of the session tree's seven steps.
struct SessionSampler {
    /// One intent's truth.
    struct Truth {
        var name: String
        var sessionsPerWeek: Int
        var h, a, c, g, n, k, e, f, r, b: Double
        var severity: (p0: Double, p1: Double, p2: Double) = (0.05, 0.25, 0.7)

        var point: IntentPoint {
            IntentPoint(
                values: [h, a, c, g, n, k, e, f, r, b],
                severity: SeveritySplit(p0: severity.p0, p1: severity.p1, p2: severity.p2))
        }

        /// The quantities a log identifies, in the order of `CalibratedIntent.stages`.
        var identified: [Double] {
            let issue = LeafDistribution(point).rates.anyIssue
            return [h, (1 - a) * g, (1 - c) * g, n * (1 - k), n * k * (1 - e) / (1 - n * (1 - k)), f, issue]
        }
    }

    private var state: UInt64

    /// A generator whose state is the seed scrambled (so that neighbouring seeds give unrelated
    /// streams rather than the same stream shifted by a draw).
    init(seed: UInt64) {
        var z = seed ^ 0x5851_F42D_4C95_7F2D
        z = (z ^ (z >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        z = (z ^ (z >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        state = z ^ (z >> 33)
    }

    /// SplitMix64 (S. Vigna), as a uniform double in [0, 1).
    mutating func uniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }

    mutating func chance(_ p: Double) -> Bool { uniform() < p }

    /// One session: its outcome flags and its handoff reason.
    mutating func session(_ t: Truth, reviewRate: Double) -> (SessionOutcome, HandoffReason?) {
        var issues = 0
        var outcome: SessionOutcome = []
        var reason: HandoffReason?
        var answered = true
        if chance(t.h) {
            outcome.insert(.humanHelp)
            reason = .userRequest
            answered = false
        }
        if answered, !chance(t.a) {  // a knowledge gap
            if chance(t.g) {
                outcome.insert(.humanHelp)
                reason = .missingKnowledge
                answered = false
            } else {
                issues += 1
            }
        }
        if answered, !chance(t.c) {  // an instruction gap
            if chance(t.g) {
                outcome.insert(.humanHelp)
                reason = .unknownScenario
                answered = false
            } else {
                issues += 1
            }
        }
        if answered {
            if chance(t.n) {
                if !chance(t.k) {
                    outcome.insert(.followUp)
                    reason = .actionUnavailable
                } else if !chance(t.e) {
                    outcome.insert(.followUp)
                    reason = .actionFailed
                }
            }
            if reason == nil, chance(t.f) {
                outcome.insert(.followUp)
                reason = .prematureHandoff
            }
            if chance(t.r) { issues += 1 }
        }
        if chance(t.b) { issues += 1 }
        if chance(reviewRate) {
            outcome.insert(.reviewed)
            for _ in 0..<issues {
                let u = uniform()
                outcome.insert(u < t.severity.p0 ? .p0 : u < t.severity.p0 + t.severity.p1 ? .p1 : .p2)
            }
        }
        return (outcome, reason)
    }

    /// A log of `weeks` ISO weeks from 2026-W10, split by `[.intent, .week]`; each handoff's reason
    /// written by `text` (nil: no reason column).
    mutating func log(
        _ truths: [Truth], weeks: Int, reviewRate: Double, text: ((HandoffReason) -> String?)? = { $0.rawValue }
    ) -> LogSummary {
        var summary = LogSummary()
        summary.dimensions = [.intent, .week]
        summary.reasonsRecorded = text != nil
        for week in 0..<weeks {
            let label = "2026-W\(10 + week)"
            for truth in truths {
                let key = SegmentKey([truth.name, label])
                for _ in 0..<truth.sessionsPerWeek {
                    let (outcome, reason) = session(truth, reviewRate: reviewRate)
                    summary.overall.add(outcome)
                    summary.segments[key, default: Tally()].add(outcome)
                    if outcome.isHandoff, let text {
                        let written = reason.flatMap(text)
                        summary.reasons[written, default: 0] += 1
                        summary.segmentReasons[key, default: [:]][written, default: 0] += 1
                    }
                }
            }
        }
        summary.workflows = ["service-ecommerce": summary.overall.sessions]
        return summary
    }
}
