import Yams

/// A YAML node with its place in the file, for messages that name a line and a key path.
indirect enum YAMLNode {
    case scalar(String, line: Int, column: Int, plain: Bool)
    case mapping([(key: String, value: YAMLNode)], line: Int, column: Int)
    case sequence([YAMLNode], line: Int, column: Int)

    var line: Int {
        switch self {
        case .scalar(_, let line, _, _), .mapping(_, let line, _), .sequence(_, let line, _): line
        }
    }

    var column: Int {
        switch self {
        case .scalar(_, _, let column, _), .mapping(_, _, let column), .sequence(_, _, let column): column
        }
    }

    /// The kind, for messages.
    var kind: String {
        switch self {
        case .scalar(let text, _, _, let plain):
            plain && (text == "~" || text == "null" || text.isEmpty) ? "nothing" : "\"\(text)\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    /// Parses YAML text; syntax errors become ``IngestError``s with the line and column.
    static func parse(_ text: String, file: String) throws(IngestError) -> YAMLNode? {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.describe(error, file: file)
        } catch {
            throw IngestError(file: file, "is not valid YAML: \(error)")
        }
        return try node.map { (node) throws(IngestError) -> YAMLNode in try convert(node, file: file) }
    }

    private static func convert(_ node: Node, file: String) throws(IngestError) -> YAMLNode {
        let line = node.mark?.line ?? 0
        let column = node.mark?.column ?? 0
        switch node {
        case .scalar(let scalar):
            return .scalar(scalar.string, line: line, column: column, plain: scalar.style == .plain || scalar.style == .any)
        case .mapping(let mapping):
            var pairs: [(key: String, value: YAMLNode)] = []
            var seen: [String: Int] = [:]
            for (key, value) in mapping {
                let name = key.scalar?.string ?? "\(key)"
                if let first = seen[name] {
                    throw IngestError(
                        file: file, line: key.mark?.line, column: key.mark?.column,
                        "the key \"\(name)\" appears twice (first on line \(first)); expected each key once")
                }
                seen[name] = key.mark?.line ?? 0
                pairs.append((name, try convert(value, file: file)))
            }
            return .mapping(pairs, line: line, column: column)
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            for item in sequence { items.append(try convert(item, file: file)) }
            return .sequence(items, line: line, column: column)
        case .alias:
            throw IngestError(file: file, line: line, column: column, "YAML aliases are not supported; write the value out")
        }
    }

    private static func describe(_ error: YamlError, file: String) -> IngestError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text) (line \($0.mark.line)): " } ?? ""
            return IngestError(file: file, line: mark.line, column: mark.column, "is not valid YAML: \(detail)\(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return IngestError(
                file: file, line: context.mark.line, column: context.mark.column,
                "repeats the key(s) \(duplicates.joined(separator: ", ")); expected each key once")
        default:
            return IngestError(file: file, "is not valid YAML: \(error)")
        }
    }
}

/// Reads typed values out of a YAML tree, collecting every problem with its key path
/// (`intents[2].knowledge_coverage: 1.3 is not a probability`) instead of stopping at the first.
struct YAMLReader {
    let file: String
    private(set) var problems: [IngestError] = []

    init(file: String) { self.file = file }

    mutating func problem(_ node: YAMLNode?, _ path: String, _ message: String) {
        problems.append(
            IngestError(file: file, line: node?.line, column: node?.column, path.isEmpty ? message : "\(path): \(message)"))
    }

    /// The members of a mapping, reporting keys outside `allowed` (with a "did you mean").
    mutating func mapping(_ node: YAMLNode, _ path: String, allowed: [String]) -> [String: YAMLNode]? {
        guard case .mapping(let pairs, _, _) = node else {
            problem(node, path, "found \(node.kind); expected a mapping of \(allowed.joined(separator: ", "))")
            return nil
        }
        var members: [String: YAMLNode] = [:]
        for (key, value) in pairs {
            guard allowed.contains(key) else {
                let keyPath = path.isEmpty ? key : "\(path).\(key)"
                let hint =
                    Self.closest(key, in: allowed).map { "; did you mean \"\($0)\"?" }
                    ?? "; expected one of \(allowed.joined(separator: ", "))"
                problem(value, keyPath, "unknown key\(hint)")
                continue
            }
            members[key] = value
        }
        return members
    }

    /// The items of a list.
    mutating func list(_ node: YAMLNode, _ path: String) -> [YAMLNode]? {
        guard case .sequence(let items, _, _) = node else {
            problem(node, path, "found \(node.kind); expected a list")
            return nil
        }
        return items
    }

    /// A number (integers and decimals).
    mutating func number(_ node: YAMLNode, _ path: String) -> Double? {
        guard case .scalar(let text, _, _, _) = node, let value = Double(text.trimmingCharacters()), value.isFinite else {
            problem(node, path, "found \(node.kind); expected a number")
            return nil
        }
        return value
    }

    /// A probability in [0, 1].
    mutating func probability(_ node: YAMLNode, _ path: String) -> Double? {
        guard let value = number(node, path) else { return nil }
        guard value >= 0, value <= 1 else {
            problem(node, path, "\(Self.show(value)) is not a probability; expected a number from 0 to 1")
            return nil
        }
        return value
    }

    /// A whole number, at least `minimum`.
    mutating func integer(_ node: YAMLNode, _ path: String, minimum: Int) -> Int? {
        guard case .scalar(let text, _, _, _) = node, let value = Int(text.trimmingCharacters()) else {
            problem(node, path, "found \(node.kind); expected a whole number")
            return nil
        }
        guard value >= minimum else {
            problem(node, path, "\(value) is too small; expected a whole number ≥ \(minimum)")
            return nil
        }
        return value
    }

    /// A string.
    mutating func string(_ node: YAMLNode, _ path: String) -> String? {
        guard case .scalar(let text, _, _, _) = node else {
            problem(node, path, "found \(node.kind); expected text")
            return nil
        }
        return text
    }

    /// A boolean (`true`/`false`, `yes`/`no`).
    mutating func boolean(_ node: YAMLNode, _ path: String) -> Bool? {
        guard case .scalar(let text, _, _, _) = node else {
            problem(node, path, "found \(node.kind); expected true or false")
            return nil
        }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            problem(node, path, "found \"\(text)\"; expected true or false")
            return nil
        }
    }

    /// A value of a `RawRepresentable` enumeration, e.g. a workflow.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ path: String, as type: T.Type) -> T?
    where T.RawValue == String {
        guard let text = string(node, path) else { return nil }
        if let value = T(rawValue: text) { return value }
        let options = T.allCases.map(\.rawValue)
        let hint = Self.closest(text, in: options).map { "; did you mean \"\($0)\"?" } ?? ""
        problem(node, path, "found \"\(text)\"; expected one of \(options.joined(separator: ", "))\(hint)")
        return nil
    }

    static func show(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }

    /// The allowed word closest to `word` by edit distance, if it is close (at most a third of its length).
    static func closest(_ word: String, in options: [String]) -> String? {
        let scored = options.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension String {
    fileprivate func trimmingCharacters() -> String { String(Substring(self).trimmingSpaces) }
}
