import SextantStats

/// The answer of `sextant interval`: one rate with its confidence interval.
public struct IntervalReport: Renderable, Hashable, Sendable {
    /// The rate.
    public let rate: Rate

    /// The report of one rate.
    ///
    /// - Parameter rate: the rate and its interval.
    public init(rate: Rate) { self.rate = rate }

    /// A sentence with the rate and its interval, then the figures as a table (also CSV's).
    public func document() -> Document {
        let summary: String
        if let interval = rate.interval {
            summary =
                "\(Format.count(rate.count)) of \(Format.count(rate.total)) = \(Format.percent(rate.value, decimals: 2)); "
                + "\(Format.confidence(rate.confidence)) \(rate.method.rawValue) interval "
                + "\(Format.percentRange(interval.lower, interval.upper, decimals: 2))"
        } else {
            summary = "no data: a rate over 0 sessions has no estimate"
        }
        let table = Table(
            columns: [
                .init("count", .right), .init("total", .right), .init("rate", .right), .init("lower", .right),
                .init("upper", .right), .init("method"), .init("confidence", .right),
            ],
            rows: [
                [
                    .integer(rate.count), .integer(rate.total), .number(rate.value, .significant),
                    .number(rate.interval?.lower, .significant), .number(rate.interval?.upper, .significant),
                    .text(rate.method.rawValue), .number(rate.confidence, .significant),
                ]
            ])
        let chart = Chart(
            "Rate", kind: .estimates, axis: "sessions",
            interval: "\(Format.confidence(rate.confidence)) \(rate.method.rawValue) interval",
            decimals: 2,
            series: [
                .init(
                    "rate",
                    points: [
                        .init(
                            "\(Format.count(rate.count)) / \(Format.count(rate.total))", value: rate.value,
                            lower: rate.interval?.lower,
                            upper: rate.interval?.upper)
                    ])
            ])
        return Document([.paragraph(summary), .table(table), .chart(chart)])
    }

    /// The rate object with `schema_version` first.
    public func json() -> JSON {
        guard case .object(let members) = rate.json else { return rate.json }
        return .object([("schema_version", .int(jsonSchemaVersion))] + members)
    }
}
