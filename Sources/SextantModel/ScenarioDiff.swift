/// What changed between two scenarios — parameters, traffic, stages and improvements — and what it
/// does to the exact expected rates: the answer to "what does this proposed scenario change do?".
///
/// Parameters are compared as each intent resolves them (the scenario's defaults applied), so a
/// change of a default shows on every intent it reaches. Intents are matched by name.
public struct ScenarioDiff: Sendable {
    /// One changed value: its key path, and the value before and after (nil where it is absent).
    public struct Change: Hashable, Sendable {
        /// The key path, e.g. `sessions_per_week` or `intents[returns].knowledge_coverage`.
        public let path: String
        /// The value before; nil when the key is new.
        public let old: String?
        /// The value after; nil when the key is gone.
        public let new: String?
    }

    /// The scenario before.
    public let old: Scenario
    /// The scenario after.
    public let new: Scenario
    /// Every changed value, in the file's order: scenario keys, then intents, stages and improvements.
    public let changes: [Change]
    /// Exact expectations of the scenario before, over its own horizon.
    public let oldExpectation: Expectation
    /// Exact expectations of the scenario after, over its own horizon.
    public let newExpectation: Expectation

    /// Compares `old` with `new`.
    ///
    /// - Complexity: O(weeks · intents) for the two exact expectations.
    public init(_ old: Scenario, _ new: Scenario) {
        self.old = old
        self.new = new
        oldExpectation = Expectation(old)
        newExpectation = Expectation(new)
        var changes: [Change] = []
        func compare(_ path: String, _ a: String?, _ b: String?) {
            if a != b { changes.append(Change(path: path, old: a, new: b)) }
        }
        compare("name", old.name, new.name)
        compare("workflow", old.workflow.rawValue, new.workflow.rawValue)
        compare("sessions_per_week", old.sessionsPerWeek.shown, new.sessionsPerWeek.shown)
        compare("weekly_growth", old.weeklyGrowth.shown, new.weeklyGrowth.shown)
        compare("weeks", String(old.weeks), String(new.weeks))
        compare("review_rate", old.reviewRate.shown, new.reviewRate.shown)
        compare("seed", String(old.seed), String(new.seed))
        let oldIntents = Dictionary(old.intents.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newNames = Set(new.intents.map(\.name))
        for intent in old.intents where !newNames.contains(intent.name) {
            compare("intents[\(intent.name)]", Self.describe(intent), nil)
        }
        for intent in new.intents {
            let path = "intents[\(intent.name)]"
            guard let before = oldIntents[intent.name] else {
                compare(path, nil, Self.describe(intent))
                continue
            }
            compare(path + ".share", before.share.shown, intent.share.shown)
            compare(path + ".autopilot", String(before.autopilot), String(intent.autopilot))
            compare(path + ".sensitive", String(before.sensitive), String(intent.sensitive))
            for parameter in Parameter.allCases {
                compare(
                    path + "." + parameter.rawValue, Self.describe(before.parameter(parameter)),
                    Self.describe(intent.parameter(parameter)))
            }
            compare(path + ".severity", Self.describe(before.severity), Self.describe(intent.severity))
        }
        Self.compareLists("stages", old.stages.map(Self.describe), new.stages.map(Self.describe), into: &changes)
        Self.compareLists(
            "improvements", old.improvements.map(Self.describe), new.improvements.map(Self.describe), into: &changes)
        self.changes = changes
    }

    /// The expected value of `metric` over the whole horizon, before and after (nil without AI traffic).
    public func expected(_ metric: Metric) -> (old: Double?, new: Double?) {
        (Self.value(metric, oldExpectation), Self.value(metric, newExpectation))
    }

    /// Each intent present in both scenarios whose expected rates differ, with the expected value of
    /// `metric` before and after.
    public func intentEffects(_ metric: Metric) -> [(intent: String, old: Double?, new: Double?)] {
        let before = Dictionary(oldExpectation.intents.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return newExpectation.intents.compactMap { intent in
            guard let old = before[intent.name] else { return nil }
            let a = metric == .automation ? old.automation : old.rates?[metric]
            let b = metric == .automation ? intent.automation : intent.rates?[metric]
            return a == b ? nil : (intent.name, a, b)
        }
    }

    private static func value(_ metric: Metric, _ expectation: Expectation) -> Double? {
        metric == .automation ? expectation.automation : expectation.overall?[metric]
    }

    /// Lines present in one list and not the other, as removed (old only) and added (new only).
    private static func compareLists(_ path: String, _ old: [String], _ new: [String], into changes: inout [Change]) {
        let kept = Set(old).intersection(new)
        for line in old where !kept.contains(line) { changes.append(Change(path: path, old: line, new: nil)) }
        for line in new where !kept.contains(line) { changes.append(Change(path: path, old: nil, new: line)) }
    }

    /// A probability as a scenario file writes it: `0.9`, `beta(18, 4)`, `uniform(0.7, 0.9)`.
    public static func describe(_ value: UncertainProbability) -> String {
        switch value {
        case .fixed(let x): x.shown
        default: "\(value.kind.rawValue)(\(value.parameters.map(\.shown).joined(separator: ", ")))"
        }
    }

    private static func describe(_ split: SeveritySplit) -> String {
        "P0 \(split.p0.shown), P1 \(split.p1.shown), P2 \(split.p2.shown)"
    }

    private static func describe(_ intent: IntentSpec) -> String {
        "share \(intent.share.shown)" + (intent.autopilot ? "" : ", kept off Auto-Pilot")
    }

    private static func describe(_ stage: Stage) -> String {
        let names = stage.autopilot.map { ", Auto-Pilot: " + $0.sorted().joined(separator: ", ") } ?? ""
        return "from week \(stage.fromWeek): AI share \(stage.aiShare.shown)\(names)"
    }

    private static func describe(_ improvement: Improvement) -> String {
        let change =
            switch improvement.change {
            case .set(let x): "set \(x.shown)"
            case .add(let x): "add \(x.shown)"
            }
        return "week \(improvement.week): \(improvement.intent ?? "every intent").\(improvement.parameter.rawValue) \(change)"
    }
}
