/// A JSON value whose objects keep their keys in the order they were built, so that output is
/// stable and reads in a sensible order (count before total before rate…).
///
/// This is the JSON renderer: a report builds its JSON value from its own figures (the keys are a
/// stable interface), and ``serialized(pretty:)`` writes it.
public indirect enum JSON: Hashable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number.
    case int(Int)
    /// A whole number from 0 to 2^64 − 1, such as a seed, printed as it is.
    case unsigned(UInt64)
    /// A number; not finite is written `null`.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSON])
    /// An object whose members keep their order.
    case object([(String, JSON)])

    /// Whether two values serialize to the same text.
    public static func == (lhs: JSON, rhs: JSON) -> Bool { lhs.serialized() == rhs.serialized() }
    /// Hashes the serialized text.
    public func hash(into hasher: inout Hasher) { hasher.combine(serialized()) }

    /// A number, or null when it is nil or not finite.
    ///
    /// - Parameter value: the number.
    /// - Returns: ``number(_:)-swift.enum.case`` or ``null``.
    public static func number(_ value: Double?) -> JSON {
        guard let value, value.isFinite else { return .null }
        return .number(value)
    }

    /// The value as JSON text: pretty-printed with two-space indentation, or on one line.
    ///
    /// Doubles are written in their shortest round-tripping form (`0.74`, `1e-07`), so a value read
    /// back is the same `Double`.
    ///
    /// - Parameter pretty: whether to indent (the default) or write one line.
    /// - Returns: the JSON text, without a final line break.
    public func serialized(pretty: Bool = true) -> String {
        var out = ""
        write(to: &out, indent: pretty ? 0 : nil)
        return out
    }

    private func write(to out: inout String, indent: Int?) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .unsigned(let value): out += String(value)
        case .number(let value):
            if !value.isFinite {
                out += "null"
            } else if value == value.rounded(), abs(value) < 1e15 {
                out += String(Int(value))
            } else {
                out += "\(value)"
            }
        case .string(let value): Self.writeString(value, to: &out)
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                Self.newline(&out, indent.map { $0 + 1 })
                item.write(to: &out, indent: indent.map { $0 + 1 })
            }
            Self.newline(&out, indent)
            out += "]"
        case .object(let members):
            guard !members.isEmpty else {
                out += "{}"
                return
            }
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out += "," }
                Self.newline(&out, indent.map { $0 + 1 })
                Self.writeString(key, to: &out)
                out += indent == nil ? ":" : ": "
                value.write(to: &out, indent: indent.map { $0 + 1 })
            }
            Self.newline(&out, indent)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: Int?) {
        guard let indent else { return }
        out += "\n" + String(repeating: "  ", count: indent)
    }

    /// Writes a string literal: `"` and `\` escaped, LF, CR and tab as `\n`, `\r`, `\t`, and every
    /// other control character (C0, DEL and C1, which a terminal would act on) and every Unicode
    /// bidirectional control (which reorders what is shown) as `\u00XX` / `\u202e`, so that JSON
    /// printed on a terminal cannot drive it; a parser reads the same string back.
    private static func writeString(_ value: String, to out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.needsEscape:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
