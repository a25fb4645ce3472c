import SextantStats

/// What a log shows of one intent: its sessions' counts, its handoffs by reason code, and its weeks.
public struct IntentObservation: Hashable, Sendable {
    /// The intent's name (`(none)` for sessions without one).
    public var name: String
    /// The intent's AI sessions over the whole log.
    public var tally: Tally
    /// Handoff sessions whose reason is a code (given or mapped), per code.
    public var coded: [HandoffReason: Int]
    /// Handoff sessions with no reason, or one that is no code and not mapped.
    public var unexplained: Int
    /// The intent's sessions per ISO week (by label); empty when the log has no weeks.
    public var weeks: [String: Tally]

    /// An observation from its counts.
    public init(name: String, tally: Tally, coded: [HandoffReason: Int] = [:], unexplained: Int = 0, weeks: [String: Tally] = [:])
    {
        self.name = name
        self.tally = tally
        self.coded = coded
        self.unexplained = unexplained
        self.weeks = weeks
    }

    /// Sessions tagged `sys_human_follow_up` and not help.
    public var followUps: Int { tally.unresolved - tally.humanHelp }

    /// Each intent of a summary split by `[.intent, .week]` (either may be absent), in name order.
    ///
    /// - Parameters:
    ///   - summary: the log's summary.
    ///   - reasonCode: the code a reason's text stands for, or nil.
    /// - Returns: the intents with at least one session.
    static func collect(_ summary: LogSummary, reasonCode: (String) -> HandoffReason?) -> [IntentObservation] {
        let intentSlot = summary.dimensions.firstIndex(of: .intent)
        let weekSlot = summary.dimensions.firstIndex(of: .week)
        var byName: [String: IntentObservation] = [:]
        func name(_ key: SegmentKey?) -> String {
            guard let key, let intentSlot else { return "all" }
            return key.value(at: intentSlot) ?? SegmentDimension.intent.noValue
        }
        func add(_ reasons: [String?: Int], to observation: inout IntentObservation) {
            for (text, count) in reasons {
                if let code = text.flatMap(reasonCode) {
                    observation.coded[code, default: 0] += count
                } else {
                    observation.unexplained += count
                }
            }
        }
        if summary.dimensions.isEmpty {
            var observation = IntentObservation(name: "all", tally: summary.overall)
            add(summary.reasons, to: &observation)
            byName["all"] = observation
        }
        for (key, tally) in summary.segments {
            let intent = name(key)
            var observation = byName[intent] ?? IntentObservation(name: intent, tally: Tally())
            observation.tally.add(tally)
            if let weekSlot, let week = key.value(at: weekSlot) { observation.weeks[week, default: Tally()].add(tally) }
            add(summary.segmentReasons[key] ?? [:], to: &observation)
            byName[intent] = observation
        }
        return byName.values.filter { $0.tally.sessions > 0 }.sorted { $0.name < $1.name }
    }
}

/// A posterior of one quantity the log identifies: a stage of the session tree seen as a count of
/// the sessions that reached it.
public struct StagePosterior: Hashable, Sendable {
    /// The quantity in the tree's symbols, e.g. `h` or `(1 − a)·g`.
    public var quantity: String
    /// The reason code counted; nil for the issue rate.
    public var reason: HandoffReason?
    /// The sessions it is counted among, e.g. `sessions past step 1`.
    public var population: String
    /// Sessions counted (fractional where unexplained handoffs were allocated).
    public var count: Double
    /// Sessions that reached the stage.
    public var total: Double
    /// The posterior Beta(α, β): Jeffreys, α = ½ + count, β = ½ + total − count.
    public var alpha: Double
    /// The posterior's β.
    public var beta: Double

    /// The posterior of `count` in `total` under the Jeffreys prior Beta(½, ½).
    public init(_ quantity: String, _ reason: HandoffReason?, of population: String, count: Double, total: Double) {
        self.quantity = quantity
        self.reason = reason
        self.population = population
        self.count = count
        self.total = total
        alpha = 0.5 + count
        beta = 0.5 + max(0, total - count)
    }

    /// The posterior mean.
    public var mean: Double { alpha / (alpha + beta) }

    /// The central credible interval at `level` (equal tails).
    ///
    /// - Parameter level: e.g. 0.95.
    /// - Returns: the interval's bounds.
    public func interval(_ level: Double) -> (lower: Double, upper: Double) {
        UncertainProbability.beta(alpha, beta).centralInterval(level)
    }
}

/// How a calibrated parameter got its number.
public enum ParameterOrigin: String, Hashable, Sendable, Codable {
    /// From the log's counts alone: an exact Beta posterior.
    case counts
    /// From the log's counts with the prior (or the defaults) for what they cannot separate:
    /// moment-matched to a Beta from draws.
    case joint
    /// From the prior: the log cannot identify it.
    case prior
    /// From the calibration defaults: the log cannot identify it and no prior gave it.
    case defaults
}

/// One calibrated parameter: its distribution and where it came from.
public struct ParameterFit: Hashable, Sendable {
    /// The distribution written in the scenario.
    public var distribution: UncertainProbability
    /// Where it came from.
    public var origin: ParameterOrigin
    /// Where it came from, in words (the comment written beside it).
    public var note: String
}

extension UncertainProbability {
    /// The central interval holding `level` of the distribution (equal tails): Beta quantiles
    /// (GSL-based `BetaDistribution`), closed forms for the uniform and triangular, the value
    /// itself when fixed.
    ///
    /// - Parameter level: e.g. 0.95.
    /// - Returns: the bounds.
    public func centralInterval(_ level: Double) -> (lower: Double, upper: Double) {
        let tail = (1 - level) / 2
        switch self {
        case .fixed(let x): return (x, x)
        case .beta(let a, let b):
            guard let beta = try? BetaDistribution(alpha: a, beta: b), let lower = try? beta.quantile(lowerTail: tail),
                let upper = try? beta.quantile(upperTail: tail)
            else { return (0, 1) }
            return (lower, upper)
        case .uniform(let lo, let hi): return (lo + tail * (hi - lo), hi - tail * (hi - lo))
        case .triangular(let lo, let mode, let hi):
            func quantile(_ p: Double) -> Double {
                let width = hi - lo
                guard width > 0 else { return lo }
                let split = (mode - lo) / width
                return p < split
                    ? lo + (p * width * (mode - lo)).squareRoot() : hi - ((1 - p) * width * (hi - mode)).squareRoot()
            }
            return (quantile(tail), quantile(1 - tail))
        }
    }
}
