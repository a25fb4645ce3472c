import SextantModel

/// What a team changed during a rollout, as a YAML changes file records it, for the weekly review
/// to show against the trend:
///
/// ```yaml
/// version: 1
/// changes:
///   - date: 2026-03-16              # the day it took effect (YYYY-MM-DD)
///     area: assets                  # instructions, assets, actions or routing
///     what: Return-policy and delivery-time articles added to the knowledge base
///   - date: 2026-03-30
///     area: actions
///     what: Refund action repaired (timeouts on the payment provider)
///     intent: refund                # optional: the intent it was aimed at
/// ```
///
/// `version` is optional (1). Each change needs `date`, `area` and `what`; `intent` limits it to
/// one intent's review. Every problem is reported at once, with its line, column and key path.
public enum ChangesFile {
    /// The keys of one change.
    static let changeKeys = ["date", "area", "what", "intent"]

    /// Parses a changes file's text.
    ///
    /// - Parameters:
    ///   - text: the YAML text.
    ///   - file: the file's name, for messages.
    /// - Returns: the changes, in file order.
    /// - Throws: ``IngestErrors`` with every problem, in file order.
    public static func parse(_ text: String, file: String) throws(IngestErrors) -> [RolloutChange] {
        let rootNode = try YAMLDocument.root(text, file: file, expected: "a list of changes (see sextant review --help)")
        var reader = YAMLReader(file: file)
        let root = FieldPath.root
        guard let top = reader.mapping(rootNode, root, allowed: ["version", "changes"]) else {
            throw IngestErrors(reader.problems)
        }
        if let node = top["version"], let version = reader.integer(node, root.key("version")), version != 1 {
            reader.problem(node, root.key("version"), "found \(version); this Sextant reads version 1")
        }
        var changes: [RolloutChange] = []
        if let node = top["changes"], let items = reader.list(node, root.key("changes")) {
            for (index, item) in items.enumerated() {
                let path = root.key("changes").index(index)
                guard let fields = reader.mapping(item, path, allowed: changeKeys) else { continue }
                for key in ["date", "area", "what"] where fields[key] == nil {
                    reader.problem(item, path.key(key), "is missing; expected \(Self.expected(key))")
                }
                let day = fields["date"].flatMap { readDate($0, path.key("date"), &reader) }
                let area = fields["area"].flatMap { reader.choice($0, path.key("area"), as: ChangeArea.self) }
                let what = fields["what"].flatMap { readText($0, path.key("what"), &reader) }
                let intent = fields["intent"].flatMap { readText($0, path.key("intent"), &reader) }
                if let day, let area, let what, fields["intent"] == nil || intent != nil {
                    changes.append(RolloutChange(date: day.text, week: day.week, area: area, description: what, intent: intent))
                }
            }
        } else if top["changes"] == nil {
            reader.problem(rootNode, root.key("changes"), "is missing; expected a list of changes, each with date, area and what")
        }
        guard reader.problems.isEmpty else { throw IngestErrors(YAMLReader.inFileOrder(reader.problems)) }
        return changes
    }

    private static func expected(_ key: String) -> String {
        switch key {
        case "date": "the day the change took effect, YYYY-MM-DD"
        case "area": "one of \(ChangeArea.allCases.map(\.rawValue).joined(separator: ", "))"
        default: "what changed, as text"
        }
    }

    /// A day `YYYY-MM-DD` (plain, as YAML reads a date, or quoted) and its ISO week label.
    private static func readDate(_ node: YAMLNode, _ path: FieldPath, _ reader: inout YAMLReader) -> (text: String, week: String)?
    {
        guard case .scalar(let text, _, _, _) = node, text.utf8.count == 10,
            let code = Array(text.utf8).withUnsafeBytes({ ISOWeek.week($0) })
        else {
            reader.problem(node, path, "found \(node.kind); expected a date YYYY-MM-DD, e.g. 2026-03-16")
            return nil
        }
        return (text, ISOWeek.label(code))
    }

    /// Non-empty text.
    private static func readText(_ node: YAMLNode, _ path: FieldPath, _ reader: inout YAMLReader) -> String? {
        guard let text = reader.string(node, path) else { return nil }
        guard text.contains(where: { !$0.isWhitespace }) else {
            reader.problem(node, path, "is empty; expected text")
            return nil
        }
        return text
    }
}
