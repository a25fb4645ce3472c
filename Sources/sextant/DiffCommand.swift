import ArgumentParser
import SextantModel
import SextantReport

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed between two scenario files, and what it does to the expected rates.",
        discussion: """
            Compares two scenarios key by key — traffic, review rate, each intent's share, Auto-Pilot switch and \
            parameters (as the intent resolves them, defaults applied), stages and improvements — and shows the \
            exact expected contained, resolution and issue rates and total automation of each, with the change in \
            percentage points, overall and for each intent whose rates move. With a readiness policy \
            (--policy, or the policy flags of `gate`), both scenarios are simulated and the report adds the \
            week the gate first passes (median and 5–95 %) and the share of runs in which it never does. \
            Markdown output is fit for a pull-request comment. Exit status 0 whether or not they differ, \
            2 for a bad file.

            Examples:
              sextant diff scenarios/service-ecommerce.yaml proposed.yaml
              sextant diff scenarios/service-ecommerce.yaml proposed.yaml --format markdown -o diff.md
              sextant diff old.yaml new.yaml --format json
              sextant diff scenarios/service-ecommerce.yaml proposed.yaml --policy scenarios/gate-policy.yaml
            """
    )

    @Argument(help: ArgumentHelp("The scenario before (YAML).", valueName: "OLD"))
    var old: String

    @Argument(help: ArgumentHelp("The scenario after (YAML).", valueName: "NEW"))
    var new: String

    @OptionGroup var gate: PolicyOptions
    @OptionGroup var simulation: SimulationRunOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let diff = ScenarioDiff(try ScenarioLoading.load(old), try ScenarioLoading.load(new))
        let policy = try gate.resolved()
        var plans: (old: GatePlan, new: GatePlan)?
        if policy.judgesSomething {
            let progress = Progress(enabled: !simulation.quiet)
            let total = 2 * simulation.replications
            func plan(_ scenario: Scenario, _ path: String, done before: Int) throws -> GatePlan {
                let weeks = simulation.weeks ?? scenario.weeks
                if let problem = scenario.volumeProblem(weeks: weeks) {
                    throw CLIError(message: "\(path): \(problem)")
                }
                try simulation.refuseGate(weeks: weeks)
                return try GatePlan.simulate(scenario, policy: policy, options: simulation.options) { done in
                    progress.report(Progress.replications(before + done, of: total))
                }
            }
            plans = (try plan(diff.old, old, done: 0), try plan(diff.new, new, done: simulation.replications))
            progress.clear()
        } else if let path = gate.policy {
            throw CLIError(message: "\(path): judges nothing; give at least one criterion, e.g. contained: {floor: 0.8}")
        }
        try output.emit(DiffReport(diff, old: old, new: new, gate: plans))
    }
}

extension DiffCommand: WritesOutput {
    var inputFiles: [String] { [old, new] + [gate.policy].compactMap { $0 } }
}
