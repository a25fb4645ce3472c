import Foundation
import Synchronization
import Testing

@testable import SextantModel
@testable import SextantStats

@Suite("Calibration")
struct CalibrationTests {
    /// A truth with every parameter away from its calibration default: only the stages are identified.
    static let general = [
        SessionSampler.Truth(
            name: "returns", sessionsPerWeek: 400, h: 0.05, a: 0.85, c: 0.9, g: 0.8, n: 0.5, k: 0.8, e: 0.9, f: 0.04,
            r: 0.02, b: 0.01),
        SessionSampler.Truth(
            name: "order-status", sessionsPerWeek: 600, h: 0.03, a: 0.95, c: 0.97, g: 0.9, n: 0.3, k: 0.9, e: 0.95, f: 0.06,
            r: 0.01, b: 0.02),
    ]
    /// A truth at the calibration defaults (g = 1, n = 1, r = 0): every parameter is identified.
    static let atDefaults = [
        SessionSampler.Truth(
            name: "refund", sessionsPerWeek: 500, h: 0.08, a: 0.9, c: 0.85, g: 1, n: 1, k: 0.88, e: 0.92, f: 0.05, r: 0,
            b: 0.03)
    ]

    static func options(draws: Int = 400) -> CalibrationOptions {
        var options = CalibrationOptions()
        options.draws = draws
        return options
    }

    /// Checks coverage counts over 50 seeds: over all quantities together at least 90 % (95 % is
    /// nominal), and each quantity in at least 42 of 50 seeds — a count that an interval of true
    /// 95 % coverage falls below with probability 0.15 % (binomial), so a failure points at a biased
    /// interval rather than at chance (with 24 quantities, 45 of 50 would fail by chance alone
    /// about half the time).
    static func expectCoverage<Key: Comparable>(_ covered: [Key: Int], quantities: Int) {
        #expect(covered.count == quantities)
        let pooled = Double(covered.values.reduce(0, +)) / Double(50 * quantities)
        #expect(pooled >= 0.9, "pooled coverage \(pooled)")
        for (quantity, count) in covered.sorted(by: { $0.key < $1.key }) {
            #expect(count >= 42, "\(quantity): covered in \(count) of 50 seeds")
        }
    }

    @Test("the 95 % intervals of every identified stage cover the truth in at least 90 % of 50 seeds")
    func stagesCoverTheTruth() throws {
        var covered = [String: Int]()
        for seed in 1...50 {
            var sampler = SessionSampler(seed: UInt64(seed))
            let log = sampler.log(Self.general, weeks: 4, reviewRate: 0.3)
            let fit = try Calibration.fit(log, options: Self.options(draws: 100))
            for truth in Self.general {
                let intent = try #require(fit.intents.first { $0.observation.name == truth.name })
                #expect(intent.stages.count == truth.identified.count)
                for (stage, value) in zip(intent.stages, truth.identified) {
                    let (lower, upper) = stage.interval(0.95)
                    if lower <= value, value <= upper { covered["\(truth.name) \(stage.quantity)", default: 0] += 1 }
                }
            }
        }
        Self.expectCoverage(covered, quantities: 14)
    }

    @Test("at the calibration defaults every parameter's 95 % interval covers the truth in at least 90 % of 50 seeds")
    func parametersCoverTheTruth() throws {
        var covered = [Parameter: Int]()
        let truth = Self.atDefaults[0]
        let values = truth.point
        for seed in 1...50 {
            var sampler = SessionSampler(seed: UInt64(1000 + seed))
            let fit = try Calibration.fit(
                sampler.log(Self.atDefaults, weeks: 3, reviewRate: 0.4), options: Self.options(draws: 100))
            for (parameter, parameterFit) in fit.intents[0].parameters {
                let (lower, upper) = parameterFit.distribution.centralInterval(0.95)
                if lower <= values[parameter], values[parameter] <= upper { covered[parameter, default: 0] += 1 }
            }
        }
        Self.expectCoverage(Dictionary(uniqueKeysWithValues: covered.map { ($0.key.rawValue, $0.value) }), quantities: 10)
    }

