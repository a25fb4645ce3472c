import ArgumentParser
import SextantReport
import SextantStats

struct SampleSizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample-size",
        abstract: "How many sessions a question needs.",
        discussion: """
            Three questions, chosen by the options given:

              --rate P --half-width E     sessions for an interval of ±E around a rate P (with --method)
              --rate P --threshold T      sessions to show that a true rate P is above T (or below, if P < T)
                                          with the given --power, one-sided at level 1 − confidence
              --ceiling C                 reviewed sessions that, with zero issues seen, bound the issue
                                          rate below C (exact; the rule of three as a check)

            Rates are proportions: 0.8 for 80 %.

            Examples:
              sextant sample-size --rate 0.8 --half-width 0.03
              sextant sample-size --rate 0.85 --threshold 0.8 --power 0.9
              sextant sample-size --ceiling 0.001 --format json
            """
    )

    @Option(help: "The rate expected or observed (a proportion, e.g. 0.8).")
    var rate: Double?

    @Option(name: .customLong("half-width"), help: "Wanted half-width of the interval, as a proportion (0.03 for ±3 points).")
    var halfWidth: Double?

    @Option(help: "The threshold the rate is to be shown above or below (e.g. a target floor).")
    var threshold: Double?

    @Option(help: "Power of the test (probability of showing a true difference).")
    var power: Double = 0.8

    @Option(help: "Issue-rate ceiling to bound when zero issues are seen (e.g. 0.001 for 0.1 %).")
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
            let sessions = try SampleSize.toShowRate(rate, beyond: threshold, power: power, confidence: confidence)
            report = .showRate(rate: rate, threshold: threshold, power: power, confidence: confidence, sessions: sessions)
        case .zeroIssues(let ceiling):
            report = .zeroIssues(
                ceiling: ceiling, confidence: confidence,
                reviewedSessions: try SampleSize.zeroIssueReviews(ceiling: ceiling, confidence: confidence),
                ruleOfThree: try SampleSize.ruleOfThree(ceiling: ceiling, confidence: confidence))
        }
        try output.emit(report)
    }
}
