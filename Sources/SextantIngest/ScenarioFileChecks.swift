import SextantModel

extension ScenarioFile {
    /// Every problem of the file's values, each at its key path: what is missing, out of range or
    /// inconsistent (shares that do not sum to 1, a stage naming an unknown intent, traffic beyond
    /// what can be simulated). Empty when ``scenario()`` succeeds.
    ///
    /// - Returns: The problems, in file order.
    public func problems() -> [ModelError] {
        var check = Checker()
        check.top(self)
        check.defaults(defaults)
        let names = check.intents(intents)
        check.stages(stages, weeks: weeks, names: names, kept: Set(intents.filter { $0.autopilot == false }.compactMap(\.name)))
        check.improvements(improvements, weeks: weeks, names: names)
        if let sessionsPerWeek, sessionsPerWeek >= 1, sessionsPerWeek == sessionsPerWeek.rounded(), (weeklyGrowth ?? 0) > -1,
            let weeks, weeks >= 1
        {
            let traffic = Scenario(
                name: "", workflow: .service, sessionsPerWeek: sessionsPerWeek, weeklyGrowth: weeklyGrowth ?? 0, weeks: weeks,
                reviewRate: 0, intents: [])
            if let problem = traffic.volumeProblem(weeks: weeks) { check.problems.append(problem) }
        }
        return check.problems
    }
}

/// The checks of ``ScenarioFile/problems()``, section by section.
private struct Checker {
    var problems: [ModelError] = []

    /// The message for a name that is empty or only white space.
    static func blank(_ name: String) -> String {
        name.isEmpty ? "is empty; expected a name" : "is only white space; expected a name with a letter or digit"
    }

    mutating func add(_ path: FieldPath, _ message: String) { problems.append(ModelError(path, message)) }

    mutating func missing<T>(_ value: T?, _ path: FieldPath, _ why: String) -> T? {
        if value == nil { add(path, "missing; \(why)") }
        return value
    }

    mutating func probability(_ value: Double?, _ path: FieldPath) {
        if let value, let problem = UncertainProbability.fixed(value).problem { problems.append(problem.prefixed(by: path)) }
    }

    mutating func top(_ file: ScenarioFile) {
        let root = FieldPath.root
        if let version = missing(file.version, root.key("version"), "a scenario needs version"), version != 1 {
            add(root.key("version"), "found \(version); this Sextant reads scenario version 1")
        }
        if let name = missing(file.name, root.key("name"), "a scenario needs name"), name.isBlank {
            add(root.key("name"), Self.blank(name))
        }
        if let sessions = missing(file.sessionsPerWeek, root.key("sessions_per_week"), "a scenario needs sessions_per_week") {
            if sessions <= 0 {
                add(root.key("sessions_per_week"), "\(sessions.shown) is not a positive volume; expected sessions per week > 0")
            } else if sessions != sessions.rounded() {
                add(
                    root.key("sessions_per_week"),
                    "\(sessions.shown) is not a whole number of sessions; expected a whole number, at least 1")
            }
        }
        if let growth = file.weeklyGrowth, growth <= -1 {
            add(
                root.key("weekly_growth"),
                "\(growth.shown) would leave no traffic; expected a growth above -1 (e.g. 0.02 for +2 % a week)")
        }
        if let weeks = missing(file.weeks, root.key("weeks"), "a scenario needs weeks"), weeks < 1 {
            add(root.key("weeks"), "\(weeks) is too small; expected a whole number ≥ 1")
        }
        probability(missing(file.reviewRate, root.key("review_rate"), "a scenario needs review_rate"), root.key("review_rate"))
    }

    mutating func distributions(_ parameters: [Parameter: UncertainProbability], _ path: FieldPath) {
        for parameter in Parameter.allCases {
            if let problem = parameters[parameter]?.problem {
                problems.append(problem.prefixed(by: path.key(parameter.rawValue)))
            }
        }
    }

    mutating func severity(_ split: SeveritySplit?, _ path: FieldPath) {
        problems += (split?.problems ?? []).map { $0.prefixed(by: path) }
    }

    mutating func defaults(_ defaults: ScenarioFile.Defaults) {
        let path = FieldPath.root.key("defaults")
        distributions(defaults.parameters, path)
        severity(defaults.severity, path.key("severity"))
        severity(defaults.sensitiveSeverity, path.key("sensitive_severity"))
    }

