import Testing

@testable import SextantStats

@Suite("Beta distribution")
struct BetaDistributionTests {
    @Test("both tails agree with mpmath, including near the mean at a + b up to 10^10 where GSL's CDF fails")
    func tailsAgainstMpmath() throws {
        let fixture = try Fixture("beta_tails.csv")
        #expect(fixture.rows.count > 100)
        for row in fixture.rows {
            let d = try BetaDistribution(alpha: row.double("a"), beta: row.double("b"))
            let tails = try d.tails(at: row.double("x"))
            let lower = row.double("lower_tail")
            let upper = row.double("upper_tail")
            // The smaller tail carries full relative accuracy; the larger one is 1 minus it.
            let smaller = min(lower, upper)
            let (got, expected) = lower <= upper ? (tails.lower, lower) : (tails.upper, upper)
            #expect(relativeError(got, expected) <= 1e-9, "\(row): smaller tail \(got)")
            #expect(abs(tails.lower - lower) <= 1e-9 * smaller + 4e-16, "\(row): lower \(tails.lower)")
            #expect(abs(tails.upper - upper) <= 1e-9 * smaller + 4e-16, "\(row): upper \(tails.upper)")
        }
    }

    @Test(
        "quantiles invert the tails",
        arguments: [(0.5, 0.5), (3, 7), (37, 14), (150.5, 60.5), (5e6 + 0.5, 5e6 + 0.5), (2.5, 1e9)])
    func quantileRoundTrip(a: Double, b: Double) throws {
        let d = try BetaDistribution(alpha: a, beta: b)
        for p in [1e-12, 0.001, 0.025, 0.3, 0.5, 0.7, 0.975, 0.999] {
            // Correct to the resolution of doubles: the tail at x is p, or p lies between the tails
            // at x's neighbours (a quantile such as 1 − 2.5·10⁻²⁴ is not representable).
            let x = try d.quantile(lowerTail: p)
            let lower = try d.lowerTail(x)
            let bracketsLower = try d.lowerTail(x.nextDown) <= p && p <= d.lowerTail(x.nextUp)
            #expect(relativeError(lower, p) < 1e-9 || bracketsLower, "Beta(\(a), \(b)) lower \(p): x = \(x), tail \(lower)")
            let y = try d.quantile(upperTail: p)
            let upper = try d.upperTail(y)
            let bracketsUpper = try d.upperTail(y.nextUp) <= p && p <= d.upperTail(y.nextDown)
            #expect(relativeError(upper, p) < 1e-9 || bracketsUpper, "Beta(\(a), \(b)) upper \(p): y = \(y), tail \(upper)")
        }
    }

    @Test("the ends: quantiles 0 and 1, tails outside [0, 1]")
    func ends() throws {
        let d = try BetaDistribution(alpha: 2, beta: 3)
        #expect(try d.quantile(lowerTail: 0) == 0 && d.quantile(lowerTail: 1) == 1)
        #expect(try d.quantile(upperTail: 0) == 1 && d.quantile(upperTail: 1) == 0)
        #expect(try d.tails(at: -1) == (0, 1) && d.tails(at: 2) == (1, 0))
    }

    @Test("invalid parameters and probabilities are typed errors")
    func invalid() throws {
        #expect(throws: StatsError.self) { try BetaDistribution(alpha: 0, beta: 1) }
        #expect(throws: StatsError.self) { try BetaDistribution(alpha: 1, beta: .infinity) }
        let d = try BetaDistribution(alpha: 2, beta: 3)
        #expect(throws: StatsError.self) { try d.quantile(lowerTail: 1.5) }
        #expect(throws: StatsError.self) { try d.tails(at: .nan) }
    }
}

@Suite("Beta distribution extremes")
struct BetaExtremeTests {
    @Test("a quantile below the smallest normal double comes back as (nearly) 0, not an error")
    func underflow() throws {
        let d = try BetaDistribution(alpha: 0.2, beta: 5e4)
        let x = try d.quantile(lowerTail: 1e-100)
        #expect(x >= 0 && x < 1e-300)
    }
}
