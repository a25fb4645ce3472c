import SextantModel

/// A scenario file as written: every key it sets, and nothing it leaves out (`version: 1`; the
/// format `scenarios/scenario.schema.json` describes).
///
/// Reading goes YAML text → ``ScenarioFile`` (``init(yaml:file:)``) → SextantModel's `Scenario`
/// (``scenario()``, defaults applied); writing goes ``ScenarioFile`` → YAML text (``yaml()``), with
/// a comment on any key. Parsing, writing and parsing again gives the same value.
public struct ScenarioFile: Hashable, Sendable {
    /// The format version (`1`).
    public var version: Int?
    /// The scenario's name.
    public var name: String?
    /// What the scenario is about.
    public var description: String?
    /// The workflow, which picks the row of targets (absent: service).
    public var workflow: Workflow?
    /// All sessions of week 1, AI and human: a whole number, at least 1.
    public var sessionsPerWeek: Double?
    /// Weekly growth of the traffic (absent: 0).
    public var weeklyGrowth: Double?
    /// The horizon, in weeks.
    public var weeks: Int?
    /// The share of AI sessions reviewed for issues.
    public var reviewRate: Double?
    /// The master seed of the simulation (absent: 1).
    public var seed: UInt64?
    /// Values every intent takes unless it sets its own.
    public var defaults: Defaults
    /// The intents, in file order.
    public var intents: [Intent]
    /// The rollout stages, in file order.
    public var stages: [Stage]
    /// The planned improvements, in file order.
    public var improvements: [Improvement]
    /// Comments, by the key path they stand at (the empty path: the file's header).
    public var comments: [FieldPath: Comment]

    /// The `defaults` section.
    public struct Defaults: Hashable, Sendable {
        /// Parameters given to every intent that does not set them.
        public var parameters: [Parameter: UncertainProbability]
        /// The severity split of intents that set none (absent: every issue P2).
        public var severity: SeveritySplit?
        /// The severity split of sensitive intents that set none (absent: `severity`).
        public var sensitiveSeverity: SeveritySplit?

        /// Creates a defaults section.
        public init(
            parameters: [Parameter: UncertainProbability] = [:], severity: SeveritySplit? = nil,
            sensitiveSeverity: SeveritySplit? = nil
        ) {
            self.parameters = parameters
            self.severity = severity
            self.sensitiveSeverity = sensitiveSeverity
        }

        /// Whether the section sets nothing (it is then not written).
        public var isEmpty: Bool { parameters.isEmpty && severity == nil && sensitiveSeverity == nil }
    }

    /// One entry of `intents`.
    public struct Intent: Hashable, Sendable {
        /// The intent's name, unique in the file.
        public var name: String?
        /// What the intent is.
        public var description: String?
        /// Its share of the traffic, above 0.
        public var share: Double?
        /// Whether it may go on Auto-Pilot (absent: true).
        public var autopilot: Bool?
        /// Whether its issues are more likely severe (absent: false).
        public var sensitive: Bool?
        /// Its own severity split (absent: the defaults').
        public var severity: SeveritySplit?
        /// The parameters it sets itself.
        public var parameters: [Parameter: UncertainProbability]

        /// Creates an intent entry.
        public init(
            name: String?, description: String? = nil, share: Double?, autopilot: Bool? = nil, sensitive: Bool? = nil,
            severity: SeveritySplit? = nil, parameters: [Parameter: UncertainProbability] = [:]
        ) {
            self.name = name
            self.description = description
            self.share = share
            self.autopilot = autopilot
            self.sensitive = sensitive
            self.severity = severity
            self.parameters = parameters
        }
    }

    /// One entry of `stages`.
    public struct Stage: Hashable, Sendable {
        /// The first week of the stage.
        public var fromWeek: Int?
        /// The share of traffic routed to the AI (absent: 1).
        public var aiShare: Double?
        /// The intents on Auto-Pilot (absent: every intent allowed on it).
        public var autopilot: [String]?
        /// What the stage is.
        public var description: String?

        /// Creates a stage entry.
        public init(fromWeek: Int?, aiShare: Double? = nil, autopilot: [String]? = nil, description: String? = nil) {
            self.fromWeek = fromWeek
            self.aiShare = aiShare
            self.autopilot = autopilot
            self.description = description
        }
    }

    /// One entry of `improvements`: from a week on, new values (`set`) or changes (`add`) of
    /// parameters, for one intent or all.
    public struct Improvement: Hashable, Sendable {
        /// The first week it applies.
        public var week: Int?
        /// The intent's name, `"*"` for every intent, or absent (every intent).
        public var intent: String?
        /// The parameters each kind of change touches, and by how much.
        public var changes: [SextantModel.Improvement.Change.Kind: [Parameter: Double]]
        /// What the improvement is.
        public var description: String?

        /// Creates an improvement entry.
        public init(
            week: Int?, intent: String? = nil, changes: [SextantModel.Improvement.Change.Kind: [Parameter: Double]],
            description: String? = nil
        ) {
            self.week = week
            self.intent = intent
            self.changes = changes
            self.description = description
        }
    }

