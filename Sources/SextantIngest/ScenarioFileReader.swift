import SextantModel

extension ScenarioFile {
    static let topKeys = [
        "version", "name", "description", "workflow", "sessions_per_week", "weekly_growth", "weeks", "review_rate", "seed",
        "defaults", "intents", "stages", "improvements",
    ]
    static let parameterKeys = Parameter.allCases.map(\.rawValue)
    static let defaultKeys = parameterKeys + ["severity", "sensitive_severity"]
    static let intentKeys = ["name", "description", "share", "autopilot", "sensitive", "severity"] + parameterKeys
    static let stageKeys = ["from_week", "ai_share", "autopilot", "description"]
    static let improvementKeys =
        ["week", "intent", "description"] + SextantModel.Improvement.Change.Kind.allCases.map(\.rawValue)
    static let distributionKeys = UncertainProbability.Kind.allCases.map(\.rawValue)

    /// Reads and checks a scenario file's text: YAML syntax, the type of every value, and every
    /// problem ``problems()`` finds, all reported at once, each at its line, column and key path
    /// (`intents[2].knowledge_coverage: 1.3 is not a probability`). Comments are kept.
    ///
    /// - Parameters:
    ///   - text: The YAML text.
    ///   - file: The file's name, for messages.
    /// - Throws: ``IngestErrors`` holding every problem found, in file order.
    public init(yaml text: String, file: String) throws(IngestErrors) {
        let document: YAMLDocument
        do {
            document = try YAMLDocument.parse(text, file: file)
        } catch {
            throw IngestErrors([error])
        }
        guard let root = document.root else {
            throw IngestErrors([IngestError(file: file, "is empty; expected a scenario (see scenarios/)")])
        }
        var reader = YAMLReader(file: file)
        guard var value = Self.read(root, &reader) else { throw IngestErrors(reader.problems) }
        var index: [FieldPath: (line: Int, column: Int)] = [:]
        root.locations(into: &index)
        // A value the reader already refused is not reported again ("missing") by the model's checks:
        // a problem at or below a refused path is dropped. Looked up path by path in a set, so that
        // a file of thousands of entries is not checked in thousands × thousands steps.
        let refused = Set(reader.reported)
        let checked = value.problems().filter { problem in
            var path = problem.path
            while !refused.contains(path) {
                if path.isEmpty { return true }
                path = path.parent
            }
            return false
        }
        let problems =
            reader.problems
            + checked.map { problem in
                var path = problem.path
                while index[path] == nil && !path.isEmpty { path = path.parent }
                let place = index[path]
                return IngestError(
                    file: file, line: place?.line, column: place?.column,
                    keyPath: problem.path.isEmpty ? nil : problem.path.description, problem.message)
            }
        guard problems.isEmpty else {
            throw IngestErrors(YAMLReader.inFileOrder(problems))
        }
        value.comments = YAMLComments.read(text, document)
        self = value
    }

