import SextantModel
import Yams

/// Writes YAML in block style, line by line, with comments at key paths: the writing half of
/// ``YAMLDocument`` and ``YAMLComments``, so that what it writes reads back to the same values and
/// comments.
struct YAMLWriter {
    private(set) var text = ""
    let comments: [FieldPath: ScenarioFile.Comment]

    init(comments: [FieldPath: ScenarioFile.Comment]) { self.comments = comments }

    /// Comment lines, at an indentation.
    mutating func commentLines(_ lines: [String], indent: Int) {
        for line in lines.flatMap({ $0.split(separator: "\n", omittingEmptySubsequences: false) }) {
            let body = Self.commentText(line)
            text += String(repeating: " ", count: indent) + (body.isEmpty ? "#" : "# \(body)") + "\n"
        }
    }

    /// One line: `key: value`, or `key:` before a block, with the comments of `path` (and, for the
    /// first key of a list entry, the entry's, written above the dash).
    mutating func line(_ key: String, _ value: String?, at path: FieldPath, indent: Int, entry: FieldPath? = nil) {
        let entryComment = entry.flatMap { comments[$0] }
        let comment = comments[path]
        commentLines((entryComment?.above ?? []) + (comment?.above ?? []), indent: indent)
        var line = String(repeating: " ", count: indent) + (entry == nil ? "" : "- ") + key + ":"
        if let value { line += " \(value)" }
        text += line + Self.trailing(comment?.trailing ?? entryComment?.trailing) + "\n"
    }

    /// A scalar list entry: `- value`, with the comments of `path`.
    mutating func item(_ value: String, at path: FieldPath, indent: Int) {
        let comment = comments[path]
        commentLines(comment?.above ?? [], indent: indent)
        let line = String(repeating: " ", count: indent) + "- " + value
        text += line + Self.trailing(comment?.trailing) + "\n"
    }

    /// A list entry with nothing in it.
    mutating func emptyEntry(at path: FieldPath, indent: Int) {
        commentLines(comments[path]?.above ?? [], indent: indent)
        text += String(repeating: " ", count: indent) + "- {}\n"
    }

    /// `  # comment` after a value, or nothing.
    private static func trailing(_ comment: String?) -> String {
        comment.map { "  # \(commentText(Substring($0)).replacingNewlines)" } ?? ""
    }

    /// Whether a comment stands anywhere below `path` (such a mapping is written in block style, so
    /// that each of its comments has a line).
    func hasComments(below path: FieldPath) -> Bool {
        comments.keys.contains { $0 != path && $0.hasPrefix(path) }
    }

    /// Text as a scalar: plain when YAML reads it back as the same text, double-quoted otherwise.
    static func scalar(_ text: String) -> String {
        isPlain(text) ? text : quoted(text)
    }

    /// Plain only for ASCII letters, digits and `-_./()+` with inner spaces, starting with a letter,
    /// digit or `_`, that YAML does not read as a boolean, number, date or nothing.
    static func isPlain(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last, last != " " else { return false }
        func isAlphanumeric(_ s: Unicode.Scalar) -> Bool { s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s)) }
        guard isAlphanumeric(first) || first == "_" else { return false }
        guard scalars.allSatisfy({ isAlphanumeric($0) || "-_./()+ ".unicodeScalars.contains($0) }) else { return false }
        return Resolver.default.resolveTag(of: Node(text)) == .str
    }

    /// A double-quoted scalar: `\` and `"` escaped, and every character YAML would not keep as it is
    /// (line breaks, tabs, control characters, byte-order marks) as an escape.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{85}": out += "\\N"
            case "\u{2028}": out += "\\L"
            case "\u{2029}": out += "\\P"
            default:
                if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value <= 0xFF {
                    out += "\\x" + hex(scalar.value, 2)
                } else {
                    out += "\\u" + hex(scalar.value, 4)
                }
            }
        }
        return out + "\""
    }

    /// What YAML keeps as it is inside a scalar (YAML 1.1 `c-printable`, less the byte-order mark).
    static func isPrintable(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x20...0x7E, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: s.value != 0xFEFF
        default: false
        }
    }

    private static func hex(_ value: UInt32, _ digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// A comment's text with what a comment cannot hold (control characters) replaced by spaces.
    private static func commentText(_ line: Substring) -> String {
        String(String.UnicodeScalarView(line.unicodeScalars.map { isPrintable($0) || $0 == "\t" || $0 == "\n" ? $0 : " " }))
            .trimmingTrailingSpaces
    }

    /// A number in the shortest form that reads back to the same `Double` (`3`, `0.05`, `1e-07`).
    static func number(_ value: Double) -> String { value.shown }

    /// `{key: value, …}`.
    static func flowMapping(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// `[a, b]`.
    static func flowList(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }

    fileprivate var replacingNewlines: String { String(map { $0 == "\n" ? " " : $0 }) }
}
