import Testing

@testable import SextantStats

@Suite("Rate sketches")
struct RateSketchesTests {
    /// A SplitMix64 stream of uniforms in [0, 1).
    struct Uniforms {
        var state: UInt64
        mutating func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / 0x1p53
        }
    }

    /// Samples of rates with different shapes: bell-shaped, discrete k/100, mostly zero, drifting
    /// beyond the pilot's range, spread over all of [0, 1], and with cells of no data (NaN).
    static func samples(count: Int) -> [[Double]] {
        var random = Uniforms(state: 42)
        func bell(_ centre: Double, _ spread: Double) -> Double {
            centre + spread * ((0..<12).reduce(0) { sum, _ in sum + random.next() } - 6)
        }
        return [
            (0..<count).map { _ in bell(0.7, 0.01) },
            (0..<count).map { _ in Double((0..<100).filter { _ in random.next() < 0.3 }.count) / 100 },
            (0..<count).map { _ in random.next() < 0.02 ? Double(1 + Int(random.next() * 3)) / 500 : 0 },
            (0..<count).map { Double($0) / Double(count) * 0.5 + 0.25 },
            (0..<count).map { _ in random.next() },
            (0..<count).map { index in index % 3 == 0 ? .nan : bell(0.02, 0.004) },
        ]
    }

    @Test(
        "percentiles are within the stated bound of the exact ones; mean and sd are exact up to rounding",
        arguments: [300, 2000, 20_000])
    func againstExact(count: Int) throws {
        let samples = Self.samples(count: count)
        let pilot = 256
        let sketches = RateSketches(cells: samples.count) { samples[$0][0..<pilot] }
        for (cell, values) in samples.enumerated() {
            for value in values[pilot...] { sketches.add(value, cell: cell) }
            let exact = try #require(SampleSummary(values))
            let estimate = try #require(sketches.summary(cell: cell))
            let bound = sketches.maximumError(cell: cell)
            // Half a bin of the fine grid, or of the outer bins for the drifting sample.
            #expect(bound > 0 && bound <= 0.5 / Double(RateSketches.outerBins))
            #expect(estimate.count == exact.count)
            #expect(abs(estimate.mean - exact.mean) <= 1e-12 * abs(exact.mean) + 1e-17, "cell \(cell)")
            #expect(abs(estimate.sd - exact.sd) <= 1e-9 * exact.sd + 1e-12, "cell \(cell)")
            for (got, want) in [(estimate.p05, exact.p05), (estimate.p50, exact.p50), (estimate.p95, exact.p95)] {
                #expect(abs(got - want) <= bound * (1 + 1e-9), "cell \(cell): \(got) vs \(want), bound \(bound)")
            }
        }
    }

    @Test("a bell-shaped cell's bound is a small fraction of its standard deviation")
    func boundRelativeToSpread() throws {
        let values = Self.samples(count: 10_000)[0]
        let sketches = RateSketches(cells: 1) { _ in values[0..<256] }
        for value in values[256...] { sketches.add(value, cell: 0) }
        let sd = try #require(sketches.summary(cell: 0)).sd
        #expect(sketches.maximumError(cell: 0) < 0.01 * sd)
    }

    @Test("the summary does not depend on the order in which values arrive after the pilot")
    func orderIndependent() {
        let values = Self.samples(count: 5000)[4]
        let pilot = { (_: Int) in values[0..<256] }
        let forward = RateSketches(cells: 1, pilot: pilot)
        let backward = RateSketches(cells: 1, pilot: pilot)
        for value in values[256...] { forward.add(value, cell: 0) }
        for value in values[256...].reversed() { backward.add(value, cell: 0) }
        #expect(forward.summary(cell: 0) == backward.summary(cell: 0))
    }

    @Test("order statistics equal to the minimum or the maximum are exact: the zeros of a rare issue")
    func exactExtremes() throws {
        let values = Self.samples(count: 4000)[2]
        let sketches = RateSketches(cells: 1) { _ in values[0..<256] }
        for value in values[256...] { sketches.add(value, cell: 0) }
        let summary = try #require(sketches.summary(cell: 0))
        #expect(summary.p05 == 0 && summary.p50 == 0)
    }

    @Test("a cell without any value has no summary")
    func empty() {
        let sketches = RateSketches(cells: 2) { _ in [Double]() }
        sketches.add(.nan, cell: 1)
        #expect(sketches.summary(cell: 0) == nil && sketches.summary(cell: 1) == nil)
    }
}
