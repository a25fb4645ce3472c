import Foundation
import SextantStats
import Testing

@testable import SextantModel

@Suite("Review planning")
struct ReviewPlanTests {
    /// One intent on the AI at 2,000 sessions a week, contained rate `coverage`, no P0 issue possible.
    static func scenario(coverage: Double, weeks: Int = 10) -> Scenario {
        Scenario(
            name: "reviews", workflow: .service, sessionsPerWeek: 2000, weeks: weeks, reviewRate: 0.1,
            intents: [
                IntentSpec(
                    name: "only", share: 1,
                    parameters: [.knowledgeCoverage: .fixed(coverage), .gapEscalation: .fixed(1), .residualError: .fixed(0.01)],
                    severity: SeveritySplit(p0: 0, p1: 0.2, p2: 0.8))
            ])
    }

    static func policy(floor: Double = 0.8, ceiling: Double = 0.001) -> GatePolicy {
        var policy = GatePolicy()
        policy.contained = .value(floor)
        policy.ceilings = [.p0: ceiling]
        return policy
    }

    @Test("an issue rate expected to be 0 needs the zero-issue reviews: 3,838 for a 0.1 % ceiling, Wilson at 95 %")
    func zeroIssues() throws {
        let plan = try ReviewPlan(
            Self.scenario(coverage: 0.85), policy: Self.policy(), targets: .recommended(for: .service), byWeek: 10, power: 0.8)
        let p0 = try #require(plan.rows.first { $0.metric == .p0 })
        #expect(p0.expectedRate == 0 && p0.sessionsNeeded == 3838 && p0.zeroIssueSessions == 3838)
        #expect(p0.perWeekNeeded == 384)  // ⌈3,838 / 10⌉
        #expect(p0.expectedPerWeek == 200)  // 2,000 AI sessions × 10 % reviewed
        #expect(abs(p0.reviewRateNeeded! - 384.0 / 2000) < 1e-15)
        #expect(p0.reachedWeek == nil)  // 200 reviews a week reach 3,838 only in week 20
        let longer = try ReviewPlan(
            Self.scenario(coverage: 0.85, weeks: 25), policy: Self.policy(), targets: .recommended(for: .service), byWeek: 10,
            power: 0.8)
        #expect(longer.rows.first { $0.metric == .p0 }?.reachedWeek == 20)
        // The same with the horizon given rather than the scenario's.
        let given = try ReviewPlan(
            Self.scenario(coverage: 0.85), policy: Self.policy(), targets: .recommended(for: .service), byWeek: 10, power: 0.8,
            weeks: 25)
        #expect(given.horizon == 25 && given.rows.first { $0.metric == .p0 }?.reachedWeek == 20)
    }

    @Test("a floor needs the AI sessions at which its bound clears it with the given power, checked by the binomial")
    func floor() throws {
        let power = 0.9
        let plan = try ReviewPlan(
            Self.scenario(coverage: 0.83), policy: Self.policy(), targets: .recommended(for: .service), byWeek: 10, power: power)
        let contained = try #require(plan.rows.first { $0.metric == .contained })
        #expect(abs(contained.expectedRate! - 0.83) < 1e-12)
        let n = try #require(contained.sessionsNeeded)
        #expect(contained.zeroIssueSessions == nil && contained.reviewRateNeeded == nil)
        // At n sessions the Wilson lower bound (written out independently) reaches 80 % with probability ≥ 90 %.
        let passing = (0...n).first { Reference.wilson(Double($0), Double(n)).lower >= 0.8 }!
        #expect(Reference.binomialUpperTail(from: passing, n, 0.83) >= power)
        #expect(contained.reachedWeek == (n + 1999) / 2000)
        #expect(contained.perWeekNeeded == (n + 9) / 10 && contained.expectedPerWeek == 2000)
    }

    @Test("a rate on the wrong side of its threshold has no sample; a window spreads the sample over its own weeks")
    func wrongSideAndWindow() throws {
        var policy = Self.policy(floor: 0.9)
        policy.windowWeeks = 4
        let plan = try ReviewPlan(
            Self.scenario(coverage: 0.85), policy: policy, targets: .recommended(for: .service), byWeek: 10, power: 0.8)
        let contained = try #require(plan.rows.first { $0.metric == .contained })
        #expect(contained.sessionsNeeded == nil && contained.perWeekNeeded == nil && contained.reachedWeek == nil)
        let p0 = try #require(plan.rows.first { $0.metric == .p0 })
        #expect(p0.perWeekNeeded == 960)  // ⌈3,838 / 4⌉: only the window's four weeks count
        #expect(p0.reachedWeek == nil)  // 4 × 200 reviews never reach 3,838
        #expect(throws: StatsError.self) {
            try ReviewPlan(
                Self.scenario(coverage: 0.85), policy: policy, targets: .recommended(for: .service), byWeek: 3, power: 1)
        }
    }

    @Test("without a policy, planning judges the workflow's target floors and every ceiling its targets set")
    func targetsPolicy() {
        let targets = Targets.recommended(for: .serviceEcommerce)
        let policy = GatePolicy.targets(targets)
        #expect(policy.contained == .targetFloor && policy.resolution == .targetFloor)
        for metric in Metric.issueRates {
            #expect(policy.ceilings[metric] == targets.target(for: metric)?.threshold)
        }
        #expect(!policy.ceilings.isEmpty)
    }
}
