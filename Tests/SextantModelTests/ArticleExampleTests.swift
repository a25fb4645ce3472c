import Foundation
import SextantStats
import Synchronization
import Testing

@testable import SextantModel

/// The worked examples of the DocC articles "Metrics, targets and verdicts" (MetricsAndTargets.md) and "The
/// session model" (SessionModel.md), its custom observer included,: every number the articles print is checked here, against an
/// independent reference where one exists. An article that changes its example changes this file.
// MARK: SessionModel.md, "Observing each replication" (the article's code, as it is there)

/// The share of replications in which the contained rate reaches its floor in every week.
final class EveryWeekObserver: SimulationObserver {
    let floor: Double
    private let reached: Mutex<[Bool]>

    init(_ setup: SimulationSetup) {
        floor = setup.targets.contained.floor
        reached = Mutex([Bool](repeating: false, count: setup.replications))
    }

    func observe(_ run: ReplicationRun) {
        let everyWeek = run.weeks.allSatisfy { week in (week.value(.contained) ?? 0) >= floor }
        reached.withLock { $0[run.replication] = everyWeek }
    }

    var share: Double {
        reached.withLock { reached in Double(reached.filter { $0 }.count) / Double(reached.count) }
    }
}

@Suite("DocC article examples")
struct ArticleExampleTests {
    // MARK: MetricsAndTargets.md

    /// The counts of the Metrics article: 1,200 AI sessions, 240 of them reviewed.
    static let metricsTally = Tally(
        sessions: 1200, humanHelp: 204, unresolved: 400, reviewed: 240, p0: 0, p1: 8, p2: 9, anyIssue: 16)

