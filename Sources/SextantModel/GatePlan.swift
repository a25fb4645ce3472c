import SextantStats
import Synchronization

/// The readiness gate inside a simulation: for each week, how likely the gate is to pass on that
/// week's window of simulated data, to have passed by then, and to be wrong — a false pass or a
/// false hold, judged against the true rates of the window — and the distribution of the first week
/// it passes.
///
/// Definitions, per replication and week W (its window: the policy's last ``GatePolicy/windowWeeks``
/// weeks, else weeks 1…W):
///
/// - the gate *passes at W* when ``GatePolicy/judge(_:targets:)`` is ready on the window's counts;
/// - a judged metric's *true rate* over the window is the model's exact expectation at the
///   replication's drawn parameters (``ReplicationRun/expected``), averaged over the window's weeks
///   weighted by their expected AI sessions;
/// - a true rate *clears* its threshold when it is above its floor, or below its ceiling; one within
///   10⁻¹² of the threshold does not (a rate sitting on its floor is the boundary case of the
///   hypothesis the gate's bound tests, where its error is largest);
/// - a *false pass* at W: the gate passes while some judged metric's true rate does not clear its
///   threshold; a *false hold*: it fails while every judged metric's true rate clears it (failing on
///   a minimum count alone is a false hold too).
///
/// Probabilities are shares of replications; each carries a Monte Carlo standard error of at most
/// 0.5/√replications.
public struct GatePlan: Hashable, Sendable {
    /// One week of the plan.
    public struct Week: Hashable, Sendable {
        /// The week (1-based).
        public let week: Int
        /// P(the gate passes on the data of this week's window).
        public let passProbability: Double
        /// P(it passed in some week up to this one).
        public let passedBy: Double
        /// P(it passes this week while a judged metric's true rate does not clear its threshold).
        public let falsePassProbability: Double
        /// P(it fails this week while every judged metric's true rate clears its threshold).
        public let falseHoldProbability: Double
        /// P(a false pass in some week up to this one): the risk of a team that checks the gate
        /// every week and acts on its first pass.
        public let falsePassedBy: Double
    }

    /// The distribution of the first week the gate passes.
    public struct FirstPassWeek: Hashable, Sendable {
        /// The 5th percentile: the first week by which at least 5 % of runs have passed; nil when
        /// fewer than 5 % ever do.
        public let p05: Int?
        /// The median week; nil when fewer than half the runs ever pass.
        public let p50: Int?
        /// The 95th percentile; nil when fewer than 95 % of runs ever pass.
        public let p95: Int?
        /// The share of runs in which it never passes over the horizon.
        public let never: Double
    }

    /// The policy simulated.
    public let policy: GatePolicy
    /// The targets a policy's `target` floors refer to.
    public let targets: Targets
    /// Replications simulated.
    public let replications: Int
    /// Each week, week 1 first.
    public let weeks: [Week]
    /// The first week the gate passes.
    public let firstPassWeek: FirstPassWeek

    /// The largest per-look false-pass probability over the horizon.
    public var largestFalsePass: Double { weeks.map(\.falsePassProbability).max() ?? 0 }

    /// The false-pass probability over the whole horizon of weekly looks.
    public var falsePassOverHorizon: Double { weeks.last?.falsePassedBy ?? 0 }

    /// The largest Monte Carlo standard error of a probability here, 0.5/√replications.
    public var monteCarloError: Double { 0.5 / Double(replications).squareRoot() }

    /// Simulates `scenario` and applies `policy` to every week of every replication.
    ///
    /// - Parameters:
    ///   - scenario: the session population.
    ///   - policy: the gate.
    ///   - options: replications, seed, horizon, threads and targets (per-intent outputs are not used).
    ///   - progress: called with the number of replications done, from worker threads.
    /// - Returns: the plan; the same for any number of threads.
    /// - Throws: `StatsError` for an invalid policy confidence or a tail that cannot be evaluated.
    /// - Complexity: the simulation's, plus O(replications · weeks · (criteria + window)).
    public static func simulate(
        _ scenario: Scenario, policy: GatePolicy, options: SimulationOptions = SimulationOptions(),
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(StatsError) -> GatePlan {
        var options = options
        options.perIntent = false
        options.perIntentWeek = false
        let setup = SimulationSetup(scenario, options: options)
        let observer = try GatePlanObserver(setup, policy: policy)
        Simulation.run(setup, observers: [observer], progress: progress)
        return try observer.result()
    }
}

/// Applies a gate policy to every week of every replication of a simulation (see ``GatePlan``),
/// keeping one byte per replication and week; the result is the same for any number of threads.
public final class GatePlanObserver: SimulationObserver, @unchecked Sendable {
    private let setup: SimulationSetup
    private let gate: FastGate
    /// Per replication and week: bit 0 pass, bit 1 false pass, bit 2 false hold. Each replication
    /// writes only its own row, so concurrent writes never overlap.
    private let flags: UnsafeMutableBufferPointer<UInt8>
    /// The first error by replication index, so that the error reported does not depend on threads.
    private let failure = Mutex<(replication: Int, error: StatsError)?>(nil)

    private static let pass: UInt8 = 1
    private static let falsePass: UInt8 = 2
    private static let falseHold: UInt8 = 4

