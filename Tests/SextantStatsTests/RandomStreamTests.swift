import Testing

@testable import SextantStats

@Suite("Random streams")
struct RandomStreamTests {
    private static func parse(_ row: [String: String]) -> (UInt64, [UInt32]) {
        let seed = UInt64(row["seed"] ?? "") ?? 0
        let key = (row["spawn_key"] ?? "").split(separator: " ").compactMap { UInt32($0) }
        return (seed, key)
    }

    @Test("SeedSequence reproduces NumPy's generate_state word for word")
    func seedSequenceMatchesNumPy() throws {
        let fixture = try Fixture("seed_sequences.csv")
        #expect(fixture.rows.count >= 8)
        for row in fixture.rows {
            let (seed, key) = Self.parse(row)
            let expected = (row["words"] ?? "").split(separator: " ").compactMap { UInt32($0) }
            #expect(SeedSequence(entropy: seed, spawnKey: key).generateState(words: 8) == expected, "\(row)")
        }
    }

    @Test("GSL's MT19937, seeded from a SeedSequence, gives NumPy's MT19937 raw outputs")
    func rawOutputsMatchNumPy() throws {
        let fixture = try Fixture("mt19937_raw.csv")
        let groups = Dictionary(grouping: fixture.rows) { "\($0["seed"] ?? "")|\($0["spawn_key"] ?? "")" }
        #expect(groups.count >= 8)
        for (_, rows) in groups {
            let (seed, key) = Self.parse(rows[0])
            var stream = RandomStream(seed: SeedSequence(entropy: seed, spawnKey: key))
            let outputs = (0..<1003).map { _ in stream.nextRaw() }
            for row in rows {
                #expect(outputs[row.int("index")] == UInt32(row["raw"] ?? ""), "\(row)")
            }
        }
    }

    @Test("the same seed gives the same draws; a copy draws independently of the original")
    func reproducible() {
        var a = RandomStream(seed: 42)
        var b = RandomStream(seed: 42)
        let drawsA = (0..<100).map { _ in a.binomial(trials: 1000, probability: 0.3) }
        let drawsB = (0..<100).map { _ in b.binomial(trials: 1000, probability: 0.3) }
        #expect(drawsA == drawsB)

        var original = RandomStream(seed: 9)
        _ = original.uniform()
        var copy = original
        let fromCopy = (0..<10).map { _ in copy.uniform() }
        let fromOriginal = (0..<10).map { _ in original.uniform() }
        #expect(fromCopy == fromOriginal)
    }

    @Test("streams of different replications are uncorrelated and distinct")
    func independentStreams() {
        let master = SeedSequence(entropy: 2026)
        let count = 20_000
        var streams = (0..<4).map { RandomStream(seed: master.child(UInt32($0))) }
        let draws = (0..<4).map { i in (0..<count).map { _ in streams[i].uniform() } }
        for i in 0..<4 {
            for j in (i + 1)..<4 {
                #expect(draws[i] != draws[j])
                // Pearson correlation of independent uniforms has sd 1/√n ≈ 0.007; allow 5 sd.
                let mi = draws[i].reduce(0, +) / Double(count)
                let mj = draws[j].reduce(0, +) / Double(count)
                var sxy = 0.0
                var sxx = 0.0
                var syy = 0.0
                for k in 0..<count {
                    let dx = draws[i][k] - mi
                    let dy = draws[j][k] - mj
                    sxy += dx * dy
                    sxx += dx * dx
                    syy += dy * dy
                }
                #expect(abs(sxy / (sxx * syy).squareRoot()) < 5 / Double(count).squareRoot())
            }
        }
    }

