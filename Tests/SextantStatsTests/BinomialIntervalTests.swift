import Foundation
import Testing

@testable import SextantStats

@Suite("Binomial intervals")
struct BinomialIntervalTests {
    @Test("every method agrees with 50-digit mpmath references to 1e-9 relative, n = 1 … 10^7")
    func mpmathReferences() throws {
        let fixture = try Fixture("binomial_intervals.csv")
        #expect(fixture.rows.count > 500)
        var worst = 0.0
        for row in fixture.rows {
            let method = try #require(IntervalMethod(rawValue: row["method"] ?? ""))
            let interval = try method.interval(
                count: row.int("count"), total: row.int("total"), confidence: row.double("confidence"))
            for (bound, expected) in [(interval.lower, row.double("lower")), (interval.upper, row.double("upper"))] {
                let error = relativeError(bound, expected)
                worst = max(worst, error)
                #expect(error <= 1e-9, "\(row): got \(bound), expected \(expected)")
            }
        }
        #expect(worst <= 1e-9)
    }

    /// R. G. Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison
    /// of seven methods", Statistics in Medicine 17, 857–872, Table II (4 decimals as printed).
    @Test(
        "Newcombe 1998's published single-proportion intervals (Table II)",
        arguments: [
            (81, 263, IntervalMethod.wilson, 0.2553, 0.3662), (81, 263, .clopperPearson, 0.2527, 0.3676),
            (81, 263, .wald, 0.2522, 0.3638), (15, 148, .wilson, 0.0624, 0.1605),
            (15, 148, .clopperPearson, 0.0578, 0.1617), (15, 148, .wald, 0.0527, 0.1500),
            (0, 20, .wilson, 0.0, 0.1611), (0, 20, .clopperPearson, 0.0, 0.1684),
            (1, 29, .wilson, 0.0061, 0.1718), (1, 29, .clopperPearson, 0.0009, 0.1776),
        ])
    func newcombeTable(count: Int, total: Int, method: IntervalMethod, lower: Double, upper: Double) throws {
        let interval = try method.interval(count: count, total: total)
        #expect(abs(interval.lower - lower) <= 0.00005)
        #expect(abs(interval.upper - upper) <= 0.00005)
    }

    @Test("Clopper–Pearson 37/50 at 95 %: the worked example of the README")
    func workedExample() throws {
        let interval = try IntervalMethod.clopperPearson.interval(count: 37, total: 50)
        #expect(relativeError(interval.lower, 0.59655232127193) < 1e-12)
        #expect(relativeError(interval.upper, 0.85369941560344) < 1e-12)
    }

    @Test(
        "conventions at the ends: Wilson and Jeffreys bounds are exactly 0 at k = 0 and 1 at k = n",
        arguments: [1, 2, 7, 1000, 10_000_000])
    func endConventions(total: Int) throws {
        for method in [IntervalMethod.wilson, .jeffreys, .clopperPearson] {
            #expect(try method.interval(count: 0, total: total).lower == 0)
            #expect(try method.interval(count: total, total: total).upper == 1)
        }
        // Clopper–Pearson's closed forms: 1 − (α/2)^{1/n} and (α/2)^{1/n}.
        let upper = try IntervalMethod.clopperPearson.interval(count: 0, total: total).upper
        #expect(relativeError(upper, -expm1(log(0.025) / Double(total))) < 1e-13)
    }

    @Test("invariants: lower ≤ k/n ≤ upper, bounds monotone in k, intervals narrow as n grows")
    func invariants() throws {
        for method in IntervalMethod.allCases {
            for total in [1, 5, 30, 200, 12_345] {
                let counts = Array(0...min(total, 60)) + (total > 60 ? [total / 2, total - 1, total] : [])
                var previous = Interval(lower: -1, upper: -1)
                for count in counts {
                    let interval = try method.interval(count: count, total: total)
                    let p = Double(count) / Double(total)
                    #expect(interval.lower >= 0 && interval.upper <= 1)
                    #expect(interval.lower <= p && p <= interval.upper, "\(method) \(count)/\(total)")
                    #expect(interval.lower >= previous.lower && interval.upper >= previous.upper, "\(method) \(count)/\(total)")
                    previous = interval
                }
            }
            // Narrowing: the same observed rate on ten times the sessions gives a narrower interval.
            for (count, total) in [(3, 10), (37, 50), (1, 4)] {
                let small = try method.interval(count: count, total: total)
                let large = try method.interval(count: count * 10, total: total * 10)
                #expect(large.upper - large.lower < small.upper - small.lower, "\(method)")
            }
        }
    }

