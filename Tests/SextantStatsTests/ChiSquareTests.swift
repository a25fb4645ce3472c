import Testing

@testable import SextantStats

/// Reference values from SciPy 1.17 (`scipy.stats.chi2.sf(x, df)`, and `chi2_contingency` without
/// continuity correction for the table [[30, 70], [45, 55], [20, 80]]):
///
///     from scipy import stats
///     stats.chi2.sf(17.91, 5)
///     stats.chi2_contingency([[30, 70], [45, 55], [20, 80]], correction=False)
@Suite("Chi-square")
struct ChiSquareTests {
    @Test(
        "the upper tail matches SciPy's chi2.sf",
        arguments: [
            (0.5, 1.0, 0.47950012218695337), (3.84, 1.0, 0.05004352124870519), (17.91, 5.0, 0.00306134042480234),
            (44.96, 5.0, 1.4782993109692046e-08), (100.0, 30.0, 1.8568023365102314e-09), (0.001, 2.0, 0.9995001249791693),
        ])
    func upperTail(x: Double, df: Double, expected: Double) throws {
        let value = try ChiSquare.upperTail(x, degreesOfFreedom: df)
        #expect(abs(value - expected) <= 1e-10 * max(1e-300, expected) + 1e-300)
    }

    @Test("the test of homogeneity matches SciPy's chi2_contingency")
    func homogeneity() throws {
        let test = try #require(try ChiSquare.homogeneity(successes: [30, 45, 20], totals: [100, 100, 100]))
        #expect(abs(test.statistic - 14.634146341463415) < 1e-9)
        #expect(test.degreesOfFreedom == 2)
        #expect(abs(test.pValue - 0.0006641030858712745) < 1e-12)
    }

    @Test("one group, or a proportion of 0 or 1 everywhere, is no evidence of change")
    func degenerate() throws {
        #expect(try ChiSquare.homogeneity(successes: [3, 0], totals: [10, 0]) == nil)
        let all = try #require(try ChiSquare.homogeneity(successes: [10, 20], totals: [10, 20]))
        #expect(all.pValue == 1 && all.statistic == 0)
        #expect(throws: StatsError.self) { try ChiSquare.homogeneity(successes: [11], totals: [10]) }
        #expect(throws: StatsError.self) { try ChiSquare.upperTail(-1, degreesOfFreedom: 1) }
    }
}
