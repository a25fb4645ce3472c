import SextantStats

/// The bounds that keep a simulation run within the machine: replications, worker threads and the
/// memory its per-replication results take.
///
/// A run keeps every replication's value of every metric it reports overall, per week and per
/// intent until the end, to sort them into percentiles, so its memory grows with replications ×
/// weeks (× intents with `perIntent`). Per intent and week it keeps a fixed-size histogram per
/// metric instead (and the values of at most 256 pilot replications), which does not grow with
/// the replications. ``resultBytes(replications:weeks:intents:perIntent:perIntentWeek:)`` says how
/// much, so that a caller can refuse a run before allocating it.
public enum SimulationLimits {
    /// The most replications a run may ask for: 10,000,000.
    public static let maximumReplications = 10_000_000

    /// The most worker threads a run may ask for: 1,024.
    public static let maximumThreads = 1024

    /// The most memory a run's results may take, whatever the machine: 4 GiB.
    public static let maximumResultBytes = 4 << 30

    /// Values kept per replication for each slot (overall, a week, an intent…): one per metric.
    static let metricsPerSlot = Metric.allCases.count

    /// The bytes a run's results take: one `Double` per replication for each metric in each slot —
    /// the whole horizon, each week, each intent (with `perIntent`) — and for each handoff reason;
    /// with `perIntentWeek`, a histogram and the pilot's values for each metric of each intent in
    /// each week:
    ///
    ///     8 · R · (M · (1 + W + I·[perIntent]) + H) + M · I · W · (S + 8 · min(R, 256))·[perIntentWeek]
    ///
    /// with R replications, W weeks, I intents, M = 7 metrics, H = 6 handoff reasons and
    /// S = ``RateSketches/bytesPerCell``.
    ///
    /// - Parameters:
    ///   - replications: replications of the whole horizon (R).
    ///   - weeks: weeks simulated (W).
    ///   - intents: intents in the scenario (I).
    ///   - perIntent: whether each intent is simulated over the whole horizon too.
    ///   - perIntentWeek: whether each intent is simulated in each week too.
    /// - Returns: the bytes, or `Int.max` when they would overflow it.
    public static func resultBytes(replications: Int, weeks: Int, intents: Int, perIntent: Bool, perIntentWeek: Bool) -> Int {
        let values = valuesPerReplication(weeks: weeks, intents: intents, perIntent: perIntent, perIntentWeek: perIntentWeek)
        let perReplication = product([max(0, replications), values, MemoryLayout<Double>.size])
        guard perIntentWeek else { return perReplication }
        return sum([perReplication, intentWeekBytes(replications: replications, weeks: weeks, intents: intents)])
    }

    /// The values each replication keeps: M · (1 + W + I·[perIntent]) + H; `Int.max` when it
    /// would overflow. Per-intent weekly outputs keep none per replication beyond the pilot (see
    /// ``intentWeekBytes(replications:weeks:intents:)``).
    public static func valuesPerReplication(weeks: Int, intents: Int, perIntent: Bool, perIntentWeek: Bool) -> Int {
        let weeks = max(1, weeks)
        let intents = max(0, intents)
        let slots = sum([1, weeks, perIntent ? intents : 0])
        return sum([product([metricsPerSlot, slots]), HandoffReason.allCases.count])
    }

    /// The bytes of the per-intent weekly outputs: M · I · W · (S + 8 · min(R, 256)), a histogram
    /// (S = ``RateSketches/bytesPerCell``) and the pilot's values for each cell; `Int.max` when it
    /// would overflow.
    public static func intentWeekBytes(replications: Int, weeks: Int, intents: Int) -> Int {
        let cells = product([metricsPerSlot, max(0, intents), max(1, weeks)])
        let pilot = min(max(0, replications), SummaryObserver.pilotSize)
        return product([cells, sum([RateSketches.bytesPerCell, product([pilot, MemoryLayout<Double>.size])])])
    }

    /// The bytes a simulated readiness gate keeps: one verdict byte per replication and week;
    /// `Int.max` when it would overflow.
    public static func gateVerdictBytes(replications: Int, weeks: Int) -> Int {
        product([max(0, replications), max(1, weeks)])
    }

    /// The memory a run's results may take on a machine with `physicalMemory` bytes: half of it, and
    /// at most ``maximumResultBytes``, so that the sorting, the report and the rest of the system
    /// keep room.
    public static func memoryLimit(physicalMemory: UInt64) -> Int {
        Int(min(UInt64(maximumResultBytes), physicalMemory / 2))
    }

    private static func product(_ factors: [Int]) -> Int {
        factors.reduce(1) { total, factor in
            let (result, overflow) = total.multipliedReportingOverflow(by: factor)
            return overflow ? .max : result
        }
    }

    private static func sum(_ terms: [Int]) -> Int {
        terms.reduce(0) { total, term in
            let (result, overflow) = total.addingReportingOverflow(term)
            return overflow ? .max : result
        }
    }
}
