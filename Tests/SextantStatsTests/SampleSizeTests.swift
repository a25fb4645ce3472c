import Testing

@testable import SextantStats

@Suite("Sample sizes")
struct SampleSizeTests {
    @Test("the three sample-size questions agree with exact references")
    func references() throws {
        let fixture = try Fixture("sample_sizes.csv")
        #expect(!fixture.rows.isEmpty)
        for row in fixture.rows {
            let expected = row.int("sessions")
            switch row["kind"] {
            case "half_width_wald":
                let n = try SampleSize.forHalfWidth(
                    row.double("half_width"), rate: row.double("rate"), method: .wald, confidence: row.double("confidence"))
                #expect(n == expected, "\(row)")
            case "one_sided_score":
                let n = try SampleSize.toShowRate(
                    row.double("rate"), beyond: row.double("threshold"), power: row.double("power"),
                    confidence: row.double("confidence"))
                #expect(n == expected, "\(row)")
            case "zero_issue_exact":
                let n = try SampleSize.zeroIssueReviews(ceiling: row.double("threshold"), confidence: row.double("confidence"))
                #expect(n == expected, "\(row)")
            default:
                Issue.record("unknown kind in \(row)")
            }
        }
    }

    @Test("textbook values: ±3 points at 50 % needs 1,068; zero issues below 1 % needs 299 (rule of three: 300)")
    func textbook() throws {
        #expect(try SampleSize.forHalfWidth(0.03, rate: 0.5, method: .wald) == 1068)
        #expect(try SampleSize.zeroIssueReviews(ceiling: 0.01) == 299)
        #expect(try SampleSize.ruleOfThree(ceiling: 0.01) == 300)
    }

    @Test("the answer is the smallest n: the interval at n meets the half-width, at n − 1 it does not")
    func minimality() throws {
        for method in IntervalMethod.allCases {
            for (rate, width) in [(0.8, 0.03), (0.5, 0.01), (0.97, 0.02)] {
                let n = try SampleSize.forHalfWidth(width, rate: rate, method: method)
                let at = try method.interval(successes: rate * Double(n), trials: Double(n), confidence: 0.95)
                let before = try method.interval(successes: rate * Double(n - 1), trials: Double(n - 1), confidence: 0.95)
                #expect(at.halfWidth <= width && before.halfWidth > width, "\(method) \(rate) ±\(width): n = \(n)")
            }
        }
    }

    @Test("the zero-issue count bounds the exact upper bound: at n it is below the ceiling, at n − 1 above")
    func zeroIssueBound() throws {
        for ceiling in [0.001, 0.01, 0.05] {
            let n = try SampleSize.zeroIssueReviews(ceiling: ceiling, confidence: 0.95)
            // One-sided 95 % = two-sided 90 % Clopper–Pearson upper bound at k = 0.
            let at = try IntervalMethod.clopperPearson.interval(count: 0, total: n, confidence: 0.9).upper
            let before = try IntervalMethod.clopperPearson.interval(count: 0, total: n - 1, confidence: 0.9).upper
            #expect(at <= ceiling && before > ceiling)
        }
    }

    @Test("more power or a smaller difference needs more sessions; p₁ = p₀ is an error")
    func power() throws {
        let base = try SampleSize.toShowRate(0.85, beyond: 0.8)
        #expect(try SampleSize.toShowRate(0.85, beyond: 0.8, power: 0.9) > base)
        #expect(try SampleSize.toShowRate(0.83, beyond: 0.8) > base)
        #expect(try SampleSize.toShowRate(0.75, beyond: 0.8) > 0)
        #expect(throws: StatsError.self) { try SampleSize.toShowRate(0.8, beyond: 0.8) }
        #expect(throws: StatsError.self) { try SampleSize.forHalfWidth(0, rate: 0.5) }
        #expect(throws: StatsError.self) { try SampleSize.zeroIssueReviews(ceiling: 1.5) }
    }
}
