import SextantModel

/// A mapping of free-text handoff reasons to the session model's reason codes, in YAML:
///
/// ```yaml
/// version: 1
/// reasons:
///   missing_knowledge:
///     - "Customer asked about a product we don't stock, \"discontinued\" line"   # the exact text
///     - contains: "don't stock"                                                    # any text holding this
///   user_request:
///     - contains: needs agent
/// ```
///
/// Under `reasons`, each key is a code (`user_request`, `missing_knowledge`, `unknown_scenario`,
/// `action_unavailable`, `action_failed`, `premature_handoff`) with a list of rules: a text matches
/// the whole reason, `{contains: text}` any reason that holds it. Both ignore case and the spaces
/// around the reason. A reason that is a code already (`Missing knowledge`, `missing-knowledge`) is
/// that code; otherwise an exact rule wins over a `contains` rule, and among `contains` rules the
/// first in the file. A reason no rule matches is unexplained. The file is read safely (no
/// anchors or aliases, bounded size), and every problem is reported at once with its line, column
/// and key path.
public struct ReasonMapping: Hashable, Sendable {
    /// One rule: a text, whole or contained, and the code it maps to.
    public struct Rule: Hashable, Sendable {
        /// The code.
        public var code: HandoffReason
        /// The text, lowercased and trimmed.
        public var text: String
        /// Whether the text may be anywhere in the reason (else it is the whole reason).
        public var contains: Bool
    }

    /// The rules, in file order.
    public private(set) var rules: [Rule]
    private var exact: [String: HandoffReason]
    private var contained: ContainsMatcher

    /// A mapping from its rules.
    ///
    /// - Parameter rules: the rules, in order of precedence among `contains` rules.
    public init(rules: [Rule] = []) {
        self.rules = rules
        exact = [:]
        for rule in rules where !rule.contains && exact[rule.text] == nil { exact[rule.text] = rule.code }
        contained = ContainsMatcher(rules.filter(\.contains))
    }

    /// The code `reason` stands for: a code itself, else the exact rule's, else the first
    /// `contains` rule's; nil when none matches.
    ///
    /// - Parameter reason: a handoff reason as the log writes it.
    /// - Returns: its code, or nil for an unexplained reason.
    /// - Complexity: O(length of the reason), however many rules the mapping has.
    public func code(for reason: String) -> HandoffReason? {
        if let code = HandoffReason(text: reason) { return code }
        let key = Self.normalised(reason)
        if let code = exact[key] { return code }
        return contained.first(in: key)
    }

