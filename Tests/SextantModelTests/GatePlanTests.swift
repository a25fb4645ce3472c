import Foundation
import SextantStats
import Testing

@testable import SextantModel

@Suite("Gate inside a simulation")
struct GatePlanTests {
    static let sessionsPerWeek = 300
    static let weeks = 6

    /// One intent, every session on the AI, whose contained rate is its knowledge coverage: no
    /// human requests, every gap escalated, full instruction coverage, no actions — so the week's
    /// contained count is Binomial(sessions, coverage) at the replication's drawn coverage.
    static func oneIntent(coverage: UncertainProbability, sessions: Int = sessionsPerWeek, weeks: Int = weeks) -> Scenario {
        Scenario(
            name: "one-intent", workflow: .service, sessionsPerWeek: Double(sessions), weeks: weeks, reviewRate: 0.1, seed: 11,
            intents: [
                IntentSpec(
                    name: "only", share: 1,
                    parameters: [.knowledgeCoverage: coverage, .gapEscalation: .fixed(1), .residualError: .fixed(0.001)])
            ])
    }

    static func containedPolicy(floor: Double, method: IntervalMethod = .wilson) -> GatePolicy {
        var policy = GatePolicy()
        policy.method = method
        policy.contained = .value(floor)
        return policy
    }

    static func plan(_ scenario: Scenario, _ policy: GatePolicy, replications: Int, threads: Int? = nil) throws -> GatePlan {
        var options = SimulationOptions()
        options.replications = replications
        options.threads = threads
        return try GatePlan.simulate(scenario, policy: policy, options: options)
    }

    /// The smallest contained count whose Wilson lower bound (written out independently) reaches `floor`.
    static func smallestPassing(_ n: Int, floor: Double) -> Int {
        (0...n).first { Reference.wilson(Double($0), Double(n)).lower >= floor } ?? n + 1
    }

