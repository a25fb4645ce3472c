import Testing

@testable import SextantStats

@Suite("Intervals at billions of sessions")
struct HugeIntervalTests {
    /// Every method holds 1e-9 (relative), Clopper–Pearson and Jeffreys included: their upper bound
    /// at k = 1000 of n = 10^12 was once 3e-8 off (GSL's reflected continued fraction), which this
    /// fixture caught; the ₂F₁ series now covers that case.
    @Test("Wilson, Clopper–Pearson and Jeffreys at n = 2^32 + 1 and 10^12 agree with 50-digit mpmath references")
    func hugeN() throws {
        let fixture = try Fixture("huge_n_intervals.csv")
        #expect(fixture.rows.count == 66)
        for row in fixture.rows {
            let method = try #require(IntervalMethod(rawValue: row["method"] ?? ""))
            let interval = try method.interval(count: row.int("count"), total: row.int("total"), confidence: 0.95)
            for (bound, expected) in [(interval.lower, row.double("lower")), (interval.upper, row.double("upper"))] {
                #expect(relativeError(bound, expected) <= 1e-9, "\(row): got \(bound), expected \(expected)")
            }
            #expect(interval.lower <= interval.upper)
        }
    }
}