    /// Lowercased, without the white space around it.
    static func normalised(_ text: String) -> String {
        String(text.lowercased().drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    /// Parses a mapping file's text.
    ///
    /// - Parameters:
    ///   - text: the YAML text.
    ///   - file: the file's name, for messages.
    /// - Returns: the mapping.
    /// - Throws: ``IngestErrors`` with every problem, in file order: `file:line:column: key.path: message`.
    public static func parse(_ text: String, file: String) throws(IngestErrors) -> ReasonMapping {
        let rootNode = try YAMLDocument.root(text, file: file, expected: "a reason mapping (version: 1 and reasons)")
        var reader = YAMLReader(file: file)
        let root = FieldPath.root
        guard let top = reader.mapping(rootNode, root, allowed: ["version", "reasons"]) else {
            throw IngestErrors(reader.problems)
        }
        if let node = top["version"] {
            if let version = reader.integer(node, root.key("version")), version != 1 {
                reader.problem(node, root.key("version"), "found \(version); this Sextant reads reason mapping version 1")
            }
        } else {
            reader.problem(rootNode, root.key("version"), "missing; a reason mapping needs version: 1")
        }
        var rules: [Rule] = []
        var seen: [String: (code: HandoffReason, line: Int)] = [:]
        let codes = HandoffReason.allCases.map(\.rawValue)
        if let node = top["reasons"], case .mapping(let pairs, _, _) = node {
            for (key, value, _) in pairs {
                let path = root.key("reasons").key(key)
                guard let code = HandoffReason(rawValue: key) else {
                    let hint =
                        YAMLReader.closest(key, in: codes).map { "; did you mean \"\($0)\"?" }
                        ?? "; expected one of \(codes.joined(separator: ", "))"
                    reader.problem(value, path, "unknown reason code\(hint)")
                    continue
                }
                for (index, item) in (reader.list(value, path) ?? []).enumerated() {
                    guard let rule = Self.rule(item, code: code, path.index(index), &reader) else { continue }
                    if !rule.contains, let earlier = seen[rule.text], earlier.code != code {
                        reader.problem(
                            item, path.index(index),
                            "this text already maps to \(earlier.code.rawValue) (line \(earlier.line)); expected each text under one code"
                        )
                        continue
                    }
                    if !rule.contains { seen[rule.text] = (code, item.line) }
                    rules.append(rule)
                }
            }
        } else if let node = top["reasons"] {
            reader.problem(node, root.key("reasons"), "found \(node.kind); expected a mapping of reason codes to lists of texts")
        } else {
            reader.problem(rootNode, root.key("reasons"), "missing; expected a mapping of reason codes to lists of texts")
        }
        guard reader.problems.isEmpty else { throw IngestErrors(YAMLReader.inFileOrder(reader.problems)) }
        return ReasonMapping(rules: rules)
    }

    /// A rule: text, or `{contains: text}`.
    private static func rule(_ node: YAMLNode, code: HandoffReason, _ path: FieldPath, _ reader: inout YAMLReader) -> Rule? {
        var contains = false
        var textNode = node
        if case .mapping = node {
            guard let members = reader.mapping(node, path, allowed: ["contains"]) else { return nil }
            guard let inner = members["contains"] else {
                reader.problem(node, path.key("contains"), "missing; expected {contains: text}")
                return nil
            }
            contains = true
            textNode = inner
        }
        let at = contains ? path.key("contains") : path
        guard case .scalar = textNode else {
            reader.problem(textNode, at, "found \(textNode.kind); expected a reason's text, or {contains: text}")
            return nil
        }
        guard let text = reader.string(textNode, at) else { return nil }
        let key = normalised(text)
        guard !key.isEmpty else {
            reader.problem(textNode, at, "is empty; expected a reason's text")
            return nil
        }
        return Rule(code: code, text: key, contains: contains)
    }
}

/// The `contains` rules as one Aho–Corasick automaton over characters (Aho & Corasick, "Efficient
/// string matching", CACM 18(6), 1975): a reason is read once, whatever the number of rules, and
/// the rule that matches and comes first in the file wins — the same answer as trying each rule's
/// `String.contains` in turn, which took rules × reasons comparisons.
struct ContainsMatcher: Hashable, Sendable {
    /// A transition: from a state, on a character.
    private struct Edge: Hashable, Sendable {
        let state: Int
        let character: Character
    }

    private var next: [Edge: Int] = [:]
    /// Each state's failure link: the state of its longest proper suffix that is a prefix of a rule.
    private var failure: [Int] = [0]
    /// The first rule (by file order) that ends at the state or at a suffix of it; `Int.max` for none.
    private var first: [Int] = [Int.max]
    private var codes: [HandoffReason] = []

    /// The automaton of `rules`, in order of precedence.
    init(_ rules: [ReasonMapping.Rule]) {
        codes = rules.map(\.code)
        var parent: [(state: Int, character: Character?)] = [(0, nil)]
        var depth = [0]
        for (index, rule) in rules.enumerated() {
            var state = 0
            for character in rule.text {
                if let known = next[Edge(state: state, character: character)] {
                    state = known
                } else {
                    next[Edge(state: state, character: character)] = parent.count
                    parent.append((state, character))
                    depth.append(depth[state] + 1)
                    failure.append(0)
                    first.append(Int.max)
                    state = parent.count - 1
                }
            }
            first[state] = min(first[state], index)
        }
        // Breadth first, so that a state's failure (shallower) is complete before the state.
        for state in depth.indices.sorted(by: { (depth[$0], $0) < (depth[$1], $1) }) where state != 0 {
            let (from, character) = (parent[state].state, parent[state].character!)
            if from != 0 {
                var link = failure[from]
                while link != 0, next[Edge(state: link, character: character)] == nil { link = failure[link] }
                failure[state] = next[Edge(state: link, character: character)] ?? 0
            }
            first[state] = min(first[state], first[failure[state]])
        }
    }

    /// The code of the first rule contained in `text`, nil when none is.
    func first(in text: String) -> HandoffReason? {
        guard !codes.isEmpty else { return nil }
        var state = 0
        var best = Int.max
        for character in text {
            while state != 0, next[Edge(state: state, character: character)] == nil { state = failure[state] }
            state = next[Edge(state: state, character: character)] ?? 0
            best = min(best, first[state])
        }
        return best == Int.max ? nil : codes[best]
    }
}
