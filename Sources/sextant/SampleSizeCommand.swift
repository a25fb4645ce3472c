import ArgumentParser
import SextantModel
import SextantReport
import SextantStats

struct SampleSizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample-size",
        abstract: "How many sessions a question needs.",
        discussion: """
            Three questions, chosen by the options given:

              --rate P --half-width E     sessions for an interval of ±E around a rate P (with --method)
              --rate P --threshold T      sessions at which a true rate P gets the verdict a report gives
                                          (met: the interval's lower bound ≥ T; below, if P < T: its upper
                                          bound < T) with the given --power (exact binomial), using the
                                          same --method and --confidence as the reports
              --ceiling C                 reviewed sessions that, with zero issues seen, make the reports'
                                          issue verdict met: the interval's upper bound ≤ C (the one-sided
                                          exact bound and the rule of three shown beside it)

            Rates are proportions: 0.8 for 80 %.

            Examples:
              sextant sample-size --rate 0.8 --half-width 0.03
              sextant sample-size --rate 0.85 --threshold 0.8 --power 0.9
              sextant sample-size --ceiling 0.001 --format json
            """
    )

    @Option(parsing: .unconditional, help: "The rate expected or observed (a proportion, e.g. 0.8).")
    var rate: Double?

    @Option(
        name: .customLong("half-width"), parsing: .unconditional,
        help: "Wanted half-width of the interval, as a proportion (0.03 for ±3 points).")
    var halfWidth: Double?

    @Option(parsing: .unconditional, help: "The threshold the rate is to be shown above or below (e.g. a target floor).")
    var threshold: Double?

    @Option(parsing: .unconditional, help: "Power of the test (probability of showing a true difference).")
    var power: Double = 0.8

    @Option(parsing: .unconditional, help: "Issue-rate ceiling to bound when zero issues are seen (e.g. 0.001 for 0.1 %).")
    var ceiling: Double?

    @OptionGroup var interval: IntervalOptions
    @OptionGroup var output: OutputOptions

    private enum Question {
        case halfWidth(Double, Double)
        case showRate(Double, Double)
        case zeroIssues(Double)
    }

    private func question() throws -> Question {
        switch (rate, halfWidth, threshold, ceiling) {
        case (let rate?, let halfWidth?, nil, nil): .halfWidth(rate, halfWidth)
        case (let rate?, nil, let threshold?, nil): .showRate(rate, threshold)
        case (nil, nil, nil, let ceiling?): .zeroIssues(ceiling)
        default:
            throw ValidationError(
                "give one question: --rate with --half-width, --rate with --threshold, or --ceiling alone (see sextant sample-size --help)"
            )
        }
    }

    func validate() throws { _ = try question() }

    func run() throws {
        let confidence = interval.confidence
        let report: SampleSizeReport
        switch try question() {
        case .halfWidth(let rate, let halfWidth):
            let sessions = try SampleSize.forHalfWidth(halfWidth, rate: rate, method: interval.method, confidence: confidence)
            let wald = try SampleSize.forHalfWidth(halfWidth, rate: rate, method: .wald, confidence: confidence)
            report = .halfWidth(
                rate: rate, halfWidth: halfWidth, method: interval.method, confidence: confidence, sessions: sessions,
                waldSessions: wald)
        case .showRate(let rate, let threshold):
            let target = MetricTarget.range(TargetRange(floor: threshold, ceiling: 1))
            guard
                let sessions = try target.sessionsToSettle(
                    rate: rate, power: power, method: interval.method, confidence: confidence)
            else { throw CLIError(message: "no sample of up to 2^53 sessions settles a rate of \(rate) against \(threshold)") }
            report = .showRate(
                rate: rate, threshold: threshold, power: power, method: interval.method, confidence: confidence,
                sessions: sessions,
                scoreTestSessions: try SampleSize.toShowRate(rate, beyond: threshold, power: power, confidence: confidence))
        case .zeroIssues(let ceiling):
            let oneSided = try SampleSize.zeroIssueReviews(ceiling: ceiling, confidence: confidence)
            guard
                let reviewed = try MetricTarget.ceiling(ceiling, zeroTolerance: false).sessionsForZeroIssues(
                    method: interval.method, confidence: confidence)
            else { throw CLIError(message: "no sample of up to 2^53 reviewed sessions bounds the rate under \(ceiling)") }
            report = .zeroIssues(
                ceiling: ceiling, method: interval.method, confidence: confidence, reviewedSessions: reviewed,
                oneSidedExact: oneSided, ruleOfThree: try SampleSize.ruleOfThree(ceiling: ceiling, confidence: confidence))
        }
        try output.emit(report)
    }
}
