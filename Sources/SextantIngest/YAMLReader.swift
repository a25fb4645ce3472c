import SextantModel
import Yams

/// Reads typed values out of a YAML tree, collecting every problem with its line, column and key
/// path (`intents[2].share: found "half"; expected a number`) instead of stopping at the first.
///
/// Scalars are read as YAML's core schema types them, as JSON Schema validators and other YAML
/// tools see them: a number must be a plain number, text must not be a plain scalar that YAML reads
/// as a boolean, number, date or nothing (`name: yes` is refused: quote it).
struct YAMLReader {
    let file: String
    private(set) var problems: [IngestError] = []
    /// The paths of the problems found, so that later checks of the same values stay quiet.
    private(set) var reported: [FieldPath] = []

    init(file: String) { self.file = file }

    mutating func problem(_ node: YAMLNode?, _ path: FieldPath, _ message: String) {
        problems.append(
            IngestError(
                file: file, line: node?.line, column: node?.column, keyPath: path.isEmpty ? nil : path.description, message))
        reported.append(path)
    }

    /// Problems in file order: by line, then column, then the order they were found.
    static func inFileOrder(_ problems: [IngestError]) -> [IngestError] {
        problems.enumerated().sorted {
            ($0.element.line ?? 0, $0.element.column ?? 0, $0.offset) < ($1.element.line ?? 0, $1.element.column ?? 0, $1.offset)
        }.map(\.element)
    }

    /// The members of a mapping, reporting keys outside `allowed` (with a "did you mean").
    mutating func mapping(_ node: YAMLNode, _ path: FieldPath, allowed: [String]) -> [String: YAMLNode]? {
        guard case .mapping(let pairs, _, _) = node else {
            problem(node, path, "found \(node.kind); expected a mapping of \(allowed.joined(separator: ", "))")
            return nil
        }
        var members: [String: YAMLNode] = [:]
        for (key, value, _) in pairs {
            guard allowed.contains(key) else {
                let hint =
                    Self.closest(key, in: allowed).map { "; did you mean \"\($0)\"?" }
                    ?? "; expected one of \(allowed.joined(separator: ", "))"
                problem(value, path.key(key), "unknown key\(hint)")
                continue
            }
            members[key] = value
        }
        return members
    }

    /// The items of a list.
    mutating func list(_ node: YAMLNode, _ path: FieldPath) -> [YAMLNode]? {
        guard case .sequence(let items, _, _) = node else {
            problem(node, path, "found \(node.kind); expected a list")
            return nil
        }
        return items
    }

    /// A number written in decimal (`12000`, `0.05`, `1e-4`), finite.
    mutating func number(_ node: YAMLNode, _ path: FieldPath) -> Double? {
        guard case .scalar(let text, _, _, true) = node, node.resolvedTag == .int || node.resolvedTag == .float,
            Self.isDecimal(text), let value = Double(text), value.isFinite
        else {
            problem(node, path, "found \(node.kind); expected a number")
            return nil
        }
        return value
    }

    /// A probability in [0, 1].
    mutating func probability(_ node: YAMLNode, _ path: FieldPath) -> Double? {
        guard let value = number(node, path) else { return nil }
        guard value >= 0, value <= 1 else {
            problem(node, path, "\(value.shown) is not a probability; expected a number from 0 to 1")
            return nil
        }
        return value
    }

    /// A whole number written in decimal, as a signed integer (the sign kept apart, so that the
    /// full range of `UInt64` reads); a magnitude beyond `UInt64` is nil, for the caller to name
    /// the range it expects.
    private mutating func wholeNumber(_ node: YAMLNode, _ path: FieldPath) -> (negative: Bool, magnitude: UInt64?, text: String)?
    {
        guard case .scalar(let text, _, _, true) = node, node.resolvedTag == .int, Self.isDecimal(text),
            !text.contains("."), !text.contains("e"), !text.contains("E")
        else {
            problem(node, path, "found \(node.kind); expected a whole number")
            return nil
        }
        let negative = text.hasPrefix("-")
        let magnitude = UInt64(text.drop { $0 == "-" || $0 == "+" })
        return (negative && magnitude != 0, magnitude, text)
    }