    /// The values of the tree, as far as they have the right types; nil when the root is not a mapping.
    private static func read(_ root: YAMLNode, _ r: inout YAMLReader) -> ScenarioFile? {
        let path = FieldPath.root
        guard let top = r.mapping(root, path, allowed: topKeys) else { return nil }
        var file = ScenarioFile(name: nil, sessionsPerWeek: nil, weeks: nil, reviewRate: nil, intents: [])
        file.version = top["version"].flatMap { r.integer($0, path.key("version")) }
        file.name = top["name"].flatMap { r.string($0, path.key("name")) }
        file.description = top["description"].flatMap { r.string($0, path.key("description")) }
        file.workflow = top["workflow"].flatMap { r.choice($0, path.key("workflow"), as: Workflow.self) }
        file.sessionsPerWeek = top["sessions_per_week"].flatMap { r.number($0, path.key("sessions_per_week")) }
        file.weeklyGrowth = top["weekly_growth"].flatMap { r.number($0, path.key("weekly_growth")) }
        file.weeks = top["weeks"].flatMap { r.integer($0, path.key("weeks"), tooLarge: Scenario.beyondHorizon) }
        file.reviewRate = top["review_rate"].flatMap { r.number($0, path.key("review_rate")) }
        file.seed = top["seed"].flatMap { r.unsigned($0, path.key("seed")) }
        if let node = top["defaults"], let members = r.mapping(node, path.key("defaults"), allowed: defaultKeys) {
            let section = path.key("defaults")
            file.defaults.parameters = parameters(members, section, &r)
            file.defaults.severity = members["severity"].flatMap { severity($0, section.key("severity"), &r) }
            file.defaults.sensitiveSeverity = members["sensitive_severity"].flatMap {
                severity($0, section.key("sensitive_severity"), &r)
            }
        }
        file.intents = items(
            top["intents"], path.key("intents"), &r, allowed: intentKeys, placeholder: Intent(name: nil, share: nil),
            limit: (ScenarioFile.maximumIntents, "intent")
        ) { members, item, r in
            Intent(
                name: members["name"].flatMap { r.string($0, item.key("name")) },
                description: members["description"].flatMap { r.string($0, item.key("description")) },
                share: members["share"].flatMap { r.number($0, item.key("share")) },
                autopilot: members["autopilot"].flatMap { r.boolean($0, item.key("autopilot")) },
                sensitive: members["sensitive"].flatMap { r.boolean($0, item.key("sensitive")) },
                severity: members["severity"].flatMap { severity($0, item.key("severity"), &r) },
                parameters: parameters(members, item, &r))
        }
        file.stages = items(top["stages"], path.key("stages"), &r, allowed: stageKeys, placeholder: Stage(fromWeek: nil)) {
            members, item, r in
            Stage(
                fromWeek: members["from_week"].flatMap { r.integer($0, item.key("from_week"), tooLarge: Self.weekBeyondHorizon) },
                aiShare: members["ai_share"].flatMap { r.number($0, item.key("ai_share")) },
                autopilot: members["autopilot"].flatMap { node in
                    // A refused entry stays as a placeholder, so that later entries keep their index.
                    r.list(node, item.key("autopilot"))?.enumerated().map { r.string($1, item.key("autopilot").index($0)) ?? "" }
                },
                description: members["description"].flatMap { r.string($0, item.key("description")) })
        }
        file.improvements = items(
            top["improvements"], path.key("improvements"), &r, allowed: improvementKeys,
            placeholder: Improvement(week: nil, changes: [:])
        ) { members, item, r in
            var changes: [SextantModel.Improvement.Change.Kind: [Parameter: Double]] = [:]
            for kind in SextantModel.Improvement.Change.Kind.allCases {
                guard let node = members[kind.rawValue],
                    let entries = r.mapping(node, item.key(kind.rawValue), allowed: parameterKeys)
                else { continue }
                var amounts: [Parameter: Double] = [:]
                for parameter in Parameter.allCases {
                    if let value = entries[parameter.rawValue],
                        let x = r.number(value, item.key(kind.rawValue).key(parameter.rawValue))
                    {
                        amounts[parameter] = x
                    }
                }
                changes[kind] = amounts
            }
            return Improvement(
                week: members["week"].flatMap { r.integer($0, item.key("week"), tooLarge: Self.weekBeyondHorizon) },
                intent: members["intent"].flatMap { r.string($0, item.key("intent")) }, changes: changes,
                description: members["description"].flatMap { r.string($0, item.key("description")) })
        }
        return file
    }

    /// The entries of a list of mappings; an entry that is not a mapping becomes `placeholder`, so
    /// that the ones after it keep their index.
    /// The message for a week number beyond any horizon.
    private static func weekBeyondHorizon(_ week: String) -> String {
        "week \(week) is beyond the \(Scenario.maximumWeeks)-week horizon Sextant simulates"
    }

