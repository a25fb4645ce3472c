/// An intent's parameters at one value each (a point of the scenario's uncertainty).
public struct IntentPoint: Hashable, Sendable {
    /// One value per parameter, in `Parameter.allCases` order.
    public var values: [Double]  // indexed like Parameter.allCases
    /// How the intent's issues split over P0, P1 and P2.
    public var severity: SeveritySplit

    /// A point from its values (in `Parameter.allCases` order) and severity split.
    public init(values: [Double], severity: SeveritySplit) {
        self.values = values
        self.severity = severity
    }

    /// The point at each distribution's mean.
    public init(means intent: IntentSpec) {
        values = Parameter.allCases.map { intent.parameter($0).mean }
        severity = intent.severity
    }

    /// The value of `parameter`.
    public subscript(parameter: Parameter) -> Double {
        get { values[Parameter.index(parameter)] }
        set { values[Parameter.index(parameter)] = newValue }
    }
}

extension Parameter {
    /// The position of a parameter in `allCases`.
    static func index(_ parameter: Parameter) -> Int {
        switch parameter {
        case .humanRequest: 0
        case .knowledgeCoverage: 1
        case .instructionCoverage: 2
        case .gapEscalation: 3
        case .actionNeed: 4
        case .actionCoverage: 5
        case .actionSuccess: 6
        case .prematureHandoff: 7
        case .conflictingAssets: 8
        case .residualError: 9
        }
    }
}

/// The human-involvement tag an AI session ends with.
public enum TagClass: Int, CaseIterable, Hashable, Sendable {
    /// Neither system tag: resolved by the AI.
    case resolved = 0
    /// `sys_human_follow_up` (and not help).
    case followUp = 1
    /// `sys_human_help`.
    case help = 2
}

/// An intent's session tree (<doc:SessionModel>) compiled into its leaves: the probability of each
/// (tag, severity set) outcome and of each handoff reason.
///
/// A session walks: (1) with h the user asks for a human — help, `user_request`, end; (2) a
/// knowledge gap (1 − a) escalates with g — help, `missing_knowledge`, end — or the AI improvises,
/// an `incorrect_reply` issue; (3) an instruction gap (1 − c) escalates with g — help,
/// `unknown_scenario`, end — or gives a `poor_handling` issue; (4) with n it needs an action:
/// unavailable (1 − k) or failed (k(1 − e)) — follow-up; (5) with no follow-up yet, with f a
/// premature handoff — follow-up; (6) an answered session (not ended in 1–3) has a
/// `conflicting_assets` issue with r; (7) every session has an `other` issue with b. Each issue
/// draws a severity from the split; the session's severity set is the union.
public struct LeafDistribution: Hashable, Sendable {
    /// P(tag class, severity set): index `tag * 8 + set`, the set a bit mask (P0 = 1, P1 = 2, P2 = 4).
    public var categories: [Double]
    /// P(reason) for each handoff reason, in `HandoffReason.allCases` order (unconditional: they
    /// sum to P(help) + P(follow-up)).
    public var reasons: [Double]

    /// Severity sets: every subset of {P0, P1, P2}.
    public static let setCount = 8
    /// (tag class, severity set) categories: 3 × 8.
    public static let categoryCount = TagClass.allCases.count * setCount

    /// The bit of a severity in a set mask.
    public static func bit(_ severity: Severity) -> Int {
        switch severity {
        case .p0: 1
        case .p1: 2
        case .p2: 4
        }
    }

    /// Compiles the tree at `point`.
    ///
    /// - Complexity: O(1): a fixed tree of at most 20 paths, each with at most four issues.
    public init(_ point: IntentPoint) {
        self.init(point, severitySets: Self.severitySets(point.severity))
    }

    /// Compiles the tree at `point`, with the severity-set probabilities of its split computed
    /// once beforehand (``severitySets(_:)``).
    public init(_ point: IntentPoint, severitySets sets: [Double]) {
        var categories = [Double](repeating: 0, count: Self.categoryCount)
        var reasons = [Double](repeating: 0, count: HandoffReason.allCases.count)
        point.values.withUnsafeBufferPointer { values in
            sets.withUnsafeBufferPointer { sets in
                categories.withUnsafeMutableBufferPointer { categories in
                    reasons.withUnsafeMutableBufferPointer { reasons in
                        Self.accumulate(
                            values.baseAddress!, sets: sets.baseAddress!, weight: 1, categories: categories.baseAddress!,
                            reasons: reasons.baseAddress!)
                    }
                }
            }
        }
        self.categories = categories
        self.reasons = reasons
    }