    /// A whole number that fits an `Int`.
    ///
    /// - Parameter tooLarge: the message for a number above `Int.max`, given the number as
    ///   written (`weeks` names its horizon); by default, the range of `Int`.
    mutating func integer(_ node: YAMLNode, _ path: FieldPath, tooLarge: ((String) -> String)? = nil) -> Int? {
        guard let (negative, magnitude, text) = wholeNumber(node, path) else { return nil }
        guard let magnitude, magnitude <= UInt64(Int.max) else {
            if !negative, let tooLarge {
                problem(node, path, tooLarge(text))
            } else {
                problem(node, path, "\(text) is too large; expected a whole number from \(Int.min) to \(Int.max)")
            }
            return nil
        }
        return negative ? -Int(magnitude) : Int(magnitude)
    }

    /// A whole number from 0 to 2⁶⁴ − 1 (a seed).
    mutating func unsigned(_ node: YAMLNode, _ path: FieldPath) -> UInt64? {
        guard let (negative, magnitude, text) = wholeNumber(node, path) else { return nil }
        guard !negative, let magnitude else {
            let expected =
                negative
                ? "is negative; expected a whole number from 0 to" : "is beyond \(UInt64.max); expected a smaller whole number"
            problem(node, path, negative ? "\(text) \(expected) \(UInt64.max)" : "\(text) \(expected)")
            return nil
        }
        return magnitude
    }

    /// Text: a quoted scalar, or a plain one that YAML does not read as something else.
    mutating func string(_ node: YAMLNode, _ path: FieldPath) -> String? {
        guard case .scalar(let text, _, _, _) = node else {
            problem(node, path, "found \(node.kind); expected text")
            return nil
        }
        guard let tag = node.resolvedTag, tag == .str else {
            let what: String
            switch node.resolvedTag {
            case .bool?: what = "a boolean"
            case .int?, .float?: what = "a number"
            case .timestamp?: what = "a date"
            default: what = "nothing"
            }
            if what == "nothing" && text.isEmpty {
                problem(node, path, "found nothing; expected text")
            } else {
                problem(node, path, "found \(text), which YAML reads as \(what); expected text: put it in quotes (\"\(text)\")")
            }
            return nil
        }
        return text
    }

    /// A boolean: `true`/`false` (YAML also reads `yes`/`no` and `on`/`off`).
    mutating func boolean(_ node: YAMLNode, _ path: FieldPath) -> Bool? {
        guard case .scalar(let text, _, _, true) = node, node.resolvedTag == .bool else {
            problem(node, path, "found \(node.kind); expected true or false")
            return nil
        }
        return ["true", "yes", "on"].contains(text.lowercased())
    }

    /// A value of a `RawRepresentable` enumeration, e.g. a workflow.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ path: FieldPath, as type: T.Type) -> T?
    where T.RawValue == String {
        guard let text = string(node, path) else { return nil }
        if let value = T(rawValue: text) { return value }
        let options = T.allCases.map(\.rawValue)
        let hint = Self.closest(text, in: options).map { "; did you mean \"\($0)\"?" } ?? ""
        problem(node, path, "found \"\(text)\"; expected one of \(options.joined(separator: ", "))\(hint)")
        return nil
    }

    /// Only digits, signs, a point and an exponent: what YAML reads as a number and Swift reads as
    /// the same number (no `0x`, `0o`, `_`, `1:30` or `.inf`; no `010`, which YAML 1.1 reads as octal).
    static func isDecimal(_ text: String) -> Bool {
        guard !text.isEmpty, text.allSatisfy({ "0123456789+-.eE".contains($0) }) else { return false }
        let unsigned = text.drop { $0 == "-" || $0 == "+" }
        let integerPart = unsigned.prefix { $0.isNumber }
        return !(integerPart.count > 1 && integerPart.first == "0")
    }

    /// The allowed word closest to `word` by edit distance, if it is close (at most a third of its length).
    ///
    /// An edit distance is at least the difference of the lengths, so an option whose length is
    /// further from the word's than the closeness bound is not compared: a long unknown key (a
    /// YAML file may hold a million characters in one) costs no comparison at all.
    static func closest(_ word: String, in options: [String]) -> String? {
        let bound = max(2, word.count / 3)
        let lowered = Array(word.lowercased())
        var best: (option: String, distance: Int)?
        for option in options {
            let candidate = Array(option.lowercased())
            guard abs(candidate.count - lowered.count) <= bound else { continue }
            let distance = editDistance(lowered, candidate)
            if distance <= bound, distance < best?.distance ?? Int.max { best = (option, distance) }
        }
        return best?.option
    }

    /// The Levenshtein distance between two strings, by characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        editDistance(Array(a), Array(b))
    }

    /// The Levenshtein distance, in O(|a|·|b|) time and two rows of memory.
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
