/// A JSON value of one line of a JSON Lines log: what a session's keys can hold.
enum JSONLineValue: Equatable {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([JSONLineValue])
    case object

    /// The kind, for messages ("found a number, expected a string").
    var kind: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// Parses one line of JSON Lines: an object whose top-level keys are reported to a callback.
///
/// Values of keys the caller does not want are still parsed (so that the line is valid JSON) but
/// not kept: objects nested in them become `.object`.
struct JSONLineParser {
    private let bytes: UnsafeRawBufferPointer
    private var p = 0

    /// A syntax error at a byte offset of the line.
    struct SyntaxError: Error {
        let offset: Int
        let message: String
    }

    /// A key that appears twice in one object (RFC 8259 leaves the meaning open, so it is refused),
    /// at the byte offset of its second occurrence.
    struct RepeatedKey: Error {
        let offset: Int
        let key: String
    }

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Calls `member` with each top-level key and value, in order.
    mutating func parseObject(_ member: (String, Int, JSONLineValue) throws -> Void) throws {
        skipSpace()
        guard p < bytes.count, bytes[p] == UInt8(ascii: "{") else {
            let found = p < bytes.count ? try describeValueAhead() : "nothing"
            throw SyntaxError(offset: p, message: "found \(found); expected a JSON object ({…}) on each line")
        }
        try parseMembers(depth: 0, member)
        try expectEnd()
    }

    /// Parses `{…}` from the opening brace, calling `member` with each key, the value's offset and
    /// the value. A key repeated within the object is a ``RepeatedKey``.
    private mutating func parseMembers(depth: Int, _ member: (String, Int, JSONLineValue) throws -> Void) throws {
        p += 1
        skipSpace()
        if peek(UInt8(ascii: "}")) {
            p += 1
            return
        }
        // A log's objects have a dozen keys: a short list is searched; past 16 keys a set takes
        // over, so an object of a million keys costs linear time, not quadratic.
        var keys: [String] = []
        var keySet: Set<String> = []
        while true {
            skipSpace()
            guard peek(UInt8(ascii: "\"")) else { throw SyntaxError(offset: p, message: "expected a key in double quotes") }
            let keyOffset = p
            let key = try parseString()
            if keys.count < 16 {
                if keys.contains(key) { throw RepeatedKey(offset: keyOffset, key: key) }
                keys.append(key)
                if keys.count == 16 { keySet = Set(keys) }
            } else if !keySet.insert(key).inserted {
                throw RepeatedKey(offset: keyOffset, key: key)
            }
            skipSpace()
            guard peek(UInt8(ascii: ":")) else { throw SyntaxError(offset: p, message: "expected ':' after the key \"\(key)\"") }
            p += 1
            skipSpace()
            let valueOffset = p
            try member(key, valueOffset, try parseValue(depth: depth + 1))
            skipSpace()
            if peek(UInt8(ascii: ",")) {
                p += 1
                continue
            }
            if peek(UInt8(ascii: "}")) {
                p += 1
                return
            }
            throw SyntaxError(offset: p, message: "expected ',' or '}' in an object")
        }
    }

    private func describeValueAhead() throws -> String {
        var copy = self
        if let value = try? copy.parseValue(depth: 0) { return value.kind }
        return "text that is not JSON"
    }

    private mutating func expectEnd() throws {
        skipSpace()
        if p < bytes.count { throw SyntaxError(offset: p, message: "found text after the object; expected one object per line") }
    }

    private func peek(_ byte: UInt8) -> Bool { p < bytes.count && bytes[p] == byte }

    private mutating func skipSpace() {
        while p < bytes.count {
            let c = bytes[p]
            guard c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A else { return }
            p += 1
        }
    }