    @Test("simulating the fitted scenario reproduces each intent's contained and resolution rates within their intervals")
    func roundTrip() throws {
        var sampler = SessionSampler(seed: 7)
        let log = sampler.log(Self.general, weeks: 6, reviewRate: 0.2)
        let fit = try Calibration.fit(log, options: Self.options())
        var options = SimulationOptions()
        options.replications = 200
        options.perIntent = true
        options.threads = 2
        let result = Simulation.run(fit.scenario, options: options)
        let intents = try #require(result.intents)
        for (index, intent) in fit.intents.enumerated() {
            let tally = intent.observation.tally
            for (metric, count) in [(Metric.contained, tally.contained), (.resolution, tally.resolved)] {
                let interval = try IntervalMethod.wilson.interval(count: count, total: tally.sessions)
                let simulated = try #require(intents[index][metric]).mean
                let expected =
                    metric == .contained
                    ? LeafDistribution(IntentPoint(means: fit.scenario.intents[index])).rates.contained
                    : LeafDistribution(IntentPoint(means: fit.scenario.intents[index])).rates.resolution
                #expect(interval.lower <= simulated && simulated <= interval.upper, "\(intent.observation.name) \(metric)")
                #expect(interval.lower <= expected && expected <= interval.upper, "\(intent.observation.name) \(metric)")
            }
        }
        #expect(fit.scenario.weeks == 6)
        #expect(fit.scenario.sessionsPerWeek == 1000)
        #expect(abs(fit.scenario.weeklyGrowth) < 1e-9)
        #expect(fit.scenario.workflow == .serviceEcommerce)
        #expect(abs(fit.scenario.intents.reduce(0) { $0 + $1.share } - 1) < 1e-12)
    }

