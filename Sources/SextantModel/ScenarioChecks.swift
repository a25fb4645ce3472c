import SextantStats

// The checks and file vocabulary of the scenario's values: distribution kinds, set/add, and the
// problems each value can have, as ``ModelError``s at key paths.

extension UncertainProbability {
    /// The kinds of distribution, named as scenario files write them (`{beta: [18, 4]}`).
    public enum Kind: String, CaseIterable, Hashable, Sendable {
        /// A known value: `0.9` or `{fixed: 0.9}`.
        case fixed
        /// `{beta: [a, b]}`.
        case beta
        /// `{uniform: [lower, upper]}`.
        case uniform
        /// `{triangular: [lower, mode, upper]}`.
        case triangular

        /// How many numbers the distribution takes.
        public var parameterCount: Int {
            switch self {
            case .fixed: 1
            case .beta, .uniform: 2
            case .triangular: 3
            }
        }
    }

    /// The kind of distribution.
    public var kind: Kind {
        switch self {
        case .fixed: .fixed
        case .beta: .beta
        case .uniform: .uniform
        case .triangular: .triangular
        }
    }

    /// The numbers of the distribution in the order files write them: `[x]`, `[a, b]`,
    /// `[lower, upper]` or `[lower, mode, upper]`.
    public var parameters: [Double] {
        switch self {
        case .fixed(let x): [x]
        case .beta(let a, let b): [a, b]
        case .uniform(let lo, let hi): [lo, hi]
        case .triangular(let lo, let mode, let hi): [lo, mode, hi]
        }
    }

    /// A distribution of the given kind from its numbers, or nil when their count is not the
    /// kind's ``Kind/parameterCount``. The values are not checked: ``problem`` does.
    ///
    /// - Parameters:
    ///   - kind: The kind of distribution.
    ///   - parameters: Its numbers, as ``parameters`` lists them.
    public init?(_ kind: Kind, _ parameters: [Double]) {
        guard parameters.count == kind.parameterCount else { return nil }
        let p = parameters
        switch kind {
        case .fixed: self = .fixed(p[0])
        case .beta: self = .beta(p[0], p[1])
        case .uniform: self = .uniform(p[0], p[1])
        case .triangular: self = .triangular(lower: p[0], mode: p[1], upper: p[2])
        }
    }

    /// Why this is not a distribution of a probability, or nil: a value outside [0, 1], Beta
    /// parameters that are not both positive and finite, a range outside [0, 1] or out of order.
    /// The path is the kind's key (`beta`), empty for a fixed value.
    public var problem: ModelError? {
        let shown = "[\(parameters.map(\.shown).joined(separator: ", "))]"
        let path = kind == .fixed ? FieldPath.root : FieldPath.root.key(kind.rawValue)
        switch self {
        case .fixed(let x):
            return Self.isProbability(x)
                ? nil : ModelError(path, "\(x.shown) is not a probability; expected a number from 0 to 1")
        case .beta(let a, let b):
            guard a > 0, b > 0, a.isFinite, b.isFinite else {
                return ModelError(path, "\(shown) are not valid Beta parameters; expected a > 0 and b > 0")
            }
        case .uniform(let lo, let hi):
            guard Self.isProbability(lo), Self.isProbability(hi), lo <= hi else {
                return ModelError(path, "\(shown) is not a range of probabilities; expected 0 ≤ lo ≤ hi ≤ 1")
            }
        case .triangular(let lo, let mode, let hi):
            guard Self.isProbability(lo), Self.isProbability(hi), lo <= mode, mode <= hi else {
                return ModelError(
                    path, "\(shown) is not a triangular distribution of probabilities; expected 0 ≤ lo ≤ mode ≤ hi ≤ 1")
            }
        }
        return nil
    }

    /// Whether `x` is a number from 0 to 1.
    static func isProbability(_ x: Double) -> Bool { x >= 0 && x <= 1 }
}

extension SeveritySplit {
    /// Every problem of the split: a share outside [0, 1] (at its key, `P0`), or shares that do not
    /// sum to 1 (within 10⁻⁶; at the split itself).
    public var problems: [ModelError] {
        var problems: [ModelError] = []
        for severity in Severity.allCases where !UncertainProbability.isProbability(self[severity]) {
            problems.append(
                ModelError(
                    FieldPath.root.key(severity.rawValue),
                    "\(self[severity].shown) is not a probability; expected a number from 0 to 1"))
        }
        let total = p0 + p1 + p2
        if problems.isEmpty, Swift.abs(total - 1) > 1e-6 {
            problems.append(
                ModelError(.root, "P0 + P1 + P2 = \(((total * 1e6).rounded() / 1e6).shown); expected the split to sum to 1"))
        }
        return problems
    }
}

extension Improvement.Change {
    /// The kinds of change, named as scenario files write them.
    public enum Kind: String, CaseIterable, Hashable, Sendable {
        /// `set: {parameter: value}`.
        case set
        /// `add: {parameter: amount}`.
        case add
    }

    /// A change of the given kind.
    ///
    /// - Parameters:
    ///   - kind: Set or add.
    ///   - amount: The new value, or the amount added.
    public init(_ kind: Kind, _ amount: Double) {
        switch kind {
        case .set: self = .set(amount)
        case .add: self = .add(amount)
        }
    }

    /// Set or add.
    public var kind: Kind {
        switch self {
        case .set: .set
        case .add: .add
        }
    }

    /// The new value, or the amount added.
    public var amount: Double {
        switch self {
        case .set(let x), .add(let x): x
        }
    }

    /// Why the change does not apply to a probability, or nil: a new value outside [0, 1], an
    /// amount outside [−1, 1].
    public var problem: ModelError? {
        switch self {
        case .set(let x):
            UncertainProbability.isProbability(x)
                ? nil : ModelError(.root, "\(x.shown) is not a probability; expected a number from 0 to 1")
        case .add(let d):
            Swift.abs(d) <= 1
                ? nil : ModelError(.root, "\(d.shown) is not a change of a probability; expected an amount from -1 to 1")
        }
    }
}
