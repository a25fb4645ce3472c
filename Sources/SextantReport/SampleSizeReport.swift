import SextantStats

/// The answer of `sextant sample-size`: how many sessions a question needs.
public enum SampleSizeReport: Renderable, Hashable, Sendable {
    /// Sessions for an interval of the given half-width at a rate.
    case halfWidth(rate: Double, halfWidth: Double, method: IntervalMethod, confidence: Double, sessions: Int, waldSessions: Int)
    /// Sessions at which a report's verdict on a rate against a threshold (`met` above it, `below`
    /// under it) comes with a given power, beside the normal-approximation score test's figure.
    case showRate(
        rate: Double, threshold: Double, power: Double, method: IntervalMethod, confidence: Double, sessions: Int,
        scoreTestSessions: Int)
    /// Reviewed sessions that, with zero issues seen, make a report's issue rate `met` under a
    /// ceiling, beside the one-sided exact bound and the rule of three.
    case zeroIssues(
        ceiling: Double, method: IntervalMethod, confidence: Double, reviewedSessions: Int, oneSidedExact: Int, ruleOfThree: Int)

    /// The answer as a sentence, then the question and answer as a one-row table (also CSV's).
    public func document() -> Document {
        let sentence: String
        switch self {
        case .halfWidth(let rate, let halfWidth, let method, let confidence, let sessions, let wald):
            sentence =
                "\(Format.count(sessions, "session")) \(sessions == 1 ? "gives" : "give") a \(Format.confidence(confidence)) \(method.rawValue) interval of "
                + "±\(Format.percentDigits(halfWidth, decimals: 2)) percentage points or narrower around a rate of \(Format.percent(rate, decimals: 2)) "
                + "(Wald's formula z²p(1−p)/E² gives \(Format.count(wald)))."
        case .showRate(let rate, let threshold, let power, let method, let confidence, let sessions, let scoreTest):
            let settled =
                rate > threshold
                ? "its lower bound reaches \(Format.percent(threshold, decimals: 2)): verdict met"
                : "its upper bound falls under \(Format.percent(threshold, decimals: 2)): verdict below"
            sentence =
                "With \(Format.count(sessions, "session")), a true rate of \(Format.percent(rate, decimals: 2)) gives a "
                + "\(Format.confidence(confidence)) \(method.rawValue) interval that settles the report's verdict — \(settled) "
                + "— with \(Format.precisePercent(power, decimals: 0)) probability (exact binomial power). The normal-approximation "
                + "score test, one-sided at \(Format.percent(1 - confidence, decimals: 1)), would say \(Format.count(scoreTest))."
        case .zeroIssues(let ceiling, let method, let confidence, let reviewed, let oneSided, let ruleOfThree):
            sentence =
                "\(Format.count(reviewed, "reviewed session")) with no issue \(reviewed == 1 ? "gives" : "give") a \(Format.confidence(confidence)) "
                + "\(method.rawValue) interval whose upper bound is at most \(Format.precisePercent(ceiling, decimals: 2)): the "
                + "report's verdict met. (A one-sided exact bound, (1 − c)^n ≤ 1 − C, needs \(Format.count(oneSided)); the "
                + "rule of three gives \(Format.count(ruleOfThree)); the reports use the two-sided interval.)"
        }
        let table = Table(columns: fields.map { Table.Column($0.0) }, rows: [fields.map(\.1)])
        guard method == .wald else { return Document([.paragraph(sentence), .table(table)]) }
        return Document([.paragraph(sentence), .paragraph(Self.waldNote), .table(table)])
    }

    /// The question and its answer, with `schema_version` first.
    public func json() -> JSON {
        .object(
            [("schema_version", .int(jsonSchemaVersion))]
                + fields.map { key, cell in
                    switch cell {
                    case .integer(let value): (key, .int(value))
                    case .number(let value, _): (key, .number(value))
                    default: (key, .string(cell.exact))
                    }
                })
    }

    /// Why an answer with `--method wald` can be far too small.
    static let waldNote =
        "Note: Wald's interval p ± z·√(p(1−p)/n) collapses to the single point 0 or 1 when none or all of the sessions count "
        + "(0 of n, n of n), and is too narrow at small n, so it can settle a verdict, or reach a half-width, on a handful "
        + "of sessions that no other method would; use --method wilson (the default) for a sample size to plan with."

    /// The question's interval method.
    private var method: IntervalMethod {
        switch self {
        case .halfWidth(_, _, let method, _, _, _), .showRate(_, _, _, let method, _, _, _),
            .zeroIssues(_, let method, _, _, _, _):
            method
        }
    }

    private static func direction(_ rate: Double, _ threshold: Double) -> String { rate > threshold ? "above" : "below" }

    /// The question and its answer as named cells, shared by the table, CSV and JSON.
    private var fields: [(String, Cell)] {
        switch self {
        case .halfWidth(let rate, let halfWidth, let method, let confidence, let sessions, let wald):
            [
                ("question", "half_width"), ("rate", .number(rate, .shortest)), ("half_width", .number(halfWidth, .shortest)),
                ("method", .text(method.rawValue)), ("confidence", .number(confidence, .shortest)),
                ("sessions", .integer(sessions)), ("wald_sessions", .integer(wald)),
            ]
        case .showRate(let rate, let threshold, let power, let method, let confidence, let sessions, let scoreTest):
            [
                ("question", "show_rate"), ("rate", .number(rate, .shortest)), ("threshold", .number(threshold, .shortest)),
                ("direction", .text(Self.direction(rate, threshold))), ("power", .number(power, .shortest)),
                ("method", .text(method.rawValue)), ("confidence", .number(confidence, .shortest)),
                ("sessions", .integer(sessions)), ("score_test_sessions", .integer(scoreTest)),
            ]
        case .zeroIssues(let ceiling, let method, let confidence, let reviewed, let oneSided, let ruleOfThree):
            [
                ("question", "zero_issues"), ("ceiling", .number(ceiling, .shortest)), ("method", .text(method.rawValue)),
                ("confidence", .number(confidence, .shortest)), ("reviewed_sessions", .integer(reviewed)),
                ("one_sided_exact_sessions", .integer(oneSided)), ("rule_of_three", .integer(ruleOfThree)),
            ]
        }
    }
}
