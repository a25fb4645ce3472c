// sextant-bench: release-build micro benchmarks of the Sextant libraries, for Benchmarks/run.
//
//   sextant-bench intervals [--runs 7]             intervals per second per method over a fixed mix of (k, n)
//   sextant-bench levers SCENARIO [--runs 7]       lever ranking of a scenario file with 1,000 parameter draws
//   sextant-bench bulk-intervals [--runs 7] [--dump FILE] [--workload mixed|large|small]
//                                                  Clopper–Pearson and Jeffreys intervals per second on three
//                                                  workloads, one at a time on one core and in bulk on every core
//
// Prints one JSON object per line: {"benchmark", "method", "per_second_median", "runs", ...}.
import Foundation
import SextantIngest
import SextantModel
import SextantStats

/// The fixed input mix: 10,000 (k, n) pairs with n log-uniform over 10 … 10^7 and k spread over 0 … n
/// (a SplitMix64 sequence, so every run sees the same pairs).
func intervalInputs() -> [(Int, Int)] {
    var random = SplitMix64()
    return (0..<10_000).map { _ in
        let u = Double(random.next() >> 11) / Double(1 << 53)
        let n = Int(pow(10, 1 + 6 * u))
        let k = Int(random.next() % UInt64(n + 1))
        return (k, n)
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func benchmarkIntervals(runs: Int) throws {
    let inputs = intervalInputs()
    for method in IntervalMethod.allCases {
        var rates: [Double] = []
        var checksum = 0.0
        for _ in 0..<runs {
            let clock = ContinuousClock()
            let start = clock.now
            for (k, n) in inputs {
                let interval = try method.interval(count: k, total: n)
                checksum += interval.lower + interval.upper
            }
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            rates.append(Double(inputs.count) / seconds)
        }
        let line =
            "{\"benchmark\": \"intervals\", \"method\": \"\(method.rawValue)\", \"per_second_median\": \(median(rates).rounded()), "
            + "\"runs\": \(runs), \"inputs\": \(inputs.count), \"checksum\": \(checksum)}"
        print(line)
    }
}

/// Times `LeverRanking.compute` on the scenario in `path` (every lever, per intent and for all
/// intents, 1,000 parameter draws, every core): the median wall time of `runs` runs.
func benchmarkLevers(path: String, runs: Int) throws {
    let scenario = try ScenarioFile.parse(String(contentsOfFile: path, encoding: .utf8), file: path)
    var seconds: [Double] = []
    var rows = 0
    var checksum = 0.0
    for _ in 0..<runs {
        let clock = ContinuousClock()
        let start = clock.now
        let ranking = LeverRanking.compute(scenario, draws: 1000, seed: 7)
        let elapsed = clock.now - start
        seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        rows = ranking.rows.count
        checksum = ranking.rows[0].lifts[.resolution]?.mean ?? 0
    }
    print(
        "{\"benchmark\": \"levers\", \"intents\": \(scenario.intents.count), \"rows\": \(rows), \"draws\": 1000, "
            + "\"median_seconds\": \(median(seconds)), \"seconds\": \(seconds), \"runs\": \(runs), \"checksum\": \(checksum)}")
}

/// A SplitMix64 sequence from the benchmarks' seed (the same as `Benchmarks/peers/intervals_scipy.py`).
struct SplitMix64 {
    var state: UInt64 = 0x5EC7_A4E7
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The (k, n) pairs of a bulk workload: `mixed` is the `intervals` mix (10,000 pairs, n log-uniform
/// over 10 … 10^7); `large` has n uniform over 1 … 10^6 and `small` over 1 … 100 (100,000 pairs
/// each); k is uniform over 0 … n throughout.
func bulkInputs(_ workload: String) -> (counts: [Int], totals: [Int]) {
    if workload == "mixed" {
        let pairs = intervalInputs()
        return (pairs.map(\.0), pairs.map(\.1))
    }
    var random = SplitMix64()
    let top: UInt64 = workload == "large" ? 1_000_000 : 100
    var counts: [Int] = []
    var totals: [Int] = []
    for _ in 0..<100_000 {
        let n = 1 + random.next() % top
        totals.append(Int(n))
        counts.append(Int(random.next() % (n + 1)))
    }
    return (counts, totals)
}

/// Clopper–Pearson and Jeffreys intervals per second on each workload: one call per interval on
/// one core, and ``IntervalMethod/intervals(counts:totals:confidence:threads:)`` on every core;
/// checks that both give the same bounds. With `dump`, writes every bound for the SciPy peer to compare.
func benchmarkBulkIntervals(runs: Int, dump: String?, workloads: [String]) throws {
    var lines: [String] = []
    for workload in workloads {
        let (counts, totals) = bulkInputs(workload)
        for method in [IntervalMethod.clopperPearson, .jeffreys] {
            var single: [Double] = []
            var bulk: [Double] = []
            var one: [Interval] = []
            var many: [Interval] = []
            for _ in 0..<runs {
                let start = ContinuousClock.now
                one = try zip(counts, totals).map { try method.interval(count: $0, total: $1) }
                single.append(Double(counts.count) / seconds(since: start))
                let bulkStart = ContinuousClock.now
                many = try method.intervals(counts: counts, totals: totals)
                bulk.append(Double(counts.count) / seconds(since: bulkStart))
            }
            guard one == many else {
                throw BenchError.mismatch("\(workload) \(method.rawValue): bulk differs from one at a time")
            }
            if dump != nil {
                lines += many.enumerated().map { "\(workload) \(method.rawValue) \($0) \($1.lower) \($1.upper)" }
            }
            print(
                "{\"benchmark\": \"bulk-intervals\", \"workload\": \"\(workload)\", \"method\": \"\(method.rawValue)\", "
                    + "\"pairs\": \(counts.count), \"single_per_second_median\": \(median(single).rounded()), "
                    + "\"bulk_per_second_median\": \(median(bulk).rounded()), \"runs\": \(runs)}")
        }
    }
    if let dump { try (lines.joined(separator: "\n") + "\n").write(toFile: dump, atomically: true, encoding: .utf8) }
}

enum BenchError: Error { case mismatch(String) }

func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

let arguments = CommandLine.arguments.dropFirst()
let runs =
    arguments.firstIndex(of: "--runs").flatMap {
        arguments.index(after: $0) < arguments.endIndex ? Int(arguments[arguments.index(after: $0)]) : nil
    } ?? 7
switch arguments.first {
case "intervals":
    try benchmarkIntervals(runs: runs)
case "bulk-intervals":
    let dump = arguments.firstIndex(of: "--dump").flatMap {
        arguments.index(after: $0) < arguments.endIndex ? arguments[arguments.index(after: $0)] : nil
    }
    let workload = arguments.firstIndex(of: "--workload").flatMap {
        arguments.index(after: $0) < arguments.endIndex ? arguments[arguments.index(after: $0)] : nil
    }
    try benchmarkBulkIntervals(runs: runs, dump: dump, workloads: workload.map { [$0] } ?? ["mixed", "large", "small"])
case "levers" where arguments.count >= 2:
    try benchmarkLevers(path: arguments[arguments.index(after: arguments.startIndex)], runs: runs)
default:
    FileHandle.standardError.write(
        Data(
            "usage: sextant-bench intervals [--runs N] | bulk-intervals [--runs N] [--dump FILE] [--workload W] | levers SCENARIO [--runs N]\n"
                .utf8))
    exit(2)
}
