import ArgumentParser
import Foundation
import SextantIngest
import SextantModel
import SextantReport
import SextantStats

extension Metric: ExpressibleByArgument {}

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract:
            "Plan a rollout: when a readiness gate passes in simulation, how often it errs, the samples it needs, the levers to pull.",
        discussion: """
            With a gate policy (--policy FILE, or criteria as flags), simulates the scenario and judges the gate on every \
            week of every replication, on that week's window of simulated sessions (window_weeks, else every week so far). \
            Per week: P(pass), P(passed by then), P(false pass) — it passes while a judged metric's true rate over the \
            window, the model's exact expectation at that replication's drawn parameters, is not beyond its threshold — \
            and P(false hold) — it fails while every one is; then the first week it passes (5th, 50th and 95th \
            percentiles, and the share of runs in which it never does). Criteria need no interval: Wilson, Agresti–Coull \
            and Wald bounds are compared in closed form, Clopper–Pearson's by one binomial tail at the threshold, \
            Jeffreys' by one Beta tail.

            Repeated looks: a team that checks the gate every week gives a false pass a chance at every look, so the risk \
            over the rollout (P(false pass by), shown per week) exceeds any one look's. --looks K (looks: K in the \
            policy) spends the error 1 − C evenly over K looks, each judged at confidence 1 − (1 − C)/K: by the union \
            (Bonferroni) bound a rate on the wrong side of a threshold then passes at some look with probability at most \
            (1 − C)/2, as at one look — the equal-spending rule of group-sequential designs (S. J. Pocock (1977), \
            Biometrika 64, 191–199) in its simplest, conservative form. The inflation itself is the classic finding of \
            P. Armitage, C. K. McPherson and B. C. Rowe (1969), "Repeated significance tests on accumulating data", \
            J. R. Statist. Soc. A 132, 235–244.

            Review planning (always): for each rate criterion (the policy's, else the workflow's target floors and issue \
            ceilings), the sessions at which its bound clears the threshold with --power probability by --by-week, at \
            the rate the scenario expects over the window judged then — AI sessions for contained and resolution, \
            reviewed sessions for issue rates (with the fewest that suffice when no issue is seen) — per week, and the \
            first week the scenario's volume and review rate supply them.

            Levers (with --levers, or when neither a policy nor a target is given): every lever of the session model, \
            per intent and for all intents, ranked by the lift of --rank-by over the horizon, with its 5%–95% band over \
            the parameter draws (paired: the same draws with and without the lever) and the lifts of the other metrics \
            beside it — the trade-offs — and the action each calls for. Target search (--target METRIC=VALUE --lever \
            PARAMETER, optionally --intent and --probability): the least value of the lever, for one intent or every \
            intent at once, with which the metric over the horizon reaches the target with that probability, or why no \
            value does. Both use --replications parameter draws with the same seed as the simulation; the article \
            Sources/SextantModel/SextantModel.docc/Levers.md defines the standard step of a lever.

            The policy file (YAML; criteria left out are not judged):
            \(PolicyOptions.fileFormat)
            Flags override the file's values.

            Examples:
              sextant plan scenarios/service-ecommerce.yaml --contained-floor 0.8 --ceiling P0=0.002
              sextant plan scenarios/staged-autopilot-rollout.yaml --policy scenarios/gate-policy.yaml --replications 10000
              sextant plan scenarios/service-ecommerce.yaml --contained-floor target --looks 8 --format json
              sextant plan scenarios/sales-lead-qualification.yaml --by-week 4 --power 0.9
              sextant plan scenarios/service-ecommerce.yaml --rank-by contained --format markdown
              sextant plan scenarios/service-ecommerce.yaml --target contained=0.86 --lever knowledge_coverage --intent returns
            """
    )

    @Argument(help: ArgumentHelp("A scenario file (YAML).", valueName: "SCENARIO"))
    var scenario: String

    @OptionGroup var gate: PolicyOptions

    @OptionGroup var simulation: SimulationRunOptions

    @Option(
        name: .customLong("by-week"), parsing: .unconditional,
        help: "Review planning: the week by which each criterion is to be shown, within the horizon (default: the last).")
    var byWeek: Int?

    @Option(
        parsing: .unconditional, help: "Review planning: the probability with which each criterion is to clear its threshold.")
    var power = 0.8

    @Flag(help: "Rank the levers also when a policy or a target search is given (without either they are ranked).")
    var levers = false

    @Option(
        name: .customLong("rank-by"),
        help: "Levers: the metric to rank by: \(Metric.allCases.map(\.rawValue).joined(separator: ", ")).")
    var rankBy: Metric = .resolution

    @Option(
        help: ArgumentHelp(
            "Target search: a metric and its target over the horizon, e.g. contained=0.86 (with --lever).",
            valueName: "METRIC=VALUE"))
    var target: String?

    @Option(help: ArgumentHelp("Target search: the lever to set, e.g. knowledge_coverage.", valueName: "PARAMETER"))
    var lever: String?

    @Option(help: "Target search: the intent whose lever is set (default: every intent at once).")
    var intent: String?

    @Option(
        parsing: .unconditional,
        help: "Target search: the probability, over the parameters' uncertainty, of reaching the target.")
    var probability = 0.8

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard power > 0, power < 1 else {
            throw ValidationError("--power \(power) is not strictly between 0 and 1; use e.g. 0.8")
        }
        if let byWeek, byWeek < 1 { throw ValidationError("--by-week \(byWeek) is not a week; expected 1 or more") }
        guard (target == nil) == (lever == nil) else {
            throw ValidationError("a target search needs both --target METRIC=VALUE and --lever PARAMETER")
        }
        if target == nil, intent != nil {
            throw ValidationError("--intent chooses the intent of a target search; give --target and --lever too")
        }
        _ = try search()
    }

    /// The target search asked for: the metric, its target and the lever; nil without one.
    private func search() throws -> (metric: Metric, target: Double, lever: Parameter)? {
        guard let target, let lever else { return nil }
        let parts = target.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let name = parts[0].trimmingCharacters(in: .whitespaces).lowercased()
        let metrics = Metric.allCases.map(\.rawValue).joined(separator: ", ")
        guard parts.count == 2, let metric = Metric.allCases.first(where: { $0.rawValue.lowercased() == name }) else {
            throw ValidationError("--target \(target): expected METRIC=VALUE with METRIC one of \(metrics), e.g. contained=0.86")
        }
        guard let value = Double(parts[1].trimmingCharacters(in: .whitespaces)), value >= 0, value <= 1 else {
            throw ValidationError("--target \(target): the target is not a rate; expected a number from 0 to 1")
        }
        guard let parameter = Parameter(rawValue: lever) else {
            let levers = Parameter.allCases.filter(\.isLever).map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--lever \(lever) is not a parameter of the session model; expected one of \(levers)")
        }
        return (metric, value, parameter)
    }

    func run() throws {
        let scenario = try ScenarioLoading.load(self.scenario)
        let horizon = simulation.weeks ?? scenario.weeks
        if let byWeek, byWeek > horizon {
            throw CLIError(
                message: "--by-week \(byWeek) is beyond the \(horizon)-week horizon; expected a week from 1 to \(horizon)")
        }
        if let problem = scenario.volumeProblem(weeks: horizon) {
            throw CLIError(message: "\(self.scenario): \(problem)")
        }
        let policy = try gate.resolved()
        if let path = gate.policy, !policy.judgesSomething {
            throw CLIError(message: "\(path): judges nothing; give at least one criterion, e.g. contained: {floor: 0.8}")
        }
        let targets = Targets.recommended(for: scenario.workflow)
        var plan: GatePlan?
        if policy.judgesSomething {
            try simulation.refuseGate(weeks: horizon)
            let progress = Progress(enabled: !simulation.quiet)
            let total = simulation.replications
            plan = try GatePlan.simulate(scenario, policy: policy, options: simulation.options) { done in
                progress.report(Progress.replications(done, of: total))
            }
            progress.clear()
        }
        // Without criteria, review planning judges the workflow's targets, at the method and confidence given.
        var planned = policy
        if !policy.judgesSomething {
            planned = .targets(targets)
            planned.method = policy.method
            planned.confidence = policy.confidence
            planned.windowWeeks = policy.windowWeeks
            planned.looks = policy.looks
        }
        let reviews = try ReviewPlan(
            scenario, policy: planned, targets: targets, byWeek: byWeek ?? horizon, power: power, weeks: horizon)
        // Levers and target search over the same horizon, their draws those of the replications.
        var horizonScenario = scenario
        horizonScenario.weeks = horizon
        let seed = simulation.seed ?? scenario.seed
        var ranking: LeverRanking?
        if levers || (!policy.judgesSomething && target == nil) {
            try simulation.refuse(
                bytes: LeverRanking.resultBytes(draws: simulation.replications, intents: scenario.intents.count),
                for: "ranking the levers over \(Format.count(simulation.replications, "parameter draw"))",
                remedy: "use fewer --replications")
            ranking = LeverRanking.compute(
                horizonScenario, draws: simulation.replications, seed: seed, threads: simulation.threads, rankedBy: rankBy)
        }
        var found: TargetSearchResult?
        if let search = try search() {
            do {
                found = try TargetSearch.run(
                    horizonScenario, metric: search.metric, target: search.target, lever: search.lever, intent: intent,
                    probability: probability, draws: simulation.replications, seed: seed, threads: simulation.threads)
            } catch let error as ModelError {
                throw CLIError(message: "--\(error.description)")
            }
        }
        try output.emit(
            PlanReport(
                scenario: scenario, replications: simulation.replications, seed: seed, gate: plan, reviews: reviews,
                levers: ranking, targetSearch: found))
    }
}

extension PlanCommand: WritesOutput {
    var inputFiles: [String] { [scenario] + (gate.policy.map { [$0] } ?? []) }
}
