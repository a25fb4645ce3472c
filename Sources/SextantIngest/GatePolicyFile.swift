import SextantModel
import SextantStats

/// Gate policy files: the Auto-Pilot readiness criteria, in YAML.
///
/// ```yaml
/// version: 1
/// confidence: 0.95            # default 0.95
/// method: wilson              # default wilson
/// min_sessions: 1000          # AI sessions in the window
/// min_reviewed: 200           # reviewed sessions in the window
/// contained: {floor: 0.80}    # a number, or `target` for the workflow's target floor
/// resolution: {floor: target}
/// issues:
///   P0: {ceiling: 0.001}      # judged by the upper bound, also with zero issues seen
///   P1: {ceiling: 0.01}
/// window_weeks: 4             # judge the last 4 weeks; absent: all data so far
/// looks: 12                   # checked 12 times: each look at 1 − (1 − C)/12; absent: one look
/// ```
///
/// A criterion that is absent is not judged. The file is read safely (no anchors or aliases, bounded
/// size and nesting), and every problem is reported at once with its line, column and key path.
public enum GatePolicyFile {
    /// The keys of a policy file, in the order they are documented.
    public static let keys = [
        "version", "confidence", "method", "min_sessions", "min_reviewed", "contained", "resolution", "issues",
        "window_weeks", "looks",
    ]

    /// Parses a policy file's text.
    ///
    /// - Parameters:
    ///   - text: the YAML text.
    ///   - file: the file's name, for messages.
    /// - Returns: the policy.
    /// - Throws: ``IngestErrors`` with every problem, in file order: `file:line:column: key.path: message`.
    public static func parse(_ text: String, file: String) throws(IngestErrors) -> GatePolicy {
        let rootNode = try YAMLDocument.root(text, file: file, expected: "a gate policy (version: 1 and criteria)")
        var reader = YAMLReader(file: file)
        let root = FieldPath.root
        guard let top = reader.mapping(rootNode, root, allowed: keys) else { throw IngestErrors(reader.problems) }
        var policy = GatePolicy()
        if let node = top["version"] {
            if let version = reader.integer(node, root.key("version")), version != 1 {
                reader.problem(node, root.key("version"), "found \(version); this Sextant reads gate policy version 1")
            }
        } else {
            reader.problem(rootNode, root.key("version"), "missing; a gate policy needs version: 1")
        }
        if let node = top["confidence"], let confidence = reader.number(node, root.key("confidence")) {
            if confidence > 0, confidence < 1 {
                policy.confidence = confidence
            } else {
                reader.problem(
                    node, root.key("confidence"), "\(confidence.shown) is not strictly between 0 and 1; expected e.g. 0.95")
            }
        }
        if let node = top["method"], let method = reader.choice(node, root.key("method"), as: IntervalMethod.self) {
            policy.method = method
        }
        policy.minSessions = top["min_sessions"].flatMap { count($0, root.key("min_sessions"), &reader) }
        policy.minReviewed = top["min_reviewed"].flatMap { count($0, root.key("min_reviewed"), &reader) }
        policy.contained = top["contained"].flatMap { floor($0, root.key("contained"), &reader) }
        policy.resolution = top["resolution"].flatMap { floor($0, root.key("resolution"), &reader) }
        if let node = top["issues"] {
            let names = Metric.issueRates.map(\.rawValue)
            for (key, value) in reader.mapping(node, root.key("issues"), allowed: names) ?? [:] {
                let path = root.key("issues").key(key)
                guard let metric = Metric(rawValue: key), let fields = reader.mapping(value, path, allowed: ["ceiling"]) else {
                    continue
                }
                guard let ceiling = fields["ceiling"] else {
                    reader.problem(value, path.key("ceiling"), "missing; expected the highest acceptable upper bound, e.g. 0.001")
                    continue
                }
                policy.ceilings[metric] = reader.probability(ceiling, path.key("ceiling"))
            }
        }
        // Weekly windows and looks over at most the longest horizon (as `GatePolicy.problems()` checks).
        let most = Scenario.maximumWeeks
        if let node = top["window_weeks"], let weeks = reader.integer(node, root.key("window_weeks")) {
            if (1...most).contains(weeks) {
                policy.windowWeeks = weeks
            } else {
                reader.problem(node, root.key("window_weeks"), "\(weeks) is not a number of weeks; expected 1 to \(most)")
            }
        }
        if let node = top["looks"], let looks = reader.integer(node, root.key("looks")) {
            if (1...most).contains(looks) {
                policy.looks = looks
            } else {
                reader.problem(node, root.key("looks"), "\(looks) is not a number of looks; expected 1 to \(most)")
            }
        }
        guard reader.problems.isEmpty else { throw IngestErrors(YAMLReader.inFileOrder(reader.problems)) }
        return policy
    }

    /// A minimum count: a whole number of at least 0.
    private static func count(_ node: YAMLNode, _ path: FieldPath, _ reader: inout YAMLReader) -> Int? {
        guard let value = reader.integer(node, path) else { return nil }
        guard value >= 0 else {
            reader.problem(node, path, "\(value) is negative; expected a whole number of at least 0")
            return nil
        }
        return value
    }

    /// `{floor: NUMBER}` or `{floor: target}`.
    private static func floor(_ node: YAMLNode, _ path: FieldPath, _ reader: inout YAMLReader) -> GateFloor? {
        guard let fields = reader.mapping(node, path, allowed: ["floor"]) else { return nil }
        guard let value = fields["floor"] else {
            reader.problem(
                node, path.key("floor"), "missing; expected a number from 0 to 1, or target for the workflow's target floor")
            return nil
        }
        if case .scalar(let text, _, _, _) = value, value.resolvedTag == .str {
            guard text == "target" else {
                let hint = YAMLReader.closest(text, in: ["target"]).map { "; did you mean \"\($0)\"?" } ?? ""
                reader.problem(
                    value, path.key("floor"),
                    "found \"\(text)\"; expected a number from 0 to 1, or target for the workflow's target floor\(hint)")
                return nil
            }
            return .targetFloor
        }
        return reader.probability(value, path.key("floor")).map(GateFloor.value)
    }
}
