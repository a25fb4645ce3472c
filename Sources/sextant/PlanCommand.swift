import ArgumentParser
import Foundation
import SextantIngest
import SextantModel
import SextantReport
import SextantStats

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan a rollout: when a readiness gate passes in simulation, how often it errs, and the samples it needs.",
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

            The policy file (YAML; criteria left out are not judged):
              version: 1
              confidence: 0.95              # default 0.95
              method: wilson                # default wilson
              min_sessions: 1000            # AI sessions in the window
              min_reviewed: 200             # reviewed sessions in the window
              contained: {floor: 0.80}      # a number, or target
              resolution: {floor: target}
              issues:
                P0: {ceiling: 0.001}        # also P1, P2 and any
              window_weeks: 4               # absent: every week so far
              looks: 12                     # spend the error over 12 weekly looks (absent: one look)
            Flags override the file's values.

            Examples:
              sextant plan scenarios/service-ecommerce.yaml --contained-floor 0.8 --ceiling P0=0.002
              sextant plan scenarios/staged-autopilot-rollout.yaml --policy scenarios/gate-policy.yaml --replications 10000
              sextant plan scenarios/service-ecommerce.yaml --contained-floor target --looks 8 --format json
              sextant plan scenarios/sales-lead-qualification.yaml --by-week 4 --power 0.9
            """
    )

    @Argument(help: ArgumentHelp("A scenario file (YAML).", valueName: "SCENARIO"))
    var scenario: String

    @Option(help: ArgumentHelp("The gate policy (YAML). Optional when flags give the criteria.", valueName: "FILE"))
    var policy: String?

    @Option(name: .customLong("min-sessions"), help: "The fewest AI sessions in the window.")
    var minSessions: Int?

    @Option(name: .customLong("min-reviewed"), help: "The fewest reviewed sessions in the window.")
    var minReviewed: Int?

    @Option(
        name: .customLong("contained-floor"),
        help: ArgumentHelp(
            "The contained rate's lower bound must reach this: a number from 0 to 1, or target.", valueName: "FLOOR"))
    var containedFloor: String?

    @Option(
        name: .customLong("resolution-floor"),
        help: ArgumentHelp(
            "The resolution rate's lower bound must reach this: a number from 0 to 1, or target.", valueName: "FLOOR"))
    var resolutionFloor: String?

    @Option(
        name: .customLong("ceiling"),
        help: ArgumentHelp(
            "An issue rate's upper bound must stay at most this: P0=0.001 (P0, P1, P2 or any; repeatable or comma-separated).",
            valueName: "RATE=CEILING"))
    var ceilings: [String] = []

    @Option(name: .customLong("window-weeks"), help: "Judge only each week's last N weeks of data.")
    var windowWeeks: Int?

    @Option(help: "Spend the error over this many weekly looks (Bonferroni): each look at confidence 1 − (1 − C)/K.")
    var looks: Int?

    @Option(
        help:
            "Interval method: \(IntervalMethod.allCases.map(\.rawValue).joined(separator: ", ")) (default: the policy's, else wilson)."
    )
    var method: IntervalMethod?

    @Option(help: "Confidence level, strictly between 0 and 1 (default: the policy's, else 0.95).")
    var confidence: Double?

    @Option(help: "Replications of the whole horizon (at most \(Format.count(SimulationLimits.maximumReplications))).")
    var replications = 1000

    @Option(
        parsing: .unconditional,
        help: "Master seed, a whole number from 0 to 2^64 − 1 (default: the scenario's).",
        transform: SimulateCommand.seed(from:))
    var seed: UInt64?

    @Option(help: "Weeks to simulate (default: the scenario's).")
    var weeks: Int?

    @Option(
        help: """
            Worker threads (default: every core; at most \(Format.count(SimulationLimits.maximumThreads))); \
            the results do not depend on it.
            """)
    var threads: Int?

    @Option(
        name: .customLong("by-week"),
        help: "Review planning: the week by which each criterion is to be shown (default: the last).")
    var byWeek: Int?

    @Option(help: "Review planning: the probability with which each criterion is to clear its threshold.")
    var power = 0.8

    @Flag(help: "No progress on standard error.")
    var quiet = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        let maximum = SimulationLimits.maximumReplications
        guard (1...maximum).contains(replications) else {
            throw ValidationError("--replications \(replications) must be from 1 to \(Format.count(maximum))")
        }
        if let weeks, weeks < 1 { throw ValidationError("--weeks \(weeks) must be at least 1") }
        if let threads, !(1...SimulationLimits.maximumThreads).contains(threads) {
            throw ValidationError("--threads \(threads) must be from 1 to \(Format.count(SimulationLimits.maximumThreads))")
        }
        if let confidence, !(confidence > 0 && confidence < 1) {
            throw ValidationError("--confidence \(confidence) is not strictly between 0 and 1; use e.g. 0.95")
        }
        guard power > 0, power < 1 else {
            throw ValidationError("--power \(power) is not strictly between 0 and 1; use e.g. 0.8")
        }
        for (flag, value) in [("--min-sessions", minSessions), ("--min-reviewed", minReviewed)] {
            if let value, value < 0 {
                throw ValidationError("\(flag) \(value) is negative; expected a whole number of at least 0")
            }
        }
        for (flag, value) in [("--window-weeks", windowWeeks), ("--looks", looks), ("--by-week", byWeek)] {
            if let value, value < 1 { throw ValidationError("\(flag) \(value) is not a number of weeks; expected 1 or more") }
        }
        _ = try Self.floor(containedFloor, flag: "--contained-floor")
        _ = try Self.floor(resolutionFloor, flag: "--resolution-floor")
        _ = try Self.ceilings(ceilings)
    }

    /// The policy from the file and the flags; nil when neither gives a criterion.
    func gatePolicy() throws -> GatePolicy? {
        var policy = GatePolicy()
        if let path = self.policy {
            throw CLIError(message: "\(path): policy files are not read yet")
        }
        if let confidence { policy.confidence = confidence }
        if let method { policy.method = method }
        if let minSessions { policy.minSessions = minSessions }
        if let minReviewed { policy.minReviewed = minReviewed }
        if let floor = try Self.floor(containedFloor, flag: "--contained-floor") { policy.contained = floor }
        if let floor = try Self.floor(resolutionFloor, flag: "--resolution-floor") { policy.resolution = floor }
        policy.ceilings.merge(try Self.ceilings(ceilings)) { $1 }
        if let windowWeeks { policy.windowWeeks = windowWeeks }
        if let looks { policy.looks = looks }
        let judges =
            policy.minSessions != nil || policy.minReviewed != nil || policy.contained != nil || policy.resolution != nil
            || !policy.ceilings.isEmpty
        guard judges else {
            if let path = self.policy { throw CLIError(message: "\(path): judges nothing; give at least one criterion") }
            return nil
        }
        return policy
    }

    func run() throws {
        let scenario = try ScenarioLoading.load(self.scenario)
        let horizon = weeks ?? scenario.weeks
        if let problem = scenario.volumeProblem(weeks: horizon) {
            throw CLIError(message: "\(self.scenario): \(problem)")
        }
        let gatePolicy = try gatePolicy()
        let targets = Targets.recommended(for: scenario.workflow)
        var options = SimulationOptions()
        options.replications = replications
        options.seed = seed
        options.weeks = weeks
        options.threads = threads
        var gate: GatePlan?
        if let gatePolicy {
            try checkMemory(weeks: horizon)
            let progress = Progress(enabled: !quiet)
            let total = replications
            gate = try GatePlan.simulate(scenario, policy: gatePolicy, options: options) { done in
                progress.report("simulated \(done) of \(total) replications")
            }
            progress.clear()
        }
        var planned = gatePolicy ?? .targets(targets)
        if gatePolicy == nil {
            if let method { planned.method = method }
            if let confidence { planned.confidence = confidence }
        }
        let reviews = try ReviewPlan(scenario, policy: planned, targets: targets, byWeek: byWeek ?? horizon, power: power)
        try output.emit(
            PlanReport(
                scenario: scenario, replications: replications, seed: seed ?? scenario.seed, gate: gate, reviews: reviews))
    }

    /// Refuses a run whose per-replication verdicts (one byte per replication and week) would not fit.
    private func checkMemory(weeks: Int) throws(CLIError) {
        let bytes = replications.multipliedReportingOverflow(by: weeks)
        let limit = SimulationLimits.memoryLimit(physicalMemory: ProcessInfo.processInfo.physicalMemory)
        guard bytes.overflow || bytes.partialValue > limit else { return }
        throw CLIError(
            message: "the gate's verdicts for \(Format.count(replications)) replications of \(weeks) weeks would take more than "
                + "the \(Format.count(limit)) bytes a run may use; use fewer --replications or --weeks")
    }

    /// A floor given as a flag: a probability, or `target`.
    static func floor(_ text: String?, flag: String) throws -> GateFloor? {
        guard let text else { return nil }
        if text == "target" { return .targetFloor }
        guard let value = Double(text), value >= 0, value <= 1 else {
            throw ValidationError("\(flag) \(text): expected a number from 0 to 1, or target for the workflow's target floor")
        }
        return .value(value)
    }

    /// Ceilings given as `RATE=CEILING` pairs, several to a flag separated by commas.
    static func ceilings(_ pairs: [String]) throws -> [Metric: Double] {
        var ceilings: [Metric: Double] = [:]
        for pair in pairs.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            guard parts.count == 2, let metric = Metric.issueRates.first(where: { $0.rawValue.lowercased() == name.lowercased() })
            else {
                throw ValidationError("--ceiling \(pair): expected RATE=CEILING with RATE one of P0, P1, P2, any, e.g. P0=0.001")
            }
            guard let value = Double(parts[1].trimmingCharacters(in: .whitespaces)), value >= 0, value <= 1 else {
                throw ValidationError("--ceiling \(pair): the ceiling is not a probability; expected a number from 0 to 1")
            }
            ceilings[metric] = value
        }
        return ceilings
    }
}

extension PlanCommand: WritesOutput {
    var inputFiles: [String] { [scenario] + (policy.map { [$0] } ?? []) }
}
