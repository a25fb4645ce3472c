import ArgumentParser
import Foundation
import SextantModel
import SextantReport

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Exact expected rates and a Monte Carlo distribution of a scenario's session population.",
        discussion: """
            Compiles each intent's session tree (model.md §3) into its leaves and sums them for the exact expected \
            contained, resolution and issue rates — per week with stages and improvements applied, per intent and overall, \
            plus total automation. Then simulates with GSL: per replication, the uncertain parameters are drawn, then each \
            week's sessions as one multinomial draw, reviews as a binomial thinning. The same seed gives byte-identical \
            output whatever the number of threads.

            Examples:
              sextant simulate scenarios/service-ecommerce.yaml
              sextant simulate scenarios/staged-autopilot-rollout.yaml --replications 10000 --format json
              sextant simulate scenarios/sales-lead-qualification.yaml --weeks 26 --intents --seed 42
            """
    )

    @Argument(help: ArgumentHelp("A scenario file (YAML).", valueName: "SCENARIO"))
    var scenario: String

    @Option(help: "Replications of the whole horizon.")
    var replications = 1000

    @Option(help: "Master seed (default: the scenario's).")
    var seed: UInt64?

    @Option(help: "Weeks to simulate (default: the scenario's).")
    var weeks: Int?

    @Flag(help: "Also simulate each intent over the whole horizon.")
    var intents = false

    @Flag(name: .customLong("intent-weeks"), help: "Also simulate each intent in each week (slower).")
    var intentWeeks = false

    @Option(help: "Worker threads (default: every core); the results do not depend on it.")
    var threads: Int?

    @Flag(help: "No progress on standard error.")
    var quiet = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard replications >= 1 else { throw ValidationError("--replications \(replications) must be at least 1") }
        if let weeks, weeks < 1 { throw ValidationError("--weeks \(weeks) must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads \(threads) must be at least 1") }
        guard output.format != .csv || !intentWeeks else {
            throw ValidationError("--intent-weeks has no CSV form; use --format json")
        }
    }

    func run() throws {
        let scenario = try ScenarioLoading.load(self.scenario)
        if let problem = scenario.volumeProblem(weeks: weeks ?? scenario.weeks) {
            throw CLIError(message: "\(self.scenario): \(problem)")
        }
        var options = SimulationOptions()
        options.replications = replications
        options.seed = seed
        options.weeks = weeks
        options.perIntent = intents
        options.perIntentWeek = intentWeeks
        options.threads = threads
        let progress = Progress(enabled: !quiet)
        let total = replications
        let result = Simulation.run(scenario, options: options) { done in
            progress.report("simulated \(done) of \(total) replications")
        }
        progress.clear()
        try output.emit(SimulationReport(result))
    }
}
