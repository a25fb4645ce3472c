import ArgumentParser
import Foundation
import SextantModel
import SextantReport

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Exact expected rates and a Monte Carlo distribution of a scenario's session population.",
        discussion: """
            Compiles each intent's session tree into its leaves and sums them for the exact expected \
            contained, resolution and issue rates — per week with stages and improvements applied, per intent and overall, \
            plus total automation. Then simulates with GSL: per replication, the uncertain parameters are drawn, then each \
            week's sessions as one multinomial draw, reviews as a binomial thinning. The same seed gives byte-identical \
            output whatever the number of threads. The session model is documented in the repository, \
            Sources/SextantModel/SextantModel.docc/SessionModel.md.

            Examples:
              sextant simulate scenarios/service-ecommerce.yaml
              sextant simulate scenarios/staged-autopilot-rollout.yaml --replications 10000 --format json
              sextant simulate scenarios/sales-lead-qualification.yaml --weeks 26 --intents --seed 42
            """
    )

    @Argument(help: ArgumentHelp("A scenario file (YAML), or - for standard input.", valueName: "SCENARIO"))
    var scenario: String

    @OptionGroup var simulation: SimulationRunOptions

    @Flag(help: "Also simulate each intent over the whole horizon.")
    var intents = false

    @Flag(
        name: .customLong("intent-weeks"),
        help: ArgumentHelp(
            "Also simulate each intent in each week (slower).",
            discussion: "Beyond 256 replications its percentiles come from a fixed-bin histogram per intent, week and metric, "
                + "within half a bin (about 0.004 standard deviations) of the exact ones; means and sds stay exact."))
    var intentWeeks = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard output.format != .csv || !intentWeeks else {
            throw ValidationError("--intent-weeks has no CSV form; use --format json")
        }
    }

    func run() throws {
        let scenario = try ScenarioLoading.load(self.scenario)
        if let problem = scenario.volumeProblem(weeks: simulation.weeks ?? scenario.weeks) {
            // The file itself is valid (its own horizon was checked): the longer horizon asked for is the cause.
            guard let weeks = simulation.weeks else { throw CLIError(message: "\(self.scenario): \(problem)") }
            throw CLIError(message: "--weeks \(weeks): with the scenario \(self.scenario), \(problem)")
        }
        try checkMemory(scenario)
        var options = simulation.options
        options.perIntent = intents
        options.perIntentWeek = intentWeeks
        let progress = Progress(enabled: !simulation.quiet)
        let total = simulation.replications
        let result = Simulation.run(scenario, options: options) { done in
            progress.report(Progress.replications(done, of: total))
        }
        progress.clear()
        try output.emit(SimulationReport(result))
    }
}

extension SimulateCommand {
    /// The seed range everywhere (flags, scenario files, JSON output): every UInt64.
    static let seedExpectation = "seed must be a whole number from 0 to \(UInt64.max)"

    /// Reads `--seed`: a whole number from 0 to 2^64 − 1, in decimal.
    static func seed(from text: String) throws -> UInt64 {
        guard text.allSatisfy(\.isASCII), let seed = UInt64(text) else { throw ValidationError(seedExpectation) }
        return seed
    }

    /// Refuses a run whose results would not fit in the memory allowed (see `SimulationLimits`),
    /// before anything is allocated, with the figure.
    func checkMemory(_ scenario: Scenario) throws(CLIError) {
        let weeks = simulation.weeks ?? scenario.weeks
        let replications = simulation.replications
        let intents = scenario.intents.count
        let bytes = SimulationLimits.resultBytes(
            replications: replications, weeks: weeks, intents: intents, perIntent: self.intents, perIntentWeek: intentWeeks)
        let physical = ProcessInfo.processInfo.physicalMemory
        let limit = SimulationLimits.memoryLimit(physicalMemory: physical)
        guard bytes > limit else { return }
        let values = SimulationLimits.valuesPerReplication(
            weeks: weeks, intents: intents, perIntent: self.intents, perIntentWeek: intentWeeks)
        let bound =
            limit == SimulationLimits.maximumResultBytes
            ? "the 4 GiB (\(Format.count(limit)) bytes) a run may use"
            : "the \(Self.size(limit)) a run may use on this machine (half of its memory)"
        let histograms =
            intentWeeks
            ? ", plus \(Self.size(SimulationLimits.intentWeekBytes(replications: replications, weeks: weeks, intents: intents))) "
                + "for the per-intent weekly histograms" : ""
        throw CLIError(
            message: "the results of \(Format.count(replications, "replication")) would take \(Self.size(bytes)) of memory "
                + "(\(Format.count(values, "value")) of 8 bytes per replication over \(Format.count(weeks, "week"))\(histograms)), "
                + "more than \(bound); "
                + "use fewer --replications or --weeks, or leave out --intents and --intent-weeks")
    }

    /// Bytes in decimal gigabytes or megabytes with the exact count: "7.76 GB (7,760,000,000 bytes)".
    private static func size(_ bytes: Int) -> String {
        let value = Double(bytes)
        let scaled = value >= 1e9 ? String(format: "%.2f GB", value / 1e9) : String(format: "%.1f MB", value / 1e6)
        return "\(scaled) (\(Format.count(bytes)) bytes)"
    }
}