    @Test("a higher confidence gives a wider interval")
    func confidenceWidens() throws {
        for method in IntervalMethod.allCases {
            let narrow = try method.interval(count: 40, total: 100, confidence: 0.8)
            let wide = try method.interval(count: 40, total: 100, confidence: 0.99)
            #expect(wide.lower < narrow.lower && wide.upper > narrow.upper)
        }
    }

    @Test("no call hangs or fails at n = 10^7, k = n/2, for any confidence")
    func largeNCentre() throws {
        for method in [IntervalMethod.clopperPearson, .jeffreys] {
            for confidence in [0.01, 0.2, 0.5, 0.95, 0.999999] {
                let interval = try method.interval(count: 5_000_000, total: 10_000_000, confidence: confidence)
                #expect(interval.lower < 0.5 && interval.upper > 0.5)
                #expect(abs((interval.lower + interval.upper) / 2 - 0.5) < 1e-12)
            }
        }
    }

    @Test("totals up to 2^53 give sound intervals: Clopper–Pearson close to Wilson at the centre, Poisson limits at the edge")
    func hugeTotals() throws {
        let n = maximumTotal
        let cp = try IntervalMethod.clopperPearson.interval(count: n / 2, total: n)
        let wilson = try IntervalMethod.wilson.interval(count: n / 2, total: n)
        #expect(relativeError(cp.lower, wilson.lower) < 1e-12 && relativeError(cp.upper, wilson.upper) < 1e-12)
        // k = 3 of 2^53: the upper bound tends to χ²₀.₉₇₅(8)/(2n) = 8.767…/n (scipy: 9.733628425204e-16).
        let edge = try IntervalMethod.clopperPearson.interval(count: 3, total: n)
        #expect(relativeError(edge.upper, 9.733628425204037e-16) < 1e-9)
    }

    @Test("at n = 10^12 every method agrees with 40-digit mpmath references to 1e-9 relative (k ≤ 1,000 and n − k ≤ 1,000)")
    func trillion() throws {
        let fixture = try Fixture("huge_intervals.csv")
        #expect(fixture.rows.count == 32)
        for row in fixture.rows {
            let method = try #require(IntervalMethod(rawValue: row["method"] ?? ""))
            let interval = try method.interval(count: row.int("count"), total: row.int("total"))
            #expect(relativeError(interval.lower, row.double("lower")) <= 1e-9, "\(row): lower \(interval.lower)")
            #expect(relativeError(interval.upper, row.double("upper")) <= 1e-9, "\(row): upper \(interval.upper)")
        }
    }

    @Test("at n = 10^12 in the middle, the exact intervals are sound: around k/n, symmetric at n/2, close to Wilson's")
    func trillionMiddle() throws {
        let n = 1_000_000_000_000
        for k in [123_456_789, n / 2, n - 123_456_789] {
            let wilson = try IntervalMethod.wilson.interval(count: k, total: n)
            let cp = try IntervalMethod.clopperPearson.interval(count: k, total: n)
            let jeffreys = try IntervalMethod.jeffreys.interval(count: k, total: n)
            let p = Double(k) / Double(n)
            for interval in [cp, jeffreys] {
                #expect(interval.lower < p && p < interval.upper)
                // The exact intervals differ from Wilson's by O(1/n) against a half-width of O(1/√n).
                #expect(abs(interval.lower - wilson.lower) < 1e-3 * wilson.halfWidth)
                #expect(abs(interval.upper - wilson.upper) < 1e-3 * wilson.halfWidth)
            }
            #expect(cp.lower < jeffreys.lower && jeffreys.upper < cp.upper)
        }
        for method in [IntervalMethod.clopperPearson, .jeffreys] {
            let centre = try method.interval(count: n / 2, total: n)
            #expect(abs(centre.lower + centre.upper - 1) < 1e-15)
        }
    }

    @Test(
        "invalid arguments are typed errors, not traps",
        arguments: [(5, 3, 0.95), (-1, 3, 0.95), (1, -3, 0.95), (1, 3, 0.0), (1, 3, 1.0), (1, 3, -0.5), (0, 0, 0.95)])
    func invalidArguments(count: Int, total: Int, confidence: Double) {
        for method in IntervalMethod.allCases {
            #expect(throws: StatsError.self) { try method.interval(count: count, total: total, confidence: confidence) }
        }
    }

    @Test("a total beyond 2^53 is rejected")
    func beyondExactIntegers() {
        #expect(throws: StatsError.self) { try IntervalMethod.wilson.interval(count: 1, total: maximumTotal + 1) }
    }

    @Test("a rate over zero sessions is no data, never 0 % or 100 %")
    func emptyRate() throws {
        let rate = try Rate(count: 0, total: 0)
        #expect(rate.value == nil && rate.interval == nil)
    }
}