    @Test("free-text reasons: mapped ones count as their code, the others as unexplained and split as the coded ones")
    func freeText() throws {
        var sampler = SessionSampler(seed: 11)
        let texts: [HandoffReason: String] = [.userRequest: "Customer wants an agent", .missingKnowledge: "No article found"]
        let log = sampler.log(Self.general, weeks: 2, reviewRate: 0.1) { texts[$0] ?? $0.rawValue }
        let unmapped = try Calibration.fit(log, options: Self.options())
        let freeText = log.reasons.filter { $0.key.map { texts.values.contains($0) } ?? false }.values.reduce(0, +)
        #expect(unmapped.unexplained == freeText)
        #expect(unmapped.intents.allSatisfy { $0.allocationNote != nil })

        var options = Self.options()
        options.reasonCode = { text in texts.first { $0.value == text }?.key ?? HandoffReason(text: text) }
        let mapped = try Calibration.fit(log, options: options)
        #expect(mapped.unexplained == 0)
        let coded = try Calibration.fit(
            SessionSampler(seed: 11).withLog { $0.log(Self.general, weeks: 2, reviewRate: 0.1) }, options: Self.options())
        for (a, b) in zip(mapped.intents, coded.intents) { #expect(a.stages == b.stages) }
        // Unexplained handoffs still count: the fitted rates match the log's either way.
        for fit in [unmapped, mapped] {
            for (index, intent) in fit.intents.enumerated() {
                let rates = LeafDistribution(IntentPoint(means: fit.scenario.intents[index])).rates
                let tally = intent.observation.tally
                #expect(abs(rates.contained - Double(tally.contained) / Double(tally.sessions)) < 0.01)
                #expect(abs(rates.resolution - Double(tally.resolved) / Double(tally.sessions)) < 0.01)
            }
        }
    }

    @Test("a log without reasons: help on human_request, follow-ups on premature_handoff, the rates reproduced")
    func withoutReasons() throws {
        var sampler = SessionSampler(seed: 5)
        let log = sampler.log(Self.general, weeks: 3, reviewRate: 0.2, text: nil)
        let fit = try Calibration.fit(log, options: Self.options())
        #expect(!fit.reasonsRecorded)
        for (index, intent) in fit.intents.enumerated() {
            let tally = intent.observation.tally
            #expect(intent.reasonCounts[.userRequest] == Double(tally.humanHelp))
            #expect(intent.reasonCounts[.prematureHandoff] == Double(intent.observation.followUps))
            #expect(intent.parameters[.knowledgeCoverage]?.distribution.mean ?? 0 > 0.99)
            let rates = LeafDistribution(IntentPoint(means: fit.scenario.intents[index])).rates
            #expect(abs(rates.contained - Double(tally.contained) / Double(tally.sessions)) < 0.01)
            #expect(abs(rates.resolution - Double(tally.resolved) / Double(tally.sessions)) < 0.01)
        }
    }

    @Test("a prior supplies what the log cannot identify, and the derived parameters follow it")
    func prior() throws {
        var sampler = SessionSampler(seed: 3)
        let log = sampler.log(Self.general, weeks: 4, reviewRate: 0.3)
        var options = Self.options(draws: 2000)
        options.prior = CalibrationPrior(
            source: "prior.yaml",
            intents: Self.general.map { truth in
                IntentSpec(
                    name: truth.name, share: 0.5,
                    parameters: [
                        .gapEscalation: .beta(80, 20), .actionNeed: .fixed(truth.n), .conflictingAssets: .fixed(truth.r),
                    ])
            })
        let fit = try Calibration.fit(log, options: options)
        for (intent, truth) in zip(fit.intents.sorted { $0.observation.name > $1.observation.name }, Self.general) {
            #expect(intent.parameters[.gapEscalation]?.origin == .prior)
            #expect(intent.parameters[.knowledgeCoverage]?.origin == .joint)
            // a = 1 − (1 − a)·g / g draw by draw, g ~ Beta(80, 20): E[1/g] = (α + β − 1)/(α − 1) = 99/79.
            let a = try #require(intent.parameters[.knowledgeCoverage]).distribution
            let qa = intent.stages[1]
            #expect(abs(a.mean - (1 - qa.mean * 99 / 79)) < 0.005)
            // The prior's uncertainty about g widens a beyond what its stage alone would give.
            let exact = UncertainProbability.beta(qa.beta, qa.alpha).centralInterval(0.95)
            let widened = a.centralInterval(0.95)
            #expect(widened.upper - widened.lower > exact.upper - exact.lower)
            // k = 1 − n·(1 − k) / n with n fixed at the prior's value.
            let k = try #require(intent.parameters[.actionCoverage]).distribution
            #expect(abs(k.mean - (1 - intent.stages[3].mean / truth.n)) < 0.005)
            #expect(intent.parameters[.knowledgeCoverage]?.note.contains("missing_knowledge") == true)
        }
    }

    @Test("an empty log is refused")
    func emptyLog() {
        #expect(throws: ModelError.self) { try Calibration.fit(LogSummary()) }
    }

    @Test("the weekly volume's log-linear trend: week 1's volume and the weekly growth")
    func volume() {
        let volumes = (0..<8).map { Int((1000 * pow(1.05, Double($0))).rounded()) }
        let fit = Calibration.volumeFit(volumes)
        #expect(fit.sessionsPerWeek == 1000)
        #expect(abs(fit.growth - 0.05) < 1e-4)
        #expect(Calibration.volumeFit([700]) == (700, 0))
    }

    /// A log of `sessions` sessions of intent `a` in each of `weeks`.
    static func weekly(_ weeks: [(String, Int)]) -> LogSummary {
        var log = LogSummary()
        log.dimensions = [.intent, .week]
        for (label, sessions) in weeks {
            var tally = Tally()
            tally.sessions = sessions
            tally.reviewed = sessions
            log.segments[SegmentKey(["a", label])] = tally
            log.overall.add(tally)
        }
        return log
    }

    @Test("the weekly volumes list every ISO week from the first to the last, across 53-week years")
    func weeklyVolumes() throws {
        let volumes = try Calibration.weeklyVolumes(Self.weekly([("2026-W52", 5), ("2027-W02", 7)]))
        #expect(volumes.map(\.label) == ["2026-W52", "2026-W53", "2027-W01", "2027-W02"])
        #expect(volumes.map(\.sessions) == [5, 0, 0, 7])
    }

    @Test(
        "a log spanning more weeks than a scenario simulates is refused at once, not listed week by week",
        arguments: [("1996-W09", "2026-W10"), ("0001-W01", "9999-W52")])
    func spanBeyondHorizon(first: String, last: String) {
        let clock = ContinuousClock()
        let start = clock.now
        #expect {
            try Calibration.fit(Self.weekly([(first, 1), (last, 1)]), options: Self.options())
        } throws: { error in
            let message = (error as? ModelError)?.message ?? ""
            return message.contains("from \(first) to \(last)") && message.contains("at most \(Scenario.maximumWeeks)")
        }
        #expect(clock.now - start < .seconds(5))
    }