    /// Adds `weight` × the leaf probabilities of the tree at parameter values `v` (in
    /// `Parameter.allCases` order) to `categories` (24) and `reasons` (6), without allocating: the
    /// form a simulation calls for every intent of every replication.
    @inline(__always)
    public static func accumulate(
        _ v: UnsafePointer<Double>, sets: UnsafePointer<Double>, weight: Double, categories: UnsafeMutablePointer<Double>,
        reasons: UnsafeMutablePointer<Double>
    ) {
        let h = v[0]
        let a = v[1]
        let c = v[2]
        let g = v[3]
        let n = v[4]
        let k = v[5]
        let e = v[6]
        let f = v[7]
        let r = v[8]
        let b = v[9]
        /// Adds a path: its probability, where it ends, and its issues so far (before r and b).
        @inline(__always) func add(_ probability: Double, _ tag: TagClass, _ reason: Int, issues: Int, answered: Bool) {
            guard probability > 0 else { return }
            let p = probability * weight
            if reason >= 0 { reasons[reason] += p }
            // Issues from step 6 (answered sessions, with r) and step 7 (every session, with b).
            let pr = answered ? r : 0
            let base = tag.rawValue * setCount
            let weights = ((1 - pr) * (1 - b), pr * (1 - b) + (1 - pr) * b, pr * b)
            for extra in 0..<3 {
                let w = extra == 0 ? weights.0 : extra == 1 ? weights.1 : weights.2
                guard w > 0 else { continue }
                let row = sets + (issues + extra) * setCount
                for set in 0..<setCount { categories[base + set] += p * w * row[set] }
            }
        }
        add(h, .help, HandoffReason.userRequest.index, issues: 0, answered: false)
        add((1 - h) * (1 - a) * g, .help, HandoffReason.missingKnowledge.index, issues: 0, answered: false)
        let unavailable = n * (1 - k)
        let failed = n * k * (1 - e)
        let fine = 1 - unavailable - failed
        @inline(__always) func afterInstructions(_ probability: Double, issues: Int) {
            add(probability * unavailable, .followUp, HandoffReason.actionUnavailable.index, issues: issues, answered: true)
            add(probability * failed, .followUp, HandoffReason.actionFailed.index, issues: issues, answered: true)
            add(probability * fine * f, .followUp, HandoffReason.prematureHandoff.index, issues: issues, answered: true)
            add(probability * fine * (1 - f), .resolved, -1, issues: issues, answered: true)
        }
        @inline(__always) func afterKnowledge(_ probability: Double, improvised: Int) {
            add(probability * (1 - c) * g, .help, HandoffReason.unknownScenario.index, issues: improvised, answered: false)
            afterInstructions(probability * c, issues: improvised)
            afterInstructions(probability * (1 - c) * (1 - g), issues: improvised + 1)  // a poor_handling issue
        }
        afterKnowledge((1 - h) * a, improvised: 0)
        afterKnowledge((1 - h) * (1 - a) * (1 - g), improvised: 1)  // an incorrect_reply issue
    }

    /// P(severity set | m issues) for m = 0…4 (rows of 8, flattened): the chance that m independent
    /// draws from the split cover exactly the set, by inclusion–exclusion over its subsets.
    public static func severitySets(_ split: SeveritySplit) -> [Double] {
        let shares = [split.p0, split.p1, split.p2]
        return (0...4).flatMap { m in
            (0..<setCount).map { set in
                var total = 0.0
                for subset in 0..<setCount where subset & ~set == 0 {
                    var mass = 0.0
                    for bit in 0..<3 where subset & (1 << bit) != 0 { mass += shares[bit] }
                    let sign = (set.nonzeroBitCount - subset.nonzeroBitCount) % 2 == 0 ? 1.0 : -1.0
                    total += sign * power(mass, m)
                }
                return max(0, total)
            }
        }
    }

    private static func power(_ x: Double, _ m: Int) -> Double {
        var value = 1.0
        for _ in 0..<m { value *= x }
        return value
    }

    /// The probability of a tag class.
    public func probability(_ tag: TagClass) -> Double {
        categories[(tag.rawValue * Self.setCount)..<((tag.rawValue + 1) * Self.setCount)].reduce(0, +)
    }

    /// The probability of a severity set (any tag).
    public func probability(set: Int) -> Double {
        TagClass.allCases.reduce(0) { $0 + categories[$1.rawValue * Self.setCount + set] }
    }

    /// The expected rates of an AI session following this distribution.
    public var rates: ModelRates {
        let help = probability(.help)
        let followUp = probability(.followUp)
        var issues: [Severity: Double] = [:]
        for severity in Severity.allCases {
            issues[severity] = (0..<Self.setCount).filter { $0 & Self.bit(severity) != 0 }.reduce(0) { $0 + probability(set: $1) }
        }
        return ModelRates(contained: 1 - help, resolution: 1 - help - followUp, issues: issues, anyIssue: 1 - probability(set: 0))
    }

    /// The mixture Σ wᵢ·dᵢ / Σ wᵢ of several intents' distributions.
    public static func mixture(_ parts: [(weight: Double, distribution: LeafDistribution)]) -> LeafDistribution? {
        let total = parts.reduce(0) { $0 + $1.weight }
        guard total > 0 else { return nil }
        var mixed = LeafDistribution(empty: ())
        for (weight, distribution) in parts where weight > 0 {
            for i in 0..<categoryCount { mixed.categories[i] += weight / total * distribution.categories[i] }
            for i in mixed.reasons.indices { mixed.reasons[i] += weight / total * distribution.reasons[i] }
        }
        return mixed
    }

    private init(empty: ()) {
        categories = [Double](repeating: 0, count: Self.categoryCount)
        reasons = [Double](repeating: 0, count: HandoffReason.allCases.count)
    }

    /// P(reason) of one reason.
    public func probability(_ reason: HandoffReason) -> Double { reasons[reason.index] }
}

/// The rates of <doc:MetricsAndTargets> as probabilities for one AI session (exact expectations).
public struct ModelRates: Hashable, Sendable {
    /// P(not tagged `sys_human_help`).
    public var contained: Double
    /// P(tagged neither `sys_human_help` nor `sys_human_follow_up`).
    public var resolution: Double
    /// P(at least one issue of each severity).
    public var issues: [Severity: Double]
    /// P(at least one issue).
    public var anyIssue: Double
}
