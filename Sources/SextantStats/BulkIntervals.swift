import Dispatch
import Synchronization

extension IntervalMethod {
    /// The intervals for many (count, total) pairs at once, on several cores: element i is
    /// exactly `interval(count: counts[i], total: totals[i], confidence: confidence)`.
    ///
    /// The pairs are cut into fixed chunks of 1,024 that worker threads take in turn; each interval
    /// depends on its own pair only, so the result is the same for any number of threads.
    ///
    /// - Parameters:
    ///   - counts: successes kᵢ, 0 ≤ kᵢ ≤ nᵢ.
    ///   - totals: trials nᵢ, 1 ≤ nᵢ ≤ 2^53, as many as `counts`.
    ///   - confidence: the level C in (0, 1), e.g. 0.95.
    ///   - threads: worker threads; nil uses every core.
    /// - Returns: one interval per pair, in the order of the pairs.
    /// - Throws: ``StatsError/invalidArgument(_:)`` when the arrays differ in length, or the error
    ///   of the first pair (lowest index) that ``interval(count:total:confidence:)`` rejects.
    /// - Complexity: O(pairs), as ``interval(count:total:confidence:)`` each, spread over the threads.
    public func intervals(
        counts: [Int], totals: [Int], confidence: Double = 0.95, threads: Int? = nil
    ) throws(StatsError) -> [Interval] {
        guard counts.count == totals.count else {
            throw .invalidArgument("\(counts.count) counts but \(totals.count) totals; expected one total per count")
        }
        try validateConfidence(confidence)
        let pairs = counts.count
        let chunkSize = 1024
        let chunks = (pairs + chunkSize - 1) / chunkSize
        let workers = min(chunks, max(1, threads ?? Processors.online))
        var failures = [StatsError?](repeating: nil, count: chunks)
        var result = [Interval](repeating: Interval(lower: 0, upper: 0), count: pairs)
        counts.withUnsafeBufferPointer { counts in
            totals.withUnsafeBufferPointer { totals in
                result.withUnsafeMutableBufferPointer { out in
                    failures.withUnsafeMutableBufferPointer { failed in
                        let shared = ParallelWork.Buffers(counts: counts, totals: totals, out: out, failed: failed)
                        ParallelWork.run(chunks: chunks, workers: workers) { chunk in
                            let end = min(pairs, (chunk + 1) * chunkSize)
                            for index in (chunk * chunkSize)..<end {
                                do throws(StatsError) {
                                    shared.out[index] = try interval(
                                        count: shared.counts[index], total: shared.totals[index], confidence: confidence)
                                } catch {
                                    shared.failed[chunk] = error
                                    return
                                }
                            }
                        }
                    }
                }
            }
        }
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
        return result
    }
}

/// Fixed chunks of work handed to worker threads in turn.
enum ParallelWork {
    /// The buffers of a bulk computation: each chunk reads its pairs and writes its own slots.
    struct Buffers: @unchecked Sendable {
        let counts: UnsafeBufferPointer<Int>
        let totals: UnsafeBufferPointer<Int>
        let out: UnsafeMutableBufferPointer<Interval>
        let failed: UnsafeMutableBufferPointer<StatsError?>
    }

    /// Runs `body` once for every chunk in 0..<chunks on `workers` threads, each taking the next
    /// chunk not yet taken.
    static func run(chunks: Int, workers: Int, _ body: @Sendable (Int) -> Void) {
        guard workers > 1 else {
            for chunk in 0..<chunks { body(chunk) }
            return
        }
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let chunk = next.add(1, ordering: .relaxed).oldValue
                guard chunk < chunks else { return }
                body(chunk)
            }
        }
    }
}

/// The machine's processors.
public enum Processors {
    /// The cores online (`sysconf(_SC_NPROCESSORS_ONLN)`), at least 1: the default number of
    /// worker threads of bulk computations and simulations.
    public static var online: Int {
        #if canImport(Glibc)
            return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
            return 1
        #endif
    }
}

#if canImport(Glibc)
    import Glibc
#endif
