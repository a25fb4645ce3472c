import ArgumentParser
import Foundation
import SextantIngest
import SextantModel
import SextantReport
import SextantStats

/// A readiness gate's policy: a policy file and the flags that override it, shared by `gate` and `plan`.
struct PolicyOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The gate policy (YAML). Optional when flags give the criteria.", valueName: "FILE"))
    var policy: String?

    @Option(name: .customLong("min-sessions"), parsing: .unconditional, help: "The fewest AI sessions in the window.")
    var minSessions: Int?

    @Option(name: .customLong("min-reviewed"), parsing: .unconditional, help: "The fewest reviewed sessions in the window.")
    var minReviewed: Int?

    @Option(
        name: .customLong("contained-floor"),
        parsing: .unconditional,
        help: ArgumentHelp(
            "The contained rate's lower bound must reach this: a number from 0 to 1, or target.", valueName: "FLOOR"))
    var containedFloor: String?

    @Option(
        name: .customLong("resolution-floor"),
        parsing: .unconditional,
        help: ArgumentHelp(
            "The resolution rate's lower bound must reach this: a number from 0 to 1, or target.", valueName: "FLOOR"))
    var resolutionFloor: String?

    @Option(
        name: .customLong("ceiling"),
        help: ArgumentHelp(
            "An issue rate's upper bound must stay at most this: P0=0.001 (P0, P1, P2 or any; repeatable or comma-separated).",
            valueName: "RATE=CEILING"))
    var ceilings: [String] = []

    @Option(
        name: .customLong("window-weeks"),
        parsing: .unconditional,
        help:
            "Judge only the last N weeks: calendar weeks ending with the latest week in the logs (gate), or each simulated week and the N − 1 before it (plan)."
    )
    var windowWeeks: Int?

    @Option(
        parsing: .unconditional,
        help: """
            The gate is checked K times (e.g. weekly over K weeks): each look is judged at confidence 1 − (1 − C)/K \
            (Bonferroni), so that over all of them a rate on the wrong side of a threshold passes with probability at \
            most (1 − C)/2, as at one look.
            """)
    var looks: Int?

    @Option(
        help:
            "Interval method: \(IntervalMethod.allCases.map(\.rawValue).joined(separator: ", ")) (default: the policy's, else wilson)."
    )
    var method: IntervalMethod?

    @Option(parsing: .unconditional, help: "Confidence level, strictly between 0 and 1 (default: the policy's, else 0.95).")
    var confidence: Double?

    /// A policy file, every key with a comment, indented for a command's `--help`.
    static let fileFormat = """
          version: 1
          confidence: 0.95              # default 0.95
          method: wilson                # default wilson
          min_sessions: 1000            # AI sessions in the window
          min_reviewed: 200             # reviewed sessions in the window
          contained: {floor: 0.80}      # a number, or target
          resolution: {floor: target}
          issues:
            P0: {ceiling: 0.001}        # also P1, P2 and any
            P1: {ceiling: 0.01}
          window_weeks: 4               # absent: all the data (so far)
          looks: 12                     # checked 12 times, each at 1 − (1 − C)/12
        """

    func validate() throws {
        if let confidence, !(confidence > 0 && confidence < 1) {
            throw ValidationError("--confidence \(confidence) is not strictly between 0 and 1; use e.g. 0.95")
        }
        for (flag, value) in [("--min-sessions", minSessions), ("--min-reviewed", minReviewed)] {
            if let value, value < 0 {
                throw ValidationError("\(flag) \(value) is negative; expected a whole number of at least 0")
            }
        }
        let most = Scenario.maximumWeeks
        if let windowWeeks, !(1...most).contains(windowWeeks) {
            throw ValidationError("--window-weeks \(windowWeeks) is not a number of weeks; expected 1 to \(most)")
        }
        if let looks, !(1...most).contains(looks) {
            throw ValidationError("--looks \(looks) is not a number of looks; expected 1 to \(most)")
        }
        _ = try Self.floor(containedFloor, flag: "--contained-floor")
        _ = try Self.floor(resolutionFloor, flag: "--resolution-floor")
        _ = try Self.ceilings(ceilings)
    }

    /// The policy file's policy (or an empty one) with the flags' values over it.
    ///
    /// - Throws: the file's problems (`IngestErrors`), or `CLIError` when it cannot be read.
    func resolved() throws -> GatePolicy {
        var policy = GatePolicy()
        if let path = self.policy {
            policy = try GatePolicyFile.parse(ScenarioLoading.readYAML(path, what: "gate policy"), file: path)
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
        return policy
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
            guard ceilings.updateValue(value, forKey: metric) == nil else {
                throw ValidationError("--ceiling \(metric.rawValue) is given more than once; give each rate one ceiling")
            }
        }
        return ceilings
    }
}