    /// A list longer than `limit` (when given) is a problem at its path, and read as empty.
    private static func items<T>(
        _ node: YAMLNode?, _ path: FieldPath, _ r: inout YAMLReader, allowed: [String], placeholder: T,
        limit: (count: Int, noun: String)? = nil, _ read: ([String: YAMLNode], FieldPath, inout YAMLReader) -> T
    ) -> [T] {
        guard let node, let list = r.list(node, path) else { return [] }
        if let limit, list.count > limit.count {
            r.problem(
                node, path,
                "lists \(Wording.thousands(list.count)) \(limit.noun)s; expected at most \(Wording.thousands(limit.count))")
            return []
        }
        var entries: [T] = []
        for (position, item) in list.enumerated() {
            let itemPath = path.index(position)
            entries.append(r.mapping(item, itemPath, allowed: allowed).map { read($0, itemPath, &r) } ?? placeholder)
        }
        return entries
    }

    /// The parameters a mapping sets.
    private static func parameters(_ members: [String: YAMLNode], _ path: FieldPath, _ r: inout YAMLReader)
        -> [Parameter: UncertainProbability]
    {
        var parameters: [Parameter: UncertainProbability] = [:]
        for parameter in Parameter.allCases {
            if let node = members[parameter.rawValue], let value = distribution(node, path.key(parameter.rawValue), &r) {
                parameters[parameter] = value
            }
        }
        return parameters
    }

    /// A probability: a number, or a one-key mapping naming a distribution and its numbers.
    static func distribution(_ node: YAMLNode, _ path: FieldPath, _ r: inout YAMLReader) -> UncertainProbability? {
        if case .scalar = node { return r.number(node, path).map { .fixed($0) } }
        guard case .mapping(let pairs, _, _) = node else {
            r.problem(node, path, "found \(node.kind); expected a probability (0 to 1) or a distribution such as {beta: [18, 4]}")
            return nil
        }
        let keys = pairs.map(\.key)
        guard keys.count == 1, let kind = UncertainProbability.Kind(rawValue: keys[0]) else {
            let unknown = keys.first { UncertainProbability.Kind(rawValue: $0) == nil }
            let hint = unknown.flatMap { YAMLReader.closest($0, in: distributionKeys) }.map { "; did you mean \"\($0)\"?" } ?? ""
            r.problem(
                node, path,
                "found {\(keys.joined(separator: ", "))}\(hint); expected one distribution: {beta: [a, b]}, {uniform: [lo, hi]}, "
                    + "{triangular: [lo, mode, hi]} or {fixed: x}")
            return nil
        }
        let value = pairs[0].value
        let keyPath = path.key(kind.rawValue)
        if kind == .fixed { return r.number(value, keyPath).map { .fixed($0) } }
        guard let items = r.list(value, keyPath) else { return nil }
        var numbers: [Double] = []
        for (index, item) in items.enumerated() {
            guard let x = r.number(item, keyPath.index(index)) else { return nil }
            numbers.append(x)
        }
        guard let distribution = UncertainProbability(kind, numbers) else {
            r.problem(value, keyPath, "has \(items.count) numbers; expected \(kind.parameterCount)")
            return nil
        }
        return distribution
    }

    /// A severity split {P0, P1, P2} (a severity left out is 0).
    static func severity(_ node: YAMLNode, _ path: FieldPath, _ r: inout YAMLReader) -> SeveritySplit? {
        guard let members = r.mapping(node, path, allowed: Severity.allCases.map(\.rawValue)) else { return nil }
        var shares: [Severity: Double] = [:]
        for severity in Severity.allCases {
            guard let value = members[severity.rawValue] else { continue }
            guard let x = r.number(value, path.key(severity.rawValue)) else { return nil }
            shares[severity] = x
        }
        return SeveritySplit(p0: shares[.p0] ?? 0, p1: shares[.p1] ?? 0, p2: shares[.p2] ?? 0)
    }
}

extension ScenarioFile {
    /// The most intents a scenario file may list (1,000): a simulation's time and memory grow with
    /// the intents, and a taxonomy of more is better simulated by its largest intents and the rest
    /// grouped.
    public static let maximumIntents = 1000
}
