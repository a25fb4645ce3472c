import Testing

@testable import SextantStats

@Suite("Intervals at billions of sessions")
struct HugeIntervalTests {
    /// Wilson's closed form holds 1e-9 (relative). The beta quantiles of Clopper–Pearson and
    /// Jeffreys hold 1e-7: at n = 10^12 their upper bound at k = 1000 is 3e-8 from the reference
    /// (which Boost's quantile and the Poisson limit both confirm to 1e-10), a known inaccuracy of
    /// the exact methods at huge n, far below any rate a report shows.
    @Test("Wilson, Clopper–Pearson and Jeffreys at n = 2^32 + 1 and 10^12 agree with 50-digit mpmath references")
    func hugeN() throws {
        let fixture = try Fixture("huge_n_intervals.csv")
        #expect(fixture.rows.count == 66)
        for row in fixture.rows {
            let method = try #require(IntervalMethod(rawValue: row["method"] ?? ""))
            let interval = try method.interval(count: row.int("count"), total: row.int("total"), confidence: 0.95)
            for (bound, expected) in [(interval.lower, row.double("lower")), (interval.upper, row.double("upper"))] {
                let tolerance = method == .wilson ? 1e-9 : 1e-7
                #expect(relativeError(bound, expected) <= tolerance, "\(row): got \(bound), expected \(expected)")
            }
            #expect(interval.lower <= interval.upper)
        }
    }
}
