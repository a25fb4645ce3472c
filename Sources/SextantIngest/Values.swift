import SextantModel

/// Parsing the values of a log's cells: text in, typed values out, with the message for a bad one.
enum Values {
    /// A 64-bit hash of a byte string (a multiply-mix over 8-byte words), fixed-seeded so that runs
    /// are reproducible. Used to fingerprint session ids and to intern text.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        @inline(__always) func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
            let product = a.multipliedFullWidth(by: b)
            return product.high ^ product.low
        }
        let count = bytes.count
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ (UInt64(count) &* 0x9E37_79B9_7F4A_7C15)
        var i = 0
        while i + 8 <= count {
            h = mix(h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self), 0xA076_1D64_78BD_642F)
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < count {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        h = mix(h ^ tail ^ 0xE703_7ED1_A0B4_28DB, 0x8EBC_6AF0_9C88_C6E3)
        return mix(h, 0x5899_65CC_7537_4CC3) ^ h
    }

    /// The bytes without leading and trailing spaces and tabs.
    @inline(__always)
    static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var from = 0
        var to = bytes.count
        while from < to, bytes[from] == 0x20 || bytes[from] == 0x09 { from += 1 }
        while to > from, bytes[to - 1] == 0x20 || bytes[to - 1] == 0x09 { to -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[from..<to])
    }

    /// Whether the bytes are valid UTF-8 (ASCII is checked fast).
    @inline(__always)
    static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var ascii = true
        for byte in bytes where byte >= 0x80 {
            ascii = false
            break
        }
        return ascii || String(validating: bytes, as: UTF8.self) != nil
    }

    static func equals(_ bytes: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        let pointer = text.utf8Start
        for i in 0..<bytes.count where bytes[i] != pointer[i] { return false }
        return true
    }

    /// `true`/`false`, `1`/`0`, `yes`/`no`, `t`/`f`, `y`/`n` (any case); empty is false.
    @inline(__always)
    static func boolean(_ raw: UnsafeRawBufferPointer) -> Bool? {
        let bytes = trimmed(raw)
        if bytes.isEmpty { return false }
        guard bytes.count <= 5 else { return nil }
        // ASCII lower case, packed into one word.
        var word: UInt64 = 0
        for (i, byte) in bytes.enumerated() {
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            word |= UInt64(lower) << (8 * UInt64(i))
        }
        if Self.trueWords.contains(word) { return true }
        if Self.falseWords.contains(word) { return false }
        return nil
    }

    private static let trueWords: [UInt64] = ["true", "1", "yes", "y", "t"].map(packed)
    private static let falseWords: [UInt64] = ["false", "0", "no", "n", "f"].map(packed)

    private static func packed(_ text: String) -> UInt64 {
        var word: UInt64 = 0
        for (i, byte) in text.utf8.enumerated() { word |= UInt64(byte) << (8 * UInt64(i)) }
        return word
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

    /// Calls `body` with each `;`-separated item, trimmed, skipping empty items.
    @inline(__always)
    static func forEachItem(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws(IngestError) -> Void)
        throws(IngestError)
    {
        var from = 0
        var i = 0
        while i <= bytes.count {
            if i == bytes.count || bytes[i] == UInt8(ascii: ";") {
                let item = trimmed(UnsafeRawBufferPointer(rebasing: bytes[from..<i]))
                if !item.isEmpty { try body(item) }
                from = i + 1
            }
            i += 1
        }
    }

    /// A printable rendering of a value for a message: at most 40 characters, quoted.
    static func quoted(_ bytes: UnsafeRawBufferPointer) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return "\"" + (text.count > 40 ? String(text.prefix(40)) + "…" : text) + "\""
    }
}

/// Recently computed ISO weeks by day, for ``ISOWeek/week(_:cache:)``.
struct WeekCache {
    static let size = 2048
    var days = [Int](repeating: Int.min, count: size)
    var weeks = [Int32](repeating: 0, count: size)
}