    /// |simulated − exact| within four Monte Carlo standard errors (plus a little for p near 0 or 1).
    static func expectAgrees(
        _ simulated: Double, _ exact: Double, replications: Int, _ label: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let error = (max(exact * (1 - exact), 1e-4) / Double(replications)).squareRoot()
        #expect(
            abs(simulated - exact) <= 4 * error, "\(label): simulated \(simulated), exact \(exact)",
            sourceLocation: sourceLocation)
    }

    @Test("the contained rate of the one-intent scenario is its coverage, every session on the AI")
    func scenarioIsBinomial() throws {
        let expectation = Expectation(Self.oneIntent(coverage: .fixed(0.83)))
        let week = try #require(expectation.weeks.first)
        #expect(abs(week.rates!.contained - 0.83) < 1e-15 && week.aiSessions == Double(Self.sessionsPerWeek))
    }

    @Test("fixed coverage: pass, passed-by, false-pass and false-hold probabilities agree with the binomial")
    func fixedCoverage() throws {
        let replications = 4000
        let coverage = 0.8
        let floor = 0.78
        let plan = try Self.plan(
            Self.oneIntent(coverage: .fixed(coverage)), Self.containedPolicy(floor: floor), replications: replications)
        #expect(plan.weeks.count == Self.weeks)
        // Not yet passed: the distribution of the cumulative contained count over the runs that
        // have not passed, week by week (a convolution with the week's Binomial(300, 0.8)).
        let weekly = (0...Self.sessionsPerWeek).map { Reference.binomialPMF($0, Self.sessionsPerWeek, coverage) }
        var notPassed = [1.0]
        for week in plan.weeks {
            let n = week.week * Self.sessionsPerWeek
            let passing = Self.smallestPassing(n, floor: floor)
            let pass = Reference.binomialUpperTail(from: passing, n, coverage)
            var next = [Double](repeating: 0, count: n + 1)
            for (k, mass) in notPassed.enumerated() where mass > 0 {
                for (j, p) in weekly.enumerated() { next[k + j] += mass * p }
            }
            for k in passing..<(n + 1) where k < next.count { next[k] = 0 }
            notPassed = next
            let passedBy = 1 - notPassed.reduce(0, +)
            Self.expectAgrees(week.passProbability, pass, replications: replications, "week \(week.week) pass")
            Self.expectAgrees(week.passedBy, passedBy, replications: replications, "week \(week.week) passed by")
            // The true rate 80 % clears the 78 % floor: no pass is false, every failure is a false hold.
            #expect(week.falsePassProbability == 0 && week.falsePassedBy == 0)
            #expect(abs(week.falseHoldProbability - (1 - week.passProbability)) < 1e-12)
        }
        // The first-pass quantiles read off the passed-by curve.
        let median = plan.weeks.first { $0.passedBy >= 0.5 }?.week
        #expect(plan.firstPassWeek.p50 == median)
        #expect(abs(plan.firstPassWeek.never - (1 - plan.weeks.last!.passedBy)) < 1e-12)
    }

    @Test("Beta-distributed coverage: pass, false-pass and false-hold probabilities agree with quadrature over the Beta")
    func betaCoverage() throws {
        let replications = 12000
        let (a, b) = (160.0, 40.0)
        let floor = 0.8
        // Few sessions a week, so that the data often mislead: false passes and false holds both occur.
        let sessions = 60
        let plan = try Self.plan(
            Self.oneIntent(coverage: .beta(a, b), sessions: sessions), Self.containedPolicy(floor: floor),
            replications: replications)
        let lnBeta = lgamma(a) + lgamma(b) - lgamma(a + b)
        func density(_ x: Double) -> Double { exp((a - 1) * log(x) + (b - 1) * log1p(-x) - lnBeta) }
        /// Simpson's rule for ∫ f over [lo, hi] with `intervals` (even) pieces.
        func simpson(_ lo: Double, _ hi: Double, _ intervals: Int, _ f: (Double) -> Double) -> Double {
            let h = (hi - lo) / Double(intervals)
            var sum = f(lo) + f(hi)
            for i in 1..<intervals { sum += (i % 2 == 1 ? 4 : 2) * f(lo + Double(i) * h) }
            return sum * h / 3
        }
        for week in plan.weeks {
            let n = week.week * sessions
            let passing = Self.smallestPassing(n, floor: floor)
            func pass(_ x: Double) -> Double { Reference.binomialUpperTail(from: passing, n, x) }
            // The indicator of "the true rate does not clear the floor" splits the integral at the floor.
            let below = simpson(0.5, floor, 300) { density($0) * pass($0) }
            let aboveFail = simpson(floor, 0.999, 300) { density($0) * (1 - pass($0)) }
            let above = simpson(floor, 0.999, 300) { density($0) * pass($0) }
            Self.expectAgrees(week.passProbability, below + above, replications: replications, "week \(week.week) pass")
            Self.expectAgrees(week.falsePassProbability, below, replications: replications, "week \(week.week) false pass")
            Self.expectAgrees(week.falseHoldProbability, aboveFail, replications: replications, "week \(week.week) false hold")
        }
        #expect(plan.weeks.contains { $0.falsePassProbability > 0.002 } && plan.weeks.contains { $0.falseHoldProbability > 0.1 })
    }

    @Test("a window judges only its last weeks")
    func window() throws {
        var policy = Self.containedPolicy(floor: 0.78)
        policy.windowWeeks = 2
        let replications = 3000
        let plan = try Self.plan(Self.oneIntent(coverage: .fixed(0.8)), policy, replications: replications)
        for week in plan.weeks {
            let n = min(week.week, 2) * Self.sessionsPerWeek
            let exact = Reference.binomialUpperTail(from: Self.smallestPassing(n, floor: 0.78), n, 0.8)
            Self.expectAgrees(week.passProbability, exact, replications: replications, "week \(week.week)")
        }
    }

    @Test("the plan is the same for any number of threads")
    func deterministic() throws {
        var policy = Self.containedPolicy(floor: 0.8, method: .clopperPearson)
        policy.ceilings = [.p0: 0.01]
        policy.minSessions = 500
        let scenario = Self.oneIntent(coverage: .beta(160, 40))
        #expect(
            try Self.plan(scenario, policy, replications: 300, threads: 1)
                == Self.plan(scenario, policy, replications: 300, threads: 3))
    }

    @Test(
        "weekly looks at a rate on its floor inflate the false-pass risk; spending α over the looks keeps it within one look's",
        arguments: [IntervalMethod.wilson, .clopperPearson])
    func repeatedLooks(_ method: IntervalMethod) throws {
        let replications = 4000
        let weeks = 12
        let scenario = Self.oneIntent(coverage: .fixed(0.8), sessions: 200, weeks: weeks)
        var policy = Self.containedPolicy(floor: 0.8, method: method)
        let nominal = (1 - policy.confidence) / 2  // one bound of a 95 % interval: 2.5 %
        let error = 3 * (nominal * (1 - nominal) / Double(replications)).squareRoot()
        let unchecked = try Self.plan(scenario, policy, replications: replications)
        // Every pass is a false pass (the true rate sits on the floor); each look alone is near the
        // nominal level, but the risk over twelve looks is far above it.
        for week in unchecked.weeks {
            #expect(week.falsePassProbability == week.passProbability)
            #expect(week.falsePassProbability <= nominal + error, "week \(week.week): \(week.falsePassProbability)")
        }
        #expect(unchecked.falsePassOverHorizon > 2 * nominal)
        policy.looks = weeks
        #expect(abs(policy.lookConfidence - (1 - 0.05 / 12)) < 1e-15)
        let spent = try Self.plan(scenario, policy, replications: replications)
        #expect(spent.falsePassOverHorizon <= nominal + error, "over the horizon: \(spent.falsePassOverHorizon)")
        #expect(spent.falsePassOverHorizon < unchecked.falsePassOverHorizon)
    }
}

