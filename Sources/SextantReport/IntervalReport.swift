import SextantStats

/// The answer of `sextant interval`: one rate with its confidence interval.
public struct IntervalReport: Renderable, Hashable, Sendable {
    /// The rate.
    public let rate: Rate

    public init(rate: Rate) { self.rate = rate }

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
        return Document([.paragraph(summary), .table(table(Format.significant))])
    }

    public func json() -> JSON {
        guard case .object(let members) = rate.json else { return rate.json }
        return .object([("schema_version", .int(jsonSchemaVersion))] + members)
    }

    public func csvTable() -> Table { table(Format.exact) }

    private func table(_ number: (Double?) -> String) -> Table {
        Table(
            columns: [
                .init("count", .right), .init("total", .right), .init("rate", .right), .init("lower", .right),
                .init("upper", .right), .init("method"), .init("confidence", .right),
            ],
            rows: [
                [
                    String(rate.count), String(rate.total), number(rate.value), number(rate.interval?.lower),
                    number(rate.interval?.upper), rate.method.rawValue, number(rate.confidence),
                ]
            ])
    }
}