    /// Sample mean within 5 standard errors of the exact mean, and sample variance within 5
    /// standard errors (√((μ₄ − σ⁴)/N), with μ₄ bounded by the given kurtosis bound) of the exact variance.
    private func expectMoments(_ draws: [Double], mean: Double, variance: Double, fourthMoment: Double, _ label: String) {
        let n = Double(draws.count)
        let m = draws.reduce(0, +) / n
        let v = draws.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
        #expect(abs(m - mean) < 5 * (variance / n).squareRoot(), "\(label): mean \(m) vs \(mean)")
        #expect(
            abs(v - variance) < 5 * ((fourthMoment - variance * variance) / n).squareRoot(),
            "\(label): variance \(v) vs \(variance)")
    }

    @Test("binomial, beta, uniform and triangular draws match their moments")
    func moments() {
        var stream = RandomStream(seed: 7)
        let n = 40_000
        // Binomial(500, 0.3): μ = np, σ² = npq, μ₄ = 3σ⁴ + σ²(1 − 6pq).
        let (bn, bp) = (500.0, 0.3)
        let bVar = bn * bp * (1 - bp)
        expectMoments(
            (0..<n).map { _ in Double(stream.binomial(trials: 500, probability: 0.3)) }, mean: bn * bp, variance: bVar,
            fourthMoment: 3 * bVar * bVar + bVar * (1 - 6 * bp * (1 - bp)), "binomial")
        // Beta(2, 5): μ = 2/7, σ² = ab/((a+b)²(a+b+1)); μ₄ bounded by 4σ⁴ (kurtosis < 4 here).
        let betaVar = 10.0 / (49 * 8)
        expectMoments(
            (0..<n).map { _ in stream.beta(2, 5) }, mean: 2.0 / 7, variance: betaVar, fourthMoment: 4 * betaVar * betaVar, "beta")
        // Uniform(0.2, 0.7): σ² = w²/12, μ₄ = w⁴/80.
        let w = 0.5
        expectMoments(
            (0..<n).map { _ in stream.uniform(0.2, 0.7) }, mean: 0.45, variance: w * w / 12, fourthMoment: w * w * w * w / 80,
            "uniform")
        // Triangular(0.1, 0.3, 0.9): μ = (a+b+c)/3, σ² = (a²+b²+c²−ab−ac−bc)/18, kurtosis 2.4.
        let (a, c, b) = (0.1, 0.3, 0.9)
        let tVar = (a * a + b * b + c * c - a * b - a * c - b * c) / 18
        expectMoments(
            (0..<n).map { _ in stream.triangular(lower: a, mode: c, upper: b) }, mean: (a + b + c) / 3, variance: tVar,
            fourthMoment: 2.4 * tVar * tVar, "triangular")
    }

    @Test("multinomial counts sum to n and have the right means; huge binomials split correctly")
    func multinomialAndHugeBinomial() {
        var stream = RandomStream(seed: 11)
        let weights = [0.5, 0.3, 0.15, 0.05]
        var counts = [UInt32]()
        var sums = [Double](repeating: 0, count: weights.count)
        let reps = 5000
        for _ in 0..<reps {
            stream.multinomial(trials: 1000, weights: weights, into: &counts)
            #expect(counts.reduce(0, +) == 1000)
            for i in weights.indices { sums[i] += Double(counts[i]) }
        }
        for i in weights.indices {
            let sd = (1000 * weights[i] * (1 - weights[i]) / Double(reps)).squareRoot()
            #expect(abs(sums[i] / Double(reps) - 1000 * weights[i]) < 5 * sd)
        }
        let trials = 10_000_000_000  // beyond GSL's unsigned int
        let draw = stream.binomial(trials: trials, probability: 0.25)
        #expect(abs(Double(draw) - 2.5e9) < 5 * (Double(trials) * 0.25 * 0.75).squareRoot())
        #expect(stream.binomial(trials: 77, probability: 1) == 77 && stream.binomial(trials: 77, probability: 0) == 0)
    }
}

@Suite("Coverage study")
struct CoverageTests {
    /// A seeded simulation: for each (n, p) draw 4,000 binomial counts and record how often the
    /// interval covers p. Brown, Cai and DasGupta (2001) show Wilson and Jeffreys coverage oscillating
    /// close to the nominal level; Wald falls far below it for small n.
    @Test("Wilson and Jeffreys cover near the nominal 95 % over a grid of p; Wald does not")
    func coverage() throws {
        var stream = RandomStream(seed: SeedSequence(entropy: 1998))
        let draws = 4000
        var means: [IntervalMethod: Double] = [:]
        var cells = 0
        for n in [20, 50, 200] {
            for p in stride(from: 0.1, through: 0.9, by: 0.1) {
                cells += 1
                // Interval for each possible count, computed once.
                var intervals: [IntervalMethod: [Interval]] = [:]
                for method in [IntervalMethod.wilson, .jeffreys, .wald] {
                    intervals[method] = try (0...n).map { try method.interval(count: $0, total: n) }
                }
                var covered: [IntervalMethod: Int] = [:]
                for _ in 0..<draws {
                    let k = stream.binomial(trials: n, probability: p)
                    for (method, table) in intervals where table[k].contains(p) { covered[method, default: 0] += 1 }
                }
                for method in [IntervalMethod.wilson, .jeffreys] {
                    let share = Double(covered[method, default: 0]) / Double(draws)
                    #expect(share > 0.90, "\(method) n=\(n) p=\(p): coverage \(share)")
                }
                for (method, count) in covered { means[method, default: 0] += Double(count) / Double(draws) }
            }
        }
        let wilson = means[.wilson, default: 0] / Double(cells)
        let jeffreys = means[.jeffreys, default: 0] / Double(cells)
        let wald = means[.wald, default: 0] / Double(cells)
        #expect(abs(wilson - 0.95) < 0.01, "Wilson mean coverage \(wilson)")
        #expect(abs(jeffreys - 0.95) < 0.01, "Jeffreys mean coverage \(jeffreys)")
        #expect(wald < wilson, "Wald \(wald) vs Wilson \(wilson)")
    }
}
