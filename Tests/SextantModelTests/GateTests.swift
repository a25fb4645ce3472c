import SextantStats
import Testing

@testable import SextantModel

@Suite("Gate policy")
struct GatePolicyTests {
    static func policy() -> GatePolicy {
        var policy = GatePolicy()
        policy.minSessions = 1000
        policy.minReviewed = 200
        policy.contained = .value(0.80)
        policy.resolution = .targetFloor
        policy.ceilings = [.p0: 0.001, .p1: 0.01]
        return policy
    }

    @Test("criteria come in policy order with their thresholds; a target floor follows the workflow's row")
    func thresholds() {
        let criteria = Self.policy().thresholds(.recommended(for: .serviceEcommerce))
        #expect(
            criteria.map(\.criterion) == [
                .minSessions, .minReviewed, .rate(.contained), .rate(.resolution), .rate(.p0), .rate(.p1),
            ])
        #expect(criteria.map(\.threshold) == [1000, 200, 0.80, 0.725, 0.001, 0.01])
    }

    @Test("each criterion compares its figure — a count, the Wilson lower bound or upper bound — with its threshold")
    func judge() throws {
        // 2,000 sessions: 1,760 contained (88 %), 1,600 resolved (80 %), 600 reviewed with no P0 and 3 P1 issues.
        let tally = Tally(sessions: 2000, humanHelp: 240, unresolved: 400, reviewed: 600, p0: 0, p1: 3, p2: 5, anyIssue: 8)
        let decision = try Self.policy().judge(tally, targets: .recommended(for: .serviceEcommerce))
        let byName = Dictionary(uniqueKeysWithValues: decision.criteria.map { ($0.name, $0) })
        #expect(byName["min_sessions"]?.figure == 2000 && byName["min_sessions"]?.passed == true)
        let contained = Reference.wilson(1760, 2000)
        #expect(abs(byName["contained"]!.figure! - contained.lower) < 1e-12 && byName["contained"]?.bound == .lower)
        #expect(byName["contained"]?.passed == (contained.lower >= 0.80))
        let resolution = Reference.wilson(1600, 2000)
        #expect(byName["resolution"]?.passed == (resolution.lower >= 0.725))
        // P0: no issue in 600 reviews, but the upper bound z²/(600 + z²) = 0.64 % is over 0.1 %: not ready.
        let p0 = Reference.wilson(0, 600)
        #expect(abs(byName["P0"]!.figure! - p0.upper) < 1e-12 && byName["P0"]?.bound == .upper)
        #expect(byName["P0"]?.passed == false && !decision.ready)
        let p1 = Reference.wilson(3, 600)
        #expect(byName["P1"]?.passed == (p1.upper <= 0.01))
    }

    @Test("a rate with no data fails its criterion; a policy that judges nothing passes")
    func edges() throws {
        var policy = GatePolicy()
        #expect(try policy.judge(Tally(), targets: .recommended(for: .service)).ready)
        policy.contained = .value(0.5)
        let decision = try policy.judge(Tally(), targets: .recommended(for: .service))
        #expect(decision.criteria.count == 1 && decision.criteria[0].figure == nil && !decision.ready)
    }

    @Test("enough reviews with no P0 pass the P0 ceiling: the zero-issue sample size agrees with the gate")
    func zeroIssueAgreement() throws {
        var policy = GatePolicy()
        policy.ceilings = [.p0: 0.001]
        let n = try #require(
            try MetricTarget.ceiling(0.001, zeroTolerance: true).sessionsForZeroIssues(method: .wilson, confidence: 0.95))
        func ready(_ reviewed: Int) throws -> Bool {
            try policy.judge(
                Tally(sessions: reviewed, humanHelp: 0, unresolved: 0, reviewed: reviewed, p0: 0, p1: 0, p2: 0, anyIssue: 0),
                targets: .recommended(for: .service)
            ).ready
        }
        #expect(try ready(n) && !(try ready(n - 1)))
    }
}
