// sextant-bench: release-build micro benchmarks of the Sextant libraries, for Benchmarks/run.
//
//   sextant-bench intervals [--runs 7]             intervals per second per method over a fixed mix of (k, n)
//   sextant-bench levers SCENARIO [--runs 7]       lever ranking of a scenario file with 1,000 parameter draws
//
// Prints one JSON object per line: {"benchmark", "method", "per_second_median", "runs", ...}.
import Foundation
import SextantIngest
import SextantModel
import SextantStats

/// The fixed input mix: 10,000 (k, n) pairs with n log-uniform over 10 … 10^7 and k spread over 0 … n
/// (a SplitMix64 sequence, so every run sees the same pairs).
func intervalInputs() -> [(Int, Int)] {
    var state: UInt64 = 0x5EC7_A4E7
    func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    return (0..<10_000).map { _ in
        let u = Double(next() >> 11) / Double(1 << 53)
        let n = Int(pow(10, 1 + 6 * u))
        let k = Int(next() % UInt64(n + 1))
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

let arguments = CommandLine.arguments.dropFirst()
let runs =
    arguments.firstIndex(of: "--runs").flatMap {
        arguments.index(after: $0) < arguments.endIndex ? Int(arguments[arguments.index(after: $0)]) : nil
    } ?? 7
switch arguments.first {
case "intervals":
    try benchmarkIntervals(runs: runs)
case "levers" where arguments.count >= 2:
    try benchmarkLevers(path: arguments[arguments.index(after: arguments.startIndex)], runs: runs)
default:
    FileHandle.standardError.write(Data("usage: sextant-bench intervals [--runs N] | levers SCENARIO [--runs N]\n".utf8))
    exit(2)
}