/// ISO 8601 dates and their ISO weeks.
enum ISOWeek {
    /// The ISO week (Monday start) of an ISO 8601 date or date-time, as year·100 + week
    /// (`2026-W14` is 202614), from the calendar date as written (a time zone offset does not move
    /// it). Accepts `YYYY-MM-DD`, optionally followed by `T` or a space and a time
    /// `HH:MM[:SS[.fff]]` with an optional `Z` or `±HH:MM` offset. Nil when the text is not such a date.
    static func week(_ raw: UnsafeRawBufferPointer) -> Int32? {
        var cache = WeekCache()
        return week(raw, cache: &cache)
    }

    /// As ``week(_:)``, remembering recent days in `cache`.
    static func week(_ raw: UnsafeRawBufferPointer, cache: inout WeekCache) -> Int32? {
        let bytes = Values.trimmed(raw)
        guard bytes.count >= 10 else { return nil }
        func digits(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for i in from..<(from + count) {
                guard i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 else { return nil }
                value = value * 10 + Int(bytes[i] - 0x30)
            }
            return value
        }
        guard let year = digits(0, 4), bytes[4] == UInt8(ascii: "-"), let month = digits(5, 2), bytes[7] == UInt8(ascii: "-"),
            let day = digits(8, 2), (1...12).contains(month), day >= 1, day <= daysInMonth(year, month)
        else { return nil }
        if bytes.count > 10 {
            guard validTime(UnsafeRawBufferPointer(rebasing: bytes[10...])) else { return nil }
        }
        return week(days: daysFromCivil(year, month, day), cache: &cache)
    }

    /// The ISO week code of a day (days since 1970-01-01), through a small direct-mapped cache
    /// (logs cover a few years, so nearly every day is a hit).
    static func week(days: Int, cache: inout WeekCache) -> Int32 {
        let slot = days & (WeekCache.size - 1)
        if cache.days[slot] == days { return cache.weeks[slot] }
        let code = week(days: days)
        cache.days[slot] = days
        cache.weeks[slot] = code
        return code
    }

    /// The ISO week code of a day (days since 1970-01-01).
    static func week(days: Int) -> Int32 {
        let weekday = ((days % 7) + 7 + 3) % 7  // 0 = Monday; 1970-01-01 was a Thursday
        let thursday = days - weekday + 3
        let (isoYear, _, _) = civilFromDays(thursday)
        let week = (thursday - daysFromCivil(isoYear, 1, 1)) / 7 + 1
        return Int32(isoYear * 100 + week)
    }

    /// `2026-W14` for 202614.
    static func label(_ code: Int32) -> String {
        let week = Int(code % 100)
        return "\(code / 100)-W" + (week < 10 ? "0\(week)" : "\(week)")
    }

    private static func validTime(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 6, bytes[0] == UInt8(ascii: "T") || bytes[0] == UInt8(ascii: "t") || bytes[0] == 0x20 else {
            return false
        }
        var i = 1
        func two() -> Int? {
            guard i + 1 < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39, bytes[i + 1] >= 0x30, bytes[i + 1] <= 0x39 else {
                return nil
            }
            defer { i += 2 }
            return Int(bytes[i] - 0x30) * 10 + Int(bytes[i + 1] - 0x30)
        }
        guard let hour = two(), hour < 24, i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return false }
        i += 1
        guard let minute = two(), minute < 60 else { return false }
        if i < bytes.count, bytes[i] == UInt8(ascii: ":") {
            i += 1
            guard let second = two(), second <= 60 else { return false }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: ",") {
                i += 1
                let start = i
                while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
                guard i > start else { return false }
            }
        }
        if i == bytes.count { return true }
        if bytes[i] == UInt8(ascii: "Z") || bytes[i] == UInt8(ascii: "z") { return i + 1 == bytes.count }
        guard bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") else { return false }
        i += 1
        guard let offsetHours = two(), offsetHours < 24 else { return false }
        if i < bytes.count, bytes[i] == UInt8(ascii: ":") { i += 1 }
        guard let offsetMinutes = two(), offsetMinutes < 60 else { return false }
        return i == bytes.count
    }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let year = m <= 2 ? y - 1 : y
        let era = (year >= 0 ? year : year - 399) / 400
        let yoe = year - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
