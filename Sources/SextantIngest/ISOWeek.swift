/// Recently read dates and their ISO weeks, for ``ISOWeek/week(_:cache:)``: a direct-mapped table
/// keyed by the ten bytes `YYYY-MM-DD` as written (logs cover a few years, so nearly every date is
/// a hit, and a hit needs no parsing of the date).
struct WeekCache {
    static let size = 4096
    /// The bytes 0–7 and 8–9 of each slot's date, and its week code (0: an empty slot).
    var keys = [UInt64](repeating: 0, count: size)
    var tails = [UInt16](repeating: 0, count: size)
    var weeks = [Int32](repeating: 0, count: size)

    @inline(__always)
    static func slot(_ key: UInt64, _ tail: UInt16) -> Int {
        Int(truncatingIfNeeded: ((key ^ UInt64(tail) &* 0x9E37_79B9) &* 0xBF58_476D_1CE4_E5B9) >> 52)
    }
}

/// ISO 8601 dates and their ISO weeks.
enum ISOWeek {
    /// The ISO week (Monday start) of an ISO 8601 date or date-time, as year·100 + week
    /// (`2026-W14` is 202614), from the calendar date as written (a time zone offset does not move
    /// it). Accepts `YYYY-MM-DD` from 0001-01-01 to 9999-12-31, optionally followed by `T` or a
    /// space and a time `HH:MM[:SS[.fff]]` with an optional `Z` or `±HH:MM` offset. Nil when the
    /// text is not such a date (year 0000 included: it has no ISO week of a four-digit year).
    static func week(_ raw: UnsafeRawBufferPointer) -> Int32? {
        var cache = WeekCache()
        return week(raw, cache: &cache)
    }

    /// As ``week(_:)``, remembering recent days in `cache`.
    static func week(_ raw: UnsafeRawBufferPointer, cache: inout WeekCache) -> Int32? {
        let bytes = Values.trimmed(raw)
        guard bytes.count >= 10 else { return nil }
        let key = bytes.loadUnaligned(as: UInt64.self)
        let tail = bytes.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
        let slot = WeekCache.slot(key, tail)
        if cache.weeks[slot] != 0, cache.keys[slot] == key, cache.tails[slot] == tail {
            guard bytes.count == 10 || validTime(Values.part(bytes, 10, bytes.count)) else { return nil }
            return cache.weeks[slot]
        }
        func digits(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for i in from..<(from + count) {
                guard i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 else { return nil }
                value = value * 10 + Int(bytes[i] - 0x30)
            }
            return value
        }
        guard let year = digits(0, 4), year >= 1, bytes[4] == UInt8(ascii: "-"), let month = digits(5, 2),
            bytes[7] == UInt8(ascii: "-"),
            let day = digits(8, 2), (1...12).contains(month), day >= 1, day <= daysInMonth(year, month)
        else { return nil }
        if bytes.count > 10 {
            guard validTime(Values.part(bytes, 10, bytes.count)) else { return nil }
        }
        let code = week(days: daysFromCivil(year, month, day))
        cache.keys[slot] = key
        cache.tails[slot] = tail
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

    /// `2026-W14` for 202614; the year in four digits (`0001-W01`), so that labels sort as weeks.
    static func label(_ code: Int32) -> String {
        let year = String(code / 100)
        let week = Int(code % 100)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-W" + (week < 10 ? "0\(week)" : "\(week)")
    }

    /// The code of an ISO week label `YYYY-Www` (any case), years 0001 to 9999; nil when it is not
    /// one, or names a week 53 in a year of 52 weeks.
    static func code(label text: String) -> Int32? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 8, utf8[4] == UInt8(ascii: "-"), utf8[5] | 0x20 == UInt8(ascii: "w"),
            let year = Int(String(decoding: utf8[0..<4], as: UTF8.self)), utf8[0..<4].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let week = Int(String(decoding: utf8[6..<8], as: UTF8.self)), utf8[6..<8].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            year >= 1, week >= 1, week <= weeks(in: year)
        else { return nil }
        return Int32(year * 100 + week)
    }

    /// The number of ISO weeks of `year`: 53 when it starts on a Thursday, or is a leap year
    /// starting on a Wednesday; 52 otherwise.
    static func weeks(in year: Int) -> Int {
        // December 28th is always in the last ISO week of its year.
        Int(week(days: daysFromCivil(year, 12, 28)) % 100)
    }

    private static func validTime(_ bytes: UnsafeRawBufferPointer) -> Bool {
        // The usual `THH:MM:SSZ` first, without the general parse.
        if bytes.count == 10, bytes[0] == UInt8(ascii: "T"), bytes[3] == UInt8(ascii: ":"), bytes[6] == UInt8(ascii: ":"),
            bytes[9] == UInt8(ascii: "Z")
        {
            let d = (bytes[1] &- 0x30, bytes[2] &- 0x30, bytes[4] &- 0x30, bytes[5] &- 0x30, bytes[7] &- 0x30, bytes[8] &- 0x30)
            guard d.0 < 10, d.1 < 10, d.2 < 10, d.3 < 10, d.4 < 10, d.5 < 10 else { return false }
            return d.0 * 10 + d.1 < 24 && d.2 < 6 && d.4 * 10 + d.5 <= 60
        }
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