    @Test("weekly volumes a scenario cannot hold are refused with the fitted trend, not written as an invalid scenario")
    func volumeBeyondLimits() {
        for weeks in [[("2026-W01", 2_000_000_000)], [("2026-W01", 1), ("2026-W02", 1_000_000), ("2026-W03", 999_000_000)]] {
            #expect {
                try Calibration.fit(Self.weekly(weeks), options: Self.options())
            } throws: { error in
                ((error as? ModelError)?.message ?? "").contains("which a scenario cannot simulate: week")
            }
        }
    }

    @Test("the posterior predictive check flags an intent whose rate changed, and not one that did not")
    func check() throws {
        var sampler = SessionSampler(seed: 21)
        var log = sampler.log(Self.general, weeks: 3, reviewRate: 0.1)
        var changed = Self.general
        changed[0].a = 0.55
        var later = SessionSampler(seed: 22).withLog { $0.log(changed, weeks: 6, reviewRate: 0.1) }
        later.segments = later.segments.filter { Int($0.key.values[1].suffix(2))! >= 13 }
        for (key, tally) in later.segments {
            log.segments[key] = tally
            log.segmentReasons[key] = later.segmentReasons[key]
            log.overall.add(tally)
        }
        let fit = try Calibration.fit(log, options: Self.options())
        let result = PredictiveCheck.run(fit, replications: 300, seed: 4, threads: 2)
        let steady = result.homogeneity.filter { $0.intent == "order-status" }
        let moved = result.homogeneity.filter { $0.intent == "returns" && $0.metric == .contained }
        #expect(steady.allSatisfy { !$0.changed })
        #expect(moved.count == 1 && moved[0].changed && moved[0].pValue < 1e-6)
        #expect(result.cells.filter { $0.intent == "returns" && $0.metric == .contained }.contains { $0.implausible })
        #expect(result.cells.count == 2 * 2 * 6)
        // The same seed gives the same check whatever the threads.
        let reported = Mutex<[Int]>([])
        let again = PredictiveCheck.run(fit, replications: 300, seed: 4, threads: 1) { done in
            reported.withLock { $0.append(done) }
        }
        #expect(again.cells.map(\.pValue) == result.cells.map(\.pValue))
        // Progress counts the replications done, up to all of them.
        let counts = reported.withLock { $0 }
        #expect(counts == counts.sorted() && counts.last == 300)
    }

    @Test(
        "shares keep six significant digits and the largest takes the rest as a short decimal: they sum to exactly 1",
        arguments: [
            [817, 872, 897, 808, 832, 815, 863], [1, 1, 1, 1, 1, 1, 1], [1, 2, 3, 4, 5, 6, 7], [1, 999_999_999], [5], [3, 3],
        ])
    func roundedShares(counts: [Int]) throws {
        let total = Double(counts.reduce(0, +))
        let shares = Calibration.roundedShares(counts.map { Double($0) / total })
        #expect(shares.count == counts.count && shares.allSatisfy { $0 > 0 })
        // As the decimals a file writes (the shortest text of each double), they sum to exactly 1.
        let decimals = try shares.map { try #require(Decimal(string: $0.description, locale: Locale(identifier: "en_US_POSIX"))) }
        #expect(decimals.reduce(0, +) == 1, "\(shares)")
        // No binary remainder: at most six significant digits but in the largest, which has no more
        // decimal places than the finest of the others (as many as 10 here).
        #expect(shares.allSatisfy { $0.description.count <= 12 }, "\(shares)")
        // Each share but the largest is its exact value to six significant digits.
        let largest = try #require(counts.indices.max { counts[$0] < counts[$1] })
        for (index, share) in shares.enumerated() where index != largest {
            let exact = Double(counts[index]) / total
            #expect(abs(share - exact) <= exact * 5e-6)
        }
    }

    @Test("seven nearly equal intents: 0.151932, not 0.15193200000000007")
    func sevenShares() {
        let counts = [817.0, 872, 897, 808, 832, 815, 863]
        let shares = Calibration.roundedShares(counts.map { $0 / 5904 })
        #expect(shares == [0.138381, 0.147696, 0.151932, 0.136856, 0.140921, 0.138042, 0.146172])
    }

    @Test("the two-sided mid-rank p-value of an observed value among simulated ones")
    func position() {
        let values = (0..<100).map(Double.init)
        #expect(PredictiveCheck.position(49.5, in: values).0 == 1)
        #expect(PredictiveCheck.position(-1, in: values).0 == 0)
        #expect(abs(PredictiveCheck.position(4, in: values).0 - 0.09) < 1e-12)  // 2 · (4 + ½) / 100
    }
}

extension SessionSampler {
    /// A log from a fresh copy of this sampler.
    func withLog(_ body: (inout SessionSampler) -> LogSummary) -> LogSummary {
        var copy = self
        return body(&copy)
    }
}

#if canImport(Glibc)
    import Glibc
#endif
