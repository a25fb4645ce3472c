import SextantStats

extension Rate {
    /// The rate object of every JSON output: `{"count", "total", "rate", "lower", "upper",
    /// "method", "confidence"}`, with `rate`, `lower` and `upper` null over zero trials.
    public var json: JSON {
        .object([
            ("count", .int(count)),
            ("total", .int(total)),
            ("rate", .number(value)),
            ("lower", .number(interval?.lower)),
            ("upper", .number(interval?.upper)),
            ("method", .string(method.rawValue)),
            ("confidence", .number(confidence)),
        ])
    }
}