    /// A comment at a key: lines written above it, and text after its value on the same line.
    public struct Comment: Hashable, Sendable {
        /// Lines above the key, each written as `# line` (an empty line stays blank).
        public var above: [String]
        /// Text after the value, on the key's line (for values written on one line).
        public var trailing: String?

        /// Creates a comment.
        public init(above: [String] = [], trailing: String? = nil) {
            self.above = above
            self.trailing = trailing
        }
    }

    /// Creates a file from its values.
    public init(
        version: Int? = 1, name: String?, description: String? = nil, workflow: Workflow? = nil, sessionsPerWeek: Double?,
        weeklyGrowth: Double? = nil, weeks: Int?, reviewRate: Double?, seed: UInt64? = nil, defaults: Defaults = Defaults(),
        intents: [Intent], stages: [Stage] = [], improvements: [Improvement] = [], comments: [FieldPath: Comment] = [:]
    ) {
        self.version = version
        self.name = name
        self.description = description
        self.workflow = workflow
        self.sessionsPerWeek = sessionsPerWeek
        self.weeklyGrowth = weeklyGrowth
        self.weeks = weeks
        self.reviewRate = reviewRate
        self.seed = seed
        self.defaults = defaults
        self.intents = intents
        self.stages = stages
        self.improvements = improvements
        self.comments = comments
    }

    /// The file that writes `scenario` out in full: every intent with its parameters and severity
    /// split, no defaults section, one improvement entry per change.
    ///
    /// - Parameter scenario: A scenario, e.g. one fitted to a log.
    public init(_ scenario: Scenario) {
        self.init(
            name: scenario.name, workflow: scenario.workflow, sessionsPerWeek: scenario.sessionsPerWeek,
            weeklyGrowth: scenario.weeklyGrowth, weeks: scenario.weeks, reviewRate: scenario.reviewRate, seed: scenario.seed,
            intents: scenario.intents.map {
                Intent(
                    name: $0.name, share: $0.share, autopilot: $0.autopilot, sensitive: $0.sensitive, severity: $0.severity,
                    parameters: $0.parameters)
            },
            stages: scenario.stages.map { Stage(fromWeek: $0.fromWeek, aiShare: $0.aiShare, autopilot: $0.autopilot?.sorted()) },
            improvements: scenario.improvements.map {
                Improvement(week: $0.week, intent: $0.intent ?? "*", changes: [$0.change.kind: [$0.parameter: $0.change.amount]])
            })
    }

    /// Parses a scenario file's text into the scenario it describes.
    ///
    /// - Parameters:
    ///   - text: The YAML text.
    ///   - file: The file's name, for messages.
    /// - Returns: The scenario, defaults applied.
    /// - Throws: ``IngestErrors`` holding every problem found, each at its line, column and key path.
    public static func parse(_ text: String, file: String) throws(IngestErrors) -> Scenario {
        let scenarioFile = try ScenarioFile(yaml: text, file: file)
        do {
            return try scenarioFile.scenario()
        } catch {
            // Not reached: reading checks everything `scenario()` does.
            throw IngestErrors(error.errors.map { IngestError(file: file, keyPath: $0.path.description, $0.message) })
        }
    }

    /// The scenario the model simulates: defaults applied, absent values at their defaults.
    ///
    /// - Returns: The scenario.
    /// - Throws: `ModelErrors` (SextantModel) with every problem of ``problems()`` when there is any.
    public func scenario() throws(ModelErrors) -> Scenario {
        let problems = problems()
        guard problems.isEmpty, let name, let sessionsPerWeek, let weeks, let reviewRate else { throw ModelErrors(problems) }
        let defaultSeverity = defaults.severity ?? .minor
        let specs = intents.map { intent in
            let sensitive = intent.sensitive ?? false
            return IntentSpec(
                name: intent.name ?? "", share: intent.share ?? 0, autopilot: intent.autopilot ?? true, sensitive: sensitive,
                parameters: defaults.parameters.merging(intent.parameters) { $1 },
                severity: intent.severity
                    ?? (sensitive ? defaults.sensitiveSeverity ?? defaultSeverity : defaultSeverity))
        }
        return Scenario(
            name: name, workflow: workflow ?? .service, sessionsPerWeek: sessionsPerWeek, weeklyGrowth: weeklyGrowth ?? 0,
            weeks: weeks, reviewRate: reviewRate, seed: seed ?? 1, intents: specs,
            stages: stages.map {
                SextantModel.Stage(fromWeek: $0.fromWeek ?? 1, aiShare: $0.aiShare ?? 1, autopilot: $0.autopilot.map(Set.init))
            },
            improvements: improvements.flatMap { $0.resolved })
    }
}

extension ScenarioFile.Improvement {
    /// The entry as the model's improvements: `set` before `add`, parameters in name order.
    var resolved: [Improvement] {
        let target = intent == "*" ? nil : intent
        return Improvement.Change.Kind.allCases.flatMap { kind in
            (changes[kind] ?? [:]).sorted { $0.key.rawValue < $1.key.rawValue }.map {
                Improvement(week: week ?? 1, intent: target, parameter: $0.key, change: Improvement.Change(kind, $0.value))
            }
        }
    }
}
