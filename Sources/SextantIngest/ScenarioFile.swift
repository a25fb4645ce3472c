import SextantModel

/// Scenario files: YAML, `version: 1`, as `interfaces.md` shows (and `scenarios/scenario.schema.json`
/// describes). Parsing checks everything and reports every problem at once, each with its line and
/// key path (`intents[2].knowledge_coverage: 1.3 is not a probability`).
public enum ScenarioFile {
    static let topKeys = [
        "version", "name", "description", "workflow", "sessions_per_week", "weekly_growth", "weeks", "review_rate", "seed",
        "defaults",
        "intents", "stages", "improvements",
    ]
    static let parameterKeys = Parameter.allCases.map(\.rawValue)
    static let defaultKeys = parameterKeys + ["severity", "sensitive_severity"]
    static let intentKeys = ["name", "description", "share", "autopilot", "sensitive", "severity"] + parameterKeys
    static let stageKeys = ["from_week", "ai_share", "autopilot", "description"]
    static let improvementKeys = ["week", "intent", "set", "add", "description"]
    static let distributionKeys = ["beta", "uniform", "triangular", "fixed"]

    /// Parses a scenario file's text.
    ///
    /// - Throws: ``IngestErrors`` holding every problem found.
    public static func parse(_ text: String, file: String) throws(IngestErrors) -> Scenario {
        let root: YAMLNode?
        do {
            root = try YAMLNode.parse(text, file: file)
        } catch {
            throw IngestErrors([error])
        }
        guard let root else { throw IngestErrors([IngestError(file: file, "is empty; expected a scenario (see scenarios/)")]) }
        var reader = YAMLReader(file: file)
        let scenario = parse(root, &reader)
        guard reader.problems.isEmpty, let scenario else {
            throw IngestErrors(reader.problems.sorted { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) })
        }
        return scenario
    }

    private static func parse(_ root: YAMLNode, _ r: inout YAMLReader) -> Scenario? {
        guard let top = r.mapping(root, "", allowed: topKeys) else { return nil }
        func required(_ key: String) -> YAMLNode? {
            guard let node = top[key] else {
                r.problem(root, key, "missing; a scenario needs \(key)")
                return nil
            }
            return node
        }
        if let node = required("version"), let version = r.integer(node, "version", minimum: 1), version != 1 {
            r.problem(node, "version", "found \(version); this Sextant reads scenario version 1")
        }
        let name = required("name").flatMap { r.string($0, "name") }
        let workflow = top["workflow"].flatMap { r.choice($0, "workflow", as: Workflow.self) } ?? .service
        let sessions = required("sessions_per_week").flatMap { r.number($0, "sessions_per_week") }
        if let sessions, sessions <= 0, let node = top["sessions_per_week"] {
            r.problem(
                node, "sessions_per_week", "\(YAMLReader.show(sessions)) is not a positive volume; expected sessions per week > 0"
            )
        }
        let growth = top["weekly_growth"].flatMap { r.number($0, "weekly_growth") } ?? 0
        if growth <= -1, let node = top["weekly_growth"] {
            r.problem(
                node, "weekly_growth",
                "\(YAMLReader.show(growth)) would leave no traffic; expected a growth above -1 (e.g. 0.02 for +2 % a week)")
        }
        let weeks = required("weeks").flatMap { r.integer($0, "weeks", minimum: 1) }
        let reviewRate = required("review_rate").flatMap { r.probability($0, "review_rate") }
        let seed = top["seed"].flatMap { r.integer($0, "seed", minimum: 0) } ?? 1

        // Defaults.
        var defaults: [Parameter: UncertainProbability] = [:]
        var defaultSeverity = SeveritySplit.minor
        var sensitiveSeverity: SeveritySplit?
        if let node = top["defaults"], let members = r.mapping(node, "defaults", allowed: defaultKeys) {
            for parameter in Parameter.allCases {
                if let value = members[parameter.rawValue], let p = probability(value, "defaults.\(parameter.rawValue)", &r) {
                    defaults[parameter] = p
                }
            }
            if let value = members["severity"] { defaultSeverity = severity(value, "defaults.severity", &r) ?? defaultSeverity }
            if let value = members["sensitive_severity"] {
                sensitiveSeverity = severity(value, "defaults.sensitive_severity", &r)
            }
        }

        // Intents.
        var intents: [IntentSpec] = []
        if let node = required("intents"), let items = r.list(node, "intents") {
            if items.isEmpty { r.problem(node, "intents", "no intents; expected at least one") }
            var names: [String: Int] = [:]
            for (index, item) in items.enumerated() {
                let path = "intents[\(index)]"
                guard let members = r.mapping(item, path, allowed: intentKeys) else { continue }
                guard let nameNode = members["name"], let intentName = r.string(nameNode, "\(path).name") else {
                    if members["name"] == nil { r.problem(item, "\(path).name", "missing; every intent needs a name") }
                    continue
                }
                if let first = names[intentName] {
                    r.problem(
                        nameNode, "\(path).name",
                        "\"\(intentName)\" is already the name of intents[\(first)]; expected unique names")
                }
                names[intentName] = index
                var intent = IntentSpec(name: intentName, share: 0)
                if let node = members["share"] {
                    if let share = r.probability(node, "\(path).share") {
                        if share == 0 {
                            r.problem(node, "\(path).share", "is 0; expected a share above 0 (remove the intent instead)")
                        }
                        intent.share = share
                    }
                } else {
                    r.problem(item, "\(path).share", "missing; every intent needs its share of the traffic")
                }
                intent.autopilot = members["autopilot"].flatMap { r.boolean($0, "\(path).autopilot") } ?? true
                intent.sensitive = members["sensitive"].flatMap { r.boolean($0, "\(path).sensitive") } ?? false
                for parameter in Parameter.allCases {
                    if let value = members[parameter.rawValue] {
                        if let p = probability(value, "\(path).\(parameter.rawValue)", &r) { intent.parameters[parameter] = p }
                    } else if let p = defaults[parameter] {
                        intent.parameters[parameter] = p
                    }
                }
                if let value = members["severity"] {
                    intent.severity = severity(value, "\(path).severity", &r) ?? defaultSeverity
                } else {
                    intent.severity = intent.sensitive ? (sensitiveSeverity ?? defaultSeverity) : defaultSeverity
                }
                intents.append(intent)
            }
            let total = intents.reduce(0) { $0 + $1.share }
            if !intents.isEmpty, abs(total - 1) > 1e-6 {
                r.problem(node, "intents", "shares sum to \(YAMLReader.show((total * 1e6).rounded() / 1e6)); expected 1")
            }
        }
        let names = Set(intents.map(\.name))
        let kept = Set(intents.filter { !$0.autopilot }.map(\.name))

        // Stages.
        var stages: [Stage] = []
        if let node = top["stages"], let items = r.list(node, "stages") {
            var previous = 0
            for (index, item) in items.enumerated() {
                let path = "stages[\(index)]"
                guard let members = r.mapping(item, path, allowed: stageKeys) else { continue }
                guard let weekNode = members["from_week"] else {
                    r.problem(item, "\(path).from_week", "missing; a stage starts at a week")
                    continue
                }
                guard let week = r.integer(weekNode, "\(path).from_week", minimum: 1) else { continue }
                if let weeks, week > weeks {
                    r.problem(weekNode, "\(path).from_week", "week \(week) is after the last week (\(weeks))")
                }
                if week <= previous {
                    r.problem(
                        weekNode, "\(path).from_week",
                        "week \(week) does not follow the previous stage's week \(previous); expected stages in order")
                }
                if index == 0, week != 1 {
                    r.problem(
                        weekNode, "\(path).from_week",
                        "the first stage starts in week \(week); expected week 1, so that every week has a stage (add one for the weeks before)"
                    )
                }
                previous = week
                var stage = Stage(fromWeek: week)
                stage.aiShare = members["ai_share"].flatMap { r.probability($0, "\(path).ai_share") } ?? 1
                if let list = members["autopilot"], let entries = r.list(list, "\(path).autopilot") {
                    var set = Set<String>()
                    for (position, entry) in entries.enumerated() {
                        guard let intentName = r.string(entry, "\(path).autopilot[\(position)]") else { continue }
                        if !names.contains(intentName) {
                            let hint = YAMLReader.closest(intentName, in: Array(names)).map { "; did you mean \"\($0)\"?" } ?? ""
                            r.problem(entry, "\(path).autopilot[\(position)]", "\"\(intentName)\" is not an intent\(hint)")
                        } else if kept.contains(intentName) {
                            r.problem(
                                entry, "\(path).autopilot[\(position)]",
                                "\"\(intentName)\" is kept off Auto-Pilot (autopilot: false); remove it here or allow it on the intent"
                            )
                        }
                        set.insert(intentName)
                    }
                    stage.autopilot = set
                }
                stages.append(stage)
            }
        }

        // Improvements.
        var improvements: [Improvement] = []
        if let node = top["improvements"], let items = r.list(node, "improvements") {
            for (index, item) in items.enumerated() {
                let path = "improvements[\(index)]"
                guard let members = r.mapping(item, path, allowed: improvementKeys) else { continue }
                guard let weekNode = members["week"], let week = r.integer(weekNode, "\(path).week", minimum: 1) else {
                    if members["week"] == nil { r.problem(item, "\(path).week", "missing; an improvement lands in a week") }
                    continue
                }
                if let weeks, week > weeks {
                    r.problem(weekNode, "\(path).week", "week \(week) is after the last week (\(weeks))")
                }
                var target: String?
                if let intentNode = members["intent"], let intentName = r.string(intentNode, "\(path).intent"), intentName != "*"
                {
                    if !names.contains(intentName) {
                        let hint = YAMLReader.closest(intentName, in: Array(names)).map { "; did you mean \"\($0)\"?" } ?? ""
                        r.problem(
                            intentNode, "\(path).intent",
                            "\"\(intentName)\" is not an intent\(hint); expected an intent's name or \"*\" for all")
                    }
                    target = intentName
                }
                if members["set"] == nil, members["add"] == nil {
                    r.problem(item, path, "changes nothing; expected set: {parameter: value} or add: {parameter: amount}")
                }
                for kind in ["set", "add"] {
                    guard let changes = members[kind], let entries = r.mapping(changes, "\(path).\(kind)", allowed: parameterKeys)
                    else { continue }
                    for key in entries.keys.sorted() {
                        guard let parameter = Parameter(rawValue: key), let value = entries[key] else { continue }
                        let keyPath = "\(path).\(kind).\(key)"
                        if kind == "set" {
                            if let x = r.probability(value, keyPath) {
                                improvements.append(
                                    Improvement(week: week, intent: target, parameter: parameter, change: .set(x)))
                            }
                        } else if let d = r.number(value, keyPath) {
                            if abs(d) > 1 {
                                r.problem(
                                    value, keyPath,
                                    "\(YAMLReader.show(d)) is not a change of a probability; expected an amount from -1 to 1")
                            } else {
                                improvements.append(
                                    Improvement(week: week, intent: target, parameter: parameter, change: .add(d)))
                            }
                        }
                    }
                }
            }
        }

        guard let name, let sessions, let weeks, let reviewRate else { return nil }
        let scenario = Scenario(
            name: name, workflow: workflow, sessionsPerWeek: sessions, weeklyGrowth: growth, weeks: weeks, reviewRate: reviewRate,
            seed: UInt64(seed), intents: intents, stages: stages, improvements: improvements)
        if sessions > 0, growth > -1, let problem = scenario.volumeProblem(weeks: weeks) {
            let key = weeks > Scenario.maximumWeeks ? "weeks" : "sessions_per_week"
            r.problem(top[key], key, problem)
        }
        return scenario
    }

    /// A probability: a number in [0, 1], or a distribution on [0, 1].
    static func probability(_ node: YAMLNode, _ path: String, _ r: inout YAMLReader) -> UncertainProbability? {
        if case .scalar(_, _, _, _) = node {
            return r.probability(node, path).map { UncertainProbability.fixed($0) }
        }
        guard case .mapping(let pairs, _, _) = node else {
            r.problem(node, path, "found \(node.kind); expected a probability (0 to 1) or a distribution such as {beta: [18, 4]}")
            return nil
        }
        var keys: [String] = []
        for pair in pairs { keys.append(pair.key) }
        guard keys.count == 1, distributionKeys.contains(keys[0]) else {
            let unknown = keys.first { !distributionKeys.contains($0) }
            let hint = unknown.flatMap { YAMLReader.closest($0, in: distributionKeys) }.map { "; did you mean \"\($0)\"?" } ?? ""
            r.problem(
                node, path,
                "found {\(keys.joined(separator: ", "))}\(hint); expected one distribution: {beta: [a, b]}, {uniform: [lo, hi]}, "
                    + "{triangular: [lo, mode, hi]} or {fixed: x}")
            return nil
        }
        let kind = keys[0]
        let value = pairs[0].value
        let keyPath = "\(path).\(kind)"
        if kind == "fixed" { return r.probability(value, keyPath).map { UncertainProbability.fixed($0) } }
        guard let items = r.list(value, keyPath) else { return nil }
        let expected = kind == "triangular" ? 3 : 2
        guard items.count == expected else {
            r.problem(value, keyPath, "has \(items.count) numbers; expected \(expected)")
            return nil
        }
        var numbers: [Double] = []
        for (index, item) in items.enumerated() {
            guard let x = r.number(item, "\(keyPath)[\(index)]") else { return nil }
            numbers.append(x)
        }
        switch kind {
        case "beta":
            guard numbers[0] > 0, numbers[1] > 0 else {
                r.problem(
                    value, keyPath,
                    "[\(numbers.map(YAMLReader.show).joined(separator: ", "))] are not valid Beta parameters; expected a > 0 and b > 0"
                )
                return nil
            }
            return .beta(numbers[0], numbers[1])
        case "uniform":
            guard numbers[0] >= 0, numbers[1] <= 1, numbers[0] <= numbers[1] else {
                r.problem(
                    value, keyPath,
                    "[\(numbers.map(YAMLReader.show).joined(separator: ", "))] is not a range of probabilities; expected 0 ≤ lo ≤ hi ≤ 1"
                )
                return nil
            }
            return .uniform(numbers[0], numbers[1])
        default:
            guard numbers[0] >= 0, numbers[2] <= 1, numbers[0] <= numbers[1], numbers[1] <= numbers[2] else {
                r.problem(
                    value, keyPath,
                    "[\(numbers.map(YAMLReader.show).joined(separator: ", "))] is not a triangular distribution of probabilities; expected 0 ≤ lo ≤ mode ≤ hi ≤ 1"
                )
                return nil
            }
            return .triangular(lower: numbers[0], mode: numbers[1], upper: numbers[2])
        }
    }

    /// A severity split {P0, P1, P2} summing to 1 (missing severities are 0).
    static func severity(_ node: YAMLNode, _ path: String, _ r: inout YAMLReader) -> SeveritySplit? {
        guard let members = r.mapping(node, path, allowed: ["P0", "P1", "P2"]) else { return nil }
        var shares: [Double] = []
        for key in ["P0", "P1", "P2"] {
            if let value = members[key] {
                guard let x = r.probability(value, "\(path).\(key)") else { return nil }
                shares.append(x)
            } else {
                shares.append(0)
            }
        }
        let total = shares.reduce(0, +)
        guard abs(total - 1) <= 1e-6 else {
            r.problem(
                node, path, "P0 + P1 + P2 = \(YAMLReader.show((total * 1e6).rounded() / 1e6)); expected the split to sum to 1")
            return nil
        }
        return SeveritySplit(p0: shares[0], p1: shares[1], p2: shares[2])
    }
}