    /// An observer of the simulation set up by `setup`, judging `policy` against its targets.
    ///
    /// - Throws: `StatsError` for an invalid confidence or a threshold that is not finite.
    public init(_ setup: SimulationSetup, policy: GatePolicy) throws(StatsError) {
        self.setup = setup
        gate = try FastGate(policy, targets: setup.targets)
        flags = .allocate(capacity: setup.replications * setup.weeks)
        flags.initialize(repeating: 0)
    }

    deinit { flags.deallocate() }

    /// Judges each week's window of one replication.
    public func observe(_ run: ReplicationRun) {
        do throws(StatsError) {
            try judge(run)
        } catch {
            failure.withLock { first in
                if first == nil || run.replication < first!.replication { first = (run.replication, error) }
            }
        }
    }

    private func judge(_ run: ReplicationRun) throws(StatsError) {
        let weekCount = setup.weeks
        let rates = gate.rates
        let row = flags.baseAddress! + run.replication * weekCount
        // Running sums over weeks 1…W (no window), or recomputed over the window.
        var tally = Tally()
        var weighted = [Double](repeating: 0, count: rates.count)
        var weight = 0.0
        for week in 0..<weekCount {
            if let size = gate.policy.windowWeeks {
                tally = Tally()
                for i in weighted.indices { weighted[i] = 0 }
                weight = 0
                for earlier in max(0, week - size + 1)...week { add(run, week: earlier, &tally, &weighted, &weight) }
            } else {
                add(run, week: week, &tally, &weighted, &weight)
            }
            let passes = try gate.passes(tally)
            var clearsAll = true
            for (index, rate) in rates.enumerated() where !Self.clears(weighted[index], weight, rate) {
                clearsAll = false
                break
            }
            var flag: UInt8 = passes ? Self.pass : 0
            if passes && !clearsAll { flag |= Self.falsePass }
            if !passes && clearsAll { flag |= Self.falseHold }
            row[week] = flag
        }
    }

    /// Adds week `week` (0-based) of `run` to a window: its counts, and each judged metric's
    /// expected rate weighted by the week's expected AI sessions.
    private func add(_ run: ReplicationRun, week: Int, _ tally: inout Tally, _ weighted: inout [Double], _ weight: inout Double) {
        tally.add(run.weeks[week].tally)
        let expected = run.expected[week]
        let sessions = Double(setup.sessions[week]) * expected.aiShare
        guard sessions > 0 else { return }
        weight += sessions
        for (index, rate) in gate.rates.enumerated() { weighted[index] += sessions * (expected.value(rate.metric) ?? .nan) }
    }

    /// Whether a window's true rate clears its threshold (false when the window has no AI traffic).
    private static func clears(
        _ weighted: Double, _ weight: Double, _ rate: (metric: Metric, threshold: Double, comparison: BoundComparison)
    ) -> Bool {
        guard weight > 0 else { return false }
        let truth = weighted / weight
        return rate.metric.isIssueRate ? truth < rate.threshold - 1e-12 : truth > rate.threshold + 1e-12
    }

    /// The plan, combined over the replications observed so far.
    ///
    /// - Throws: the `StatsError` of the first replication (by index) whose judgement failed.
    public func result() throws(StatsError) -> GatePlan {
        if let failure = failure.withLock({ $0 }) { throw failure.error }
        let weekCount = setup.weeks
        let replications = setup.replications
        var passes = [Int](repeating: 0, count: weekCount)
        var falsePasses = passes
        var falseHolds = passes
        var firstPasses = passes
        var firstFalsePasses = passes
        var never = 0
        for replication in 0..<replications {
            let row = flags.baseAddress! + replication * weekCount
            var passed = false
            var falselyPassed = false
            for week in 0..<weekCount {
                let flag = row[week]
                if flag & Self.pass != 0 {
                    passes[week] += 1
                    if !passed { firstPasses[week] += 1 }
                    passed = true
                }
                if flag & Self.falsePass != 0 {
                    falsePasses[week] += 1
                    if !falselyPassed { firstFalsePasses[week] += 1 }
                    falselyPassed = true
                }
                if flag & Self.falseHold != 0 { falseHolds[week] += 1 }
            }
            if !passed { never += 1 }
        }
        let total = Double(replications)
        var weeks: [GatePlan.Week] = []
        var passedBy = 0
        var falselyPassedBy = 0
        var firstPassQuantiles: [Int: Int] = [:]
        for week in 0..<weekCount {
            passedBy += firstPasses[week]
            falselyPassedBy += firstFalsePasses[week]
            for percent in [5, 50, 95] where firstPassQuantiles[percent] == nil && passedBy * 100 >= percent * replications {
                firstPassQuantiles[percent] = week + 1
            }
            weeks.append(
                GatePlan.Week(
                    week: week + 1, passProbability: Double(passes[week]) / total, passedBy: Double(passedBy) / total,
                    falsePassProbability: Double(falsePasses[week]) / total,
                    falseHoldProbability: Double(falseHolds[week]) / total, falsePassedBy: Double(falselyPassedBy) / total))
        }
        return GatePlan(
            policy: gate.policy, targets: setup.targets, replications: replications, weeks: weeks,
            firstPassWeek: GatePlan.FirstPassWeek(
                p05: firstPassQuantiles[5], p50: firstPassQuantiles[50], p95: firstPassQuantiles[95],
                never: Double(never) / total))
    }
}
