import SextantStats

/// The answer of `sextant sample-size`: how many sessions a question needs.
public enum SampleSizeReport: Renderable, Hashable, Sendable {
    /// Sessions for an interval of the given half-width at a rate.
    case halfWidth(rate: Double, halfWidth: Double, method: IntervalMethod, confidence: Double, sessions: Int, waldSessions: Int)
    /// Sessions to show a rate above (or below) a threshold with a given power.
    case showRate(rate: Double, threshold: Double, power: Double, confidence: Double, sessions: Int)
    /// Reviewed sessions that, with zero issues seen, bound the issue rate below a ceiling.
    case zeroIssues(ceiling: Double, confidence: Double, reviewedSessions: Int, ruleOfThree: Int)

    /// The answer as a sentence, then the question and answer as a one-row table (also CSV's).
    public func document() -> Document {
        let sentence: String
        switch self {
        case .halfWidth(let rate, let halfWidth, let method, let confidence, let sessions, let wald):
            sentence =
                "\(Format.count(sessions)) sessions give a \(Format.confidence(confidence)) \(method.rawValue) interval of "
                + "±\(Format.decimal(halfWidth * 100, 2)) percentage points or narrower around a rate of \(Format.percent(rate, decimals: 2)) "
                + "(Wald's formula z²p(1−p)/E² gives \(Format.count(wald)))."
        case .showRate(let rate, let threshold, let power, let confidence, let sessions):
            sentence =
                "\(Format.count(sessions)) sessions show, with \(Format.percent(power, decimals: 0)) power at one-sided level "
                + "\(Format.percent(1 - confidence, decimals: 1)), that a true rate of \(Format.percent(rate, decimals: 2)) is "
                + "\(Self.direction(rate, threshold)) \(Format.percent(threshold, decimals: 2))."
        case .zeroIssues(let ceiling, let confidence, let reviewed, let ruleOfThree):
            sentence =
                "\(Format.count(reviewed)) reviewed sessions with no issue bound the issue rate below "
                + "\(Format.percent(ceiling, decimals: 2)) at \(Format.confidence(confidence)) confidence "
                + "(exact: (1 − c)^n ≤ 1 − C; the rule of three gives \(Format.count(ruleOfThree)))."
        }
        let table = Table(columns: fields.map { Table.Column($0.0) }, rows: [fields.map(\.1)])
        return Document([.paragraph(sentence), .table(table)])
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
        case .showRate(let rate, let threshold, let power, let confidence, let sessions):
            [
                ("question", "show_rate"), ("rate", .number(rate, .shortest)), ("threshold", .number(threshold, .shortest)),
                ("direction", .text(Self.direction(rate, threshold))), ("power", .number(power, .shortest)),
                ("confidence", .number(confidence, .shortest)), ("sessions", .integer(sessions)),
            ]
        case .zeroIssues(let ceiling, let confidence, let reviewed, let ruleOfThree):
            [
                ("question", "zero_issues"), ("ceiling", .number(ceiling, .shortest)),
                ("confidence", .number(confidence, .shortest)), ("reviewed_sessions", .integer(reviewed)),
                ("rule_of_three", .integer(ruleOfThree)),
            ]
        }
    }
}
