import Dispatch
import SextantStats
import Synchronization

/// The per-intent weekly values of a simulation in memory that does not grow with the
/// replications: the first `pilot` replications' values exactly, then one ``RateSketches``
/// histogram per cell (intent × week × metric) whose bins those values set.
///
/// A run of at most `pilot` replications is summarised exactly, as the other outputs are. The
/// result does not depend on the order in which replications arrive: the pilot is a fixed set of
/// replications, and the histograms add integer counts and fixed-point sums.
final class IntentWeekSummaries: @unchecked Sendable {
    /// The number of cells: intents × weeks × metrics, cells of one intent together.
    let cells: Int
    /// The replications kept exactly: 0 ..< pilot.
    let pilot: Int
    /// All replications of the run.
    let replications: Int
    /// The pilot's values, `[cell * pilot + replication]`.
    private let pilotValues: UnsafeMutablePointer<Double>
    /// Groups of cells that one lock guards (one per intent), so that threads seldom wait.
    private let stripes: [Stripe]
    private let state = Mutex(State())

    private struct State {
        /// Pilot replications observed so far.
        var seen = 0
        /// Later replications observed before the pilot was complete, with their values.
        var pending: [[Double]] = []
        /// The histograms, once the pilot is complete.
        var sketches: RateSketches?
    }

    private final class Stripe: Sendable {
        let lock = Mutex(())
    }

    /// Storage for `cells` cells in `stripes` equal groups, of which the first `pilot`
    /// replications (of `replications`) are kept exactly.
    init(cells: Int, stripes: Int, pilot: Int, replications: Int) {
        self.cells = cells
        self.pilot = pilot
        self.replications = replications
        pilotValues = .allocate(capacity: cells * pilot)
        self.stripes = (0..<max(1, stripes)).map { _ in Stripe() }
    }

    deinit {
        pilotValues.deallocate()
    }

    /// Takes one replication's value of every cell (`values[cell]`; NaN for no data).
    func observe(replication: Int, values: UnsafeBufferPointer<Double>) {
        if replication < pilot {
            for cell in 0..<cells { pilotValues[cell * pilot + replication] = values[cell] }
            state.withLock { state in
                state.seen += 1
                guard state.seen == pilot, pilot < replications else { return }
                let sketches = RateSketches(cells: cells) { cell in
                    UnsafeBufferPointer(start: pilotValues + cell * pilot, count: pilot)
                }
                for values in state.pending {
                    for (cell, value) in values.enumerated() { sketches.add(value, cell: cell) }
                }
                state.pending = []
                state.sketches = sketches
            }
            return
        }
        let ready = state.withLock { state -> RateSketches? in
            if let sketches = state.sketches { return sketches }
            state.pending.append(Array(values))
            return nil
        }
        guard let sketches = ready else { return }
        let perStripe = cells / stripes.count
        for (index, stripe) in stripes.enumerated() {
            let end = index == stripes.count - 1 ? cells : (index + 1) * perStripe
            stripe.lock.withLock { _ in
                for cell in (index * perStripe)..<end { sketches.add(values[cell], cell: cell) }
            }
        }
    }

    /// Every cell's summary (nil for a cell without data), exact for a run within the pilot.
    /// Call once, after every replication was observed.
    func summaries() -> [SampleSummary?] {
        let sketches = state.withLock { $0.sketches }
        let out = UnsafeMutableBufferPointer<SampleSummary?>.allocate(capacity: cells)
        defer { out.deallocate() }
        out.initialize(repeating: nil)
        let shared = SharedSummaries(values: pilotValues, out: out)
        let pilot = self.pilot
        let cells = self.cells
        let chunks = min(cells, 64)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            for cell in (cells * chunk / chunks)..<(cells * (chunk + 1) / chunks) {
                if let sketches {
                    shared.out[cell] = sketches.summary(cell: cell)
                } else {
                    let values = UnsafeMutableBufferPointer(start: shared.values + cell * pilot, count: pilot)
                    shared.out[cell] = SampleSummary(sorting: values)
                }
            }
        }
        return Array(out)
    }

    /// The bound on the error of each cell's percentiles: 0 for a run within the pilot, else
    /// ``RateSketches/maximumError(cell:)``.
    func maximumErrors() -> [Double] {
        guard let sketches = state.withLock({ $0.sketches }) else { return Array(repeating: 0, count: cells) }
        return (0..<cells).map { sketches.maximumError(cell: $0) }
    }
}

/// The buffers the summarising threads share, each cell written by one thread.
private struct SharedSummaries: @unchecked Sendable {
    let values: UnsafeMutablePointer<Double>
    let out: UnsafeMutableBufferPointer<SampleSummary?>
}
