import SextantStats
import Testing

@testable import SextantModel

/// The worked example of the DocC article "Planning a rollout" (PlanningARollout.md): every number
/// it prints is checked here. An article that changes its example changes this file.
@Suite("DocC article: planning a rollout")
struct PlanningArticleTests {
    /// The pilot of "Simulating a rollout" (the README's library example too), at a review rate.
    static func pilot(reviewRate: Double = 0.05) -> Scenario {
        Scenario(
            name: "pilot", workflow: .serviceEcommerce, sessionsPerWeek: 5000, weeks: 8, reviewRate: reviewRate,
            intents: [
                IntentSpec(
                    name: "order-status", share: 0.7, parameters: [.humanRequest: .fixed(0.04), .knowledgeCoverage: .fixed(0.95)]),
                IntentSpec(
                    name: "returns", share: 0.3,
                    parameters: [.knowledgeCoverage: .beta(18, 4), .actionNeed: .fixed(0.8), .actionCoverage: .fixed(0.7)],
                    severity: SeveritySplit(p0: 0.02, p1: 0.18, p2: 0.8)),
            ],
            stages: [Stage(fromWeek: 1, aiShare: 0.3), Stage(fromWeek: 4, aiShare: 1)],
            improvements: [Improvement(week: 6, intent: "returns", parameter: .actionCoverage, change: .set(0.9))])
    }

    static func policy() -> GatePolicy {
        var policy = GatePolicy()
        policy.minReviewed = 200
        policy.contained = .value(0.80)
        policy.resolution = .targetFloor
        policy.ceilings = [.p0: 0.002]
        policy.windowWeeks = 4
        return policy
    }

    static let targets = Targets.recommended(for: .serviceEcommerce)

    static func simulate(_ scenario: Scenario, _ policy: GatePolicy) throws -> GatePlan {
        var options = SimulationOptions()
        options.replications = 2000
        return try GatePlan.simulate(scenario, policy: policy, options: options)
    }

    @Test("at a 5 % review rate the gate never passes in eight weeks, and every hold is a false hold")
    func neverPasses() throws {
        #expect(Self.policy().thresholds(Self.targets).map(\.threshold) == [200, 0.80, 0.725, 0.002])
        let plan = try Self.simulate(Self.pilot(), Self.policy())
        #expect(plan.firstPassWeek.never == 1 && plan.firstPassWeek.p50 == nil)
        #expect(plan.weeks.allSatisfy { $0.falseHoldProbability == 1 })
    }

    @Test("review planning: 1,917 reviews with no P0, 480 a week, a 9.6 % review rate where 250 a week are done")
    func reviews() throws {
        let reviews = try ReviewPlan(Self.pilot(), policy: Self.policy(), targets: Self.targets, byWeek: 8, power: 0.8)
        let p0 = try #require(reviews.rows.first { $0.metric == .p0 })
        #expect(p0.expectedRate == 0 && p0.sessionsNeeded == 1917 && p0.zeroIssueSessions == 1917)
        #expect(p0.perWeekNeeded == 480 && p0.expectedPerWeek == 250 && p0.reachedWeek == nil)
        #expect(abs(p0.reviewRateNeeded! - 0.096) < 1e-12)
        // The same figure from the sample-size function directly.
        #expect(
            try MetricTarget.ceiling(0.002, zeroTolerance: false).sessionsForZeroIssues(method: .wilson, confidence: 0.95) == 1917
        )
    }

    @Test("at a 10 % review rate it passes in week 7 in about 97 % of runs, the window then holding about 2,000 reviews")
    func doubledReviews() throws {
        let scenario = Self.pilot(reviewRate: 0.1)
        let plan = try Self.simulate(scenario, Self.policy())
        #expect(plan.firstPassWeek.p50 == 7 && plan.weeks[5].passedBy == 0)
        #expect(abs(plan.weeks[6].passProbability - 0.97) < 0.02)
        let window = Expectation(scenario).weeks[3..<7].reduce(0) { $0 + $1.aiSessions } * scenario.reviewRate
        #expect(abs(window - 2000) < 1e-6)
    }

    @Test("with eight looks each is judged at 99.375 %, P0 needs 3,731 reviews, and the gate never passes within eight weeks")
    func eightLooks() throws {
        var policy = Self.policy()
        policy.looks = 8
        #expect(abs(policy.lookConfidence - 0.99375) < 1e-15)
        let scenario = Self.pilot(reviewRate: 0.1)
        let reviews = try ReviewPlan(scenario, policy: policy, targets: Self.targets, byWeek: 8, power: 0.8)
        #expect(reviews.rows.first { $0.metric == .p0 }?.sessionsNeeded == 3731)
        #expect(try Self.simulate(scenario, policy).firstPassWeek.never == 1)
    }
}
