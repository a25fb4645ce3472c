import Foundation
import SextantStats
import Testing

@testable import SextantModel

@Suite("Metric")
struct MetricTests {
    static let tally = Tally(sessions: 200, humanHelp: 30, unresolved: 50, reviewed: 40, p0: 1, p1: 3, p2: 6, anyIssue: 9)

    @Test(
        "each metric counts its sessions over its own denominator",
        arguments: [
            (Metric.contained, 170, 200), (.resolution, 150, 200), (.p0, 1, 40), (.p1, 3, 40), (.p2, 6, 40), (.any, 9, 40),
        ])
    func counts(metric: Metric, count: Int, total: Int) throws {
        #expect(Self.tally.count(metric) == count && Self.tally.total(metric) == total)
        #expect(Self.tally.value(metric) == Double(count) / Double(total))
        let rate = try #require(try Metrics(Self.tally, method: .wilson, confidence: 0.95)[metric])
        #expect(rate.count == count && rate.total == total)
        let reference = Reference.wilson(Double(count), Double(total))
        #expect(abs(rate.interval!.lower - reference.lower) < 1e-12 && abs(rate.interval!.upper - reference.upper) < 1e-12)
    }

    @Test("a log cannot measure total automation; a simulation's traffic gives it")
    func automation() {
        #expect(Self.tally.count(.automation) == nil && Self.tally.value(.automation) == nil)
        var counts = SimulatedCounts()
        counts.traffic = 400
        counts.tally = Self.tally
        #expect(counts.value(.automation) == 150.0 / 400)
        #expect(counts.value(.contained) == 170.0 / 200)
        #expect(SimulatedCounts().value(.contained) == nil)
    }

    @Test("the vocabulary is the JSON's keys, and severities map both ways")
    func vocabulary() {
        #expect(Metric.allCases.map(\.rawValue) == ["contained", "resolution", "P0", "P1", "P2", "any", "automation"])
        for severity in Severity.allCases { #expect(Metric(severity).severity == severity) }
        #expect(Metric.measured.allSatisfy { $0 != .automation })
        #expect(Metric.issueRates.allSatisfy(\.isIssueRate) && !Metric.contained.isIssueRate)
    }

    @Test("targets give each metric its rule: a range for rates, a ceiling for issues, none for automation")
    func targets() {
        let targets = Targets.recommended(for: .serviceEcommerce)
        #expect(targets.target(for: .contained) == .range(TargetRange(floor: 0.80, ceiling: 0.90)))
        #expect(targets.target(for: .p0) == .ceiling(0.001, zeroTolerance: true))
        #expect(targets.target(for: .p2) == .ceiling(0.05, zeroTolerance: false))
        #expect(targets.target(for: .any) == nil && targets.target(for: .automation) == nil)
        let p0 = MetricTarget.ceiling(0.001, zeroTolerance: true)
        #expect(p0.verdict(Interval(lower: 0, upper: 0.0005), observed: 1) == .above)
        #expect(p0.verdict(Interval(lower: 0, upper: 0.0005), observed: 0) == .met)
        #expect(p0.isSatisfied(by: 0.001) && !p0.isSatisfied(by: 0.0011))
    }
}

@Suite("Sample sizes that settle a verdict")
struct SettlingSampleSizeTests {
    @Test(
        "zero issues in the sessions returned give `met`, one fewer session does not",
        arguments: [(0.001, IntervalMethod.wilson), (0.01, .wilson), (0.001, .clopperPearson), (0.005, .jeffreys)])
    func zeroIssues(ceiling: Double, method: IntervalMethod) throws {
        let target = MetricTarget.ceiling(ceiling, zeroTolerance: true)
        let n = try #require(try target.sessionsForZeroIssues(method: method, confidence: 0.95))
        func verdict(_ reviewed: Int) throws -> Verdict? {
            let gap = try IssueGap(
                rate: try Rate(count: 0, total: reviewed, method: method, confidence: 0.95), ceiling: ceiling, zeroTolerance: true
            )
            return gap.verdict
        }
        #expect(try verdict(n) == .met)
        #expect(try verdict(n - 1) == .inconclusive)
        // Closed forms: Wilson's upper bound at k = 0 is z²/(n + z²); Clopper–Pearson's is 1 − (α/2)^(1/n).
        switch method {
        case .wilson:
            let z2 = Reference.z95 * Reference.z95
            #expect(n == Int((z2 * (1 - ceiling) / ceiling).rounded(.up)))
        case .clopperPearson: #expect(n == Int((log(0.025) / log1p(-ceiling)).rounded(.up)))
        default: break
        }
    }

    @Test("the report's own example: 0 issues in 2,995 reviews is inconclusive for a 0.1 % ceiling; 3,838 settle it")
    func issueExample() throws {
        let target = MetricTarget.ceiling(0.001, zeroTolerance: true)
        #expect(try target.sessionsForZeroIssues(method: .wilson, confidence: 0.95) == 3838)
        let gap = try IssueGap(rate: try Rate(count: 0, total: 2995), ceiling: 0.001, zeroTolerance: true)
        #expect(gap.verdict == .inconclusive && gap.sessionsToConclude == 3838 - 2995)
    }

    @Test(
        "at the size returned the report's verdict comes with the wanted power (exact binomial, Wilson by formula)",
        arguments: [(0.85, 0.80, 0.8), (0.75, 0.80, 0.9), (0.66, 0.60, 0.5)])
    func power(rate: Double, floor: Double, power: Double) throws {
        let target = MetricTarget.range(TargetRange(floor: floor, ceiling: 0.95))
        let n = try #require(try target.sessionsToSettle(rate: rate, power: power, method: .wilson, confidence: 0.95))
        // The smallest count whose Wilson interval settles the verdict, by scanning counts.
        let settles: (Int) -> Bool = { k in
            let interval = Reference.wilson(Double(k), Double(n))
            return rate > floor ? interval.lower >= floor : interval.upper < floor
        }
        let achieved: Double
        if rate > floor {
            let kStar = try #require((0...n).first(where: settles))
            achieved = Reference.binomialUpperTail(from: kStar, n, rate)
            // The report agrees: kStar sessions give `met`, one fewer does not.
            let verdict = { (k: Int) in
                try Gap(rate: try Rate(count: k, total: n), target: TargetRange(floor: floor, ceiling: 0.95))
            }
            #expect(try verdict(kStar).verdict == .met && verdict(kStar - 1).verdict == .inconclusive)
        } else {
            let kStar = try #require((0...n).last(where: settles))
            achieved = 1 - Reference.binomialUpperTail(from: kStar + 1, n, rate)
        }
        #expect(achieved >= power - 1e-9, "n \(n): power \(achieved)")
        // And the answer is near the smallest such n: a tenth fewer sessions fall short.
        let fewer = Int(Double(n) * 0.9)
        let kFewer = rate > floor ? (0...fewer).first { Reference.wilson(Double($0), Double(fewer)).lower >= floor } : nil
        if let kFewer { #expect(Reference.binomialUpperTail(from: kFewer, fewer, rate) < power) }
    }

    @Test("a rate on the threshold is never settled")
    func onThreshold() throws {
        #expect(
            try MetricTarget.range(TargetRange(floor: 0.8, ceiling: 0.9)).sessionsToSettle(
                rate: 0.8, power: 0.8, method: .wilson, confidence: 0.95) == nil)
    }
}
