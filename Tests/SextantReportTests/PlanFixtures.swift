import SextantModel
import SextantReport

extension Fixtures {
    /// The plan reports of the goldens: a gate with every kind of criterion, a window and looks
    /// (`plan`); without a policy, review planning against the workflow's targets with the levers
    /// ranked and a target search (`plan-levers`); and the gate on a scenario with hostile names
    /// (`plan-hostile`).
    static func plan(_ name: String) throws -> PlanReport {
        let scenario = scenario(names: name == "plan-hostile" ? .hostile : .plain)
        let targets = Targets.recommended(for: scenario.workflow)
        guard name != "plan-levers" else {
            let reviews = try ReviewPlan(scenario, policy: .targets(targets), targets: targets, byWeek: 3, power: 0.8)
            let levers = LeverRanking.compute(scenario, draws: 50, seed: scenario.seed, threads: 2)
            let search = try TargetSearch.run(
                scenario, metric: .contained, target: 0.93, lever: .knowledgeCoverage, intent: scenario.intents[0].name,
                probability: 0.8, draws: 50, seed: scenario.seed, threads: 2)
            return PlanReport(
                scenario: scenario, replications: 50, seed: scenario.seed, gate: nil, reviews: reviews, levers: levers,
                targetSearch: search)
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