    private mutating func parseValue(depth: Int) throws -> JSONLineValue {
        guard depth < 64 else { throw SyntaxError(offset: p, message: "nested more than 64 levels deep") }
        guard p < bytes.count else { throw SyntaxError(offset: p, message: "expected a value") }
        switch bytes[p] {
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "{"):
            try parseMembers(depth: depth) { _, _, _ in }
            return .object
        case UInt8(ascii: "["):
            p += 1
            var items: [JSONLineValue] = []
            skipSpace()
            if peek(UInt8(ascii: "]")) {
                p += 1
                return .array(items)
            }
            while true {
                skipSpace()
                items.append(try parseValue(depth: depth + 1))
                skipSpace()
                if peek(UInt8(ascii: ",")) {
                    p += 1
                    continue
                }
                if peek(UInt8(ascii: "]")) {
                    p += 1
                    return .array(items)
                }
                throw SyntaxError(offset: p, message: "expected ',' or ']' in an array")
            }
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        default:
            throw SyntaxError(offset: p, message: "expected a JSON value")
        }
    }

    private mutating func literal(_ word: String) throws {
        for byte in word.utf8 {
            guard p < bytes.count, bytes[p] == byte else { throw SyntaxError(offset: p, message: "expected \(word)") }
            p += 1
        }
    }

    private mutating func parseNumber() throws -> String {
        let from = p
        func digits() -> Int {
            let start = p
            while p < bytes.count, bytes[p] >= UInt8(ascii: "0"), bytes[p] <= UInt8(ascii: "9") { p += 1 }
            return p - start
        }
        if peek(UInt8(ascii: "-")) { p += 1 }
        let integerStart = p
        let integerDigits = digits()
        guard integerDigits > 0 else { throw SyntaxError(offset: p, message: "expected digits in a number") }
        guard integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else {
            throw SyntaxError(offset: integerStart, message: "a number starts with 0 and more digits; expected no leading zeros")
        }
        if peek(UInt8(ascii: ".")) {
            p += 1
            guard digits() > 0 else { throw SyntaxError(offset: p, message: "expected digits after the decimal point") }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            p += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { p += 1 }
            guard digits() > 0 else { throw SyntaxError(offset: p, message: "expected digits in the exponent") }
        }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[from..<p]), as: UTF8.self)
    }

    private mutating func parseString() throws -> String {
        p += 1  // the opening quote
        var utf8: [UInt8] = []
        var from = p
        while true {
            guard p < bytes.count else {
                throw SyntaxError(offset: p, message: "a string is never closed; expected a closing quote")
            }
            let c = bytes[p]
            if c == UInt8(ascii: "\"") {
                utf8 += UnsafeRawBufferPointer(rebasing: bytes[from..<p])
                p += 1
                break
            }
            if c < 0x20 { throw SyntaxError(offset: p, message: "found a control character in a string; expected it escaped") }
            if c != UInt8(ascii: "\\") {
                p += 1
                continue
            }
            utf8 += UnsafeRawBufferPointer(rebasing: bytes[from..<p])
            p += 1
            guard p < bytes.count else { throw SyntaxError(offset: p, message: "a string ends inside an escape") }
            let escape = bytes[p]
            p += 1
            switch escape {
            case UInt8(ascii: "\""): utf8.append(0x22)
            case UInt8(ascii: "\\"): utf8.append(0x5C)
            case UInt8(ascii: "/"): utf8.append(0x2F)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard p + 1 < bytes.count, bytes[p] == UInt8(ascii: "\\"), bytes[p + 1] == UInt8(ascii: "u") else {
                        throw SyntaxError(offset: p, message: "a lone UTF-16 surrogate in a \\u escape")
                    }
                    p += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else {
                        throw SyntaxError(offset: p, message: "an invalid UTF-16 surrogate pair")
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw SyntaxError(offset: p, message: "a lone UTF-16 surrogate in a \\u escape")
                }
                utf8 += Array(String(Character(Unicode.Scalar(scalar)!)).utf8)
            default:
                throw SyntaxError(offset: p - 1, message: "an unknown escape \\\(Character(Unicode.Scalar(escape)))")
            }
            from = p
        }
        guard let string = String(validating: utf8, as: UTF8.self) else {
            throw SyntaxError(offset: from, message: "a string is not valid UTF-8")
        }
        return string
    }

    private mutating func hex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard p < bytes.count, let digit = Self.hexValue(bytes[p]) else {
                throw SyntaxError(offset: p, message: "expected four hexadecimal digits after \\u")
            }
            value = value << 4 | digit
            p += 1
        }
        return value
    }

    private static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(c - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
