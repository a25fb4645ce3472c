import SextantModel

extension ScenarioFile {
    /// The file as YAML text, in the layout of the bundled scenarios, with every comment of
    /// ``comments`` at its key: the header first, lines above a key before it, a trailing comment
    /// after its value. Reading the text back gives this value again.
    ///
    /// Numbers are written in the shortest form that reads back to the same value, text plainly
    /// when YAML reads it back as text and double-quoted otherwise. Distributions, severity splits,
    /// a stage's intents and an improvement's changes are written on one line, so comments on what
    /// is inside them are not written (an improvement's changes with comments go on lines of their
    /// own). A comment above the first key of a list entry is written above the entry, and reads
    /// back as the entry's.
    ///
    /// - Returns: The YAML text, ending with a newline.
    public func yaml() -> String {
        var w = YAMLWriter(comments: comments)
        let root = FieldPath.root
        w.commentLines(comments[root]?.above ?? [], indent: 0)
        func scalar(_ key: String, _ value: String?) {
            if let value { w.line(key, value, at: root.key(key), indent: 0) }
        }
        scalar("version", version.map(String.init))
        scalar("name", name.map(YAMLWriter.scalar))
        scalar("description", description.map(YAMLWriter.scalar))
        scalar("workflow", workflow.map { YAMLWriter.scalar($0.rawValue) })
        scalar("sessions_per_week", sessionsPerWeek.map(YAMLWriter.number))
        scalar("weekly_growth", weeklyGrowth.map(YAMLWriter.number))
        scalar("weeks", weeks.map(String.init))
        scalar("review_rate", reviewRate.map(YAMLWriter.number))
        scalar("seed", seed.map(String.init))
        if !defaults.isEmpty {
            let path = root.key("defaults")
            w.line("defaults", nil, at: path, indent: 0)
            for (key, value) in Self.parameterLines(defaults.parameters) { w.line(key, value, at: path.key(key), indent: 2) }
            if let split = defaults.severity { w.line("severity", Self.split(split), at: path.key("severity"), indent: 2) }
            if let split = defaults.sensitiveSeverity {
                w.line("sensitive_severity", Self.split(split), at: path.key("sensitive_severity"), indent: 2)
            }
        }
        w.line("intents", intents.isEmpty ? "[]" : nil, at: root.key("intents"), indent: 0)
        for (index, intent) in intents.enumerated() {
            var lines: [EntryLine] = []
            if let name = intent.name { lines.append(.init("name", YAMLWriter.scalar(name))) }
            if let text = intent.description { lines.append(.init("description", YAMLWriter.scalar(text))) }
            if let share = intent.share { lines.append(.init("share", YAMLWriter.number(share))) }
            if let sensitive = intent.sensitive { lines.append(.init("sensitive", String(sensitive))) }
            if let autopilot = intent.autopilot { lines.append(.init("autopilot", String(autopilot))) }
            if let split = intent.severity { lines.append(.init("severity", Self.split(split))) }
            lines += Self.parameterLines(intent.parameters).map { EntryLine($0.0, $0.1) }
            entry(lines, at: root.key("intents").index(index), &w)
        }
        if !stages.isEmpty { w.line("stages", nil, at: root.key("stages"), indent: 0) }
        for (index, stage) in stages.enumerated() {
            let path = root.key("stages").index(index)
            var lines: [EntryLine] = []
            if let week = stage.fromWeek { lines.append(.init("from_week", String(week))) }
            if let share = stage.aiShare { lines.append(.init("ai_share", YAMLWriter.number(share))) }
            if let names = stage.autopilot {
                let items = names.map { (key: String?.none, value: YAMLWriter.scalar($0)) }
                lines.append(
                    !names.isEmpty && w.hasComments(below: path.key("autopilot"))
                        ? .init("autopilot", nil, children: items) : .init("autopilot", YAMLWriter.flowList(items.map(\.value))))
            }
            if let text = stage.description { lines.append(.init("description", YAMLWriter.scalar(text))) }
            entry(lines, at: path, &w)
        }
        if !improvements.isEmpty { w.line("improvements", nil, at: root.key("improvements"), indent: 0) }
        for (index, improvement) in improvements.enumerated() {
            let path = root.key("improvements").index(index)
            var lines: [EntryLine] = []
            if let week = improvement.week { lines.append(.init("week", String(week))) }
            if let intent = improvement.intent { lines.append(.init("intent", YAMLWriter.scalar(intent))) }
            for kind in SextantModel.Improvement.Change.Kind.allCases {
                guard let amounts = improvement.changes[kind] else { continue }
                let pairs = Parameter.allCases.compactMap { p in amounts[p].map { (p.rawValue, YAMLWriter.number($0)) } }
                lines.append(
                    !pairs.isEmpty && w.hasComments(below: path.key(kind.rawValue))
                        ? .init(kind.rawValue, nil, children: pairs.map { (key: $0.0, value: $0.1) })
                        : .init(kind.rawValue, YAMLWriter.flowMapping(pairs)))
            }
            if let text = improvement.description { lines.append(.init("description", YAMLWriter.scalar(text))) }
            entry(lines, at: path, &w)
        }
        return w.text
    }

    /// A line of a list entry: `key: value`, or `key:` with lines under it (a nil key: a list item).
    private struct EntryLine {
        var key: String
        var value: String?
        var children: [(key: String?, value: String)] = []

        init(_ key: String, _ value: String?, children: [(key: String?, value: String)] = []) {
            self.key = key
            self.value = value
            self.children = children
        }
    }

    /// A list entry: its first line after the dash, the others under it.
    private func entry(_ lines: [EntryLine], at path: FieldPath, _ w: inout YAMLWriter) {
        guard !lines.isEmpty else {
            w.emptyEntry(at: path, indent: 2)
            return
        }
        for (position, line) in lines.enumerated() {
            let at = path.key(line.key)
            w.line(line.key, line.value, at: at, indent: position == 0 ? 2 : 4, entry: position == 0 ? path : nil)
            for (index, child) in line.children.enumerated() {
                if let key = child.key {
                    w.line(key, child.value, at: at.key(key), indent: 6)
                } else {
                    w.item(child.value, at: at.index(index), indent: 6)
                }
            }
        }
    }

    /// `knowledge_coverage: {beta: [36, 4]}` lines, in the order of ``Parameter/allCases``.
    private static func parameterLines(_ parameters: [Parameter: UncertainProbability]) -> [(String, String)] {
        Parameter.allCases.compactMap { parameter in
            parameters[parameter].map { (parameter.rawValue, distribution($0)) }
        }
    }

    /// `0.9`, or `{beta: [36, 4]}`.
    static func distribution(_ value: UncertainProbability) -> String {
        if case .fixed(let x) = value { return YAMLWriter.number(x) }
        return YAMLWriter.flowMapping([(value.kind.rawValue, YAMLWriter.flowList(value.parameters.map(YAMLWriter.number)))])
    }

    /// `{P0: 0.02, P1: 0.18, P2: 0.8}`.
    static func split(_ split: SeveritySplit) -> String {
        YAMLWriter.flowMapping(Severity.allCases.map { ($0.rawValue, YAMLWriter.number(split[$0])) })
    }
}
