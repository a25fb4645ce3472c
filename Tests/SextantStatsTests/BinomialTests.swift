import Testing

@testable import SextantStats

@Suite("Binomial tails and bound comparisons")
struct BinomialTests {
    @Test("both tails agree with scipy (exact rational sums for n ≤ 200), n up to 10^9")
    func tailsAgainstScipy() throws {
        let fixture = try Fixture("binomial_tails.csv")
        #expect(fixture.rows.count > 500)
        for row in fixture.rows {
            let binomial = try Binomial(trials: row.int("n"), probability: row.double("p"))
            let k = row.int("k")
            let upper = try binomial.upperTail(atLeast: k)
            let lower = try binomial.lowerTail(atMost: k)
            let wantUpper = row.double("upper")
            let wantLower = row.double("lower")
            // The smaller of each pair of complementary tails carries full relative accuracy: 10⁻⁹,
            // or 10⁻⁸ at n = 10⁹ with a small p, where ``BetaDistribution`` leaves its ₂F₁ series for
            // GSL's continued fraction (b ≈ 10⁹, (a + b)x just over 1,000) and keeps about 3·10⁻⁹.
            let tolerance = row.int("n") >= 1_000_000_000 ? 1e-8 : 1e-9
            let smallerUpper = min(wantUpper, 1 - wantUpper)
            let smallerLower = min(wantLower, 1 - wantLower)
            #expect(abs(upper - wantUpper) <= tolerance * smallerUpper + 4e-16, "\(row): P(X ≥ k) = \(upper)")
            #expect(abs(lower - wantLower) <= tolerance * smallerLower + 4e-16, "\(row): P(X ≤ k) = \(lower)")
        }
    }

    @Test("the ends: k outside 0…n, p = 0 and p = 1, and invalid arguments")
    func ends() throws {
        let binomial = try Binomial(trials: 10, probability: 0.3)
        #expect(try binomial.upperTail(atLeast: 0) == 1 && binomial.upperTail(atLeast: 11) == 0)
        #expect(try binomial.lowerTail(atMost: -1) == 0 && binomial.lowerTail(atMost: 10) == 1)
        #expect(try Binomial(trials: 10, probability: 0).upperTail(atLeast: 1) == 0)
        #expect(try Binomial(trials: 10, probability: 1).lowerTail(atMost: 9) == 0)
        #expect(throws: StatsError.self) { try Binomial(trials: -1, probability: 0.5) }
        #expect(throws: StatsError.self) { try Binomial(trials: 5, probability: 1.5) }
    }

    /// The comparison made on the interval itself: the reference for ``BoundComparison``.
    static func direct(_ comparison: BoundComparison, _ k: Int, _ n: Int) throws -> Bool {
        guard n > 0 else { return false }
        let interval = try comparison.method.interval(count: k, total: n, confidence: comparison.confidence)
        return comparison.comparesUpperBound ? interval.upper <= comparison.threshold : interval.lower >= comparison.threshold
    }

    /// Counts to try for n trials against a threshold: every k for small n, otherwise the ends and
    /// a run of counts across the boundary (where the decision flips) and around the screen's edges.
    static func counts(_ n: Int, threshold: Double) -> [Int] {
        guard n > 60 else { return Array(0...n) }
        let mean = Double(n) * threshold
        let sd = (Double(n) * threshold * (1 - threshold)).squareRoot()
        var ks: Set<Int> = [0, 1, 2, n - 2, n - 1, n]
        for z in stride(from: -6.0, through: 6.0, by: 0.5) {
            let centre = Int((mean + z * sd).rounded())
            for offset in -3...3 { ks.insert(centre + offset) }
        }
        return ks.filter { (0...n).contains($0) }.sorted()
    }

    @Test(
        "a bound comparison decides exactly as the interval does, for every method, both bounds and the edges k = 0, k = n, n = 0",
        arguments: IntervalMethod.allCases, [0.8, 0.95, 0.999])
    func comparisonMatchesInterval(_ method: IntervalMethod, _ confidence: Double) throws {
        var checked = 0
        var flips = 0
        for threshold in [0.0005, 0.001, 0.01, 0.1, 0.5, 0.725, 0.8, 0.95, 0.999] {
            let comparisons = [
                try BoundComparison.lowerBound(atLeast: threshold, method: method, confidence: confidence),
                try BoundComparison.upperBound(atMost: threshold, method: method, confidence: confidence),
            ]
            for n in [0, 1, 2, 3, 7, 20, 60, 137, 1000, 4321, 50_000, 777_777, 10_000_000] {
                for comparison in comparisons {
                    var previous: Bool?
                    for k in Self.counts(n, threshold: threshold) {
                        let fast = try comparison.holds(count: k, total: n)
                        #expect(
                            fast == (try Self.direct(comparison, k, n)),
                            "\(method) \(confidence) \(comparison.comparesUpperBound ? "upper ≤" : "lower ≥") \(threshold): k = \(k), n = \(n)"
                        )
                        if let previous, previous != fast { flips += 1 }
                        previous = fast
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 5000)
        #expect(flips > 50)  // the cases do cross the boundary
    }

    @Test("thresholds outside [0, 1] and invalid confidences")
    func outsideThresholds() throws {
        #expect(try BoundComparison.lowerBound(atLeast: 0, method: .wilson, confidence: 0.95).holds(count: 0, total: 5))
        #expect(!(try BoundComparison.lowerBound(atLeast: 1.1, method: .wilson, confidence: 0.95).holds(count: 5, total: 5)))
        #expect(try BoundComparison.upperBound(atMost: 1, method: .jeffreys, confidence: 0.95).holds(count: 5, total: 5))
        #expect(!(try BoundComparison.upperBound(atMost: -0.1, method: .wald, confidence: 0.95).holds(count: 0, total: 5)))
        #expect(!(try BoundComparison.upperBound(atMost: 0.5, method: .wald, confidence: 0.95).holds(count: 0, total: 0)))
        #expect(throws: StatsError.self) { try BoundComparison.lowerBound(atLeast: 0.5, method: .wilson, confidence: 1) }
        #expect(throws: StatsError.self) {
            try BoundComparison.lowerBound(atLeast: 0.5, method: .wilson, confidence: 0.95).holds(count: 3, total: 2)
        }
    }
}