    /// Checks the intents; returns their names.
    mutating func intents(_ intents: [ScenarioFile.Intent]) -> Set<String> {
        let list = FieldPath.root.key("intents")
        if intents.isEmpty { add(list, "no intents; expected at least one") }
        var names: [String: Int] = [:]
        for (index, intent) in intents.enumerated() {
            let path = list.index(index)
            if let name = missing(intent.name, path.key("name"), "every intent needs a name") {
                if name.isBlank { add(path.key("name"), Self.blank(name)) }
                if let first = names[name] {
                    add(path.key("name"), "\"\(name)\" is already the name of intents[\(first)]; expected unique names")
                } else {
                    names[name] = index
                }
            }
            if let share = missing(intent.share, path.key("share"), "every intent needs its share of the traffic") {
                if share == 0 {
                    add(path.key("share"), "is 0; expected a share above 0 (remove the intent instead)")
                } else {
                    probability(share, path.key("share"))
                }
            }
            distributions(intent.parameters, path)
            severity(intent.severity, path.key("severity"))
        }
        let shares = intents.compactMap(\.share)
        if !intents.isEmpty, shares.count == intents.count, shares.allSatisfy({ $0 > 0 && $0 <= 1 }) {
            let total = shares.reduce(0, +)
            if Swift.abs(total - 1) > 1e-6 { add(list, "shares sum to \(((total * 1e6).rounded() / 1e6).shown); expected 1") }
        }
        return Set(names.keys)
    }

    /// `; did you mean "returns"?` when a name is close to `name`.
    func hint(_ name: String, _ names: Set<String>) -> String {
        YAMLReader.closest(name, in: names.sorted()).map { "; did you mean \"\($0)\"?" } ?? ""
    }

    mutating func week(_ week: Int?, _ path: FieldPath, _ why: String, horizon: Int?) -> Int? {
        guard let week = missing(week, path, why) else { return nil }
        if week < 1 {
            add(path, "\(week) is too small; expected a whole number ≥ 1")
        } else if let horizon, week > horizon {
            add(path, "week \(week) is after the last week (\(horizon))")
        }
        return week
    }

    mutating func stages(_ stages: [ScenarioFile.Stage], weeks: Int?, names: Set<String>, kept: Set<String>) {
        var previous = 0
        for (index, stage) in stages.enumerated() {
            let path = FieldPath.root.key("stages").index(index)
            if let week = week(stage.fromWeek, path.key("from_week"), "a stage starts at a week", horizon: weeks) {
                if week <= previous {
                    add(
                        path.key("from_week"),
                        "week \(week) does not follow the previous stage's week \(previous); expected stages in order")
                }
                if index == 0, week != 1 {
                    add(
                        path.key("from_week"),
                        "the first stage starts in week \(week); expected week 1, so that every week has a stage (add one for the weeks before)"
                    )
                }
                previous = max(previous, week)
            }
            probability(stage.aiShare, path.key("ai_share"))
            for (position, name) in (stage.autopilot ?? []).enumerated() {
                let entry = path.key("autopilot").index(position)
                if !names.contains(name) {
                    add(entry, "\"\(name)\" is not an intent\(hint(name, names))")
                } else if kept.contains(name) {
                    add(entry, "\"\(name)\" is kept off Auto-Pilot (autopilot: false); remove it here or allow it on the intent")
                }
            }
        }
    }

    mutating func improvements(_ improvements: [ScenarioFile.Improvement], weeks: Int?, names: Set<String>) {
        for (index, improvement) in improvements.enumerated() {
            let path = FieldPath.root.key("improvements").index(index)
            _ = week(improvement.week, path.key("week"), "an improvement lands in a week", horizon: weeks)
            if let name = improvement.intent, name != "*", !names.contains(name) {
                add(
                    path.key("intent"),
                    "\"\(name)\" is not an intent\(hint(name, names)); expected an intent's name or \"*\" for all")
            }
            if improvement.changes.isEmpty {
                add(path, "changes nothing; expected set: {parameter: value} or add: {parameter: amount}")
            }
            for kind in Improvement.Change.Kind.allCases {
                if improvement.changes[kind]?.isEmpty == true {
                    add(path.key(kind.rawValue), "names no parameter; expected {parameter: \(kind == .set ? "value" : "amount")}")
                }
                for parameter in Parameter.allCases {
                    if let amount = improvement.changes[kind]?[parameter], let problem = Improvement.Change(kind, amount).problem
                    {
                        problems.append(problem.prefixed(by: path.key(kind.rawValue).key(parameter.rawValue)))
                    }
                }
            }
        }
    }
}

extension String {
    /// Whether the text is empty or only white space (spaces, tabs, line breaks): no name.
    fileprivate var isBlank: Bool { allSatisfy(\.isWhitespace) }
}