/// How a simulation runs — `--replications`, `--seed`, `--weeks`, `--threads`, `--quiet` — shared
/// by `simulate` and `plan`.
struct SimulationRunOptions: ParsableArguments {
    @Option(
        parsing: .unconditional,
        help: """
            Replications of the whole horizon (at most \(Format.count(SimulationLimits.maximumReplications)), and their \
            results within 4 GiB of memory, or half the machine's if less).
            """)
    var replications = 1000

    @Option(
        parsing: .unconditional,
        help: "Master seed, a whole number from 0 to 2^64 − 1 (default: the scenario's).",
        transform: SimulateCommand.seed(from:))
    var seed: UInt64?

    @Option(
        parsing: .unconditional,
        help: "Weeks to simulate, at most \(Format.count(Scenario.maximumWeeks)) (default: the scenario's).")
    var weeks: Int?

    @Option(
        parsing: .unconditional,
        help: """
            Worker threads (default: every core; at most \(Format.count(SimulationLimits.maximumThreads))); \
            the results do not depend on it.
            """)
    var threads: Int?

    @Flag(help: "No progress on standard error.")
    var quiet = false

    func validate() throws {
        let maximum = SimulationLimits.maximumReplications
        guard (1...maximum).contains(replications) else {
            throw ValidationError("--replications \(replications) must be from 1 to \(Format.count(maximum))")
        }
        if let weeks, weeks < 1 { throw ValidationError("--weeks \(weeks) must be at least 1") }
        if let weeks, weeks > Scenario.maximumWeeks {
            throw ValidationError("--weeks \(weeks): \(Scenario.beyondHorizon(String(weeks)))")
        }
        if let threads, !(1...SimulationLimits.maximumThreads).contains(threads) {
            throw ValidationError("--threads \(threads) must be from 1 to \(Format.count(SimulationLimits.maximumThreads))")
        }
    }

    /// Refuses a run whose kept results, `bytes`, would not fit in the memory a run may use on this
    /// machine (`SimulationLimits.memoryLimit`), before anything is allocated.
    ///
    /// - Parameters:
    ///   - bytes: what the run would keep.
    ///   - what: what is kept, for the message ("the gate's verdicts of 1,000 replications over 52 weeks").
    ///   - remedy: what to change, e.g. "use fewer --replications or --weeks".
    func refuse(bytes: Int, for what: String, remedy: String) throws(CLIError) {
        let limit = SimulationLimits.memoryLimit(physicalMemory: ProcessInfo.processInfo.physicalMemory)
        guard bytes > limit else { return }
        let size = bytes == .max ? "more than \(Format.count(Int.max)) bytes" : "\(Format.count(bytes)) bytes"
        throw CLIError(message: "\(what) would take \(size), more than the \(Format.count(limit)) a run may use; \(remedy)")
    }

    /// Refuses a simulated gate whose verdicts (one byte per replication and week) would not fit.
    func refuseGate(weeks: Int) throws(CLIError) {
        try refuse(
            bytes: SimulationLimits.gateVerdictBytes(replications: replications, weeks: weeks),
            for: "the gate's verdicts of \(Format.count(replications, "replication")) over \(Format.count(weeks, "week"))",
            remedy: "use fewer --replications or --weeks")
    }

    /// The simulation options these flags give.
    var options: SimulationOptions {
        var options = SimulationOptions()
        options.replications = replications
        options.seed = seed
        options.weeks = weeks
        options.threads = threads
        return options
    }
}
