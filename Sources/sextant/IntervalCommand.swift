import ArgumentParser
import SextantReport
import SextantStats

struct IntervalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interval",
        abstract: "One rate with its confidence interval.",
        discussion: """
            Prints the rate object: count, total, rate = count/total, lower, upper, method and confidence.

            Examples:
              sextant interval --count 37 --total 50
              sextant interval --count 37 --total 50 --method clopper-pearson --format json
              sextant interval --count 0 --total 3000 --method jeffreys --confidence 0.99
            """
    )

    @Option(parsing: .unconditional, help: "Sessions that satisfy the metric (contained, resolved, with an issue…).")
    var count: Int

    @Option(parsing: .unconditional, help: "Sessions the rate is computed over (at most 2^53).")
    var total: Int

    @OptionGroup var interval: IntervalOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard total >= 0 else { throw ValidationError("--total \(total) is negative; expected a number of sessions ≥ 0") }
        guard count >= 0 else { throw ValidationError("--count \(count) is negative; expected 0 ≤ count ≤ total") }
        guard count <= total else {
            throw ValidationError("--count \(count) exceeds --total \(total); expected 0 ≤ count ≤ total")
        }
    }

    func run() throws {
        let rate = try Rate(count: count, total: total, method: interval.method, confidence: interval.confidence)
        try output.emit(IntervalReport(rate: rate))
    }
}
