import SextantStats

/// The answer of `sextant sample-size`: how many sessions a question needs.
public enum SampleSizeReport: Renderable, Hashable, Sendable {
    /// Sessions for an interval of the given half-width at a rate.
    case halfWidth(rate: Double, halfWidth: Double, method: IntervalMethod, confidence: Double, sessions: Int, waldSessions: Int)
    /// Sessions to show a rate above (or below) a threshold with a given power.
    case showRate(rate: Double, threshold: Double, power: Double, confidence: Double, sessions: Int)
    /// Reviewed sessions that, with zero issues seen, bound the issue rate below a ceiling.
    case zeroIssues(ceiling: Double, confidence: Double, reviewedSessions: Int, ruleOfThree: Int)

    public func document() -> Document {
        let sentence: String
        switch self {
        case .halfWidth(let rate, let halfWidth, let method, let confidence, let sessions, let wald):
            sentence =
                "\(Format.count(sessions)) sessions give a \(Format.confidence(confidence)) \(method.rawValue) interval of "
                + "±\(Format.decimal(halfWidth * 100, 2)) percentage points or narrower around a rate of \(Format.percent(rate, decimals: 2)) "
                + "(Wald's formula z²p(1−p)/E² gives \(Format.count(wald)))."
        case .showRate(let rate, let threshold, let power, let confidence, let sessions):
            let direction = rate > threshold ? "above" : "below"
            sentence =
                "\(Format.count(sessions)) sessions show, with \(Format.percent(power, decimals: 0)) power at one-sided level "
                + "\(Format.percent(1 - confidence, decimals: 1)), that a true rate of \(Format.percent(rate, decimals: 2)) is "
                + "\(direction) \(Format.percent(threshold, decimals: 2))."
        case .zeroIssues(let ceiling, let confidence, let reviewed, let ruleOfThree):
            sentence =
                "\(Format.count(reviewed)) reviewed sessions with no issue bound the issue rate below "
                + "\(Format.percent(ceiling, decimals: 2)) at \(Format.confidence(confidence)) confidence "
                + "(exact: (1 − c)^n ≤ 1 − C; the rule of three gives \(Format.count(ruleOfThree)))."
        }
        return Document([.paragraph(sentence), .table(csvTable())])
    }

    public func json() -> JSON {
        .object([("schema_version", .int(jsonSchemaVersion))] + fields)
    }

    public func csvTable() -> Table {
        Table(columns: fields.map { Table.Column($0.0) }, rows: [fields.map { $0.1.plainText }])
    }

    /// The question and its answer as key–value pairs, shared by JSON and CSV.
    private var fields: [(String, JSON)] {
        switch self {
        case .halfWidth(let rate, let halfWidth, let method, let confidence, let sessions, let wald):
            [
                ("question", .string("half_width")), ("rate", .number(rate)), ("half_width", .number(halfWidth)),
                ("method", .string(method.rawValue)), ("confidence", .number(confidence)),
                ("sessions", .int(sessions)), ("wald_sessions", .int(wald)),
            ]
        case .showRate(let rate, let threshold, let power, let confidence, let sessions):
            [
                ("question", .string("show_rate")), ("rate", .number(rate)), ("threshold", .number(threshold)),
                ("direction", .string(rate > threshold ? "above" : "below")), ("power", .number(power)),
                ("confidence", .number(confidence)), ("sessions", .int(sessions)),
            ]
        case .zeroIssues(let ceiling, let confidence, let reviewed, let ruleOfThree):
            [
                ("question", .string("zero_issues")), ("ceiling", .number(ceiling)), ("confidence", .number(confidence)),
                ("reviewed_sessions", .int(reviewed)), ("rule_of_three", .int(ruleOfThree)),
            ]
        }
    }
}
