import Dispatch
import SextantStats
import Synchronization

/// What to simulate.
public struct SimulationOptions: Sendable {
    /// Replications (independent runs of the whole horizon).
    public var replications = 1000
    /// The master seed; nil uses the scenario's.
    public var seed: UInt64?
    /// The horizon in weeks; nil uses the scenario's.
    public var weeks: Int?
    /// Also simulate each intent over the whole horizon.
    public var perIntent = false
    /// Also simulate each intent in each week (the most expensive output).
    public var perIntentWeek = false
    /// Also split each intent's handoff sessions over their reasons (in ``ReplicationRun/intents``
    /// and ``ReplicationRun/intentWeeks``); without it their reason counts stay zero. The
    /// summaries of ``Simulation/run(_:options:progress:)`` do not need it.
    public var perIntentReasons = false
    /// Worker threads; nil uses every core. The results do not depend on it.
    public var threads: Int?
    /// The targets each metric is judged against; nil uses the recommended targets of the
    /// scenario's workflow.
    public var targets: Targets?

    /// The defaults: 1,000 replications of the scenario's own horizon and seed, on every core.
    public init() {}
}

/// Receives every replication of a simulation as it completes: the summaries of
/// ``Simulation/run(_:options:progress:)`` are one observer; a readiness gate applied week by
/// week, a paired comparison of levers or a bounded-memory percentile estimator are others.
///
/// ``observe(_:)`` is called once per replication, from worker threads: concurrently for different
/// replications and in no particular order. An observer that must give the same result for any
/// number of threads stores what it needs per replication (by ``ReplicationRun/replication``) and
/// combines it in replication order afterwards.
public protocol SimulationObserver: AnyObject, Sendable {
    /// Takes one replication's draws and counts.
    func observe(_ run: ReplicationRun)
}

/// Monte Carlo simulation of a scenario's session population with GSL's random variates.
///
/// Per replication, the uncertain parameters are drawn once (each from its distribution), then
/// each week's sessions are one multinomial draw over (human, AI tag class × severity set)
/// categories — the margin of the multinomial over (intent, leaf) pairs that the weekly metrics
/// need — never one draw per session. Reviewed sessions are a binomial thinning of each severity
/// set; handoff reasons split the help and follow-up counts multinomially. Per-intent outputs are
/// drawn from the (intent, leaf) multinomial itself, on streams of their own, so asking for them
/// leaves the weekly results unchanged.
///
/// Replication i draws from `SeedSequence(seed).child(i)` (parameters from its child 0, weekly
/// outcomes from child 1, per-intent outcomes from children 2 and 3, their reason splits from
/// children 4 and 5), so the results are the same for any number of threads.
public enum Simulation {
    /// Runs the simulation and summarises every metric over the replications.
    ///
    /// - Parameters:
    ///   - scenario: the session population to simulate.
    ///   - options: replications, seed, horizon, outputs, targets and threads.
    ///   - progress: called with the number of replications done, from worker threads.
    /// - Returns: exact expectations, the distribution of every metric and its verdict.
    /// - Complexity: O(replications · (weeks · 25 + intents · epochs · 20)) random draws and tree
    ///   evaluations; per-intent outputs add O(intents · 32) draws per epoch (per week for
    ///   `perIntentWeek`).
    public static func run(
        _ scenario: Scenario, options: SimulationOptions = SimulationOptions(), progress: (@Sendable (Int) -> Void)? = nil
    ) -> SimulationResult {
        let setup = SimulationSetup(scenario, options: options)
        let summaries = SummaryObserver(setup)
        // The pilot replications first: they set the bins of the per-intent weekly histograms.
        let pilot = summaries.pilotReplications
        run(setup, range: 0..<pilot, observers: [summaries], progress: progress)
        run(setup, range: pilot..<setup.replications, observers: [summaries]) { progress?(pilot + $0) }
        return summaries.result()
    }

    /// Runs the simulation set up by `setup`, handing each replication to every observer.
    ///
    /// - Parameters:
    ///   - setup: the scenario, horizon, replications and outputs.
    ///   - observers: what receives the replications, in this order for each one.
    ///   - progress: called with the number of replications done, from worker threads.
    public static func run(
        _ setup: SimulationSetup, observers: [any SimulationObserver], progress: (@Sendable (Int) -> Void)? = nil
    ) {
        run(setup, range: 0..<setup.replications, observers: observers, progress: progress)
    }