    @Test("the Metrics example: rates and Wilson intervals equal the textbook formula")
    func metricsRates() throws {
        let metrics = try Metrics(Self.metricsTally, method: .wilson, confidence: 0.95)
        let cases: [(Rate, Int, Int)] = [
            (metrics.contained, 996, 1200), (metrics.resolution, 800, 1200), (metrics.issues[.p0]!, 0, 240),
            (metrics.issues[.p1]!, 8, 240), (metrics.issues[.p2]!, 9, 240), (metrics.anyIssue, 16, 240),
        ]
        for (rate, count, total) in cases {
            #expect(rate.count == count && rate.total == total)
            let reference = Reference.wilson(Double(count), Double(total))
            let interval = try #require(rate.interval)
            #expect(abs(interval.lower - reference.lower) < 1e-12 && abs(interval.upper - reference.upper) < 1e-12)
        }
        // As printed in the article (percentages to 0.1 or 0.01 points).
        #expect(
            String(format: "%.1f–%.1f", metrics.contained.interval!.lower * 100, metrics.contained.interval!.upper * 100)
                == "80.8–85.0")
        #expect(
            String(format: "%.1f–%.1f", metrics.resolution.interval!.lower * 100, metrics.resolution.interval!.upper * 100)
                == "64.0–69.3")
        #expect(String(format: "%.2f", metrics.issues[.p0]!.interval!.upper * 100) == "1.58")
        #expect(
            String(format: "%.2f–%.2f", metrics.issues[.p1]!.interval!.lower * 100, metrics.issues[.p1]!.interval!.upper * 100)
                == "1.70–6.44")
        #expect(
            String(format: "%.2f–%.2f", metrics.issues[.p2]!.interval!.lower * 100, metrics.issues[.p2]!.interval!.upper * 100)
                == "1.99–6.97")
    }

    @Test("the Metrics example: one verdict of each kind, gap points and sessions to conclude")
    func metricsVerdicts() throws {
        let metrics = try Metrics(Self.metricsTally, method: .wilson, confidence: 0.95)
        let gaps = try Gaps(metrics, targets: .recommended(for: .serviceEcommerce))
        #expect(gaps.contained.verdict == .met && gaps.contained.sessionsToConclude == 0)
        #expect(abs(gaps.contained.gapPoints! - 3.0) < 1e-9)
        #expect(gaps.resolution.verdict == .below)
        #expect(String(format: "%.1f", gaps.resolution.gapPoints!) == "-5.8")
        #expect(gaps.issues[.p1]!.verdict == .above && gaps.issues[.p2]!.verdict == .inconclusive)
        #expect(gaps.issues[.p0]!.verdict == .inconclusive && gaps.anyIssue.verdict == nil)
        let probabilities = [
            gaps.contained.probabilityReachesFloor, gaps.resolution.probabilityReachesFloor,
            gaps.issues[.p0]!.probabilityWithinCeiling, gaps.issues[.p1]!.probabilityWithinCeiling,
            gaps.issues[.p2]!.probabilityWithinCeiling,
        ].map { String(format: "%.1f", $0! * 100) }
        #expect(probabilities == ["99.6", "0.0", "51.2", "0.2", "81.1"])

        // P0, zero issues in n reviews: the Wilson upper bound is z²/(n + z²), at most 0.1 % from
        // n = ⌈z²(1/0.001 − 1)⌉ = 3,838 reviews on, 3,598 more than the 240 seen.
        let z2 = Reference.z95 * Reference.z95
        let zeroIssueReviews = Int((z2 * (1 / 0.001 - 1)).rounded(.up))
        #expect(zeroIssueReviews == 3838)
        #expect(gaps.issues[.p0]!.sessionsToConclude == zeroIssueReviews - 240)
        // P2 at 3.75 %: the upper bound reaches 5 % at 1,168 reviews, not at 1,167.
        #expect(gaps.issues[.p2]!.sessionsToConclude == 928)
        #expect(Reference.wilson(0.0375 * 1168, 1168).upper <= 0.05)
        #expect(Reference.wilson(0.0375 * 1167, 1167).upper > 0.05)
        // The library's zero-issue sample size for the same ceiling agrees.
        let ceiling = try #require(Targets.recommended(for: .serviceEcommerce).target(for: .p0))
        #expect(try ceiling.sessionsForZeroIssues(method: .wilson, confidence: 0.95) == 3838)
        #expect(try SampleSize.zeroIssueReviews(ceiling: 0.001, confidence: 0.95) == 2995)
    }

    // MARK: SessionModel.md

    /// The one intent of the SessionModel article's worked example, as its YAML writes it.
    static let returns = IntentSpec(
        name: "returns", share: 1,
        parameters: [
            .humanRequest: .fixed(0.05), .knowledgeCoverage: .beta(18, 2), .instructionCoverage: .fixed(0.95),
            .gapEscalation: .fixed(0.8), .actionNeed: .fixed(0.5), .actionCoverage: .fixed(0.8), .actionSuccess: .fixed(0.95),
            .prematureHandoff: .fixed(0.04), .conflictingAssets: .fixed(0.02), .residualError: .fixed(0.01),
        ],
        severity: SeveritySplit(p0: 0.05, p1: 0.25, p2: 0.7))

    static let workedExample = Scenario(
        name: "worked-example", workflow: .serviceEcommerce, sessionsPerWeek: 2000, weeks: 4, reviewRate: 0.1, seed: 1,
        intents: [returns])

    @Test("the SessionModel example: the paths of the tree as the article lists them")
    func sessionModelPaths() {
        let (h, a, c, g) = (0.05, 0.9, 0.95, 0.8)
        // Sessions that end in steps 1–3, and the four ways to reach step 4.
        #expect(abs((1 - h) * (1 - a) * g - 0.076) < 1e-15)
        #expect(abs((1 - h) * a * (1 - c) * g - 0.0342) < 1e-15)
        #expect(abs((1 - h) * (1 - a) * (1 - g) * (1 - c) * g - 0.00076) < 1e-15)
        let answered = [
            (1 - h) * a * c, (1 - h) * a * (1 - c) * (1 - g), (1 - h) * (1 - a) * (1 - g) * c,
            (1 - h) * (1 - a) * (1 - g) * (1 - c) * (1 - g),
        ]
        for (value, printed) in zip(answered, [0.81225, 0.00855, 0.01805, 0.00019]) { #expect(abs(value - printed) < 1e-15) }
        #expect(abs(answered.reduce(0, +) - 0.83904) < 1e-15)
    }

    @Test("the SessionModel example: exact expectations equal the literal enumeration of the tree")
    func sessionModelExpectation() throws {
        let exact = Expectation(Self.workedExample)
        let overall = try #require(exact.overall)
        let point = IntentPoint(means: Self.returns)
        #expect(abs(point[.knowledgeCoverage] - 0.9) < 1e-15)
        let reference = SessionTreeTests.enumerate(point)
        let help = reference.categories[16..<24].reduce(0, +)
        let followUp = reference.categories[8..<16].reduce(0, +)
        #expect(abs(overall.contained - (1 - help)) < 1e-12)
        #expect(abs(overall.resolution - (1 - help - followUp)) < 1e-12)
        for (severity, bit) in [(Severity.p0, 1), (.p1, 2), (.p2, 4)] {
            let share = (0..<24).filter { $0 % 8 & bit != 0 }.reduce(0) { $0 + reference.categories[$1] }
            #expect(abs(overall.issues[severity]! - share) < 1e-12)
        }
        let noIssue = [0, 8, 16].reduce(0) { $0 + reference.categories[$1] }
        #expect(abs(overall.anyIssue - (1 - noIssue)) < 1e-12)
        // The closed forms the article derives by hand.
        #expect(abs(overall.contained - 0.83904) < 1e-12)
        #expect(abs(overall.resolution - 0.83904 * 0.8448) < 1e-12)
        #expect(abs(overall.anyIssue - 0.05335705) < 1e-12)
        #expect(abs(exact.automation - overall.resolution) < 1e-12)  // every session reaches the AI
        // As printed in the article.
        let printed = [overall.issues[.p0]!, overall.issues[.p1]!, overall.issues[.p2]!].map { String(format: "%.4f", $0 * 100) }
        #expect(printed == ["0.2723", "1.3557", "3.7593"])
        let shares = exact.reasonShares.map { String(format: "%.1f", ($0 ?? 0) * 100) }
        #expect(shares == ["17.2", "26.1", "12.0", "28.8", "5.8", "10.1"])
    }

    @Test("the SessionModel example: the simulated summaries the article prints (seed 1, 1,000 replications)")
    func sessionModelSimulation() throws {
        let result = Simulation.run(Self.workedExample, options: SimulationOptions())
        func shown(_ metric: Metric, _ decimals: Int) throws -> [String] {
            let summary = try #require(result.overall[metric])
            return [summary.mean, summary.sd, summary.p05, summary.p95].map { String(format: "%.\(decimals)f", $0 * 100) }
        }
        #expect(try shown(.contained, 1) == ["84.0", "4.6", "75.2", "89.9"])
        #expect(try shown(.resolution, 1) == ["71.0", "3.9", "63.3", "76.0"])
        #expect(try shown(.p0, 2) == ["0.27", "0.19", "0.00", "0.63"])
        #expect(try shown(.p1, 2) == ["1.34", "0.48", "0.62", "2.18"])
        #expect(try shown(.p2, 2) == ["3.72", "0.98", "2.41", "5.44"])
        #expect(try shown(.any, 2) == ["5.29", "1.29", "3.62", "7.66"])
        #expect(try shown(.automation, 1) == ["71.0", "3.9", "63.3", "76.0"])
        #expect(result.verdicts[.contained] == .inconclusive && result.verdicts[.resolution] == .inconclusive)
        for metric in [Metric.p0, .p1, .p2] { #expect(result.verdicts[metric] == .inconclusive) }
        #expect(String(format: "%.1f", result.probabilityMeetingTarget[.contained]! * 100) == "81.9")
        #expect(String(format: "%.1f", result.probabilityMeetingTarget[.resolution]! * 100) == "41.4")
    }

    @Test("the SessionModel example: where the contained rate's spread comes from")
    func sessionModelSpread() {
        // Beta(18, 2): sd = √(ab / ((a + b)²(a + b + 1))).
        let betaSD = (18.0 * 2 / (20 * 20 * 21)).squareRoot()
        #expect(String(format: "%.1f", betaSD * 100) == "6.5")
        // The slope of the contained rate in knowledge coverage, from the model at two points.
        func contained(_ a: Double) -> Double {
            var point = IntentPoint(means: Self.returns)
            point[.knowledgeCoverage] = a
            return LeafDistribution(point).rates.contained
        }
        let slope = (contained(0.95) - contained(0.85)) / 0.1
        #expect(abs(slope - 0.95 * 0.8 * (1 - 0.05 * 0.8)) < 1e-12)
        #expect(abs(slope - 0.7296) < 1e-12)
        #expect(String(format: "%.1f", slope * betaSD * 100) == "4.8")
        #expect(String(format: "%.1f", (0.84 * 0.16 / 8000).squareRoot() * 100) == "0.4")
    }

    @Test("the SessionModel observer: the article's figures, within the horizon's share, whatever the threads")
    func sessionModelObserver() throws {
        func run(threads: Int) -> (EveryWeekObserver, SimulationResult) {
            var options = SimulationOptions()
            options.threads = threads
            let setup = SimulationSetup(Self.workedExample, options: options)
            let everyWeek = EveryWeekObserver(setup)
            let summaries = SummaryObserver(setup)
            Simulation.run(setup, observers: [everyWeek, summaries])
            return (everyWeek, summaries.result())
        }
        let (everyWeek, result) = run(threads: 3)
        // As printed in the article.
        #expect(String(format: "%.1f", everyWeek.share * 100) == "78.1")
        #expect(String(format: "%.1f", result.probabilityMeetingTarget[.contained]! * 100) == "81.9")
        // A horizon is a weighted mean of its weeks: reaching the floor every week reaches it overall.
        #expect(everyWeek.share <= result.probabilityMeetingTarget[.contained]!)
        // The observer keeps each replication in its own slot, so the threads do not matter.
        #expect(run(threads: 1).0.share == everyWeek.share)
        // With one week, every week is the horizon: the observer agrees with the summaries.
        var oneWeek = SimulationOptions()
        oneWeek.weeks = 1
        oneWeek.replications = 300
        let setup = SimulationSetup(Self.workedExample, options: oneWeek)
        let single = EveryWeekObserver(setup)
        let summaries = SummaryObserver(setup)
        Simulation.run(setup, observers: [single, summaries])
        #expect(single.share == summaries.result().probabilityMeetingTarget[.contained])
    }
}
