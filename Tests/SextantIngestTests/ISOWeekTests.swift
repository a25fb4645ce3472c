import Testing

@testable import SextantIngest

@Suite("ISO weeks")
struct ISOWeekTests {
    private func week(_ text: String) -> String? {
        var copy = text
        return copy.withUTF8 { ISOWeek.week(UnsafeRawBufferPointer($0)) }.map(ISOWeek.label)
    }

    /// Reference values from Python's `date.isocalendar()`.
    @Test(
        "ISO weeks of dates and date-times match Python's isocalendar()",
        arguments: [
            ("2026-01-01", "2026-W01"), ("2027-01-01", "2026-W53"), ("2024-12-30", "2025-W01"), ("2021-01-03", "2020-W53"),
            ("2026-03-30T14:05:00Z", "2026-W14"), ("2026-03-29 23:59:59+02:00", "2026-W13"), ("2000-02-29", "2000-W09"),
            ("2026-06-15T08:00:00.123456-05:00", "2026-W25"),
        ])
    func weeks(text: String, expected: String) {
        #expect(week(text) == expected)
    }

    @Test(
        "malformed dates are rejected",
        arguments: ["2026-02-30", "2026-13-01", "26-01-01", "2026/01/01", "2026-01-01T25:00", "2026-01-01Tnoon", "yesterday", ""])
    func rejected(text: String) {
        #expect(week(text) == nil)
    }
}
