import SextantModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A session id's 128-bit fingerprint (see ``Values/fingerprint(_:)``).
struct Fingerprint: Hashable, Comparable {
    var high: UInt64
    var low: UInt64

    static func < (lhs: Fingerprint, rhs: Fingerprint) -> Bool { (lhs.high, lhs.low) < (rhs.high, rhs.low) }
}

/// The rules for a log's values, whatever the format: trimming, booleans, severities, lists,
/// UTF-8, and the fingerprint of a session id. ``SessionDecoder`` applies them to every row.
enum Values {
    /// A 64-bit hash of a byte string (a multiply-mix over 8-byte words), to intern text. Its seed
    /// and key are drawn at random when the process starts, so that no input can be made of values
    /// that all collide (which would make interning them take quadratic time); ids do not depend
    /// on it, so neither does any output.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let keys = internKeys
        return hash(bytes, seed: keys.0, key: keys.1)
    }

    /// The keys of ``hash(_:)``: random, drawn once per process.
    private static let internKeys: (UInt64, UInt64) = {
        var random = SystemRandomNumberGenerator()
        return (random.next(), random.next() | 1)
    }()

    /// A random key drawn once per process, for hash tables of numbers (``ContributionTable``): no
    /// input can be made to collide in them.
    static let tableKey: UInt64 = {
        var random = SystemRandomNumberGenerator()
        return random.next()
    }()

    /// The keys of ``fingerprint(_:)``: random, drawn once per process.
    private static let fingerprintKeys: (UInt64, UInt64, UInt64, UInt64) = {
        var random = SystemRandomNumberGenerator()
        return (random.next(), random.next() | 1, random.next(), random.next() | 1)
    }()

    /// A session id's 128-bit fingerprint, to find repeated ids: two independent 64-bit halves,
    /// each a multiply-mix keyed (seed and multiplier) by numbers drawn at random when the process
    /// starts. Two different ids share a fingerprint with probability about 2⁻¹²⁸ — also when the
    /// ids were chosen to collide, as the keys are not known in advance. The fingerprint only tells
    /// ids apart, so output does not depend on the keys.
    @inline(__always)
    static func fingerprint(_ bytes: UnsafeRawBufferPointer) -> Fingerprint {
        let keys = fingerprintKeys
        return Fingerprint(high: hash(bytes, seed: keys.0, key: keys.1), low: hash(bytes, seed: keys.2, key: keys.3))
    }

    /// A multiply-mix hash of the bytes with its seed and key: each 8-byte word, then the tail, is
    /// mixed in by a full-width multiplication whose halves are folded.
    @inline(__always)
    private static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64, key: UInt64) -> UInt64 {
        @inline(__always) func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
            let product = a.multipliedFullWidth(by: b)
            return product.high ^ product.low
        }
        let count = bytes.count
        var h = seed ^ UInt64(count) &* 0x9E37_79B9_7F4A_7C15
        var i = 0
        while i + 8 <= count {
            h = mix(h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self), key)
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < count {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        h = mix(h ^ tail ^ 0xE703_7ED1_A0B4_28DB, key ^ 0x8EBC_6AF0_9C88_C6E3)
        return mix(h, 0x5899_65CC_7537_4CC3) ^ h
    }

    /// The bytes without leading and trailing ASCII whitespace (space, tab, line feed, vertical
    /// tab, form feed, carriage return): the one trimming rule for every value of every format.
    @inline(__always)
    static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        @inline(__always) func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte &- 0x09 < 5 }
        var from = 0
        var to = bytes.count
        while from < to, isSpace(bytes[from]) { from += 1 }
        while to > from, isSpace(bytes[to - 1]) { to -= 1 }
        return part(bytes, from, to)
    }

    /// Bytes `from..<to` of `bytes` (within its bounds), without a slice's checks.
    @inline(__always)
    static func part(_ bytes: UnsafeRawBufferPointer, _ from: Int, _ to: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: bytes.baseAddress.map { $0 + from }, count: to - from)
    }

    /// Whether the bytes are valid UTF-8 (ASCII is checked fast).
    @inline(__always)
    static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        // The high bits of all bytes, eight at a time: zero for ASCII.
        var high: UInt64 = 0
        var i = 0
        while i + 8 <= bytes.count {
            high |= bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < bytes.count {
            high |= UInt64(bytes[i])
            i += 1
        }
        return high & 0x8080_8080_8080_8080 == 0 || String(validating: bytes, as: UTF8.self) != nil
    }

    @inline(__always)
    static func equals(_ bytes: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
        bytes.count == text.utf8CodeUnitCount && (bytes.isEmpty || memcmp(bytes.baseAddress!, text.utf8Start, bytes.count) == 0)
    }

    /// `true`/`false`, `1`/`0`, `yes`/`no`, `t`/`f`, `y`/`n` (any case); empty is false.
    @inline(__always)
    static func boolean(_ raw: UnsafeRawBufferPointer) -> Bool? {
        let bytes = trimmed(raw)
        if bytes.isEmpty { return false }
        guard bytes.count <= 5 else { return nil }
        // ASCII lower case, packed into one word.
        var word: UInt64 = 0
        for i in 0..<bytes.count {
            let byte = bytes[i]
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            word |= UInt64(lower) << (8 * UInt64(i))
        }
        switch word {
        case 0x6573_6C61_66, 0x30, 0x6F6E, 0x6E, 0x66: return false  // false, 0, no, n, f
        case 0x6575_7274, 0x31, 0x7365_79, 0x79, 0x74: return true  // true, 1, yes, y, t
        default: return nil
        }
    }

    /// `P0`, `P1` or `P2` (any case).
    static func severity(_ raw: UnsafeRawBufferPointer) -> Severity? {
        let bytes = trimmed(raw)
        guard bytes.count == 2, bytes[0] == UInt8(ascii: "P") || bytes[0] == UInt8(ascii: "p") else { return nil }
        switch bytes[1] {
        case UInt8(ascii: "0"): return .p0
        case UInt8(ascii: "1"): return .p1
        case UInt8(ascii: "2"): return .p2
        default: return nil
        }
    }

    /// Calls `body` with each `;`-separated part of a text list, as it is (the decoder trims).
    @inline(__always)
    static func forEachPart(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws(IngestError) -> Void)
        throws(IngestError)
    {
        var from = 0
        var i = 0
        while i <= bytes.count {
            if i == bytes.count || bytes[i] == UInt8(ascii: ";") {
                try body(part(bytes, from, i))
                from = i + 1
            }
            i += 1
        }
    }

    /// A printable rendering of a value for a message: at most 40 characters, quoted.
    static func quoted(_ bytes: UnsafeRawBufferPointer) -> String { quoted(String(decoding: bytes, as: UTF8.self)) }

    /// A printable rendering of a value for a message: at most 40 characters, quoted.
    static func quoted(_ text: String) -> String { "\"" + (text.count > 40 ? String(text.prefix(40)) + "…" : text) + "\"" }
}