@Suite("Fast gate")
struct FastGateTests {
    @Test("the fast gate's verdict is the policy's on many windows, for every method", arguments: IntervalMethod.allCases)
    func sameVerdict(_ method: IntervalMethod) throws {
        var policy = GatePolicy()
        policy.method = method
        policy.minSessions = 50
        policy.minReviewed = 10
        policy.contained = .value(0.8)
        policy.resolution = .targetFloor
        policy.ceilings = [.p0: 0.001, .p1: 0.02, .any: 0.1]
        let targets = Targets.recommended(for: .serviceEcommerce)
        var checked = 0
        var ready = 0
        for looks in [nil, 8] {
            policy.looks = looks
            let gate = try FastGate(policy, targets: targets)
            for sessions in [0, 1, 49, 50, 300, 5000, 120_000] {
                for containedShare in [0.0, 0.7, 0.8, 0.83, 0.86, 0.9, 1.0] {
                    for reviewedShare in [0.0, 0.05, 0.5, 1.0] {
                        for issueShare in [0.0, 0.0005, 0.01, 0.03] {
                            let contained = Int((Double(sessions) * containedShare).rounded())
                            let resolved = Int((Double(contained) * 0.93).rounded())
                            let reviewed = Int((Double(sessions) * reviewedShare).rounded())
                            let issues = Int((Double(reviewed) * issueShare).rounded())
                            let tally = Tally(
                                sessions: sessions, humanHelp: sessions - contained, unresolved: sessions - resolved,
                                reviewed: reviewed,
                                p0: issues / 3, p1: issues, p2: 0, anyIssue: issues)
                            let decision = try policy.judge(tally, targets: targets)
                            #expect(try gate.passes(tally) == decision.ready, "\(method) \(tally)")
                            checked += 1
                            if decision.ready { ready += 1 }
                        }
                    }
                }
            }
        }
        #expect(checked > 1000 && ready > 0)
    }
}