    /// Runs the replications in `range` only (progress counts from 0 within it).
    static func run(
        _ setup: SimulationSetup, range: Range<Int>, observers: [any SimulationObserver],
        progress: (@Sendable (Int) -> Void)? = nil
    ) {
        let replications = range.count
        guard replications > 0 else { return }
        let chunks = min(replications, setup.threads * 8)
        let done = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = range.lowerBound + replications * chunk / chunks
            let end = range.lowerBound + replications * (chunk + 1) / chunks
            let worker = SimulationWorker(setup)
            for replication in start..<end {
                let run = worker.run(replication: replication)
                for observer in observers { observer.observe(run) }
            }
            let total = done.add(end - start, ordering: .relaxed).newValue
            progress?(total)
        }
    }
}

/// Everything the replications of one simulation share, computed once: the horizon, the traffic,
/// the epochs between changes, the parameter means and which parameters are uncertain.
public struct SimulationSetup: Sendable {
    /// The scenario simulated.
    public let scenario: Scenario
    /// The master seed.
    public let seed: SeedSequence
    /// The horizon, in weeks.
    public let weeks: Int
    /// Replications of the horizon.
    public let replications: Int
    /// Worker threads.
    public let threads: Int
    /// Whether each intent is simulated over the horizon.
    public let perIntent: Bool
    /// Whether each intent is simulated in each week.
    public let perIntentWeek: Bool
    /// Whether each intent's handoffs are split over its reasons.
    public let perIntentReasons: Bool
    /// The targets each metric is judged against.
    public let targets: Targets
    /// Exact expectations at the parameters' point values.
    public let expectation: Expectation
    /// All sessions (AI and human) in each week, week 1 first.
    public let sessions: [Int]

    /// Epochs: ranges of weeks with the same parameters, as (first week, last week), 1-based.
    let epochs: [(first: Int, last: Int)]
    /// Per epoch and intent: the AI fraction of the intent's traffic times its share.
    let weights: [[Double]]
    /// Per epoch: the improvements in force, in the order they apply.
    let steps: [[ImprovementStep]]
    /// Each intent's parameters at their means, `[intent * Parameter.allCases.count + parameter]`.
    let means: [Double]
    /// Per intent: the uncertain parameters, as (index in `Parameter.allCases`, distribution).
    let uncertain: [[(Int, UncertainProbability)]]

    /// Prepares a simulation of `scenario`.
    ///
    /// - Complexity: O(weeks · intents) for the exact expectations.
    public init(_ scenario: Scenario, options: SimulationOptions = SimulationOptions()) {
        self.scenario = scenario
        seed = SeedSequence(entropy: options.seed ?? scenario.seed)
        let horizon = max(1, options.weeks ?? scenario.weeks)
        weeks = horizon
        replications = max(1, options.replications)
        threads = max(1, options.threads ?? System.coreCount)
        perIntent = options.perIntent
        perIntentWeek = options.perIntentWeek
        perIntentReasons = options.perIntentReasons
        targets = options.targets ?? .recommended(for: scenario.workflow)
        sessions = (1...horizon).map(scenario.sessions(inWeek:))
        let starts = scenario.changeWeeks(horizon: horizon)
        epochs = starts.enumerated().map { index, start in
            (start, index + 1 < starts.count ? starts[index + 1] - 1 : horizon)
        }
        weights = epochs.map { epoch in
            scenario.intents.indices.map { scenario.intents[$0].share * scenario.aiFraction(intent: $0, week: epoch.first) }
        }
        steps = epochs.map { scenario.improvementSteps(inWeek: $0.first) }
        means = scenario.intents.flatMap { IntentPoint(means: $0).values }
        uncertain = scenario.intents.map { intent in
            Parameter.allCases.enumerated().compactMap { index, parameter in
                intent.parameter(parameter).isUncertain ? (index, intent.parameter(parameter)) : nil
            }
        }
        expectation = Expectation(scenario, weeks: horizon)
    }

    /// The number of intents.
    public var intentCount: Int { scenario.intents.count }
}

/// The machine.
enum System {
    /// Cores available to this process.
    static var coreCount: Int { Processors.online }
}
