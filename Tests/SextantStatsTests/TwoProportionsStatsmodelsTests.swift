import Testing

@testable import SextantStats

@Suite("Two proportions against statsmodels")
struct TwoProportionsStatsmodelsTests {
    /// statsmodels_two_proportions.csv: `confint_proportions_2indep(method="newcomb")` and
    /// `proportions_ztest` (pooled), written by generate_statsmodels_two_proportions.py.
    @Test("Newcombe's interval matches confint_proportions_2indep(method='newcomb') and the p-value proportions_ztest")
    func statsmodels() throws {
        let fixture = try Fixture("statsmodels_two_proportions.csv")
        #expect(fixture.rows.count == 60)
        for row in fixture.rows {
            let (k1, n1, k2, n2) = (row.int("k1"), row.int("n1"), row.int("k2"), row.int("n2"))
            let interval = try TwoProportions.newcombeInterval(
                count1: k1, total1: n1, count2: k2, total2: n2, confidence: row.double("confidence"))
            // statsmodels solves the Wilson bounds in double precision: agreement to ~1e-12.
            #expect(abs(interval.lower - row.double("lower")) <= 1e-11, "\(row): \(interval)")
            #expect(abs(interval.upper - row.double("upper")) <= 1e-11, "\(row): \(interval)")
            let p = try TwoProportions.zTestPValue(count1: k1, total1: n1, count2: k2, total2: n2)
            if let expected = Double(row["p_value"] ?? "") {
                #expect(relativeError(p, expected) <= 1e-9 || abs(p - expected) < 1e-15, "\(row): p = \(p)")
            } else {
                // statsmodels' NaN: both samples at 0 % or at 100 %, so nothing tells them apart.
                #expect(p == 1, "\(row): p = \(p)")
            }
        }
    }

    @Test("the p-value is below 5 % exactly when the 95 % interval leaves out 0, on well-separated cases")
    func agreement() throws {
        for (k1, n1, k2, n2) in [(797, 940, 705, 880), (705, 880, 657, 820), (10, 112, 4, 102), (5, 20, 15, 20)] {
            let interval = try TwoProportions.newcombeInterval(count1: k1, total1: n1, count2: k2, total2: n2)
            let p = try TwoProportions.zTestPValue(count1: k1, total1: n1, count2: k2, total2: n2)
            #expect((p < 0.05) == !interval.contains(0), "\(k1)/\(n1) vs \(k2)/\(n2): p = \(p), \(interval)")
        }
    }
}
