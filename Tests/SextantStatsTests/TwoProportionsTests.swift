import Testing

@testable import SextantStats

@Suite("Two proportions")
struct TwoProportionsTests {
    @Test("Newcombe's hybrid score interval and the z test's p-value agree with 50-digit references")
    func references() throws {
        let fixture = try Fixture("newcombe_differences.csv")
        #expect(!fixture.rows.isEmpty)
        for row in fixture.rows {
            let (k1, n1, k2, n2) = (row.int("k1"), row.int("n1"), row.int("k2"), row.int("n2"))
            let interval = try TwoProportions.newcombeInterval(
                count1: k1, total1: n1, count2: k2, total2: n2, confidence: row.double("confidence"))
            #expect(abs(interval.lower - row.double("lower")) <= 1e-12, "\(row)")
            #expect(abs(interval.upper - row.double("upper")) <= 1e-12, "\(row)")
            let p = try TwoProportions.zTestPValue(count1: k1, total1: n1, count2: k2, total2: n2)
            if let expected = Double(row["z_p_value"] ?? "") {
                #expect(relativeError(p, expected) <= 1e-9 || abs(p - expected) < 1e-15, "\(row): p = \(p)")
            }
        }
    }

    /// R. G. Newcombe (1998), "Interval estimation for the difference between independent
    /// proportions: comparison of eleven methods", Statistics in Medicine 17, 873–890, Table II,
    /// method 10, as printed (4 decimals).
    @Test(
        "Newcombe 1998's published examples (Table II, method 10)",
        arguments: [
            (56, 70, 48, 80, 0.0524, 0.3339), (9, 10, 3, 10, 0.1705, 0.8090), (6, 7, 2, 7, 0.0582, 0.8062),
            (5, 56, 0, 29, -0.0381, 0.1926), (0, 10, 0, 20, -0.1611, 0.2775), (10, 10, 0, 20, 0.6791, 1.0000),
        ])
    func published(k1: Int, n1: Int, k2: Int, n2: Int, lower: Double, upper: Double) throws {
        let interval = try TwoProportions.newcombeInterval(count1: k1, total1: n1, count2: k2, total2: n2)
        #expect(abs(interval.lower - lower) <= 0.00005)
        #expect(abs(interval.upper - upper) <= 0.00005)
    }

    @Test("identical samples: the interval contains 0 and the p-value is 1")
    func identical() throws {
        let interval = try TwoProportions.newcombeInterval(count1: 30, total1: 100, count2: 30, total2: 100)
        #expect(interval.contains(0))
        #expect(try TwoProportions.zTestPValue(count1: 30, total1: 100, count2: 30, total2: 100) == 1)
        #expect(try TwoProportions.zTestPValue(count1: 0, total1: 10, count2: 0, total2: 20) == 1)
    }

    @Test("an empty sample is an error")
    func empty() {
        #expect(throws: StatsError.self) { try TwoProportions.zTestPValue(count1: 0, total1: 0, count2: 1, total2: 2) }
        #expect(throws: StatsError.self) { try TwoProportions.newcombeInterval(count1: 0, total1: 0, count2: 1, total2: 2) }
    }
}

@Suite("Rate posterior")
struct RatePosteriorTests {
    @Test("P(rate ≥ threshold) under the Jeffreys posterior agrees with mpmath, also near the mean at n = 10^7")
    func references() throws {
        let fixture = try Fixture("beta_posterior_tails.csv")
        #expect(!fixture.rows.isEmpty)
        for row in fixture.rows {
            let p = try RatePosterior.probabilityAtLeast(
                row.double("threshold"), count: row.int("count"), total: row.int("total"))
            let expected = row.double("prob_at_least")
            // Relative accuracy on the smaller of p and 1 − p.
            let error = expected <= 0.5 ? relativeError(p, expected) : relativeError(1 - p, 1 - expected)
            #expect(error <= 1e-9 || abs(p - expected) < 1e-16, "\(row): got \(p)")
        }
    }

    @Test("the probability is ½ at the posterior median and falls as the threshold rises")
    func monotone() throws {
        var previous = 1.0
        for threshold in stride(from: 0.0, through: 1.0, by: 0.05) {
            let p = try RatePosterior.probabilityAtLeast(threshold, count: 700, total: 1000)
            #expect(p <= previous)
            previous = p
        }
    }
}

@Suite("Multinomial intervals")
struct MultinomialIntervalTests {
    @Test("Goodman's simultaneous intervals agree with 50-digit references (statsmodels' method)")
    func references() throws {
        let fixture = try Fixture("goodman_intervals.csv")
        let cases = Dictionary(grouping: fixture.rows) { "\($0["case"] ?? "")|\($0["confidence"] ?? "")" }
        #expect(!cases.isEmpty)
        for (_, rows) in cases {
            let sorted = rows.sorted { $0.int("category") < $1.int("category") }
            let intervals = try MultinomialIntervals.goodman(
                counts: sorted.map { $0.int("count") }, confidence: sorted[0].double("confidence"))
            for (interval, row) in zip(intervals, sorted) {
                #expect(abs(interval.lower - row.double("lower")) <= 1e-12, "\(row)")
                #expect(abs(interval.upper - row.double("upper")) <= 1e-12, "\(row)")
            }
        }
    }

    @Test("simultaneous intervals are wider than each category's own Wilson interval")
    func widerThanMarginal() throws {
        let counts = [91, 49, 37, 43]
        let goodman = try MultinomialIntervals.goodman(counts: counts)
        for (count, interval) in zip(counts, goodman) {
            let wilson = try IntervalMethod.wilson.interval(count: count, total: counts.reduce(0, +))
            #expect(interval.lower < wilson.lower && interval.upper > wilson.upper)
        }
    }

    @Test("empty or negative counts are errors")
    func invalid() {
        #expect(throws: StatsError.self) { try MultinomialIntervals.goodman(counts: []) }
        #expect(throws: StatsError.self) { try MultinomialIntervals.goodman(counts: [0, 0]) }
        #expect(throws: StatsError.self) { try MultinomialIntervals.goodman(counts: [3, -1]) }
    }
}
