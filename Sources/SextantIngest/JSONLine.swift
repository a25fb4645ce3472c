// This file is a little over 400 lines on purpose: it is one parser, whose parts (objects,
// arrays, strings and their escapes, numbers, the repeated-key check) share its private position
// in the line; the values and the scratch buffer they point into are apart, in
// JSONLineStorage.swift.

/// Parses one line of JSON Lines: an object whose top-level keys are reported to a callback.
///
/// Every value is checked (so that the line is valid JSON: numbers, escapes, surrogate pairs,
/// UTF-8, nesting up to 64 levels, each key once per object) but none is copied: a value is where
/// its bytes are (``JSONLineValue``); only strings with escapes are decoded, into the
/// ``JSONScratch``. Keys are compared byte for byte (code point by code point).
struct JSONLineParser {
    private let bytes: UnsafePointer<UInt8>
    private let count: Int
    private let scratch: JSONScratch
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

    /// A parser of `line`, decoding into `scratch` (which it resets).
    init(_ line: UnsafeRawBufferPointer, scratch: JSONScratch) {
        bytes = line.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) } ?? UnsafePointer(scratch.base)
        count = line.count
        self.scratch = scratch
        scratch.reset()
    }

    /// A parser of an array that a parser of the same line has checked already (from its `[`), to
    /// go through its items; decodes into the end of `scratch` without resetting it.
    private init(array: UnsafePointer<UInt8>, count: Int, scratch: JSONScratch) {
        bytes = array
        self.count = count
        self.scratch = scratch
    }

    /// Calls `member` with each top-level key's bytes and its value, in order.
    mutating func parseObject(_ member: (UnsafeRawBufferPointer, JSONLineValue) throws -> Void) throws {
        try parseObject(keys: nil) { key, _, value in try member(key, value) }
    }

    /// Calls `member` with the index in `keys` and the value of each top-level key that `keys`
    /// holds, in order (the other keys are checked, not reported).
    mutating func parseObject(keys: JSONKeyTable, _ member: (Int, JSONLineValue) throws -> Void) throws {
        try parseObject(keys: keys as JSONKeyTable?) { _, index, value in if index >= 0 { try member(index, value) } }
    }

    private mutating func parseObject(
        keys: JSONKeyTable?, _ member: (UnsafeRawBufferPointer, Int, JSONLineValue) throws -> Void
    ) throws {
        skipSpace()
        guard p < count, bytes[p] == UInt8(ascii: "{") else {
            let found = p < count ? try describeValueAhead() : "nothing"
            throw SyntaxError(offset: p, message: "found \(found); expected a JSON object ({…}) on each line")
        }
        try parseMembers(depth: 0, keys: keys, member)
        try expectEnd()
    }

    /// Calls `item` with each item of an array value of a line parsed by a parser of `scratch`:
    /// a string's bytes, or nil and the kind of an item that is not a string.
    static func forEachItem(
        of array: JSONLineValue, in line: UnsafeRawBufferPointer, scratch: JSONScratch,
        _ item: (UnsafeRawBufferPointer?, JSONLineValue) throws(IngestError) -> Void
    ) throws(IngestError) {
        guard array.kind == .array, let base = line.baseAddress else { return }
        var parser = JSONLineParser(
            array: base.assumingMemoryBound(to: UInt8.self) + array.start, count: array.count, scratch: scratch)
        let mark = scratch.count
        defer { scratch.truncate(to: mark) }
        parser.p = 1
        while true {
            parser.skipSpace()
            guard parser.p < parser.count, parser.bytes[parser.p] != UInt8(ascii: "]") else { return }
            // The array was checked when the line was parsed: its items parse again without error.
            guard let value = try? parser.parseValue(depth: 1) else { return }
            if value.kind == .string {
                try item(UnsafeRawBufferPointer(start: parser.pointer(value), count: value.count), value)
            } else {
                try item(nil, value)
            }
            parser.skipSpace()
            if parser.p < parser.count, parser.bytes[parser.p] == UInt8(ascii: ",") { parser.p += 1 }
        }
    }

    /// Where a string value's bytes are.
    private func pointer(_ value: JSONLineValue) -> UnsafePointer<UInt8> {
        value.inScratch ? UnsafePointer(scratch.base + value.start) : bytes + value.start
    }

    /// Parses `{…}` from the opening brace, calling `member` with each key, its index in `keys`
    /// (-1 when not there) and its value. A key repeated within the object is a ``RepeatedKey``.
    private mutating func parseMembers(
        depth: Int, keys table: JSONKeyTable? = nil, _ member: (UnsafeRawBufferPointer, Int, JSONLineValue) throws -> Void
    ) throws {
        p += 1
        skipSpace()
        if peek(UInt8(ascii: "}")) {
            p += 1
            return
        }
        // Keys of the table are told apart by their index. Others (a log's objects have a dozen
        // keys) are searched in a short list; past 16 keys a set takes over, so an object of a
        // million keys costs linear time, not quadratic.
        var seen: UInt64 = 0
        var position = 0
        let firstKey = scratch.keyCount
        defer { scratch.keyCount = firstKey }
        var keySet: Set<[UInt8]>?
        while true {
            skipSpace()
            guard peek(UInt8(ascii: "\"")) else { throw SyntaxError(offset: p, message: "expected a key in double quotes") }
            let key = try parseString()
            let keyBytes = bytes(of: key)
            let index = table?.index(of: pointer(key), count: key.count, position: position) ?? -1
            position += 1
            if index >= 0 {
                guard seen & 1 << index == 0 else {
                    throw RepeatedKey(offset: key.offset, key: String(decoding: keyBytes, as: UTF8.self))
                }
                seen |= 1 << index
            } else if keySet == nil {
                for i in firstKey..<scratch.keyCount {
                    let other = scratch.keys[i]
                    if other.count == key.count, Self.equal(pointer(other), pointer(key), count: key.count) {
                        throw RepeatedKey(offset: key.offset, key: String(decoding: keyBytes, as: UTF8.self))
                    }
                }
                scratch.keys[scratch.keyCount] = key
                scratch.keyCount += 1
                if scratch.keyCount - firstKey == 16 {
                    keySet = Set((firstKey..<scratch.keyCount).map { Array(bytes(of: scratch.keys[$0])) })
                }
            } else if keySet?.insert(Array(keyBytes)).inserted == false {
                throw RepeatedKey(offset: key.offset, key: String(decoding: keyBytes, as: UTF8.self))
            }
            skipSpace()
            guard peek(UInt8(ascii: ":")) else {
                throw SyntaxError(
                    offset: p, message: "expected ':' after the key \"\(String(decoding: keyBytes, as: UTF8.self))\"")
            }
            p += 1
            skipSpace()
            let value = try parseValue(depth: depth + 1)
            try member(UnsafeRawBufferPointer(start: pointer(key), count: key.count), index, value)
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

    private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, count: Int) -> Bool {
        for i in 0..<count where a[i] != b[i] { return false }
        return true
    }

    private func bytes(of value: JSONLineValue) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: pointer(value), count: value.count)
    }

    private func describeValueAhead() throws -> String {
        var copy = self
        let mark = scratch.count
        defer { scratch.truncate(to: mark) }
        if let value = try? copy.parseValue(depth: 0) { return value.description }
        return "text that is not JSON"
    }

    private mutating func expectEnd() throws {
        skipSpace()
        if p < count { throw SyntaxError(offset: p, message: "found text after the object; expected one object per line") }
    }

    @inline(__always)
    private func peek(_ byte: UInt8) -> Bool { p < count && bytes[p] == byte }

    @inline(__always)
    private mutating func skipSpace() {
        while p < count {
            let c = bytes[p]
            guard c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A else { return }
            p += 1
        }
    }

    private mutating func parseValue(depth: Int) throws -> JSONLineValue {
        guard depth < 64 else { throw SyntaxError(offset: p, message: "nested more than 64 levels deep") }
        guard p < count else { throw SyntaxError(offset: p, message: "expected a value") }
        let offset = p
        switch bytes[p] {
        case UInt8(ascii: "\""):
            return try parseString()
        case UInt8(ascii: "{"):
            try parseMembers(depth: depth) { _, _, _ in }
            return JSONLineValue(kind: .object, offset: offset, start: offset, count: p - offset)
        case UInt8(ascii: "["):
            p += 1
            skipSpace()
            if !peek(UInt8(ascii: "]")) {
                while true {
                    skipSpace()
                    _ = try parseValue(depth: depth + 1)
                    skipSpace()
                    if peek(UInt8(ascii: ",")) {
                        p += 1
                        continue
                    }
                    if peek(UInt8(ascii: "]")) { break }
                    throw SyntaxError(offset: p, message: "expected ',' or ']' in an array")
                }
            }
            p += 1
            return JSONLineValue(kind: .array, offset: offset, start: offset, count: p - offset)
        case UInt8(ascii: "t"):
            try literal("true")
            return JSONLineValue(kind: .bool, bool: true, offset: offset, start: offset, count: 4)
        case UInt8(ascii: "f"):
            try literal("false")
            return JSONLineValue(kind: .bool, bool: false, offset: offset, start: offset, count: 5)
        case UInt8(ascii: "n"):
            try literal("null")
            return JSONLineValue(kind: .null, offset: offset, start: offset, count: 4)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try parseNumber()
            return JSONLineValue(kind: .number, offset: offset, start: offset, count: p - offset)
        default:
            throw SyntaxError(offset: p, message: "expected a JSON value")
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let letters = word.utf8Start
        for i in 0..<word.utf8CodeUnitCount {
            guard p < count, bytes[p] == letters[i] else { throw SyntaxError(offset: p, message: "expected \(word)") }
            p += 1
        }
    }

    private mutating func parseNumber() throws {
        func digits() -> Int {
            let start = p
            while p < count, bytes[p] &- UInt8(ascii: "0") < 10 { p += 1 }
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
    }

    /// Whether any of 8 bytes is a quote, a backslash, a control character or not ASCII: what
    /// stops the scan of a string's plain bytes.
    @inline(__always)
    private static func hasStop(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // A byte below n sets its high bit in (x - n) & ~x (for n ≤ 0x80; a borrow may also mark
        // bytes after a marked one, which only sends the scan to its byte-by-byte loop sooner).
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let quotes = (quote &- ones) & ~quote
        let backslashes = (backslash &- ones) & ~backslash
        let controls = (word &- ones &* 0x20) & ~word
        return (quotes | backslashes | controls | word) & highs != 0
    }

    /// Parses a string from its opening quote: its content stays where it is in the line when it
    /// has no escapes, and is decoded to the end of the scratch buffer when it has.
    private mutating func parseString() throws -> JSONLineValue {
        let offset = p
        p += 1  // the opening quote
        let contentStart = p
        var from = p
        var decodedStart = -1  // where the decoded bytes start in the scratch buffer, once an escape comes
        var highBytes = false
        while true {
            while p + 8 <= count, !Self.hasStop(UnsafeRawPointer(bytes + p).loadUnaligned(as: UInt64.self)) { p += 8 }
            while p < count {
                let c = bytes[p]
                guard c != UInt8(ascii: "\""), c != UInt8(ascii: "\\"), c >= 0x20 else { break }
                if c >= 0x80 { highBytes = true }
                p += 1
            }
            guard p < count else {
                throw SyntaxError(offset: p, message: "a string is never closed; expected a closing quote")
            }
            let c = bytes[p]
            if c == UInt8(ascii: "\"") {
                if decodedStart >= 0 { scratch.append(bytes + from, count: p - from) }
                p += 1
                break
            }
            if c < 0x20 { throw SyntaxError(offset: p, message: "found a control character in a string; expected it escaped") }
            if decodedStart < 0 { decodedStart = scratch.count }
            scratch.append(bytes + from, count: p - from)
            p += 1
            guard p < count else { throw SyntaxError(offset: p, message: "a string ends inside an escape") }
            let escape = bytes[p]
            p += 1
            switch escape {
            case UInt8(ascii: "\""): scratch.append(0x22)
            case UInt8(ascii: "\\"): scratch.append(0x5C)
            case UInt8(ascii: "/"): scratch.append(0x2F)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard p + 1 < count, bytes[p] == UInt8(ascii: "\\"), bytes[p + 1] == UInt8(ascii: "u") else {
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
                appendUTF8(scalar)
            default:
                throw SyntaxError(offset: p - 1, message: "an unknown escape \\\(Character(Unicode.Scalar(escape)))")
            }
            from = p
        }
        // Escapes decode to whole characters: the raw bytes are valid UTF-8 exactly when the decoded ones are.
        if highBytes, !Self.isValidUTF8(bytes + contentStart, count: p - 1 - contentStart) {
            throw SyntaxError(offset: from, message: "a string is not valid UTF-8")
        }
        if decodedStart >= 0 {
            return JSONLineValue(
                kind: .string, inScratch: true, offset: offset, start: decodedStart, count: scratch.count - decodedStart)
        }
        return JSONLineValue(kind: .string, offset: offset, start: contentStart, count: p - 1 - contentStart)
    }

    /// Appends the UTF-8 encoding of a Unicode scalar value (not a surrogate) to the scratch buffer.
    private func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case ..<0x80:
            scratch.append(UInt8(scalar))
        case ..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Whether `count` bytes are valid UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
    private static func isValidUTF8(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        var iterator = UnsafeBufferPointer(start: bytes, count: count).makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    private mutating func hex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard p < count, let digit = Self.hexValue(bytes[p]) else {
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
