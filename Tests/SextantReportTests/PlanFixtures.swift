import SextantModel
import SextantReport

extension Fixtures {
    /// The plan reports of the goldens: a gate with every kind of criterion, a window and looks
    /// (`plan`), review planning alone against the workflow's targets (`plan-reviews`), and the
    /// gate on a scenario with hostile names (`plan-hostile`).
    static func plan(_ name: String) throws -> PlanReport {
        let scenario = scenario(names: name == "plan-hostile" ? .hostile : .plain)
        let targets = Targets.recommended(for: scenario.workflow)
        guard name != "plan-reviews" else {
            let reviews = try ReviewPlan(scenario, policy: .targets(targets), targets: targets, byWeek: 3, power: 0.8)
            return PlanReport(scenario: scenario, replications: 200, seed: scenario.seed, gate: nil, reviews: reviews)
        }
        var policy = GatePolicy()
        policy.minSessions = 1000
        policy.minReviewed = 100
        policy.contained = .targetFloor
        policy.resolution = .value(0.7)
        policy.ceilings = [.p0: 0.03, .any: 0.04]
        policy.windowWeeks = 2
        policy.looks = 3
        var options = SimulationOptions()
        options.replications = 200
        options.threads = 2
        let gate = try GatePlan.simulate(scenario, policy: policy, options: options)
        let reviews = try ReviewPlan(scenario, policy: policy, targets: targets, byWeek: 3, power: 0.8)
        return PlanReport(scenario: scenario, replications: 200, seed: scenario.seed, gate: gate, reviews: reviews)
    }
}
